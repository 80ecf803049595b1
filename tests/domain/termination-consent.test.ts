/**
 * Termination by mutual consent (setting mutualConsentTermination): who asks, what a request must carry (reason,
 * 违约方, the 违约金 receipt when due), the school's limit, the other party's answer, 撤回 by the asker, and the
 * consent link (domain/consentLink.ts) a unit without an account answers by.
 */
import { answerTermination, counterpartyOf, limitReason, submitTermination, withdrawTermination } from '../../server/domain/termination';
import { consentPagePath, issueConsentLink, openConsentLink, redeemConsentLink } from '../../server/domain/consentLink';
import { confirmLinkId } from '../../server/domain/confirmLink';
import { reviewTermination } from '../../server/domain/review';
import type { Attachment } from '../../typings';
import type { AgreementDoc, PartyConfirmation, SettingsDoc, TerminationDoc } from '../../server/domain/types';
import { anActor, anAgreement, anEnv, aFile, aStudent, aTermination, messagesOf, NOW, OPENIDS, refusal, settings, theWrite, trail } from './builders';

const CONSENT = settings({ mutualConsentTermination: true, terminationLimit: 1 });
const withPenalty = (yuan: number): AgreementDoc => {
  const a = anAgreement('signed');
  return { ...a, content: { ...a.content, structured: { penaltyYuan: yuan } } };
};

function ask(over: {
  role?: 'student' | 'employer';
  settings?: SettingsDoc;
  agreement?: AgreementDoc;
  approved?: number;
  reasonCode?: string;
  breachBy?: 'student' | 'employer';
  receipt?: Attachment[];
  earlier?: TerminationDoc[];
} = {}) {
  const role = over.role ?? 'student';
  return submitTermination({
    env: anEnv({ role, idPrefix: 'termination' }),
    settings: over.settings ?? CONSENT,
    student: aStudent({ activeAgreementId: 'agreement-1' }),
    agreement: over.agreement ?? anAgreement('signed'),
    earlier: over.earlier ?? [],
    counter: null,
    explanation: '考取研究生，与单位协商一致',
    evidence: [aFile(9)],
    initiator: role,
    approved: over.approved ?? 0,
    ...('reasonCode' in over ? (over.reasonCode ? { reasonCode: over.reasonCode } : {}) : { reasonCode: '11' }),
    ...(over.breachBy ? { breachBy: over.breachBy } : {}),
    penaltyReceipt: over.receipt ?? [],
    unitOpenid: OPENIDS.employer,
  });
}

const answer = (role: 'student' | 'employer', decision: 'confirm' | 'refuse', reason?: string): PartyConfirmation => ({
  decision,
  via: 'account',
  openid: OPENIDS[role],
  role,
  at: NOW,
  ...(reason !== undefined ? { reason } : {}),
});

describe('asking with consent on', () => {
  it('the student’s request waits for the unit (propose), with its reason and the 违约方 the reason proposes; the unit is asked', () => {
    const decided = ask();
    expect(decided.termination).toMatchObject({ state: 'pendingConsent', initiator: 'student', reasonCode: '11', breachBy: 'student', employerId: anAgreement('signed').employerId, employerOpenid: OPENIDS.employer });
    expect(trail(decided)).toEqual([expect.objectContaining({ action: 'propose', from: null, to: 'pendingConsent', actor: anActor('student') })]);
    expect(messagesOf(decided)).toEqual([
      expect.objectContaining({ to: OPENIDS.employer, page: 'pkg/termination/index?agreementId=agreement-1', data: expect.objectContaining({ phrase2: '待您同意' }) }),
    ]);
  });

  it('the unit’s request waits for the student, who is asked; the person may say who is in breach', () => {
    const decided = ask({ role: 'employer', reasonCode: '11', breachBy: 'employer' });
    expect(decided.termination).toMatchObject({ initiator: 'employer', breachBy: 'employer', studentOpenid: OPENIDS.student });
    expect(counterpartyOf(decided.termination)).toBe('student');
    expect(messagesOf(decided)).toEqual([expect.objectContaining({ to: OPENIDS.student })]);
  });

  it('with consent off the student’s request goes straight to the school as before; a unit’s too, and the student hears of it', () => {
    const off = settings({ mutualConsentTermination: false });
    expect(ask({ settings: off, reasonCode: undefined }).termination).toMatchObject({ state: 'submitted' });
    expect(ask({ settings: off, reasonCode: undefined }).termination.initiator).toBeUndefined();
    const unit = ask({ settings: off, role: 'employer', reasonCode: '21' });
    expect(unit.termination).toMatchObject({ state: 'submitted', initiator: 'employer' });
    expect(messagesOf(unit)).toEqual([expect.objectContaining({ to: OPENIDS.student, data: expect.objectContaining({ phrase2: '待学校审核' }) })]);
  });

  it('refuses a missing reason code, naming the field', () => {
    const e = refusal(() => ask({ reasonCode: undefined }));
    expect(e).toMatchObject({ code: 'INVALID_INPUT', message: '请选择解约原因', issues: [{ path: 'reasonCode', message: '请选择解约原因' }] });
    expect(refusal(() => ask({ reasonCode: '99' })).issues).toEqual([{ path: 'reasonCode', message: '请选择解约原因' }]);
  });

  it('asks the 违约金 receipt when the terms name one and the student is in breach, not otherwise', () => {
    const e = refusal(() => ask({ agreement: withPenalty(8000) }));
    expect(e.issues).toEqual([{ path: 'penaltyReceiptFiles', message: '协议约定违约金 8000 元，个人违约时请上传违约金支付凭证' }]);
    expect(ask({ agreement: withPenalty(8000), breachBy: 'employer' }).termination.penaltyReceipt).toBeUndefined();
    expect(ask({ agreement: withPenalty(0) }).termination.state).toBe('pendingConsent');
    const kept = ask({ agreement: withPenalty(8000), receipt: [aFile(7)] });
    expect(kept.termination.penaltyReceipt).toEqual([aFile(7)]);
    expect(trail(kept)[0]!.attachments).toEqual([aFile(9), aFile(7)]);
  });

  it('the school’s limit refuses a further request with its reason; 0 sets none', () => {
    const e = refusal(() => ask({ approved: 1 }));
    expect(e.code).toBe('TERMINATION_LIMIT');
    expect(e.message).toBe(limitReason(CONSENT, 1));
    expect(e.message).toBe('学校规定每名学生最多解约 1 次，您已解约 1 次，不能再在线申请解约。如有特殊情况，请联系学校就业指导中心。');
    expect(refusal(() => ask({ role: 'employer', approved: 1, reasonCode: '21' })).code).toBe('TERMINATION_LIMIT');
    expect(ask({ settings: settings({ mutualConsentTermination: true, terminationLimit: 0 }), approved: 5 }).termination.state).toBe('pendingConsent');
    expect(ask({ settings: settings({ mutualConsentTermination: true, terminationLimit: 2 }), approved: 1 }).termination.state).toBe('pendingConsent');
  });

  it('a request waiting for the other party blocks another, saying so', () => {
    expect(refusal(() => ask({ earlier: [aTermination('pendingConsent')] }))).toMatchObject({ code: 'INVALID_TRANSITION', message: '已有等待对方同意的解约申请' });
  });

  it('the actor must be the party it asks as', () => {
    expect(refusal(() => submitTermination({ ...baseInput(), initiator: 'student', env: anEnv({ role: 'employer' }) })).code).toBe('FORBIDDEN');
  });
});

function baseInput() {
  return {
    env: anEnv({ role: 'student' }),
    settings: CONSENT,
    student: aStudent(),
    agreement: anAgreement('signed'),
    earlier: [],
    counter: null,
    explanation: '说明',
    evidence: [aFile(9)],
    reasonCode: '11',
  };
}

describe('the other party’s answer', () => {
  const waiting = aTermination('pendingConsent', { initiator: 'student', reasonCode: '11', breachBy: 'student', employerOpenid: OPENIDS.employer });
  const agreement = anAgreement('signed');

  it('the unit consents: to the school, the answer kept, the student told', () => {
    const decided = answerTermination({ env: anEnv({ role: 'employer' }), termination: waiting, agreement, answer: answer('employer', 'confirm') });
    expect(decided.termination).toMatchObject({ state: 'submitted', consent: { decision: 'confirm', role: 'employer', via: 'account' } });
    expect(trail(decided)).toEqual([expect.objectContaining({ action: 'consent', from: 'pendingConsent', to: 'submitted' })]);
    expect(messagesOf(decided)).toEqual([expect.objectContaining({ to: OPENIDS.student, data: expect.objectContaining({ phrase2: '对方已同意' }) })]);
  });

  it('the unit refuses with its reason: the request ends, the reason in the audit entry, the student told', () => {
    const decided = answerTermination({ env: anEnv({ role: 'employer' }), termination: waiting, agreement, answer: answer('employer', 'refuse', ' 交接未完成 ') });
    expect(decided.termination).toMatchObject({ state: 'refused', consent: { decision: 'refuse', reason: '交接未完成' } });
    expect(trail(decided)[0]).toMatchObject({ action: 'refuse', reason: '交接未完成' });
    expect(messagesOf(decided)[0]!.data).toMatchObject({ phrase2: '对方不同意', thing3: '交接未完成' });
  });

  it('refuses an answer by the asker, a refusal without a reason, and an answer once the request no longer waits', () => {
    expect(refusal(() => answerTermination({ env: anEnv({ role: 'student' }), termination: waiting, agreement, answer: answer('student', 'confirm') }))).toMatchObject({
      code: 'FORBIDDEN',
      message: '解约申请须由对方同意，申请方不能自己同意或不同意',
    });
    expect(refusal(() => answerTermination({ env: anEnv({ role: 'employer' }), termination: waiting, agreement, answer: answer('employer', 'refuse', '  ') }))).toMatchObject({
      code: 'REASON_REQUIRED',
      issues: [{ path: 'reason', message: '请填写不同意的原因' }],
    });
    expect(refusal(() => answerTermination({ env: anEnv({ role: 'employer' }), termination: aTermination('submitted', { initiator: 'student' }), agreement, answer: answer('employer', 'confirm') })).code).toBe('INVALID_TRANSITION');
  });

  it('撤回 by the asker only; the other party, once asked, is told', () => {
    const byUnit = aTermination('pendingConsent', { initiator: 'employer', employerOpenid: OPENIDS.employer });
    expect(refusal(() => withdrawTermination({ env: anEnv({ role: 'student' }), termination: byUnit, agreement })).message).toBe('只有申请方可以撤回解约申请');
    const withdrawn = withdrawTermination({ env: anEnv({ role: 'employer' }), termination: byUnit, agreement });
    expect(withdrawn.termination.state).toBe('withdrawn');
    expect(messagesOf(withdrawn)).toEqual([expect.objectContaining({ to: OPENIDS.student, data: expect.objectContaining({ phrase2: '已撤回' }) })]);
    // the manual's flow: no one else was asked, no one else is told
    expect(messagesOf(withdrawTermination({ env: anEnv({ role: 'student' }), termination: aTermination('submitted'), agreement }))).toEqual([]);
  });
});

describe('the school’s decision on a request the unit took part in', () => {
  it('the unit is told of a return too, on the termination page', () => {
    const t = aTermination('submitted', { initiator: 'student', employerOpenid: 'openid-hr-answered' });
    const decided = reviewTermination({ env: anEnv({ role: 'schoolReviewer' }), decision: 'return', reason: '解约函未盖章', termination: t, agreement: anAgreement('signed'), student: aStudent(), counter: null });
    expect(messagesOf(decided).map((m) => [m.to, m.page])).toEqual([
      [OPENIDS.student, 'pkg/termination/index?agreementId=agreement-1'],
      ['openid-hr-answered', 'pkg/termination/index?agreementId=agreement-1'],
    ]);
  });
});

describe('the consent link', () => {
  const waiting = aTermination('pendingConsent', { initiator: 'student' });
  const random = new Uint8Array(21).fill(7);
  const issue = (t: TerminationDoc = waiting) => issueConsentLink({ termination: t, actor: anActor('student'), random, now: NOW, ttlMs: 7 * 86_400_000 });
  const agreement = anAgreement('signed');
  const uscc = agreement.content.employer.uscc;

  it('is drawn by the student who asked while the unit has not answered; stored under its hash, audited', () => {
    const issued = issue();
    expect(issued.path).toBe(consentPagePath(issued.token));
    expect(issued.write.doc).toMatchObject({ _id: confirmLinkId(issued.token), purpose: 'consent', terminationId: 'termination-1', agreementId: 'agreement-1', usedBy: null });
    expect(JSON.stringify([issued.write, issued.audit])).not.toContain(issued.token);
    expect(issued.audit).toMatchObject({ record: 'confirmLink', action: 'issueLink', from: null, to: 'issued' });
    expect(refusal(() => issue(aTermination('submitted', { initiator: 'student' }))).code).toBe('INVALID_TRANSITION');
    expect(refusal(() => issue(aTermination('pendingConsent', { initiator: 'employer' }))).code).toBe('INVALID_TRANSITION');
    expect(() => issueConsentLink({ termination: waiting, actor: anActor('student'), random: new Uint8Array(8), now: NOW, ttlMs: 1 })).toThrow();
  });

  it('opens while it lives; refused when unknown, of another request, used, expired or the request no longer waits', () => {
    const issued = issue();
    const link = issued.write.doc;
    expect(openConsentLink({ token: issued.token, link, termination: waiting, now: NOW }).termination).toBe(waiting);
    expect(refusal(() => openConsentLink({ token: 'x'.repeat(28), link, termination: waiting, now: NOW })).code).toBe('CONFIRM_LINK_UNKNOWN');
    expect(refusal(() => openConsentLink({ token: issued.token, link, termination: waiting, now: NOW, terminationId: 'other' })).code).toBe('CONFIRM_LINK_OTHER_AGREEMENT');
    expect(refusal(() => openConsentLink({ token: issued.token, link: { ...link, usedBy: 'x' }, termination: waiting, now: NOW })).code).toBe('CONFIRM_LINK_USED');
    expect(refusal(() => openConsentLink({ token: issued.token, link, termination: waiting, now: link.expiresAt })).code).toBe('CONFIRM_LINK_EXPIRED');
    expect(refusal(() => openConsentLink({ token: issued.token, link, termination: { ...waiting, state: 'withdrawn' }, now: NOW })).code).toBe('CONFIRM_LINK_USED');
    expect(refusal(() => openConsentLink({ token: issued.token, link: { ...link, purpose: 'confirm' }, termination: waiting, now: NOW })).code).toBe('CONFIRM_LINK_UNKNOWN');
  });

  it('an answer with the unit’s credit code uses the link up and becomes the consent; a wrong code is refused naming it', () => {
    const issued = issue();
    const redeem = (code: string) =>
      redeemConsentLink({
        token: issued.token, link: issued.write.doc, termination: waiting, agreement, terminationId: waiting._id,
        answer: { decision: 'confirm', uscc: code, name: '刘女士', phone: '13812345678' }, actor: { openid: 'wx-hr', role: 'employer' }, now: NOW,
      });
    const wrong = refusal(() => redeem('91350100M000100Y43'));
    expect(wrong).toMatchObject({ code: 'USCC_MISMATCH', issues: [{ path: 'uscc', message: '统一社会信用代码与协议中的单位不一致' }] });
    const ok = redeem(uscc.toLowerCase());
    expect(ok.answer).toMatchObject({ decision: 'confirm', via: 'link', role: 'employer', openid: 'wx-hr', name: '刘女士', phone: '13812345678', uscc });
    expect(theWrite({ writes: [ok.write] }, 'confirmLinks').doc).toMatchObject({ usedBy: 'wx-hr', usedAt: NOW, version: 2 });
    expect(ok.audit).toMatchObject({ action: 'answerLink', from: 'issued', to: 'confirm' });
  });
});
