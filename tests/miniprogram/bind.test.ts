/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import { inviteId } from '../../server/domain/binding';
import { DEMO_EMPLOYER_ID, DEMO_INVITE_CODE, DEMO_OPENIDS } from '../../server/runtime/seed';
import { ERROR_MESSAGES } from '../../typings/errors';
import { boundAs, checkInvite, checkStudent } from '../../miniprogram/pages/bind/form';
import { makeSystem, type TestSystem } from '../support/harness';
import { expectFormLabels } from './form-labels';
import { capture } from './gallery';
import { installWx, openPage, settle, tap, textAt, textOf, type, type MiniEnv, type Page } from './support';

/** 王五 is on the roster and bound to no WeChat yet */
const WANG = '2026020101';
const NEWCOMER = 'wechat-newcomer';

const field = (cls: string): string => `.${cls} >>> .t-input__control`;
const button = (cls: string): string => `.${cls} >>> .t-button`;
const tipOf = (page: Page, cls: string): string => textAt(page, `.${cls} >>> .t-input__tips`);

describe('binding checks (pure)', () => {
  it('a student: trimmed, x upper-cased; each wrong field named', () => {
    expect(checkStudent({ studentNo: ' 2026 ', name: ' 王五 ', idLast6: '01234x' })).toEqual({
      ok: true,
      value: { studentNo: '2026', name: '王五', idLast6: '01234X' },
    });
    expect(checkStudent({ studentNo: '', name: '  ', idLast6: '' })).toEqual({
      ok: false,
      tips: { studentNo: '请填写学号', name: '请填写姓名', idLast6: '请填写身份证后六位' },
    });
    const tip = (idLast6: string) => {
      const r = checkStudent({ studentNo: '1', name: '王五', idLast6 });
      return r.ok ? '' : r.tips.idLast6;
    };
    expect(tip('12345')).toBe('身份证后六位应为6位');
    expect(tip('1234567')).toBe('身份证后六位应为6位');
    expect(tip('1234X5')).toBe('前五位应为数字，最后一位为数字或X');
    expect(tip('12345Y')).toBe('前五位应为数字，最后一位为数字或X');
    expect(tip('123456')).toBe('');
    expect(checkStudent({ studentNo: 'x'.repeat(33), name: '王五', idLast6: '123456' })).toMatchObject({ ok: false, tips: { studentNo: '学号不超过32位' } });
  });

  it('an invite code: 6 to 32 letters or digits', () => {
    expect(checkInvite(' DEMOHR2026 ')).toEqual({ ok: true, value: 'DEMOHR2026' });
    expect(checkInvite('')).toEqual({ ok: false, tips: '请填写邀请码' });
    expect(checkInvite('ab12')).toEqual({ ok: false, tips: '邀请码为6至32位字母或数字' });
    expect(checkInvite('abc-1234')).toEqual({ ok: false, tips: '邀请码为6至32位字母或数字' });
  });

  it('who someone is bound as', () => {
    const settings = { allowStudentInitiate: true, allowStudentTermination: true, terminationGuide: '', offerTtlDays: 7, printCopies: 4, templates: {} };
    expect(boundAs({ role: null, settings, todos: [] })).toBeNull();
    expect(boundAs({ role: 'schoolReviewer', settings, todos: [], reviewer: { scope: 'school' } })).toEqual({ role: '学校审核老师', detail: '' });
    expect(boundAs({ role: 'employer', settings, todos: [], employer: { id: 'e', name: '某公司', state: 'registered' } })).toEqual({
      role: '用人单位',
      detail: '某公司（待认证）',
    });
  });
});

describe('身份绑定 page', () => {
  let sys: TestSystem;
  let env: MiniEnv;

  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  const open = async (openid: string): Promise<Page> => {
    env = installWx(sys, openid);
    return openPage('bind', env);
  };
  const bindCalls = () => env.calls.filter((c) => c.name === 'bind');
  const fillStudent = async (page: Page, studentNo: string, name: string, idLast6: string) => {
    await type(page, env, field('student__no'), studentNo);
    await type(page, env, field('student__name'), name);
    await type(page, env, field('student__id'), idLast6);
  };
  const wangLast6 = async () => (await sys.store.get('students', WANG))!.idNumber.slice(-6);

  it('unbound: both forms, the registration link, nothing bound yet', async () => {
    const page = await open(NEWCOMER);
    expect(env.calls.map((c) => c.data)).toEqual([{ view: 'home' }]);
    expect(page.data.phase).toBe('form');
    const text = textOf(page);
    for (const words of ['学生绑定', '学号', '姓名', '身份证后六位', '我是审核老师 / 用人单位，使用邀请码', '邀请码', '用人单位注册']) {
      expect(text).toContain(words);
    }
    expect(page.querySelectorAll('.form-required')).toHaveLength(4);
    expect(expectFormLabels(page)).toEqual(['学号', '姓名', '身份证后六位', '邀请码']);
    expect(page.querySelector('.bound')).toBeUndefined();
    capture(page, 'bind', 'form', '身份绑定');

    await tap(page, env, button('register__link'));
    expect(env.visited).toEqual(['/pkg/employer/register/index']);
  });

  it('wrong inputs are stopped before sending; the server’s refusal is shown and changes nothing; then the match binds', async () => {
    const page = await open(NEWCOMER);
    const before = await sys.store.get('students', WANG);

    // empty: every field says what it needs, nothing sent
    await tap(page, env, button('student__submit'));
    expect(tipOf(page, 'student__no')).toBe('请填写学号');
    expect(tipOf(page, 'student__name')).toBe('请填写姓名');
    expect(tipOf(page, 'student__id')).toBe('请填写身份证后六位');
    expect(bindCalls()).toEqual([]);

    // a malformed ID tail: only that field complains, and typing clears its tip
    await fillStudent(page, WANG, '王五', '12345Y');
    await tap(page, env, button('student__submit'));
    expect(tipOf(page, 'student__no')).toBe('');
    expect(tipOf(page, 'student__id')).toBe('前五位应为数字，最后一位为数字或X');
    expect(expectFormLabels(page)).toEqual(['学号', '姓名', '身份证后六位', '邀请码']);
    capture(page, 'bind', 'invalid-input', '身份证后六位格式有误');
    expect(bindCalls()).toEqual([]);
    await type(page, env, field('student__id'), '1234');
    expect(tipOf(page, 'student__id')).toBe('');

    // well-formed but not the roster's: the server says so without saying which part
    await fillStudent(page, WANG, '王六', await wangLast6());
    await tap(page, env, button('student__submit'));
    expect(bindCalls().map((c) => c.result.code)).toEqual(['ROSTER_MISMATCH']);
    expect(textAt(page, '.student__error')).toBe(ERROR_MESSAGES.ROSTER_MISMATCH);
    capture(page, 'bind', 'roster-mismatch', '与学校名单不一致');
    expect(await sys.store.get('students', WANG)).toEqual(before);
    expect(await sys.store.get('users', NEWCOMER)).toBeNull();
    expect(await sys.auditOf('user', NEWCOMER)).toEqual([]);
    expect(env.visited).toEqual([]);

    // editing clears the refusal; the right name binds, with the ID's x typed in lower case accepted
    await type(page, env, field('student__name'), '王五');
    expect(page.querySelector('.student__error')).toBeUndefined();
    await type(page, env, field('student__id'), (await wangLast6()).toLowerCase());
    capture(page, 'bind', 'filled', '身份绑定：已填写');
    await tap(page, env, button('student__submit'));

    const sent = bindCalls()[1]!;
    expect(sent.data).toMatchObject({ action: 'student', studentNo: WANG, name: '王五', idLast6: (await wangLast6()).toUpperCase() });
    expect(sent.result).toEqual({ ok: true, data: { role: 'student', studentNo: WANG } });
    const student = (await sys.store.get('students', WANG))!;
    expect(student.openid).toBe(NEWCOMER);
    expect(await sys.store.get('users', NEWCOMER)).toMatchObject({ role: 'student', studentNo: WANG });
    expect((await sys.auditOf('user', NEWCOMER)).map((a) => [a.action, a.to, a.actor.openid])).toEqual([['bind', 'student', NEWCOMER]]);
    expect((await sys.auditOf('student', WANG)).map((a) => [a.action, a.from, a.to])).toEqual([
      ['import', null, 'imported'],
      ['bind', 'imported', 'bound'],
    ]);

    // the app knows the new role before the launch page opens again
    expect(env.toasts).toEqual(['绑定成功']);
    expect(env.calls.at(-1)!.data).toEqual({ view: 'home' });
    expect((globalThis as unknown as { __app: { globalData: { home?: { role: string } } } }).__app.globalData.home?.role).toBe('student');
    expect(env.visited).toEqual(['/pages/index/index']);
    expect(env.wx.reLaunch).toHaveBeenCalledTimes(1);
  });

  it('a roster entry taken by another WeChat is refused', async () => {
    const page = await open(NEWCOMER);
    const zhang = (await sys.store.get('students', '2026010101'))!;
    await fillStudent(page, zhang.studentNo, zhang.name, zhang.idNumber.slice(-6));
    await tap(page, env, button('student__submit'));
    expect(textAt(page, '.student__error')).toBe(ERROR_MESSAGES.ROSTER_TAKEN);
    expect((await sys.store.get('students', zhang.studentNo))!.openid).toBe(DEMO_OPENIDS.student);
    expect(await sys.store.get('users', NEWCOMER)).toBeNull();
  });

  it('too many tries: the rate limit is shown, and even the right answer waits', async () => {
    const page = await open(NEWCOMER);
    await fillStudent(page, WANG, '王六', await wangLast6());
    for (let i = 0; i < 10; i++) await tap(page, env, button('student__submit'));
    expect(bindCalls().map((c) => c.result.code)).toEqual(Array(10).fill('ROSTER_MISMATCH'));
    await tap(page, env, button('student__submit'));
    expect(textAt(page, '.student__error')).toBe(ERROR_MESSAGES.RATE_LIMITED);

    await type(page, env, field('student__name'), '王五');
    await tap(page, env, button('student__submit'));
    expect(bindCalls().at(-1)!.result.code).toBe('RATE_LIMITED');
    expect(textAt(page, '.student__error')).toBe(ERROR_MESSAGES.RATE_LIMITED);
    capture(page, 'bind', 'rate-limited', '尝试过于频繁');
    expect((await sys.store.get('students', WANG))!.openid).toBeNull();
    expect(await sys.store.get('users', NEWCOMER)).toBeNull();
    expect(env.visited).toEqual([]);
  });

  it('an HR contact redeems the unit’s invite code: bound as employer, the invite used', async () => {
    const page = await open(NEWCOMER);
    await type(page, env, field('invite__code'), 'ab');
    await tap(page, env, button('invite__submit'));
    expect(tipOf(page, 'invite__code')).toBe('邀请码为6至32位字母或数字');
    expect(bindCalls()).toEqual([]);

    await type(page, env, field('invite__code'), 'NOSUCH2026');
    expect(tipOf(page, 'invite__code')).toBe('');
    await tap(page, env, button('invite__submit'));
    expect(textAt(page, '.invite__error')).toBe(ERROR_MESSAGES.INVITE_INVALID);
    expect(await sys.store.get('users', NEWCOMER)).toBeNull();
    expect((await sys.store.get('invites', inviteId(DEMO_INVITE_CODE)))!.usedBy).toBeNull();
    capture(page, 'bind', 'invite-invalid', '邀请码无效');

    // read out over the phone and typed in lower case: the same code
    await type(page, env, field('invite__code'), ` ${DEMO_INVITE_CODE.toLowerCase()} `);
    await tap(page, env, button('invite__submit'));
    expect(bindCalls().at(-1)!.result).toEqual({ ok: true, data: { role: 'employer', employerId: DEMO_EMPLOYER_ID } });
    expect(await sys.store.get('users', NEWCOMER)).toMatchObject({ role: 'employer', employerId: DEMO_EMPLOYER_ID });
    expect((await sys.store.get('invites', inviteId(DEMO_INVITE_CODE)))!.usedBy).toBe(NEWCOMER);
    expect((await sys.auditOf('user', NEWCOMER)).map((a) => [a.action, a.to])).toEqual([['bind', 'employer']]);
    expect(env.visited).toEqual(['/pages/index/index']);
  });

  it('a bind lost on the network is retried with the same request id', async () => {
    const page = await open(NEWCOMER);
    await fillStudent(page, WANG, '王五', await wangLast6());
    env.wx.callFunction.mockRejectedValueOnce({ errCode: -1, errMsg: 'cloud.callFunction:fail timeout' });
    await tap(page, env, button('student__submit'));
    expect(textAt(page, '.student__error')).toBe('网络不稳定，请稍后重试');
    expect(page.data.busy).toBe(false);
    await tap(page, env, button('student__submit'));
    const ids = env.wx.callFunction.mock.calls
      .map(([o]) => o as { name: string; data: { requestId?: string } })
      .filter((o) => o.name === 'bind')
      .map((o) => o.data.requestId);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
    expect((await sys.store.get('students', WANG))!.openid).toBe(NEWCOMER);
  });

  it('while binding, the buttons are disabled', async () => {
    const page = await open(NEWCOMER);
    await fillStudent(page, WANG, '王五', await wangLast6());
    page.querySelector(button('student__submit'))!.dispatchEvent('tap');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(page.data.busy).toBe(true);
    expect(page.querySelector('.student__submit')!.data.disabled).toBe(true);
    expect(page.querySelector('.student__submit')!.data.loading).toBe(true);
    expect(page.querySelector('.invite__submit')!.data.disabled).toBe(true);
    expect(page.querySelector('.student__no')!.data.disabled).toBe(true);
    await settle(page, env);
    expect(bindCalls()).toHaveLength(1);
  });

  it('already bound: who they are, and back to 首页', async () => {
    const page = await open(DEMO_OPENIDS.student);
    expect(page.data.phase).toBe('bound');
    expect(textAt(page, '.bound__role')).toBe('学生');
    expect(textAt(page, '.bound__detail')).toBe('张三（学号 2026010101）· 计算机学院');
    expect(page.querySelector('.student')).toBeUndefined();
    capture(page, 'bind', 'bound', '已绑定身份');
    await tap(page, env, button('bound__home'));
    expect(env.visited).toEqual(['/pages/index/index']);
    expect(bindCalls()).toEqual([]);

    const employer = await open(DEMO_OPENIDS.employer);
    expect(textAt(employer, '.bound__role')).toBe('用人单位');
    expect(textAt(employer, '.bound__detail')).toBe('深圳示例科技有限公司（已认证）');
    const reviewer = await open(DEMO_OPENIDS.collegeReviewer);
    expect(textAt(reviewer, '.bound__role')).toBe('院系审核老师');
    expect(textAt(reviewer, '.bound__detail')).toBe('计算机学院');
  });

  it('the home view cannot be loaded: the message and 重试, the form still usable', async () => {
    env = installWx(sys, NEWCOMER);
    env.wx.callFunction.mockRejectedValueOnce({ errCode: -1, errMsg: 'cloud.callFunction:fail timeout' });
    const page = await openPage('bind', env);
    expect(textAt(page, '.bind__load-error-text')).toBe('网络不稳定，请稍后重试');
    expect(page.querySelector('.student')).toBeDefined();
    await tap(page, env, button('bind__retry'));
    expect(page.querySelector('.bind__load-error')).toBeUndefined();
    expect(page.data.phase).toBe('form');
  });
});
