/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import { checkId } from '../../server/domain/checkFields';
import { sourceSchoolValues } from '../../server/domain/checks';
import { withIdCheckDigit, withUsccCheck } from '../../server/domain/identifiers';
import { step, touch } from '../../server/domain/machine';
import { studentKeys } from '../../server/domain/parties';
import type { CheckDoc, StudentDoc } from '../../server/domain/types';
import { bind } from '../../server/usecases/bind';
import { review, REVIEW_BUDGET_MS, REVIEW_LANES } from '../../server/usecases/review';
import type { Commit } from '../../server/store/port';
import { submitCheck } from '../../server/usecases/submitCheck';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { ERROR_MESSAGES } from '../../typings/errors';
import type { ItemOutcome, QueueItem } from '../../typings/views';
import { NETWORK_MESSAGE } from '../../miniprogram/api/client';
import {
  appendItems,
  batchRows,
  batchSummary,
  detailUrl,
  leftOver,
  queueRow,
  queuesFor,
  queueTabs,
  stateOptions,
  QUEUE_DEFS,
  TAKEN_FIRST,
} from '../../miniprogram/pkg/review/queues/queues';
import { stateTag } from '../../miniprogram/utils/labels';
import { accept } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { capture } from './gallery';
import { installWx, openPage, pullDown, settle, tap, textAt, textOf, type MiniEnv, type Page } from './support';
import { registration } from '../support/registration';

const CS = { collegeId: 'cs', collegeName: '计算机学院' };
const LI_SI = '2026010102';
const WANG_WU = '2026020101';

/** A roster entry as the admin's import writes it (audited), unbound. */
async function addStudent(sys: TestSystem, n: { studentNo: string; name: string; major: string; collegeId: string; collegeName: string }): Promise<StudentDoc> {
  const now = sys.deps.clock().toISOString();
  const doc: StudentDoc = {
    _id: n.studentNo, version: 1, createdAt: now, updatedAt: now, auditHead: '',
    ...n,
    idNumber: withIdCheckDigit(`11010120040101${n.studentNo.slice(-3)}`),
    gender: '女', educationLevel: '31', graduationYear: 2026,
    source: { ethnicity: '汉族', politicalStatus: '共青团员', originRegion: '110101' },
    employment: {}, openid: null, activeAgreementId: null,
  };
  const imported = touch<StudentDoc>({ record: 'student', current: null, id: doc._id, action: 'import', actor: { openid: 'admin', role: 'admin' }, now, from: null, to: 'imported', patch: doc });
  await sys.store.commit({ writes: [{ collection: 'students', doc: imported.doc, expectedVersion: 0 }], audit: [imported.audit], outbox: [] });
  return imported.doc;
}

/** The student's 生源核查 as submitted (the domain step the function takes), waiting for review. */
async function submittedCheck(sys: TestSystem, studentNo: string): Promise<CheckDoc> {
  const student = (await sys.store.get('students', studentNo))!;
  const now = sys.deps.clock().toISOString();
  const fields = { ...sourceSchoolValues(student), phone: '13700137000', email: 'a@example.com', homeAddress: '北京市东城区' };
  const created = step<'check', CheckDoc>({
    kind: 'check', current: null, id: checkId('source', studentNo), action: 'submit',
    actor: { openid: student.openid ?? 'unbound', role: 'student' }, now,
    patch: { kind: 'source', ...studentKeys(student), fields, schoolValues: sourceSchoolValues(student), submittedAt: now },
  });
  await sys.store.commit({ writes: [{ collection: 'checks', doc: created.doc, expectedVersion: 0 }], audit: [created.audit], outbox: [] });
  return created.doc;
}

/** 李四 submits his 生源核查 through the function, as from his own page. */
async function liSiSubmits(sys: TestSystem): Promise<void> {
  await sys.ok(submitCheck, DEMO_OPENIDS.student2, {
    action: 'submit', requestId: rid(), kind: 'source', version: 0,
    fields: { phone: '13600136000', email: 'lisi@example.com', homeAddress: '北京市海淀区学院路1号' },
  });
}

/** `count` more cs students with submitted checks, a minute apart so the queue's order is theirs. */
async function manyChecks(sys: TestSystem, count: number): Promise<string[]> {
  const numbers: string[] = [];
  for (let i = 1; i <= count; i++) {
    const studentNo = `2026019${String(i).padStart(3, '0')}`;
    await addStudent(sys, { studentNo, name: `测试${String(i).padStart(2, '0')}`, major: '软件工程', ...CS });
    await submittedCheck(sys, studentNo);
    sys.advance(60_000);
    numbers.push(studentNo);
  }
  return numbers;
}

const texts = (page: Page, selector: string): string[] => page.querySelectorAll(selector).map((t) => (t.dom?.textContent ?? '').trim());
const titles = (page: Page): string[] => texts(page, '.item__title');
const tabLabels = (page: Page): string[] => page.querySelectorAll('.tab').map((t) => (t.dom?.textContent ?? '').replace(/\s+/g, ''));
const counts = (page: Page): Record<string, number> =>
  Object.fromEntries((page.data.tabs as { label: string; count: number }[]).map((t) => [t.label, t.count]));
const batchLines = (page: Page): string[][] => {
  const results = texts(page, '.batch-result__text');
  return texts(page, '.batch-result__title').map((title, i) => [title, results[i] ?? '']);
};
const reviewCalls = (env: MiniEnv) => env.calls.filter((c) => c.name === 'review');
/** the list's calls: the screen's own (reviewQueues, from the list's start) and 加载更多's (reviewQueue, from a cursor) */
const queueCalls = (env: MiniEnv) => env.calls.filter((c) => ['reviewQueues', 'reviewQueue'].includes((c.data as { view?: string }).view ?? ''));

/** t-search as the reviewer uses it: typing, then the keyboard's 搜索 key. */
async function search(page: Page, env: MiniEnv, keyword: string): Promise<void> {
  const input = page.querySelector('.filters__search >>> .t-input__keyword');
  if (!input) throw new Error('no search input');
  input.dispatchEvent('input', { detail: { value: keyword } });
  await settle(page, env);
  input.dispatchEvent('confirm', { detail: { value: keyword } });
  await settle(page, env);
}

async function check(page: Page, env: MiniEnv, selector: string): Promise<void> {
  const box = page.querySelector(`${selector} >>> .t-checkbox`);
  if (!box) throw new Error(`no checkbox ${selector}`);
  box.dispatchEvent('tap');
  await settle(page, env);
}

const item = (over: Partial<QueueItem>): QueueItem => ({
  record: 'check', id: 'source:1', version: 2, state: 'submitted', title: '李四 2026010102', subtitle: '生源核查 · 软件工程',
  studentNo: '2026010102', collegeId: 'cs', collegeName: '计算机学院', major: '软件工程', submittedAt: '2026-03-02T02:00:00.000Z', ...over,
});

describe('审核 queues: helpers', () => {
  it('queues in scope: the college decides its checks and the college stage; the school the rest', () => {
    expect(queuesFor('collegeReviewer').map((q) => q.label)).toEqual(['生源核查', '三方协议（院系审核）', '就业信息核验', '毕业去向登记']);
    expect(queuesFor('schoolReviewer').map((q) => q.label)).toEqual(['生源核查', '三方协议（学校审核）', '解约申请', '就业信息核验', '毕业去向登记', '单位审核']);
    expect(queuesFor('student')).toEqual([]);
    expect(queuesFor(null)).toEqual([]);
    expect(queueTabs(queuesFor('collegeReviewer'), { sourceCheck: 3 })).toEqual([
      { name: 'sourceCheck', label: '生源核查', count: 3 },
      { name: 'agreementCollege', label: '三方协议', count: 0 },
      { name: 'employmentCheck', label: '就业信息核验', count: 0 },
      { name: 'destination', label: '去向登记', count: 0 },
    ]);
  });

  it('state filters: the pending state first, in the manual words; never drafts', () => {
    const byName = Object.fromEntries(QUEUE_DEFS.map((q) => [q.name, stateOptions(q).map((s) => s.label)]));
    expect(byName.sourceCheck).toEqual(['待审核', '已退回', '审核通过']);
    expect(byName.agreementSchool?.[0]).toBe('待学校审核');
    expect(byName.agreementCollege).not.toContain('草稿');
    expect(byName.employer).toEqual(['待认证', '已认证', '未通过认证']);
    expect(stateTag('termination', 'rejected')).toEqual({ label: '已退回', theme: 'danger' });
    expect(stateTag('check', 'nonsense')).toEqual({ label: 'nonsense', theme: 'default' });
  });

  it('rows: only pending records can be selected; ids become class-safe keys; the detail url is encoded', () => {
    const row = queueRow(item({}), 'submitted', { 'source:1': true });
    expect(row).toMatchObject({ key: 'source-1', selectable: true, checked: true, college: '计算机学院 · 软件工程', submitted: '2026年3月2日 10:00' });
    expect(row.tag).toEqual({ label: '待审核', theme: 'primary' });
    expect(queueRow(item({ state: 'approved' }), 'submitted', { 'source:1': true })).toMatchObject({ selectable: false, checked: false });
    expect(detailUrl('check', 'source:2026010102')).toBe('/pkg/review/detail/index?record=check&id=source%3A2026010102');
    expect(appendItems([item({ id: 'a' })], [item({ id: 'a' }), item({ id: 'b' })]).map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('batch results: one line per item in the order sent, the server message for a refusal', () => {
    const rows = batchRows(
      [{ id: 'x:1', title: '甲' }, { id: 'x:2', title: '乙' }, { id: 'x:3', title: '丙' }],
      [
        { id: 'x:1', ok: true, state: 'approved', version: 2 },
        { id: 'x:2', ok: false, code: 'CONFLICT', message: ERROR_MESSAGES.CONFLICT },
        { id: 'x:3', ok: false, code: 'FORBIDDEN', message: ERROR_MESSAGES.FORBIDDEN },
      ],
    );
    expect(rows).toEqual([
      { key: 'x-1', title: '甲', ok: true, unprocessed: false, text: '通过' },
      // the list is refreshed right after a batch: "please refresh" would be stale advice
      { key: 'x-2', title: '乙', ok: false, unprocessed: false, text: TAKEN_FIRST },
      { key: 'x-3', title: '丙', ok: false, unprocessed: false, text: ERROR_MESSAGES.FORBIDDEN },
    ]);
    expect(batchSummary(rows)).toBe('已通过 1 条，2 条未处理');
    expect(batchSummary(rows.slice(0, 1))).toBe('已通过 1 条');
  });

  it('batch results: the items the server had no time for are told apart from refusals, and kept to send again', () => {
    const sent = [{ id: 'x:1', title: '甲', version: 1 }, { id: 'x:2', title: '乙', version: 1 }, { id: 'x:3', title: '丙', version: 3 }];
    const results: ItemOutcome[] = [
      { id: 'x:1', ok: true, state: 'approved', version: 2 },
      { id: 'x:2', ok: false, code: 'FORBIDDEN', message: ERROR_MESSAGES.FORBIDDEN },
      { id: 'x:3', ok: false, code: 'NOT_PROCESSED', message: ERROR_MESSAGES.NOT_PROCESSED },
    ];
    const rows = batchRows(sent, results);
    expect(rows.map((r) => [r.ok, r.unprocessed, r.text])).toEqual([
      [true, false, '通过'],
      [false, false, ERROR_MESSAGES.FORBIDDEN],
      [false, true, ERROR_MESSAGES.NOT_PROCESSED],
    ]);
    expect(leftOver(sent, results)).toEqual([sent[2]]);
    expect(batchSummary(rows)).toBe('已通过 1 条，1 条未处理；1 条本次来不及处理，可重新提交');
    expect(batchSummary([rows[0]!, rows[2]!])).toBe('已通过 1 条；1 条本次来不及处理，可重新提交');
  });
});

describe('审核 queues page', () => {
  let sys: TestSystem;
  let env: MiniEnv;

  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  it('an empty queue: the hint, counts of 0, no batch bar', async () => {
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('review/queues', env);
    capture(page, 'review-queues', 'empty', '审核：暂无待审核记录');
    expect(tabLabels(page)).toEqual(['生源核查', '三方协议', '就业信息核验', '去向登记']);
    expect(textAt(page, '.list__empty')).toBe('暂无待审核记录');
    expect(page.querySelector('.batch-approve')).toBeUndefined();
    expect(page.querySelector('.filters__college')).toBeUndefined();
  });

  it('a college reviewer sees only their college: cs items and counts; em sees em; the school filters by college', async () => {
    await liSiSubmits(sys);
    await submittedCheck(sys, WANG_WU);
    await accept(sys, DEMO_OPENIDS.student, 'offer-demo-1');

    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const cs = await openPage('review/queues', env);
    capture(cs, 'review-queues', 'college', '审核：院系审核老师的队列');
    expect(counts(cs)).toEqual({ 生源核查: 1, '三方协议': 1, 就业信息核验: 0, 去向登记: 0 });
    expect(tabLabels(cs)).toEqual(['生源核查1', '三方协议1', '就业信息核验', '去向登记']);
    expect(titles(cs)).toEqual(['李四 2026010102']);
    expect(textAt(cs, '.item')).toContain('计算机学院 · 计算机科学与技术');
    expect(textOf(cs)).not.toContain('王五');

    await tap(cs, env, '.tab--agreementCollege');
    expect(titles(cs)).toEqual(['张三 2026010101']);
    expect(textAt(cs, '.item__subtitle')).toBe('深圳示例科技有限公司 · 前端开发工程师');

    env = installWx(sys, DEMO_OPENIDS.collegeReviewerEm);
    const em = await openPage('review/queues', env);
    expect(counts(em)).toEqual({ 生源核查: 1, '三方协议': 0, 就业信息核验: 0, 去向登记: 0 });
    expect(titles(em)).toEqual([`王五 ${WANG_WU}`]);

    env = installWx(sys, DEMO_OPENIDS.schoolReviewer);
    const school = await openPage('review/queues', env);
    capture(school, 'review-queues', 'school', '审核：学校审核老师的队列');
    expect(counts(school)).toEqual({ 生源核查: 2, '三方协议': 0, 解约申请: 0, 就业信息核验: 0, 去向登记: 0, 单位审核: 0 });
    expect(titles(school)).toEqual(['李四 2026010102', `王五 ${WANG_WU}`]);
    expect(school.data.collegeNames).toEqual(['全部院系', '计算机学院', '经济管理学院']);
    school.querySelector('.filters__college')!.dispatchEvent('change', { detail: { value: 2 } });
    await settle(school, env);
    expect(titles(school)).toEqual([`王五 ${WANG_WU}`]);
    expect(queueCalls(env).at(-1)?.data).toMatchObject({ queue: 'sourceCheck', filter: { collegeId: 'em' } });
  });

  it('tapping a record opens its detail; a checkbox tap only selects', async () => {
    await liSiSubmits(sys);
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('review/queues', env);
    await check(page, env, '.item__checkbox--source-2026010102');
    expect(env.visited).toEqual([]);
    expect(page.data.selectedCount).toBe(1);
    expect(textAt(page, '.batch-approve >>> .t-button')).toBe('批量通过（1）');
    await tap(page, env, '.item--source-2026010102');
    expect(env.visited).toEqual(['/pkg/review/detail/index?record=check&id=source%3A2026010102']);
  });

  it('批量通过 of 3 where another reviewer decided one first: a result for each, exactly two approved by the college, counts refreshed', async () => {
    await liSiSubmits(sys);
    const [first, second] = await manyChecks(sys, 2);
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('review/queues', env);
    expect(titles(page)).toEqual(['李四 2026010102', `测试01 ${first}`, `测试02 ${second}`]);

    await check(page, env, '.select-all');
    expect(page.data.selectedCount).toBe(3);
    capture(page, 'review-queues', 'selected', '审核：选中 3 条待批量通过');

    // the school decides 测试01 while the college reviewer looks at the list
    const seen = (await sys.store.get('checks', `source:${first}`))!;
    await sys.ok(review, DEMO_OPENIDS.schoolReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'check', id: seen._id, version: seen.version }] });

    await tap(page, env, '.batch-approve >>> .t-button');
    capture(page, 'review-queues', 'batch-result', '审核：批量通过的逐条结果');
    expect(reviewCalls(env)).toHaveLength(1);
    expect((reviewCalls(env)[0]!.data as { items: unknown[] }).items).toHaveLength(3);
    expect(reviewCalls(env)[0]!.result).toMatchObject({ ok: true, data: { approved: 2, failed: 1, results: [{ ok: true }, { ok: false, code: 'CONFLICT' }, { ok: true }] } });
    expect(textAt(page, '.batch-result__summary')).toBe('已通过 2 条，1 条未处理');
    expect(batchLines(page)).toEqual([
      ['李四 2026010102', '通过'],
      [`测试01 ${first}`, TAKEN_FIRST],
      [`测试02 ${second}`, '通过'],
    ]);
    expect(page.querySelector(`.batch-result__row--source-${first}.batch-result__row--failed`)).toBeDefined();

    const byCollege = [];
    for (const no of [LI_SI, first!, second!]) {
      const c = (await sys.store.get('checks', `source:${no}`))!;
      expect(c.state).toBe('approved');
      const last = (await sys.auditOf('check', c._id)).at(-1)!;
      if (last.actor.role === 'collegeReviewer') byCollege.push(no);
    }
    expect(byCollege).toEqual([LI_SI, second]);
    expect((await sys.auditOf('check', `source:${first}`)).filter((e) => e.action === 'approve')).toHaveLength(1);

    expect(counts(page).生源核查).toBe(0);
    expect(textAt(page, '.list__empty')).toBe('暂无待审核记录');
    await tap(page, env, '.batch-result__close');
    expect(page.querySelector('.batch-result')).toBeUndefined();
  });

  it('批量通过 the server has no time to finish: the items it did not reach are shown apart, and 重新提交 sends just them', async () => {
    const numbers = await manyChecks(sys, REVIEW_LANES + 2);
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('review/queues', env);
    await check(page, env, '.select-all');
    // the server's clock passes the batch's time budget as its first item commits: the items under way by then finish
    const commit = sys.store.commit.bind(sys.store);
    let jumped = false;
    const jump = jest.spyOn(sys.store, 'commit').mockImplementation(async (c: Commit) => {
      await commit(c);
      if (!jumped && c.request) {
        jumped = true;
        sys.advance(REVIEW_BUDGET_MS);
      }
    });

    await tap(page, env, '.batch-approve >>> .t-button');
    jump.mockRestore();
    capture(page, 'review-queues', 'batch-unprocessed', '审核：批量通过中来不及处理的记录，可重新提交');

    const late = numbers.slice(REVIEW_LANES);
    expect(reviewCalls(env)[0]!.result).toMatchObject({ ok: true, data: { approved: REVIEW_LANES, failed: 0, unprocessed: 2 } });
    expect(textAt(page, '.batch-result__summary')).toBe(`已通过 ${REVIEW_LANES} 条；2 条本次来不及处理，可重新提交`);
    expect(batchLines(page).slice(REVIEW_LANES)).toEqual(late.map((no, i) => [`测试${String(REVIEW_LANES + i + 1).padStart(2, '0')} ${no}`, ERROR_MESSAGES.NOT_PROCESSED]));
    expect(page.querySelectorAll('.batch-result__row--unprocessed')).toHaveLength(2);
    expect(page.querySelector('.batch-result__row--failed')).toBeUndefined();
    expect(textAt(page, '.batch-again >>> .t-button')).toBe('重新提交这 2 条');
    // the list was loaded again: the two still wait, untouched
    expect(titles(page)).toEqual(late.map((no, i) => `测试${String(REVIEW_LANES + i + 1).padStart(2, '0')} ${no}`));

    await tap(page, env, '.batch-again >>> .t-button');
    expect(reviewCalls(env)).toHaveLength(2);
    const again = reviewCalls(env)[1]!;
    expect((again.data as { items: unknown[] }).items).toEqual(late.map((no) => ({ record: 'check', id: `source:${no}`, version: 1 })));
    expect((again.data as { requestId: string }).requestId).not.toBe((reviewCalls(env)[0]!.data as { requestId: string }).requestId);
    expect(textAt(page, '.batch-result__summary')).toBe('已通过 2 条');
    expect(page.querySelector('.batch-again')).toBeUndefined();
    for (const no of numbers) expect((await sys.store.get('checks', `source:${no}`))!.state).toBe('approved');
    expect(counts(page).生源核查).toBe(0);
  });

  it('search by 学号 (exact) and by name (the client pages on through short pages)', async () => {
    await liSiSubmits(sys);
    const numbers = await manyChecks(sys, 24);
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('review/queues', env);

    await search(page, env, numbers[10]!);
    expect(titles(page)).toEqual([`测试11 ${numbers[10]}`]);
    expect(queueCalls(env).at(-1)?.data).toMatchObject({ filter: { keyword: numbers[10] } });
    capture(page, 'review-queues', 'search', '审核：按学号搜索');

    // 测试23 is on the second page: the first page comes back empty, and the page asks for the next at once
    const before = queueCalls(env).length;
    await search(page, env, '测试23');
    expect(titles(page)).toEqual([`测试23 ${numbers[22]}`]);
    const asked = queueCalls(env).slice(before);
    expect(asked).toHaveLength(2);
    expect(asked[1]!.data).toHaveProperty('cursor');

    await search(page, env, '赵六');
    expect(textAt(page, '.list__empty')).toBe('没有符合条件的记录');

    const clear = page.querySelector('.filters__search >>> .t-search__clear');
    clear!.dispatchEvent('touchstart');
    await settle(page, env);
    expect(titles(page)).toHaveLength(20);
  });

  it('a long queue pages with 加载更多 through the cursor', async () => {
    const numbers = await manyChecks(sys, 23);
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('review/queues', env);
    expect(counts(page).生源核查).toBe(23);
    expect(titles(page)).toHaveLength(20);
    expect(titles(page)[0]).toBe(`测试01 ${numbers[0]}`);
    expect(textAt(page, '.list__order')).toBe('按提交时间排列，等待最久的在前');
    expect(textAt(page, '.list__more')).toBe('加载更多');
    capture(page, 'review-queues', 'paged', '审核：长队列分页');

    await tap(page, env, '.list__more-button >>> .t-button');
    expect(titles(page)).toHaveLength(23);
    expect(titles(page).at(-1)).toBe(`测试23 ${numbers[22]}`);
    expect(page.querySelector('.list__more')).toBeUndefined();
    expect(textAt(page, '.list__end')).toBe('没有更多了');
    expect(queueCalls(env).at(-1)?.data).toMatchObject({ limit: 20, cursor: expect.any(String) });

    // 全选 takes every pending record shown, across pages
    await check(page, env, '.select-all');
    expect(page.data.selectedCount).toBe(23);
  });

  it('the state and major filters: approved records are listed, not selectable', async () => {
    await liSiSubmits(sys);
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('review/queues', env);
    page.querySelector('.filters__state')!.dispatchEvent('change', { detail: { value: 2 } });
    await settle(page, env);
    expect(queueCalls(env).at(-1)?.data).toMatchObject({ filter: { state: 'approved' } });
    expect(titles(page)).toEqual(['张三 2026010101']);
    expect(textAt(page, '.item__state >>> .t-tag')).toBe('审核通过');
    expect(page.querySelector('.item__check')).toBeUndefined();
    expect(page.querySelector('.batch-approve')).toBeUndefined();

    page.querySelector('.filters__state')!.dispatchEvent('change', { detail: { value: 0 } });
    await settle(page, env);
    const major = page.querySelector('.filters__major')!;
    major.dispatchEvent('input', { detail: { value: '软件工程' } });
    major.dispatchEvent('confirm', { detail: { value: '软件工程' } });
    await settle(page, env);
    expect(queueCalls(env).at(-1)?.data).toMatchObject({ filter: { major: '软件工程' } });
    expect(textAt(page, '.list__empty')).toBe('没有符合条件的记录');
  });

  it('a failed load shows the error with 重试; pull-down refresh brings new records and counts', async () => {
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const real = env.wx.callFunction.getMockImplementation()!;
    env.wx.callFunction.mockImplementation((options: { data?: { view?: string } }) =>
      options.data?.view === 'reviewQueues' ? Promise.reject({ errMsg: 'cloud.callFunction:fail timeout' }) : real(options),
    );
    const page = await openPage('review/queues', env);
    capture(page, 'review-queues', 'error', '审核：加载失败');
    expect(textAt(page, '.queues__error')).toContain(NETWORK_MESSAGE);
    env.wx.callFunction.mockImplementation(real);

    await liSiSubmits(sys);
    await tap(page, env, '.queues__retry >>> .t-button');
    expect(page.querySelector('.queues__error')).toBeUndefined();
    expect(counts(page).生源核查).toBe(1);
    expect(titles(page)).toEqual(['李四 2026010102']);

    await addStudent(sys, { studentNo: '2026019901', name: '赵七', major: '软件工程', ...CS });
    await submittedCheck(sys, '2026019901');
    await pullDown(page, env);
    expect(env.wx.stopPullDownRefresh).toHaveBeenCalled();
    expect(counts(page).生源核查).toBe(2);
    expect(titles(page)).toHaveLength(2);
  });

  it('when who the caller is cannot be loaded, 重试 starts over', async () => {
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    env.wx.callFunction.mockImplementationOnce(() => Promise.reject({ errMsg: 'cloud.callFunction:fail timeout' }));
    const page = await openPage('review/queues', env);
    expect(textAt(page, '.queues__error .notice__text')).toBe(NETWORK_MESSAGE);
    expect(page.querySelectorAll('.tab')).toHaveLength(0);
    await tap(page, env, '.queues__retry >>> .t-button');
    expect(env.calls.map((c) => (c.data as { view?: string }).view)).toEqual(['reviewQueues']);
    expect(tabLabels(page)).toEqual(['生源核查', '三方协议', '就业信息核验', '去向登记']);
    expect(page.querySelector('.queues__error')).toBeUndefined();
  });

  it('the school\'s unit queue: a new registration with its count, found by its credit code', async () => {
    const uscc = withUsccCheck('91110108MA01ABCD1');
    await sys.ok(bind, 'hr-new-unit', await registration(sys, 'hr-new-unit', { name: '北京新单位科技有限公司', uscc, nature: '39', industry: '65', region: '110108', address: '北京市海淀区中关村大街1号', contactName: '刘经理', contactPhone: '13811112222' }));
    env = installWx(sys, DEMO_OPENIDS.schoolReviewer);
    const page = await openPage('review/queues', env);
    expect(counts(page).单位审核).toBe(1);
    await tap(page, env, '.tab--employer');
    expect(page.querySelector('.filters__major')).toBeUndefined();
    expect(page.querySelector('.filters__college')).toBeUndefined();
    expect(titles(page)).toEqual(['北京新单位科技有限公司']);
    expect(textAt(page, '.item__state >>> .t-tag')).toBe('待认证');
    capture(page, 'review-queues', 'employers', '审核：单位审核');
    await search(page, env, uscc.toLowerCase());
    expect(titles(page)).toEqual(['北京新单位科技有限公司']);
    await search(page, env, '不存在的单位');
    expect(textAt(page, '.list__empty')).toBe('没有符合条件的记录');
  });

  it('a student opening the tab is told it is for reviewers; nothing else is queried', async () => {
    env = installWx(sys, DEMO_OPENIDS.student);
    const page = await openPage('review/queues', env);
    expect(textAt(page, '.queues__error')).toBe('仅院系和学校的审核老师可以使用审核功能');
    expect(page.querySelector('.queues__retry')).toBeUndefined();
    expect(env.calls.map((c) => (c.data as { view?: string }).view)).toEqual(['reviewQueues']);
    expect(env.calls[0]!.result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});
