/**
 * @jest-environment ./tests/miniprogram/environment.ts
 *
 * End to end, the manual's flow chart 2 (学生发起): 王五 binds his WeChat, passes 生源核查, fills 发起签约 with a
 * unit from the school's library and a proof image, 保存 then 发起; his college returns it with a reason, which he
 * reads on his agreement page, then edits and sends again; college and school approve: 签约成功. Every step is
 * taken on the pages by the person whose step it is; the store is only read, to check what the steps left behind.
 */
import { DEMO_EMPLOYER_ID, DEMO_OPENIDS } from '../../server/runtime/seed';
import { verifyAudit } from '../../server/app/verifyAudit';
import { capture } from './gallery';
import {
  as,
  button,
  decideFromQueue,
  fillJob,
  follow,
  picked,
  showAgain,
  startJourney,
  submitSourceCheck,
  tagText,
  texts,
  until,
  type Journey,
} from './e2e-support';
import { openPage, tap, textAt, type, type Page } from './support';

/** 王五's WeChat, not yet bound to anyone */
const WANG = { openid: 'wechat-of-wang-wu', studentNo: '2026020101', name: '王五' } as const;
const TITLE = `${WANG.name} ${WANG.studentNo}`;
const REASON = '请上传加盖公章的录用通知';

let j: Journey;
beforeEach(async () => {
  j = await startJourney();
});
afterEach(() => j.sys.close());

const todos = (home: Page): string[] => texts(home, '.todo >>> .t-cell__title-text');
const field = (cls: string): string => `.${cls} >>> .t-input__control`;
const agreementsOf = async (studentNo: string) => (await j.sys.all('agreements')).filter((a) => a.studentNo === studentNo);

it('流程二 学生发起: bind, 生源核查, 发起签约 with a library unit and a proof, returned, revised, approved — all on the pages', async () => {
  const { sys, env } = j;

  // —— 1. 王五 opens the mini program for the first time: sent to 身份绑定, binds with his 学号, 姓名 and ID ——
  as(j, WANG.openid);
  await openPage('index', env);
  const bind = await follow(j, '/pages/bind/index');
  // the last six of his ID card, as he reads them off the card (the roster holds the same number)
  const idLast6 = (await sys.store.get('students', WANG.studentNo))!.idNumber.slice(-6);
  await type(bind, env, field('student__no'), WANG.studentNo);
  await type(bind, env, field('student__name'), WANG.name);
  await type(bind, env, field('student__id'), idLast6);
  await tap(bind, env, button('student__submit'));
  expect(env.toasts).toContain('绑定成功');
  expect((await sys.store.get('students', WANG.studentNo))!.openid).toBe(WANG.openid);
  const home = await follow(j, '/pages/index/index');
  expect(textAt(home, '.profile__name')).toBe('王五');
  expect(textAt(home, '.profile__program')).toBe('经济管理学院 / 会计学');
  expect(todos(home)).toEqual(['请完成生源核查', '请完成毕业去向登记']);
  capture(home, 'e2e-scenario2', 'bound', '流程二：王五绑定后的首页');

  // —— 2. 生源核查, approved by his own college (经济管理学院) ——
  const { check } = await submitSourceCheck(j, WANG.openid, { phone: '13700137000', email: 'wangwu@example.com', homeAddress: '四川省成都市武侯区1号' });
  expect(textAt(check, '.status__tag >>> .t-tag__text')).toBe('待审核');
  await decideFromQueue(j, DEMO_OPENIDS.collegeReviewerEm, 'sourceCheck', TITLE, { decision: 'approve' });
  expect((await sys.store.get('checks', `source:${WANG.studentNo}`))!.state).toBe('approved');

  // —— 3. 三方协议 tab → 发起签约: a unit from the library, the job, one proof image; 保存, then 发起 ——
  as(j, WANG.openid);
  const offers = await openPage('offers', env);
  expect(offers.querySelector('.initiate__reason')).toBeUndefined();
  await tap(offers, env, button('initiate__button'));
  const initiate = await follow(j, '/pkg/initiate/index');
  await type(initiate, env, '.employer-search >>> .t-input__keyword', '示例');
  await until(j, initiate, () => !initiate.data.searching && initiate.querySelectorAll('.suggestion').length > 0, 'the unit search');
  expect(textAt(initiate, '.suggestion__name')).toBe('深圳示例科技有限公司');
  await tap(initiate, env, '.suggestion');
  expect(textAt(initiate, '.chosen__name')).toBe('深圳示例科技有限公司');
  await fillJob(j, initiate, { title: '财务专员', region: '440305', salary: '9000', years: '3' });
  env.picks = picked('offer-letter');
  await tap(initiate, env, '.proof--add');
  expect(initiate.querySelectorAll('.proof__image')).toHaveLength(1);

  await tap(initiate, env, button('action-save'));
  expect(env.toasts).toContain('已保存');
  const [draft] = await agreementsOf(WANG.studentNo);
  expect(draft).toMatchObject({ state: 'draft', origin: 'student', agreementNo: null, employerId: DEMO_EMPLOYER_ID });
  expect(draft!.proofFiles).toHaveLength(1);
  expect(textAt(initiate, '.head__state')).toBe('草稿');
  capture(initiate, 'e2e-scenario2', 'draft', '流程二：发起签约已保存为草稿');

  await tap(initiate, env, button('action-submit'));
  const sent = (await sys.store.get('agreements', draft!._id))!;
  expect(sent).toMatchObject({ state: 'pendingCollege', content: { job: { title: '财务专员', monthlySalary: 9000 } } });
  expect(sent.agreementNo).toMatch(/^20261000131\d{6}$/);
  expect(textAt(initiate, '.done__no')).toBe(sent.agreementNo);
  expect((await sys.store.get('students', WANG.studentNo))!.activeAgreementId).toBe(sent._id);
  capture(initiate, 'e2e-scenario2', 'submitted', '流程二：已发起，等待院系审核');

  // —— 4. the college returns it with a reason ——
  await decideFromQueue(j, DEMO_OPENIDS.collegeReviewerEm, 'agreementCollege', TITLE, { decision: 'return', reason: REASON }, async (detail) => {
    // 协议信息 is folded: the reviewer unfolds it to see who started the agreement
    await tap(detail, j.env, '.section--agreement .section__head');
    expect(textAt(detail, '.section--agreement')).toContain('学生发起');
    expect(detail.querySelectorAll('.thumbs--proofs .thumb')).toHaveLength(1);
    capture(detail, 'e2e-scenario2', 'college-review', '流程二：院系审核学生发起的协议');
  });
  expect((await sys.store.get('agreements', sent._id))!).toMatchObject({ state: 'returned', returnReason: REASON, returnedAt: 'college' });

  // —— 5. 王五 reads the reason (home to-do, then his agreement page), edits on 发起签约 and sends it again ——
  as(j, WANG.openid);
  await showAgain(j, home);
  expect(todos(home)).toContain(`三方协议被退回：${REASON}`);
  await tap(home, env, '.status__cell--agreement >>> .t-cell');
  const agreement = await follow(j, `/pkg/agreement/index?id=${sent._id}`);
  expect(tagText(agreement, '.head__state')).toBe('已退回');
  expect(textAt(agreement, '.status__title')).toBe('院系审核退回');
  expect(textAt(agreement, '.head__reason')).toBe(`退回原因：${REASON}`);
  capture(agreement, 'e2e-scenario2', 'returned', '流程二：协议被院系退回');

  await tap(agreement, env, button('agreement__edit'));
  const revise = await follow(j, `/pkg/initiate/index?id=${sent._id}`);
  expect(textAt(revise, '.returned__reason')).toBe(`退回原因：${REASON}`);
  expect(revise.data.form.job.title).toBe('财务专员');
  env.picks = picked('stamped-offer-letter');
  await tap(revise, env, '.proof--add');
  expect(revise.querySelectorAll('.proof__image')).toHaveLength(2);
  await tap(revise, env, button('action-submit'));
  expect(textAt(revise, '.done__no')).toBe(sent.agreementNo);
  const resent = (await sys.store.get('agreements', sent._id))!;
  expect(resent).toMatchObject({ state: 'pendingCollege', agreementNo: sent.agreementNo });
  expect(resent.returnReason).toBeUndefined();
  expect(resent.proofFiles).toHaveLength(2);

  // —— 6. college, then school: 通过 ——
  await decideFromQueue(j, DEMO_OPENIDS.collegeReviewerEm, 'agreementCollege', TITLE, { decision: 'approve' }, (detail) => {
    expect(detail.querySelectorAll('.thumbs--proofs .thumb')).toHaveLength(2);
  });
  await decideFromQueue(j, DEMO_OPENIDS.schoolReviewer, 'agreementSchool', TITLE, { decision: 'approve' });

  // —— 7. 王五's agreement page, shown again: 签约成功 ——
  as(j, WANG.openid);
  await showAgain(j, agreement);
  expect(tagText(agreement, '.head__state')).toBe('签约成功');
  expect(textAt(agreement, '.head__no')).toBe(sent.agreementNo);
  expect(agreement.querySelector('.head__reason')).toBeUndefined();
  expect(agreement.querySelector('.agreement__print')).toBeDefined();
  capture(agreement, 'e2e-scenario2', 'signed', '流程二：签约成功');

  // —— 8. what the store holds ——
  const signed = (await sys.store.get('agreements', sent._id))!;
  expect(signed).toMatchObject({ state: 'signed', origin: 'student', agreementNo: sent.agreementNo, signedAt: expect.any(String) });
  expect((await sys.auditOf('agreement', sent._id)).map((e) => [e.action, e.from, e.to, e.actor.role])).toEqual([
    ['save', null, 'draft', 'student'],
    ['submit', 'draft', 'pendingCollege', 'student'],
    ['collegeReturn', 'pendingCollege', 'returned', 'collegeReviewer'],
    ['submit', 'returned', 'pendingCollege', 'student'],
    ['collegeApprove', 'pendingCollege', 'pendingSchool', 'collegeReviewer'],
    ['schoolApprove', 'pendingSchool', 'signed', 'schoolReviewer'],
  ]);
  expect(await agreementsOf(WANG.studentNo)).toHaveLength(1);
  expect((await verifyAudit(sys.store)).broken).toEqual([]);
  // 王五 is told each decision; a student-initiated agreement has no unit contact to tell
  const outbox = (await sys.all('outbox')).filter((m) => m.to !== DEMO_OPENIDS.student).sort((a, b) => a._id.localeCompare(b._id));
  expect(outbox.map((m) => [m.to, m.template, Object.values(m.data).slice(0, 3)])).toEqual([
    [WANG.openid, 'reviewResult', ['生源核查', '通过', '可以进行在线签约']],
    [WANG.openid, 'reviewResult', ['三方协议院系审核', '退回', REASON]],
    [WANG.openid, 'reviewResult', ['三方协议院系审核', '通过', '等待学校审核']],
    [WANG.openid, 'reviewResult', ['三方协议学校审核', '签约成功', '可在小程序查看并打印协议']],
  ]);
});
