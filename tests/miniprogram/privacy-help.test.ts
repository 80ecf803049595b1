/**
 * @jest-environment ./tests/miniprogram/environment.ts
 *
 * Privacy and help as a graduate meets them: the consent binding asks before anything is sent, the privacy policy,
 * the help page (notices, contacts a tap dials, FAQ), 解除绑定 from 个人中心, and the 生源核查 form's masked 身份证号.
 */
import { respondOffer } from '../../server/usecases/respondOffer';
import { loadSettings, settingsChange } from '../../server/app/settings';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { noticeRows } from '../../miniprogram/pkg/help/shown';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { capture } from './gallery';
import { installWx, openPage, tap, textAt, textOf, type, type MiniEnv, type Page } from './support';

const S = DEMO_OPENIDS;
const LI = '2026010102';
const NEWCOMER = 'wechat-newcomer';
const PRIVACY_FIRST = '请先阅读并同意《隐私政策》';

const button = (cls: string): string => `.${cls} >>> .t-button`;
const cell = (cls: string): string => `.${cls} >>> .t-cell`;
const field = (cls: string): string => `.${cls} >>> .t-input__control`;

type Wx = Record<string, unknown>;

let sys: TestSystem;
let env: MiniEnv;

beforeEach(async () => {
  sys = await makeSystem();
});
afterEach(() => sys.close());

/** The school's notices, as `npm run admin -- settings set notices` stores them. */
async function setNotices(notices: { title: string; deadline: string }[]): Promise<void> {
  const current = await loadSettings(sys.store);
  const { _id, version, createdAt, updatedAt, auditHead, ...school } = current;
  const change = settingsChange(current, { ...school, notices }, { openid: 'admin', role: 'admin' }, sys.deps.clock().toISOString())!;
  await sys.store.commit({ writes: [change.write], audit: [change.audit], outbox: [] });
}

/** The China calendar day `days` from the system's now, as YYYY-MM-DD. */
const chinaDay = (days: number): string => new Date(sys.deps.clock().getTime() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

describe('身份绑定: the privacy policy first', () => {
  const bindCalls = () => env.calls.filter((c) => c.name === 'bind');

  it('WeChat says consent is due: the notice and 同意并继续; binding waits for it, then goes through', async () => {
    // given a newcomer who has not agreed yet
    env = installWx(sys, NEWCOMER);
    env.privacyNeeded = true;
    const page = await openPage('bind', env);
    // then the notice says what binding checks, links the policy, and offers the one button that records consent
    expect(textAt(page, '.privacy__text')).toContain('绑定时我们核对您的学号、姓名和身份证后六位');
    expect(page.querySelector('.privacy__agree')).toBeDefined();
    expect(page.querySelector('.privacy__agreed')).toBeUndefined();
    capture(page, 'bind', 'privacy-needed', '身份绑定：先同意隐私政策');

    // when they try to bind before agreeing, nothing is sent and they are told why
    const wang = (await sys.store.get('students', '2026020101'))!;
    await type(page, env, field('student__no'), wang.studentNo);
    await type(page, env, field('student__name'), wang.name);
    await type(page, env, field('student__id'), wang.idNumber.slice(-6));
    await tap(page, env, button('student__submit'));
    expect(textAt(page, '.student__error')).toBe(PRIVACY_FIRST);
    await tap(page, env, button('invite__submit'));
    expect(textAt(page, '.invite__error')).toBe(PRIVACY_FIRST);
    expect(bindCalls()).toEqual([]);

    // the policy opens from the notice
    await tap(page, env, '.privacy__link');
    expect(env.visited).toEqual(['/pkg/privacy/index']);

    // when they agree (WeChat's agreeprivacyauthorization event), then binding goes through
    page.querySelector('.privacy__agree >>> .t-button')!.dispatchEvent('agreeprivacyauthorization');
    await tap(page, env, '.privacy__text');
    expect(textAt(page, '.privacy__agreed')).toBe('您已同意《隐私政策》');
    expect(page.querySelector('.privacy__agree')).toBeUndefined();
    expect(textAt(page, '.student__error')).toBe('');
    await tap(page, env, button('student__submit'));
    expect(bindCalls().map((c) => c.result.ok)).toEqual([true]);
  });

  it('WeChat has the consent already: no button, the form works at once', async () => {
    env = installWx(sys, NEWCOMER);
    const page = await openPage('bind', env);
    expect(env.wx.getPrivacySetting).toHaveBeenCalled();
    expect(textAt(page, '.privacy__agreed')).toBe('您已同意《隐私政策》');
    expect(page.querySelector('.privacy__agree')).toBeUndefined();
  });

  it('a base library without the privacy APIs: asked here, the consent remembered on the phone', async () => {
    // given a phone whose WeChat has no getPrivacySetting (as the simulator)
    env = installWx(sys, NEWCOMER);
    delete (wx as unknown as Wx).getPrivacySetting;
    // the phone's storage (the simulator's keeps nothing)
    const stored = new Map<string, unknown>();
    Object.assign(wx, { setStorageSync: (key: string, value: unknown) => stored.set(key, value), getStorageSync: (key: string) => stored.get(key) ?? '' });
    const first = await openPage('bind', env);
    expect(first.querySelector('.privacy__agree')).toBeDefined();
    // when the button is tapped (no agreeprivacyauthorization event comes without the API)
    await tap(first, env, button('privacy__agree'));
    expect(textAt(first, '.privacy__agreed')).toBe('您已同意《隐私政策》');
    // then the next visit does not ask again
    const again = await openPage('bind', env);
    expect(again.querySelector('.privacy__agree')).toBeUndefined();
  });
});

describe('隐私政策', () => {
  it('what is collected, why, who sees it, how long, how to withdraw; the school and whom to call', async () => {
    env = installWx(sys, NEWCOMER);
    const page = await openPage('privacy', env);
    expect(env.calls.map((c) => c.data)).toEqual([{ view: 'help' }]);
    expect(textAt(page, '.policy__title')).toBe('示例大学网签三方协议小程序隐私政策');
    for (const [section, words] of [
      ['collect', '身份证后六位，只用于与学校名单核对'],
      ['purpose', '不用于其他目的'],
      ['who', '完整的号码只印在协议书上'],
      ['keep', '按学校就业档案的管理规定保存'],
      ['withdraw', '个人中心点击“解除绑定”'],
    ]) {
      expect(textAt(page, `.section--${section}`)).toContain(words);
    }
    expect(page.querySelectorAll('.contact')).toHaveLength(2);
    // the simulator cannot open WeChat's own guide: no button that would do nothing
    expect(page.querySelector('.privacy__contract')).toBeUndefined();
    capture(page, 'privacy', 'default', '隐私政策');

    await tap(page, env, cell('contact'));
    expect(env.wx.makePhoneCall).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: '010-62751234' }));
  });
});

describe('帮助', () => {
  it('notices soonest first with the days left, past ones hidden; a contact tap dials; the FAQ; the privacy policy', async () => {
    // given the school's notices, one past and one due today
    await setNotices([
      { title: '就业信息核验截止', deadline: chinaDay(40) },
      { title: '生源核查截止', deadline: chinaDay(2) },
      { title: '去年的通知', deadline: chinaDay(-1) },
      { title: '三方协议网签截止', deadline: chinaDay(0) },
    ]);
    env = installWx(sys, S.student2);
    const page = await openPage('help', env);
    expect(env.calls.map((c) => c.data)).toEqual([{ view: 'help' }]);
    // then
    const notices = page.querySelectorAll('.notice >>> .t-cell__title-text').map((t) => (t.dom?.textContent ?? '').trim());
    expect(notices).toEqual(['三方协议网签截止', '生源核查截止', '就业信息核验截止']);
    const tags = page.querySelectorAll('.notice__left >>> .t-tag__text').map((t) => (t.dom?.textContent ?? '').trim());
    expect(tags).toEqual(['今天截止', '还剩 2 天', '还剩 40 天']);
    expect(textOf(page)).not.toContain('去年的通知');
    expect(textOf(page)).toContain('常见问题');
    expect(textOf(page)).toContain('绑错了身份怎么办？');
    capture(page, 'help', 'default', '帮助：通知、联系电话、常见问题');

    await tap(page, env, cell('contact'));
    expect(env.wx.makePhoneCall).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: '010-62751234' }));
    await tap(page, env, cell('entry-privacy'));
    expect(env.visited).toEqual(['/pkg/privacy/index']);
  });

  it('a phone that cannot dial from here shows the number; a school without contacts says whom to ask', async () => {
    env = installWx(sys, S.student2);
    delete (wx as unknown as Wx).makePhoneCall;
    const page = await openPage('help', env);
    await tap(page, env, cell('contact'));
    expect(env.wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '010-62751234' }));

    const current = await loadSettings(sys.store);
    const { _id, version, createdAt, updatedAt, auditHead, ...school } = current;
    const change = settingsChange(current, { ...school, helpContacts: [], notices: [] }, { openid: 'admin', role: 'admin' }, sys.deps.clock().toISOString())!;
    await sys.store.commit({ writes: [change.write], audit: [change.audit], outbox: [] });
    const bare = await openPage('help', env);
    expect(textAt(bare, '.contacts__none >>> .t-cell__title-text')).toBe('学校暂未公布联系电话');
    expect(bare.querySelector('.notices')).toBeUndefined();
    capture(bare, 'help', 'no-contacts', '帮助：学校未设置联系电话');
  });

  it('notice rows: red on the last day, amber within three days (pure)', () => {
    const rows = noticeRows({ schoolName: '', retention: '', contacts: [], faq: [], notices: [
      { title: 'a', deadline: '2026-12-06', daysLeft: 0 },
      { title: 'b', deadline: '2026-12-09', daysLeft: 3 },
      { title: 'c', deadline: '2026-12-10', daysLeft: 4 },
    ] });
    expect(rows.map((r) => [r.deadline, r.left, r.theme])).toEqual([
      ['截止日期：2026年12月6日', '今天截止', 'danger'],
      ['截止日期：2026年12月9日', '还剩 3 天', 'warning'],
      ['截止日期：2026年12月10日', '还剩 4 天', 'primary'],
    ]);
  });
});

describe('个人中心: 帮助, 隐私政策 and 解除绑定', () => {
  const open = async (openid: string): Promise<Page> => {
    env = installWx(sys, openid);
    return openPage('index', env);
  };

  it('帮助 and 隐私政策 open from 个人中心', async () => {
    const page = await open(S.student2);
    await tap(page, env, cell('entry-help'));
    await tap(page, env, cell('entry-privacy'));
    expect(env.visited).toEqual(['/pkg/help/index', '/pkg/privacy/index']);
    capture(page, 'index', 'account', '个人中心：帮助、隐私政策、解除绑定');
  });

  it('解除绑定 asks first; a no changes nothing; a yes releases the binding and opens binding', async () => {
    const page = await open(S.student2);
    // when 李四 taps it and answers no
    env.modal.confirm = false;
    await tap(page, env, cell('entry-unbind'));
    expect(env.wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '解除绑定', confirmText: '解除绑定' }));
    expect(env.calls.filter((c) => c.name === 'bind')).toEqual([]);
    // and then yes
    env.modal.confirm = true;
    await tap(page, env, cell('entry-unbind'));
    // then the binding is released, the app knows, and binding opens
    expect(env.calls.filter((c) => c.name === 'bind').map((c) => c.result)).toEqual([{ ok: true, data: { role: 'student', unbound: true, studentNo: LI } }]);
    expect(env.toasts).toContain('已解除绑定');
    expect(env.visited.at(-1)).toBe('/pages/bind/index');
    expect(await sys.store.get('students', LI)).toMatchObject({ openid: null });
  });

  it('refused while an agreement is under review: the reason, and the binding stays', async () => {
    const offer = (await sys.store.get('offers', 'offer-demo-1'))!;
    await sys.ok(respondOffer, S.student, { action: 'accept', requestId: rid(), offerId: offer._id, version: offer.version });
    const page = await open(S.student);
    await tap(page, env, cell('entry-unbind'));
    expect(env.wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({
      title: '不能解除绑定',
      content: '您有审核中或签约成功的三方协议，不能解除绑定。如需更换绑定的微信，请联系辅导员。',
    }));
    expect(env.visited).not.toContain('/pages/bind/index');
    expect((await sys.store.get('students', '2026010101'))!.openid).toBe(S.student);
  });
});

describe('生源核查: the 身份证号 as every other screen shows it', () => {
  it('masked in the form, before 开始核验 and after', async () => {
    const whole = (await sys.store.get('students', LI))!.idNumber;
    env = installWx(sys, S.student2);
    const page = await openPage('check', env, { kind: 'source' });
    const shown = textAt(page, '.field--idNumber >>> .t-cell__note');
    expect(shown).toBe(`${whole.slice(0, 6)}********${whole.slice(14)}`);
    expect(textOf(page)).not.toContain(whole);
    await tap(page, env, '.check__start >>> .t-button');
    expect(textAt(page, '.field--idNumber >>> .t-cell__note')).toBe(shown);
    expect(textOf(page)).not.toContain(whole);
    capture(page, 'check', 'source-masked-id', '生源核查：身份证号打码显示');
  });
});
