/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import { employerOffer } from '../../server/usecases/employerOffer';
import { review } from '../../server/usecases/review';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { SETTINGS_ID } from '../../server/app/settings';
import { accept, TERMS } from '../support/agreements';
import { DAY, makeSystem, rid, T0, type TestSystem } from '../support/harness';
import { expectFormLabels } from './form-labels';
import { capture } from './gallery';
import { installWx, openPage, pullDown, settle, tap, textAt, textOf, type, type MiniEnv, type Page } from './support';

const LI = { studentNo: '2026010102', name: '李四', openid: DEMO_OPENIDS.student2 };
const DEMO_OFFER = 'offer-demo-1';

const input = (page: Page, env: MiniEnv, cls: string, value: string) => type(page, env, `.${cls} >>> .t-input__control`, value);
const button = (cls: string): string => `.${cls} >>> .t-button`;

async function chooseCode(page: Page, env: MiniEnv, cls: string, value: string): Promise<void> {
  const target = page.querySelector(`.${cls}`);
  if (!target) throw new Error(`no ${cls}`);
  target.dispatchEvent('change', { detail: { value, label: '' } });
  await settle(page, env);
}

async function fillJob(page: Page, env: MiniEnv): Promise<void> {
  await input(page, env, 'f-job-title', '测试开发工程师');
  await chooseCode(page, env, 'f-job-region', '440305');
  await chooseCode(page, env, 'f-job-category', '13');
  await input(page, env, 'f-job-salary', '14000');
  await input(page, env, 'f-job-years', '3');
  await tap(page, env, '.f-job-date >>> .t-cell');
  await tap(page, env, '.date-picker >>> .t-picker__confirm');
  expect(page.data.form.job.startDate).toBe(page.data.today);
  await type(page, env, '.f-job-description >>> .t-textarea__wrapper-inner', '负责自动化测试平台');
  await tap(page, env, '.f-file-transfer >>> .t-switch');
  await input(page, env, 'f-file-receiver', '深圳市人才交流服务中心');
  await input(page, env, 'f-file-address', '深圳市福田区深南大道1号');
  await input(page, env, 'f-file-postcode', '518000');
  await tap(page, env, '.f-hukou-migrate >>> .t-switch');
  await input(page, env, 'f-hukou-address', '深圳市南山区粤海街道');
  await type(page, env, '.f-remarks >>> .t-textarea__wrapper-inner', '试用期三个月');
}

describe('邀约学生 page', () => {
  let sys: TestSystem;
  let env: MiniEnv;

  beforeEach(async () => {
    sys = await makeSystem();
    env = installWx(sys, DEMO_OPENIDS.employer);
  });
  afterEach(() => sys.close());

  const offerCalls = () => env.calls.filter((c) => c.name === 'employerOffer');
  const offersTo = async (studentNo: string) => (await sys.all('offers')).filter((o) => o.studentNo === studentNo);

  it('the demo employer invites 李四: validity defaults to the school’s, consent asked, the offer open and the student told', async () => {
    const page = await openPage('employer/invite', env);
    const ttl = (await sys.store.get('settings', SETTINGS_ID))!.offerTtlDays;
    expect(page.data.form.validDays).toBe(String(ttl));
    expect(textAt(page, '.valid-hint')).toBe(`学生须在有效期内应约，过期邀约自动失效。默认 ${ttl} 天，最长 60 天。`);
    expect(expectFormLabels(page)).toEqual(expect.arrayContaining(['学号', '姓名', '岗位名称', '工作地点', '报到日期', '档案转递', '户口迁移', '有效期']));
    capture(page, 'employer-invite', 'new', '邀约学生：新填写');

    await input(page, env, 'f-student-no', LI.studentNo);
    await input(page, env, 'f-student-name', ` ${LI.name} `);
    await fillJob(page, env);
    await input(page, env, 'f-valid-days', '7');
    await tap(page, env, button('action-submit'));

    expect(env.wx.requestSubscribeMessage).toHaveBeenCalledTimes(1);
    expect(env.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['demo-tmpl-offer-answered', 'demo-tmpl-review-result'] }));
    expect(offerCalls().map((c) => [c.data, c.result.ok])).toEqual([
      [
        {
          action: 'create',
          requestId: expect.any(String),
          studentNo: LI.studentNo,
          studentName: LI.name,
          validDays: 7,
          terms: {
            job: { title: '测试开发工程师', region: '440305', monthlySalary: 14000, contractYears: 3, startDate: page.data.today, description: '负责自动化测试平台', jobCategory: '13' },
            file: { transfer: true, receiver: '深圳市人才交流服务中心', address: '深圳市福田区深南大道1号', postcode: '518000' },
            hukou: { migrate: true, address: '深圳市南山区粤海街道' },
            remarks: '试用期三个月',
            // nothing ticked under 约定条款: no 五险一金 named, not dispatched, nothing else agreed
            structured: { insurance: [], dispatched: false },
          },
        },
        true,
      ],
    ]);
    const [offer] = await offersTo(LI.studentNo);
    expect(offer).toMatchObject({
      state: 'open',
      version: 1,
      studentName: LI.name,
      employerId: 'emp-demo',
      expiresAt: new Date(Date.parse(T0) + 7 * DAY).toISOString(),
      terms: { job: { title: '测试开发工程师', monthlySalary: 14000 }, remarks: '试用期三个月' },
    });
    expect((await sys.auditOf('offer', offer!._id)).map((e) => [e.action, e.from, e.to, e.actor.openid])).toEqual([['create', null, 'open', DEMO_OPENIDS.employer]]);
    const told = (await sys.all('outbox')).filter((m) => m.to === LI.openid);
    expect(told.map((m) => [m.template, m.page])).toEqual([['offerReceived', `pkg/offer/index?id=${offer!._id}`]]);
    expect(Object.values(told[0]!.data)).toEqual(expect.arrayContaining(['深圳示例科技有限公司', '测试开发工程师']));

    expect(textAt(page, '.done')).toContain('邀约已发送');
    expect(textOf(page)).toContain('李四（2026010102）');
    expect(textOf(page)).toContain('有效期至2026年3月9日');
    capture(page, 'employer-invite', 'sent', '邀约已发送');
    await tap(page, env, button('done__list'));
    expect(env.visited).toEqual(['/pkg/employer/offers/index']);
    await tap(page, env, button('done__again'));
    expect(page.querySelector('.done')).toBeUndefined();
    expect(page.data.form).toMatchObject({ studentNo: '', studentName: '', validDays: String(ttl), job: { title: '' } });
  });

  it('a wrong name for the 学号: the server’s refusal shown plainly, nothing written; an empty form is stopped on the page', async () => {
    const page = await openPage('employer/invite', env);
    await tap(page, env, button('action-submit'));
    expect(textAt(page, '.e-studentNo')).toBe('请填写学号');
    expect(textAt(page, '.e-studentName')).toBe('请填写学生姓名');
    expect(textAt(page, '.e-jobTitle')).toBe('请填写岗位名称');
    expect(textAt(page, '.e-jobRegion')).toBe('请选择工作地点');
    expect(textAt(page, '.e-jobStartDate')).toBe('请选择报到日期');
    expect(textAt(page, '.form-error')).toBe('请按提示修改标红的项目');
    expect(offerCalls()).toEqual([]);
    expect(env.wx.requestSubscribeMessage).not.toHaveBeenCalled();
    capture(page, 'employer-invite', 'validation', '未填写完整：逐项提示');

    await input(page, env, 'f-student-no', LI.studentNo);
    await input(page, env, 'f-student-name', '李五');
    await fillJob(page, env);
    await input(page, env, 'f-valid-days', '90');
    await tap(page, env, button('action-submit'));
    expect(textAt(page, '.e-validDays')).toBe('有效期应为1至60天的整数');
    expect(offerCalls()).toEqual([]);

    await input(page, env, 'f-valid-days', '10');
    const outboxBefore = (await sys.all('outbox')).length;
    await tap(page, env, button('action-submit'));
    expect(offerCalls().map((c) => c.result.code)).toEqual(['ROSTER_MISMATCH']);
    expect(textAt(page, '.form-error')).toBe('学号与姓名不匹配');
    expect(page.querySelector('.form-error__reload')).toBeUndefined();
    expect(page.querySelector('.done')).toBeUndefined();
    expect(await offersTo(LI.studentNo)).toEqual([]);
    expect((await sys.all('outbox')).length).toBe(outboxBefore);
    expect(page.data.busy).toBe(false);
    capture(page, 'employer-invite', 'roster-mismatch', '学号与姓名不匹配');

    // corrected, the same form goes through
    await input(page, env, 'f-student-name', LI.name);
    await tap(page, env, button('action-submit'));
    expect((await offersTo(LI.studentNo)).map((o) => o.state)).toEqual(['open']);
  });

  it('edits an open offer: prefilled, the student locked; the version bumps, the deadline stays, audited, the student told', async () => {
    const before = (await sys.store.get('offers', DEMO_OFFER))!;
    const page = await openPage('employer/invite', env, { id: DEMO_OFFER });
    expect(env.wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '修改邀约' });
    expect(page.querySelector('.f-student-no')).toBeUndefined();
    expect(textAt(page, '.locked')).toContain('2026010101');
    expect(textAt(page, '.locked')).toContain('张三');
    expect(page.data.form).toMatchObject({
      validDays: '',
      job: { title: '前端开发工程师', monthlySalary: '15000', contractYears: '3', startDate: '2026-07-01' },
      file: { transfer: true, receiver: '深圳市人才交流服务中心', postcode: '518000' },
      hukou: { migrate: false },
    });
    expect(textAt(page, '.valid-hint')).toBe('当前截止：2026年3月16日 10:00。填写天数则从现在起重新计算。');
    expect(page.data.submitText).toBe('保存修改');
    expect(expectFormLabels(page)).toEqual(expect.arrayContaining(['学号', '姓名', '岗位名称', '档案接收单位', '档案接收地址', '邮政编码']));
    expect(textAt(page, '.f-job-date .form-value')).toBe('2026年7月1日');
    capture(page, 'employer-invite', 'edit', '修改邀约');

    sys.advance(DAY);
    await input(page, env, 'f-job-salary', '16000');
    await tap(page, env, button('action-submit'));
    expect(offerCalls().map((c) => c.data)).toEqual([
      expect.objectContaining({ action: 'edit', offerId: DEMO_OFFER, version: 1, terms: expect.objectContaining({ job: expect.objectContaining({ monthlySalary: 16000 }) }) }),
    ]);
    expect(offerCalls()[0]!.data).not.toHaveProperty('validDays');
    const after = (await sys.store.get('offers', DEMO_OFFER))!;
    expect(after).toMatchObject({ state: 'open', version: 2, expiresAt: before.expiresAt, terms: { job: { monthlySalary: 16000 }, remarks: before.terms.remarks } });
    expect((await sys.auditOf('offer', DEMO_OFFER)).map((e) => [e.action, e.from, e.to])).toEqual([
      ['create', null, 'open'],
      ['edit', 'open', 'open'],
    ]);
    const told = (await sys.all('outbox')).filter((m) => m.to === DEMO_OPENIDS.student && m.template === 'offerReceived');
    expect(told.map((m) => Object.values(m.data).some((x) => x.includes('已修改')))).toEqual([false, true]);
    expect(textAt(page, '.done')).toContain('邀约已修改');
    expect(page.querySelector('.done__again')).toBeUndefined();
    capture(page, 'employer-invite', 'edited', '邀约已修改');
  });

  it('a new validity on edit counts from now', async () => {
    const page = await openPage('employer/invite', env, { id: DEMO_OFFER });
    sys.advance(2 * DAY);
    await input(page, env, 'f-valid-days', '30');
    await tap(page, env, button('action-submit'));
    expect(offerCalls()[0]!.data).toMatchObject({ action: 'edit', validDays: 30 });
    expect((await sys.store.get('offers', DEMO_OFFER))!.expiresAt).toBe(new Date(Date.parse(T0) + 32 * DAY).toISOString());
  });

  it('edited elsewhere meanwhile: CONFLICT shown with 重新加载, nothing overwritten; reloaded, the edit goes through', async () => {
    const page = await openPage('employer/invite', env, { id: DEMO_OFFER });
    // another HR contact of the unit changes the title first
    await sys.ok(employerOffer, DEMO_OPENIDS.employer, {
      action: 'edit',
      requestId: rid(),
      offerId: DEMO_OFFER,
      version: 1,
      terms: { ...(await sys.store.get('offers', DEMO_OFFER))!.terms, job: { ...TERMS.job, title: '高级前端工程师' } },
    });
    await input(page, env, 'f-job-salary', '18000');
    await tap(page, env, button('action-submit'));
    expect(offerCalls().map((c) => c.result.code)).toEqual(['CONFLICT']);
    expect(textAt(page, '.form-error__text')).toBe('该记录已被他人更新，请刷新后重试');
    expect(await sys.store.get('offers', DEMO_OFFER)).toMatchObject({ version: 2, terms: { job: { title: '高级前端工程师', monthlySalary: 12000 } } });
    capture(page, 'employer-invite', 'conflict', '已在别处修改：请重新加载');

    await tap(page, env, button('form-error__reload'));
    expect(page.querySelector('.form-error')).toBeUndefined();
    expect(page.data.version).toBe(2);
    expect(page.data.form.job.title).toBe('高级前端工程师');
    await input(page, env, 'f-job-salary', '18000');
    await tap(page, env, button('action-submit'));
    expect(await sys.store.get('offers', DEMO_OFFER)).toMatchObject({ version: 3, terms: { job: { title: '高级前端工程师', monthlySalary: 18000 } } });
  });

  it('an offer no longer open cannot be edited: the page says so and links back to the list', async () => {
    await sys.ok(employerOffer, DEMO_OPENIDS.employer, { action: 'withdraw', requestId: rid(), offerId: DEMO_OFFER, version: 1 });
    const page = await openPage('employer/invite', env, { id: DEMO_OFFER });
    expect(textAt(page, '.notice')).toContain('该邀约当前状态为“已撤回”，不能再修改');
    expect(page.querySelector('.action-submit')).toBeUndefined();
    await tap(page, env, button('notice__action'));
    expect(env.visited).toEqual(['/pkg/employer/offers/index']);
  });

  describe('an accepted offer’s agreement returned by the college', () => {
    let agreementId: string;

    beforeEach(async () => {
      const accepted = await accept(sys, DEMO_OPENIDS.student, DEMO_OFFER);
      const r = await sys.ok(review, DEMO_OPENIDS.collegeReviewer, {
        requestId: rid(),
        decision: 'return',
        reason: '月薪与录用通知不一致',
        items: [{ record: 'agreement', id: accepted._id, version: accepted.version }],
      });
      expect(r.results[0]).toMatchObject({ ok: true, state: 'returned' });
      agreementId = accepted._id;
    });

    it('opens prefilled with the reason; 重新提交 sends the revised terms back to the college, audited', async () => {
      const before = (await sys.store.get('agreements', agreementId))!;
      const page = await openPage('employer/invite', env, { agreementId });
      expect(env.wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '修改协议' });
      expect(textAt(page, '.returned__title')).toBe('院系审核退回');
      expect(textAt(page, '.returned__reason')).toBe('退回原因：月薪与录用通知不一致');
      expect(textAt(page, '.head__no')).toBe(`协议编号：${before.agreementNo}`);
      expect(textAt(page, '.locked')).toContain('张三');
      expect(page.querySelector('.f-valid-days')).toBeUndefined();
      expect(page.data.form.job).toMatchObject({ title: '前端开发工程师', monthlySalary: '15000' });
      expect(page.data.timeline.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['collegeReturn']));
      expect(textOf(page)).toContain('协议进度');
      capture(page, 'employer-invite', 'revise', '修改被退回的协议');

      await input(page, env, 'f-job-salary', '15500');
      await tap(page, env, button('action-submit'));
      expect(env.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['demo-tmpl-review-result'] }));
      expect(offerCalls().map((c) => c.data)).toEqual([
        { action: 'revise', requestId: expect.any(String), agreementId, version: before.version, terms: expect.objectContaining({ job: expect.objectContaining({ monthlySalary: 15500 }) }) },
      ]);
      const after = (await sys.store.get('agreements', agreementId))!;
      expect(after).toMatchObject({ state: 'pendingCollege', version: before.version + 1, agreementNo: before.agreementNo });
      expect(after.content.job.monthlySalary).toBe(15500);
      expect(after.content.student).toEqual(before.content.student);
      expect(after.returnReason).toBeUndefined();
      expect((await sys.auditOf('agreement', agreementId)).map((e) => [e.action, e.from, e.to]).slice(-2)).toEqual([
        ['collegeReturn', 'pendingCollege', 'returned'],
        ['revise', 'returned', 'pendingCollege'],
      ]);
      expect(textAt(page, '.done')).toContain('协议已重新提交');
      expect(textOf(page)).toContain('待院系审核');
      capture(page, 'employer-invite', 'revised', '协议已重新提交');

      // reopened, it is no longer the unit's to change
      const again = await openPage('employer/invite', env, { agreementId });
      expect(textAt(again, '.notice')).toContain('该协议当前状态为“待院系审核”，不能修改');
    });

    it('revised elsewhere meanwhile: CONFLICT with 重新加载, and the agreement stays as the other revision left it', async () => {
      const page = await openPage('employer/invite', env, { agreementId });
      const current = (await sys.store.get('agreements', agreementId))!;
      await sys.ok(employerOffer, DEMO_OPENIDS.employer, { action: 'revise', requestId: rid(), agreementId, version: current.version, terms: TERMS });
      await input(page, env, 'f-job-salary', '15500');
      await tap(page, env, button('action-submit'));
      expect(offerCalls().map((c) => c.result.code)).toEqual(['CONFLICT']);
      expect(textAt(page, '.form-error__text')).toBe('该记录已被他人更新，请刷新后重试');
      expect(page.querySelector('.form-error__reload')).toBeDefined();
      expect((await sys.store.get('agreements', agreementId))!.content.job.monthlySalary).toBe(TERMS.job.monthlySalary);
    });
  });

  it('a failed load shows the message and 重试; pull-down with unsaved edits asks first', async () => {
    env.wx.callFunction.mockRejectedValueOnce({ errMsg: 'cloud.callFunction:fail request:fail' });
    const page = await openPage('employer/invite', env);
    expect(textAt(page, '.invite__load-error')).toContain('网络不稳定，请稍后重试');
    capture(page, 'employer-invite', 'load-error', '加载失败');
    await tap(page, env, button('invite__retry'));
    expect(page.querySelector('.action-submit')).toBeDefined();

    await input(page, env, 'f-job-title', '会计');
    env.modal = { confirm: false };
    const calls = env.calls.length;
    await pullDown(page, env);
    expect(env.wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '刷新将放弃未提交的修改，确定刷新吗？' }));
    expect(env.calls.length).toBe(calls);
    expect(page.data.form.job.title).toBe('会计');
    env.modal = { confirm: true };
    await pullDown(page, env);
    expect(page.data.form.job.title).toBe('');
    expect(env.wx.stopPullDownRefresh).toHaveBeenCalledTimes(2);
  });
});
