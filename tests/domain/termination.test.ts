/**
 * 申请解约 and its 撤回: the student's request on a signed agreement, its guards, and the per-agreement counter
 * that makes two requests sent at once conflict.
 */
import { bumpTerminationCounter, submitTermination, terminationCounterId, terminationGuards, withdrawTermination } from '../../server/domain/termination';
import type { Attachment } from '../../typings';
import type { AgreementDoc, TerminationDoc } from '../../server/domain/types';
import {
  aCounter,
  aFile,
  anActor,
  anAgreement,
  anEnv,
  aStudent,
  aTermination,
  messagesOf,
  NOW,
  OPENIDS,
  refusal,
  refusalOf,
  settings,
  theWrite,
  trail,
} from './builders';

const student = anActor('student');

function submit(over: {
  env?: ReturnType<typeof anEnv>;
  allow?: boolean;
  agreement?: AgreementDoc;
  earlier?: TerminationDoc[];
  counter?: ReturnType<typeof aCounter> | null;
  explanation?: string;
  evidence?: Attachment[];
} = {}) {
  return submitTermination({
    env: over.env ?? anEnv({ role: 'student', idPrefix: 'termination' }),
    settings: settings({ allowStudentTermination: over.allow ?? true }),
    student: aStudent({ activeAgreementId: 'agreement-1' }),
    agreement: over.agreement ?? anAgreement('signed'),
    earlier: over.earlier ?? [],
    counter: over.counter === undefined ? null : over.counter,
    explanation: over.explanation ?? '  单位撤销岗位，双方协商一致解约 ',
    evidence: over.evidence ?? [aFile(9)],
  });
}

describe('the termination counter', () => {
  it('is kept per agreement', () => {
    expect(terminationCounterId('agreement-1')).toBe('termination:agreement-1');
  });

  it('starts at 1, created over nothing', () => {
    expect(bumpTerminationCounter('agreement-1', null)).toEqual({
      collection: 'counters', doc: { _id: 'termination:agreement-1', version: 1, value: 1 }, expectedVersion: 0,
    });
  });

  it('counts one more over the version it read', () => {
    expect(bumpTerminationCounter('agreement-1', aCounter(3, { _id: 'termination:agreement-1', version: 5 }))).toEqual({
      collection: 'counters', doc: { _id: 'termination:agreement-1', version: 6, value: 4 }, expectedVersion: 5,
    });
  });
});

describe('the guards a request must pass', () => {
  it('the school must allow students to ask', () => {
    expect(terminationGuards.open(settings({ allowStudentTermination: true }))).toBe(true);
    expect(terminationGuards.open(settings({ allowStudentTermination: false }))).toBe(false);
  });

  it('only a signed agreement can be terminated', () => {
    expect(terminationGuards.signed(anAgreement('signed'))).toBe(true);
    expect(terminationGuards.signed(anAgreement('pendingSchool'))).toBe(false);
  });

  it('only one request may wait at a time; decided or withdrawn ones do not count', () => {
    expect(terminationGuards.noneWaiting([])).toBe(true);
    expect(terminationGuards.noneWaiting([aTermination('rejected'), aTermination('withdrawn')])).toBe(true);
    expect(terminationGuards.noneWaiting([aTermination('rejected'), aTermination('submitted')])).toBe(false);
  });
});

describe('asking to terminate a signed agreement', () => {
  it('creates a submitted request with the student’s keys, the explanation trimmed and the evidence, and bumps the counter', () => {
    const decided = submit({ counter: aCounter(2, { _id: 'termination:agreement-1' }) });
    const write = theWrite(decided, 'terminations');
    expect(write.expectedVersion).toBe(0);
    expect(write.doc).toEqual({
      _id: 'termination-1',
      version: 1,
      createdAt: NOW,
      updatedAt: NOW,
      auditHead: decided.audit[0]!.hash,
      state: 'submitted',
      studentNo: '2026010101',
      studentName: '张三',
      collegeId: 'cs',
      major: '软件工程',
      agreementId: 'agreement-1',
      explanation: '单位撤销岗位，双方协商一致解约',
      evidence: [aFile(9)],
      studentOpenid: OPENIDS.student,
    });
    expect(decided.termination).toBe(write.doc);
    expect(decided.writes[1]).toEqual({ collection: 'counters', doc: { _id: 'termination:agreement-1', version: 3, value: 3 }, expectedVersion: 2 });
    expect(decided.writes).toHaveLength(2);
    expect(trail(decided)).toEqual([
      { record: 'termination', recordId: 'termination-1', seq: 1, from: null, to: 'submitted', action: 'submit', actor: student, at: NOW, attachments: [aFile(9)] },
    ]);
    expect(messagesOf(decided)).toEqual([]);
  });

  it('may ask again after an earlier request was rejected or withdrawn', () => {
    const decided = submit({ earlier: [aTermination('rejected'), aTermination('withdrawn', { _id: 'termination-0' })] });
    expect(decided.termination.state).toBe('submitted');
  });

  it('refuses when the school does not allow students to ask, before anything else', () => {
    expect(refusalOf(() => submit({ allow: false, agreement: anAgreement('pendingSchool'), evidence: [] }))).toBe('TERMINATION_CLOSED');
  });

  it.each(['pendingCollege', 'pendingSchool', 'returned', 'terminated'] as const)('refuses for an agreement that is %s', (state) => {
    expect(refusalOf(() => submit({ agreement: anAgreement(state) }))).toBe('INVALID_TRANSITION');
  });

  it('refuses while an earlier request waits, saying so', () => {
    const e = refusal(() => submit({ earlier: [aTermination('submitted')] }));
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(e.message).toBe('已有待审核的解约申请');
  });

  it('refuses without evidence, naming the field', () => {
    const e = refusal(() => submit({ evidence: [] }));
    expect({ code: e.code, message: e.message, issues: e.issues }).toEqual({
      code: 'INVALID_INPUT', message: '请上传解约证明材料', issues: [{ path: 'evidenceFiles', message: '请上传解约证明材料' }],
    });
  });

  it('refuses a blank explanation, naming the field', () => {
    const e = refusal(() => submit({ explanation: ' \n ' }));
    expect({ code: e.code, message: e.message, issues: e.issues }).toEqual({
      code: 'INVALID_INPUT', message: '请填写解约说明', issues: [{ path: 'explanation', message: '请填写解约说明' }],
    });
  });

  it('asks for the evidence before the explanation', () => {
    expect(refusal(() => submit({ evidence: [], explanation: '' })).message).toBe('请上传解约证明材料');
  });

  it('refuses anyone but the student', () => {
    expect(refusalOf(() => submit({ env: anEnv({ role: 'employer' }) }))).toBe('FORBIDDEN');
  });
});

describe('withdrawing a request', () => {
  it('withdraws a request the school has not decided', () => {
    const t = aTermination('submitted');
    const decided = withdrawTermination({ env: anEnv({ role: 'student' }), termination: t });
    expect(decided.writes).toEqual([{ collection: 'terminations', doc: decided.termination, expectedVersion: 1 }]);
    expect(decided.termination).toEqual({ ...t, state: 'withdrawn', version: 2, updatedAt: NOW, auditHead: decided.audit[0]!.hash });
    expect(trail(decided)).toEqual([
      { record: 'termination', recordId: 'termination-1', seq: 2, from: 'submitted', to: 'withdrawn', action: 'withdraw', actor: student, at: NOW },
    ]);
    expect(decided.outbox).toEqual([]);
  });

  it.each(['approved', 'rejected', 'withdrawn'] as const)('refuses once the request is %s', (state) => {
    expect(refusalOf(() => withdrawTermination({ env: anEnv({ role: 'student' }), termination: aTermination(state) }))).toBe('INVALID_TRANSITION');
  });

  it('refuses anyone but the student', () => {
    expect(refusalOf(() => withdrawTermination({ env: anEnv({ role: 'schoolReviewer' }), termination: aTermination() }))).toBe('FORBIDDEN');
  });
});
