/**
 * 去向落实率 (query view placementStats) through the handler: the rows of the reviewer's scope, a college's majors,
 * and every figure against a recount of the records themselves (tests/support/placement.ts).
 */
import type { PlacementStats, PlacementView } from '../../typings';
import { query } from '../../server/usecases/query';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { makeSystem, type TestSystem } from '../support/harness';
import { aDestination, aGraduate, recount, type Recount } from '../support/placement';

const S = DEMO_OPENIDS;

const view = (sys: TestSystem, openid: string, collegeId?: string): Promise<PlacementView> =>
  sys.ok(query, openid, collegeId === undefined ? { view: 'placementStats' } : { view: 'placementStats', collegeId }) as Promise<PlacementView>;

const refusal = async (sys: TestSystem, openid: string, event: Record<string, unknown>): Promise<string> => {
  const result = await sys.call(query, openid, { view: 'placementStats', ...event });
  return result.ok ? 'ok' : `${result.code} ${result.message}`;
};

const figures = (r: PlacementStats): Recount => ({
  graduates: r.graduates,
  byCategory: r.byCategory,
  unregistered: r.unregistered,
  jobDestinations: r.jobDestinations,
  signedOnline: r.signedOnline,
});

/**
 * The demo school (计算机学院: 张三 软件工程, 李四 计算机科学与技术; 经济管理学院: 王五 会计学) and 7 more graduates, with
 * records of every kind: approved online and on paper, other job types, 升学, 灵活就业, 待就业, a change waiting for
 * review (the approved values count), a first submission not yet approved (unregistered).
 */
async function school(sys: TestSystem): Promise<void> {
  const more = [
    aGraduate('2026010103', 'cs', '软件工程'),
    aGraduate('2026010104', 'cs', '软件工程'),
    aGraduate('2026010105', 'cs', '计算机科学与技术'),
    aGraduate('2026010106', 'cs', '计算机科学与技术'),
    aGraduate('2026020102', 'em', '会计学'),
    aGraduate('2026020103', 'em', '市场营销'),
    aGraduate('2026020104', 'em', '市场营销'),
  ];
  for (const s of more) await sys.store.put('students', s, 0);
  const student = async (no: string) => (await sys.store.get('students', no))!;
  const records = [
    aDestination(await student('2026010101'), { approved: '10', online: true }),
    aDestination(await student('2026010102'), { approved: '10' }),
    aDestination(await student('2026010103'), { approved: '80' }),
    aDestination(await student('2026010104'), { approved: '76', working: '11', state: 'submitted' }),
    aDestination(await student('2026010105'), { approved: null }),
    aDestination(await student('2026020101'), { approved: '11' }),
    aDestination(await student('2026020102'), { approved: '70' }),
    aDestination(await student('2026020103'), { approved: '10', online: true }),
  ];
  for (const d of records) await sys.store.put('destinations', d, 0);
}

describe('query placementStats', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
    await school(sys);
  });
  afterEach(() => sys.close());

  it('the school: a row per college and the total, each equal to a recount of the records', async () => {
    const stats = await view(sys, S.schoolReviewer);
    expect(stats.role).toBe('schoolReviewer');
    expect(stats.college).toBeUndefined();
    expect(stats.rows.map((r) => [r.key, r.name])).toEqual([['cs', '计算机学院'], ['em', '经济管理学院']]);
    expect(figures(stats.rows[0]!)).toEqual(await recount(sys.store, (s) => s.collegeId === 'cs'));
    expect(figures(stats.rows[1]!)).toEqual(await recount(sys.store, (s) => s.collegeId === 'em'));
    expect(figures(stats.total)).toEqual(await recount(sys.store, () => true));
    // the figures themselves, so that a mistake shared by the view and the recount cannot pass
    expect(stats.rows[0]).toEqual({
      key: 'cs', name: '计算机学院', graduates: 6,
      byCategory: { contract: 2, flexible: 1, study: 1, unemployed: 0 },
      unregistered: 2, placementRate: 0.6667, jobDestinations: 2, signedOnline: 1, onlineShare: 0.5,
    });
    expect(stats.total).toMatchObject({
      key: '', name: '全校', graduates: 10, byCategory: { contract: 4, flexible: 1, study: 1, unemployed: 1 },
      unregistered: 3, placementRate: 0.6, jobDestinations: 4, signedOnline: 2, onlineShare: 0.5,
    });
    expect(Date.parse(stats.at)).toBe(sys.deps.clock().getTime());
  });

  it('a college\'s majors: a row per major by name, the college as the total', async () => {
    const stats = await view(sys, S.schoolReviewer, 'cs');
    expect(stats.college).toEqual({ id: 'cs', name: '计算机学院' });
    expect(stats.rows.map((r) => r.name).sort()).toEqual(['计算机科学与技术', '软件工程']);
    for (const row of stats.rows) expect(figures(row)).toEqual(await recount(sys.store, (s) => s.collegeId === 'cs' && s.major === row.key));
    expect(stats.rows.find((r) => r.key === '软件工程')).toMatchObject({ graduates: 3, unregistered: 0, placementRate: 1, signedOnline: 1, jobDestinations: 1, onlineShare: 1 });
    expect(stats.total).toMatchObject({ key: '', name: '计算机学院', graduates: 6, unregistered: 2 });
  });

  it('a college reviewer: their own college, and its majors when asked; another college is refused', async () => {
    const own = await view(sys, S.collegeReviewerEm);
    expect(own.role).toBe('collegeReviewer');
    expect(own.rows.map((r) => r.key)).toEqual(['em']);
    expect(own.total).toMatchObject({ name: '经济管理学院', graduates: 4 });
    expect(figures(own.total)).toEqual(await recount(sys.store, (s) => s.collegeId === 'em'));
    const majors = await view(sys, S.collegeReviewerEm, 'em');
    expect(majors.rows.map((r) => [r.key, r.graduates, r.unregistered])).toEqual([['会计学', 2, 0], ['市场营销', 2, 1]]);
    expect(await refusal(sys, S.collegeReviewerEm, { collegeId: 'cs' })).toMatch(/^FORBIDDEN/);
  });

  it('who may not read it, and a college that is not there', async () => {
    expect(await refusal(sys, S.student, {})).toMatch(/^FORBIDDEN/);
    expect(await refusal(sys, S.employer, {})).toMatch(/^FORBIDDEN/);
    expect(await refusal(sys, 'stranger', {})).toMatch(/^NOT_BOUND/);
    expect(await refusal(sys, S.schoolReviewer, { collegeId: 'nowhere' })).toBe('NOT_FOUND 没有这个院系，请刷新后重试');
    expect(await refusal(sys, S.schoolReviewer, { collegeId: 42 })).toMatch(/^INVALID_INPUT .*院系/);
  });

  it('an approval moves the figures; a change waiting for review does not; a termination\'s 待就业 leaves 网签', async () => {
    // 2026010105's first submission is approved as 升学
    const first = (await sys.store.get('students', '2026010105'))!;
    await sys.store.put('destinations', aDestination(first, { approved: '80' }, 2), 1);
    // 张三 submits a change to 11: the approved 10 (网签) still counts
    const zhang = (await sys.store.get('destinations', 'destination:2026010101'))!;
    await sys.store.put('destinations', { ...zhang, version: 2, state: 'submitted', content: { ...zhang.content, type: '11' } }, 1);
    let cs = (await view(sys, S.schoolReviewer)).rows[0]!;
    expect(cs).toMatchObject({ byCategory: { contract: 2, flexible: 1, study: 2, unemployed: 0 }, unregistered: 1, signedOnline: 1 });
    // the agreement is terminated: 待就业, the agreement cleared
    const { agreementId: _cleared, ...rest } = (await sys.store.get('destinations', 'destination:2026010101'))!;
    await sys.store.put('destinations', { ...rest, version: 3, state: 'approved', approved: { type: '70', pendingKind: 'seeking', approvedAt: rest.updatedAt, evidence: [] } }, 2);
    cs = (await view(sys, S.schoolReviewer)).rows[0]!;
    expect(figures(cs)).toEqual(await recount(sys.store, (s) => s.collegeId === 'cs'));
    expect(cs).toMatchObject({ byCategory: { contract: 1, unemployed: 1 }, jobDestinations: 1, signedOnline: 0, onlineShare: 0 });
  });
});

describe('query placementStats, end to end', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  it('an agreement signed here fills 张三\'s destination: 网签; its termination sets him back to 待就业', async () => {
    const { signedDemoAgreement, terminate } = await import('../support/agreements');
    const before = (await view(sys, S.schoolReviewer, 'cs')).rows.find((r) => r.key === '软件工程')!;
    expect(before).toMatchObject({ graduates: 1, unregistered: 1, jobDestinations: 0, signedOnline: 0 });

    const agreement = await signedDemoAgreement(sys);
    const filled = (await view(sys, S.schoolReviewer, 'cs')).rows.find((r) => r.key === '软件工程')!;
    expect(filled).toMatchObject({ unregistered: 0, byCategory: { contract: 1 }, jobDestinations: 1, signedOnline: 1, onlineShare: 1, placementRate: 1 });
    expect(figures(filled)).toEqual(await recount(sys.store, (s) => s.collegeId === 'cs' && s.major === '软件工程'));

    await terminate(sys, agreement);
    const reset = (await view(sys, S.schoolReviewer, 'cs')).rows.find((r) => r.key === '软件工程')!;
    expect(reset).toMatchObject({ unregistered: 0, byCategory: { contract: 0, unemployed: 1 }, jobDestinations: 0, signedOnline: 0, placementRate: 0 });
    expect(figures(reset)).toEqual(await recount(sys.store, (s) => s.collegeId === 'cs' && s.major === '软件工程'));
  });
});
