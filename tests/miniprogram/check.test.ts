/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import { review } from '../../server/usecases/review';
import { submitCheck } from '../../server/usecases/submitCheck';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import type { CheckView } from '../../typings/views';
import { signedDemoAgreement } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { expectFormLabels } from './form-labels';
import { capture } from './gallery';
import { installWx, openPage, pullDown, settle, tap, textAt, textOf, type, type MiniEnv, type Page } from './support';
import { formErrors, issueErrors, rowsOf, studentFields, valuesOf } from '../../miniprogram/pkg/check/form';
import { SOURCE_FIELDS } from '../../server/domain/checkFields';

const LI = '2026010102';
const ZHANG = '2026010101';
const SOURCE = `source:${LI}`;

const button = (cls: string): string => `.${cls} >>> .t-button`;
const input = (key: string): string => `.field--${key} >>> .t-input__control`;
const tipOf = (page: Page, key: string): string => textAt(page, `.field--${key} >>> .t-input__tips`);
/** the value a read-only or locked field shows (a cell's note) */
const noteOf = (page: Page, key: string): string => textAt(page, `.field--${key} >>> .t-cell__note`);
const submitCalls = (env: MiniEnv) => env.calls.filter((c) => c.name === 'submitCheck');

let sys: TestSystem;
let env: MiniEnv;

beforeEach(async () => {
  sys = await makeSystem();
  // a WeChat global the simulator leaves out; TDesign's tabs (inside the code-field's cascader) read it
  (globalThis as unknown as { getCurrentPages: () => unknown[] }).getCurrentPages = () => [];
});
afterEach(() => sys.close());

/** The college reviewer decides 李四's source check, as the review page would send it. */
async function decide(decision: 'approve' | 'return', reason?: string): Promise<void> {
  const check = (await sys.store.get('checks', SOURCE))!;
  const r = await sys.ok(review, DEMO_OPENIDS.collegeReviewer, {
    requestId: rid(),
    decision,
    items: [{ record: 'check', id: SOURCE, version: check.version }],
    ...(reason ? { reason } : {}),
  });
  if (!r.results[0]!.ok) throw new Error(`review failed: ${JSON.stringify(r.results[0])}`);
}

/** 开始核验, then the three required fields of 李四's source check. */
async function startAndFill(page: Page): Promise<void> {
  await tap(page, env, button('check__start'));
  await type(page, env, input('phone'), '13900139000');
  await type(page, env, input('email'), 'lisi@example.com');
  await type(page, env, input('homeAddress'), '北京市东城区东华门街道1号');
}

describe('生源核查 (李四, not started)', () => {
  let page: Page;
  beforeEach(async () => {
    env = installWx(sys, DEMO_OPENIDS.student2);
    page = await openPage('check', env, { kind: 'source' });
  });

  it('shows the school’s record read-only, grey school fields, the signing banner, and 开始核验', async () => {
    expect(env.wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '生源核查' });
    expect(textAt(page, '.status__tag >>> .t-tag__text')).toBe('未开始');
    expect(textAt(page, '.check__banner')).toContain('审核通过，才可以进行在线签约业务');
    expect(noteOf(page, 'name')).toBe('李四');
    expect(noteOf(page, 'studentNo')).toBe(LI);
    expect(noteOf(page, 'collegeName')).toBe('计算机学院');
    expect(textAt(page, '.field--originRegion >>> .code-field__value')).toBe('北京市 东城区');
    expect(page.querySelector('.locked .field--name')).toBeDefined();
    expect(page.querySelector('.field--originRegion >>> .code-field--disabled')).toBeDefined();
    // nothing editable until 开始核验
    expect(page.querySelector(input('phone'))).toBeUndefined();
    expect(noteOf(page, 'phone')).toBe('—');
    expect(page.querySelector(button('check__start'))).toBeDefined();
    expect(page.querySelector(button('check__submit'))).toBeUndefined();
    expect(textOf(page)).not.toContain('灰色为不可修改字段');
    expect(await sys.store.get('checks', SOURCE)).toBeNull();
    capture(page, 'check', 'source-not-started', '生源信息：未开始');
  });

  it('开始核验 opens the student’s fields with * on the required ones and the manual’s hint; school fields stay locked', async () => {
    await tap(page, env, button('check__start'));
    expect(page.data.editing).toBe(true);
    expect(textAt(page, '.hints')).toContain('灰色为不可修改字段，如果出现错误，请联系就业中心老师或者是辅导员');
    expect(textAt(page, '.field--phone >>> .t-input__label')).toBe('*手机号码');
    expect(textAt(page, '.field--postcode >>> .t-input__label')).toBe('邮政编码');
    expect(page.querySelector(input('phone'))).toBeDefined();
    expect(page.querySelector('.field--name >>> .t-input__control')).toBeUndefined();
    expect(noteOf(page, 'name')).toBe('李四');
    expect(page.querySelector(button('check__save'))).toBeDefined();
    expect(textAt(page, button('check__submit'))).toBe('提交');
    // nothing is written by opening the form
    expect(submitCalls(env)).toEqual([]);
    // every label on one line in the one column, the school's grey fields and the student's alike
    expect(expectFormLabels(page)).toEqual(expect.arrayContaining(['身份证号', '院系', '生源地', '手机号码', '紧急联系人电话']));
    // the 身份证号 is masked on the screen: the first 6 and the last 4 only
    expect(noteOf(page, 'idNumber')).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    capture(page, 'check', 'source-editing', '生源信息：开始核验');
  });

  it('a missing required field or a malformed one is refused here, next to the field, and nothing is sent', async () => {
    await tap(page, env, button('check__start'));
    await type(page, env, input('phone'), '1390013');
    await type(page, env, input('email'), 'lisi.example.com');
    await tap(page, env, button('check__submit'));
    expect(tipOf(page, 'phone')).toBe('请输入11位手机号码');
    expect(tipOf(page, 'email')).toBe('邮箱格式不正确');
    expect(tipOf(page, 'homeAddress')).toBe('请填写家庭地址');
    expect(tipOf(page, 'postcode')).toBe('');
    expect(textAt(page, '.check__message')).toBe('有 3 项需要修改，请查看标红的字段');
    expect(submitCalls(env)).toEqual([]);
    expect(env.wx.requestSubscribeMessage).not.toHaveBeenCalled();
    expect(await sys.store.get('checks', SOURCE)).toBeNull();
    capture(page, 'check', 'source-invalid', '生源信息：必填项未填写');
    // correcting a field clears its message
    await type(page, env, input('phone'), '13900139000');
    expect(tipOf(page, 'phone')).toBe('');
    expect(tipOf(page, 'email')).toBe('邮箱格式不正确');
  });

  it('提交: consent asked first, the check submitted and audited; 撤回 before the college acts takes it back to draft', async () => {
    await startAndFill(page);
    await tap(page, env, button('check__submit'));
    expect(env.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['demo-tmpl-review-result'] }));
    expect(submitCalls(env).map((c) => c.data)).toEqual([
      expect.objectContaining({
        action: 'submit',
        kind: 'source',
        version: 0,
        fields: { phone: '13900139000', email: 'lisi@example.com', homeAddress: '北京市东城区东华门街道1号', postcode: '', emergencyContact: '', emergencyPhone: '' },
      }),
    ]);
    const stored = (await sys.store.get('checks', SOURCE))!;
    expect(stored).toMatchObject({ state: 'submitted', version: 1, fields: expect.objectContaining({ name: '李四', phone: '13900139000', email: 'lisi@example.com' }) });
    expect((await sys.auditOf('check', SOURCE)).map((a) => [a.action, a.from, a.to, a.actor.openid])).toEqual([['submit', null, 'submitted', DEMO_OPENIDS.student2]]);
    expect(env.toasts).toContain('已提交');
    expect(textAt(page, '.status__tag >>> .t-tag__text')).toBe('待审核');
    expect(textAt(page, '.status__note')).toContain('院系审核前，如发现错误可以撤回');
    expect(noteOf(page, 'phone')).toBe('13900139000');
    expect(page.querySelector(input('phone'))).toBeUndefined();
    expect(page.querySelector(button('check__submit'))).toBeUndefined();
    expect(page.querySelector(button('check__withdraw'))).toBeDefined();
    expect(textAt(page, '.check__banner')).toContain('才可以进行在线签约业务');
    expect(textAt(page, '.check__timeline')).toContain('提交');
    capture(page, 'check', 'source-submitted', '生源信息：已提交，待审核');

    // 撤回: asked to confirm first; a cancel changes nothing
    env.modal = { confirm: false };
    await tap(page, env, button('check__withdraw'));
    expect((await sys.store.get('checks', SOURCE))!.state).toBe('submitted');
    env.modal = { confirm: true };
    await tap(page, env, button('check__withdraw'));
    expect((await sys.store.get('checks', SOURCE))!).toMatchObject({ state: 'draft', version: 2 });
    expect((await sys.auditOf('check', SOURCE)).at(-1)).toMatchObject({ action: 'withdraw', from: 'submitted', to: 'draft' });
    expect(textAt(page, '.status__tag >>> .t-tag__text')).toBe('待提交');
    expect(page.data.editing).toBe(true);
    expect(page.querySelector(button('check__withdraw'))).toBeUndefined();
    expect(page.querySelector(input('phone'))).toBeDefined();
    expect(page.data.values.phone).toBe('13900139000');
    capture(page, 'check', 'source-withdrawn', '生源信息：已撤回，可修改后重新提交');
  });

  it('保存 keeps a draft without the required fields; the college’s approval then shows 审核通过 and lifts the banner', async () => {
    await tap(page, env, button('check__start'));
    await type(page, env, input('phone'), '13900139000');
    await tap(page, env, button('check__save'));
    expect((await sys.store.get('checks', SOURCE))!).toMatchObject({ state: 'draft', fields: expect.objectContaining({ phone: '13900139000' }) });
    expect(env.toasts).toContain('已保存');
    expect(textAt(page, '.status__tag >>> .t-tag__text')).toBe('待提交');
    expect(page.data.editing).toBe(true);

    await type(page, env, input('email'), 'lisi@example.com');
    await type(page, env, input('homeAddress'), '北京市东城区东华门街道1号');
    await tap(page, env, button('check__submit'));
    expect((await sys.store.get('checks', SOURCE))!.state).toBe('submitted');

    await decide('approve');
    await pullDown(page, env);
    expect(textAt(page, '.status__tag >>> .t-tag__text')).toBe('审核通过');
    expect(textAt(page, '.status__note')).toBe('院系审核通过，可以进行在线签约业务。');
    expect(page.querySelector('.check__banner')).toBeUndefined();
    expect(page.data.view.canEdit).toBe(false);
    for (const cls of ['check__start', 'check__save', 'check__submit', 'check__withdraw']) expect(page.querySelector(button(cls))).toBeUndefined();
    expect(noteOf(page, 'email')).toBe('lisi@example.com');
    expect(textAt(page, '.check__timeline')).toContain('审核通过');
    expect(env.wx.stopPullDownRefresh).toHaveBeenCalled();
    capture(page, 'check', 'source-approved', '生源信息：审核通过');
  });

  it('returned by the college: the reason is shown and the form opens again for 提交', async () => {
    await startAndFill(page);
    await tap(page, env, button('check__submit'));
    await decide('return', '家庭地址请写到门牌号');
    await pullDown(page, env);
    expect(textAt(page, '.status__tag >>> .t-tag__text')).toBe('已退回');
    expect(textAt(page, '.status__reason')).toBe('退回原因：家庭地址请写到门牌号');
    expect(page.data.editing).toBe(true);
    capture(page, 'check', 'source-returned', '生源信息：院系退回');

    await type(page, env, input('homeAddress'), '北京市东城区东华门街道1号院2单元301');
    await tap(page, env, button('check__submit'));
    expect((await sys.store.get('checks', SOURCE))!).toMatchObject({ state: 'submitted', fields: expect.objectContaining({ homeAddress: '北京市东城区东华门街道1号院2单元301' }) });
    expect(page.querySelector('.status__reason')).toBeUndefined();
  });

  it('a stale version: CONFLICT is said plainly, the page reloads what the server holds, and nothing is overwritten', async () => {
    await tap(page, env, button('check__start'));
    await type(page, env, input('phone'), '13900139000');
    await tap(page, env, button('check__save'));
    // the same student saves from another phone meanwhile
    await sys.ok(submitCheck, DEMO_OPENIDS.student2, { action: 'save', requestId: rid(), kind: 'source', version: 1, fields: { phone: '13600136000' } });
    await type(page, env, input('phone'), '13500135000');
    await tap(page, env, button('check__save'));
    expect(submitCalls(env).at(-1)!.result).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(textAt(page, '.check__message')).toBe('该记录已被更新，已为您重新加载，请核对后再操作');
    expect((await sys.store.get('checks', SOURCE))!).toMatchObject({ version: 2, fields: expect.objectContaining({ phone: '13600136000' }) });
    expect(page.data.view.version).toBe(2);
    expect(page.data.values.phone).toBe('13600136000');
    capture(page, 'check', 'conflict', '核查信息：记录已被更新');
    // and the next save goes through with the version reloaded
    await type(page, env, input('phone'), '13500135000');
    await tap(page, env, button('check__save'));
    expect((await sys.store.get('checks', SOURCE))!).toMatchObject({ version: 3, fields: expect.objectContaining({ phone: '13500135000' }) });
  });
});

describe('就业信息核验 (张三, agreement signed)', () => {
  const EMPLOYMENT = `employment:${ZHANG}`;
  let page: Page;
  beforeEach(async () => {
    await signedDemoAgreement(sys);
    env = installWx(sys, DEMO_OPENIDS.student);
    page = await openPage('check', env, { kind: 'employment' });
  });

  const view = (): CheckView => page.data.view as CheckView;

  it('opens filled from the school’s record; a changed value is marked red with the school’s value under it', async () => {
    expect(env.wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '就业信息核验' });
    expect(page.querySelector('.check__banner')).toBeUndefined();
    expect(noteOf(page, 'employerName')).toBe('深圳示例科技有限公司');
    expect(noteOf(page, 'destination')).toBe('签就业协议形式就业');
    expect(page.querySelector('.row--mismatch')).toBeUndefined();
    await tap(page, env, button('check__start'));
    expect(textAt(page, '.hints')).toContain('红色字体意思是学校信息和自己所填信息不一致');
    expect(textAt(page, button('check__submit'))).toBe('提交核验');
    capture(page, 'check', 'employment-editing', '就业信息：开始核验');

    await type(page, env, input('employerName'), '深圳示例科技股份有限公司');
    expect(page.querySelector('.row--employerName.row--mismatch')).toBeDefined();
    expect(textAt(page, '.row--employerName .row__school-value')).toBe('学校信息：深圳示例科技有限公司');
    // a code field: the school's value is shown by its name
    page.querySelector('.field--employerRegion')!.dispatchEvent('change', { detail: { value: '110101', label: '北京市 东城区' } });
    await settle(page, env);
    expect(page.data.values.employerRegion).toBe('110101');
    expect(textAt(page, '.field--employerRegion >>> .code-field__value')).toBe('北京市 东城区');
    const schoolRegion = view().fields.find((f) => f.spec.key === 'employerRegion')!.schoolValue!;
    expect(schoolRegion).not.toBe('110101');
    expect(textAt(page, '.row--employerRegion .row__school-value')).toMatch(/^学校信息：\S+省 /);
    expect(page.querySelectorAll('.row--mismatch')).toHaveLength(2);
    expect(expectFormLabels(page)).toEqual(expect.arrayContaining(['统一社会信用代码', '单位行业', '岗位名称', '档案接收单位', '户口迁移地址']));
    capture(page, 'check', 'employment-mismatch', '就业信息：与学校信息不一致');
  });

  it('保存 keeps the differences (marked from the server); 还原学校信息 restores one through the server; 提交核验', async () => {
    await tap(page, env, button('check__start'));
    await type(page, env, input('employerName'), '深圳示例科技股份有限公司');
    await type(page, env, input('jobTitle'), '高级前端开发工程师');
    await tap(page, env, button('check__save'));
    let stored = (await sys.store.get('checks', EMPLOYMENT))!;
    expect(stored.state).toBe('draft');
    expect(stored.fields.employerName).toBe('深圳示例科技股份有限公司');
    expect(stored.schoolValues.employerName).toBe('深圳示例科技有限公司');
    expect(view().fields.filter((f) => f.mismatch).map((f) => f.spec.key)).toEqual(['employerName', 'jobTitle']);
    expect(page.querySelectorAll('.row--mismatch')).toHaveLength(2);

    // an unsaved change elsewhere survives a restore
    await type(page, env, input('hukouAddress'), '广东省深圳市南山区');
    await tap(page, env, '.row--employerName .row__restore');
    const restore = submitCalls(env).at(-1)!;
    expect(restore.data).toMatchObject({ action: 'restore', kind: 'employment', field: 'employerName', version: 1 });
    stored = (await sys.store.get('checks', EMPLOYMENT))!;
    expect(stored.fields.employerName).toBe(stored.schoolValues.employerName);
    expect((await sys.auditOf('check', EMPLOYMENT)).at(-1)).toMatchObject({ action: 'restore', actor: { openid: DEMO_OPENIDS.student } });
    expect(env.toasts).toContain('已还原');
    expect(page.querySelector('.row--employerName.row--mismatch')).toBeUndefined();
    expect(page.querySelector('.row--jobTitle.row--mismatch')).toBeDefined();
    expect(page.data.values.hukouAddress).toBe('广东省深圳市南山区');
    capture(page, 'check', 'employment-restored', '就业信息：已还原学校信息');

    await tap(page, env, button('check__submit'));
    stored = (await sys.store.get('checks', EMPLOYMENT))!;
    expect(stored).toMatchObject({ state: 'submitted', fields: expect.objectContaining({ employerName: '深圳示例科技有限公司', jobTitle: '高级前端开发工程师', hukouAddress: '广东省深圳市南山区' }) });
    expect(textAt(page, '.status__tag >>> .t-tag__text')).toBe('待审核');
    expect(textAt(page, '.status__note')).toContain('无论审核是否通过，微信都会收到相应通知');
    // the difference stays visible, without 还原 once submitted
    expect(page.querySelector('.row--jobTitle.row--mismatch')).toBeDefined();
    expect(page.querySelector('.row--jobTitle .row__restore')).toBeUndefined();
    capture(page, 'check', 'employment-submitted', '就业信息：已提交核验');
  });

  it('before the first save, 还原学校信息 takes the school’s value back without a call', async () => {
    await tap(page, env, button('check__start'));
    await type(page, env, input('employerName'), '别的公司');
    await tap(page, env, '.row--employerName .row__restore');
    expect(page.data.values.employerName).toBe('深圳示例科技有限公司');
    expect(page.querySelector('.row--mismatch')).toBeUndefined();
    expect(submitCalls(env)).toEqual([]);
  });
});

describe('a caller who is not a student', () => {
  it('sees the server’s refusal and 重试', async () => {
    env = installWx(sys, DEMO_OPENIDS.employer);
    const page = await openPage('check', env, { kind: 'source' });
    const answer = env.calls.find((c) => c.name === 'query' && (c.data as { view?: string }).view === 'check')!.result;
    expect(answer).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(textAt(page, '.check__error-text')).toBe(answer.message);
    expect(page.querySelector(button('check__retry'))).toBeDefined();
    expect(page.querySelector('.status')).toBeUndefined();
  });
});

describe('check form helpers', () => {
  it('required and format problems, the fields sent, and server issues by field', () => {
    expect(formErrors(SOURCE_FIELDS, { phone: '13900139000', email: 'a@b.cn', homeAddress: 'x' }, true)).toEqual({});
    expect(formErrors(SOURCE_FIELDS, {}, false)).toEqual({});
    expect(formErrors(SOURCE_FIELDS, { emergencyPhone: '12345678901' }, false)).toEqual({ emergencyPhone: '请输入11位手机号码' });
    expect(Object.keys(formErrors(SOURCE_FIELDS, { name: '' }, true))).toEqual(['phone', 'email', 'homeAddress']);
    expect(studentFields(SOURCE_FIELDS, { name: '李四', phone: ' 13900139000 ' })).toEqual({
      phone: '13900139000', email: '', homeAddress: '', postcode: '', emergencyContact: '', emergencyPhone: '',
    });
    expect(issueErrors([{ path: 'fields.phone', message: '手机号码格式不正确' }, { path: 'version', message: 'x' }])).toEqual({ phone: '手机号码格式不正确' });
  });

  it('rows: locked school fields, editable student fields only while editing, mismatch on the working value', () => {
    const view: CheckView = {
      kind: 'employment', state: 'draft', version: 1, canEdit: true, canWithdraw: false, timeline: [],
      fields: [
        { spec: { key: 'name', label: '姓名', owner: 'school', required: false, type: 'text' }, value: '张三', schoolValue: '张三', mismatch: false },
        { spec: { key: 'nature', label: '单位性质', owner: 'student', required: true, type: 'nature' }, value: '31', schoolValue: '39', mismatch: true },
      ],
    };
    const values = valuesOf(view);
    expect(rowsOf(view, values, {}, false).map((r) => [r.key, r.locked, r.editable, r.display, r.mismatch, r.schoolDisplay])).toEqual([
      ['name', true, false, '张三', false, '张三'],
      ['nature', false, false, '国有企业', true, '其他企业'],
    ]);
    expect(rowsOf(view, { ...values, nature: '39' }, { nature: '请选择单位性质' }, true)[1]).toMatchObject({ editable: true, mismatch: false, error: '请选择单位性质' });
  });
});
