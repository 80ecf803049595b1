/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
/**
 * 修改 of a 毕业去向登记 by a reviewer, page to store: the detail offers it after the deadline (any record) and before it
 * only for a record a signed agreement filled; the student's form opens in the reviewer's mode on the record, without
 * what is the student's alone, and sends `amend` with a required reason, approved as made; the detail reads it again.
 */
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { uploadFolder } from '../../server/storage/port';
import { signedDemoAgreement } from '../support/agreements';
import { aDraft, decide, destinationOf, submit } from '../support/destinations';
import { makeSystem, type TestSystem } from '../support/harness';
import { capture } from './gallery';
import { installWx, openPage, pngBytes, settle, tap, textAt, type, type MiniEnv, type Page } from './support';

const ZHANG = '2026010101';
const ID = destinationOf(ZHANG);
/** the day after the school's deadline (8月31日 for the class of 2026), in China's morning */
const AFTER_DEADLINE = '2026-09-02T02:00:00.000Z';

const button = (cls: string): string => `.${cls} >>> .t-button`;
const input = (page: Page, env: MiniEnv, field: string, value: string) => type(page, env, `.${field} >>> .t-input__control`, value);
const registerCalls = (env: MiniEnv) => env.calls.filter((c) => c.name === 'registerDestination');
const texts = (page: Page, selector: string): string[] => page.querySelectorAll(selector).map((t) => (t.dom?.textContent ?? '').trim());
const rowsIn = (page: Page, section: string): Record<string, string> => {
  const labels = texts(page, `${section} .row__label`);
  const values = texts(page, `${section} .row__value`);
  return Object.fromEntries(labels.map((l, i) => [l, values[i] ?? '']));
};
const openDetail = (env: MiniEnv) => openPage('review/detail', env, { record: 'destination', id: encodeURIComponent(ID) });

describe('修改 of a 毕业去向登记 by a reviewer, page to store', () => {
  let sys: TestSystem;
  let env: MiniEnv;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  /** 张三's 劳动合同, submitted and approved by his college before the deadline. */
  async function approvedContract(): Promise<void> {
    const contract = await sys.upload(DEMO_OPENIDS.student, 'contract.jpg');
    const sent = await submit(sys, DEMO_OPENIDS.student, aDraft('11', [contract]), 0);
    const decided = (await decide(sys, DEMO_OPENIDS.collegeReviewer, 'approve', sent.id, sent.version)).results[0]!;
    if (!decided.ok) throw new Error(`review failed: ${decided.code}`);
  }

  it('after the deadline: 修改 from the detail, the form on the record, a reason required; approved as made, audited, the detail reloaded', async () => {
    await approvedContract();
    sys.setNow(AFTER_DEADLINE);
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const detail = await openDetail(env);
    expect(detail.data.detail.destination.amendable).toBe(true);
    expect(textAt(detail, button('detail__amend'))).toBe('修改去向');
    capture(detail, 'review-detail', 'destination-amend', '审核详情：截止后可修改毕业去向');

    await tap(detail, env, button('detail__amend'));
    expect(env.visited).toEqual([`/pkg/destination/index?studentNo=${ZHANG}`]);

    const page = await openPage('destination', env, { studentNo: ZHANG });
    // one call loads it: the reviewer's detail of the record
    expect(env.calls.slice(-1).map((c) => c.data)).toEqual([{ view: 'reviewDetail', record: 'destination', id: ID }]);
    expect(env.wx.setNavigationBarTitle).toHaveBeenLastCalledWith({ title: '修改毕业去向' });
    expect(textAt(page, '.status__title')).toBe('修改毕业去向');
    expect(textAt(page, '.amend-head__student')).toBe(`张三 ${ZHANG}`);
    expect(page.data.editing).toBe(true);
    expect(page.data.form).toMatchObject({ type: '11', employer: { name: '深圳示例科技有限公司', jobTitle: '软件开发工程师' } });
    expect(page.data.form.evidence).toHaveLength(1);
    // nothing of the student's own: 保存, 提交, 撤回, 本人确认, the deadline notice
    for (const cls of ['action-save', 'action-submit', 'action-withdraw', 'action-confirm', 'action-edit']) expect(page.querySelector(button(cls))).toBeUndefined();
    for (const cls of ['.status__deadline', '.status__blocked', '.consent-hint', '.confirm']) expect(page.querySelector(cls)).toBeUndefined();

    await input(page, env, 'f-employer-job-title', '高级软件开发工程师');
    // a new scan, into the reviewer's own upload folder
    env.picks = [{ path: 'wxfile://tmp/contract-signed.png', bytes: pngBytes('contract-signed') }];
    await tap(page, env, '.add-images');
    expect(page.data.form.evidence).toHaveLength(2);

    // no reason: refused at the field, nothing sent
    await tap(page, env, button('action-amend'));
    expect(textAt(page, '.e-reason')).toBe('请填写修改原因');
    expect(registerCalls(env)).toHaveLength(0);
    capture(page, 'destination', 'amend', '修改毕业去向（审核老师）：修改原因必填');

    await type(page, env, '.f-amend-reason >>> .t-textarea__wrapper-inner', '学生已离校，按单位盖章的岗位证明修改');
    expect(page.querySelector('.e-reason')).toBeUndefined();
    await tap(page, env, button('action-amend'));
    expect(registerCalls(env)).toHaveLength(1);
    expect(registerCalls(env)[0]!.data).toMatchObject({ action: 'amend', studentNo: ZHANG, reason: '学生已离校，按单位盖章的岗位证明修改' });
    expect(registerCalls(env)[0]!.result.ok).toBe(true);
    expect(env.toasts).toContain('已修改');
    expect(env.wx.navigateBack).toHaveBeenCalledTimes(1);

    const stored = (await sys.store.get('destinations', ID))!;
    expect(stored.state).toBe('approved');
    expect(stored.approved).toMatchObject({ type: '11', employer: { jobTitle: '高级软件开发工程师' } });
    expect(stored.approved!.evidence).toHaveLength(2);
    expect(stored.approved!.evidence[1]!.fileId).toContain(uploadFolder(DEMO_OPENIDS.collegeReviewer));
    expect((await sys.auditOf('destination', ID)).at(-1)).toMatchObject({
      action: 'amend',
      reason: '学生已离校，按单位盖章的岗位证明修改',
      actor: { role: 'collegeReviewer' },
    });

    // back on the detail: it reads the record again
    const before = env.calls.length;
    await (detail.instance as { onShow: () => Promise<void> }).onShow();
    await settle(detail, env);
    expect(env.calls.slice(before).map((c) => c.data)).toEqual([{ view: 'reviewDetail', record: 'destination', id: ID }]);
    expect(rowsIn(detail, '.section--destination')).toMatchObject({ 岗位名称: '高级软件开发工程师' });
  });

  it('before the deadline: no 修改 on a record the student registered, and the form refuses to open on it', async () => {
    await approvedContract();
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const detail = await openDetail(env);
    expect(detail.data.detail.destination.amendable).toBe(false);
    expect(detail.querySelector(button('detail__amend'))).toBeUndefined();

    const page = await openPage('destination', env, { studentNo: ZHANG });
    expect(textAt(page, '.dest__load-error >>> .t-empty__description')).toBe('该毕业去向现在不能修改，请返回审核详情查看');
    expect(page.querySelector(button('action-amend'))).toBeUndefined();
  });

  it('before the deadline: 修改 on a record a signed agreement filled, kept as the agreement\'s', async () => {
    await signedDemoAgreement(sys);
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const detail = await openDetail(env);
    expect(detail.data.detail.destination.amendable).toBe(true);
    expect(detail.querySelector(button('detail__amend'))).toBeDefined();

    const page = await openPage('destination', env, { studentNo: ZHANG });
    expect(page.data.form.type).toBe('10');
    expect(textAt(page, '.status__agreement-text')).toBe('去向来自网签成功的三方协议；单位不变时仍记为网签。');
  });
});
