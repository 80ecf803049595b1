/**
 * 单位确认 as decisions: a submission waits for the unit when the school asks; the certified unit answers by account,
 * anyone holding the student's link answers with the unit's credit code, their name and phone; every answer is kept
 * on the agreement and sealed into its audit entry, the link used up with it; every refusal decides nothing.
 */
import { issueConfirmLink, TOKEN_BYTES, type ConfirmAnswer } from '../../server/domain/confirmLink';
import { answerByAccount, answerByLink, issueLink, liveLink } from '../../server/domain/employerConfirm';
import { saveInitiation } from '../../server/domain/initiation';
import type { ConfirmLinkDoc } from '../../server/domain/types';
import {
  DAY_MS,
  EMPLOYER_INFO,
  NOW,
  OPENIDS,
  aSourceCheck,
  aStudent,
  aStudentAgreement,
  aCounter,
  anEmployer,
  anEnv,
  anInitiationDraft,
  aFile,
  messagesOf,
  refusal,
  settings,
  shifted,
  theWrite,
  trail,
} from './builders';

const HR = 'openid-hr-unregistered';
const random = (seed = 1): Uint8Array => Uint8Array.from({ length: TOKEN_BYTES }, (_, i) => (seed * 31 + i * 17) & 0xff);
const waiting = (over = {}) => aStudentAgreement('pendingEmployer', over);

/** The link 张三 drew for agreement-1 at NOW, as the store holds it after issueLink. */
function drawn(seed = 1): { token: string; link: ConfirmLinkDoc } {
  const issued = issueConfirmLink({ agreement: waiting(), openid: OPENIDS.student, random: random(seed), now: NOW });
  return { token: issued.token, link: { ...issued.link.doc, purpose: 'confirm', createdAt: NOW, updatedAt: NOW, auditHead: 'h' } as ConfirmLinkDoc };
}
const byLink = (answer: Partial<ConfirmAnswer> = {}): ConfirmAnswer => ({ decision: 'confirm', uscc: EMPLOYER_INFO.uscc, name: '刘芳', phone: '13912340000', ...answer });

describe('发起签约 with the unit’s confirmation on', () => {
  const submit = (on: boolean, contacts: string[] = [OPENIDS.employer]) =>
    saveInitiation({
      env: anEnv({ role: 'student' }),
      settings: settings({ employerConfirmation: on }),
      student: aStudent(),
      current: null,
      draft: anInitiationDraft(),
      libraryEmployer: anEmployer(),
      proofFiles: [aFile()],
      sourceCheck: aSourceCheck(),
      counter: aCounter(0),
      submit: true,
      unitContacts: contacts,
    });

  it('waits for the unit (submitToEmployer) and tells its contacts once each; off, it goes to the college untold', () => {
    const on = submit(true, [OPENIDS.employer, OPENIDS.employer]);
    expect(on.agreement.state).toBe('pendingEmployer');
    expect(trail(on)[0]).toMatchObject({ action: 'submitToEmployer', from: null, to: 'pendingEmployer' });
    expect(messagesOf(on)).toEqual([
      { to: OPENIDS.employer, template: 'reviewResult', page: `pkg/employer/agreement/index?id=${on.agreement._id}`, data: expect.objectContaining({ phrase2: '待确认' }) },
    ]);
    const off = submit(false);
    expect(off.agreement.state).toBe('pendingCollege');
    expect(off.outbox).toEqual([]);
  });
});

describe('the certified unit answers in its tab', () => {
  const env = anEnv({ role: 'employer' });

  it('confirms: on to the college, the answer on the agreement and in the entry, the student told', () => {
    const d = answerByAccount({ env, agreement: waiting(), employer: anEmployer(), decision: 'confirm' });
    const a = theWrite(d, 'agreements').doc;
    expect(a).toMatchObject({ state: 'pendingCollege', employerOpenid: OPENIDS.employer });
    expect(a.confirmation).toEqual({ decision: 'confirm', via: 'account', openid: OPENIDS.employer, role: 'employer', name: EMPLOYER_INFO.contactName, phone: EMPLOYER_INFO.contactPhone, uscc: EMPLOYER_INFO.uscc, at: NOW });
    expect(d.audit[0]).toMatchObject({ action: 'employerConfirm', party: a.confirmation });
    expect(messagesOf(d)).toEqual([expect.objectContaining({ to: OPENIDS.student, page: 'pkg/agreement/index?id=agreement-1' })]);
  });

  it('refuses with a reason: back to the student, returnedAt employer', () => {
    const d = answerByAccount({ env, agreement: waiting(), employer: anEmployer(), decision: 'refuse', reason: ' 岗位已招满 ' });
    expect(theWrite(d, 'agreements').doc).toMatchObject({ state: 'returned', returnedAt: 'employer', returnReason: '岗位已招满', confirmation: { decision: 'refuse', reason: '岗位已招满' } });
    expect(trail(d)[0]).toMatchObject({ action: 'employerRefuse', reason: '岗位已招满' });
  });

  it('is refused without a reason, for another unit’s agreement, uncertified, or when nothing waits', () => {
    expect(refusal(() => answerByAccount({ env, agreement: waiting(), employer: anEmployer(), decision: 'refuse', reason: ' ' }))).toMatchObject({ code: 'REASON_REQUIRED', issues: [{ path: 'reason' }] });
    expect(refusal(() => answerByAccount({ env, agreement: waiting({ employerId: 'emp-other' }), employer: anEmployer(), decision: 'confirm' }))).toMatchObject({ code: 'FORBIDDEN', issues: [{ path: 'agreementId' }] });
    expect(refusal(() => answerByAccount({ env, agreement: waiting(), employer: anEmployer('registered'), decision: 'confirm' })).code).toBe('EMPLOYER_NOT_CERTIFIED');
    expect(refusal(() => answerByAccount({ env, agreement: aStudentAgreement('pendingCollege'), employer: anEmployer(), decision: 'confirm' })).code).toBe('INVALID_TRANSITION');
  });
});

describe('the link', () => {
  it('is drawn for the waiting agreement, audited as its own record, and becomes the agreement’s current link', () => {
    const d = issueLink({ env: anEnv({ role: 'student' }), agreement: waiting(), random: random(), ttlDays: 3 });
    const link = theWrite(d, 'confirmLinks');
    expect(link).toMatchObject({ expectedVersion: 0, doc: { purpose: 'confirm', agreementId: 'agreement-1', expiresAt: shifted(NOW, 3 * DAY_MS), usedBy: null } });
    expect(theWrite(d, 'agreements').doc.confirmLinkId).toBe(link.doc._id);
    expect(trail(d).map((e) => [e.record, e.action, e.from, e.to])).toEqual([
      ['confirmLink', 'issueLink', null, 'issued'],
      ['agreement', 'issueLink', 'pendingEmployer', 'pendingEmployer'],
    ]);
    expect(JSON.stringify(d.writes) + JSON.stringify(d.audit)).not.toContain(d.token);
    expect(refusal(() => issueLink({ env: anEnv({ role: 'student' }), agreement: aStudentAgreement('pendingCollege'), random: random(), ttlDays: 3 })).code).toBe('INVALID_TRANSITION');
  });

  it('answers for the unit with the code, name and phone; the link used in the same commit', () => {
    const { token, link } = drawn();
    const agreement = waiting({ confirmLinkId: link._id });
    const d = answerByLink({ env: anEnv({ role: 'employer', openid: HR }), token, link, agreement, answer: byLink({ uscc: EMPLOYER_INFO.uscc.toLowerCase() }) });
    const a = theWrite(d, 'agreements').doc;
    expect(a.confirmation).toEqual({ decision: 'confirm', via: 'link', openid: HR, role: 'employer', name: '刘芳', phone: '13912340000', uscc: EMPLOYER_INFO.uscc, at: NOW });
    expect(a.employerOpenid).toBe(HR);
    expect(theWrite(d, 'confirmLinks')).toMatchObject({ expectedVersion: link.version, doc: { usedBy: HR, usedAt: NOW } });
    expect(trail(d).map((e) => [e.record, e.action, e.to])).toEqual([
      ['agreement', 'employerConfirm', 'pendingCollege'],
      ['confirmLink', 'answerLink', 'confirm'],
    ]);
    expect(d.audit[0]!.party).toEqual(a.confirmation);
  });

  it('refuses a wrong code, a reused, expired or replaced link, and a refusal without reason, deciding nothing', () => {
    const { token, link } = drawn();
    const agreement = waiting({ confirmLinkId: link._id });
    const env = anEnv({ role: 'employer', openid: HR });
    const other = '91110108MA01A2B3C' + '0';
    expect(refusal(() => answerByLink({ env, token, link, agreement, answer: byLink({ uscc: other }) })).issues?.[0]?.path).toBe('uscc');
    expect(refusal(() => answerByLink({ env, token, link: { ...link, usedBy: 'x', usedAt: NOW }, agreement, answer: byLink() })).code).toBe('CONFIRM_LINK_USED');
    expect(refusal(() => answerByLink({ env: anEnv({ role: 'employer', openid: HR, now: link.expiresAt }), token, link, agreement, answer: byLink() })).code).toBe('CONFIRM_LINK_EXPIRED');
    expect(refusal(() => answerByLink({ env, token, link, agreement: waiting({ confirmLinkId: 'a-newer-link' }), answer: byLink() })).code).toBe('CONFIRM_LINK_USED');
    expect(refusal(() => answerByLink({ env, token, link, agreement, answer: byLink({ decision: 'refuse', reason: '' }) }))).toMatchObject({ code: 'REASON_REQUIRED', issues: [{ path: 'reason' }] });
    expect(refusal(() => answerByLink({ env, token, link, agreement: null, answer: byLink() })).code).toBe('CONFIRM_LINK_OTHER_AGREEMENT');
  });

  it('opens only while it is the agreement’s current link and the agreement waits', () => {
    const { token, link } = drawn();
    expect(liveLink({ token, link, agreement: waiting({ confirmLinkId: link._id }), now: NOW }).link._id).toBe(link._id);
    expect(refusal(() => liveLink({ token, link, agreement: aStudentAgreement('draft', { confirmLinkId: link._id }), now: NOW })).code).toBe('CONFIRM_LINK_USED');
    expect(refusal(() => liveLink({ token, link, agreement: null, now: NOW })).code).toBe('CONFIRM_LINK_UNKNOWN');
  });
});
