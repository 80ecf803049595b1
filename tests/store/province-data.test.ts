/**
 * The province benchmark's data set (scripts/bench-province.ts) is only worth its figures if it is what the functions
 * would have written: chains that verify-audit accepts and records in every state the reviewer's reads look at.
 */
import { rmSync } from 'node:fs';
import type { HomeView, QueueName, ReviewCounts, ReviewStats } from '../../typings';
import { collegeReviewer, colleges, generate, SCHOOL_OPENID, studentNoOf, type Generated } from '../../scripts/bench-province';
import { QUEUES } from '../../server/read/reviewer';
import { verifyAudit } from '../../server/app/verifyAudit';
import type { Deps } from '../../server/app/deps';
import { invoke } from '../../server/runtime/handler';
import type { FileStorage } from '../../server/storage/port';
import { SqliteStore } from '../../server/store/sqlite';
import { query } from '../../server/usecases/query';
import { addDeltas, compareSummaries, SUMMARIZED_COLLECTIONS, type SummaryDeltas } from '../../server/store/summaries';

describe('the province data set', () => {
  let g: Generated;
  let store: SqliteStore;
  beforeAll(() => {
    g = generate(600);
    store = new SqliteStore({ path: g.file });
  });
  afterAll(async () => {
    await store.close();
    rmSync(g.dir, { recursive: true, force: true });
  });

  test('given a generated season, when verify-audit reads the whole store, then every chain holds and every record has one', async () => {
    const report = await verifyAudit(store);
    expect(report.broken).toEqual([]);
    expect(report.records).toBeGreaterThan(600);
    expect(report.entries).toBeGreaterThan(report.records);
  });

  test('given a generated season, then checks and agreements are found in every state a reviewer lists', async () => {
    for (const state of ['draft', 'submitted', 'approved', 'returned']) {
      expect(await store.count('checks', [{ field: 'kind', op: '==', value: 'source' }, { field: 'state', op: '==', value: state }])).toBeGreaterThan(0);
    }
    for (const state of ['draft', 'pendingCollege', 'pendingSchool', 'returned', 'signed', 'terminated', 'cancelled']) {
      expect(await store.count('agreements', [{ field: 'state', op: '==', value: state }])).toBeGreaterThan(0);
    }
    expect(await store.count('students')).toBe(600);
  });

  test('given a generated season, when the school reviewer asks for statistics, then every college is counted and the total is the roster', async () => {
    const deps: Deps = { store, files: {} as FileStorage, clock: () => new Date('2026-09-01T00:00:00.000Z'), newId: () => 'unused' };
    const r = await invoke(query, deps, { openid: SCHOOL_OPENID }, { view: 'reviewStats' });
    if (!r.ok) throw new Error(r.message);
    const stats = r.data as ReviewStats;
    expect(stats.colleges).toHaveLength(colleges().length);
    expect(stats.total.graduates).toBe(600);
    expect(stats.total.signed).toBeGreaterThan(0);
    // read from the summaries, each figure is what counting the records gives
    for (const c of stats.colleges) {
      const inCollege = { field: 'collegeId', op: '==', value: c.collegeId } as const;
      const state = (value: string) => ({ field: 'state', op: '==', value }) as const;
      expect([c.collegeId, c.graduates, c.sourceApproved, c.agreements]).toEqual([
        c.collegeId,
        await store.count('students', [inCollege]),
        await store.count('checks', [{ field: 'kind', op: '==', value: 'source' }, state('approved'), inCollege]),
        Object.fromEntries(await Promise.all(Object.keys(c.agreements).map(async (s) => [s, await store.count('agreements', [state(s), inCollege])]))),
      ]);
    }
  });

  test('given a generated season, then its summary counters are what a recount of its records gives', async () => {
    const counted: SummaryDeltas = new Map();
    for (const c of SUMMARIZED_COLLECTIONS) {
      for (const doc of (await store.query(c, { limit: 1_000_000 })).items) addDeltas(counted, c, null, doc);
    }
    const stored = (await store.query('summaries', { limit: 1_000_000 })).items;
    expect(stored.length).toBeGreaterThan(colleges().length);
    expect(compareSummaries(stored, counted).differences).toEqual([]);
  });

  test('given a generated season, when the school and a college ask for their queue counts, then each is what counting the records gives', async () => {
    const deps: Deps = { store, files: {} as FileStorage, clock: () => new Date('2026-09-01T00:00:00.000Z'), newId: () => 'unused' };
    const college = colleges()[1]!.id;
    for (const [openid, scope] of [[SCHOOL_OPENID, []], [collegeReviewer(college), [{ field: 'collegeId', op: '==', value: college } as const]]] as const) {
      const r = await invoke(query, deps, { openid }, { view: 'reviewCounts' });
      if (!r.ok) throw new Error(r.message);
      const expected: Record<string, number> = {};
      for (const [name, q] of Object.entries(QUEUES) as [QueueName, (typeof QUEUES)[QueueName]][]) {
        expected[name] = scope.length && !q.byCollege ? 0 : await store.count(q.collection, [...q.base, { field: 'state', op: '==', value: q.pending }, ...scope]);
      }
      expect(r.data as ReviewCounts).toEqual(expected);
      // a college holds two or three graduates here: only the school's queues are sure to hold some
      if (!scope.length) expect(Object.values(expected).filter((n) => n > 0).length).toBeGreaterThan(3);
    }
  });

  test('given a bound graduate, when they open the home screen, then they are a student there', async () => {
    const roster = await store.getMany('students', Array.from({ length: 20 }, (_, i) => studentNoOf(i)));
    const student = roster.find((s) => s.openid !== null);
    const deps: Deps = { store, files: {} as FileStorage, clock: () => new Date('2026-09-01T00:00:00.000Z'), newId: () => 'unused' };
    const r = await invoke(query, deps, { openid: student!.openid! }, { view: 'home' });
    if (!r.ok) throw new Error(r.message);
    const view = r.data as HomeView;
    expect(view.role).toBe('student');
    expect(view.student?.studentNo).toBe(student!.studentNo);
  });
});
