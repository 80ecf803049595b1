import { initiateSigning } from '../../server/usecases/initiateSigning';
import { respondOffer } from '../../server/usecases/respondOffer';
import { sha256, verifyChain } from '../../server/domain/audit';
import { step } from '../../server/domain/machine';
import type { AgreementDoc, CollectionName, EmployerDoc, SettingsDoc } from '../../server/domain/types';
import { DEMO_EMPLOYER_ID, DEMO_OPENIDS } from '../../server/runtime/seed';
import { SETTINGS_ID } from '../../server/app/settings';
import { MAX_FILE_BYTES } from '../../server/domain/files';
import { makeSystem, rid, type TestSystem } from '../support/harness';

const ZHANG = DEMO_OPENIDS.student;
const ZHANG_NO = '2026010101';
const LI = DEMO_OPENIDS.student2;
const FIRST_NO = '2026' + '10001' + '31' + '000001';
const COLLECTIONS: CollectionName[] = ['agreements', 'students', 'counters', 'offers', 'audit', 'outbox', 'requests'];

const dump = async (sys: TestSystem): Promise<string> =>
  JSON.stringify(await Promise.all(COLLECTIONS.map((c) => sys.all(c))));

const MANUAL = {
  name: '北京示例数据有限公司',
  uscc: '91350100M000100Y43',
  nature: '39',
  industry: '65',
  region: '110108',
  address: '北京市海淀区中关村大街1号',
  contactName: '刘女士',
  contactPhone: '010-62345678',
};

const draftWith = (proofFiles: string[], employer: object = { employerId: DEMO_EMPLOYER_ID }) => ({
  employer,
  proofFiles,
  job: { title: '数据分析师', region: '110108', monthlySalary: 12000, contractYears: 3, startDate: '2026-07-01' },
  file: { transfer: true, receiver: '北京市海淀区人才服务中心', address: '北京市海淀区1号' },
  hukou: { migrate: false },
  remarks: '学生凭录用通知发起',
});

async function setSettings(sys: TestSystem, change: Partial<SettingsDoc>): Promise<void> {
  const s = (await sys.store.get('settings', SETTINGS_ID))!;
  await sys.store.put('settings', { ...s, ...change, version: s.version + 1 }, s.version);
}

/** A reviewer's step on an agreement, committed as the review function would. */
async function reviewAgreement(sys: TestSystem, id: string, action: 'collegeApprove' | 'collegeReturn', reason?: string): Promise<AgreementDoc> {
  const current = (await sys.store.get('agreements', id))!;
  const next = step<'agreement', AgreementDoc>({
    kind: 'agreement', current, id, action, reason, now: sys.deps.clock().toISOString(),
    actor: { openid: DEMO_OPENIDS.collegeReviewer, role: 'collegeReviewer' },
    patch: action === 'collegeReturn' ? { returnReason: reason, returnedAt: 'college' } : {},
  });
  await sys.store.commit({ writes: [{ collection: 'agreements', doc: next.doc, expectedVersion: current.version }], audit: [next.audit], outbox: [] });
  return next.doc;
}

describe('initiateSigning: 学生发起签约', () => {
  let sys: TestSystem;
  let proof: string;
  beforeEach(async () => {
    sys = await makeSystem();
    proof = await sys.upload(ZHANG, 'offer-letter.jpg');
  });
  afterEach(() => sys.close());

  const student = async () => (await sys.store.get('students', ZHANG_NO))!;

  it('保存 makes a draft with no number and no lock, snapshotting the library employer and hashing the proof', async () => {
    const saved = await sys.ok(initiateSigning, ZHANG, { action: 'save', requestId: rid(), version: 0, draft: draftWith([proof]) });
    expect(saved).toMatchObject({ record: 'agreement', state: 'draft', version: 1 });
    const a = (await sys.store.get('agreements', saved.id))!;
    expect(a).toMatchObject({ origin: 'student', agreementNo: null, studentNo: ZHANG_NO, studentName: '张三', collegeId: 'cs', employerId: DEMO_EMPLOYER_ID, employerName: '深圳示例科技有限公司', studentOpenid: ZHANG });
    expect(a.content.employer).toMatchObject({ employerId: DEMO_EMPLOYER_ID, name: '深圳示例科技有限公司', contactName: '陈经理' });
    expect(a.content.student).toMatchObject({ studentNo: ZHANG_NO, name: '张三', phone: '13800138000' });
    expect(a.content.job.title).toBe('数据分析师');
    expect(a.content.remarks).toBe('学生凭录用通知发起');
    const hash = sha256((await sys.files.read(proof))!);
    expect(a.proofFiles).toEqual([{ fileId: proof, sha256: hash }]);
    expect((await student()).activeAgreementId).toBeNull();
    expect(await sys.store.get('counters', 'agreementNo:2026')).toBeNull();

    const audit = await sys.auditOf('agreement', saved.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'save', from: null, to: 'draft', actor: { openid: ZHANG, role: 'student' }, attachments: [{ fileId: proof, sha256: hash }] });
    expect(verifyChain(audit, a.auditHead)).toBeNull();
  });

  it('a draft is saved again with a manual unit, replacing the library snapshot', async () => {
    const saved = await sys.ok(initiateSigning, ZHANG, { action: 'save', requestId: rid(), version: 0, draft: draftWith([proof]) });
    const again = await sys.ok(initiateSigning, ZHANG, { action: 'save', requestId: rid(), agreementId: saved.id, version: 1, draft: draftWith([], { manual: MANUAL }) });
    expect(again).toMatchObject({ id: saved.id, state: 'draft', version: 2 });
    const a = (await sys.store.get('agreements', saved.id))!;
    expect(a.employerId).toBeUndefined();
    expect(a.content.employer).toEqual(MANUAL);
    expect(a.employerName).toBe(MANUAL.name);
    expect(a.proofFiles).toEqual([]);
    expect((await sys.auditOf('agreement', saved.id)).map((e) => [e.action, e.from, e.to])).toEqual([['save', null, 'draft'], ['save', 'draft', 'draft']]);
  });

  it('发起 sends it to college review: numbered, locked, audited with the proof', async () => {
    const saved = await sys.ok(initiateSigning, ZHANG, { action: 'save', requestId: rid(), version: 0, draft: draftWith([]) });
    const before = await student();
    const submitted = await sys.ok(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), agreementId: saved.id, version: 1, draft: draftWith([proof]) });
    expect(submitted).toEqual({ record: 'agreement', id: saved.id, state: 'pendingCollege', version: 2 });
    const a = (await sys.store.get('agreements', saved.id))!;
    expect(a).toMatchObject({ agreementNo: FIRST_NO, submittedAt: sys.deps.clock().toISOString() });
    expect(await student()).toMatchObject({ activeAgreementId: saved.id, version: before.version + 1 });
    expect((await sys.store.get('counters', 'agreementNo:2026'))!.value).toBe(1);
    const audit = await sys.auditOf('agreement', saved.id);
    expect(audit[1]).toMatchObject({ action: 'submit', from: 'draft', to: 'pendingCollege', attachments: [{ fileId: proof }] });
    expect(await sys.all('outbox')).toHaveLength(1); // the seed's; the college is not messaged
  });

  it('the number is assigned at the first submission and kept through withdraw and resubmission', async () => {
    const first = await sys.ok(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: draftWith([proof]) });
    expect((await sys.store.get('agreements', first.id))!.agreementNo).toBe(FIRST_NO);

    const withdrawn = await sys.ok(initiateSigning, ZHANG, { action: 'withdraw', requestId: rid(), agreementId: first.id, version: 1 });
    expect(withdrawn).toMatchObject({ state: 'draft', version: 2 });
    expect((await sys.store.get('agreements', first.id))!.agreementNo).toBe(FIRST_NO);
    expect((await student()).activeAgreementId).toBeNull();

    await sys.ok(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), agreementId: first.id, version: 2, draft: draftWith([proof]) });
    expect((await sys.store.get('agreements', first.id))!).toMatchObject({ state: 'pendingCollege', agreementNo: FIRST_NO });
    expect((await sys.store.get('counters', 'agreementNo:2026'))!.value).toBe(1);
    expect((await student()).activeAgreementId).toBe(first.id);
    expect((await sys.auditOf('agreement', first.id)).map((e) => [e.action, e.from, e.to])).toEqual([
      ['submit', null, 'pendingCollege'],
      ['withdraw', 'pendingCollege', 'draft'],
      ['submit', 'draft', 'pendingCollege'],
    ]);
  });

  it('a withdrawn agreement frees the student to 应约 meanwhile, after which it cannot be resubmitted', async () => {
    const first = await sys.ok(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: draftWith([proof]) });
    await sys.ok(initiateSigning, ZHANG, { action: 'withdraw', requestId: rid(), agreementId: first.id, version: 1 });
    const accepted = await sys.ok(respondOffer, ZHANG, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
    expect((await sys.store.get('agreements', accepted.id))!.agreementNo).toBe('2026' + '10001' + '31' + '000002');
    const before = await dump(sys);
    expect(await sys.call(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), agreementId: first.id, version: 2, draft: draftWith([proof]) })).toMatchObject({ ok: false, code: 'ACTIVE_AGREEMENT_EXISTS' });
    expect(await dump(sys)).toBe(before);
  });

  it('a second agreement is refused while one is pending; so is 应约', async () => {
    await sys.ok(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: draftWith([proof]) });
    const before = await dump(sys);
    expect(await sys.call(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: draftWith([proof], { manual: MANUAL }) })).toMatchObject({ ok: false, code: 'ACTIVE_AGREEMENT_EXISTS' });
    expect(await sys.call(respondOffer, ZHANG, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 })).toMatchObject({ ok: false, code: 'ACTIVE_AGREEMENT_EXISTS' });
    expect(await dump(sys)).toBe(before);
    // a draft holds no lock, so saving another one is fine
    expect(await sys.ok(initiateSigning, ZHANG, { action: 'save', requestId: rid(), version: 0, draft: draftWith([proof], { manual: MANUAL }) })).toMatchObject({ state: 'draft' });
  });

  it('two parallel first submissions: exactly one takes the lock and a number', async () => {
    const results = await Promise.all([
      sys.call(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: draftWith([proof]) }),
      sys.call(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: draftWith([proof], { manual: MANUAL }) }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, code: expect.stringMatching(/^(ACTIVE_AGREEMENT_EXISTS|CONFLICT)$/) });
    expect(await sys.all('agreements')).toHaveLength(1);
    expect((await sys.store.get('counters', 'agreementNo:2026'))!.value).toBe(1);
  });

  it('closed by the school: every save and submit is refused and nothing written', async () => {
    await setSettings(sys, { allowStudentInitiate: false });
    const before = await dump(sys);
    for (const action of ['save', 'submit'] as const) {
      expect(await sys.call(initiateSigning, ZHANG, { action, requestId: rid(), version: 0, draft: draftWith([proof]) })).toMatchObject({ ok: false, code: 'STUDENT_INITIATE_CLOSED', message: '学校暂未开放学生发起签约' });
    }
    expect(await dump(sys)).toBe(before);
  });

  it('closed by the school after a return: the returned agreement may still be revised and resubmitted, nothing new', async () => {
    const submitted = await sys.ok(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: draftWith([proof]) });
    const returned = await reviewAgreement(sys, submitted.id, 'collegeReturn', '就业证明不清晰');
    await setSettings(sys, { allowStudentInitiate: false });
    const again = await sys.ok(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), agreementId: returned._id, version: returned.version, draft: draftWith([proof]) });
    expect(again).toMatchObject({ state: 'pendingCollege' });
    expect(await sys.call(initiateSigning, LI, { action: 'save', requestId: rid(), version: 0, draft: draftWith([await sys.upload(LI, 'x.pdf')]) })).toMatchObject({ ok: false, code: 'STUDENT_INITIATE_CLOSED' });
  });

  it('closed by the school: withdrawing and cancelling still work, as they only undo', async () => {
    const sent = await sys.ok(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: draftWith([proof]) });
    await setSettings(sys, { allowStudentInitiate: false });
    expect(await sys.ok(initiateSigning, ZHANG, { action: 'withdraw', requestId: rid(), agreementId: sent.id, version: 1 })).toMatchObject({ state: 'draft', version: 2 });
    expect(await sys.ok(initiateSigning, ZHANG, { action: 'cancel', requestId: rid(), agreementId: sent.id, version: 2 })).toMatchObject({ state: 'cancelled', version: 3 });
    expect((await student()).activeAgreementId).toBeNull();
  });

  it('the lock is audited on the student record: taken at 发起, given back at 撤回 and 作废; a draft never holds it', async () => {
    const draft = await sys.ok(initiateSigning, ZHANG, { action: 'save', requestId: rid(), version: 0, draft: draftWith([proof]) });
    await sys.ok(initiateSigning, ZHANG, { action: 'cancel', requestId: rid(), agreementId: draft.id, version: 1 });
    const locks = async () => (await sys.auditOf('student', ZHANG_NO)).filter((e) => e.action === 'lock' || e.action === 'unlock').map((e) => [e.action, e.from, e.to, e.actor.openid]);
    expect(await locks()).toEqual([]);

    const sent = await sys.ok(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: draftWith([proof]) });
    await sys.ok(initiateSigning, ZHANG, { action: 'withdraw', requestId: rid(), agreementId: sent.id, version: 1 });
    await sys.ok(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), agreementId: sent.id, version: 2, draft: draftWith([proof]) });
    await reviewAgreement(sys, sent.id, 'collegeReturn', '证明材料不清晰');
    const outboxBefore = (await sys.all('outbox')).length;
    await sys.ok(initiateSigning, ZHANG, { action: 'cancel', requestId: rid(), agreementId: sent.id, version: 4 });
    expect(await locks()).toEqual([
      ['lock', 'free', 'signing', ZHANG],
      ['unlock', 'signing', 'free', ZHANG],
      ['lock', 'free', 'signing', ZHANG],
      ['unlock', 'signing', 'free', ZHANG],
    ]);
    const studentAudit = await sys.auditOf('student', ZHANG_NO);
    expect(verifyChain(studentAudit, (await student()).auditHead)).toBeNull();
    // a student-initiated agreement has no employer waiting to revise it: cancelling it tells no one
    expect((await sys.all('outbox')).length).toBe(outboxBefore);
  });

  it('refuses callers who are not bound students, and a proof file over 10 MB', async () => {
    const before = await dump(sys);
    const event = () => ({ action: 'save', requestId: rid(), version: 0, draft: draftWith([]) });
    expect(await sys.call(initiateSigning, DEMO_OPENIDS.employer, event())).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await sys.call(initiateSigning, DEMO_OPENIDS.collegeReviewer, event())).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await sys.call(initiateSigning, 'stranger', event())).toMatchObject({ ok: false, code: 'NOT_BOUND' });
    expect(await sys.call(initiateSigning, '', event())).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    const huge = await sys.upload(ZHANG, 'scan.tiff', Buffer.alloc(MAX_FILE_BYTES + 1));
    expect(await sys.call(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: draftWith([proof, huge]) })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      message: '就业证明材料第 2 份超过 10 MB，请压缩后重新上传',
      issues: [{ path: 'draft.proofFiles.1', message: '就业证明材料第 2 份超过 10 MB，请压缩后重新上传' }],
    });
    expect(await dump(sys)).toBe(before);
  });

  it('a proof file is taken by its content: a text file named .jpg is refused, naming it, and nothing is written', async () => {
    // given a text file stored under a picture's name, as a client may upload straight into cloud storage
    const renamed = await sys.upload(ZHANG, 'offer-photo.jpg', Buffer.from('这不是图片，只是一段文字'));
    const before = await dump(sys);
    // when it is sent as the second proof, with a save or a submit
    for (const action of ['save', 'submit']) {
      const answer = await sys.call(initiateSigning, ZHANG, { action, requestId: rid(), version: 0, draft: draftWith([proof, renamed]) });
      // then it is refused, by its place among the proofs, and the store is as it was
      expect(answer).toEqual({
        ok: false,
        code: 'INVALID_INPUT',
        message: '就业证明材料第 2 份不是 JPG、PNG 图片或 PDF 文件，请删除后重新上传',
        issues: [{ path: 'draft.proofFiles.1', message: '就业证明材料第 2 份不是 JPG、PNG 图片或 PDF 文件，请删除后重新上传' }],
      });
    }
    expect(await dump(sys)).toBe(before);
    // a real PNG and a real PDF are taken
    const png = await sys.upload(ZHANG, 'screenshot.png');
    const pdf = await sys.upload(ZHANG, 'letter.pdf');
    expect(await sys.call(initiateSigning, ZHANG, { action: 'save', requestId: rid(), version: 0, draft: draftWith([proof, png, pdf]) })).toMatchObject({ ok: true });
  });

  it('submission needs an approved source check (李四 has none), but a draft does not', async () => {
    const liProof = await sys.upload(LI, 'offer.pdf');
    const before = await dump(sys);
    expect(await sys.call(initiateSigning, LI, { action: 'submit', requestId: rid(), version: 0, draft: draftWith([liProof]) })).toMatchObject({ ok: false, code: 'SOURCE_CHECK_REQUIRED' });
    expect(await dump(sys)).toBe(before);
    const saved = await sys.ok(initiateSigning, LI, { action: 'save', requestId: rid(), version: 0, draft: draftWith([liProof]) });
    expect((await sys.store.get('agreements', saved.id))!.content.student).toMatchObject({ name: '李四', phone: '' });
  });

  it('proof files: another user\'s file or a missing one is FILE_NOT_OWNED; none at all cannot be submitted', async () => {
    const liFile = await sys.upload(LI, 'not-yours.jpg');
    const before = await dump(sys);
    expect(await sys.call(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: draftWith([proof, liFile]) })).toMatchObject({ ok: false, code: 'FILE_NOT_OWNED' });
    expect(await sys.call(initiateSigning, ZHANG, { action: 'save', requestId: rid(), version: 0, draft: draftWith([liFile]) })).toMatchObject({ ok: false, code: 'FILE_NOT_OWNED' });
    const missing = proof.replace('offer-letter.jpg', 'never-uploaded.jpg');
    expect(missing).not.toBe(proof);
    expect(await sys.call(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: draftWith([missing]) })).toMatchObject({ ok: false, code: 'FILE_NOT_OWNED', message: '附件不存在或已过期，请重新上传' });
    const none = await sys.call(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: draftWith([]) });
    expect(none).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '请上传就业证明材料', issues: [{ path: 'draft.proofFiles', message: '请上传就业证明材料' }] });
    expect(await dump(sys)).toBe(before);
  });

  it('a library unit must exist and be certified', async () => {
    const registered: EmployerDoc = { ...(await sys.store.get('employers', DEMO_EMPLOYER_ID))!, _id: 'emp-new', state: 'registered' };
    await sys.store.put('employers', registered, 0);
    const before = await dump(sys);
    for (const employerId of ['emp-missing', 'emp-new']) {
      const result = await sys.call(initiateSigning, ZHANG, { action: 'save', requestId: rid(), version: 0, draft: draftWith([proof], { employerId }) });
      expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT', issues: [{ path: 'draft.employer.employerId' }] });
    }
    expect(await dump(sys)).toBe(before);
  });

  it('a returned agreement is revised (staying returned) and resubmitted, keeping lock and number', async () => {
    const first = await sys.ok(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: draftWith([proof]) });
    await reviewAgreement(sys, first.id, 'collegeReturn', '证明材料不清晰');
    expect(await sys.ok(initiateSigning, ZHANG, { action: 'save', requestId: rid(), agreementId: first.id, version: 2, draft: draftWith([proof]) })).toMatchObject({ state: 'returned', version: 3 });
    expect((await sys.store.get('agreements', first.id))!.returnReason).toBe('证明材料不清晰');
    const clearer = await sys.upload(ZHANG, 'offer-letter-clear.jpg');
    expect(await sys.ok(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), agreementId: first.id, version: 3, draft: draftWith([clearer]) })).toMatchObject({ state: 'pendingCollege', version: 4 });
    const a = (await sys.store.get('agreements', first.id))!;
    expect(a).toMatchObject({ agreementNo: FIRST_NO, proofFiles: [{ fileId: clearer }] });
    expect(a.returnReason).toBeUndefined();
    expect((await student()).activeAgreementId).toBe(first.id);
    expect((await sys.auditOf('agreement', first.id)).map((e) => e.action)).toEqual(['submit', 'collegeReturn', 'save', 'submit']);
  });

  it('作废: a draft or a returned agreement is cancelled, the lock released; a pending one cannot be', async () => {
    const draft = await sys.ok(initiateSigning, ZHANG, { action: 'save', requestId: rid(), version: 0, draft: draftWith([proof]) });
    expect(await sys.ok(initiateSigning, ZHANG, { action: 'cancel', requestId: rid(), agreementId: draft.id, version: 1 })).toMatchObject({ state: 'cancelled', version: 2 });

    const sent = await sys.ok(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: draftWith([proof]) });
    const before = await dump(sys);
    expect(await sys.call(initiateSigning, ZHANG, { action: 'cancel', requestId: rid(), agreementId: sent.id, version: 1 })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(await dump(sys)).toBe(before);

    await reviewAgreement(sys, sent.id, 'collegeReturn', '单位信息有误');
    expect(await sys.ok(initiateSigning, ZHANG, { action: 'cancel', requestId: rid(), agreementId: sent.id, version: 2 })).toMatchObject({ state: 'cancelled' });
    expect((await student()).activeAgreementId).toBeNull();
    expect((await sys.store.get('agreements', sent.id))!.agreementNo).toBe(FIRST_NO);
    expect((await sys.auditOf('agreement', sent.id)).map((e) => [e.action, e.from, e.to])).toEqual([
      ['submit', null, 'pendingCollege'],
      ['collegeReturn', 'pendingCollege', 'returned'],
      ['cancel', 'returned', 'cancelled'],
    ]);
    // cancelled is terminal
    expect(await sys.call(initiateSigning, ZHANG, { action: 'save', requestId: rid(), agreementId: sent.id, version: 3, draft: draftWith([proof]) })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
  });

  it('withdraw is refused once the college has acted', async () => {
    const sent = await sys.ok(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: draftWith([proof]) });
    await reviewAgreement(sys, sent.id, 'collegeApprove');
    const before = await dump(sys);
    expect(await sys.call(initiateSigning, ZHANG, { action: 'withdraw', requestId: rid(), agreementId: sent.id, version: 2 })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(await dump(sys)).toBe(before);
  });

  it('an offer-born agreement is not edited here, but once returned the student may cancel it and the employer is told', async () => {
    const accepted = await sys.ok(respondOffer, ZHANG, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
    let before = await dump(sys);
    expect(await sys.call(initiateSigning, ZHANG, { action: 'withdraw', requestId: rid(), agreementId: accepted.id, version: 1 })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(await dump(sys)).toBe(before);

    await reviewAgreement(sys, accepted.id, 'collegeReturn', '岗位信息不完整');
    before = await dump(sys);
    for (const action of ['save', 'submit'] as const) {
      expect(await sys.call(initiateSigning, ZHANG, { action, requestId: rid(), agreementId: accepted.id, version: 2, draft: draftWith([proof]) })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    }
    expect(await dump(sys)).toBe(before);

    const outboxBefore = (await sys.all('outbox')).length;
    expect(await sys.ok(initiateSigning, ZHANG, { action: 'cancel', requestId: rid(), agreementId: accepted.id, version: 2 })).toMatchObject({ state: 'cancelled', version: 3 });
    expect((await student()).activeAgreementId).toBeNull();
    const outbox = await sys.all('outbox');
    expect(outbox).toHaveLength(outboxBefore + 1);
    expect(outbox.find((m) => m.data.phrase2 === '已作废')).toMatchObject({ to: DEMO_OPENIDS.employer, template: 'offerAnswered', data: { name1: '张三' } });
  });

  it('refuses: another student\'s agreement, a stale version, a new agreement claiming a version', async () => {
    const mine = await sys.ok(initiateSigning, ZHANG, { action: 'save', requestId: rid(), version: 0, draft: draftWith([proof]) });
    const liProof = await sys.upload(LI, 'x.jpg');
    const before = await dump(sys);
    expect(await sys.call(initiateSigning, LI, { action: 'save', requestId: rid(), agreementId: mine.id, version: 1, draft: draftWith([liProof]) })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await sys.call(initiateSigning, LI, { action: 'cancel', requestId: rid(), agreementId: mine.id, version: 1 })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await sys.call(initiateSigning, ZHANG, { action: 'withdraw', requestId: rid(), agreementId: 'nope', version: 1 })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await sys.call(initiateSigning, ZHANG, { action: 'save', requestId: rid(), agreementId: mine.id, version: 5, draft: draftWith([proof]) })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await sys.call(initiateSigning, ZHANG, { action: 'save', requestId: rid(), version: 1, draft: draftWith([proof]) })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await sys.call(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: { ...draftWith([proof]), job: { title: '' } } })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(await dump(sys)).toBe(before);
  });
});
