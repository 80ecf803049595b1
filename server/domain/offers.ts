/**
 * 邀约 from the employer's side: sending, editing and withdrawing an offer, and revising an offer-born agreement that
 * a reviewer returned. Pure decisions over what the use case loaded.
 */
import type { OfferTerms } from '../../typings';
import { refuse } from './errors';
import { expiryGuards } from './expiry';
import { step } from './machine';
import { employerParty, studentKeys } from './parties';
import type { Decided, Env } from './decision';
import type { AgreementDoc, CounterDoc, EmployerDoc, OfferDoc, SettingsDoc, StudentDoc } from './types';
import { formatTime, tell } from './messages';
import { checkTerms, storedTerms } from './terms';

const DAY_MS = 86_400_000;

export const expiryFrom = (now: string, days: number): string => new Date(new Date(now).getTime() + days * DAY_MS).toISOString();

/** 学号 found and 姓名 matching; surrounding spaces are typing noise, anything else is a different person. */
export const rosterMatches = (student: StudentDoc | null, name: string): student is StudentDoc =>
  !!student && student.name.trim() === name.trim();

/**
 * Bumped by every offer sent to a student, by any unit, in the same commit: two sent at the same moment both see no
 * live offer, and only this shared write makes the second conflict, re-plan and be refused. One claim per student,
 * not per unit and student: keyed by the 学号 alone, it is read beside the caller's binding, before the open offers
 * (an offer committed after that read bumps it); offers of two units to one student at the same moment meet on it and
 * the second plans again, which a handful of offers per student makes rare.
 */
export const offerClaimId = (studentNo: string): string => `offersTo:${studentNo}`;

/** An offer past its expiry is dead even while the timer has not yet marked it expired. */

export function createOffer(input: {
  env: Env;
  employer: EmployerDoc;
  student: StudentDoc | null;
  studentName: string;
  /** the student's open offers, from every employer */
  openOffers: readonly OfferDoc[];
  /** the student's offer counter (offerClaimId), read before `openOffers` */
  claim: CounterDoc | null;
  terms: OfferTerms;
  validDays?: number;
  settings: SettingsDoc;
}): Decided & { offer: OfferDoc } {
  const { env, employer, student } = input;
  // the terms first: they are the same for every student of a createMany, and a fault in them is nobody's row
  checkTerms(input.terms, input.settings, 'terms');
  if (!rosterMatches(student, input.studentName)) return refuse('ROSTER_MISMATCH', '学号与姓名不匹配');
  if (input.openOffers.some((o) => o.employerId === employer._id && o.studentNo === student.studentNo && expiryGuards.live(o, env.now))) {
    refuse('INVALID_TRANSITION', '已向该学生发出邀约，请勿重复发送');
  }
  const expiresAt = expiryFrom(env.now, input.validDays ?? input.settings.offerTtlDays);
  const created = step<'offer', OfferDoc>({
    kind: 'offer',
    current: null,
    id: env.newId(),
    action: 'create',
    actor: env.actor,
    now: env.now,
    patch: {
      ...studentKeys(student),
      employerId: employer._id,
      employer: employerParty(employer),
      terms: storedTerms(input.terms),
      expiresAt,
      senderOpenid: env.actor.openid,
    },
  });
  const offer = created.doc;
  // An unbound student has nobody to send to; the offer waits in their list for when they bind.
  const outbox = tell(env, 'offerReceived', student.openid, `pkg/offer/index?id=${offer._id}`, [
    employer.name,
    input.terms.job.title,
    formatTime(expiresAt),
  ]);
  const { claim } = input;
  const claimed: CounterDoc = { _id: offerClaimId(student.studentNo), version: (claim?.version ?? 0) + 1, value: (claim?.value ?? 0) + 1 };
  return {
    offer,
    writes: [
      { collection: 'offers', doc: offer, expectedVersion: 0 },
      { collection: 'counters', doc: claimed, expectedVersion: claim?.version ?? 0 },
    ],
    audit: [created.audit],
    outbox,
  };
}

/**
 * The student is told of a change: the manual asks them to check every section before 应约, and what they checked
 * is no longer what the offer says.
 */
export function editOffer(input: {
  env: Env;
  offer: OfferDoc;
  terms: OfferTerms;
  validDays?: number;
  studentOpenid: string | null;
  settings: Pick<SettingsDoc, 'penaltyCapYuan'>;
}): Decided & { offer: OfferDoc } {
  const { env, offer } = input;
  if (expiryGuards.expired(offer, env.now)) refuse('OFFER_EXPIRED');
  checkTerms(input.terms, input.settings, 'terms');
  const edited = step<'offer', OfferDoc>({
    kind: 'offer',
    current: offer,
    id: offer._id,
    action: 'edit',
    actor: env.actor,
    now: env.now,
    patch: {
      terms: storedTerms(input.terms),
      ...(input.validDays !== undefined ? { expiresAt: expiryFrom(env.now, input.validDays), remindedAt: undefined } : {}),
    },
  });
  const outbox = tell(env, 'offerReceived', input.studentOpenid, `pkg/offer/index?id=${offer._id}`, [
    `${offer.employer.name}（已修改）`,
    input.terms.job.title,
    formatTime(edited.doc.expiresAt),
  ]);
  return { offer: edited.doc, writes: [{ collection: 'offers', doc: edited.doc, expectedVersion: offer.version }], audit: [edited.audit], outbox };
}

export function withdrawOffer(input: { env: Env; offer: OfferDoc; studentOpenid: string | null }): Decided & { offer: OfferDoc } {
  const { env, offer } = input;
  // already expired for the student too: a 已撤回 notice would spend a subscription on news they cannot act on
  if (expiryGuards.expired(offer, env.now)) refuse('OFFER_EXPIRED');
  const withdrawn = step<'offer', OfferDoc>({
    kind: 'offer', current: offer, id: offer._id, action: 'withdraw', actor: env.actor, now: env.now, patch: {},
  });
  const outbox = tell(env, 'reviewResult', input.studentOpenid, `pkg/offer/index?id=${offer._id}`, [
    `${offer.employer.name}的邀约`,
    '已撤回',
    `${offer.terms.job.title}岗位邀约已撤回`,
    formatTime(env.now),
  ]);
  return { offer: withdrawn.doc, writes: [{ collection: 'offers', doc: withdrawn.doc, expectedVersion: offer.version }], audit: [withdrawn.audit], outbox };
}

/**
 * The employer revises a returned offer-born agreement: new terms, the same two parties, back to college review.
 * A student-initiated agreement is the student's to revise.
 */
export function reviseAgreement(input: {
  env: Env;
  agreement: AgreementDoc;
  terms: OfferTerms;
  settings: Pick<SettingsDoc, 'penaltyCapYuan'>;
}): Decided & { agreement: AgreementDoc } {
  const { env, agreement: a } = input;
  if (a.origin !== 'offer') refuse('INVALID_TRANSITION');
  checkTerms(input.terms, input.settings, 'terms');
  const revised = step<'agreement', AgreementDoc>({
    kind: 'agreement',
    current: a,
    id: a._id,
    action: 'revise',
    actor: env.actor,
    now: env.now,
    patch: {
      content: { ...storedTerms(input.terms), student: a.content.student, employer: a.content.employer },
      returnReason: undefined,
      returnedAt: undefined,
      submittedAt: env.now,
    },
  });
  return {
    agreement: revised.doc,
    writes: [{ collection: 'agreements', doc: revised.doc, expectedVersion: a.version }],
    audit: [revised.audit],
    outbox: tell(env, 'reviewResult', a.studentOpenid, `pkg/agreement/index?id=${a._id}`, [
      '三方协议',
      '单位已修改',
      '已重新提交，等待院系审核',
      formatTime(env.now),
    ]),
  };
}
