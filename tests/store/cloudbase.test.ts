/**
 * The CloudBase adapter, two ways:
 * 1. over an in-memory FAKE of the database interface (tests/store/fakeCloudbaseDb.ts), in both SDKs' call and error
 *    shapes (node-sdk both throwing, its default, and answering failures): the adapter's logic (version checks,
 *    all-or-nothing commits, cursor paging, chunked getMany, transaction rules, write clashes and their re-runs) runs
 *    here on every machine, and real contention runs over a fake that answers each call after a few milliseconds.
 *    It is not CloudBase: it shows the adapter is right about the documented behaviour.
 * 2. against a real CloudBase environment through @cloudbase/node-sdk, only when TCB_ENV_ID, TCB_SECRET_ID and
 *    TCB_SECRET_KEY are all set. Otherwise no SDK is loaded at all (a stray SDK call crashes Node 20).
 *    The SDK cannot drop collections, so the real run reuses one set of collections named TCB_TEST_PREFIX + name
 *    (default `storetest_`), creating them if needed and emptying them before every test and after the last: point it
 *    at a test environment, and do not run two of these at once against the same prefix.
 */
import type { CollectionName } from '../../server/domain/types';
import {
  CloudBaseError,
  CloudBaseStore,
  createCollections,
  type CloudBaseStoreOptions,
  type CloudBaseTransaction,
  type NodeSdkDb,
} from '../../server/store/cloudbase';
import { COLLECTION_NAMES, ConflictError, type Store } from '../../server/store/port';
import { auditEntry, counter, describeContentionContract, describeStoreContract, outbox, requestDoc } from './contract';
import { FakeCloudBaseDb, TRANSACTION_CONFLICT, type FakeOptions, type ServiceFailure } from './fakeCloudbaseDb';

/** The SDKs as the fake plays them: node-sdk throwing (its default) or answering failures, and wx-server-sdk. */
const MODES: (FakeOptions & { label: string })[] = [
  { label: 'node-sdk', sdk: 'node-sdk' },
  { label: 'node-sdk, throwOnCode false', sdk: 'node-sdk', throwOnCode: false },
  { label: 'wx-server-sdk', sdk: 'wx-server-sdk' },
];

interface FakeSetup {
  prefix?: string;
  latencyMs?: number;
  store?: Partial<CloudBaseStoreOptions>;
}

async function fakeStore(mode: FakeOptions, setup: FakeSetup = {}): Promise<{ db: FakeCloudBaseDb; store: CloudBaseStore }> {
  const { sdk } = mode;
  const db = new FakeCloudBaseDb(setup.latencyMs === undefined ? mode : { ...mode, latencyMs: setup.latencyMs });
  await createCollections(db, setup.prefix === undefined ? {} : { prefix: setup.prefix });
  // re-runs after a clash pause at most a millisecond here: the tests wait for nothing
  const options: CloudBaseStoreOptions = { sdk, retryPauseMs: 1, ...setup.store };
  return { db, store: new CloudBaseStore(db, setup.prefix === undefined ? options : { ...options, prefix: setup.prefix }) };
}

for (const mode of MODES) {
  describeStoreContract(`CloudBase adapter over an in-memory fake db (${mode.label})`, async () => {
    const { store } = await fakeStore(mode);
    return store;
  });
  describeContentionContract(`CloudBase adapter over a fake db answering each call after 2 ms (${mode.label})`, async () => {
    const { store } = await fakeStore(mode, { latencyMs: 2 });
    return store;
  });
}

describe.each(MODES)('CloudBase adapter over an in-memory fake db ($label): how it uses the database', (mode) => {
  const { sdk } = mode;
  it('the fake enforces the transaction rules: where() inside a transaction throws', async () => {
    const { db } = await fakeStore(mode);
    await expect(
      db.runTransaction(async (tx) => {
        const c = tx.collection('counters') as unknown as { where(condition: object): unknown };
        c.where({ _id: 'x' });
      }),
    ).rejects.toThrow(/where\(\) is not allowed inside a transaction/);
  });

  it('a commit reads every document it writes inside one transaction, then sets them; no query in between', async () => {
    const { db, store } = await fakeStore(mode);
    await store.put('counters', counter('c1', 1), 0);
    db.log.length = 0;
    await store.commit({
      writes: [{ collection: 'counters', doc: counter('c1', 2), expectedVersion: 1 }],
      audit: [auditEntry('a1')],
      outbox: [outbox('o1')],
      request: requestDoc('r1'),
    });
    expect(db.log.map((e) => (e.collection ? `${e.kind} ${e.collection}/${e.id}` : e.kind))).toEqual([
      'txBegin',
      'txGet requests/r1',
      'txGet counters/c1',
      'txGet audit/a1',
      'txGet outbox/o1',
      'txSet requests/r1',
      'txSet counters/c1',
      'txSet audit/a1',
      'txSet outbox/o1',
      'txCommit',
    ]);
    // stored without _id in the body, read back with it
    expect(JSON.parse(db.table('counters')?.get('c1') ?? '{}')).toEqual({ version: 2, value: 0 });
    expect(await store.get('counters', 'c1')).toEqual(counter('c1', 2));
  });

  it('a conflict found in the transaction rolls it back: nothing is set', async () => {
    const { db, store } = await fakeStore(mode);
    await store.put('counters', counter('c1', 1), 0);
    await store.put('counters', counter('c1', 2), 1);
    db.log.length = 0;
    await expect(
      store.commit({
        writes: [
          { collection: 'counters', doc: counter('c0', 1), expectedVersion: 0 },
          { collection: 'counters', doc: counter('c1', 3), expectedVersion: 1 },
        ],
        audit: [auditEntry('a1')],
        outbox: [],
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(db.log.some((e) => e.kind === 'txSet')).toBe(false);
    expect(db.log[db.log.length - 1]?.kind).toBe('txRollback');
  });

  it('a concurrent writer between the reads and the commit: the transaction re-runs, re-reads and reports the conflict', async () => {
    const { db, store } = await fakeStore(mode);
    await store.put('counters', counter('c1', 1, 1), 0);
    let runs = 0;
    db.beforeCommit = () => {
      // another function instance moves c1 to version 2 while our first run is in flight
      if (runs++ === 0) db.poke('counters', counter('c1', 2, 20));
    };
    await expect(
      store.commit({
        writes: [{ collection: 'counters', doc: counter('c1', 2, 2), expectedVersion: 1 }],
        audit: [auditEntry('a1')],
        outbox: [],
      }),
    ).rejects.toMatchObject({ name: 'ConflictError', collection: 'counters', id: 'c1' });
    expect(db.log.filter((e) => e.kind === 'txConflict')).toHaveLength(1);
    expect(await store.get('counters', 'c1')).toEqual(counter('c1', 2, 20));
    expect(await store.get('audit', 'a1')).toBeNull();
  });

  it('a concurrent writer to the same new id: the re-run sees it and reports a conflict instead of overwriting', async () => {
    const { db, store } = await fakeStore(mode);
    let runs = 0;
    db.beforeCommit = () => {
      if (runs++ === 0) db.poke('outbox', outbox('o1', { to: 'first-writer' }));
    };
    await expect(store.commit({ writes: [], audit: [], outbox: [outbox('o1')] })).rejects.toMatchObject({
      collection: 'outbox',
      id: 'o1',
    });
    expect(await store.get('outbox', 'o1')).toEqual(outbox('o1', { to: 'first-writer' }));
  });

  it('a write conflict that left the version as it was is retried, and the re-run succeeds', async () => {
    const { db, store } = await fakeStore(mode);
    await store.put('counters', counter('c1', 1), 0);
    let runs = 0;
    db.beforeCommit = () => {
      // touch the very document we write, but leave its version as it was: the re-run finds no conflict
      if (runs++ === 0) db.poke('counters', counter('c1', 1, 5));
    };
    await store.put('counters', counter('c1', 2, 6), 1);
    expect(runs).toBe(2);
    expect(await store.get('counters', 'c1')).toEqual(counter('c1', 2, 6));
  });

  it('getMany asks in chunks of at most 100 ids', async () => {
    const { db, store } = await fakeStore(mode);
    for (let i = 0; i < 250; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, k) => store.put('counters', counter(`c${String(i + k).padStart(3, '0')}`, 1), 0)),
      );
    }
    db.log.length = 0;
    const wanted = Array.from({ length: 250 }, (_, i) => `c${String(i).padStart(3, '0')}`);
    const got = await store.getMany('counters', wanted);
    expect(got).toHaveLength(250);
    const queries = db.log.filter((e) => e.kind === 'query');
    expect(queries.map((q) => q.idsIn)).toEqual([100, 100, 50]);
    expect(queries.every((q) => q.limit !== undefined && q.limit >= (q.idsIn ?? 0))).toBe(true);
  });

  it('query fetches limit + 1 to find the next page, and never asks for more than 1000', async () => {
    const { db, store } = await fakeStore(mode);
    const docs = Array.from({ length: 1002 }, (_, i) => counter(`c${String(i).padStart(4, '0')}`, 1, i % 10));
    for (let i = 0; i < docs.length; i += 100) {
      await Promise.all(docs.slice(i, i + 100).map((d) => store.put('counters', d, 0)));
    }
    db.log.length = 0;
    const small = await store.query('counters', { limit: 10 });
    expect(small.items).toHaveLength(10);
    expect(small.next).toEqual(expect.any(String));
    const big = await store.query('counters', { limit: 5000 });
    expect(big.items).toHaveLength(1000);
    expect(big.next).toEqual(expect.any(String));
    const rest = await store.query('counters', { limit: 5000, ...(big.next ? { after: big.next } : {}) });
    expect(rest.items.map((d) => d._id)).toEqual(['c1000', 'c1001']);
    expect(rest.next).toBeUndefined();
    expect(db.log.filter((e) => e.kind === 'query').map((e) => e.limit)).toEqual([11, 1000, 1000]);
  });

  it('collections carry the prefix, and stores with different prefixes do not see each other', async () => {
    const db = new FakeCloudBaseDb(mode);
    const created = await createCollections(db, { prefix: 'run1_' });
    expect(created).toEqual(COLLECTION_NAMES.map((n) => `run1_${n}`));
    expect(await createCollections(db, { prefix: 'run1_' })).toEqual([]); // idempotent: "already exists" ignored
    await createCollections(db, { prefix: 'run2_' });
    const one = new CloudBaseStore(db, { sdk, prefix: 'run1_' });
    const two = new CloudBaseStore(db, { sdk, prefix: 'run2_' });
    await one.put('counters', counter('c1', 1, 1), 0);
    expect(await two.get('counters', 'c1')).toBeNull();
    expect(db.table('run1_counters')?.has('c1')).toBe(true);
    expect(db.table('counters')).toBeUndefined();
  });

  it('an error the database reports is thrown, not taken for "missing"', async () => {
    const db = new FakeCloudBaseDb(mode); // collections never created
    const store = new CloudBaseStore(db, { sdk });
    await expect(store.get('counters', 'c1')).rejects.toThrow(/collection counters does not exist/);
    await expect(store.query('counters', { limit: 5 })).rejects.toThrow(/does not exist/);
    await expect(store.count('counters')).rejects.toThrow(/does not exist/);
  });
});

describe.each(MODES)('CloudBase over an in-memory fake db ($label): write clashes', (mode) => {
  const { sdk } = mode;
  const argOf = (body: object): object => (sdk === 'wx-server-sdk' ? { data: body } : body);
  /** a set inside a transaction, as the SDK answers it: what it returned, or what it threw */
  const setIn = (tx: CloudBaseTransaction, id: string, value: number): Promise<{ returned?: unknown; thrown?: unknown }> =>
    Promise.resolve(tx.collection('counters').doc(id).set(argOf({ version: 1, value })))
      .then((returned) => ({ returned }))
      .catch((thrown: unknown) => ({ thrown }));

  /** How this SDK reports the service's DATABASE_TRANSACTION_CONFLICT at a set. */
  const clashAtSet = (): { returned?: unknown; thrown?: unknown } => {
    if (sdk === 'wx-server-sdk') {
      const text = `document.set:fail -501001 resource system error. ${TRANSACTION_CONFLICT.message}`;
      return { thrown: expect.objectContaining({ errCode: -501001, errMsg: text, message: text }) as unknown };
    }
    const failure = { ...TRANSACTION_CONFLICT, requestId: expect.any(String) as unknown };
    return mode.throwOnCode === false ? { returned: failure } : { thrown: expect.objectContaining(failure) as unknown };
  };

  it('the fake refuses a set at once while another open transaction holds a write to the document, in the SDK’s shape', async () => {
    const { db } = await fakeStore(mode);
    let second: { returned?: unknown; thrown?: unknown } = {};
    await db.runTransaction(async (first) => {
      expect(await setIn(first, 'c1', 1)).toEqual({ returned: expect.anything() });
      await db.runTransaction(async (other) => {
        second = await setIn(other, 'c1', 2);
      }, 0);
    }, 0);
    expect(second).toEqual(clashAtSet());
    if (sdk === 'wx-server-sdk') expect((second.thrown as { code?: unknown }).code).toBeUndefined();
    if (second.thrown) expect(second.thrown).toBeInstanceOf(Error);
    // the first committed and released its lock: a new transaction writes the document
    expect(JSON.parse(db.table('counters')?.get('c1') ?? '{}')).toEqual({ version: 1, value: 1 });
    await db.runTransaction(async (tx) => {
      expect(await setIn(tx, 'c1', 3)).toEqual({ returned: expect.anything() });
    }, 0);
    expect(JSON.parse(db.table('counters')?.get('c1') ?? '{}')).toEqual({ version: 1, value: 3 });
  });

  it('the fake refuses a set to a document committed since the transaction’s snapshot, and a rollback releases locks', async () => {
    const { db } = await fakeStore(mode);
    let late: { returned?: unknown; thrown?: unknown } = {};
    await db.runTransaction(async (older) => {
      await db.runTransaction(async (newer) => {
        await setIn(newer, 'c1', 1);
      }, 0);
      late = await setIn(older, 'c1', 2);
    }, 0);
    expect(late).toEqual(clashAtSet());
    expect(JSON.parse(db.table('counters')?.get('c1') ?? '{}')).toEqual({ version: 1, value: 1 });

    await expect(
      db.runTransaction(async (tx) => {
        await setIn(tx, 'c2', 1);
        throw new Error('changed my mind');
      }, 0),
    ).rejects.toThrow('changed my mind');
    await db.runTransaction(async (tx) => {
      expect(await setIn(tx, 'c2', 2)).toEqual({ returned: expect.anything() });
    }, 0);
    expect(db.table('counters')?.get('c2')).toBe(JSON.stringify({ version: 1, value: 2 }));
  });

  it('the fake’s runTransaction re-runs only on an error whose code is the conflict: never on a wx-server-sdk set', async () => {
    const { db } = await fakeStore(mode);
    let runs = 0;
    await db.runTransaction(async (holder) => {
      await setIn(holder, 'c1', 1);
      await db
        .runTransaction(async (tx) => {
          runs++;
          const { returned, thrown } = await setIn(tx, 'c1', 2);
          // a caller answered `{ code, message }` throws it, as the adapter does
          throw thrown ?? returned;
        }, 3)
        .catch(() => undefined);
    }, 0);
    expect(runs).toBe(sdk === 'wx-server-sdk' ? 1 : 4);
  });

  it('a clash at a set that clears on a re-run: the adapter re-runs the transaction and the commit goes through', async () => {
    const { db, store } = await fakeStore(mode);
    await store.put('counters', counter('c1', 1), 0);
    let clashes = 0;
    db.inject = (call) => (call.kind === 'txSet' && call.id === 'c1' && clashes++ === 0 ? TRANSACTION_CONFLICT : undefined);
    db.log.length = 0;
    await store.put('counters', counter('c1', 2, 9), 1);
    expect(db.log.filter((e) => e.kind === 'txBegin')).toHaveLength(2);
    expect(await store.get('counters', 'c1')).toEqual(counter('c1', 2, 9));
  });

  it('clashes that outlast the re-runs: ConflictError naming the document whose set (or get) clashed, nothing written', async () => {
    const { db, store } = await fakeStore(mode, { store: { transactionRetries: 2 } });
    db.inject = (call) => (call.kind === 'txSet' && call.collection === 'requests' ? TRANSACTION_CONFLICT : undefined);
    await expect(
      store.commit({ writes: [{ collection: 'counters', doc: counter('c1', 1), expectedVersion: 0 }], audit: [], outbox: [], request: requestDoc('r1') }),
    ).rejects.toEqual(new ConflictError('requests', 'r1'));
    expect(db.log.filter((e) => e.kind === 'txBegin')).toHaveLength(3);
    expect(await store.get('requests', 'r1')).toBeNull();

    db.inject = (call) => (call.kind === 'txGet' && call.id === 'c1' ? TRANSACTION_CONFLICT : undefined);
    await expect(
      store.commit({ writes: [{ collection: 'counters', doc: counter('c1', 1), expectedVersion: 0 }], audit: [], outbox: [], request: requestDoc('r1') }),
    ).rejects.toEqual(new ConflictError('counters', 'c1'));
    expect(await store.get('counters', 'c1')).toBeNull();
  });

  const shapes: [string, ServiceFailure][] = [
    ['a transaction conflict', TRANSACTION_CONFLICT],
    ['a duplicate key', { code: 'DATABASE_REQUEST_FAILED', message: 'E11000 duplicate key error collection: outbox index: _id_ dup key: { _id: "o1" }' }],
    // wx-server-sdk keeps no code: this one is told only by a message naming it, which the service does not promise
    ...(sdk === 'wx-server-sdk' ? [] : [['a duplicate write', { code: 'DATABASE_DUPLICATE_WRITE', message: 'duplicate write' }] as [string, ServiceFailure]]),
  ];
  it.each(shapes)('%s reported at a set is a ConflictError on that document', async (_, failure) => {
    const { db, store } = await fakeStore(mode, { store: { transactionRetries: 0 } });
    db.inject = (call) => (call.kind === 'txSet' ? failure : undefined);
    await expect(store.commit({ writes: [], audit: [], outbox: [outbox('o1')] })).rejects.toEqual(new ConflictError('outbox', 'o1'));
  });

  it('a clash reported at the commit names the commit’s first document: the request, so that its answer is looked for', async () => {
    const { db, store } = await fakeStore(mode, { store: { transactionRetries: 2 } });
    await store.put('counters', counter('c1', 1), 0);
    // another client keeps rewriting c1, leaving its version as it was: every run clashes only at the commit
    db.beforeCommit = () => db.poke('counters', counter('c1', 1, 7));
    db.log.length = 0;
    await expect(
      store.commit({ writes: [{ collection: 'counters', doc: counter('c1', 2), expectedVersion: 1 }], audit: [], outbox: [], request: requestDoc('r1') }),
    ).rejects.toEqual(new ConflictError('requests', 'r1'));
    expect(db.log.filter((e) => e.kind === 'txConflict')).toHaveLength(3);
    expect(await store.get('requests', 'r1')).toBeNull();
  });

  it('another error (permission denied) is thrown as the SDK made it, without a re-run', async () => {
    const { db, store } = await fakeStore(mode);
    const thrown: unknown[] = [];
    const fail = db.fail.bind(db);
    jest.spyOn(db, 'fail').mockImplementation((...args) => {
      try {
        return fail(...args);
      } catch (e) {
        thrown.push(e);
        throw e;
      }
    });
    db.inject = (call) => (call.kind === 'txSet' ? { code: 'DATABASE_PERMISSION_DENIED', message: 'permission denied' } : undefined);
    const error = await store.put('counters', counter('c1', 1), 0).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).not.toBeInstanceOf(ConflictError);
    if (sdk === 'wx-server-sdk') {
      expect(error).toBe(thrown[0]);
      expect(error).toMatchObject({ errCode: -502003, message: 'document.set:fail -502003 database permission denied. permission denied' });
    } else if (mode.throwOnCode === false) {
      expect(error).toBeInstanceOf(CloudBaseError);
      expect(error).toMatchObject({ code: 'DATABASE_PERMISSION_DENIED', message: 'CloudBase DATABASE_PERMISSION_DENIED: permission denied' });
    } else {
      expect(error).toBe(thrown[0]);
      expect(error).toMatchObject({ code: 'DATABASE_PERMISSION_DENIED', message: 'permission denied' });
    }
    expect(db.log.filter((e) => e.kind === 'txBegin')).toHaveLength(1);
    expect(await store.get('counters', 'c1')).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------------------

const CREDENTIALS = ['TCB_ENV_ID', 'TCB_SECRET_ID', 'TCB_SECRET_KEY'] as const;
const missing = CREDENTIALS.filter((name) => !process.env[name]);

const skipReason = `skipped: set ${missing.join(', ')} to run it against a real environment`;
if (missing.length > 0) {
  console.info(
    `CloudBase contract not run against a real environment (${skipReason}). ` +
      'Only the adapter over an in-memory fake db was tested. No CloudBase SDK was loaded.',
  );
}
const suite = missing.length > 0 ? describe.skip : describe;
const env = process.env.TCB_ENV_ID ?? '';
const prefix = process.env.TCB_TEST_PREFIX ?? 'storetest_';
let database: NodeSdkDb | undefined;

const open = async (): Promise<NodeSdkDb> => {
  if (!database) {
    // loaded here only: without credentials this file never touches the SDK
    const tcb = await import('@cloudbase/node-sdk');
    const app = tcb.init({ env, secretId: process.env.TCB_SECRET_ID, secretKey: process.env.TCB_SECRET_KEY });
    const db = app.database();
    await createCollections(db, { prefix });
    database = db;
  }
  return database;
};

const empty = async (db: NodeSdkDb): Promise<void> => {
  const _ = db.command;
  for (const name of COLLECTION_NAMES satisfies CollectionName[]) {
    await db
      .collection(prefix + name)
      .where({ _id: _.exists(true) })
      .remove();
  }
};

suite(`CloudBase contract against a real environment (${missing.length > 0 ? skipReason : `${env}, collections ${prefix}*`})`, () => {
  describeStoreContract(
    `CloudBase (real environment ${env}, collections ${prefix}*, through @cloudbase/node-sdk)`,
    async () => {
      const db = await open();
      await empty(db);
      return new CloudBaseStore(db, { sdk: 'node-sdk', prefix });
    },
    async (store: Store) => {
      await store.close();
      if (database) await empty(database);
    },
    { slowTimeoutMs: 15 * 60_000 },
  );
});
