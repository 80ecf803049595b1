/**
 * An in-memory FAKE of the CloudBase database interface that server/store/cloudbase.ts uses. It is not CloudBase: it
 * imitates the documented behaviour the adapter depends on, strictly enough to catch adapter mistakes:
 * - either SDK's call and result shapes (`sdk` option): wx-server-sdk wraps writes as `{ data }`, answers
 *   `{ stats: { updated } }` and throws when doc().get() finds nothing; node-sdk takes the data itself, answers
 *   `{ updated }` and returns `{ data: [] }` (outside a transaction) or `{ data: null }` (inside);
 * - either SDK's failures: node-sdk throws its TcbError (an Error with the service's `code`, `message` and
 *   `requestId`), or, with `throwOnCode: false`, returns `{ code, message }`; wx-server-sdk turns the code into a
 *   number it knows (any other code becomes -501001) and throws `<api>:fail <errCode> <text>. <message>` with
 *   `errCode` and `errMsg` and no `code`;
 * - `set` refuses a body that contains `_id`; collections must be created before use;
 * - inside a transaction only doc().get/set/remove and collection().add exist: where(), orderBy(), limit(), get(),
 *   count() and update() on a transaction's collection throw;
 * - transactions are snapshot-isolated: they read a snapshot taken at their start and buffer their writes. A write
 *   clashes AT THE SET (the service answers DATABASE_TRANSACTION_CONFLICT, in the SDK's shape) when its document was
 *   committed since the snapshot or another open transaction holds an uncommitted write to it; a transaction's write
 *   locks are released when it commits or rolls back. A write from outside any transaction (`poke`, a plain set) takes
 *   no lock, so the commit checks again: a document written since the snapshot fails the commit with the same code.
 *   That failure comes from @cloudbase/database's own commit, which wx-server-sdk does not wrap, so it has the `code`
 *   in either SDK (node-sdk's TcbError, or the returned answer itself, thrown, with `throwOnCode: false`);
 * - runTransaction is @cloudbase/database's: it re-runs the callback, up to `times` times, only when the error has
 *   `code` DATABASE_TRANSACTION_CONFLICT (so never on a clash at a wx-server-sdk set, whose error has none); any other
 *   error rolls back and is thrown as it is;
 * - queries use MongoDB semantics: null matches missing, range operators compare only within a type, null/missing
 *   sorts first, a query without limit() returns at most 100 documents and limit() above 1000 is refused.
 * Every call to the service (get, set, query, count, a transaction's start, commit and rollback) counts in
 * `roundTrips` and waits `latencyMs`, so concurrent transactions interleave as they would over a network.
 */
import type {
  CloudBaseCollection,
  CloudBaseCommand,
  CloudBaseCondition,
  CloudBaseDb,
  CloudBaseDocRef,
  CloudBaseQuery,
  CloudBaseSdk,
  CloudBaseTransaction,
} from '../../server/store/cloudbase';

type Json = Record<string, unknown>;
type Op = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'nin';

class FieldCommand {
  constructor(
    readonly op: Op,
    readonly operand: unknown,
  ) {}
}

class LogicCommand {
  constructor(
    readonly op: 'and' | 'or',
    readonly conditions: object[],
  ) {}
}

const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** MongoDB's cross-type sort order, reduced to the types documents here hold. */
function rank(v: unknown): number {
  if (v === null || v === undefined) return 1;
  if (typeof v === 'number') return 2;
  if (typeof v === 'string') return 3;
  if (Array.isArray(v)) return 5;
  if (typeof v === 'object') return 4;
  if (typeof v === 'boolean') return 8;
  return 9;
}

function compare(a: unknown, b: unknown): number {
  const r = rank(a) - rank(b);
  if (r !== 0) return r;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (rank(a) === 1) return 0;
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

const equal = (a: unknown, b: unknown): boolean => rank(a) === rank(b) && compare(a, b) === 0;

function matchField(value: unknown, condition: unknown): boolean {
  if (condition instanceof FieldCommand) {
    const { op, operand } = condition;
    switch (op) {
      case 'eq':
        return equal(value, operand);
      case 'neq':
        return !equal(value, operand);
      case 'in':
      case 'nin': {
        if (!Array.isArray(operand)) throw new Error(`fake db: ${op} needs an array`);
        const found = operand.some((o) => equal(value, o));
        return op === 'in' ? found : !found;
      }
      default: {
        // range operators only match within one type bracket
        if (rank(value) !== rank(operand)) return false;
        const c = compare(value, operand);
        return op === 'lt' ? c < 0 : op === 'lte' ? c <= 0 : op === 'gt' ? c > 0 : c >= 0;
      }
    }
  }
  if (condition instanceof LogicCommand) throw new Error('fake db: field-level logic commands are not supported');
  if (isJson(condition) || Array.isArray(condition)) throw new Error('fake db: nested conditions are not supported');
  return equal(value, condition);
}

function matches(doc: Json, condition: unknown): boolean {
  if (condition instanceof LogicCommand) {
    return condition.op === 'and'
      ? condition.conditions.every((c) => matches(doc, c))
      : condition.conditions.some((c) => matches(doc, c));
  }
  if (!isJson(condition)) throw new Error('fake db: where() takes an object or a logic command');
  return Object.entries(condition).every(([field, c]) => {
    if (field.includes('.') || field.startsWith('$')) throw new Error(`fake db: unsupported field ${field}`);
    return matchField(doc[field], c);
  });
}

const logicArgs = (args: unknown[]): object[] => {
  const list = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  return list.map((c) => {
    if (!isJson(c) && !(c instanceof LogicCommand)) throw new Error('fake db: and/or take conditions');
    return c;
  });
};

export const fakeCommand: CloudBaseCommand = {
  eq: (v) => new FieldCommand('eq', v),
  neq: (v) => new FieldCommand('neq', v),
  lt: (v) => new FieldCommand('lt', v),
  lte: (v) => new FieldCommand('lte', v),
  gt: (v) => new FieldCommand('gt', v),
  gte: (v) => new FieldCommand('gte', v),
  in: (v) => new FieldCommand('in', v),
  nin: (v) => new FieldCommand('nin', v),
  and: (...c) => new LogicCommand('and', logicArgs(c)),
  or: (...c) => new LogicCommand('or', logicArgs(c)),
};

/** What the fake saw, for tests that check how the adapter talks to the database. */
export interface FakeLogEntry {
  kind: 'get' | 'query' | 'count' | 'set' | 'txGet' | 'txSet' | 'txBegin' | 'txCommit' | 'txRollback' | 'txConflict';
  collection?: string;
  id?: string;
  limit?: number;
  /** for a query whose where() is `{ _id: in(list) }`: the list's length */
  idsIn?: number;
}

/** A failure as the service answers it. */
export interface ServiceFailure {
  code: string;
  message: string;
}

/** What the service says when a transaction's write clashes with another's. */
export const TRANSACTION_CONFLICT: ServiceFailure = {
  code: 'DATABASE_TRANSACTION_CONFLICT',
  message:
    '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. ' +
    'Please check your request, but if the problem persists, contact us.',
};

/** @cloudbase/node-sdk's TcbError: what it throws for a failed request by default (throwOnCode). */
export class TcbError extends Error {
  readonly code: string;
  readonly requestId: string;
  constructor(failure: ServiceFailure & { requestId: string }) {
    super(failure.message);
    this.code = failure.code;
    this.requestId = failure.requestId;
  }
}

/** wx-server-sdk's numbers for the service's codes (its TCB_ERR_CODE): a code not listed becomes -501001. */
const WX_ERR_CODE: Record<string, number> = {
  INVALID_PARAM: -501007,
  DATABASE_REQUEST_FAILED: -502001,
  DATABASE_PERMISSION_DENIED: -502003,
  DATABASE_COLLECTION_NOT_EXIST: -502005,
};
const WX_ERR_TEXT: Record<number, string> = {
  [-1]: '',
  [-501001]: 'resource system error',
  [-501007]: 'invalid parameters',
  [-502001]: 'database request fail',
  [-502003]: 'database permission denied',
  [-502005]: 'database collection not exists',
};

/** An error as wx-server-sdk's toSDKError makes it: errCode and errMsg, the message prefixed with the API, no code. */
function wxError(api: string, errCode: number, message: string): Error & { errCode: number; errMsg: string } {
  const text = errCode === -1 ? `${api}:fail ${message}` : `${api}:fail ${errCode} ${WX_ERR_TEXT[errCode] ?? ''}. ${message}`;
  return Object.assign(new Error(text), { errCode, errMsg: text });
}

const codeOf = (error: unknown): unknown => (typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined);

export interface FakeOptions {
  sdk: CloudBaseSdk;
  /** node-sdk only: false = failures are returned as `{ code, message }` rather than thrown; default true, as the SDK */
  throwOnCode?: boolean;
  /** milliseconds each call to the service waits before it is answered, as a network round trip would; default 0 */
  latencyMs?: number;
}

type Store = Map<string, Map<string, string>>;

const keyOf = (collection: string, id: string): string => `${collection}\u0000${id}`;

export class FakeCloudBaseDb implements CloudBaseDb {
  readonly command = fakeCommand;
  readonly log: FakeLogEntry[] = [];
  /** committed state: collection → id → JSON body (without _id) */
  readonly data: Store = new Map();
  /** calls that went to the service: every get, set, query, count, and a transaction's start, commit and rollback */
  roundTrips = 0;
  /** called after a transaction's callback and before it commits: lets a test act as a concurrent writer */
  beforeCommit?: () => void | Promise<void>;
  /** consulted at every get, set, query and count: a failure it returns is what the service answers to that call */
  inject?: (call: FakeLogEntry) => ServiceFailure | undefined;

  /** counts committed writes: a document's stamp is the count when it was last written */
  private sequence = 0;
  private readonly stamps = new Map<string, number>();
  /** the open transaction holding an uncommitted write to a document */
  private readonly locks = new Map<string, FakeTransaction>();

  constructor(readonly options: FakeOptions) {}

  get sdk(): CloudBaseSdk {
    return this.options.sdk;
  }

  /** A failure of a call to `api`, shaped as the SDK reports it: thrown (wx, node-sdk) or returned (throwOnCode: false). */
  fail(code: string, message: string, api: string): ServiceFailure & { requestId: string } {
    const failure = { code, message, requestId: 'fake-request' };
    if (this.sdk === 'wx-server-sdk') throw wxError(api, WX_ERR_CODE[code] ?? -501001, message);
    if (this.options.throwOnCode !== false) throw new TcbError(failure);
    return failure;
  }

  /** One call to the service: counted, answered after the configured latency, and failed if a test injects it. */
  async trip(call?: FakeLogEntry, api = ''): Promise<ServiceFailure | undefined> {
    this.roundTrips += 1;
    const ms = this.options.latencyMs ?? 0;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    if (!call) return undefined;
    this.log.push(call);
    const injected = this.inject?.(call);
    return injected ? this.fail(injected.code, injected.message, api) : undefined;
  }

  /** The count of committed writes so far: a transaction's snapshot is taken at one. */
  get now(): number {
    return this.sequence;
  }

  /** Records that a document was written (committed). */
  touch(collection: string, id: string): void {
    this.stamps.set(keyOf(collection, id), ++this.sequence);
  }

  changedSince(collection: string, id: string, since: number): boolean {
    return (this.stamps.get(keyOf(collection, id)) ?? 0) > since;
  }

  /** Takes the write lock of a document for `tx`; false when it clashes (see the header). */
  lock(tx: FakeTransaction, collection: string, id: string): boolean {
    const key = keyOf(collection, id);
    const holder = this.locks.get(key);
    if ((holder && holder !== tx) || this.changedSince(collection, id, tx.since)) return false;
    this.locks.set(key, tx);
    return true;
  }

  unlock(tx: FakeTransaction, collection: string, id: string): void {
    const key = keyOf(collection, id);
    if (this.locks.get(key) === tx) this.locks.delete(key);
  }

  table(name: string): Map<string, string> | undefined {
    return this.data.get(name);
  }

  createCollection(name: string): unknown {
    if (this.data.has(name)) {
      return Promise.resolve(
        this.fail('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${name} already exists`, 'createCollection'),
      );
    }
    this.data.set(name, new Map());
    return Promise.resolve({ requestId: 'fake', errMsg: 'createCollection:ok' });
  }

  collection(name: string): CloudBaseCollection {
    return new FakeCollection(this, name, undefined, []);
  }

  /** Writes a document directly, as another client would, outside any transaction (bumps nothing but what it is given). */
  poke(collection: string, doc: { _id: string }): void {
    const table = this.data.get(collection);
    if (!table) throw new Error(`fake db: no collection ${collection}`);
    const { _id, ...body } = doc;
    table.set(_id, JSON.stringify(body));
    this.touch(collection, _id);
  }

  /** Unwraps a write argument according to the SDK's call shape; refuses `_id` in the body as both SDKs do. */
  body(arg: unknown): Json | ServiceFailure {
    let data: unknown = arg;
    if (this.sdk === 'wx-server-sdk') {
      if (!isJson(arg) || !isJson(arg.data)) throw wxError('document.set', -501007, 'options.data must be an object');
      data = arg.data;
    }
    if (!isJson(data) || Object.keys(data).length === 0) return this.fail('INVALID_PARAM', '参数必需是非空对象', 'document.set');
    if (Object.prototype.hasOwnProperty.call(data, '_id')) return this.fail('INVALID_PARAM', '不能更新_id的值', 'document.set');
    return data;
  }

  /** @cloudbase/database's runTransaction (see the header): re-runs only on a `code` DATABASE_TRANSACTION_CONFLICT. */
  async runTransaction(run: (transaction: CloudBaseTransaction) => Promise<void>, times = 3): Promise<unknown> {
    await this.trip();
    const tx = new FakeTransaction(this);
    this.log.push({ kind: 'txBegin' });
    try {
      await run(tx);
      await this.beforeCommit?.();
      await this.trip();
      if (!tx.commit()) {
        this.log.push({ kind: 'txConflict' });
        const failure = { ...TRANSACTION_CONFLICT, requestId: 'fake-request' };
        // the commit is @cloudbase/database's own request: a failed answer is thrown as it is, or as node-sdk's TcbError
        throw this.sdk === 'node-sdk' && this.options.throwOnCode === false ? failure : new TcbError(failure);
      }
      this.log.push({ kind: 'txCommit' });
      return undefined;
    } catch (error) {
      if (times > 0 && codeOf(error) === TRANSACTION_CONFLICT.code) {
        // as the SDK: the clashing transaction is dropped without a rollback request, the service ends it
        tx.end();
        return this.runTransaction(run, times - 1);
      }
      await this.trip();
      tx.end();
      this.log.push({ kind: 'txRollback' });
      throw error;
    }
  }
}

class FakeDocRef implements CloudBaseDocRef {
  constructor(
    private readonly db: FakeCloudBaseDb,
    private readonly collectionName: string,
    private readonly id: string,
    private readonly tx: FakeTransaction | undefined,
  ) {}

  async get(): Promise<unknown> {
    const { db, tx, collectionName, id } = this;
    const injected = await db.trip({ kind: tx ? 'txGet' : 'get', collection: collectionName, id }, 'document.get');
    if (injected) return injected;
    const body = tx ? tx.read(collectionName, id) : db.table(collectionName)?.get(id);
    if (body === undefined && !(tx ? tx.has(collectionName) : db.table(collectionName))) {
      return db.fail('DATABASE_COLLECTION_NOT_EXIST', `collection ${collectionName} does not exist`, 'document.get');
    }
    const doc = body === undefined || body === null ? null : { _id: id, ...(JSON.parse(body) as Json) };
    if (db.sdk === 'wx-server-sdk') {
      if (!doc) throw wxError('document.get', -1, `document with _id ${id} does not exist`);
      return { data: doc, errMsg: 'document.get:ok' };
    }
    if (tx) return { data: doc, requestId: 'fake' };
    return { data: doc ? [doc] : [], requestId: 'fake' };
  }

  async set(arg: unknown): Promise<unknown> {
    const { db, tx, collectionName, id } = this;
    const injected = await db.trip({ kind: tx ? 'txSet' : 'set', collection: collectionName, id }, 'document.set');
    if (injected) return injected;
    const body = db.body(arg);
    if ('code' in body && typeof body.code === 'string') return body;
    const existed = tx ? tx.read(collectionName, id) != null : db.table(collectionName)?.has(id);
    if (tx) {
      if (!tx.has(collectionName)) return db.fail('DATABASE_COLLECTION_NOT_EXIST', 'collection does not exist', 'document.set');
      if (!tx.write(collectionName, id, JSON.stringify(body))) {
        db.log.push({ kind: 'txConflict', collection: collectionName, id });
        return db.fail(TRANSACTION_CONFLICT.code, TRANSACTION_CONFLICT.message, 'document.set');
      }
    } else {
      const table = db.table(collectionName);
      if (!table) return db.fail('DATABASE_COLLECTION_NOT_EXIST', 'collection does not exist', 'document.set');
      table.set(id, JSON.stringify(body));
      db.touch(collectionName, id);
    }
    return db.sdk === 'wx-server-sdk'
      ? { _id: id, stats: { updated: existed ? 1 : 0, created: existed ? 0 : 1 }, errMsg: 'document.set:ok' }
      : { updated: existed ? 1 : 0, upsertedId: existed ? undefined : id, requestId: 'fake' };
  }

  async remove(): Promise<unknown> {
    const { db, tx, collectionName, id } = this;
    if (tx) {
      if (!tx.write(collectionName, id, null)) return db.fail(TRANSACTION_CONFLICT.code, TRANSACTION_CONFLICT.message, 'document.remove');
    } else if (db.table(collectionName)?.delete(id)) {
      db.touch(collectionName, id);
    }
    return db.sdk === 'wx-server-sdk' ? { stats: { removed: 1 }, errMsg: 'document.remove:ok' } : { deleted: 1 };
  }
}

class FakeCollection implements CloudBaseCollection {
  constructor(
    private readonly db: FakeCloudBaseDb,
    private readonly name: string,
    private readonly condition: CloudBaseCondition | undefined,
    private readonly order: [string, 'asc' | 'desc'][],
    private readonly max?: number,
  ) {}

  doc(id: string): CloudBaseDocRef {
    return new FakeDocRef(this.db, this.name, id, undefined);
  }

  where(condition: CloudBaseCondition): CloudBaseQuery {
    if (this.condition !== undefined) throw new Error('fake db: where() called twice');
    return new FakeCollection(this.db, this.name, condition, this.order, this.max);
  }

  orderBy(field: string, direction: 'asc' | 'desc'): CloudBaseQuery {
    if (direction !== 'asc' && direction !== 'desc') throw new Error(`fake db: bad direction ${String(direction)}`);
    return new FakeCollection(this.db, this.name, this.condition, [...this.order, [field, direction]], this.max);
  }

  limit(max: number): CloudBaseQuery {
    if (!Number.isInteger(max) || max < 1 || max > 1000) throw new Error(`fake db: limit ${max} outside 1..1000`);
    return new FakeCollection(this.db, this.name, this.condition, this.order, max);
  }

  private docs(api: string): Json[] | ServiceFailure {
    const table = this.db.table(this.name);
    if (!table) return this.db.fail('DATABASE_COLLECTION_NOT_EXIST', `collection ${this.name} does not exist`, api);
    const all = [...table.entries()].map(([id, body]) => ({ _id: id, ...(JSON.parse(body) as Json) }));
    return this.condition === undefined ? all : all.filter((d) => matches(d, this.condition));
  }

  private idsIn(): number | undefined {
    if (!isJson(this.condition)) return undefined;
    const c = this.condition._id;
    return c instanceof FieldCommand && c.op === 'in' && Array.isArray(c.operand) ? c.operand.length : undefined;
  }

  async get(): Promise<unknown> {
    const injected = await this.db.trip(
      { kind: 'query', collection: this.name, limit: this.max, idsIn: this.idsIn() },
      'collection.get',
    );
    if (injected) return injected;
    const docs = this.docs('collection.get');
    if (!Array.isArray(docs)) return docs;
    const sorted = [...docs].sort((a, b) => {
      for (const [field, direction] of this.order) {
        const c = compare(a[field], b[field]);
        if (c !== 0) return direction === 'asc' ? c : -c;
      }
      return 0;
    });
    const data = sorted.slice(0, this.max ?? 100);
    return this.db.sdk === 'wx-server-sdk' ? { data, errMsg: 'collection.get:ok' } : { data, requestId: 'fake' };
  }

  async count(): Promise<unknown> {
    const injected = await this.db.trip({ kind: 'count', collection: this.name }, 'collection.count');
    if (injected) return injected;
    const docs = this.docs('collection.count');
    if (!Array.isArray(docs)) return docs;
    return this.db.sdk === 'wx-server-sdk'
      ? { total: docs.length, errMsg: 'collection.count:ok' }
      : { total: docs.length, requestId: 'fake' };
  }
}

const notInTransaction = (what: string) => (): never => {
  throw new Error(`fake db: ${what}() is not allowed inside a transaction (only doc().get/set/update/remove and add)`);
};

const notFaked = (what: string) => (): never => {
  throw new Error(`fake db: ${what}() is allowed inside a CloudBase transaction but not faked here`);
};

class FakeTransaction implements CloudBaseTransaction {
  private closed = false;
  /** the count of committed writes when the snapshot was taken */
  readonly since: number;
  private readonly snapshot: Store = new Map();
  /** buffered writes: collection → id → body (null = removed) */
  private readonly writes = new Map<string, Map<string, string | null>>();

  constructor(private readonly db: FakeCloudBaseDb) {
    this.since = db.now;
    for (const [name, table] of db.data) this.snapshot.set(name, new Map(table));
  }

  private open(): void {
    if (this.closed) throw new Error('fake db: transaction used after it ended');
  }

  has(collection: string): boolean {
    return this.snapshot.has(collection);
  }

  read(collection: string, id: string): string | null | undefined {
    this.open();
    const buffered = this.writes.get(collection);
    if (buffered?.has(id)) return buffered.get(id);
    return this.snapshot.get(collection)?.get(id);
  }

  /** Buffers a write under the document's lock; false (nothing buffered) when the write clashes. */
  write(collection: string, id: string, body: string | null): boolean {
    this.open();
    if (!this.db.lock(this, collection, id)) return false;
    let buffered = this.writes.get(collection);
    if (!buffered) this.writes.set(collection, (buffered = new Map()));
    buffered.set(id, body);
    return true;
  }

  /** Applies the buffered writes and ends the transaction, unless a document they touch was written since the snapshot. */
  commit(): boolean {
    this.open();
    for (const [collection, buffered] of this.writes) {
      if (!this.db.data.has(collection)) return false;
      for (const id of buffered.keys()) if (this.db.changedSince(collection, id, this.since)) return false;
    }
    for (const [collection, buffered] of this.writes) {
      const table = this.db.data.get(collection)!;
      for (const [id, body] of buffered) {
        if (body === null) table.delete(id);
        else table.set(id, body);
        this.db.touch(collection, id);
      }
    }
    this.end();
    return true;
  }

  /** Ends the transaction (committed or rolled back): its locks are released, it can no longer be used. */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [collection, buffered] of this.writes) for (const id of buffered.keys()) this.db.unlock(this, collection, id);
  }

  collection(name: string): { doc(id: string): CloudBaseDocRef } & Record<string, unknown> {
    this.open();
    return {
      doc: (id: string) => {
        this.open();
        return new FakeDocRef(this.db, name, id, this);
      },
      add: notFaked('add'),
      where: notInTransaction('where'),
      orderBy: notInTransaction('orderBy'),
      limit: notInTransaction('limit'),
      get: notInTransaction('get'),
      count: notInTransaction('count'),
      update: notInTransaction('update'),
      aggregate: notInTransaction('aggregate'),
    };
  }
}
