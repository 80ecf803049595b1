/**
 * 审核: the reviewers' decisions on checks, agreements, terminations and employers, as pure functions of what was
 * loaded. Each returns the writes, audit entries and messages of one commit; the use case only loads and commits.
 */
import type { Decision, ReviewTarget } from '../../typings';
import { refuse } from './errors';
import { step, type ActionOf } from './machine';
import { setLock } from './lock';
import type { Decided, Env } from './decision';
import { bumpTerminationCounter } from './termination';
import type { AgreementDoc, CheckDoc, DestinationDoc, CounterDoc, EmployerDoc, OutboxDoc, StudentDoc, TerminationDoc, UserDoc } from './types';
import { formatTime, tell } from './messages';

export type Reviewer = Pick<UserDoc, 'role' | 'collegeId'>;

const isSchool = (r: Reviewer): boolean => r.role === 'schoolReviewer';
const ofCollege = (r: Reviewer, collegeId: string): boolean => r.role === 'collegeReviewer' && r.collegeId === collegeId;

/**
 * Who may decide on what. Agreements go through college review first: at that stage only the student's own
 * college decides (the school waits its turn), at the school stage only the school.
 */
export const reviewScope = {
  check: (r: Reviewer, c: CheckDoc): boolean => isSchool(r) || ofCollege(r, c.collegeId),
  agreement: (r: Reviewer, a: AgreementDoc): boolean => {
    if (a.state === 'pendingCollege') return ofCollege(r, a.collegeId);
    // 回传鉴证 is the school's, as its approval before it was
    if (a.state === 'pendingSchool' || a.state === 'pendingSeal' || a.state === 'pendingSealReview') return isSchool(r);
    return isSchool(r) || ofCollege(r, a.collegeId);
  },
  termination: (r: Reviewer): boolean => isSchool(r),
  employer: (r: Reviewer): boolean => isSchool(r),
  destination: (r: Reviewer, d: DestinationDoc): boolean => isSchool(r) || ofCollege(r, d.collegeId),
} satisfies Record<ReviewTarget, (r: Reviewer, doc: never) => boolean>;

export interface ReviewInput {
  env: Env;
  decision: Decision;
  /** required when returning; the function refuses a batch without one before any write */
  reason?: string;
}

export type Reviewed<D> = Decided & { doc: D };

const CHECK_SUBJECT = { source: '生源核查', employment: '就业信息核验' } as const;
/** what the student may do next once a check passes */
const CHECK_NEXT = { source: '可以进行在线签约', employment: '就业信息核验完成' } as const;

/** 审核结果, stamped with the time of the decision. */
const told = (env: Env, to: string | null | undefined, page: string, values: string[]): OutboxDoc[] =>
  tell(env, 'reviewResult', to, page, [...values, formatTime(env.now)]);

const why = (reason: string | undefined): string => reason?.trim() ?? '';

export function reviewCheck(input: ReviewInput & { check: CheckDoc; studentOpenid: string | null }): Reviewed<CheckDoc> {
  const { env, check, decision } = input;
  const approve = decision === 'approve';
  const next = step<'check', CheckDoc>({
    kind: 'check',
    current: check,
    id: check._id,
    action: approve ? 'approve' : 'return',
    actor: env.actor,
    now: env.now,
    ...(approve ? {} : { reason: input.reason }),
    patch: { reason: approve ? undefined : why(input.reason) },
  });
  return {
    doc: next.doc,
    writes: [{ collection: 'checks', doc: next.doc, expectedVersion: check.version }],
    audit: [next.audit],
    outbox: told(env, input.studentOpenid, `pkg/check/index?kind=${check.kind}`, [
      CHECK_SUBJECT[check.kind],
      approve ? '通过' : '退回',
      approve ? CHECK_NEXT[check.kind] : why(input.reason),
    ]),
  };
}

/**
 * The table action an agreement decision means at the agreement's current stage. With the school's `employerSeal`
 * on, its approval sends the agreement to be stamped (回传) instead of signing it; 鉴证 of the stamped pages then signs it.
 */
export function agreementAction(state: AgreementDoc['state'], decision: Decision, employerSeal = false): ActionOf<'agreement'> {
  if (state === 'pendingCollege') return decision === 'approve' ? 'collegeApprove' : 'collegeReturn';
  if (state === 'pendingSchool') return decision === 'approve' ? (employerSeal ? 'schoolApproveToSeal' : 'schoolApprove') : 'schoolReturn';
  if (state === 'pendingSealReview') return decision === 'approve' ? 'sealApprove' : 'sealReturn';
  return refuse('INVALID_TRANSITION');
}

const SUBJECT = { college: '三方协议院系审核', school: '三方协议学校审核', seal: '三方协议回传鉴证' } as const;
const SEAL_PAGE = (id: string): string => `pkg/seal/index?agreementId=${id}`;

export function reviewAgreement(input: ReviewInput & { agreement: AgreementDoc; employerSeal?: boolean }): Reviewed<AgreementDoc> {
  const { env, agreement: a, decision } = input;
  const action = agreementAction(a.state, decision, input.employerSeal);
  const stage = action.startsWith('college') ? 'college' : action.startsWith('seal') ? 'seal' : 'school';
  const approve = decision === 'approve';
  // A returned agreement keeps the student's lock: the same agreement is revised and resubmitted. The school's
  // approval dates the agreement (签约日期) whether it signs it or sends it to be stamped: the copy the unit stamps
  // carries that date and its verification code, which 鉴证 must not change.
  const patch: Partial<AgreementDoc> =
    stage === 'seal'
      ? { seal: { ...a.seal!, ...(approve ? { verifiedBy: env.actor.openid, verifiedAt: env.now } : { returnReason: why(input.reason) }) } }
      : approve
        ? stage === 'school'
          ? { signedAt: env.now }
          : {}
        : { returnReason: why(input.reason), returnedAt: stage };
  const next = step<'agreement', AgreementDoc>({
    kind: 'agreement',
    current: a,
    id: a._id,
    action,
    actor: env.actor,
    now: env.now,
    ...(approve ? {} : { reason: input.reason }),
    patch,
  });
  const signed = next.doc.state === 'signed';
  const toSeal = next.doc.state === 'pendingSeal';
  const result = approve ? (signed ? '签约成功' : '通过') : '退回';
  const note = signed
    ? '可在小程序查看并打印协议'
    : approve
      ? toSeal
        ? '请打印协议书交单位盖章后回传'
        : '等待学校审核'
      : why(input.reason);
  // the seal step's messages open the 回传 page, where the stamped pages are uploaded again
  const page = toSeal ? SEAL_PAGE(a._id) : `pkg/agreement/index?id=${a._id}`;
  const toEmployer = signed || toSeal || !approve;
  return {
    doc: next.doc,
    writes: [{ collection: 'agreements', doc: next.doc, expectedVersion: a.version }],
    audit: [next.audit],
    outbox: [
      ...told(env, a.studentOpenid, page, [SUBJECT[stage], result, note]),
      ...(toEmployer
        ? told(env, a.employerOpenid, toSeal ? page : 'pkg/employer/offers/index', [`${a.studentName}的三方协议`, result, note])
        : []),
    ],
  };
}

/**
 * 解约审核. Approval is one commit of three records: the termination approved, the agreement terminated, and the
 * student's lock released so that they may sign again; with the agreement's termination counter, so that a request
 * planned on the agreement as it was before conflicts.
 */
export function reviewTermination(
  input: ReviewInput & {
    termination: TerminationDoc;
    agreement: AgreementDoc;
    student: StudentDoc;
    /** the agreement's termination counter (terminationCounterId), bumped by an approval */
    counter: CounterDoc | null;
  },
): Reviewed<TerminationDoc> {
  const { env, termination: t, agreement: a, student, decision } = input;
  const page = `pkg/termination/index?agreementId=${a._id}`;
  if (decision === 'return') {
    const rejected = step<'termination', TerminationDoc>({
      kind: 'termination', current: t, id: t._id, action: 'reject', actor: env.actor, now: env.now,
      reason: input.reason, patch: { reason: why(input.reason) },
    });
    return {
      doc: rejected.doc,
      writes: [{ collection: 'terminations', doc: rejected.doc, expectedVersion: t.version }],
      audit: [rejected.audit],
      outbox: [
        ...told(env, t.studentOpenid, page, ['解约申请', '退回', why(input.reason)]),
        // a request the unit took part in (it asked, or was asked to consent): the unit hears the decision too
        ...(t.initiator ? told(env, t.employerOpenid ?? a.employerOpenid, page, [`${a.studentName}的解约申请`, '学校退回', why(input.reason)]) : []),
      ],
    };
  }
  const approved = step<'termination', TerminationDoc>({
    kind: 'termination', current: t, id: t._id, action: 'approve', actor: env.actor, now: env.now, patch: {},
  });
  const terminated = step<'agreement', AgreementDoc>({
    kind: 'agreement', current: a, id: a._id, action: 'terminate', actor: env.actor, now: env.now, patch: {},
  });
  // Only this agreement's lock is released; a lock held by another agreement would be someone else's invariant.
  const release = student.activeAgreementId === a._id ? [setLock(env, student, null)] : [];
  return {
    doc: approved.doc,
    writes: [
      { collection: 'terminations', doc: approved.doc, expectedVersion: t.version },
      { collection: 'agreements', doc: terminated.doc, expectedVersion: a.version },
      ...release.map((r) => r.write),
      bumpTerminationCounter(a._id, input.counter),
    ],
    audit: [approved.audit, terminated.audit, ...release.map((r) => r.audit)],
    outbox: [
      ...told(env, t.studentOpenid, page, ['解约申请', '解约成功', '可以重新签约']),
      ...(t.initiator
        ? told(env, t.employerOpenid ?? a.employerOpenid, page, [`${a.studentName}的解约申请`, '解约成功', '学校已同意解约'])
        : told(env, a.employerOpenid, 'pkg/employer/offers/index', [`${a.studentName}的解约申请`, '解约成功', '学校已同意解约'])),
    ],
  };
}

export function reviewEmployer(input: ReviewInput & { employer: EmployerDoc }): Reviewed<EmployerDoc> {
  const { env, employer: e, decision } = input;
  const approve = decision === 'approve';
  const next = step<'employer', EmployerDoc>({
    kind: 'employer',
    current: e,
    id: e._id,
    action: approve ? 'certify' : 'reject',
    actor: env.actor,
    now: env.now,
    ...(approve ? {} : { reason: input.reason }),
    patch: approve ? {} : { reason: why(input.reason) },
  });
  return {
    doc: next.doc,
    writes: [{ collection: 'employers', doc: next.doc, expectedVersion: e.version }],
    audit: [next.audit],
    outbox: told(env, e.registrantOpenid, 'pkg/employer/home/index', [
      '单位认证',
      approve ? '通过' : '退回',
      approve ? '可以向学生发起邀约' : why(input.reason),
    ]),
  };
}
