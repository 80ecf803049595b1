import { bind, BIND_LIMITS } from '../../server/usecases/bind';
import { review } from '../../server/usecases/review';
import { employerOffer } from '../../server/usecases/employerOffer';
import { verifyChain } from '../../server/domain/audit';
import { inviteId, issueInvite, type NewInvite } from '../../server/domain/binding';
import { touch } from '../../server/domain/machine';
import { withUsccCheck } from '../../server/domain/identifiers';
import type { CollectionName, StudentDoc } from '../../server/domain/types';
import { DEMO_EMPLOYER_ID, DEMO_INVITE_CODE, DEMO_OPENIDS } from '../../server/runtime/seed';
import { DAY, makeSystem, rid, type TestSystem } from '../support/harness';

const WANG = '2026020101';
/** 王五's ID number is 510107200401013459 */
const WANG_LAST6 = '013459';

const WATCHED: CollectionName[] = ['users', 'students', 'invites', 'employers', 'audit', 'outbox', 'requests'];
async function snapshot(sys: TestSystem): Promise<string> {
  return JSON.stringify(await Promise.all(WATCHED.map((c) => sys.all(c))));
}

const asStudent = (studentNo: string, name: string, idLast6: string) => ({ action: 'student', requestId: rid(), studentNo, name, idLast6 });

async function addInvite(sys: TestSystem, code: string, invite: NewInvite): Promise<void> {
  const issued = issueInvite({ code, invite, actor: { openid: 'admin', role: 'admin' }, now: sys.deps.clock().toISOString() });
  await sys.store.commit({ writes: [issued.write], audit: [issued.audit], outbox: [] });
}

const USCC = withUsccCheck('91440101MA5H7K8P1');
const registration = (uscc = USCC) => ({
  action: 'registerEmployer',
  requestId: rid(),
  employer: { name: '广州新单位有限公司', uscc, nature: '39', industry: '65', region: '440305', address: '广州市天河区体育西路1号', contactName: '刘女士', contactPhone: '13600136000' },
});

describe('bind', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  describe('student', () => {
    it('binds a roster entry by 学号, 姓名 and the last six of the ID number, audited on both records', async () => {
      const result = await sys.ok(bind, 'wx-wang', asStudent(WANG, '王五', WANG_LAST6));
      expect(result).toEqual({ role: 'student', studentNo: WANG });

      expect(await sys.store.get('users', 'wx-wang')).toMatchObject({ role: 'student', studentNo: WANG, version: 1 });
      const student = (await sys.store.get('students', WANG))!;
      expect(student).toMatchObject({ openid: 'wx-wang', version: 2 });

      const userAudit = await sys.auditOf('user', 'wx-wang');
      expect(userAudit.map((e) => [e.action, e.from, e.to, e.actor])).toEqual([['bind', null, 'student', { openid: 'wx-wang', role: 'student' }]]);
      const studentAudit = await sys.auditOf('student', WANG);
      expect(studentAudit.map((e) => [e.action, e.from, e.to])).toEqual([['import', null, 'imported'], ['bind', 'imported', 'bound']]);
      expect(verifyChain(studentAudit, student.auditHead)).toBeNull();

      // now reachable: an employer's offer is delivered to the bound WeChat
      await sys.ok(employerOffer, DEMO_OPENIDS.employer, {
        action: 'create', requestId: rid(), studentNo: WANG, studentName: '王五',
        terms: { job: { title: '会计', region: '510107', monthlySalary: 8000, contractYears: 3, startDate: '2026-07-01' }, file: { transfer: false }, hukou: { migrate: false } },
      });
      expect((await sys.all('outbox')).filter((m) => m.to === 'wx-wang').map((m) => m.template)).toEqual(['offerReceived']);
    });

    it('matches an ID number ending in X whichever case is typed', async () => {
      const now = sys.deps.clock().toISOString();
      const { _id, version, createdAt, updatedAt, auditHead, ...base } = (await sys.store.get('students', WANG))!;
      const imported = touch<StudentDoc>({
        record: 'student', current: null, id: '2026020102', action: 'import', actor: { openid: 'admin', role: 'admin' }, now, from: null, to: 'imported',
        patch: { ...base, studentNo: '2026020102', name: '赵六', idNumber: '44030520030410106X', openid: null },
      });
      await sys.store.commit({ writes: [{ collection: 'students', doc: imported.doc, expectedVersion: 0 }], audit: [imported.audit], outbox: [] });
      expect(await sys.ok(bind, 'wx-zhao', asStudent('2026020102', '赵六', '10106x'))).toEqual({ role: 'student', studentNo: '2026020102' });
    });

    it('gives one answer whichever part is wrong, and writes nothing', async () => {
      const before = await snapshot(sys);
      const answers = await Promise.all([
        sys.call(bind, 'wx-wang', asStudent(WANG, '王六', WANG_LAST6)),
        sys.call(bind, 'wx-wang', asStudent(WANG, '王五', '013458')),
        sys.call(bind, 'wx-wang', asStudent('2026999999', '王五', WANG_LAST6)),
      ]);
      for (const a of answers) expect(a).toEqual({ ok: false, code: 'ROSTER_MISMATCH', message: '学号、姓名或身份证后六位与学校名单不一致' });
      expect(await snapshot(sys)).toBe(before);
    });

    it('refuses a roster entry bound to another WeChat', async () => {
      const before = await snapshot(sys);
      expect(await sys.call(bind, 'wx-impostor', asStudent('2026010101', '张三', '151235'))).toEqual({ ok: false, code: 'ROSTER_TAKEN', message: '该学号已被其他微信绑定，请联系辅导员' });
      expect(await snapshot(sys)).toBe(before);
    });

    it('refuses a WeChat that already has a role, whatever it tries to bind', async () => {
      const before = await snapshot(sys);
      expect(await sys.call(bind, DEMO_OPENIDS.student2, asStudent(WANG, '王五', WANG_LAST6))).toMatchObject({ ok: false, code: 'ALREADY_BOUND' });
      expect(await sys.call(bind, DEMO_OPENIDS.collegeReviewer, { action: 'invite', requestId: rid(), code: DEMO_INVITE_CODE })).toMatchObject({ ok: false, code: 'ALREADY_BOUND' });
      expect(await sys.call(bind, DEMO_OPENIDS.employer, registration())).toMatchObject({ ok: false, code: 'ALREADY_BOUND' });
      expect(await sys.call(bind, '', asStudent(WANG, '王五', WANG_LAST6))).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
      expect(await snapshot(sys)).toBe(before);
    });

    it('a retried bind returns the first result and writes nothing more', async () => {
      const event = asStudent(WANG, '王五', WANG_LAST6);
      const first = await sys.ok(bind, 'wx-wang', event);
      const before = await snapshot(sys);
      expect(await sys.ok(bind, 'wx-wang', event)).toEqual(first);
      expect(await snapshot(sys)).toBe(before);
    });
  });

  describe('invite', () => {
    it('an employer invite binds an HR contact to its employer and is used up; a second use is refused', async () => {
      const result = await sys.ok(bind, 'hr-2', { action: 'invite', requestId: rid(), code: DEMO_INVITE_CODE });
      expect(result).toEqual({ role: 'employer', employerId: DEMO_EMPLOYER_ID });
      expect(await sys.store.get('users', 'hr-2')).toMatchObject({ role: 'employer', employerId: DEMO_EMPLOYER_ID });
      expect(await sys.store.get('invites', inviteId(DEMO_INVITE_CODE))).toMatchObject({ usedBy: 'hr-2', version: 2 });
      expect((await sys.auditOf('user', 'hr-2')).map((e) => [e.action, e.to, e.actor.role])).toEqual([['bind', 'employer', 'employer']]);
      // the code's chain: the seed issued it, bind redeemed it in the same commit as the binding
      const inviteAudit = await sys.auditOf('invite', inviteId(DEMO_INVITE_CODE));
      expect(inviteAudit.map((e) => [e.action, e.from, e.to, e.actor])).toEqual([
        ['issue', null, 'issued', { openid: 'admin', role: 'admin' }],
        ['redeem', 'issued', 'redeemed', { openid: 'hr-2', role: 'employer' }],
      ]);
      expect(verifyChain(inviteAudit, (await sys.store.get('invites', inviteId(DEMO_INVITE_CODE)))!.auditHead)).toBeNull();

      const before = await snapshot(sys);
      expect(await sys.call(bind, 'hr-3', { action: 'invite', requestId: rid(), code: DEMO_INVITE_CODE })).toEqual({ ok: false, code: 'INVITE_INVALID', message: '邀请码无效或已过期' });
      expect(await snapshot(sys)).toBe(before);
    });

    it('a reviewer invite carries its college, and a code typed in lower case is the same code', async () => {
      await addInvite(sys, 'EMREV2026', { role: 'collegeReviewer', collegeId: 'em', expiresAt: '2026-06-30T00:00:00.000Z' });
      expect(inviteId(' emrev2026 ')).toBe(inviteId('EMREV2026'));
      expect(inviteId('EMREV2026')).toMatch(/^[0-9a-f]{32}$/);
      expect(await sys.ok(bind, 'teacher-em', { action: 'invite', requestId: rid(), code: 'emrev2026' })).toEqual({ role: 'collegeReviewer', collegeId: 'em' });
      expect(await sys.store.get('invites', inviteId('EMREV2026'))).toMatchObject({ usedBy: 'teacher-em' });
      expect(await sys.store.get('invites', 'EMREV2026')).toBeNull();
      expect(await sys.store.get('users', 'teacher-em')).toMatchObject({ role: 'collegeReviewer', collegeId: 'em' });
      // the new reviewer acts within the college: it may not decide a cs student's check
      const out = await sys.ok(review, 'teacher-em', { requestId: rid(), decision: 'approve', items: [{ record: 'check', id: 'source:2026010101', version: 2 }] });
      expect(out.results[0]).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    });

    it('refuses an expired invite and an unknown code', async () => {
      await addInvite(sys, 'OLDCODE2025', { role: 'schoolReviewer', expiresAt: '2026-03-01T00:00:00.000Z' });
      await addInvite(sys, 'SOONCODE', { role: 'schoolReviewer', expiresAt: new Date(sys.deps.clock().getTime() + DAY).toISOString() });
      sys.advance(2 * DAY);
      const before = await snapshot(sys);
      for (const code of ['OLDCODE2025', 'SOONCODE', 'NOSUCHCODE']) {
        expect(await sys.call(bind, 'wx-new', { action: 'invite', requestId: rid(), code })).toMatchObject({ ok: false, code: 'INVITE_INVALID' });
      }
      expect(await snapshot(sys)).toBe(before);
    });
  });

  describe('guessing', () => {
    it('stops a caller after 10 tries an hour, and any roster entry after 20 tries an hour from all callers', async () => {
      const wrong = (openid: string, studentNo = WANG) => sys.call(bind, openid, asStudent(studentNo, '王五', '000000'));
      for (let i = 0; i < BIND_LIMITS.perCaller.max; i++) expect(await wrong('guesser')).toMatchObject({ code: 'ROSTER_MISMATCH' });
      expect(await wrong('guesser')).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
      // the right answer is refused too while the limit holds: the limit is about tries, not failures
      expect(await sys.call(bind, 'guesser', asStudent(WANG, '王五', WANG_LAST6))).toMatchObject({ code: 'RATE_LIMITED' });

      for (let i = 0; i < BIND_LIMITS.perStudent.max - BIND_LIMITS.perCaller.max; i++) {
        expect(await wrong(`other-${i}`)).toMatchObject({ code: 'ROSTER_MISMATCH' });
      }
      expect(await wrong('yet-another')).toMatchObject({ code: 'RATE_LIMITED' });
      expect(await wrong('yet-another', '2026010101')).toMatchObject({ code: 'ROSTER_MISMATCH' });

      sys.advance(BIND_LIMITS.perCaller.windowMs);
      expect(await sys.ok(bind, 'guesser', asStudent(WANG, '王五', WANG_LAST6))).toMatchObject({ role: 'student' });
    });
  });

  describe('guessing, counted', () => {
    it('a try refused by a limit counts against no limit: with the roster entry\'s tries used up, a new caller\'s own are untouched', async () => {
      // given the roster entry's tries used up by other callers
      const wrong = (openid: string) => sys.call(bind, openid, asStudent(WANG, '王五', '000000'));
      for (let i = 0; i < BIND_LIMITS.perStudent.max; i++) expect(await wrong(`guesser-${i}`)).toMatchObject({ code: 'ROSTER_MISMATCH' });
      // when a new caller tries it
      expect(await wrong('late')).toMatchObject({ code: 'RATE_LIMITED' });
      // then nothing of theirs was counted, and each refused guess before was counted once on both limits
      expect(await sys.store.get('ratelimits', `${BIND_LIMITS.perCaller.name}:late`)).toBeNull();
      expect(await sys.store.get('ratelimits', `${BIND_LIMITS.perCaller.name}:guesser-0`)).toMatchObject({ count: 1 });
      expect(await sys.store.get('ratelimits', `${BIND_LIMITS.perStudent.name}:${WANG}`)).toMatchObject({ count: BIND_LIMITS.perStudent.max });
    });
  });

  describe('registerEmployer', () => {
    it('registers the unit awaiting certification and binds the caller as its employer', async () => {
      const result = await sys.ok(bind, 'hr-new', registration());
      expect(result).toMatchObject({ role: 'employer' });
      const employer = (await sys.store.get('employers', result.employerId!))!;
      expect(employer).toMatchObject({ state: 'registered', uscc: USCC, name: '广州新单位有限公司', registrantOpenid: 'hr-new', version: 1 });
      expect(await sys.store.get('users', 'hr-new')).toMatchObject({ role: 'employer', employerId: result.employerId });
      expect((await sys.auditOf('employer', employer._id)).map((e) => [e.action, e.from, e.to, e.actor])).toEqual([
        ['register', null, 'registered', { openid: 'hr-new', role: 'employer' }],
      ]);
      expect((await sys.auditOf('user', 'hr-new')).map((e) => e.action)).toEqual(['bind']);
    });

    it('the seeded demo unit holds its credit code\'s claim, as a unit the admin imports does: one unit, counted once', async () => {
      const demo = (await sys.store.get('employers', DEMO_EMPLOYER_ID))!;
      expect(await sys.store.get('counters', `uscc:${demo.uscc}`)).toEqual({ _id: `uscc:${demo.uscc}`, version: 1, value: 1 });
    });

    it('refuses a credit code already registered or certified, and allows it again after a rejection', async () => {
      const first = await sys.ok(bind, 'hr-new', registration());
      const before = await snapshot(sys);
      const dup = { ok: false, code: 'INVALID_TRANSITION', message: '该统一社会信用代码的单位已注册，请向单位管理员索取邀请码' };
      expect(await sys.call(bind, 'hr-other', registration())).toEqual(dup);
      expect(await sys.call(bind, 'hr-other', registration(USCC.toLowerCase()))).toEqual(dup);
      expect(await snapshot(sys)).toBe(before);

      await sys.ok(review, DEMO_OPENIDS.schoolReviewer, { requestId: rid(), decision: 'return', reason: '营业执照不清晰', items: [{ record: 'employer', id: first.employerId!, version: 1 }] });
      const second = await sys.ok(bind, 'hr-other', registration());
      expect(second.employerId).not.toBe(first.employerId);

      await sys.ok(review, DEMO_OPENIDS.schoolReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'employer', id: second.employerId!, version: 1 }] });
      expect(await sys.call(bind, 'hr-third', registration())).toEqual(dup);
    });

    it('an HR contact whose unit was rejected registers it again from the same WeChat; any other binding stays refused', async () => {
      const first = await sys.ok(bind, 'hr-new', registration());
      expect(await sys.call(bind, 'hr-new', registration())).toMatchObject({ ok: false, code: 'ALREADY_BOUND' });
      await sys.ok(review, DEMO_OPENIDS.schoolReviewer, { requestId: rid(), decision: 'return', reason: '营业执照不清晰', items: [{ record: 'employer', id: first.employerId!, version: 1 }] });
      const second = await sys.ok(bind, 'hr-new', registration());
      expect(second.employerId).not.toBe(first.employerId);
      expect(await sys.store.get('users', 'hr-new')).toMatchObject({ role: 'employer', employerId: second.employerId, version: 2 });
      expect((await sys.auditOf('user', 'hr-new')).map((e) => [e.action, e.from, e.to])).toEqual([['bind', null, 'employer'], ['bind', 'employer', 'employer']]);
      expect(await sys.call(bind, DEMO_OPENIDS.employer, registration(withUsccCheck('91440300MA5D8K2P2')))).toMatchObject({ ok: false, code: 'ALREADY_BOUND' });
    });

    it('a registration with a wrong credit code or phone is refused field by field, nothing written', async () => {
      const before = await snapshot(sys);
      const good = registration();
      const bad = { ...good, employer: { ...good.employer, uscc: USCC.slice(0, -1) + (USCC.endsWith('0') ? '1' : '0'), contactPhone: '12345' } };
      const result = await sys.call(bind, 'hr-new', bad);
      expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '统一社会信用代码不正确，请核对' });
      expect(!result.ok && result.issues).toEqual([
        { path: 'employer.uscc', message: '统一社会信用代码不正确，请核对' },
        { path: 'employer.contactPhone', message: '联系电话格式不正确' },
      ]);
      expect(await snapshot(sys)).toBe(before);
      expect(await sys.store.get('users', 'hr-new')).toBeNull();
    });

    it('two registrations of one credit code at the same moment: exactly one unit is registered', async () => {
      const results = await Promise.all([sys.call(bind, 'hr-a', registration()), sys.call(bind, 'hr-b', registration())]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
      expect((await sys.all('employers')).filter((e) => e.uscc === USCC)).toHaveLength(1);
      expect(await sys.store.get('counters', `uscc:${USCC}`)).toMatchObject({ value: 1 });
    });
  });
});
