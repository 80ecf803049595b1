/**
 * @jest-environment ./tests/miniprogram/environment.ts
 *
 * 账号 for reviewers and units' contacts, who have no 个人中心: reached from 统计 and 单位, it says whom the WeChat is
 * bound as, opens 协议核验, 帮助 and 隐私政策, and releases the binding with the same flow as a graduate's 解除绑定.
 */
import { bind } from '../../server/usecases/bind';
import { query } from '../../server/usecases/query';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { capture } from './gallery';
import { installWx, openPage, tap, textAt, type MiniEnv, type Page } from './support';

const S = DEMO_OPENIDS;

const cell = (cls: string): string => `.${cls} >>> .t-cell`;

let sys: TestSystem;
let env: MiniEnv;

beforeEach(async () => {
  sys = await makeSystem();
});
afterEach(() => sys.close());

const open = async (openid: string): Promise<Page> => {
  env = installWx(sys, openid);
  return openPage('account', env);
};

const bindCalls = () => env.calls.filter((c) => c.name === 'bind');

describe('账号: who the caller is bound as', () => {
  it('a college reviewer: the role and the college, from one home view', async () => {
    const page = await open(S.collegeReviewer);
    expect(env.calls.map((c) => c.data)).toEqual([{ view: 'home' }]);
    expect(textAt(page, '.who__role')).toBe('院系审核老师');
    expect(textAt(page, '.who__detail')).toBe('计算机学院');
    capture(page, 'account', 'reviewer', '账号与帮助：院系审核老师');

    // then its services open where 个人中心's do
    await tap(page, env, cell('entry-verify'));
    await tap(page, env, cell('entry-help'));
    await tap(page, env, cell('entry-privacy'));
    expect(env.visited).toEqual(['/pages/verify/index', '/pkg/help/index', '/pkg/privacy/index']);
  });

  it('a unit’s contact: 单位联系人, the unit and its certification', async () => {
    const page = await open(S.employer);
    expect(textAt(page, '.who__role')).toBe('单位联系人');
    const unit = (await sys.store.get('employers', 'emp-demo'))!;
    expect(textAt(page, '.who__detail')).toBe(unit.name);
    expect(textAt(page, '.who__tag >>> .t-tag__text')).toBe('已认证');
    capture(page, 'account', 'employer', '账号与帮助：单位联系人');
  });

  it('someone no longer bound is sent to binding', async () => {
    await open('wechat-stranger');
    expect(env.visited).toEqual(['/pages/bind/index']);
  });
});

describe('账号: 解除绑定', () => {
  it('asks first; a no changes nothing; a yes releases the binding and opens binding', async () => {
    const page = await open(S.collegeReviewer);
    // when the reviewer taps it and answers no
    env.modal.confirm = false;
    await tap(page, env, cell('entry-unbind'));
    expect(env.wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '解除绑定', confirmText: '解除绑定' }));
    expect(bindCalls()).toEqual([]);
    // and then yes
    env.modal.confirm = true;
    await tap(page, env, cell('entry-unbind'));
    // then the binding is released with action unbind, the app knows, and binding opens
    expect(bindCalls().map((c) => [(c.data as { action?: string }).action, c.result])).toEqual([['unbind', { ok: true, data: { role: 'collegeReviewer', unbound: true } }]]);
    expect(env.toasts).toContain('已解除绑定');
    expect(env.visited.at(-1)).toBe('/pages/bind/index');
    expect(await sys.call(query, S.collegeReviewer, { view: 'reviewCounts' })).toMatchObject({ ok: false, code: 'NOT_BOUND' });
  });

  it('refused (released meanwhile from another screen): the server’s reason, no binding page', async () => {
    const page = await open(S.employer);
    await sys.ok(bind, S.employer, { action: 'unbind', requestId: rid() });
    await tap(page, env, cell('entry-unbind'));
    const [refusal] = bindCalls().map((c) => c.result);
    expect(refusal).toMatchObject({ ok: false, code: 'NOT_BOUND' });
    expect(env.wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ title: '不能解除绑定', content: (refusal as { message: string }).message }));
    expect(env.toasts).not.toContain('已解除绑定');
    expect(env.visited).not.toContain('/pages/bind/index');
  });
});

describe('the way in: 账号与帮助 at the foot of 统计 and 单位', () => {
  it('a reviewer’s 统计 opens it', async () => {
    env = installWx(sys, S.schoolReviewer);
    const page = await openPage('review/stats', env);
    expect(textAt(page, '.entry-account >>> .t-cell__title-text')).toBe('账号与帮助');
    await tap(page, env, cell('entry-account'));
    expect(env.visited).toEqual(['/pkg/account/index']);
  });

  it('a unit’s 单位 opens it', async () => {
    env = installWx(sys, S.employer);
    const page = await openPage('employer/home', env);
    await tap(page, env, cell('entry-account'));
    expect(env.visited).toEqual(['/pkg/account/index']);
  });
});
