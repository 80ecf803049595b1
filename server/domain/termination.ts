/**
 * 申请解约: the student (or, since the unit became a party, the unit) asks to end a signed agreement, with evidence;
 * with `mutualConsentTermination` the other party consents or refuses first; the school decides (review).
 * At most one request waits per agreement. Two requests sent at once would both see none waiting, so each request
 * bumps a per-agreement counter with its version: the second commit conflicts, re-plans and is refused. An approval
 * bumps it too, so a request that read the agreement as still signed cannot be kept once it is terminated.
 */
import type { Attachment, FieldIssue } from '../../typings';
import { BREACH_LABELS, terminationReason, type BreachBy } from '../../typings/codes/termination';
import { refuse } from './errors';
import { step } from './machine';
import { formatTime, tell } from './messages';
import { studentKeys } from './parties';
import type { Decided, Env } from './decision';
import type { AgreementDoc, CounterDoc, OutboxDoc, PartyConfirmation, SettingsDoc, StudentDoc, TerminationDoc } from './types';
import type { Write } from './decision';

export const terminationCounterId = (agreementId: string): string => `termination:${agreementId}`;

/**
 * The counter's next version, written by every request and by every approval: a request that read the agreement
 * as signed and none waiting conflicts if either happened since it read the counter.
 */
export function bumpTerminationCounter(agreementId: string, counter: CounterDoc | null): Write {
  return {
    collection: 'counters',
    doc: { _id: terminationCounterId(agreementId), version: (counter?.version ?? 0) + 1, value: (counter?.value ?? 0) + 1 },
    expectedVersion: counter?.version ?? 0,
  };
}

export const terminationGuards = {
  open: (settings: SettingsDoc): boolean => settings.allowStudentTermination,
  signed: (agreement: AgreementDoc): boolean => agreement.state === 'signed',
  noneWaiting: (requests: readonly TerminationDoc[]): boolean => !requests.some((t) => WAITING.has(t.state)),
  /** settings.terminationLimit: approved terminations the student may have (0: no limit) */
  underLimit: (settings: SettingsDoc, approved: number): boolean => !(settings.terminationLimit > 0 && approved >= settings.terminationLimit),
};

/** A request not yet decided: waiting for the other party, or for the school. */
const WAITING = new Set<string>(['pendingConsent', 'submitted']);
export const isWaiting = (t: Pick<TerminationDoc, 'state'>): boolean => WAITING.has(t.state);

export type Party = 'student' | 'employer';

/** Requests written before the unit could ask are the student's. */
export const initiatorOf = (t: Pick<TerminationDoc, 'initiator'>): Party => t.initiator ?? 'student';
/** Whose consent a request waits for: the party that did not ask. */
export const counterpartyOf = (t: Pick<TerminationDoc, 'initiator'>): Party => (initiatorOf(t) === 'student' ? 'employer' : 'student');

/** The termination page, for the student and for the unit alike. */
export const terminationPage = (agreementId: string): string => `pkg/termination/index?agreementId=${agreementId}`;

/** Why the limit blocks, said on the form before the student types and in the refusal. */
export const limitReason = (settings: SettingsDoc, approved: number): string =>
  `学校规定每名学生最多解约 ${settings.terminationLimit} 次，您已解约 ${approved} 次，不能再在线申请解约。如有特殊情况，请联系学校就业指导中心。`;

/** The 违约金 the agreement's terms name (元), 0 when none. */
export const agreedPenalty = (agreement: Pick<AgreementDoc, 'content'>): number => agreement.content.structured?.penaltyYuan ?? 0;

/** The 违约金 receipt is due when the agreement names a 违约金 and the student is in breach. */
export const receiptDue = (agreement: Pick<AgreementDoc, 'content'>, breachBy: BreachBy | undefined): boolean =>
  breachBy === 'student' && agreedPenalty(agreement) > 0;

const partyName = (party: Party, agreement: Pick<AgreementDoc, 'studentName' | 'employerName'>): string =>
  party === 'student' ? agreement.studentName : agreement.employerName;

const told = (env: Env, to: string | null | undefined, agreementId: string, values: [string, string, string]): OutboxDoc[] =>
  tell(env, 'reviewResult', to, terminationPage(agreementId), [...values, formatTime(env.now)]);

export function submitTermination(input: {
  env: Env;
  settings: SettingsDoc;
  student: StudentDoc;
  agreement: AgreementDoc;
  /** the agreement's earlier requests */
  earlier: readonly TerminationDoc[];
  counter: CounterDoc | null;
  explanation: string;
  evidence: Attachment[];
  /** who asks; the student unless told */
  initiator?: Party;
  /** how many of the student's terminations the school approved (settings.terminationLimit) */
  approved?: number;
  reasonCode?: string;
  breachBy?: BreachBy;
  penaltyReceipt?: Attachment[];
  /** the unit's HR to tell: the one who asked, or the agreement's contact */
  unitOpenid?: string;
}): Decided & { termination: TerminationDoc } {
  const { env, student, agreement, counter, settings } = input;
  const initiator = input.initiator ?? 'student';
  if (env.actor.role !== initiator) refuse('FORBIDDEN');
  // the school's switch is about students asking; a unit asks as a party to the agreement
  if (initiator === 'student' && !terminationGuards.open(settings)) refuse('TERMINATION_CLOSED');
  if (!terminationGuards.signed(agreement)) refuse('INVALID_TRANSITION');
  if (!terminationGuards.noneWaiting(input.earlier)) {
    const forOther = input.earlier.some((t) => t.state === 'pendingConsent');
    refuse('INVALID_TRANSITION', forOther ? '已有等待对方同意的解约申请' : '已有待审核的解约申请');
  }
  const approved = input.approved ?? 0;
  if (!terminationGuards.underLimit(settings, approved)) refuse('TERMINATION_LIMIT', limitReason(settings, approved));

  // With consent on (or a unit asking) the request says why and who breaks the agreement: the other party and the
  // school decide on it. The manual's form (setting off) asked neither, and a student's request there still need not.
  const structured = settings.mutualConsentTermination || initiator === 'employer';
  const reason = terminationReason(input.reasonCode);
  const issues: FieldIssue[] = [];
  if (structured && !reason) issues.push({ path: 'reasonCode', message: '请选择解约原因' });
  const breachBy = input.breachBy ?? reason?.breachBy;
  const penaltyReceipt = input.penaltyReceipt ?? [];
  if (input.evidence.length === 0) issues.push({ path: 'evidenceFiles', message: '请上传解约证明材料' });
  const explanation = input.explanation.trim();
  if (!explanation) issues.push({ path: 'explanation', message: '请填写解约说明' });
  if (receiptDue(agreement, breachBy) && penaltyReceipt.length === 0) {
    issues.push({ path: 'penaltyReceiptFiles', message: `协议约定违约金 ${agreedPenalty(agreement)} 元，个人违约时请上传违约金支付凭证` });
  }
  if (issues.length) refuse('INVALID_INPUT', issues[0]!.message, issues);

  const action = settings.mutualConsentTermination ? 'propose' : 'submit';
  const attachments = [...input.evidence, ...penaltyReceipt];
  const created = step<'termination', TerminationDoc>({
    kind: 'termination',
    current: null,
    id: env.newId(),
    action,
    actor: env.actor,
    now: env.now,
    attachments,
    patch: {
      ...studentKeys(student),
      agreementId: agreement._id,
      explanation,
      evidence: input.evidence,
      studentOpenid: initiator === 'student' ? env.actor.openid : agreement.studentOpenid,
      ...(structured
        ? {
            initiator,
            ...(reason ? { reasonCode: reason.code } : {}),
            ...(breachBy ? { breachBy } : {}),
            ...(penaltyReceipt.length ? { penaltyReceipt } : {}),
            ...(agreement.employerId ? { employerId: agreement.employerId } : {}),
            ...(input.unitOpenid ? { employerOpenid: input.unitOpenid } : {}),
          }
        : {}),
    },
  });
  const t = created.doc;
  // who must hear of it now: the other party (asked to answer, or told the unit asked the school)
  const other = counterpartyOf(t);
  const otherOpenid = other === 'student' ? t.studentOpenid : input.unitOpenid;
  const byWhom = partyName(initiator, agreement);
  const outbox =
    action === 'propose'
      ? told(env, otherOpenid, agreement._id, ['解约申请', '待您同意', `${byWhom}申请解约，请同意或不同意`])
      : initiator === 'employer'
        ? told(env, t.studentOpenid, agreement._id, ['解约申请', '待学校审核', `${byWhom}申请解约`])
        : [];
  return {
    termination: t,
    writes: [{ collection: 'terminations', doc: t, expectedVersion: 0 }, bumpTerminationCounter(agreement._id, counter)],
    audit: [created.audit],
    outbox,
  };
}

/**
 * 同意 / 不同意: the other party's answer to a request that waits for it. The caller has checked who the person is
 * (the agreement's student, or the unit by account or by link); here only their side is checked against the request.
 * Consent sends the request to the school; a refusal ends it, and the student may then contact the school.
 */
export function answerTermination(input: {
  env: Env;
  termination: TerminationDoc;
  agreement: Pick<AgreementDoc, '_id' | 'studentName' | 'employerName' | 'employerOpenid'>;
  answer: PartyConfirmation;
}): Decided & { termination: TerminationDoc } {
  const { env, termination: t, agreement, answer } = input;
  if (answer.role !== counterpartyOf(t)) {
    refuse('FORBIDDEN', answer.role === initiatorOf(t) ? '解约申请须由对方同意，申请方不能自己同意或不同意' : '只有解约的另一方可以同意或不同意该申请');
  }
  const consent = answer.decision === 'confirm';
  const reason = answer.reason?.trim() ?? '';
  if (!consent && !reason) refuse('REASON_REQUIRED', '不同意时请填写原因', [{ path: 'reason', message: '请填写不同意的原因' }]);
  const next = step<'termination', TerminationDoc>({
    kind: 'termination',
    current: t,
    id: t._id,
    action: consent ? 'consent' : 'refuse',
    actor: env.actor,
    now: env.now,
    ...(consent ? {} : { reason }),
    patch: {
      consent: { ...answer, ...(consent ? {} : { reason }) },
      // the unit's HR who answered by account is the one to tell of the school's decision
      ...(answer.role === 'employer' && answer.via === 'account' && !t.employerOpenid ? { employerOpenid: answer.openid } : {}),
    },
  });
  const initiator = initiatorOf(t);
  const to = initiator === 'student' ? t.studentOpenid : t.employerOpenid ?? agreement.employerOpenid;
  const other = partyName(counterpartyOf(t), agreement);
  const outbox = consent
    ? told(env, to, agreement._id, ['解约申请', '对方已同意', `${other}同意解约，等待学校审核`])
    : told(env, to, agreement._id, ['解约申请', '对方不同意', reason]);
  return {
    termination: next.doc,
    writes: [{ collection: 'terminations', doc: next.doc, expectedVersion: t.version }],
    audit: [next.audit],
    outbox,
  };
}

/** What a request shows of who breaks the agreement. */
export const breachLabel = (breachBy: BreachBy | undefined): string => (breachBy ? BREACH_LABELS[breachBy] : '');

/**
 * 撤回 a request the school has not decided yet, by whoever asked. The other party hears of it once it was asked to
 * answer (or had answered); a request that went straight to the school concerned only its author and the school.
 */
export function withdrawTermination(input: {
  env: Env;
  termination: TerminationDoc;
  agreement?: Pick<AgreementDoc, '_id' | 'studentName' | 'employerName' | 'employerOpenid'>;
}): Decided & { termination: TerminationDoc } {
  const { env, termination, agreement } = input;
  if ((env.actor.role === 'student' || env.actor.role === 'employer') && env.actor.role !== initiatorOf(termination)) {
    refuse('FORBIDDEN', '只有申请方可以撤回解约申请');
  }
  const withdrawn = step<'termination', TerminationDoc>({
    kind: 'termination',
    current: termination,
    id: termination._id,
    action: 'withdraw',
    actor: env.actor,
    now: env.now,
    patch: {},
  });
  const involved = termination.state === 'pendingConsent' || termination.consent !== undefined;
  const other = counterpartyOf(termination);
  const to = other === 'student' ? termination.studentOpenid : termination.employerOpenid ?? agreement?.employerOpenid;
  return {
    termination: withdrawn.doc,
    writes: [{ collection: 'terminations', doc: withdrawn.doc, expectedVersion: termination.version }],
    audit: [withdrawn.audit],
    outbox: involved && agreement ? told(env, to, agreement._id, ['解约申请', '已撤回', `${partyName(initiatorOf(termination), agreement)}撤回了解约申请`]) : [],
  };
}
