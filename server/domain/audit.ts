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

/**
 * What an entry commits to of its record: the record as the transition left it, everything but `auditHead` (which
 * is this entry's own hash). `recordHash` (SHA-256) proves the whole; `fieldDigests` only names what changed when
 * it no longer matches: a short digest of every leaf (path and value), sorted and run together, so that an entry
 * grows by six characters a field rather than by a copy of the record. An edit that keeps the short digest of its
 * field still changes `recordHash`.
 */
export interface ContentSeal {
  recordHash: string;
  fieldDigests: string;
}

const DIGEST_CHARS = 6;

/** Each leaf of a record with its dotted path: plain objects are opened, arrays and scalars are leaves. */
export function leavesOf(value: unknown, path = '', out: [string, unknown][] = []): [string, unknown][] {
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  const entries = isObject ? Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined) : [];
  if (!isObject || (entries.length === 0 && path !== '')) {
    out.push([path, value]);
    return out;
  }
  for (const [key, v] of entries) leavesOf(v, path ? `${path}.${key}` : key, out);
  return out;
}

/**
 * A field's short digest: FNV-1a (32 bits, over UTF-16 code units), its first 24 bits in hex. It only names a field
 * that changed; what an edit cannot escape is `recordHash`. A cryptographic hash per field would cost a transition
 * more than everything else it does.
 */
function fieldDigest(path: string, value: unknown): string {
  const text = `${path}=${canonicalJson(value)}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0').slice(0, DIGEST_CHARS);
}

/** The record's content: all of it but the hash that points at the entry sealing it. */
function contentOf(doc: object): object {
  const { auditHead: _head, ...content } = doc as { auditHead?: unknown };
  return content;
}

export function sealContent(doc: object): ContentSeal {
  const content = contentOf(doc);
  const digests = leavesOf(content).map(([path, value]) => fieldDigest(path, value));
  return { recordHash: sha256(canonicalJson(content)), fieldDigests: digests.sort().join('') };
}

/**
 * How a record differs from what its last entry sealed: the fields whose value changed or that appeared, and how many
 * more fields the seal had than the record has now (fields gone).
 */
export interface ContentDiff {
  changed: string[];
  removed: number;
}

/** null when the record is exactly what the seal says. */
export function contentDiff(seal: ContentSeal, doc: object): ContentDiff | null {
  const content = contentOf(doc);
  if (sha256(canonicalJson(content)) === seal.recordHash) return null;
  const sealed = new Map<string, number>();
  for (let i = 0; i < seal.fieldDigests.length; i += DIGEST_CHARS) {
    const d = seal.fieldDigests.slice(i, i + DIGEST_CHARS);
    sealed.set(d, (sealed.get(d) ?? 0) + 1);
  }
  const changed: string[] = [];
  for (const [path, value] of leavesOf(content)) {
    const d = fieldDigest(path, value);
    const left = sealed.get(d) ?? 0;
    if (left > 0) sealed.set(d, left - 1);
    else changed.push(path);
  }
  // each changed field leaves its old digest unmatched too: only a surplus of sealed digests is fields gone
  const removed = Math.max(0, [...sealed.values()].reduce((a, b) => a + b, 0) - changed.length);
  // a field edited so that its short digest collides still changed the record's hash: say so rather than nothing
  return changed.length === 0 && removed === 0 ? { changed: ['*'], removed: 0 } : { changed, removed };
}

/**
 * `record`: the record itself says other than its chain (a version or state its last entry does not give it, or no entry at all). */
/** `missing`: a chain whose record is gone from the store (nothing is ever deleted). */
export type ChainProblem = 'hash' | 'prevHash' | 'seq' | 'head' | 'record' | 'content' | 'unsealed' | 'file' | 'missing';

export interface BrokenLink {
  record: string;
  recordId: string;
  seq: number;
  problem: ChainProblem;
  /** `content`: the fields whose value differs from the seal (dotted paths), and how many sealed fields are gone */
  fields?: string[];
  removedFields?: number;
  /** `file`: the stored file whose bytes are missing or no longer match the hash its entry holds */
  fileId?: string;
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
