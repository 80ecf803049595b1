/**
 * 应约 and 拒绝: the decisions about an offer, as pure functions of what was loaded. They return the writes,
 * audit entries and messages of one commit; the use case only loads and commits.
 */
import { refuse } from './errors';
import { step } from './machine';
import { nextAgreementNo } from './numbering';
import { studentParty } from './parties';
import { setLock } from './lock';
import { expiryGuards } from './expiry';
import type { Attachment } from '../../typings';
import type { AgreementDoc, CheckDoc, CounterDoc, OfferDoc, SettingsDoc, StudentDoc } from './types';
import type { Decided, Env } from './decision';
import { formatTime, tell } from './messages';
import { contactKeys } from './flags';

/** Named guards: the rules the manual states, each readable on its own. */
export const guards = {
  sourceCheckApproved: (check: CheckDoc | null): boolean => check?.state === 'approved',
  noActiveAgreement: (student: StudentDoc): boolean => !student.activeAgreementId,
};

export function acceptOffer(input: {
  env: Env;
  student: StudentDoc;
  offer: OfferDoc;
  sourceCheck: CheckDoc | null;
  otherOpenOffers: readonly OfferDoc[];
  counter: CounterDoc | null;
  settings: SettingsDoc;
  /** the drawn 签名, checked and hashed (app/signature.ts), when the school asks for one */
  signature?: Attachment;
}): Decided & { agreement: AgreementDoc } {
  const { env, student, offer, settings, signature } = input;
  if (expiryGuards.expired(offer, env.now)) refuse('OFFER_EXPIRED');
  if (!guards.sourceCheckApproved(input.sourceCheck)) refuse('SOURCE_CHECK_REQUIRED');
  if (!guards.noActiveAgreement(student)) refuse('ACTIVE_AGREEMENT_EXISTS');

  const agreementId = env.newId();
  const accepted = step({
    kind: 'offer',
    current: offer,
    id: offer._id,
    action: 'accept',
    actor: env.actor,
    now: env.now,
    patch: { agreementId },
  });
  const { agreementNo, counter } = nextAgreementNo({
    counter: input.counter,
    graduationYear: student.graduationYear,
    schoolCode: settings.schoolCode,
    educationLevel: student.educationLevel,
  });
  const created = step<'agreement', AgreementDoc>({
    kind: 'agreement',
    current: null,
    id: agreementId,
    action: 'createFromOffer',
    actor: env.actor,
    now: env.now,
    // the signature's hash in the entry of the act it signs
    ...(signature ? { attachments: [signature] } : {}),
    patch: {
      studentNo: student.studentNo,
      studentName: student.name,
      collegeId: student.collegeId,
      major: student.major,
      agreementNo,
      origin: 'offer',
      offerId: offer._id,
      employerId: offer.employerId,
      employerName: offer.employer.name,
      contactPhone: contactKeys(offer.employer).contactPhone,
      content: {
        ...offer.terms,
        student: studentParty(student, input.sourceCheck?.fields.phone ?? ''),
        employer: offer.employer,
      },
      proofFiles: [],
      studentOpenid: env.actor.openid,
      employerOpenid: offer.senderOpenid,
      submittedAt: env.now,
      ...(signature ? { studentSignature: signature } : {}),
    },
  });
  // One past its deadline is already expired (as the views show it): the timer records that, not a supersession.
  const superseded = input.otherOpenOffers
    .filter((o) => o._id !== offer._id && expiryGuards.live(o, env.now))
    .map((o) => ({ before: o, after: step({ kind: 'offer', current: o, id: o._id, action: 'supersede', actor: env.actor, now: env.now, patch: {} }) }));
  const lock = setLock(env, student, agreementId);

  const answered = (o: OfferDoc, result: string, why: string) =>
    tell(env, 'offerAnswered', o.senderOpenid, 'pkg/employer/offers/index', [student.name, result, why]);

  return {
    agreement: created.doc,
    writes: [
      { collection: 'offers', doc: accepted.doc, expectedVersion: offer.version },
      { collection: 'agreements', doc: created.doc, expectedVersion: 0 },
      { collection: 'counters', doc: counter, expectedVersion: input.counter?.version ?? 0 },
      lock.write,
      ...superseded.map((s) => ({ collection: 'offers' as const, doc: s.after.doc, expectedVersion: s.before.version })),
    ],
    audit: [accepted.audit, created.audit, lock.audit, ...superseded.map((s) => s.after.audit)],
    outbox: [
      ...answered(offer, '已应约', `协议待院系审核 ${formatTime(env.now)}`),
      ...superseded.flatMap((s) => answered(s.before, '已失效', '学生已应约其他单位')),
    ],
  };
}

export function declineOffer(input: { env: Env; student: StudentDoc; offer: OfferDoc; reason: string }): Decided {
  const { env, offer, student } = input;
  if (expiryGuards.expired(offer, env.now)) refuse('OFFER_EXPIRED');
  const declined = step({
    kind: 'offer',
    current: offer,
    id: offer._id,
    action: 'decline',
    actor: env.actor,
    now: env.now,
    reason: input.reason,
    patch: { declineReason: input.reason.trim() },
  });
  return {
    writes: [{ collection: 'offers', doc: declined.doc, expectedVersion: offer.version }],
    audit: [declined.audit],
    outbox: tell(env, 'offerAnswered', offer.senderOpenid, 'pkg/employer/offers/index', [student.name, '已拒绝', input.reason]),
  };
}
