/**
 * Whole-store checks that a crash or a restore must pass, beyond the chains' own hashes (server/app/verifyAudit):
 * SQLite's own integrity check, every audited record with exactly as many entries as its version and no entry
 * without its record, and every stored request's answer backed by what it says it did. Each returns the problems
 * found, as sentences, so that a failing test shows them all.
 */
import Database from 'better-sqlite3';
import { auditId } from '../../server/domain/audit';
import type { AuditedRecord, CollectionName, Doc } from '../../server/domain/types';
import type { Store } from '../../server/store/port';
import { COLLECTION } from '../../server/app/verifyAudit';
import type { Expected } from './crashLoad';

/** `PRAGMA integrity_check` of a store file: ['ok'] when SQLite finds nothing wrong. */
export function integrityCheck(file: string): string[] {
  const db = new Database(file);
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check);
  } finally {
    db.close();
  }
}

export async function everyDoc<C extends CollectionName>(store: Store, collection: C, visit: (doc: Doc & Record<string, unknown>) => void): Promise<void> {
  let after: string | undefined;
  do {
    const page = await store.query(collection, { limit: 1000, ...(after ? { after } : {}) });
    for (const doc of page.items) visit(doc as unknown as Doc & Record<string, unknown>);
    after = page.next;
  } while (after);
}

/** Half-written commits: a record whose version is not its number of entries, an entry whose record is missing. */
export async function halfWritten(store: Store): Promise<string[]> {
  const chains = new Map<string, number>();
  await everyDoc(store, 'audit', (entry) => {
    const key = `${String(entry.record)}/${String(entry.recordId)}`;
    chains.set(key, (chains.get(key) ?? 0) + 1);
  });
  const problems: string[] = [];
  for (const [record, collection] of Object.entries(COLLECTION)) {
    await everyDoc(store, collection, (doc) => {
      const key = `${record}/${doc._id}`;
      const entries = chains.get(key) ?? 0;
      if (entries !== doc.version) problems.push(`${key} is at version ${doc.version} with ${entries} audit entries`);
      chains.delete(key);
    });
  }
  for (const [key, entries] of chains) problems.push(`${key} has ${entries} audit entries and no record`);
  return problems;
}

/** The record at or past the version an answer gave, with the entry of that version moving it to that state. */
export async function missingRecord(store: Store, expected: Expected): Promise<string | null> {
  const { record, id, version, state } = expected;
  const doc = (await store.get(COLLECTION[record], id)) as (Doc & { state?: string }) | null;
  if (!doc) return `${record}/${id} is missing`;
  if (doc.version < version) return `${record}/${id} is at version ${doc.version}, below ${version}`;
  if (doc.version === version && state !== undefined && doc.state !== state) return `${record}/${id} is ${doc.state}, not ${state}`;
  const entry = await store.get('audit', auditId(record, id, version));
  if (!entry) return `${record}/${id} has no audit entry ${version}`;
  if (state !== undefined && entry.to !== state) return `${record}/${id}'s entry ${version} moves it to ${entry.to}, not ${state}`;
  return null;
}

/** Every stored first result that names a record and version (a Mutated answer) is backed by that record. */
export async function answersWithoutEffect(store: Store): Promise<string[]> {
  const answers: Expected[] = [];
  await everyDoc(store, 'requests', (request) => {
    const r = request.result as { record?: AuditedRecord; id?: string; version?: number; state?: string } | null;
    if (r?.record && r.id && typeof r.version === 'number') answers.push({ record: r.record, id: r.id, version: r.version, ...(r.state ? { state: r.state } : {}) });
  });
  const problems: string[] = [];
  for (const answer of answers) {
    const problem = await missingRecord(store, answer);
    if (problem) problems.push(problem);
  }
  return problems;
}
