/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { loadSettings } from '../../server/app/settings';
import type { OffersView } from '../../typings/views';
import {
  agreementRow,
  countdown,
  EMPTY_HINT,
  HAS_ACTIVE_AGREEMENT,
  initiateEntry,
  NEEDS_SOURCE_CHECK,
  offerRow,
} from '../../miniprogram/pages/offers/rows';
import { accept, approveSourceCheck, sendOffer } from '../support/agreements';
import { DAY, makeSystem, type TestSystem } from '../support/harness';
import { capture } from './gallery';
import { installWx, loadPage, openPage, pullDown, settle, tap, textAt, textOf, type MiniEnv, type Page } from './support';

/** the school turns 学生发起签约 off (the demo school has it on, the default) */
async function closeInitiation(sys: TestSystem): Promise<void> {
  const s = await loadSettings(sys.store);
  await sys.store.put('settings', { ...s, allowStudentInitiate: false, version: s.version + 1 }, s.version);
}

/** A card as one line: the texts of its innermost elements, joined by spaces (TDesign's tags render no host). */
const lineOf = (card: Page): string =>
  [...(card.dom?.querySelectorAll('*') ?? [])]
    .filter((el) => el.children.length === 0)
    .map((el) => (el.textContent ?? '').trim())
    .filter(Boolean)
    .join(' ');
/** A TDesign button's disabled look (its host is virtual: the query reaches the rendered button) */
const disabled = (page: Page, selector: string): boolean => /t-button--disabled\b/.test(page.querySelector(`${selector} >>> .t-button`)?.dom?.className ?? '');
const offerTexts = (page: Page): string[] => page.querySelectorAll('.offer-card').map(lineOf);

describe('三方协议 page: helpers', () => {
  it('countdown: days left, today, nothing once closed', () => {
    expect(countdown(14)).toBe('14 天后失效');
    expect(countdown(1)).toBe('1 天后失效');
    expect(countdown(0)).toBe('今天失效');
    expect(countdown(null)).toBe('');
  });

  const view = (over: Partial<OffersView>): OffersView => ({ offers: [], agreements: [], sourceCheckApproved: true, allowStudentInitiate: true, ...over });
  const summary = { id: 'a1', agreementNo: '202610001310000001', origin: 'student' as const, employerName: '某公司', jobTitle: '工程师', updatedAt: '2026-03-02T02:00:00.000Z' };

  it('发起签约: hidden when the school does not allow it; disabled with the reason without the check or with a live agreement', () => {
    expect(initiateEntry(view({ allowStudentInitiate: false }))).toEqual({ show: false, disabled: true, reason: '' });
    expect(initiateEntry(view({ sourceCheckApproved: false }))).toEqual({ show: true, disabled: true, reason: NEEDS_SOURCE_CHECK });
    expect(initiateEntry(view({ agreements: [{ ...summary, state: 'pendingSchool' }] }))).toEqual({ show: true, disabled: true, reason: HAS_ACTIVE_AGREEMENT });
    // a draft is continued from 发起签约; a terminated one no longer binds
    expect(initiateEntry(view({ agreements: [{ ...summary, state: 'draft' }, { ...summary, state: 'terminated' }] }))).toEqual({ show: true, disabled: false, reason: '' });
  });

  it('rows: the agreement number when there is one; no countdown on a closed offer', () => {
    expect(agreementRow({ ...summary, state: 'pendingCollege' })).toEqual({ id: 'a1', title: '某公司', subtitle: '工程师 · 编号 202610001310000001', stateLabel: '待院系审核', theme: 'primary' });
    expect(agreementRow({ ...summary, agreementNo: null, state: 'draft' }).subtitle).toBe('工程师');
    const offer = {
      id: 'o1', state: 'declined' as const, version: 2, studentNo: 's', studentName: '张三', createdAt: '', expiresAt: '', daysLeft: null,
      employer: { name: '某公司', uscc: '', nature: '', industry: '', region: '', address: '', contactName: '', contactPhone: '' },
      terms: { job: { title: '工程师', region: '', monthlySalary: 1, contractYears: 1, startDate: '' }, file: { transfer: false }, hukou: { migrate: false } },
    };
    expect(offerRow(offer)).toMatchObject({ stateLabel: '已拒绝', countdown: '', urgent: false });
    expect(offerRow({ ...offer, state: 'open', daysLeft: 1 })).toMatchObject({ stateLabel: '待处理', theme: 'warning', countdown: '1 天后失效', urgent: true });
  });
});

describe('三方协议 page', () => {
  let sys: TestSystem;
  let env: MiniEnv;

  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  it('张三 sees the demo offer with its countdown; tapping it opens the offer', async () => {
    env = installWx(sys, DEMO_OPENIDS.student);
    const page = await openPage('offers', env);
    capture(page, 'offers', 'list', '三方协议：收到的邀约');

    // one call, the home view not remembered alike: the offers view tells the tab bar who is calling
    expect(env.calls.map((c) => c.data)).toEqual([{ view: 'offers' }]);
    expect(offerTexts(page)).toEqual(['深圳示例科技有限公司 待处理 前端开发工程师 14 天后失效']);
    expect(textAt(page, '.offer-card__countdown')).toBe('14 天后失效');
    expect(page.querySelector('.offers__empty')).toBeUndefined();
    expect(textAt(page, '.section__none')).toBe('暂无协议书');

    await tap(page, env, '.offer-card--offer-demo-1');
    expect(env.visited).toEqual(['/pkg/offer/index?id=offer-demo-1']);
  });

  it('from the tab to the database: the list, the offer, 应约, and back to the tab showing the agreement', async () => {
    env = installWx(sys, DEMO_OPENIDS.student);
    const list = await openPage('offers', env);
    await tap(list, env, '.offer-card--offer-demo-1');
    const url = env.visited.at(-1)!;
    const id = decodeURIComponent(url.slice(url.indexOf('?id=') + 4));

    const offer = await openPage('offer', env, { id });
    await tap(offer, env, '.actions__accept >>> .t-button');
    const agreements = await sys.all('agreements');
    expect(agreements).toHaveLength(1);
    expect(agreements[0]).toMatchObject({ state: 'pendingCollege', offerId: 'offer-demo-1' });

    // WeChat shows the tab again when the student comes back
    await (list.instance as { onShow: () => Promise<void> }).onShow();
    await settle(list, env);
    expect(offerTexts(list)).toEqual(['深圳示例科技有限公司 已应约 前端开发工程师']);
    expect(list.querySelectorAll('.agreement-card').map(lineOf)).toEqual([`深圳示例科技有限公司 待院系审核 前端开发工程师 · 编号 ${agreements[0]!.agreementNo}`]);
  });

  it('on the last day: 今天失效', async () => {
    sys.advance(14 * DAY - 3_600_000);
    env = installWx(sys, DEMO_OPENIDS.student);
    const page = await openPage('offers', env);
    expect(textAt(page, '.offer-card__countdown')).toBe('今天失效');
    expect(page.querySelector('.offer-card__countdown--urgent')).toBeDefined();
  });

  it('after 应约: the offer shows 已应约 without a countdown, the agreement is listed and opens, 发起签约 is disabled', async () => {
        const agreement = await accept(sys, DEMO_OPENIDS.student, 'offer-demo-1');
    env = installWx(sys, DEMO_OPENIDS.student);
    const page = await openPage('offers', env);
    capture(page, 'offers', 'accepted', '三方协议：已应约，协议待审核');

    expect(offerTexts(page)).toEqual(['深圳示例科技有限公司 已应约 前端开发工程师']);
    expect(page.querySelectorAll('.agreement-card').map(lineOf)).toEqual([`深圳示例科技有限公司 待院系审核 前端开发工程师 · 编号 ${agreement.agreementNo}`]);
    expect(disabled(page, '.initiate__button')).toBe(true);
    expect(textAt(page, '.initiate__reason')).toBe(HAS_ACTIVE_AGREEMENT);

    await tap(page, env, `.agreement-card--${agreement._id}`);
    expect(env.visited).toEqual([`/pkg/agreement/index?id=${agreement._id}`]);
  });

  it('李四 without an approved source check: no offers (the hint), 发起签约 disabled with the reason; once approved it opens 发起签约', async () => {
        env = installWx(sys, DEMO_OPENIDS.student2);
    const page = await openPage('offers', env);
    capture(page, 'offers', 'empty', '三方协议：暂无邀约，生源核查未通过');

    expect(page.querySelectorAll('.offer-card')).toHaveLength(0);
    expect(textAt(page, '.offers__empty')).toBe(EMPTY_HINT);
    expect(lineOf(page.querySelector('.initiate')!)).toBe('发起签约 生源核查通过后才能在线签约');
    expect(disabled(page, '.initiate__button')).toBe(true);
    expect(textAt(page, '.initiate__reason')).toBe('生源核查通过后才能在线签约');
    await tap(page, env, '.initiate__button >>> .t-button');
    expect(env.visited).toEqual([]);

    await approveSourceCheck(sys, '2026010102', DEMO_OPENIDS.collegeReviewer);
    await pullDown(page, env);
    expect(env.wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
    expect(disabled(page, '.initiate__button')).toBe(false);
    expect(page.querySelector('.initiate__reason')).toBeUndefined();
    await tap(page, env, '.initiate__button >>> .t-button');
    expect(env.visited).toEqual(['/pkg/initiate/index']);
  });

  it('发起签约 is not offered where the school has not opened it', async () => {
    await closeInitiation(sys);
    env = installWx(sys, DEMO_OPENIDS.student);
    const page = await openPage('offers', env);
    expect(page.querySelector('.initiate')).toBeUndefined();
    expect(textOf(page)).not.toContain('发起签约');
  });

  it('pull-down refresh shows an offer sent meanwhile', async () => {
    env = installWx(sys, DEMO_OPENIDS.student2);
    const page = await openPage('offers', env);
    expect(page.querySelectorAll('.offer-card')).toHaveLength(0);

    sys.advance(DAY);
    await sendOffer(sys, '2026010102', '李四');
    await pullDown(page, env);
    expect(offerTexts(page)).toEqual(['深圳示例科技有限公司 待处理 数据分析师 14 天后失效']);
    expect(page.querySelector('.offers__empty')).toBeUndefined();
    expect(env.wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
  });

  it('an expired offer: 已失效, no countdown', async () => {
    sys.advance(15 * DAY);
    env = installWx(sys, DEMO_OPENIDS.student);
    const page = await openPage('offers', env);
    expect(offerTexts(page)).toEqual(['深圳示例科技有限公司 已失效 前端开发工程师']);
    expect(page.querySelector('.offer-card__countdown')).toBeUndefined();
  });

  it('a lost network: the message and 重试, which loads the list; the pull-down spinner always stops', async () => {
    env = installWx(sys, DEMO_OPENIDS.student);
    const real = env.wx.callFunction.getMockImplementation()!;
    env.wx.callFunction.mockImplementation((options: { data: { view?: string } }) =>
      options.data.view === 'offers' ? Promise.reject({ errMsg: 'cloud.callFunction:fail timeout' }) : real(options),
    );
    const page = await openPage('offers', env);
    capture(page, 'offers', 'error', '三方协议：加载失败');
    expect(textAt(page, '.offers__error-text')).toBe('网络不稳定，请稍后重试');
    expect(page.querySelector('.offer-card')).toBeUndefined();
    expect(page.querySelector('.offers__empty')).toBeUndefined();

    await pullDown(page, env);
    expect(env.wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
    expect(textAt(page, '.offers__error-text')).toBe('网络不稳定，请稍后重试');

    env.wx.callFunction.mockImplementation(real);
    await tap(page, env, '.offers__retry >>> .t-button');
    expect(page.querySelector('.offers__error')).toBeUndefined();
    expect(offerTexts(page)).toHaveLength(1);
  });

  it('while loading: the spinner, and nothing else', async () => {
    env = installWx(sys, DEMO_OPENIDS.student);
    const page = loadPage('offers');
    void (page.instance as { onShow: () => Promise<void> }).onShow();
    for (let i = 0; i < 20 && !page.data.busy; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(page.data.busy).toBe(true);
    expect(page.querySelector('.offers__loading')).toBeDefined();
    expect(page.querySelector('.section')).toBeUndefined();
    capture(page, 'offers', 'loading', '三方协议：加载中');
    await settle(page, env);
    expect(page.querySelector('.offers__loading')).toBeUndefined();
    expect(page.querySelectorAll('.offer-card')).toHaveLength(1);
  });

  it('an unbound caller: the server’s message', async () => {
    env = installWx(sys, 'someone-unbound');
    const page = await openPage('offers', env);
    expect(env.calls.at(-1)!.result).toMatchObject({ ok: false, code: 'NOT_BOUND' });
    expect(textAt(page, '.offers__error-text')).toBe('请先完成身份绑定');
  });
});
