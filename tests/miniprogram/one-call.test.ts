/**
 * @jest-environment ./tests/miniprogram/environment.ts
 *
 * The house rule: a page is view state plus one typed call per load, and after a change it reloads with one call,
 * not two. Every page of app.json is opened here as each role that uses it (with an id where it takes one), twice:
 * after the launch page (the home view remembered, as every page but a shared one is reached) and directly (nothing
 * remembered, as from a message, a share or a printed QR code). Its load (onLoad and onShow) may make at most one
 * call, and the one it makes is named below. Then a representative change on each page that changes anything: the
 * change's own call and exactly one more.
 */
import { bind } from '../../server/usecases/bind';
import { employerOffer } from '../../server/usecases/employerOffer';
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { requestTermination } from '../../server/usecases/requestTermination';
import { review } from '../../server/usecases/review';
import { submitCheck } from '../../server/usecases/submitCheck';
import { withUsccCheck } from '../../server/domain/identifiers';
import type { AgreementDoc } from '../../server/domain/types';
import { DEMO_EMPLOYER_ID, DEMO_INVITE_CODE, DEMO_OPENIDS } from '../../server/runtime/seed';
import type { InitiationDraft } from '../../typings/events';
import { accept, approve, approveSourceCheck, sendOffer, signedDemoAgreement, TERMS } from '../support/agreements';
import { allPages, printFor } from '../support/seal';
import { sealAgreement } from '../../server/usecases/sealAgreement';
import { forgetSettings, SETTINGS_ID } from '../../server/app/settings';
import type { SealPageCheck } from '../../typings/views';
import type { Picked } from '../../miniprogram/pkg/seal/shown';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { registerDestination } from '../../server/usecases/registerDestination';
import { installWx, openPage, PAGE_FILES, pngBytes, settle, type MiniEnv, type Page } from './support';
import { registration } from '../support/registration';

const S = DEMO_OPENIDS;
const LI = '2026010102';
const WANG = '2026020101';
const STRANGER = 'wechat-stranger';
/** the HR contact of a unit the school turned down */
const REJECTED_HR = 'hr-turned-down';

/** the stranger's licence, uploaded before 注册 */
let licence = '';
const REGISTRATION = {
  name: '北京新单位科技有限公司',
  uscc: withUsccCheck('91110108MA01ABCD1'),
  nature: '39',
  industry: '65',
  region: '110108',
  address: '北京市海淀区中关村大街1号',
  contactName: '刘经理',
  contactPhone: '13811112222',
};

/** What every page of app.json, main package and subpackages, is called here: `pkg/review/queues/index` → `review/queues`. */
const APP_PAGES: string[] = [...PAGE_FILES.keys()];

/** Every call the page sent (whether or not it reached a function), as `function` or `query:view`. */
const sent = (env: MiniEnv): string[] =>
  env.wx.callFunction.mock.calls.map(([options]) => {
    const { name, data } = options as { name: string; data?: { view?: string } };
    return data?.view ? `${name}:${data.view}` : name;
  });

/** The records the pages open, made through the real functions. */
interface World {
  /** 张三's agreement from the demo offer, signed */
  signed: AgreementDoc;
  /** 李四's agreement from an offer, returned by the college (the unit revises it) */
  returned: AgreementDoc;
  /** the demo unit's offer to 李四, accepted */
  liOffer: string;
  /** the demo unit's open offer to 王五 */
  openOffer: string;
  /** the unit the school turned down */
  rejectedUnit: string;
}

async function buildWorld(sys: TestSystem): Promise<World> {
  const signed = await signedDemoAgreement(sys);
  await approveSourceCheck(sys, LI, S.collegeReviewer);
  const liOffer = await sendOffer(sys, LI, '李四');
  const pending = await accept(sys, S.student2, liOffer);
  const back = await sys.ok(review, S.collegeReviewer, { requestId: rid(), decision: 'return', reason: '岗位名称有误', items: [{ record: 'agreement', id: pending._id, version: pending.version }] });
  if (!back.results[0]!.ok) throw new Error('the return failed');
  const openOffer = await sendOffer(sys, WANG, '王五');
  const unit = await sys.ok(bind, REJECTED_HR, await registration(sys, REJECTED_HR, REGISTRATION));
  const turnedDown = await sys.ok(review, S.schoolReviewer, { requestId: rid(), decision: 'return', reason: '营业执照不清晰', items: [{ record: 'employer', id: unit.employerId!, version: 1 }] });
  if (!turnedDown.results[0]!.ok) throw new Error('the rejection failed');
  return { signed, returned: (await sys.store.get('agreements', pending._id))!, liOffer, openOffer, rejectedUnit: unit.employerId! };
}

interface Load {
  page: string;
  /** who opens it, in words */
  as: string;
  openid: string;
  options?: (w: World) => Record<string, string>;
  /** the one call the load makes ('' for none) */
  call: string;
  /** what it makes with the home view remembered, when that differs */
  remembered?: string;
  /** the call is refused (the page tells the caller it is not theirs) */
  refused?: string;
}

const LOADS: Load[] = [
  { page: 'index', as: '张三 (a student with a signed agreement)', openid: S.student, call: 'query:home' },
  { page: 'index', as: '李四 (a returned agreement to do)', openid: S.student2, call: 'query:home' },
  { page: 'index', as: 'a college reviewer', openid: S.collegeReviewer, call: 'query:home' },
  { page: 'index', as: 'the school', openid: S.schoolReviewer, call: 'query:home' },
  { page: 'index', as: 'an employer', openid: S.employer, call: 'query:home' },
  { page: 'index', as: 'someone unbound', openid: STRANGER, call: 'query:home' },
  { page: 'offers', as: '张三', openid: S.student, call: 'query:offers' },
  { page: 'bind', as: 'someone unbound', openid: STRANGER, call: 'query:home', remembered: '' },
  { page: 'bind', as: '张三, bound already', openid: S.student, call: 'query:home', remembered: '' },
  { page: 'check', as: '张三, 生源信息', openid: S.student, options: () => ({ kind: 'source' }), call: 'query:check' },
  { page: 'check', as: '李四, 就业信息', openid: S.student2, options: () => ({ kind: 'employment' }), call: 'query:check' },
  { page: 'offer', as: '张三, an accepted offer with its agreement', openid: S.student, options: () => ({ id: 'offer-demo-1' }), call: 'query:offer' },
  { page: 'offer', as: '李四, an accepted offer whose agreement was returned', openid: S.student2, options: (w) => ({ id: w.liOffer }), call: 'query:offer' },
  { page: 'initiate', as: '张三, holding a signed agreement', openid: S.student, call: 'query:initiateForm' },
  { page: 'initiate', as: '李四, a unit’s returned agreement by id', openid: S.student2, options: (w) => ({ id: w.returned._id }), call: 'query:initiateForm' },
  { page: 'initiate', as: 'someone unbound', openid: STRANGER, call: 'query:initiateForm' },
  { page: 'agreement', as: '张三, his current one', openid: S.student, call: 'query:agreement' },
  { page: 'agreement', as: '张三, by id', openid: S.student, options: (w) => ({ id: w.signed._id }), call: 'query:agreement' },
  { page: 'agreement', as: '李四, a returned one by id', openid: S.student2, options: (w) => ({ id: w.returned._id }), call: 'query:agreement' },
  { page: 'termination', as: '张三', openid: S.student, options: (w) => ({ agreementId: w.signed._id }), call: 'query:terminationForm' },
  { page: 'verify', as: 'anyone, typing', openid: STRANGER, call: '' },
  { page: 'consent', as: 'a unit’s HR, from a dead consent link', openid: STRANGER, options: () => ({ t: 'A'.repeat(28) }), call: 'query:consentLink', refused: 'CONFIRM_LINK_UNKNOWN' },
  { page: 'verify', as: 'anyone, from the printed QR code', openid: STRANGER, options: (w) => ({ no: w.signed.agreementNo! }), call: 'verifyAgreement' },
  { page: 'review/queues', as: 'a college reviewer', openid: S.collegeReviewer, call: 'query:reviewQueues' },
  { page: 'review/queues', as: 'the school', openid: S.schoolReviewer, call: 'query:reviewQueues' },
  { page: 'review/queues', as: 'a student', openid: S.student, call: 'query:reviewQueues', refused: 'FORBIDDEN' },
  { page: 'review/detail', as: 'a college reviewer, a check', openid: S.collegeReviewer, options: () => ({ record: 'check', id: `source:${LI}` }), call: 'query:reviewDetail' },
  { page: 'review/detail', as: 'a college reviewer, an agreement', openid: S.collegeReviewer, options: (w) => ({ record: 'agreement', id: w.returned._id }), call: 'query:reviewDetail' },
  { page: 'review/detail', as: 'the school, a unit', openid: S.schoolReviewer, options: (w) => ({ record: 'employer', id: w.rejectedUnit }), call: 'query:reviewDetail' },
  { page: 'review/stats', as: 'a college reviewer', openid: S.collegeReviewer, call: 'query:reviewStats' },
  { page: 'review/stats', as: 'the school', openid: S.schoolReviewer, call: 'query:reviewStats' },
  { page: 'employer/home', as: 'an employer', openid: S.employer, call: 'query:employerHome' },
  { page: 'employer/home', as: 'a unit turned down', openid: REJECTED_HR, call: 'query:employerHome' },
  { page: 'employer/home', as: 'someone unbound', openid: STRANGER, call: 'query:employerHome', refused: 'NOT_BOUND' },
  { page: 'employer/offers', as: 'an employer', openid: S.employer, call: 'query:employerOffers' },
  { page: 'employer/register', as: 'someone unbound', openid: STRANGER, call: 'query:registerForm' },
  { page: 'employer/register', as: 'a unit turned down', openid: REJECTED_HR, call: 'query:registerForm' },
  { page: 'employer/register', as: 'an employer, bound already', openid: S.employer, call: 'query:registerForm' },
  { page: 'employer/invite', as: 'an employer, a new offer', openid: S.employer, call: 'query:inviteForm' },
  { page: 'employer/invite', as: 'an employer, editing an open offer', openid: S.employer, options: (w) => ({ id: w.openOffer }), call: 'query:inviteForm' },
  { page: 'employer/invite', as: 'an employer, revising a returned agreement', openid: S.employer, options: (w) => ({ agreementId: w.returned._id }), call: 'query:inviteForm' },
  { page: 'employer/invite', as: 'a unit turned down', openid: REJECTED_HR, call: 'query:inviteForm' },
  { page: 'employer/templates', as: 'an employer', openid: S.employer, call: 'query:offerTemplates' },
  { page: 'employer/templates', as: 'a unit turned down', openid: REJECTED_HR, call: 'query:offerTemplates' },
  { page: 'help', as: '李四', openid: S.student2, call: 'query:help' },
  { page: 'privacy', as: 'someone unbound, from binding', openid: STRANGER, call: 'query:help' },
  { page: 'account', as: 'a college reviewer, from 统计', openid: S.collegeReviewer, call: 'query:home' },
  { page: 'account', as: 'an employer, from 单位', openid: S.employer, call: 'query:home' },
  { page: 'destination', as: '张三, filled by his signed agreement', openid: S.student, call: 'query:destination' },
  { page: 'destination', as: '李四, an agreement returned (job types barred)', openid: S.student2, call: 'query:destination' },
  { page: 'confirm', as: 'a unit’s HR, a link that opens nothing', openid: STRANGER, options: () => ({ t: 'N'.repeat(28) }), call: 'query:confirmLink', refused: 'CONFIRM_LINK_UNKNOWN' },
  { page: 'employer/agreements', as: 'an employer', openid: S.employer, call: 'query:employerAgreements' },
  { page: 'employer/agreement', as: 'an employer, its signed agreement', openid: S.employer, options: (w) => ({ id: w.signed._id }), call: 'query:employerAgreement' },
  { page: 'seal', as: '张三, a signed agreement', openid: S.student, options: (w) => ({ agreementId: w.signed._id }), call: 'query:seal' },
  { page: 'seal', as: 'an employer, its signed agreement', openid: S.employer, options: (w) => ({ agreementId: w.signed._id }), call: 'query:seal' },
];

describe('one call per load', () => {
  let sys: TestSystem;
  let world: World;

  // the loads only read: one world for all of them
  beforeAll(async () => {
    sys = await makeSystem();
    world = await buildWorld(sys);
  });
  afterAll(() => sys.close());

  it('every page of app.json is opened here', () => {
    expect([...new Set(LOADS.map((l) => l.page))].sort()).toEqual([...APP_PAGES].sort());
  });

  /** Opens the page as WeChat would and answers what its load sent, and the page. */
  async function load(entry: Load, env: MiniEnv): Promise<{ calls: string[]; page: Page }> {
    env.wx.callFunction.mockClear();
    env.calls.length = 0;
    const page = await openPage(entry.page, env, entry.options?.(world) ?? {});
    return { calls: sent(env), page };
  }

  function expectAnswered(entry: Load, env: MiniEnv): void {
    for (const c of env.calls) expect(c.result).toMatchObject(entry.refused ? { ok: false, code: entry.refused } : { ok: true });
  }

  describe.each(LOADS)('$page as $as', (entry) => {
    it('after the launch page, the home view remembered: at most one call', async () => {
      const env = installWx(sys, entry.openid);
      await openPage('index', env);
      const { calls } = await load(entry, env);
      expect(calls.length).toBeLessThanOrEqual(1);
      const expected = entry.remembered ?? entry.call;
      expect(calls).toEqual(expected ? [expected] : []);
      expectAnswered(entry, env);
    });

    it('opened directly (a message, a share, a QR code), nothing remembered: at most one call', async () => {
      const env = installWx(sys, entry.openid);
      const { calls } = await load(entry, env);
      expect(calls.length).toBeLessThanOrEqual(1);
      expect(calls).toEqual(entry.call ? [entry.call] : []);
      expectAnswered(entry, env);
    });
  });
});

interface Change {
  page: string;
  /** the change, in words */
  what: string;
  openid: string;
  /** records the change needs, made through the functions; answers the page's options */
  before?: (sys: TestSystem) => Promise<Record<string, string>>;
  /** the change, as the page's handler runs it on a tap (confirmations answer yes) */
  act: (page: Page) => unknown;
  /** the change's call, then the reload's one */
  calls: [string, string];
}

/** The pages with nothing to change: they only read and lead elsewhere. */
const READ_ONLY = ['offers', 'verify', 'review/stats', 'employer/home', 'help', 'privacy', 'employer/agreements'];
/**
 * Pages whose one change ends them: the answer through a confirmation or consent link uses the link up, so there is nothing to
 * read again (the page shows the answer given); the change is its one call.
 */
const ANSWERED_ONCE = ['confirm', 'consent'];

type Handlers = Record<string, (...args: unknown[]) => unknown>;
const run = (page: Page, handler: string, ...args: unknown[]): unknown => (page.instance as unknown as Handlers)[handler]!(...args);

/** 回传's files as the page holds them after adding each (uploaded, then checked), set up before the page opens */
let sealPicked: Picked[] = [];

const CHANGES: Change[] = [
  {
    page: 'seal',
    what: '提交回传 of every stamped page (the school’s seal step on)',
    openid: S.employer,
    before: async (sys) => {
      const s = (await sys.store.get('settings', SETTINGS_ID))!;
      await sys.store.put('settings', { ...s, employerSeal: true, version: s.version + 1 }, s.version);
      forgetSettings(sys.deps.store);
      const a = await approve(sys, await accept(sys, S.student, 'offer-demo-1'));
      const printed = await printFor(sys, S.employer, a);
      sealPicked = await Promise.all(
        (await allPages(printed)).map(async (bytes, i) => {
          const fileId = await sys.upload(S.employer, `page-${i + 1}.png`, bytes);
          const check = (await sys.ok(sealAgreement, S.employer, { action: 'checkPage', agreementId: a._id, fileId })) as SealPageCheck;
          return { fileId, path: `wxfile://tmp/page-${i + 1}.png`, pdf: false, check };
        }),
      );
      return { agreementId: a._id };
    },
    act: (page) => {
      run(page, 'showPicked', sealPicked);
      return run(page, 'onSubmit');
    },
    calls: ['sealAgreement', 'query:seal'],
  },
  {
    // releasing the binding changes who the caller is: the one call after it is the home view, then binding opens
    page: 'index',
    what: '解除绑定',
    openid: S.student2,
    act: (page) => run(page, 'onUnbind'),
    calls: ['bind', 'query:home'],
  },
  {
    // the staff's 解除绑定, the same flow as 个人中心's: the release, then the home view that says there is no role
    page: 'account',
    what: '解除绑定 (a reviewer)',
    openid: S.collegeReviewer,
    act: (page) => run(page, 'onUnbind'),
    calls: ['bind', 'query:home'],
  },
  {
    page: 'check',
    what: '撤回 a submitted 生源信息',
    openid: S.student2,
    before: async (sys) => {
      const fields = { phone: '13600136000', email: 'lisi@example.com', homeAddress: '北京市海淀区学院路1号' };
      await sys.ok(submitCheck, S.student2, { action: 'submit', requestId: rid(), kind: 'source', version: 0, fields });
      return { kind: 'source' };
    },
    act: (page) => run(page, 'onWithdraw'),
    calls: ['submitCheck', 'query:check'],
  },
  {
    page: 'destination',
    what: '撤回 a submitted 待就业',
    openid: S.student2,
    before: async (sys) => {
      const file = { receiverKind: 'school' as const, receiver: '', address: '北京市海淀区学院路1号', postcode: '100083', phone: '010-12345678' };
      const draft = { type: '70', pendingKind: 'seeking', file, evidenceFiles: [] };
      await sys.ok(registerDestination, S.student2, { action: 'submit', requestId: rid(), version: 0, draft });
      return {};
    },
    act: (page) => run(page, 'onWithdraw'),
    calls: ['registerDestination', 'query:destination'],
  },
  {
    page: 'offer',
    what: '应约',
    openid: S.student,
    before: async () => ({ id: 'offer-demo-1' }),
    act: (page) => run(page, 'onAccept'),
    calls: ['respondOffer', 'query:offer'],
  },
  {
    page: 'initiate',
    what: '发起 a saved draft',
    openid: S.student2,
    before: async (sys) => {
      await approveSourceCheck(sys, LI, S.collegeReviewer);
      const proof = await sys.upload(S.student2, 'contract.png', pngBytes('contract'));
      const draft: InitiationDraft = { ...TERMS, employer: { employerId: DEMO_EMPLOYER_ID }, proofFiles: [proof] };
      await sys.ok(initiateSigning, S.student2, { action: 'save', requestId: rid(), version: 0, draft });
      return {};
    },
    act: (page) => run(page, 'onSubmit'),
    calls: ['initiateSigning', 'query:agreement'],
  },
  {
    page: 'agreement',
    what: '作废 a returned agreement',
    openid: S.student2,
    before: async (sys) => {
      await approveSourceCheck(sys, LI, S.collegeReviewer);
      const a = await accept(sys, S.student2, await sendOffer(sys, LI, '李四'));
      await sys.ok(review, S.collegeReviewer, { requestId: rid(), decision: 'return', reason: '岗位名称有误', items: [{ record: 'agreement', id: a._id, version: a.version }] });
      return { id: a._id };
    },
    act: (page) => run(page, 'onCancel'),
    calls: ['initiateSigning', 'query:agreement'],
  },
  {
    page: 'termination',
    what: '撤回 a waiting request',
    openid: S.student,
    before: async (sys) => {
      const a = await signedDemoAgreement(sys);
      const letter = await sys.upload(S.student, 'letter.jpg');
      await sys.ok(requestTermination, S.student, { action: 'submit', requestId: rid(), agreementId: a._id, explanation: '单位撤销岗位', evidenceFiles: [letter] });
      return { agreementId: a._id };
    },
    act: (page) => run(page, 'onWithdraw'),
    calls: ['requestTermination', 'query:terminationForm'],
  },
  {
    // binding changes who the caller is: the one call after it is the home view, then the launch page opens
    page: 'bind',
    what: 'an invite code redeemed',
    openid: STRANGER,
    act: (page) => {
      page.setData({ code: DEMO_INVITE_CODE });
      return run(page, 'onBindInvite');
    },
    calls: ['bind', 'query:home'],
  },
  {
    page: 'review/queues',
    what: '批量通过',
    openid: S.collegeReviewer,
    before: async (sys) => {
      const fields = { phone: '13600136000', email: 'lisi@example.com', homeAddress: '北京市海淀区学院路1号' };
      await sys.ok(submitCheck, S.student2, { action: 'submit', requestId: rid(), kind: 'source', version: 0, fields });
      return {};
    },
    act: async (page) => {
      run(page, 'onCheckAll', { detail: { checked: true } });
      return run(page, 'onBatch');
    },
    calls: ['review', 'query:reviewQueues'],
  },
  {
    page: 'review/detail',
    what: '通过 a check',
    openid: S.collegeReviewer,
    before: async (sys) => {
      const fields = { phone: '13600136000', email: 'lisi@example.com', homeAddress: '北京市海淀区学院路1号' };
      await sys.ok(submitCheck, S.student2, { action: 'submit', requestId: rid(), kind: 'source', version: 0, fields });
      return { record: 'check', id: `source:${LI}` };
    },
    // opened with nothing to go back to, the page shows the record as it now is
    act: (page) => run(page, 'onApprove'),
    calls: ['review', 'query:reviewDetail'],
  },
  {
    page: 'employer/offers',
    what: '撤回 an open offer',
    openid: S.employer,
    act: (page) => run(page, 'onWithdraw', { currentTarget: { dataset: { id: 'offer-demo-1' } } }),
    calls: ['employerOffer', 'query:employerOffers'],
  },
  {
    // registering binds the HR contact as the unit's: the one call after it is the home view
    page: 'employer/register',
    what: '注册',
    openid: STRANGER,
    before: async (sys) => {
      licence = await sys.upload(STRANGER, 'licence.pdf');
      return {};
    },
    act: (page) => {
      // the form filled and the licence uploaded, as the page holds them
      page.setData({ form: REGISTRATION, files: { licenceFiles: [{ fileId: licence, src: '', pdf: true, failed: false }], authorizationFiles: [] } });
      return run(page, 'onSubmit');
    },
    calls: ['bind', 'query:home'],
  },
  {
    // a template deleted: the one call after it is the list as it now is
    page: 'employer/templates',
    what: '删除 a template',
    openid: S.employer,
    before: async (sys) => {
      await sys.ok(employerOffer, S.employer, { action: 'saveTemplate', requestId: rid(), version: 0, name: '校招', terms: TERMS });
      return {};
    },
    act: (page) => run(page, 'onDelete', { currentTarget: { dataset: { id: (page.data as { cards: { id: string }[] }).cards[0]!.id } } }),
    calls: ['employerOffer', 'query:offerTemplates'],
  },
  {
    page: 'employer/invite',
    what: '修改 an open offer',
    openid: S.employer,
    before: async () => ({ id: 'offer-demo-1' }),
    act: (page) => run(page, 'onSubmit'),
    calls: ['employerOffer', 'query:offer'],
  },
  {
    page: 'employer/agreement',
    what: '确认协议 a student-initiated agreement',
    openid: S.employer,
    before: async (sys) => {
      const settings = (await sys.store.get('settings', 'school'))!;
      await sys.store.put('settings', { ...settings, employerConfirmation: true, version: settings.version + 1 }, settings.version);
      const proof = await sys.upload(S.student, 'offer-letter.png', pngBytes('letter'));
      const draft: InitiationDraft = { ...TERMS, employer: { employerId: DEMO_EMPLOYER_ID }, proofFiles: [proof] };
      const r = await sys.ok(initiateSigning, S.student, { action: 'submit', requestId: rid(), version: 0, draft });
      return { id: r.id };
    },
    act: (page) => run(page, 'onConfirm'),
    calls: ['employerConfirm', 'query:employerAgreement'],
  },
];

describe('one call after a change', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  it('every page of app.json either changes something here or only reads', () => {
    expect([...CHANGES.map((c) => c.page), ...READ_ONLY, ...ANSWERED_ONCE].sort()).toEqual([...APP_PAGES].sort());
  });

  it.each(CHANGES)('$page: $what, then one call', async (change) => {
    const options = (await change.before?.(sys)) ?? {};
    const env = installWx(sys, change.openid);
    await openPage('index', env);
    const page = await openPage(change.page, env, options);
    env.wx.callFunction.mockClear();
    env.calls.length = 0;
    await change.act(page);
    await settle(page, env);
    expect(sent(env)).toEqual(change.calls);
    expect(env.calls.map((c) => c.result.ok)).toEqual([true, true]);
  });
});
