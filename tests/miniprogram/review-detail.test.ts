/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import { withUsccCheck } from '../../server/domain/identifiers';
import { bind } from '../../server/usecases/bind';
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { requestTermination } from '../../server/usecases/requestTermination';
import { review } from '../../server/usecases/review';
import { submitCheck } from '../../server/usecases/submitCheck';
import { DEMO_EMPLOYER_ID, DEMO_OPENIDS } from '../../server/runtime/seed';
import { ERROR_MESSAGES } from '../../typings/errors';
import { NETWORK_MESSAGE } from '../../miniprogram/api/client';
import type { CheckFieldView, ReviewDetail } from '../../typings/views';
import { canDecide, CONFLICT_NOTICE, decisions, employerRows, fieldRows, head, waitedFor, withReason } from '../../miniprogram/pkg/review/detail/rows';
import { DEFAULT_RETURN_REASONS } from '../../server/app/settings';
import { checkId } from '../../server/domain/checkFields';
import { step } from '../../server/domain/machine';
import type { CheckDoc } from '../../server/domain/types';
import { preview, thumbsOf } from '../../miniprogram/pkg/review/detail/thumbs';
import { accept, signedDemoAgreement } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { capture } from './gallery';
import { installWx, openPage, pngBytes, pullDown, settle, tap, textAt, textOf, type MiniEnv, type Page } from './support';
import { registration } from '../support/registration';

const LI_SI_CHECK = 'source:2026010102';

/** 李四 submits his 生源核查 through the function. */
async function liSiSubmits(sys: TestSystem): Promise<void> {
  await sys.ok(submitCheck, DEMO_OPENIDS.student2, {
    action: 'submit', requestId: rid(), kind: 'source', version: 0,
    fields: { phone: '13600136000', email: 'lisi@example.com', homeAddress: '北京市海淀区学院路1号' },
  });
}

const texts = (page: Page, selector: string): string[] => page.querySelectorAll(selector).map((t) => (t.dom?.textContent ?? '').trim());
/** label → value of the `.row`s under a section (the section's class first) */
const rowsIn = (page: Page, section: string): Record<string, string> => {
  const labels = texts(page, `${section} .row__label`);
  const values = texts(page, `${section} .row__value`);
  return Object.fromEntries(labels.map((l, i) => [l, values[i] ?? '']));
};
/** a check field as shown: label (with * when required), value, and the school's value where it differs */
const fieldOf = (page: Page, key: string): string[] =>
  ['field__label', 'field__value', 'field__school'].map((part) => textAt(page, `.field--${key} .${part}`)).filter(Boolean);
const stateTag = (page: Page): string => textAt(page, '.head__state >>> .t-tag');
const reviewCalls = (env: MiniEnv) => env.calls.filter((c) => c.name === 'review');
const button = (cls: string): string => `.${cls} >>> .t-button`;
/** the folded sections' titles, in order */
const panelTitles = (page: Page): string[] => texts(page, '.section__title');
const isOpen = (page: Page, key: string): boolean => page.querySelector(`.section--${key} .section__body`) !== undefined;
/** a tap on a folded section's title unfolds it */
const unfold = (page: Page, env: MiniEnv, key: string) => tap(page, env, `.section--${key} .section__head`);

/** A 生源核查 waiting in 计算机学院's queue, written as the submit function would (record and audit entry). */
async function queuedCheck(sys: TestSystem, n: number): Promise<CheckDoc> {
  const studentNo = `2026019${String(n).padStart(3, '0')}`;
  const now = sys.deps.clock().toISOString();
  const stepped = step<'check', CheckDoc>({
    kind: 'check', current: null, id: checkId('source', studentNo), action: 'submit', actor: { openid: `s-${n}`, role: 'student' }, now,
    patch: { kind: 'source', studentNo, studentName: `学生${n}`, collegeId: 'cs', major: '软件工程', fields: { phone: '13800000000' }, schoolValues: {}, submittedAt: now },
  });
  await sys.store.commit({ writes: [{ collection: 'checks', doc: stepped.doc, expectedVersion: 0 }], audit: [stepped.audit], outbox: [] });
  return stepped.doc;
}

/** TDesign's dialog opens and closes with a transition of about 270 ms: a capture waits for it to end. */
const transitionDone = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 400));

/** The reason dialog's textarea, as the reviewer types into it. */
async function typeReason(page: Page, env: MiniEnv, reason: string): Promise<void> {
  const area = page.querySelector('.reject-dialog__reason >>> .t-textarea__wrapper-inner');
  if (!area) throw new Error('no reason textarea');
  area.dispatchEvent('input', { detail: { value: reason, cursor: reason.length } });
  await settle(page, env);
}

const field = (over: Partial<CheckFieldView> & { key: string; type?: CheckFieldView['spec']['type'] }): CheckFieldView => ({
  spec: { key: over.key, label: over.key, owner: 'student', required: true, type: over.type ?? 'text' },
  value: over.value ?? '',
  ...(over.schoolValue !== undefined ? { schoolValue: over.schoolValue } : {}),
  mismatch: over.mismatch ?? false,
});

describe('审核详情: helpers', () => {
  const item = { record: 'agreement' as const, id: 'a1', version: 3, state: 'pendingCollege', title: '张三 2026010101', subtitle: '某公司 · 工程师', submittedAt: '2026-03-02T02:00:00.000Z' };
  const detail = (record: ReviewDetail['record'], state: string): ReviewDetail => ({
    role: 'schoolReviewer', record, item: { ...item, record, state }, returnReasons: [], at: '2026-03-05T03:30:00.000Z', queue: null,
  });

  it('who may decide what, mirroring the server: stage by stage for agreements; terminations and units by the school', () => {
    expect(canDecide('collegeReviewer', detail('agreement', 'pendingCollege'))).toBe(true);
    expect(canDecide('schoolReviewer', detail('agreement', 'pendingCollege'))).toBe(false);
    expect(canDecide('schoolReviewer', detail('agreement', 'pendingSchool'))).toBe(true);
    expect(canDecide('collegeReviewer', detail('agreement', 'pendingSchool'))).toBe(false);
    expect(canDecide('collegeReviewer', detail('check', 'submitted'))).toBe(true);
    expect(canDecide('schoolReviewer', detail('check', 'submitted'))).toBe(true);
    expect(canDecide('schoolReviewer', detail('check', 'approved'))).toBe(false);
    expect(canDecide('collegeReviewer', detail('termination', 'submitted'))).toBe(false);
    expect(canDecide('schoolReviewer', detail('employer', 'registered'))).toBe(true);
    expect(canDecide('student', detail('check', 'submitted'))).toBe(false);
  });

  it('退回 with a reason, whatever the record', () => {
    expect(decisions('collegeReviewer', detail('agreement', 'pendingCollege'))).toMatchObject({ reject: '退回', rejectTitle: '退回原因' });
    expect(decisions('schoolReviewer', detail('termination', 'submitted'))).toMatchObject({ reject: '退回', rejectTitle: '退回原因' });
    expect(decisions('schoolReviewer', detail('agreement', 'pendingSchool')).approveConfirm).toContain('签约成功');
  });

  it('fields: codes by name, empty as 未填写, the school value only where it differs', () => {
    const rows = fieldRows([
      field({ key: 'region', type: 'region', value: '440305' }),
      field({ key: 'industry', type: 'industry', value: '65', schoolValue: '65' }),
      field({ key: 'jobTitle', value: '高级数据分析师', schoolValue: '数据分析师', mismatch: true }),
      field({ key: 'postcode', value: '' }),
    ]);
    expect(rows.map((r) => [r.value, r.schoolValue])).toEqual([
      ['广东省 深圳市 南山区', ''],
      ['软件和信息技术服务业', ''],
      ['高级数据分析师', '数据分析师'],
      ['未填写', ''],
    ]);
  });

  it('the summary: what, how long it has waited (while it waits), how many others wait; nothing of the sections repeated', () => {
    const waiting = { ...detail('agreement', 'pendingCollege'), queue: { name: 'agreementCollege' as const, left: 299, next: { record: 'agreement' as const, id: 'a2', title: '王五 2026010103' } } };
    expect(head({ ...waiting, item: { ...waiting.item, collegeName: '计算机学院', major: '软件工程', studentNo: '2026010101' } })).toEqual({
      title: '张三 2026010101',
      tag: { label: '待院系审核', theme: 'primary' },
      who: '计算机学院 · 软件工程',
      what: '某公司 · 工程师',
      waited: '已等待 3 天（2026年3月2日 10:00 提交）',
      left: '本队列还有 299 条待审核',
    });
    // decided: when it was submitted, and no count unless there is a next to open
    expect(head(detail('agreement', 'signed'))).toMatchObject({ who: '', waited: '2026年3月2日 10:00 提交', left: '' });
    expect(head({ ...detail('employer', 'registered'), queue: { name: 'employer', left: 0, next: null } })).toMatchObject({ what: '单位认证申请', waited: expect.stringMatching(/^已等待 3 天（.* 注册）$/), left: '本队列没有其他待审核' });
    expect([waitedFor('2026-03-05T03:00:00Z', '2026-03-05T03:59:00Z'), waitedFor('2026-03-05T00:00:00Z', '2026-03-05T05:10:00Z'), waitedFor('2026-03-01T00:00:00Z', '2026-03-05T00:00:00Z')]).toEqual(['不到 1 小时', '5 小时', '4 天']);
  });

  it('a preset reason fills an empty box, joins a typed one once, and never twice', () => {
    expect(withReason('', '单位地址不完整')).toBe('单位地址不完整');
    expect(withReason('联系电话有误 ', '单位地址不完整')).toBe('联系电话有误；单位地址不完整');
    expect(withReason('联系电话有误；单位地址不完整', '单位地址不完整')).toBe('联系电话有误；单位地址不完整');
  });

  it('unit rows name the 单位性质, 行业 and 所在地 codes', () => {
    const rows = Object.fromEntries(
      employerRows({ name: '某公司', uscc: 'X', nature: '31', industry: '65', region: '110108', address: '', contactName: '王', contactPhone: '1', state: 'registered' }).map((r) => [r.label, r.value]),
    );
    expect(rows).toMatchObject({ 单位性质: '国有企业', 单位行业: '软件和信息技术服务业', 单位所在地: '北京市 海淀区', 详细地址: '未填写' });
    // the name is the summary's title, the state its tag
    expect(Object.keys(rows)).not.toContain('单位名称');
    expect(Object.keys(rows)).not.toContain('认证状态');
  });

  it('thumbnails: the links the view carries; a file without one is marked and left out of the preview', async () => {
    const sys = await makeSystem({ seed: false });
    installWx(sys, 'anyone');
    const signed = 'http://127.0.0.1:3000/files/uploads/h/c.jpg?expires=1772420400&sign=' + 'ab'.repeat(32);
    const files = [
      { fileId: 'cloud://env-1/uploads/a.jpg', sha256: 'x', url: 'https://tmp.example/env-1/uploads/a.jpg?sign=t' },
      { fileId: 'cloud://env-1/uploads/gone.jpg', sha256: 'y', url: null },
      { fileId: 'local://uploads/h/c.jpg', sha256: 'z', url: signed },
    ];
    const thumbs = thumbsOf(files);
    expect(thumbs).toEqual([
      { fileId: 'cloud://env-1/uploads/a.jpg', src: 'https://tmp.example/env-1/uploads/a.jpg?sign=t', failed: false },
      { fileId: 'cloud://env-1/uploads/gone.jpg', src: '', failed: true },
      { fileId: 'local://uploads/h/c.jpg', src: signed, failed: false },
    ]);
    preview(thumbs, signed);
    expect(wx.previewImage).toHaveBeenCalledWith({ urls: ['https://tmp.example/env-1/uploads/a.jpg?sign=t', signed], current: signed });
    await sys.close();
  });
});

describe('审核详情 page', () => {
  let sys: TestSystem;
  let env: MiniEnv;

  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => {
    delete (globalThis as { getCurrentPages?: unknown }).getCurrentPages;
    return sys.close();
  });

  it('生源核查: every field shown (school fields locked), 通过 after confirming; the store holds the college reviewer\'s approval', async () => {
    await liSiSubmits(sys);
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('review/detail', env, { record: 'check', id: encodeURIComponent(LI_SI_CHECK) });
    capture(page, 'review-detail', 'source-check', '审核详情：生源核查');

    expect(textAt(page, '.head__title')).toBe('李四 2026010102');
    expect(stateTag(page)).toBe('待审核');
    expect(textAt(page, '.head__who')).toBe('计算机学院 · 计算机科学与技术');
    expect(textAt(page, '.head__what')).toBe('生源核查');
    expect(textAt(page, '.head__waited')).toMatch(/^已等待 不到 1 小时（2026年\d+月\d+日 \d\d:\d\d 提交）$/);
    expect(textAt(page, '.head__left')).toBe('本队列没有其他待审核');
    // the fields unfolded, the history folded; who the student is stays in the summary only
    expect(panelTitles(page)).toEqual(['生源信息', '办理记录']);
    expect([isOpen(page, 'check'), isOpen(page, 'timeline')]).toEqual([true, false]);
    expect(fieldOf(page, 'phone')).toEqual(['*手机号码', '13600136000']);
    expect(fieldOf(page, 'originRegion')).toEqual(['生源地', '北京市 东城区']);
    for (const key of ['studentNo', 'name', 'collegeName', 'major']) expect(page.querySelector(`.field--${key}`)).toBeUndefined();
    expect(page.querySelector('.field--gender.field--locked')).toBeDefined();
    expect(page.querySelector('.field--phone.field--locked')).toBeUndefined();
    await unfold(page, env, 'timeline');
    expect(texts(page, '.section--timeline >>> .timeline__title')).toEqual(['提交']);
    expect(env.wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '生源核查' });

    await tap(page, env, button('detail__approve'));
    expect(env.wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '确认生源核查通过？通过后学生即可签约。' }));
    expect(reviewCalls(env).map((c) => c.data)).toEqual([
      { requestId: expect.any(String), decision: 'approve', items: [{ record: 'check', id: LI_SI_CHECK, version: 1 }] },
    ]);
    const stored = (await sys.store.get('checks', LI_SI_CHECK))!;
    expect(stored.state).toBe('approved');
    const last = (await sys.auditOf('check', LI_SI_CHECK)).at(-1)!;
    expect(last).toMatchObject({ action: 'approve', from: 'submitted', to: 'approved', actor: { openid: DEMO_OPENIDS.collegeReviewer, role: 'collegeReviewer' } });

    // nothing else waits: said so, the new state shown in place, and the way back to the queue
    capture(page, 'review-detail', 'queue-done', '审核详情：本队列已处理完');
    expect(env.toasts).toEqual(['已通过']);
    // reviewers receive no messages of their own: no subscription is asked
    expect(env.wx.requestSubscribeMessage).not.toHaveBeenCalled();
    expect(textAt(page, '.detail__notice')).toBe('已通过');
    expect(textAt(page, '.queue-done__text')).toBe('本队列的待审核已全部处理完');
    expect(stateTag(page)).toBe('审核通过');
    expect(page.querySelector('.action-bar')).toBeUndefined();
    expect(texts(page, '.section--timeline >>> .timeline__title')).toEqual(['提交', '审核通过']);
    // opened without a page to go back to (from a message): the queue tab opens
    await tap(page, env, button('queue-done__back'));
    expect(env.wx.reLaunch).toHaveBeenCalledWith({ url: '/pkg/review/queues/index' });
  });

  it('a college reviewer with 300 waiting: after each decision the next of the queue opens in place, the longest-waiting first', async () => {
    (globalThis as { getCurrentPages?: () => unknown[] }).getCurrentPages = () => [{}, {}];
    for (let n = 1; n <= 299; n++) {
      await queuedCheck(sys, n);
      sys.advance(60_000);
    }
    sys.advance(3 * 86_400_000);
    await liSiSubmits(sys);
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('review/detail', env, { record: 'check', id: LI_SI_CHECK });
    expect(textAt(page, '.head__left')).toBe('本队列还有 299 条待审核');

    await tap(page, env, button('detail__approve'));
    capture(page, 'review-detail', 'next-item', '审核详情：通过后打开下一条');
    expect((await sys.store.get('checks', LI_SI_CHECK))!.state).toBe('approved');
    expect(env.wx.navigateBack).not.toHaveBeenCalled();
    expect(textAt(page, '.detail__notice')).toBe('已通过「李四 2026010102」，这是下一条');
    expect(textAt(page, '.head__title')).toBe('学生1 2026019001');
    expect(textAt(page, '.head__waited')).toMatch(/^已等待 3 天/);
    expect(textAt(page, '.head__left')).toBe('本队列还有 298 条待审核');
    expect(page.querySelector('.action-bar')).toBeDefined();
    // each load is one call, the decision one more
    expect(env.calls.map((c) => c.name === 'query' ? (c.data as { view: string }).view : c.name)).toEqual(['reviewDetail', 'review', 'reviewDetail']);

    // 退回 works on the next one the same way, and moves on again
    await tap(page, env, button('detail__reject'));
    await tap(page, env, '.reason-chip--2');
    await tap(page, env, button('reject-dialog__confirm'));
    expect((await sys.store.get('checks', checkId('source', '2026019001')))!).toMatchObject({ state: 'returned', reason: DEFAULT_RETURN_REASONS.sourceCheck[2] });
    expect(textAt(page, '.head__title')).toBe('学生2 2026019002');
  });

  it('the next one decided meanwhile by someone else: shown as it is, with 下一条 to go on; going back still returns to the queue', async () => {
    (globalThis as { getCurrentPages?: () => unknown[] }).getCurrentPages = () => [{}, {}];
    const [first, second] = [await queuedCheck(sys, 1), (sys.advance(60_000), await queuedCheck(sys, 2))];
    sys.advance(60_000);
    await liSiSubmits(sys);
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('review/detail', env, { record: 'check', id: LI_SI_CHECK });
    await sys.ok(review, DEMO_OPENIDS.schoolReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'check', id: first._id, version: 1 }] });

    await tap(page, env, button('detail__approve'));
    expect(textAt(page, '.head__title')).toBe('学生1 2026019001');
    expect(stateTag(page)).toBe('审核通过');
    expect(page.querySelector('.action-bar')).toBeUndefined();
    expect(textAt(page, button('detail__next'))).toBe('下一条：学生2 2026019002');
    await tap(page, env, button('detail__next'));
    expect(textAt(page, '.head__title')).toBe('学生2 2026019002');
    expect(page.querySelector('.action-bar')).toBeDefined();
    expect(second.state).toBe('submitted');
  });

  it('a decision lost on the network: the message, and a second tap resends the same request id', async () => {
    await liSiSubmits(sys);
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('review/detail', env, { record: 'check', id: LI_SI_CHECK });
    const real = env.wx.callFunction.getMockImplementation()!;
    env.wx.callFunction.mockImplementationOnce(() => Promise.reject({ errMsg: 'cloud.callFunction:fail timeout' }));
    await tap(page, env, button('detail__approve'));
    expect(textAt(page, '.detail__action-error')).toBe(NETWORK_MESSAGE);
    expect((await sys.store.get('checks', LI_SI_CHECK))!.state).toBe('submitted');
    const lost = env.wx.callFunction.mock.calls.at(-1)![0] as { data: { requestId: string } };

    env.wx.callFunction.mockImplementation(real);
    await tap(page, env, button('detail__approve'));
    expect(reviewCalls(env).map((c) => (c.data as { requestId: string }).requestId)).toEqual([lost.data.requestId]);
    expect((await sys.store.get('checks', LI_SI_CHECK))!.state).toBe('approved');
    expect(page.querySelector('.detail__action-error')).toBeUndefined();
  });

  it('退回 needs a reason: an empty one is refused with no call; with one the check is returned with it', async () => {
    await liSiSubmits(sys);
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('review/detail', env, { record: 'check', id: LI_SI_CHECK });

    await tap(page, env, button('detail__reject'));
    expect(page.data.dialog).toBe(true);
    await typeReason(page, env, '   ');
    await tap(page, env, button('reject-dialog__confirm'));
    await transitionDone();
    capture(page, 'review-detail', 'reason-required', '审核详情：退回原因未填写');
    expect(textAt(page, '.reject-dialog__error')).toBe('请填写原因（退回原因会通知申请人）');
    expect(textAt(page, '.reject-dialog__hint')).toBe('必填。请写明需要修改的内容，学生会在通知中看到。');
    // the box has a visible edge, red while the reason is missing
    expect(page.querySelector('.reject-dialog__reason--error >>> .t-textarea--border')).toBeDefined();
    expect(reviewCalls(env)).toEqual([]);
    expect((await sys.store.get('checks', LI_SI_CHECK))!.state).toBe('submitted');

    // the school's preset reasons for 生源核查 as chips; a tap fills the box, which stays editable
    expect(texts(page, '.reason-chip')).toEqual(DEFAULT_RETURN_REASONS.sourceCheck);
    await tap(page, env, '.reason-chip--0');
    await tap(page, env, '.reason-chip--2');
    capture(page, 'review-detail', 'reason-chips', '审核详情：点选常用退回原因');
    expect(page.data.reason).toBe(`${DEFAULT_RETURN_REASONS.sourceCheck[0]}；家庭地址请填写到门牌号`);
    expect(textAt(page, '.reject-dialog__error')).toBe('');
    await typeReason(page, env, '家庭地址请填写到门牌号');
    await tap(page, env, button('reject-dialog__confirm'));
    expect(reviewCalls(env).map((c) => c.data)).toEqual([
      { requestId: expect.any(String), decision: 'return', items: [{ record: 'check', id: LI_SI_CHECK, version: 1 }], reason: '家庭地址请填写到门牌号' },
    ]);
    const stored = (await sys.store.get('checks', LI_SI_CHECK))!;
    expect(stored).toMatchObject({ state: 'returned', reason: '家庭地址请填写到门牌号' });
    expect((await sys.auditOf('check', LI_SI_CHECK)).at(-1)).toMatchObject({ action: 'return', reason: '家庭地址请填写到门牌号', actor: { role: 'collegeReviewer' } });
    await transitionDone();
    capture(page, 'review-detail', 'returned', '审核详情：已退回');
    expect(page.data.dialog).toBe(false);
    expect(stateTag(page)).toBe('已退回');
    expect(textAt(page, '.check__reason')).toBe('退回原因：家庭地址请填写到门牌号');
    expect(textAt(page, '.detail__notice')).toBe('已退回');
  });

  it('cancelling the dialog sends nothing', async () => {
    await liSiSubmits(sys);
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('review/detail', env, { record: 'check', id: LI_SI_CHECK });
    await tap(page, env, button('detail__reject'));
    await typeReason(page, env, '再看看');
    await tap(page, env, button('reject-dialog__cancel'));
    expect(page.data.dialog).toBe(false);
    env.modal = { confirm: false };
    await tap(page, env, button('detail__approve'));
    expect(reviewCalls(env)).toEqual([]);
    expect((await sys.store.get('checks', LI_SI_CHECK))!.state).toBe('submitted');
  });

  it('an agreement through the college, then the school: every section, signed at the end', async () => {
    const a = await accept(sys, DEMO_OPENIDS.student, 'offer-demo-1');
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    let page = await openPage('review/detail', env, { record: 'agreement', id: a._id });
    capture(page, 'review-detail', 'agreement-college', '审核详情：三方协议院系审核');
    expect(stateTag(page)).toBe('待院系审核');
    // 就业核查 first, folded when there is nothing to look at (the library's own unit, no internship file)
    expect(panelTitles(page)).toEqual(['核查提示', '协议信息', '工作信息', '学生（乙方）', '用人单位（甲方）', '档案', '户口', '补充条款', '办理记录']);
    expect(textAt(page, '.section--flags .section__note')).toBe('无');
    expect(['flags', 'agreement', 'job', 'student', 'employer', 'timeline'].map((k) => isOpen(page, k))).toEqual([false, false, true, false, false, false]);
    expect(rowsIn(page, '.section--job')).toMatchObject({ 岗位名称: '前端开发工程师' });
    expect(textAt(page, '.head__what')).toBe('深圳示例科技有限公司 · 前端开发工程师');
    await unfold(page, env, 'agreement');
    await unfold(page, env, 'employer');
    await unfold(page, env, 'student');
    expect(rowsIn(page, '.section--agreement')).toEqual({ 协议编号: a.agreementNo, 签约方式: '单位邀约' });
    expect(rowsIn(page, '.section--employer')).toMatchObject({ 单位名称: '深圳示例科技有限公司', 单位性质: '其他企业', 单位所在地: '广东省 深圳市 南山区' });
    // who the student is stays in the summary
    expect(Object.keys(rowsIn(page, '.section--student'))).toEqual(['性别', '身份证号', '学历', '毕业年份', '联系电话']);
    expect(textAt(page, button('detail__reject'))).toBe('退回');

    await tap(page, env, button('detail__approve'));
    expect(env.wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ content: '确认院系审核通过？通过后提交学校审核。' }));
    expect((await sys.store.get('agreements', a._id))!.state).toBe('pendingSchool');
    expect(stateTag(page)).toBe('待学校审核');
    expect(page.querySelector('.action-bar')).toBeUndefined();

    env = installWx(sys, DEMO_OPENIDS.schoolReviewer);
    page = await openPage('review/detail', env, { record: 'agreement', id: a._id });
    capture(page, 'review-detail', 'agreement-school', '审核详情：三方协议学校审核');
    await tap(page, env, button('detail__approve'));
    const signed = (await sys.store.get('agreements', a._id))!;
    expect(signed.state).toBe('signed');
    expect((await sys.auditOf('agreement', a._id)).slice(-2).map((e) => [e.action, e.actor.role])).toEqual([
      ['collegeApprove', 'collegeReviewer'],
      ['schoolApprove', 'schoolReviewer'],
    ]);
    expect(stateTag(page)).toBe('签约成功');
    await unfold(page, env, 'agreement');
    await unfold(page, env, 'timeline');
    expect(rowsIn(page, '.section--agreement')).toHaveProperty('签约日期', '2026年3月2日');
    expect(texts(page, '.section--timeline >>> .timeline__title')).toEqual(['应约生成协议', '院系审核通过', '学校审核通过']);
  });

  it('a student-initiated agreement: 就业证明材料 as thumbnails; 退回 by the college with the reason shown', async () => {
    const proofs = [await sys.upload(DEMO_OPENIDS.student, 'offer-letter.png', pngBytes('p1')), await sys.upload(DEMO_OPENIDS.student, 'contract.png', pngBytes('p2'))];
    const a = await sys.ok(initiateSigning, DEMO_OPENIDS.student, {
      action: 'submit', requestId: rid(), version: 0,
      draft: {
        employer: { employerId: DEMO_EMPLOYER_ID }, proofFiles: proofs,
        job: { title: '数据分析师', region: '110108', monthlySalary: 12000, contractYears: 3, startDate: '2026-07-01' },
        file: { transfer: true, receiver: '北京市海淀区人才服务中心', address: '北京市海淀区1号' },
        hukou: { migrate: false },
        remarks: '学生凭录用通知发起',
      },
    });
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('review/detail', env, { record: 'agreement', id: a.id });
    capture(page, 'review-detail', 'agreement-proofs', '审核详情：学生发起签约与就业证明材料');
    expect(textAt(page, '.section--proofs .section__note')).toBe('2 张');
    expect(page.querySelectorAll('.thumbs--proofs .thumb')).toHaveLength(2);
    expect(textAt(page, '.thumbs__hint')).toBe('点按图片可放大查看');
    // each tile loads from the link the server signed for this reviewer, and the link opens that file
    const srcs = (page.data.shown.proofs as { src: string }[]).map((p) => new URL(p.src));
    expect(srcs.map((u) => decodeURIComponent(u.pathname))).toEqual(proofs.map((id) => `/files/${sys.files.pathOf(id)}`));
    for (const u of srcs) expect(sys.files.checkLink(decodeURIComponent(u.pathname).slice('/files/'.length), u.searchParams.get('expires'), u.searchParams.get('sign'))).toBe('ok');
    for (const key of ['agreement', 'file', 'hukou', 'remarks']) await unfold(page, env, key);
    expect(rowsIn(page, '.section--agreement')).toMatchObject({ 签约方式: '学生发起' });
    expect(rowsIn(page, '.section--file')).toMatchObject({ 档案接收单位: '北京市海淀区人才服务中心' });
    expect(rowsIn(page, '.section--hukou')).toEqual({ 户口迁移: '不迁移' });
    expect(rowsIn(page, '.section--remarks')).toMatchObject({ 补充条款: '学生凭录用通知发起' });

    page.querySelectorAll('.thumbs--proofs .thumb')[0]!.dispatchEvent('tap');
    await settle(page, env);
    expect(env.wx.previewImage).toHaveBeenCalledWith({ urls: (page.data.shown.proofs as { src: string }[]).map((p) => p.src), current: page.data.shown.proofs[0].src });

    await tap(page, env, button('detail__reject'));
    await typeReason(page, env, '请上传加盖公章的录用通知');
    await tap(page, env, button('reject-dialog__confirm'));
    expect((await sys.store.get('agreements', a.id))!).toMatchObject({ state: 'returned', returnReason: '请上传加盖公章的录用通知', returnedAt: 'college' });
    expect(stateTag(page)).toBe('已退回');
    expect(rowsIn(page, '.section--agreement')).toMatchObject({ 院系审核退回原因: '请上传加盖公章的录用通知' });
  });

  it('the school opening an agreement at the college stage reads it but has no decision to take', async () => {
    const a = await accept(sys, DEMO_OPENIDS.student, 'offer-demo-1');
    env = installWx(sys, DEMO_OPENIDS.schoolReviewer);
    const page = await openPage('review/detail', env, { record: 'agreement', id: a._id });
    expect(stateTag(page)).toBe('待院系审核');
    expect(page.querySelector('.action-bar')).toBeUndefined();
  });

  it('another college\'s record: the refusal message, no retry, no decision', async () => {
    await liSiSubmits(sys);
    env = installWx(sys, DEMO_OPENIDS.collegeReviewerEm);
    const page = await openPage('review/detail', env, { record: 'check', id: LI_SI_CHECK });
    capture(page, 'review-detail', 'forbidden', '审核详情：无权查看其他院系的记录');
    expect(textAt(page, '.detail__error .notice__text')).toBe(ERROR_MESSAGES.FORBIDDEN);
    expect(page.querySelector('.detail__retry')).toBeUndefined();
    expect(page.querySelector('.action-bar')).toBeUndefined();
    expect(textOf(page)).not.toContain('李四');
    expect(reviewCalls(env)).toEqual([]);
  });

  it('a page opened without a record or id says so and asks nothing', async () => {
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('review/detail', env, { record: 'offer', id: 'x' });
    expect(textAt(page, '.detail__error')).toBe('页面参数有误，请从审核列表进入');
    expect(env.calls).toEqual([]);
  });

  it('a stale version: someone else decided first; explained, reloaded, nothing overwritten', async () => {
    await liSiSubmits(sys);
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('review/detail', env, { record: 'check', id: LI_SI_CHECK });
    await sys.ok(review, DEMO_OPENIDS.schoolReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'check', id: LI_SI_CHECK, version: 1 }] });

    await tap(page, env, button('detail__reject'));
    await typeReason(page, env, '请补充邮政编码');
    await tap(page, env, button('reject-dialog__confirm'));
    await transitionDone();
    capture(page, 'review-detail', 'conflict', '审核详情：已被他人处理');
    expect(reviewCalls(env)).toHaveLength(1);
    expect(reviewCalls(env)[0]!.result).toMatchObject({ ok: true, data: { failed: 1, results: [{ ok: false, code: 'CONFLICT' }] } });
    expect(textAt(page, '.detail__notice')).toBe(CONFLICT_NOTICE);
    expect(page.data.dialog).toBe(false);
    expect(stateTag(page)).toBe('审核通过');
    expect(page.querySelector('.action-bar')).toBeUndefined();
    const stored = (await sys.store.get('checks', LI_SI_CHECK))!;
    expect(stored.state).toBe('approved');
    expect((await sys.auditOf('check', LI_SI_CHECK)).map((e) => [e.action, e.actor.role])).toEqual([
      ['submit', 'student'],
      ['approve', 'schoolReviewer'],
    ]);
  });

  it('a stale version of a record still waiting (the student withdrew and resubmitted): reloaded with the new version, then decided', async () => {
    await liSiSubmits(sys);
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('review/detail', env, { record: 'check', id: LI_SI_CHECK });
    await sys.ok(submitCheck, DEMO_OPENIDS.student2, { action: 'withdraw', requestId: rid(), kind: 'source', version: 1 });
    await sys.ok(submitCheck, DEMO_OPENIDS.student2, { action: 'submit', requestId: rid(), kind: 'source', version: 2, fields: { homeAddress: '北京市海淀区学院路2号' } });

    await tap(page, env, button('detail__approve'));
    expect(textAt(page, '.detail__notice')).toBe(CONFLICT_NOTICE);
    expect(fieldOf(page, 'homeAddress')).toEqual(['*家庭地址', '北京市海淀区学院路2号']);
    expect((await sys.store.get('checks', LI_SI_CHECK))!.state).toBe('submitted');

    await tap(page, env, button('detail__approve'));
    expect(reviewCalls(env).map((c) => (c.data as { items: { version: number }[] }).items[0]!.version)).toEqual([1, 3]);
    expect((await sys.store.get('checks', LI_SI_CHECK))!.state).toBe('approved');
  });

  it('就业信息核验: a field that differs from the school record is highlighted with the school value', async () => {
    await signedDemoAgreement(sys);
    await sys.ok(submitCheck, DEMO_OPENIDS.student, { action: 'submit', requestId: rid(), kind: 'employment', version: 0, fields: { jobTitle: '高级前端开发工程师' } });
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('review/detail', env, { record: 'check', id: 'employment:2026010101' });
    capture(page, 'review-detail', 'employment-mismatch', '审核详情：就业信息与学校记录不一致');
    expect(textAt(page, '.check__mismatch-note')).toBe('有 1 项与学校记录不一致，已标出');
    expect(page.querySelectorAll('.field--mismatch')).toHaveLength(1);
    expect(page.querySelector('.field--jobTitle.field--mismatch')).toBeDefined();
    expect(fieldOf(page, 'jobTitle')).toEqual(['*岗位名称', '高级前端开发工程师', '学校记录：前端开发工程师']);
    expect(fieldOf(page, 'nature')).toEqual(['*单位性质', '其他企业']);
    expect(fieldOf(page, 'employerRegion')).toEqual(['*单位所在地', '广东省 深圳市 南山区']);
    expect(env.wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '就业信息核验' });
  });

  it('解约申请: the explanation, evidence as thumbnails that preview, the agreement; 退回 with a reason', async () => {
    const a = await signedDemoAgreement(sys);
    const letters = [await sys.upload(DEMO_OPENIDS.student, 'letter-1.png', pngBytes('1')), await sys.upload(DEMO_OPENIDS.student, 'letter-2.png', pngBytes('2'))];
    const t = await sys.ok(requestTermination, DEMO_OPENIDS.student, { action: 'submit', requestId: rid(), agreementId: a._id, explanation: '单位撤销岗位，双方协商一致解约', evidenceFiles: letters });
    env = installWx(sys, DEMO_OPENIDS.schoolReviewer);
    const page = await openPage('review/detail', env, { record: 'termination', id: t.id });
    capture(page, 'review-detail', 'termination', '审核详情：解约申请');

    expect(stateTag(page)).toBe('待学校审核');
    expect(rowsIn(page, '.section--termination')).toEqual({ 解约说明: '单位撤销岗位，双方协商一致解约' });
    expect(textAt(page, '.section--termination .section__note')).toBe('2 张');
    const thumbs = page.querySelectorAll('.thumbs--evidence .thumb');
    expect(thumbs).toHaveLength(2);
    await unfold(page, env, 'agreement');
    expect(rowsIn(page, '.section--agreement')).toMatchObject({ 协议编号: a.agreementNo, 协议状态: '签约成功' });
    expect(panelTitles(page)).toContain('原协议办理记录');
    expect(textAt(page, button('detail__reject'))).toBe('退回');

    thumbs[1]!.dispatchEvent('tap');
    await settle(page, env);
    const urls = (page.data.shown.evidence as { src: string }[]).map((e) => e.src);
    expect(urls[1]).toContain(letters[1]!.slice('local://'.length));
    expect(env.wx.previewImage).toHaveBeenCalledWith({ urls, current: urls[1] });

    await tap(page, env, button('detail__reject'));
    expect(textAt(page, '.reject-dialog >>> .t-dialog__header')).toBe('退回原因');
    await typeReason(page, env, '请补充单位盖章的解约函');
    await tap(page, env, button('reject-dialog__confirm'));
    expect((await sys.store.get('terminations', t.id))!).toMatchObject({ state: 'rejected', reason: '请补充单位盖章的解约函' });
    expect((await sys.store.get('agreements', a._id))!.state).toBe('signed');
    expect(stateTag(page)).toBe('已退回');
    expect(rowsIn(page, '.section--termination')).toMatchObject({ 退回原因: '请补充单位盖章的解约函' });
  });

  it('单位审核: the registration with its codes by name and its licence to open; the school certifies it', async () => {
    const uscc = withUsccCheck('91110108MA01ABCD1');
    const photo = await sys.upload('hr-new-unit', 'licence-photo.jpg');
    const event = await registration(sys, 'hr-new-unit', { name: '北京新单位科技有限公司', uscc, nature: '31', industry: '65', region: '110108', address: '北京市海淀区中关村大街1号', contactName: '刘经理', contactPhone: '13811112222' });
    const registered = await sys.ok(bind, 'hr-new-unit', { ...event, licenceFiles: [photo, ...event.licenceFiles] });
    const id = registered.employerId!;
    env = installWx(sys, DEMO_OPENIDS.schoolReviewer);
    const page = await openPage('review/detail', env, { record: 'employer', id });
    capture(page, 'review-detail', 'employer', '审核详情：单位认证，附营业执照');
    // the licence as the unit sent it: a photo to preview, a scanned PDF to open; no authorization was asked for
    expect(textAt(page, '.files__title--licence')).toBe('营业执照（2）');
    expect(page.querySelector('.files__title--authorization')).toBeUndefined();
    const [photoTile, pdfTile] = page.querySelectorAll('.thumbs--licence .thumb');
    expect(textAt(page, '.thumbs--licence .thumb--pdf')).toBe('PDF');
    photoTile!.dispatchEvent('tap');
    await settle(page, env);
    expect(env.wx.previewImage).toHaveBeenLastCalledWith({ urls: [expect.stringContaining('&sign=')], current: expect.stringContaining('licence-photo.jpg') });
    pdfTile!.dispatchEvent('tap');
    await settle(page, env);
    expect(env.downloads.map((d) => d.bytes)).toEqual([await sys.deps.files.read(event.licenceFiles[0]!)]);
    expect(env.wx.openDocument).toHaveBeenLastCalledWith(expect.objectContaining({ fileType: 'pdf' }));
    expect(textAt(page, '.head__title')).toBe('北京新单位科技有限公司');
    expect(rowsIn(page, '.section--employer')).toEqual({
      统一社会信用代码: uscc,
      单位性质: '国有企业',
      单位行业: '软件和信息技术服务业',
      单位所在地: '北京市 海淀区',
      详细地址: '北京市海淀区中关村大街1号',
      单位联系人: '刘经理',
      联系电话: '13811112222',
    });
    expect(page.querySelector('.section--timeline')).toBeUndefined();

    await tap(page, env, button('detail__approve'));
    expect(env.wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ content: '确认通过单位认证？通过后该单位可以向学生发起邀约。' }));
    expect((await sys.store.get('employers', id))!.state).toBe('certified');
    expect((await sys.auditOf('employer', id)).at(-1)).toMatchObject({ action: 'certify', actor: { openid: DEMO_OPENIDS.schoolReviewer, role: 'schoolReviewer' } });
    expect(stateTag(page)).toBe('已认证');

    // a college reviewer is refused the unit altogether
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const refused = await openPage('review/detail', env, { record: 'employer', id });
    expect(textAt(refused, '.detail__error .notice__text')).toBe(ERROR_MESSAGES.FORBIDDEN);
  });

  it('a network failure shows 重试; pull-down refresh reloads', async () => {
    await liSiSubmits(sys);
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const real = env.wx.callFunction.getMockImplementation()!;
    env.wx.callFunction.mockImplementation((options: { data?: { view?: string } }) =>
      options.data?.view === 'reviewDetail' ? Promise.reject({ errMsg: 'cloud.callFunction:fail timeout' }) : real(options),
    );
    const page = await openPage('review/detail', env, { record: 'check', id: LI_SI_CHECK });
    capture(page, 'review-detail', 'error', '审核详情：加载失败');
    expect(textAt(page, '.detail__error .notice__text')).toBe(NETWORK_MESSAGE);
    env.wx.callFunction.mockImplementation(real);
    await tap(page, env, button('detail__retry'));
    expect(stateTag(page)).toBe('待审核');

    await sys.ok(review, DEMO_OPENIDS.schoolReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'check', id: LI_SI_CHECK, version: 1 }] });
    await pullDown(page, env);
    expect(env.wx.stopPullDownRefresh).toHaveBeenCalled();
    expect(stateTag(page)).toBe('审核通过');
  });
});
