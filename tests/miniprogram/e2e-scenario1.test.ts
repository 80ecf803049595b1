/**
 * @jest-environment ./tests/miniprogram/environment.ts
 *
 * End to end, the manual's flow chart 1 (单位邀约): 生源核查 → the unit's invitation → 应约 → 院系审核 → 学校审核 →
 * 签约成功 and 打印. Every step is taken on the pages by the person whose step it is, on one SQLite system; the store
 * is only read, to check what the steps left behind.
 */
import { verificationCode } from '../../server/domain/document';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { verifyAudit } from '../../server/app/verifyAudit';
import { capture } from './gallery';
import {
  acceptFromHome,
  as,
  button,
  decideFromQueue,
  follow,
  inviteStudent,
  LI,
  showAgain,
  startJourney,
  submitSourceCheck,
  tagText,
  texts,
  type Journey,
} from './e2e-support';
import { openPage, pullDown, tap, textAt, textOf, type Page } from './support';

const TITLE = `${LI.name} ${LI.studentNo}`;
const SOURCE = `source:${LI.studentNo}`;

let j: Journey;
beforeEach(async () => {
  j = await startJourney();
});
afterEach(() => j.sys.close());

const todos = (home: Page): string[] => texts(home, '.todo >>> .t-cell__title-text');
const statusTag = (home: Page, key: string): string => textAt(home, `.status__cell--${key} .status__tag >>> .t-tag__text`);
const rate = (stats: Page, key: string): string => textAt(stats, `.stats-card--${key} .stats-card__rate-value`);
const timeline = (page: Page, host: string): string[] => texts(page, `${host} >>> .timeline__title`);

it('流程一 单位邀约: 生源核查, invitation, 应约, college and school review, 签约成功 and 打印 — all on the pages', async () => {
  const { sys, env } = j;

  // 统计 before: the computer college has signed no one yet
  as(j, DEMO_OPENIDS.collegeReviewer);
  const statsBefore = await openPage('review/stats', env);
  expect(rate(statsBefore, 'cs')).toBe('0.0%');

  // —— 1. 李四 does 生源核查: from the home to-do, 开始核验, the required fields, 提交 ——
  const { home: freshHome, check } = await submitSourceCheck(j, LI.openid, {
    phone: '13900139000',
    email: 'lisi@example.com',
    homeAddress: '北京市东城区东华门街道1号',
  });
  expect(todos(freshHome)).toEqual(['请完成生源核查', '请完成毕业去向登记']);
  expect(statusTag(freshHome, 'source')).toBe('未开始');
  expect(textAt(check, '.status__tag >>> .t-tag__text')).toBe('待审核');
  expect(textAt(check, '.check__banner')).toContain('审核通过，才可以进行在线签约业务');
  expect(env.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['demo-tmpl-review-result'] }));
  expect(await sys.store.get('checks', SOURCE)).toMatchObject({ state: 'submitted', fields: expect.objectContaining({ name: '李四', phone: '13900139000' }) });
  capture(check, 'e2e-scenario1', 'source-submitted', '流程一：李四提交生源核查');

  // —— 2. the computer college's reviewer: 审核 → 生源核查 → 李四 → 通过 ——
  const sourceReview = await decideFromQueue(j, DEMO_OPENIDS.collegeReviewer, 'sourceCheck', TITLE, { decision: 'approve' }, (detail) => {
    expect(textAt(detail, '.head__title')).toBe(TITLE);
    expect(textAt(detail, '.head__state >>> .t-tag')).toBe('待审核');
    expect(textAt(detail, '.field--phone .field__value')).toBe('13900139000');
    capture(detail, 'e2e-scenario1', 'source-review', '流程一：院系审核生源信息');
  });
  expect(env.toasts).toContain('已通过');
  expect(textAt(sourceReview.queues, '.list__empty')).toBe('暂无待审核记录');
  expect((await sys.store.get('checks', SOURCE))!.state).toBe('approved');
  expect((await sys.auditOf('check', SOURCE)).map((e) => [e.action, e.actor.openid])).toEqual([
    ['submit', LI.openid],
    ['approve', DEMO_OPENIDS.collegeReviewer],
  ]);

  // 李四, back on his check page, pulls down: 审核通过, the signing banner gone
  as(j, LI.openid);
  await pullDown(check, env);
  expect(textAt(check, '.status__tag >>> .t-tag__text')).toBe('审核通过');
  expect(check.querySelector('.check__banner')).toBeUndefined();

  // —— 3. the unit invites 李四: 单位 tab → 邀约学生 → the form → 发起邀约 ——
  const { invite, offerId } = await inviteStudent(j, LI);
  expect(textAt(invite, '.done')).toContain('邀约已发送');
  expect(textOf(invite)).toContain('李四（2026010102）');
  capture(invite, 'e2e-scenario1', 'invited', '流程一：单位已向李四发出邀约');
  expect(await sys.store.get('offers', offerId)).toMatchObject({ state: 'open', studentNo: LI.studentNo, employerId: 'emp-demo', terms: { job: { title: '测试开发工程师', monthlySalary: 14000 } } });
  // the list of the unit's offers: waiting for the answer
  await tap(invite, env, button('done__list'));
  const employerOffers = await follow(j, '/pkg/employer/offers/index');
  expect(textAt(employerOffers, `.offer--${offerId} .offer__state`)).toBe('待学生答复');
  expect(textAt(employerOffers, `.offer--${offerId} .offer__answer`)).toBe('等待学生答复');

  // —— 4. 李四 sees the to-do on his home page, opens the offer, 应约 ——
  const { home, offer, agreement } = await acceptFromHome(j, LI.openid);
  expect(todos(home)).toEqual([expect.stringMatching(/^有 1 条邀约待处理，\d+ 天后失效$/), '请完成毕业去向登记']);
  expect(statusTag(home, 'source')).toBe('审核通过');
  expect(env.wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '确认应约', confirmText: '应约' }));
  expect(textAt(offer, '.banner__label')).toBe('已应约');
  const agreementId = agreement.data.view.id as string;
  const pending = (await sys.store.get('agreements', agreementId))!;
  expect(pending).toMatchObject({ state: 'pendingCollege', origin: 'offer', offerId, studentNo: LI.studentNo });
  expect(pending.agreementNo).toMatch(/^20261000131\d{6}$/);
  expect((await sys.store.get('offers', offerId))!).toMatchObject({ state: 'accepted', agreementId });
  expect((await sys.store.get('students', LI.studentNo))!.activeAgreementId).toBe(agreementId);
  expect(textAt(agreement, '.head__no')).toBe(pending.agreementNo);
  expect(tagText(agreement, '.head__state')).toBe('待院系审核');
  expect(agreement.querySelector('.agreement__print')).toBeUndefined();
  capture(offer, 'e2e-scenario1', 'accepted', '流程一：李四已应约');

  // the unit sees the answer on its list
  as(j, DEMO_OPENIDS.employer);
  await showAgain(j, employerOffers);
  expect(textAt(employerOffers, `.offer--${offerId} .offer__state`)).toBe('已应约');
  expect(textAt(employerOffers, `.offer--${offerId} .agreement__state`)).toBe('三方协议待院系审核');

  // —— 5. 院系审核: 三方协议（院系审核） → 李四 → 通过 ——
  await decideFromQueue(j, DEMO_OPENIDS.collegeReviewer, 'agreementCollege', TITLE, { decision: 'approve' }, (detail) => {
    expect(textAt(detail, '.head__state >>> .t-tag')).toBe('待院系审核');
    expect(textAt(detail, '.section--job')).toContain('测试开发工程师');
    capture(detail, 'e2e-scenario1', 'college-review', '流程一：院系审核三方协议');
  });
  expect((await sys.store.get('agreements', agreementId))!.state).toBe('pendingSchool');

  // —— 6. 学校审核: 三方协议（学校审核） → 李四 → 通过: 签约成功 ——
  const schoolReview = await decideFromQueue(j, DEMO_OPENIDS.schoolReviewer, 'agreementSchool', TITLE, { decision: 'approve' }, (detail) => {
    expect(textAt(detail, '.head__state >>> .t-tag')).toBe('待学校审核');
  });
  expect(textAt(schoolReview.queues, '.list__empty')).toBe('暂无待审核记录');
  const signed = (await sys.store.get('agreements', agreementId))!;
  expect(signed).toMatchObject({ state: 'signed', agreementNo: pending.agreementNo, signedAt: expect.any(String) });
  expect((await sys.auditOf('agreement', agreementId)).map((e) => [e.action, e.actor.role])).toEqual([
    ['createFromOffer', 'student'],
    ['collegeApprove', 'collegeReviewer'],
    ['schoolApprove', 'schoolReviewer'],
  ]);

  // —— 7. 李四's agreement page (shown again): 签约成功, and 打印 opens the PDF ——
  as(j, LI.openid);
  await showAgain(j, agreement);
  expect(tagText(agreement, '.head__state')).toBe('签约成功');
  expect(timeline(agreement, '.agreement__timeline')).toEqual(['应约生成协议', '院系审核通过', '学校审核通过']);
  await tap(agreement, env, button('agreement__print'));
  const printed = env.calls.filter((c) => c.name === 'printAgreement');
  expect(printed.map((c) => c.result)).toEqual([
    expect.objectContaining({ ok: true, data: expect.objectContaining({ agreementNo: signed.agreementNo, verificationCode: verificationCode(signed) }) }),
  ]);
  expect(env.downloads.map((d) => d.url)).toEqual([(printed[0]!.result.data as { url: string }).url]);
  expect(env.downloads[0]!.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(env.wx.openDocument).toHaveBeenCalledWith(expect.objectContaining({ fileType: 'pdf', showMenu: true }));
  expect(textAt(agreement, '.agreement__printed')).toBe(`协议书（编号 ${signed.agreementNo}）已打开，可从右上角菜单打印或发送。`);
  capture(agreement, 'e2e-scenario1', 'signed-printed', '流程一：签约成功，协议书已打开');

  // his home page: 签约成功, and the next step is 就业信息核验
  await showAgain(j, home);
  expect(statusTag(home, 'agreement')).toBe('签约成功');
  // the school's approval registered 毕业去向 (签就业协议形式就业): the student confirms it
  expect(todos(home)).toEqual(['请完成就业信息核验', '请确认您的毕业去向信息真实准确（本人确认）']);

  // —— 8. the unit's list shows the signed agreement ——
  as(j, DEMO_OPENIDS.employer);
  await showAgain(j, employerOffers);
  expect(textAt(employerOffers, `.offer--${offerId} .agreement__state`)).toBe('三方协议签约成功');
  capture(employerOffers, 'e2e-scenario1', 'employer-signed', '流程一：单位看到签约成功');

  // —— 9. what the store holds ——
  // every record's audit chain intact, records and log in agreement
  const audit = await verifyAudit(sys.store);
  expect(audit.broken).toEqual([]);
  expect(audit.entries).toBeGreaterThan(0);
  // each party told what concerns them, in order (the seed's own offer to 张三 aside)
  const outbox = (await sys.all('outbox')).filter((m) => m.to !== DEMO_OPENIDS.student).sort((a, b) => a._id.localeCompare(b._id));
  expect(outbox.map((m) => [m.to, m.template, Object.values(m.data).slice(0, 2)])).toEqual([
    [LI.openid, 'reviewResult', ['生源核查', '通过']],
    [LI.openid, 'offerReceived', ['深圳示例科技有限公司', '测试开发工程师']],
    [DEMO_OPENIDS.employer, 'offerAnswered', ['李四', '已应约']],
    [LI.openid, 'reviewResult', ['三方协议院系审核', '通过']],
    [LI.openid, 'reviewResult', ['三方协议学校审核', '签约成功']],
    [DEMO_OPENIDS.employer, 'reviewResult', ['李四的三方协议', '签约成功']],
  ]);
  expect(outbox.map((m) => m.page)).toEqual([
    'pkg/check/index?kind=source',
    `pkg/offer/index?id=${offerId}`,
    'pkg/employer/offers/index',
    `pkg/agreement/index?id=${agreementId}`,
    `pkg/agreement/index?id=${agreementId}`,
    'pkg/employer/offers/index',
  ]);

  // —— 10. 统计: the college's 签约率 now counts 李四 (1 of its 2 graduates); the school's, 1 of 3 ——
  as(j, DEMO_OPENIDS.collegeReviewer);
  await showAgain(j, statsBefore);
  expect(rate(statsBefore, 'cs')).toBe('50.0%');
  as(j, DEMO_OPENIDS.schoolReviewer);
  const schoolStats = await openPage('review/stats', env);
  expect(rate(schoolStats, 'total')).toBe('33.3%');
  expect(rate(schoolStats, 'cs')).toBe('50.0%');
  capture(schoolStats, 'e2e-scenario1', 'stats', '流程一：统计中的签约率');
});
