/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import { bind } from '../../server/usecases/bind';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import type { CollegeStats } from '../../typings/views';
import { NETWORK_MESSAGE } from '../../miniprogram/api/client';
import { pendingCard, percent, statsCard, statsCards } from '../../miniprogram/pkg/review/stats/cards';
import { submitCheck } from '../../server/usecases/submitCheck';
import { accept, approveSourceCheck, sendOffer, signedDemoAgreement } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { capture } from './gallery';
import { installWx, openPage, pullDown, tap, textAt, type MiniEnv, type Page } from './support';

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

const pending = { sourceCheck: 0, employmentCheck: 0, agreementCollege: 0, agreementSchool: 0, termination: 0, employer: 0, destination: 0 };

const college = (over: Partial<CollegeStats>): CollegeStats => ({
  collegeId: 'cs', collegeName: '计算机学院', graduates: 3, sourceApproved: 2, signed: 1, signingRate: 0.3333,
  agreements: { pendingCollege: 1, pendingSchool: 0, returned: 0, signed: 1, terminated: 0, cancelled: 0 }, ...over,
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
