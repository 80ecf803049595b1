/**
 * 就业核查's one call site: the flags a destination's values get when they are submitted, amended by a reviewer or
 * filled from a signed agreement, stored on the record (`flags`, `flagged`) for the queue's filter. What they compare
 * with (the school's employer library, other units' contacts, the student's phones) is loaded here for the unit the
 * values name (app/flags.ts), before the decision; the decision computes the flags of the values it stores.
 */
import { destinationId, type FlagsFor } from '../domain/destination';
import { checkFlags, type FlagUnit } from '../domain/flags';
import type { DestinationDoc, StudentDoc } from '../domain/types';
import type { Deps } from './deps';
import { destinationFlagSubject, factsFor } from './flags';

export async function loadFlagsFor(
  deps: Deps,
  student: Pick<StudentDoc, 'studentNo'>,
  /**
   * the unit the values about to be stored name (their employer or business; null: none, or none to look up, and
   * nothing is read: the flags that need no reads are still computed), and
   * the record as it stands, whose standing 本人确认 a change is compared with (a fill from a signed agreement is the
   * school's doing, not a change of the student's: none is passed then)
   */
  values: { unit: FlagUnit | null; current?: DestinationDoc | null },
): Promise<FlagsFor> {
  const id = destinationId(student.studentNo);
  const facts = await factsFor(deps.store, values.unit, student.studentNo, id);
  const current = values.current ?? null;
  return (content, evidence) => {
    const standing = current ? { approved: current.approved, confirmedAt: current.confirmedAt, confirmedHash: current.confirmedHash } : { approved: null };
    const subject = destinationFlagSubject({ id, studentNo: student.studentNo, content, evidence: [...evidence], ...standing });
    return checkFlags(subject, facts).map((f) => f.code);
  };
}
