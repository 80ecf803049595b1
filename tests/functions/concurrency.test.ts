/**
 * Pairs of calls that may not both succeed, sent at the same moment: the store's optimistic versions make exactly
 * one of them win, and the records stay consistent with the one that did.
 */
import { employerOffer } from '../../server/usecases/employerOffer';
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { requestTermination } from '../../server/usecases/requestTermination';
import { respondOffer } from '../../server/usecases/respondOffer';
import { review } from '../../server/usecases/review';
import { submitCheck } from '../../server/usecases/submitCheck';
import { DEMO_EMPLOYER_ID, DEMO_OPENIDS } from '../../server/runtime/seed';
import type { Result } from '../../typings';
import { TERMS, accept, signedDemoAgreement } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';

const ZHANG = DEMO_OPENIDS.student;
const ZHANG_NO = '2026010101';
const LI = DEMO_OPENIDS.student2;
const CS = DEMO_OPENIDS.collegeReviewer;

const oneWins = (results: Result<unknown>[]): void => {
  expect(results.filter((r) => r.ok)).toHaveLength(1);
};

describe('review: parallel calls where only one may succeed', () => {
  let sys: TestSystem;
  let proof: string;
  beforeEach(async () => {
    sys = await makeSystem();
    proof = await sys.upload(ZHANG, 'proof.jpg');
  });
  afterEach(() => sys.close());

  const draft = () => ({ ...TERMS, employer: { employerId: DEMO_EMPLOYER_ID }, proofFiles: [proof] });
  const agreementsHeld = async () =>
    (await sys.all('agreements')).filter((a) => a.studentNo === ZHANG_NO && ['pendingCollege', 'pendingSchool', 'returned', 'signed'].includes(a.state));

  it('应约 and 发起签约 at once: one agreement holds the lock, and it is the one the lock names', async () => {
    const results = await Promise.all([
      sys.call(respondOffer, ZHANG, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 }),
      sys.call(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: draft() }),
    ]);
    oneWins(results);
    const held = await agreementsHeld();
    expect(held).toHaveLength(1);
    expect((await sys.store.get('students', ZHANG_NO))!.activeAgreementId).toBe(held[0]!._id);
  });

  it('the student withdraws as the college approves: one of them, never a draft that went on to school review', async () => {
    const a = await sys.ok(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: draft() });
    const [withdrawn, approved] = await Promise.all([
      sys.call(initiateSigning, ZHANG, { action: 'withdraw', requestId: rid(), agreementId: a.id, version: a.version }),
      sys.call(review, CS, { requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id: a.id, version: a.version }] }),
    ]);
    const reviewed = approved.ok && approved.data.results[0]!.ok;
    expect([withdrawn.ok, reviewed].filter(Boolean)).toHaveLength(1);
    const after = (await sys.store.get('agreements', a.id))!;
    expect(after.state).toBe(withdrawn.ok ? 'draft' : 'pendingSchool');
    expect((await sys.store.get('students', ZHANG_NO))!.activeAgreementId).toBe(withdrawn.ok ? null : a.id);
  });

  it('the student cancels a returned agreement as the employer revises it: one of them, and the lock agrees', async () => {
    const a = await accept(sys, ZHANG, 'offer-demo-1');
    await sys.ok(review, CS, { requestId: rid(), decision: 'return', reason: '岗位信息不完整', items: [{ record: 'agreement', id: a._id, version: 1 }] });
    const [cancelled, revised] = await Promise.all([
      sys.call(initiateSigning, ZHANG, { action: 'cancel', requestId: rid(), agreementId: a._id, version: 2 }),
      sys.call(employerOffer, DEMO_OPENIDS.employer, { action: 'revise', requestId: rid(), agreementId: a._id, version: 2, terms: TERMS }),
    ]);
    expect([cancelled.ok, revised.ok].filter(Boolean)).toHaveLength(1);
    const after = (await sys.store.get('agreements', a._id))!;
    expect(after.state).toBe(cancelled.ok ? 'cancelled' : 'pendingCollege');
    expect((await sys.store.get('students', ZHANG_NO))!.activeAgreementId).toBe(cancelled.ok ? null : a._id);
  });

  it('the student withdraws a termination request as the school approves it: one of them, and the agreement agrees', async () => {
    const a = await signedDemoAgreement(sys);
    const t = await sys.ok(requestTermination, ZHANG, { action: 'submit', requestId: rid(), agreementId: a._id, explanation: '单位撤销岗位', evidenceFiles: [proof] });
    const [withdrawn, approved] = await Promise.all([
      sys.call(requestTermination, ZHANG, { action: 'withdraw', requestId: rid(), terminationId: t.id, version: 1 }),
      sys.call(review, DEMO_OPENIDS.schoolReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'termination', id: t.id, version: 1 }] }),
    ]);
    const reviewed = approved.ok && approved.data.results[0]!.ok;
    expect([withdrawn.ok, reviewed].filter(Boolean)).toHaveLength(1);
    expect((await sys.store.get('agreements', a._id))!.state).toBe(withdrawn.ok ? 'signed' : 'terminated');
  });

  it('the student withdraws a check as the college returns it: one of them', async () => {
    const fields = { phone: '13900139000', email: 'lisi@example.com', homeAddress: '北京市东城区1号' };
    const c = await sys.ok(submitCheck, LI, { action: 'submit', requestId: rid(), kind: 'source', version: 0, fields });
    const [withdrawn, returned] = await Promise.all([
      sys.call(submitCheck, LI, { action: 'withdraw', requestId: rid(), kind: 'source', version: c.version }),
      sys.call(review, CS, { requestId: rid(), decision: 'return', reason: '请核对地址', items: [{ record: 'check', id: c.id, version: c.version }] }),
    ]);
    const reviewed = returned.ok && returned.data.results[0]!.ok;
    expect([withdrawn.ok, reviewed].filter(Boolean)).toHaveLength(1);
    expect((await sys.store.get('checks', c.id))!.state).toBe(withdrawn.ok ? 'draft' : 'returned');
  });
});
