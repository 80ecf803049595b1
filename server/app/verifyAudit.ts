/**
 * Verifies every audit chain in the store: pages through the log in id order (which groups entries by record and
 * numbers them by seq), checks each chain's hashes and links, and that each record's auditHead is its chain's last
 * hash and its version and state are what that entry left. Reports the first broken link of each broken chain, then
 * every audited record that has no entry at all (seq 0).
 */
import { verifyChain, type BrokenLink } from '../domain/audit';
import type { AuditedRecord, AuditEntry, CollectionName } from '../domain/types';
import type { Store } from '../store/port';

const COLLECTION: Record<AuditedRecord, CollectionName> = {
  check: 'checks',
  offer: 'offers',
  agreement: 'agreements',
  termination: 'terminations',
  employer: 'employers',
  user: 'users',
  student: 'students',
  settings: 'settings',
  invite: 'invites',
};

export interface AuditReport {
  records: number;
  entries: number;
  broken: BrokenLink[];
}

/**
 * A record edited behind the log's back keeps its auditHead: its version must be its last entry's seq, and a record
 * with a state machine must be in the state that entry moved it to.
 */
function disagreement(last: AuditEntry, doc: { version: number; state?: unknown } | null): BrokenLink | null {
  if (!doc) return null;
  const stateDiffers = doc.state !== undefined && doc.state !== last.to;
  return doc.version !== last.seq || stateDiffers
    ? { record: last.record, recordId: last.recordId, seq: last.seq, problem: 'record' }
    : null;
}

const chainKey = (record: string, id: string): string => `${record}\u0000${id}`;

export async function verifyAudit(store: Store, pageSize = 1000): Promise<AuditReport> {
  const report: AuditReport = { records: 0, entries: 0, broken: [] };
  const seen = new Set<string>();
  let chain: AuditEntry[] = [];

  const finish = async (): Promise<void> => {
    const first = chain[0];
    const last = chain[chain.length - 1];
    if (!first || !last) return;
    report.records += 1;
    seen.add(chainKey(first.record, first.recordId));
    const doc = await store.get(COLLECTION[first.record], first.recordId);
    const head = doc && 'auditHead' in doc ? (doc.auditHead as string) : undefined;
    const broken = verifyChain(chain, head ?? '') ?? disagreement(last, doc as { version: number; state?: unknown } | null);
    if (broken) report.broken.push(broken);
    chain = [];
  };

  let after: string | undefined;
  do {
    const page = await store.query('audit', { limit: pageSize, ...(after ? { after } : {}) });
    for (const entry of page.items) {
      report.entries += 1;
      const current = chain[0];
      if (current && (current.record !== entry.record || current.recordId !== entry.recordId)) await finish();
      chain.push(entry);
    }
    after = page.next;
  } while (after);
  await finish();

  // every audited record must have a chain: one written without any entry is not in the log at all
  for (const [record, collection] of Object.entries(COLLECTION) as [AuditedRecord, CollectionName][]) {
    let next: string | undefined;
    do {
      const page = await store.query(collection, { limit: pageSize, ...(next ? { after: next } : {}) });
      for (const doc of page.items) {
        if (!seen.has(chainKey(record, doc._id))) report.broken.push({ record, recordId: doc._id, seq: 0, problem: 'record' });
      }
      next = page.next;
    } while (next);
  }
  return report;
}
