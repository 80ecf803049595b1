/**
 * 单位确认链接: how a unit that never registered confirms (or refuses) a student-initiated agreement. The student
 * draws a link from the agreement page and shares it (a chat card or a 小程序码); whoever opens it sees that one
 * agreement and answers for the unit with its 统一社会信用代码, their own name and phone. Pure: the random bytes and
 * the clock are handed in, the use case reads and writes.
 *
 * The link is a credential, kept as invite codes are (binding.ts inviteId): stored only under a hash of its token,
 * never the token itself, so that neither the store, a backup nor the audit log hands out a link that still works.
 * It names one agreement, is used once (a confirmation or a refusal, whichever comes first) and expires (7 days
 * unless told otherwise).
 *
 * Guessing is hopeless twice over: the token carries TOKEN_BYTES random bytes (168 bits; at the ceiling below, 600
 * guesses a minute for everyone together, finding one live link among a million takes ~10^36 years), and every view
 * and answer is counted per WeChat user and per network (CONFIRM_LINK_LIMITS), as verifyAgreement counts lookups.
 *
 * ---- Proposal: how a later change wires it in (a sketch; nothing below the line exists yet) ----
 *
 * Agreement: a student-initiated agreement, once submitted and with `SchoolSettings.requireEmployerConfirm` on
 * (default on), goes to `pendingEmployer` before `pendingCollege`; a refusal returns it to the student (`returned`,
 * `returnedAt: 'employer'`, the unit's reason). With the setting off it goes to `pendingCollege` as today.
 *
 * Collection `confirmLinks` (like `invites`): ConfirmLinkDoc below, `_id` = confirmLinkId(token). Audited as its
 * own record `confirmLink` (AuditedRecord, verifyAudit's COLLECTION), its chain under the hash as an invite's:
 * `issue` (issued → by the student) and `redeem` (issued → confirmed | refused, by the person who answered);
 * ConfirmLinkDoc then extends Tracked and both go through machine.ts `touch`, as issueInvite and redeemInvite do. The
 * agreement keeps `confirmLinkId`, its current link: drawing a new one replaces it, and a link that is no longer the
 * agreement's current one is refused as used (the student withdrew it).
 *
 * Events (typings/events.ts):
 *   // the student, from the agreement page (pendingEmployer): 生成确认链接
 *   type ConfirmLinkEvent = Mutation & { action: 'issue'; agreementId: string };
 *   //   → { token, path: confirmPagePath(token), scene: confirmScene(token), expiresAt }
 *   // anyone holding the link, bound or not (the openid is the platform's, so it is always known):
 *   type EmployerConfirmEvent =
 *     | { action: 'view'; token: string }
 *     | (Mutation & { action: 'confirm'; token: string; agreementId: string; uscc: string; name: string; phone: string })
 *     | (Mutation & { action: 'refuse'; token: string; agreementId: string; uscc: string; name: string; phone: string; reason: string });
 *
 * Views (typings/views.ts):
 *   interface ConfirmLinkIssued { path: string; scene: string; expiresAt: string }  // the agreement page's share sheet
 *   interface EmployerConfirmView {            // what the light page shows before the answer
 *     agreementId: string; studentName: string; collegeName: string; major: string; educationLevel: string;
 *     employerName: string;                    // the unit as the student typed it; the credit code is NOT shown:
 *                                              // the person answering must know it, not read it off the page
 *     terms: OfferTerms;                       // job, salary, contract, start date, other terms, as the PDF prints them
 *     expiresAt: string;
 *   }
 *   // the agreement's own views gain `employerConfirmation?: { decision, name, maskedPhone, at }` for student and school
 *
 * Page: `pkg/confirm/index` in a subpackage of its own (light: no tab bar, no binding, no home data), opened by
 *   - the share card: `pkg/confirm/index?t=<token>`;
 *   - the 小程序码 (wxacode.getUnlimited, page `pkg/confirm/index`, scene `t=<token>`: 30 characters, within the
 *     scene's 32).
 * It shows the agreement (EmployerConfirmView), then a form: 统一社会信用代码, 姓名, 联系电话, checked as typed with
 * typings/rules/identifiers.ts; two buttons, 确认协议 and 拒绝（须填写原因）. After an answer, or for a dead link, it
 * shows the refusal's message (CONFIRM_LINK_*) and nothing to act on. The student is told by subscription message.
 *
 * Audit: the agreement's entry for `employerConfirm` / `employerRefuse` (actor: the answering openid, role
 * `employer`; a refusal's reason as `reason`) carries `EmployerConfirmation` below (name, phone, credit code, time) as
 * a new optional field of AuditEntry, sealed with the entry, so that the 备案表 can print who confirmed and when.
 */
import { createHash } from 'node:crypto';
import type { FieldIssue } from '../../typings';
import { normaliseUscc } from '../../typings/rules/identifiers';
import { refuse } from './errors';
import { isPhone, isUscc } from './identifiers';
import { clientKey, type Ceiling, type Limit } from './rateLimit';
import type { AgreementDoc, ConfirmLinkDoc as StoredLink } from './types';

/** Random bytes a token is made of: 168 bits, and 28 URL-safe characters, so that `t=<token>` fits a 小程序码's scene. */
export const TOKEN_BYTES = 21;
/** Fewer than 128 bits would make guessing merely hard: refused outright, whatever the caller hands in. */
export const MIN_TOKEN_BYTES = 16;
export const DEFAULT_TTL_MS = 7 * 86_400_000;

/** A token as issued: base64url without padding, as long as at least MIN_TOKEN_BYTES make. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;

/**
 * The fields of a stored link (types.ts ConfirmLinkDoc) this module reads and writes. The use case stores the
 * record through machine.ts `touch`, with its bookkeeping and purpose.
 */
export type ConfirmLinkDoc = Pick<StoredLink, '_id' | 'version' | 'agreementId' | 'issuedBy' | 'issuedAt' | 'expiresAt' | 'usedBy' | 'usedAt'>;

/**
 * Where a link is stored: a hash of its token. Unlike an invite code the token is never retyped (it comes from a
 * link or a code), so it is taken as it is, case and all: base64url's letters differ by case.
 */
export const confirmLinkId = (token: string): string =>
  createHash('sha256').update(`confirmLink:${token}`).digest('hex').slice(0, 32);

export const CONFIRM_PAGE = 'pkg/confirm/index';
export const confirmPagePath = (token: string): string => `${CONFIRM_PAGE}?t=${token}`;
export const confirmScene = (token: string): string => `t=${token}`;

/** A link's state as its audit chain names it, whatever it answers (a confirmation or a consent). */
export const LINK_STATES = { issued: 'issued', confirm: 'confirm', refuse: 'refuse' } as const;

/**
 * A new token with the id it is stored under and when it dies: the one way a confirmation or consent link is drawn.
 * A short random or a non-positive life is a programming error, not the user's: no Chinese refusal.
 */
export function drawToken(input: { random: Uint8Array; now: string; ttlMs: number }): { token: string; id: string; expiresAt: string } {
  const { random, now, ttlMs } = input;
  if (random.length < MIN_TOKEN_BYTES) throw new Error(`a link token needs at least ${MIN_TOKEN_BYTES} random bytes, got ${random.length}`);
  if (!(ttlMs > 0)) throw new Error(`a link must live a positive time, got ${ttlMs} ms`);
  const token = Buffer.from(random).toString('base64url');
  return { token, id: confirmLinkId(token), expiresAt: new Date(Date.parse(now) + ttlMs).toISOString() };
}

export interface IssuedLink {
  /** handed to the student once, to share; not kept anywhere */
  token: string;
  path: string;
  scene: string;
  /** written with expectedVersion 0: a token drawn twice conflicts instead of overwriting */
  link: { doc: ConfirmLinkDoc; expectedVersion: 0 };
}

/**
 * 生成确认链接: a new link for the student's own student-initiated agreement. Whether the agreement is in a state
 * that waits for the unit is the transition table's to say (the caller steps the agreement); this checks whose it is.
 */
export function issueConfirmLink(input: {
  agreement: Pick<AgreementDoc, '_id' | 'origin' | 'studentOpenid'>;
  openid: string;
  /** from a cryptographic source; at least MIN_TOKEN_BYTES */
  random: Uint8Array;
  now: string;
  ttlMs?: number;
}): IssuedLink {
  const { agreement, now } = input;
  const { token, id, expiresAt } = drawToken({ random: input.random, now, ttlMs: input.ttlMs ?? DEFAULT_TTL_MS });
  if (agreement.studentOpenid !== input.openid) refuse('FORBIDDEN');
  if (agreement.origin !== 'student') refuse('INVALID_TRANSITION', '只有学生发起的协议需要单位通过链接确认');
  return {
    token,
    path: confirmPagePath(token),
    scene: confirmScene(token),
    link: {
      doc: {
        _id: id,
        version: 1,
        agreementId: agreement._id,
        issuedBy: input.openid,
        issuedAt: now,
        expiresAt,
        usedBy: null,
        usedAt: null,
      },
      expectedVersion: 0,
    },
  };
}

/**
 * The link a token opens, or the refusal: unknown (also a token of the wrong form, or a read of another link),
 * another agreement's (when the caller names the agreement it answers), used, expired (a link is dead from the
 * instant `expiresAt`). Used before expired: the page then says what happened to it, not merely that time passed.
 */
export function openConfirmLink(input: { token: string; link: ConfirmLinkDoc | null; agreementId?: string; now: string }): ConfirmLinkDoc {
  const { token, link } = input;
  if (!TOKEN_PATTERN.test(token) || !link || link._id !== confirmLinkId(token)) return refuse('CONFIRM_LINK_UNKNOWN');
  if (input.agreementId !== undefined && link.agreementId !== input.agreementId) refuse('CONFIRM_LINK_OTHER_AGREEMENT');
  if (link.usedBy) refuse('CONFIRM_LINK_USED');
  if (!(input.now < link.expiresAt)) refuse('CONFIRM_LINK_EXPIRED');
  return link;
}

export interface ConfirmAnswer {
  decision: 'confirm' | 'refuse';
  uscc: string;
  name: string;
  phone: string;
  /** required when refusing */
  reason?: string;
}

/** What the agreement's audit entry must carry about the answer: who gave it, for which unit, when. */
export interface EmployerConfirmation {
  agreementId: string;
  decision: 'confirm' | 'refuse';
  openid: string;
  name: string;
  phone: string;
  /** normalised (upper case), and the agreement's own */
  uscc: string;
  at: string;
  reason?: string;
}

/** The longest name the unit's contact fields take (单位联系人, 30 characters), and the longest reason a review takes. */
export const NAME_MAX = 30;
export const REASON_MAX = 500;

/** Every field at fault, named, in the form's order; nothing is taken until all of them are right. */
function checked(answer: ConfirmAnswer): Required<Pick<ConfirmAnswer, 'uscc' | 'name' | 'phone'>> & { reason?: string } {
  const uscc = normaliseUscc(answer.uscc);
  const name = answer.name.trim();
  const phone = answer.phone.trim();
  const issues: FieldIssue[] = [];
  if (!uscc) issues.push({ path: 'uscc', message: '请填写统一社会信用代码' });
  else if (!isUscc(uscc)) issues.push({ path: 'uscc', message: '统一社会信用代码不正确，请核对' });
  if (!name) issues.push({ path: 'name', message: '请填写姓名' });
  else if ([...name].length > NAME_MAX) issues.push({ path: 'name', message: `姓名不超过${NAME_MAX}字` });
  if (!phone) issues.push({ path: 'phone', message: '请填写联系电话' });
  else if (!isPhone(phone)) issues.push({ path: 'phone', message: '联系电话格式不正确' });
  if (issues.length) refuse('INVALID_INPUT', issues.map((i) => i.message).join('；'), issues);
  if (answer.decision === 'confirm') return { uscc, name, phone };
  const reason = (answer.reason ?? '').trim();
  if (!reason) refuse('REASON_REQUIRED', '拒绝时请填写原因', [{ path: 'reason', message: '请填写拒绝原因' }]);
  if ([...reason].length > REASON_MAX) refuse('INVALID_INPUT', `原因不超过${REASON_MAX}字`, [{ path: 'reason', message: `原因不超过${REASON_MAX}字` }]);
  return { uscc, name, phone, reason };
}

export interface Redeemed {
  confirmation: EmployerConfirmation;
  /** the link, used: written with the version read, so that two answers at once cannot both pass */
  link: { doc: ConfirmLinkDoc; expectedVersion: number };
}

/**
 * The unit's answer through a link: confirmed or refused, the link used up either way. Refused, with nothing
 * changed, for a dead link (openConfirmLink), a field at fault, and a credit code that is not the agreement's unit:
 * the person answering must show they know which unit they answer for.
 */
export function redeemConfirmLink(input: {
  token: string;
  link: ConfirmLinkDoc | null;
  /** the agreement the page shows and the answer names */
  agreement: Pick<AgreementDoc, '_id'> & { content: { employer: { uscc: string } } };
  answer: ConfirmAnswer;
  openid: string;
  now: string;
}): Redeemed {
  const { agreement, now } = input;
  if (!input.openid) refuse('UNAUTHENTICATED');
  const link = openConfirmLink({ token: input.token, link: input.link, agreementId: agreement._id, now });
  const answer = checked(input.answer);
  if (answer.uscc !== normaliseUscc(agreement.content.employer.uscc)) {
    refuse('USCC_MISMATCH', undefined, [{ path: 'uscc', message: '统一社会信用代码与协议中的单位不一致' }]);
  }
  return {
    confirmation: {
      agreementId: agreement._id,
      decision: input.answer.decision,
      openid: input.openid,
      name: answer.name,
      phone: answer.phone,
      uscc: answer.uscc,
      at: now,
      ...(answer.reason ? { reason: answer.reason } : {}),
    },
    link: { doc: { ...link, version: link.version + 1, usedBy: input.openid, usedAt: now }, expectedVersion: link.version },
  };
}

// ---- guesses ----------------------------------------------------------------------------------------------------

/**
 * Every view and every answer counts as a guess, refused ones too (a refused try's counters are written alone, as
 * app/rateLimit.ts countAlone does for bind), and before the link is looked up the answer waits for the count, as
 * verifyAgreement's does:
 * - perCaller, `confirmLink:<openid>`: an HR person opens a link a few times and answers once; 20 an hour is plenty;
 * - perNetwork, `confirmLinkNet:ip:<hash of the /64 or IPv4>`: a guesser with many WeChat accounts still shares a
 *   network; an office behind one address has several people answering, hence more;
 * - ceiling, `confirmLinkAll:<shard>`: all callers together, spread over 8 counters (rateLimit.ts Ceiling).
 */
export const CONFIRM_LINK_LIMITS = {
  perCaller: { name: 'confirmLink', max: 20, windowMs: 3_600_000 },
  perNetwork: { name: 'confirmLinkNet', max: 60, windowMs: 3_600_000 },
} as const satisfies Record<string, Limit>;
export const CONFIRM_LINK_CEILING: Ceiling = { name: 'confirmLinkAll', max: 600, windowMs: 60_000, shards: 8 };

/**
 * The limits a view or an answer counts against, with whose calls they count (app/rateLimit.ts Try): the WeChat
 * user's always (without an openid, the bucket all such callers share), the network's when the platform gave its
 * address.
 */
export function confirmLinkTries(caller: { openid: string; client?: string }): { limit: Limit; who: string }[] {
  return [
    { limit: CONFIRM_LINK_LIMITS.perCaller, who: caller.openid },
    ...(caller.client ? [{ limit: CONFIRM_LINK_LIMITS.perNetwork, who: clientKey(caller.client) }] : []),
  ];
}
