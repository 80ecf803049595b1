/**
 * Verifies every audit chain in the store: pages through the log in id order (which groups entries by record and
 * numbers them by seq), checks each chain's hashes and links, and that each record's auditHead is its chain's last
 * hash, its version and state are what that entry left, and its content is what that entry sealed (naming the
 * fields that differ), and that no chain has lost its record. With file storage, every file an entry attached is read
 * and hashed again. Reports the first problem of each broken chain, then every audited record that has no entry at
 * all (seq 0). The records are read a chunk of chains at a time, one getMany per collection: a get per record was a
 * round trip per record, which bounded its pace on a large store.
 */
import { contentDiff, sha256, verifyChain, type BrokenLink } from '../domain/audit';
import type { AuditedRecord, AuditEntry, CollectionName } from '../domain/types';
import type { FileStorage } from '../storage/port';
import type { Store } from '../store/port';

/** Where each audited record kind is kept. */
export const COLLECTION: Record<AuditedRecord, CollectionName> = {
  check: 'checks',
  offer: 'offers',
  agreement: 'agreements',
  termination: 'terminations',
  employer: 'employers',
  destination: 'destinations',
  user: 'users',
  student: 'students',
  settings: 'settings',
  invite: 'invites',
  confirmLink: 'confirmLinks',
  offerTemplate: 'offerTemplates',
};

export interface AuditReport {
  records: number;
  entries: number;
  /** attached files read and hashed again (0 without file storage) */
  files: number;
  broken: BrokenLink[];
}

export interface VerifyOptions {
  /** entries read per query; default 1000 */
  pageSize?: number;
  /** records read per getMany: the chains are checked in chunks of this many; default 100 */
  recordsPerRead?: number;
  /** where attached files are: each is read and its SHA-256 compared with its entry's; absent, files are not read */
  files?: FileStorage;
}

/**
 * A record edited behind the log's back keeps its auditHead: its version must be its last entry's seq, and a record
 * with a state machine must be in the state that entry moved it to.
 */
function disagreement(last: AuditEntry, doc: { version: number; state?: unknown } | null): BrokenLink | null {
  const where = { record: last.record, recordId: last.recordId, seq: last.seq };
  // nothing is ever deleted: a chain without its record means the record was removed behind the log
  if (!doc) return { ...where, problem: 'missing' };
  const stateDiffers = doc.state !== undefined && doc.state !== last.to;
  if (doc.version !== last.seq || stateDiffers) return { ...where, problem: 'record' };
  // written before content was sealed: `npm run admin -- seal-content` seals it once
  if (last.recordHash === undefined || last.fieldDigests === undefined) return { ...where, problem: 'unsealed' };
  const diff = contentDiff({ recordHash: last.recordHash, fieldDigests: last.fieldDigests }, doc);
  if (!diff) return null;
  return { ...where, problem: 'content', fields: diff.changed, ...(diff.removed ? { removedFields: diff.removed } : {}) };
}

/** The first attached file of a chain that is gone or whose bytes are not the ones its entry hashed. */
async function brokenFile(files: FileStorage, chain: readonly AuditEntry[]): Promise<{ link: BrokenLink | null; read: number }> {
  let read = 0;
  for (const entry of chain) {
    for (const file of entry.attachments ?? []) {
      const bytes = await files.read(file.fileId);
      read += 1;
      if (!bytes || sha256(bytes) !== file.sha256) {
        return { link: { record: entry.record, recordId: entry.recordId, seq: entry.seq, problem: 'file', fileId: file.fileId }, read };
      }
    }
  }
  return { link: null, read };
}

const chainKey = (record: string, id: string): string => `${record}\u0000${id}`;

export async function verifyAudit(store: Store, options: VerifyOptions = {}): Promise<AuditReport> {
  const { pageSize = 1000, recordsPerRead = 100, files } = options;
  const report: AuditReport = { records: 0, entries: 0, files: 0, broken: [] };
  const seen = new Set<string>();
  let chain: AuditEntry[] = [];
  /** complete chains whose records are not read yet: read together, one getMany per collection, then checked in order */
  let pending: AuditEntry[][] = [];

  const check = async (entries: readonly AuditEntry[], doc: Record<string, unknown> | null): Promise<void> => {
    const last = entries[entries.length - 1]!;
    // a record without a head is checked against none, so that a missing record is told as missing
    const head = doc ? ((doc as { auditHead?: string }).auditHead ?? '') : undefined;
    let broken = verifyChain(entries, head) ?? disagreement(last, doc as { version: number; state?: unknown } | null);
    if (!broken && files) {
      const checked = await brokenFile(files, entries);
      report.files += checked.read;
      broken = checked.link;
    }
    if (broken) report.broken.push(broken);
  };

  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const ids = new Map<CollectionName, string[]>();
    for (const [first] of pending) {
      const collection = COLLECTION[first!.record];
      ids.set(collection, [...(ids.get(collection) ?? []), first!.recordId]);
    }
    const docs = new Map<string, Record<string, unknown>>(); // by collection and id
    for (const [collection, wanted] of ids) {
      for (const doc of await store.getMany(collection, wanted)) docs.set(chainKey(collection, doc._id), doc as unknown as Record<string, unknown>);
    }
    for (const entries of pending) {
      const first = entries[0]!;
      await check(entries, docs.get(chainKey(COLLECTION[first.record], first.recordId)) ?? null);
    }
    pending = [];
  };

  const finish = async (): Promise<void> => {
    const first = chain[0];
    if (!first) return;
    report.records += 1;
    seen.add(chainKey(first.record, first.recordId));
    pending.push(chain);
    chain = [];
    if (pending.length >= recordsPerRead) await flush();
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
  await flush();

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
