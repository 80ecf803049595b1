/**
 * The national upload sheet's side of a destination record (上报). Where a row stands (新增 / 有改动 / 已上报 / 需复查)
 * is the record's own rule (destination.ts `reportStateOf`, over the hash of the values in force); this adds which
 * rows an upload since the last one must carry, and the audited record of an upload.
 */
import { reportStateOf, valuesHash } from './destination';
import { step, type Stepped } from './machine';
import type { Actor, DestinationDoc } from './types';

export { approvedHash, isConfirmed, reportStateOf, valuesHash } from './destination';

/**
 * Whether the province lacks the values in force: never reported, or reported with other values. That is 新增 and 有改动,
 * and also a 需复查 row whose values in force changed before the change now waiting (its state says the waiting
 * change, but the sheet must not keep the older values meanwhile).
 */
export function needsUpload(doc: Pick<DestinationDoc, 'approved' | 'report'>): boolean {
  if (!doc.approved) return false;
  const reported = doc.report.reportedHash;
  return !reported || valuesHash(doc.approved) !== reported;
}

/**
 * The upload of the values in force, recorded on the record and audited (action `markReported`, 上报): `reportedAt`
 * now and `reportedHash` the hash of the approved values that went into the sheet; `report.state` recomputed as every
 * write of the record recomputes it (已上报, or 需复查 while a change waits). The record's state stays.
 */
export function markReported(input: { doc: DestinationDoc; actor: Actor; now: string }): Stepped<DestinationDoc> {
  const { doc, actor, now } = input;
  if (!doc.approved) throw new Error(`${doc._id} has no approved values to report`);
  const reported = { reportedAt: now, reportedHash: valuesHash(doc.approved) };
  const state = reportStateOf({ ...doc, report: { state: 'reported', ...reported } });
  return step<'destination', DestinationDoc>({
    kind: 'destination',
    current: doc,
    id: doc._id,
    action: 'markReported',
    actor,
    now,
    patch: { report: { state, ...reported } },
  });
}
