/**
 * 单位确认链接: a student draws a link for their student-initiated agreement; the unit's HR person opens it and
 * confirms or refuses with the unit's credit code, their name and phone. The link is stored only under its hash,
 * names one agreement, is used once and expires; every refusal changes nothing; guesses are counted per WeChat user
 * and per network.
 */
import {
  CONFIRM_LINK_CEILING,
  CONFIRM_LINK_LIMITS,
  DEFAULT_TTL_MS,
  MIN_TOKEN_BYTES,
  TOKEN_BYTES,
  confirmLinkId,
  confirmLinkTries,
  issueConfirmLink,
  openConfirmLink,
  redeemConfirmLink,
  type ConfirmAnswer,
  type ConfirmLinkDoc,
} from '../../server/domain/confirmLink';
import { inviteId } from '../../server/domain/binding';
import { withUsccCheck } from '../../server/domain/identifiers';
import { bucketOf, clientKey, countCall } from '../../server/domain/rateLimit';
import type { AgreementDoc, RateLimitDoc } from '../../server/domain/types';
import { DAY_MS, EMPLOYER_INFO, NOW, OPENIDS, aStudentAgreement, refusal, refusalOf, shifted } from './builders';

// ---- builders ---------------------------------------------------------------------------------------------------

/** The HR person who opens the link: not bound to anything in the mini program. */
const HR_OPENID = 'openid-hr-unregistered';

/** `n` bytes as a cryptographic source would give them; `seed` makes different draws differ. */
const randomBytesOf = (n = TOKEN_BYTES, seed = 7): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (seed * 31 + i * 17) & 0xff);

/** 张三's student-initiated agreement with 深圳示例科技有限公司, submitted and waiting for the unit. */
const anAgreementAwaitingUnit = (over: Partial<AgreementDoc> = {}): AgreementDoc => aStudentAgreement('pendingCollege', over);

/** A link drawn by 张三 at NOW for agreement-1, and its token. */
function aDrawnLink(over: { random?: Uint8Array; ttlMs?: number; agreement?: AgreementDoc } = {}): { token: string; link: ConfirmLinkDoc } {
  const issued = issueConfirmLink({
    agreement: over.agreement ?? anAgreementAwaitingUnit(),
    openid: OPENIDS.student,
    random: over.random ?? randomBytesOf(),
    now: NOW,
    ...(over.ttlMs !== undefined ? { ttlMs: over.ttlMs } : {}),
  });
  return { token: issued.token, link: issued.link.doc };
}

/** The HR person's answer, correct for the agreement's unit. */
const anAnswer = (over: Partial<ConfirmAnswer> = {}): ConfirmAnswer => ({
  decision: 'confirm',
  uscc: EMPLOYER_INFO.uscc,
  name: '陈敏',
  phone: '13912345678',
  ...over,
});

/** redeemConfirmLink with the defaults above, one hour after the link was drawn. */
function redeem(over: Partial<Parameters<typeof redeemConfirmLink>[0]> = {}) {
  const { token, link } = aDrawnLink();
  return redeemConfirmLink({ token, link, agreement: anAgreementAwaitingUnit(), answer: anAnswer(), openid: HR_OPENID, now: shifted(NOW, 3_600_000), ...over });
}

// ---- issue ------------------------------------------------------------------------------------------------------

describe('生成确认链接', () => {
  it('the student’s own agreement gets a new, unused link for 7 days, written only if no such link exists', () => {
    // given 张三's agreement waiting for the unit
    const agreement = anAgreementAwaitingUnit();
    // when he draws a link
    const issued = issueConfirmLink({ agreement, openid: OPENIDS.student, random: randomBytesOf(), now: NOW });
    // then the link names the agreement, expires a week later and is not used
    expect(issued.link).toEqual({
      doc: {
        _id: confirmLinkId(issued.token),
        version: 1,
        agreementId: 'agreement-1',
        issuedBy: OPENIDS.student,
        issuedAt: NOW,
        expiresAt: shifted(NOW, 7 * DAY_MS),
        usedBy: null,
        usedAt: null,
      },
      expectedVersion: 0,
    });
    expect(DEFAULT_TTL_MS).toBe(7 * DAY_MS);
    // and the page and 小程序码 carry the token
    expect(issued.path).toBe(`pkg/confirm/index?t=${issued.token}`);
    expect(issued.scene).toBe(`t=${issued.token}`);
  });

  it('a school may give links another lifetime', () => {
    const { link } = aDrawnLink({ ttlMs: 3 * DAY_MS });
    expect(link.expiresAt).toBe(shifted(NOW, 3 * DAY_MS));
  });

  it('another student cannot draw a link for the agreement', () => {
    expect(refusalOf(() => issueConfirmLink({ agreement: anAgreementAwaitingUnit(), openid: 'openid-lisi', random: randomBytesOf(), now: NOW }))).toBe('FORBIDDEN');
  });

  it('an agreement born of the unit’s own offer needs no link', () => {
    const fromOffer = anAgreementAwaitingUnit({ origin: 'offer' });
    const e = refusal(() => issueConfirmLink({ agreement: fromOffer, openid: OPENIDS.student, random: randomBytesOf(), now: NOW }));
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(e.message).toBe('只有学生发起的协议需要单位通过链接确认');
  });

  it('a lifetime that is not positive is a programming error', () => {
    expect(() => aDrawnLink({ ttlMs: 0 })).toThrow('positive time');
  });
});

describe('the token', () => {
  it('carries 168 random bits as 28 URL-safe characters, so that `t=<token>` fits a 小程序码 scene (32)', () => {
    const random = randomBytesOf();
    const { token } = aDrawnLink({ random });
    expect(TOKEN_BYTES * 8).toBeGreaterThanOrEqual(128);
    expect(token).toMatch(/^[A-Za-z0-9_-]{28}$/);
    expect(Buffer.from(token, 'base64url')).toEqual(Buffer.from(random));
    expect(`t=${token}`.length).toBeLessThanOrEqual(32);
  });

  it('every random byte counts: draws differing in one byte give different tokens and ids', () => {
    const a = randomBytesOf();
    const b = Uint8Array.from(a);
    b[TOKEN_BYTES - 1] = b[TOKEN_BYTES - 1]! ^ 1;
    const first = aDrawnLink({ random: a });
    const second = aDrawnLink({ random: b });
    expect(second.token).not.toBe(first.token);
    expect(second.link._id).not.toBe(first.link._id);
  });

  it('fewer than 128 bits are refused, more are taken whole', () => {
    expect(() => aDrawnLink({ random: randomBytesOf(MIN_TOKEN_BYTES - 1) })).toThrow('at least 16 random bytes');
    expect(aDrawnLink({ random: randomBytesOf(MIN_TOKEN_BYTES) }).token).toHaveLength(22);
    expect(aDrawnLink({ random: randomBytesOf(32) }).token).toHaveLength(43);
  });
});

describe('hashing', () => {
  it('the stored link holds the token’s hash, never the token', () => {
    const { token, link } = aDrawnLink();
    expect(link._id).toMatch(/^[0-9a-f]{32}$/);
    expect(link._id).toBe(confirmLinkId(token));
    expect(JSON.stringify(link)).not.toContain(token);
  });

  it('the token is taken as it is: the same letters in another case are another token', () => {
    const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz01';
    expect(confirmLinkId(token.toLowerCase())).not.toBe(confirmLinkId(token));
  });

  it('a link’s hash is not an invite code’s: the same text hashes apart', () => {
    const { token, link } = aDrawnLink();
    expect(link._id).not.toBe(inviteId(token));
  });
});

// ---- open and redeem --------------------------------------------------------------------------------------------

describe('确认 through a link', () => {
  it('the HR person’s confirmation gives the audit entry who, for which unit and when, and uses the link up', () => {
    // given a link drawn at NOW
    const { token, link } = aDrawnLink();
    const at = shifted(NOW, 2 * DAY_MS);
    // when the HR person confirms two days later, typing the code in lower case and the name with spaces around
    const redeemed = redeemConfirmLink({
      token,
      link,
      agreement: anAgreementAwaitingUnit(),
      answer: anAnswer({ uscc: ` ${EMPLOYER_INFO.uscc.toLowerCase()} `, name: ' 陈敏 ' }),
      openid: HR_OPENID,
      now: at,
    });
    // then the confirmation is theirs, normalised
    expect(redeemed.confirmation).toEqual({
      agreementId: 'agreement-1',
      decision: 'confirm',
      openid: HR_OPENID,
      name: '陈敏',
      phone: '13912345678',
      uscc: EMPLOYER_INFO.uscc,
      at,
    });
    // and the link is used, written over the version read
    expect(redeemed.link).toEqual({ doc: { ...link, version: 2, usedBy: HR_OPENID, usedAt: at }, expectedVersion: 1 });
  });

  it('a refusal carries its reason and uses the link up as well', () => {
    const redeemed = redeem({ answer: anAnswer({ decision: 'refuse', reason: ' 岗位已取消 ' }) });
    expect(redeemed.confirmation.decision).toBe('refuse');
    expect(redeemed.confirmation.reason).toBe('岗位已取消');
    expect(redeemed.link.doc.usedBy).toBe(HR_OPENID);
  });

  it('a name of 30 characters and a reason of 500 are taken whole', () => {
    const redeemed = redeem({ answer: anAnswer({ decision: 'refuse', name: '陈'.repeat(30), reason: '因'.repeat(500) }) });
    expect(redeemed.confirmation.name).toHaveLength(30);
    expect(redeemed.confirmation.reason).toHaveLength(500);
  });

  it('a landline with its area code is a phone the unit may give', () => {
    expect(redeem({ answer: anAnswer({ phone: '0755-86001234' }) }).confirmation.phone).toBe('0755-86001234');
  });

  it('opening a live link shows it (the page then loads its agreement)', () => {
    const { token, link } = aDrawnLink();
    expect(openConfirmLink({ token, link, now: NOW })).toBe(link);
  });
});

describe('a refusal changes nothing', () => {
  /** Runs the redeem, expecting a refusal, and checks the records handed in are as they were. */
  function refusedWith(over: Partial<Parameters<typeof redeemConfirmLink>[0]>, make = aDrawnLink()) {
    const input = {
      token: make.token,
      link: make.link,
      agreement: anAgreementAwaitingUnit(),
      answer: anAnswer(),
      openid: HR_OPENID,
      now: shifted(NOW, 3_600_000),
      ...over,
    };
    const before = structuredClone({ link: input.link, agreement: input.agreement });
    const e = refusal(() => redeemConfirmLink(input));
    expect({ link: input.link, agreement: input.agreement }).toEqual(before);
    return e;
  }

  it('an unknown token: no link under its hash', () => {
    const e = refusedWith({ link: null });
    expect([e.code, e.message]).toEqual(['CONFIRM_LINK_UNKNOWN', '确认链接无效，请向学生索取新的确认链接']);
  });

  it('a token that is not of the issued form, or a link read under another hash, is unknown too', () => {
    expect(refusedWith({ token: 'short' }).code).toBe('CONFIRM_LINK_UNKNOWN');
    expect(refusedWith({ token: 'x'.repeat(28) }).code).toBe('CONFIRM_LINK_UNKNOWN');
  });

  it('an expired link', () => {
    const { link } = aDrawnLink();
    const e = refusedWith({ now: link.expiresAt });
    expect([e.code, e.message]).toEqual(['CONFIRM_LINK_EXPIRED', '确认链接已过期，请向学生索取新的确认链接']);
  });

  it('a used link: single use, whoever comes second', () => {
    const first = redeem();
    const e = refusedWith({ link: first.link.doc, openid: 'openid-someone-else', now: shifted(NOW, 2 * 3_600_000) });
    expect([e.code, e.message]).toEqual(['CONFIRM_LINK_USED', '该确认链接已使用过，不能再次确认']);
  });

  it('a link of another agreement', () => {
    const e = refusedWith({ agreement: anAgreementAwaitingUnit({ _id: 'agreement-2' }) });
    expect([e.code, e.message]).toEqual(['CONFIRM_LINK_OTHER_AGREEMENT', '该确认链接不属于这份协议']);
  });

  it('a credit code that is valid but not the agreement’s unit', () => {
    const e = refusedWith({ answer: anAnswer({ uscc: withUsccCheck('91110000100000000') }) });
    expect([e.code, e.message, e.issues]).toEqual([
      'USCC_MISMATCH',
      '统一社会信用代码与协议中的单位不一致，请核对',
      [{ path: 'uscc', message: '统一社会信用代码与协议中的单位不一致' }],
    ]);
  });

  it('fields at fault, each named', () => {
    const e = refusedWith({ answer: anAnswer({ uscc: '91440300MA5D8K2P1X', name: '  ', phone: '1234' }) });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.issues).toEqual([
      { path: 'uscc', message: '统一社会信用代码不正确，请核对' },
      { path: 'name', message: '请填写姓名' },
      { path: 'phone', message: '联系电话格式不正确' },
    ]);
  });

  it('empty fields and a name too long', () => {
    const e = refusedWith({ answer: anAnswer({ uscc: '', name: '陈'.repeat(31), phone: '' }) });
    expect(e.issues).toEqual([
      { path: 'uscc', message: '请填写统一社会信用代码' },
      { path: 'name', message: '姓名不超过30字' },
      { path: 'phone', message: '请填写联系电话' },
    ]);
  });

  it('a refusal without a reason, or with one too long', () => {
    expect(refusedWith({ answer: anAnswer({ decision: 'refuse', reason: '  ' }) }).code).toBe('REASON_REQUIRED');
    expect(refusedWith({ answer: anAnswer({ decision: 'refuse' }) }).code).toBe('REASON_REQUIRED');
    expect(refusedWith({ answer: anAnswer({ decision: 'refuse', reason: '因'.repeat(501) }) }).issues).toEqual([{ path: 'reason', message: '原因不超过500字' }]);
  });

  it('a caller the platform names no one', () => {
    expect(refusedWith({ openid: '' }).code).toBe('UNAUTHENTICATED');
  });

  it('a dead link is said before the fields: the unit is not asked to correct a form it cannot send', () => {
    expect(refusedWith({ link: null, answer: anAnswer({ phone: '1234' }) }).code).toBe('CONFIRM_LINK_UNKNOWN');
  });

  it('a used link that has also expired says it was used', () => {
    const first = redeem();
    expect(refusedWith({ link: first.link.doc, now: shifted(NOW, 30 * DAY_MS) }).code).toBe('CONFIRM_LINK_USED');
  });
});

describe('expiry', () => {
  it('a link works until the last millisecond before expiresAt, and not at it', () => {
    const { token, link } = aDrawnLink();
    expect(openConfirmLink({ token, link, now: shifted(link.expiresAt, -1) })).toBe(link);
    expect(refusalOf(() => openConfirmLink({ token, link, now: link.expiresAt }))).toBe('CONFIRM_LINK_EXPIRED');
  });

  it('the answer at the last millisecond is taken', () => {
    const { token, link } = aDrawnLink();
    const at = shifted(link.expiresAt, -1);
    expect(redeemConfirmLink({ token, link, agreement: anAgreementAwaitingUnit(), answer: anAnswer(), openid: HR_OPENID, now: at }).confirmation.at).toBe(at);
  });
});

// ---- guesses ----------------------------------------------------------------------------------------------------

describe('guess limits', () => {
  it('a view or an answer counts for the WeChat user and for the network it came from', () => {
    const tries = confirmLinkTries({ openid: HR_OPENID, client: '203.0.113.9' });
    expect(tries.map((t) => bucketOf(t.limit, t.who))).toEqual([`confirmLink:${HR_OPENID}`, `confirmLinkNet:${clientKey('203.0.113.9')}`]);
  });

  it('addresses of one IPv6 /64 share the network’s bucket', () => {
    const [, a] = confirmLinkTries({ openid: HR_OPENID, client: '2001:db8:1:2::10' });
    const [, b] = confirmLinkTries({ openid: 'openid-another-account', client: '2001:db8:1:2:ffff::1' });
    expect(bucketOf(a!.limit, a!.who)).toBe(bucketOf(b!.limit, b!.who));
  });

  it('without an address, only the user’s bucket; without an openid, the bucket all such callers share', () => {
    expect(confirmLinkTries({ openid: HR_OPENID }).map((t) => bucketOf(t.limit, t.who))).toEqual([`confirmLink:${HR_OPENID}`]);
    expect(confirmLinkTries({ openid: '' }).map((t) => bucketOf(t.limit, t.who))).toEqual(['confirmLink:anonymous']);
  });

  it('the buckets are the project’s fixed windows: the 21st try of an hour by one user is refused, the 61st of a network', () => {
    const at = new Date(NOW);
    const exhaust = (limit: (typeof CONFIRM_LINK_LIMITS)[keyof typeof CONFIRM_LINK_LIMITS], id: string): RateLimitDoc => {
      let counter: RateLimitDoc | null = null;
      for (let i = 0; i < limit.max; i++) counter = countCall(limit, id, counter, at);
      return counter!;
    };
    const user = exhaust(CONFIRM_LINK_LIMITS.perCaller, `confirmLink:${HR_OPENID}`);
    expect(user.count).toBe(20);
    expect(refusalOf(() => countCall(CONFIRM_LINK_LIMITS.perCaller, user._id, user, at))).toBe('RATE_LIMITED');
    const network = exhaust(CONFIRM_LINK_LIMITS.perNetwork, 'confirmLinkNet:ip:x');
    expect(network.count).toBe(60);
    expect(refusalOf(() => countCall(CONFIRM_LINK_LIMITS.perNetwork, network._id, network, at))).toBe('RATE_LIMITED');
    // the next hour starts afresh
    expect(countCall(CONFIRM_LINK_LIMITS.perCaller, user._id, user, new Date(at.getTime() + 3_600_000)).count).toBe(1);
  });

  it('the limits never share a counter with each other, nor with 协议核验’s', () => {
    const names = [CONFIRM_LINK_LIMITS.perCaller.name, CONFIRM_LINK_LIMITS.perNetwork.name, CONFIRM_LINK_CEILING.name];
    expect(new Set([...names, 'verify', 'verifyAll', 'bind']).size).toBe(names.length + 3);
    expect(CONFIRM_LINK_CEILING.shards).toBeGreaterThan(1);
  });
});
