/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import { employerOffer } from '../../server/usecases/employerOffer';
import { respondOffer } from '../../server/usecases/respondOffer';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { sendOffer } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { capture } from './gallery';
import { installWx, openPage, pullDown, tap, textAt, textOf, type MiniEnv, type Page } from './support';

const button = (cls: string): string => `.${cls} >>> .t-button`;
const texts = (page: Page, selector: string): string[] => page.querySelectorAll(selector).map((c) => (c.dom?.textContent ?? '').trim());
/** 邀约概况: label → number */
const counts = (page: Page): Record<string, string> => {
  const numbers = texts(page, '.count__number');
  return Object.fromEntries(texts(page, '.count__label').map((label, i) => [label, numbers[i] ?? '']));
};
const rows = (page: Page): Record<string, string> => {
  const values = texts(page, '.info-row__value');
  return Object.fromEntries(texts(page, '.info-row__label').map((label, i) => [label, values[i] ?? '']));
};

describe('单位 (the employer’s home tab)', () => {
  let sys: TestSystem;
  let env: MiniEnv;

  beforeEach(async () => {
    sys = await makeSystem();
    env = installWx(sys, DEMO_OPENIDS.employer);
  });
  afterEach(() => sys.close());

  it('the certified demo unit: its record with code names, its offers counted by state, and the two entries', async () => {
    const page = await openPage('employer/home', env);
    expect(env.calls.map((c) => c.data)).toEqual([{ view: 'employerHome' }]);
    expect(textAt(page, '.unit__name')).toBe('深圳示例科技有限公司');
    expect(textAt(page, '.unit__state')).toBe('已认证');
    expect(textAt(page, '.status__headline')).toBe('已通过学校认证');
    expect(page.querySelector('.status__reason')).toBeUndefined();
    expect(rows(page)).toMatchObject({
      单位性质: '其他企业',
      单位行业: '软件和信息技术服务业',
      单位所在地: '广东省 深圳市 南山区',
      单位地址: '广东省深圳市南山区粤海街道科技南路88号',
      单位联系人: '陈经理',
      联系电话: '13912345678',
    });
    expect(rows(page)['统一社会信用代码']).toMatch(/^91440300MA5D8K2P1.$/);
    expect(counts(page)).toEqual({ 待学生答复: '1', 已应约: '0', 已拒绝: '0', 已失效: '0', 已撤回: '0', 已应约其他单位: '0' });
    capture(page, 'employer-home', 'demo', '单位首页');

    await tap(page, env, button('action-invite'));
    await tap(page, env, button('action-offers'));
    await tap(page, env, '.count--accepted');
    expect(env.visited).toEqual(['/pkg/employer/invite/index', '/pkg/employer/offers/index', '/pkg/employer/offers/index']);
  });

  it('the counts follow the students’ answers and the unit’s withdrawals, on pull-down', async () => {
    const page = await openPage('employer/home', env);
    const toLi = await sendOffer(sys, '2026010102', '李四');
    await sys.ok(respondOffer, DEMO_OPENIDS.student2, { action: 'decline', requestId: rid(), offerId: toLi, version: 1, reason: '不考虑深圳' });
    await sys.ok(respondOffer, DEMO_OPENIDS.student, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
    const toWang = await sendOffer(sys, '2026020101', '王五');
    await sys.ok(employerOffer, DEMO_OPENIDS.employer, { action: 'withdraw', requestId: rid(), offerId: toWang, version: 1 });
    await sendOffer(sys, '2026020101', '王五');
    await pullDown(page, env);
    expect(env.wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
    expect(counts(page)).toEqual({ 待学生答复: '1', 已应约: '1', 已拒绝: '1', 已失效: '0', 已撤回: '1', 已应约其他单位: '0' });
    expect(textOf(page)).toContain('共 4 份');
  });

  it('someone not bound is sent to binding; another role is told the page is not theirs', async () => {
    env = installWx(sys, 'wechat-nobody');
    const page = await openPage('employer/home', env);
    expect(textAt(page, '.notice')).toContain('请先完成身份绑定');
    expect(page.querySelector('.unit')).toBeUndefined();
    await tap(page, env, button('notice__action'));
    expect(env.visited).toEqual(['/pages/bind/index']);

    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const other = await openPage('employer/home', env);
    expect(textAt(other, '.notice')).toContain('仅用人单位可以使用单位页面');
    expect(env.calls.map((c) => [(c.data as { view: string }).view, c.result.code])).toEqual([['employerHome', 'FORBIDDEN']]);
  });

  it('a failed load shows the message and 重试', async () => {
    env.wx.callFunction.mockRejectedValueOnce({ errMsg: 'cloud.callFunction:fail request:fail' });
    const page = await openPage('employer/home', env);
    expect(textAt(page, '.home__error-text')).toBe('网络不稳定，请稍后重试');
    expect(page.querySelector('.unit')).toBeUndefined();
    capture(page, 'employer-home', 'error', '加载失败');
    await tap(page, env, button('home__retry'));
    expect(page.querySelector('.home__error')).toBeUndefined();
    expect(textAt(page, '.unit__name')).toBe('深圳示例科技有限公司');
  });
});
