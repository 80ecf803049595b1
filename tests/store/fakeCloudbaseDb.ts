/**
 * An in-memory FAKE of the CloudBase database interface that server/store/cloudbase.ts uses. It is not CloudBase: it
 * imitates the documented behaviour the adapter depends on, strictly enough to catch adapter mistakes:
 * - either SDK's call and result shapes (`sdk` option): wx-server-sdk wraps writes as `{ data }`, answers
 *   `{ stats: { updated } }` and throws when doc().get() finds nothing; node-sdk takes the data itself, answers
 *   `{ updated }`, returns `{ data: [] }` (outside a transaction) or `{ data: null }` (inside) and reports failures as
 *   returned `{ code, message }` objects;
 * - `set` refuses a body that contains `_id`; collections must be created before use;
 * - inside a transaction only doc().get/set/remove and collection().add exist: where(), orderBy(), limit(), get(),
 *   count() and update() on a transaction's collection throw;
 * - transactions read a snapshot taken at their start, buffer their writes, and fail with a write conflict (and are
 *   re-run by runTransaction, up to `retries` times) when a document they wrote changed meanwhile; an error thrown by
 *   the callback discards the buffer;
 * - queries use MongoDB semantics: null matches missing, range operators compare only within a type, null/missing
 *   sorts first, a query without limit() returns at most 100 documents and limit() above 1000 is refused.
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

class FakeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly errCode: number,
  ) {
    super(message);
  }
}

export interface FakeOptions {
  sdk: CloudBaseSdk;
  /** milliseconds each call to the service waits before it is answered, as a network round trip would; default 0 */
  latencyMs?: number;
}

type Store = Map<string, Map<string, string>>;

export class FakeCloudBaseDb implements CloudBaseDb {
  readonly command = fakeCommand;
  readonly log: FakeLogEntry[] = [];
  /** committed state: collection → id → JSON body (without _id) */
  readonly data: Store = new Map();
  /** calls that went to the service: every get, set, query, count, and a transaction's start and commit */
  roundTrips = 0;
  /** called after a transaction's callback and before it commits: lets a test act as a concurrent writer */
  beforeCommit?: (attempt: number) => void | Promise<void>;

  constructor(readonly options: FakeOptions) {}

  get sdk(): CloudBaseSdk {
    return this.options.sdk;
  }

  /** A failure, shaped as each SDK reports it: wx throws, node-sdk returns `{ code, message }`. */
  fail(code: string, message: string, errCode = -502001): { code: string; message: string } {
    if (this.sdk === 'wx-server-sdk') throw new FakeError(code, `${message} (errCode ${errCode})`, errCode);
    return { code, message };
  }

  /** One call to the service: counted, and answered after the configured latency. */
  async trip(): Promise<void> {
    this.roundTrips += 1;
    const ms = this.options.latencyMs ?? 0;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }

  table(name: string): Map<string, string> | undefined {
    return this.data.get(name);
  }

  createCollection(name: string): unknown {
    if (this.data.has(name)) {
      return Promise.resolve(this.fail('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${name} already exists`));
    }
    this.data.set(name, new Map());
    return Promise.resolve({ requestId: 'fake', errMsg: 'createCollection:ok' });
  }

  collection(name: string): CloudBaseCollection {
    return new FakeCollection(this, name, undefined, []);
  }

  /** Writes a document directly, as another client would (bumps nothing but what it is given). */
  poke(collection: string, doc: { _id: string }): void {
    const table = this.data.get(collection);
    if (!table) throw new Error(`fake db: no collection ${collection}`);
    const { _id, ...body } = doc;
    table.set(_id, JSON.stringify(body));
  }

  /** Unwraps a write argument according to the SDK's call shape; refuses `_id` in the body as both SDKs do. */
  body(arg: unknown): Json | { code: string; message: string } {
    let data: unknown = arg;
    if (this.sdk === 'wx-server-sdk') {
      if (!isJson(arg) || !isJson(arg.data)) throw new FakeError('INVALID_PARAM', 'options.data must be an object', -501007);
      data = arg.data;
    }
    if (!isJson(data) || Object.keys(data).length === 0) return this.fail('INVALID_PARAM', '参数必需是非空对象', -501007);
    if (Object.prototype.hasOwnProperty.call(data, '_id')) return this.fail('INVALID_PARAM', '不能更新_id的值', -501007);
    return data;
  }

  async runTransaction(run: (transaction: CloudBaseTransaction) => Promise<void>, retries = 3): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      await this.trip();
      const tx = new FakeTransaction(this);
      this.log.push({ kind: 'txBegin' });
      try {
        await run(tx);
      } catch (error) {
        tx.closed = true;
        this.log.push({ kind: 'txRollback' });
        throw error;
      }
      await this.beforeCommit?.(attempt);
      await this.trip();
      tx.closed = true;
      if (tx.commit()) {
        this.log.push({ kind: 'txCommit' });
        return undefined;
      }
      this.log.push({ kind: 'txConflict' });
      if (attempt >= retries) throw new FakeError('DATABASE_TRANSACTION_CONFLICT', 'transaction conflict', -502001);
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
    await db.trip();
    db.log.push({ kind: tx ? 'txGet' : 'get', collection: collectionName, id });
    const body = tx ? tx.read(collectionName, id) : db.table(collectionName)?.get(id);
    if (body === undefined && !(tx ? tx.has(collectionName) : db.table(collectionName))) {
      return db.fail('DATABASE_COLLECTION_NOT_EXIST', `collection ${collectionName} does not exist`, -502005);
    }
    const doc = body === undefined || body === null ? null : { _id: id, ...(JSON.parse(body) as Json) };
    if (db.sdk === 'wx-server-sdk') {
      if (!doc) throw new FakeError('', `document.get:fail document with _id ${id} does not exist`, -1);
      return { data: doc, errMsg: 'document.get:ok' };
    }
    if (tx) return { data: doc, requestId: 'fake' };
    return { data: doc ? [doc] : [], requestId: 'fake' };
  }

  async set(arg: unknown): Promise<unknown> {
    const { db, tx, collectionName, id } = this;
    await db.trip();
    db.log.push({ kind: tx ? 'txSet' : 'set', collection: collectionName, id });
    const body = db.body(arg);
    if ('code' in body && typeof body.code === 'string') return body;
    const existed = tx ? tx.read(collectionName, id) != null : db.table(collectionName)?.has(id);
    if (tx) {
      if (!tx.has(collectionName)) return db.fail('DATABASE_COLLECTION_NOT_EXIST', 'collection does not exist', -502005);
      tx.write(collectionName, id, JSON.stringify(body));
    } else {
      const table = db.table(collectionName);
      if (!table) return db.fail('DATABASE_COLLECTION_NOT_EXIST', 'collection does not exist', -502005);
      table.set(id, JSON.stringify(body));
    }
    return db.sdk === 'wx-server-sdk'
      ? { _id: id, stats: { updated: existed ? 1 : 0, created: existed ? 0 : 1 }, errMsg: 'document.set:ok' }
      : { updated: existed ? 1 : 0, upsertedId: existed ? undefined : id, requestId: 'fake' };
  }

  async remove(): Promise<unknown> {
    const { db, tx, collectionName, id } = this;
    if (tx) tx.write(collectionName, id, null);
    else db.table(collectionName)?.delete(id);
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

  private docs(): Json[] | { code: string; message: string } {
    const table = this.db.table(this.name);
    if (!table) return this.db.fail('DATABASE_COLLECTION_NOT_EXIST', `collection ${this.name} does not exist`, -502005);
    const all = [...table.entries()].map(([id, body]) => ({ _id: id, ...(JSON.parse(body) as Json) }));
    return this.condition === undefined ? all : all.filter((d) => matches(d, this.condition));
  }

  private idsIn(): number | undefined {
    if (!isJson(this.condition)) return undefined;
    const c = this.condition._id;
    return c instanceof FieldCommand && c.op === 'in' && Array.isArray(c.operand) ? c.operand.length : undefined;
  }

  async get(): Promise<unknown> {
    await this.db.trip();
    this.db.log.push({ kind: 'query', collection: this.name, limit: this.max, idsIn: this.idsIn() });
    const docs = this.docs();
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
    await this.db.trip();
    this.db.log.push({ kind: 'count', collection: this.name });
    const docs = this.docs();
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
  closed = false;
  private readonly snapshot: Store = new Map();
  /** buffered writes: collection → id → body (null = removed) */
  private readonly writes = new Map<string, Map<string, string | null>>();

  constructor(private readonly db: FakeCloudBaseDb) {
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

  write(collection: string, id: string, body: string | null): void {
    this.open();
    let buffered = this.writes.get(collection);
    if (!buffered) this.writes.set(collection, (buffered = new Map()));
    buffered.set(id, body);
  }

  /** Applies the buffered writes unless a document they touch changed since the snapshot. */
  commit(): boolean {
    for (const [collection, buffered] of this.writes) {
      for (const id of buffered.keys()) {
        if (this.db.data.get(collection)?.get(id) !== this.snapshot.get(collection)?.get(id)) return false;
      }
    }
    for (const [collection, buffered] of this.writes) {
      const table = this.db.data.get(collection);
      if (!table) return false;
      for (const [id, body] of buffered) {
        if (body === null) table.delete(id);
        else table.set(id, body);
      }
    }
    return true;
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
