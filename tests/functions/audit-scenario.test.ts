/**
 * A season of real use through every mutating function (bind, checks, offers, 学生发起签约, both review stages with
 * returns and revisions, terminations, employer registration and certification, the hourly timer), then the audit
 * log is verified as a whole: every chain intact, and every record's trail a walk through its state machine that ends
 * where the record is. The one-agreement rule and the numbering are checked on what is left.
 */
import { bind } from '../../server/usecases/bind';
import { employerOffer } from '../../server/usecases/employerOffer';
import { expireOffers } from '../../server/usecases/expireOffers';
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { requestTermination } from '../../server/usecases/requestTermination';
import { respondOffer } from '../../server/usecases/respondOffer';
import { review } from '../../server/usecases/review';
import { submitCheck } from '../../server/usecases/submitCheck';
import { withUsccCheck } from '../../server/domain/identifiers';
import type { AuditEntry, Tracked } from '../../server/domain/types';
import { DEMO_EMPLOYER_ID, DEMO_INVITE_CODE, DEMO_OPENIDS } from '../../server/runtime/seed';
import { verifyAudit } from '../../server/app/verifyAudit';
import type { ReviewTarget } from '../../typings';
import { TERMS } from '../support/agreements';
import { DAY, makeSystem, rid, type TestSystem } from '../support/harness';
import { registration } from '../support/registration';

const ZHANG = DEMO_OPENIDS.student;
const LI = DEMO_OPENIDS.student2;
const WANG = 'wx-wang';
const HR = DEMO_OPENIDS.employer;
const CS = DEMO_OPENIDS.collegeReviewer;
const EM = DEMO_OPENIDS.collegeReviewerEm;
const SCHOOL = DEMO_OPENIDS.schoolReviewer;
const NO = { zhang: '2026010101', li: '2026010102', wang: '2026020101' } as const;

const UNIT_B = {
  name: '广州乙单位有限公司', uscc: withUsccCheck('91440101MA5H7K8P1'), nature: '39', industry: '65', region: '440305',
  address: '广州市天河区体育西路1号', contactName: '刘女士', contactPhone: '13600136000',
};
const MANUAL = {
  name: '北京示例数据有限公司', uscc: '91350100M000100Y43', nature: '39', industry: '65', region: '110108',
  address: '北京市海淀区中关村大街1号', contactName: '周先生', contactPhone: '010-62345678',
};
const NEW_TERMS = { ...TERMS, job: { ...TERMS.job, title: '高级数据分析师', monthlySalary: 16000 }, remarks: '提供人才公寓' };
const draft = (proofFiles: string[], employer: object) => ({ ...TERMS, employer, proofFiles });

const COLLECTION = { check: 'checks', agreement: 'agreements', termination: 'terminations', employer: 'employers', offer: 'offers', destination: 'destinations' } as const;
const PENDING = ['pendingCollege', 'pendingSchool', 'returned', 'signed'];

describe('review: the audit log after a season of real use', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  const version = async (record: keyof typeof COLLECTION, id: string): Promise<number> =>
    (await sys.store.get(COLLECTION[record], id))?.version ?? 0;

  async function decide(openid: string, decision: 'approve' | 'return', record: ReviewTarget, id: string, reason?: string): Promise<void> {
    const out = await sys.ok(review, openid, { requestId: rid(), decision, items: [{ record, id, version: await version(record, id) }], ...(reason ? { reason } : {}) });
    expect(out.results[0]).toMatchObject({ ok: true });
  }
  const check = async (openid: string, studentNo: string, kind: 'source' | 'employment', action: string, extra: object = {}) =>
    sys.ok(submitCheck, openid, { action, requestId: rid(), kind, version: await version('check', `${kind}:${studentNo}`), ...extra });
  const offer = (openid: string, studentNo: string, studentName: string, extra: object = {}) =>
    sys.ok(employerOffer, openid, { action: 'create', requestId: rid(), studentNo, studentName, terms: TERMS, ...extra });
  const initiate = async (openid: string, action: string, agreementId: string | undefined, extra: object = {}) =>
    sys.ok(initiateSigning, openid, { action, requestId: rid(), ...(agreementId ? { agreementId } : {}), version: agreementId ? await version('agreement', agreementId) : 0, ...extra });
  const accept = async (openid: string, offerId: string) =>
    (await sys.ok(respondOffer, openid, { action: 'accept', requestId: rid(), offerId, version: await version('offer', offerId) })).id;

  it('every mutating function in turn leaves every chain intact and every trail ending in its record\'s state', async () => {
    // 绑定 and 单位注册: 王五 binds; a second HR contact joins the demo unit; unit B is rejected, registers again, is certified
    await sys.ok(bind, WANG, { action: 'student', requestId: rid(), studentNo: NO.wang, name: '王五', idLast6: '013459' });
    await sys.ok(bind, 'hr-2', { action: 'invite', requestId: rid(), code: DEMO_INVITE_CODE });
    const rejectedUnit = (await sys.ok(bind, 'hr-new', await registration(sys, 'hr-new', UNIT_B))).employerId!;
    await decide(SCHOOL, 'return', 'employer', rejectedUnit, '营业执照不清晰');
    const unitB = (await sys.ok(bind, 'hr-b', await registration(sys, 'hr-b', UNIT_B))).employerId!;
    await decide(SCHOOL, 'approve', 'employer', unitB);

    // 生源核查: 李四 saves, submits, withdraws, edits, submits, is returned, edits, resubmits, passes; 王五 in one go
    await check(LI, NO.li, 'source', 'save', { fields: { phone: '13900139000' } });
    await check(LI, NO.li, 'source', 'submit', { fields: { email: 'lisi@example.com', homeAddress: '北京市东城区1号' } });
    await check(LI, NO.li, 'source', 'withdraw');
    await check(LI, NO.li, 'source', 'save', { fields: { postcode: '100010' } });
    await check(LI, NO.li, 'source', 'submit');
    await decide(CS, 'return', 'check', `source:${NO.li}`, '家庭地址请写到门牌号');
    await check(LI, NO.li, 'source', 'save', { fields: { homeAddress: '北京市东城区东华门街道1号' } });
    await check(LI, NO.li, 'source', 'submit');
    await decide(CS, 'approve', 'check', `source:${NO.li}`);
    await check(WANG, NO.wang, 'source', 'submit', { fields: { phone: '13700137000', email: 'wangwu@example.com', homeAddress: '四川省成都市武侯区1号' } });
    await decide(EM, 'approve', 'check', `source:${NO.wang}`);

    // 邀约: edited, declined, withdrawn, accepted (superseding another unit's)
    const o1 = (await offer(HR, NO.li, '李四', { validDays: 10 })).id;
    await sys.ok(employerOffer, HR, { action: 'edit', requestId: rid(), offerId: o1, version: 1, terms: NEW_TERMS, validDays: 12 });
    const o2 = (await offer('hr-b', NO.li, '李四')).id;
    const o3 = (await offer(HR, NO.wang, '王五')).id;
    await sys.ok(respondOffer, WANG, { action: 'decline', requestId: rid(), offerId: o3, version: 1, reason: '已有其他选择' });
    const o4 = (await offer(HR, NO.wang, '王五')).id;
    await sys.ok(employerOffer, 'hr-2', { action: 'withdraw', requestId: rid(), offerId: o4, version: 1 });
    const o5 = (await offer('hr-b', NO.wang, '王五', { validDays: 3 })).id;
    const a1 = await accept(LI, o1);

    // both review stages, each returning once; the employer revises each time (its second HR contact the second time)
    await decide(CS, 'return', 'agreement', a1, '档案接收单位缺失');
    await sys.ok(employerOffer, HR, { action: 'revise', requestId: rid(), agreementId: a1, version: await version('agreement', a1), terms: NEW_TERMS });
    await decide(CS, 'approve', 'agreement', a1);
    await decide(SCHOOL, 'return', 'agreement', a1, '报到日期有误');
    await sys.ok(employerOffer, 'hr-2', { action: 'revise', requestId: rid(), agreementId: a1, version: await version('agreement', a1), terms: TERMS });
    await decide(CS, 'approve', 'agreement', a1);
    await decide(SCHOOL, 'approve', 'agreement', a1);

    // 解约: withdrawn, rejected, approved
    const letter = await sys.upload(LI, 'letter.jpg');
    const terminate = async () =>
      (await sys.ok(requestTermination, LI, { action: 'submit', requestId: rid(), agreementId: a1, explanation: '考取研究生，单位同意解约', evidenceFiles: [letter] })).id;
    const t1 = await terminate();
    await sys.ok(requestTermination, LI, { action: 'withdraw', requestId: rid(), terminationId: t1, version: 1 });
    const t2 = await terminate();
    await decide(SCHOOL, 'return', 'termination', t2, '请补充单位盖章的解约函');
    const t3 = await terminate();
    await decide(SCHOOL, 'approve', 'termination', t3);

    // 学生发起签约: 张三 saves twice, submits, withdraws, accepts the seeded offer meanwhile, cancels the draft
    const proof = await sys.upload(ZHANG, 'offer-letter.jpg');
    const d = (await initiate(ZHANG, 'save', undefined, { draft: draft([proof], { employerId: unitB }) })).id;
    await initiate(ZHANG, 'save', d, { draft: draft([proof], { manual: MANUAL }) });
    await initiate(ZHANG, 'submit', d, { draft: draft([proof], { manual: MANUAL }) });
    await initiate(ZHANG, 'withdraw', d);
    const a2 = await accept(ZHANG, 'offer-demo-1');
    await initiate(ZHANG, 'cancel', d);
    await decide(CS, 'approve', 'agreement', a2);
    await decide(SCHOOL, 'approve', 'agreement', a2);

    // 就业信息核验 on the signed agreement: a changed value restored, submitted, approved
    await check(ZHANG, NO.zhang, 'employment', 'save', { fields: { jobTitle: '前端工程师' } });
    await check(ZHANG, NO.zhang, 'employment', 'restore', { field: 'jobTitle' });
    await check(ZHANG, NO.zhang, 'employment', 'submit');
    await decide(CS, 'approve', 'check', `employment:${NO.zhang}`);

    // the hourly timer: a reminder, then the expiry
    sys.advance(1.5 * DAY);
    expect(await sys.ok(expireOffers, '', {})).toMatchObject({ expired: 0, reminded: 1 });
    sys.advance(2 * DAY);
    expect(await sys.ok(expireOffers, '', {})).toMatchObject({ expired: 1, reminded: 0 });

    // 王五: his own agreement returned twice (revised in between) and cancelled; an offer-born one returned and cancelled
    const wangProof = await sys.upload(WANG, 'proof.jpg');
    const s = (await initiate(WANG, 'submit', undefined, { draft: draft([wangProof], { manual: MANUAL }) })).id;
    await decide(EM, 'return', 'agreement', s, '证明材料不清晰');
    await initiate(WANG, 'save', s, { draft: draft([wangProof], { employerId: DEMO_EMPLOYER_ID }) });
    await initiate(WANG, 'submit', s, { draft: draft([wangProof], { employerId: DEMO_EMPLOYER_ID }) });
    await decide(EM, 'return', 'agreement', s, '单位信息与证明不一致');
    await initiate(WANG, 'cancel', s);
    const o6 = (await offer(HR, NO.wang, '王五')).id;
    const a3 = await accept(WANG, o6);
    await decide(EM, 'return', 'agreement', a3, '岗位信息不完整');
    await initiate(WANG, 'cancel', a3);

    // —— the log as a whole ——
    const report = await verifyAudit(sys.store);
    expect(report.broken).toEqual([]);
    const audit = await sys.all('audit');
    expect(report.entries).toBe(audit.length);

    const trailOf = (record: string, id: string): AuditEntry[] =>
      audit.filter((e) => e.record === record && e.recordId === id).sort((x, y) => x.seq - y.seq);
    const expectTrail = (record: string, doc: Tracked & { state?: string }): void => {
      const trail = trailOf(record, doc._id);
      expect(trail.map((e) => e.seq)).toEqual(Array.from({ length: doc.version }, (_, i) => i + 1));
      expect(trail.at(-1)!.hash).toBe(doc.auditHead);
      if (doc.state === undefined) return;
      // a walk through the machine: born from nothing, each step leaving where the last one arrived, ending here
      expect(trail[0]!.from).toBeNull();
      trail.slice(1).forEach((e, i) => expect([record, doc._id, e.seq, e.from]).toEqual([record, doc._id, e.seq, trail[i]!.to]));
      expect(trail.at(-1)!.to).toBe(doc.state);
    };
    for (const [record, collection] of Object.entries(COLLECTION)) {
      for (const doc of await sys.all(collection)) expectTrail(record, doc);
    }
    for (const user of await sys.all('users')) expectTrail('user', user);
    for (const student of await sys.all('students')) {
      expectTrail('student', student);
      const lock = trailOf('student', student._id).filter((e) => e.action === 'lock' || e.action === 'unlock').at(-1);
      expect(lock?.to ?? 'free').toBe(student.activeAgreementId ? 'signing' : 'free');
    }

    // the states reached, and who was told
    const stateOf = async (record: keyof typeof COLLECTION, id: string) => (await sys.store.get(COLLECTION[record], id))!.state;
    expect(await Promise.all([o1, o2, o3, o4, o5, o6, 'offer-demo-1'].map((id) => stateOf('offer', id)))).toEqual(
      ['accepted', 'superseded', 'declined', 'withdrawn', 'expired', 'accepted', 'accepted'],
    );
    expect(await Promise.all([a1, a2, d, s, a3].map((id) => stateOf('agreement', id)))).toEqual(['terminated', 'signed', 'cancelled', 'cancelled', 'cancelled']);
    expect(await Promise.all([t1, t2, t3].map((id) => stateOf('termination', id)))).toEqual(['withdrawn', 'rejected', 'approved']);
    expect(await Promise.all([rejectedUnit, unitB].map((id) => stateOf('employer', id)))).toEqual(['rejected', 'certified']);
    expect(await Promise.all([`source:${NO.li}`, `source:${NO.wang}`, `employment:${NO.zhang}`].map((id) => stateOf('check', id)))).toEqual(['approved', 'approved', 'approved']);

    const outbox = await sys.all('outbox');
    const told = (to: string, template: string, phrase: string) =>
      outbox.some((m) => m.to === to && m.template === template && (m.data.phrase2 === phrase));
    expect(told('hr-new', 'reviewResult', '退回')).toBe(true);
    expect(told('hr-b', 'reviewResult', '通过')).toBe(true);
    expect(told('hr-b', 'offerAnswered', '已失效')).toBe(true);
    expect(told(HR, 'offerAnswered', '已拒绝')).toBe(true);
    expect(told(HR, 'offerAnswered', '已作废')).toBe(true);
    expect(told(WANG, 'reviewResult', '已撤回')).toBe(true);
    expect(told(LI, 'reviewResult', '单位已修改')).toBe(true);
    expect(told(LI, 'reviewResult', '解约成功')).toBe(true);
    expect(outbox.some((m) => m.to === WANG && m.template === 'offerExpiring')).toBe(true);

    // at most one agreement pending, returned or signed per student, and it is the one the lock names
    const agreements = await sys.all('agreements');
    for (const student of await sys.all('students')) {
      const held = agreements.filter((a) => a.studentNo === student.studentNo && PENDING.includes(a.state)).map((a) => a._id);
      expect([student.studentNo, held]).toEqual([student.studentNo, student.activeAgreementId ? [student.activeAgreementId] : []]);
    }

    // numbers: one per agreement that ever reached review, from one counter, none skipped or reused
    const numbers = agreements.map((a) => a.agreementNo).filter((n): n is string => n !== null).sort();
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => `202610001` + `31` + String(i + 1).padStart(6, '0')));
    expect(numbers).toHaveLength(5);
    expect(await sys.store.get('counters', 'agreementNo:2026')).toMatchObject({ value: 5 });
  });
});
