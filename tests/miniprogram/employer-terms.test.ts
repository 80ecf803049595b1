/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
/**
 * 邀约学生 with the structured terms (约定条款: 试用期 or 见习期, 服务期, 五险一金, 违约金 with the cap's warning, 劳务派遣),
 * a 邀约模板 picked to fill them, and 批量邀约 (one offer each to a pasted list, answered student by student): from
 * the page to the store.
 */
import { employerOffer } from '../../server/usecases/employerOffer';
import { review } from '../../server/usecases/review';
import { accept } from '../support/agreements';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { capture } from './gallery';
import { installWx, openPage, settle, tap, textAt, textOf, type, type MiniEnv, type Page } from './support';

const LI = { studentNo: '2026010102', name: '李四' };
const WANG = { studentNo: '2026020101', name: '王五' };

const input = (page: Page, env: MiniEnv, selector: string, value: string) => type(page, env, `${selector} >>> .t-input__control`, value);
const inTerms = (cls: string): string => `.f-structured >>> .${cls}`;
const button = (cls: string): string => `.${cls} >>> .t-button`;

async function emit(page: Page, env: MiniEnv, selector: string, detail: Record<string, unknown>): Promise<void> {
  const target = page.querySelector(selector);
  if (!target) throw new Error(`nothing matches ${selector}`);
  target.dispatchEvent('change', { detail });
  await settle(page, env);
}

/** Taps the option named `label` of a radio or checkbox group inside 约定条款, as a finger would. */
async function choose(page: Page, env: MiniEnv, group: string, kind: 'radio' | 'checkbox', label: string): Promise<void> {
  const options = page.querySelectorAll(inTerms(kind === 'radio' ? 'terms-fields__radio' : 'terms-fields__check'));
  const option = options.find((o) => o.data?.label === label);
  if (!option || !page.querySelector(inTerms(group))) throw new Error(`${label} is not offered by ${group}`);
  option.querySelector(kind === 'radio' ? '.t-radio__content' : '.t-checkbox')!.dispatchEvent('tap');
  await settle(page, env);
}

async function fillJob(page: Page, env: MiniEnv): Promise<void> {
  await input(page, env, '.f-job-title', '数据分析师');
  await emit(page, env, '.f-job-region', { value: '440305', label: '' });
  await input(page, env, '.f-job-salary', '12000');
  await input(page, env, '.f-job-years', '3');
  await tap(page, env, '.f-job-date >>> .t-cell');
  await tap(page, env, '.date-picker >>> .t-picker__confirm');
}

const TERMS = {
  job: { title: '数据分析师', region: '440305', monthlySalary: 12000, contractYears: 3, startDate: '2026-07-01' },
  file: { transfer: false },
  hukou: { migrate: false },
};

describe('邀约学生: 约定条款', () => {
  let sys: TestSystem;
  let env: MiniEnv;
  beforeEach(async () => {
    sys = await makeSystem();
    env = installWx(sys, DEMO_OPENIDS.employer);
  });
  afterEach(() => sys.close());

  const offerCalls = () => env.calls.filter((c) => c.name === 'employerOffer');

  it('given the terms filled in, a 违约金 above the cap is stopped until confirmed; then the offer carries every term', async () => {
    const page = await openPage('employer/invite', env);
    expect(page.data.cap).toBe(5000);
    await input(page, env, '.f-student-no', LI.studentNo);
    await input(page, env, '.f-student-name', LI.name);
    await fillJob(page, env);
    await choose(page, env, 'f-probation', 'radio', '试用期');
    await input(page, env, inTerms('f-probation-months'), '7');
    await input(page, env, inTerms('f-service-years'), '3');
    for (const label of ['住房公积金', '养老保险', '医疗保险']) await choose(page, env, 'f-insurance', 'checkbox', label);
    await input(page, env, inTerms('f-penalty'), '8000');
    expect(textAt(page, inTerms('penalty-warn'))).toContain('违约金高于学校建议上限 5000 元');
    await tap(page, env, inTerms('f-dispatched >>> .t-switch'));
    await tap(page, env, button('action-submit'));

    // stopped on the page, each beside its field, before any call
    expect(offerCalls()).toEqual([]);
    expect(textAt(page, inTerms('e-probation'))).toBe('试用期不得超过 6 个月');
    expect(textAt(page, inTerms('e-penalty'))).toBe('违约金 8000 元高于学校建议上限 5000 元，请确认提示后再提交');
    expect(textAt(page, inTerms('e-dispatchUnit'))).toBe('劳务派遣时请填写劳务派遣单位名称');
    capture(page, 'employer-invite', 'terms-errors', '约定条款：试用期超过 6 个月、违约金未确认、缺劳务派遣单位');

    await input(page, env, inTerms('f-probation-months'), '3');
    await tap(page, env, inTerms('f-penalty-confirm >>> .t-checkbox'));
    await input(page, env, inTerms('f-dispatch-unit'), '深圳市某某人力资源服务有限公司');
    expect(page.querySelector(inTerms('e-penalty'))).toBeUndefined();
    capture(page, 'employer-invite', 'terms-penalty-confirmed', '约定条款：违约金高于上限，单位已确认');
    await tap(page, env, button('action-submit'));

    expect(offerCalls().map((c) => c.result.ok)).toEqual([true]);
    const [offer] = (await sys.all('offers')).filter((o) => o.studentNo === LI.studentNo);
    expect(offer!.terms.structured).toEqual({
      trialMonths: 3,
      serviceYears: 3,
      penaltyYuan: 8000,
      penaltyWarningConfirmed: true,
      // in their usual order, whatever order they were ticked in
      insurance: ['pension', 'medical', 'housingFund'],
      dispatched: true,
      dispatchUnitName: '深圳市某某人力资源服务有限公司',
    });
  });

  it('given the server refuses a term the page let through, then the message stands beside its field and nothing is written', async () => {
    const page = await openPage('employer/invite', env);
    // the page holds a cap the school has since lowered to its default of 5000
    page.setData({ cap: 100000 });
    await input(page, env, '.f-student-no', LI.studentNo);
    await input(page, env, '.f-student-name', LI.name);
    await fillJob(page, env);
    await input(page, env, inTerms('f-penalty'), '6000');
    await tap(page, env, button('action-submit'));
    expect(offerCalls().map((c) => c.result.code)).toEqual(['INVALID_INPUT']);
    expect(textAt(page, inTerms('e-penalty'))).toBe('违约金 6000 元高于学校建议上限 5000 元，请确认提示后再提交');
    expect((await sys.all('offers')).filter((o) => o.studentNo === LI.studentNo)).toEqual([]);
  });
});

describe('修改协议: the 约定条款 of a returned agreement', () => {
  let sys: TestSystem;
  let env: MiniEnv;
  beforeEach(async () => {
    sys = await makeSystem();
    env = installWx(sys, DEMO_OPENIDS.employer);
  });
  afterEach(() => sys.close());

  it('given an agreement returned for its 试用期, the form shows its terms; a 7-month 试用期 is stopped, 3 months resubmits', async () => {
    const offer = (await sys.store.get('offers', 'offer-demo-1'))!;
    await sys.ok(employerOffer, DEMO_OPENIDS.employer, { action: 'edit', requestId: rid(), offerId: offer._id, version: 1, terms: { ...offer.terms, structured: { trialMonths: 6, dispatched: false, insurance: ['pension'] } } });
    const accepted = await accept(sys, DEMO_OPENIDS.student, offer._id, 2);
    await sys.ok(review, DEMO_OPENIDS.collegeReviewer, { requestId: rid(), decision: 'return', reason: '试用期与录用通知不一致', items: [{ record: 'agreement', id: accepted._id, version: accepted.version }] });
    const page = await openPage('employer/invite', env, { agreementId: accepted._id });
    expect(page.data.form.structured).toMatchObject({ probation: 'trial', probationMonths: '6', insurance: ['pension'] });
    expect(page.querySelector('.f-template')).toBeUndefined();

    await input(page, env, inTerms('f-probation-months'), '7');
    await tap(page, env, button('action-submit'));
    expect(textAt(page, inTerms('e-probation'))).toBe('试用期不得超过 6 个月');
    expect(env.calls.filter((c) => c.name === 'employerOffer')).toEqual([]);
    capture(page, 'employer-invite', 'revise-terms-error', '修改协议：试用期超过 6 个月');

    await input(page, env, inTerms('f-probation-months'), '3');
    await tap(page, env, button('action-submit'));
    const after = (await sys.store.get('agreements', accepted._id))!;
    expect(after).toMatchObject({ state: 'pendingCollege', content: { structured: { trialMonths: 3, insurance: ['pension'], dispatched: false } } });
  });
});

describe('邀约学生: 邀约模板 and 批量邀约', () => {
  let sys: TestSystem;
  let env: MiniEnv;
  beforeEach(async () => {
    sys = await makeSystem();
    env = installWx(sys, DEMO_OPENIDS.employer);
  });
  afterEach(() => sys.close());

  const offerCalls = () => env.calls.filter((c) => c.name === 'employerOffer');

  it('given a saved template, when picked, then it fills the job and terms; sent to a pasted list, each student is answered', async () => {
    await sys.ok(employerOffer, DEMO_OPENIDS.employer, {
      action: 'saveTemplate', requestId: rid(), version: 0, name: '校招数据分析师',
      terms: { ...TERMS, structured: { internshipMonths: 12, insurance: ['pension', 'medical', 'unemployment', 'injury', 'maternity', 'housingFund'], dispatched: false } },
    });
    const page = await openPage('employer/invite', env);
    expect(page.data.templateOptions.map((o: { name: string }) => o.name)).toEqual(['校招数据分析师']);
    capture(page, 'employer-invite', 'template-pick', '邀约学生：可选邀约模板');
    await emit(page, env, '.f-template', { value: page.data.templateOptions[0].code, label: '校招数据分析师' });
    expect(page.data.form).toMatchObject({
      job: { title: '数据分析师', monthlySalary: '12000', startDate: '2026-07-01' },
      structured: { probation: 'internship', probationMonths: '12', insurance: ['pension', 'medical', 'unemployment', 'injury', 'maternity', 'housingFund'] },
    });

    await tap(page, env, '.f-batch >>> .t-switch');
    expect(page.querySelector('.f-student-no')).toBeUndefined();
    // a line without its name is stopped on the page
    await type(page, env, '.f-batch-text >>> .t-textarea__wrapper-inner', `${LI.studentNo} ${LI.name}\n2026020101`);
    await tap(page, env, button('action-submit'));
    expect(textAt(page, '.e-batch')).toBe('第2行应为“学号 姓名”：2026020101');
    expect(offerCalls()).toEqual([]);

    await type(page, env, '.f-batch-text >>> .t-textarea__wrapper-inner', `${LI.studentNo} ${LI.name}\n${WANG.studentNo}，${WANG.name}\n2026010101 张三\n2026099999 赵六`);
    expect(textAt(page, '.batch-hint')).toContain('已填写 4 名');
    expect(textAt(page, button('action-submit'))).toBe('发送 4 份邀约');
    capture(page, 'employer-invite', 'template-batch', '批量邀约：模板填入条款，粘贴学生名单');
    await tap(page, env, button('action-submit'));

    expect(offerCalls().map((c) => [(c.data as { action: string }).action, (c.data as { students: unknown[] }).students.length, c.result.ok])).toEqual([['createMany', 4, true]]);
    const offers = (await sys.all('offers')).filter((o) => [LI.studentNo, WANG.studentNo].includes(o.studentNo));
    expect(offers.map((o) => [o.studentNo, o.terms.structured?.internshipMonths])).toEqual(
      expect.arrayContaining([[LI.studentNo, 12], [WANG.studentNo, 12]]),
    );
    expect(textAt(page, '.done')).toContain('已发送 2 份邀约');
    expect(textAt(page, '.done')).toContain('2 名学生未发送，原因见下');
    expect(textOf(page)).toContain('张三（2026010101）已向该学生发出邀约，请勿重复发送');
    expect(textOf(page)).toContain('赵六（2026099999）学号与姓名不匹配');
    expect(page.querySelectorAll('.row--refused')).toHaveLength(2);
    capture(page, 'employer-invite', 'template-batch-sent', '批量邀约：逐一列出已发送与未发送的原因');
  });

  it('given the terms filled in, 存为模板 asks for a name and saves them; without a name nothing is saved', async () => {
    const page = await openPage('employer/invite', env);
    await tap(page, env, '.templates__save');
    // nothing filled: the terms are checked as an offer's before anything is asked
    expect(textAt(page, '.form-error')).toBe('存为模板前，请按提示修改标红的项目');
    expect(env.wx.showModal).not.toHaveBeenCalled();

    await fillJob(page, env);
    await choose(page, env, 'f-insurance', 'checkbox', '养老保险');
    env.modal = { confirm: true, content: '  ' };
    await tap(page, env, '.templates__save');
    expect(textAt(page, '.form-error')).toBe('请填写模板名称');
    expect(await sys.all('offerTemplates')).toEqual([]);

    env.modal = { confirm: true, content: '校招数据分析师' };
    await tap(page, env, '.templates__save');
    const [saved] = await sys.all('offerTemplates');
    expect(saved).toMatchObject({ name: '校招数据分析师', terms: { job: { title: '数据分析师', monthlySalary: 12000 }, structured: { insurance: ['pension'] } } });
    expect(env.toasts).toContain('已存为模板');
    expect(page.data.templateOptions).toEqual([{ code: saved!._id, name: '校招数据分析师' }]);
    capture(page, 'employer-invite', 'template-saved', '邀约学生：当前条款已存为模板');
  });
});
