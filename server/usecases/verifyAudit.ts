/**
 * Verifies every audit chain in the store: pages through the log in id order (which groups entries by record and
 * numbers them by seq), checks each chain's hashes and links, and that each record's auditHead is its chain's last
 * hash. Reports the first broken link of each broken chain.
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
};

export interface AuditReport {
  records: number;
  entries: number;
  broken: BrokenLink[];
}

export async function verifyAudit(store: Store, pageSize = 1000): Promise<AuditReport> {
  const report: AuditReport = { records: 0, entries: 0, broken: [] };
  let chain: AuditEntry[] = [];

  const finish = async (): Promise<void> => {
    const first = chain[0];
    if (!first) return;
    report.records += 1;
    const doc = await store.get(COLLECTION[first.record], first.recordId);
    const head = doc && 'auditHead' in doc ? (doc.auditHead as string) : undefined;
    const broken = verifyChain(chain, head ?? '');
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
  return report;
}
