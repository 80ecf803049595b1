/**
 * The CloudBase adapter, two ways:
 * 1. over an in-memory FAKE of the database interface (tests/store/fakeCloudbaseDb.ts), in both SDKs' call shapes:
 *    the adapter's logic (version checks, all-or-nothing commits, cursor paging, chunked getMany, transaction rules)
 *    runs here on every machine. It is not CloudBase: it shows the adapter is right about the documented behaviour.
 * 2. against a real CloudBase environment through @cloudbase/node-sdk, only when TCB_ENV_ID, TCB_SECRET_ID and
 *    TCB_SECRET_KEY are all set. Otherwise no SDK is loaded at all (a stray SDK call crashes Node 20).
 *    The SDK cannot drop collections, so the real run reuses one set of collections named TCB_TEST_PREFIX + name
 *    (default `storetest_`), creating them if needed and emptying them before every test and after the last: point it
 *    at a test environment, and do not run two of these at once against the same prefix.
 */
import type { CollectionName } from '../../server/domain/types';
import {
  CloudBaseStore,
  createCollections,
  type CloudBaseSdk,
  type NodeSdkDb,
} from '../../server/store/cloudbase';
import { COLLECTION_NAMES, ConflictError, type Store } from '../../server/store/port';
import { auditEntry, counter, describeStoreContract, outbox, requestDoc } from './contract';
import { FakeCloudBaseDb } from './fakeCloudbaseDb';

const SDKS: CloudBaseSdk[] = ['node-sdk', 'wx-server-sdk'];

async function fakeStore(sdk: CloudBaseSdk, prefix?: string): Promise<{ db: FakeCloudBaseDb; store: CloudBaseStore }> {
  const db = new FakeCloudBaseDb({ sdk });
  await createCollections(db, prefix === undefined ? {} : { prefix });
  return { db, store: new CloudBaseStore(db, prefix === undefined ? { sdk } : { sdk, prefix }) };
}

for (const sdk of SDKS) {
  describeStoreContract(`CloudBase adapter over an in-memory fake db (${sdk} call shapes)`, async () => {
    const { store } = await fakeStore(sdk);
    return store;
  });
}

describe.each(SDKS)('CloudBase adapter over an in-memory fake db (%s call shapes): how it uses the database', (sdk) => {
  it('the fake enforces the transaction rules: where() inside a transaction throws', async () => {
    const { db } = await fakeStore(sdk);
    await expect(
      db.runTransaction(async (tx) => {
        const c = tx.collection('counters') as unknown as { where(condition: object): unknown };
        c.where({ _id: 'x' });
      }),
    ).rejects.toThrow(/where\(\) is not allowed inside a transaction/);
  });

  it('a commit reads every document it writes inside one transaction, then sets them; no query in between', async () => {
    const { db, store } = await fakeStore(sdk);
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
    const { db, store } = await fakeStore(sdk);
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
    const { db, store } = await fakeStore(sdk);
    await store.put('counters', counter('c1', 1, 1), 0);
    db.beforeCommit = (attempt) => {
      // another function instance moves c1 to version 2 while our first attempt is in flight
      if (attempt === 0) db.poke('counters', counter('c1', 2, 20));
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
    const { db, store } = await fakeStore(sdk);
    db.beforeCommit = (attempt) => {
      if (attempt === 0) db.poke('outbox', outbox('o1', { to: 'first-writer' }));
    };
    await expect(store.commit({ writes: [], audit: [], outbox: [outbox('o1')] })).rejects.toMatchObject({
      collection: 'outbox',
      id: 'o1',
    });
    expect(await store.get('outbox', 'o1')).toEqual(outbox('o1', { to: 'first-writer' }));
  });

  it('a write conflict that left the version as it was is retried, and the re-run succeeds', async () => {
    const { db, store } = await fakeStore(sdk);
    await store.put('counters', counter('c1', 1), 0);
    let runs = 0;
    db.beforeCommit = (attempt) => {
      runs++;
      // touch the very document we write, but leave its version as it was: the re-run finds no conflict
      if (attempt === 0) db.poke('counters', counter('c1', 1, 5));
    };
    await store.put('counters', counter('c1', 2, 6), 1);
    expect(runs).toBe(2);
    expect(await store.get('counters', 'c1')).toEqual(counter('c1', 2, 6));
  });

  it('getMany asks in chunks of at most 100 ids', async () => {
    const { db, store } = await fakeStore(sdk);
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
    const { db, store } = await fakeStore(sdk);
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
    const db = new FakeCloudBaseDb({ sdk });
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
    const db = new FakeCloudBaseDb({ sdk }); // collections never created
    const store = new CloudBaseStore(db, { sdk });
    await expect(store.get('counters', 'c1')).rejects.toThrow(/collection counters does not exist/);
    await expect(store.query('counters', { limit: 5 })).rejects.toThrow(/does not exist/);
    await expect(store.count('counters')).rejects.toThrow(/does not exist/);
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
