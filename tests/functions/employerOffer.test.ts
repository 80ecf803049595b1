import { employerOffer } from '../../server/usecases/employerOffer';
import { respondOffer } from '../../server/usecases/respondOffer';
import { review } from '../../server/usecases/review';
import { bind } from '../../server/usecases/bind';
import { expireOffers } from '../../server/usecases/expireOffers';
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { step, touch } from '../../server/domain/machine';
import { withUsccCheck } from '../../server/domain/identifiers';
import type { Actor, CollectionName, EmployerDoc, UserDoc } from '../../server/domain/types';
import { DEMO_EMPLOYER_ID, DEMO_OPENIDS } from '../../server/runtime/seed';
import { DAY, T0, makeSystem, rid, type TestSystem } from '../support/harness';
import { registration } from '../support/registration';

const HR = DEMO_OPENIDS.employer;
const OTHER_HR = 'hr-other';
const ZHANG = '2026010101';
const LI = '2026010102';
const WANG = '2026020101';

const TERMS = {
  job: { title: '数据分析师', region: '440305', monthlySalary: 12000, contractYears: 3, startDate: '2026-07-01' },
  file: { transfer: false },
  hukou: { migrate: false },
};
const NEW_TERMS = {
  job: { title: '高级数据分析师', region: '440305', monthlySalary: 16000, contractYears: 3, startDate: '2026-07-15' },
  file: { transfer: true, receiver: '深圳市人才交流服务中心', address: '深圳市福田区深南大道1号', postcode: '518000' },
  hukou: { migrate: true, address: '深圳市南山区集体户' },
  remarks: '提供人才公寓',
};

/** A second certified employer with its own HR contact, as the admin's library import would leave it. */
async function otherEmployer(sys: TestSystem): Promise<void> {
  const admin: Actor = { openid: 'admin', role: 'admin' };
  const now = sys.deps.clock().toISOString();
  const e = step<'employer', EmployerDoc>({
    kind: 'employer', current: null, id: 'emp-other', action: 'import', actor: admin, now,
    patch: { name: '北京另一家公司', uscc: withUsccCheck('91110000MA01ABCD1'), nature: '39', industry: '65', region: '110101', address: '北京市东城区1号', contactName: '周先生', contactPhone: '13500135000' },
  });
  const u = touch<UserDoc>({ record: 'user', current: null, id: OTHER_HR, action: 'bind', actor: admin, now, from: null, to: 'employer', patch: { role: 'employer', employerId: 'emp-other' } });
  await sys.store.commit({
    writes: [{ collection: 'employers', doc: e.doc, expectedVersion: 0 }, { collection: 'users', doc: u.doc, expectedVersion: 0 }],
    audit: [e.audit, u.audit],
    outbox: [],
  });
}

const WATCHED: CollectionName[] = ['offers', 'agreements', 'students', 'audit', 'outbox', 'requests'];
async function snapshot(sys: TestSystem): Promise<string> {
  return JSON.stringify(await Promise.all(WATCHED.map((c) => sys.all(c))));
}

const create = (studentNo: string, studentName: string, extra: Record<string, unknown> = {}) => ({
  action: 'create', requestId: rid(), studentNo, studentName, terms: TERMS, ...extra,
});

describe('employerOffer', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  describe('create', () => {
    it('sends an offer with the employer snapshot and the chosen validity, and tells a bound student', async () => {
      const result = await sys.ok(employerOffer, HR, create(LI, '李四', { validDays: 7 }));
      expect(result).toMatchObject({ record: 'offer', state: 'open', version: 1 });

      const offer = (await sys.store.get('offers', result.id))!;
      expect(offer).toMatchObject({
        studentNo: LI, studentName: '李四', collegeId: 'cs', major: '计算机科学与技术',
        employerId: DEMO_EMPLOYER_ID, senderOpenid: HR, terms: TERMS,
        expiresAt: new Date(Date.parse(T0) + 7 * DAY).toISOString(),
      });
      expect(offer.employer).toMatchObject({ employerId: DEMO_EMPLOYER_ID, name: '深圳示例科技有限公司', contactName: '陈经理' });
      const audit = await sys.auditOf('offer', result.id);
      expect(audit.map((e) => [e.action, e.from, e.to, e.actor.openid, e.actor.role])).toEqual([['create', null, 'open', HR, 'employer']]);

      const msgs = (await sys.all('outbox')).filter((m) => m.to === DEMO_OPENIDS.student2);
      expect(msgs).toHaveLength(1);
      expect(msgs[0]).toMatchObject({ template: 'offerReceived', page: `pkg/offer/index?id=${result.id}`, state: 'sent' });
      expect(msgs[0]!.data).toEqual({ thing1: '深圳示例科技有限公司', thing2: '数据分析师', time3: '2026年3月9日 10:00' });
    });

    it('defaults the validity to the school setting, and queues no message for a student not yet bound', async () => {
      const outboxBefore = (await sys.all('outbox')).length;
      const result = await sys.ok(employerOffer, HR, create(WANG, ' 王五 '));
      expect((await sys.store.get('offers', result.id))!.expiresAt).toBe(new Date(Date.parse(T0) + 14 * DAY).toISOString());
      expect((await sys.all('outbox')).length).toBe(outboxBefore);
    });

    it('refuses a 学号 and 姓名 that do not match the roster, writing nothing', async () => {
      const before = await snapshot(sys);
      for (const [no, name] of [[LI, '李五'], ['2026999999', '李四']] as const) {
        expect(await sys.call(employerOffer, HR, create(no, name))).toEqual({ ok: false, code: 'ROSTER_MISMATCH', message: '学号与姓名不匹配' });
      }
      expect(await snapshot(sys)).toBe(before);
    });

    it('refuses a second open offer from the same employer to the same student; another employer may still send', async () => {
      const before = await snapshot(sys);
      expect(await sys.call(employerOffer, HR, create(ZHANG, '张三'))).toEqual({ ok: false, code: 'INVALID_TRANSITION', message: '已向该学生发出邀约，请勿重复发送' });
      expect(await snapshot(sys)).toBe(before);
      await otherEmployer(sys);
      await sys.ok(employerOffer, OTHER_HR, create(ZHANG, '张三'));
      expect((await sys.all('offers')).filter((o) => o.studentNo === ZHANG && o.state === 'open')).toHaveLength(2);
    });

    it('the seeded offer to 张三 is counted by its claim like any sent here: after it lapses, the next makes the claim 2', async () => {
      sys.advance(15 * DAY);
      await sys.ok(employerOffer, HR, create(ZHANG, '张三'));
      const sent = (await sys.all('offers')).filter((o) => o.employerId === DEMO_EMPLOYER_ID && o.studentNo === ZHANG);
      expect(sent).toHaveLength(2);
      expect(await sys.store.get('counters', `offersTo:${ZHANG}`)).toEqual({ _id: `offersTo:${ZHANG}`, version: 2, value: 2 });
    });

    it('an offer past its expiry no longer blocks a new one, even before the timer marks it expired', async () => {
      sys.advance(15 * DAY);
      await sys.ok(employerOffer, HR, create(ZHANG, '张三'));
      expect((await sys.all('offers')).filter((o) => o.employerId === DEMO_EMPLOYER_ID && o.studentNo === ZHANG)).toHaveLength(2);
    });

    it('refuses an employer not certified by the school, and callers who are not employers', async () => {
      const registered = await sys.ok(bind, 'hr-new', await registration(sys, 'hr-new', { name: '待认证公司', uscc: withUsccCheck('91440101MA5H7K8P1'), nature: '39', industry: '65', region: '440305', address: '广州市天河区1号', contactName: '刘女士', contactPhone: '13600136000' }));
      const before = await snapshot(sys);
      expect(await sys.call(employerOffer, 'hr-new', create(LI, '李四'))).toEqual({ ok: false, code: 'EMPLOYER_NOT_CERTIFIED', message: '单位尚未通过学校认证，暂不能发起邀约' });
      await sys.ok(review, DEMO_OPENIDS.schoolReviewer, { requestId: rid(), decision: 'return', reason: '资料不全', items: [{ record: 'employer', id: registered.employerId!, version: 1 }] });
      const afterReject = await snapshot(sys);
      expect(await sys.call(employerOffer, 'hr-new', create(LI, '李四'))).toMatchObject({ ok: false, code: 'EMPLOYER_NOT_CERTIFIED' });
      expect(await sys.call(employerOffer, DEMO_OPENIDS.student, create(LI, '李四'))).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await sys.call(employerOffer, 'stranger', create(LI, '李四'))).toMatchObject({ ok: false, code: 'NOT_BOUND' });
      expect(await snapshot(sys)).toBe(afterReject);
      expect(afterReject).not.toBe(before);
    });

    it('a retried create returns the first result and sends one offer', async () => {
      const event = create(LI, '李四');
      const first = await sys.ok(employerOffer, HR, event);
      const before = await snapshot(sys);
      expect(await sys.ok(employerOffer, HR, event)).toEqual(first);
      expect(await snapshot(sys)).toBe(before);
    });
  });

  describe('edit and withdraw', () => {
    it('edit replaces the terms of the employer\'s own open offer; the expiry moves only when validDays is given', async () => {
      const seeded = (await sys.store.get('offers', 'offer-demo-1'))!;
      sys.advance(DAY);
      const r1 = await sys.ok(employerOffer, HR, { action: 'edit', requestId: rid(), offerId: 'offer-demo-1', version: 1, terms: NEW_TERMS });
      expect(r1).toEqual({ record: 'offer', id: 'offer-demo-1', state: 'open', version: 2 });
      const edited = (await sys.store.get('offers', 'offer-demo-1'))!;
      expect(edited.terms).toEqual(NEW_TERMS);
      expect(edited.expiresAt).toBe(seeded.expiresAt);

      await sys.ok(employerOffer, HR, { action: 'edit', requestId: rid(), offerId: 'offer-demo-1', version: 2, terms: TERMS, validDays: 30 });
      expect((await sys.store.get('offers', 'offer-demo-1'))!.expiresAt).toBe(new Date(Date.parse(T0) + 31 * DAY).toISOString());
      expect((await sys.auditOf('offer', 'offer-demo-1')).map((e) => [e.action, e.from, e.to])).toEqual([
        ['create', null, 'open'], ['edit', 'open', 'open'], ['edit', 'open', 'open'],
      ]);
      // 张三 is told each time: what he checked is no longer what the offer says
      const told = (await sys.all('outbox')).filter((m) => m.to === DEMO_OPENIDS.student && m.data.thing1?.endsWith('（已修改）'));
      expect(told.map((m) => [m.template, m.page, m.data.thing2])).toEqual([
        ['offerReceived', 'pkg/offer/index?id=offer-demo-1', NEW_TERMS.job.title],
        ['offerReceived', 'pkg/offer/index?id=offer-demo-1', TERMS.job.title],
      ]);
    });

    it('another employer\'s offer is not found for edit or withdraw, and nothing is written', async () => {
      await otherEmployer(sys);
      const before = await snapshot(sys);
      expect(await sys.call(employerOffer, OTHER_HR, { action: 'edit', requestId: rid(), offerId: 'offer-demo-1', version: 1, terms: NEW_TERMS })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      expect(await sys.call(employerOffer, OTHER_HR, { action: 'withdraw', requestId: rid(), offerId: 'offer-demo-1', version: 1 })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      expect(await sys.call(employerOffer, HR, { action: 'withdraw', requestId: rid(), offerId: 'no-such-offer', version: 1 })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      expect(await snapshot(sys)).toBe(before);
    });

    it('a stale version is a CONFLICT; an offer past expiry cannot be edited', async () => {
      const before = await snapshot(sys);
      expect(await sys.call(employerOffer, HR, { action: 'edit', requestId: rid(), offerId: 'offer-demo-1', version: 4, terms: NEW_TERMS })).toMatchObject({ ok: false, code: 'CONFLICT' });
      sys.advance(15 * DAY);
      expect(await sys.call(employerOffer, HR, { action: 'edit', requestId: rid(), offerId: 'offer-demo-1', version: 1, terms: NEW_TERMS, validDays: 7 })).toMatchObject({ ok: false, code: 'OFFER_EXPIRED' });
      expect(await snapshot(sys)).toBe(before);
    });

    it('an offer past its deadline cannot be withdrawn either, so the student is sent no 已撤回 about it', async () => {
      sys.advance(15 * DAY);
      const before = await snapshot(sys);
      expect(await sys.call(employerOffer, HR, { action: 'withdraw', requestId: rid(), offerId: 'offer-demo-1', version: 1 })).toMatchObject({ ok: false, code: 'OFFER_EXPIRED' });
      expect(await snapshot(sys)).toBe(before);
    });

    it('a new validity restarts the reminder: the timer reminds the student again before the new deadline', async () => {
      sys.advance(12 * DAY + 3_600_000);
      expect(await sys.ok(expireOffers, '', {})).toMatchObject({ reminded: 1 });
      const reminded = (await sys.store.get('offers', 'offer-demo-1'))!;
      expect(reminded.remindedAt).toBe(sys.deps.clock().toISOString());

      // new terms alone keep the deadline, and with it the reminder already sent
      await sys.ok(employerOffer, HR, { action: 'edit', requestId: rid(), offerId: 'offer-demo-1', version: reminded.version, terms: NEW_TERMS });
      expect((await sys.store.get('offers', 'offer-demo-1'))!.remindedAt).toBe(reminded.remindedAt);
      await sys.ok(employerOffer, HR, { action: 'edit', requestId: rid(), offerId: 'offer-demo-1', version: reminded.version + 1, terms: NEW_TERMS, validDays: 7 });
      const extended = (await sys.store.get('offers', 'offer-demo-1'))!;
      expect(extended.remindedAt).toBeUndefined();
      expect(extended.expiresAt).toBe(new Date(sys.deps.clock().getTime() + 7 * DAY).toISOString());

      sys.advance(6 * DAY);
      expect(await sys.ok(expireOffers, '', {})).toMatchObject({ expired: 0, reminded: 1 });
      expect((await sys.all('outbox')).filter((m) => m.template === 'offerExpiring' && m.to === DEMO_OPENIDS.student)).toHaveLength(2);
      expect((await sys.auditOf('offer', 'offer-demo-1')).map((e) => e.action)).toEqual(['create', 'remind', 'edit', 'edit', 'remind']);
    });

    it('withdraw closes the open offer and tells the student; a withdrawn offer can no longer be edited or accepted', async () => {
      const outboxBefore = (await sys.all('outbox')).length;
      const r = await sys.ok(employerOffer, HR, { action: 'withdraw', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
      expect(r).toEqual({ record: 'offer', id: 'offer-demo-1', state: 'withdrawn', version: 2 });
      expect((await sys.auditOf('offer', 'offer-demo-1'))[1]).toMatchObject({ action: 'withdraw', from: 'open', to: 'withdrawn', actor: { openid: HR, role: 'employer' } });
      const fresh = (await sys.all('outbox')).slice(outboxBefore);
      expect(fresh.map((m) => [m.to, m.template, m.data.phrase2, m.page])).toEqual([[DEMO_OPENIDS.student, 'reviewResult', '已撤回', 'pkg/offer/index?id=offer-demo-1']]);

      expect(await sys.call(employerOffer, HR, { action: 'edit', requestId: rid(), offerId: 'offer-demo-1', version: 2, terms: NEW_TERMS })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
      expect(await sys.call(respondOffer, DEMO_OPENIDS.student, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 2 })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    });
  });

  describe('revise', () => {
    async function returnedAgreement(): Promise<string> {
      const { id } = await sys.ok(respondOffer, DEMO_OPENIDS.student, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
      await sys.ok(review, DEMO_OPENIDS.collegeReviewer, { requestId: rid(), decision: 'return', reason: '月薪与面谈不符', items: [{ record: 'agreement', id, version: 1 }] });
      return id;
    }

    it('after a return, the employer\'s new terms go back to college review with both parties kept', async () => {
      const id = await returnedAgreement();
      const before = (await sys.store.get('agreements', id))!;
      const outboxBefore = (await sys.all('outbox')).length;
      sys.advance(DAY);
      const r = await sys.ok(employerOffer, HR, { action: 'revise', requestId: rid(), agreementId: id, version: 2, terms: NEW_TERMS });
      expect(r).toEqual({ record: 'agreement', id, state: 'pendingCollege', version: 3 });

      const after = (await sys.store.get('agreements', id))!;
      expect(after.content).toEqual({ ...NEW_TERMS, student: before.content.student, employer: before.content.employer });
      expect(after.returnReason).toBeUndefined();
      expect(after.returnedAt).toBeUndefined();
      expect(after.agreementNo).toBe(before.agreementNo);
      expect((await sys.store.get('students', ZHANG))!.activeAgreementId).toBe(id);
      expect((await sys.auditOf('agreement', id)).map((e) => [e.action, e.from, e.to, e.actor.role])).toEqual([
        ['createFromOffer', null, 'pendingCollege', 'student'],
        ['collegeReturn', 'pendingCollege', 'returned', 'collegeReviewer'],
        ['revise', 'returned', 'pendingCollege', 'employer'],
      ]);
      const fresh = (await sys.all('outbox')).slice(outboxBefore);
      expect(fresh.map((m) => [m.to, m.data.phrase2, m.page])).toEqual([[DEMO_OPENIDS.student, '单位已修改', `pkg/agreement/index?id=${id}`]]);

      const again = await sys.ok(review, DEMO_OPENIDS.collegeReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id, version: 3 }] });
      expect(again.results[0]).toMatchObject({ ok: true, state: 'pendingSchool' });
    });

    it('a student-initiated agreement naming the unit is the student\'s to revise, not the unit\'s', async () => {
      const proof = await sys.upload(DEMO_OPENIDS.student, 'offer-letter.jpg');
      const draft = { ...TERMS, employer: { employerId: DEMO_EMPLOYER_ID }, proofFiles: [proof] };
      const { id } = await sys.ok(initiateSigning, DEMO_OPENIDS.student, { action: 'submit', requestId: rid(), version: 0, draft });
      await sys.ok(review, DEMO_OPENIDS.collegeReviewer, { requestId: rid(), decision: 'return', reason: '证明材料不清晰', items: [{ record: 'agreement', id, version: 1 }] });
      expect((await sys.store.get('agreements', id))!).toMatchObject({ origin: 'student', employerId: DEMO_EMPLOYER_ID, state: 'returned' });
      const before = await snapshot(sys);
      expect(await sys.call(employerOffer, HR, { action: 'revise', requestId: rid(), agreementId: id, version: 2, terms: NEW_TERMS })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
      expect(await snapshot(sys)).toBe(before);
    });

    it('refuses another employer, an agreement not returned, and a stale version', async () => {
      await otherEmployer(sys);
      const { id } = await sys.ok(respondOffer, DEMO_OPENIDS.student, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
      const before = await snapshot(sys);
      expect(await sys.call(employerOffer, HR, { action: 'revise', requestId: rid(), agreementId: id, version: 1, terms: NEW_TERMS })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
      expect(await snapshot(sys)).toBe(before);

      await sys.ok(review, DEMO_OPENIDS.collegeReviewer, { requestId: rid(), decision: 'return', reason: '请补充岗位说明', items: [{ record: 'agreement', id, version: 1 }] });
      const returned = await snapshot(sys);
      expect(await sys.call(employerOffer, OTHER_HR, { action: 'revise', requestId: rid(), agreementId: id, version: 2, terms: NEW_TERMS })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      expect(await sys.call(employerOffer, HR, { action: 'revise', requestId: rid(), agreementId: id, version: 1, terms: NEW_TERMS })).toMatchObject({ ok: false, code: 'CONFLICT' });
      expect(await snapshot(sys)).toBe(returned);
    });
  });
});
