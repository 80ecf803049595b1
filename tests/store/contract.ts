/**
 * The store contract: the same tests for every Store adapter. Each test gets a fresh, empty store from `make` and
 * hands it to `cleanup` afterwards (default: close it).
 */
import type {
  AuditEntry,
  CollectionName,
  Collections,
  CounterDoc,
  InviteDoc,
  OutboxDoc,
  RequestDoc,
  SettingsDoc,
} from '../../server/domain/types';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Deps } from '../../server/app/deps';
import { mutate, type Plan } from '../../server/app/mutate';
import { LocalFileStorage } from '../../server/storage/local';
import { ConflictError, type Commit, type Filter, type Query, type Store } from '../../server/store/port';
import { SUMMARIES } from '../../server/store/port';
import { tally } from '../../server/store/summaries';
import { aSourceCheck, aStudent, aTermination, anAgreement, anEmployer } from '../domain/builders';

export interface ContractOptions {
  /** timeout of the tests that seed hundreds of documents (a remote database needs minutes) */
  slowTimeoutMs?: number;
}

const T0 = '2025-06-01T08:00:00.000Z';
const minutes = (n: number): string => new Date(Date.parse(T0) + n * 60_000).toISOString();

export const counter = (id: string, version: number, value = 0): CounterDoc => ({ _id: id, version, value });

export const outbox = (id: string, over: Partial<OutboxDoc> = {}): OutboxDoc => ({
  _id: id,
  version: 1,
  to: 'openid-student-1',
  template: 'reviewResult',
  page: 'pkg/agreement/detail?id=a1',
  data: { thing1: '张三的三方协议', time2: '2025年06月01日 16:00' },
  state: 'pending',
  attempts: 0,
  createdAt: T0,
  nextAttemptAt: T0,
  ...over,
});

export const auditEntry = (id: string, recordId = 'offer-1', seq = 1): AuditEntry => ({
  _id: id,
  version: 1,
  record: 'offer',
  recordId,
  seq,
  from: null,
  to: 'open',
  action: 'send',
  actor: { openid: 'openid-hr-1', role: 'employer' },
  at: T0,
  prevHash: '',
  hash: `hash-${id}`,
});

export const requestDoc = (id: string): RequestDoc => ({
  _id: id,
  version: 1,
  result: { ok: true, data: { agreementId: 'a1', agreementNo: null, flags: [true, false] } },
  at: T0,
});

export const invite = (id: string, usedBy: string | null): InviteDoc => ({
  _id: id,
  version: 1,
  createdAt: T0,
  updatedAt: T0,
  auditHead: 'c'.repeat(64),
  role: 'employer',
  employerId: 'employer-1',
  expiresAt: minutes(60 * 24),
  usedBy,
});

export const settings = (id: string, allowStudentInitiate: boolean): SettingsDoc => ({
  _id: id,
  version: 1,
  createdAt: T0,
  updatedAt: T0,
  auditHead: 'd'.repeat(64),
  schoolCode: '10001',
  schoolName: '示例大学',
  colleges: [{ id: 'c01', name: '计算机学院' }],
  allowStudentInitiate,
  allowStudentTermination: !allowStudentInitiate,
  terminationGuide: '',
  offerTtlDays: 14,
  printCopies: 4,
  schoolAddress: '',
  schoolPhone: '',
  paperCopiesNote: '请于签约成功后 7 天内将纸质协议书交至院系就业办。',
  templates: {},
  miniprogramState: 'formal',
  helpContacts: [],
  faq: [],
  notices: [],
  privacyRetention: '按学校档案管理规定保存',
  returnReasons: { sourceCheck: [], employmentCheck: [], agreement: [], termination: [], employer: [], destination: [] },
  requireHrAuthorization: false,
  destinationDeadline: '08-31',
  employerConfirmation: false,
  confirmLinkTtlDays: 7,
  employerSeal: false,
  studentSignature: false,
  penaltyCapYuan: 5000,
  mutualConsentTermination: false,
  terminationLimit: 0,
});

const commitOf = (parts: Partial<Commit>): Commit => ({ writes: [], audit: [], outbox: [], ...parts });

async function expectConflict(done: Promise<unknown>, collection: CollectionName, id: string): Promise<void> {
  const error = await done.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConflictError);
  expect(error).toMatchObject({ collection, id });
}

/** Puts documents that do not exist yet, a few at a time (a remote store is slow one by one). */
async function seed<C extends 'outbox' | 'counters'>(store: Store, collection: C, docs: Collections[C][]): Promise<void> {
  for (let i = 0; i < docs.length; i += 25) {
    await Promise.all(docs.slice(i, i + 25).map((doc) => store.put(collection, doc, 0)));
  }
}

async function pageAll(
  store: Store,
  query: Omit<Query, 'after'>,
): Promise<{ ids: string[]; sizes: number[]; docs: OutboxDoc[] }> {
  const docs: OutboxDoc[] = [];
  const sizes: number[] = [];
  let after: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await store.query('outbox', after ? { ...query, after } : query);
    docs.push(...page.items);
    sizes.push(page.items.length);
    if (!page.next) return { ids: docs.map((d) => d._id), sizes, docs };
    after = page.next;
  }
  throw new Error('paging did not end');
}

const ids = (docs: readonly { _id: string }[]): string[] => docs.map((d) => d._id);
const sortedIds = (docs: readonly { _id: string }[]): string[] => ids(docs).sort();

const byThen =
  <T extends { _id: string }>(key: (d: T) => number | string, desc = false) =>
  (a: T, b: T): number => {
    const ka = key(a);
    const kb = key(b);
    const c = ka < kb ? -1 : ka > kb ? 1 : a._id < b._id ? -1 : a._id > b._id ? 1 : 0;
    return desc ? -c : c;
  };

/**
 * A store made before each test and closed (or cleaned up) after it; `store()` is the current one. Only a store that
 * was made is cleaned up: a failed make leaves nothing behind.
 */
function storePerTest(make: () => Promise<Store>, cleanup?: (store: Store) => Promise<void>): () => Store {
  let made: Store | undefined;
  beforeEach(async () => {
    made = undefined;
    made = await make();
  });
  afterEach(async () => {
    if (!made) return;
    if (cleanup) await cleanup(made);
    else await made.close();
  });
  return () => made!;
}

/**
 * Real contention: calls sent at the same moment, each left to the store to settle (no hook steps in). Part of the
 * contract, and run on its own over stores slow enough that the calls interleave as they would over a network.
 */
export function describeContentionContract(name: string, make: () => Promise<Store>, cleanup?: (store: Store) => Promise<void>): void {
  describe(`Store contract under contention: ${name}`, () => {
    const current = storePerTest(make, cleanup);
    let store: Store;
    beforeEach(() => {
      store = current();
    });

    it('ten commits at once, each expecting version 1 of one counter: exactly one takes effect, every other is a ConflictError on it', async () => {
      await store.put('counters', counter('c1', 1, 0), 0);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          store.commit(
            commitOf({ writes: [{ collection: 'counters', doc: counter('c1', 2, i + 1), expectedVersion: 1 }], audit: [auditEntry(`a${i}`)] }),
          ),
        ),
      );
      const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
      expect(won).toHaveLength(1);
      for (const o of outcomes) {
        if (o.status === 'fulfilled') continue;
        expect(o.reason).toBeInstanceOf(ConflictError);
        expect(o.reason).toMatchObject({ collection: 'counters', id: 'c1' });
      }
      const winner = won[0]!;
      expect(await store.get('counters', 'c1')).toEqual(counter('c1', 2, winner + 1));
      // only the winner's audit entry was written with it: a losing commit wrote nothing
      const audits = await store.getMany('audit', Array.from({ length: 10 }, (_, i) => `a${i}`));
      expect(ids(audits)).toEqual([`a${winner}`]);
    });

    it('ten agreements of one college committed at once: each commit that takes effect counts its agreement, none other does', async () => {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          store.commit(commitOf({ writes: [{ collection: 'agreements', doc: anAgreement('pendingCollege', { _id: `lane-${i}`, collegeId: 'cs' }), expectedVersion: 0 }] })),
        ),
      );
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ConflictError);
      const written = outcomes.filter((o) => o.status === 'fulfilled').length;
      expect(written).toBeGreaterThan(0);
      expect(await store.count('agreements')).toBe(written);
      expect(await summed(store, 'agreements', [stateIs('pendingCollege'), inCollege('cs')])).toBe(written);
      expect(await summed(store, 'agreements', [stateIs('pendingCollege')])).toBe(written);
    });

    it('a request sent twice at once (a double tap) through mutate: one effect, and the second gets the first answer', async () => {
      const deps: Deps = {
        store,
        files: new LocalFileStorage(mkdtempSync(path.join(tmpdir(), 'wq-contention-'))),
        clock: () => new Date(T0),
        newId: () => 'unused',
      };
      await store.put('counters', counter('c1', 1, 0), 0);
      const request = { key: 'openid-student-1:req-double-tap', fingerprint: 'same-request' };
      const plan = async (): Promise<Plan<{ value: number }>> => {
        const c = (await store.get('counters', 'c1'))!;
        return {
          commit: { writes: [{ collection: 'counters', doc: counter('c1', c.version + 1, c.value + 1), expectedVersion: c.version }], audit: [], outbox: [] },
          result: { value: c.value + 1 },
        };
      };
      const [first, second] = await Promise.all([mutate(deps, request, plan), mutate(deps, request, plan)]);
      expect(first).toEqual({ value: 1 });
      expect(second).toEqual(first);
      expect(await store.get('counters', 'c1')).toEqual(counter('c1', 2, 1));
      expect(await store.get('requests', request.key)).toMatchObject({ result: { value: 1 }, fingerprint: 'same-request' });
    });
  });
}

const stateIs = (state: string): Filter => ({ field: 'state', op: '==', value: state });
const inCollege = (collegeId: string): Filter => ({ field: 'collegeId', op: '==', value: collegeId });
const kindIs = (kind: string): Filter => ({ field: 'kind', op: '==', value: kind });

/** One count as the summaries answer it (the reviewer's reads): only where a summary serves it. */
async function summed(store: Store, collection: 'students' | 'checks' | 'agreements' | 'terminations' | 'employers', where: Filter[]): Promise<number> {
  const [n] = await tally(store, [{ collection, where }]);
  return n!;
}

/** Every summary document, id → version: what a write that moves no summary must leave as it was. */
async function summaryVersions(store: Store): Promise<Record<string, number>> {
  const { items } = await store.query('summaries', { limit: 1000 });
  return Object.fromEntries(items.map((d) => [d._id, d.version]));
}

/**
 * The summary counters (port.ts SUMMARIES) the adapters keep in every commit and put: each read as the reviewer's
 * statistics and queue counts read them, against the store's own count of the same records.
 */
export function describeSummaryContract(name: string, make: () => Promise<Store>, cleanup?: (store: Store) => Promise<void>): void {
  describe(`Store contract, summary counters: ${name}`, () => {
    const current = storePerTest(make, cleanup);
    let store: Store;
    beforeEach(() => {
      store = current();
    });

    /** Every count the summaries serve for these colleges and states, from the summaries and counted by the store. */
    async function bothWays(colleges: string[]): Promise<{ summed: number[]; counted: number[] }> {
      const asks: { collection: 'students' | 'checks' | 'agreements' | 'terminations' | 'employers'; where: Filter[] }[] = [];
      for (const c of [...colleges.map((id) => [inCollege(id)]), []]) {
        if (c.length) asks.push({ collection: 'students', where: c });
        for (const state of ['draft', 'submitted', 'approved', 'returned']) asks.push({ collection: 'checks', where: [kindIs('source'), stateIs(state), ...c] });
        for (const state of ['draft', 'pendingCollege', 'pendingSchool', 'signed']) asks.push({ collection: 'agreements', where: [stateIs(state), ...c] });
        for (const state of ['submitted', 'approved']) asks.push({ collection: 'terminations', where: [stateIs(state), ...c] });
      }
      for (const state of ['registered', 'certified']) asks.push({ collection: 'employers', where: [stateIs(state)] });
      const [fromSummaries, counted] = await Promise.all([tally(store, asks), Promise.all(asks.map((a) => store.count(a.collection, a.where)))]);
      return { summed: fromSummaries, counted };
    }

    it('given records created by commits and puts, then every summary count equals the store\'s count of the same records', async () => {
      await store.put('students', aStudent({ _id: 's1', studentNo: 's1', collegeId: 'cs' }), 0);
      await store.put('students', aStudent({ _id: 's2', studentNo: 's2', collegeId: 'cs' }), 0);
      await store.put('students', aStudent({ _id: 's3', studentNo: 's3', collegeId: 'law' }), 0);
      await store.put('employers', anEmployer('registered', { _id: 'e1' }), 0);
      await store.commit(
        commitOf({
          writes: [
            { collection: 'agreements', doc: anAgreement('pendingCollege', { _id: 'a1', collegeId: 'cs' }), expectedVersion: 0 },
            { collection: 'agreements', doc: anAgreement('signed', { _id: 'a2', collegeId: 'law' }), expectedVersion: 0 },
            { collection: 'checks', doc: aSourceCheck('submitted', { _id: 'source:s1', collegeId: 'cs' }), expectedVersion: 0 },
            { collection: 'terminations', doc: aTermination('submitted', { _id: 't1', collegeId: 'law' }), expectedVersion: 0 },
          ],
          audit: [auditEntry('a-1')],
        }),
      );
      const { summed: got, counted } = await bothWays(['cs', 'law', 'none']);
      expect(got).toEqual(counted);
      expect(await summed(store, 'students', [inCollege('cs')])).toBe(2);
      expect(await summed(store, 'agreements', [stateIs('signed'), inCollege('law')])).toBe(1);
      expect(await summed(store, 'checks', [kindIs('source'), stateIs('submitted')])).toBe(1);
      expect(await summed(store, 'employers', [stateIs('registered')])).toBe(1);
    });

    it('given an agreement, when its state and then its college change, then the counts move with it; a write that keeps both moves no summary document', async () => {
      const a1 = anAgreement('pendingCollege', { _id: 'a1', version: 1, collegeId: 'cs' });
      await store.commit(commitOf({ writes: [{ collection: 'agreements', doc: a1, expectedVersion: 0 }] }));
      await store.commit(commitOf({ writes: [{ collection: 'agreements', doc: { ...a1, version: 2, state: 'pendingSchool' }, expectedVersion: 1 }] }));
      expect(await summed(store, 'agreements', [stateIs('pendingCollege'), inCollege('cs')])).toBe(0);
      expect(await summed(store, 'agreements', [stateIs('pendingSchool'), inCollege('cs')])).toBe(1);
      expect(await summed(store, 'agreements', [stateIs('pendingSchool')])).toBe(1);
      await store.put('agreements', { ...a1, version: 3, state: 'pendingSchool', collegeId: 'law' }, 2);
      expect(await summed(store, 'agreements', [stateIs('pendingSchool'), inCollege('cs')])).toBe(0);
      expect(await summed(store, 'agreements', [stateIs('pendingSchool'), inCollege('law')])).toBe(1);
      expect(await summed(store, 'agreements', [stateIs('pendingSchool')])).toBe(1);
      const before = await summaryVersions(store);
      await store.put('agreements', { ...a1, version: 4, state: 'pendingSchool', collegeId: 'law', employerName: '另一家单位' }, 3);
      expect(await summaryVersions(store)).toEqual(before);
      const { summed: got, counted } = await bothWays(['cs', 'law']);
      expect(got).toEqual(counted);
    });

    it('given one commit that creates a record and changes it again, then it counts once, in its final state', async () => {
      const c = aSourceCheck('draft', { _id: 'source:s1', version: 1, collegeId: 'cs' });
      await store.commit(
        commitOf({
          writes: [
            { collection: 'checks', doc: c, expectedVersion: 0 },
            { collection: 'checks', doc: { ...c, version: 2, state: 'submitted' }, expectedVersion: 1 },
          ],
        }),
      );
      expect(await summed(store, 'checks', [kindIs('source'), stateIs('draft'), inCollege('cs')])).toBe(0);
      expect(await summed(store, 'checks', [kindIs('source'), stateIs('submitted'), inCollege('cs')])).toBe(1);
    });

    it('given a commit refused for a stale version, then no summary moved', async () => {
      await store.put('agreements', anAgreement('pendingCollege', { _id: 'a1', version: 1, collegeId: 'cs' }), 0);
      const before = await summaryVersions(store);
      await expectConflict(
        store.commit(
          commitOf({
            writes: [
              { collection: 'agreements', doc: anAgreement('signed', { _id: 'a2', version: 1, collegeId: 'cs' }), expectedVersion: 0 },
              { collection: 'agreements', doc: anAgreement('pendingSchool', { _id: 'a1', version: 3, collegeId: 'cs' }), expectedVersion: 2 },
            ],
          }),
        ),
        'agreements',
        'a1',
      );
      expect(await summaryVersions(store)).toEqual(before);
      expect(await summed(store, 'agreements', [stateIs('pendingCollege'), inCollege('cs')])).toBe(1);
      expect(await summed(store, 'agreements', [stateIs('signed'), inCollege('cs')])).toBe(0);
    });

    it('given a put that keeps the summaries (restore, recount), then it writes the record alone', async () => {
      await store.put('students', aStudent({ _id: 's1', studentNo: 's1', collegeId: 'cs' }), 0, { keepSummaries: true });
      expect(await store.count('summaries')).toBe(0);
      expect(await summed(store, 'students', [inCollege('cs')])).toBe(0);
    });

    it('given many records of one college, then they spread over its shards and the count is their sum', async () => {
      for (let i = 0; i < 24; i++) await store.put('students', aStudent({ _id: `s${i}`, studentNo: `s${i}`, collegeId: 'cs' }), 0);
      // students have other summaries too (studentsByMajor): this one's shards
      const shards = (await store.query('summaries', { limit: 1000 })).items.filter((d) => d._id.startsWith('studentsByCollege:'));
      expect(shards.length).toBeGreaterThan(1);
      expect(shards.length).toBeLessThanOrEqual(SUMMARIES.studentsByCollege.shards);
      expect(shards.reduce((n, d) => n + (d.counts.all ?? 0), 0)).toBe(24);
      expect(await summed(store, 'students', [inCollege('cs')])).toBe(24);
    });
  });
}

export function describeStoreContract(
  name: string,
  make: () => Promise<Store>,
  cleanup?: (store: Store) => Promise<void>,
  options: ContractOptions = {},
): void {
  describeContentionContract(name, make, cleanup);
  describeSummaryContract(name, make, cleanup);
  describe(`Store contract: ${name}`, () => {
    const current = storePerTest(make, cleanup);
    let store: Store;
    beforeEach(() => {
      store = current();
    });

    it('get of a missing document is null', async () => {
      expect(await store.get('counters', 'nope')).toBeNull();
      expect(await store.get('audit', 'nope')).toBeNull();
      expect(await store.getMany('counters', ['nope'])).toEqual([]);
    });

    it('a commit creates every document it names, and get returns each exactly as written', async () => {
      const c = counter('c1', 1, 7);
      const i = invite('i1', null);
      const a = auditEntry('a1');
      const o = outbox('o1');
      const r = requestDoc('r1');
      await store.commit(
        commitOf({
          writes: [
            { collection: 'counters', doc: c, expectedVersion: 0 },
            { collection: 'invites', doc: i, expectedVersion: 0 },
          ],
          audit: [a],
          outbox: [o],
          request: r,
        }),
      );
      expect(await store.get('counters', 'c1')).toEqual(c);
      expect(await store.get('invites', 'i1')).toEqual(i);
      expect(await store.get('audit', 'a1')).toEqual(a);
      expect(await store.get('outbox', 'o1')).toEqual(o);
      expect(await store.get('requests', 'r1')).toEqual(r);
      expect(await store.count('audit')).toBe(1);
    });

    it('a write replaces version n with n + 1', async () => {
      await store.put('counters', counter('c1', 1, 1), 0);
      await store.commit(commitOf({ writes: [{ collection: 'counters', doc: counter('c1', 2, 2), expectedVersion: 1 }] }));
      expect(await store.get('counters', 'c1')).toEqual(counter('c1', 2, 2));
      await store.commit(commitOf({ writes: [{ collection: 'counters', doc: counter('c1', 3, 3), expectedVersion: 2 }] }));
      expect(await store.get('counters', 'c1')).toEqual(counter('c1', 3, 3));
    });

    it('a stale expected version → ConflictError, and nothing of that commit is written', async () => {
      await store.put('counters', counter('c1', 1, 1), 0);
      await store.put('counters', counter('c1', 2, 2), 1);
      await expectConflict(
        store.commit(
          commitOf({
            // the good write comes first: an adapter that writes as it goes would leave it behind
            writes: [
              { collection: 'counters', doc: counter('c-new', 1, 9), expectedVersion: 0 },
              { collection: 'counters', doc: counter('c1', 2, 99), expectedVersion: 1 },
            ],
            audit: [auditEntry('a-x')],
            outbox: [outbox('o-x')],
            request: requestDoc('r-x'),
          }),
        ),
        'counters',
        'c1',
      );
      expect(await store.get('counters', 'c-new')).toBeNull();
      expect(await store.get('counters', 'c1')).toEqual(counter('c1', 2, 2));
      expect(await store.get('audit', 'a-x')).toBeNull();
      expect(await store.get('outbox', 'o-x')).toBeNull();
      expect(await store.get('requests', 'r-x')).toBeNull();
      // updating a document that does not exist is a conflict too
      await expectConflict(
        store.commit(commitOf({ writes: [{ collection: 'counters', doc: counter('ghost', 4), expectedVersion: 3 }] })),
        'counters',
        'ghost',
      );
      expect(await store.get('counters', 'ghost')).toBeNull();
    });

    it('creating a document whose id exists → ConflictError, nothing written', async () => {
      await store.put('counters', counter('c1', 1, 1), 0);
      await expectConflict(
        store.commit(
          commitOf({
            writes: [
              { collection: 'counters', doc: counter('c2', 1), expectedVersion: 0 },
              { collection: 'counters', doc: counter('c1', 1, 50), expectedVersion: 0 },
            ],
            audit: [auditEntry('a2')],
          }),
        ),
        'counters',
        'c1',
      );
      expect(await store.get('counters', 'c1')).toEqual(counter('c1', 1, 1));
      expect(await store.get('counters', 'c2')).toBeNull();
      expect(await store.get('audit', 'a2')).toBeNull();
    });

    it('an audit entry or outbox message whose id exists → ConflictError on that collection, nothing written', async () => {
      await store.commit(commitOf({ audit: [auditEntry('a1')], outbox: [outbox('o1')] }));
      await expectConflict(
        store.commit(
          commitOf({
            writes: [{ collection: 'counters', doc: counter('c9', 1), expectedVersion: 0 }],
            audit: [auditEntry('a1', 'other-record')],
          }),
        ),
        'audit',
        'a1',
      );
      await expectConflict(
        store.commit(
          commitOf({
            writes: [{ collection: 'counters', doc: counter('c9', 1), expectedVersion: 0 }],
            audit: [auditEntry('a9')],
            outbox: [outbox('o1', { to: 'someone-else' })],
          }),
        ),
        'outbox',
        'o1',
      );
      expect(await store.get('counters', 'c9')).toBeNull();
      expect(await store.get('audit', 'a9')).toBeNull();
      expect(await store.get('audit', 'a1')).toEqual(auditEntry('a1'));
      expect(await store.get('outbox', 'o1')).toEqual(outbox('o1'));
    });

    it("a request that was already answered → ConflictError on 'requests', nothing written", async () => {
      const first = requestDoc('r1');
      await store.commit(
        commitOf({ writes: [{ collection: 'counters', doc: counter('c1', 1), expectedVersion: 0 }], request: first }),
      );
      await expectConflict(
        store.commit(
          commitOf({
            writes: [{ collection: 'counters', doc: counter('c2', 1), expectedVersion: 0 }],
            audit: [auditEntry('a5')],
            outbox: [outbox('o5')],
            request: { ...requestDoc('r1'), result: { ok: false } },
          }),
        ),
        'requests',
        'r1',
      );
      expect(await store.get('requests', 'r1')).toEqual(first);
      expect(await store.get('counters', 'c2')).toBeNull();
      expect(await store.get('audit', 'a5')).toBeNull();
      expect(await store.get('outbox', 'o5')).toBeNull();
    });

    it('a document the commit only read: given it is still at the version read (or still absent at 0), the commit applies and leaves it as it was', async () => {
      await store.commit(commitOf({ writes: [{ collection: 'counters', doc: counter('read', 2), expectedVersion: 0 }] }));
      await store.commit(
        commitOf({
          reads: [
            { collection: 'counters', id: 'read', version: 2 },
            { collection: 'counters', id: 'never', version: 0 },
          ],
          writes: [{ collection: 'counters', doc: counter('c1', 1), expectedVersion: 0 }],
        }),
      );
      expect(await store.get('counters', 'c1')).toEqual(counter('c1', 1));
      expect(await store.get('counters', 'read')).toEqual(counter('read', 2));
      expect(await store.get('counters', 'never')).toBeNull();
    });

    it('a document the commit only read has moved on (or appeared) → ConflictError on it, nothing written', async () => {
      await store.commit(commitOf({ writes: [{ collection: 'counters', doc: counter('read', 3), expectedVersion: 0 }] }));
      await expectConflict(
        store.commit(
          commitOf({
            reads: [{ collection: 'counters', id: 'read', version: 2 }],
            writes: [{ collection: 'counters', doc: counter('c1', 1), expectedVersion: 0 }],
            audit: [auditEntry('a7')],
          }),
        ),
        'counters',
        'read',
      );
      await expectConflict(
        store.commit(commitOf({ reads: [{ collection: 'counters', id: 'read', version: 0 }], outbox: [outbox('o7')] })),
        'counters',
        'read',
      );
      expect(await store.get('counters', 'c1')).toBeNull();
      expect(await store.get('audit', 'a7')).toBeNull();
      expect(await store.get('outbox', 'o7')).toBeNull();
      expect(await store.get('counters', 'read')).toEqual(counter('read', 3));
    });

    it('a new version must be greater than the expected one: otherwise refused (not a conflict), nothing written', async () => {
      await store.put('counters', counter('c1', 1, 1), 0);
      const same = store.commit(
        commitOf({
          writes: [{ collection: 'counters', doc: counter('c1', 1, 3), expectedVersion: 1 }],
          audit: [auditEntry('a1')],
        }),
      );
      await expect(same).rejects.toThrow(/version must grow/);
      await expect(same).rejects.not.toBeInstanceOf(ConflictError);
      await expect(store.put('counters', counter('c1', 0, 4), 1)).rejects.toThrow(/version must grow/);
      await expect(store.put('counters', counter('c2', 0), 0)).rejects.toThrow(/version must grow/);
      expect(await store.get('counters', 'c1')).toEqual(counter('c1', 1, 1));
      expect(await store.get('counters', 'c2')).toBeNull();
      expect(await store.get('audit', 'a1')).toBeNull();
      // several transitions in one commit: the version may grow by more than one, and the next write expects it
      await store.put('counters', counter('c1', 3, 3), 1);
      await expectConflict(store.put('counters', counter('c1', 3, 30), 2), 'counters', 'c1');
      await store.put('counters', counter('c1', 4, 4), 3);
      expect(await store.get('counters', 'c1')).toEqual(counter('c1', 4, 4));
    });

    it('two writes to one document in one commit apply in order', async () => {
      await store.commit(
        commitOf({
          writes: [
            { collection: 'counters', doc: counter('c1', 1, 1), expectedVersion: 0 },
            { collection: 'counters', doc: counter('c1', 2, 2), expectedVersion: 1 },
          ],
        }),
      );
      expect(await store.get('counters', 'c1')).toEqual(counter('c1', 2, 2));
    });

    it('put is a compare-and-set on one document', async () => {
      await store.put('counters', counter('c1', 1, 1), 0);
      await expectConflict(store.put('counters', counter('c1', 1, 100), 0), 'counters', 'c1');
      await store.put('counters', counter('c1', 2, 2), 1);
      await expectConflict(store.put('counters', counter('c1', 2, 200), 1), 'counters', 'c1');
      await expectConflict(store.put('counters', counter('c1', 6, 600), 5), 'counters', 'c1');
      await expectConflict(store.put('counters', counter('missing', 2), 1), 'counters', 'missing');
      expect(await store.get('counters', 'c1')).toEqual(counter('c1', 2, 2));
      expect(await store.get('counters', 'missing')).toBeNull();
    });

    it('put replaces the whole document: a field left out is gone', async () => {
      await store.put('outbox', outbox('o1', { state: 'failed', attempts: 1, lastError: '43101 no quota' }), 0);
      const sent = outbox('o1', { version: 2, state: 'sent', attempts: 2, sentAt: minutes(5) });
      await store.put('outbox', sent, 1);
      const got = await store.get('outbox', 'o1');
      expect(got).toEqual(sent);
      expect(got).not.toHaveProperty('lastError');
    });

    describe('queries', () => {
      const docs = [
        outbox('o1', { state: 'pending', attempts: 0, nextAttemptAt: minutes(30) }),
        outbox('o2', { state: 'sent', attempts: 1, nextAttemptAt: minutes(10) }),
        outbox('o3', { state: 'pending', attempts: 2, nextAttemptAt: minutes(10) }),
        outbox('o4', { state: 'failed', attempts: 3, nextAttemptAt: minutes(20), lastError: 'boom' }),
        outbox('o5', { state: 'noQuota', attempts: 1, nextAttemptAt: minutes(10), lastError: 'late' }),
        outbox('o6', { state: 'pending', attempts: 5, nextAttemptAt: minutes(40) }),
      ];

      beforeEach(async () => {
        await seed(store, 'outbox', docs);
      });

      it('filter with ==, in, <=, != and on _id (default order: _id)', async () => {
        const q = async (where: Query['where']) => ids((await store.query('outbox', { where, limit: 50 })).items);
        expect(await q([{ field: 'state', op: '==', value: 'pending' }])).toEqual(['o1', 'o3', 'o6']);
        expect(await q([{ field: 'state', op: 'in', value: ['sent', 'failed'] }])).toEqual(['o2', 'o4']);
        expect(await q([{ field: 'state', op: 'in', value: [] }])).toEqual([]);
        expect(await q([{ field: 'attempts', op: '<=', value: 1 }])).toEqual(['o1', 'o2', 'o5']);
        expect(await q([{ field: 'attempts', op: '<', value: 1 }])).toEqual(['o1']);
        expect(await q([{ field: 'attempts', op: '>', value: 2 }])).toEqual(['o4', 'o6']);
        expect(await q([{ field: 'attempts', op: '>=', value: 2 }])).toEqual(['o3', 'o4', 'o6']);
        expect(await q([{ field: 'state', op: '!=', value: 'pending' }])).toEqual(['o2', 'o4', 'o5']);
        expect(await q([{ field: '_id', op: 'in', value: ['o2', 'o6', 'nope'] }])).toEqual(['o2', 'o6']);
        expect(await q([{ field: '_id', op: '==', value: 'o4' }])).toEqual(['o4']);
        expect(
          await q([
            { field: 'state', op: '==', value: 'pending' },
            { field: 'attempts', op: '>=', value: 1 },
            { field: 'attempts', op: '<', value: 5 },
          ]),
        ).toEqual(['o3']);
      });

      it('!= leaves out documents where the field is missing', async () => {
        const page = await store.query('outbox', { where: [{ field: 'lastError', op: '!=', value: 'boom' }], limit: 50 });
        expect(ids(page.items)).toEqual(['o5']);
        const set = await store.query('outbox', { where: [{ field: 'lastError', op: '!=', value: null }], limit: 50 });
        expect(ids(set.items)).toEqual(['o4', 'o5']);
        const unset = await store.query('outbox', { where: [{ field: 'lastError', op: '==', value: null }], limit: 50 });
        expect(ids(unset.items)).toEqual(['o1', 'o2', 'o3', 'o6']);
      });

      it('orders by a field then by _id, ascending and descending', async () => {
        const asc = await store.query('outbox', { orderBy: { field: 'nextAttemptAt' }, limit: 50 });
        expect(ids(asc.items)).toEqual(['o2', 'o3', 'o5', 'o4', 'o1', 'o6']);
        expect(asc.next).toBeUndefined();
        const desc = await store.query('outbox', { orderBy: { field: 'nextAttemptAt', direction: 'desc' }, limit: 50 });
        expect(ids(desc.items)).toEqual(['o6', 'o1', 'o4', 'o5', 'o3', 'o2']);
        const byAttempts = await store.query('outbox', {
          where: [{ field: 'state', op: '!=', value: 'sent' }],
          orderBy: { field: 'attempts', direction: 'desc' },
          limit: 3,
        });
        expect(ids(byAttempts.items)).toEqual(['o6', 'o4', 'o3']);
        expect(byAttempts.next).toEqual(expect.any(String));
        const rest = await store.query('outbox', {
          where: [{ field: 'state', op: '!=', value: 'sent' }],
          orderBy: { field: 'attempts', direction: 'desc' },
          limit: 3,
          ...(byAttempts.next ? { after: byAttempts.next } : {}),
        });
        expect(ids(rest.items)).toEqual(['o5', 'o1']);
        expect(rest.next).toBeUndefined();
      });

      it('count with and without filters', async () => {
        expect(await store.count('outbox')).toBe(6);
        expect(await store.count('outbox', [])).toBe(6);
        expect(await store.count('outbox', [{ field: 'state', op: '==', value: 'pending' }])).toBe(3);
        expect(
          await store.count('outbox', [
            { field: 'state', op: 'in', value: ['pending', 'noQuota'] },
            { field: 'attempts', op: '>=', value: 1 },
          ]),
        ).toBe(3);
        expect(await store.count('outbox', [{ field: 'state', op: '==', value: 'nothing' }])).toBe(0);
        expect(await store.count('counters')).toBe(0);
      });

      it('a field name that is not a plain identifier is refused', async () => {
        await expect(
          store.query('outbox', { where: [{ field: 'state") OR 1=1 --', op: '==', value: 'x' }], limit: 5 }),
        ).rejects.toThrow(/bad field name/);
        await expect(store.count('outbox', [{ field: 'data.thing1', op: '==', value: 'x' }])).rejects.toThrow(
          /bad field name/,
        );
      });
    });

    it(
      'paging through 250 documents with limit 100 gives every one exactly once, in order',
      async () => {
        const all: OutboxDoc[] = [];
        for (let i = 0; i < 250; i++) {
          all.push(
            outbox(`o${String(i).padStart(3, '0')}`, {
              state: i % 3 === 0 ? 'pending' : 'sent',
              attempts: (i * 7) % 5,
              nextAttemptAt: minutes((i * 37) % 250),
            }),
          );
        }
        // inserted out of id order, so that insertion order cannot pass for sorting
        await seed(store, 'outbox', [...all].reverse());

        const check = async (query: Omit<Query, 'after'>, expected: OutboxDoc[]): Promise<number[]> => {
          const got = await pageAll(store, query);
          expect(got.ids).toEqual(ids(expected));
          expect(new Set(got.ids).size).toBe(got.ids.length);
          expect(got.docs).toEqual(expected);
          return got.sizes;
        };

        const byId = [...all].sort(byThen((d) => d._id));
        expect(await check({ limit: 100 }, byId)).toEqual([100, 100, 50]);
        expect(await check({ limit: 125 }, byId)).toEqual([125, 125]);
        expect(await check({ orderBy: { field: '_id', direction: 'desc' }, limit: 100 }, [...byId].reverse())).toEqual([
          100, 100, 50,
        ]);
        // an order field with many ties: the cursor has to resume inside a run of equal values
        await check({ orderBy: { field: 'attempts' }, limit: 100 }, [...all].sort(byThen((d) => d.attempts)));
        await check(
          { orderBy: { field: 'attempts', direction: 'desc' }, limit: 100 },
          [...all].sort(byThen((d) => d.attempts, true)),
        );
        await check(
          { orderBy: { field: 'nextAttemptAt', direction: 'desc' }, limit: 100 },
          [...all].sort(byThen((d) => d.nextAttemptAt, true)),
        );
        // filters and cursor together, including a range on the order field itself
        await check(
          { where: [{ field: 'state', op: '==', value: 'pending' }], orderBy: { field: 'attempts' }, limit: 30 },
          all.filter((d) => d.state === 'pending').sort(byThen((d) => d.attempts)),
        );
        await check(
          {
            where: [{ field: 'attempts', op: '>=', value: 2 }],
            orderBy: { field: 'attempts', direction: 'desc' },
            limit: 40,
          },
          all.filter((d) => d.attempts >= 2).sort(byThen((d) => d.attempts, true)),
        );
      },
      options.slowTimeoutMs,
    );

    it(
      'getMany returns the documents that exist, each once, and leaves out the missing',
      async () => {
        const present: CounterDoc[] = [];
        for (let i = 0; i < 120; i++) present.push(counter(`c${String(i).padStart(3, '0')}`, 1, i));
        await seed(store, 'counters', present);
        const wanted: string[] = [];
        for (let i = 0; i < 150; i++) wanted.push(i % 5 === 4 ? `missing-${i}` : `c${String(i).padStart(3, '0')}`);
        wanted.push('c000', 'c001'); // asked twice
        const expected = present.filter((d) => wanted.includes(d._id));
        const got = await store.getMany('counters', wanted);
        expect(sortedIds(got)).toEqual(ids(expected));
        expect([...got].sort(byThen((d) => d._id))).toEqual(expected);
        expect(await store.getMany('counters', [])).toEqual([]);
        expect(await store.getMany('counters', ['missing-1', 'missing-2'])).toEqual([]);
      },
      options.slowTimeoutMs,
    );

    it('booleans and null work as filter values', async () => {
      await store.put('settings', settings('s1', true), 0);
      await store.put('settings', settings('s2', false), 0);
      await store.put('settings', settings('s3', true), 0);
      await store.put('invites', invite('i1', null), 0);
      await store.put('invites', invite('i2', 'openid-hr-2'), 0);
      await store.put('invites', invite('i3', null), 0);
      const settingsWhere = async (value: boolean) =>
        ids((await store.query('settings', { where: [{ field: 'allowStudentInitiate', op: '==', value }], limit: 10 })).items);
      expect(await settingsWhere(true)).toEqual(['s1', 's3']);
      expect(await settingsWhere(false)).toEqual(['s2']);
      expect(await store.count('settings', [{ field: 'allowStudentTermination', op: '==', value: true }])).toBe(1);
      expect(await store.count('settings', [{ field: 'allowStudentInitiate', op: '!=', value: true }])).toBe(1);
      const unused = await store.query('invites', { where: [{ field: 'usedBy', op: '==', value: null }], limit: 10 });
      expect(ids(unused.items)).toEqual(['i1', 'i3']);
      expect(unused.items[0]).toEqual(invite('i1', null));
      const used = await store.query('invites', { where: [{ field: 'usedBy', op: '!=', value: null }], limit: 10 });
      expect(ids(used.items)).toEqual(['i2']);
      expect(await store.count('invites', [{ field: 'usedBy', op: '==', value: null }])).toBe(2);
      await expect(
        store.query('invites', { where: [{ field: 'usedBy', op: '<', value: null }], limit: 10 }),
      ).rejects.toThrow(/cannot compare with null/);
    });

    it('pages across null values of the order field: nulls first ascending, last descending, each exactly once', async () => {
      for (let n = 0; n < 6; n++) await store.put('invites', invite(`i${n}`, n % 2 === 0 ? null : `u${n}`), 0);
      for (const direction of ['asc', 'desc'] as const) {
        const seen: string[] = [];
        let after: string | undefined;
        for (let guard = 0; guard < 10; guard++) {
          const page = await store.query('invites', { orderBy: { field: 'usedBy', direction }, limit: 2, ...(after ? { after } : {}) });
          seen.push(...ids(page.items));
          after = page.next;
          if (!after) break;
        }
        const expected = ['i0', 'i2', 'i4', 'i1', 'i3', 'i5'];
        expect(seen).toEqual(direction === 'asc' ? expected : [...expected].reverse());
      }
    });
  });
}
