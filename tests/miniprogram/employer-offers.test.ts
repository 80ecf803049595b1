/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import { withUsccCheck } from '../../server/domain/identifiers';
import { bind } from '../../server/usecases/bind';
import { employerOffer } from '../../server/usecases/employerOffer';
import { respondOffer } from '../../server/usecases/respondOffer';
import { review } from '../../server/usecases/review';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { accept, sendOffer } from '../support/agreements';
import { DAY, makeSystem, rid, type TestSystem } from '../support/harness';
import { capture } from './gallery';
import { installWx, loadPage, openPage, pullDown, settle, tap, textAt, textOf, type MiniEnv } from './support';
import { registration } from '../support/registration';

const DEMO_OFFER = 'offer-demo-1';
const LI = { studentNo: '2026010102', name: '李四' };
const button = (cls: string): string => `.${cls} >>> .t-button`;
const card = (id: string): string => `.offer--${id}`;

describe('邀约 list', () => {
  let sys: TestSystem;
  let env: MiniEnv;

  beforeEach(async () => {
    sys = await makeSystem();
    env = installWx(sys, DEMO_OPENIDS.employer);
  });
  afterEach(() => sys.close());

  const offerCalls = () => env.calls.filter((c) => c.name === 'employerOffer');
  const listCalls = () => env.calls.filter((c) => (c.data as { view?: string }).view === 'employerOffers');

  it('an open offer: the student, the job, waiting for the answer with the days left; 修改 opens it on the invite page', async () => {
    const page = await openPage('employer/offers', env);
    expect(listCalls().map((c) => c.data)).toEqual([{ view: 'employerOffers', limit: 20 }]);
    expect(page.querySelectorAll('.offer')).toHaveLength(1);
    expect(textAt(page, `${card(DEMO_OFFER)} .offer__student`)).toBe('张三（2026010101）');
    expect(textAt(page, `${card(DEMO_OFFER)} .offer__state`)).toBe('待学生答复');
    expect(textAt(page, `${card(DEMO_OFFER)} .offer__job`)).toBe('前端开发工程师');
    expect(textAt(page, `${card(DEMO_OFFER)} .offer__answer`)).toBe('等待学生答复');
    expect(textAt(page, `${card(DEMO_OFFER)} .offer__countdown`)).toBe('14 天后失效');
    expect(textAt(page, `${card(DEMO_OFFER)} .offer__until`)).toBe('有效期至 2026年3月16日');
    expect(page.querySelector(`${card(DEMO_OFFER)} .offer__withdraw`)).toBeDefined();
    expect(page.querySelector('.more')).toBeUndefined();
    expect(textAt(page, '.more__end')).toBe('没有更多了');
    capture(page, 'employer-offers', 'open', '邀约列表：待学生答复');

    await tap(page, env, `${card(DEMO_OFFER)} .offer__edit >>> .t-button`);
    expect(env.visited).toEqual([`/pkg/employer/invite/index?id=${DEMO_OFFER}`]);
    await tap(page, env, button('top__invite'));
    expect(env.visited.at(-1)).toBe('/pkg/employer/invite/index');
  });

  it('the last day is urgent', async () => {
    // an hour before the deadline (10:00 Beijing time, 14 days after sending)
    sys.advance(14 * DAY - 3_600_000);
    const page = await openPage('employer/offers', env);
    expect(textAt(page, '.offer__countdown')).toBe('今天失效');
    expect(page.querySelector('.offer__countdown--urgent')).toBeDefined();
  });

  it('撤回 asks first; cancelled nothing happens; confirmed the offer is withdrawn, audited, the student told, the row updated', async () => {
    env.modal = { confirm: false };
    const page = await openPage('employer/offers', env);
    await tap(page, env, `${card(DEMO_OFFER)} .offer__withdraw >>> .t-button`);
    expect(env.wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '撤回后张三将不能再应约，确定撤回“前端开发工程师”的邀约吗？' }));
    expect(offerCalls()).toEqual([]);
    expect((await sys.store.get('offers', DEMO_OFFER))!.state).toBe('open');

    env.modal = { confirm: true };
    await tap(page, env, `${card(DEMO_OFFER)} .offer__withdraw >>> .t-button`);
    expect(offerCalls().map((c) => [c.data, c.result.ok])).toEqual([[{ action: 'withdraw', requestId: expect.any(String), offerId: DEMO_OFFER, version: 1 }, true]]);
    expect(await sys.store.get('offers', DEMO_OFFER)).toMatchObject({ state: 'withdrawn', version: 2 });
    expect((await sys.auditOf('offer', DEMO_OFFER)).map((e) => [e.action, e.from, e.to])).toEqual([
      ['create', null, 'open'],
      ['withdraw', 'open', 'withdrawn'],
    ]);
    const told = (await sys.all('outbox')).filter((m) => m.to === DEMO_OPENIDS.student && m.template === 'reviewResult');
    expect(told.map((m) => Object.values(m.data))).toEqual([expect.arrayContaining(['已撤回'])]);
    expect(env.toasts).toContain('已撤回');
    expect(textAt(page, `${card(DEMO_OFFER)} .offer__state`)).toBe('已撤回');
    expect(textAt(page, `${card(DEMO_OFFER)} .offer__answer`)).toBe('单位已撤回，学生不能再应约');
    expect(page.querySelector(`${card(DEMO_OFFER)} .offer__withdraw`)).toBeUndefined();
    expect(page.querySelector(`${card(DEMO_OFFER)} .offer__edit`)).toBeUndefined();
    expect(page.querySelector(`${card(DEMO_OFFER)} .offer__countdown`)).toBeUndefined();
    capture(page, 'employer-offers', 'withdrawn', '邀约已撤回');
  });

  it('changed elsewhere before 撤回: CONFLICT shown, nothing withdrawn; the list reloads and the second try goes through', async () => {
    const page = await openPage('employer/offers', env);
    const terms = (await sys.store.get('offers', DEMO_OFFER))!.terms;
    await sys.ok(employerOffer, DEMO_OPENIDS.employer, { action: 'edit', requestId: rid(), offerId: DEMO_OFFER, version: 1, terms: { ...terms, remarks: '另一位 HR 修改了备注' } });
    await tap(page, env, `${card(DEMO_OFFER)} .offer__withdraw >>> .t-button`);
    expect(offerCalls().map((c) => c.result.code)).toEqual(['CONFLICT']);
    expect(textAt(page, '.action-error')).toBe('该记录已被他人更新，请刷新后重试');
    expect(await sys.store.get('offers', DEMO_OFFER)).toMatchObject({ state: 'open', version: 2 });
    expect(page.data.busy).toBe(false);
    capture(page, 'employer-offers', 'conflict', '撤回时已被他人修改');

    await tap(page, env, `${card(DEMO_OFFER)} .offer__withdraw >>> .t-button`);
    expect(offerCalls().map((c) => [c.result.ok, (c.data as { version: number }).version])).toEqual([
      [false, 1],
      [true, 2],
    ]);
    expect(page.querySelector('.action-error')).toBeUndefined();
    expect((await sys.store.get('offers', DEMO_OFFER))!.state).toBe('withdrawn');
  });

  it('a declined offer shows the student’s reason; an accepted one its agreement, pulled down as it changes', async () => {
    const toLi = await sendOffer(sys, LI.studentNo, LI.name);
    await sys.ok(respondOffer, DEMO_OPENIDS.student2, { action: 'decline', requestId: rid(), offerId: toLi, version: 1, reason: '已决定继续读研' });
    const accepted = await accept(sys, DEMO_OPENIDS.student, DEMO_OFFER);
    const page = await openPage('employer/offers', env);
    expect(textAt(page, `${card(toLi)} .offer__state`)).toBe('已拒绝');
    expect(textAt(page, `${card(toLi)} .offer__answer`)).toBe('学生已拒绝');
    expect(textAt(page, `${card(toLi)} .offer__reason`)).toBe('拒绝原因：已决定继续读研');
    expect(page.querySelector(`${card(toLi)} .offer__withdraw`)).toBeUndefined();
    expect(textAt(page, `${card(DEMO_OFFER)} .offer__state`)).toBe('已应约');
    expect(textAt(page, `${card(DEMO_OFFER)} .agreement__state`)).toBe('三方协议待院系审核');
    expect(page.querySelector(`${card(DEMO_OFFER)} .offer__revise`)).toBeUndefined();
    capture(page, 'employer-offers', 'answered', '学生已应约 / 已拒绝（附原因）');

    // the college sends the agreement back: the list shows why and offers 修改协议
    await sys.ok(review, DEMO_OPENIDS.collegeReviewer, {
      requestId: rid(),
      decision: 'return',
      reason: '岗位名称与录用通知不一致',
      items: [{ record: 'agreement', id: accepted._id, version: accepted.version }],
    });
    await pullDown(page, env);
    expect(env.wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
    expect(textAt(page, `${card(DEMO_OFFER)} .agreement__state`)).toBe('三方协议已退回');
    expect(textAt(page, `${card(DEMO_OFFER)} .agreement__returned`)).toBe('院系审核退回：岗位名称与录用通知不一致');
    capture(page, 'employer-offers', 'agreement-returned', '协议被退回：修改协议');
    await tap(page, env, `${card(DEMO_OFFER)} .offer__revise >>> .t-button`);
    expect(env.visited).toEqual([`/pkg/employer/invite/index?agreementId=${accepted._id}`]);
  });

  it('pages of 20 with 加载更多, each offer once', async () => {
    // a unit may send one student many offers over time, one open at a time
    for (let i = 0; i < 24; i++) {
      sys.advance(60_000);
      const id = await sendOffer(sys, LI.studentNo, LI.name);
      await sys.ok(employerOffer, DEMO_OPENIDS.employer, { action: 'withdraw', requestId: rid(), offerId: id, version: 1 });
    }
    const page = await openPage('employer/offers', env);
    expect(page.querySelectorAll('.offer')).toHaveLength(20);
    expect(page.querySelector('.more')).toBeDefined();
    expect(page.querySelector('.more__end')).toBeUndefined();
    capture(page, 'employer-offers', 'more', '邀约列表：加载更多');
    await tap(page, env, button('more__button'));
    expect(listCalls().map((c) => c.data)).toEqual([{ view: 'employerOffers', limit: 20 }, { view: 'employerOffers', limit: 20, cursor: expect.any(String) }]);
    expect(page.querySelectorAll('.offer')).toHaveLength(25);
    expect(new Set(page.data.rows.map((r: { id: string }) => r.id)).size).toBe(25);
    expect(page.querySelector('.more')).toBeUndefined();
    expect(textAt(page, '.more__end')).toBe('没有更多了');
    // reaching the bottom with nothing left calls nothing
    await (page.instance as { onReachBottom: () => Promise<void> }).onReachBottom();
    expect(listCalls()).toHaveLength(2);
  });

  it('a new unit waiting for certification: an empty list with a hint, and 邀约学生 closed with the reason', async () => {
    const hr = 'wechat-waiting-hr';
    await sys.ok(bind, hr, await registration(sys, hr, {
        name: '杭州等待认证有限公司',
        uscc: withUsccCheck('91330100MA2H00001'),
        nature: '39',
        industry: '65',
        region: '330106',
        address: '杭州市西湖区1号',
        contactName: '周先生',
        contactPhone: '13700001111',
      }));
    env = installWx(sys, hr);
    const page = await openPage('employer/offers', env);
    expect(page.querySelectorAll('.offer')).toHaveLength(0);
    expect(textAt(page, '.offers__empty')).toContain('还没有发出邀约');
    expect(textAt(page, '.top__blocked')).toBe('单位通过学校认证后才能邀约学生');
    expect(page.querySelector('.top__invite')!.instance.data.disabled).toBe(true);
    expect(page.querySelector('.more__end')).toBeUndefined();
    capture(page, 'employer-offers', 'empty', '暂无邀约（待认证）');
  });

  it('loading first, then a failed list shows the message and 重试', async () => {
    const real = env.wx.callFunction.getMockImplementation()!;
    let failed = 0;
    env.wx.callFunction.mockImplementation(async (options: { name: string; data: { view?: string } }) => {
      if (options.data.view === 'employerOffers' && failed++ === 0) throw { errMsg: 'cloud.callFunction:fail timeout' };
      return real(options);
    });
    const page = loadPage('employer/offers');
    void (page.instance as { onShow: () => Promise<void> }).onShow();
    // before any answer: the first load is under way
    expect(page.data.busy).toBe(true);
    expect(textAt(page, '.offers__loading')).toContain('正在加载');
    await settle(page, env);
    expect(textAt(page, '.offers__error-text')).toBe('网络不稳定，请稍后重试');
    expect(page.querySelectorAll('.offer')).toHaveLength(0);
    capture(page, 'employer-offers', 'error', '加载失败');
    await tap(page, env, button('offers__retry'));
    expect(page.querySelector('.offers__error')).toBeUndefined();
    expect(page.querySelectorAll('.offer')).toHaveLength(1);
  });

  it('not an employer: says so and offers nothing', async () => {
    env = installWx(sys, DEMO_OPENIDS.student);
    const page = await openPage('employer/offers', env);
    expect(textOf(page)).toContain('仅用人单位可以查看邀约');
    expect(page.querySelector('.top__invite')).toBeUndefined();
    // the list's own call is the one that says so: refused, and nothing listed
    expect(env.calls.map((c) => [(c.data as { view?: string }).view, c.result.code])).toEqual([['employerOffers', 'FORBIDDEN']]);
    expect(page.querySelectorAll('.offer')).toHaveLength(0);
  });
});
