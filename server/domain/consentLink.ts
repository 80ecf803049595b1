/**
 * 解约同意链接: how a unit without an account answers a termination the student asked for. The same credential as the
 * unit's confirmation link (confirmLink.ts: a hashed token of TOKEN_BYTES random bytes, used once, expiring, guesses
 * counted by CONFIRM_LINK_LIMITS), with purpose `consent` and the termination it names; this module only adds what
 * differs: which requests may have one, the page it opens, and the answer as the termination's consent record.
 */
import { normaliseUscc } from '../../typings/rules/identifiers';
import { DomainError, refuse } from './errors';
import type { ErrorCode } from '../../typings';
import { drawToken, LINK_STATES, openConfirmLink, redeemConfirmLink } from './confirmLink';
import { touch } from './machine';
import { counterpartyOf } from './termination';
import type { Actor, AgreementDoc, AuditEntry, ConfirmLinkDoc, PartyConfirmation, TerminationDoc } from './types';

export const CONSENT_PAGE = 'pkg/consent/index';
export const consentPagePath = (token: string): string => `${CONSENT_PAGE}?t=${token}`;

export interface IssuedConsentLink {
  /** handed to the student once, to share; kept nowhere */
  token: string;
  path: string;
  expiresAt: string;
  write: { collection: 'confirmLinks'; doc: ConfirmLinkDoc; expectedVersion: 0 };
  audit: AuditEntry;
}

/**
 * 生成同意链接: the student's own request, waiting for the unit's consent. A new link does not retire the one before:
 * each is single-use and short-lived, and once either answers the request no longer waits, so the others are dead.
 */
export function issueConsentLink(input: {
  termination: Pick<TerminationDoc, '_id' | 'agreementId' | 'state' | 'studentOpenid' | 'initiator'>;
  actor: Actor;
  random: Uint8Array;
  now: string;
  ttlMs: number;
}): IssuedConsentLink {
  const { termination: t, actor, now } = input;
  const { token, id, expiresAt } = drawToken({ random: input.random, now, ttlMs: input.ttlMs });
  if (t.studentOpenid !== actor.openid) refuse('NOT_FOUND');
  if (t.state !== 'pendingConsent' || counterpartyOf(t) !== 'employer') {
    refuse('INVALID_TRANSITION', '只有等待单位同意的解约申请可以生成同意链接');
  }
  const issued = touch<ConfirmLinkDoc>({
    record: 'confirmLink',
    current: null,
    id,
    action: 'issueLink',
    actor,
    now,
    from: null,
    to: LINK_STATES.issued,
    patch: { purpose: 'consent', agreementId: t.agreementId, terminationId: t._id, issuedBy: actor.openid, issuedAt: now, expiresAt, usedBy: null, usedAt: null },
  });
  return { token, path: consentPagePath(token), expiresAt, write: { collection: 'confirmLinks', doc: issued.doc, expectedVersion: 0 }, audit: issued.audit };
}

/** A dead link in the consent page's words (the codes are the confirmation link's, typings/errors.ts). */
const DEAD: Partial<Record<ErrorCode, string>> = {
  CONFIRM_LINK_UNKNOWN: '同意链接无效，请向学生索取新的同意链接',
  CONFIRM_LINK_EXPIRED: '同意链接已过期，请向学生索取新的同意链接',
  CONFIRM_LINK_USED: '该同意链接已使用过，不能再次答复',
  CONFIRM_LINK_OTHER_AGREEMENT: '该链接不属于这份解约申请',
};

function said<T>(open: () => T): T {
  try {
    return open();
  } catch (e) {
    if (e instanceof DomainError && DEAD[e.code]) throw new DomainError(e.code, DEAD[e.code], e.issues);
    throw e;
  }
}

/**
 * The request a token opens, or the refusal: a dead link (unknown, used, expired: confirmLink.ts), a link of another
 * purpose or request (unknown), and a request no longer waiting for the unit (used: it was answered or withdrawn).
 */
export function openConsentLink(input: {
  token: string;
  link: ConfirmLinkDoc | null;
  termination: TerminationDoc | null;
  now: string;
  /** the request the answer names */
  terminationId?: string;
}): { link: ConfirmLinkDoc; termination: TerminationDoc } {
  const { token, now } = input;
  const link = said(() => openConfirmLink({ token, link: input.link, now }));
  const full = input.link as ConfirmLinkDoc;
  if (full.purpose !== 'consent' || !full.terminationId) return refuse('CONFIRM_LINK_UNKNOWN', DEAD.CONFIRM_LINK_UNKNOWN);
  if (input.terminationId !== undefined && full.terminationId !== input.terminationId) refuse('CONFIRM_LINK_OTHER_AGREEMENT', DEAD.CONFIRM_LINK_OTHER_AGREEMENT);
  const t = input.termination;
  if (!t || t._id !== full.terminationId || t.agreementId !== link.agreementId) return refuse('CONFIRM_LINK_UNKNOWN', DEAD.CONFIRM_LINK_UNKNOWN);
  if (t.state !== 'pendingConsent') refuse('CONFIRM_LINK_USED', '该解约申请已处理，同意链接不能再使用');
  return { link: full, termination: t };
}

/**
 * The unit's answer through the link: its credit code must be the agreement's unit's (USCC_MISMATCH otherwise), its
 * person named with a phone; the link is used up, audited with the answer. Nothing is decided on a refusal.
 */
export function redeemConsentLink(input: {
  token: string;
  link: ConfirmLinkDoc | null;
  termination: TerminationDoc | null;
  agreement: Pick<AgreementDoc, '_id' | 'content'>;
  terminationId: string;
  answer: { decision: 'confirm' | 'refuse'; uscc: string; name: string; phone: string; reason?: string };
  actor: Actor;
  now: string;
}): { answer: PartyConfirmation; write: { collection: 'confirmLinks'; doc: ConfirmLinkDoc; expectedVersion: number }; audit: AuditEntry } {
  const { actor, now } = input;
  const { link } = openConsentLink({ token: input.token, link: input.link, termination: input.termination, now, terminationId: input.terminationId });
  const redeemed = redeemConfirmLink({ token: input.token, link, agreement: input.agreement, answer: input.answer, openid: actor.openid, now });
  const c = redeemed.confirmation;
  const used = touch<ConfirmLinkDoc>({
    record: 'confirmLink',
    current: link,
    id: link._id,
    action: 'answerLink',
    actor,
    now,
    from: LINK_STATES.issued,
    to: LINK_STATES[c.decision],
    patch: { usedBy: actor.openid, usedAt: now },
    ...(c.reason ? { reason: c.reason } : {}),
  });
  return {
    answer: {
      decision: c.decision,
      via: 'link',
      openid: actor.openid,
      role: 'employer',
      name: c.name,
      phone: c.phone,
      uscc: normaliseUscc(c.uscc),
      at: now,
      ...(c.reason ? { reason: c.reason } : {}),
    },
    write: { collection: 'confirmLinks', doc: used.doc, expectedVersion: link.version },
    audit: used.audit,
  };
}
