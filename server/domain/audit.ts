/** The audit log: one entry per transition, chained per record by SHA-256 so that any edit is detectable. */
import { createHash } from 'node:crypto';
import type { AuditEntry } from './types';

export const GENESIS = '0'.repeat(64);

/** JSON with keys sorted at every level, so that the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const sha256 = (text: string | Uint8Array): string => createHash('sha256').update(text).digest('hex');

export const auditId = (record: string, recordId: string, seq: number): string =>
  `${record}:${recordId}:${String(seq).padStart(6, '0')}`;

/** The hash covers everything in the entry but its own hash and its storage id and version. */
export function hashEntry(entry: Omit<AuditEntry, 'hash' | '_id' | 'version'>): string {
  return sha256(canonicalJson(entry));
}

export function sealEntry(entry: Omit<AuditEntry, 'hash' | '_id' | 'version'>): AuditEntry {
  return { ...entry, _id: auditId(entry.record, entry.recordId, entry.seq), version: 1, hash: hashEntry(entry) };
}

/** `record`: the record itself says other than its chain (a version or state its last entry does not give it, or no entry at all). */
export type ChainProblem = 'hash' | 'prevHash' | 'seq' | 'head' | 'record';

export interface BrokenLink {
  record: string;
  recordId: string;
  seq: number;
  problem: ChainProblem;
}

/**
 * Checks one record's entries (in seq order): each entry's hash is right, links to the one before, and seq counts
 * up from 1 without gaps. With `head`, the record's own auditHead must be the last hash. Returns the first break.
 */
export function verifyChain(entries: readonly AuditEntry[], head?: string): BrokenLink | null {
  let prev = GENESIS;
  let expectedSeq = 1;
  for (const entry of entries) {
    const where = { record: entry.record, recordId: entry.recordId, seq: entry.seq };
    if (entry.seq !== expectedSeq) return { ...where, problem: 'seq' };
    if (entry.prevHash !== prev) return { ...where, problem: 'prevHash' };
    const { hash, _id, version, ...body } = entry;
    if (hashEntry(body) !== hash) return { ...where, problem: 'hash' };
    prev = hash;
    expectedSeq += 1;
  }
  const last = entries[entries.length - 1];
  if (head !== undefined && last && head !== last.hash) {
    return { record: last.record, recordId: last.recordId, seq: last.seq, problem: 'head' };
  }
  return null;
}
