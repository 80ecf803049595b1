/**
 * @jest-environment ./tests/miniprogram/environment.ts
 *
 * End to end, 解约: 李四's agreement signed through the pages (flow chart 1's steps), then 申请解约 on his agreement
 * with evidence images and an explanation, the school's approval in 审核 (解约申请), and what follows: 已解约 on his
 * pages, the roster's lock released, and 协议核验 saying the agreement is no longer valid. Every step is taken on the
 * pages by the person whose step it is; the store is only read, to check what the steps left behind.
 */
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { verifyAudit } from '../../server/app/verifyAudit';
import { capture } from './gallery';
import { as, button, decideFromQueue, follow, LI, openAgreement, picked, showAgain, signLiSiThroughPages, startJourney, tagText, texts, type Journey } from './e2e-support';
import { openPage, pullDown, rowsOf, settle, tap, textAt, type } from './support';

const EXPLANATION = '单位因业务调整撤销岗位，双方协商一致解约，单位已出具解约函。';

let j: Journey;
beforeEach(async () => {
  j = await startJourney();
});
afterEach(() => j.sys.close());

it('解约: from a signed agreement, 申请解约 with evidence, the school approves, 已解约 everywhere and 协议核验 says so', async () => {
  const { sys, env } = j;

  // —— 0. a signed agreement, reached through the pages ——
  const agreementId = await signLiSiThroughPages(j);
  const signed = (await sys.store.get('agreements', agreementId))!;
  expect(signed.state).toBe('signed');
  expect((await sys.store.get('students', LI.studentNo))!.activeAgreementId).toBe(agreementId);

  // —— 1. 李四: 我的协议书 → 打印 (the code on the paper, for 协议核验 later) → 申请解约 ——
  const agreement = await openAgreement(j, LI.openid);
  expect(tagText(agreement, '.head__state')).toBe('签约成功');
  await tap(agreement, env, button('agreement__print'));
  const printed = env.calls.filter((c) => c.name === 'printAgreement').at(-1)!.result;
  expect(printed.ok).toBe(true);
  const { agreementNo, verificationCode } = printed.data as { agreementNo: string; verificationCode: string };
  expect(agreementNo).toBe(signed.agreementNo);

  await tap(agreement, env, button('agreement__terminate'));
  const termination = await follow(j, `/pkg/termination/index?agreementId=${agreementId}`);
  expect(tagText(termination, '.agreement__state')).toBe('签约成功');
  expect(textAt(termination, '.agreement__no')).toBe(`协议编号 ${agreementNo}`);
  env.picks = picked('termination-letter', 'agreement-page');
  await tap(termination, env, '.termination__add');
  expect(termination.querySelectorAll('.picked__image')).toHaveLength(2);
  termination.querySelector('.termination__explanation >>> .t-textarea__wrapper-inner')!.dispatchEvent('input', { detail: { value: EXPLANATION } });
  await settle(termination, env);
  capture(termination, 'e2e-termination', 'filled', '解约：李四填写解约申请');
  await tap(termination, env, button('termination__submit'));
  expect(env.wx.requestSubscribeMessage).toHaveBeenLastCalledWith(expect.objectContaining({ tmplIds: ['demo-tmpl-review-result'] }));
  expect(tagText(termination, '.request__state')).toBe('待学校审核');
  const [request] = await sys.all('terminations');
  expect(request).toMatchObject({ agreementId, state: 'submitted', explanation: EXPLANATION, studentOpenid: LI.openid });
  expect(request!.evidence).toHaveLength(2);
  // the agreement stays signed until the school decides
  expect((await sys.store.get('agreements', agreementId))!.state).toBe('signed');
  capture(termination, 'e2e-termination', 'submitted', '解约：申请待学校审核');

  // —— 2. the school reviewer: 审核 → 解约申请 → 李四 → 通过 ——
  const { queues } = await decideFromQueue(j, DEMO_OPENIDS.schoolReviewer, 'termination', `${LI.name} ${LI.studentNo}`, { decision: 'approve' }, (detail) => {
    expect(textAt(detail, '.head__state >>> .t-tag')).toBe('待学校审核');
    expect(textAt(detail, '.section--termination')).toContain(EXPLANATION);
    expect(detail.querySelectorAll('.thumbs--evidence .thumb')).toHaveLength(2);
    capture(detail, 'e2e-termination', 'school-review', '解约：学校审核解约申请');
  });
  expect(textAt(queues, '.list__empty')).toBe('暂无待审核记录');

  // —— 3. 李四's pages: the request 解约成功 (pulled down), the agreement 已解约 (shown again) ——
  as(j, LI.openid);
  await pullDown(termination, env);
  expect(tagText(termination, '.request__state')).toBe('解约成功');
  expect(tagText(termination, '.agreement__state')).toBe('已解约');
  await showAgain(j, agreement);
  expect(tagText(agreement, '.head__state')).toBe('已解约');
  expect(agreement.querySelector('.agreement__print')).toBeUndefined();
  expect(agreement.querySelector('.agreement__terminate')).toBeUndefined();
  expect(texts(agreement, '.termination__state >>> .t-tag')).toEqual(['解约成功']);
  expect(textAt(agreement, '.status__title')).toBe('已解约');
  // what 打印 said before the request is gone with the printing
  expect(agreement.querySelector('.agreement__printed')).toBeUndefined();
  // the record grew on this reload (3 → 4 rows): the new row is the current one, and the only one; the bar's last step
  // turned from 签约成功 into 已解约, marked as no longer holding
  expect(texts(agreement, '.agreement__timeline >>> .timeline__title')).toEqual(['应约生成协议', '院系审核通过', '学校审核通过', '解约']);
  expect(texts(agreement, '.agreement__timeline >>> .timeline__row--current')).toEqual([expect.stringContaining('解约')]);
  const steps = agreement.querySelectorAll('.agreement__progress >>> .t-steps-item__title').map((t) => {
    const cls = String(t.toJSON().attrs.find((a) => a.name === 'class')?.value ?? '');
    return `${(t.dom?.textContent ?? '').trim()}:${/--(finish|process|error|default)\b/.exec(cls)?.[1] ?? 'none'}`;
  });
  expect(steps).toEqual(['应约:finish', '院系审核:finish', '学校审核:finish', '已解约:error']);
  capture(agreement, 'e2e-termination', 'terminated', '解约：协议已解约');

  // free to sign again: 发起签约 is open to him on the 三方协议 tab
  const offers = await openPage('offers', env);
  expect(offers.querySelector('.initiate__reason')).toBeUndefined();

  // —— 4. the store: terminated, the roster's lock released, every chain intact, both parties told ——
  expect((await sys.store.get('agreements', agreementId))!.state).toBe('terminated');
  expect((await sys.store.get('terminations', request!._id))!.state).toBe('approved');
  expect((await sys.store.get('students', LI.studentNo))!.activeAgreementId).toBeNull();
  // the lock taken by 应约 and released by the school's approval, both on the roster record's own chain
  expect((await sys.auditOf('student', LI.studentNo)).slice(-2).map((e) => [e.action, e.from, e.to, e.actor.role])).toEqual([
    ['lock', 'free', 'signing', 'student'],
    ['unlock', 'signing', 'free', 'schoolReviewer'],
  ]);
  expect((await sys.auditOf('agreement', agreementId)).map((e) => e.action)).toEqual(['createFromOffer', 'collegeApprove', 'schoolApprove', 'terminate']);
  expect((await verifyAudit(sys.store)).broken).toEqual([]);
  const told = (await sys.all('outbox')).filter((m) => Object.values(m.data).some((v) => v.includes('解约申请')));
  expect(told.map((m) => [m.to, m.template, Object.values(m.data).slice(0, 2)])).toEqual([
    [LI.openid, 'reviewResult', ['解约申请', '解约成功']],
    [DEMO_OPENIDS.employer, 'reviewResult', ['李四的解约申请', '解约成功']],
  ]);

  // —— 5. 协议核验 from the home page: the number and the code off the paper → 已解约 ——
  const home = await openPage('index', env);
  await tap(home, env, '.entry-verify >>> .t-cell');
  const verify = await follow(j, '/pages/verify/index');
  await type(verify, env, '.verify__no', agreementNo);
  await type(verify, env, '.verify__code', verificationCode);
  await tap(verify, env, '.verify__query >>> .t-button');
  expect(env.calls.filter((c) => c.name === 'verifyAgreement').map((c) => c.result)).toEqual([
    expect.objectContaining({ ok: true, data: expect.objectContaining({ found: true, codeMatches: true, state: 'terminated', agreementNo }) }),
  ]);
  expect(verify.querySelector('.result--terminated')).toBeDefined();
  expect(textAt(verify, '.result__headline')).toBe('已解约，协议不再有效');
  expect(rowsOf(verify)).toMatchObject({ 协议编号: agreementNo, 学生: '李*' });
  expect(rowsOf(verify)['解约日期']).toMatch(/^2026年\d+月\d+日$/);
  capture(verify, 'e2e-termination', 'verify-terminated', '解约：协议核验显示已解约');
});
