/**
 * 就业核查's one call site: the flags a destination's values get when they are submitted, amended by a reviewer or
 * filled from a signed agreement, stored on the record (`flags`, `flagged`) for the queue's filter. The computation
 * and what it compares with (the school's employer library, other units' contacts, the student's phones) plug in here;
 * until then no value is flagged.
 */
import { NO_FLAGS, type FlagsFor } from '../domain/destination';
import type { StudentDoc } from '../domain/types';
import type { Deps } from './deps';

export async function loadFlagsFor(_deps: Deps, _student: Pick<StudentDoc, 'studentNo'>): Promise<FlagsFor> {
  return NO_FLAGS;
}
