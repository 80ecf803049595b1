/**
 * Agreements in the states the document tests need, reached through the real functions: 应约 (respondOffer),
 * 院系/学校审核 (review), 申请解约 and its approval (requestTermination, review), offers sent with employerOffer.
 */
import { employerOffer } from '../../server/usecases/employerOffer';
import { requestTermination } from '../../server/usecases/requestTermination';
import { respondOffer } from '../../server/usecases/respondOffer';
import { review } from '../../server/usecases/review';
import { step } from '../../server/domain/machine';
import { studentKeys } from '../../server/domain/parties';
import type { AgreementDoc, CheckDoc } from '../../server/domain/types';
import { DEMO_EMPLOYER_ID, DEMO_OPENIDS } from '../../server/runtime/seed';
import type { OfferTerms } from '../../typings';
import { rid, type TestSystem } from './harness';

export const TERMS: OfferTerms = {
  job: { title: '数据分析师', region: '110101', monthlySalary: 12000, contractYears: 3, startDate: '2026-07-15' },
  file: { transfer: false },
  hukou: { migrate: true, address: '北京市东城区东华门街道' },
};

/** A 自主发起 draft with the demo unit and the given proof files; `extra` adds or replaces fields. */
export const initiationDraft = (proofFiles: string[], extra: Record<string, unknown> = {}) => ({
  employer: { employerId: DEMO_EMPLOYER_ID },
  proofFiles,
  job: { title: '数据分析师', region: '110108', monthlySalary: 12000, contractYears: 3, startDate: '2026-07-01' },
  file: { transfer: false },
  hukou: { migrate: false },
  ...extra,
});

const at = (sys: TestSystem) => sys.deps.clock().toISOString();

/** The student accepts the offer: an agreement pending college review. */
export async function accept(sys: TestSystem, openid: string, offerId: string, version = 1): Promise<AgreementDoc> {
  const r = await sys.ok(respondOffer, openid, { action: 'accept', requestId: rid(), offerId, version });
  return (await sys.store.get('agreements', r.id))!;
}

/** 院系审核通过 by the student's college, then 学校审核通过: signed. */
export async function approve(sys: TestSystem, a: AgreementDoc): Promise<AgreementDoc> {
  const college = a.collegeId === 'em' ? DEMO_OPENIDS.collegeReviewerEm : DEMO_OPENIDS.collegeReviewer;
  const first = await sys.ok(review, college, { requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id: a._id, version: a.version }] });
  const afterCollege = first.results[0]!;
  if (!afterCollege.ok) throw new Error(`college review failed: ${afterCollege.code}`);
  const second = await sys.ok(review, DEMO_OPENIDS.schoolReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id: a._id, version: afterCollege.version }] });
  if (!second.results[0]!.ok) throw new Error(`school review failed: ${second.results[0]!.code}`);
  return (await sys.store.get('agreements', a._id))!;
}

/** 张三 accepts the seeded offer and both reviews pass: the demo's signed agreement. */
export async function signedDemoAgreement(sys: TestSystem): Promise<AgreementDoc> {
  return approve(sys, await accept(sys, DEMO_OPENIDS.student, 'offer-demo-1'));
}

/** 申请解约 by the student with a letter, approved by the school: terminated. */
export async function terminate(sys: TestSystem, a: AgreementDoc): Promise<AgreementDoc> {
  const letter = await sys.upload(a.studentOpenid, `letter-${a._id}.jpg`);
  const t = await sys.ok(requestTermination, a.studentOpenid, { action: 'submit', requestId: rid(), agreementId: a._id, explanation: '单位撤销岗位，双方协商一致解约', evidenceFiles: [letter] });
  const decided = await sys.ok(review, DEMO_OPENIDS.schoolReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'termination', id: t.id, version: t.version }] });
  if (!decided.results[0]!.ok) throw new Error(`termination review failed: ${decided.results[0]!.code}`);
  return (await sys.store.get('agreements', a._id))!;
}

/** The student's 生源核查, submitted and approved by the college (a precondition of signing). */
export async function approveSourceCheck(sys: TestSystem, studentNo: string, reviewer: string): Promise<void> {
  const student = (await sys.store.get('students', studentNo))!;
  const created = step<'check', CheckDoc>({
    kind: 'check', current: null, id: `source:${studentNo}`, action: 'submit',
    actor: { openid: student.openid ?? 'unbound', role: 'student' }, now: at(sys),
    patch: { kind: 'source', ...studentKeys(student), fields: { phone: '13700137000' }, schoolValues: {}, submittedAt: at(sys) },
  });
  await sys.store.commit({ writes: [{ collection: 'checks', doc: created.doc, expectedVersion: 0 }], audit: [created.audit], outbox: [] });
  const r = await sys.ok(review, reviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'check', id: created.doc._id, version: 1 }] });
  if (!r.results[0]!.ok) throw new Error(`check review failed: ${r.results[0]!.code}`);
}

/** The demo employer sends an offer; returns its id. */
export async function sendOffer(sys: TestSystem, studentNo: string, studentName: string, terms: OfferTerms = TERMS): Promise<string> {
  const r = await sys.ok(employerOffer, DEMO_OPENIDS.employer, { action: 'create', requestId: rid(), studentNo, studentName, terms });
  return r.id;
}
