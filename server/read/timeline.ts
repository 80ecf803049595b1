/** Status timelines, drawn from the audit log. Only the actor's role leaves the server, never who it was. */
import type { TimelineEntry } from '../../typings';
import { ACTION_LABELS } from '../domain/machine';
import type { AuditEntry, AuditedRecord } from '../domain/types';
import type { Filter, Store } from '../store/port';

const PAGE = 500;

export const timelineEntry = (e: AuditEntry): TimelineEntry => ({
  action: e.action,
  label: ACTION_LABELS[e.action] ?? e.action,
  from: e.from,
  to: e.to,
  at: e.at,
  actorRole: e.actor.role,
  ...(e.reason ? { reason: e.reason } : {}),
  ...(e.attachments?.length ? { attachments: e.attachments } : {}),
});

async function entries(store: Store, where: Filter[]): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  let after: string | undefined;
  do {
    const page = await store.query('audit', { where, orderBy: { field: 'seq' }, limit: PAGE, ...(after ? { after } : {}) });
    all.push(...page.items);
    after = page.next;
  } while (after);
  return all;
}

export async function timeline(store: Store, record: AuditedRecord, id: string): Promise<TimelineEntry[]> {
  const found = await entries(store, [
    { field: 'record', op: '==', value: record },
    { field: 'recordId', op: '==', value: id },
  ]);
  return found.map(timelineEntry);
}

/** The timelines of several records of one kind in one query (an agreement's terminations). */
export async function timelines(store: Store, record: AuditedRecord, ids: readonly string[]): Promise<Map<string, TimelineEntry[]>> {
  const byId = new Map<string, TimelineEntry[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byId;
  const found = await entries(store, [
    { field: 'record', op: '==', value: record },
    { field: 'recordId', op: 'in', value: [...ids] },
  ]);
  for (const e of found) byId.get(e.recordId)?.push(timelineEntry(e));
  return byId;
}
