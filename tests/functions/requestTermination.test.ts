import { requestTermination } from '../../server/usecases/requestTermination';
import { respondOffer } from '../../server/usecases/respondOffer';
import { sha256, verifyChain } from '../../server/domain/audit';
import { step } from '../../server/domain/machine';
import type { AgreementDoc, CollectionName, SettingsDoc, TerminationDoc } from '../../server/domain/types';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { SETTINGS_ID } from '../../server/app/settings';
import { MAX_FILE_BYTES } from '../../server/domain/files';
import { terminate } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';

const ZHANG = DEMO_OPENIDS.student;
const LI = DEMO_OPENIDS.student2;
const COLLECTIONS: CollectionName[] = ['terminations', 'agreements', 'students', 'counters', 'audit', 'outbox', 'requests'];
const EXPLANATION = '因个人原因（考取研究生）申请解约，单位已同意并出具解约函。';

const dump = async (sys: TestSystem): Promise<string> =>
  JSON.stringify(await Promise.all(COLLECTIONS.map((c) => sys.all(c))));

/** 张三 accepts the demo offer; with `sign`, both reviewers approve it as the review function would. */
async function demoAgreement(sys: TestSystem, sign: boolean): Promise<AgreementDoc> {
  const accepted = await sys.ok(respondOffer, ZHANG, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
  const pending = (await sys.store.get('agreements', accepted.id))!;
  if (!sign) return pending;
  const now = sys.deps.clock().toISOString();
  const college = step<'agreement', AgreementDoc>({ kind: 'agreement', current: pending, id: pending._id, action: 'collegeApprove', actor: { openid: DEMO_OPENIDS.collegeReviewer, role: 'collegeReviewer' }, now, patch: {} });
  const school = step<'agreement', AgreementDoc>({ kind: 'agreement', current: college.doc, id: pending._id, action: 'schoolApprove', actor: { openid: DEMO_OPENIDS.schoolReviewer, role: 'schoolReviewer' }, now, patch: { signedAt: now } });
  await sys.store.commit({ writes: [{ collection: 'agreements', doc: school.doc, expectedVersion: pending.version }], audit: [college.audit, school.audit], outbox: [] });
  return school.doc;
}

describe('requestTermination: 申请解约', () => {
  let sys: TestSystem;
  let letter: string;
  beforeEach(async () => {
    sys = await makeSystem();
    letter = await sys.upload(ZHANG, 'termination-letter.jpg');
  });
  afterEach(() => sys.close());

  const submit = (agreementId: string, evidenceFiles = [letter], openid: string = ZHANG) =>
    sys.call(requestTermination, openid, { action: 'submit', requestId: rid(), agreementId, explanation: EXPLANATION, evidenceFiles });

  it('submits a request for a signed agreement, with hashed evidence in the record and the audit entry', async () => {
    const agreement = await demoAgreement(sys, true);
    const result = await submit(agreement._id);
    expect(result).toMatchObject({ ok: true, data: { record: 'termination', state: 'submitted', version: 1 } });
    const id = result.ok ? result.data.id : '';
    const t = (await sys.store.get('terminations', id))!;
    const evidence = [{ fileId: letter, sha256: sha256((await sys.files.read(letter))!) }];
    expect(t).toMatchObject({
      agreementId: agreement._id,
      explanation: EXPLANATION,
      evidence,
      studentOpenid: ZHANG,
      studentNo: '2026010101',
      studentName: '张三',
      collegeId: 'cs',
      major: '软件工程',
    });
    const audit = await sys.auditOf('termination', id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'submit', from: null, to: 'submitted', actor: { openid: ZHANG, role: 'student' }, attachments: evidence });
    expect(verifyChain(audit, t.auditHead)).toBeNull();
    // the agreement stays signed until the school decides
    expect((await sys.store.get('agreements', agreement._id))!).toMatchObject({ state: 'signed', version: agreement.version });
    expect(await sys.all('outbox')).toHaveLength(2); // the seed's and the 应约 answer: a request notifies no one
  });

  it('refused for an agreement that is not signed, and nothing written', async () => {
    const pending = await demoAgreement(sys, false);
    const before = await dump(sys);
    expect(await submit(pending._id)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(await dump(sys)).toBe(before);
  });

  it('a second request while one waits is refused; after withdrawing, a new one is accepted', async () => {
    const agreement = await demoAgreement(sys, true);
    const first = await submit(agreement._id);
    const before = await dump(sys);
    expect(await submit(agreement._id)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION', message: '已有待审核的解约申请' });
    expect(await dump(sys)).toBe(before);

    const firstId = first.ok ? first.data.id : '';
    const withdrawn = await sys.ok(requestTermination, ZHANG, { action: 'withdraw', requestId: rid(), terminationId: firstId, version: 1 });
    expect(withdrawn).toEqual({ record: 'termination', id: firstId, state: 'withdrawn', version: 2 });
    expect((await sys.auditOf('termination', firstId)).map((e) => [e.action, e.from, e.to])).toEqual([['submit', null, 'submitted'], ['withdraw', 'submitted', 'withdrawn']]);

    expect(await submit(agreement._id)).toMatchObject({ ok: true, data: { state: 'submitted' } });
    expect((await sys.all('terminations')).map((t) => t.state).sort()).toEqual(['submitted', 'withdrawn']);
  });

  it('two parallel requests for one agreement: exactly one is kept', async () => {
    const agreement = await demoAgreement(sys, true);
    const results = await Promise.all([submit(agreement._id), submit(agreement._id)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, code: expect.stringMatching(/^(INVALID_TRANSITION|CONFLICT)$/) });
    expect(await sys.all('terminations')).toHaveLength(1);
  });

  it('closed by the school: refused, nothing written', async () => {
    const agreement = await demoAgreement(sys, true);
    const s = (await sys.store.get('settings', SETTINGS_ID))!;
    await sys.store.put('settings', { ...s, allowStudentTermination: false, version: s.version + 1 } as SettingsDoc, s.version);
    const before = await dump(sys);
    expect(await submit(agreement._id)).toMatchObject({ ok: false, code: 'TERMINATION_CLOSED', message: '学校暂未开放学生申请解约' });
    expect(await dump(sys)).toBe(before);
  });

  it('closed by the school: a waiting request may still be withdrawn', async () => {
    const agreement = await demoAgreement(sys, true);
    const created = await submit(agreement._id);
    const id = created.ok ? created.data.id : '';
    const s = (await sys.store.get('settings', SETTINGS_ID))!;
    await sys.store.put('settings', { ...s, allowStudentTermination: false, version: s.version + 1 } as SettingsDoc, s.version);
    expect(await sys.ok(requestTermination, ZHANG, { action: 'withdraw', requestId: rid(), terminationId: id, version: 1 })).toMatchObject({ state: 'withdrawn', version: 2 });
    expect((await sys.auditOf('termination', id))[1]).toMatchObject({ action: 'withdraw', actor: { openid: ZHANG, role: 'student' } });
  });

  it('each request bumps the agreement\'s termination counter; a terminated agreement takes no new request', async () => {
    const agreement = await demoAgreement(sys, true);
    const first = await submit(agreement._id);
    expect(await sys.store.get('counters', `termination:${agreement._id}`)).toMatchObject({ value: 1, version: 1 });
    await sys.ok(requestTermination, ZHANG, { action: 'withdraw', requestId: rid(), terminationId: first.ok ? first.data.id : '', version: 1 });
    // withdrawing is the request's own change: the counter stays
    expect(await sys.store.get('counters', `termination:${agreement._id}`)).toMatchObject({ value: 1 });

    const terminated = await terminate(sys, (await sys.store.get('agreements', agreement._id))!);
    expect(terminated.state).toBe('terminated');
    const before = await dump(sys);
    expect(await submit(agreement._id)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(await dump(sys)).toBe(before);
  });

  it('refuses callers who are not bound students', async () => {
    const agreement = await demoAgreement(sys, true);
    const before = await dump(sys);
    for (const [openid, code] of [[DEMO_OPENIDS.employer, 'FORBIDDEN'], [DEMO_OPENIDS.schoolReviewer, 'FORBIDDEN'], ['stranger', 'NOT_BOUND'], ['', 'UNAUTHENTICATED']] as const) {
      expect(await submit(agreement._id, [letter], openid)).toMatchObject({ ok: false, code });
    }
    expect(await dump(sys)).toBe(before);
  });

  it('evidence is required and must be the student\'s own upload', async () => {
    const agreement = await demoAgreement(sys, true);
    const liFile = await sys.upload(LI, 'letter.jpg');
    const before = await dump(sys);
    expect(await submit(agreement._id, [])).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '请上传解约证明材料' });
    expect(await submit(agreement._id, [letter, liFile])).toMatchObject({ ok: false, code: 'FILE_NOT_OWNED' });
    const huge = await sys.upload(ZHANG, 'scan.tiff', Buffer.alloc(MAX_FILE_BYTES + 1));
    expect(await submit(agreement._id, [letter, huge])).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '解约证明材料第 2 份超过 10 MB，请压缩后重新上传' });
    // a text file under a picture's name is refused by its content
    const renamed = await sys.upload(ZHANG, 'letter-photo.jpg', Buffer.from('not a picture'));
    expect(await submit(agreement._id, [renamed, letter])).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      message: '解约证明材料第 1 份不是 JPG、PNG 图片或 PDF 文件，请删除后重新上传',
      issues: [{ path: 'evidenceFiles.0', message: '解约证明材料第 1 份不是 JPG、PNG 图片或 PDF 文件，请删除后重新上传' }],
    });
    expect(await sys.call(requestTermination, ZHANG, { action: 'submit', requestId: rid(), agreementId: agreement._id, explanation: '  ', evidenceFiles: [letter] })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(await dump(sys)).toBe(before);
  });

  it('only the student\'s own agreement and request; withdraw only while undecided and at the seen version', async () => {
    const agreement = await demoAgreement(sys, true);
    const liFile = await sys.upload(LI, 'letter.jpg');
    const created = await submit(agreement._id);
    const id = created.ok ? created.data.id : '';
    const before = await dump(sys);
    expect(await submit(agreement._id, [liFile], LI)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await submit('no-such-agreement')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await sys.call(requestTermination, LI, { action: 'withdraw', requestId: rid(), terminationId: id, version: 1 })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await sys.call(requestTermination, ZHANG, { action: 'withdraw', requestId: rid(), terminationId: id, version: 4 })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await dump(sys)).toBe(before);

    // the school rejects it: a decided request cannot be withdrawn
    const t = (await sys.store.get('terminations', id))!;
    const rejected = step<'termination', TerminationDoc>({ kind: 'termination', current: t, id, action: 'reject', reason: '解约函未盖章', actor: { openid: DEMO_OPENIDS.schoolReviewer, role: 'schoolReviewer' }, now: sys.deps.clock().toISOString(), patch: { reason: '解约函未盖章' } });
    await sys.store.commit({ writes: [{ collection: 'terminations', doc: rejected.doc, expectedVersion: 1 }], audit: [rejected.audit], outbox: [] });
    expect(await sys.call(requestTermination, ZHANG, { action: 'withdraw', requestId: rid(), terminationId: id, version: 2 })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    // …and a rejected request no longer blocks a new one
    expect(await submit(agreement._id)).toMatchObject({ ok: true });
  });
});
