/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
/**
 * 解约 by mutual consent, page to store, for the three roles: the student and the unit on the termination page (each
 * asks, each answers the other's request), the unit without an account on the consent page a link opens, and the
 * school's decision after consent. Setting mutualConsentTermination on; terminationLimit 1 (the default).
 */
import { requestTermination } from '../../server/usecases/requestTermination';
import { review } from '../../server/usecases/review';
import { respondOffer } from '../../server/usecases/respondOffer';
import type { AgreementDoc, SchoolSettings } from '../../server/domain/types';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { personProblem, tokenOf } from '../../miniprogram/pkg/consent/form';
import { formProblem, refuseProblem } from '../../miniprogram/pkg/termination/form';
import { approve, sendOffer, signedDemoAgreement } from '../support/agreements';
import { MANUAL_UNIT, signedManualAgreement, withPenalty } from '../support/consent';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { capture } from './gallery';
import { installWx, openPage, pngBytes, rowsOf, settle, tap, textAt, type MiniEnv, type Page } from './support';

const ZHANG = DEMO_OPENIDS.student;
const HR = DEMO_OPENIDS.employer;
const SCHOOL = DEMO_OPENIDS.schoolReviewer;
const LIU = 'wx-hr-liu';
const CONSENT: Partial<SchoolSettings> = { mutualConsentTermination: true, terminationLimit: 1 };
const WHY = '已考取研究生，与单位协商一致解约，单位已出具解约函。';
const UNIT_WHY = '岗位所在业务线撤销，单位无法履行协议，已出具解约函并向学生说明。';

const button = (selector: string): string => `${selector} >>> .t-button`;
const tagText = (page: Page, selector: string): string => textAt(page, `${selector} >>> .t-tag`);
/** a TDesign result's title and description, as one line */
const resultText = (page: Page, selector: string): string => `${textAt(page, `${selector} >>> .t-result__title`)} ${textAt(page, `${selector} >>> .t-result__description`)}`.trim();

async function typeInto(page: Page, env: MiniEnv, selector: string, value: string): Promise<void> {
  page.querySelector(selector)!.dispatchEvent('input', { detail: { value } });
  await settle(page, env);
}

async function chip(page: Page, env: MiniEnv, list: string, label: string): Promise<void> {
  const found = page.querySelectorAll(`${list} .chip`).find((c) => (c.dom?.textContent ?? '').trim() === label);
  if (!found) throw new Error(`no chip ${label}`);
  found.dispatchEvent('tap');
  await settle(page, env);
}

const chipsOn = (page: Page, list: string): string[] =>
  page.querySelectorAll(`${list} .chip--on`).map((c) => (c.dom?.textContent ?? '').trim());

/** the evidence picked and uploaded, the explanation typed */
async function fill(page: Page, env: MiniEnv, explanation = WHY): Promise<void> {
  env.picks = [{ path: 'wxfile://tmp/letter.png', bytes: pngBytes('letter') }];
  await tap(page, env, '.termination__add');
  await typeInto(page, env, '.termination__explanation >>> .t-textarea__wrapper-inner', explanation);
}

describe('解约 by mutual consent: the student and a certified unit', () => {
  let sys: TestSystem;
  let signed: AgreementDoc;
  beforeEach(async () => {
    sys = await makeSystem({ settings: CONSENT });
    signed = await signedDemoAgreement(sys);
  });
  afterEach(() => sys.close());

  const openAs = async (openid: string, agreementId = signed._id): Promise<{ page: Page; env: MiniEnv }> => {
    const env = installWx(sys, openid);
    return { page: await openPage('termination', env, { agreementId }), env };
  };

  it('the student asks with a reason: refused on the phone without one; then it waits for the unit, which consents; the school approves', async () => {
    const { page, env } = await openAs(ZHANG);
    expect(textAt(page, '.status__next')).toContain('提交后先由单位同意，再由学校审核');
    expect(page.querySelectorAll('.termination__reasons .chip').map((c) => (c.dom?.textContent ?? '').trim())).toEqual([
      '继续深造', '家庭原因', '身体原因', '单位承诺无法兑现', '单位经营问题', '其他', '单位违约',
    ]);
    capture(page, 'termination', 'consent-form', '申请解约（须对方同意）：填写');

    await fill(page, env);
    await tap(page, env, button('.termination__submit'));
    expect(textAt(page, '.termination__form-error')).toBe('请选择解约原因');
    expect(env.calls.map((c) => c.name)).toEqual(['query']);
    capture(page, 'termination', 'consent-no-reason', '申请解约：未选择解约原因');

    await chip(page, env, '.termination__reasons', '继续深造');
    expect(chipsOn(page, '.termination__breaches')).toEqual(['个人违约']);
    await chip(page, env, '.termination__breaches', '单位违约');
    await chip(page, env, '.termination__breaches', '个人违约');
    await tap(page, env, button('.termination__submit'));
    expect(env.calls.find((c) => c.name === 'requestTermination')!.data).toMatchObject({ action: 'submit', reasonCode: '11', breachBy: 'student' });
    const [t] = await sys.all('terminations');
    expect(t).toMatchObject({ state: 'pendingConsent', initiator: 'student', reasonCode: '11', breachBy: 'student' });
    expect(tagText(page, '.request__state')).toBe('待对方同意');
    expect(textAt(page, '.status__title')).toBe('等待单位同意解约');
    expect(textAt(page, '.request__initiator')).toBe('学生申请');
    expect(textAt(page, '.request__reason-label')).toBe('继续深造');
    expect(textAt(page, '.request__breach')).toBe('个人违约');
    // the unit has an account: no link to send; the asker may withdraw, not answer
    expect(page.querySelector('.consent-link')).toBeUndefined();
    expect(page.querySelector('.consent-answer')).toBeUndefined();
    expect(page.querySelector('.termination__withdraw')).toBeDefined();
    capture(page, 'termination', 'consent-waiting-unit', '解约申请等待单位同意');

    // the unit, on the same page from its tab
    const unit = await openAs(HR);
    expect(unit.env.calls.map((c) => c.data)).toEqual([{ view: 'terminationForm', agreementId: signed._id }]);
    expect(textAt(unit.page, '.status__title')).toBe('学生申请解约，请您答复');
    expect(textAt(unit.page, '.request__explanation')).toBe(WHY);
    expect(unit.page.querySelector('.termination__withdraw')).toBeUndefined();
    expect(unit.page.querySelector('.form')).toBeUndefined();
    capture(unit.page, 'termination', 'consent-unit-answer', '单位：学生申请解约，请您答复');

    await tap(unit.page, unit.env, button('.termination__consent'));
    expect(unit.env.wx.showModal).toHaveBeenCalledTimes(1);
    expect((await sys.store.get('terminations', t!._id))!).toMatchObject({ state: 'submitted', consent: { decision: 'confirm', via: 'account', openid: HR } });
    expect(textAt(unit.page, '.status__title')).toBe('解约申请待学校审核');
    expect(textAt(unit.page, '.request__answer')).toMatch(/^单位已同意解约/);
    capture(unit.page, 'termination', 'consent-unit-consented', '单位已同意解约，待学校审核');

    const back = await openAs(ZHANG);
    expect(textAt(back.page, '.request__answer')).toMatch(/^单位已同意解约/);
    expect(back.page.querySelector('.termination__withdraw')).toBeDefined();
    capture(back.page, 'termination', 'consent-student-consented', '单位已同意，待学校审核（学生）');

    // the school sees who asked, why, who breaks the agreement and the unit's consent before it decides
    const school = installWx(sys, SCHOOL);
    const detail = await openPage('review/detail', school, { record: 'termination', id: t!._id });
    expect(rowsOf(detail)).toMatchObject({ 申请方: '学生', 解约原因: '继续深造', 违约方: '个人违约', 对方意见: '同意解约', 解约说明: WHY });
    capture(detail, 'review-detail', 'consent-review', '学校审核：对方已同意的解约申请');

    const decided = await sys.ok(review, SCHOOL, { requestId: rid(), decision: 'approve', items: [{ record: 'termination', id: t!._id, version: 2 }] });
    expect(decided).toMatchObject({ approved: 1 });
    const after = await openAs(HR);
    expect(textAt(after.page, '.status__title')).toBe('解约成功');
    expect(textAt(after.page, '.status__next')).toBe('协议已解除，不再有效。');
    capture(after.page, 'termination', 'consent-unit-approved', '单位：解约成功');
  });

  it('the unit asks; the student refuses with a reason (none: refused on the phone, nothing sent); the unit sees the refusal', async () => {
    const unit = await openAs(HR);
    expect(textAt(unit.page, '.status__next')).toContain('提交后先由学生同意');
    await chip(unit.page, unit.env, '.termination__reasons', '单位违约');
    expect(chipsOn(unit.page, '.termination__breaches')).toEqual(['单位违约']);
    await fill(unit.page, unit.env, UNIT_WHY);
    capture(unit.page, 'termination', 'consent-unit-form', '单位申请解约：填写');
    await tap(unit.page, unit.env, button('.termination__submit'));
    const [t] = await sys.all('terminations');
    expect(t).toMatchObject({ state: 'pendingConsent', initiator: 'employer', reasonCode: '21', breachBy: 'employer', employerOpenid: HR });
    expect(textAt(unit.page, '.status__title')).toBe('等待学生同意解约');

    const { page, env } = await openAs(ZHANG);
    expect(textAt(page, '.status__title')).toBe('单位申请解约，请您答复');
    expect(textAt(page, '.request__initiator')).toBe('单位申请');
    expect(page.querySelector('.form')).toBeUndefined();
    await tap(page, env, button('.termination__refuse-start'));
    await tap(page, env, button('.termination__refuse'));
    expect(textAt(page, '.termination__request-error')).toBe('请填写不同意的原因');
    expect(env.calls.map((c) => c.name)).toEqual(['query']);
    await typeInto(page, env, '.termination__refuse-reason >>> .t-textarea__wrapper-inner', '单位此前承诺的岗位仍在招聘，解约理由不成立');
    capture(page, 'termination', 'consent-student-refusing', '学生：不同意单位的解约申请');
    await tap(page, env, button('.termination__refuse'));
    expect((await sys.store.get('terminations', t!._id))!).toMatchObject({ state: 'refused', consent: { decision: 'refuse', role: 'student', reason: '单位此前承诺的岗位仍在招聘，解约理由不成立' } });
    expect(textAt(page, '.status__title')).toBe('您已不同意解约');

    const after = await openAs(HR);
    expect(tagText(after.page, '.request__state')).toBe('对方不同意解约');
    expect(textAt(after.page, '.status__title')).toBe('学生不同意解约');
    expect(textAt(after.page, '.request__refused-reason')).toBe('不同意的原因：单位此前承诺的岗位仍在招聘，解约理由不成立');
    // the request ended: the unit may ask again
    expect(after.page.querySelector('.form')).toBeDefined();
    capture(after.page, 'termination', 'consent-unit-refused', '单位：学生不同意解约');
  });

  it('on the student’s agreement page a request from the unit says who asked and leads to the answer', async () => {
    const letter = await sys.upload(HR, 'letter.jpg');
    await sys.ok(requestTermination, HR, { action: 'submit', requestId: rid(), agreementId: signed._id, explanation: UNIT_WHY, evidenceFiles: [letter], reasonCode: '21' });
    const { page, env } = await (async () => {
      const e = installWx(sys, ZHANG);
      return { page: await openPage('agreement', e, { id: signed._id }), env: e };
    })();
    expect(textAt(page, '.status__title')).toBe('用人单位申请解约');
    expect(textAt(page, '.status__next')).toBe('用人单位于2026年3月2日申请解约，请查看原因后答复同意或不同意。');
    expect(textAt(page, '.agreement__termination-note')).toBe('解约申请等待对方同意。');
    expect(tagText(page, '.termination__state')).toBe('待对方同意');
    capture(page, 'agreement', 'consent-asked-by-unit', '协议页：用人单位申请解约，待学生答复');
    await tap(page, env, button('.agreement__termination'));
    expect(env.wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: `/pkg/termination/index?agreementId=${signed._id}` }));
  });

  it('the unit refuses the student’s request: the student sees the reason and the school’s guide to contact it', async () => {
    const letter = await sys.upload(ZHANG, 'letter.jpg');
    const t = await sys.ok(requestTermination, ZHANG, { action: 'submit', requestId: rid(), agreementId: signed._id, explanation: WHY, evidenceFiles: [letter], reasonCode: '11' });
    await sys.ok(requestTermination, HR, { action: 'refuse', requestId: rid(), terminationId: t.id, version: 1, reason: '项目交付期内不同意解约' });
    const { page } = await openAs(ZHANG);
    expect(textAt(page, '.status__title')).toBe('单位不同意解约');
    expect(textAt(page, '.request__answer')).toMatch(/^单位不同意解约/);
    expect(textAt(page, '.request__refused-reason')).toBe('不同意的原因：项目交付期内不同意解约');
    expect(textAt(page, '.guide__text')).toBe('请上传单位出具的解约函或违约证明，并说明解约原因，提交后等待学校就业指导中心审核。');
    capture(page, 'termination', 'consent-refused-guide', '单位不同意解约：联系学校的指引');
  });

  it('a 违约金 in the terms: with 个人违约 its receipt is asked, refused on the phone when missing, and sent with the request', async () => {
    signed = await withPenalty(sys, signed, 3000);
    const { page, env } = await openAs(ZHANG);
    expect(page.querySelector('.termination__add-receipt')).toBeUndefined();
    await chip(page, env, '.termination__reasons', '家庭原因');
    expect(textAt(page, '.form')).toContain('违约金支付凭证（协议约定违约金 3000 元）');
    await fill(page, env);
    await tap(page, env, button('.termination__submit'));
    expect(textAt(page, '.termination__form-error')).toBe('请上传违约金支付凭证');
    expect(env.calls.map((c) => c.name)).toEqual(['query']);
    capture(page, 'termination', 'consent-receipt-due', '申请解约：须上传违约金支付凭证');

    env.picks = [{ path: 'wxfile://tmp/receipt.png', bytes: pngBytes('receipt') }];
    await tap(page, env, '.termination__add-receipt');
    await tap(page, env, button('.termination__submit'));
    const [t] = await sys.all('terminations');
    expect(t!.penaltyReceipt).toHaveLength(1);
    expect(page.querySelectorAll('.request__receipt')).toHaveLength(1);
  });

  it('over the school’s limit: the reason is on the page before anything is typed, and no form is offered', async () => {
    const letter = await sys.upload(ZHANG, 'letter.jpg');
    const t = await sys.ok(requestTermination, ZHANG, { action: 'submit', requestId: rid(), agreementId: signed._id, explanation: WHY, evidenceFiles: [letter], reasonCode: '11' });
    await sys.ok(requestTermination, HR, { action: 'consent', requestId: rid(), terminationId: t.id, version: 1 });
    await sys.ok(review, SCHOOL, { requestId: rid(), decision: 'approve', items: [{ record: 'termination', id: t.id, version: 2 }] });
    const offerId = await sendOffer(sys, '2026010101', '张三');
    const accepted = await sys.ok(respondOffer, ZHANG, { action: 'accept', requestId: rid(), offerId, version: 1 });
    const again = await approve(sys, (await sys.store.get('agreements', accepted.id))!);

    const { page } = await openAs(ZHANG, again._id);
    expect(textAt(page, '.status__title')).toBe('暂不能申请解约');
    expect(textAt(page, '.status__next')).toBe('学校规定每名学生最多解约 1 次，您已解约 1 次，不能再在线申请解约。如有特殊情况，请联系学校就业指导中心。');
    expect(page.querySelector('.form')).toBeUndefined();
    capture(page, 'termination', 'consent-limit', '解约次数已达上限');
  });
});

describe('解约 by mutual consent: a unit without an account answers through a link', () => {
  let sys: TestSystem;
  let signed: AgreementDoc;
  beforeEach(async () => {
    sys = await makeSystem({ settings: CONSENT });
    signed = await signedManualAgreement(sys);
    const letter = await sys.upload(ZHANG, 'letter.jpg');
    await sys.ok(requestTermination, ZHANG, { action: 'submit', requestId: rid(), agreementId: signed._id, explanation: WHY, evidenceFiles: [letter], reasonCode: '12' });
  });
  afterEach(() => sys.close());

  /** the student draws the link on the termination page; the path the chat card carries */
  async function drawLink(): Promise<string> {
    const env = installWx(sys, ZHANG);
    const page = await openPage('termination', env, { agreementId: signed._id });
    expect(textAt(page, '.status__next')).toContain('请生成同意链接并发送给单位人事');
    expect(page.querySelector('.termination__share')).toBeUndefined();
    capture(page, 'termination', 'consent-link-needed', '等待单位同意：单位未认证，须发送同意链接');
    await tap(page, env, button('.termination__issue-link'));
    expect(textAt(page, '.consent-link__expires')).toMatch(/^同意链接已生成，2026年3月9日 \d{2}:\d{2} 前有效$/);
    const card = (page.instance as unknown as { onShareAppMessage: () => { title: string; path: string } }).onShareAppMessage();
    expect(card.title).toBe('张三申请解除就业协议，请单位确认是否同意');
    expect(card.path).toMatch(/^\/pkg\/consent\/index\?t=[A-Za-z0-9_-]{28}$/);
    capture(page, 'termination', 'consent-link-issued', '同意链接已生成，发送给单位');
    return card.path.split('t=')[1]!;
  }

  const fillPerson = async (page: Page, env: MiniEnv, uscc: string) => {
    await typeInto(page, env, '.f-uscc >>> .t-input__control', uscc);
    await typeInto(page, env, '.f-name >>> .t-input__control', '刘女士');
    await typeInto(page, env, '.f-phone >>> .t-input__control', '13812345678');
  };

  it('the HR person opens the link, a wrong credit code is refused under its field with nothing changed, then consents; the link is then dead', async () => {
    const token = await drawLink();
    const env = installWx(sys, LIU);
    const page = await openPage('consent', env, { t: token });
    expect(env.calls.map((c) => c.data)).toEqual([{ view: 'consentLink', token }]);
    expect(textAt(page, '.card__title')).toBe('张三申请解除就业协议');
    expect(textAt(page, '.consent__employer')).toBe(MANUAL_UNIT.name);
    expect(textAt(page, '.consent__reason')).toBe('家庭原因');
    expect(textAt(page, '.consent__breach')).toBe('个人违约');
    expect(textAt(page, '.consent__explanation')).toBe(WHY);
    // the credit code is for the person to know, not to read off the page
    expect(textAt(page, '.consent')).not.toContain(MANUAL_UNIT.uscc);
    capture(page, 'consent', 'consent-link-open', '解约同意：单位通过链接打开');

    await tap(page, env, button('.consent__consent'));
    expect(textAt(page, '.e-uscc')).toBe('请填写统一社会信用代码');
    const before = JSON.stringify(await sys.all('terminations'));
    await fillPerson(page, env, '91440300MA5D8K2P1X');
    await tap(page, env, button('.consent__consent'));
    expect(textAt(page, '.e-uscc')).not.toBe('');
    expect(JSON.stringify(await sys.all('terminations'))).toBe(before);
    capture(page, 'consent', 'consent-link-wrong-code', '解约同意：统一社会信用代码不一致');

    await fillPerson(page, env, MANUAL_UNIT.uscc);
    env.calls.length = 0;
    await tap(page, env, button('.consent__consent'));
    // one call and no reload: the link is used up, the page shows the outcome
    expect(env.calls.map((c) => c.name)).toEqual(['requestTermination']);
    const [t] = await sys.all('terminations');
    expect(t).toMatchObject({ state: 'submitted', consent: { decision: 'confirm', via: 'link', name: '刘女士', phone: '13812345678', openid: LIU } });
    expect(resultText(page, '.consent__done')).toContain('已同意解约');
    capture(page, 'consent', 'consent-link-done', '解约同意：已同意');

    const again = await openPage('consent', env, { t: token });
    expect(resultText(again, '.consent__dead')).toContain('该同意链接已使用过，不能再次答复');
    expect(again.querySelector('.form')).toBeUndefined();
    capture(again, 'consent', 'consent-link-dead', '解约同意：链接已使用');

    // the student sees who answered, the phone masked
    const student = installWx(sys, ZHANG);
    const mine = await openPage('termination', student, { agreementId: signed._id });
    expect(textAt(mine, '.request__answer')).toMatch(/^单位已同意解约（刘女士 138\*\*\*\*5678，通过同意链接）/);
  });

  it('the HR person refuses with a reason: the request ends; without a reason nothing is sent', async () => {
    const token = await drawLink();
    const env = installWx(sys, LIU);
    const page = await openPage('consent', env, { scene: encodeURIComponent(`t=${token}`) });
    await fillPerson(page, env, MANUAL_UNIT.uscc);
    await tap(page, env, button('.consent__refuse-start'));
    await tap(page, env, button('.consent__refuse'));
    expect(textAt(page, '.e-reason')).toBe('请填写不同意的原因');
    expect(env.calls.map((c) => c.name)).toEqual(['query']);
    await typeInto(page, env, '.f-reason >>> .t-textarea__wrapper-inner', '学生尚未完成项目交接');
    capture(page, 'consent', 'consent-link-refusing', '解约同意：填写不同意的原因');
    await tap(page, env, button('.consent__refuse'));
    expect((await sys.all('terminations'))[0]).toMatchObject({ state: 'refused', consent: { decision: 'refuse', via: 'link', reason: '学生尚未完成项目交接' } });
    expect(resultText(page, '.consent__done')).toContain('已答复不同意解约');
  });

  it('a link that is not whole says so and offers nothing', async () => {
    const env = installWx(sys, LIU);
    const page = await openPage('consent', env, {});
    expect(resultText(page, '.consent__dead')).toContain('链接不完整，请向学生索取新的同意链接');
    expect(env.calls).toEqual([]);
  });
});

describe('with the setting off, the unit’s page offers nothing', () => {
  it('says the school does not let units take part online, and shows no request of the manual’s flow', async () => {
    const sys = await makeSystem();
    try {
      const signed = await signedDemoAgreement(sys);
      const letter = await sys.upload(ZHANG, 'letter.jpg');
      await sys.ok(requestTermination, ZHANG, { action: 'submit', requestId: rid(), agreementId: signed._id, explanation: WHY, evidenceFiles: [letter] });
      const env = installWx(sys, HR);
      const page = await openPage('termination', env, { agreementId: signed._id });
      expect(textAt(page, '.termination__error-text')).toBe('学校暂未开放单位在线办理解约，如需解约请联系学校就业指导中心。');
      expect(page.querySelector('.request')).toBeUndefined();
      expect(page.querySelector('.form')).toBeUndefined();
      capture(page, 'termination', 'consent-off-unit', '单位：学校未开放在线解约');
    } finally {
      await sys.close();
    }
  });
});

describe('the consent forms’ own checks', () => {
  it('the reason first, then evidence, explanation and the receipt when due; a refusal needs its reason', () => {
    const image = [{ path: 'p', fileId: 'f' }];
    const consent = { structured: true, reasonCode: '', receiptDue: true, receipts: [] };
    expect(formProblem(image, '说明', consent)).toBe('请选择解约原因');
    expect(formProblem([], '说明', { ...consent, reasonCode: '11' })).toBe('请上传解约证明材料');
    expect(formProblem(image, '说明', { ...consent, reasonCode: '11' })).toBe('请上传违约金支付凭证');
    expect(formProblem(image, '说明', { ...consent, reasonCode: '11', receipts: image })).toBe('');
    expect(refuseProblem('  ')).toBe('请填写不同意的原因');
    expect(refuseProblem('x'.repeat(501))).toBe('原因不超过500字');
  });

  it('the link page reads its token from a chat card or a code’s scene, and names the first field missing', () => {
    expect(tokenOf({ t: 'abc' })).toBe('abc');
    expect(tokenOf({ scene: encodeURIComponent('t=xyz') })).toBe('xyz');
    expect(tokenOf({})).toBe('');
    expect(personProblem({ uscc: '', name: '', phone: '' })).toEqual({ field: 'uscc', message: '请填写统一社会信用代码' });
    expect(personProblem({ uscc: '123', name: '', phone: '' })).toEqual({ field: 'uscc', message: '统一社会信用代码应为18位' });
    expect(personProblem({ uscc: MANUAL_UNIT.uscc, name: '刘', phone: '' })).toEqual({ field: 'phone', message: '请填写联系电话' });
  });
});
