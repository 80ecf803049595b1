/**
 * 身份绑定: a WeChat user takes a role, by matching a roster entry, by a one-time invite, or by registering an
 * employer. Pure decisions; the openid is the platform's, handed in by the use case. Invites are audited records:
 * the admin's `issue` starts a code's chain, the binding user's `redeem` ends it.
 */
import { createHash } from 'node:crypto';
import type { Attachment, BindResult, CheckKind, EmployerInfo } from '../../typings';
import { refuse } from './errors';
import { step, touch } from './machine';
import type { Decided } from './decision';
import type { Actor, AuditEntry, CounterDoc, EmployerDoc, InviteDoc, StudentDoc, UserDoc } from './types';
import type { Write } from './decision';

export interface BindEnv {
  openid: string;
  now: string;
  newId: () => string;
}

export type Bound = Decided & { result: BindResult };

type NewUser = Omit<UserDoc, '_id' | 'version' | 'createdAt' | 'updatedAt' | 'auditHead'>;

/** A binding in force: a user record not released by 解除绑定. */
export const isBound = (user: UserDoc | null | undefined): user is UserDoc => !!user && !user.unboundAt;

/** A released record as a new binding continues it: its bookkeeping and chain, nothing of the binding it held. */
function released(stored: UserDoc): UserDoc {
  const { studentNo: _s, collegeId: _c, employerId: _e, unboundAt: _u, ...rest } = stored;
  return rest;
}

/** The caller's binding: a new record, or the next version of the one a 解除绑定 released (its chain goes on). */
function newUser(env: BindEnv, stored: UserDoc | null, user: NewUser): { write: Write; audit: Decided['audit'][number] } {
  const actor: Actor = { openid: env.openid, role: user.role };
  const current = stored ? released(stored) : null;
  const bound = touch<UserDoc>({ record: 'user', current, id: env.openid, action: 'bind', actor, now: env.now, from: current ? 'unbound' : null, to: user.role, patch: user });
  return { write: { collection: 'users', doc: bound.doc, expectedVersion: stored?.version ?? 0 }, audit: bound.audit };
}

/** The binding moved to a newly registered unit; the user's chain records it. */
function rebind(env: BindEnv, existing: UserDoc, employerId: string): { write: Write; audit: Decided['audit'][number] } {
  const actor: Actor = { openid: env.openid, role: 'employer' };
  const moved = touch<UserDoc>({ record: 'user', current: existing, id: env.openid, action: 'bind', actor, now: env.now, from: 'employer', to: 'employer', patch: { employerId } });
  return { write: { collection: 'users', doc: moved.doc, expectedVersion: existing.version }, audit: moved.audit };
}

const notBoundYet = (existing: UserDoc | null): void => {
  if (isBound(existing)) refuse('ALREADY_BOUND');
};

/**
 * 学号 + 姓名 + 身份证后六位 must all match the roster. Which part was wrong is not said: the answer must not help
 * anyone guess another student's identity one field at a time.
 */
export const rosterMatch = (student: StudentDoc | null, name: string, idLast6: string): student is StudentDoc =>
  !!student && student.name.trim() === name.trim() && student.idNumber.slice(-6).toUpperCase() === idLast6.trim().toUpperCase();

export function bindStudent(input: { env: BindEnv; existing: UserDoc | null; student: StudentDoc | null; name: string; idLast6: string }): Bound {
  const { env, student } = input;
  notBoundYet(input.existing);
  if (!rosterMatch(student, input.name, input.idLast6)) return refuse('ROSTER_MISMATCH');
  if (student.openid && student.openid !== env.openid) refuse('ROSTER_TAKEN');
  const user = newUser(env, input.existing, { role: 'student', studentNo: student.studentNo });
  const taken = touch<StudentDoc>({
    record: 'student',
    current: student,
    id: student._id,
    action: 'bind',
    actor: { openid: env.openid, role: 'student' },
    now: env.now,
    from: student.openid ? 'bound' : 'imported',
    to: 'bound',
    patch: { openid: env.openid },
  });
  return {
    result: { role: 'student', studentNo: student.studentNo },
    writes: [user.write, { collection: 'students', doc: taken.doc, expectedVersion: student.version }],
    audit: [user.audit, taken.audit],
    outbox: [],
  };
}

/**
 * An invite is stored, and its audit chain kept, under a hash of its code: the code is a credential, and neither the
 * invites collection, the audit log nor verify-audit's report should hand out one that still works. Codes are read
 * aloud and retyped, so the code is trimmed and upper-cased first: a lower-case retyping is the same code.
 */
export const inviteId = (code: string): string =>
  createHash('sha256').update(`invite:${code.trim().toUpperCase()}`).digest('hex').slice(0, 32);

export type NewInvite = Pick<InviteDoc, 'role' | 'collegeId' | 'employerId' | 'expiresAt'>;

/**
 * 签发邀请码: a new code, unused, with the first entry of its chain, both under the code's hash (inviteId); the code
 * itself is not stored. Written with expectedVersion 0: a code drawn twice conflicts.
 */
export function issueInvite(input: { code: string; invite: NewInvite; actor: Actor; now: string }): { write: Write<'invites'>; audit: AuditEntry } {
  const { doc, audit } = touch<InviteDoc>({
    record: 'invite',
    current: null,
    id: inviteId(input.code),
    action: 'issue',
    actor: input.actor,
    now: input.now,
    from: null,
    to: 'issued',
    patch: { ...input.invite, usedBy: null },
  });
  return { write: { collection: 'invites', doc, expectedVersion: 0 }, audit };
}

export const inviteUsable = (invite: InviteDoc | null, now: string): invite is InviteDoc =>
  !!invite && !invite.usedBy && invite.expiresAt > now;

export function redeemInvite(input: { env: BindEnv; existing: UserDoc | null; invite: InviteDoc | null }): Bound {
  const { env, invite } = input;
  notBoundYet(input.existing);
  if (!inviteUsable(invite, env.now)) return refuse('INVITE_INVALID');
  const scope = {
    ...(invite.collegeId ? { collegeId: invite.collegeId } : {}),
    ...(invite.employerId ? { employerId: invite.employerId } : {}),
  };
  const user = newUser(env, input.existing, { role: invite.role, ...scope });
  const used = touch<InviteDoc>({
    record: 'invite',
    current: invite,
    id: invite._id,
    action: 'redeem',
    actor: { openid: env.openid, role: invite.role },
    now: env.now,
    from: 'issued',
    to: 'redeemed',
    patch: { usedBy: env.openid },
  });
  return {
    result: { role: invite.role, ...scope },
    writes: [user.write, { collection: 'invites', doc: used.doc, expectedVersion: invite.version }],
    audit: [user.audit, used.audit],
    outbox: [],
  };
}

export const usccClaimId = (uscc: string): string => `uscc:${uscc}`;

export interface RegistrationFiles {
  /** 营业执照 */
  licence: Attachment[];
  /** 授权书或在职证明 */
  authorization: Attachment[];
}

export const LICENCE_MISSING = '请上传营业执照（照片或 PDF）';
export const AUTHORIZATION_MISSING = '请上传单位出具的授权书或您的在职证明';

/**
 * The school certifies a unit on its 营业执照, and, where it asks, on a letter showing the HR contact acts for the
 * unit: a registration without them leaves the reviewer nothing to check, so it is refused, naming the missing field.
 */
function missingFiles(files: RegistrationFiles, requireHrAuthorization: boolean): void {
  const issues = [
    ...(files.licence.length ? [] : [{ path: 'licenceFiles', message: LICENCE_MISSING }]),
    ...(requireHrAuthorization && !files.authorization.length ? [{ path: 'authorizationFiles', message: AUTHORIZATION_MISSING }] : []),
  ];
  if (issues.length) refuse('INVALID_INPUT', issues.map((i) => i.message).join('；'), issues);
}

/** A unit already registered or certified has an administrator to invite more HR contacts; a rejected one may retry. */
const STANDING: readonly EmployerDoc['state'][] = ['registered', 'certified'];

export function registerEmployer(input: {
  env: BindEnv;
  existing: UserDoc | null;
  /** employers with the same 统一社会信用代码 */
  sameUscc: readonly EmployerDoc[];
  /**
   * The code's registration counter, written with its version in the same commit: two registrations of one
   * code at the same moment conflict there, and the retry sees the first.
   */
  usccClaim: CounterDoc | null;
  /** the unit the caller is already bound to, if they are an employer */
  boundEmployer: EmployerDoc | null;
  employer: Omit<EmployerInfo, 'employerId'>;
  /** the uploads, checked and hashed (app/attachments.ts) */
  files: RegistrationFiles;
  /** SchoolSettings.requireHrAuthorization */
  requireHrAuthorization: boolean;
}): Bound {
  const { env, existing, files } = input;
  // An HR contact whose unit the school rejected registers it again (corrected) from the same WeChat.
  const retrying = isBound(existing) && existing.role === 'employer' && input.boundEmployer?._id === existing.employerId && input.boundEmployer?.state === 'rejected';
  if (!retrying) notBoundYet(existing);
  if (input.sameUscc.some((e) => STANDING.includes(e.state))) {
    refuse('INVALID_TRANSITION', '该统一社会信用代码的单位已注册，请向单位管理员索取邀请码');
  }
  missingFiles(files, input.requireHrAuthorization);
  const registered = step<'employer', EmployerDoc>({
    kind: 'employer',
    current: null,
    id: env.newId(),
    action: 'register',
    actor: { openid: env.openid, role: 'employer' },
    now: env.now,
    patch: {
      ...input.employer,
      licenceFiles: files.licence,
      ...(files.authorization.length ? { authorizationFiles: files.authorization } : {}),
      registrantOpenid: env.openid,
    },
    // the entry seals what the school is asked to certify on: each file's SHA-256 beside the unit's details
    attachments: [...files.licence, ...files.authorization],
  });
  const employerId = registered.doc._id;
  const user = retrying && existing ? rebind(env, existing, employerId) : newUser(env, existing, { role: 'employer', employerId });
  return {
    result: { role: 'employer', employerId },
    writes: [
      { collection: 'employers', doc: registered.doc, expectedVersion: 0 },
      user.write,
      {
        collection: 'counters',
        doc: { _id: usccClaimId(input.employer.uscc), version: (input.usccClaim?.version ?? 0) + 1, value: (input.usccClaim?.value ?? 0) + 1 },
        expectedVersion: input.usccClaim?.version ?? 0,
      },
    ],
    audit: [registered.audit, user.audit],
    outbox: [],
  };
}

const CHECK_NAMES: Record<CheckKind, string> = { source: '生源核查', employment: '就业信息核验' };

/** The roles a user takes in the mini program, and so may release there. */
const RELEASABLE: readonly UserDoc['role'][] = ['student', 'collegeReviewer', 'schoolReviewer', 'employer'];

/**
 * 解除绑定: the caller releases their own binding, to bind again with the right role. The user record's chain records
 * it; a student's roster entry is released too (openid cleared), so that the right WeChat can bind to it. What a
 * student has under way is keyed by the 学号 and stays with the roster entry, but a record someone else is acting on
 * must keep the WeChat that will be told and asked: refused while an agreement is pending or signed (the entry's
 * lock) or a check waits for the college. A reviewer's or a unit's records belong to the college or the unit, not to
 * the WeChat: their binding is released as it is (binding again takes a new invite code).
 */
export function unbindUser(input: {
  env: BindEnv;
  existing: UserDoc | null;
  /** the roster entry a student's binding names, as read */
  student: StudentDoc | null;
  /** the student's checks waiting for the college (state submitted) */
  submittedChecks: readonly CheckKind[];
}): Bound {
  const { env, existing, student } = input;
  if (!isBound(existing)) return refuse('NOT_BOUND');
  if (!RELEASABLE.includes(existing.role)) return refuse('FORBIDDEN');
  const actor: Actor = { openid: env.openid, role: existing.role };
  // the roster entry this WeChat holds, if it still names it back
  const held = existing.role === 'student' && student && student._id === existing.studentNo && student.openid === env.openid ? student : null;
  if (held?.activeAgreementId) {
    refuse('INVALID_TRANSITION', '您有审核中或签约成功的三方协议，不能解除绑定。如需更换绑定的微信，请联系辅导员。');
  }
  const waiting = input.submittedChecks[0];
  if (held && waiting) {
    refuse('INVALID_TRANSITION', `您的${CHECK_NAMES[waiting]}正在等待院系审核，不能解除绑定。请先撤回，或等审核完成后再解除。`);
  }
  const { studentNo: _s, collegeId: _c, employerId: _e, ...kept } = existing;
  const user = touch<UserDoc>({
    record: 'user',
    current: kept,
    id: env.openid,
    action: 'unbind',
    actor,
    now: env.now,
    from: existing.role,
    to: 'unbound',
    patch: { unboundAt: env.now },
  });
  const writes: Write[] = [{ collection: 'users', doc: user.doc, expectedVersion: existing.version }];
  const audit = [user.audit];
  if (held) {
    const freed = touch<StudentDoc>({ record: 'student', current: held, id: held._id, action: 'unbind', actor, now: env.now, from: 'bound', to: 'imported', patch: { openid: null } });
    writes.push({ collection: 'students', doc: freed.doc, expectedVersion: held.version });
    audit.push(freed.audit);
  }
  return {
    result: { role: existing.role, unbound: true, ...(existing.studentNo ? { studentNo: existing.studentNo } : {}) },
    writes,
    audit,
    outbox: [],
  };
}
