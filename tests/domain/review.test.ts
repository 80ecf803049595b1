/**
 * 审核: who may decide on what, and what each decision on a check, an agreement, a termination or an employer writes,
 * records and tells.
 */
import { agreementAction, reviewAgreement, reviewCheck, reviewEmployer, reviewScope, reviewTermination } from '../../server/domain/review';
import type { AgreementDoc } from '../../server/domain/types';
import {
  aCounter,
  anActor,
  anAgreement,
  anEmployer,
  anEmploymentCheck,
  anEnv,
  aSourceCheck,
  aStudent,
  aStudentAgreement,
  aTermination,
  headOf,
  messagesOf,
  NOW,
  OPENIDS,
  refusalOf,
  theWrite,
  trail,
  writesTo,
} from './builders';

/** the decision's time, as a message shows it: NOW in Beijing */
const WHEN = '2026年6月1日 10:00';
const college = anEnv({ role: 'collegeReviewer' });
const school = anEnv({ role: 'schoolReviewer' });
const collegeActor = anActor('collegeReviewer');
const schoolActor = anActor('schoolReviewer');

describe('who may review what', () => {
  const schoolReviewer = { role: 'schoolReviewer' as const };
  const ownCollege = { role: 'collegeReviewer' as const, collegeId: 'cs' };
  const otherCollege = { role: 'collegeReviewer' as const, collegeId: 'em' };
  const studentOfCollege = { role: 'student' as const, collegeId: 'cs' };

  it('a check: the school, or the reviewer of the student’s own college', () => {
    const c = aSourceCheck('submitted');
    expect(reviewScope.check(schoolReviewer, c)).toBe(true);
    expect(reviewScope.check(ownCollege, c)).toBe(true);
    expect(reviewScope.check(otherCollege, c)).toBe(false);
    expect(reviewScope.check(studentOfCollege, c)).toBe(false);
  });

  it('an agreement waiting for its college: only that college, not the school', () => {
    const a = anAgreement('pendingCollege');
    expect(reviewScope.agreement(ownCollege, a)).toBe(true);
    expect(reviewScope.agreement(otherCollege, a)).toBe(false);
    expect(reviewScope.agreement(schoolReviewer, a)).toBe(false);
    expect(reviewScope.agreement(studentOfCollege, a)).toBe(false);
  });

  it('an agreement waiting for the school: only the school, not the college that passed it', () => {
    const a = anAgreement('pendingSchool');
    expect(reviewScope.agreement(schoolReviewer, a)).toBe(true);
    expect(reviewScope.agreement(ownCollege, a)).toBe(false);
  });

  it('an agreement at any other stage: the school or its college may look at it', () => {
    const a = anAgreement('signed');
    expect(reviewScope.agreement(schoolReviewer, a)).toBe(true);
    expect(reviewScope.agreement(ownCollege, a)).toBe(true);
    expect(reviewScope.agreement(otherCollege, a)).toBe(false);
    expect(reviewScope.agreement(studentOfCollege, a)).toBe(false);
  });

  it('terminations and employers: the school only', () => {
    expect(reviewScope.termination(schoolReviewer)).toBe(true);
    expect(reviewScope.termination(ownCollege)).toBe(false);
    expect(reviewScope.employer(schoolReviewer)).toBe(true);
    expect(reviewScope.employer(ownCollege)).toBe(false);
  });
});

describe('reviewing a check', () => {
  it('approves a submitted source check and tells the student they may now sign', () => {
    const check = aSourceCheck('submitted', { reason: '旧的退回原因' });
    const decided = reviewCheck({ env: college, decision: 'approve', check, studentOpenid: OPENIDS.student });
    const write = theWrite(decided, 'checks');
    expect(write.expectedVersion).toBe(2);
    expect(write.doc).toMatchObject({ _id: 'source:2026010101', state: 'approved', version: 3, updatedAt: NOW });
    expect(write.doc.reason).toBeUndefined();
    expect(decided.doc).toBe(write.doc);
    expect(decided.writes).toHaveLength(1);
    expect(trail(decided)).toEqual([
      { record: 'check', recordId: 'source:2026010101', seq: 3, from: 'submitted', to: 'approved', action: 'approve', actor: collegeActor, at: NOW },
    ]);
    expect(decided.audit[0]!.prevHash).toBe(headOf('source:2026010101', 2));
    expect(messagesOf(decided)).toEqual([
      { to: OPENIDS.student, template: 'reviewResult', page: 'pkg/check/index?kind=source', data: { thing1: '生源核查', phrase2: '通过', thing3: '可以进行在线签约', time4: WHEN } },
    ]);
  });

  it('returns a check to the student with the reviewer’s reason', () => {
    const decided = reviewCheck({ env: school, decision: 'return', reason: '  手机号码有误 ', check: aSourceCheck('submitted'), studentOpenid: OPENIDS.student });
    expect(decided.doc).toMatchObject({ state: 'returned', reason: '手机号码有误', version: 3 });
    expect(trail(decided)).toEqual([
      { record: 'check', recordId: 'source:2026010101', seq: 3, from: 'submitted', to: 'returned', action: 'return', actor: schoolActor, at: NOW, reason: '手机号码有误' },
    ]);
    expect(messagesOf(decided)).toEqual([
      { to: OPENIDS.student, template: 'reviewResult', page: 'pkg/check/index?kind=source', data: { thing1: '生源核查', phrase2: '退回', thing3: '手机号码有误', time4: WHEN } },
    ]);
  });

  it('names the employment check as such, and what passing it means', () => {
    const approved = reviewCheck({ env: college, decision: 'approve', check: anEmploymentCheck('submitted'), studentOpenid: OPENIDS.student });
    expect(messagesOf(approved)).toEqual([
      { to: OPENIDS.student, template: 'reviewResult', page: 'pkg/check/index?kind=employment', data: { thing1: '就业信息核验', phrase2: '通过', thing3: '就业信息核验完成', time4: WHEN } },
    ]);
    const returned = reviewCheck({ env: college, decision: 'return', reason: '单位名称有误', check: anEmploymentCheck('submitted'), studentOpenid: OPENIDS.student });
    expect(messagesOf(returned)[0]!.data).toEqual({ thing1: '就业信息核验', phrase2: '退回', thing3: '单位名称有误', time4: WHEN });
  });

  it('tells no one when the student has not bound a WeChat', () => {
    expect(reviewCheck({ env: college, decision: 'approve', check: aSourceCheck('submitted'), studentOpenid: null }).outbox).toEqual([]);
  });

  it('refuses to return a check without a reason', () => {
    expect(refusalOf(() => reviewCheck({ env: college, decision: 'return', check: aSourceCheck('submitted'), studentOpenid: null }))).toBe('REASON_REQUIRED');
    expect(refusalOf(() => reviewCheck({ env: college, decision: 'return', reason: '  ', check: aSourceCheck('submitted'), studentOpenid: null }))).toBe('REASON_REQUIRED');
  });

  it.each(['draft', 'approved', 'returned'] as const)('refuses to decide on a check that is %s', (state) => {
    expect(refusalOf(() => reviewCheck({ env: college, decision: 'approve', check: aSourceCheck(state), studentOpenid: null }))).toBe('INVALID_TRANSITION');
  });

  it('refuses anyone but a reviewer', () => {
    expect(refusalOf(() => reviewCheck({ env: anEnv({ role: 'student' }), decision: 'approve', check: aSourceCheck('submitted'), studentOpenid: null }))).toBe('FORBIDDEN');
  });
});

describe('the action a decision on an agreement means', () => {
  it('at the college stage: collegeApprove or collegeReturn; at the school stage: schoolApprove or schoolReturn', () => {
    expect(agreementAction('pendingCollege', 'approve')).toBe('collegeApprove');
    expect(agreementAction('pendingCollege', 'return')).toBe('collegeReturn');
    expect(agreementAction('pendingSchool', 'approve')).toBe('schoolApprove');
    expect(agreementAction('pendingSchool', 'return')).toBe('schoolReturn');
  });

  it.each(['draft', 'returned', 'signed', 'terminated', 'cancelled'] as const)('none for an agreement that is %s', (state) => {
    expect(refusalOf(() => agreementAction(state, 'approve'))).toBe('INVALID_TRANSITION');
    expect(refusalOf(() => agreementAction(state, 'return'))).toBe('INVALID_TRANSITION');
  });
});

describe('reviewing an agreement', () => {
  it('passes an agreement on from its college to the school, telling the student only', () => {
    const a = anAgreement('pendingCollege');
    const decided = reviewAgreement({ env: college, decision: 'approve', agreement: a });
    const write = theWrite(decided, 'agreements');
    expect(write.expectedVersion).toBe(1);
    expect(write.doc).toEqual({ ...a, state: 'pendingSchool', version: 2, updatedAt: NOW, auditHead: decided.audit[0]!.hash });
    expect(decided.doc).toBe(write.doc);
    expect(trail(decided)).toEqual([
      { record: 'agreement', recordId: 'agreement-1', seq: 2, from: 'pendingCollege', to: 'pendingSchool', action: 'collegeApprove', actor: collegeActor, at: NOW },
    ]);
    expect(messagesOf(decided)).toEqual([
      { to: OPENIDS.student, template: 'reviewResult', page: 'pkg/agreement/index?id=agreement-1', data: { thing1: '三方协议院系审核', phrase2: '通过', thing3: '等待学校审核', time4: WHEN } },
    ]);
  });

  it('signs an agreement the school approves, stamping when, and tells the student and the employer', () => {
    const a = anAgreement('pendingSchool');
    const decided = reviewAgreement({ env: school, decision: 'approve', agreement: a });
    const write = theWrite(decided, 'agreements');
    expect(write.expectedVersion).toBe(3);
    expect(write.doc).toEqual({ ...a, state: 'signed', signedAt: NOW, version: 4, updatedAt: NOW, auditHead: decided.audit[0]!.hash });
    expect(trail(decided)).toEqual([
      { record: 'agreement', recordId: 'agreement-1', seq: 4, from: 'pendingSchool', to: 'signed', action: 'schoolApprove', actor: schoolActor, at: NOW },
    ]);
    expect(messagesOf(decided)).toEqual([
      { to: OPENIDS.student, template: 'reviewResult', page: 'pkg/agreement/index?id=agreement-1', data: { thing1: '三方协议学校审核', phrase2: '签约成功', thing3: '可在小程序查看并打印协议', time4: WHEN } },
      { to: OPENIDS.employer, template: 'reviewResult', page: 'pkg/employer/offers/index', data: { thing1: '张三的三方协议', phrase2: '签约成功', thing3: '可在小程序查看并打印协议', time4: WHEN } },
    ]);
  });

  it('returns an agreement from the college with the reviewer’s reason, telling the student and the employer who revises it', () => {
    const a = anAgreement('pendingCollege');
    const decided = reviewAgreement({ env: college, decision: 'return', reason: ' 岗位描述不完整 ', agreement: a });
    expect(theWrite(decided, 'agreements').doc).toEqual({
      ...a, state: 'returned', returnReason: '岗位描述不完整', returnedAt: 'college', version: 2, updatedAt: NOW, auditHead: decided.audit[0]!.hash,
    });
    expect(trail(decided)).toEqual([
      { record: 'agreement', recordId: 'agreement-1', seq: 2, from: 'pendingCollege', to: 'returned', action: 'collegeReturn', actor: collegeActor, at: NOW, reason: '岗位描述不完整' },
    ]);
    expect(messagesOf(decided)).toEqual([
      { to: OPENIDS.student, template: 'reviewResult', page: 'pkg/agreement/index?id=agreement-1', data: { thing1: '三方协议院系审核', phrase2: '退回', thing3: '岗位描述不完整', time4: WHEN } },
      { to: OPENIDS.employer, template: 'reviewResult', page: 'pkg/employer/offers/index', data: { thing1: '张三的三方协议', phrase2: '退回', thing3: '岗位描述不完整', time4: WHEN } },
    ]);
  });

  it('returns an agreement from the school, noting the school stage, and keeps the student’s lock', () => {
    const a = anAgreement('pendingSchool');
    const decided = reviewAgreement({ env: school, decision: 'return', reason: '薪资填写有误', agreement: a });
    expect(decided.doc).toMatchObject({ state: 'returned', returnReason: '薪资填写有误', returnedAt: 'school' });
    expect(decided.doc).not.toHaveProperty('signedAt');
    expect(writesTo(decided, 'students')).toEqual([]);
    expect(trail(decided)[0]).toMatchObject({ action: 'schoolReturn', from: 'pendingSchool', to: 'returned', reason: '薪资填写有误' });
    expect(messagesOf(decided).map((m) => m.data.thing1)).toEqual(['三方协议学校审核', '张三的三方协议']);
  });

  it('a student-initiated agreement has no employer contact to tell', () => {
    const a = aStudentAgreement('pendingSchool');
    expect(a.employerOpenid).toBeUndefined();
    expect(messagesOf(reviewAgreement({ env: school, decision: 'approve', agreement: a })).map((m) => m.to)).toEqual([OPENIDS.student]);
    expect(messagesOf(reviewAgreement({ env: school, decision: 'return', reason: '证明材料不清晰', agreement: a })).map((m) => m.to)).toEqual([OPENIDS.student]);
  });

  it('refuses to return an agreement without a reason', () => {
    expect(refusalOf(() => reviewAgreement({ env: college, decision: 'return', agreement: anAgreement('pendingCollege') }))).toBe('REASON_REQUIRED');
    expect(refusalOf(() => reviewAgreement({ env: school, decision: 'return', reason: ' ', agreement: anAgreement('pendingSchool') }))).toBe('REASON_REQUIRED');
  });

  it('refuses a school reviewer at the college stage and a college reviewer at the school stage', () => {
    expect(refusalOf(() => reviewAgreement({ env: school, decision: 'approve', agreement: anAgreement('pendingCollege') }))).toBe('FORBIDDEN');
    expect(refusalOf(() => reviewAgreement({ env: college, decision: 'approve', agreement: anAgreement('pendingSchool') }))).toBe('FORBIDDEN');
  });

  it.each(['draft', 'returned', 'signed', 'terminated', 'cancelled'] as const)('refuses to decide on an agreement that is %s', (state) => {
    expect(refusalOf(() => reviewAgreement({ env: school, decision: 'approve', agreement: anAgreement(state) }))).toBe('INVALID_TRANSITION');
  });
});

describe('reviewing a termination', () => {
  const page = 'pkg/termination/index?agreementId=agreement-1';
  const lockedStudent = () => aStudent({ activeAgreementId: 'agreement-1' });

  it('approves: the termination approved, the agreement terminated, the student’s lock released and the counter bumped, in one commit', () => {
    const t = aTermination('submitted');
    const a = anAgreement('signed');
    const decided = reviewTermination({ env: school, decision: 'approve', termination: t, agreement: a, student: lockedStudent(), counter: aCounter(1, { _id: 'termination:agreement-1' }) });
    expect(decided.writes.map((w) => [w.collection, w.doc._id, w.expectedVersion, w.doc.version])).toEqual([
      ['terminations', 'termination-1', 1, 2],
      ['agreements', 'agreement-1', 3, 4],
      ['students', '2026010101', 2, 3],
      ['counters', 'termination:agreement-1', 1, 2],
    ]);
    expect(theWrite(decided, 'terminations').doc).toEqual({ ...t, state: 'approved', version: 2, updatedAt: NOW, auditHead: decided.audit[0]!.hash });
    expect(decided.doc).toBe(theWrite(decided, 'terminations').doc);
    expect(theWrite(decided, 'agreements').doc).toEqual({ ...a, state: 'terminated', version: 4, updatedAt: NOW, auditHead: decided.audit[1]!.hash });
    expect(theWrite(decided, 'students').doc).toMatchObject({ activeAgreementId: null, auditHead: decided.audit[2]!.hash });
    expect(theWrite(decided, 'counters').doc).toEqual({ _id: 'termination:agreement-1', version: 2, value: 2 });
    expect(trail(decided)).toEqual([
      { record: 'termination', recordId: 'termination-1', seq: 2, from: 'submitted', to: 'approved', action: 'approve', actor: schoolActor, at: NOW },
      { record: 'agreement', recordId: 'agreement-1', seq: 4, from: 'signed', to: 'terminated', action: 'terminate', actor: schoolActor, at: NOW },
      { record: 'student', recordId: '2026010101', seq: 3, from: 'signing', to: 'free', action: 'unlock', actor: schoolActor, at: NOW },
    ]);
    expect(messagesOf(decided)).toEqual([
      { to: OPENIDS.student, template: 'reviewResult', page, data: { thing1: '解约申请', phrase2: '解约成功', thing3: '可以重新签约', time4: WHEN } },
      { to: OPENIDS.employer, template: 'reviewResult', page: 'pkg/employer/offers/index', data: { thing1: '张三的解约申请', phrase2: '解约成功', thing3: '学校已同意解约', time4: WHEN } },
    ]);
  });

  it('the first approval of an agreement creates its termination counter', () => {
    const decided = reviewTermination({ env: school, decision: 'approve', termination: aTermination(), agreement: anAgreement('signed'), student: lockedStudent(), counter: null });
    expect(theWrite(decided, 'counters')).toEqual({ collection: 'counters', doc: { _id: 'termination:agreement-1', version: 1, value: 1 }, expectedVersion: 0 });
  });

  it('leaves alone a lock held by another agreement, or no lock at all', () => {
    for (const activeAgreementId of ['agreement-2', null]) {
      const decided = reviewTermination({ env: school, decision: 'approve', termination: aTermination(), agreement: anAgreement('signed'), student: aStudent({ activeAgreementId }), counter: null });
      expect(writesTo(decided, 'students')).toEqual([]);
      expect(trail(decided).map((e) => e.record)).toEqual(['termination', 'agreement']);
      expect(decided.writes.map((w) => w.collection)).toEqual(['terminations', 'agreements', 'counters']);
    }
  });

  it('tells only the student when the agreement has no employer contact', () => {
    const decided = reviewTermination({ env: school, decision: 'approve', termination: aTermination(), agreement: aStudentAgreement('signed'), student: lockedStudent(), counter: null });
    expect(messagesOf(decided).map((m) => m.to)).toEqual([OPENIDS.student]);
  });

  it('rejects a termination with the reviewer’s reason, and touches nothing else', () => {
    const t = aTermination('submitted');
    const decided = reviewTermination({ env: school, decision: 'return', reason: ' 解约函未盖章 ', termination: t, agreement: anAgreement('signed'), student: lockedStudent(), counter: aCounter(1) });
    expect(decided.writes).toEqual([{ collection: 'terminations', doc: decided.doc, expectedVersion: 1 }]);
    expect(decided.doc).toEqual({ ...t, state: 'rejected', reason: '解约函未盖章', version: 2, updatedAt: NOW, auditHead: decided.audit[0]!.hash });
    expect(trail(decided)).toEqual([
      { record: 'termination', recordId: 'termination-1', seq: 2, from: 'submitted', to: 'rejected', action: 'reject', actor: schoolActor, at: NOW, reason: '解约函未盖章' },
    ]);
    expect(messagesOf(decided)).toEqual([
      { to: OPENIDS.student, template: 'reviewResult', page, data: { thing1: '解约申请', phrase2: '退回', thing3: '解约函未盖章', time4: WHEN } },
    ]);
  });

  it('refuses to reject without a reason', () => {
    expect(refusalOf(() => reviewTermination({ env: school, decision: 'return', termination: aTermination(), agreement: anAgreement('signed'), student: lockedStudent(), counter: null }))).toBe('REASON_REQUIRED');
  });

  it('refuses a college reviewer', () => {
    const env = college;
    expect(refusalOf(() => reviewTermination({ env, decision: 'approve', termination: aTermination(), agreement: anAgreement('signed'), student: lockedStudent(), counter: null }))).toBe('FORBIDDEN');
    expect(refusalOf(() => reviewTermination({ env, decision: 'return', reason: '理由', termination: aTermination(), agreement: anAgreement('signed'), student: lockedStudent(), counter: null }))).toBe('FORBIDDEN');
  });

  it.each(['approved', 'rejected', 'withdrawn'] as const)('refuses to decide on a termination that is %s', (state) => {
    expect(refusalOf(() => reviewTermination({ env: school, decision: 'approve', termination: aTermination(state), agreement: anAgreement('signed'), student: lockedStudent(), counter: null }))).toBe('INVALID_TRANSITION');
  });

  it.each(['pendingSchool', 'returned', 'terminated'] as AgreementDoc['state'][])('refuses to approve when the agreement is %s, no longer signed', (state) => {
    expect(refusalOf(() => reviewTermination({ env: school, decision: 'approve', termination: aTermination(), agreement: anAgreement(state), student: lockedStudent(), counter: null }))).toBe('INVALID_TRANSITION');
  });
});

describe('reviewing an employer', () => {
  it('certifies a registered unit and tells its registrant it may now send offers', () => {
    const e = anEmployer('registered');
    const decided = reviewEmployer({ env: school, decision: 'approve', employer: e });
    expect(decided.writes).toEqual([{ collection: 'employers', doc: decided.doc, expectedVersion: 1 }]);
    expect(decided.doc).toEqual({ ...e, state: 'certified', version: 2, updatedAt: NOW, auditHead: decided.audit[0]!.hash });
    expect(trail(decided)).toEqual([
      { record: 'employer', recordId: 'emp-demo', seq: 2, from: 'registered', to: 'certified', action: 'certify', actor: schoolActor, at: NOW },
    ]);
    expect(messagesOf(decided)).toEqual([
      { to: OPENIDS.employer, template: 'reviewResult', page: 'pkg/employer/home/index', data: { thing1: '单位认证', phrase2: '通过', thing3: '可以向学生发起邀约', time4: WHEN } },
    ]);
  });

  it('rejects a registered unit with the reviewer’s reason', () => {
    const decided = reviewEmployer({ env: school, decision: 'return', reason: ' 营业执照不清晰 ', employer: anEmployer('registered') });
    expect(decided.doc).toMatchObject({ state: 'rejected', reason: '营业执照不清晰', version: 2 });
    expect(trail(decided)).toEqual([
      { record: 'employer', recordId: 'emp-demo', seq: 2, from: 'registered', to: 'rejected', action: 'reject', actor: schoolActor, at: NOW, reason: '营业执照不清晰' },
    ]);
    expect(messagesOf(decided)).toEqual([
      { to: OPENIDS.employer, template: 'reviewResult', page: 'pkg/employer/home/index', data: { thing1: '单位认证', phrase2: '退回', thing3: '营业执照不清晰', time4: WHEN } },
    ]);
  });

  it('tells no one about an imported unit without a registrant', () => {
    const { registrantOpenid, ...imported } = anEmployer('registered');
    expect(registrantOpenid).toBeDefined();
    expect(reviewEmployer({ env: school, decision: 'approve', employer: imported }).outbox).toEqual([]);
  });

  it('refuses to reject without a reason', () => {
    expect(refusalOf(() => reviewEmployer({ env: school, decision: 'return', employer: anEmployer('registered') }))).toBe('REASON_REQUIRED');
  });

  it('refuses a college reviewer', () => {
    expect(refusalOf(() => reviewEmployer({ env: college, decision: 'approve', employer: anEmployer('registered') }))).toBe('FORBIDDEN');
  });

  it.each(['certified', 'rejected'] as const)('refuses to decide on a unit that is already %s', (state) => {
    expect(refusalOf(() => reviewEmployer({ env: school, decision: 'approve', employer: anEmployer(state) }))).toBe('INVALID_TRANSITION');
    expect(refusalOf(() => reviewEmployer({ env: school, decision: 'return', reason: '理由', employer: anEmployer(state) }))).toBe('INVALID_TRANSITION');
  });
});
