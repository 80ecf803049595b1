/**
 * @jest-environment ./tests/miniprogram/environment.ts
 *
 * 单位确认 from the pages to the store, for all three roles: the student submits (the school asks the unit to
 * confirm), draws a confirmation link on 我的协议书 and shares it; the HR person of a unit that never registered opens
 * pkg/confirm/index?t=… and confirms or refuses with the unit's credit code; a certified unit answers in its own
 * tab (单位的三方协议). Each is told by subscription message.
 */
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { confirmLinkId } from '../../server/domain/confirmLink';
import type { AgreementDoc } from '../../server/domain/types';
import { DEMO_EMPLOYER_ID, DEMO_OPENIDS } from '../../server/runtime/seed';
import { tokenOf } from '../../miniprogram/pkg/confirm/rows';
import { initiationDraft } from '../support/agreements';
import { DAY, makeSystem, rid, type TestSystem } from '../support/harness';
import { capture } from './gallery';
import { expectFormLabels } from './form-labels';
import { installWx, openPage, pngBytes, settle, tap, textAt, textOf, type MiniEnv, type Page } from './support';

const ZHANG = DEMO_OPENIDS.student;
const UNIT = DEMO_OPENIDS.employer;
/** the HR person of a unit that never registered */
const HR = 'wechat-hr-of-a-small-unit';

const MANUAL = {
  name: '北京示例数据有限公司',
  uscc: '91350100M000100Y43',
  nature: '39',
  industry: '65',
  region: '110108',
  address: '北京市海淀区中关村大街1号',
  contactName: '刘女士',
  contactPhone: '010-62345678',
};

const button = (selector: string): string => `${selector} >>> .t-button`;
const input = (page: Page, env: MiniEnv, field: string, value: string): Promise<void> => {
  page.querySelector(`.${field} >>> .t-input__control`)!.dispatchEvent('input', { detail: { value } });
  return settle(page, env);
};
const textarea = (page: Page, env: MiniEnv, field: string, value: string): Promise<void> => {
  page.querySelector(`.${field} >>> .t-textarea__wrapper-inner`)!.dispatchEvent('input', { detail: { value } });
  return settle(page, env);
};
const tagText = (page: Page, selector: string): string => textAt(page, `${selector} >>> .t-tag`);

async function submitted(sys: TestSystem, employer: object): Promise<AgreementDoc> {
  const proof = await sys.upload(ZHANG, `offer-letter-${rid()}.png`, pngBytes('letter'));
  const r = await sys.ok(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: initiationDraft([proof], { employer }) });
  return (await sys.store.get('agreements', r.id))!;
}

describe('单位确认 through a link: the student shares it, an unregistered unit answers', () => {
  let sys: TestSystem;
  let env: MiniEnv;
  beforeEach(async () => {
    sys = await makeSystem({ settings: { employerConfirmation: true } });
  });
  afterEach(() => sys.close());

  /** 张三's agreement page with the link drawn: the token it holds */
  async function shareLink(a: AgreementDoc): Promise<{ page: Page; token: string }> {
    env = installWx(sys, ZHANG);
    const page = await openPage('agreement', env, { id: a._id });
    await tap(page, env, button('.invite__issue'));
    const shared = (page.instance as { onShareAppMessage: () => { title: string; path: string } }).onShareAppMessage();
    return { page, token: shared.path.split('t=')[1]! };
  }

  it('the student 发起 from the page: the agreement waits for the unit, and the page says where to invite it', async () => {
    const proof = await sys.upload(ZHANG, 'offer-letter.png', pngBytes('letter'));
    const saved = await sys.ok(initiateSigning, ZHANG, { action: 'save', requestId: rid(), version: 0, draft: initiationDraft([proof], { employer: { manual: MANUAL } }) });
    env = installWx(sys, ZHANG);
    const page = await openPage('initiate', env, { id: saved.id });
    await tap(page, env, button('.action-submit'));
    expect(env.calls.at(-2)).toMatchObject({ name: 'initiateSigning', data: { action: 'submit' }, result: { ok: true, data: { state: 'pendingEmployer' } } });
    expect(textAt(page, '.done__rows')).toContain('待单位确认');
    expect(textAt(page, '.done')).toContain('请到「我的协议书」生成确认链接，发给用人单位的单位联系人确认；单位确认后送院系审核。');
    capture(page, 'initiate', 'confirm-submitted', '已发起，等待单位确认');
    expect((await sys.auditOf('agreement', saved.id)).map((e) => e.action)).toEqual(['save', 'submitToEmployer']);
  });

  it('the student sees the agreement wait for the unit and draws a link: a QR image, its expiry, and a chat card to send', async () => {
    const a = await submitted(sys, { manual: MANUAL });
    env = installWx(sys, ZHANG);
    // 首页's 待办 leads to the agreement, where the link is drawn
    const home = await openPage('index', env);
    expect(textAt(home, '.todo--agreementConfirm >>> .t-cell')).toContain('三方协议等待用人单位确认，请把确认链接发给单位联系人');
    await tap(home, env, '.todo--agreementConfirm >>> .t-cell');
    expect(env.visited.at(-1)).toBe(`/pkg/agreement/index?id=${a._id}`);
    const page = await openPage('agreement', env, { id: a._id });
    expect(textAt(page, '.status__title')).toBe('等待单位确认');
    expect(tagText(page, '.head__state')).toBe('待单位确认');
    expect(textAt(page, '.invite__text')).toContain('统一社会信用代码');
    expect(page.querySelector('.invite__qr')).toBeUndefined();
    expect(textAt(page, button('.invite__issue'))).toBe('生成确认链接');
    expect(page.querySelector('.agreement__withdraw')).toBeDefined();
    capture(page, 'agreement', 'confirm-waiting', '等待单位确认');

    await tap(page, env, button('.invite__issue'));
    const issued = env.calls.at(-1)!;
    expect(issued).toMatchObject({ name: 'employerConfirm', data: { action: 'issueLink', agreementId: a._id }, result: { ok: true } });
    expect(page.data.link.qr).toMatch(/^data:image\/png;base64,/);
    expect(textAt(page, '.invite__expires')).toBe('有效期至 2026年3月9日 10:00');
    expect(textAt(page, button('.invite__issue'))).toBe('重新生成确认链接');
    const card = (page.instance as { onShareAppMessage: () => { title: string; path: string } }).onShareAppMessage();
    expect(card).toEqual({ title: '请确认张三的三方协议', path: expect.stringMatching(/^\/pkg\/confirm\/index\?t=[A-Za-z0-9_-]{28}$/) });
    const token = card.path.split('t=')[1]!;
    expect((await sys.store.get('agreements', a._id))!.confirmLinkId).toBe(confirmLinkId(token));
    capture(page, 'agreement', 'confirm-link', '确认链接（二维码与发送）');
  });

  it('the HR person opens the link, checks the agreement, types the code, name and phone, and confirms: the student is told', async () => {
    const a = await submitted(sys, { manual: MANUAL });
    const { token } = await shareLink(a);

    env = installWx(sys, HR);
    const page = await openPage('confirm', env, { t: token });
    expect(env.calls.map((c) => c.data)).toEqual([{ view: 'confirmLink', token }]);
    expect(textAt(page, '.intro__title')).toBe('张三 请您确认三方协议');
    expect(textAt(page, '.intro__expires')).toBe('链接有效期至 2026年3月9日 10:00');
    expect(textAt(page, '.section--employer')).toContain(MANUAL.name);
    expect(textAt(page, '.section--job')).toContain('数据分析师');
    expect(textOf(page)).not.toContain(MANUAL.uscc);
    expect(expectFormLabels(page)).toEqual(['统一社会信用代码', '姓名', '联系电话']);
    capture(page, 'confirm', 'confirm-open', '单位确认：打开确认链接');

    await input(page, env, 'f-uscc', MANUAL.uscc.toLowerCase());
    await input(page, env, 'f-name', '刘芳');
    await input(page, env, 'f-phone', '13912340000');
    await tap(page, env, button('.answer__confirm'));
    // asked for the review results first: the unit is told of the school's decision
    expect(env.wx.requestSubscribeMessage).toHaveBeenCalledTimes(1);
    expect(env.calls.at(-1)).toMatchObject({ name: 'employerConfirm', data: { action: 'confirmByLink', token, agreementId: a._id, uscc: MANUAL.uscc.toLowerCase(), name: '刘芳', phone: '13912340000' }, result: { ok: true } });
    expect(textOf(page)).toContain('已确认三方协议');
    expect(page.querySelector('.answer__confirm')).toBeUndefined();
    capture(page, 'confirm', 'confirm-done', '单位确认：已确认');

    const after = (await sys.store.get('agreements', a._id))!;
    expect(after).toMatchObject({ state: 'pendingCollege', confirmation: { via: 'link', openid: HR, name: '刘芳', phone: '13912340000', uscc: MANUAL.uscc } });
    expect((await sys.all('outbox')).filter((m) => m.to === ZHANG).at(-1)).toMatchObject({ data: expect.objectContaining({ thing1: '三方协议单位确认', phrase2: '已确认' }) });

    // the student's page now says who confirmed, and the agreement waits for the college
    env = installWx(sys, ZHANG);
    const mine = await openPage('agreement', env, { id: a._id });
    expect(textAt(mine, '.status__title')).toBe('等待院系审核');
    expect(textOf(mine)).toContain('单位确认刘芳（139****0000）通过确认链接确认 · 2026年3月2日 10:00');
    expect(mine.querySelector('.invite')).toBeUndefined();
  });

  it('a wrong credit code is shown under its field and nothing changes; a refusal without reason is refused naming it; with one, the agreement goes back', async () => {
    const a = await submitted(sys, { manual: MANUAL });
    const { token } = await shareLink(a);
    env = installWx(sys, HR);
    const page = await openPage('confirm', env, { t: token });
    const before = JSON.stringify(await sys.all('agreements'));

    const another = (await sys.store.get('employers', DEMO_EMPLOYER_ID))!.uscc;
    await input(page, env, 'f-uscc', another);
    await input(page, env, 'f-name', '刘芳');
    await input(page, env, 'f-phone', '13912340000');
    await tap(page, env, button('.answer__confirm'));
    expect(textAt(page, '.e-uscc')).toBe('统一社会信用代码与协议中的单位不一致');
    capture(page, 'confirm', 'confirm-wrong-code', '单位确认：统一社会信用代码不一致');

    await input(page, env, 'f-uscc', MANUAL.uscc);
    expect(page.querySelector('.e-uscc')).toBeUndefined();
    await tap(page, env, button('.answer__refuse'));
    expect(textAt(page, '.e-reason')).toBe('请填写拒绝原因');
    expect(JSON.stringify(await sys.all('agreements'))).toBe(before);
    capture(page, 'confirm', 'confirm-refuse-no-reason', '单位确认：拒绝未填原因');

    await textarea(page, env, 'f-reason', '我单位未录用该生');
    await tap(page, env, button('.answer__refuse'));
    expect(textOf(page)).toContain('已拒绝三方协议');
    capture(page, 'confirm', 'confirm-refused', '单位确认：已拒绝');
    expect(await sys.store.get('agreements', a._id)).toMatchObject({ state: 'returned', returnedAt: 'employer', returnReason: '我单位未录用该生' });

    env = installWx(sys, ZHANG);
    const mine = await openPage('agreement', env, { id: a._id });
    expect(textAt(mine, '.status__title')).toBe('用人单位拒绝确认');
    expect(textAt(mine, '.head__reason')).toBe('拒绝原因：我单位未录用该生');
    capture(mine, 'agreement', 'confirm-refused', '单位拒绝确认');
    // 编辑并重新发起 opens the form with the unit's refusal above it
    const form = await openPage('initiate', env, { id: a._id });
    expect(textAt(form, '.returned__title')).toBe('用人单位拒绝确认');
    expect(textAt(form, '.returned__reason')).toBe('退回原因：我单位未录用该生');
  });

  it('a used link and an expired one open nothing to act on, each saying why; a link opened from a 小程序码 reads its scene', async () => {
    const a = await submitted(sys, { manual: MANUAL });
    const { token } = await shareLink(a);
    env = installWx(sys, HR);
    const first = await openPage('confirm', env, { scene: encodeURIComponent(`t=${token}`) });
    await input(first, env, 'f-uscc', MANUAL.uscc);
    await input(first, env, 'f-name', '刘芳');
    await input(first, env, 'f-phone', '13912340000');
    await tap(first, env, button('.answer__confirm'));
    expect(first.data.done).toBe('confirm');

    const again = await openPage('confirm', env, { t: token });
    expect(textOf(again)).toContain('该确认链接已使用过，不能再次确认');
    expect(again.querySelector('.answer__confirm')).toBeUndefined();
    capture(again, 'confirm', 'confirm-used', '单位确认：链接已使用');

    const b = await makeSystem({ settings: { employerConfirmation: true } });
    try {
      const other = await (async () => {
        const proof = await b.upload(ZHANG, 'offer-letter.png', pngBytes('letter'));
        const r = await b.ok(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: initiationDraft([proof], { employer: { manual: MANUAL } }) });
        return (await b.store.get('agreements', r.id))!;
      })();
      env = installWx(b, ZHANG);
      const mine = await openPage('agreement', env, { id: other._id });
      await tap(mine, env, button('.invite__issue'));
      const late = (mine.instance as { onShareAppMessage: () => { path: string } }).onShareAppMessage().path.split('t=')[1]!;
      b.advance(7 * DAY);
      env = installWx(b, HR);
      const expired = await openPage('confirm', env, { t: late });
      expect(textOf(expired)).toContain('确认链接已过期，请向学生索取新的确认链接');
      expect(expired.querySelector('.answer')).toBeUndefined();
      capture(expired, 'confirm', 'confirm-expired', '单位确认：链接已过期');
    } finally {
      await b.close();
    }
  });

  it('reads the token of a chat card and of a 小程序码 scene alike', () => {
    expect(tokenOf({ t: 'abc' })).toBe('abc');
    expect(tokenOf({ scene: encodeURIComponent('t=xyz_-1') })).toBe('xyz_-1');
    expect(tokenOf({})).toBe('');
  });
});

describe('单位确认 by a certified unit in its tab', () => {
  let sys: TestSystem;
  let env: MiniEnv;
  beforeEach(async () => {
    sys = await makeSystem({ settings: { employerConfirmation: true } });
  });
  afterEach(() => sys.close());

  it('the unit home leads to its agreements; the list shows what waits; the detail confirms it, and the student is told', async () => {
    const a = await submitted(sys, { employerId: DEMO_EMPLOYER_ID });
    expect((await sys.all('outbox')).filter((m) => m.to === UNIT)).toEqual([expect.objectContaining({ page: `pkg/employer/agreement/index?id=${a._id}` })]);

    env = installWx(sys, UNIT);
    const home = await openPage('employer/home', env);
    expect(textAt(home, '.entry-agreements >>> .t-cell')).toContain('待处理 1');
    capture(home, 'employer-home', 'confirm-waiting', '单位首页：有协议待确认');
    await tap(home, env, '.entry-agreements >>> .t-cell');
    expect(env.visited).toEqual(['/pkg/employer/agreements/index']);

    const list = await openPage('employer/agreements', env);
    expect(env.calls.at(-1)!.data).toEqual({ view: 'employerAgreements', limit: 20 });
    expect(list.querySelectorAll('.chip').map((c) => (c.dom?.textContent ?? '').trim())).toEqual(['全部 1', '待单位确认 1']);
    expect(textAt(list, `.agreement--${a._id} .agreement__student`)).toBe('张三 2026010101');
    expect(textAt(list, `.agreement--${a._id} .agreement__todo`)).toBe('请确认协议');
    capture(list, 'employer-agreements', 'confirm-waiting', '单位的三方协议：待确认');

    await tap(list, env, `.agreement--${a._id}`);
    expect(env.visited.at(-1)).toBe(`/pkg/employer/agreement/index?id=${a._id}`);
    const detail = await openPage('employer/agreement', env, { id: a._id });
    expect(env.calls.at(-1)!.data).toEqual({ view: 'employerAgreement', id: a._id });
    expect(textAt(detail, '.head__todo')).toBe('请确认协议');
    expect(textAt(detail, '.section--student')).toContain('张三');
    expect(textAt(detail, '.section--proofs')).toContain('学生已上传 1 份');
    capture(detail, 'employer-agreement', 'confirm-waiting', '单位的协议：待确认');

    await tap(detail, env, button('.action-refuse'));
    expect(textAt(detail, '.decide__reason-error')).toBe('请填写拒绝原因');
    expect(env.calls.filter((c) => c.name === 'employerConfirm')).toEqual([]);

    await tap(detail, env, button('.action-confirm'));
    expect(env.wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '确认协议' }));
    expect(env.calls.find((c) => c.name === 'employerConfirm')).toMatchObject({ data: { action: 'confirm', agreementId: a._id, version: a.version }, result: { ok: true } });
    expect(env.toasts).toContain('已确认');
    expect(tagText(detail, '.head__state')).toBe('待院系审核');
    expect(textAt(detail, '.head__confirmation')).toBe('单位确认：陈经理（139****5678）在单位页面确认 · 2026年3月2日 10:00');
    expect(detail.querySelector('.decide')).toBeUndefined();
    capture(detail, 'employer-agreement', 'confirm-done', '单位的协议：已确认');

    expect(await sys.store.get('agreements', a._id)).toMatchObject({ state: 'pendingCollege', confirmation: { via: 'account', openid: UNIT } });
    expect((await sys.all('outbox')).filter((m) => m.to === ZHANG).at(-1)).toMatchObject({ data: expect.objectContaining({ phrase2: '已确认' }) });

    // back on the list: no longer waiting for the unit
    const again = await openPage('employer/agreements', env);
    expect(textAt(again, `.agreement--${a._id} .agreement__todo`)).toBe('');
    expect(tagText(again, `.agreement--${a._id} .agreement__state`)).toBe('待院系审核');
  });

  it('the unit refuses with a reason from its tab: the agreement goes back to the student', async () => {
    const a = await submitted(sys, { employerId: DEMO_EMPLOYER_ID });
    env = installWx(sys, UNIT);
    const detail = await openPage('employer/agreement', env, { id: a._id });
    await textarea(detail, env, 'f-reason', '岗位已招满');
    await tap(detail, env, button('.action-refuse'));
    expect(env.calls.at(-2)).toMatchObject({ name: 'employerConfirm', data: { action: 'refuse', reason: '岗位已招满' }, result: { ok: true } });
    expect(tagText(detail, '.head__state')).toBe('已退回');
    expect(textAt(detail, '.head__reason')).toBe('拒绝原因：岗位已招满');
    capture(detail, 'employer-agreement', 'confirm-refused', '单位的协议：已拒绝');
  });

  it('the list filters by standing, says when nothing is there, and another role is told the page is not theirs', async () => {
    await submitted(sys, { employerId: DEMO_EMPLOYER_ID });
    env = installWx(sys, UNIT);
    const list = await openPage('employer/agreements', env, { state: 'signed' });
    expect(env.calls.at(-1)!.data).toEqual({ view: 'employerAgreements', state: 'signed', limit: 20 });
    expect(textOf(list)).toContain('没有这一状态的三方协议');
    await tap(list, env, '.chip--all');
    expect(list.querySelectorAll('.agreement').length).toBe(1);

    env = installWx(sys, ZHANG);
    const other = await openPage('employer/agreements', env);
    expect(textAt(other, '.list__error-text')).toBe('仅用人单位可以查看单位的三方协议');
    const detail = await openPage('employer/agreement', env, { id: 'whatever' });
    expect(textAt(detail, '.unit-agreement__error-text')).toBe('您没有权限进行此操作');
  });
});
