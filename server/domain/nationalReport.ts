/**
 * Where a graduate's row stands with the national upload sheet (上报), computed from the record on every read rather
 * than trusted from the stored `report.state`, which only says what the last upload left:
 *   new       (新增)   approved values exist and were never reported;
 *   changed   (有改动) reported, and the approved values' hash now differs from the one reported;
 *   recheck   (需复查) reported as they stand, and a change waits (draft, submitted or returned after an approval):
 *                      the values in force are still the reported ones until a reviewer approves the change;
 *   reported  (已上报) reported as they stand, nothing waiting.
 * A record never approved has no row (null).
 */
import type { DestinationContent, ReportState } from '../../typings';
import { canonicalJson, sha256 } from './audit';
import { step, type Stepped } from './machine';
import type { Actor, DestinationDoc } from './types';

type Approved = NonNullable<DestinationDoc['approved']>;

/**
 * The hash of the values in force: the approved content without when it was approved and its evidence files, so
 * that a re-approval of the same values (or a clearer scan of the same contract) is no change to report.
 */
export function approvedHash(approved: Approved): string {
  const { approvedAt: _at, evidence: _files, ...values } = approved;
  return sha256(canonicalJson(values satisfies DestinationContent));
}

export function reportStateOf(doc: Pick<DestinationDoc, 'approved' | 'report' | 'state'>): ReportState | null {
  if (!doc.approved) return null;
  const reported = doc.report?.reportedHash;
  if (!reported) return 'new';
  if (approvedHash(doc.approved) !== reported) return 'changed';
  return doc.state === 'approved' ? 'reported' : 'recheck';
}

/**
 * The upload of the values in force, recorded on the record and audited (action `markReported`): its report becomes
 * reported at `now` with the hash of the approved values that went into the sheet. The record's state stays.
 */
export function markReported(input: { doc: DestinationDoc; actor: Actor; now: string }): Stepped<DestinationDoc> {
  const { doc, actor, now } = input;
  if (!doc.approved) throw new Error(`${doc._id} has no approved values to report`);
  return step<'destination', DestinationDoc>({
    kind: 'destination',
    current: doc,
    id: doc._id,
    action: 'markReported',
    actor,
    now,
    patch: { report: { state: 'reported', reportedAt: now, reportedHash: approvedHash(doc.approved) } },
  });
}
