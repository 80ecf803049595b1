/**
 * Shared steps of the end-to-end tests: one SQLite system, the people taking turns on their own phones, and every
 * step taken on the pages (open, tap, type, dialogs) as the person whose turn it is. Nothing here calls a
 * cloud function directly: the store is only read, for the tests' assertions.
 *
 * Navigation is followed as WeChat follows it: a tap that navigates records the URL (env.visited), and `follow`
 * opens that page with the URL's query as its options, as written in the URL (each page decodes what it needs).
 */
import type { QueueName } from '../../typings/events';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { makeSystem, type TestSystem } from '../support/harness';
import { installWx, openPage, pngBytes, settle, tap, textAt, type, type MiniEnv, type Page } from './support';

export interface Journey {
  sys: TestSystem;
  env: MiniEnv;
}

export const LI = { openid: DEMO_OPENIDS.student2, studentNo: '2026010102', name: '李四' } as const;

export const button = (cls: string): string => `.${cls} >>> .t-button`;
export const tagText = (page: Page, selector: string): string => textAt(page, `${selector} >>> .t-tag`);
export const texts = (page: Page, selector: string): string[] => page.querySelectorAll(selector).map((t) => (t.dom?.textContent ?? '').replace(/\s+/g, ' ').trim());
const HOUR = 3_600_000;

type Globals = { __app?: { globalData: Record<string, unknown> }; getCurrentPages?: () => unknown[] };
const globals = globalThis as unknown as Globals;

/** each person's own app object (their phone's mini program), by openid */
const phones = new Map<string, { globalData: Record<string, unknown> }>();

/** A fresh demo school; no one has picked up a phone yet. */
export async function startJourney(): Promise<Journey> {
  phones.clear();
  const sys = await makeSystem();
  return { sys, env: installWx(sys, 'nobody-yet') };
}

/**
 * The next person picks up their own phone: the cloud sees their openid, and the app is theirs (utils/session.ts
 * keeps the home view on it), as they left it. Time moves on an hour, so the records' timelines read in the order
 * things happened.
 */
export function as(j: Journey, openid: string): void {
  if (globals.__app) phones.set(j.env.openid, globals.__app);
  globals.__app = phones.get(openid) ?? { globalData: {} };
  j.env.openid = openid;
  globals.getCurrentPages = () => [];
  j.env.modal = { confirm: true };
  j.env.picks = [];
  j.sys.advance(HOUR);
}

/** Opens the page the last navigation went to, with the URL's query as its options. */
export async function follow(j: Journey, expected?: string): Promise<Page> {
  const url = j.env.visited.at(-1);
  if (!url) throw new Error('no navigation to follow');
  if (expected !== undefined && url !== expected) throw new Error(`expected to go to ${expected}, went to ${url}`);
  const [path = '', query = ''] = url.split('?');
  const name = path.replace(/^\/?(?:pages|pkg)\//, '').replace(/\/index$/, '');
  const options = Object.fromEntries(
    query
      .split('&')
      .filter(Boolean)
      .map((pair) => {
        const eq = pair.indexOf('=');
        return eq >= 0 ? [pair.slice(0, eq), pair.slice(eq + 1)] : [pair, ''];
      }),
  );
  return openPage(name, j.env, options);
}

/** WeChat shows a page again (back from another page, or its tab tapped); a page without onShow does nothing. */
export async function showAgain(j: Journey, page: Page): Promise<void> {
  await (page.instance as { onShow?: () => Promise<void> }).onShow?.();
  await settle(page, j.env);
}

/** Waits for something a page does on a timer (the unit search waits for typing to pause). */
export async function until(j: Journey, page: Page, ok: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await settle(page, j.env);
}

/** What code-field emits once a code is chosen in its cascader. */
export async function chooseCode(j: Journey, page: Page, cls: string, value: string): Promise<void> {
  const target = page.querySelector(`.${cls}`);
  if (!target) throw new Error(`no ${cls}`);
  target.dispatchEvent('change', { detail: { value, label: '' } });
  await settle(page, j.env);
}

export const input = (j: Journey, page: Page, cls: string, value: string): Promise<void> => type(page, j.env, `.${cls} >>> .t-input__control`, value);

/** The job, 档案 and 户口 parts shared by 邀约学生 and 发起签约; the start date is today, picked in TDesign's picker. */
export async function fillJob(j: Journey, page: Page, job: { title: string; region: string; salary: string; years: string }): Promise<void> {
  await input(j, page, 'f-job-title', job.title);
  await chooseCode(j, page, 'f-job-region', job.region);
  await chooseCode(j, page, 'f-job-category', '13');
  await input(j, page, 'f-job-salary', job.salary);
  await input(j, page, 'f-job-years', job.years);
  await tap(page, j.env, '.f-job-date >>> .t-cell');
  await tap(page, j.env, '.date-picker >>> .t-picker__confirm');
  await tap(page, j.env, '.f-file-transfer >>> .t-switch');
  await input(j, page, 'f-file-receiver', '深圳市人才交流服务中心');
  await input(j, page, 'f-file-address', '深圳市福田区深南大道1号');
  await input(j, page, 'f-file-postcode', '518000');
}

// —— the student ——

/**
 * 生源核查 from the student's home: the to-do opens the check page; 开始核验, the required fields, 提交.
 * Returns the home page (as it was before) and the check page (submitted).
 */
export async function submitSourceCheck(j: Journey, student: string, fields: { phone: string; email: string; homeAddress: string }): Promise<{ home: Page; check: Page }> {
  as(j, student);
  const home = await openPage('index', j.env);
  await tap(home, j.env, '.todo--sourceCheck >>> .t-cell');
  const check = await follow(j, '/pkg/check/index?kind=source');
  await tap(check, j.env, button('check__start'));
  for (const [key, value] of Object.entries(fields)) await type(check, j.env, `.field--${key} >>> .t-input__control`, value);
  await tap(check, j.env, button('check__submit'));
  return { home, check };
}

/** 应约 from the home to-do: the offer page, 应约 (confirmed), and 查看协议书 to the agreement page. */
export async function acceptFromHome(j: Journey, student: string): Promise<{ home: Page; offer: Page; agreement: Page }> {
  as(j, student);
  const home = await openPage('index', j.env);
  await tap(home, j.env, '.todo--offer >>> .t-cell');
  const offer = await follow(j);
  await tap(offer, j.env, button('actions__accept'));
  await tap(offer, j.env, button('banner__link'));
  const agreement = await follow(j);
  return { home, offer, agreement };
}

/** The student's own agreement page, reached from the home page's 三方协议 cell. */
export async function openAgreement(j: Journey, student: string): Promise<Page> {
  as(j, student);
  const home = await openPage('index', j.env);
  await tap(home, j.env, '.status__cell--agreement >>> .t-cell');
  return follow(j);
}

// —— the employer ——

/** 邀约学生 from the unit's home tab: the whole form, 发起邀约; returns the invite page (done) and the offer's id. */
export async function inviteStudent(j: Journey, student: { studentNo: string; name: string }): Promise<{ invite: Page; offerId: string }> {
  as(j, DEMO_OPENIDS.employer);
  const home = await openPage('employer/home', j.env);
  await tap(home, j.env, button('action-invite'));
  const invite = await follow(j, '/pkg/employer/invite/index');
  await input(j, invite, 'f-student-no', student.studentNo);
  await input(j, invite, 'f-student-name', student.name);
  await fillJob(j, invite, { title: '测试开发工程师', region: '440305', salary: '14000', years: '3' });
  await tap(invite, j.env, '.f-hukou-migrate >>> .t-switch');
  await input(j, invite, 'f-hukou-address', '深圳市南山区粤海街道');
  await type(invite, j.env, '.f-remarks >>> .t-textarea__wrapper-inner', '试用期三个月');
  await tap(invite, j.env, button('action-submit'));
  const sent = j.env.calls.filter((c) => c.name === 'employerOffer').at(-1);
  if (!sent?.result.ok) throw new Error(`the invitation was refused: ${sent?.result.message ?? 'not sent'}`);
  return { invite, offerId: (sent.result.data as { id: string }).id };
}

// —— the reviewers ——

/** The row of a queue whose title (the student's name and number, or the unit's name) is `title`. */
async function openRow(j: Journey, queues: Page, title: string): Promise<void> {
  const index = texts(queues, '.item__title').indexOf(title);
  const row = queues.querySelectorAll('.item')[index];
  if (index < 0 || !row) throw new Error(`no row “${title}” in the queue: ${texts(queues, '.item__title').join(', ')}`);
  row.dispatchEvent('tap');
  await settle(queues, j.env);
}

export type Verdict = { decision: 'approve' } | { decision: 'return'; reason: string };

/**
 * A reviewer's decision as it is taken: the 审核 tab, the queue, the record's row, its detail page opened over the
 * queue, 通过 (confirmed) or 退回 with a reason typed into the dialog. The record was the last of its queue,
 * so the page says so and its 返回审核列表 goes back; the queue, shown again, reloads. Returns both pages; `detail` holds what it showed when the decision was taken.
 */
export async function decideFromQueue(
  j: Journey,
  reviewer: string,
  queue: QueueName,
  title: string,
  verdict: Verdict,
  before?: (detail: Page) => void | Promise<void>,
): Promise<{ queues: Page; detail: Page }> {
  as(j, reviewer);
  const queues = await openPage('review/queues', j.env);
  if (queues.data.active !== queue) await tap(queues, j.env, `.tab--${queue}`);
  await openRow(j, queues, title);
  // the detail page is opened over the queue: a decision goes back to it
  globals.getCurrentPages = () => [queues, {}];
  try {
    const detail = await follow(j);
    await before?.(detail);
    if (verdict.decision === 'approve') {
      await tap(detail, j.env, button('detail__approve'));
    } else {
      await tap(detail, j.env, button('detail__reject'));
      const area = detail.querySelector('.reject-dialog__reason >>> .t-textarea__wrapper-inner');
      if (!area) throw new Error('no reason textarea');
      area.dispatchEvent('input', { detail: { value: verdict.reason, cursor: verdict.reason.length } });
      await settle(detail, j.env);
      await tap(detail, j.env, button('reject-dialog__confirm'));
    }
    const answer = j.env.calls.filter((c) => c.name === 'review').at(-1)?.result as { ok: boolean; data?: { results: { ok: boolean; code?: string }[] } } | undefined;
    if (!answer?.ok || !answer.data?.results[0]?.ok) throw new Error(`the decision was not taken: ${JSON.stringify(answer)} ${textAt(detail, '.detail__action-error')}`);
    // the last of its queue: the page says so, and its button goes back (with more waiting it opens the next instead)
    if (detail.querySelector('.queue-done')) await tap(detail, j.env, button('queue-done__back'));
    if (!j.env.wx.navigateBack.mock.calls.length) throw new Error('the detail page did not go back to the queue');
    j.env.wx.navigateBack.mockClear();
    globals.getCurrentPages = () => [];
    await showAgain(j, queues);
    return { queues, detail };
  } finally {
    globals.getCurrentPages = () => [];
  }
}

// —— a signed agreement, all through the pages ——

/**
 * 李四's whole 单位邀约 path to a signed agreement: 生源核查 approved by the college, the unit's invitation, 应约,
 * 院系审核 and 学校审核. Returns the agreement's id.
 */
export async function signLiSiThroughPages(j: Journey): Promise<string> {
  await submitSourceCheck(j, LI.openid, { phone: '13900139000', email: 'lisi@example.com', homeAddress: '北京市东城区东华门街道1号' });
  const title = `${LI.name} ${LI.studentNo}`;
  await decideFromQueue(j, DEMO_OPENIDS.collegeReviewer, 'sourceCheck', title, { decision: 'approve' });
  await inviteStudent(j, LI);
  const { agreement } = await acceptFromHome(j, LI.openid);
  const id = agreement.data.view.id as string;
  await decideFromQueue(j, DEMO_OPENIDS.collegeReviewer, 'agreementCollege', title, { decision: 'approve' });
  await decideFromQueue(j, DEMO_OPENIDS.schoolReviewer, 'agreementSchool', title, { decision: 'approve' });
  return id;
}

/** Images as the phone's picker returns them (chooseMedia), distinct by tag. */
export const picked = (...tags: string[]): MiniEnv['picks'] => tags.map((tag) => ({ path: `wxfile://tmp/${tag}.png`, bytes: pngBytes(tag) }));
