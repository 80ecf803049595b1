/**
 * An edit action that may also create its record (`save` from null) has no `to` in the transition tables, so
 * `step` leaves a new record without a state. Such a record starts life as a draft: this sets the state and
 * reseals the audit entry so that the entry says so too. A no-op for records that already exist.
 */
import { sealEntry } from './audit';
import type { Stepped } from './machine';
import type { Tracked } from './types';

export function startAsDraft<D extends Tracked & { state: string }>(stepped: Stepped<D>): Stepped<D> {
  if ((stepped.doc.state as string | null) !== null) return stepped;
  const { hash: _hash, _id: _auditId, version: _version, ...body } = stepped.audit;
  const audit = sealEntry({ ...body, to: 'draft' });
  return { doc: { ...stepped.doc, state: 'draft', auditHead: audit.hash }, audit };
}
