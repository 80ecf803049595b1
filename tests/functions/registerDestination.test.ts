/**
 * registerDestination and the review of destinations, through the handler: every type registered and approved, the
 * student's save / submit / withdraw / 本人确认, the reviewer's 通过 / 退回 and 修改, and every kind of bad input refused
 * in Chinese, naming the field, with nothing changed.
 */
import { registerDestination } from '../../server/usecases/registerDestination';
import { query } from '../../server/usecases/query';
import { review } from '../../server/usecases/review';
import { verifyChain } from '../../server/domain/audit';
import { valuesHash } from '../../server/domain/destination';
import type { CollectionName } from '../../server/domain/types';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import type { DestinationScreen, HomeView } from '../../typings';
import { uploadFolder } from '../../server/storage/port';
import { makeSystem, rid, type TestSystem } from '../support/harness';
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
