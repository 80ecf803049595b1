/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import { employerOffer } from '../../server/usecases/employerOffer';
import { expireOffers } from '../../server/usecases/expireOffers';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import type { OfferView } from '../../typings/views';
import { banner, CHECK_EVERY_PART, expiryNotice, offerSections } from '../../miniprogram/pkg/offer/sections';
import { sendOffer, TERMS } from '../support/agreements';
import { DAY, makeSystem, rid, type TestSystem } from '../support/harness';
import { capture } from './gallery';
import { installWx, loadPage, openPage, rowsOf, settle, tap, textAt, textOf, type MiniEnv, type Page } from './support';

const OFFER = 'offer-demo-1';
const LI_SI = '2026010102';

/** the demo offer's every part, as 张三 reads it */
const DEMO_ROWS = {
  岗位名称: '前端开发工程师',
  工作地点: '广东省 深圳市 南山区',
  月薪: '15000 元',
  合同期限: '3 年',
  报到日期: '2026年7月1日',
  岗位说明: '负责小程序与网页前端开发',
  单位名称: '深圳示例科技有限公司',
  统一社会信用代码: expect.stringMatching(/^91440300MA5D8K2P1[0-9A-Z]$/),
  单位性质: expect.stringMatching(/企业/),
  单位行业: '软件和信息技术服务业',
  单位所在地: '广东省 深圳市 南山区',
  单位地址: '广东省深圳市南山区粤海街道科技南路88号',
  单位联系人: '陈经理',
  联系电话: '13912345678',
  档案转递: '转递',
  档案接收单位: '深圳市人才交流服务中心',
  档案接收地址: '深圳市福田区深南大道1号',
  邮政编码: '518000',
  户口迁移: '不迁移',
  补充条款: '试用期三个月，试用期工资不低于转正工资的80%。',
};

const TDesign = (selector: string): string => `${selector} >>> .t-button`;
/** TDesign's popups draw (and go) on timers of about 330 ms */
const transition = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 400));
const respondCalls = (env: MiniEnv) => env.calls.filter((c) => c.name === 'respondOffer');

describe('邀约详情: helpers', () => {
  const view = (over: Partial<OfferView> = {}): OfferView => ({
    id: 'o1', state: 'open', version: 1, studentNo: LI_SI, studentName: '李四', createdAt: '2026-03-02T02:00:00.000Z',
    expiresAt: '2026-03-16T02:00:00.000Z', daysLeft: 14,
    employer: { name: '某公司', uscc: 'X', nature: '39', industry: '65', region: '110101', address: '', contactName: '王', contactPhone: '13900000000' },
    terms: TERMS,
    ...over,
  });

  it('sections: 档案 without its receiver when not transferred, 户口 with its address, 报到证 only for a legacy record', () => {
    const titles = (v: OfferView) => offerSections(v).map((s) => s.title);
    expect(titles(view())).toEqual(['工作信息', '单位信息', '档案', '户口', '补充条款']);
    const [, employer, file, hukou, remarks] = offerSections(view());
    expect(employer!.rows.find((r) => r.label === '单位所在地')!.value).toBe('北京市 东城区');
    expect(employer!.rows.find((r) => r.label === '单位地址')!.value).toBe('—');
    expect(file!.rows).toEqual([{ label: '档案转递', value: '不转递' }]);
    expect(hukou!.rows).toEqual([{ label: '户口迁移', value: '迁移' }, { label: '户口迁移地址', value: '北京市东城区东华门街道' }]);
    expect(remarks!.rows).toEqual([{ label: '补充条款', value: '—' }]);

    const legacy = offerSections(view({ terms: { ...TERMS, legacyReportCardUnit: '北京市人力资源和社会保障局' } }));
    expect(legacy.map((s) => s.title)).toEqual(['工作信息', '单位信息', '档案', '户口', '报到证', '补充条款']);
    expect(legacy[4]!.rows).toEqual([{ label: '报到证签往单位', value: '北京市人力资源和社会保障局' }]);
  });

  it('the expiry notice: N days, today, nothing once closed', () => {
    expect(expiryNotice(view())).toBe('不做处理 14 天后该邀约自动失效（截止 2026年3月16日 10:00）');
    expect(expiryNotice(view({ daysLeft: 0 }))).toBe('不做处理今天该邀约自动失效（截止 2026年3月16日 10:00）');
    expect(expiryNotice(view({ state: 'expired', daysLeft: null }))).toBe('');
  });

  it('a banner for every closed state, with the reason where there is one', () => {
    expect(banner(view())).toBeNull();
    expect(banner(view({ state: 'accepted' }))).toMatchObject({ label: '已应约', theme: 'success' });
    expect(banner(view({ state: 'declined', declineReason: '薪资有误' }))).toEqual({ label: '已拒绝', theme: 'default', detail: '拒绝原因：薪资有误' });
    expect(banner(view({ state: 'expired' }))!.detail).toBe('该邀约已于 2026年3月16日 10:00 失效。如仍有意向，请联系单位联系人重新发起邀约。');
    expect(banner(view({ state: 'withdrawn' }))).toEqual({ label: '单位已撤回', theme: 'default', detail: '用人单位已撤回该邀约。' });
    expect(banner(view({ state: 'superseded' }))).toEqual({ label: '已失效（已应约其他单位）', theme: 'default', detail: '您已应约其他单位，该邀约自动失效。' });
  });
});

describe('邀约详情 page', () => {
  let sys: TestSystem;
  let env: MiniEnv;

  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  const open = async (openid: string, id = OFFER): Promise<Page> => {
    env = installWx(sys, openid);
    return openPage('offer', env, { id });
  };

  it('张三 reads every part of the offer, the manual’s reminder and the deadline, with 应约 and 拒绝', async () => {
    const page = await open(DEMO_OPENIDS.student);
    capture(page, 'offer', 'open', '邀约详情：待处理');

    // one call, opened from a message alike: the offer's view carries the subscription templates
    expect(env.calls.map((c) => c.data)).toEqual([{ view: 'offer', id: OFFER }]);
    expect(textAt(page, '.head__employer')).toBe('深圳示例科技有限公司');
    expect(textAt(page, '.head__job')).toBe('前端开发工程师');
    expect(textAt(page, '.head__state')).toBe('待处理');
    expect(textAt(page, '.reminder__text')).toBe(CHECK_EVERY_PART);
    expect(textAt(page, '.reminder__expiry')).toBe('不做处理 14 天后该邀约自动失效（截止 2026年3月16日 10:00）');
    expect(page.querySelectorAll('.group__title').map((t) => textOf(t))).toEqual(['工作信息', '单位信息', '档案', '户口', '补充条款']);
    expect(rowsOf(page)).toEqual(DEMO_ROWS);
    expect(textAt(page, TDesign('.actions__accept'))).toBe('应约');
    expect(textAt(page, TDesign('.actions__decline'))).toBe('拒绝');
    expect(page.querySelector('.banner')).toBeUndefined();
    expect(page.querySelector('.group--reportCard')).toBeUndefined();
  });

  it('应约: consent asked, confirmed, the agreement created for college review with its number; 查看协议书 opens it', async () => {
    const page = await open(DEMO_OPENIDS.student);
    await tap(page, env, TDesign('.actions__accept'));

    expect(env.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['demo-tmpl-review-result'] }));
    expect(env.wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '确认应约', confirmText: '应约' }));
    const [accepted] = respondCalls(env);
    expect(accepted!.data).toEqual({ action: 'accept', requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/), offerId: OFFER, version: 1 });
    expect(accepted!.result).toMatchObject({ ok: true, data: { record: 'agreement', state: 'pendingCollege' } });
    const agreementId = (accepted!.result.data as { id: string }).id;

    // the store: the offer accepted and linked, the agreement pending college review with a number, both audited
    const offer = (await sys.store.get('offers', OFFER))!;
    expect(offer).toMatchObject({ state: 'accepted', agreementId, version: 2 });
    const agreement = (await sys.store.get('agreements', agreementId))!;
    expect(agreement).toMatchObject({ state: 'pendingCollege', origin: 'offer', offerId: OFFER, studentNo: '2026010101' });
    expect(agreement.agreementNo).toBe('20261000131000001');
    expect((await sys.auditOf('offer', OFFER)).map((a) => [a.action, a.to])).toEqual([['create', 'open'], ['accept', 'accepted']]);
    expect((await sys.auditOf('agreement', agreementId)).map((a) => [a.action, a.to])).toEqual([['createFromOffer', 'pendingCollege']]);

    // the page: read-only, the agreement's number and state, and the way to it
    capture(page, 'offer', 'accepted', '邀约详情：已应约，协议书已生成');
    expect(env.toasts).toContain('应约成功');
    expect(textAt(page, '.head__state')).toBe('已应约');
    expect(textAt(page, '.banner__label')).toBe('已应约');
    expect(textAt(page, '.banner__agreement')).toBe(`协议编号 ${agreement.agreementNo} · 待院系审核`);
    expect(page.querySelector('.actions')).toBeUndefined();
    expect(page.querySelector('.reminder')).toBeUndefined();
    expect(rowsOf(page)).toEqual(DEMO_ROWS);

    await tap(page, env, TDesign('.banner__link'));
    expect(env.visited).toEqual([`/pkg/agreement/index?id=${agreementId}`]);
    // the home view (the tab bar, the todo list) is marked stale after the change, not loaded beside the offer;
    // 首页 loads it fresh when next shown
    expect(env.calls.filter((c) => c.name === 'query').map((c) => c.data)).toEqual([{ view: 'offer', id: OFFER }, { view: 'offer', id: OFFER }]);
    expect((globalThis as unknown as { __app: { globalData: { homeStale?: boolean } } }).__app.globalData.homeStale).toBe(true);
    const home = await openPage('index', env);
    expect(env.calls.at(-1)!.data).toEqual({ view: 'home' });
    expect(textAt(home, '.status__cell--agreement .status__tag >>> .t-tag__text')).toBe('待院系审核');
    expect(textOf(home)).not.toContain('邀约待处理');
  });

  it('应约 cancelled in the confirmation: nothing is sent', async () => {
    const page = await open(DEMO_OPENIDS.student);
    env.modal = { confirm: false };
    await tap(page, env, TDesign('.actions__accept'));
    expect(env.wx.showModal).toHaveBeenCalledTimes(1);
    expect(respondCalls(env)).toEqual([]);
    expect((await sys.store.get('offers', OFFER))!.state).toBe('open');
    expect(page.querySelector('.actions')).toBeDefined();
  });

  it('拒绝 with an empty reason is refused on the phone; with a reason the offer is declined and the employer told', async () => {
    const page = await open(DEMO_OPENIDS.student);
    expect(textOf(page)).not.toContain('请写明拒绝的原因'); // the dialog is not drawn
    await tap(page, env, TDesign('.actions__decline'));
    expect(page.data.declineVisible).toBe(true);
    expect(textOf(page)).toContain('请写明拒绝的原因');

    await tap(page, env, TDesign('.decline__confirm'));
    await transition();
    capture(page, 'offer', 'decline-empty', '邀约详情：拒绝须填写原因');
    expect(textAt(page, '.decline__error')).toBe('请填写拒绝原因');
    await type(page, '   ');
    await tap(page, env, TDesign('.decline__confirm'));
    expect(textAt(page, '.decline__error')).toBe('请填写拒绝原因');
    expect(respondCalls(env)).toEqual([]);
    expect((await sys.store.get('offers', OFFER))!.state).toBe('open');

    await type(page, '  档案接收单位有误  ');
    expect(page.querySelector('.decline__error')).toBeUndefined();
    capture(page, 'offer', 'decline-reason', '邀约详情：填写拒绝原因');
    await tap(page, env, TDesign('.decline__confirm'));

    expect(respondCalls(env).map((c) => c.data)).toEqual([
      { action: 'decline', requestId: expect.any(String), offerId: OFFER, version: 1, reason: '档案接收单位有误' },
    ]);
    expect(env.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['demo-tmpl-offer-received'] }));
    expect(await sys.store.get('offers', OFFER)).toMatchObject({ state: 'declined', declineReason: '档案接收单位有误' });
    const audit = await sys.auditOf('offer', OFFER);
    expect(audit.at(-1)).toMatchObject({ action: 'decline', to: 'declined', reason: expect.stringContaining('档案接收单位有误') });
    const told = (await sys.all('outbox')).filter((m) => m.to === DEMO_OPENIDS.employer);
    expect(told).toHaveLength(1);
    expect(told[0]!.template).toBe('offerAnswered');
    expect(Object.values(told[0]!.data)).toEqual(expect.arrayContaining(['张三', '已拒绝', '档案接收单位有误']));
    expect(await sys.all('agreements')).toEqual([]);

    capture(page, 'offer', 'declined', '邀约详情：已拒绝');
    expect(page.data.declineVisible).toBe(false);
    expect(env.toasts).toContain('已拒绝');
    expect(textAt(page, '.banner__label')).toBe('已拒绝');
    expect(textAt(page, '.banner__detail')).toBe('拒绝原因：档案接收单位有误');
    expect(page.querySelector('.actions')).toBeUndefined();
    expect(page.querySelector('.banner__link')).toBeUndefined();
  });

  it('拒绝 then 取消: the dialog closes and nothing is sent', async () => {
    const page = await open(DEMO_OPENIDS.student);
    await tap(page, env, TDesign('.actions__decline'));
    await type(page, '再想想');
    await tap(page, env, TDesign('.decline__cancel'));
    expect(page.data.declineVisible).toBe(false);
    await transition();
    expect(textOf(page)).not.toContain('请写明拒绝的原因'); // the dialog is not drawn
    expect(respondCalls(env)).toEqual([]);
  });

  it('an expired offer is read-only: the banner with the deadline, no 应约 or 拒绝 (the clock moved past it)', async () => {
    sys.advance(15 * DAY);
    const page = await open(DEMO_OPENIDS.student);
    capture(page, 'offer', 'expired', '邀约详情：已失效');
    expect(textAt(page, '.head__state')).toBe('已失效');
    expect(textAt(page, '.banner__label')).toBe('已失效');
    expect(textAt(page, '.banner__detail')).toBe('该邀约已于 2026年3月16日 10:00 失效。如仍有意向，请联系单位联系人重新发起邀约。');
    expect(page.querySelector('.actions')).toBeUndefined();
    expect(page.querySelector('.reminder')).toBeUndefined();
    expect(rowsOf(page)).toEqual(DEMO_ROWS);
  });

  it('past its deadline while the page was open: 应约 is refused with the server’s message and the page shows it expired', async () => {
    const page = await open(DEMO_OPENIDS.student);
    sys.advance(15 * DAY);
    await tap(page, env, TDesign('.actions__accept'));

    expect(respondCalls(env)[0]!.result).toMatchObject({ ok: false, code: 'OFFER_EXPIRED' });
    expect(textAt(page, '.offer__notice')).toBe('该邀约已过期');
    expect(textAt(page, '.banner__label')).toBe('已失效');
    expect(page.querySelector('.actions')).toBeUndefined();
    expect(await sys.all('agreements')).toEqual([]);
  });

  it('expired by the timer while the page was open: the version moved on, the page says so and reloads', async () => {
    const page = await open(DEMO_OPENIDS.student);
    sys.advance(15 * DAY);
    expect(await sys.ok(expireOffers, '', {})).toMatchObject({ expired: 1 });
    await tap(page, env, TDesign('.actions__accept'));

    expect(respondCalls(env)[0]!.result).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(textAt(page, '.offer__notice')).toBe('该邀约刚刚有更新，已为您刷新，请重新确认后再操作');
    expect(textAt(page, '.banner__label')).toBe('已失效');
    expect(page.querySelector('.actions')).toBeUndefined();
    expect((await sys.store.get('offers', OFFER))!.state).toBe('expired');
    expect(await sys.all('agreements')).toEqual([]);
  });

  it('the employer changed the offer after it was opened: CONFLICT, the page reloads the new terms, then 应约 succeeds', async () => {
    const page = await open(DEMO_OPENIDS.student);
    const before = (await sys.store.get('offers', OFFER))!;
    await sys.ok(employerOffer, DEMO_OPENIDS.employer, {
      action: 'edit', requestId: rid(), offerId: OFFER, version: before.version,
      terms: { ...before.terms, job: { ...before.terms.job, monthlySalary: 16000 } },
    });

    await tap(page, env, TDesign('.actions__accept'));
    expect(respondCalls(env)[0]!.result).toMatchObject({ ok: false, code: 'CONFLICT' });
    capture(page, 'offer', 'conflict', '邀约详情：单位已更新邀约');
    expect(textAt(page, '.offer__notice')).toBe('该邀约刚刚有更新，已为您刷新，请重新确认后再操作');
    expect(rowsOf(page)['月薪']).toBe('16000 元');
    expect((await sys.store.get('offers', OFFER))!.state).toBe('open');

    await tap(page, env, TDesign('.actions__accept'));
    const second = respondCalls(env)[1]!;
    expect(second.data).toMatchObject({ version: 2 });
    expect(second.result).toMatchObject({ ok: true });
    expect(page.querySelector('.offer__notice')).toBeUndefined();
    expect((await sys.store.get('offers', OFFER))!.state).toBe('accepted');
  });

  it('an offer withdrawn by the employer: read-only with the reason', async () => {
    await sys.ok(employerOffer, DEMO_OPENIDS.employer, { action: 'withdraw', requestId: rid(), offerId: OFFER, version: 1 });
    const page = await open(DEMO_OPENIDS.student);
    capture(page, 'offer', 'withdrawn', '邀约详情：单位已撤回');
    expect(textAt(page, '.banner__label')).toBe('单位已撤回');
    expect(textAt(page, '.banner__detail')).toBe('用人单位已撤回该邀约。');
    expect(page.querySelector('.actions')).toBeUndefined();
  });

  it('another student cannot open 张三’s offer: the refusal, nothing of the offer', async () => {
    const page = await open(DEMO_OPENIDS.student2);
    capture(page, 'offer', 'not-found', '邀约详情：无权查看');
    expect(env.calls.find((c) => c.name === 'query' && (c.data as { view: string }).view === 'offer')!.result).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(textAt(page, '.offer__error-text')).toBe('记录不存在或已被删除');
    expect(textOf(page)).not.toContain('深圳示例科技有限公司');
    expect(page.querySelector('.group')).toBeUndefined();
    expect(page.querySelector('.actions')).toBeUndefined();
  });

  it('李四 without an approved source check: 应约 is refused with the server’s message, nothing changes', async () => {
    const offerId = await sendOffer(sys, LI_SI, '李四');
    const page = await open(DEMO_OPENIDS.student2, offerId);
    await tap(page, env, TDesign('.actions__accept'));

    expect(respondCalls(env)[0]!.result).toMatchObject({ ok: false, code: 'SOURCE_CHECK_REQUIRED' });
    capture(page, 'offer', 'source-check-required', '邀约详情：生源核查未通过，不能应约');
    expect(textAt(page, '.offer__notice')).toBe('生源核查通过后才能签约');
    expect(textAt(page, '.head__state')).toBe('待处理');
    expect(page.querySelector('.actions')).toBeDefined();
    expect((await sys.store.get('offers', offerId))!).toMatchObject({ state: 'open', version: 1 });
    expect(await sys.all('agreements')).toEqual([]);
  });

  it('a lost answer to 应约: the network message; the second tap sends the same request id and succeeds', async () => {
    const page = await open(DEMO_OPENIDS.student);
    const real = env.wx.callFunction.getMockImplementation()!;
    let lost = 0;
    env.wx.callFunction.mockImplementation((options: { name: string }) =>
      options.name === 'respondOffer' && lost++ === 0 ? Promise.reject({ errMsg: 'cloud.callFunction:fail timeout' }) : real(options),
    );
    await tap(page, env, TDesign('.actions__accept'));
    expect(textAt(page, '.offer__notice')).toBe('网络不稳定，请稍后重试');
    expect(page.querySelector('.actions')).toBeDefined();

    await tap(page, env, TDesign('.actions__accept'));
    const sent = env.wx.callFunction.mock.calls
      .map(([options]) => options as { name: string; data: { requestId?: string } })
      .filter((o) => o.name === 'respondOffer')
      .map((o) => o.data.requestId);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toBe(sent[0]);
    expect(textAt(page, '.banner__label')).toBe('已应约');
    expect(await sys.all('agreements')).toHaveLength(1);
  });

  it('opened without an id: says so and calls nothing', async () => {
    env = installWx(sys, DEMO_OPENIDS.student);
    const page = loadPage('offer');
    await (page.instance as { onLoad: (o: Record<string, string>) => Promise<void> }).onLoad({});
    await settle(page, env);
    expect(textAt(page, '.offer__error-text')).toBe('邀约链接有误，请从三方协议列表进入');
    expect(page.querySelector('.offer__retry')).toBeUndefined();
    expect(env.calls).toEqual([]);
  });

  it('pull-down refresh shows the offer as it now is and stops the spinner', async () => {
    const page = await open(DEMO_OPENIDS.student);
    sys.advance(14 * DAY - 3_600_000);
    await (page.instance as { onPullDownRefresh: () => Promise<void> }).onPullDownRefresh();
    await settle(page, env);
    expect(env.wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
    expect(textAt(page, '.reminder__expiry')).toBe('不做处理今天该邀约自动失效（截止 2026年3月16日 10:00）');
  });

  /** types into the decline reason as a person would (t-textarea's inner textarea) */
  async function type(page: Page, value: string): Promise<void> {
    const target = page.querySelector('.decline__reason >>> .t-textarea__wrapper-inner');
    if (!target) throw new Error('no reason textarea');
    target.dispatchEvent('input', { detail: { value } });
    await settle(page, env);
  }
});

describe('邀约详情: 约定条款, in the order a student checks them', () => {
  let sys: TestSystem;
  let env: MiniEnv;
  beforeEach(async () => {
    sys = await makeSystem();
    env = installWx(sys, DEMO_OPENIDS.student);
  });
  afterEach(() => sys.close());

  const STRUCTURED = {
    trialMonths: 3,
    serviceYears: 5,
    penaltyYuan: 20000,
    penaltyWarningConfirmed: true,
    insurance: ['pension', 'medical', 'unemployment', 'injury', 'maternity'] as ('pension' | 'medical' | 'unemployment' | 'injury' | 'maternity')[],
    dispatched: true,
    dispatchUnitName: '深圳市某某人力资源服务有限公司',
  };

  it('given an offer with a 违约金 above the cap, the 违约金 is highlighted with the cap and said again beside 应约; accepted, the agreement keeps the terms', async () => {
    const current = (await sys.store.get('offers', OFFER))!;
    await sys.ok(employerOffer, DEMO_OPENIDS.employer, { action: 'edit', requestId: rid(), offerId: OFFER, version: 1, terms: { ...current.terms, structured: STRUCTURED } });
    const page = await openPage('offer', env, { id: OFFER });
    expect(page.querySelectorAll('.group__title').map((t) => textOf(t))).toEqual(['工作信息与约定条款', '单位信息', '档案', '户口', '补充条款']);
    const labels = page.querySelectorAll('.group--job .row__label').map((l) => textOf(l));
    expect(labels).toEqual(['岗位名称', '工作地点', '劳务派遣', '月薪（税前）', '合同期限', '试用期', '服务期', '五险一金', '违约金', '报到日期', '岗位说明']);
    expect(textAt(page, '.row--dispatch')).toContain('是（派遣单位：深圳市某某人力资源服务有限公司）');
    expect(textAt(page, '.row--insurance')).toContain('养老保险、医疗保险、失业保险、工伤保险、生育保险（未含：住房公积金）');
    expect(page.querySelectorAll('.row--highlight').map((r) => textOf(r))).toEqual(['违约金20000 元高于学校建议上限 5000 元，请确认后再应约']);
    expect(textAt(page, '.penalty-alert')).toBe('本邀约约定违约金 20000 元，高于学校建议上限 5000 元。应约后如解约须按约定支付，请确认能够接受；如有疑问，请先联系单位或拒绝并写明原因。');
    capture(page, 'offer', 'terms-penalty-highlight', '邀约详情：约定条款，违约金高于学校建议上限');

    await tap(page, env, TDesign('.actions__accept'));
    const agreementId = (env.calls.find((c) => c.name === 'respondOffer')!.result.data as { id: string }).id;
    expect((await sys.store.get('agreements', agreementId))!.content.structured).toEqual(STRUCTURED);
    // answered, the offer no longer asks: the alert is for before 应约
    expect(page.querySelector('.penalty-alert')).toBeUndefined();
  });

  it('given a 违约金 at the cap and a 见习期, nothing is highlighted and the row names 见习期', async () => {
    const current = (await sys.store.get('offers', OFFER))!;
    await sys.ok(employerOffer, DEMO_OPENIDS.employer, { action: 'edit', requestId: rid(), offerId: OFFER, version: 1, terms: { ...current.terms, structured: { internshipMonths: 12, penaltyYuan: 5000, dispatched: false } } });
    const page = await openPage('offer', env, { id: OFFER });
    expect(page.querySelector('.row--highlight')).toBeUndefined();
    expect(page.querySelector('.penalty-alert')).toBeUndefined();
    expect(textAt(page, '.row--internship')).toBe('见习期12 个月');
    expect(textAt(page, '.row--insurance')).toBe('五险一金无');
  });
});
