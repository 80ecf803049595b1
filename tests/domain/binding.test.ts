/**
 * 身份绑定: a WeChat user takes a role by matching the roster, by redeeming a one-time invite, or by registering an
 * employer; and the admin's issue of an invite.
 */
import { createHash } from 'node:crypto';
import {
  bindStudent,
  inviteId,
  inviteUsable,
  issueInvite,
  redeemInvite,
  registerEmployer,
  rosterMatch,
  usccClaimId,
  type RegistrationFiles,
} from '../../server/domain/binding';
import { GENESIS } from '../../server/domain/audit';
import type { EmployerDoc, InviteDoc, UserDoc } from '../../server/domain/types';
import {
  aBindEnv,
  aCounter,
  anActor,
  anEmployer,
  anInvite,
  aStudent,
  aUser,
  DAY_MS,
  EMPLOYER_ID,
  EMPLOYER_INFO,
  headOf,
  NOW,
  refusal,
  refusalOf,
  shifted,
  theWrite,
  trail,
  ZHANG_ID_NUMBER,
} from './builders';

const NEWCOMER = 'openid-newcomer';
const env = aBindEnv({ openid: NEWCOMER });
const LAST6 = ZHANG_ID_NUMBER.slice(-6); // 151235

describe('matching the roster', () => {
  const s = aStudent();

  it('matches 姓名 and the last six of the ID number, ignoring surrounding spaces', () => {
    expect(rosterMatch(s, ' 张三 ', ` ${LAST6} `)).toBe(true);
  });

  it('an X check digit may be typed in lower case', () => {
    const x = aStudent({ idNumber: '11010519491231002X' });
    expect(rosterMatch(x, '张三', '31002x')).toBe(true);
    expect(rosterMatch(x, '张三', '31002X')).toBe(true);
  });

  it('a wrong name, a wrong ID tail, or no roster entry does not match', () => {
    expect(rosterMatch(s, '张叁', LAST6)).toBe(false);
    expect(rosterMatch(s, '张三', '151236')).toBe(false);
    expect(rosterMatch(s, '张三', '0151235')).toBe(false);
    expect(rosterMatch(null, '张三', LAST6)).toBe(false);
  });

  it('a roster name with stray spaces still matches', () => {
    expect(rosterMatch(aStudent({ name: '张三 ' }), '张三', LAST6)).toBe(true);
  });
});

describe('binding a student', () => {
  const unbound = () => aStudent({ openid: null });

  it('binds the WeChat user to the roster entry: a new user, and the entry’s openid set, each audited', () => {
    const decided = bindStudent({ env, existing: null, student: unbound(), name: '张三', idLast6: LAST6 });
    expect(decided.result).toEqual({ role: 'student', studentNo: '2026010101' });
    const user = theWrite(decided, 'users');
    expect(user.expectedVersion).toBe(0);
    expect(user.doc).toEqual({
      _id: NEWCOMER, version: 1, createdAt: NOW, updatedAt: NOW, auditHead: decided.audit[0]!.hash, role: 'student', studentNo: '2026010101',
    });
    const entry = theWrite(decided, 'students');
    expect(entry.expectedVersion).toBe(2);
    expect(entry.doc).toEqual({ ...unbound(), openid: NEWCOMER, version: 3, updatedAt: NOW, auditHead: decided.audit[1]!.hash });
    expect(decided.writes.map((w) => w.collection)).toEqual(['users', 'students']);
    const actor = { openid: NEWCOMER, role: 'student' };
    expect(trail(decided)).toEqual([
      { record: 'user', recordId: NEWCOMER, seq: 1, from: null, to: 'student', action: 'bind', actor, at: NOW },
      { record: 'student', recordId: '2026010101', seq: 3, from: 'imported', to: 'bound', action: 'bind', actor, at: NOW },
    ]);
    expect(decided.audit[0]!.prevHash).toBe(GENESIS);
    expect(decided.audit[1]!.prevHash).toBe(headOf('2026010101', 2));
    expect(decided.outbox).toEqual([]);
  });

  it('a student whose user record was lost binds again to the entry that already names their openid', () => {
    const decided = bindStudent({ env, existing: null, student: aStudent({ openid: NEWCOMER }), name: '张三', idLast6: LAST6 });
    expect(trail(decided)[1]).toMatchObject({ from: 'bound', to: 'bound' });
  });

  it('refuses a WeChat user that is already bound, before looking at the roster', () => {
    expect(refusalOf(() => bindStudent({ env, existing: aUser('employer'), student: null, name: '', idLast6: '' }))).toBe('ALREADY_BOUND');
  });

  it('refuses a mismatch without saying which part was wrong', () => {
    const wrongName = refusal(() => bindStudent({ env, existing: null, student: unbound(), name: '李四', idLast6: LAST6 }));
    const wrongId = refusal(() => bindStudent({ env, existing: null, student: unbound(), name: '张三', idLast6: '000000' }));
    const noEntry = refusal(() => bindStudent({ env, existing: null, student: null, name: '张三', idLast6: LAST6 }));
    for (const e of [wrongName, wrongId, noEntry]) {
      expect({ code: e.code, message: e.message, issues: e.issues }).toEqual({ code: 'ROSTER_MISMATCH', message: '学号、姓名或身份证后六位与学校名单不一致', issues: undefined });
    }
  });

  it('refuses a roster entry another WeChat has taken', () => {
    expect(refusalOf(() => bindStudent({ env, existing: null, student: aStudent({ openid: 'openid-someone-else' }), name: '张三', idLast6: LAST6 }))).toBe('ROSTER_TAKEN');
  });
});

describe('invite codes', () => {
  it('are stored under a hash of the trimmed, upper-cased code, never the code itself', () => {
    const expected = createHash('sha256').update('invite:AB12-CD34').digest('hex').slice(0, 32);
    expect(inviteId('AB12-CD34')).toBe(expected);
    expect(inviteId(' ab12-cd34 ')).toBe(expected);
    expect(inviteId('AB12-CD35')).not.toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{32}$/);
  });

  it('issuing one writes an unused invite under its hash, creating it, with the first entry of its chain', () => {
    const admin = anActor('admin');
    const expiresAt = shifted(NOW, 7 * DAY_MS);
    const { write, audit } = issueInvite({ code: 'AB12-CD34', invite: { role: 'collegeReviewer', collegeId: 'cs', expiresAt }, actor: admin, now: NOW });
    expect(write).toEqual({
      collection: 'invites',
      expectedVersion: 0,
      doc: { _id: inviteId('AB12-CD34'), version: 1, createdAt: NOW, updatedAt: NOW, auditHead: audit.hash, role: 'collegeReviewer', collegeId: 'cs', expiresAt, usedBy: null },
    });
    expect(trail({ audit: [audit] })).toEqual([
      { record: 'invite', recordId: inviteId('AB12-CD34'), seq: 1, from: null, to: 'issued', action: 'issue', actor: admin, at: NOW },
    ]);
    expect(JSON.stringify({ write, audit })).not.toContain('AB12-CD34');
  });

  it('an invite is usable while unused and until the moment it expires', () => {
    expect(inviteUsable(anInvite({ expiresAt: shifted(NOW, 1) }), NOW)).toBe(true);
    expect(inviteUsable(anInvite({ expiresAt: NOW }), NOW)).toBe(false);
    expect(inviteUsable(anInvite({ usedBy: 'openid-other' }), NOW)).toBe(false);
    expect(inviteUsable(null, NOW)).toBe(false);
  });
});

describe('redeeming an invite', () => {
  it('binds an HR contact to the invite’s unit and marks the invite used by them', () => {
    const invite = anInvite();
    const decided = redeemInvite({ env, existing: null, invite });
    expect(decided.result).toEqual({ role: 'employer', employerId: EMPLOYER_ID });
    expect(theWrite(decided, 'users')).toEqual({
      collection: 'users', expectedVersion: 0,
      doc: { _id: NEWCOMER, version: 1, createdAt: NOW, updatedAt: NOW, auditHead: decided.audit[0]!.hash, role: 'employer', employerId: EMPLOYER_ID },
    });
    expect(theWrite(decided, 'invites')).toEqual({
      collection: 'invites', expectedVersion: 1,
      doc: { ...invite, usedBy: NEWCOMER, version: 2, updatedAt: NOW, auditHead: decided.audit[1]!.hash },
    });
    const actor = { openid: NEWCOMER, role: 'employer' };
    expect(trail(decided)).toEqual([
      { record: 'user', recordId: NEWCOMER, seq: 1, from: null, to: 'employer', action: 'bind', actor, at: NOW },
      { record: 'invite', recordId: 'invite-hash-1', seq: 2, from: 'issued', to: 'redeemed', action: 'redeem', actor, at: NOW },
    ]);
    expect(decided.outbox).toEqual([]);
  });

  it('a college reviewer takes the invite’s college', () => {
    const invite = anInvite({ role: 'collegeReviewer', collegeId: 'cs', employerId: undefined });
    const decided = redeemInvite({ env, existing: null, invite });
    expect(decided.result).toEqual({ role: 'collegeReviewer', collegeId: 'cs' });
    expect(theWrite(decided, 'users').doc).toMatchObject({ role: 'collegeReviewer', collegeId: 'cs' });
    expect(theWrite(decided, 'users').doc).not.toHaveProperty('employerId');
  });

  it('a school reviewer takes no scope', () => {
    const { employerId, ...invite } = anInvite({ role: 'schoolReviewer' });
    expect(employerId).toBe(EMPLOYER_ID);
    const decided = redeemInvite({ env, existing: null, invite: invite as InviteDoc });
    expect(decided.result).toEqual({ role: 'schoolReviewer' });
    const user = theWrite(decided, 'users').doc;
    expect(Object.keys(user).sort()).toEqual(['_id', 'auditHead', 'createdAt', 'role', 'updatedAt', 'version']);
  });

  it('refuses a WeChat user that is already bound, even with a good invite', () => {
    expect(refusalOf(() => redeemInvite({ env, existing: aUser('student'), invite: anInvite() }))).toBe('ALREADY_BOUND');
  });

  it.each([
    ['unknown', null],
    ['already used', anInvite({ usedBy: 'openid-other' })],
    ['expired', anInvite({ expiresAt: shifted(NOW, -1) })],
    ['expiring this very moment', anInvite({ expiresAt: NOW })],
  ] as const)('refuses an invite that is %s', (_what, invite) => {
    expect(refusalOf(() => redeemInvite({ env, existing: null, invite }))).toBe('INVITE_INVALID');
  });
});

describe('registering an employer', () => {
  const LICENCE = { fileId: 'uploads/hr/licence.pdf', sha256: 'a'.repeat(64) };
  const LETTER = { fileId: 'uploads/hr/letter.jpg', sha256: 'b'.repeat(64) };
  const register = (
    over: {
      existing?: UserDoc | null;
      sameUscc?: EmployerDoc[];
      usccClaim?: ReturnType<typeof aCounter> | null;
      boundEmployer?: EmployerDoc | null;
      files?: RegistrationFiles;
      requireHrAuthorization?: boolean;
    } = {},
  ) =>
    registerEmployer({
      env: aBindEnv({ openid: NEWCOMER, idPrefix: 'emp' }),
      existing: over.existing ?? null,
      sameUscc: over.sameUscc ?? [],
      usccClaim: over.usccClaim ?? null,
      boundEmployer: over.boundEmployer ?? null,
      employer: EMPLOYER_INFO,
      files: over.files ?? { licence: [LICENCE], authorization: [] },
      requireHrAuthorization: over.requireHrAuthorization ?? false,
    });

  it('keeps the licence on the unit and seals its SHA-256 in the registration’s audit entry', () => {
    const decided = register({ files: { licence: [LICENCE], authorization: [LETTER] } });
    const unit = theWrite(decided, 'employers').doc;
    expect(unit.licenceFiles).toEqual([LICENCE]);
    expect(unit.authorizationFiles).toEqual([LETTER]);
    expect(decided.audit[0]).toMatchObject({ action: 'register', attachments: [LICENCE, LETTER] });
    // the user's binding entry carries no files: they are the unit's
    expect(decided.audit[1]!.attachments).toBeUndefined();
  });

  it('refuses a registration without a licence, naming the field, and writes nothing', () => {
    const e = refusal(() => register({ files: { licence: [], authorization: [LETTER] } }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.issues).toEqual([{ path: 'licenceFiles', message: '请上传营业执照（照片或 PDF）' }]);
  });

  it('asks for the HR contact’s authorization only where the school requires it', () => {
    const none = { licence: [LICENCE], authorization: [] };
    expect(register({ files: none, requireHrAuthorization: false }).result.role).toBe('employer');
    expect(theWrite(register({ files: none }), 'employers').doc).not.toHaveProperty('authorizationFiles');
    const e = refusal(() => register({ files: none, requireHrAuthorization: true }));
    expect(e.issues).toEqual([{ path: 'authorizationFiles', message: '请上传单位出具的授权书或您的在职证明' }]);
    const both = refusal(() => register({ files: { licence: [], authorization: [] }, requireHrAuthorization: true }));
    expect(both.issues?.map((i) => i.path)).toEqual(['licenceFiles', 'authorizationFiles']);
    expect(both.message).toBe('请上传营业执照（照片或 PDF）；请上传单位出具的授权书或您的在职证明');
  });

  it('registers the unit, binds the registrant to it as its HR contact and claims the credit code', () => {
    const decided = register();
    expect(decided.result).toEqual({ role: 'employer', employerId: 'emp-1' });
    expect(decided.writes.map((w) => [w.collection, w.expectedVersion])).toEqual([['employers', 0], ['users', 0], ['counters', 0]]);
    expect(theWrite(decided, 'employers').doc).toEqual({
      _id: 'emp-1', version: 1, createdAt: NOW, updatedAt: NOW, auditHead: decided.audit[0]!.hash,
      ...EMPLOYER_INFO, licenceFiles: [LICENCE], state: 'registered', registrantOpenid: NEWCOMER,
    });
    expect(theWrite(decided, 'users').doc).toEqual({
      _id: NEWCOMER, version: 1, createdAt: NOW, updatedAt: NOW, auditHead: decided.audit[1]!.hash, role: 'employer', employerId: 'emp-1',
    });
    expect(theWrite(decided, 'counters').doc).toEqual({ _id: 'uscc:91440300MA5D8K2P1F', version: 1, value: 1 });
    const actor = { openid: NEWCOMER, role: 'employer' };
    expect(trail(decided)).toEqual([
      { record: 'employer', recordId: 'emp-1', seq: 1, from: null, to: 'registered', action: 'register', actor, at: NOW, attachments: [LICENCE] },
      { record: 'user', recordId: NEWCOMER, seq: 1, from: null, to: 'employer', action: 'bind', actor, at: NOW },
    ]);
    expect(decided.outbox).toEqual([]);
  });

  it('the credit code’s claim counts on from the version read, so two registrations at once conflict', () => {
    expect(usccClaimId('91440300MA5D8K2P1F')).toBe('uscc:91440300MA5D8K2P1F');
    const decided = register({ usccClaim: aCounter(2, { _id: 'uscc:91440300MA5D8K2P1F', version: 4 }) });
    expect(theWrite(decided, 'counters')).toEqual({ collection: 'counters', doc: { _id: 'uscc:91440300MA5D8K2P1F', version: 5, value: 3 }, expectedVersion: 4 });
  });

  it('a unit the school rejected may be registered again under the same code', () => {
    expect(register({ sameUscc: [anEmployer('rejected')] }).result.role).toBe('employer');
  });

  it('an HR contact whose unit was rejected registers it again from the same WeChat: their binding moves to the new unit', () => {
    const existing = aUser('employer', { _id: NEWCOMER, employerId: EMPLOYER_ID });
    const decided = register({ existing, boundEmployer: anEmployer('rejected'), sameUscc: [anEmployer('rejected')] });
    expect(decided.result).toEqual({ role: 'employer', employerId: 'emp-1' });
    expect(theWrite(decided, 'users')).toEqual({
      collection: 'users', expectedVersion: 1,
      doc: { ...existing, employerId: 'emp-1', version: 2, updatedAt: NOW, auditHead: decided.audit[1]!.hash },
    });
    expect(trail(decided)[1]).toEqual({ record: 'user', recordId: NEWCOMER, seq: 2, from: 'employer', to: 'employer', action: 'bind', actor: { openid: NEWCOMER, role: 'employer' }, at: NOW });
    expect(decided.audit[1]!.prevHash).toBe(headOf(NEWCOMER, 1));
  });

  it('refuses a WeChat user already bound to a unit that stands', () => {
    const existing = aUser('employer', { _id: NEWCOMER });
    expect(refusalOf(() => register({ existing, boundEmployer: anEmployer('certified') }))).toBe('ALREADY_BOUND');
    expect(refusalOf(() => register({ existing, boundEmployer: anEmployer('registered') }))).toBe('ALREADY_BOUND');
    expect(refusalOf(() => register({ existing, boundEmployer: null }))).toBe('ALREADY_BOUND');
  });

  it('refuses when the rejected unit loaded is not the one the caller is bound to', () => {
    const existing = aUser('employer', { _id: NEWCOMER, employerId: 'emp-other' });
    expect(refusalOf(() => register({ existing, boundEmployer: anEmployer('rejected') }))).toBe('ALREADY_BOUND');
  });

  it('refuses an HR contact whose binding names no unit, when none is loaded', () => {
    const { employerId, ...existing } = aUser('employer', { _id: NEWCOMER });
    expect(employerId).toBe(EMPLOYER_ID);
    expect(refusalOf(() => register({ existing: existing as UserDoc, boundEmployer: null }))).toBe('ALREADY_BOUND');
  });

  it('refuses a user bound in another role, whatever unit is loaded', () => {
    const existing = aUser('student', { _id: NEWCOMER, employerId: EMPLOYER_ID });
    expect(refusalOf(() => register({ existing, boundEmployer: anEmployer('rejected') }))).toBe('ALREADY_BOUND');
  });

  it.each(['registered', 'certified'] as const)('refuses a code whose unit is already %s, pointing to an invite', (state) => {
    const e = refusal(() => register({ sameUscc: [anEmployer('rejected', { _id: 'emp-old' }), anEmployer(state)] }));
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(e.message).toBe('该统一社会信用代码的单位已注册，请向单位管理员索取邀请码');
  });

  it('says ALREADY_BOUND before looking at the code', () => {
    expect(refusalOf(() => register({ existing: aUser('student', { _id: NEWCOMER }), sameUscc: [anEmployer('certified')] }))).toBe('ALREADY_BOUND');
  });
});
