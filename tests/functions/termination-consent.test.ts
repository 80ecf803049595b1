/**
 * Termination by mutual consent (setting mutualConsentTermination), through the handler: either party asks, the
 * other consents or refuses (by account, or a unit without one through a consent link), then the school decides.
 */
import { query } from '../../server/usecases/query';
import { requestTermination } from '../../server/usecases/requestTermination';
import { review } from '../../server/usecases/review';
import { respondOffer } from '../../server/usecases/respondOffer';
import { verifyChain } from '../../server/domain/audit';
import type { AgreementDoc, CollectionName, OutboxDoc, SchoolSettings } from '../../server/domain/types';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import type { QueryResults } from '../../typings';
import { approve, sendOffer } from '../support/agreements';
import { MANUAL_UNIT, signedManualAgreement, withPenalty } from '../support/consent';
import { DAY, makeSystem, rid, type TestSystem } from '../support/harness';
import { signedDemoAgreement } from '../support/agreements';

const ZHANG = DEMO_OPENIDS.student;
const LI = DEMO_OPENIDS.student2;
const HR = DEMO_OPENIDS.employer;
const SCHOOL = DEMO_OPENIDS.schoolReviewer;
const HR_PERSON = { name: '刘女士', phone: '13812345678' };
const CONSENT: Partial<SchoolSettings> = { mutualConsentTermination: true, terminationLimit: 1 };
const WHY = '已考取研究生，与单位协商一致解约，单位已出具解约函。';

/** everything a refused call must leave as it was (rate-limit counters count tries, refused or not) */
const COLLECTIONS: CollectionName[] = ['terminations', 'agreements', 'students', 'destinations', 'confirmLinks', 'counters', 'audit', 'outbox', 'requests'];
const dump = async (sys: TestSystem): Promise<string> => JSON.stringify(await Promise.all(COLLECTIONS.map((c) => sys.all(c))));

const messagesTo = async (sys: TestSystem, to: string): Promise<OutboxDoc[]> => (await sys.all('outbox')).filter((m) => m.to === to);

describe('requestTermination with mutual consent', () => {
  let sys: TestSystem;
  let signed: AgreementDoc;
  beforeEach(async () => {
    sys = await makeSystem({ settings: CONSENT });
    signed = await signedDemoAgreement(sys);
  });
  afterEach(() => sys.close());

  const ask = async (openid: string, extra: Record<string, unknown> = {}, agreementId = signed._id) => {
    const letter = await sys.upload(openid, 'termination-letter.jpg');
    return sys.call(requestTermination, openid, { action: 'submit', requestId: rid(), agreementId, explanation: WHY, evidenceFiles: [letter], reasonCode: '11', ...extra });
  };
  const asked = async (openid: string, extra: Record<string, unknown> = {}, agreementId = signed._id) => {
    const r = await ask(openid, extra, agreementId);
    if (!r.ok) throw new Error(`${r.code} ${r.message}`);
    return r.data;
  };
  const form = (openid: string, agreementId = signed._id) =>
    sys.ok(query, openid, { view: 'terminationForm', agreementId }) as Promise<QueryResults['terminationForm']>;

  it('the student asks: it waits for the unit, which consents in its tab; the school approves; everyone is told at each step', async () => {
    const t = await asked(ZHANG);
    expect(t).toMatchObject({ state: 'pendingConsent', version: 1 });
    expect(await sys.store.get('terminations', t.id)).toMatchObject({ initiator: 'student', reasonCode: '11', breachBy: 'student', employerId: signed.employerId, studentOpenid: ZHANG });
    expect((await sys.auditOf('termination', t.id)).map((e) => [e.action, e.from, e.to])).toEqual([['propose', null, 'pendingConsent']]);
    expect((await messagesTo(sys, HR)).at(-1)).toMatchObject({ page: `pkg/termination/index?agreementId=${signed._id}`, data: expect.objectContaining({ phrase2: '待您同意' }) });

    // the unit sees the request with its reason, 违约方 and who asked; the student's form says it waits
    const unitForm = await form(HR);
    expect(unitForm).toMatchObject({ role: 'employer', mutualConsent: true });
    expect(unitForm.agreement.terminations[0]).toMatchObject({ id: t.id, state: 'pendingConsent', initiator: 'student', reasonLabel: '继续深造', breachLabel: '个人违约' });
    expect((await form(ZHANG)).agreement).toMatchObject({ canTerminate: false, canPrint: false });

    const consented = await sys.ok(requestTermination, HR, { action: 'consent', requestId: rid(), terminationId: t.id, version: 1 });
    expect(consented).toMatchObject({ state: 'submitted', version: 2 });
    expect((await sys.store.get('terminations', t.id))!.consent).toMatchObject({ decision: 'confirm', via: 'account', role: 'employer', openid: HR });
    expect((await messagesTo(sys, ZHANG)).at(-1)!.data).toMatchObject({ phrase2: '对方已同意' });

    const decided = await sys.ok(review, SCHOOL, { requestId: rid(), decision: 'approve', items: [{ record: 'termination', id: t.id, version: 2 }] });
    expect(decided).toMatchObject({ approved: 1 });
    expect(await sys.store.get('agreements', signed._id)).toMatchObject({ state: 'terminated', agreementNo: signed.agreementNo });
    expect((await sys.store.get('students', signed.studentNo))!.activeAgreementId).toBeFalsy();
    expect((await messagesTo(sys, HR)).at(-1)).toMatchObject({ page: `pkg/termination/index?agreementId=${signed._id}`, data: expect.objectContaining({ phrase2: '解约成功' }) });
    expect((await messagesTo(sys, ZHANG)).at(-1)!.data).toMatchObject({ phrase2: '解约成功' });
    const chain = await sys.auditOf('termination', t.id);
    expect(chain.map((e) => e.action)).toEqual(['propose', 'consent', 'approve']);
    expect(verifyChain(chain, (await sys.store.get('terminations', t.id))!.auditHead)).toBeNull();
  });

  it('the unit asks: the student refuses with a reason; the request ends, the unit is told, and the student may contact the school', async () => {
    const t = await asked(HR, { reasonCode: '21', breachBy: 'employer' });
    expect(await sys.store.get('terminations', t.id)).toMatchObject({ state: 'pendingConsent', initiator: 'employer', breachBy: 'employer', studentOpenid: ZHANG, employerOpenid: HR });
    expect((await messagesTo(sys, ZHANG)).at(-1)!.data).toMatchObject({ phrase2: '待您同意' });

    // a refusal without its reason is refused, nothing changed
    const before = await dump(sys);
    expect(await sys.call(requestTermination, ZHANG, { action: 'refuse', requestId: rid(), terminationId: t.id, version: 1, reason: '  ' })).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    expect(await dump(sys)).toBe(before);

    const refused = await sys.ok(requestTermination, ZHANG, { action: 'refuse', requestId: rid(), terminationId: t.id, version: 1, reason: '单位未说明解约理由' });
    expect(refused).toMatchObject({ state: 'refused' });
    expect((await sys.store.get('terminations', t.id))!.consent).toMatchObject({ decision: 'refuse', via: 'account', role: 'student', reason: '单位未说明解约理由' });
    expect((await messagesTo(sys, HR)).at(-1)!.data).toMatchObject({ phrase2: '对方不同意', thing3: '单位未说明解约理由' });
    expect(await sys.store.get('agreements', signed._id)).toMatchObject({ state: 'signed' });
    const shown = await form(ZHANG);
    expect(shown.agreement.terminations[0]).toMatchObject({ state: 'refused', consent: { decision: 'refuse', reason: '单位未说明解约理由' } });
    expect(shown.guide).toBe('请上传单位出具的解约函或违约证明，并说明解约原因，提交后等待学校就业指导中心审核。');
    // the school never saw it
    const queue = (await sys.ok(query, SCHOOL, { view: 'reviewQueue', queue: 'termination' })) as QueryResults['reviewQueue'];
    expect(queue.items).toEqual([]);
  });

  it('a consent by someone who is not the counterparty is refused, saying why, and changes nothing', async () => {
    const t = await asked(ZHANG);
    const before = await dump(sys);
    const consent = (openid: string) => sys.call(requestTermination, openid, { action: 'consent', requestId: rid(), terminationId: t.id, version: 1 });
    expect(await consent(ZHANG)).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '解约申请须由对方同意，申请方不能自己同意或不同意' });
    expect(await consent(LI)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await consent(SCHOOL)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await consent('stranger')).toMatchObject({ ok: false, code: 'NOT_BOUND' });
    // nor may the unit withdraw the student's request
    expect(await sys.call(requestTermination, HR, { action: 'withdraw', requestId: rid(), terminationId: t.id, version: 1 })).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '只有申请方可以撤回解约申请' });
    expect(await dump(sys)).toBe(before);
  });

  it('the asker withdraws while it waits for the other party: withdrawn, and the other party is told', async () => {
    const t = await asked(HR, { reasonCode: '21' });
    const withdrawn = await sys.ok(requestTermination, HR, { action: 'withdraw', requestId: rid(), terminationId: t.id, version: 1 });
    expect(withdrawn).toMatchObject({ state: 'withdrawn' });
    expect((await messagesTo(sys, ZHANG)).at(-1)!.data).toMatchObject({ phrase2: '已撤回' });
    expect((await form(ZHANG)).agreement.canTerminate).toBe(true);
  });

  it('a missing reason code, or a 违约金 receipt missing when one is due, is refused naming the field, and nothing changes', async () => {
    const before = await dump(sys);
    const noCode = await ask(ZHANG, { reasonCode: undefined });
    expect(noCode).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '请选择解约原因', issues: [{ path: 'reasonCode', message: '请选择解约原因' }] });
    expect(await ask(ZHANG, { reasonCode: '99' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: 'reasonCode' })] });
    signed = await withPenalty(sys, signed, 3000);
    const withPenaltyBefore = await dump(sys);
    expect(await ask(ZHANG)).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      issues: [{ path: 'penaltyReceiptFiles', message: '协议约定违约金 3000 元，个人违约时请上传违约金支付凭证' }],
    });
    expect(await dump(sys)).toBe(withPenaltyBefore);
    expect(before).not.toBe(withPenaltyBefore);
    // the unit in breach owes the student nothing to prove
    expect(await ask(ZHANG, { reasonCode: '21' })).toMatchObject({ ok: true, data: { state: 'pendingConsent' } });
  });

  it('with the receipt the request keeps it, hashed in the audit entry', async () => {
    signed = await withPenalty(sys, signed, 3000);
    expect((await form(ZHANG)).penaltyYuan).toBe(3000);
    const receipt = await sys.upload(ZHANG, 'receipt.jpg');
    const t = await asked(ZHANG, { penaltyReceiptFiles: [receipt] });
    const stored = (await sys.store.get('terminations', t.id))!;
    expect(stored.penaltyReceipt).toEqual([expect.objectContaining({ fileId: receipt })]);
    expect((await sys.auditOf('termination', t.id))[0]!.attachments).toContainEqual(expect.objectContaining({ fileId: receipt }));
    expect((await form(HR)).agreement.terminations[0]!.penaltyReceipt).toEqual([expect.objectContaining({ fileId: receipt })]);
  });

  it('over the school’s limit: the form says why before anything is typed, and a request is refused with nothing changed', async () => {
    const t = await asked(ZHANG);
    await sys.ok(requestTermination, HR, { action: 'consent', requestId: rid(), terminationId: t.id, version: 1 });
    await sys.ok(review, SCHOOL, { requestId: rid(), decision: 'approve', items: [{ record: 'termination', id: t.id, version: 2 }] });
    // 张三 signs with the unit again
    const offerId = await sendOffer(sys, '2026010101', '张三');
    const accepted = await sys.ok(respondOffer, ZHANG, { action: 'accept', requestId: rid(), offerId, version: 1 });
    const again = await approve(sys, (await sys.store.get('agreements', accepted.id))!);
    const limit = '学校规定每名学生最多解约 1 次，您已解约 1 次，不能再在线申请解约。如有特殊情况，请联系学校就业指导中心。';
    const shown = await form(ZHANG, again._id);
    expect(shown).toMatchObject({ limitReason: limit, agreement: { canTerminate: false } });
    const before = await dump(sys);
    expect(await ask(ZHANG, {}, again._id)).toMatchObject({ ok: false, code: 'TERMINATION_LIMIT', message: limit });
    expect(await ask(HR, { reasonCode: '21' }, again._id)).toMatchObject({ ok: false, code: 'TERMINATION_LIMIT' });
    expect(await dump(sys)).toBe(before);
  });
});

describe('a unit without an account answers through a consent link', () => {
  let sys: TestSystem;
  let signed: AgreementDoc;
  let terminationId: string;
  beforeEach(async () => {
    sys = await makeSystem({ settings: CONSENT });
    signed = await signedManualAgreement(sys);
    const letter = await sys.upload(ZHANG, 'letter.jpg');
    const t = await sys.ok(requestTermination, ZHANG, { action: 'submit', requestId: rid(), agreementId: signed._id, explanation: WHY, evidenceFiles: [letter], reasonCode: '12' });
    terminationId = t.id;
  });
  afterEach(() => sys.close());

  const issue = async (): Promise<string> => {
    const r = await sys.ok(requestTermination, ZHANG, { action: 'issueLink', requestId: rid(), terminationId });
    expect(r.consentLink!.path).toMatch(/^pkg\/consent\/index\?t=[A-Za-z0-9_-]{28}$/);
    return r.consentLink!.path.split('t=')[1]!;
  };
  const answer = (token: string, action: 'consentByLink' | 'refuseByLink', extra: Record<string, unknown> = {}) =>
    sys.call(requestTermination, 'wx-hr-liu', { action, requestId: rid(), token, terminationId, uscc: MANUAL_UNIT.uscc, ...HR_PERSON, ...(action === 'refuseByLink' ? { reason: '尚未办理离职交接' } : {}), ...extra });

  it('the student’s form says the unit answers by link; the link opens the request; the unit consents; the link is used up', async () => {
    expect(await sys.ok(query, ZHANG, { view: 'terminationForm', agreementId: signed._id })).toMatchObject({ consentVia: 'link' });
    const token = await issue();
    expect(await sys.all('confirmLinks')).toEqual([expect.objectContaining({ purpose: 'consent', terminationId, agreementId: signed._id, usedBy: null })]);
    // the token itself is kept nowhere
    expect(JSON.stringify(await Promise.all((['confirmLinks', 'audit', 'requests'] as const).map((c) => sys.all(c))))).not.toContain(token);

    const view = (await sys.ok(query, 'wx-hr-liu', { view: 'consentLink', token })) as QueryResults['consentLink'];
    expect(view).toMatchObject({ terminationId, studentName: '张三', employerName: MANUAL_UNIT.name, reasonLabel: '家庭原因', breachLabel: '个人违约', explanation: WHY });

    expect(await answer(token, 'consentByLink')).toMatchObject({ ok: true, data: { state: 'submitted' } });
    const t = (await sys.store.get('terminations', terminationId))!;
    expect(t.consent).toMatchObject({ decision: 'confirm', via: 'link', role: 'employer', openid: 'wx-hr-liu', name: '刘女士', phone: '13812345678', uscc: MANUAL_UNIT.uscc });
    const [link] = await sys.all('confirmLinks');
    expect(link).toMatchObject({ usedBy: 'wx-hr-liu' });
    expect((await sys.auditOf('confirmLink', link!._id)).map((e) => [e.action, e.from, e.to])).toEqual([['issueLink', null, 'issued'], ['answerLink', 'issued', 'confirm']]);
    expect((await sys.auditOf('termination', terminationId)).map((e) => [e.action, e.actor.openid])).toEqual([['propose', ZHANG], ['consent', 'wx-hr-liu']]);

    // a used link is dead, for the view and for an answer
    const before = await dump(sys);
    expect(await sys.call(query, 'wx-hr-liu', { view: 'consentLink', token })).toMatchObject({ ok: false, code: 'CONFIRM_LINK_USED', message: '该同意链接已使用过，不能再次答复' });
    expect(await answer(token, 'refuseByLink')).toMatchObject({ ok: false, code: 'CONFIRM_LINK_USED' });
    expect(await dump(sys)).toBe(before);
  });

  it('a wrong credit code is refused naming the field, nothing changed; then the unit refuses with its reason', async () => {
    const token = await issue();
    const before = await dump(sys);
    expect(await answer(token, 'consentByLink', { uscc: '91440300MA5D8K2P1X' })).toMatchObject({ ok: false, issues: [expect.objectContaining({ path: 'uscc' })] });
    expect(await answer(token, 'consentByLink', { uscc: '91110000100000000Y' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', issues: [{ path: 'uscc', message: '统一社会信用代码不正确，请核对' }] });
    expect(await answer(token, 'consentByLink', { phone: '123' })).toMatchObject({ ok: false, issues: [{ path: 'phone', message: '联系电话格式不正确' }] });
    expect(await dump(sys)).toBe(before);

    expect(await answer(token, 'refuseByLink')).toMatchObject({ ok: true, data: { state: 'refused' } });
    expect((await sys.store.get('terminations', terminationId))!.consent).toMatchObject({ decision: 'refuse', via: 'link', reason: '尚未办理离职交接' });
    expect((await sys.all('outbox')).filter((m) => m.to === ZHANG).at(-1)!.data).toMatchObject({ phrase2: '对方不同意' });
  });

  it('a dead link is refused and changes nothing: unknown, expired, or for another request', async () => {
    const token = await issue();
    const before = await dump(sys);
    expect(await sys.call(query, 'wx-hr-liu', { view: 'consentLink', token: 'A'.repeat(28) })).toMatchObject({ ok: false, code: 'CONFIRM_LINK_UNKNOWN', message: '同意链接无效，请向学生索取新的同意链接' });
    expect(await answer('A'.repeat(28), 'consentByLink')).toMatchObject({ ok: false, code: 'CONFIRM_LINK_UNKNOWN' });
    expect(await answer(token, 'consentByLink', { terminationId: 'other-termination' })).toMatchObject({ ok: false, code: 'CONFIRM_LINK_OTHER_AGREEMENT' });
    sys.advance(7 * DAY);
    expect(await sys.call(query, 'wx-hr-liu', { view: 'consentLink', token })).toMatchObject({ ok: false, code: 'CONFIRM_LINK_EXPIRED', message: '同意链接已过期，请向学生索取新的同意链接' });
    expect(await answer(token, 'consentByLink')).toMatchObject({ ok: false, code: 'CONFIRM_LINK_EXPIRED' });
    expect(await dump(sys)).toBe(before);
  });

  it('only the student who asked draws a link, and only while the unit has not answered', async () => {
    expect(await sys.call(requestTermination, LI, { action: 'issueLink', requestId: rid(), terminationId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await sys.call(requestTermination, HR, { action: 'issueLink', requestId: rid(), terminationId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    await sys.ok(requestTermination, ZHANG, { action: 'withdraw', requestId: rid(), terminationId, version: 1 });
    expect(await sys.call(requestTermination, ZHANG, { action: 'issueLink', requestId: rid(), terminationId })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION', message: '只有等待单位同意的解约申请可以生成同意链接' });
    expect(await sys.all('confirmLinks')).toEqual([]);
  });

  it('guesses are counted: past the limit the view is refused before any link is read', async () => {
    for (let i = 0; i < 20; i++) await sys.call(query, 'wx-guesser', { view: 'consentLink', token: `${'B'.repeat(27)}${String.fromCharCode(65 + i)}` });
    expect(await sys.call(query, 'wx-guesser', { view: 'consentLink', token: 'C'.repeat(28) })).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
  });
});
