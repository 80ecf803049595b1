/**
 * 邀约逾期失效 and 即将失效提醒: what the hourly timer decides about one open offer, as pure functions. Each decision
 * is one offer's own commit, so a conflict on one offer never holds back another.
 */
import { step } from './machine';
import type { Actor, OfferDoc, StudentDoc } from './types';
import type { Decided } from './decision';
import { formatTime, tell } from './messages';

/** The timer acts as nobody in particular: the audit says the system did it. */
export const SYSTEM: Actor = { openid: 'system', role: 'system' };

/** How long before expiry the student is reminded. */
export const REMIND_BEFORE_MS = 2 * 86_400_000;

export const EXPIRING_HINT = '邀约将在2天内失效，请尽快处理';

export const expiryGuards = {
  /** due: still open but its deadline has passed (a deadline equal to now counts as passed) */
  due: (offer: OfferDoc, now: string): boolean => offer.state === 'open' && offer.expiresAt <= now,
  /** open and within its deadline: the only offers a student can answer or another acceptance supersedes */
  live: (offer: OfferDoc, now: string): boolean => offer.state === 'open' && offer.expiresAt > now,
  /** expired, whether the hourly timer has marked it yet or not */
  expired: (offer: OfferDoc, now: string): boolean =>
    offer.state === 'expired' || (offer.state === 'open' && offer.expiresAt <= now),
  /** still open, expiring within the reminder window, and not reminded before */
  needsReminder: (offer: OfferDoc, now: string): boolean =>
    offer.state === 'open' &&
    offer.expiresAt > now &&
    offer.expiresAt <= remindHorizon(now) &&
    !offer.remindedAt,
};

export const remindHorizon = (now: string): string => new Date(Date.parse(now) + REMIND_BEFORE_MS).toISOString();

/**
 * Expires one offer. No message: the student sees 已失效 in the list, and a notice after the fact would spend one of
 * their one-time subscriptions on news they can no longer act on (they were reminded two days before).
 */
export function expireOffer(input: { offer: OfferDoc; now: string }): Decided {
  const { offer, now } = input;
  const expired = step({ kind: 'offer', current: offer, id: offer._id, action: 'expire', actor: SYSTEM, now, patch: {} });
  return {
    writes: [{ collection: 'offers', doc: expired.doc, expectedVersion: offer.version }],
    audit: [expired.audit],
    outbox: [],
  };
}

/**
 * Reminds the student once that an offer is about to lapse. The offer stays open; `remindedAt` makes the reminder
 * happen once. A student who has not bound a WeChat yet gets no message, but the reminder is still recorded so that
 * it is not attempted every hour.
 */
export function remindOffer(input: {
  offer: OfferDoc;
  student: StudentDoc | null;
  now: string;
  newId: () => string;
}): Decided {
  const { offer, student, now } = input;
  const reminded = step({
    kind: 'offer',
    current: offer,
    id: offer._id,
    action: 'remind',
    actor: SYSTEM,
    now,
    patch: { remindedAt: now },
  });
  const to = student?.openid;
  return {
    writes: [{ collection: 'offers', doc: reminded.doc, expectedVersion: offer.version }],
    audit: [reminded.audit],
    outbox: tell({ now, newId: input.newId }, 'offerExpiring', to, `pkg/offer/index?id=${offer._id}`, [
      offer.employer.name,
      formatTime(offer.expiresAt),
      EXPIRING_HINT,
    ]),
  };
}
