import { review } from '../../server/usecases/review';
import { respondOffer } from '../../server/usecases/respondOffer';
import { employerOffer } from '../../server/usecases/employerOffer';
import { bind } from '../../server/usecases/bind';
import { verifyChain } from '../../server/domain/audit';
import { step } from '../../server/domain/machine';
import { studentKeys } from '../../server/domain/parties';
import { withUsccCheck } from '../../server/domain/identifiers';
import type { AgreementDoc, CheckDoc, CollectionName, TerminationDoc } from '../../server/domain/types';
import type { CheckKind } from '../../typings';
import { DEMO_EMPLOYER_ID, DEMO_OPENIDS } from '../../server/runtime/seed';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { registration as withLicence } from '../support/registration';

const CS = DEMO_OPENIDS.collegeReviewer;
const EM = DEMO_OPENIDS.collegeReviewerEm;
const SCHOOL = DEMO_OPENIDS.schoolReviewer;
const ZHANG = '2026010101';
const LI = '2026010102';
const WANG = '2026020101';

const TERMS = {
  job: { title: '数据分析师', region: '440305', monthlySalary: 12000, contractYears: 3, startDate: '2026-07-01' },
  file: { transfer: false },
  hukou: { migrate: false },
};

/** A submitted check, as the student's submitCheck would leave it. */
async function submittedCheck(sys: TestSystem, studentNo: string, kind: CheckKind = 'source'): Promise<CheckDoc> {
  const student = (await sys.store.get('students', studentNo))!;
  const created = step<'check', CheckDoc>({
    kind: 'check', current: null, id: `${kind}:${studentNo}`, action: 'submit',
    actor: { openid: student.openid ?? 'unbound', role: 'student' }, now: sys.deps.clock().toISOString(),
    patch: { kind, ...studentKeys(student), fields: { phone: '13700137000' }, schoolValues: {}, submittedAt: sys.deps.clock().toISOString() },
  });
  await sys.store.commit({ writes: [{ collection: 'checks', doc: created.doc, expectedVersion: 0 }], audit: [created.audit], outbox: [] });
  return created.doc;
}

/** 张三 accepts the seeded offer: an agreement pending college review. */
async function pendingAgreement(sys: TestSystem): Promise<AgreementDoc> {
  const r = await sys.ok(respondOffer, DEMO_OPENIDS.student, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
  return (await sys.store.get('agreements', r.id))!;
}

async function signedAgreement(sys: TestSystem): Promise<AgreementDoc> {
  const a = await pendingAgreement(sys);
  await sys.ok(review, CS, { requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id: a._id, version: 1 }] });
  await sys.ok(review, SCHOOL, { requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id: a._id, version: 2 }] });
  return (await sys.store.get('agreements', a._id))!;
}

/** A termination request, created through the domain step (as requestTermination does). */
async function submittedTermination(sys: TestSystem, a: AgreementDoc): Promise<TerminationDoc> {
  const created = step<'termination', TerminationDoc>({
    kind: 'termination', current: null, id: 'term-1', action: 'submit',
    actor: { openid: a.studentOpenid, role: 'student' }, now: sys.deps.clock().toISOString(),
    patch: {
      studentNo: a.studentNo, studentName: a.studentName, collegeId: a.collegeId, major: a.major,
      agreementId: a._id, explanation: '单位撤销岗位', evidence: [{ fileId: 'uploads/demo-student/letter.jpg', sha256: 'a'.repeat(64) }],
      studentOpenid: a.studentOpenid,
    },
  });
  await sys.store.commit({ writes: [{ collection: 'terminations', doc: created.doc, expectedVersion: 0 }], audit: [created.audit], outbox: [] });
  return created.doc;
}

const WATCHED: CollectionName[] = ['checks', 'agreements', 'terminations', 'employers', 'students', 'offers', 'audit', 'outbox', 'requests'];
/** Everything a review could write, to show that a refusal wrote nothing. */
async function snapshot(sys: TestSystem): Promise<string> {
  const parts = await Promise.all(WATCHED.map(async (c) => [c, await sys.all(c)] as const));
  return JSON.stringify(parts);
}

const reviewMessages = async (sys: TestSystem) => (await sys.all('outbox')).filter((m) => m.template === 'reviewResult');

describe('review', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  describe('checks', () => {
    it('the college reviewer approves a source check of their college; the student is told they may sign', async () => {
      await submittedCheck(sys, LI);
      const out = await sys.ok(review, CS, { requestId: rid(), decision: 'approve', items: [{ record: 'check', id: `source:${LI}`, version: 1 }] });
      expect(out).toEqual({ results: [{ id: `source:${LI}`, ok: true, state: 'approved', version: 2 }], approved: 1, returned: 0, failed: 0, unprocessed: 0 });

      const check = (await sys.store.get('checks', `source:${LI}`))!;
      expect(check.state).toBe('approved');
      const audit = await sys.auditOf('check', check._id);
      expect(audit.map((e) => [e.action, e.from, e.to])).toEqual([['submit', null, 'submitted'], ['approve', 'submitted', 'approved']]);
      expect(audit[1]!.actor).toEqual({ openid: CS, role: 'collegeReviewer' });
      expect(verifyChain(audit, check.auditHead)).toBeNull();

      const [msg] = await reviewMessages(sys);
      expect(msg).toMatchObject({ to: DEMO_OPENIDS.student2, page: 'pkg/check/index?kind=source' });
      expect(msg!.data).toEqual({ thing1: '生源核查', phrase2: '通过', thing3: '可以进行在线签约', time4: '2026年3月2日 10:00' });
      expect(sys.sender.sent.map((m) => m.templateId)).toContain('demo-tmpl-review-result');
    });

    it('the school reviewer returns an employment check of any college, with the reason recorded and sent', async () => {
      await submittedCheck(sys, WANG, 'employment');
      const out = await sys.ok(review, SCHOOL, {
        requestId: rid(), decision: 'return', reason: '单位名称与营业执照不一致', items: [{ record: 'check', id: `employment:${WANG}`, version: 1 }],
      });
      expect(out).toMatchObject({ approved: 0, returned: 1, failed: 0 });
      expect(await sys.store.get('checks', `employment:${WANG}`)).toMatchObject({ state: 'returned', reason: '单位名称与营业执照不一致', version: 2 });
      const audit = await sys.auditOf('check', `employment:${WANG}`);
      expect(audit[1]).toMatchObject({ action: 'return', from: 'submitted', to: 'returned', reason: '单位名称与营业执照不一致', actor: { openid: SCHOOL, role: 'schoolReviewer' } });
      // 王五 has not bound a WeChat: nobody to tell
      expect(await reviewMessages(sys)).toHaveLength(0);
    });

    it('a returned check tells the student 退回 with the reason', async () => {
      await submittedCheck(sys, LI, 'employment');
      await sys.ok(review, CS, { requestId: rid(), decision: 'return', reason: '职位填写不完整', items: [{ record: 'check', id: `employment:${LI}`, version: 1 }] });
      const [msg] = await reviewMessages(sys);
      expect(msg).toMatchObject({ to: DEMO_OPENIDS.student2, page: 'pkg/check/index?kind=employment' });
      expect(msg!.data).toMatchObject({ thing1: '就业信息核验', phrase2: '退回', thing3: '职位填写不完整' });
    });

    it('a reviewer of another college (demo-college-em on a cs record) is refused that item and nothing is written', async () => {
      await submittedCheck(sys, LI);
      const before = await snapshot(sys);
      const out = await sys.ok(review, EM, { requestId: rid(), decision: 'approve', items: [{ record: 'check', id: `source:${LI}`, version: 1 }] });
      expect(out).toEqual({
        results: [{ id: `source:${LI}`, ok: false, code: 'FORBIDDEN', message: '您没有权限进行此操作' }],
        approved: 0, returned: 0, failed: 1, unprocessed: 0,
      });
      expect(await snapshot(sys)).toBe(before);
    });

    it('a stale version is that item\'s CONFLICT, never an overwrite', async () => {
      await submittedCheck(sys, LI);
      await sys.ok(review, CS, { requestId: rid(), decision: 'approve', items: [{ record: 'check', id: `source:${LI}`, version: 1 }] });
      const before = await snapshot(sys);
      const out = await sys.ok(review, SCHOOL, { requestId: rid(), decision: 'return', reason: '照片不清晰', items: [{ record: 'check', id: `source:${LI}`, version: 1 }] });
      expect(out.results).toEqual([{ id: `source:${LI}`, ok: false, code: 'CONFLICT', message: '该记录已被他人更新，请刷新后重试' }]);
      expect(await snapshot(sys)).toBe(before);
      expect((await sys.store.get('checks', `source:${LI}`))!.state).toBe('approved');
    });

    it('out of scope is answered before a stale version: a stranger learns nothing from CONFLICT', async () => {
      await submittedCheck(sys, LI);
      const before = await snapshot(sys);
      const out = await sys.ok(review, EM, { requestId: rid(), decision: 'approve', items: [{ record: 'check', id: `source:${LI}`, version: 9 }] });
      expect(out.results[0]).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await snapshot(sys)).toBe(before);
    });

    it('a return reason is stored and sent without its surrounding spaces', async () => {
      await submittedCheck(sys, LI);
      await sys.ok(review, CS, { requestId: rid(), decision: 'return', reason: '  手机号有误  ', items: [{ record: 'check', id: `source:${LI}`, version: 1 }] });
      expect((await sys.store.get('checks', `source:${LI}`))!.reason).toBe('手机号有误');
      expect((await sys.auditOf('check', `source:${LI}`))[1]!.reason).toBe('手机号有误');
      expect((await reviewMessages(sys))[0]!.data.thing3).toBe('手机号有误');
    });

    it('approving a check already decided is an invalid transition', async () => {
      const out = await sys.ok(review, CS, { requestId: rid(), decision: 'approve', items: [{ record: 'check', id: `source:${ZHANG}`, version: 2 }] });
      expect(out.results[0]).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    });
  });

  describe('batches', () => {
    it('return without a reason refuses the whole batch before any write', async () => {
      await submittedCheck(sys, LI);
      await submittedCheck(sys, LI, 'employment');
      const items = [{ record: 'check', id: `source:${LI}`, version: 1 }, { record: 'check', id: `employment:${LI}`, version: 1 }];
      const before = await snapshot(sys);
      expect(await sys.call(review, CS, { requestId: rid(), decision: 'return', items })).toMatchObject({ ok: false, code: 'REASON_REQUIRED', message: '请填写原因' });
      expect(await sys.call(review, CS, { requestId: rid(), decision: 'return', reason: '   ', items })).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
      expect(await snapshot(sys)).toBe(before);
    });

    it('a mixed batch answers per item: one stale, one good, one out of scope, one missing', async () => {
      await submittedCheck(sys, LI);
      await submittedCheck(sys, LI, 'employment');
      await submittedCheck(sys, WANG);
      const wangBefore = await sys.store.get('checks', `source:${WANG}`);
      const out = await sys.ok(review, CS, {
        requestId: rid(),
        decision: 'approve',
        items: [
          { record: 'check', id: `source:${LI}`, version: 5 },
          { record: 'check', id: `employment:${LI}`, version: 1 },
          { record: 'check', id: `source:${WANG}`, version: 1 },
          { record: 'agreement', id: 'no-such-agreement', version: 1 },
        ],
      });
      expect(out.results.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['CONFLICT', 'ok', 'FORBIDDEN', 'NOT_FOUND']);
      expect(out).toMatchObject({ approved: 1, returned: 0, failed: 3 });
      expect(out.results[1]).toEqual({ id: `employment:${LI}`, ok: true, state: 'approved', version: 2 });
      expect((await sys.store.get('checks', `source:${LI}`))!).toMatchObject({ state: 'submitted', version: 1 });
      expect(await sys.store.get('checks', `source:${WANG}`)).toEqual(wangBefore);
      expect((await sys.auditOf('check', `source:${WANG}`)).map((e) => e.action)).toEqual(['submit']);
      expect(await reviewMessages(sys)).toHaveLength(1);
    });

    it('a batch retried with the same requestId gives the same outcome and writes nothing more', async () => {
      await submittedCheck(sys, LI);
      await submittedCheck(sys, LI, 'employment');
      await submittedCheck(sys, WANG);
      const event = {
        requestId: rid(),
        decision: 'approve',
        items: [
          { record: 'check', id: `source:${LI}`, version: 1 },
          { record: 'check', id: `employment:${LI}`, version: 3 },
          { record: 'check', id: `source:${WANG}`, version: 1 },
        ],
      };
      const first = await sys.ok(review, CS, event);
      expect(first).toMatchObject({ approved: 1, failed: 2 });
      const before = await snapshot(sys);
      const again = await sys.ok(review, CS, event);
      expect(again).toEqual(first);
      expect(await snapshot(sys)).toBe(before);
      expect((await sys.auditOf('check', `source:${LI}`)).map((e) => e.action)).toEqual(['submit', 'approve']);
    });

    it('a caller who is not a reviewer is refused the whole call', async () => {
      await submittedCheck(sys, LI);
      const items = [{ record: 'check', id: `source:${LI}`, version: 1 }];
      const before = await snapshot(sys);
      expect(await sys.call(review, DEMO_OPENIDS.student, { requestId: rid(), decision: 'approve', items })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await sys.call(review, DEMO_OPENIDS.employer, { requestId: rid(), decision: 'approve', items })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await sys.call(review, 'stranger', { requestId: rid(), decision: 'approve', items })).toMatchObject({ ok: false, code: 'NOT_BOUND' });
      expect(await sys.call(review, CS, { requestId: rid(), decision: 'approve', items: [] })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(await snapshot(sys)).toBe(before);
    });
  });

  describe('agreements', () => {
    it('full chain: source check → offer → accept → college approve → school approve → signed, with every message', async () => {
      await submittedCheck(sys, LI);
      await sys.ok(review, CS, { requestId: rid(), decision: 'approve', items: [{ record: 'check', id: `source:${LI}`, version: 1 }] });
      const offer = await sys.ok(employerOffer, DEMO_OPENIDS.employer, { action: 'create', requestId: rid(), studentNo: LI, studentName: '李四', terms: TERMS });
      const accepted = await sys.ok(respondOffer, DEMO_OPENIDS.student2, { action: 'accept', requestId: rid(), offerId: offer.id, version: 1 });
      const id = accepted.id;

      const college = await sys.ok(review, CS, { requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id, version: 1 }] });
      expect(college.results[0]).toEqual({ id, ok: true, state: 'pendingSchool', version: 2 });
      sys.advance(3_600_000);
      const school = await sys.ok(review, SCHOOL, { requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id, version: 2 }] });
      expect(school.results[0]).toEqual({ id, ok: true, state: 'signed', version: 3 });

      const agreement = (await sys.store.get('agreements', id))!;
      expect(agreement).toMatchObject({ state: 'signed', signedAt: '2026-03-02T03:00:00.000Z', employerId: DEMO_EMPLOYER_ID });
      expect((await sys.store.get('students', LI))!.activeAgreementId).toBe(id);
      const audit = await sys.auditOf('agreement', id);
      expect(audit.map((e) => [e.action, e.from, e.to, e.actor.openid])).toEqual([
        ['createFromOffer', null, 'pendingCollege', DEMO_OPENIDS.student2],
        ['collegeApprove', 'pendingCollege', 'pendingSchool', CS],
        ['schoolApprove', 'pendingSchool', 'signed', SCHOOL],
      ]);
      expect(verifyChain(audit, agreement.auditHead)).toBeNull();

      const outbox = await sys.all('outbox');
      const mine = outbox.filter((m) => m.to === DEMO_OPENIDS.student2);
      expect(mine.map((m) => [m.template, m.data.thing1, m.data.phrase2 ?? m.data.thing2])).toEqual([
        ['reviewResult', '生源核查', '通过'],
        ['offerReceived', '深圳示例科技有限公司', '数据分析师'],
        ['reviewResult', '三方协议院系审核', '通过'],
        ['reviewResult', '三方协议学校审核', '签约成功'],
      ]);
      const toEmployer = outbox.filter((m) => m.to === DEMO_OPENIDS.employer);
      expect(toEmployer.map((m) => [m.template, m.data.phrase2])).toEqual([['offerAnswered', '已应约'], ['reviewResult', '签约成功']]);
      expect(toEmployer[1]!.data.thing1).toBe('李四的三方协议');
      expect([...mine, ...toEmployer].every((m) => m.state === 'sent')).toBe(true);
    });

    it('a school reviewer at the college stage is refused: college review comes first', async () => {
      const a = await pendingAgreement(sys);
      const before = await snapshot(sys);
      const out = await sys.ok(review, SCHOOL, { requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id: a._id, version: 1 }] });
      expect(out.results[0]).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await snapshot(sys)).toBe(before);
    });

    it('a college reviewer at the school stage, or of another college, is refused', async () => {
      const a = await pendingAgreement(sys);
      const em = await sys.ok(review, EM, { requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id: a._id, version: 1 }] });
      expect(em.results[0]).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      await sys.ok(review, CS, { requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id: a._id, version: 1 }] });
      const before = await snapshot(sys);
      const cs = await sys.ok(review, CS, { requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id: a._id, version: 2 }] });
      expect(cs.results[0]).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await snapshot(sys)).toBe(before);
    });

    it('a college return keeps the student\'s lock, records reason and stage, and tells student and employer', async () => {
      const a = await pendingAgreement(sys);
      const out = await sys.ok(review, CS, { requestId: rid(), decision: 'return', reason: '报到日期有误', items: [{ record: 'agreement', id: a._id, version: 1 }] });
      expect(out).toMatchObject({ returned: 1, failed: 0 });
      expect(await sys.store.get('agreements', a._id)).toMatchObject({ state: 'returned', returnReason: '报到日期有误', returnedAt: 'college', version: 2 });
      expect((await sys.store.get('students', ZHANG))!.activeAgreementId).toBe(a._id);
      expect((await sys.auditOf('agreement', a._id))[1]).toMatchObject({ action: 'collegeReturn', from: 'pendingCollege', to: 'returned', reason: '报到日期有误' });
      const msgs = await reviewMessages(sys);
      expect(msgs.map((m) => [m.to, m.data.phrase2, m.data.thing3])).toEqual([
        [DEMO_OPENIDS.student, '退回', '报到日期有误'],
        [DEMO_OPENIDS.employer, '退回', '报到日期有误'],
      ]);
      expect(msgs[0]!.page).toBe(`pkg/agreement/index?id=${a._id}`);
    });

    it('a school return records the school stage; a college approval tells only the student', async () => {
      const a = await pendingAgreement(sys);
      await sys.ok(review, CS, { requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id: a._id, version: 1 }] });
      expect((await reviewMessages(sys)).map((m) => m.to)).toEqual([DEMO_OPENIDS.student]);
      await sys.ok(review, SCHOOL, { requestId: rid(), decision: 'return', reason: '月薪低于当地最低工资', items: [{ record: 'agreement', id: a._id, version: 2 }] });
      expect(await sys.store.get('agreements', a._id)).toMatchObject({ state: 'returned', returnedAt: 'school', returnReason: '月薪低于当地最低工资' });
      expect((await sys.auditOf('agreement', a._id)).map((e) => e.action)).toEqual(['createFromOffer', 'collegeApprove', 'schoolReturn']);
      expect((await sys.store.get('students', ZHANG))!.activeAgreementId).toBe(a._id);
    });

    it('a returned agreement waits for its author: neither stage may decide it', async () => {
      const a = await pendingAgreement(sys);
      await sys.ok(review, CS, { requestId: rid(), decision: 'return', reason: '报到日期有误', items: [{ record: 'agreement', id: a._id, version: 1 }] });
      const before = await snapshot(sys);
      for (const reviewer of [CS, SCHOOL]) {
        const out = await sys.ok(review, reviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id: a._id, version: 2 }] });
        expect(out.results[0]).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
      }
      expect(await snapshot(sys)).toBe(before);
    });

    it('a signed agreement cannot be reviewed again', async () => {
      const a = await signedAgreement(sys);
      const out = await sys.ok(review, SCHOOL, { requestId: rid(), decision: 'return', reason: '重复', items: [{ record: 'agreement', id: a._id, version: 3 }] });
      expect(out.results[0]).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    });
  });

  describe('terminations', () => {
    it('approval terminates the agreement and releases the student\'s lock in one commit', async () => {
      const a = await signedAgreement(sys);
      const t = await submittedTermination(sys, a);
      const before = (await sys.all('outbox')).length;
      const out = await sys.ok(review, SCHOOL, { requestId: rid(), decision: 'approve', items: [{ record: 'termination', id: t._id, version: 1 }] });
      expect(out.results[0]).toEqual({ id: t._id, ok: true, state: 'approved', version: 2 });

      expect((await sys.store.get('terminations', t._id))!.state).toBe('approved');
      const agreement = (await sys.store.get('agreements', a._id))!;
      expect(agreement).toMatchObject({ state: 'terminated', version: 4 });
      expect((await sys.store.get('students', ZHANG))!.activeAgreementId).toBeNull();
      expect((await sys.auditOf('termination', t._id)).map((e) => [e.action, e.to, e.actor.role])).toEqual([
        ['submit', 'submitted', 'student'],
        ['approve', 'approved', 'schoolReviewer'],
      ]);
      const agreementAudit = await sys.auditOf('agreement', a._id);
      expect(agreementAudit[3]).toMatchObject({ action: 'terminate', from: 'signed', to: 'terminated', actor: { openid: SCHOOL, role: 'schoolReviewer' } });
      expect(verifyChain(agreementAudit, agreement.auditHead)).toBeNull();

      const fresh = (await sys.all('outbox')).slice(before);
      expect(fresh.map((m) => [m.to, m.data.phrase2])).toEqual([[DEMO_OPENIDS.student, '解约成功'], [DEMO_OPENIDS.employer, '解约成功']]);
      expect(fresh[0]!.page).toBe(`pkg/termination/index?agreementId=${a._id}`);
    });

    it('rejection records the reason, keeps the agreement signed and the lock held, and tells only the student', async () => {
      const a = await signedAgreement(sys);
      const t = await submittedTermination(sys, a);
      const before = (await sys.all('outbox')).length;
      await sys.ok(review, SCHOOL, { requestId: rid(), decision: 'return', reason: '缺少单位盖章的解约函', items: [{ record: 'termination', id: t._id, version: 1 }] });
      expect(await sys.store.get('terminations', t._id)).toMatchObject({ state: 'rejected', reason: '缺少单位盖章的解约函' });
      expect((await sys.auditOf('termination', t._id))[1]).toMatchObject({ action: 'reject', reason: '缺少单位盖章的解约函' });
      expect((await sys.store.get('agreements', a._id))!.state).toBe('signed');
      expect((await sys.store.get('students', ZHANG))!.activeAgreementId).toBe(a._id);
      const fresh = (await sys.all('outbox')).slice(before);
      expect(fresh.map((m) => [m.to, m.data.phrase2, m.data.thing3])).toEqual([[DEMO_OPENIDS.student, '退回', '缺少单位盖章的解约函']]);
    });

    it('approval audits the release of the lock on the student record and bumps the agreement\'s termination counter', async () => {
      const a = await signedAgreement(sys);
      const t = await submittedTermination(sys, a);
      await sys.ok(review, SCHOOL, { requestId: rid(), decision: 'approve', items: [{ record: 'termination', id: t._id, version: 1 }] });
      const studentAudit = await sys.auditOf('student', ZHANG);
      expect(studentAudit[studentAudit.length - 1]).toMatchObject({ action: 'unlock', from: 'signing', to: 'free', actor: { openid: SCHOOL, role: 'schoolReviewer' } });
      expect(verifyChain(studentAudit, (await sys.store.get('students', ZHANG))!.auditHead)).toBeNull();
      expect(await sys.store.get('counters', `termination:${a._id}`)).toMatchObject({ value: 1 });
    });

    it('a decided request cannot be decided again', async () => {
      const a = await signedAgreement(sys);
      const t = await submittedTermination(sys, a);
      await sys.ok(review, SCHOOL, { requestId: rid(), decision: 'return', reason: '缺少解约函', items: [{ record: 'termination', id: t._id, version: 1 }] });
      const before = await snapshot(sys);
      const out = await sys.ok(review, SCHOOL, { requestId: rid(), decision: 'approve', items: [{ record: 'termination', id: t._id, version: 2 }] });
      expect(out.results[0]).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
      expect(await snapshot(sys)).toBe(before);
      expect((await sys.store.get('agreements', a._id))!.state).toBe('signed');
    });

    it('college reviewers cannot decide terminations, even of their own college', async () => {
      const a = await signedAgreement(sys);
      const t = await submittedTermination(sys, a);
      const before = await snapshot(sys);
      const out = await sys.ok(review, CS, { requestId: rid(), decision: 'approve', items: [{ record: 'termination', id: t._id, version: 1 }] });
      expect(out.results[0]).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await snapshot(sys)).toBe(before);
    });
  });

  describe('employers', () => {
    const registration = (uscc: string) =>
      withLicence(sys, 'hr-new', { name: '广州新单位有限公司', uscc, nature: '39', industry: '65', region: '440305', address: '广州市天河区体育西路1号', contactName: '刘女士', contactPhone: '13600136000' });

    it('certify: the registrant is told and may then send offers', async () => {
      const { employerId } = await sys.ok(bind, 'hr-new', await registration(withUsccCheck('91440101MA5H7K8P1')));
      const out = await sys.ok(review, SCHOOL, { requestId: rid(), decision: 'approve', items: [{ record: 'employer', id: employerId!, version: 1 }] });
      expect(out.results[0]).toEqual({ id: employerId, ok: true, state: 'certified', version: 2 });
      expect((await sys.auditOf('employer', employerId!)).map((e) => [e.action, e.from, e.to])).toEqual([['register', null, 'registered'], ['certify', 'registered', 'certified']]);
      const [msg] = await reviewMessages(sys);
      expect(msg).toMatchObject({ to: 'hr-new', data: { thing1: '单位认证', phrase2: '通过' } });
      await sys.ok(employerOffer, 'hr-new', { action: 'create', requestId: rid(), studentNo: WANG, studentName: '王五', terms: TERMS });
    });

    it('reject: the reason is kept and sent to the registrant', async () => {
      const { employerId } = await sys.ok(bind, 'hr-new', await registration(withUsccCheck('91440101MA5H7K8P1')));
      await sys.ok(review, SCHOOL, { requestId: rid(), decision: 'return', reason: '营业执照已吊销', items: [{ record: 'employer', id: employerId!, version: 1 }] });
      expect(await sys.store.get('employers', employerId!)).toMatchObject({ state: 'rejected', reason: '营业执照已吊销' });
      expect((await sys.auditOf('employer', employerId!))[1]).toMatchObject({ action: 'reject', reason: '营业执照已吊销', actor: { role: 'schoolReviewer' } });
      const [msg] = await reviewMessages(sys);
      expect(msg).toMatchObject({ to: 'hr-new', data: { phrase2: '退回', thing3: '营业执照已吊销' } });
    });

    it('a unit already decided cannot be decided again', async () => {
      const { employerId } = await sys.ok(bind, 'hr-new', await registration(withUsccCheck('91440101MA5H7K8P1')));
      await sys.ok(review, SCHOOL, { requestId: rid(), decision: 'approve', items: [{ record: 'employer', id: employerId!, version: 1 }] });
      const before = await snapshot(sys);
      const out = await sys.ok(review, SCHOOL, { requestId: rid(), decision: 'return', reason: '重新核查', items: [{ record: 'employer', id: employerId!, version: 2 }] });
      expect(out.results[0]).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
      expect(await snapshot(sys)).toBe(before);
    });

    it('college reviewers cannot certify employers', async () => {
      const { employerId } = await sys.ok(bind, 'hr-new', await registration(withUsccCheck('91440101MA5H7K8P1')));
      const before = await snapshot(sys);
      const out = await sys.ok(review, CS, { requestId: rid(), decision: 'approve', items: [{ record: 'employer', id: employerId!, version: 1 }] });
      expect(out.results[0]).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await snapshot(sys)).toBe(before);
    });
  });
});
