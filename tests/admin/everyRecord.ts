/**
 * A store that holds every audited record in several of its states, reached through the real functions and admin
 * commands on the demo school plus eight imported graduates: checks (draft, submitted, approved, returned; source
 * and employment), offers (open, accepted, declined, withdrawn, superseded, expired), agreements (draft,
 * pendingCollege, pendingSchool, returned, signed, terminated, cancelled; from offers and student-initiated with proof
 * files), terminations (approved, rejected, withdrawn, with evidence files), employers (registered, certified,
 * rejected), users of every role, roster entries bound and not, settings changed, invite codes issued and redeemed, a
 * termination refused through a consent link.
 */
import { importRoster } from '../../admin/commands/importRoster';
import { CODE_ALPHABET, CODE_LENGTH, invite } from '../../admin/commands/invite';
import { settings } from '../../admin/commands/settings';
import { withUsccCheck } from '../../server/domain/identifiers';
import type { AgreementDoc } from '../../server/domain/types';
import { DEMO_EMPLOYER_ID, DEMO_OPENIDS } from '../../server/runtime/seed';
import { bind } from '../../server/usecases/bind';
import { employerOffer } from '../../server/usecases/employerOffer';
import { expireOffers } from '../../server/usecases/expireOffers';
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { requestTermination } from '../../server/usecases/requestTermination';
import { respondOffer } from '../../server/usecases/respondOffer';
import { review } from '../../server/usecases/review';
import { submitCheck } from '../../server/usecases/submitCheck';
import { signedDemoAgreement, terminate, TERMS } from '../support/agreements';
import { DAY, rid, type TestSystem } from '../support/harness';
import { tempDir, writeCsv } from './fixtures/files';
import { ROSTER_HEADER, rosterRecord, rosterRows, studentNoFor } from './fixtures/roster';
import type { AdminWorld } from './support';
import { jpegBytes } from '../support/files';
import { registration } from '../support/registration';

const { collegeReviewer: CS, collegeReviewerEm: EM, schoolReviewer: SCHOOL, employer: DEMO_HR } = DEMO_OPENIDS;
const CONTACT = { phone: '13911112222', email: 'student@example.com', homeAddress: '北京市东城区东华门街道1号' };

interface Graduate {
  studentNo: string;
  name: string;
  openid: string;
  reviewer: string;
}

export interface EveryRecord {
  /** the signed agreement that stays signed */
  signed: AgreementDoc;
}

type Approver = (sys: TestSystem, reviewer: string, record: string, id: string, version: number, reason?: string) => Promise<number>;

/** One reviewer decision through review; the item's new version. */
const decide =
  (decision: 'approve' | 'return'): Approver =>
  async (sys, reviewer, record, id, version, reason) => {
    const r = await sys.ok(review, reviewer, { requestId: rid(), decision, items: [{ record, id, version }], ...(reason ? { reason } : {}) });
    const item = r.results[0]!;
    if (!item.ok) throw new Error(`review ${decision} of ${record}/${id} failed: ${item.code}`);
    return item.version;
  };
const approve = decide('approve');
const giveBack = decide('return');

async function sourceCheck(sys: TestSystem, g: Graduate, end: 'submitted' | 'approved' | 'returned'): Promise<void> {
  const saved = await sys.ok(submitCheck, g.openid, { action: 'save', requestId: rid(), kind: 'source', version: 0, fields: CONTACT });
  const sent = await sys.ok(submitCheck, g.openid, { action: 'submit', requestId: rid(), kind: 'source', version: saved.version });
  if (end === 'approved') await approve(sys, g.reviewer, 'check', sent.id, sent.version);
  if (end === 'returned') await giveBack(sys, g.reviewer, 'check', sent.id, sent.version, '家庭住址请写到门牌号');
}

const offerTo = async (sys: TestSystem, hr: string, g: Graduate, validDays?: number) =>
  sys.ok(employerOffer, hr, { action: 'create', requestId: rid(), studentNo: g.studentNo, studentName: g.name, terms: TERMS, ...(validDays ? { validDays } : {}) });

const accept = async (sys: TestSystem, g: Graduate, offer: { id: string; version: number }) =>
  sys.ok(respondOffer, g.openid, { action: 'accept', requestId: rid(), offerId: offer.id, version: offer.version });

const requestEnd = async (sys: TestSystem, g: Graduate, agreementId: string) => {
  const letter = await sys.upload(g.openid, `letter-${rid()}.jpg`);
  return sys.ok(requestTermination, g.openid, { action: 'submit', requestId: rid(), agreementId, explanation: '单位调整岗位，协商解约', evidenceFiles: [letter] });
};

const draft = (proofFiles: string[]) => ({
  employer: { employerId: DEMO_EMPLOYER_ID },
  proofFiles,
  job: { title: '数据分析师', region: '110108', monthlySalary: 12000, contractYears: 3, startDate: '2026-07-01' },
  file: { transfer: true, receiver: '北京市海淀区人才服务中心', address: '北京市海淀区1号' },
  hukou: { migrate: false },
});

const unit = (n: number) => ({
  name: `备份测试单位${n}有限公司`,
  uscc: withUsccCheck(`91110105MA${String(2000000 + n)}`),
  nature: '39',
  industry: '65',
  region: '110105',
  address: `北京市朝阳区备份路${n}号`,
  contactName: '孙经理',
  contactPhone: '13800138000',
});

export async function buildEveryRecord(world: AdminWorld): Promise<EveryRecord> {
  const { sys } = world;
  // eight graduates on the roster, bound (even: 计算机学院, odd: 经济管理学院)
  const roster = writeCsv(tempDir(), 'roster.csv', [[...ROSTER_HEADER], ...rosterRows(0, 8)]);
  if ((await world.run(importRoster, [roster])).code !== 0) throw new Error('import-roster failed');
  const g: Graduate[] = [];
  for (let i = 0; i < 8; i++) {
    const r = rosterRecord(i);
    const grad = { studentNo: studentNoFor(i), name: String(r.姓名), openid: `wx-grad-${i}`, reviewer: i % 2 === 0 ? CS : EM };
    await sys.ok(bind, grad.openid, { action: 'student', requestId: rid(), studentNo: grad.studentNo, name: grad.name, idLast6: String(r.身份证号).slice(-6) });
    g.push(grad);
  }
  const [g0, g1, g2, g3, g4, g5, g6, g7] = g as [Graduate, Graduate, Graduate, Graduate, Graduate, Graduate, Graduate, Graduate];

  // units: B certified, C rejected, D waiting
  const [hrB, hrC, hrD] = ['hr-b', 'hr-c', 'hr-d'];
  const registered = await Promise.all([hrB, hrC, hrD].map(async (hr, n) => (await sys.ok(bind, hr, await registration(sys, hr, unit(n)))).employerId!));
  await approve(sys, SCHOOL, 'employer', registered[0]!, 1);
  await giveBack(sys, SCHOOL, 'employer', registered[1]!, 1, '营业执照与单位名称不符');

  // staff by invite code; one code left unused
  const issued = await world.run(invite, ['collegeReviewer', '--college', 'cs', '--count', '2']);
  const code = new RegExp(`^  ([${CODE_ALPHABET}]{${CODE_LENGTH}})$`);
  const codes = issued.lines.map((l) => code.exec(l)?.[1]).filter((c): c is string => !!c);
  await sys.ok(bind, 'wx-new-reviewer', { action: 'invite', requestId: rid(), code: codes[0] });

  // 张三: signed, then terminated (termination approved)
  await terminate(sys, await signedDemoAgreement(sys));
  // 李四: a source check saved, not sent
  await sys.ok(submitCheck, DEMO_OPENIDS.student2, { action: 'save', requestId: rid(), kind: 'source', version: 0, fields: CONTACT });

  for (const grad of [g0, g1, g2, g3, g6, g7]) await sourceCheck(sys, grad, 'approved');
  await sourceCheck(sys, g4, 'submitted');
  await sourceCheck(sys, g5, 'returned');

  // g0: signed; one termination withdrawn, one rejected; the employment check sent
  const a0 = await accept(sys, g0, await offerTo(sys, DEMO_HR, g0));
  const v0 = await approve(sys, CS, 'agreement', a0.id, a0.version);
  await approve(sys, SCHOOL, 'agreement', a0.id, v0);
  const withdrawn = await requestEnd(sys, g0, a0.id);
  await sys.ok(requestTermination, g0.openid, { action: 'withdraw', requestId: rid(), terminationId: withdrawn.id, version: withdrawn.version });
  const rejected = await requestEnd(sys, g0, a0.id);
  await giveBack(sys, SCHOOL, 'termination', rejected.id, rejected.version, '单位未同意解约');
  const employment = await sys.ok(submitCheck, g0.openid, { action: 'save', requestId: rid(), kind: 'employment', version: 0, fields: { jobTitle: '高级数据分析师' } });
  await sys.ok(submitCheck, g0.openid, { action: 'submit', requestId: rid(), kind: 'employment', version: employment.version });

  // g1: waiting for the school; g2: returned by the college
  const a1 = await accept(sys, g1, await offerTo(sys, DEMO_HR, g1));
  await approve(sys, EM, 'agreement', a1.id, a1.version);
  const a2 = await accept(sys, g2, await offerTo(sys, DEMO_HR, g2));
  await giveBack(sys, CS, 'agreement', a2.id, a2.version, '岗位名称请写全称');

  // g3: two offers, one accepted (the other superseded); returned by the school, revised by the unit
  await offerTo(sys, hrB, g3);
  const a3 = await accept(sys, g3, await offerTo(sys, DEMO_HR, g3));
  const v3 = await approve(sys, EM, 'agreement', a3.id, a3.version);
  const r3 = await giveBack(sys, SCHOOL, 'agreement', a3.id, v3, '月薪请与录用通知一致');
  await sys.ok(employerOffer, DEMO_HR, { action: 'revise', requestId: rid(), agreementId: a3.id, version: r3, terms: { ...TERMS, job: { ...TERMS.job, monthlySalary: 12500 } } });

  // g4: one offer declined, one withdrawn; g5: one open, one expired
  const declined = await offerTo(sys, DEMO_HR, g4);
  await sys.ok(respondOffer, g4.openid, { action: 'decline', requestId: rid(), offerId: declined.id, version: declined.version, reason: '已有其他安排' });
  const pulled = await offerTo(sys, hrB, g4);
  await sys.ok(employerOffer, hrB, { action: 'withdraw', requestId: rid(), offerId: pulled.id, version: pulled.version });
  await offerTo(sys, DEMO_HR, g5);
  await offerTo(sys, hrB, g5, 1);

  // 邀约模板: one kept, with its 约定条款; one saved, renamed and deleted
  const structured = { trialMonths: 3, penaltyYuan: 8000, penaltyWarningConfirmed: true, insurance: ['pension' as const], dispatched: false };
  await sys.ok(employerOffer, DEMO_HR, { action: 'saveTemplate', requestId: rid(), version: 0, name: '校招数据分析师', terms: { ...TERMS, structured } });
  const old = await sys.ok(employerOffer, DEMO_HR, { action: 'saveTemplate', requestId: rid(), version: 0, name: '去年的岗位', terms: TERMS });
  const renamed = await sys.ok(employerOffer, DEMO_HR, { action: 'saveTemplate', requestId: rid(), templateId: old.id, version: old.version, name: '去年的岗位（停用）', terms: TERMS });
  await sys.ok(employerOffer, DEMO_HR, { action: 'deleteTemplate', requestId: rid(), templateId: old.id, version: renamed.version });

  // g6: a student-initiated draft with a proof file; g7: submitted, taken back, cancelled
  const proof6 = await sys.upload(g6.openid, 'offer-letter-6.jpg', jpegBytes('录用通知 6'));
  await sys.ok(initiateSigning, g6.openid, { action: 'save', requestId: rid(), version: 0, draft: draft([proof6]) });
  const proof7 = await sys.upload(g7.openid, 'offer-letter-7.jpg', jpegBytes('录用通知 7'));
  const sent7 = await sys.ok(initiateSigning, g7.openid, { action: 'submit', requestId: rid(), version: 0, draft: draft([proof7]) });
  const back7 = await sys.ok(initiateSigning, g7.openid, { action: 'withdraw', requestId: rid(), agreementId: sent7.id, version: sent7.version });
  await sys.ok(initiateSigning, g7.openid, { action: 'cancel', requestId: rid(), agreementId: sent7.id, version: back7.version });

  // two days on, the hourly timer expires B's one-day offer; then the school changes a setting
  sys.advance(2 * DAY);
  await sys.ok(expireOffers, '', { Type: 'Timer', TriggerName: 'hourly' });
  if ((await world.run(settings, ['set', 'offerTtlDays', '21'])).code !== 0) throw new Error('settings set failed');

  // with mutual consent on: g0 asks again, draws a consent link, and the unit refuses through it (a consent link used)
  if ((await world.run(settings, ['set', 'mutualConsentTermination', 'true'])).code !== 0) throw new Error('settings set failed');
  const letter0 = await sys.upload(g0.openid, 'letter-consent.jpg');
  const proposed = await sys.ok(requestTermination, g0.openid, { action: 'submit', requestId: rid(), agreementId: a0.id, explanation: '家庭原因需回生源地工作', evidenceFiles: [letter0], reasonCode: '12' });
  const drawn = await sys.ok(requestTermination, g0.openid, { action: 'issueLink', requestId: rid(), terminationId: proposed.id });
  const token = drawn.consentLink!.path.split('t=')[1]!;
  const uscc = (await sys.store.get('agreements', a0.id))!.content.employer.uscc;
  await sys.ok(requestTermination, 'wx-unit-hr', { action: 'refuseByLink', requestId: rid(), token, terminationId: proposed.id, uscc, name: '陈经理', phone: '13800138000', reason: '项目交付前不同意解约' });

  return { signed: (await sys.store.get('agreements', a0.id))! };
}
