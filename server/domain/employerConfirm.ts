/**
 * 单位确认 (`pendingEmployer`): the unit's answer to a student-initiated agreement, given by a certified unit in its
 * own tab or by whoever holds the confirmation link the student shared (confirmLink.ts). Pure decisions over what
 * the use case loaded; each returns one commit's writes, audit entries and messages.
 *
 * A confirmation sends the agreement on to college review; a refusal returns it to the student (`returnedAt:
 * 'employer'`, the unit's reason), who keeps the one-agreement lock while revising, as after a reviewer's return.
 * Either way the answer (who, how, when) is kept on the agreement (`confirmation`) and sealed into its audit entry.
 */
import type { Decided, Env, Write } from './decision';
import { refuse } from './errors';
import { formatTime, tell } from './messages';
import { issueConfirmLink, LINK_STATES, openConfirmLink, redeemConfirmLink, type ConfirmAnswer } from './confirmLink';
import { step, touch } from './machine';
import type { AgreementDoc, ConfirmLinkDoc, EmployerDoc, OutboxDoc, PartyConfirmation } from './types';

/** The student's agreement page, and the unit's own. */
export const studentAgreementPage = (id: string): string => `pkg/agreement/index?id=${id}`;
export const employerAgreementPage = (id: string): string => `pkg/employer/agreement/index?id=${id}`;

/** The unit is told a confirmation waits (审核结果 template, as the school's reviews are told). */
export function unitToldWaiting(env: Env, contacts: readonly string[], agreement: Pick<AgreementDoc, '_id' | 'studentName'>): OutboxDoc[] {
  return [...new Set(contacts)].flatMap((to) =>
    tell(env, 'reviewResult', to, employerAgreementPage(agreement._id), [`${agreement.studentName}的三方协议`, '待确认', '请确认或拒绝学生发起的三方协议', formatTime(env.now)]),
  );
}

/** The student is told the unit's answer. */
function studentTold(env: Env, agreement: AgreementDoc, answer: PartyConfirmation): OutboxDoc[] {
  const confirmed = answer.decision === 'confirm';
  return tell(env, 'reviewResult', agreement.studentOpenid, studentAgreementPage(agreement._id), [
    '三方协议单位确认',
    confirmed ? '已确认' : '已拒绝',
    confirmed ? '单位已确认，等待院系审核' : (answer.reason ?? ''),
    formatTime(env.now),
  ]);
}

/** The agreement answered: confirmed (→ pendingCollege) or refused (→ returned with the unit's reason). */
function answered(env: Env, agreement: AgreementDoc, answer: PartyConfirmation, unitContact: string | null): Decided & { agreement: AgreementDoc } {
  const confirmed = answer.decision === 'confirm';
  const stepped = step<'agreement', AgreementDoc>({
    kind: 'agreement',
    current: agreement,
    id: agreement._id,
    action: confirmed ? 'employerConfirm' : 'employerRefuse',
    actor: env.actor,
    now: env.now,
    ...(confirmed ? {} : { reason: answer.reason }),
    party: answer,
    patch: {
      confirmation: answer,
      // the unit's contact from now on: told of the school's decisions as an offer's sender is
      ...(unitContact ? { employerOpenid: unitContact } : {}),
      ...(confirmed ? {} : { returnReason: answer.reason?.trim() ?? '', returnedAt: 'employer' as const }),
    },
  });
  return {
    agreement: stepped.doc,
    writes: [{ collection: 'agreements', doc: stepped.doc, expectedVersion: agreement.version }],
    audit: [stepped.audit],
    outbox: studentTold(env, agreement, answer),
  };
}

/**
 * 确认 / 拒绝 by a certified unit in its tab: only the agreement's own unit, and only while it waits. Another unit is
 * refused naming the agreement, and nothing changes.
 */
export function answerByAccount(input: {
  env: Env;
  agreement: AgreementDoc;
  /** the caller's unit */
  employer: EmployerDoc | null;
  decision: 'confirm' | 'refuse';
  reason?: string;
}): Decided & { agreement: AgreementDoc } {
  const { env, agreement, employer } = input;
  if (!employer || employer.state !== 'certified') return refuse('EMPLOYER_NOT_CERTIFIED', '单位通过学校认证后才能确认协议');
  if (agreement.employerId !== employer._id) {
    return refuse('FORBIDDEN', '该协议的用人单位不是您的单位，不能确认或拒绝', [{ path: 'agreementId', message: '协议的用人单位不是您的单位' }]);
  }
  const reason = input.reason?.trim() ?? '';
  if (input.decision === 'refuse' && !reason) refuse('REASON_REQUIRED', '拒绝时请填写原因', [{ path: 'reason', message: '请填写拒绝原因' }]);
  const answer: PartyConfirmation = {
    decision: input.decision,
    via: 'account',
    openid: env.actor.openid,
    role: 'employer',
    name: employer.contactName,
    phone: employer.contactPhone,
    uscc: employer.uscc,
    at: env.now,
    ...(input.decision === 'refuse' ? { reason } : {}),
  };
  return answered(env, agreement, answer, env.actor.openid);
}

/**
 * 邀请单位确认: the student draws a new link for their agreement while it waits for the unit. The agreement keeps the
 * link's id, so the one drawn before is dead from now on (an answer through it is refused as used).
 */
export function issueLink(input: {
  env: Env;
  agreement: AgreementDoc;
  random: Uint8Array;
  ttlDays: number;
}): Decided & { agreement: AgreementDoc; token: string; path: string; scene: string; expiresAt: string } {
  const { env, agreement } = input;
  const issued = issueConfirmLink({ agreement, openid: env.actor.openid, random: input.random, now: env.now, ttlMs: input.ttlDays * 86_400_000 });
  if (agreement.state !== 'pendingEmployer') refuse('INVALID_TRANSITION', '协议等待单位确认时才能邀请单位确认');
  const linkDoc = issued.link.doc;
  const link = touch<ConfirmLinkDoc>({
    record: 'confirmLink',
    current: null,
    id: linkDoc._id,
    action: 'issueLink',
    actor: env.actor,
    now: env.now,
    from: null,
    to: LINK_STATES.issued,
    patch: { ...linkDoc, purpose: 'confirm' },
  });
  // the agreement keeps the link as its current one: an edit of its own row, while it waits for the unit
  const kept = step<'agreement', AgreementDoc>({
    kind: 'agreement',
    current: agreement,
    id: agreement._id,
    action: 'issueLink',
    actor: env.actor,
    now: env.now,
    patch: { confirmLinkId: linkDoc._id },
  });
  const writes: Write[] = [
    { collection: 'confirmLinks', doc: link.doc, expectedVersion: 0 },
    { collection: 'agreements', doc: kept.doc, expectedVersion: agreement.version },
  ];
  return {
    agreement: kept.doc,
    token: issued.token,
    path: issued.path,
    scene: issued.scene,
    expiresAt: linkDoc.expiresAt,
    writes,
    audit: [link.audit, kept.audit],
    outbox: [],
  };
}

/**
 * The link the page opens, alive and still the agreement's current one, with its agreement waiting for the unit;
 * else the refusal the page shows (unknown, used, expired). A link the student replaced, or one whose agreement no
 * longer waits (withdrawn, answered), is as good as used.
 */
export function liveLink(input: { token: string; link: ConfirmLinkDoc | null; agreement: AgreementDoc | null; now: string }): { link: ConfirmLinkDoc; agreement: AgreementDoc } {
  const link = openConfirmLink({ token: input.token, link: input.link, now: input.now });
  const { agreement } = input;
  if (!agreement || agreement._id !== link.agreementId) return refuse('CONFIRM_LINK_UNKNOWN');
  if (agreement.confirmLinkId !== link._id || agreement.state !== 'pendingEmployer') return refuse('CONFIRM_LINK_USED');
  return { link: link as ConfirmLinkDoc, agreement };
}

/**
 * 确认 / 拒绝 through the link: the person answering proves they know the unit's 统一社会信用代码 and names
 * themselves (姓名, 联系电话). The link is used up with the answer, in the same commit; a refused answer (a wrong
 * code, a field at fault, a refusal without a reason) changes nothing and leaves the link alive.
 */
export function answerByLink(input: {
  env: Env;
  token: string;
  link: ConfirmLinkDoc | null;
  /** the agreement the answer names */
  agreement: AgreementDoc | null;
  answer: ConfirmAnswer;
}): Decided & { agreement: AgreementDoc } {
  const { env, token } = input;
  if (!input.agreement) return refuse('CONFIRM_LINK_OTHER_AGREEMENT');
  const redeemed = redeemConfirmLink({ token, link: input.link, agreement: input.agreement, answer: input.answer, openid: env.actor.openid, now: env.now });
  // alive by the link alone: now also the agreement's current link, while the agreement waits
  const { link, agreement } = liveLink({ token, link: input.link, agreement: input.agreement, now: env.now });
  const c = redeemed.confirmation;
  const answer: PartyConfirmation = {
    decision: c.decision,
    via: 'link',
    openid: c.openid,
    role: 'employer',
    name: c.name,
    phone: c.phone,
    uscc: c.uscc,
    at: c.at,
    ...(c.reason ? { reason: c.reason } : {}),
  };
  // the person who answered is the unit's contact from now on, told of the school's decisions (if they allowed it)
  const decided = answered(env, agreement, answer, c.openid);
  const used = touch<ConfirmLinkDoc>({
    record: 'confirmLink',
    current: link,
    id: link._id,
    action: 'answerLink',
    actor: env.actor,
    now: env.now,
    from: LINK_STATES.issued,
    to: LINK_STATES[c.decision],
    patch: { usedBy: c.openid, usedAt: env.now },
  });
  return {
    ...decided,
    writes: [...decided.writes, { collection: 'confirmLinks', doc: used.doc, expectedVersion: link.version }],
    audit: [...decided.audit, used.audit],
  };
}
