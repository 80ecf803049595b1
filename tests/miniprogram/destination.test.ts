/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import { withUsccCheck } from '../../server/domain/identifiers';
import { review } from '../../server/usecases/review';
import { registerDestination } from '../../server/usecases/registerDestination';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import type { AgreementSummary } from '../../typings/views';
import { contentOf, draftOf, emptyForm, errorKey, errorsFromIssues, formOf, needsOf, type DestinationForm } from '../../miniprogram/pkg/destination/form';
import { contentRows, deadlineOf, typeGroups } from '../../miniprogram/pkg/destination/shown';
import { validateForm } from '../../miniprogram/pkg/destination/validate';
import { jobRows } from '../../miniprogram/pkg/utils/terms-rows';
import { accept, signedDemoAgreement } from '../support/agreements';
import { pdfBytes } from '../support/files';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { expectFormLabels } from './form-labels';
import { capture } from './gallery';
import { installWx, openPage, pngBytes, pullDown, settle, tap, textAt, textOf, type, type MiniEnv, type Page } from './support';

const LI = { openid: DEMO_OPENIDS.student2, studentNo: '2026010102' };
const ZHANG = { openid: DEMO_OPENIDS.student, studentNo: '2026010101' };
const LI_ID = `destination:${LI.studentNo}`;
const USCC = withUsccCheck('91440300MA5F1234X');
const BUSINESS_USCC = withUsccCheck('92110101MA01ABCDX');
const BAD_USCC = `${USCC.slice(0, 17)}${USCC[17] === '1' ? '2' : '1'}`;

// —— pure parts ——

const employerForm = (): DestinationForm => {
  const form = emptyForm();
  form.type = '11';
  form.employer = {
    name: ' 深圳某某科技有限公司 ',
    uscc: USCC.toLowerCase(),
    nature: '39',
    industry: 'I',
    region: '440305',
    jobCategory: '13',
    jobTitle: '软件开发工程师',
    contactName: '王经理',
    contactPhone: '0755-12345678',
    contactEmail: '',
  };
  form.fileGiven = true;
  form.file = { receiverKind: 'talentCentre', receiver: '深圳市人才交流服务中心', address: '深圳市福田区深南大道1号', postcode: '518000', phone: '0755-88888888' };
  form.hukou = { migrate: false, address: 'ignored', policeStation: '' };
  form.evidence = [{ fileId: 'local://uploads/x/contract.pdf', src: '', pdf: true, failed: false }];
  return form;
};

describe('毕业去向登记: the form’s parts', () => {
  it('sends only the chosen type’s parts: the employer typed for 11 is not sent once the type is 80', () => {
    const form = employerForm();
    expect(validateForm(form, { submit: true })).toEqual({});
    const draft = draftOf(form);
    expect(draft).toEqual({
      type: '11',
      employer: { name: '深圳某某科技有限公司', uscc: USCC, nature: '39', industry: 'I', region: '440305', jobCategory: '13', jobTitle: '软件开发工程师', contactName: '王经理', contactPhone: '0755-12345678' },
      file: { receiverKind: 'talentCentre', receiver: '深圳市人才交流服务中心', address: '深圳市福田区深南大道1号', postcode: '518000', phone: '0755-88888888' },
      hukou: { migrate: false },
      evidenceFiles: ['local://uploads/x/contract.pdf'],
    });
    form.type = '80';
    form.study = { school: '北京大学', programme: '计算机科学与技术', level: '硕士研究生' };
    const study = contentOf(form);
    expect(Object.keys(study).sort()).toEqual(['file', 'hukou', 'study', 'type']);
    // 待就业 has no parts and no 户口; its sub-kind is asked
    form.type = '70';
    expect(validateForm(form, { submit: true })).toEqual({ pendingKind: '请选择待就业情况' });
    form.pendingKind = 'seeking';
    expect(Object.keys(contentOf(form)).sort()).toEqual(['file', 'pendingKind', 'type']);
  });

  it('saved content comes back as the form holds it, and goes out unchanged', () => {
    const content = contentOf(employerForm());
    const back = formOf(content, [{ fileId: 'local://uploads/x/a.png', sha256: 'f'.repeat(64), url: 'https://x/a.png' }]);
    expect(contentOf(back)).toEqual(content);
    expect(back.evidence).toEqual([{ fileId: 'local://uploads/x/a.png', src: 'https://x/a.png', pdf: false, failed: false }]);
  });

  it('names each broken field by its key; evidence only matters for 提交; a type comes first', () => {
    const form = employerForm();
    form.employer.uscc = BAD_USCC;
    form.employer.jobCategory = '';
    form.file.postcode = '5180';
    form.file.address = '深圳市福田区';
    form.evidence = [];
    // 保存 keeps a partial form: only what is filled must be right (the shared rules' words)
    expect(validateForm(form, { submit: false })).toEqual({
      employerUscc: '统一社会信用代码不正确，请核对（18位，末位为校验码）',
      fileAddress: '档案接收地址请填写到门牌号（如 某某路88号）',
      filePostcode: '档案接收邮编应为6位数字',
    });
    // 提交 asks for everything, the evidence too
    expect(validateForm(form, { submit: true })).toMatchObject({ employerJobCategory: '请选择工作职位类别', evidenceFiles: '请上传劳动合同' });
    // a 档案转递 typed without its 档案去向 is not sent half-made: the choice is asked for
    form.file.receiverKind = '';
    expect(validateForm(form, { submit: false }).fileReceiverKind).toBe('请选择档案去向');
    expect(contentOf(form).file).toBeUndefined();
    expect(validateForm(emptyForm(), { submit: false })).toEqual({ type: '请先选择去向类型' });
  });

  it('the server’s issue paths land on the same keys', () => {
    expect(errorKey('draft.employer.uscc')).toBe('employerUscc');
    expect(errorKey('draft.evidenceFiles.2')).toBe('evidenceFiles');
    expect(errorKey('draft.file.receiverKind')).toBe('fileReceiverKind');
    expect(errorsFromIssues([{ path: 'draft.hukou.policeStation', message: '请填写迁入地派出所' }, { path: 'draft.hukou.policeStation', message: 'second' }])).toEqual({
      hukouPoliceStation: '请填写迁入地派出所',
    });
  });

  it('the type list: four groups in 去向落实率’s order; a pending agreement greys the job types only', () => {
    const groups = typeGroups(null);
    expect(groups.map((g) => g.title)).toEqual(['协议和合同就业', '灵活就业', '升学', '未就业']);
    expect(groups.flatMap((g) => g.types).map((t) => t.code)).toEqual(['10', '11', '12', '27', '46', '50', '51', '75', '76', '80', '85', '70', '71', '72']);
    expect(groups.flatMap((g) => g.types).every((t) => t.hint && !t.disabled)).toBe(true);
    const pending = { id: 'a1', agreementNo: null, state: 'pendingCollege', origin: 'offer', employerName: '', jobTitle: '', updatedAt: '' } as AgreementSummary;
    const disabled = typeGroups(pending).flatMap((g) => g.types).filter((t) => t.disabled).map((t) => t.code);
    expect(disabled).toEqual(['10', '11', '12', '27']);
  });

  it('the deadline line: days left, the day itself, past', () => {
    expect(deadlineOf({ deadline: '2026-08-31', daysLeft: 12 })).toEqual({ text: '登记截止：2026年8月31日，还剩 12 天', tone: 'normal' });
    expect(deadlineOf({ deadline: '2026-08-31', daysLeft: 3 }).tone).toBe('soon');
    expect(deadlineOf({ deadline: '2026-08-31', daysLeft: 0 }).text).toBe('今天（2026年8月31日）是登记截止日');
    expect(deadlineOf({ deadline: '2026-08-31', daysLeft: -1 })).toEqual({ text: '登记已于2026年8月31日截止', tone: 'past' });
  });

  it('rows read codes as names; 工作职位类别 shows on an offer’s terms when given', () => {
    const rows = Object.fromEntries(contentRows(contentOf(employerForm())).map((r) => [r.label, r.value]));
    expect(rows).toMatchObject({ 去向类型: '签劳动合同形式就业', 工作职位类别: '工程技术人员', 档案去向: '人才服务中心', 户口迁移: '不迁移' });
    expect(rows.单位所在地).toContain('南山区');
    const job = { title: 't', region: '110101', monthlySalary: 1, contractYears: 1, startDate: '2026-07-01' };
    expect(jobRows({ ...job, jobCategory: '24' }, '—').find((r) => r.label === '工作职位类别')?.value).toBe('教学人员');
    expect(jobRows(job, '—').find((r) => r.label === '工作职位类别')).toBeUndefined();
    expect(needsOf('76')).toMatchObject({ file: 'required', hukou: 'none', evidence: '从业或收入证明' });
  });
});

// —— the page, over the real functions ——

const button = (cls: string): string => `.${cls} >>> .t-button`;
const input = (page: Page, env: MiniEnv, field: string, value: string) => type(page, env, `.${field} >>> .t-input__control`, value);
const registerCalls = (env: MiniEnv) => env.calls.filter((c) => c.name === 'registerDestination');
const tagOf = (page: Page): string => textAt(page, '.status__tag >>> .t-tag__text');

/** What code-field (and choice-field) emit once a code is chosen. */
async function chooseCode(page: Page, env: MiniEnv, field: string, value: string): Promise<void> {
  const target = page.querySelector(`.${field}`);
  if (!target) throw new Error(`no ${field}`);
  target.dispatchEvent('change', { detail: { value, label: '' } });
  await settle(page, env);
}

async function chooseType(page: Page, env: MiniEnv, code: string): Promise<void> {
  await tap(page, env, `.type--${code}`);
  expect(page.data.form.type).toBe(code);
  expect(page.data.choosing).toBe(false);
}

async function fillEmployer(page: Page, env: MiniEnv): Promise<void> {
  await input(page, env, 'f-employer-name', '深圳某某科技有限公司');
  await input(page, env, 'f-employer-uscc', USCC);
  await chooseCode(page, env, 'f-employer-nature', '39');
  await chooseCode(page, env, 'f-employer-industry', 'I');
  await chooseCode(page, env, 'f-employer-region', '440305');
  // 工作职位类别 through its sheet, as a graduate picks it
  await tap(page, env, '.f-employer-job-category >>> .choice-field__cell');
  const options = page.querySelectorAll('.f-employer-job-category >>> .choice-field__option');
  expect(options.length).toBe(18);
  options[2]!.dispatchEvent('tap');
  await settle(page, env);
  expect(page.data.form.employer.jobCategory).toBe('13');
  await input(page, env, 'f-employer-job-title', '软件开发工程师');
  await input(page, env, 'f-employer-contact-name', '王经理');
  await input(page, env, 'f-employer-contact-phone', '0755-12345678');
}

async function fillFile(page: Page, env: MiniEnv, kind: 'employer' | 'talentCentre' | 'origin' | 'school' = 'talentCentre'): Promise<void> {
  await tap(page, env, `.f-file-kind .chip--${kind}`);
  if (kind !== 'school' && !page.data.form.file.receiver) await input(page, env, 'f-file-receiver', '深圳市人才交流服务中心');
  await input(page, env, 'f-file-address', '深圳市福田区深南大道1号');
  await input(page, env, 'f-file-postcode', '518000');
  await input(page, env, 'f-file-phone', '0755-88888888');
}

async function uploadEvidence(page: Page, env: MiniEnv, tag: string): Promise<void> {
  env.picks = [{ path: `wxfile://tmp/${tag}.png`, bytes: pngBytes(tag) }];
  await tap(page, env, '.add-images');
}

/** The college reviewer decides 李四's destination, as the review page sends it. */
async function decide(sys: TestSystem, decision: 'approve' | 'return', reason?: string): Promise<void> {
  const d = (await sys.store.get('destinations', LI_ID))!;
  const r = await sys.ok(review, DEMO_OPENIDS.collegeReviewer, { requestId: rid(), decision, items: [{ record: 'destination', id: LI_ID, version: d.version }], ...(reason ? { reason } : {}) });
  if (!r.results[0]!.ok) throw new Error(`review failed: ${JSON.stringify(r.results[0])}`);
}

describe('毕业去向登记 page', () => {
  let sys: TestSystem;
  let env: MiniEnv;

  beforeEach(async () => {
    sys = await makeSystem();
    env = installWx(sys, LI.openid);
  });
  afterEach(() => sys.close());

  it('first visit: one call, the deadline, the type list grouped with a hint each; a type opens only its fields', async () => {
    const page = await openPage('destination', env);
    expect(env.calls.map((c) => c.data)).toEqual([{ view: 'destination' }]);
    expect(tagOf(page)).toBe('未登记');
    expect(textAt(page, '.status__deadline')).toMatch(/^登记截止：2026年8月31日，还剩 \d+ 天$/);
    expect(page.data.choosing).toBe(true);
    expect(textAt(page, '.group--contract .group__title')).toBe('协议和合同就业');
    expect(textAt(page, '.type--80 .type__hint')).toBe('在境内读研究生、专升本或第二学士学位。');
    expect(page.querySelectorAll('.type')).toHaveLength(14);
    expect(page.querySelector('.action-submit')).toBeUndefined();
    capture(page, 'destination', 'choose-type', '毕业去向登记：先选择去向类型');

    await chooseType(page, env, '11');
    expect(page.querySelector('.part-employer')).toBeDefined();
    for (const part of ['study', 'abroad', 'business', 'project', 'enlistment', 'freelance']) expect(page.querySelector(`.part-${part}`)).toBeUndefined();
    expect(textAt(page, '.part-evidence .section__title')).toBe('*证明材料：劳动合同');
    expect(textAt(page, '.part-evidence .section__warn')).toBe('实习证明、见习证明不能作为就业证明。');
    expect(page.querySelector('.part-hukou')).toBeDefined();
    expect(expectFormLabels(page)).toEqual(expect.arrayContaining(['统一社会信用代码', '单位性质', '单位行业', '单位所在地', '工作职位类别', '档案去向', '档案接收单位', '户口迁移']));
    capture(page, 'destination', 'employer-form', '毕业去向登记：签劳动合同形式就业');
    // nothing is written by choosing
    expect(registerCalls(env)).toEqual([]);
  });

  it('a field the shared rules refuse is named at the field and nothing is sent; fixing it clears the message', async () => {
    const page = await openPage('destination', env);
    await chooseType(page, env, '11');
    await fillEmployer(page, env);
    await input(page, env, 'f-employer-uscc', BAD_USCC);
    await tap(page, env, button('action-save'));
    expect(textAt(page, '.e-employerUscc')).toBe('统一社会信用代码不正确，请核对（18位，末位为校验码）');
    expect(textAt(page, '.form-error')).toBe('请按提示修改标红的项目');
    expect(registerCalls(env)).toEqual([]);
    expect(await sys.store.get('destinations', LI_ID)).toBeNull();
    capture(page, 'destination', 'field-error', '毕业去向登记：统一社会信用代码不正确');
    await input(page, env, 'f-employer-uscc', USCC);
    expect(page.querySelector('.e-employerUscc')).toBeUndefined();
  });

  it('保存 → 提交 → 退回 with a reason → fix → 提交 → 通过 → 本人确认', async () => {
    const page = await openPage('destination', env);
    await chooseType(page, env, '11');
    await fillEmployer(page, env);
    await fillFile(page, env);
    // a draft may be saved without its evidence
    await tap(page, env, button('action-save'));
    expect(env.toasts).toContain('已保存');
    expect((await sys.store.get('destinations', LI_ID))!).toMatchObject({ state: 'draft', content: { type: '11', employer: { uscc: USCC, jobCategory: '13' } } });
    expect(tagOf(page)).toBe('待提交');
    expect(page.data.editing).toBe(true);

    // 提交 asks for the evidence first, then for consent
    await tap(page, env, button('action-submit'));
    expect(textAt(page, '.e-evidenceFiles')).toBe('请上传劳动合同');
    expect(env.wx.requestSubscribeMessage).not.toHaveBeenCalled();
    await uploadEvidence(page, env, 'contract');
    await tap(page, env, button('action-submit'));
    expect(env.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['demo-tmpl-review-result'] }));
    const submitted = (await sys.store.get('destinations', LI_ID))!;
    expect(submitted.state).toBe('submitted');
    expect(submitted.evidence).toEqual([{ fileId: expect.stringMatching(/^local:\/\/uploads\//), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(tagOf(page)).toBe('待审核');
    expect(textAt(page, '.status__note')).toBe('等待院系审核。审核前如需修改，可以撤回。');
    // the note says it: no second notice of why the form is closed
    expect(page.querySelector('.status__blocked')).toBeUndefined();
    expect(page.querySelector(button('action-withdraw'))).toBeDefined();
    expect(page.querySelector('.f-employer-name')).toBeUndefined();
    expect(textOf(page)).toContain('深圳某某科技有限公司');
    expect(textAt(page, '.notified')).toContain('审核结果将通过微信通知您');
    capture(page, 'destination', 'submitted', '毕业去向登记：已提交，待审核');

    await decide(sys, 'return', '劳动合同缺少单位盖章页，请补充上传');
    await pullDown(page, env);
    expect(tagOf(page)).toBe('已退回');
    expect(textAt(page, '.status__reason-text')).toBe('劳动合同缺少单位盖章页，请补充上传');
    expect(page.data.editing).toBe(true);
    expect(page.data.form.employer.name).toBe('深圳某某科技有限公司');
    capture(page, 'destination', 'returned', '毕业去向登记：已退回，显示退回原因');

    await uploadEvidence(page, env, 'stamp-page');
    await tap(page, env, button('action-submit'));
    expect((await sys.store.get('destinations', LI_ID))!.state).toBe('submitted');
    await decide(sys, 'approve');
    await pullDown(page, env);
    expect(tagOf(page)).toBe('审核通过');
    expect(textAt(page, '.confirm__text')).toContain('本人确认以上毕业去向信息真实、准确');
    expect(page.querySelector(button('action-edit'))).toBeDefined();
    capture(page, 'destination', 'approved-confirm', '毕业去向登记：审核通过，待本人确认');

    env.modal = { confirm: false };
    await tap(page, env, button('action-confirm'));
    expect((await sys.store.get('destinations', LI_ID))!.confirmedAt ?? null).toBeNull();
    env.modal = { confirm: true };
    await tap(page, env, button('action-confirm'));
    expect((await sys.store.get('destinations', LI_ID))!.confirmedAt).toEqual(expect.any(String));
    expect(page.querySelector('.confirm')).toBeUndefined();
    expect(textAt(page, '.status__note')).toMatch(/^审核通过，您已于\d{4}年\d+月\d+日本人确认。$/);
    expect((await sys.auditOf('destination', LI_ID)).map((e) => e.action)).toEqual(['save', 'submit', 'return', 'submit', 'approve', 'confirm']);
    capture(page, 'destination', 'confirmed', '毕业去向登记：已本人确认');
  });

  it('撤回 before the college acts takes it back to a draft; a cancel changes nothing', async () => {
    const page = await openPage('destination', env);
    await chooseType(page, env, '70');
    await tap(page, env, '.f-pending-kind .chip');
    expect(page.data.form.pendingKind).toBe('seeking');
    await fillFile(page, env, 'school');
    await tap(page, env, button('action-submit'));
    expect((await sys.store.get('destinations', LI_ID))!).toMatchObject({ state: 'submitted', content: { type: '70', pendingKind: 'seeking', file: { receiverKind: 'school' } } });
    env.modal = { confirm: false };
    await tap(page, env, button('action-withdraw'));
    expect((await sys.store.get('destinations', LI_ID))!.state).toBe('submitted');
    env.modal = { confirm: true };
    await tap(page, env, button('action-withdraw'));
    expect((await sys.store.get('destinations', LI_ID))!.state).toBe('draft');
    expect(tagOf(page)).toBe('待提交');
    expect(page.data.editing).toBe(true);
    expect(env.toasts).toContain('已撤回');
  });

  describe('each part of the form, registered through the page', () => {
    const cases: { code: string; part: string; fill: (page: Page) => Promise<void>; expected: Record<string, unknown>; shot?: string }[] = [
      {
        code: '80',
        part: 'study',
        shot: 'study-form',
        fill: async (page) => {
          await input(page, env, 'f-study-school', '北京大学');
          await input(page, env, 'f-study-programme', '计算机技术');
          await tap(page, env, '.f-study-level .chip');
        },
        expected: { study: { school: '北京大学', programme: '计算机技术', level: '硕士研究生' } },
      },
      {
        code: '85',
        part: 'abroad',
        fill: async (page) => {
          await tap(page, env, '.f-abroad-purpose .chip');
          await input(page, env, 'f-abroad-country', '英国');
          await input(page, env, 'f-abroad-institution', '爱丁堡大学');
        },
        expected: { abroad: { country: '英国', institution: '爱丁堡大学', purpose: 'study' } },
      },
      {
        code: '75',
        part: 'business',
        fill: async (page) => {
          await input(page, env, 'f-business-name', '北京某某文化工作室');
          await input(page, env, 'f-business-uscc', BUSINESS_USCC);
          await chooseCode(page, env, 'f-business-region', '110101');
        },
        expected: { business: { name: '北京某某文化工作室', uscc: BUSINESS_USCC, region: '110101' } },
      },
      {
        code: '50',
        part: 'project',
        fill: async (page) => {
          await input(page, env, 'f-project-name', '西部计划');
          await input(page, env, 'f-project-unit', '某县团委');
          await chooseCode(page, env, 'f-project-region', '110101');
        },
        expected: { project: { name: '西部计划', serviceUnit: '某县团委', region: '110101' } },
      },
      {
        code: '46',
        part: 'enlistment',
        fill: async (page) => {
          await input(page, env, 'f-enlistment-no', 'RW2026-0001');
          await chooseCode(page, env, 'f-enlistment-region', '110101');
        },
        expected: { enlistment: { noticeNo: 'RW2026-0001', region: '110101' } },
      },
      {
        code: '76',
        part: 'freelance',
        fill: async (page) => {
          await type(page, env, '.f-freelance-description >>> .t-textarea__wrapper-inner', '自由撰稿，为多家平台供稿');
          await chooseCode(page, env, 'f-freelance-region', '110101');
        },
        expected: { freelance: { description: '自由撰稿，为多家平台供稿', region: '110101' } },
      },
    ];

    for (const c of cases) {
      it(`${c.code} (${c.part}): only its part, its evidence and 档案 to the 生源地 prefilled`, async () => {
        const page = await openPage('destination', env);
        await chooseType(page, env, c.code);
        for (const other of ['employer', 'study', 'abroad', 'business', 'project', 'enlistment', 'freelance']) {
          expect([other, page.querySelector(`.part-${other}`) !== undefined]).toEqual([other, other === c.part]);
        }
        // the 生源地 prefilled from the source check for a type without an employer
        expect(page.data.form.file.receiverKind).toBe('origin');
        expect(page.data.form.file.receiver).not.toBe('');
        await c.fill(page);
        await fillFile(page, env, 'origin');
        if (c.code === '85') {
          // an offer kept as a PDF, picked from a WeChat chat: a labelled tile, not a picture
          env.picks = [{ path: 'wxfile://tmp/offer-edinburgh.pdf', bytes: pdfBytes('offer') }];
          await tap(page, env, '.add-documents');
          expect(textAt(page, '.part-evidence .tile__doc')).toBe('PDF');
        } else await uploadEvidence(page, env, `evidence-${c.code}`);
        if (c.shot) capture(page, 'destination', c.shot, `毕业去向登记：${needsOf(c.code).type!.name}`);
        await tap(page, env, button('action-submit'));
        expect(textAt(page, '.form-error')).toBe('');
        const stored = (await sys.store.get('destinations', LI_ID))!;
        expect(stored).toMatchObject({ state: 'submitted', content: { type: c.code, ...c.expected, file: { receiverKind: 'origin' } } });
        expect(stored.content.employer).toBeUndefined();
        expect(stored.evidence).toHaveLength(1);
      });
    }
  });

  it('a change after approval: the values in force stay shown until the change is approved', async () => {
    const page = await openPage('destination', env);
    await chooseType(page, env, '70');
    await tap(page, env, '.f-pending-kind .chip');
    await fillFile(page, env, 'school');
    await tap(page, env, button('action-submit'));
    await decide(sys, 'approve');
    await pullDown(page, env);
    expect(tagOf(page)).toBe('审核通过');

    // 修改去向 opens the form on the values in force; 放弃修改 closes it, nothing sent
    await tap(page, env, button('action-edit'));
    expect(page.data.editing).toBe(true);
    expect(page.data.form.pendingKind).toBe('seeking');
    const sent = registerCalls(env).length;
    await tap(page, env, button('action-cancel'));
    expect(page.data.editing).toBe(false);
    expect(registerCalls(env)).toHaveLength(sent);
    await tap(page, env, button('action-edit'));
    await tap(page, env, '.f-type >>> .t-cell');
    expect(page.data.choosing).toBe(true);
    await chooseType(page, env, '80');
    await input(page, env, 'f-study-school', '北京大学');
    await input(page, env, 'f-study-programme', '计算机技术');
    await tap(page, env, '.f-study-level .chip');
    await fillFile(page, env, 'origin');
    await uploadEvidence(page, env, 'admission');
    await tap(page, env, button('action-submit'));
    const stored = (await sys.store.get('destinations', LI_ID))!;
    expect(stored).toMatchObject({ state: 'submitted', content: { type: '80' }, approved: { type: '70' } });
    expect(textAt(page, '.in-force__hint')).toBe('审核通过前，上报的仍是已通过的去向。');
    expect(textAt(page, '.in-force__rows')).toContain('待就业');
    expect(textAt(page, '.details__title')).toBe('修改后的去向（待审核）');
    expect(textAt(page, '.details')).toContain('北京大学');
    // 本人确认 stays with the values in force, and says so
    expect(textAt(page, '.confirm__text')).toContain('本人确认上方「目前有效的去向」');
    capture(page, 'destination', 'change-pending', '毕业去向登记：修改待审核，已通过的去向仍有效');
  });

  it('after the deadline: read-only, the reason shown, no buttons', async () => {
    const page0 = await openPage('destination', env);
    await chooseType(page0, env, '70');
    await tap(page0, env, '.f-pending-kind .chip');
    await fillFile(page0, env, 'school');
    await tap(page0, env, button('action-save'));
    sys.setNow('2026-09-01T02:00:00.000Z');
    const page = await openPage('destination', env);
    expect(page.data.screen.canEdit).toBe(false);
    expect(textAt(page, '.status__blocked')).toBe('毕业去向登记已于2026年8月31日截止，如需修改请联系辅导员或就业指导中心');
    expect(textAt(page, '.status__note')).toBe('截止前未提交审核。');
    // the notice says it once: no second deadline line
    expect(page.querySelector('.status__deadline')).toBeUndefined();
    expect(page.data.editing).toBe(false);
    for (const cls of ['action-save', 'action-submit', 'action-withdraw', 'action-edit']) expect(page.querySelector(button(cls))).toBeUndefined();
    expect(textAt(page, '.details')).toContain('待就业');
    capture(page, 'destination', 'deadline-passed', '毕业去向登记：已过截止日期');
  });

  it('filled by a signed agreement: type 10 read-only, with the way to 我的协议书', async () => {
    const signed = await signedDemoAgreement(sys);
    env = installWx(sys, ZHANG.openid);
    const page = await openPage('destination', env);
    expect(tagOf(page)).toBe('审核通过');
    expect(page.data.editing).toBe(false);
    expect(textAt(page, '.details')).toContain('签就业协议形式就业');
    expect(textAt(page, '.status__agreement-text')).toBe('去向来自您网签成功的三方协议，如需更改，请先办理解约。');
    expect(page.querySelector(button('action-edit'))).toBeUndefined();
    await tap(page, env, '.status__agreement-link');
    expect(env.visited).toEqual([`/pkg/agreement/index?id=${encodeURIComponent(signed._id)}`]);
    capture(page, 'destination', 'from-agreement', '毕业去向登记：由网签协议自动登记');
  });

  it('a refusal from the server is shown above the form: changed elsewhere meanwhile, with 重新加载', async () => {
    const page = await openPage('destination', env);
    await chooseType(page, env, '70');
    await tap(page, env, '.f-pending-kind .chip');
    await fillFile(page, env, 'school');
    await tap(page, env, button('action-save'));
    // the same student saves from another phone
    const d = (await sys.store.get('destinations', LI_ID))!;
    await sys.ok(registerDestination, LI.openid, {
      action: 'save',
      requestId: rid(),
      version: d.version,
      draft: { type: '72', file: { receiverKind: 'school', receiver: '', address: '北京市海淀区学院路1号', postcode: '100083', phone: '010-12345678' }, evidenceFiles: [] },
    });
    await input(page, env, 'f-file-address', '北京市海淀区学院路2号');
    await tap(page, env, button('action-save'));
    expect(registerCalls(env).at(-1)!.result.code).toBe('CONFLICT');
    expect(textAt(page, '.form-error__text')).toBe('该记录已被他人更新，请刷新后重试');
    expect(page.querySelector(button('form-error__reload'))).toBeDefined();
    capture(page, 'destination', 'server-refused', '毕业去向登记：已在别处修改');
    await tap(page, env, button('form-error__reload'));
    expect(page.data.form.type).toBe('72');
    expect(page.querySelector('.form-error')).toBeUndefined();
  });

  it('a refusal naming a field lands at it: a job type while an agreement became pending meanwhile', async () => {
    env = installWx(sys, ZHANG.openid);
    const page = await openPage('destination', env);
    await chooseType(page, env, '11');
    await fillEmployer(page, env);
    // meanwhile 张三 accepts the employer's offer: an agreement now waits for the college
    await accept(sys, ZHANG.openid, 'offer-demo-1');
    await tap(page, env, button('action-save'));
    expect(registerCalls(env).at(-1)!.result.code).toBe('INVALID_TRANSITION');
    expect(textAt(page, '.form-error__text')).toMatch(/^您与.+的三方协议正在办理中，办结前不能登记其他就业单位；可登记待就业、升学等去向$/);
    expect(textAt(page, '.e-type')).toBe(textAt(page, '.form-error__text'));
    expect(await sys.store.get('destinations', `destination:${ZHANG.studentNo}`)).toBeNull();
    // reloaded, the list says so and greys the job types
    await pullDown(page, env);
    expect(textAt(page, '.choose__warn')).toContain('三方协议正在办理中');
    expect(page.querySelector('.type--11.type--disabled')).toBeDefined();
    await tap(page, env, '.type--11');
    expect(page.data.choosing).toBe(true);
    expect(env.toasts).toContain('三方协议办理中，暂不可选');
    capture(page, 'destination', 'agreement-pending', '毕业去向登记：三方协议办理中，就业类去向暂不可选');
  });
});
