/**
 * The steps of a random sequence. A step is plain data — an action, two numbers and a twist — so that fast-check can
 * shrink it and print it; it is resolved against the store as it is when the step runs: the numbers pick among the
 * records that exist (mostly those the action can move on, so sequences reach deep states) and the natural actor is
 * whoever owns or reviews the picked record. The twist sometimes makes the call wrong: a stale version, a random
 * actor, or a malformed event.
 */
import fc from 'fast-check';
import type { OfferTerms, ReviewTarget } from '../../../typings';
import { verificationCode } from '../../../server/domain/document';
import { withUsccCheck } from '../../../server/domain/identifiers';
import type { AgreementDoc, CheckDoc, EmployerDoc } from '../../../server/domain/types';
import type { SendOutcome } from '../../../server/notify/sender';
import type { FunctionName } from '../../../server/runtime/registry';
import { DEMO_INVITE_CODE, DEMO_OPENIDS } from '../../../server/runtime/seed';
import { TERMS } from '../agreements';
import { DAY, type TestSystem } from '../harness';
import { docs, type Snapshot } from './snapshot';

/** Each action a user (or the timer, or the world) can take, its weight in a sequence and the function it calls. */
export const ACTS = {
  bindStudent: { weight: 2, fn: 'bind' },
  bindInvite: { weight: 1, fn: 'bind' },
  registerEmployer: { weight: 2, fn: 'bind' },
  checkSave: { weight: 1, fn: 'submitCheck' },
  checkSubmit: { weight: 3, fn: 'submitCheck' },
  checkWithdraw: { weight: 1, fn: 'submitCheck' },
  checkRestore: { weight: 1, fn: 'submitCheck' },
  offerAccept: { weight: 6, fn: 'respondOffer' },
  offerDecline: { weight: 1, fn: 'respondOffer' },
  initiateSave: { weight: 1, fn: 'initiateSigning' },
  initiateSubmit: { weight: 3, fn: 'initiateSigning' },
  initiateWithdraw: { weight: 1, fn: 'initiateSigning' },
  initiateCancel: { weight: 1, fn: 'initiateSigning' },
  terminationSubmit: { weight: 4, fn: 'requestTermination' },
  terminationWithdraw: { weight: 1, fn: 'requestTermination' },
  /** the other party's 同意 / 不同意 (settings.mutualConsentTermination) */
  terminationConsent: { weight: 2, fn: 'requestTermination' },
  /** 单位确认 of a student-initiated agreement by the unit's HR (settings.employerConfirmation) */
  unitConfirm: { weight: 2, fn: 'employerConfirm' },
  /** 回传 of pages that are not the printed agreement's: always refused, and must leave no trace */
  sealUpload: { weight: 1, fn: 'sealAgreement' },
  offerCreate: { weight: 3, fn: 'employerOffer' },
  offerEdit: { weight: 1, fn: 'employerOffer' },
  offerWithdraw: { weight: 1, fn: 'employerOffer' },
  agreementRevise: { weight: 2, fn: 'employerOffer' },
  reviewApprove: { weight: 12, fn: 'review' },
  reviewReturn: { weight: 3, fn: 'review' },
  destinationSave: { weight: 1, fn: 'registerDestination' },
  destinationSubmit: { weight: 3, fn: 'registerDestination' },
  destinationWithdraw: { weight: 1, fn: 'registerDestination' },
  destinationConfirm: { weight: 1, fn: 'registerDestination' },
  destinationAmend: { weight: 1, fn: 'registerDestination' },
  query: { weight: 2, fn: 'query' },
  print: { weight: 1, fn: 'printAgreement' },
  verify: { weight: 1, fn: 'verifyAgreement' },
  expire: { weight: 1, fn: 'expireOffers' },
  /** the employment office changes a school setting with the command line (npm run admin -- settings set) */
  settings: { weight: 1, fn: null },
  /** the clock moves on: offers near their deadline, expire, rate-limit windows pass */
  clock: { weight: 2, fn: null },
  /** WeChat refuses the next message (busy, or the user's subscription used up) */
  wechatFails: { weight: 1, fn: null },
  /** an earlier successful request sent again with the same requestId */
  retry: { weight: 1, fn: null },
} as const satisfies Record<string, { weight: number; fn: FunctionName | null }>;

export type Act = keyof typeof ACTS;
export const TWISTS = ['none', 'stale', 'anyone', 'garbage'] as const;
export type Twist = (typeof TWISTS)[number];

export interface Step {
  act: Act;
  /** picks the record acted on */
  n: number;
  /** picks the actor and the variant */
  m: number;
  twist: Twist;
}

export const stepArb: fc.Arbitrary<Step> = fc.record({
  act: fc.oneof(...(Object.entries(ACTS) as [Act, { weight: number }][]).map(([act, { weight }]) => ({ arbitrary: fc.constant(act), weight }))),
  n: fc.nat(999),
  m: fc.nat(999),
  twist: fc.oneof(
    { arbitrary: fc.constant<Twist>('none'), weight: 16 },
    { arbitrary: fc.constant<Twist>('stale'), weight: 1 },
    { arbitrary: fc.constant<Twist>('anyone'), weight: 2 },
    { arbitrary: fc.constant<Twist>('garbage'), weight: 1 },
  ),
});

/** A sequence of 1 to `maxSteps` steps, its length spread over the whole range (not only short ones). */
export const sequenceArb = (maxSteps: number): fc.Arbitrary<Step[]> => fc.array(stepArb, { minLength: 1, maxLength: maxSteps, size: 'max' });

export const STRANGERS = ['stranger-1', 'stranger-2'] as const;
export const ACTORS: readonly string[] = [...Object.values(DEMO_OPENIDS), ...STRANGERS];

export type Resolved =
  | { kind: 'call'; fn: FunctionName; openid: string; event: unknown; retryOf?: number }
  | { kind: 'admin'; args: string[] }
  | { kind: 'clock'; ms: number }
  | { kind: 'wechat'; outcome: SendOutcome }
  | { kind: 'nothing'; why: string };

/** A successful mutation, kept for `retry`. */
export interface Answered {
  fn: FunctionName;
  openid: string;
  event: unknown;
  result: unknown;
}

export interface Ctx {
  sys: TestSystem;
  before: Snapshot;
  answered: readonly Answered[];
  requestId: () => string;
  /** a file in the owner's upload folder, by name */
  upload: (owner: string, name: string) => Promise<string>;
}

const choose = <T>(list: readonly T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);
/** Mostly one that satisfies `good` (when any does), one time in five any at all. */
const prefer = <T>(list: readonly T[], good: (t: T) => boolean, n: number): T | undefined => {
  const fit = list.filter(good);
  return choose(fit.length && n % 5 !== 4 ? fit : list, Math.floor(n / 5));
};

/** The switches that close or open what students may start, and the offers' default validity. */
const SETTINGS = [
  ['allowStudentInitiate', 'false'],
  ['allowStudentInitiate', 'true'],
  ['allowStudentTermination', 'false'],
  ['allowStudentTermination', 'true'],
  ['offerTtlDays', '3'],
  ['offerTtlDays', '14'],
  // the unit's steps (issue 13) come and go while records wait in them
  ['employerConfirmation', 'true'],
  ['employerConfirmation', 'false'],
  ['mutualConsentTermination', 'true'],
  ['mutualConsentTermination', 'false'],
  ['employerSeal', 'true'],
  ['employerSeal', 'false'],
];
const CLOCK_STEPS = [60_000, 3_600_000, DAY, 3 * DAY, 12 * DAY, 15 * DAY];
const USCCS = [withUsccCheck('91440300MA5D8K2P1'), withUsccCheck('91110000MA01ABCD1'), withUsccCheck('91310000MA1FL2345')];
const OTHER_TERMS: OfferTerms = {
  job: { title: '产品经理', region: '440305', monthlySalary: 18000, contractYears: 2, startDate: '2026-08-01', description: '负责小程序产品' },
  file: { transfer: true, receiver: '深圳市人才交流服务中心', address: '深圳市福田区深南大道1号', postcode: '518000' },
  hukou: { migrate: false },
  remarks: '试用期三个月',
};
const unit = (k: number) => ({
  name: `示例单位${k}`,
  uscc: USCCS[k % USCCS.length]!,
  nature: '39',
  industry: '65',
  region: '440305',
  address: '广东省深圳市南山区科技园1号',
  contactName: '刘经理',
  contactPhone: '13912345678',
});
const SOURCE_FIELDS: readonly Record<string, string>[] = [
  { phone: '13800138000', email: 'student@example.com', homeAddress: '北京市东城区示例路1号' },
  { phone: '13900139000' },
  { postcode: '100000', emergencyContact: '张父' },
  { homeAddress: '' },
];
const EMPLOYMENT_FIELDS: readonly Record<string, string>[] = [
  { destination: '签就业协议形式就业', employerName: '深圳示例科技有限公司', uscc: USCCS[0]!, nature: '39', industry: '65', employerRegion: '440305', jobTitle: '前端开发工程师' },
  { jobTitle: '产品经理' },
  { employerName: '' },
];
const RESTORABLE = ['employerName', 'jobTitle', 'uscc', 'phone'];
const QUEUES = ['sourceCheck', 'employmentCheck', 'agreementCollege', 'agreementSchool', 'termination', 'employer', 'destination'] as const;

/** 毕业去向登记 drafts: a few types whole, one partly filled, one with a part of another type (refused). */
const DESTINATION_FILE = { receiverKind: 'talentCentre', receiver: '深圳市人才交流服务中心', address: '深圳市福田区深南大道1号', postcode: '518000', phone: '0755-83000000' };
const DESTINATION_DRAFTS: readonly Record<string, unknown>[] = [
  { type: '80', study: { school: '北京大学', programme: '计算机科学与技术', level: '硕士研究生' }, file: DESTINATION_FILE },
  { type: '70', pendingKind: 'seeking', file: DESTINATION_FILE },
  {
    type: '11',
    employer: { name: '深圳示例科技有限公司', uscc: USCCS[0]!, nature: '39', industry: 'I', region: '440305', jobCategory: '13', jobTitle: '软件开发工程师', contactName: '陈经理', contactPhone: '13912345678' },
    file: DESTINATION_FILE,
    hukou: { migrate: false },
  },
  { type: '85', abroad: { country: '英国', institution: 'University of Edinburgh', purpose: 'study' }, file: { ...DESTINATION_FILE, receiverKind: 'school' } },
  { type: '80', study: { school: '北京大学', programme: '', level: '' } },
  { type: '70', pendingKind: 'seeking', study: { school: '北京大学', programme: '计算机科学与技术', level: '硕士研究生' }, file: DESTINATION_FILE },
];

/** Malformed events: what a broken or hostile client might send instead. */
function garble(event: Record<string, unknown>, m: number): unknown {
  const ids = (value: string): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(event).map(([k, v]) =>
        ['offerId', 'agreementId', 'terminationId', 'studentNo', 'agreementNo', 'id'].includes(k)
          ? [k, value]
          : k === 'items' && Array.isArray(v)
            ? [k, v.map((item: Record<string, unknown>) => ({ ...item, id: value }))]
            : [k, v],
      ),
    );
  const variants: (() => unknown)[] = [
    () => ({}),
    () => null,
    () => ({ ...event, requestId: 'short' }),
    () => ({ ...event, version: -1 }),
    () => ({ ...event, version: '1' }),
    () => ({ ...event, action: 'drop' }),
    () => Object.fromEntries(Object.entries(event).filter((_, i) => i !== Math.floor(m / 16) % Object.keys(event).length)),
    () => ids('x'.repeat(65)),
    () => ids('no-such-record'),
    // identity comes from the platform, never from the event: these must change nothing about who is calling
    () => ({ ...event, openid: DEMO_OPENIDS.schoolReviewer, role: 'schoolReviewer', userInfo: { openId: DEMO_OPENIDS.schoolReviewer } }),
  ];
  return variants[m % variants.length]!();
}

type Resolver = (step: Step, ctx: Ctx) => Resolved | Promise<Resolved>;

export async function resolve(step: Step, ctx: Ctx): Promise<Resolved> {
  const resolved = await RESOLVERS[step.act](step, ctx);
  if (resolved.kind !== 'call' || step.twist !== 'garbage' || resolved.retryOf !== undefined) return resolved;
  return { ...resolved, event: garble((resolved.event ?? {}) as Record<string, unknown>, step.m) };
}

/** The natural actor, or with the `anyone` twist one drawn from everyone. */
const actor = (step: Step, natural: string | null | undefined): string =>
  step.twist === 'anyone' || !natural ? choose(ACTORS, step.m)! : natural;

/** The version the user saw, or with the `stale` twist one off. */
const seen = (step: Step, doc: { version: number } | undefined): number => {
  const v = doc?.version ?? 0;
  if (step.twist !== 'stale') return v;
  return step.m % 2 === 0 || v === 0 ? v + 1 : v - 1;
};

const call = (fn: FunctionName, openid: string, event: unknown): Resolved => ({ kind: 'call', fn, openid, event });

/** The world as the actors see it: who is bound to what. */
const world = (s: Snapshot) => {
  const users = docs(s, 'users');
  const certified = new Set(docs(s, 'employers').filter((e) => e.state === 'certified').map((e) => e._id));
  return {
    students: users.filter((u) => u.role === 'student').map((u) => u._id),
    studentOf: (studentNo: string): string | null => s.students.get(studentNo)?.doc.openid ?? null,
    hrOf: (employerId: string | undefined): string[] => users.filter((u) => u.role === 'employer' && u.employerId === employerId).map((u) => u._id),
    hrs: users.filter((u) => u.role === 'employer'),
    certifiedHrs: users.filter((u) => u.role === 'employer' && certified.has(u.employerId ?? '')).map((u) => u._id),
    college: (collegeId: string): string | undefined => users.find((u) => u.role === 'collegeReviewer' && u.collegeId === collegeId)?._id,
    school: users.find((u) => u.role === 'schoolReviewer')?._id,
    certified: docs(s, 'employers').filter((e) => e.state === 'certified'),
  };
};

/** A file in the owner's upload folder; if the twist hands the call to someone else, it is not theirs. */
const upload = (ctx: Ctx, owner: string, name: string): Promise<string> => ctx.upload(owner, name);

function draft(step: Step, library: readonly EmployerDoc[], proofFiles: string[]) {
  const fromLibrary = step.n % 2 === 1 ? choose(library, step.m) : undefined;
  return { ...(step.m % 3 === 0 ? OTHER_TERMS : TERMS), employer: fromLibrary ? { employerId: fromLibrary._id } : { manual: unit(step.m) }, proofFiles };
}

type Reviewable = { record: ReviewTarget; doc: { _id: string; version: number; state: string; collegeId?: string } };

function reviewables(s: Snapshot): { all: Reviewable[]; pending: (r: Reviewable) => boolean } {
  const all: Reviewable[] = [
    ...docs(s, 'checks').map((doc) => ({ record: 'check' as const, doc })),
    ...docs(s, 'agreements').map((doc) => ({ record: 'agreement' as const, doc })),
    ...docs(s, 'terminations').map((doc) => ({ record: 'termination' as const, doc })),
    ...docs(s, 'employers').map((doc) => ({ record: 'employer' as const, doc })),
    ...docs(s, 'destinations').map((doc) => ({ record: 'destination' as const, doc })),
  ];
  const pending = ({ doc }: Reviewable): boolean => ['submitted', 'pendingCollege', 'pendingSchool', 'registered'].includes(doc.state);
  return { all, pending };
}

/** The reviewer whose decision it is: the student's college at the college stage and for checks (sometimes the school). */
function reviewerOf(r: Reviewable, w: ReturnType<typeof world>, m: number): string | undefined {
  if (r.record === 'check' || r.record === 'destination') return m % 4 === 3 ? w.school : w.college(r.doc.collegeId ?? '');
  if (r.record === 'agreement' && r.doc.state !== 'pendingSchool') return w.college(r.doc.collegeId ?? '');
  return w.school;
}

function review(decision: 'approve' | 'return'): Resolver {
  return (step, ctx) => {
    const w = world(ctx.before);
    const { all, pending } = reviewables(ctx.before);
    const first = prefer(all, pending, step.n);
    if (!first) return { kind: 'nothing', why: 'nothing to review' };
    const second = step.m % 4 === 0 ? choose(all.filter(pending), step.m >> 2) : undefined;
    const items = [first, ...(second ? [second] : [])].map((r) => ({ record: r.record, id: r.doc._id, version: seen(step, r.doc) }));
    return call('review', actor(step, reviewerOf(first, w, step.m)), {
      requestId: ctx.requestId(),
      decision,
      items,
      ...(decision === 'return' ? { reason: '材料不全，请补充后重新提交' } : {}),
    });
  };
}

/** Which checks an action can move: a new or editable one for save and submit, a submitted one for withdraw. */
const CHECK_MOVABLE: Record<'save' | 'submit' | 'withdraw' | 'restore', (state: CheckDoc['state'] | undefined) => boolean> = {
  save: (state) => !state || state === 'draft' || state === 'returned',
  submit: (state) => !state || state === 'draft' || state === 'returned',
  withdraw: (state) => state === 'submitted',
  restore: (state) => state === 'draft' || state === 'returned',
};

/** A bound student's check of either kind (one that does not exist yet too), then that student as the actor. */
function check(action: 'save' | 'submit' | 'withdraw' | 'restore'): Resolver {
  return (step, ctx) => {
    const slots = world(ctx.before).students.flatMap((openid) => {
      const studentNo = ctx.before.users.get(openid)?.doc.studentNo ?? '';
      return (['source', 'employment'] as const).map((kind) => ({ openid, kind, current: ctx.before.checks.get(`${kind}:${studentNo}`)?.doc }));
    });
    const slot = prefer(slots, (c) => CHECK_MOVABLE[action](c.current?.state), step.n) ?? { openid: DEMO_OPENIDS.student, kind: 'source' as const, current: undefined };
    const openid = actor(step, slot.openid);
    const variants = slot.kind === 'source' ? SOURCE_FIELDS : EMPLOYMENT_FIELDS;
    const base = { action, requestId: ctx.requestId(), kind: slot.kind, version: seen(step, slot.current) };
    if (action === 'save') return call('submitCheck', openid, { ...base, fields: choose(variants, step.m)! });
    // mostly the whole form; sometimes no fields, submitting what was saved
    if (action === 'submit') return call('submitCheck', openid, step.m % 4 === 1 ? base : { ...base, fields: variants[0] });
    if (action === 'restore') return call('submitCheck', openid, { ...base, field: choose(RESTORABLE, step.m) });
    return call('submitCheck', openid, base);
  };
}

function respond(action: 'accept' | 'decline'): Resolver {
  return (step, ctx) => {
    const offer = prefer(docs(ctx.before, 'offers'), (o) => o.state === 'open', step.n);
    const openid = actor(step, offer && world(ctx.before).studentOf(offer.studentNo));
    return call('respondOffer', openid, {
      action,
      requestId: ctx.requestId(),
      offerId: offer?._id ?? 'no-such-offer',
      version: seen(step, offer),
      ...(action === 'decline' ? { reason: '已有更合适的机会' } : {}),
    });
  };
}

function initiate(action: 'save' | 'submit'): Resolver {
  return async (step, ctx) => {
    const w = world(ctx.before);
    const owner = choose(w.students, step.m) ?? DEMO_OPENIDS.student;
    const studentNo = ctx.before.users.get(owner)?.doc.studentNo;
    const own = docs(ctx.before, 'agreements').filter((a) => a.studentNo === studentNo && a.origin === 'student');
    const current = step.n % 3 === 0 ? undefined : prefer(own, (a) => a.state === 'draft' || a.state === 'returned', step.n);
    const proof = action === 'save' && step.m % 4 === 0 ? [] : [await upload(ctx, owner, `proof-${step.n % 3}.jpg`)];
    return call('initiateSigning', actor(step, owner), {
      action,
      requestId: ctx.requestId(),
      ...(current ? { agreementId: current._id } : {}),
      version: seen(step, current),
      draft: draft(step, w.certified, proof),
    });
  };
}

function undoInitiation(action: 'withdraw' | 'cancel'): Resolver {
  return (step, ctx) => {
    const movable = (a: AgreementDoc): boolean => (action === 'withdraw' ? a.state === 'pendingCollege' : a.state === 'draft' || a.state === 'returned');
    const target = prefer(docs(ctx.before, 'agreements'), movable, step.n);
    return call('initiateSigning', actor(step, target && world(ctx.before).studentOf(target.studentNo)), {
      action,
      requestId: ctx.requestId(),
      agreementId: target?._id ?? 'no-such-agreement',
      version: seen(step, target),
    });
  };
}

function employerOn(action: 'edit' | 'withdraw'): Resolver {
  return (step, ctx) => {
    const offer = prefer(docs(ctx.before, 'offers'), (o) => o.state === 'open', step.n);
    const openid = actor(step, choose(world(ctx.before).hrOf(offer?.employerId), step.m));
    const base = { action, requestId: ctx.requestId(), offerId: offer?._id ?? 'no-such-offer', version: seen(step, offer) };
    const validDays = [undefined, 1, 14][step.m % 3];
    return call('employerOffer', openid, action === 'edit' ? { ...base, terms: OTHER_TERMS, ...(validDays ? { validDays } : {}) } : base);
  };
}

/** 毕业去向登记 by its student: the record (one that does not exist yet too), the student as the actor. */
function destination(action: 'save' | 'submit' | 'withdraw' | 'confirm'): Resolver {
  return async (step, ctx) => {
    const movable = (state: string | undefined): boolean =>
      action === 'withdraw' ? state === 'submitted' : action === 'confirm' ? state === 'approved' : state !== 'submitted';
    const slots = world(ctx.before).students.map((openid) => {
      const studentNo = ctx.before.users.get(openid)?.doc.studentNo ?? '';
      return { openid, current: ctx.before.destinations.get(`destination:${studentNo}`)?.doc };
    });
    const slot = prefer(slots, (d) => movable(d.current?.state), step.n) ?? { openid: DEMO_OPENIDS.student2, current: undefined };
    const base = { action, requestId: ctx.requestId(), version: seen(step, slot.current) };
    if (action === 'withdraw' || action === 'confirm') return call('registerDestination', actor(step, slot.openid), base);
    const content = choose(DESTINATION_DRAFTS, step.m)!;
    const evidenceFiles = step.m % 5 === 4 || content.type === '70' ? [] : [await upload(ctx, slot.openid, `evidence-${step.n % 2}.pdf`)];
    const draft = { ...content, evidenceFiles };
    // now and then a submission of what was saved, without the form
    return call('registerDestination', actor(step, slot.openid), action === 'submit' && step.m % 6 === 1 ? base : { ...base, draft });
  };
}

const VIEWS: ((ctx: Ctx, n: number) => object)[] = [
  () => ({ view: 'destination' }),
  () => ({ view: 'home' }),
  (_, n) => ({ view: 'check', kind: n % 2 ? 'employment' : 'source' }),
  () => ({ view: 'offers' }),
  (ctx, n) => ({ view: 'offer', id: choose([...ctx.before.offers.keys()], n) ?? 'no-such-offer' }),
  (ctx, n) => ({ view: 'agreement', ...(n % 3 ? { id: choose([...ctx.before.agreements.keys()], n) ?? 'none' } : {}) }),
  (ctx, n) => ({ view: 'termination', agreementId: choose([...ctx.before.agreements.keys()], n) ?? 'none' }),
  (ctx, n) => ({ view: 'terminationForm', agreementId: choose([...ctx.before.agreements.keys()], n) ?? 'none' }),
  (ctx, n) => ({ view: 'initiateForm', ...(n % 2 ? { id: choose([...ctx.before.agreements.keys()], n) ?? 'none' } : {}) }),
  () => ({ view: 'employerLibrary', keyword: '示例' }),
  () => ({ view: 'reviewCounts' }),
  () => ({ view: 'reviewStats' }),
  (_, n) => ({ view: 'reviewQueues', ...(n % 2 ? { queue: choose(QUEUES, n) } : {}) }),
  (_, n) => ({ view: 'reviewQueue', queue: choose(QUEUES, n), limit: 1 + (n % 3) }),
  (ctx, n) => {
    const r = choose(reviewables(ctx.before).all, n);
    return { view: 'reviewDetail', record: r?.record ?? 'check', id: r?.doc._id ?? 'none' };
  },
  () => ({ view: 'employerHome' }),
  (_, n) => ({ view: 'employerOffers', limit: 1 + (n % 5) }),
  (ctx, n) => ({ view: 'inviteForm', ...(n % 3 === 1 ? { offerId: choose([...ctx.before.offers.keys()], n) } : n % 3 === 2 ? { agreementId: choose([...ctx.before.agreements.keys()], n) } : {}) }),
  () => ({ view: 'registerForm' }),
];

const RESOLVERS: Record<Act, Resolver> = {
  bindStudent: (step, ctx) => {
    const target = prefer(docs(ctx.before, 'students'), (s) => !s.openid, step.n)!;
    return call('bind', actor(step, choose(STRANGERS, step.m)), {
      action: 'student',
      requestId: ctx.requestId(),
      studentNo: target.studentNo,
      name: target.name,
      idLast6: step.n % 7 === 6 ? '000000' : target.idNumber.slice(-6),
    });
  },
  bindInvite: (step, ctx) =>
    call('bind', actor(step, choose(STRANGERS, step.m)), {
      action: 'invite',
      requestId: ctx.requestId(),
      code: [DEMO_INVITE_CODE, DEMO_INVITE_CODE.toLowerCase(), 'NOTACODE99'][step.n % 3],
    }),
  registerEmployer: async (step, ctx) => {
    const rejected = world(ctx.before).hrs.filter((u) => ctx.before.employers.get(u.employerId ?? '')?.doc.state === 'rejected').map((u) => u._id);
    const owner = choose([...STRANGERS, ...rejected], step.m)!;
    // now and then without its 营业执照, which is refused
    const licence = step.m % 5 === 4 ? [] : [await upload(ctx, owner, `licence-${step.n % 2}.pdf`)];
    return call('bind', actor(step, owner), { action: 'registerEmployer', requestId: ctx.requestId(), employer: unit(step.n), licenceFiles: licence });
  },
  checkSave: check('save'),
  checkSubmit: check('submit'),
  checkWithdraw: check('withdraw'),
  checkRestore: check('restore'),
  offerAccept: respond('accept'),
  offerDecline: respond('decline'),
  initiateSave: initiate('save'),
  initiateSubmit: initiate('submit'),
  initiateWithdraw: undoInitiation('withdraw'),
  initiateCancel: undoInitiation('cancel'),
  terminationSubmit: async (step, ctx) => {
    const target = prefer(docs(ctx.before, 'agreements'), (a) => a.state === 'signed', step.n);
    const owner = (target && world(ctx.before).studentOf(target.studentNo)) ?? DEMO_OPENIDS.student;
    return call('requestTermination', actor(step, owner), {
      action: 'submit',
      requestId: ctx.requestId(),
      agreementId: target?._id ?? 'no-such-agreement',
      explanation: '单位撤销岗位，双方协商一致解约',
      evidenceFiles: [await upload(ctx, owner, `letter-${step.n % 2}.jpg`)],
      reasonCode: step.m % 2 ? '11' : '21',
      breachBy: step.m % 2 ? 'student' : 'employer',
    });
  },
  terminationWithdraw: (step, ctx) => {
    const target = prefer(docs(ctx.before, 'terminations'), (t) => t.state === 'submitted', step.n);
    return call('requestTermination', actor(step, target?.studentOpenid), {
      action: 'withdraw',
      requestId: ctx.requestId(),
      terminationId: target?._id ?? 'no-such-termination',
      version: seen(step, target),
    });
  },
  terminationConsent: (step, ctx) => {
    const w = world(ctx.before);
    const target = prefer(docs(ctx.before, 'terminations'), (t) => t.state === 'pendingConsent', step.n);
    const agreement = target && docs(ctx.before, 'agreements').find((a) => a._id === target.agreementId);
    // the counterparty: the unit's HR for the student's request, the student for the unit's
    const natural = target?.initiator === 'employer' ? target.studentOpenid : choose(w.hrOf(agreement?.employerId), step.m);
    const refuse = step.m % 3 === 0;
    return call('requestTermination', actor(step, natural), {
      action: refuse ? 'refuse' : 'consent',
      requestId: ctx.requestId(),
      terminationId: target?._id ?? 'no-such-termination',
      version: seen(step, target),
      ...(refuse ? { reason: '双方未能就违约金达成一致' } : {}),
    });
  },
  unitConfirm: (step, ctx) => {
    const target = prefer(docs(ctx.before, 'agreements'), (a) => a.state === 'pendingEmployer', step.n);
    const refuse = step.m % 3 === 0;
    return call('employerConfirm', actor(step, choose(world(ctx.before).hrOf(target?.employerId), step.m)), {
      action: refuse ? 'refuse' : 'confirm',
      requestId: ctx.requestId(),
      agreementId: target?._id ?? 'no-such-agreement',
      version: seen(step, target),
      ...(refuse ? { reason: '岗位信息与本单位不符' } : {}),
    });
  },
  sealUpload: async (step, ctx) => {
    const w = world(ctx.before);
    const target = prefer(docs(ctx.before, 'agreements'), (a) => a.state === 'pendingSeal', step.n);
    const natural = step.m % 2 ? target && w.studentOf(target.studentNo) : choose(w.hrOf(target?.employerId), step.m);
    const openid = actor(step, natural);
    return call('sealAgreement', openid, {
      action: 'upload',
      requestId: ctx.requestId(),
      agreementId: target?._id ?? 'no-such-agreement',
      version: seen(step, target),
      files: [await upload(ctx, openid, `stamped-${step.n % 2}.jpg`)],
    });
  },
  offerCreate: (step, ctx) => {
    const w = world(ctx.before);
    const student = choose(docs(ctx.before, 'students'), step.n)!;
    const validDays = [undefined, 1, 3, 30][Math.floor(step.n / 3) % 4];
    return call('employerOffer', actor(step, choose(w.certifiedHrs.length ? w.certifiedHrs : w.hrs.map((u) => u._id), step.m)), {
      action: 'create',
      requestId: ctx.requestId(),
      studentNo: student.studentNo,
      studentName: step.n % 9 === 8 ? '某某' : student.name,
      terms: step.m % 2 ? OTHER_TERMS : TERMS,
      ...(validDays ? { validDays } : {}),
    });
  },
  offerEdit: employerOn('edit'),
  offerWithdraw: employerOn('withdraw'),
  agreementRevise: (step, ctx) => {
    const target = prefer(docs(ctx.before, 'agreements'), (a) => a.state === 'returned' && a.origin === 'offer', step.n);
    return call('employerOffer', actor(step, choose(world(ctx.before).hrOf(target?.employerId), step.m)), {
      action: 'revise',
      requestId: ctx.requestId(),
      agreementId: target?._id ?? 'no-such-agreement',
      version: seen(step, target),
      terms: step.m % 2 ? OTHER_TERMS : TERMS,
    });
  },
  destinationSave: destination('save'),
  destinationSubmit: destination('submit'),
  destinationWithdraw: destination('withdraw'),
  destinationConfirm: destination('confirm'),
  // a reviewer's 修改: refused before the deadline (the clock may pass it), then approved as made
  destinationAmend: async (step, ctx) => {
    const w = world(ctx.before);
    const student = choose(docs(ctx.before, 'students'), step.n)!;
    const current = ctx.before.destinations.get(`destination:${student.studentNo}`)?.doc;
    const reviewer = step.m % 2 ? w.school : w.college(student.collegeId);
    return call('registerDestination', actor(step, reviewer), {
      action: 'amend',
      requestId: ctx.requestId(),
      studentNo: student.studentNo,
      version: seen(step, current),
      draft: { ...choose(DESTINATION_DRAFTS.slice(0, 4), step.m)!, evidenceFiles: [await upload(ctx, reviewer ?? DEMO_OPENIDS.schoolReviewer, 'amend.pdf')] },
      reason: '学生已离校，按就业协议核实后修改',
    });
  },
  reviewApprove: review('approve'),
  reviewReturn: review('return'),
  query: (step, ctx) => call('query', choose(ACTORS, step.m)!, choose(VIEWS, step.n)!(ctx, step.m)),
  print: (step, ctx) => {
    const w = world(ctx.before);
    const target = prefer(docs(ctx.before, 'agreements'), (a) => a.state === 'signed', step.n);
    const natural = [target && w.studentOf(target.studentNo), choose(w.hrOf(target?.employerId), step.m), w.school][step.m % 3];
    return call('printAgreement', actor(step, natural), { agreementId: target?._id ?? 'no-such-agreement' });
  },
  verify: (step, ctx) => {
    const numbered = docs(ctx.before, 'agreements').filter((a) => a.agreementNo);
    const target = prefer(numbered, (a) => a.state === 'signed' || a.state === 'terminated', step.n);
    const code = step.n % 3 === 0 && target?.signedAt ? verificationCode(target) : step.n % 3 === 1 ? '0000-0000-0000-0000' : undefined;
    return call('verifyAgreement', choose(ACTORS, step.m)!, {
      agreementNo: target?.agreementNo ?? '20261000131000001',
      ...(code ? { code } : {}),
    });
  },
  // the timer calls without an OPENID; anyone else is refused
  expire: (step, ctx) =>
    call('expireOffers', step.twist === 'anyone' ? choose(ACTORS, step.m)! : '', { Type: 'Timer', TriggerName: 'hourly', Time: ctx.sys.deps.clock().toISOString() }),
  settings: (step) => ({ kind: 'admin', args: ['set', ...choose(SETTINGS, step.n)!] }),
  clock: (step) => ({ kind: 'clock', ms: choose(CLOCK_STEPS, step.n)! }),
  wechatFails: (step) => ({
    kind: 'wechat',
    outcome: step.n % 2 ? { ok: false, noQuota: true, error: '43101 user refuse to accept the msg' } : { ok: false, noQuota: false, error: '-1 system error' },
  }),
  retry: (step, ctx) => {
    const first = choose(ctx.answered, step.n);
    if (!first) return { kind: 'nothing', why: 'no request answered yet' };
    return { kind: 'call', fn: first.fn, openid: first.openid, event: first.event, retryOf: ctx.answered.indexOf(first) };
  },
};
