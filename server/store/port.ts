/**
 * The store port: the few operations the use cases need, shaped so that CloudBase (doc-level transactions only)
 * and SQLite can both provide them with the same guarantees.
 */
import type { Commit, Write } from '../domain/decision';
import type { CollectionName, Collections } from '../domain/types';

export type { Commit, Write };

export type Value = string | number | boolean | null;

export interface Filter {
  /** a top-level field of the document */
  field: string;
  op: '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in';
  value: Value | Value[];
}

export interface Query {
  where?: Filter[];
  /** ordered by this field, then by _id; default _id */
  orderBy?: { field: string; direction?: 'asc' | 'desc' };
  limit: number;
  /** an opaque cursor from a previous page's `next` */
  after?: string;
}

export interface QueryPage<T> {
  items: T[];
  next?: string;
}

/** A write found another version than it expected, or a request was already answered. Nothing was written. */
export class ConflictError extends Error {
  constructor(
    readonly collection: CollectionName,
    readonly id: string,
  ) {
    super(`conflict on ${collection}/${id}`);
    this.name = 'ConflictError';
  }
}

export interface Store {
  readonly name: string;
  get<C extends CollectionName>(collection: C, id: string): Promise<Collections[C] | null>;
  /** Several documents by id, in one round trip; missing ones are left out. */
  getMany<C extends CollectionName>(collection: C, ids: readonly string[]): Promise<Collections[C][]>;
  query<C extends CollectionName>(collection: C, query: Query): Promise<QueryPage<Collections[C]>>;
  count(collection: CollectionName, where?: Filter[]): Promise<number>;
  /** Throws ConflictError when any expected version or the request id does not match. */
  commit(commit: Commit): Promise<void>;
  /**
   * Plain writes outside the audited flow: outbox delivery state, rate-limit counters, and admin bulk loads.
   * Same version rule as commit, one document at a time.
   */
  put<C extends CollectionName>(collection: C, doc: Collections[C], expectedVersion: number): Promise<void>;
  close(): Promise<void>;
}

/** Every collection, as a record so that the compiler notices one missing from the list. */
const ALL_COLLECTIONS: Record<CollectionName, true> = {
  settings: true,
  students: true,
  users: true,
  invites: true,
  checks: true,
  offers: true,
  agreements: true,
  terminations: true,
  employers: true,
  audit: true,
  outbox: true,
  requests: true,
  counters: true,
  ratelimits: true,
};
export const COLLECTION_NAMES = Object.keys(ALL_COLLECTIONS) as CollectionName[];

/** The indexed fields of each collection: what queries may filter and order on. Adapters create these indexes. */
export const INDEXES: Partial<Record<CollectionName, string[][]>> = {
  students: [['openid'], ['collegeId', 'major']],
  users: [['role', 'collegeId']],
  checks: [['kind', 'state', 'collegeId', 'updatedAt'], ['kind', 'state', 'collegeId', 'major', 'updatedAt'], ['studentNo']],
  offers: [['state', 'expiresAt'], ['studentNo', 'state'], ['employerId', 'updatedAt'], ['employerId', 'state', 'expiresAt']],
  agreements: [
    ['state', 'collegeId', 'updatedAt'],
    ['state', 'collegeId', 'major', 'updatedAt'],
    ['studentNo'],
    ['employerId', 'updatedAt'],
    ['agreementNo'],
  ],
  terminations: [['state', 'collegeId', 'updatedAt'], ['state', 'collegeId', 'major', 'updatedAt'], ['agreementId'], ['studentNo']],
  employers: [['state', 'updatedAt'], ['uscc']],
  audit: [['record', 'recordId', 'seq']],
  outbox: [['state', 'nextAttemptAt']],
};

export const encodeCursor = (value: Value, id: string): string =>
  Buffer.from(JSON.stringify([value, id]), 'utf8').toString('base64url');

/** A cursor's value is a stored field's value: a client that forges an object or a list in it gets nothing bound. */
const isValue = (v: unknown): v is Value =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

export function decodeCursor(cursor: string): [Value, string] {
  const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Array.isArray(parsed) || parsed.length !== 2 || !isValue(parsed[0]) || typeof parsed[1] !== 'string') {
    throw new Error('bad cursor');
  }
  return [parsed[0], parsed[1]];
}
