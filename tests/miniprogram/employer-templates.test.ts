/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
/**
 * 邀约模板 (pkg/employer/templates): a certified unit lists, creates, edits and deletes its templates, each checked on
 * the page and by the server (the name, the 约定条款), and opens 邀约学生 filled from one. From the page to the store.
 */
import { DEMO_EMPLOYER_ID, DEMO_OPENIDS } from '../../server/runtime/seed';
import { makeSystem, type TestSystem } from '../support/harness';
import { capture } from './gallery';
import { installWx, openPage, settle, tap, textAt, textOf, type, type MiniEnv, type Page } from './support';

const input = (page: Page, env: MiniEnv, selector: string, value: string) => type(page, env, `${selector} >>> .t-input__control`, value);
const button = (cls: string): string => `.${cls} >>> .t-button`;
const inTerms = (cls: string): string => `.f-structured >>> .${cls}`;

async function fillJob(page: Page, env: MiniEnv): Promise<void> {
  await input(page, env, '.f-job-title', '数据分析师');
  const region = page.querySelector('.f-job-region')!;
  region.dispatchEvent('change', { detail: { value: '440305', label: '' } });
  await settle(page, env);
  await input(page, env, '.f-job-salary', '12000');
  await input(page, env, '.f-job-years', '3');
  await tap(page, env, '.f-job-date >>> .t-cell');
  await tap(page, env, '.date-picker >>> .t-picker__confirm');
  // TDesign's popup leaves on a timer of about 330 ms: gone before the page is looked at
  await new Promise((resolve) => setTimeout(resolve, 400));
}

async function chooseTrial(page: Page, env: MiniEnv, months: string): Promise<void> {
  const option = page.querySelectorAll(inTerms('terms-fields__radio')).find((o) => o.data?.label === '试用期')!;
  option.querySelector('.t-radio__content')!.dispatchEvent('tap');
  await settle(page, env);
  await input(page, env, inTerms('f-probation-months'), months);
}

describe('邀约模板 page', () => {
  let sys: TestSystem;
  let env: MiniEnv;
  beforeEach(async () => {
    sys = await makeSystem();
    env = installWx(sys, DEMO_OPENIDS.employer);
  });
  afterEach(() => sys.close());

  const calls = () => env.calls.filter((c) => c.name === 'employerOffer');
  const templates = async () => sys.all('offerTemplates');

  it('given no template, a new one is checked on the page, saved, listed, edited, used for 邀约学生 and deleted', async () => {
    const page = await openPage('employer/templates', env);
    expect(env.calls.map((c) => c.data)).toEqual([{ view: 'offerTemplates' }]);
    expect(textOf(page)).toContain('还没有邀约模板');
    capture(page, 'employer-templates', 'template-empty', '邀约模板：还没有模板');

    await tap(page, env, button('action-new'));
    await tap(page, env, button('action-save'));
    expect(textAt(page, '.e-name')).toBe('请填写模板名称');
    expect(textAt(page, '.e-jobTitle')).toBe('请填写岗位名称');
    expect(textAt(page, '.form-error')).toBe('请按提示修改标红的项目');
    expect(calls()).toEqual([]);

    await input(page, env, '.f-name', '校招数据分析师');
    await fillJob(page, env);
    await chooseTrial(page, env, '7');
    await tap(page, env, button('action-save'));
    expect(textAt(page, inTerms('e-probation'))).toBe('试用期不得超过 6 个月');
    expect(calls()).toEqual([]);
    capture(page, 'employer-templates', 'template-form-errors', '邀约模板：试用期超过 6 个月');

    await input(page, env, inTerms('f-probation-months'), '3');
    await tap(page, env, button('action-save'));
    expect(calls().map((c) => [(c.data as { action: string }).action, c.result.ok])).toEqual([['saveTemplate', true]]);
    const [saved] = await templates();
    expect(saved).toMatchObject({ employerId: DEMO_EMPLOYER_ID, name: '校招数据分析师', version: 1, terms: { job: { title: '数据分析师' }, structured: { trialMonths: 3 } } });
    expect((await sys.auditOf('offerTemplate', saved!._id)).map((e) => [e.action, e.to])).toEqual([['saveTemplate', 'saved']]);
    expect(textAt(page, '.card__name')).toBe('校招数据分析师');
    expect(textAt(page, '.card__summary')).toBe('数据分析师 · 广东省 深圳市 南山区 · 月薪 12000 元 · 试用期 3 个月');
    capture(page, 'employer-templates', 'template-list', '邀约模板：模板列表');

    // a second one under the same name: the server's refusal beside the name, nothing written
    await tap(page, env, button('action-new'));
    await input(page, env, '.f-name', '校招数据分析师');
    await fillJob(page, env);
    await tap(page, env, button('action-save'));
    expect(textAt(page, '.e-name')).toBe('已有名为“校招数据分析师”的邀约模板，请换一个模板名称');
    expect(await templates()).toHaveLength(1);
    capture(page, 'employer-templates', 'template-name-taken', '邀约模板：模板名称重复');
    await tap(page, env, button('action-cancel'));

    await tap(page, env, button('card__edit'));
    expect(page.data.form).toMatchObject({ name: '校招数据分析师', structured: { probation: 'trial', probationMonths: '3' } });
    capture(page, 'employer-templates', 'template-edit', '邀约模板：编辑模板');
    await input(page, env, '.f-name', '校招数据分析师（深圳）');
    await tap(page, env, button('action-save'));
    expect((await sys.store.get('offerTemplates', saved!._id))).toMatchObject({ name: '校招数据分析师（深圳）', version: 2 });
    expect(textAt(page, '.card__name')).toBe('校招数据分析师（深圳）');

    await tap(page, env, button('card__use'));
    expect(env.visited).toEqual([`/pkg/employer/invite/index?templateId=${saved!._id}`]);
    const invite = await openPage('employer/invite', env, { templateId: saved!._id });
    expect(invite.data.form).toMatchObject({ studentNo: '', job: { title: '数据分析师', monthlySalary: '12000' }, structured: { probation: 'trial', probationMonths: '3' } });
    expect(invite.data.templateId).toBe(saved!._id);

    const list = await openPage('employer/templates', env);
    await tap(list, env, button('card__delete'));
    expect(env.wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ content: '删除模板“校招数据分析师（深圳）”吗？已发出的邀约不受影响。' }));
    expect((await sys.store.get('offerTemplates', saved!._id))).toMatchObject({ deleted: true, version: 3 });
    expect(textOf(list)).toContain('还没有邀约模板');
  });

  it('given a unit not yet certified, the page says why and offers no form', async () => {
    const unit = (await sys.store.get('employers', DEMO_EMPLOYER_ID))!;
    await sys.store.put('employers', { ...unit, state: 'registered', version: unit.version + 1 }, unit.version);
    const page = await openPage('employer/templates', env);
    expect(textOf(page)).toContain('单位通过学校认证后才能保存邀约模板');
    expect(page.querySelector('.action-new')).toBeUndefined();
    capture(page, 'employer-templates', 'template-blocked', '邀约模板：单位未认证');
  });
});
