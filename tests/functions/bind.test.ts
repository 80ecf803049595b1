import { bind, BIND_LIMITS } from '../../server/usecases/bind';
import { review } from '../../server/usecases/review';
import { query } from '../../server/usecases/query';
import type { RegisterForm, ReviewDetail } from '../../typings';
import { sha256 } from '../../server/domain/audit';
import { SETTINGS_ID } from '../../server/app/settings';
import { employerOffer } from '../../server/usecases/employerOffer';
import { verifyChain } from '../../server/domain/audit';
import { inviteId, issueInvite, type NewInvite } from '../../server/domain/binding';
import { touch } from '../../server/domain/machine';
import { withUsccCheck } from '../../server/domain/identifiers';
import type { CollectionName, StudentDoc } from '../../server/domain/types';
import { DEMO_EMPLOYER_ID, DEMO_INVITE_CODE, DEMO_OPENIDS } from '../../server/runtime/seed';
import { DAY, makeSystem, rid, type TestSystem } from '../support/harness';
import { registration as withLicence } from '../support/registration';

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
const UNIT = { name: '广州新单位有限公司', uscc: USCC, nature: '39', industry: '65', region: '440305', address: '广州市天河区体育西路1号', contactName: '刘女士', contactPhone: '13600136000' };

describe('bind', () => {
  let sys: TestSystem;
  /** the unit's registration by `openid`, its licence uploaded into their folder */
  const registration = (openid: string, uscc = USCC) => withLicence(sys, openid, { ...UNIT, uscc });
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
      expect(await sys.call(bind, DEMO_OPENIDS.employer, await registration(DEMO_OPENIDS.employer))).toMatchObject({ ok: false, code: 'ALREADY_BOUND' });
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
      const result = await sys.ok(bind, 'hr-new', await registration('hr-new'));
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
      const first = await sys.ok(bind, 'hr-new', await registration('hr-new'));
      const before = await snapshot(sys);
      const dup = { ok: false, code: 'INVALID_TRANSITION', message: '该统一社会信用代码的单位已注册，请向单位管理员索取邀请码' };
      expect(await sys.call(bind, 'hr-other', await registration('hr-other'))).toEqual(dup);
      expect(await sys.call(bind, 'hr-other', await registration('hr-other', USCC.toLowerCase()))).toEqual(dup);
      expect(await snapshot(sys)).toBe(before);

      await sys.ok(review, DEMO_OPENIDS.schoolReviewer, { requestId: rid(), decision: 'return', reason: '营业执照不清晰', items: [{ record: 'employer', id: first.employerId!, version: 1 }] });
      const second = await sys.ok(bind, 'hr-other', await registration('hr-other'));
      expect(second.employerId).not.toBe(first.employerId);

      await sys.ok(review, DEMO_OPENIDS.schoolReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'employer', id: second.employerId!, version: 1 }] });
      expect(await sys.call(bind, 'hr-third', await registration('hr-third'))).toEqual(dup);
    });

    it('an HR contact whose unit was rejected registers it again from the same WeChat; any other binding stays refused', async () => {
      const first = await sys.ok(bind, 'hr-new', await registration('hr-new'));
      expect(await sys.call(bind, 'hr-new', await registration('hr-new'))).toMatchObject({ ok: false, code: 'ALREADY_BOUND' });
      await sys.ok(review, DEMO_OPENIDS.schoolReviewer, { requestId: rid(), decision: 'return', reason: '营业执照不清晰', items: [{ record: 'employer', id: first.employerId!, version: 1 }] });
      const second = await sys.ok(bind, 'hr-new', await registration('hr-new'));
      expect(second.employerId).not.toBe(first.employerId);
      expect(await sys.store.get('users', 'hr-new')).toMatchObject({ role: 'employer', employerId: second.employerId, version: 2 });
      expect((await sys.auditOf('user', 'hr-new')).map((e) => [e.action, e.from, e.to])).toEqual([['bind', null, 'employer'], ['bind', 'employer', 'employer']]);
      expect(await sys.call(bind, DEMO_OPENIDS.employer, await registration(DEMO_OPENIDS.employer, withUsccCheck('91440300MA5D8K2P2')))).toMatchObject({ ok: false, code: 'ALREADY_BOUND' });
    });

    it('a registration with a wrong credit code or phone is refused field by field, nothing written', async () => {
      const before = await snapshot(sys);
      const good = await registration('hr-new');
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

    describe('the files the school certifies on', () => {
      it('given a licence PDF and an authorization photo, when the unit registers, then both are kept on the unit and hashed in its registration entry', async () => {
        const letter = await sys.upload('hr-new', 'letter.jpg');
        const event = await registration('hr-new');
        const result = await sys.ok(bind, 'hr-new', { ...event, authorizationFiles: [letter] });
        const licence = event.licenceFiles[0]!;
        const unit = (await sys.store.get('employers', result.employerId!))!;
        const hashOf = async (fileId: string) => sha256((await sys.deps.files.read(fileId))!);
        expect(unit.licenceFiles).toEqual([{ fileId: licence, sha256: await hashOf(licence) }]);
        expect(unit.authorizationFiles).toEqual([{ fileId: letter, sha256: await hashOf(letter) }]);
        const [entry] = await sys.auditOf('employer', unit._id);
        expect(entry!.attachments).toEqual([...unit.licenceFiles!, ...unit.authorizationFiles!]);
      });

      it('given no licence, when the unit registers, then it is refused naming 营业执照 and nothing is written', async () => {
        const before = await snapshot(sys);
        const result = await sys.call(bind, 'hr-new', { ...(await registration('hr-new')), licenceFiles: [] });
        expect(result).toEqual({ ok: false, code: 'INVALID_INPUT', message: '请上传营业执照（照片或 PDF）', issues: [{ path: 'licenceFiles', message: '请上传营业执照（照片或 PDF）' }] });
        expect(await snapshot(sys)).toBe(before);
      });

      it('given a licence that is not a picture or PDF, or someone else\'s, when the unit registers, then it is refused and nothing is written', async () => {
        const before = await snapshot(sys);
        const text = await sys.upload('hr-new', 'licence.jpg', Buffer.from('not a picture'));
        const wrongKind = await sys.call(bind, 'hr-new', { ...(await registration('hr-new')), licenceFiles: [text] });
        expect(wrongKind).toMatchObject({ ok: false, code: 'INVALID_INPUT', issues: [{ path: 'licenceFiles.0', message: '营业执照第 1 份不是 JPG、PNG 图片或 PDF 文件，请删除后重新上传' }] });
        const theirs = await sys.upload('hr-other', 'licence.pdf');
        expect(await sys.call(bind, 'hr-new', { ...(await registration('hr-new')), licenceFiles: [theirs] })).toMatchObject({ ok: false, code: 'FILE_NOT_OWNED' });
        expect(await snapshot(sys)).toBe(before);
      });

      it('given a school that asks for the HR contact\'s authorization, when it is missing, then the registration is refused naming it; when given, it goes through', async () => {
        const s = (await sys.store.get('settings', SETTINGS_ID))!;
        await sys.store.put('settings', { ...s, requireHrAuthorization: true, version: s.version + 1 }, s.version);
        const before = await snapshot(sys);
        const missing = await sys.call(bind, 'hr-new', await registration('hr-new'));
        expect(missing).toMatchObject({ ok: false, code: 'INVALID_INPUT', issues: [{ path: 'authorizationFiles', message: '请上传单位出具的授权书或您的在职证明' }] });
        expect(await snapshot(sys)).toBe(before);
        const letter = await sys.upload('hr-new', 'letter.pdf');
        expect(await sys.ok(bind, 'hr-new', { ...(await registration('hr-new')), authorizationFiles: [letter] })).toMatchObject({ role: 'employer' });
      });

      it('the school reviewer sees the files through signed links; the rejected unit gets them back to correct', async () => {
        const event = await registration('hr-new');
        const { employerId } = await sys.ok(bind, 'hr-new', event);
        const detail = (await sys.ok(query, DEMO_OPENIDS.schoolReviewer, { view: 'reviewDetail', record: 'employer', id: employerId! })) as ReviewDetail;
        expect(detail.employer).toMatchObject({
          licenceFiles: [{ fileId: event.licenceFiles[0], sha256: expect.stringMatching(/^[0-9a-f]{64}$/), url: expect.stringContaining('&sign=') }],
          authorizationFiles: [],
        });
        await sys.ok(review, DEMO_OPENIDS.schoolReviewer, { requestId: rid(), decision: 'return', reason: '营业执照不清晰', items: [{ record: 'employer', id: employerId!, version: 1 }] });
        const form = (await sys.ok(query, 'hr-new', { view: 'registerForm' })) as RegisterForm;
        expect(form.requireHrAuthorization).toBe(false);
        expect(form.rejected).toMatchObject({ reason: '营业执照不清晰', licenceFiles: [{ fileId: event.licenceFiles[0], url: expect.stringContaining('&sign=') }] });
        // corrected with a new photo, the unit is registered again, awaiting the school
        const sharper = await sys.upload('hr-new', 'licence-sharper.jpg');
        const again = await sys.ok(bind, 'hr-new', { ...(await registration('hr-new')), licenceFiles: [sharper] });
        expect(await sys.store.get('employers', again.employerId!)).toMatchObject({ state: 'registered', licenceFiles: [{ fileId: sharper }] });
      });
    });

    it('two registrations of one credit code at the same moment: exactly one unit is registered', async () => {
      const [a, b] = [await registration('hr-a'), await registration('hr-b')];
      const results = await Promise.all([sys.call(bind, 'hr-a', a), sys.call(bind, 'hr-b', b)]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
      expect((await sys.all('employers')).filter((e) => e.uscc === USCC)).toHaveLength(1);
      expect(await sys.store.get('counters', `uscc:${USCC}`)).toMatchObject({ value: 1 });
    });
  });
});
