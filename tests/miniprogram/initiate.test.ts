/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import * as v from 'valibot';
import { withUsccCheck } from '../../server/domain/identifiers';
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { review } from '../../server/usecases/review';
import { DEMO_EMPLOYER_ID, DEMO_OPENIDS } from '../../server/runtime/seed';
import { initiateSigningSchema } from '../../server/app/schemas';
import { SETTINGS_ID } from '../../server/app/settings';
import type { AgreementView, HomeView, InitiationDraft, Mutated } from '../../typings';
import { draftOf, emptyForm, errorsFromIssues, formFromAgreement, suggestionOf, type InitiateForm } from '../../miniprogram/pkg/initiate/form';
import { noticeOf, returnedOf } from '../../miniprogram/pkg/initiate/gate';
import { validateForm } from '../../miniprogram/pkg/initiate/validate';
import { chinaToday } from '../../miniprogram/utils/date';
import { accept, approveSourceCheck, TERMS } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { expectFormLabels } from './form-labels';
import { capture } from './gallery';
import { installWx, openPage, pngBytes, pullDown, settle, tap, textAt, textOf, type, type MiniEnv, type Page } from './support';

const LI = { openid: DEMO_OPENIDS.student2, studentNo: '2026010102' };
const GOOD_USCC = withUsccCheck('91440300MA5F1234X');
/** the same code with its check character changed */
const BAD_USCC = `${GOOD_USCC.slice(0, 17)}${GOOD_USCC[17] === '1' ? '2' : '1'}`;

// —— pure parts ——

describe('学生发起签约: the client’s checks agree with the server’s', () => {
  // the credit-code, phone and postcode checks are the server's own (typings/rules, copied into miniprogram/rules):
  // tests/unit/identifiers.test.ts tests them, tests/unit/project-config.test.ts keeps the copy identical

  const complete = (): InitiateForm => ({
    ...emptyForm(),
    mode: 'manual',
    manual: {
      name: ' 广州某某信息技术有限公司 ',
      uscc: GOOD_USCC.toLowerCase(),
      nature: '39',
      industry: '65',
      region: '440106',
      address: '广州市天河区天河路1号',
      contactName: '王经理',
      contactPhone: '020-12345678',
    },
    job: { title: '软件工程师', region: '440106', monthlySalary: '12000', contractYears: '3', startDate: '2026-07-01', description: '', jobCategory: '13' },
    file: { transfer: true, receiver: '广州市人才中心', address: '广州市越秀区1号', postcode: '' },
    hukou: { migrate: false, address: 'ignored while not migrating' },
    remarks: '',
    proofs: [{ fileId: 'cloud://env/uploads/x/a.jpg', src: 'wxfile://a.jpg' }],
  });
  const event = (draft: InitiationDraft) => ({ action: 'save', requestId: 'r-12345678', version: 0, draft });

  it('a complete form passes and its draft is one the server’s schema accepts, empty optional fields left out', () => {
    const form = complete();
    expect(validateForm(form, { submit: true })).toEqual({});
    const draft = draftOf(form);
    expect(v.safeParse(initiateSigningSchema, event(draft)).success).toBe(true);
    expect(draft.employer).toEqual({ manual: expect.objectContaining({ name: '广州某某信息技术有限公司', uscc: GOOD_USCC }) });
    expect(draft.job).toEqual({ title: '软件工程师', region: '440106', monthlySalary: 12000, contractYears: 3, startDate: '2026-07-01', jobCategory: '13' });
    expect(draft.file).toEqual({ transfer: true, receiver: '广州市人才中心', address: '广州市越秀区1号' });
    expect(draft.hukou).toEqual({ migrate: false });
    expect(draft).not.toHaveProperty('remarks');
    expect(draft.proofFiles).toEqual(['cloud://env/uploads/x/a.jpg']);
  });

  it('a library unit is sent by id only', () => {
    const form: InitiateForm = { ...complete(), mode: 'library', library: { employerId: 'emp-1', ...complete().manual } };
    expect(draftOf(form).employer).toEqual({ employerId: 'emp-1' });
  });

  it('each broken field is named, as the server would; proof files only matter for 发起', () => {
    const form = complete();
    form.manual.uscc = BAD_USCC;
    form.manual.contactPhone = '12345';
    form.job.title = '  ';
    form.job.monthlySalary = '8000.5';
    form.job.contractYears = '0.2';
    form.file.postcode = '5180';
    form.file.receiver = '';
    form.hukou.migrate = true;
    form.hukou.address = '';
    form.proofs = [];
    expect(validateForm(form, { submit: false })).toEqual({
      employerUscc: '统一社会信用代码不正确，请核对',
      employerContactPhone: '联系电话格式不正确',
      jobTitle: '请填写岗位名称',
      jobSalary: '月薪应为整数（元）',
      jobYears: '合同期限至少半年',
      fileReceiver: '请填写档案接收单位',
      filePostcode: '邮政编码应为6位数字',
      hukouAddress: '请填写户口迁移地址',
    });
    expect(validateForm(form, { submit: true }).proofFiles).toBe('请上传就业证明材料');
    // and the server refuses the same draft
    expect(v.safeParse(initiateSigningSchema, event(draftOf(form))).success).toBe(false);
    expect(validateForm(emptyForm(), { submit: false }).employer).toBe('请从单位库中选择单位，或手动填写单位信息');
  });

  it('the server’s field issues land next to their fields', () => {
    const parsed = v.safeParse(initiateSigningSchema, event({ ...draftOf(complete()), job: { ...draftOf(complete()).job, title: '' }, file: { transfer: true } }));
    expect(parsed.success).toBe(false);
    const issues = (parsed.issues ?? []).map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message }));
    expect(errorsFromIssues(issues)).toEqual({ jobTitle: '请填写岗位名称', fileReceiver: '档案转递时请填写档案接收单位和档案接收地址' });
    expect(errorsFromIssues([{ path: 'draft.employer.employerId', message: '请从单位库中选择已认证的单位' }, { path: 'requestId', message: 'x' }])).toEqual({
      employer: '请从单位库中选择已认证的单位',
    });
  });

  it('工作职位类别 is optional, and when given it must be a code of the ministry’s table', () => {
    const { jobCategory: _none, ...withoutCategory } = draftOf(complete()).job;
    expect(v.safeParse(initiateSigningSchema, event({ ...draftOf(complete()), job: withoutCategory })).success).toBe(true);
    const parsed = v.safeParse(initiateSigningSchema, event({ ...draftOf(complete()), job: { ...withoutCategory, jobCategory: '99' } }));
    expect((parsed.issues ?? []).map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message }))).toEqual([
      { path: 'draft.job.jobCategory', message: '工作职位类别不在标准代码表中' },
    ]);
    expect(errorsFromIssues([{ path: 'draft.job.jobCategory', message: '工作职位类别不在标准代码表中' }])).toEqual({ jobCategory: '工作职位类别不在标准代码表中' });
  });

  it('library suggestions carry the HR name', () => {
    const entry = { employerId: 'e1', ...complete().manual };
    expect(suggestionOf(entry)).toEqual({ employerId: 'e1', name: ' 广州某某信息技术有限公司 ', hr: '单位联系人：王经理' });
    expect(suggestionOf({ ...entry, contactName: '' }).hr).toBe('');
  });

  it('who may edit what: closed school, someone else’s agreement, a pending one, a returned one after closing', () => {
    const home = (over: Partial<HomeView['settings']> = {}, agreement: NonNullable<HomeView['student']>['agreement'] = null): HomeView => ({
      role: 'student',
      settings: { allowStudentInitiate: true, allowStudentTermination: true, terminationGuide: '', offerTtlDays: 14, printCopies: 4, templates: {}, ...over },
      student: { studentNo: '1', name: '李四', collegeName: '', major: '', sourceCheck: 'approved', employmentCheck: null, agreement, openOffers: 0, destination: null },
      todos: [],
    });
    const view = (over: Partial<AgreementView>): AgreementView => ({ id: 'a1', state: 'draft', origin: 'student', ...over }) as AgreementView;
    expect(noticeOf(home(), null)).toBeNull();
    expect(noticeOf(home({ allowStudentInitiate: false }), null)?.text).toBe('学校暂未开放学生发起签约');
    expect(noticeOf(home({ allowStudentInitiate: false }), view({ state: 'returned' }))).toBeNull();
    expect(noticeOf(home({ allowStudentInitiate: false }), view({ state: 'draft' }))?.text).toBe('学校暂未开放学生发起签约');
    expect(noticeOf(home(), view({ state: 'pendingCollege' }))).toMatchObject({ text: '该协议当前状态为“待院系审核”，不能再编辑', url: '/pkg/agreement/index?id=a1' });
    expect(noticeOf(home(), view({ state: 'returned', origin: 'offer' }))?.text).toBe('该协议由用人单位发起，退回后由单位修改并重新提交');
    const pending = { id: 'a9', agreementNo: 'n', state: 'pendingSchool' as const, origin: 'offer' as const, employerName: '', jobTitle: '', updatedAt: '' };
    expect(noticeOf(home({}, pending), null)).toMatchObject({ text: '您已有一份审核中或已生效的三方协议，不能再发起签约', url: '/pkg/agreement/index?id=a9' });
    expect(noticeOf({ ...home(), role: null, student: undefined }, null)?.url).toBe('/pages/bind/index');
    expect(returnedOf(view({ state: 'returned', returnReason: '缺少劳动合同', returnedAt: 'school' }))).toEqual({ by: '学校审核退回', reason: '缺少劳动合同' });
    expect(returnedOf(view({ state: 'draft' }))).toBeNull();
    expect(chinaToday(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-02');
  });
});

// —— the page, over the real functions ——

const initiateCalls = (env: MiniEnv) => env.calls.filter((c) => c.name === 'initiateSigning');
const agreementsOf = async (sys: TestSystem, studentNo: string) => (await sys.all('agreements')).filter((a) => a.studentNo === studentNo);

/** Waits for something the page does on a timer (the unit search waits for typing to pause). */
async function until(page: Page, env: MiniEnv, ok: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await settle(page, env);
}

const input = (page: Page, env: MiniEnv, field: string, value: string) => type(page, env, `.${field} >>> .t-input__control`, value);

/** What code-field emits once a code is chosen in its cascader. */
async function chooseCode(page: Page, env: MiniEnv, field: string, value: string): Promise<void> {
  const target = page.querySelector(`.${field}`);
  if (!target) throw new Error(`no ${field}`);
  target.dispatchEvent('change', { detail: { value, label: '' } });
  await settle(page, env);
}

async function searchLibrary(page: Page, env: MiniEnv, keyword: string): Promise<void> {
  await type(page, env, '.employer-search >>> .t-input__keyword', keyword);
  expect(page.data.searching).toBe(true);
  await until(page, env, () => !page.data.searching, 'the unit search');
}

async function fillJob(page: Page, env: MiniEnv): Promise<void> {
  await input(page, env, 'f-job-title', '软件开发工程师');
  await chooseCode(page, env, 'f-job-region', '440305');
  await chooseCode(page, env, 'f-job-category', '13');
  await input(page, env, 'f-job-salary', '13000');
  await input(page, env, 'f-job-years', '3');
  // the date is picked in TDesign's picker: opened from the cell, confirmed on its default (today)
  await tap(page, env, '.f-job-date >>> .t-cell');
  expect(page.data.dateVisible).toBe(true);
  await tap(page, env, '.date-picker >>> .t-picker__confirm');
  expect(page.data.form.job.startDate).toBe(page.data.today);
  await type(page, env, '.f-job-description >>> .t-textarea__wrapper-inner', '负责后台服务开发');
  await tap(page, env, '.f-file-transfer >>> .t-switch');
  await input(page, env, 'f-file-receiver', '深圳市人才交流服务中心');
  await input(page, env, 'f-file-address', '深圳市福田区深南大道1号');
  await input(page, env, 'f-file-postcode', '518000');
  await tap(page, env, '.f-hukou-migrate >>> .t-switch');
  await input(page, env, 'f-hukou-address', '深圳市南山区粤海街道');
  await type(page, env, '.f-remarks >>> .t-textarea__wrapper-inner', '试用期三个月');
}

async function uploadProof(page: Page, env: MiniEnv, tag: string): Promise<void> {
  env.picks = [{ path: `wxfile://tmp/proof-${tag}.png`, bytes: pngBytes(tag) }];
  await tap(page, env, '.proof--add');
}

async function chooseLibraryEmployer(page: Page, env: MiniEnv): Promise<void> {
  await searchLibrary(page, env, '示例');
  await tap(page, env, '.suggestion');
}

describe('学生发起签约 page', () => {
  let sys: TestSystem;
  let env: MiniEnv;

  beforeEach(async () => {
    sys = await makeSystem();
    env = installWx(sys, LI.openid);
  });
  afterEach(() => sys.close());

  it('李四 enters the 约定条款 of her offer letter: a 违约金 above the cap is stopped until she confirms it; saved, the draft carries them', async () => {
    await approveSourceCheck(sys, LI.studentNo, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('initiate', env);
    expect(page.data.cap).toBe(5000);
    await chooseLibraryEmployer(page, env);
    await fillJob(page, env);
    const inTerms = (cls: string): string => `.f-structured >>> .${cls}`;
    const option = page.querySelectorAll(inTerms('terms-fields__radio')).find((o) => o.data?.label === '见习期')!;
    option.querySelector('.t-radio__content')!.dispatchEvent('tap');
    await settle(page, env);
    await type(page, env, `${inTerms('f-probation-months')} >>> .t-input__control`, '12');
    await type(page, env, `${inTerms('f-penalty')} >>> .t-input__control`, '10000');
    expect(textAt(page, inTerms('penalty-warn'))).toContain('我已核对，单位确实约定此违约金');
    await tap(page, env, '.action-save >>> .t-button');
    expect(initiateCalls(env)).toEqual([]);
    expect(textAt(page, inTerms('e-penalty'))).toBe('违约金 10000 元高于学校建议上限 5000 元，请确认提示后再提交');
    capture(page, 'initiate', 'terms-penalty-warning', '发起签约：违约金高于学校建议上限，须确认');

    await tap(page, env, `${inTerms('f-penalty-confirm')} >>> .t-checkbox`);
    await tap(page, env, '.action-save >>> .t-button');
    expect(initiateCalls(env).map((c) => c.result.ok)).toEqual([true]);
    const [draft] = await agreementsOf(sys, LI.studentNo);
    expect(draft!.content.structured).toEqual({ internshipMonths: 12, penaltyYuan: 10000, penaltyWarningConfirmed: true, insurance: [], dispatched: false });
  });

  it('李四: library unit, job, 档案, 户口 and a proof; 保存 makes a draft; 发起 sends it to the college with a number', async () => {
    await approveSourceCheck(sys, LI.studentNo, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('initiate', env);
    expect(page.querySelector('.head__warn')).toBeUndefined();
    expect(page.querySelector('.head__state')).toBeUndefined();
    capture(page, 'initiate', 'new', '发起签约：新填写');

    await searchLibrary(page, env, '示例');
    expect(env.calls.filter((c) => c.data && (c.data as { view?: string }).view === 'employerLibrary').map((c) => c.data)).toEqual([{ view: 'employerLibrary', keyword: '示例' }]);
    expect(textAt(page, '.suggestion__name')).toBe('深圳示例科技有限公司');
    expect(textAt(page, '.suggestion__hr')).toBe('单位联系人：陈经理');
    expect(textAt(page, '.suggestion')).toContain('校库单位');
    capture(page, 'initiate', 'library-suggestions', '从学校单位库中选择单位');
    await tap(page, env, '.suggestion');
    expect(page.data.form.mode).toBe('library');
    expect(textAt(page, '.chosen__name')).toBe('深圳示例科技有限公司');
    expect(textAt(page, '.chosen__hr')).toBe('单位联系人：陈经理');
    expect(textOf(page)).toContain('广东省深圳市南山区粤海街道科技南路88号');

    await fillJob(page, env);
    await uploadProof(page, env, 'offer-letter');
    expect(page.querySelectorAll('.proof__image')).toHaveLength(1);
    const fileId = page.data.form.proofs[0].fileId as string;
    expect(fileId).toMatch(/^local:\/\/uploads\/[0-9a-f]{32}\/.+\.png$/);
    expect(await sys.files.read(fileId)).toEqual(pngBytes('offer-letter'));

    await tap(page, env, '.action-save >>> .t-button');
    expect(textAt(page, '.form-error')).toBe('');
    expect(env.toasts).toContain('已保存');
    const [draft] = await agreementsOf(sys, LI.studentNo);
    expect(draft).toMatchObject({
      state: 'draft',
      origin: 'student',
      agreementNo: null,
      employerId: DEMO_EMPLOYER_ID,
      employerName: '深圳示例科技有限公司',
      content: {
        job: { title: '软件开发工程师', region: '440305', monthlySalary: 13000, contractYears: 3, startDate: page.data.today, description: '负责后台服务开发', jobCategory: '13' },
        file: { transfer: true, receiver: '深圳市人才交流服务中心', address: '深圳市福田区深南大道1号', postcode: '518000' },
        hukou: { migrate: true, address: '深圳市南山区粤海街道' },
        remarks: '试用期三个月',
        employer: { employerId: DEMO_EMPLOYER_ID, contactName: '陈经理' },
      },
    });
    expect(draft!.proofFiles).toEqual([{ fileId, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect((await sys.auditOf('agreement', draft!._id)).map((e) => [e.action, e.to, e.attachments?.length])).toEqual([['save', 'draft', 1]]);
    expect(page.data).toMatchObject({ agreementId: draft!._id, version: draft!.version, dirty: false });
    expect(textAt(page, '.head__state')).toBe('草稿');
    expect((await sys.store.get('students', LI.studentNo))!.activeAgreementId).toBeNull();
    // the library unit's locked fields and the job's fields share the one label column; 报到日期 reads as a date
    expect(expectFormLabels(page)).toEqual(expect.arrayContaining(['统一社会信用代码', '单位行业', '岗位名称', '工作职位类别', '报到日期', '档案转递', '档案接收单位', '户口迁移地址']));
    expect(textAt(page, '.f-job-date .form-value')).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
    expect(page.querySelector('.f-job-date .form-value--empty')).toBeUndefined();
    capture(page, 'initiate', 'draft-saved', '已保存的草稿');
    // before 发起: what WeChat will ask, what to tap, and that saying no only means no message
    expect(textAt(page, '.consent-hint')).toBe('点击后微信会询问是否接收审核结果通知，请点「允许」；不允许也不影响办理，审核结果可随时在「我的协议书」查看。');

    await tap(page, env, '.action-submit >>> .t-button');
    // allowed: the done page promises the message, and says where else to look
    expect(page.data.notified).toBe('审核结果将通过微信通知您，也可在「我的协议书」查看。');
    expect(env.wx.requestSubscribeMessage).toHaveBeenCalledTimes(1);
    expect(env.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['demo-tmpl-review-result'] }));
    const calls = initiateCalls(env);
    expect(calls.map((c) => (c.data as { action: string; agreementId?: string; version: number }))).toEqual([
      expect.objectContaining({ action: 'save', version: 0 }),
      expect.objectContaining({ action: 'submit', agreementId: draft!._id, version: draft!.version }),
    ]);
    expect(calls[0]!.data).not.toHaveProperty('agreementId');
    const submitted = (await sys.store.get('agreements', draft!._id))!;
    expect(submitted.state).toBe('pendingCollege');
    expect(submitted.agreementNo).toMatch(/^20261000131\d{6}$/);
    expect((await sys.store.get('students', LI.studentNo))!.activeAgreementId).toBe(draft!._id);
    expect((await sys.auditOf('agreement', draft!._id)).map((e) => [e.action, e.from, e.to])).toEqual([
      ['save', null, 'draft'],
      ['submit', 'draft', 'pendingCollege'],
    ]);
    expect(textAt(page, '.done')).toContain('已发起签约');
    expect(textAt(page, '.done__no')).toBe(submitted.agreementNo);
    expect(textAt(page, '.done__rows')).toContain('待院系审核');
    capture(page, 'initiate', 'submitted', '已发起，等待院系审核');
    await tap(page, env, '.done__view >>> .t-button');
    expect(env.visited).toEqual([`/pkg/agreement/index?id=${draft!._id}`]);
  });

  it('a saved draft is continued when the page is opened again without an id', async () => {
    const draft: InitiationDraft = { ...TERMS, employer: { employerId: DEMO_EMPLOYER_ID }, proofFiles: [] };
    const saved = await sys.ok(initiateSigning, LI.openid, { action: 'save', requestId: rid(), version: 0, draft });
    const page = await openPage('initiate', env);
    expect(page.data.agreementId).toBe(saved.id);
    expect(page.data.version).toBe(saved.version);
    expect(page.data.form.mode).toBe('library');
    expect(page.data.form.job.title).toBe('数据分析师');
    expect(textAt(page, '.chosen__name')).toBe('深圳示例科技有限公司');
    expect(textAt(page, '.head__state')).toBe('草稿');
    expect(page.querySelector('.returned')).toBeUndefined();
    expect(page.querySelector('.head__no')).toBeUndefined();
  });

  it('a manual unit with a wrong credit code is refused on the page: no call, the message beside the field; corrected, it is saved', async () => {
    await approveSourceCheck(sys, LI.studentNo, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('initiate', env);
    await searchLibrary(page, env, '广州某某');
    expect(textAt(page, '.suggest__none')).toBe('单位库中没有找到“广州某某”，请核对名称，或手动填写单位信息。');
    await tap(page, env, '.employer-manual >>> .t-button');
    expect(page.data.form.mode).toBe('manual');
    // the name typed into the search comes along
    expect(page.data.form.manual.name).toBe('广州某某');
    await input(page, env, 'f-emp-name', '广州某某信息技术有限公司');
    await input(page, env, 'f-emp-uscc', BAD_USCC);
    await chooseCode(page, env, 'f-emp-nature', '39');
    await chooseCode(page, env, 'f-emp-industry', '65');
    await chooseCode(page, env, 'f-emp-region', '440106');
    await input(page, env, 'f-emp-address', '广州市天河区天河路1号');
    await input(page, env, 'f-emp-contact', '王经理');
    await input(page, env, 'f-emp-phone', '020-12345678');
    await fillJob(page, env);

    await tap(page, env, '.action-save >>> .t-button');
    expect(textAt(page, '.e-employerUscc')).toBe('统一社会信用代码不正确，请核对');
    expect(textAt(page, '.form-error')).toBe('请按提示修改标红的项目');
    expect(page.querySelector('.e-employerName')).toBeUndefined();
    expect(initiateCalls(env)).toEqual([]);
    expect(await agreementsOf(sys, LI.studentNo)).toEqual([]);
    expect(expectFormLabels(page)).toEqual(expect.arrayContaining(['单位名称', '统一社会信用代码', '单位性质', '单位行业', '单位所在地', '单位地址', '单位联系人', '联系电话']));
    capture(page, 'initiate', 'manual-bad-uscc', '手动填写单位：信用代码有误');

    await input(page, env, 'f-emp-uscc', GOOD_USCC.toLowerCase());
    expect(page.querySelector('.e-employerUscc')).toBeUndefined();
    await tap(page, env, '.action-save >>> .t-button');
    const [draft] = await agreementsOf(sys, LI.studentNo);
    expect(draft!.state).toBe('draft');
    expect(draft!.employerId).toBeUndefined();
    expect(draft!.content.employer).toEqual({
      name: '广州某某信息技术有限公司',
      uscc: GOOD_USCC,
      nature: '39',
      industry: '65',
      region: '440106',
      address: '广州市天河区天河路1号',
      contactName: '王经理',
      contactPhone: '020-12345678',
    });
    expect(textAt(page, '.form-error')).toBe('');
  });

  it('an empty form: every missing field is named beside it and nothing is sent; 发起 without a proof asks for one and no subscription', async () => {
    await approveSourceCheck(sys, LI.studentNo, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('initiate', env);
    await tap(page, env, '.action-save >>> .t-button');
    expect(textAt(page, '.e-employer')).toBe('请从单位库中选择单位，或手动填写单位信息');
    expect(textAt(page, '.e-jobTitle')).toBe('请填写岗位名称');
    expect(textAt(page, '.e-jobRegion')).toBe('请选择工作地点');
    expect(textAt(page, '.e-jobSalary')).toBe('请填写月薪');
    expect(textAt(page, '.e-jobYears')).toBe('请填写合同期限');
    expect(textAt(page, '.e-jobStartDate')).toBe('请选择报到日期');
    expect(page.querySelector('.e-proofFiles')).toBeUndefined();
    capture(page, 'initiate', 'validation', '未填写完整：逐项提示');
    // typing clears the field's message
    await input(page, env, 'f-job-title', '会计');
    expect(page.querySelector('.e-jobTitle')).toBeUndefined();

    await chooseLibraryEmployer(page, env);
    await fillJob(page, env);
    await tap(page, env, '.action-submit >>> .t-button');
    expect(textAt(page, '.e-proofFiles')).toBe('请上传就业证明材料');
    expect(env.wx.requestSubscribeMessage).not.toHaveBeenCalled();
    expect(initiateCalls(env)).toEqual([]);

    // an image added then removed is not sent
    await uploadProof(page, env, 'a');
    expect(page.querySelector('.e-proofFiles')).toBeUndefined();
    await tap(page, env, '.proof__remove');
    expect(page.querySelectorAll('.proof__image')).toHaveLength(0);
    expect(page.data.form.proofs).toEqual([]);
  });

  it('source check not approved: the page warns, and 发起 is refused by the server with its message; nothing is stored', async () => {
    const page = await openPage('initiate', env);
    expect(textAt(page, '.head__warn')).toBe('生源核查通过后才能发起签约，可先填写并保存。');
    await chooseLibraryEmployer(page, env);
    await fillJob(page, env);
    await uploadProof(page, env, 'b');
    await tap(page, env, '.action-submit >>> .t-button');
    expect(initiateCalls(env).map((c) => [c.result.ok, c.result.code])).toEqual([[false, 'SOURCE_CHECK_REQUIRED']]);
    expect(textAt(page, '.form-error')).toBe('生源核查通过后才能签约');
    expect(page.querySelector('.form-error__reload')).toBeUndefined();
    expect(await agreementsOf(sys, LI.studentNo)).toEqual([]);
    expect(page.querySelector('.done')).toBeUndefined();
    expect(page.data.busy).toBe(false);
    capture(page, 'initiate', 'source-check-required', '生源核查未通过：不能发起');
  });

  it('the school has not opened student initiation: the notice, and no form', async () => {
    const s = (await sys.store.get('settings', SETTINGS_ID))!;
    await sys.store.put('settings', { ...s, allowStudentInitiate: false, version: s.version + 1 }, s.version);
    const page = await openPage('initiate', env);
    expect(textAt(page, '.notice')).toContain('学校暂未开放学生发起签约');
    expect(textAt(page, '.notice__hint')).toContain('请等待用人单位向您发起邀约');
    expect(page.querySelector('.action-submit')).toBeUndefined();
    expect(page.querySelector('.employer-search')).toBeUndefined();
    capture(page, 'initiate', 'closed', '学校未开放学生发起签约');
  });

  it('张三 after 应约 holds a pending agreement: the page says so and links to it', async () => {
    env.openid = DEMO_OPENIDS.student;
    const held = await accept(sys, DEMO_OPENIDS.student, 'offer-demo-1');
    const page = await openPage('initiate', env);
    expect(textAt(page, '.notice')).toContain('您已有一份审核中或已生效的三方协议，不能再发起签约');
    expect(page.querySelector('.action-save')).toBeUndefined();
    await tap(page, env, '.notice__action >>> .t-button');
    expect(env.visited).toEqual([`/pkg/agreement/index?id=${held._id}`]);
    capture(page, 'initiate', 'active-agreement', '已有审核中的协议');
  });

  describe('returned by the college', () => {
    let returned: Mutated;
    let proof: string;

    beforeEach(async () => {
      await approveSourceCheck(sys, LI.studentNo, DEMO_OPENIDS.collegeReviewer);
      proof = await sys.upload(LI.openid, 'contract.png', pngBytes('contract'));
      const draft: InitiationDraft = { ...TERMS, employer: { employerId: DEMO_EMPLOYER_ID }, proofFiles: [proof] };
      const sent = await sys.ok(initiateSigning, LI.openid, { action: 'submit', requestId: rid(), version: 0, draft });
      const decided = await sys.ok(review, DEMO_OPENIDS.collegeReviewer, {
        requestId: rid(),
        decision: 'return',
        reason: '请补充劳动合同首页',
        items: [{ record: 'agreement', id: sent.id, version: sent.version }],
      });
      expect(decided.results[0]).toMatchObject({ ok: true, state: 'returned' });
      returned = { ...sent, state: 'returned', version: (decided.results[0] as { version: number }).version };
    });

    it('opens prefilled with the reason on top; edited and 发起 again, it goes back to the college with the same number', async () => {
      const before = (await sys.store.get('agreements', returned.id))!;
      const page = await openPage('initiate', env, { id: returned.id });
      expect(textAt(page, '.returned__title')).toBe('院系审核退回');
      expect(textAt(page, '.returned__reason')).toBe('退回原因：请补充劳动合同首页');
      expect(textAt(page, '.head__state')).toBe('已退回');
      expect(textAt(page, '.head__no')).toBe(`协议编号：${before.agreementNo}`);
      expect(page.data.form).toMatchObject({
        mode: 'library',
        job: { title: '数据分析师', region: '110101', monthlySalary: '12000', contractYears: '3', startDate: '2026-07-15' },
        hukou: { migrate: true, address: '北京市东城区东华门街道' },
      });
      // shown by the link the view carries, signed for this student
      expect(page.data.form.proofs).toEqual([{ fileId: proof, src: expect.stringMatching(new RegExp(`/files/${sys.files.pathOf(proof)}\\?expires=\\d+&sign=[0-9a-f]{64}$`)) }]);
      capture(page, 'initiate', 'returned', '被学院退回：修改后重新发起');

      await input(page, env, 'f-job-salary', '14000');
      await uploadProof(page, env, 'contract-first-page');
      await tap(page, env, '.action-submit >>> .t-button');
      const after = (await sys.store.get('agreements', returned.id))!;
      expect(after.state).toBe('pendingCollege');
      expect(after.agreementNo).toBe(before.agreementNo);
      expect(after.content.job.monthlySalary).toBe(14000);
      expect(after.proofFiles.map((p) => p.fileId)).toEqual([proof, page.data.form.proofs[1].fileId]);
      expect(after.returnReason).toBeUndefined();
      expect((await sys.auditOf('agreement', returned.id)).map((e) => [e.action, e.from, e.to]).slice(-2)).toEqual([
        ['collegeReturn', 'pendingCollege', 'returned'],
        ['submit', 'returned', 'pendingCollege'],
      ]);
      expect(textAt(page, '.done__no')).toBe(before.agreementNo);
      capture(page, 'initiate', 'resubmitted', '修改后已重新发起');
    });

    it('a returned agreement may still be repaired after the school closes initiation', async () => {
      const s = (await sys.store.get('settings', SETTINGS_ID))!;
      await sys.store.put('settings', { ...s, allowStudentInitiate: false, version: s.version + 1 }, s.version);
      // without an id the page finds the returned agreement itself
      const page = await openPage('initiate', env);
      expect(page.data.notice).toBeNull();
      expect(page.data.agreementId).toBe(returned.id);
      await tap(page, env, '.action-submit >>> .t-button');
      expect((await sys.store.get('agreements', returned.id))!.state).toBe('pendingCollege');
    });

    it('changed elsewhere meanwhile: CONFLICT shown with 重新加载, nothing written; reloading shows the change', async () => {
      const page = await openPage('initiate', env, { id: returned.id });
      // the same student saves from another phone
      const other: InitiationDraft = { ...TERMS, job: { ...TERMS.job, title: '高级数据分析师' }, employer: { employerId: DEMO_EMPLOYER_ID }, proofFiles: [proof] };
      const saved = await sys.ok(initiateSigning, LI.openid, { action: 'save', requestId: rid(), agreementId: returned.id, version: returned.version, draft: other });
      await input(page, env, 'f-job-title', '数据工程师');
      await tap(page, env, '.action-save >>> .t-button');
      expect(initiateCalls(env).map((c) => c.result.code)).toEqual(['CONFLICT']);
      expect(textAt(page, '.form-error__text')).toBe('该记录已被他人更新，请刷新后重试');
      expect((await sys.store.get('agreements', returned.id))!).toMatchObject({ version: saved.version, content: { job: { title: '高级数据分析师' } } });
      capture(page, 'initiate', 'conflict', '已在别处修改：请重新加载');

      await tap(page, env, '.form-error__reload >>> .t-button');
      expect(page.querySelector('.form-error')).toBeUndefined();
      expect(page.data.version).toBe(saved.version);
      expect(page.data.form.job.title).toBe('高级数据分析师');
      await tap(page, env, '.action-submit >>> .t-button');
      expect((await sys.store.get('agreements', returned.id))!.state).toBe('pendingCollege');
    });

    it('someone else’s agreement id: the server’s NOT_FOUND, with 重试, and no form', async () => {
      env.openid = DEMO_OPENIDS.student;
      const page = await openPage('initiate', env, { id: returned.id });
      const refused = env.calls.find((c) => !c.result.ok)!.result;
      expect(refused.code).toBe('NOT_FOUND');
      expect(textAt(page, '.initiate__load-error')).toContain(refused.message!);
      expect(page.querySelector('.initiate__retry')).toBeDefined();
      expect(page.querySelector('.action-save')).toBeUndefined();
    });
  });

  it('a 保存 lost on the network: the message, busy reset; the second tap reuses the request id and makes one draft', async () => {
    await approveSourceCheck(sys, LI.studentNo, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('initiate', env);
    await chooseLibraryEmployer(page, env);
    await fillJob(page, env);
    const real = env.wx.callFunction.getMockImplementation()!;
    let lost = 0;
    // the first save reaches the server but its answer is lost
    env.wx.callFunction.mockImplementation(async (options: { name: string }) => {
      const answer = await real(options);
      if (options.name === 'initiateSigning' && lost++ === 0) throw { errMsg: 'cloud.callFunction:fail timeout' };
      return answer;
    });
    page.querySelector('.action-save >>> .t-button')!.dispatchEvent('tap');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(page.data.busy).toBe(true);
    expect(page.querySelector('.action-submit')!.instance.data.disabled).toBe(true);
    expect(page.querySelector('.action-save')!.instance.data.loading).toBe(true);
    await settle(page, env);
    expect(textAt(page, '.form-error')).toBe('网络不稳定，请稍后重试');
    expect(page.data.busy).toBe(false);
    expect(page.data.agreementId).toBe('');

    await tap(page, env, '.action-save >>> .t-button');
    const sent = initiateCalls(env).map((c) => (c.data as { requestId: string }).requestId);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toBe(sent[0]);
    const drafts = await agreementsOf(sys, LI.studentNo);
    expect(drafts).toHaveLength(1);
    expect(page.data.agreementId).toBe(drafts[0]!._id);
    expect(textAt(page, '.form-error')).toBe('');
  });

  it('a failed load shows the message and 重试; pull-down with unsaved edits asks first', async () => {
    env.wx.callFunction.mockRejectedValueOnce({ errMsg: 'cloud.callFunction:fail request:fail' });
    const page = await openPage('initiate', env);
    expect(textAt(page, '.initiate__load-error')).toContain('网络不稳定，请稍后重试');
    capture(page, 'initiate', 'load-error', '加载失败');
    await tap(page, env, '.initiate__retry >>> .t-button');
    expect(page.querySelector('.initiate__load-error')).toBeUndefined();
    expect(page.querySelector('.action-save')).toBeDefined();

    await input(page, env, 'f-job-title', '会计');
    env.modal = { confirm: false };
    const before = env.calls.length;
    await pullDown(page, env);
    expect(env.wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '刷新将放弃未保存的修改，确定刷新吗？' }));
    expect(env.calls.length).toBe(before);
    expect(page.data.form.job.title).toBe('会计');
    expect(env.wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);

    env.modal = { confirm: true };
    await pullDown(page, env);
    expect(page.data.form.job.title).toBe('');
    expect(env.calls.length).toBeGreaterThan(before);
    expect(env.wx.stopPullDownRefresh).toHaveBeenCalledTimes(2);
  });
});

describe('formFromAgreement', () => {
  it('a manual unit comes back as typed, numbers as text, missing optional parts empty', () => {
    const view = {
      content: {
        employer: { name: 'A', uscc: GOOD_USCC, nature: '39', industry: '65', region: '440106', address: 'x', contactName: 'y', contactPhone: '13800138000' },
        job: { title: 't', region: '110101', monthlySalary: 9000, contractYears: 2.5, startDate: '2026-07-01' },
        file: { transfer: false },
        hukou: { migrate: false },
      },
      proofFiles: [{ fileId: 'cloud://f', sha256: 'h', url: 'https://tmp.example/f?sign=t' }],
    } as unknown as AgreementView;
    expect(formFromAgreement(view)).toEqual({
      mode: 'manual',
      library: null,
      manual: view.content.employer,
      job: { title: 't', region: '110101', monthlySalary: '9000', contractYears: '2.5', startDate: '2026-07-01', description: '', jobCategory: '' },
      file: { transfer: false, receiver: '', address: '', postcode: '' },
      hukou: { migrate: false, address: '' },
      remarks: '',
      // saved before 约定条款 were asked: an empty block, nothing agreed
      structured: { probation: 'none', probationMonths: '', serviceYears: '', penaltyYuan: '', penaltyConfirmed: false, insurance: [], dispatched: false, dispatchUnitName: '' },
      proofs: [{ fileId: 'cloud://f', src: 'https://tmp.example/f?sign=t' }],
    });
  });
});
