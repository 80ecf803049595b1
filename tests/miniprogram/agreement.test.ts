/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import { employerOffer } from '../../server/usecases/employerOffer';
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { requestTermination } from '../../server/usecases/requestTermination';
import { review } from '../../server/usecases/review';
import type { AgreementDoc, SettingsDoc } from '../../server/domain/types';
import { DEMO_EMPLOYER_ID, DEMO_OPENIDS } from '../../server/runtime/seed';
import { SETTINGS_ID } from '../../server/app/settings';
import type { AgreementView, TerminationView, TimelineEntry } from '../../typings/views';
import { actions, printNote, progress, PRINT_PAUSED, sections, status } from '../../miniprogram/pkg/utils/agreement-content';
import { fileSrc } from '../../miniprogram/utils/files';
import { accept, signedDemoAgreement } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { capture } from './gallery';
import { installWx, openPage, pngBytes, pullDown, settle, tap, textAt, textOf, type MiniEnv, type Page } from './support';

const ZHANG = DEMO_OPENIDS.student;

/** label → value of the rows inside one part of the page */
function rowsIn(page: Page, selector: string): Record<string, string> {
  const text = (c: Page): string => (c.dom?.textContent ?? '').trim();
  const values = page.querySelectorAll(`${selector} .row__value`).map(text);
  return Object.fromEntries(page.querySelectorAll(`${selector} .row__label`).map((label, i) => [text(label), values[i] ?? '']));
}

/** the titles of the status timeline, oldest first */
const timelineLabels = (page: Page, host = '.agreement__timeline'): string[] =>
  page.querySelectorAll(`${host} >>> .timeline__title`).map((t) => (t.dom?.textContent ?? '').trim());

const classOf = (node: Page | undefined): string => String(node?.toJSON().attrs.find((a) => a.name === 'class')?.value ?? '');

/** The steps of a t-steps bar as drawn: title(content):status, the status TDesign gave it (finish, process, error, default). */
function stepsIn(page: Page, host: string, item: string): string[] {
  const text = (t: Page | undefined): string => (t?.dom?.textContent ?? '').trim();
  const contents = page.querySelectorAll(`${host} >>> ${item} >>> .t-steps-item__description`).map(text);
  return page.querySelectorAll(`${host} >>> ${item} >>> .t-steps-item__title`).map((t, i) => {
    const status = /t-steps-item__title--(finish|process|error|default)\b/.exec(classOf(t))?.[1] ?? 'none';
    return `${text(t)}${contents[i] ? `(${contents[i]})` : ''}:${status}`;
  });
}
/** the 签约进度 bar */
const progressOf = (page: Page): string[] => stepsIn(page, '.agreement__progress', '.progress__step');

const button = (selector: string): string => `${selector} >>> .t-button`;
/** A TDesign button marks itself disabled on its inner button's class (which then ignores taps). */
const disabled = (page: Page, selector: string): boolean => classOf(page.querySelector(button(selector))).includes('t-button--disabled');
/** TDesign components render no element of their own: their text is read inside them */
const tagText = (page: Page, selector: string): string => textAt(page, `${selector} >>> .t-tag`);

async function setSettings(sys: TestSystem, change: Partial<SettingsDoc>): Promise<void> {
  const s = (await sys.store.get('settings', SETTINGS_ID))!;
  await sys.store.put('settings', { ...s, ...change, version: s.version + 1 } as SettingsDoc, s.version);
}

/** 学生发起签约 with a library unit and two proof images: pending college review. */
async function initiated(sys: TestSystem): Promise<{ agreement: AgreementDoc; proofs: string[] }> {
  const proofs = [await sys.upload(ZHANG, 'offer-letter.png', pngBytes('letter')), await sys.upload(ZHANG, 'contract.png', pngBytes('contract'))];
  const r = await sys.ok(initiateSigning, ZHANG, {
    action: 'submit',
    requestId: rid(),
    version: 0,
    draft: {
      employer: { employerId: DEMO_EMPLOYER_ID },
      proofFiles: proofs,
      job: { title: '数据分析师', region: '110108', monthlySalary: 12000, contractYears: 3, startDate: '2026-07-01' },
      file: { transfer: false },
      hukou: { migrate: true, address: '北京市海淀区中关村街道' },
    },
  });
  return { agreement: (await sys.store.get('agreements', r.id))!, proofs };
}

async function collegeReturns(sys: TestSystem, a: AgreementDoc, reason: string): Promise<void> {
  const r = await sys.ok(review, DEMO_OPENIDS.collegeReviewer, { requestId: rid(), decision: 'return', reason, items: [{ record: 'agreement', id: a._id, version: a.version }] });
  if (!r.results[0]!.ok) throw new Error(`return failed: ${r.results[0]!.code}`);
}

describe('我的协议书 page', () => {
  let sys: TestSystem;
  let env: MiniEnv;

  beforeEach(async () => {
    sys = await makeSystem();
    env = installWx(sys, ZHANG);
  });
  afterEach(() => sys.close());

  it('a signed agreement: number, state, origin and date; every section; the timeline in order; 打印 and 申请解约', async () => {
    const signed = await signedDemoAgreement(sys);
    const page = await openPage('agreement', env);
    expect(env.calls.map((c) => c.data)).toEqual([{ view: 'agreement' }]);

    expect(textAt(page, '.head__no')).toBe(signed.agreementNo);
    expect(tagText(page, '.head__state')).toBe('签约成功');
    expect(rowsIn(page, '.head')).toEqual({ 签约方式: '单位邀约', 签约日期: '2026年3月2日' });
    expect(page.querySelector('.head__returned')).toBeUndefined();

    expect(page.querySelectorAll('.section .card__title').map((t) => t.dom!.textContent)).toEqual([
      '学生（乙方）', '用人单位（甲方）', '工作信息', '档案', '户口', '补充条款', '解约', '办理记录',
    ]);
    expect(rowsIn(page, '.section--student')).toEqual({
      姓名: '张三', 学号: '2026010101', 性别: '男', 身份证号: '440305********1235', 院系: '计算机学院', 专业: '软件工程',
      学历: '本科', 毕业年份: '2026年', 联系电话: '13800138000',
    });
    expect(rowsIn(page, '.section--employer')).toEqual({
      单位名称: '深圳示例科技有限公司', 统一社会信用代码: '91440300MA5D8K2P1F', 单位性质: '其他企业',
      单位行业: '软件和信息技术服务业', 单位所在地: '广东省 深圳市 南山区',
      单位地址: '广东省深圳市南山区粤海街道科技南路88号', 单位联系人: '陈经理', 联系电话: '13912345678',
    });
    expect(rowsIn(page, '.section--job')).toEqual({
      岗位名称: '前端开发工程师', 工作地点: '广东省 深圳市 南山区', 月薪: '15000 元', 合同期限: '3 年', 报到日期: '2026年7月1日',
      岗位说明: '负责小程序与网页前端开发',
    });
    expect(rowsIn(page, '.section--file')).toEqual({ 档案转递: '转递', 档案接收单位: '深圳市人才交流服务中心', 档案接收地址: '深圳市福田区深南大道1号', 邮政编码: '518000' });
    expect(rowsIn(page, '.section--hukou')).toEqual({ 户口迁移: '不迁移' });
    expect(rowsIn(page, '.section--remarks')).toEqual({ 补充条款: '试用期三个月，试用期工资不低于转正工资的80%。' });
    // an offer-born agreement carries no proof of employment
    expect(page.querySelector('.section--proofs')).toBeUndefined();

    expect(timelineLabels(page)).toEqual(['应约生成协议', '院系审核通过', '学校审核通过']);
    // the top says what it is and what to do: print, and where the paper copies go
    expect(textAt(page, '.status__title')).toBe('签约成功');
    expect(textAt(page, '.status__next')).toBe('请打印协议书。请于签约成功后 7 天内将纸质协议书交至院系就业办。');
    expect(textAt(page, button('.agreement__print'))).toBe('打印协议书');
    expect(progressOf(page)).toEqual(['应约:finish', '院系审核:finish', '学校审核:finish', '签约成功:finish']);
    expect(textAt(page, '.agreement__copies')).toBe('毕业生就业协议书一式 4 份，请在打印时预设打印份数');
    expect(page.querySelector('.agreement__print')).toBeDefined();
    expect(page.querySelector('.actions')).toBeUndefined();
    expect(page.querySelector('.termination')).toBeUndefined();
    capture(page, 'agreement', 'signed', '签约成功的协议书');

    await tap(page, env, button('.agreement__terminate'));
    expect(env.visited).toEqual([`/pkg/termination/index?agreementId=${signed._id}`]);
  });

  it('with 约定条款: the job and the terms in the order the student checked them, a 违约金 above the cap in the warning colour', async () => {
    const current = (await sys.store.get('offers', 'offer-demo-1'))!;
    const structured = { internshipMonths: 12, serviceYears: 3, penaltyYuan: 8000, penaltyWarningConfirmed: true, insurance: ['pension', 'medical', 'unemployment', 'injury', 'maternity', 'housingFund'] as const, dispatched: false };
    await sys.ok(employerOffer, DEMO_OPENIDS.employer, { action: 'edit', requestId: rid(), offerId: 'offer-demo-1', version: 1, terms: { ...current.terms, structured: { ...structured, insurance: [...structured.insurance] } } });
    await accept(sys, ZHANG, 'offer-demo-1', 2);
    const page = await openPage('agreement', env);
    expect(page.querySelectorAll('.section .card__title').map((t) => t.dom!.textContent)).toContain('工作信息与约定条款');
    expect(rowsIn(page, '.section--job')).toMatchObject({
      劳务派遣: '否',
      '月薪（税前）': '15000 元',
      见习期: '12 个月',
      服务期: '3 年',
      五险一金: '五险一金齐全（养老保险、医疗保险、失业保险、工伤保险、生育保险、住房公积金）',
      违约金: '8000 元',
    });
    expect(page.querySelectorAll('.row--highlight').map((r) => textOf(r))).toEqual(['违约金8000 元']);
    capture(page, 'agreement', 'terms', '我的协议书：约定条款，违约金高于学校建议上限');
  });

  it('pending college review: no 打印 and why, no 解约, the timeline so far', async () => {
    const pending = await accept(sys, ZHANG, 'offer-demo-1');
    const page = await openPage('agreement', env);
    expect(textAt(page, '.head__no')).toBe(pending.agreementNo);
    expect(tagText(page, '.head__state')).toBe('待院系审核');
    expect(rowsIn(page, '.head')).toEqual({ 签约方式: '单位邀约' });
    expect(page.querySelector('.agreement__print')).toBeUndefined();
    expect(textAt(page, '.agreement__print-note')).toBe('协议签约成功后才能打印：院系和学校审核通过后即可在此打印。');
    expect(page.querySelector('.section--termination')).toBeUndefined();
    // an offer-born agreement is not the student's to withdraw
    expect(page.querySelector('.agreement__withdraw')).toBeUndefined();
    expect(timelineLabels(page)).toEqual(['应约生成协议']);
    expect(textAt(page, '.status__title')).toBe('等待院系审核');
    expect(textAt(page, '.status__next')).toContain('您无需操作');
    // whether or not the student allowed 微信通知, the page is where the result shows
    expect(textAt(page, '.status__next')).toContain('审核结果会显示在本页');
    expect(page.querySelector('.status__primary')).toBeUndefined();
    expect(progressOf(page)).toEqual(['应约:finish', '院系审核(审核中):process', '学校审核:default', '签约成功:default']);
    capture(page, 'agreement', 'pending', '待院系审核的协议书');
  });

  it('no agreement yet: an empty state that leads to 三方协议', async () => {
    const page = await openPage('agreement', env);
    expect(env.calls[0]!.result).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(textAt(page, '.agreement__empty')).toContain('您还没有三方协议');
    expect(page.querySelector('.agreement__error')).toBeUndefined();
    expect(page.querySelector('.head')).toBeUndefined();
    capture(page, 'agreement', 'empty', '还没有三方协议');
    await tap(page, env, button('.agreement__to-offers'));
    expect(env.wx.switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/offers/index' }));
  });

  it('someone else’s agreement by id: the server’s message, not the empty state', async () => {
    const signed = await signedDemoAgreement(sys);
    env.openid = DEMO_OPENIDS.student2;
    const page = await openPage('agreement', env, { id: signed._id });
    expect(env.calls.map((c) => c.data)).toEqual([{ view: 'agreement', id: signed._id }]);
    expect(textAt(page, '.agreement__error-text')).toBe(env.calls[0]!.result.message!);
    expect(page.querySelector('.agreement__empty')).toBeUndefined();
    expect(textOf(page)).not.toContain('张三');
  });

  it('a lost network: the message and 重试, which loads it', async () => {
    await signedDemoAgreement(sys);
    env.wx.callFunction.mockRejectedValueOnce({ errMsg: 'cloud.callFunction:fail request:fail' });
    const page = await openPage('agreement', env);
    expect(textAt(page, '.agreement__error-text')).toBe('网络不稳定，请稍后重试');
    expect(page.querySelector('.head')).toBeUndefined();
    capture(page, 'agreement', 'error', '加载失败');
    await tap(page, env, button('.agreement__retry'));
    expect(page.querySelector('.agreement__error')).toBeUndefined();
    expect(tagText(page, '.head__state')).toBe('签约成功');
  });

  it('pull-down refresh shows the new state and stops the spinner', async () => {
    const pending = await accept(sys, ZHANG, 'offer-demo-1');
    const page = await openPage('agreement', env);
    await sys.ok(review, DEMO_OPENIDS.collegeReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id: pending._id, version: pending.version }] });
    await pullDown(page, env);
    expect(tagText(page, '.head__state')).toBe('待学校审核');
    expect(textAt(page, '.agreement__print-note')).toBe('协议签约成功后才能打印：学校审核通过后即可在此打印。');
    expect(timelineLabels(page)).toEqual(['应约生成协议', '院系审核通过']);
    expect(progressOf(page)).toEqual(['应约:finish', '院系审核:finish', '学校审核(审核中):process', '签约成功:default']);
    expect(env.wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
  });

  it('back from another page (onShow again): loads again; the first onShow does not', async () => {
    await signedDemoAgreement(sys);
    const page = await openPage('agreement', env);
    expect(env.calls).toHaveLength(1);
    await (page.instance as { onShow: () => Promise<void> }).onShow();
    expect(env.calls).toHaveLength(2);
  });

  describe('student-initiated', () => {
    it('pending: 学生发起, the proof images (tap to preview), and 撤回 back to a draft', async () => {
      const { agreement, proofs } = await initiated(sys);
      const page = await openPage('agreement', env);
      expect(tagText(page, '.head__state')).toBe('待院系审核');
      expect(rowsIn(page, '.head')).toEqual({ 签约方式: '学生发起' });
      // the links the server signed for this student, on the test's clock: the page builds none itself
      const links = await sys.files.temporaryUrls(proofs);
      const srcs = proofs.map((id) => links.get(id));
      expect(srcs).toEqual(proofs.map((id) => expect.stringMatching(new RegExp(`/files/${sys.files.pathOf(id)}\\?expires=\\d+&sign=[0-9a-f]{64}$`))));
      expect(page.querySelectorAll('.section--proofs .thumb').map((t) => t.toJSON().attrs.find((a) => a.name === 'src')?.value)).toEqual(srcs);
      expect(rowsIn(page, '.section--hukou')).toEqual({ 户口迁移: '迁移', 户口迁移地址: '北京市海淀区中关村街道' });
      expect(rowsIn(page, '.section--remarks')).toEqual({ 补充条款: '无' });
      capture(page, 'agreement', 'initiated-pending', '学生发起、待院系审核');

      page.querySelectorAll('.section--proofs .thumb')[1]!.dispatchEvent('tap');
      await settle(page, env);
      expect(env.wx.previewImage).toHaveBeenCalledWith({ urls: srcs, current: srcs[1] });

      env.calls.length = 0;
      await tap(page, env, button('.agreement__withdraw'));
      expect(env.wx.showModal).toHaveBeenCalledTimes(1);
      expect(env.calls[0]).toMatchObject({ name: 'initiateSigning', data: { action: 'withdraw', agreementId: agreement._id, version: agreement.version } });
      expect(env.calls[0]!.result).toMatchObject({ ok: true, data: { state: 'draft' } });
      expect((await sys.store.get('agreements', agreement._id))!.state).toBe('draft');
      expect((await sys.auditOf('agreement', agreement._id)).at(-1)).toMatchObject({ action: 'withdraw', from: 'pendingCollege', to: 'draft', actor: { role: 'student' } });

      expect(tagText(page, '.head__state')).toBe('草稿');
      expect(page.querySelector('.agreement__withdraw')).toBeUndefined();
      expect(textAt(page, button('.agreement__edit'))).toBe('编辑并发起');
      expect(page.querySelector('.agreement__cancel')).toBeDefined();
      expect(env.toasts).toContain('已撤回');
      expect(timelineLabels(page)).toEqual(['提交', '撤回']);
    });

    it('the unit named on it reads the terms, and is told the student\'s proof is for the school only: no image, no link', async () => {
      const { agreement, proofs } = await initiated(sys);
      env = installWx(sys, DEMO_OPENIDS.employer);
      const page = await openPage('agreement', env, { id: agreement._id });
      expect(rowsIn(page, '.head')).toEqual({ 签约方式: '学生发起' });
      expect(page.querySelectorAll('.section--proofs .thumb')).toHaveLength(0);
      expect(textAt(page, '.proofs__withheld')).toBe(`学生已上传 ${proofs.length} 份，仅供学校审核，不向单位展示`);
      expect(JSON.stringify(page.data)).not.toContain(proofs[0]);
      // what the student started is theirs to take back or void: the unit is offered neither
      expect(agreement.state).toBe('pendingCollege');
      expect(page.querySelector('.agreement__withdraw')).toBeUndefined();
      expect(page.querySelector('.agreement__cancel')).toBeUndefined();
      expect(page.querySelector('.agreement__edit')).toBeUndefined();
      capture(page, 'agreement', 'initiated-as-unit', '学生发起：单位看到的协议（不展示就业证明材料）');
    });

    it('撤回 answered 取消 in the confirmation: nothing is sent', async () => {
      const { agreement } = await initiated(sys);
      const page = await openPage('agreement', env);
      env.modal = { confirm: false };
      env.calls.length = 0;
      await tap(page, env, button('.agreement__withdraw'));
      expect(env.calls).toEqual([]);
      expect((await sys.store.get('agreements', agreement._id))!.state).toBe('pendingCollege');
    });

    it('撤回 after the college has acted: the server’s refusal is shown and nothing changes', async () => {
      const { agreement } = await initiated(sys);
      const page = await openPage('agreement', env);
      await sys.ok(review, DEMO_OPENIDS.collegeReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id: agreement._id, version: agreement.version }] });
      const before = (await sys.store.get('agreements', agreement._id))!;
      env.calls.length = 0;
      await tap(page, env, button('.agreement__withdraw'));
      expect(env.calls[0]!.result).toMatchObject({ ok: false, code: 'CONFLICT' });
      expect(textAt(page, '.agreement__action-error')).toBe('该记录已被他人更新，请刷新后重试');
      expect(await sys.store.get('agreements', agreement._id)).toEqual(before);
      expect(page.data.busy).toBe(false);
    });

    it('returned by the college: the stage and reason; 编辑并重新发起 opens the form; 作废 cancels it', async () => {
      const { agreement } = await initiated(sys);
      await collegeReturns(sys, agreement, '就业证明材料不清晰，请重新上传');
      const page = await openPage('agreement', env);
      expect(tagText(page, '.head__state')).toBe('已退回');
      expect(textAt(page, '.status__title')).toBe('院系审核退回');
      expect(textAt(page, '.head__reason')).toBe('退回原因：就业证明材料不清晰，请重新上传');
      expect(textAt(page, button('.agreement__edit'))).toBe('编辑并重新发起');
      expect(page.querySelector('.agreement__withdraw')).toBeUndefined();
      expect(textAt(page, '.agreement__print-note')).toContain('协议签约成功后才能打印');
      expect(progressOf(page)).toEqual(['发起签约:finish', '院系审核(已退回):error', '学校审核:default', '签约成功:default']);
      capture(page, 'agreement', 'returned', '院系退回的协议书');

      await tap(page, env, button('.agreement__edit'));
      expect(env.visited).toEqual([`/pkg/initiate/index?id=${agreement._id}`]);

      await tap(page, env, button('.agreement__cancel'));
      const cancelled = (await sys.store.get('agreements', agreement._id))!;
      expect(cancelled.state).toBe('cancelled');
      expect((await sys.auditOf('agreement', agreement._id)).at(-1)).toMatchObject({ action: 'cancel', from: 'returned', to: 'cancelled' });
      // the student is free to sign elsewhere
      expect((await sys.store.get('students', '2026010101'))!.activeAgreementId).toBeFalsy();
      expect(tagText(page, '.head__state')).toBe('已作废');
      expect(page.querySelector('.actions')).toBeUndefined();
      expect(textAt(page, '.agreement__print-note')).toBe('协议已作废，不能打印。');
      // it stopped where the college returned it
      expect(progressOf(page)).toEqual(['发起签约:finish', '院系审核(已作废):error', '学校审核:default', '签约成功:default']);
      expect(textAt(page, button('.agreement__offers'))).toBe('去三方协议');
      capture(page, 'agreement', 'cancelled', '已作废的协议书');
    });
  });

  it('an offer-born agreement returned: the unit revises it; the student may only 作废', async () => {
    const pending = await accept(sys, ZHANG, 'offer-demo-1');
    await collegeReturns(sys, pending, '岗位名称与录用通知不一致');
    const page = await openPage('agreement', env);
    expect(textAt(page, '.head__reason')).toBe('退回原因：岗位名称与录用通知不一致');
    expect(textAt(page, '.status__next')).toContain('用人单位将按退回原因修改后重新提交审核');
    expect(page.querySelector('.status__primary')).toBeUndefined();
    expect(page.querySelector('.agreement__edit')).toBeUndefined();
    expect(page.querySelector('.agreement__cancel')).toBeDefined();
    capture(page, 'agreement', 'returned-offer', '单位邀约的协议被退回');
  });

  describe('解约', () => {
    it('a request waiting for the school: listed with its state, no second 申请解约; tapping it opens its page', async () => {
      const signed = await signedDemoAgreement(sys);
      const letter = await sys.upload(ZHANG, 'letter.png', pngBytes('letter'));
      await sys.ok(requestTermination, ZHANG, { action: 'submit', requestId: rid(), agreementId: signed._id, explanation: '单位撤销岗位', evidenceFiles: [letter] });
      const page = await openPage('agreement', env);
      expect(textAt(page, '.termination__title')).toBe('解约申请 · 2026年3月2日');
      expect(tagText(page, '.termination__state')).toBe('待学校审核');
      expect(textAt(page, '.agreement__termination-note')).toBe('解约申请已提交，等待学校审核。');
      expect(page.querySelector('.agreement__terminate')).toBeUndefined();
      // the first thing on the page is the waiting request, not 签约成功 and an active 打印
      expect(textAt(page, '.status__title')).toBe('解约申请审核中');
      expect(textAt(page, '.status__next')).toContain('您于2026年3月2日提交的解约申请正在等待学校审核');
      expect(disabled(page, '.agreement__print')).toBe(true);
      expect(textAt(page, '.agreement__print-paused')).toBe(PRINT_PAUSED);
      expect(page.querySelector('.agreement__copies')).toBeUndefined();
      expect(progressOf(page)).toEqual(['应约:finish', '院系审核:finish', '学校审核:finish', '签约成功(解约审核中):finish']);
      capture(page, 'agreement', 'termination-pending', '解约申请待学校审核');
      env.calls.length = 0;
      await tap(page, env, button('.agreement__print'));
      expect(env.calls).toEqual([]);
      await tap(page, env, button('.agreement__termination'));
      await tap(page, env, '.termination');
      expect(env.visited).toEqual([`/pkg/termination/index?agreementId=${signed._id}`, `/pkg/termination/index?agreementId=${signed._id}`]);
    });

    it('the school does not let students ask: no 申请解约, and whom to ask instead', async () => {
      await signedDemoAgreement(sys);
      await setSettings(sys, { allowStudentTermination: false });
      const page = await openPage('agreement', env);
      expect(page.querySelector('.agreement__terminate')).toBeUndefined();
      expect(textAt(page, '.agreement__termination-note')).toBe('学校暂未开放学生申请解约，如需解约请联系院系或学校就业指导中心。');
      // printing is not affected
      expect(page.querySelector('.agreement__print')).toBeDefined();
    });
  });
});

describe('我的协议书: the view mapped to rows', () => {
  const base = {
    id: 'a1', agreementNo: null, version: 1, origin: 'student', proofFiles: [], printCopies: 4, canPrint: false,
    paperCopiesNote: '请于签约成功后 7 天内将纸质协议书交至院系就业办。', canTerminate: false, terminations: [], timeline: [],
  } as unknown as AgreementView;
  const at = (state: AgreementView['state'], origin: AgreementView['origin'] = 'student'): AgreementView => ({ ...base, state, origin, asStudent: true });

  it('actions follow the state and who started the agreement', () => {
    expect(actions(at('pendingCollege'))).toEqual({ withdraw: true, edit: '', cancel: false, unitRevises: false });
    expect(actions(at('pendingCollege', 'offer'))).toEqual({ withdraw: false, edit: '', cancel: false, unitRevises: false });
    expect(actions(at('pendingSchool'))).toEqual({ withdraw: false, edit: '', cancel: false, unitRevises: false });
    expect(actions(at('draft'))).toEqual({ withdraw: false, edit: '编辑并发起', cancel: true, unitRevises: false });
    expect(actions(at('returned'))).toEqual({ withdraw: false, edit: '编辑并重新发起', cancel: true, unitRevises: false });
    expect(actions(at('returned', 'offer'))).toEqual({ withdraw: false, edit: '', cancel: true, unitRevises: true });
    for (const s of ['signed', 'terminated', 'cancelled'] as const) expect(actions(at(s))).toEqual({ withdraw: false, edit: '', cancel: false, unitRevises: false });
    // the unit or a reviewer reading what the student started is offered none of the student's actions
    for (const s of ['pendingCollege', 'draft', 'returned'] as const) {
      expect(actions({ ...at(s), asStudent: false })).toEqual({ withdraw: false, edit: '', cancel: false, unitRevises: false });
    }
  });

  it('printing: nothing to say when it can print; otherwise when it will, or that it will not', () => {
    expect(printNote({ ...at('signed'), canPrint: true })).toBe('');
    expect(printNote(at('draft'))).toContain('请先发起签约');
    expect(printNote(at('terminated'))).toBe('协议已解约，不再打印。');
  });

  /** a termination request in `state`, made on 2026-03-02 (Beijing) */
  const request = (state: TerminationView['state']): TerminationView =>
    ({ id: 't1', agreementId: 'a1', state, version: 1, explanation: '', evidence: [], createdAt: '2026-03-02T02:00:00.000Z', timeline: [] });
  const entry = (from: string | null, to: string): TimelineEntry => ({ action: 'x', label: 'x', from, to, at: '2026-03-02T02:00:00.000Z', actorRole: 'student' });
  /** the bar as title:status per step, the current one carrying the bar's status, earlier ones finish */
  const bar = (v: AgreementView): string[] => {
    const p = progress(v);
    return p.steps.map((step, i) => `${step.title}${step.content ? `(${step.content})` : ''}:${i < p.current ? 'finish' : i === p.current ? p.status : 'default'}`);
  };

  it('the progress bar: where every state stands, returned and cancelled marked where they stopped, terminated truthfully', () => {
    expect(bar(at('draft'))).toEqual(['发起签约(草稿):process', '院系审核:default', '学校审核:default', '签约成功:default']);
    expect(bar(at('pendingCollege', 'offer'))).toEqual(['应约:finish', '院系审核(审核中):process', '学校审核:default', '签约成功:default']);
    expect(bar(at('pendingSchool'))).toEqual(['发起签约:finish', '院系审核:finish', '学校审核(审核中):process', '签约成功:default']);
    expect(bar({ ...at('returned'), returnedAt: 'college' })).toEqual(['发起签约:finish', '院系审核(已退回):error', '学校审核:default', '签约成功:default']);
    expect(bar({ ...at('returned', 'offer'), returnedAt: 'school' })).toEqual(['应约:finish', '院系审核:finish', '学校审核(已退回):error', '签约成功:default']);
    expect(bar(at('signed', 'offer'))).toEqual(['应约:finish', '院系审核:finish', '学校审核:finish', '签约成功:finish']);
    // a refused or withdrawn request leaves the agreement as it was
    expect(bar({ ...at('signed', 'offer'), terminations: [request('rejected'), request('withdrawn')] })).toEqual(['应约:finish', '院系审核:finish', '学校审核:finish', '签约成功:finish']);
    expect(bar({ ...at('signed', 'offer'), terminations: [request('submitted')] })).toEqual(['应约:finish', '院系审核:finish', '学校审核:finish', '签约成功(解约审核中):finish']);
    expect(bar({ ...at('terminated', 'offer'), terminations: [request('approved')] })).toEqual(['应约:finish', '院系审核:finish', '学校审核:finish', '已解约:error']);
    // cancelled: from a draft it never left the first step; after a return, where the return was
    expect(bar({ ...at('cancelled'), timeline: [entry(null, 'draft'), entry('draft', 'cancelled')] })).toEqual(['发起签约(已作废):error', '院系审核:default', '学校审核:default', '签约成功:default']);
    expect(bar({ ...at('cancelled', 'offer'), timeline: [entry(null, 'pendingCollege'), entry('pendingCollege', 'pendingSchool'), entry('pendingSchool', 'returned'), entry('returned', 'cancelled')] }))
      .toEqual(['应约:finish', '院系审核:finish', '学校审核(已作废):error', '签约成功:default']);
  });

  it('the status card: the state in words, who acts next, one main action; 打印 paused while a termination waits', () => {
    const cases: [AgreementView, string, string][] = [
      [at('draft'), '草稿，尚未发起', 'edit'],
      [at('pendingCollege'), '等待院系审核', ''],
      [at('pendingSchool'), '等待学校审核', ''],
      [{ ...at('returned'), returnedAt: 'school' }, '学校审核退回', 'edit'],
      [{ ...at('returned', 'offer'), returnedAt: 'college' }, '院系审核退回', ''],
      [at('signed'), '签约成功', 'print'],
      [{ ...at('signed'), terminations: [request('submitted')] }, '解约申请审核中', 'termination'],
      [at('terminated'), '已解约', 'offers'],
      [at('cancelled'), '已作废', 'offers'],
    ];
    for (const [v, title, primary] of cases) expect([title, status(v).title, status(v).primary]).toEqual([title, title, primary]);
    expect(status(at('signed'))).toMatchObject({ printable: true, printPaused: '', next: '请打印协议书。请于签约成功后 7 天内将纸质协议书交至院系就业办。' });
    expect(status({ ...at('signed'), terminations: [request('submitted')] })).toMatchObject({ printable: true, printPaused: PRINT_PAUSED });
    expect(status({ ...at('returned', 'offer'), returnedAt: 'college' }).next).toContain('您无需操作');
  });

  it('档案 and 户口 rows depend on whether they move; empty remarks read 无; unknown codes stay visible', () => {
    const content = {
      student: { studentNo: '1', name: '甲', gender: '女', idNumberMasked: 'x', collegeId: 'c', collegeName: '学院', major: '专业', educationLevel: '11', graduationYear: 2026, phone: '1' },
      employer: { name: '单位', uscc: 'u', nature: '21', industry: '65', region: '999999', address: 'a', contactName: 'c', contactPhone: 'p' },
      job: { title: 't', region: '110101', monthlySalary: 8000, contractYears: 0.5, startDate: '2026-07-15' },
      file: { transfer: false },
      hukou: { migrate: false },
      remarks: '  ',
    } as AgreementView['content'];
    const byKey = Object.fromEntries(sections(content).map((s) => [s.key, Object.fromEntries(s.rows.map((r) => [r.label, r.value]))]));
    expect(byKey['student']).toMatchObject({ 学历: '硕士研究生' });
    expect(byKey['employer']).toMatchObject({ 单位性质: '高等教育单位', 单位所在地: '999999' });
    expect(byKey['job']).toMatchObject({ 工作地点: '北京市 东城区', 合同期限: '0.5 年', 报到日期: '2026年7月15日' });
    expect(byKey['job']).not.toHaveProperty('岗位说明');
    expect(byKey['file']).toEqual({ 档案转递: '不转递' });
    expect(byKey['hukou']).toEqual({ 户口迁移: '不迁移' });
    expect(byKey['remarks']).toEqual({ 补充条款: '无' });
  });

  it('files: shown by the link the view carries, never by a path the page makes up from the id', () => {
    expect(fileSrc({ fileId: 'local://uploads/f/a.png', sha256: 'x', url: 'http://127.0.0.1:3000/files/uploads/f/a.png?expires=1&sign=ab' })).toBe(
      'http://127.0.0.1:3000/files/uploads/f/a.png?expires=1&sign=ab',
    );
    expect(fileSrc({ fileId: 'cloud://env-1.abc/uploads/f/a.png', sha256: 'x', url: null })).toBe('');
  });
});
