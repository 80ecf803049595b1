/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import { bind } from '../../server/usecases/bind';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import type { CollegeStats, PlacementStats, PlacementView } from '../../typings/views';
import { DESTINATION_CATEGORY_LABELS } from '../../typings/codes/destination';
import { CATEGORY_LABELS, chartOptions, placementSection, shares } from '../../miniprogram/pkg/review/stats/placement';
import { query } from '../../server/usecases/query';
import { loadSettings } from '../../server/app/settings';
import { aDestination, aGraduate } from '../support/placement';
import { NETWORK_MESSAGE } from '../../miniprogram/api/client';
import { pendingCard, percent, statsCard, statsCards } from '../../miniprogram/pkg/review/stats/cards';
import { submitCheck } from '../../server/usecases/submitCheck';
import { accept, approveSourceCheck, sendOffer, signedDemoAgreement } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { capture } from './gallery';
import { installWx, openPage, pullDown, settle, tap, textAt, type MiniEnv, type Page } from './support';

/** 王五's WeChat, binding during a test */
const WANG_WU = 'wechat-of-wang-wu';

const texts = (page: Page, selector: string): string[] => page.querySelectorAll(selector).map((t) => (t.dom?.textContent ?? '').trim());

/** A card as the reviewer reads it: name, rate, the figures and the agreements by state. */
function cardOf(page: Page, key: string): { name: string; rate: string; figures: Record<string, string>; agreements: Record<string, string> } {
  const at = `.stats-card--${key}`;
  const pairs = (item: string): Record<string, string> => {
    const labels = texts(page, `${at} .${item}__label`);
    const values = texts(page, `${at} .${item}__value`);
    return Object.fromEntries(labels.map((l, i) => [l, values[i] ?? '']));
  };
  return { name: textAt(page, `${at} .stats-card__name`), rate: textAt(page, `${at} .stats-card__rate-value`), figures: pairs('figure'), agreements: pairs('agreement-count') };
}

/** What the store holds, counted here from the records themselves. */
async function fromStore(sys: TestSystem, collegeId?: string) {
  const mine = <T extends { collegeId: string }>(docs: T[]): T[] => (collegeId ? docs.filter((d) => d.collegeId === collegeId) : docs);
  const students = mine(await sys.all('students'));
  const checks = mine(await sys.all('checks')).filter((c) => c.kind === 'source' && c.state === 'approved');
  const agreements = mine(await sys.all('agreements'));
  const signed = agreements.filter((a) => a.state === 'signed').length;
  return {
    graduates: String(students.length),
    sourceApproved: String(checks.length),
    signed: String(signed),
    pendingCollege: String(agreements.filter((a) => a.state === 'pendingCollege').length),
    rate: `${((signed / students.length) * 100).toFixed(1)}%`,
  };
}

const pending = { sourceCheck: 0, employmentCheck: 0, agreementCollege: 0, agreementSchool: 0, agreementSeal: 0, termination: 0, employer: 0, destination: 0 };

const college = (over: Partial<CollegeStats>): CollegeStats => ({
  collegeId: 'cs', collegeName: '计算机学院', graduates: 3, sourceApproved: 2, signed: 1, signingRate: 0.3333,
  agreements: { pendingEmployer: 0, pendingCollege: 1, pendingSchool: 0, returned: 0, pendingSeal: 0, pendingSealReview: 0, signed: 1, terminated: 0, cancelled: 0 }, ...over,
});

describe('统计: helpers', () => {
  it('签约率 as a percentage with one decimal', () => {
    expect(percent(0)).toBe('0.0%');
    expect(percent(0.3333)).toBe('33.3%');
    expect(percent(0.6667)).toBe('66.7%');
    expect(percent(0.5)).toBe('50.0%');
    expect(percent(1)).toBe('100.0%');
    expect(percent(0.00049)).toBe('0.0%');
  });

  it('a card: the figures, then the agreements in the order they pass', () => {
    const card = statsCard(college({}));
    expect(card).toMatchObject({ key: 'cs', name: '计算机学院', total: false, rate: '33.3%' });
    expect(card.figures.map((f) => `${f.label} ${f.value}`)).toEqual(['毕业生 3', '生源核查通过 2', '签约人数 1']);
    expect(card.agreements.map((f) => f.label)).toEqual(['待院系审核', '待学校审核', '已退回', '签约成功', '已解约', '已作废']);
  });

  it('the school total first when there are several colleges; one college alone has no total', () => {
    const total = college({ collegeId: '', collegeName: '全校' });
    expect(statsCards({ role: 'schoolReviewer', colleges: [college({}), college({ collegeId: 'em' })], total, pending }).map((c) => c.key)).toEqual(['total', 'cs', 'em']);
    expect(statsCards({ role: 'collegeReviewer', colleges: [college({})], total, pending }).map((c) => c.key)).toEqual(['cs']);
  });

  it('待审核: the reviewer\'s own queues in the work\'s order, with the sum; others\' queues are left out', () => {
    const counts = { ...pending, sourceCheck: 300, agreementCollege: 12, agreementSchool: 7, termination: 2, employer: 1 };
    const total = college({ collegeId: '', collegeName: '全校' });
    const mine = pendingCard({ role: 'collegeReviewer', colleges: [college({})], total, pending: counts });
    expect(mine.rows.map((r) => `${r.label} ${r.count}`)).toEqual(['生源核查 300', '三方协议（院系审核） 12', '就业信息核验 0', '毕业去向登记 0']);
    expect(mine.total).toBe(312);
    const school = pendingCard({ role: 'schoolReviewer', colleges: [], total, pending: counts });
    expect(school.rows.map((r) => r.key)).toEqual(['sourceCheck', 'agreementSchool', 'termination', 'employmentCheck', 'destination', 'employer']);
    expect(school.total).toBe(310);
  });
});

describe('统计 page', () => {
  let sys: TestSystem;
  let env: MiniEnv;

  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  it('the school: every college and the total, matching the store after a signed agreement', async () => {
    await signedDemoAgreement(sys);
    env = installWx(sys, DEMO_OPENIDS.schoolReviewer);
    const page = await openPage('review/stats', env);
    capture(page, 'review-stats', 'school', '统计：全校与各院系');

    expect(texts(page, '.stats-card__name')).toEqual(['全校', '计算机学院', '经济管理学院']);
    for (const [key, collegeId] of [['total', undefined], ['cs', 'cs'], ['em', 'em']] as const) {
      const shown = cardOf(page, key);
      const stored = await fromStore(sys, collegeId);
      expect(shown.figures).toEqual({ 毕业生: stored.graduates, 生源核查通过: stored.sourceApproved, 签约人数: stored.signed });
      expect(shown.agreements).toMatchObject({ 签约成功: stored.signed, 待院系审核: stored.pendingCollege });
      expect(shown.rate).toBe(stored.rate);
    }
    // the figures themselves, so a wrong count in both places cannot pass
    expect(cardOf(page, 'total')).toMatchObject({ rate: '33.3%', figures: { 毕业生: '3', 生源核查通过: '1', 签约人数: '1' } });
    expect(cardOf(page, 'cs')).toMatchObject({ rate: '50.0%', figures: { 毕业生: '2', 签约人数: '1' } });
    expect(cardOf(page, 'em')).toMatchObject({ rate: '0.0%', figures: { 毕业生: '1', 签约人数: '0' } });
    expect(cardOf(page, 'total').agreements).toEqual({ 待院系审核: '0', 待学校审核: '0', 已退回: '0', 签约成功: '1', 已解约: '0', 已作废: '0' });
    expect(page.querySelector('.stats-card--total.stats-card--school')).toBeDefined();
  });

  it('a college reviewer sees their own college only; pull-down refresh counts again', async () => {
    env = installWx(sys, DEMO_OPENIDS.collegeReviewerEm);
    const page = await openPage('review/stats', env);
    expect(texts(page, '.stats-card__name')).toEqual(['经济管理学院']);
    expect(textAt(page, '.pending__total')).toBe('共 0 条');
    expect(cardOf(page, 'em')).toMatchObject({ rate: '0.0%', figures: { 毕业生: '1', 生源核查通过: '0', 签约人数: '0' } });

    // 王五 passes 生源核查 and accepts an offer: pending college review
    await approveSourceCheck(sys, '2026020101', DEMO_OPENIDS.collegeReviewerEm);
    const offerId = await sendOffer(sys, '2026020101', '王五');
    const wang = (await sys.store.get('students', '2026020101'))!;
    await sys.ok(bind, WANG_WU, { action: 'student', requestId: rid(), studentNo: wang.studentNo, name: wang.name, idLast6: wang.idNumber.slice(-6) });
    await accept(sys, WANG_WU, offerId);
    await pullDown(page, env);
    expect(env.wx.stopPullDownRefresh).toHaveBeenCalled();
    expect(cardOf(page, 'em')).toMatchObject({ figures: { 生源核查通过: '1', 签约人数: '0' }, agreements: { 待院系审核: '1' } });
    // the agreement waits in the college's queue: counted under 待审核, and a tap opens 审核
    capture(page, 'review-stats', 'college', '统计：本院系的待审核与统计');
    expect(texts(page, '.pending__label')).toEqual(['生源核查', '三方协议（院系审核）', '就业信息核验', '毕业去向登记']);
    expect(texts(page, '.pending__count')).toEqual(['0', '1', '0', '0']);
    expect(textAt(page, '.pending__total')).toBe('共 1 条');
    await tap(page, env, '.pending__row--agreementCollege');
    expect(env.wx.reLaunch).toHaveBeenCalledWith({ url: '/pkg/review/queues/index' });
  });

  it('the school\'s 待审核: each of its queues counted as the store holds them', async () => {
    await sys.ok(submitCheck, DEMO_OPENIDS.student2, {
      action: 'submit', requestId: rid(), kind: 'source', version: 0,
      fields: { phone: '13600136000', email: 'lisi@example.com', homeAddress: '北京市海淀区学院路1号' },
    });
    env = installWx(sys, DEMO_OPENIDS.schoolReviewer);
    const page = await openPage('review/stats', env);
    capture(page, 'review-stats', 'school-pending', '统计：学校的待审核');
    const stored = (await sys.all('checks')).filter((c) => c.kind === 'source' && c.state === 'submitted').length;
    expect(stored).toBe(1);
    expect(Object.fromEntries(texts(page, '.pending__label').map((l, i) => [l, texts(page, '.pending__count')[i]]))).toEqual({
      生源核查: String(stored), '三方协议（学校审核）': '0', 解约申请: '0', 就业信息核验: '0', 毕业去向登记: '0', 单位审核: '0',
    });
  });

  it('a failed load shows the error with 重试', async () => {
    env = installWx(sys, DEMO_OPENIDS.schoolReviewer);
    const real = env.wx.callFunction.getMockImplementation()!;
    env.wx.callFunction.mockImplementation((options: { data?: { view?: string } }) =>
      options.data?.view === 'reviewStats' ? Promise.reject({ errMsg: 'cloud.callFunction:fail timeout' }) : real(options),
    );
    const page = await openPage('review/stats', env);
    capture(page, 'review-stats', 'error', '统计：加载失败');
    expect(textAt(page, '.stats__error-text')).toBe(NETWORK_MESSAGE);
    expect(page.querySelectorAll('.stats-card')).toHaveLength(0);
    env.wx.callFunction.mockImplementation(real);
    await tap(page, env, '.stats__retry >>> .t-button');
    expect(page.querySelector('.stats__error')).toBeUndefined();
    expect(texts(page, '.stats-card__name')).toHaveLength(3);
  });

  it('a student is refused with the server\'s message', async () => {
    env = installWx(sys, DEMO_OPENIDS.student);
    const page = await openPage('review/stats', env);
    expect(textAt(page, '.stats__error-text')).toBe('您没有权限进行此操作');
  });
});

const placed = (over: Partial<PlacementStats> & { key: string; name: string }): PlacementStats => ({
  graduates: 10, byCategory: { contract: 4, flexible: 1, study: 2, unemployed: 1 }, unregistered: 2, placementRate: 0.7,
  jobDestinations: 4, signedOnline: 3, onlineShare: 0.75, ...over,
});

describe('去向落实率: what the page shows from the view', () => {
  const view: PlacementView = {
    role: 'schoolReviewer',
    rows: [placed({ key: 'cs', name: '计算机学院' }), placed({ key: 'law', name: '马克思主义学院与法学院联合培养中心', graduates: 0, byCategory: { contract: 0, flexible: 0, study: 0, unemployed: 0 }, unregistered: 0, placementRate: 0, jobDestinations: 0, signedOnline: 0, onlineShare: 0 })],
    total: placed({ key: '', name: '全校' }),
    at: '2026-06-01T02:00:00.000Z',
  };

  it('the categories carry the code table\'s names', () => {
    expect(CATEGORY_LABELS).toEqual(DESTINATION_CATEGORY_LABELS);
  });

  it('the chart: a stacked bar per row, each part its share of the graduates, in the categories\' order, then 未登记', () => {
    const chart = chartOptions(view.rows)!;
    expect(chart).toMatchObject({ type: 'bar', extra: { bar: { type: 'stack' } }, xAxis: { min: 0, max: 100 }, animation: false });
    expect(chart.categories).toEqual(['计算机学院', '马克思主义学院…']);
    expect(chart.series.map((x) => x.name)).toEqual(['协议和合同就业', '灵活就业', '升学', '未就业', '未登记']);
    expect(chart.series.map((x) => x.data[0])).toEqual([40, 10, 20, 10, 20]);
    // a college without graduates draws an empty bar, not a division by zero
    expect(chart.series.map((x) => x.data[1])).toEqual([0, 0, 0, 0, 0]);
    expect(new Set(chart.series.map((x) => x.color)).size).toBe(5);
    expect(chart.height).toBe(40 + 2 * 30);
    expect(chart.legend.show).toBe(false);
    expect(chartOptions([view.rows[1]!])).toBeNull();
  });

  it('a bar\'s parts add up to its whole however they round', () => {
    expect(shares([1, 1, 1], 3)).toEqual([33.3, 33.4, 33.3]);
    expect(shares([1, 1, 1, 1, 1, 1, 1], 7).reduce((a, b) => a + b, 0)).toBeCloseTo(100, 9);
    expect(shares([2, 0, 1], 3)).toEqual([66.7, 0, 33.3]);
    expect(shares([0, 0], 0)).toEqual([0, 0]);
    // more records than graduates (students since removed from the roster): the parts share the records
    expect(shares([3, 1], 2)).toEqual([75, 25]);
  });

  it('the section: the total\'s rate, the categories and 未登记, 网签占比 with what it divides, rows that open their majors', () => {
    const section = placementSection(view);
    expect(section).toMatchObject({ title: '全校 · 各院系', collegeId: '', rate: '70.0%', graduates: 10, onlineShare: '75.0%', onlineDetail: '网签 3 / 单位就业 4' });
    expect(section.figures.map((f) => `${f.label} ${f.value}`)).toEqual(['协议和合同就业 4', '灵活就业 1', '升学 2', '未就业 1', '未登记 2']);
    expect(section.rows[0]).toEqual({ key: 'cs', name: '计算机学院', graduates: 10, rate: '70.0%', unregistered: 2, onlineShare: '75.0%', opens: true });
    const majors = placementSection({ ...view, college: { id: 'cs', name: '计算机学院' }, rows: [placed({ key: '软件工程', name: '软件工程' })] });
    expect(majors).toMatchObject({ title: '计算机学院 · 各专业', collegeId: 'cs' });
    expect(majors.rows[0]!.opens).toBe(false);
    expect(section.rows[1]).toMatchObject({ rate: '—', onlineShare: '—' });
    expect(placementSection({ ...view, rows: [] }).empty).toBe('暂无数据：学校尚未设置院系');
    expect(placementSection({ ...view, college: { id: 'law', name: '法学院' }, rows: [] }).empty).toBe('暂无毕业生：导入毕业生名单后即可统计');
    expect(section.empty).toBe('');
  });
});

describe('统计 page: 去向落实率', () => {
  let sys: TestSystem;
  let env: MiniEnv;

  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  /** 12 graduates over the two colleges, with destinations of every category, two filled by agreements signed here. */
  async function registered(): Promise<void> {
    const graduates = [
      aGraduate('2026010103', 'cs', '软件工程'), aGraduate('2026010104', 'cs', '软件工程'), aGraduate('2026010105', 'cs', '软件工程'),
      aGraduate('2026010106', 'cs', '计算机科学与技术'), aGraduate('2026010107', 'cs', '计算机科学与技术'),
      aGraduate('2026020102', 'em', '会计学'), aGraduate('2026020103', 'em', '市场营销'), aGraduate('2026020104', 'em', '市场营销'), aGraduate('2026020105', 'em', '市场营销'),
    ];
    for (const g of graduates) await sys.store.put('students', g, 0);
    const on = async (no: string) => (await sys.store.get('students', no))!;
    const records: [string, Parameters<typeof aDestination>[1]][] = [
      ['2026010101', { approved: '10', online: true }], ['2026010102', { approved: '80' }], ['2026010103', { approved: '10', online: true }],
      ['2026010104', { approved: '11' }], ['2026010105', { approved: '76' }], ['2026010106', { approved: '70' }],
      ['2026020101', { approved: '12' }], ['2026020102', { approved: '85' }], ['2026020103', { approved: null }],
    ];
    for (const [no, o] of records) await sys.store.put('destinations', aDestination(await on(no), o), 0);
  }

  const rowsShown = (page: Page): string[][] =>
    page.querySelectorAll('.placement-row').map((_, i) =>
      ['name', 'graduates', 'rate', 'unregistered', 'online'].map((c) => textAt(page, `.placement-row--${i} .placement-row__${c}`)),
    );
  const figuresShown = (page: Page): Record<string, string> =>
    Object.fromEntries(texts(page, '.placement-figure__label').map((l, i) => [l, texts(page, '.placement-figure__value')[i] ?? '']));
  const chartOf = (page: Page): unknown => (page.querySelector('.placement__chart') as unknown as { data: { options: unknown } } | undefined)?.data.options;

  it('the school: the total, a bar and a row per college as the server counts them; a tap opens a college\'s majors', async () => {
    await registered();
    env = installWx(sys, DEMO_OPENIDS.schoolReviewer);
    const page = await openPage('review/stats', env);
    capture(page, 'review-stats', 'placement', '统计：去向落实率（各院系）');
    const served = (await sys.ok(query, DEMO_OPENIDS.schoolReviewer, { view: 'placementStats' })) as PlacementView;

    expect(textAt(page, '.placement__scope')).toBe('全校 · 各院系');
    expect(textAt(page, '.placement__rate-value')).toBe('58.3%');
    expect(textAt(page, '.placement__rate-label')).toBe('去向落实率（毕业生 12 人）');
    expect(figuresShown(page)).toEqual({ 协议和合同就业: '4', 灵活就业: '1', 升学: '2', 未就业: '1', 未登记: '4' });
    expect(textAt(page, '.placement__online-value')).toBe('50.0%');
    expect(textAt(page, '.placement__online-detail')).toBe('网签 2 / 单位就业 4');
    expect(rowsShown(page)).toEqual([
      ['计算机学院', '7', '71.4%', '1', '66.7%'],
      ['经济管理学院', '5', '40.0%', '3', '0.0%'],
    ]);
    // the chart is handed the options of the server's rows
    expect(chartOf(page)).toEqual(chartOptions(served.rows));
    expect(texts(page, '.placement__caption')[0]).toContain('点按院系查看各专业');

    await tap(page, env, '.placement-row--0');
    capture(page, 'review-stats', 'placement-majors', '统计：去向落实率（计算机学院各专业）');
    expect(textAt(page, '.placement__scope')).toBe('计算机学院 · 各专业');
    expect(textAt(page, '.placement-table__name')).toBe('专业');
    expect(rowsShown(page)).toEqual([
      ['计算机科学与技术', '3', '33.3%', '1', '—'],
      ['软件工程', '4', '100.0%', '0', '66.7%'],
    ]);
    expect(textAt(page, '.placement__rate-value')).toBe('71.4%');
    expect(chartOf(page)).toEqual(chartOptions(((await sys.ok(query, DEMO_OPENIDS.schoolReviewer, { view: 'placementStats', collegeId: 'cs' })) as PlacementView).rows));
    // a major opens nothing; 全部院系 goes back
    await tap(page, env, '.placement-row--0');
    expect(textAt(page, '.placement__scope')).toBe('计算机学院 · 各专业');
    await tap(page, env, '.placement__back');
    expect(textAt(page, '.placement__scope')).toBe('全校 · 各院系');
    expect(page.querySelector('.placement__back')).toBeUndefined();
  });

  it('a tap on a college\'s bar opens its majors as its row does', async () => {
    await registered();
    env = installWx(sys, DEMO_OPENIDS.schoolReviewer);
    const page = await openPage('review/stats', env);
    page.querySelector('.placement__chart')!.dispatchEvent('bar', { detail: { index: 1 } });
    await settle(page, env);
    expect(textAt(page, '.placement__scope')).toBe('经济管理学院 · 各专业');
    expect(rowsShown(page).map((r) => r[0])).toEqual(['会计学', '市场营销']);
  });

  it('a college reviewer goes straight to their majors, with no way to other colleges', async () => {
    await registered();
    env = installWx(sys, DEMO_OPENIDS.collegeReviewerEm);
    const page = await openPage('review/stats', env);
    expect(textAt(page, '.placement__scope')).toBe('经济管理学院 · 各专业');
    expect(rowsShown(page)).toEqual([
      ['会计学', '2', '100.0%', '0', '0.0%'],
      ['市场营销', '3', '0.0%', '3', '—'],
    ]);
    expect(page.querySelector('.placement__back')).toBeUndefined();
  });

  it('no graduates yet: the figures are zero and the chart gives way to what to do', async () => {
    const settings = await loadSettings(sys.store);
    await sys.store.put('settings', { ...settings, version: settings.version + 1, colleges: [...settings.colleges, { id: 'law', name: '法学院' }] }, settings.version);
    env = installWx(sys, DEMO_OPENIDS.schoolReviewer);
    const page = await openPage('review/stats', env);
    await tap(page, env, '.placement-row--2');
    capture(page, 'review-stats', 'placement-empty', '统计：去向落实率（尚无毕业生）');
    expect(textAt(page, '.placement__scope')).toBe('法学院 · 各专业');
    // nothing to divide by: no rate rather than 0.0%
    expect(textAt(page, '.placement__rate-value')).toBe('—');
    expect(textAt(page, '.placement__online-value')).toBe('—');
    expect(textAt(page, '.placement__empty >>> .t-empty__description')).toBe('暂无毕业生：导入毕业生名单后即可统计');
    expect(page.querySelector('.placement__chart')).toBeUndefined();
  });

  it('a failed load of a college\'s majors keeps the other figures and offers 重试', async () => {
    await registered();
    env = installWx(sys, DEMO_OPENIDS.schoolReviewer);
    const page = await openPage('review/stats', env);
    const real = env.wx.callFunction.getMockImplementation()!;
    env.wx.callFunction.mockImplementation((options: { data?: { view?: string } }) =>
      options.data?.view === 'placementStats' ? Promise.reject({ errMsg: 'cloud.callFunction:fail timeout' }) : real(options),
    );
    await tap(page, env, '.placement-row--0');
    capture(page, 'review-stats', 'placement-error', '统计：去向落实率加载失败');
    expect(textAt(page, '.placement__error-text')).toBe(NETWORK_MESSAGE);
    expect(texts(page, '.stats-card__name')).toHaveLength(3);
    env.wx.callFunction.mockImplementation(real);
    await tap(page, env, '.placement__retry >>> .t-button');
    expect(page.querySelector('.placement__error')).toBeUndefined();
    expect(textAt(page, '.placement__rate-value')).toBe('58.3%');
  });
});
