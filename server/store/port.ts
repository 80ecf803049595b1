/**
 * The store port: the few operations the use cases need, shaped so that CloudBase (doc-level transactions only)
 * and SQLite can both provide them with the same guarantees.
 */
import type { Commit, ReadCheck, Write } from '../domain/decision';
import type { CollectionName, Collections, Doc, DestinationDoc } from '../domain/types';
import { placementOf } from '../domain/placement';

export type { Commit, ReadCheck, Write };

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

export interface PutOptions {
  /**
   * Write the document alone, leaving the summaries as they are: for restore, which brings back the summaries
   * documents of the backup too, and for recount, which writes them.
   */
  keepSummaries?: boolean;
}

export interface Store {
  readonly name: string;
  get<C extends CollectionName>(collection: C, id: string): Promise<Collections[C] | null>;
  /** Several documents by id, in one round trip; missing ones are left out. */
  getMany<C extends CollectionName>(collection: C, ids: readonly string[]): Promise<Collections[C][]>;
  query<C extends CollectionName>(collection: C, query: Query): Promise<QueryPage<Collections[C]>>;
  count(collection: CollectionName, where?: Filter[]): Promise<number>;
  /** Throws ConflictError when any expected version (of a write or a read) or the request id does not match. */
  commit(commit: Commit): Promise<void>;
  /**
   * Plain writes outside the audited flow: outbox delivery state, rate-limit counters, and admin bulk loads.
   * Same version rule as commit, one document at a time. Like a commit, it keeps the SUMMARIES (unless told not to).
   */
  put<C extends CollectionName>(collection: C, doc: Collections[C], expectedVersion: number, options?: PutOptions): Promise<void>;
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
  destinations: true,
  confirmLinks: true,
  offerTemplates: true,
  audit: true,
  outbox: true,
  requests: true,
  counters: true,
  ratelimits: true,
  summaries: true,
};
export const COLLECTION_NAMES = Object.keys(ALL_COLLECTIONS) as CollectionName[];

/**
 * The indexes of each collection: what queries may filter and order on. Adapters create these indexes.
 *
 * Every index ends in `_id` because every paged query orders by its field and then `_id` (the cursor's tie-break):
 * an index without it leaves CloudBase to sort the matching documents in memory, which it refuses past a limit.
 * An index serves a query when its leading fields are fields the query compares for equality, followed by the
 * order field (unless that is `_id`), followed by `_id` (`servesQuery`).
 */
export const INDEXES: Partial<Record<CollectionName, string[][]>> = {
  students: [['openid', '_id'], ['collegeId', 'major', '_id']],
  // a library unit's HR contacts, told a student-initiated agreement waits for the unit's confirmation
  users: [['role', 'collegeId', '_id'], ['employerId', '_id']],
  checks: [
    ['kind', 'state', 'updatedAt', '_id'],
    ['kind', 'state', 'collegeId', 'updatedAt', '_id'],
    ['kind', 'state', 'collegeId', 'major', 'updatedAt', '_id'],
    ['kind', 'state', 'major', 'updatedAt', '_id'],
    ['studentNo', '_id'],
  ],
  offers: [
    ['state', 'expiresAt', '_id'],
    ['studentNo', 'state', '_id'],
    ['employerId', 'updatedAt', '_id'],
    ['employerId', 'state', 'expiresAt', '_id'],
  ],
  agreements: [
    ['state', 'updatedAt', '_id'],
    ['state', 'collegeId', 'updatedAt', '_id'],
    ['state', 'collegeId', 'major', 'updatedAt', '_id'],
    ['state', 'major', 'updatedAt', '_id'],
    ['studentNo', '_id'],
    ['employerId', 'updatedAt', '_id'],
    ['agreementNo', '_id'],
    ['contactPhone', '_id'],
    // the unit's tab: its agreements by standing
    ['employerId', 'state', 'updatedAt', '_id'],
  ],
  destinations: [
    ['state', 'updatedAt', '_id'],
    ['state', 'collegeId', 'updatedAt', '_id'],
    ['state', 'collegeId', 'major', 'updatedAt', '_id'],
    ['state', 'major', 'updatedAt', '_id'],
    ['state', 'flagged', 'updatedAt', '_id'],
    ['state', 'collegeId', 'flagged', 'updatedAt', '_id'],
    ['studentNo', '_id'],
    // the flag filter beside a major filter (a college reviewer's, or the school's with or without a college)
    ['state', 'collegeId', 'major', 'flagged', 'updatedAt', '_id'],
    ['state', 'major', 'flagged', 'updatedAt', '_id'],
    // 就业核查's shared-contact flag: the records whose unit uses this phone or e-mail (kept flat, domain/flags.ts)
    ['contactPhone', '_id'],
    ['contactEmail', '_id'],
  ],
  terminations: [
    ['state', 'updatedAt', '_id'],
    ['state', 'collegeId', 'updatedAt', '_id'],
    ['state', 'collegeId', 'major', 'updatedAt', '_id'],
    ['state', 'major', 'updatedAt', '_id'],
    ['agreementId', '_id'],
    ['studentNo', '_id'],
    // the unit's list of terminations that concern it
    ['employerId', 'updatedAt', '_id'],
  ],
  offerTemplates: [['employerId', 'updatedAt', '_id']],
  // 就业核查: a library unit by its name (credit code ↔ name) and by its contact phone (shared contacts)
  employers: [['state', 'updatedAt', '_id'], ['uscc', '_id'], ['name', '_id'], ['contactPhone', '_id']],
  audit: [['record', 'recordId', 'seq', '_id']],
  outbox: [['state', 'nextAttemptAt', '_id']],
};

/**
 * Summary counters: how many records hold each value of a few key fields, kept by the store adapters in the same
 * commit or put that writes a record, from the record's key fields before and after the write. Every path that
 * writes (use cases, the review batch, admin loads, seed) keeps them without knowing of them, and the reviewer's
 * queue counts and statistics read a handful of small documents instead of counting an index range.
 *
 * A summary's documents live in `summaries`, one set per value of its `by` fields (a college), each set split into
 * `shards` documents: a record counts in the shard its id's hash picks, so that writers of one college seldom write
 * the same document (CloudBase refuses one of two transactions that write a document at once). A count is the sum of
 * its shards (`summaryIds`, read with one getMany). The school-wide summaries are written by every change in the
 * school, so they have more shards; they are few documents to read.
 */
export interface Summary {
  collection: SummarizedCollection;
  /** the fields whose values name a set of documents (empty: one set for the whole school) */
  by: readonly string[];
  /** the fields whose values key the counts inside each document (empty: one count, `all`) */
  key: readonly string[];
  shards: number;
}

export type SummarizedCollection = 'students' | 'checks' | 'agreements' | 'terminations' | 'employers' | 'destinations';

export const SUMMARIES = {
  studentsByCollege: { collection: 'students', by: ['collegeId'], key: [], shards: 4 },
  checksByCollege: { collection: 'checks', by: ['collegeId'], key: ['kind', 'state'], shards: 8 },
  agreementsByCollege: { collection: 'agreements', by: ['collegeId'], key: ['state'], shards: 4 },
  terminationsByCollege: { collection: 'terminations', by: ['collegeId'], key: ['state'], shards: 4 },
  checks: { collection: 'checks', by: [], key: ['kind', 'state'], shards: 64 },
  agreements: { collection: 'agreements', by: [], key: ['state'], shards: 64 },
  terminations: { collection: 'terminations', by: [], key: ['state'], shards: 16 },
  employers: { collection: 'employers', by: [], key: ['state'], shards: 16 },
  destinationsByCollege: { collection: 'destinations', by: ['collegeId'], key: ['state'], shards: 4 },
  destinations: { collection: 'destinations', by: [], key: ['state'], shards: 16 },
  // 去向落实率 (server/read/placement.ts): a college's graduates by major, and its records by major and the approved
  // values' placement; one college's set answers both its row and its majors' rows
  studentsByMajor: { collection: 'students', by: ['collegeId'], key: ['majorKey'], shards: 4 },
  placement: { collection: 'destinations', by: ['collegeId'], key: ['majorKey', 'placementType', 'placementOnline'], shards: 4 },
} as const satisfies Record<string, Summary>;

/**
 * Key fields that no top-level field of the record holds, computed from the whole record by one function that every
 * adapter (and the recount) calls, as they read a field: so the domain keeps no copy of them on the record. A name
 * here is never a stored field's.
 */
/**
 * A value the school types (a major's name) as a count key: the counts are a document's field names, which CloudBase
 * (MongoDB's rules) refuses or reads as a path when they hold `.` or begin with `$`, and the key's values are joined
 * with `|`. Those characters and `%` are escaped as %XX, and an `m` leads, so no key is empty or begins with `$`.
 */
export const keyOfText = (text: string): string => `m${text.replace(/[%.|$]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
export const textOfKey = (key: string): string => (key.startsWith('m') ? decodeURIComponent(key.slice(1)) : key);

export const DERIVED_FIELDS: Readonly<Record<string, (doc: Doc) => string>> = {
  /** a roster entry's or a destination's major, as a count key (keyOfText) */
  majorKey: (doc) => {
    const major = (doc as { major?: unknown }).major;
    return keyOfText(typeof major === 'string' ? major : '');
  },
  /** the approved 毕业去向代码 ('' before the first approval) */
  placementType: (doc) => placementOf(doc as DestinationDoc).type,
  /** 'online' when an agreement signed here filled the approved values (网签), '' otherwise */
  placementOnline: (doc) => (placementOf(doc as DestinationDoc).online ? 'online' : ''),
};

export type SummaryName = keyof typeof SUMMARIES;

/**
 * Fields that name one record or a student's or a unit's handful: an equality on one of them finds so few documents
 * that sorting them in memory costs nothing, so an index that begins with it serves any order.
 */
export const LOOKUP_FIELDS: ReadonlySet<string> = new Set(['openid', 'studentNo', 'uscc', 'agreementNo', 'agreementId', 'recordId']);

/**
 * Whether `index` finds `query`'s documents by its equalities and gives them in order, without sorting in memory or
 * testing the equalities document by document (see INDEXES). A range or `!=` may be left to test on what the index
 * finds. `_id` alone is always indexed.
 */
export function servesQuery(index: readonly string[], query: Pick<Query, 'where' | 'orderBy'>): boolean {
  const equal = new Set((query.where ?? []).filter((f) => f.op === '==' || f.op === 'in').map((f) => f.field));
  if (LOOKUP_FIELDS.has(index[0]!) && equal.has(index[0]!)) return true;
  const order = query.orderBy?.field ?? '_id';
  const tail = order === '_id' ? ['_id'] : [order, '_id'];
  for (let k = 0; k + tail.length <= index.length; k++) {
    if (k > 0 && !equal.has(index[k - 1]!)) return false;
    // every equality must be in the lead: one left over would be checked on every document of the range
    if (k === equal.size - (equal.has(order) ? 1 : 0) && tail.every((field, i) => index[k + i] === field)) return true;
  }
  return false;
}

/** The index that serves `query` on `collection`, if any (`['_id']` when it needs none of its own). */
export function indexFor(collection: CollectionName, query: Pick<Query, 'where' | 'orderBy'>): readonly string[] | undefined {
  return [['_id'], ...(INDEXES[collection] ?? [])].find((index) => servesQuery(index, query));
}

/**
 * An index of an earlier release that one of INDEXES replaces: the same fields without the closing `_id`. Setup drops
 * it, since it serves nothing the new one does not and each index costs every write.
 */
export const isSuperseded = (collection: CollectionName, fields: readonly string[]): boolean =>
  fields.length > 0 &&
  fields[fields.length - 1] !== '_id' &&
  (INDEXES[collection] ?? []).some((wanted) => wanted.join(',') === [...fields, '_id'].join(','));

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
