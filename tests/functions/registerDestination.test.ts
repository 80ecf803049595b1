/**
 * registerDestination and the review of destinations, through the handler: every type registered and approved, the
 * student's save / submit / withdraw / 本人确认, the reviewer's 通过 / 退回 and 修改, and every kind of bad input refused
 * in Chinese, naming the field, with nothing changed.
 */
import { registerDestination } from '../../server/usecases/registerDestination';
import { query } from '../../server/usecases/query';
import { respondOffer } from '../../server/usecases/respondOffer';
import { review } from '../../server/usecases/review';
import { verifyChain } from '../../server/domain/audit';
import { valuesHash } from '../../server/domain/destination';
import type { CollectionName } from '../../server/domain/types';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import type { DestinationScreen, HomeView } from '../../typings';
import { uploadFolder } from '../../server/storage/port';
import { SqliteStore } from '../../server/store/sqlite';
import { countingStore } from '../../scripts/bench/countingStore';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { accept, approve, approveSourceCheck, sendOffer, terminate, TERMS } from '../support/agreements';
import { ALL_TYPES, aDraft, decide, destinationOf, needsEvidence, registered, save, submit } from '../support/destinations';

const S = DEMO_OPENIDS;
const LI_NO = '2026010102';
const LI = destinationOf(LI_NO);
const COLLECTIONS: CollectionName[] = ['destinations', 'agreements', 'students', 'audit', 'outbox', 'requests'];

/** Everything a function could write, to show that a refusal wrote none of it. */
const dump = async (sys: TestSystem): Promise<string> => JSON.stringify(await Promise.all(COLLECTIONS.map((c) => sys.all(c))));
const screen = (sys: TestSystem, openid: string = S.student2) => sys.ok(query, openid, { view: 'destination' }) as Promise<DestinationScreen>;

describe('registerDestination: the student saves, submits, withdraws; the college approves or returns', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  it('save → submit → withdraw → submit → return → submit → approve, each an audited step with the evidence hashed', async () => {
    // given 李四 with an admission letter uploaded
    const letter = await sys.upload(S.student2, 'admission.pdf');
    // when she saves a partial 升学 draft, then submits it whole
    const saved = await save(sys, S.student2, { type: '80', study: { school: '北京大学', programme: '', level: '' }, evidenceFiles: [] }, 0);
    expect(saved).toEqual({ record: 'destination', id: LI, state: 'draft', version: 1 });
    const submitted = await submit(sys, S.student2, aDraft('80', [letter]), 1);
    expect(submitted).toMatchObject({ state: 'submitted', version: 2 });
    const withdrawn = await sys.ok(registerDestination, S.student2, { action: 'withdraw', requestId: rid(), version: 2 });
    expect(withdrawn).toMatchObject({ state: 'draft', version: 3 });
    const again = await submit(sys, S.student2, undefined, 3);
    expect(again).toMatchObject({ state: 'submitted', version: 4 });
    const returned = await decide(sys, S.collegeReviewer, 'return', LI, 4, '录取通知书不清晰，请重新上传');
    expect(returned).toMatchObject({ returned: 1, results: [{ ok: true, state: 'returned', version: 5 }] });
    const resent = await submit(sys, S.student2, aDraft('80', [letter]), 5);
    const approved = await decide(sys, S.collegeReviewer, 'approve', LI, resent.version);
    expect(approved).toMatchObject({ approved: 1, results: [{ ok: true, state: 'approved', version: 7 }] });

    // then the record holds the values in force and its chain is whole, the file's hash in the submission's entry
    const doc = (await sys.store.get('destinations', LI))!;
    expect(doc).toMatchObject({ state: 'approved', content: { type: '80', study: { school: '北京大学', level: '硕士研究生' } }, flags: [], flagged: false, report: { state: 'new' } });
    expect(doc.approved).toMatchObject({ type: '80', evidence: [{ fileId: letter }] });
    expect(doc.evidence[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const audit = await sys.auditOf('destination', LI);
    expect(audit.map((e) => [e.action, e.from, e.to])).toEqual([
      ['save', null, 'draft'],
      ['submit', 'draft', 'submitted'],
      ['withdraw', 'submitted', 'draft'],
      ['submit', 'draft', 'submitted'],
      ['return', 'submitted', 'returned'],
      ['submit', 'returned', 'submitted'],
      ['approve', 'submitted', 'approved'],
    ]);
    expect(audit[1]!.attachments).toEqual(doc.evidence);
    expect(audit[4]!.reason).toBe('录取通知书不清晰，请重新上传');
    expect(verifyChain(audit, doc.auditHead)).toBeNull();
    // and the student was told of the return and of the approval
    expect(sys.sender.sent.map((m) => [m.data.thing1?.value, m.data.phrase2?.value])).toEqual([
      ['毕业去向登记', '退回'],
      ['毕业去向登记', '通过'],
    ]);
  });

  it.each(ALL_TYPES)('type %s is registered with its parts and evidence and approved', async (type) => {
    const r = await registered(sys, S.student2, LI_NO, type);
    expect(r).toMatchObject({ state: 'approved' });
    const doc = (await sys.store.get('destinations', LI))!;
    expect(doc.approved?.type).toBe(type);
    expect(doc.approved?.evidence).toHaveLength(needsEvidence(type) ? 1 : 0);
  });

  it('the query view shows the record, the deadline and what the student may do', async () => {
    // given nothing registered yet
    const empty = await screen(sys);
    expect(empty).toMatchObject({ destination: null, deadline: '2026-08-31', canEdit: true, canWithdraw: false, canConfirm: false, agreement: null, origin: '110101' });
    expect(empty.daysLeft).toBe(182);
    expect(empty.uploadFolder).toBe(uploadFolder(S.student2));
    // when she submits
    const letter = await sys.upload(S.student2, 'admission.pdf');
    await submit(sys, S.student2, aDraft('80', [letter]), 0);
    const waiting = await screen(sys);
    expect(waiting).toMatchObject({ canEdit: false, editBlocked: '已提交，等待审核；如需修改请先撤回', canWithdraw: true, canConfirm: false });
    expect(waiting.destination).toMatchObject({ id: LI, state: 'submitted', version: 1, content: { type: '80' }, approved: null });
    expect(waiting.destination!.evidence).toEqual([expect.objectContaining({ fileId: letter, url: expect.any(String) })]);
    expect(waiting.destination!.report).toBeUndefined();
    expect(waiting.destination!.timeline.map((e) => e.label)).toEqual(['提交']);
    // and once approved, 本人确认 is open
    await decide(sys, S.collegeReviewer, 'approve', LI, 1);
    expect(await screen(sys)).toMatchObject({ canEdit: true, canConfirm: true, destination: { state: 'approved', approved: { type: '80' } } });
  });

  it('another college’s reviewer may not decide; the school may', async () => {
    await submit(sys, S.student2, aDraft('70'), 0);
    const other = await decide(sys, S.collegeReviewerEm, 'approve', LI, 1);
    expect(other.results[0]).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const school = await decide(sys, S.schoolReviewer, 'approve', LI, 1);
    expect(school.results[0]).toMatchObject({ ok: true, state: 'approved' });
  });

  it('a return needs a reason, and a decision on a draft is refused', async () => {
    await save(sys, S.student2, aDraft('70'), 0);
    expect((await decide(sys, S.collegeReviewer, 'approve', LI, 1)).results[0]).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    await submit(sys, S.student2, undefined, 1);
    const before = await dump(sys);
    const r = await sys.call(review, S.collegeReviewer, { requestId: rid(), decision: 'return', items: [{ record: 'destination', id: LI, version: 2 }] });
    expect(r).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    expect(await dump(sys)).toBe(before);
  });

  it('the home page has a to-do until approved, then 本人确认 until confirmed', async () => {
    const todos = async () => ((await sys.ok(query, S.student2, { view: 'home' })) as HomeView).todos.filter((t) => t.kind.startsWith('destination'));
    expect(await todos()).toEqual([{ kind: 'destination', text: '请完成毕业去向登记' }]);
    await registered(sys, S.student2, LI_NO, '80');
    expect(await todos()).toEqual([{ kind: 'destinationConfirm', text: '请确认您的毕业去向信息真实准确（本人确认）', id: LI }]);
    const doc = (await sys.store.get('destinations', LI))!;
    await sys.ok(registerDestination, S.student2, { action: 'confirm', requestId: rid(), version: doc.version });
    expect(await todos()).toEqual([]);
    const confirmed = (await sys.store.get('destinations', LI))!;
    expect(confirmed.confirmedHash).toBe(valuesHash(confirmed.approved!));
  });
});

describe('registerDestination: bad input of every kind is refused in Chinese, naming the field, and changes nothing', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  /** 李四's call refused: the code, the message and the fields named, with nothing written. */
  async function refused(event: Record<string, unknown>, openid: string = S.student2) {
    const before = await dump(sys);
    const r = await sys.call(registerDestination, openid, { requestId: rid(), version: 0, ...event });
    expect(await dump(sys)).toBe(before);
    if (r.ok) throw new Error('expected a refusal');
    return { code: r.code, message: r.message, paths: (r.issues ?? []).map((i) => i.path) };
  }

  it.each([
    ['a field of the wrong type', { employer: { ...aDraft('11').employer, name: 123 } }, '11', 'draft.employer.name', /单位名称/],
    ['a flag of the wrong type', { hukou: { migrate: 'yes' } }, '11', 'draft.hukou.migrate', /户口/],
    ['a part of another type', { employer: aDraft('11').employer }, '80', 'draft.employer', /升学不需要填写就业单位信息/],
    ['a 待就业 kind on another type', { pendingKind: 'seeking' }, '80', 'draft.pendingKind', /待就业情况/],
    ['an unknown type', { type: '99' }, '80', 'draft.type', /去向类型“99”不在标准代码表中/],
    ['a 单位性质 not in the table', { employer: { ...aDraft('11').employer, nature: '98' } }, '11', 'draft.employer.nature', /单位性质不在标准代码表中/],
    ['a 行业 not in the table', { employer: { ...aDraft('11').employer, industry: 'Z' } }, '11', 'draft.employer.industry', /单位行业不在标准代码表中/],
    ['a 所在地 not in the table', { employer: { ...aDraft('11').employer, region: '999999' } }, '11', 'draft.employer.region', /单位所在地不在标准代码表中/],
    ['a 工作职位类别 not in the table', { employer: { ...aDraft('11').employer, jobCategory: '99' } }, '11', 'draft.employer.jobCategory', /工作职位类别不在标准代码表中/],
    ['a credit code with a wrong check character', { employer: { ...aDraft('11').employer, uscc: '91440300MA5D8K2P1G' } }, '11', 'draft.employer.uscc', /统一社会信用代码不正确/],
    ['a 档案 receiver that is a person', { file: { ...aDraft('80').file!, receiver: '张三' } }, '80', 'draft.file.receiver', /档案接收单位应为单位名称/],
    ['a 档案 address without a house number', { file: { ...aDraft('80').file!, address: '广东省深圳市福田区深南大道' } }, '80', 'draft.file.address', /门牌号/],
    ['a 档案 postcode of 5 digits', { file: { ...aDraft('80').file!, postcode: '51800' } }, '80', 'draft.file.postcode', /邮编应为6位数字/],
    ['a 户口 move without its 派出所', { hukou: { migrate: true, address: '广东省深圳市南山区科技南路88号' } }, '11', 'draft.hukou.policeStation', /迁入地派出所/],
    ['a 户口 part where the type has none', { hukou: { migrate: false } }, '85', 'draft.hukou', /出国、出境不需要填写户口迁移/],
    ['no 档案 part', { file: undefined }, '80', 'draft.file', /请填写档案转递/],
  ])('%s', async (_, over, type, path, message) => {
    const files = needsEvidence(type) ? [await sys.upload(S.student2, 'evidence.pdf')] : [];
    const r = await refused({ action: 'submit', draft: { ...aDraft(type, files), ...over } });
    expect(r.code).toBe('INVALID_INPUT');
    expect(r.paths).toContain(path);
    expect(r.message).toMatch(message);
  });

  it('a submission without the evidence its type asks for', async () => {
    const r = await refused({ action: 'submit', draft: aDraft('11', []) });
    expect(r).toEqual({ code: 'INVALID_INPUT', message: '请上传证明材料：劳动合同', paths: ['draft.evidenceFiles'] });
  });

  it('evidence uploaded by someone else', async () => {
    const his = await sys.upload(S.student, 'contract.pdf');
    const r = await refused({ action: 'submit', draft: aDraft('11', [his]) });
    expect(r).toEqual({ code: 'FILE_NOT_OWNED', message: '证明材料无效：只能使用您本人刚上传的文件，请重新上传', paths: ['draft.evidenceFiles'] });
  });

  it('a change after the deadline (2026年8月31日, inclusive, China’s calendar); a reviewer may 修改 then, with a reason', async () => {
    // given 李四's saved draft, on the deadline's last minute in Beijing
    sys.setNow('2026-08-31T15:59:00.000Z');
    await save(sys, S.student2, aDraft('70'), 0);
    // when the day has passed
    sys.setNow('2026-08-31T16:00:00.000Z');
    const r = await refused({ action: 'submit', version: 1 });
    expect(r).toEqual({ code: 'INVALID_TRANSITION', message: '毕业去向登记已于2026年8月31日截止，如需修改请联系辅导员或就业指导中心', paths: ['deadline'] });
    expect(await screen(sys)).toMatchObject({ canEdit: false, daysLeft: -1, editBlocked: r.message });
    // then her college's reviewer amends it, approved as made
    const letter = await sys.upload(S.collegeReviewer, 'admission.pdf');
    const noReason = await sys.call(registerDestination, S.collegeReviewer, { action: 'amend', requestId: rid(), studentNo: LI_NO, version: 1, draft: aDraft('80', [letter]), reason: ' ' });
    expect(noReason).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '请填写修改原因' });
    const amended = await sys.ok(registerDestination, S.collegeReviewer, { action: 'amend', requestId: rid(), studentNo: LI_NO, version: 1, draft: aDraft('80', [letter]), reason: '学生已离校，凭录取通知书修改' });
    expect(amended).toMatchObject({ state: 'approved', version: 2 });
    expect((await sys.store.get('destinations', LI))!.approved).toMatchObject({ type: '80', evidence: [{ fileId: letter }] });
    expect((await sys.auditOf('destination', LI)).at(-1)).toMatchObject({ action: 'amend', reason: '学生已离校，凭录取通知书修改', actor: { role: 'collegeReviewer' } });
  });

  it('a reviewer’s 修改 before the deadline, or outside their college, is refused', async () => {
    await save(sys, S.student2, aDraft('70'), 0);
    const amend = (openid: string) => refused({ action: 'amend', studentNo: LI_NO, version: 1, draft: aDraft('70'), reason: '核实后修改' }, openid);
    expect(await amend(S.collegeReviewer)).toMatchObject({ code: 'INVALID_TRANSITION', message: '2026年8月31日前由学生本人修改毕业去向；如需修改请退回并说明原因' });
    sys.setNow('2026-09-02T02:00:00.000Z');
    expect(await amend(S.collegeReviewerEm)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await amend(S.student2)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a job type while an agreement is pending; 升学 is still registered', async () => {
    // given 张三's agreement from the demo offer, pending college review
    await sys.ok(respondOffer, S.student, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
    const contract = await sys.upload(S.student, 'contract.pdf');
    const r = await refused({ action: 'submit', draft: aDraft('11', [contract]) }, S.student);
    expect(r).toEqual({ code: 'INVALID_TRANSITION', message: '您与深圳示例科技有限公司的三方协议正在办理中，办结前不能登记其他就业单位；可登记待就业、升学等去向', paths: ['draft.type'] });
    const letter = await sys.upload(S.student, 'admission.pdf');
    expect(await submit(sys, S.student, aDraft('80', [letter]), 0)).toMatchObject({ state: 'submitted' });
  });

  it('a stale version is a conflict; a retried request is answered as the first time, once', async () => {
    await save(sys, S.student2, aDraft('70'), 0);
    expect(await refused({ action: 'submit', version: 0 })).toMatchObject({ code: 'CONFLICT' });
    const event = { action: 'submit', requestId: rid(), version: 1 };
    const first = await sys.ok(registerDestination, S.student2, event);
    const again = await sys.ok(registerDestination, S.student2, event);
    expect(again).toEqual(first);
    expect((await sys.auditOf('destination', LI)).map((e) => e.action)).toEqual(['save', 'submit']);
    const other = await sys.call(registerDestination, S.student2, { ...event, action: 'withdraw' });
    expect(other).toMatchObject({ ok: false, code: 'REQUEST_ID_REUSED' });
  });

  it('identity is the caller’s: a student number in the event changes nothing about whose record it is', async () => {
    await sys.ok(registerDestination, S.student2, { action: 'save', requestId: rid(), version: 0, draft: aDraft('70'), studentNo: '2026010101', openid: S.student });
    expect(await sys.store.get('destinations', destinationOf('2026010101'))).toBeNull();
    expect(await sys.store.get('destinations', LI)).toMatchObject({ studentNo: LI_NO, state: 'draft' });
    expect(await refused({ action: 'save', draft: aDraft('70') }, S.employer)).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('a signed agreement fills the destination; an approved termination sets it back to 待就业', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  const todos = async (openid: string) => ((await sys.ok(query, openid, { view: 'home' })) as HomeView).todos.filter((t) => t.kind.startsWith('destination'));

  it('offer → 应约 → college → school: type 10 in force with the agreement’s unit, job and 档案/户口; then 解约 → 70 with a to-do', async () => {
    // given 李四's 生源核查 approved and an offer naming the 工作职位类别
    await approveSourceCheck(sys, LI_NO, S.collegeReviewer);
    const terms = { ...TERMS, job: { ...TERMS.job, jobCategory: '21' }, file: { transfer: true, receiver: '北京市人才服务中心', address: '北京市西城区西长安街1号', postcode: '100032' } };
    const offerId = await sendOffer(sys, LI_NO, '李四', terms);
    // when she accepts and both reviews approve
    const signed = await approve(sys, await accept(sys, S.student2, offerId));
    // then her destination is type 10, approved by the school's decision, in its commit
    const doc = (await sys.store.get('destinations', LI))!;
    expect(doc).toMatchObject({ state: 'approved', agreementId: signed._id, report: { state: 'new' } });
    expect(doc.approved).toMatchObject({
      type: '10',
      employer: { name: '深圳示例科技有限公司', uscc: '91440300MA5D8K2P1F', jobCategory: '21', jobTitle: '数据分析师' },
      file: { receiverKind: 'talentCentre', receiver: '北京市人才服务中心', address: '北京市西城区西长安街1号', postcode: '100032' },
      hukou: { migrate: true, address: '北京市东城区东华门街道' },
    });
    const [fill] = await sys.auditOf('destination', LI);
    const schoolApproval = (await sys.auditOf('agreement', signed._id)).at(-1)!;
    expect(fill).toMatchObject({ action: 'fill', from: null, to: 'approved', actor: { role: 'schoolReviewer' }, at: schoolApproval.at });
    // the student confirms; she may register nothing else while the agreement stands
    expect(await todos(S.student2)).toEqual([{ kind: 'destinationConfirm', text: '请确认您的毕业去向信息真实准确（本人确认）', id: LI }]);
    const view = await screen(sys);
    expect(view).toMatchObject({ canEdit: false, canConfirm: true, agreement: { id: signed._id, state: 'signed' }, destination: { agreement: { id: signed._id, agreementNo: signed.agreementNo } } });
    const letter = await sys.upload(S.student2, 'admission.pdf');
    const refusedSave = await sys.call(registerDestination, S.student2, { action: 'save', requestId: rid(), version: doc.version, draft: aDraft('80', [letter]) });
    expect(refusedSave).toMatchObject({ ok: false, code: 'INVALID_TRANSITION', message: `您的三方协议（编号 ${signed.agreementNo}）签约成功，毕业去向已据此登记；如需变更，请先申请解约` });

    // when the school approves her 解约
    await terminate(sys, signed);
    // then 待就业 (求职中) is in force, the agreement no longer named, and her home page asks for a new registration
    const reset = (await sys.store.get('destinations', LI))!;
    expect(reset).toMatchObject({ state: 'approved', content: { type: '70', pendingKind: 'seeking' } });
    expect(reset.agreementId).toBeUndefined();
    expect(reset.approved).toMatchObject({ type: '70', pendingKind: 'seeking', file: { receiverKind: 'talentCentre' } });
    expect((await sys.auditOf('destination', LI)).map((e) => [e.action, e.to])).toEqual([['fill', 'approved'], ['reset', 'approved']]);
    expect(await todos(S.student2)).toEqual([{ kind: 'destination', text: '解约后毕业去向已改为待就业，落实新去向后请及时登记', id: LI }]);
    // and she may register again
    expect(await submit(sys, S.student2, aDraft('80', [letter]), reset.version)).toMatchObject({ state: 'submitted' });
  });

  it('an agreement written without 工作职位类别: before the deadline a reviewer completes the filled record, still 网签', async () => {
    // given 李四 signed with an offer that names no 工作职位类别
    await approveSourceCheck(sys, LI_NO, S.collegeReviewer);
    const signed = await approve(sys, await accept(sys, S.student2, await sendOffer(sys, LI_NO, '李四', TERMS)));
    const filled = (await sys.store.get('destinations', LI))!;
    expect(filled.approved?.employer?.jobCategory ?? '').toBe('');
    // when her college's reviewer adds it, months before the deadline
    const draft = { ...filled.approved!, employer: { ...filled.approved!.employer!, jobCategory: '13' }, hukou: { ...filled.approved!.hukou!, policeStation: '东华门派出所' }, evidenceFiles: [] };
    delete (draft as { approvedAt?: string }).approvedAt;
    delete (draft as { evidence?: unknown }).evidence;
    const amended = await sys.ok(registerDestination, S.collegeReviewer, { action: 'amend', requestId: rid(), studentNo: LI_NO, version: filled.version, draft, reason: '按协议补充工作职位类别和派出所' });
    // then the values in force carry it and the record still stands for the agreement (网签)
    expect(amended).toMatchObject({ state: 'approved' });
    const after = (await sys.store.get('destinations', LI))!;
    expect(after).toMatchObject({ agreementId: signed._id, approved: { type: '10', employer: { jobCategory: '13' } } });
    // and a change of unit is not the agreement's any more: it needs its own evidence
    const contract = await sys.upload(S.collegeReviewer, 'contract.pdf');
    const other = { ...draft, type: '11', employer: { ...draft.employer, name: '另一家单位', uscc: '91350100M000100Y43' }, evidenceFiles: [contract] };
    await sys.ok(registerDestination, S.collegeReviewer, { action: 'amend', requestId: rid(), studentNo: LI_NO, version: after.version, draft: other, reason: '核实后修改' });
    expect((await sys.store.get('destinations', LI))!.agreementId).toBeUndefined();
  });

  it('a registration made before signing is replaced by the fill, and the termination resets it to 待就业', async () => {
    // given 李四's 升学 approved, then she signs (the fill replaces it) and the agreement is terminated
    await approveSourceCheck(sys, LI_NO, S.collegeReviewer);
    await registered(sys, S.student2, LI_NO, '80');
    const signed = await approve(sys, await accept(sys, S.student2, await sendOffer(sys, LI_NO, '李四')));
    expect((await sys.store.get('destinations', LI))!.approved?.type).toBe('10');
    await terminate(sys, signed);
    expect((await sys.store.get('destinations', LI))!.approved).toMatchObject({ type: '70' });
  });
});

describe('本人确认, and its loss when the values in force change', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  it('confirmed values stay confirmed while a change waits; approving the change drops it and the to-do returns', async () => {
    // given 李四's 升学 approved and confirmed
    const r = await registered(sys, S.student2, LI_NO, '80');
    const confirmed = await sys.ok(registerDestination, S.student2, { action: 'confirm', requestId: rid(), version: r.version });
    expect(confirmed).toMatchObject({ state: 'approved', version: r.version + 1 });
    expect((await screen(sys)).destination!.confirmedAt).toBe(sys.deps.clock().toISOString());
    const again = await sys.call(registerDestination, S.student2, { action: 'confirm', requestId: rid(), version: confirmed.version });
    expect(again).toMatchObject({ ok: false, code: 'INVALID_TRANSITION', message: '您已确认过当前的毕业去向' });
    // and reported to the province as it stands (the export's mark, written here as it would)
    const doc = (await sys.store.get('destinations', LI))!;
    await sys.store.put('destinations', { ...doc, version: doc.version + 1, report: { state: 'reported', reportedAt: doc.updatedAt, reportedHash: valuesHash(doc.approved!) } }, doc.version);
    // when she submits 出国 instead
    const offer = await sys.upload(S.student2, 'offer.pdf');
    const sent = await submit(sys, S.student2, aDraft('85', [offer]), doc.version + 1);
    // then the values in force are still 升学, confirmed, and the row needs a recheck
    const waiting = (await sys.store.get('destinations', LI))!;
    expect(waiting).toMatchObject({ state: 'submitted', approved: { type: '80' }, report: { state: 'recheck' } });
    expect((await screen(sys)).destination!.confirmedAt).toBeDefined();
    // when the college approves it
    await decide(sys, S.collegeReviewer, 'approve', LI, sent.version);
    // then 本人确认 is gone, the row has changed since its report, and the to-do is back
    const changed = (await sys.store.get('destinations', LI))!;
    expect(changed).toMatchObject({ approved: { type: '85' }, report: { state: 'changed' } });
    expect(changed.confirmedAt).toBeUndefined();
    expect((await screen(sys)).canConfirm).toBe(true);
    const home = (await sys.ok(query, S.student2, { view: 'home' })) as HomeView;
    expect(home.todos.map((t) => t.kind)).toContain('destinationConfirm');
  });

  it('confirming is refused before anything is approved', async () => {
    await save(sys, S.student2, aDraft('70'), 0);
    expect(await sys.call(registerDestination, S.student2, { action: 'confirm', requestId: rid(), version: 1 })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
  });
});

describe('registerDestination waits on the store as little as the other decisions', () => {
  it('a submission waits at most 3 times, twice for a student the function has served; a decision on it twice', async () => {
    // given a store that counts its calls, the settings held by a warm instance
    const counting = countingStore(new SqliteStore({ path: ':memory:' }));
    const sys = await makeSystem({ store: counting.store });
    try {
      await sys.ok(query, S.student2, { view: 'home' });
      const measured = async <T>(run: () => Promise<T>): Promise<number> => {
        counting.reset();
        await run();
        return counting.decisionWaves();
      };
      const letter = await sys.upload(S.student2, 'admission.pdf');
      // when 李四 saves (the function has not seen her), submits (it has), and her college approves
      const first = await measured(() => save(sys, S.student2, aDraft('80', [letter]), 0));
      const second = await measured(() => submit(sys, S.student2, undefined, 1));
      const decided = await measured(() => decide(sys, S.collegeReviewer, 'approve', LI, 2));
      // then
      expect({ first, second, decided }).toEqual({ first: 3, second: 2, decided: 2 });
    } finally {
      await sys.close();
    }
  });
});
