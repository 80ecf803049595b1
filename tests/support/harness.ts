/**
 * A fresh system per test: SQLite in memory, files in a temporary folder, a controllable clock, sequential ids,
 * and a recording message sender (the one stand-in: WeChat's subscribeMessage cannot run here).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Result } from '../../typings';
import type { FunctionDef } from '../../server/app/function';
import { invoke } from '../../server/runtime/handler';
import { seedDemo } from '../../server/runtime/seed';
import { MANUAL_FLOWS } from '../../server/app/settings';
import type { MessageSender, OutgoingMessage, SendOutcome } from '../../server/notify/sender';
import { LocalFileStorage } from '../../server/storage/local';
import { uploadFolder } from '../../server/storage/port';
import { SqliteStore } from '../../server/store/sqlite';
import { indexFor, type Query, type Store } from '../../server/store/port';
import type { Deps } from '../../server/app/deps';
import type { AuditEntry, CollectionName, Collections, SchoolSettings } from '../../server/domain/types';
import { sampleFile } from './files';

export class RecordingSender implements MessageSender {
  readonly sent: OutgoingMessage[] = [];
  /** outcomes to return, in order; then success */
  readonly script: SendOutcome[] = [];
  async send(message: OutgoingMessage): Promise<SendOutcome> {
    const outcome = this.script.shift() ?? { ok: true };
    if (outcome.ok) this.sent.push(message);
    return outcome;
  }
}

export interface TestSystem<S extends Store = Store> {
  deps: Deps;
  store: S;
  sender: RecordingSender;
  files: LocalFileStorage;
  /** moves the clock */
  advance(ms: number): void;
  setNow(iso: string): void;
  call<E, R>(fn: FunctionDef<E, R>, openid: string, event: unknown): Promise<Result<R>>;
  /** like call, but fails the test unless ok */
  ok<E, R>(fn: FunctionDef<E, R>, openid: string, event: unknown): Promise<R>;
  all<C extends CollectionName>(collection: C): Promise<Collections[C][]>;
  auditOf(record: string, id: string): Promise<AuditEntry[]>;
  /** stores a file in the caller's upload folder, as a client upload does; by default a small real file of the kind its name says (tests/support/files.ts) */
  upload(openid: string, name: string, bytes?: Buffer): Promise<string>;
  close(): Promise<void>;
}

export const T0 = '2026-03-02T02:00:00.000Z';
export const DAY = 86_400_000;

let requestCounter = 0;
/** a fresh client request id */
export const rid = (): string => `req-${String(++requestCounter).padStart(8, '0')}`;

export interface SystemOptions<S extends Store = Store> {
  /** seed the demo school (default true) */
  seed?: boolean;
  now?: string;
  /**
   * a store opened elsewhere (the admin tests open it as the command line does, the batch tests over the CloudBase
   * fake); default SQLite in memory
   */
  store?: S;
  /** where files go; default a new temporary folder */
  filesDir?: string;
  /**
   * the seeded school's settings beside the demo's. By default the manual's flows (app/settings.ts MANUAL_FLOWS: no
   * unit confirmation, seal, consent, signature or termination limit), which the tests written for the manual rely
   * on; a test of a new step turns it on here, e.g. `{ employerConfirmation: true }`
   */
  settings?: Partial<SchoolSettings>;
}

/**
 * The store as the functions see it in tests: a query that no index serves in order (INDEXES, servesQuery) fails the
 * test, as it would fail CloudBase once a collection grows past what the service sorts in memory.
 */
export function indexedQueriesOnly(store: Store): Store {
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key !== 'query') return Reflect.get(target, key, receiver) as unknown;
      return (collection: CollectionName, query: Query) => {
        if (!indexFor(collection, query)) {
          const where = (query.where ?? []).map((f) => `${f.field} ${f.op}`).join(', ') || '(all)';
          throw new Error(`no index serves the query on ${collection} where ${where} ordered by ${query.orderBy?.field ?? '_id'}, _id`);
        }
        return target.query(collection, query);
      };
    },
  });
}

export function makeSystem<S extends Store>(options: SystemOptions<S> & { store: S }): Promise<TestSystem<S>>;
export function makeSystem(options?: SystemOptions): Promise<TestSystem>;
export async function makeSystem(options: SystemOptions<Store> = {}): Promise<TestSystem<Store>> {
  let now = new Date(options.now ?? T0).getTime();
  let idCounter = 0;
  const store = options.store ?? new SqliteStore({ path: ':memory:' });
  // download links expire on the test's clock
  const files = new LocalFileStorage(options.filesDir ?? mkdtempSync(path.join(tmpdir(), 'wq-files-')), 'http://127.0.0.1:0', { clock: () => new Date(now) });
  const sender = new RecordingSender();
  const deps: Deps = {
    store: indexedQueriesOnly(store),
    files,
    sender,
    clock: () => new Date(now),
    newId: () => `id${String(++idCounter).padStart(6, '0')}`,
  };
  if (options.seed !== false) await seedDemo(deps, { ...MANUAL_FLOWS, ...options.settings });
  const sys: TestSystem<Store> = {
    deps,
    store,
    sender,
    files,
    advance: (ms) => {
      now += ms;
    },
    setNow: (iso) => {
      now = new Date(iso).getTime();
    },
    call: (fn, openid, event) => invoke(fn, deps, { openid }, event),
    ok: async (fn, openid, event) => {
      const result = await invoke(fn, deps, { openid }, event);
      if (!result.ok) throw new Error(`${fn.name} failed: ${result.code} ${result.message} ${JSON.stringify(result.issues ?? [])}`);
      return result.data;
    },
    all: async (collection) => (await store.query(collection, { limit: 1_000_000 })).items,
    auditOf: async (record, id) =>
      (
        await store.query('audit', {
          where: [
            { field: 'record', op: '==', value: record },
            { field: 'recordId', op: '==', value: id },
          ],
          orderBy: { field: 'seq' },
          limit: 1000,
        })
      ).items,
    upload: (openid, name, bytes = sampleFile(name, `${name} of ${openid}`)) =>
      files.write(`${uploadFolder(openid)}${name}`, bytes),
    close: () => store.close(),
  };
  return sys;
}
