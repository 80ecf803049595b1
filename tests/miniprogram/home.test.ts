/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { review } from '../../server/usecases/review';
import { checkId } from '../../server/domain/checkFields';
import { step } from '../../server/domain/machine';
import { studentKeys } from '../../server/domain/parties';
import type { AgreementDoc, CheckDoc } from '../../server/domain/types';
import { DEMO_EMPLOYER_ID, DEMO_OPENIDS } from '../../server/runtime/seed';
import { AGREEMENT_STATES, CHECK_STATES, EMPLOYER_STATES, OFFER_STATES, STATE_LABELS, TERMINATION_STATES } from '../../typings/states';
import type { Todo } from '../../typings/views';
import { todoDestination } from '../../miniprogram/pages/index/shown';
import * as labels from '../../miniprogram/utils/labels';
import { homeOf } from '../../miniprogram/utils/tabs';
import { accept, signedDemoAgreement } from '../support/agreements';
import { confirmed } from '../support/destinations';
import { DAY, makeSystem, rid, type TestSystem } from '../support/harness';
import { capture } from './gallery';
import { installWx, loadPage, openPage, pullDown, settle, tap, textAt, textOf, type MiniEnv, type Page } from './support';

const ZHANG_NO = '2026010101';
const LI_NO = '2026010102';

describe('state labels', () => {
  it('say what the contract’s tables say, for every state', () => {
    for (const s of CHECK_STATES) expect(labels.checkStateLabel(s)).toBe(STATE_LABELS.check[s]);
    for (const s of AGREEMENT_STATES) expect(labels.agreementStateLabel(s)).toBe(STATE_LABELS.agreement[s]);
    for (const s of OFFER_STATES) expect(labels.offerStateLabel(s)).toBe(STATE_LABELS.offer[s]);
    for (const s of TERMINATION_STATES) expect(labels.terminationStateLabel(s)).toBe(STATE_LABELS.termination[s]);
    for (const s of EMPLOYER_STATES) expect(labels.employerStateLabel(s)).toBe(STATE_LABELS.employer[s]);
    expect(labels.checkStateLabel(null)).toBe('未开始');
  });

  it('colour what needs the student warning, what waits primary, what is done success, what came back danger', () => {
    expect([null, 'draft', 'submitted', 'approved', 'returned'].map((s) => labels.checkStateTheme(s as never))).toEqual([
      'default', 'warning', 'primary', 'success', 'danger',
    ]);
    expect(labels.agreementStateTheme('signed')).toBe('success');
    expect(labels.agreementStateTheme('returned')).toBe('danger');
    expect(labels.agreementStateTheme('pendingCollege')).toBe('primary');
    expect(labels.offerStateTheme('open')).toBe('warning');
    expect(labels.terminationStateTheme('rejected')).toBe('danger');
    expect(labels.roleLabel('collegeReviewer')).toBe('院系审核老师');
  });
});

describe('where a to-do leads (pure)', () => {
  const todo = (kind: Todo['kind'], id?: string): Todo => ({ kind, text: '', ...(id ? { id } : {}) });
  it('by kind and id', () => {
    expect(todoDestination(todo('offer', 'o 1'))).toEqual({ how: 'navigateTo', url: '/pkg/offer/index?id=o%201' });
    expect(todoDestination(todo('sourceCheck'))).toEqual({ how: 'navigateTo', url: '/pkg/check/index?kind=source' });
    expect(todoDestination(todo('employmentCheck'))).toEqual({ how: 'navigateTo', url: '/pkg/check/index?kind=employment' });
    expect(todoDestination(todo('checkReturned', `source:${ZHANG_NO}`))).toEqual({ how: 'navigateTo', url: '/pkg/check/index?kind=source' });
    expect(todoDestination(todo('checkReturned', `employment:${ZHANG_NO}`))).toEqual({ how: 'navigateTo', url: '/pkg/check/index?kind=employment' });
    expect(todoDestination(todo('agreementReturned', 'a1'), 'offer')).toEqual({ how: 'navigateTo', url: '/pkg/agreement/index?id=a1' });
    expect(todoDestination(todo('agreementReturned', 'a1'), 'student')).toEqual({ how: 'navigateTo', url: '/pkg/initiate/index?id=a1' });
    expect(todoDestination(todo('agreementReturned', 'a1'))).toEqual({ how: 'navigateTo', url: '/pkg/agreement/index?id=a1' });
  });
});

describe('首页 (个人中心)', () => {
  let sys: TestSystem;
  let env: MiniEnv;

  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  const open = async (openid: string): Promise<Page> => {
    env = installWx(sys, openid);
    return openPage('index', env);
  };
  /** each status cell's title → its tag */
  const cellsOf = (page: Page): Record<string, string> =>
    Object.fromEntries(['source', 'agreement', 'employment'].map((k) => [textAt(page, `.status__cell--${k} >>> .t-cell__title-text`), textAt(page, `.status__cell--${k} .status__tag >>> .t-tag__text`)]));
  const todosOf = (page: Page): string[] => page.querySelectorAll('.todo >>> .t-cell__title-text').map((t) => (t.dom?.textContent ?? '').trim());
  const homeQueries = () => env.calls.filter((c) => c.name === 'query' && (c.data as { view: string }).view === 'home').length;
  const tapCell = (page: Page, key: string) => tap(page, env, `.status__cell--${key} >>> .t-cell`);
  const tapTodo = (page: Page, kind: string) => tap(page, env, `.todo--${kind} >>> .t-cell`);

  it('李四, just bound: who he is, 生源核查 未开始, and the to-do that starts it', async () => {
    const page = await open(DEMO_OPENIDS.student2);
    expect(page.data.phase).toBe('student');
    expect(textAt(page, '.profile__name')).toBe('李四');
    expect(textAt(page, '.profile__no')).toBe(`学号 ${LI_NO}`);
    expect(textAt(page, '.profile__program')).toBe('计算机学院 / 计算机科学与技术');
    expect(cellsOf(page)).toEqual({ 生源核查: '未开始', 三方协议: '未签约', 就业信息: '未开始' });
    expect(textAt(page, '.status__cell--source >>> .t-cell__description')).toBe('院系审核通过后才可以在线签约');
    expect(todosOf(page)).toEqual(['请完成生源核查', '请完成毕业去向登记']);
    expect(page.querySelector('.todos__empty')).toBeUndefined();
    expect(page.querySelector('.home__skeleton')).toBeUndefined();
    capture(page, 'index', 'fresh-student', '首页：刚绑定的学生');

    await tapTodo(page, 'sourceCheck');
    await tapCell(page, 'source');
    await tapCell(page, 'employment');
    await tapCell(page, 'agreement');
    expect(env.visited).toEqual([
      '/pkg/check/index?kind=source',
      '/pkg/check/index?kind=source',
      '/pkg/check/index?kind=employment',
      '/pages/offers/index',
    ]);
    expect(env.wx.switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/offers/index' }));
    expect(env.wx.navigateTo).toHaveBeenCalledTimes(3);
    // taps only navigate: the one query was the home view
    expect(env.calls.map((c) => c.data)).toEqual([{ view: 'home' }]);
  });

  it('张三 with an open offer: the to-do names the days left and opens the offer', async () => {
    const offer = (await sys.store.get('offers', 'offer-demo-1'))!;
    sys.advance(10 * DAY);
    const page = await open(DEMO_OPENIDS.student);
    expect(cellsOf(page)).toEqual({ 生源核查: '审核通过', 三方协议: '未签约', 就业信息: '未开始' });
    expect(textAt(page, '.status__cell--agreement >>> .t-cell__description')).toBe('1 条邀约待处理');
    expect(todosOf(page)).toEqual(['有 1 条邀约待处理，4 天后失效', '请完成毕业去向登记']);
    capture(page, 'index', 'open-offer', '首页：有邀约待处理');

    await tapTodo(page, 'offer');
    expect(env.visited).toEqual([`/pkg/offer/index?id=${offer._id}`]);

    // on its last day
    sys.setNow(offer.expiresAt);
    sys.advance(-60_000);
    await pullDown(page, env);
    expect(todosOf(page)).toEqual(['有 1 条邀约待处理，今天失效', '请完成毕业去向登记']);
  });

  it('an agreement under review: its state, nothing to do', async () => {
    const a = await accept(sys, DEMO_OPENIDS.student, 'offer-demo-1');
    // 毕业去向登记 done meanwhile: 待就业 (签约中), approved and confirmed
    await confirmed(sys, DEMO_OPENIDS.student, ZHANG_NO);
    const page = await open(DEMO_OPENIDS.student);
    expect(cellsOf(page)).toEqual({ 生源核查: '审核通过', 三方协议: '待院系审核', 就业信息: '未开始' });
    expect(textAt(page, '.status__cell--agreement >>> .t-cell__description')).toBe(`${a.employerName} · ${a.content.job.title}`);
    expect(todosOf(page)).toEqual([]);
    expect(textAt(page, '.todos__empty >>> .t-empty__description')).toBe('暂无待办');
    capture(page, 'index', 'no-todos', '首页：暂无待办');
    await tapCell(page, 'agreement');
    expect(env.visited).toEqual([`/pkg/agreement/index?id=${a._id}`]);
  });

  it('a signed agreement: 签约成功, and 就业信息核验 waits', async () => {
    const signed = await signedDemoAgreement(sys);
    const page = await open(DEMO_OPENIDS.student);
    expect(cellsOf(page)).toEqual({ 生源核查: '审核通过', 三方协议: '签约成功', 就业信息: '未开始' });
    expect(page.querySelector('.status__cell--agreement .status__tag')!.data.theme).toBe('success');
    expect(todosOf(page)).toEqual(['请完成就业信息核验', '请确认您的毕业去向信息真实准确（本人确认）']);
    capture(page, 'index', 'signed', '首页：签约成功');

    await tapTodo(page, 'employmentCheck');
    await tapCell(page, 'agreement');
    await tap(page, env, '.entry-verify >>> .t-cell');
    expect(env.visited).toEqual(['/pkg/check/index?kind=employment', `/pkg/agreement/index?id=${signed._id}`, '/pages/verify/index']);
  });

  it('an agreement returned by the college: the reason in the to-do, which opens it for the employer’s revision', async () => {
    const a = await accept(sys, DEMO_OPENIDS.student, 'offer-demo-1');
    await sys.ok(review, DEMO_OPENIDS.collegeReviewer, { requestId: rid(), decision: 'return', reason: '岗位名称与录用通知不一致', items: [{ record: 'agreement', id: a._id, version: a.version }] });
    const page = await open(DEMO_OPENIDS.student);
    expect(cellsOf(page)['三方协议']).toBe('已退回');
    expect(todosOf(page)).toEqual(['三方协议被退回：岗位名称与录用通知不一致', '请完成毕业去向登记']);
    // the summary tells who started it: no second query
    expect(env.calls.map((c) => c.data)).toEqual([{ view: 'home' }]);
    capture(page, 'index', 'agreement-returned', '首页：协议被退回');
    await tapTodo(page, 'agreementReturned');
    expect(env.visited).toEqual([`/pkg/agreement/index?id=${a._id}`]);
  });

  it('the student’s own agreement returned: the to-do opens 发起签约 to revise it', async () => {
    const proof = await sys.upload(DEMO_OPENIDS.student, 'offer-letter.jpg');
    const draft = {
      employer: { employerId: DEMO_EMPLOYER_ID },
      proofFiles: [proof],
      job: { title: '数据分析师', region: '110108', monthlySalary: 12000, contractYears: 3, startDate: '2026-07-01' },
      file: { transfer: false },
      hukou: { migrate: false },
    };
    const sent = await sys.ok(initiateSigning, DEMO_OPENIDS.student, { action: 'submit', requestId: rid(), version: 0, draft });
    await sys.ok(review, DEMO_OPENIDS.collegeReviewer, { requestId: rid(), decision: 'return', reason: '请补充录用通知', items: [{ record: 'agreement', id: sent.id, version: sent.version }] });
    expect(((await sys.store.get('agreements', sent.id)) as AgreementDoc).origin).toBe('student');

    const page = await open(DEMO_OPENIDS.student);
    expect(todosOf(page)).toContain('三方协议被退回：请补充录用通知');
    await tapTodo(page, 'agreementReturned');
    expect(env.visited).toEqual([`/pkg/initiate/index?id=${sent.id}`]);
  });

  it('生源信息 returned: the to-do opens the source check', async () => {
    const li = (await sys.store.get('students', LI_NO))!;
    const now = sys.deps.clock().toISOString();
    const submitted = step<'check', CheckDoc>({
      kind: 'check', current: null, id: checkId('source', LI_NO), action: 'submit', actor: { openid: DEMO_OPENIDS.student2, role: 'student' }, now,
      patch: { kind: 'source', ...studentKeys(li), fields: { phone: '13700137000' }, schoolValues: {}, submittedAt: now },
    });
    await sys.store.commit({ writes: [{ collection: 'checks', doc: submitted.doc, expectedVersion: 0 }], audit: [submitted.audit], outbox: [] });
    await sys.ok(review, DEMO_OPENIDS.collegeReviewer, { requestId: rid(), decision: 'return', reason: '手机号有误', items: [{ record: 'check', id: submitted.doc._id, version: 1 }] });

    const page = await open(DEMO_OPENIDS.student2);
    expect(cellsOf(page)['生源核查']).toBe('已退回');
    expect(todosOf(page)).toEqual(['生源信息被退回，请修改后重新提交', '请完成毕业去向登记']);
    await tapTodo(page, 'checkReturned');
    expect(env.visited).toEqual(['/pkg/check/index?kind=source']);
  });

  it('unbound: sent to binding, and shown nothing else', async () => {
    const page = await open('wechat-newcomer');
    expect(env.wx.redirectTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/bind/index' }));
    expect(env.visited).toEqual(['/pages/bind/index']);
    expect(page.data.phase).toBe('unbound');
    expect(page.querySelector('.profile')).toBeUndefined();
    expect(page.querySelector('.entry-verify')).toBeUndefined();
  });

  it('a reviewer or an employer: no student pages; sent to their home tab when they have one, with a notice where their work is', async () => {
    const reviewer = await open(DEMO_OPENIDS.collegeReviewer);
    expect(reviewer.data.phase).toBe('staff');
    expect(textAt(reviewer, '.home__notice')).toBe('您已绑定为院系审核老师（计算机学院）。生源核查、三方协议等审核请在「审核」标签中办理。');
    expect(reviewer.querySelector('.profile')).toBeUndefined();
    expect(reviewer.querySelector('.status')).toBeUndefined();
    // their tabs are in the subpackage, not tabBar pages: the launch page relaunches into the first one
    const reviewerTab = homeOf('collegeReviewer');
    expect(env.visited).toEqual(reviewerTab ? [`/${reviewerTab}`] : []);
    if (reviewerTab) expect(env.wx.reLaunch).toHaveBeenCalledWith(expect.objectContaining({ url: `/${reviewerTab}` }));
    expect(env.wx.switchTab).not.toHaveBeenCalled();
    expect(env.wx.redirectTo).not.toHaveBeenCalled();
    capture(reviewer, 'index', 'reviewer', '首页：审核老师');

    const employer = await open(DEMO_OPENIDS.employer);
    expect(textAt(employer, '.home__notice')).toBe('您已绑定为用人单位「深圳示例科技有限公司」。邀约与签约请在「单位」标签中办理。');
    const employerTab = homeOf('employer');
    await tap(employer, env, '.entry-verify >>> .t-cell');
    expect(env.visited).toEqual([...(employerTab ? [`/${employerTab}`] : []), '/pages/verify/index']);
  });

  it('loading shows a skeleton; a failed load shows the message and 重试 brings the page', async () => {
    env = installWx(sys, DEMO_OPENIDS.student2);
    env.wx.callFunction.mockRejectedValueOnce({ errCode: -1, errMsg: 'cloud.callFunction:fail timeout' });
    const page = loadPage('index');
    expect(page.data.phase).toBe('loading');
    expect(page.querySelector('.home__skeleton')).toBeDefined();
    capture(page, 'index', 'loading', '首页：加载中');
    void (page.instance as { onShow: () => Promise<void> }).onShow();
    await settle(page, env);

    expect(page.data.phase).toBe('failed');
    expect(textAt(page, '.home__error-text')).toBe('网络不稳定，请稍后重试');
    expect(page.querySelector('.home__skeleton')).toBeUndefined();
    expect(page.querySelector('.profile')).toBeUndefined();
    capture(page, 'index', 'error', '首页：加载失败');

    await tap(page, env, '.home__retry >>> .t-button');
    expect(page.data.phase).toBe('student');
    expect(page.querySelector('.home__error')).toBeUndefined();
    expect(textAt(page, '.profile__name')).toBe('李四');
  });

  it('pull-down refresh asks again and shows what changed; a failed refresh keeps what was shown', async () => {
    // 毕业去向登记 done: 待就业, approved and confirmed
    await confirmed(sys, DEMO_OPENIDS.student, ZHANG_NO);
    const page = await open(DEMO_OPENIDS.student);
    expect(homeQueries()).toBe(1);
    expect(todosOf(page)).toEqual(['有 1 条邀约待处理，14 天后失效']);

    await accept(sys, DEMO_OPENIDS.student, 'offer-demo-1');
    await pullDown(page, env);
    expect(homeQueries()).toBe(2);
    expect(env.wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
    expect(cellsOf(page)['三方协议']).toBe('待院系审核');
    expect(todosOf(page)).toEqual([]);

    env.wx.callFunction.mockRejectedValueOnce({ errCode: -1, errMsg: 'cloud.callFunction:fail timeout' });
    await pullDown(page, env);
    expect(env.wx.stopPullDownRefresh).toHaveBeenCalledTimes(2);
    expect(textAt(page, '.home__error-text')).toBe('网络不稳定，请稍后重试');
    expect(page.data.phase).toBe('student');
    expect(cellsOf(page)['三方协议']).toBe('待院系审核');

    // coming back to the tab also refreshes
    await (page.instance as { onShow: () => Promise<void> }).onShow();
    await settle(page, env);
    expect(homeQueries()).toBe(3);
    expect(page.querySelector('.home__error')).toBeUndefined();
    expect(textOf(page)).toContain('暂无待办');
  });
});
