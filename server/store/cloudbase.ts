/**
 * The production store: CloudBase's document database (微信云开发 / 腾讯云开发), behind the same port as SQLite.
 *
 * The database object is HANDED IN; this module never loads an SDK (only its types), so a function bundle or a test
 * decides which SDK exists at run time. The two SDKs expose the same database with different call shapes (wx-server-sdk
 * wraps writes as `{ data }`, answers `{ stats: { updated } }` and throws on a missing document; @cloudbase/node-sdk
 * takes the data itself, answers `{ updated }` and may return `{ code, message }` instead of throwing), so the
 * caller names the SDK:
 *
 *   // in a cloud function (production)
 *   const cloud = require('wx-server-sdk');
 *   cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
 *   const store = new CloudBaseStore(cloud.database(), { sdk: 'wx-server-sdk' });
 *
 *   // admin tooling and tests (outside functions)
 *   const app = require('@cloudbase/node-sdk').init({ env, secretId, secretKey });
 *   await createCollections(app.database());            // admin `setup`: every collection, idempotent
 *   const store = new CloudBaseStore(app.database(), { sdk: 'node-sdk' });
 *
 * How the port's guarantees are kept with CloudBase's rules (a transaction may only use doc().get/set/update/remove
 * and collection().add, and its callback may run more than once):
 * - `commit` and `put` run one transaction that first `doc(id).get()`s every document it will write (the request,
 *   each record, each audit entry and outbox message), compares versions (expected 0 = must not exist), and only then
 *   `set`s them all. Any mismatch throws ConflictError inside the callback, which rolls the transaction back: nothing
 *   is written. That ConflictError is final: the versions it compared were committed ones. The callback keeps all
 *   its state local, so a re-run starts clean.
 * - Transactions are snapshot-isolated: a `set` whose document another transaction wrote since this one started (or
 *   holds an uncommitted write to) is refused when it is SENT, and a clash may also be reported at the commit. The
 *   SDKs report a clash at a set in their own shapes (node-sdk: an error or answer with `code`
 *   DATABASE_TRANSACTION_CONFLICT; wx-server-sdk: an Error with only `errCode` -501001 and the service's message, no
 *   code), and the SDKs' runTransaction re-runs only on the `code`, so under wx-server-sdk never on a set. So the
 *   adapter asks the SDK for no re-run and re-runs the transaction itself, up to `transactionRetries` times after a
 *   short random pause, on every shape of a clash (and of a duplicate key: an insert that lost a race). When the
 *   clashes outlast the re-runs, it throws ConflictError naming the document whose get or set clashed (the first
 *   document of the commit for a clash at commit), so that a clash on the request makes the caller look for its
 *   answer. Any other error is thrown as the SDK made it, without a re-run.
 * - Documents are stored under `_id` = doc._id; `_id` is stripped from the body that is `set` (the SDK refuses it) and
 *   put back on read.
 * - `query` orders by the field then `_id`, fetches limit + 1 (at most 1000, CloudBase's cap) to detect a next page,
 *   and resumes after a cursor with `or(field > v, field == v and _id > id)` (desc: <). Null/missing values sort first,
 *   as in MongoDB, and the cursor condition accounts for them.
 * - `!=` with a value excludes documents where the field is null or missing (SQL semantics, as the SQLite adapter).
 * - Every SDK typing fault and error shape stays in this module: results are taken as `unknown` and narrowed here.
 *
 * Round trips: get/getMany(≤100 ids)/query/count are one each; a commit of n documents is 2n + 2 (start, n gets,
 * n sets, commit), since CloudBase transactions are driven request by request; a document it only reads (`reads`,
 * checked at its version and not written) adds its get. Each summary document a commit moves (port.ts SUMMARIES: a
 * record created, or its state or college changed, moves its college's shard and the school's) adds a get and a
 * set: the record's old key fields come with the get of its version check. A run that fails adds a rollback, and
 * each re-run after a clash costs its round trips again.
 */
import type { CollectionName, Collections, Doc, SummaryDoc } from '../domain/types';
import {
  COLLECTION_NAMES,
  ConflictError,
  decodeCursor,
  encodeCursor,
  type Commit,
  type Filter,
  type PutOptions,
  type Query,
  type QueryPage,
  type Store,
  type Value,
} from './port';
import { addDeltas, applyDeltas, isSummarized, netDeltas, type SummaryDeltas } from './summaries';

// ---------------------------------------------------------------------------------------------------------------
// The part of the CloudBase database this adapter uses. Both SDKs' database objects satisfy it structurally (checked
// at compile time below); results are `unknown` because the SDKs type and shape them differently.

/** A query condition as built by `db.command` (opaque here). */
export type CloudBaseCondition = object;

export interface CloudBaseCommand {
  eq(value: unknown): CloudBaseCondition;
  neq(value: unknown): CloudBaseCondition;
  lt(value: unknown): CloudBaseCondition;
  lte(value: unknown): CloudBaseCondition;
  gt(value: unknown): CloudBaseCondition;
  gte(value: unknown): CloudBaseCondition;
  in(values: unknown[]): CloudBaseCondition;
  nin(values: unknown[]): CloudBaseCondition;
  and(...conditions: CloudBaseCondition[]): CloudBaseCondition;
  or(...conditions: CloudBaseCondition[]): CloudBaseCondition;
}

export interface CloudBaseDocRef {
  get(): unknown;
  /** wx-server-sdk: `set({ data })`; node-sdk: `set(data)` (typed `unknown` so that both SDKs' signatures fit) */
  set(arg: unknown): unknown;
}

export interface CloudBaseQuery {
  where(condition: CloudBaseCondition): CloudBaseQuery;
  orderBy(field: string, direction: 'asc' | 'desc'): CloudBaseQuery;
  limit(max: number): CloudBaseQuery;
  get(): unknown;
  count(): unknown;
}

export interface CloudBaseCollection extends CloudBaseQuery {
  doc(id: string): CloudBaseDocRef;
}

/** Inside a transaction only documents are reachable: no where(), no queries. */
export interface CloudBaseTransaction {
  collection(name: string): { doc(id: string): CloudBaseDocRef };
}

export interface CloudBaseDb {
  readonly command: CloudBaseCommand;
  collection(name: string): CloudBaseCollection;
  /**
   * Runs `run` in a transaction; an error thrown by `run` rolls back. The SDKs re-run it up to `retries` times on an
   * error whose `code` is DATABASE_TRANSACTION_CONFLICT; the adapter passes 0 and re-runs itself (see the header).
   */
  runTransaction(run: (transaction: CloudBaseTransaction) => Promise<void>, retries?: number): Promise<unknown>;
  createCollection(name: string): unknown;
}

/** `cloud.database()` from wx-server-sdk. */
export type WxServerSdkDb = ReturnType<(typeof import('wx-server-sdk'))['database']>;
/** `app.database()` from @cloudbase/node-sdk. */
export type NodeSdkDb = ReturnType<ReturnType<(typeof import('@cloudbase/node-sdk'))['init']>['database']>;

// Compile-time proof that both SDKs' databases can be handed in as they are.
type Holds<T extends true> = T;
export type WxServerSdkDbFits = Holds<WxServerSdkDb extends CloudBaseDb ? true : false>;
export type NodeSdkDbFits = Holds<NodeSdkDb extends CloudBaseDb ? true : false>;

export type CloudBaseSdk = 'wx-server-sdk' | 'node-sdk';

export interface CloudBaseStoreOptions {
  /** which SDK built `db`: they differ in call and result shapes */
  sdk: CloudBaseSdk;
  /** physical collection name = prefix + collection (for test environments); default none */
  prefix?: string;
  /** how often a transaction is re-run after its writes clashed with another transaction's; default 3 */
  transactionRetries?: number;
  /** the pause before the k-th re-run is random, up to retryPauseMs * 2^(k-1) milliseconds; default 8 */
  retryPauseMs?: number;
}

/** An error CloudBase answered instead of throwing (a thrown SDK error is passed through as it is). */
export class CloudBaseError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`CloudBase ${code}: ${message}`);
    this.name = 'CloudBaseError';
  }
}

// ---------------------------------------------------------------------------------------------------------------

/** CloudBase returns at most 1000 documents per query in cloud functions. */
export const MAX_FETCH = 1000;
/** `where(_id in …)` chunk size for getMany. */
export const GET_MANY_CHUNK = 100;

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkField(field: string): string {
  if (!FIELD.test(field)) throw new Error(`bad field name: ${field}`);
  return field;
}

type Raw = Record<string, unknown>;

const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** node-sdk answers some failures with `{ code, message }` instead of throwing. */
function checked(result: unknown): unknown {
  if (isRecord(result) && typeof result.code === 'string' && result.code !== '' && result.code !== '0') {
    throw new CloudBaseError(result.code, typeof result.message === 'string' ? result.message : 'request failed');
  }
  return result;
}

/** The service's codes for a write that clashed with another transaction's, or an insert that lost a race. */
const CLASH_CODES = new Set(['DATABASE_TRANSACTION_CONFLICT', 'DATABASE_DUPLICATE_WRITE']);
/**
 * wx-server-sdk keeps no code: it maps codes it knows to a number (a duplicate key comes as DATABASE_REQUEST_FAILED,
 * -502001) and the rest, a transaction conflict among them, to -501001; only the service's message, which it keeps in
 * errMsg and message, tells a clash from another failure. node-sdk also says a duplicate key as DATABASE_REQUEST_FAILED.
 */
const CLASH_NUMBERS = new Set([-501001, -502001]);
const CLASH_TEXT = /TransactionConflict|DATABASE_TRANSACTION_CONFLICT|DATABASE_DUPLICATE_WRITE|E11000|duplicate key/i;

/** Whether an SDK error (thrown or answered, in either SDK's shape, or a CloudBaseError) says the write clashed. */
function isClash(error: unknown): boolean {
  if (!isRecord(error)) return false;
  const { code, errCode } = error;
  if (typeof code === 'string' && CLASH_CODES.has(code)) return true;
  const text = [error.errMsg, error.message].filter((s) => typeof s === 'string').join(' ');
  if (!CLASH_TEXT.test(text)) return false;
  return code === 'DATABASE_REQUEST_FAILED' || (typeof errCode === 'number' && CLASH_NUMBERS.has(errCode));
}

/** wx-server-sdk throws "document.get:fail document with _id … does not exist" unless throwOnNotFound is false. */
function isNotFound(error: unknown): boolean {
  const text =
    error instanceof Error ? error.message : isRecord(error) && typeof error.errMsg === 'string' ? error.errMsg : '';
  return /document with _id .* does not exist/.test(text);
}

/** The documents of a query result: `{ data: [...] }`. */
function listOf(result: unknown): Raw[] {
  const body = checked(result);
  if (!isRecord(body) || !Array.isArray(body.data)) throw new CloudBaseError('BAD_RESULT', 'query result has no data');
  return body.data.filter(isRecord);
}

/** The document of a doc().get(): `{ data: doc }` (wx, and node in a transaction), `{ data: [doc] }` or empty. */
function oneOf(result: unknown): Raw | null {
  const body = checked(result);
  if (!isRecord(body)) throw new CloudBaseError('BAD_RESULT', 'document result is not an object');
  const data = body.data;
  if (Array.isArray(data)) return isRecord(data[0]) ? data[0] : null;
  return isRecord(data) ? data : null;
}

function totalOf(result: unknown): number {
  const body = checked(result);
  if (!isRecord(body) || typeof body.total !== 'number') throw new CloudBaseError('BAD_RESULT', 'count has no total');
  return body.total;
}

/** The cursor value of a stored document's field (missing = null, as the SQLite adapter). */
function valueOf(raw: Raw, field: string): Value {
  const v = raw[field];
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  throw new Error(`cannot page by field ${field}: it holds a ${typeof v}`);
}

/** One document to write in a commit, in the order the SQLite adapter checks them. */
interface Step {
  collection: CollectionName;
  doc: Doc;
  /** 0: must not exist; n: must exist at version n */
  expected: number;
  /** only read, to check its version: not written */
  readOnly?: true;
}

function stepsOf(commit: Commit): Step[] {
  const steps: Step[] = [];
  if (commit.request) steps.push({ collection: 'requests', doc: commit.request, expected: 0 });
  for (const { collection, id, version } of commit.reads ?? []) {
    steps.push({ collection, doc: { _id: id, version }, expected: version, readOnly: true });
  }
  for (const { collection, doc, expectedVersion } of commit.writes) {
    if (doc.version <= expectedVersion) throw new Error(`version must grow on ${collection}/${doc._id}`);
    steps.push({ collection, doc, expected: expectedVersion });
  }
  for (const entry of commit.audit) steps.push({ collection: 'audit', doc: entry, expected: 0 });
  for (const message of commit.outbox) steps.push({ collection: 'outbox', doc: message, expected: 0 });
  return steps;
}

export class CloudBaseStore implements Store {
  readonly name = 'cloudbase';
  private readonly prefix: string;
  private readonly retries: number;
  private readonly pauseMs: number;

  constructor(
    private readonly db: CloudBaseDb,
    private readonly options: CloudBaseStoreOptions,
  ) {
    this.prefix = options.prefix ?? '';
    this.retries = options.transactionRetries ?? 3;
    this.pauseMs = options.retryPauseMs ?? 8;
  }

  private physical(collection: CollectionName): string {
    return this.prefix + collection;
  }

  private coll(collection: CollectionName): CloudBaseCollection {
    return this.db.collection(this.physical(collection));
  }

  /** The body to `set`: without `_id`, wrapped as the SDK wants it. */
  private setArg(doc: Doc): object {
    const { _id: _ignored, ...body } = doc;
    return this.options.sdk === 'wx-server-sdk' ? { data: body } : body;
  }

  private toDoc<C extends CollectionName>(raw: Raw, id?: string): Collections[C] {
    const _id = id ?? raw._id;
    if (typeof _id !== 'string') throw new CloudBaseError('BAD_RESULT', 'document without _id');
    return { ...raw, _id } as unknown as Collections[C];
  }

  private async readDoc(ref: CloudBaseDocRef): Promise<Raw | null> {
    try {
      return oneOf(await ref.get());
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async get<C extends CollectionName>(collection: C, id: string): Promise<Collections[C] | null> {
    const raw = await this.readDoc(this.coll(collection).doc(id));
    return raw ? this.toDoc<C>(raw, id) : null;
  }

  async getMany<C extends CollectionName>(collection: C, ids: readonly string[]): Promise<Collections[C][]> {
    const unique = [...new Set(ids)];
    const chunks: string[][] = [];
    for (let i = 0; i < unique.length; i += GET_MANY_CHUNK) chunks.push(unique.slice(i, i + GET_MANY_CHUNK));
    const _ = this.db.command;
    const pages = await Promise.all(
      chunks.map(async (chunk) =>
        listOf(
          await this.coll(collection)
            .where({ _id: _.in(chunk) })
            .limit(chunk.length)
            .get(),
        ),
      ),
    );
    return pages.flat().map((raw) => this.toDoc<C>(raw));
  }

  private condition({ field, op, value }: Filter): CloudBaseCondition {
    const _ = this.db.command;
    const key = checkField(field);
    if (op === 'in') return { [key]: _.in(Array.isArray(value) ? value : [value]) };
    if (Array.isArray(value)) throw new Error(`operator ${op} takes one value`);
    if (value === null && op !== '==' && op !== '!=') throw new Error(`operator ${op} cannot compare with null`);
    switch (op) {
      case '==':
        return { [key]: _.eq(value) };
      case '!=':
        // like SQL: a null or missing field is not "different from" a value
        return { [key]: value === null ? _.neq(null) : _.nin([value, null]) };
      case '<':
        return { [key]: _.lt(value) };
      case '<=':
        return { [key]: _.lte(value) };
      case '>':
        return { [key]: _.gt(value) };
      case '>=':
        return { [key]: _.gte(value) };
    }
  }

  /** Strictly after (value, id) in the order (field, _id), where null/missing sorts before every value. */
  private after(field: string, desc: boolean, value: Value, id: string): CloudBaseCondition {
    const _ = this.db.command;
    const idPast = desc ? _.lt(id) : _.gt(id);
    if (field === '_id') return { _id: idPast };
    if (value === null) {
      return desc ? { [field]: _.eq(null), _id: idPast } : _.or({ [field]: _.neq(null) }, { [field]: _.eq(null), _id: idPast });
    }
    const tie = { [field]: _.eq(value), _id: idPast };
    return desc ? _.or({ [field]: _.lt(value) }, tie, { [field]: _.eq(null) }) : _.or({ [field]: _.gt(value) }, tie);
  }

  private whereOf(parts: CloudBaseCondition[]): CloudBaseCondition | undefined {
    if (parts.length <= 1) return parts[0];
    return this.db.command.and(...parts);
  }

  async query<C extends CollectionName>(collection: C, query: Query): Promise<QueryPage<Collections[C]>> {
    const field = checkField(query.orderBy?.field ?? '_id');
    const desc = query.orderBy?.direction === 'desc';
    const limit = Math.max(0, Math.min(Math.floor(query.limit), MAX_FETCH));
    const parts = (query.where ?? []).map((f) => this.condition(f));
    if (query.after) {
      const [value, id] = decodeCursor(query.after);
      parts.push(this.after(field, desc, value, id));
    }
    const condition = this.whereOf(parts);
    let q: CloudBaseQuery = this.coll(collection);
    if (condition) q = q.where(condition);
    const direction = desc ? 'desc' : 'asc';
    q = q.orderBy(field, direction);
    if (field !== '_id') q = q.orderBy('_id', direction);
    const fetch = Math.min(limit + 1, MAX_FETCH);
    const rows = listOf(await q.limit(fetch).get());
    const page = rows.slice(0, limit);
    const items = page.map((raw) => this.toDoc<C>(raw));
    const more = rows.length > limit || (fetch === limit && rows.length === limit);
    const last = page[page.length - 1];
    if (!more || !last || typeof last._id !== 'string') return { items };
    return { items, next: encodeCursor(valueOf(last, field), last._id) };
  }

  async count(collection: CollectionName, where: Filter[] = []): Promise<number> {
    const condition = this.whereOf(where.map((f) => this.condition(f)));
    const c = this.coll(collection);
    return totalOf(await (condition ? c.where(condition) : c).count());
  }

  async commit(commit: Commit): Promise<void> {
    await this.run(commit, false);
  }

  private async run(commit: Commit, keepSummaries: boolean): Promise<void> {
    const steps = stepsOf(commit);
    if (steps.length === 0) return;
    for (let run = 0; ; run++) {
      const clashed = await this.transact(steps, keepSummaries);
      if (!clashed) return;
      if (run >= this.retries) throw new ConflictError(clashed.collection, clashed.doc._id);
      // a random pause, growing with each clash, so that transactions that clashed do not meet again at once
      await new Promise((resolve) => setTimeout(resolve, Math.random() * this.pauseMs * 2 ** run));
    }
  }

  /**
   * One run of a commit's transaction. Resolves to nothing when it committed, to the step whose get or set clashed
   * (the first step for a clash at commit) when the service reported a clash; throws the adapter's ConflictError on a
   * version mismatch, and any other error as the SDK made it.
   */
  private async transact(steps: Step[], keepSummaries: boolean): Promise<Step | undefined> {
    let conflict: ConflictError | undefined;
    let clashed: Step | undefined;
    /** a call to the service for `step`, noting the step if the service says it clashed */
    const call = async <T>(step: Step, request: () => Promise<T>): Promise<T> => {
      try {
        return await request();
      } catch (error) {
        if (isClash(error)) clashed ??= step;
        throw error;
      }
    };
    try {
      await this.db.runTransaction(async (tx) => {
        // everything below is local to this run, should an SDK run the callback again
        conflict = undefined;
        clashed = undefined;
        const versions = new Map<string, number | null>();
        const finals = new Map<string, Step>();
        /** each summarized record as it stands before this step: read, or written by an earlier step */
        const standing = new Map<string, Doc | null>();
        const deltas: SummaryDeltas = new Map();
        for (const step of steps) {
          const key = `${step.collection}\u0000${step.doc._id}`;
          let current = versions.get(key);
          if (current === undefined) {
            const ref = tx.collection(this.physical(step.collection)).doc(step.doc._id);
            const raw = await call(step, () => this.readDoc(ref));
            current = raw === null ? null : typeof raw.version === 'number' ? raw.version : Number.NaN;
            standing.set(key, raw === null ? null : this.toDoc(raw, step.doc._id));
          }
          if (step.expected === 0 ? current !== null : current !== step.expected) {
            conflict = new ConflictError(step.collection, step.doc._id);
            throw conflict;
          }
          if (step.readOnly) {
            versions.set(key, current);
            continue;
          }
          if (!keepSummaries && isSummarized(step.collection)) {
            addDeltas(deltas, step.collection, standing.get(key) ?? null, step.doc);
            standing.set(key, step.doc);
          }
          versions.set(key, step.doc.version);
          finals.set(key, step);
        }
        // the summaries the writes move: the records' old key fields came with the version check, so each summary
        // document costs one get and one set here
        for (const [id, changes] of netDeltas(deltas)) {
          const probe: Step = { collection: 'summaries', doc: { _id: id, version: 0 }, expected: 0 };
          const ref = tx.collection(this.physical('summaries')).doc(id);
          const raw = await call(probe, () => this.readDoc(ref));
          const current = raw === null ? null : this.toDoc<'summaries'>(raw, id);
          const next: SummaryDoc = applyDeltas(id, current, changes);
          finals.set(`summaries\u0000${id}`, { collection: 'summaries', doc: next, expected: current?.version ?? 0 });
        }
        for (const step of finals.values()) {
          const ref = tx.collection(this.physical(step.collection)).doc(step.doc._id);
          await call(step, async () => checked(await ref.set(this.setArg(step.doc))));
        }
      }, 0);
      return undefined;
    } catch (error) {
      // our own conflict even if an SDK wrapped what the callback threw; it is final
      if (conflict) throw conflict;
      if (clashed) return clashed;
      if (isClash(error)) return steps[0];
      throw error;
    }
  }

  async put<C extends CollectionName>(collection: C, doc: Collections[C], expectedVersion: number, options: PutOptions = {}): Promise<void> {
    await this.run({ writes: [{ collection, doc, expectedVersion }], audit: [], outbox: [] }, options.keepSummaries === true);
  }

  async close(): Promise<void> {
    // the SDKs hold no connection to close
  }
}

export interface CreateCollectionsOptions {
  prefix?: string;
}

/**
 * Creates every collection (admin `setup`), ignoring the ones that already exist. Returns the names created.
 * Set each collection's permission to "仅管理端可读写" in the console: all access goes through cloud functions.
 */
export async function createCollections(db: CloudBaseDb, options: CreateCollectionsOptions = {}): Promise<string[]> {
  const created: string[] = [];
  for (const collection of COLLECTION_NAMES) {
    const name = (options.prefix ?? '') + collection;
    try {
      checked(await db.createCollection(name));
      created.push(name);
    } catch (error) {
      if (!alreadyExists(error)) throw error;
    }
  }
  return created;
}

function alreadyExists(error: unknown): boolean {
  const parts: string[] = [];
  if (error instanceof Error) parts.push(error.message);
  if (error instanceof CloudBaseError) parts.push(error.code);
  if (isRecord(error)) {
    for (const k of ['code', 'message', 'errMsg']) if (typeof error[k] === 'string') parts.push(error[k] as string);
  }
  const text = parts.join(' ');
  return /already.?exist|exist.?already|table.?exist|ResourceInUse/i.test(text) && !/not.?exist/i.test(text);
}
