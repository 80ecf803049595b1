/**
 * The state machines as data: for each record, which action moves it from which states to which, and who may do
 * it. `step` applies one row to a record and returns the new version with its audit entry: the only way the
 * domain changes a record.
 */
import type { Attachment, RecordKind, Role, StateOf } from '../../typings';
import { refuse } from './errors';
import { GENESIS, sealContent, sealEntry } from './audit';
import type { Actor, AuditEntry, AuditedRecord, PartyConfirmation, Tracked } from './types';

export interface Rule<S extends string> {
  /** null: the action creates the record */
  from: readonly (S | null)[];
  /** omitted: the state stays as it is (an edit) */
  to?: S;
  /** for an edit that may also create the record: the state it starts in */
  initial?: S;
  by: readonly Role[];
  reasonRequired?: boolean;
}

type Table<K extends RecordKind> = Record<string, Rule<StateOf<K>>>;

const REVIEWERS = ['collegeReviewer', 'schoolReviewer'] as const;

export const checkTable = {
  save: { from: [null, 'draft', 'returned'], initial: 'draft', by: ['student'] },
  restore: { from: ['draft', 'returned'], by: ['student'] },
  submit: { from: [null, 'draft', 'returned'], to: 'submitted', by: ['student'] },
  withdraw: { from: ['submitted'], to: 'draft', by: ['student'] },
  approve: { from: ['submitted'], to: 'approved', by: REVIEWERS },
  return: { from: ['submitted'], to: 'returned', by: REVIEWERS, reasonRequired: true },
} as const satisfies Table<'check'>;

export const offerTable = {
  create: { from: [null], to: 'open', by: ['employer'] },
  edit: { from: ['open'], by: ['employer'] },
  remind: { from: ['open'], by: ['system'] },
  accept: { from: ['open'], to: 'accepted', by: ['student'] },
  decline: { from: ['open'], to: 'declined', by: ['student'], reasonRequired: true },
  supersede: { from: ['open'], to: 'superseded', by: ['student'] },
  withdraw: { from: ['open'], to: 'withdrawn', by: ['employer'] },
  expire: { from: ['open'], to: 'expired', by: ['system'] },
} as const satisfies Table<'offer'>;

export const agreementTable = {
  /** 应约: accepting an offer creates the agreement, straight into college review */
  createFromOffer: { from: [null], to: 'pendingCollege', by: ['student'] },
  save: { from: [null, 'draft', 'returned'], initial: 'draft', by: ['student'] },
  submit: { from: [null, 'draft', 'returned'], to: 'pendingCollege', by: ['student'] },
  /** with `employerConfirmation` on, a student-initiated agreement first waits for its unit */
  submitToEmployer: { from: [null, 'draft', 'returned'], to: 'pendingEmployer', by: ['student'] },
  withdraw: { from: ['pendingEmployer', 'pendingCollege'], to: 'draft', by: ['student'] },
  /** the unit: a certified one in its tab, or whoever answers a confirmation link for it */
  employerConfirm: { from: ['pendingEmployer'], to: 'pendingCollege', by: ['employer'] },
  employerRefuse: { from: ['pendingEmployer'], to: 'returned', by: ['employer'], reasonRequired: true },
  /** 邀请单位确认: the student draws a new confirmation link, the agreement keeping it as its current one (an edit) */
  issueLink: { from: ['pendingEmployer'], by: ['student'] },
  cancel: { from: ['draft', 'returned'], to: 'cancelled', by: ['student'] },
  /** the employer revises an offer-born agreement after a return */
  revise: { from: ['returned'], to: 'pendingCollege', by: ['employer'] },
  collegeApprove: { from: ['pendingCollege'], to: 'pendingSchool', by: ['collegeReviewer'] },
  collegeReturn: { from: ['pendingCollege'], to: 'returned', by: ['collegeReviewer'], reasonRequired: true },
  schoolApprove: { from: ['pendingSchool'], to: 'signed', by: ['schoolReviewer'] },
  /** with `employerSeal` on, the school's approval sends the agreement to be stamped rather than signed */
  schoolApproveToSeal: { from: ['pendingSchool'], to: 'pendingSeal', by: ['schoolReviewer'] },
  schoolReturn: { from: ['pendingSchool'], to: 'returned', by: ['schoolReviewer'], reasonRequired: true },
  /** 回传: the stamped pages, uploaded by the unit or by the student on its behalf */
  uploadSeal: { from: ['pendingSeal'], to: 'pendingSealReview', by: ['employer', 'student'] },
  /** 鉴证: the school checks the stamped pages */
  sealApprove: { from: ['pendingSealReview'], to: 'signed', by: ['schoolReviewer'] },
  sealReturn: { from: ['pendingSealReview'], to: 'pendingSeal', by: ['schoolReviewer'], reasonRequired: true },
  terminate: { from: ['signed'], to: 'terminated', by: ['schoolReviewer'] },
} as const satisfies Table<'agreement'>;

export const terminationTable = {
  /** straight to the school (setting `mutualConsentTermination` off) */
  submit: { from: [null], to: 'submitted', by: ['student', 'employer'] },
  /** to the other party first (setting on) */
  propose: { from: [null], to: 'pendingConsent', by: ['student', 'employer'] },
  consent: { from: ['pendingConsent'], to: 'submitted', by: ['student', 'employer'] },
  refuse: { from: ['pendingConsent'], to: 'refused', by: ['student', 'employer'], reasonRequired: true },
  withdraw: { from: ['pendingConsent', 'submitted'], to: 'withdrawn', by: ['student', 'employer'] },
  approve: { from: ['submitted'], to: 'approved', by: ['schoolReviewer'] },
  reject: { from: ['submitted'], to: 'rejected', by: ['schoolReviewer'], reasonRequired: true },
} as const satisfies Table<'termination'>;

export const employerTable = {
  register: { from: [null], to: 'registered', by: ['employer'] },
  /** the admin's import of the school's library: certified from the start */
  import: { from: [null], to: 'certified', by: ['admin'] },
  /** a re-import of the library updates a certified unit's details; certification itself is the reviewers' call */
  reimport: { from: ['certified'], to: 'certified', by: ['admin'] },
  certify: { from: ['registered'], to: 'certified', by: ['schoolReviewer'] },
  reject: { from: ['registered'], to: 'rejected', by: ['schoolReviewer'], reasonRequired: true },
} as const satisfies Table<'employer'>;

/**
 * 毕业去向登记. After approval a change is a new draft or submission (from `approved`) while the approved values stay
 * in force (DestinationDoc.approved); `fill` (a signed agreement) and `reset` (an approved termination: 待就业) are
 * decided in the same commit as the reviewer's decision that causes them; `amend` is a reviewer's change after the
 * school's deadline, approved as it is made.
 */
export const destinationTable = {
  save: { from: [null, 'draft', 'returned', 'approved'], initial: 'draft', by: ['student'] },
  submit: { from: [null, 'draft', 'returned', 'approved'], to: 'submitted', by: ['student'] },
  withdraw: { from: ['submitted'], to: 'draft', by: ['student'] },
  approve: { from: ['submitted'], to: 'approved', by: REVIEWERS },
  return: { from: ['submitted'], to: 'returned', by: REVIEWERS, reasonRequired: true },
  /** 本人确认 of the values in force */
  confirm: { from: ['approved'], by: ['student'] },
  fill: { from: [null, 'draft', 'submitted', 'returned', 'approved'], to: 'approved', by: ['schoolReviewer'] },
  reset: { from: [null, 'draft', 'submitted', 'returned', 'approved'], to: 'approved', by: ['schoolReviewer'] },
  amend: { from: [null, 'draft', 'submitted', 'returned', 'approved'], to: 'approved', by: REVIEWERS, reasonRequired: true },
  /** the admin records the national sheet's upload of the values in force; the state stays, a change waiting goes on */
  markReported: { from: ['approved', 'submitted', 'draft', 'returned'], by: ['admin'] },
} as const satisfies Table<'destination'>;

export const TABLES = {
  check: checkTable,
  offer: offerTable,
  agreement: agreementTable,
  termination: terminationTable,
  employer: employerTable,
  destination: destinationTable,
} as const;

export type ActionOf<K extends RecordKind> = keyof (typeof TABLES)[K] & string;

/** Chinese labels of actions, for timelines. */
export const ACTION_LABELS: Record<string, string> = {
  save: '保存',
  restore: '还原学校信息',
  submit: '提交',
  withdraw: '撤回',
  approve: '审核通过',
  return: '退回',
  create: '发起邀约',
  edit: '修改邀约',
  remind: '即将失效提醒',
  accept: '应约',
  decline: '拒绝',
  supersede: '因应约其他单位失效',
  expire: '逾期失效',
  createFromOffer: '应约生成协议',
  cancel: '作废',
  revise: '单位修改后重新提交',
  collegeApprove: '院系审核通过',
  collegeReturn: '院系退回',
  schoolApprove: '学校审核通过',
  schoolReturn: '学校退回',
  terminate: '解约',
  submitToEmployer: '提交，等待单位确认',
  employerConfirm: '单位确认协议',
  employerRefuse: '单位拒绝协议',
  schoolApproveToSeal: '学校审核通过，等待单位盖章',
  uploadSeal: '上传盖章协议（回传）',
  sealApprove: '学校鉴证通过',
  sealReturn: '学校鉴证退回',
  propose: '申请解约，等待对方同意',
  consent: '同意解约',
  refuse: '不同意解约',
  saveTemplate: '保存邀约模板',
  deleteTemplate: '删除邀约模板',
  issueLink: '生成确认链接',
  answerLink: '通过确认链接作答',
  reject: '退回',
  register: '注册',
  import: '导入单位库',
  reimport: '更新单位库信息',
  certify: '认证通过',
  bind: '绑定身份',
  lock: '锁定签约资格',
  unlock: '释放签约资格',
  // settings: `init` rather than `create`, whose label is the offer's
  init: '写入学校设置',
  update: '修改学校设置',
  issue: '签发邀请码',
  redeem: '使用邀请码',
  sealContent: '补记记录内容哈希',
  confirm: '本人确认',
  fill: '签约成功，自动登记毕业去向',
  reset: '解约成功，毕业去向改为待就业',
  amend: '审核人员修改毕业去向',
  markReported: '上报',
};

/** Allowed? Refuses with the code the user should see, or returns the rule. */
export function ruleFor<K extends RecordKind>(
  kind: K,
  action: ActionOf<K>,
  current: StateOf<K> | null,
  role: Role,
  reason?: string,
): Rule<StateOf<K>> {
  const rule = (TABLES[kind] as unknown as Table<K>)[action];
  if (!rule) return refuse('INVALID_TRANSITION');
  if (!rule.by.includes(role)) return refuse('FORBIDDEN');
  if (!rule.from.includes(current)) return refuse('INVALID_TRANSITION');
  if (rule.reasonRequired && !(reason && reason.trim())) return refuse('REASON_REQUIRED');
  return rule;
}

export interface StepInput<K extends RecordKind, D extends Tracked & { state: StateOf<K> }> {
  kind: K;
  /** null when the action creates the record; then `patch` must be the whole record but its bookkeeping */
  current: D | null;
  id: string;
  action: ActionOf<K>;
  actor: Actor;
  now: string;
  patch: Partial<Omit<D, keyof Tracked | 'state'>>;
  reason?: string;
  attachments?: Attachment[];
  /** who answered for a party (the unit's confirmation): sealed into the entry with its openid, name, phone and time */
  party?: PartyConfirmation;
}

export interface Stepped<D> {
  doc: D;
  audit: AuditEntry;
}

export interface TouchInput<D extends Tracked> {
  record: AuditedRecord;
  current: D | null;
  id: string;
  action: string;
  actor: Actor;
  now: string;
  from: string | null;
  to: string;
  patch: Partial<Omit<D, keyof Tracked>>;
  /** what the label does not say, e.g. which settings changed */
  reason?: string;
}

/**
 * The one way an audited record changes: its next version, carrying the hash of a new audit entry that links to
 * the one before. `step` and `touch` decide what the entry says; this writes it.
 */
function audited<D extends Tracked>(
  input: Omit<TouchInput<D>, 'patch'> & { patch: object; attachments?: Attachment[]; party?: PartyConfirmation },
): Stepped<D> {
  const { current, now, reason } = input;
  const version = (current?.version ?? 0) + 1;
  const content = {
    ...(current ?? {}),
    ...input.patch,
    _id: input.id,
    version,
    createdAt: current?.createdAt ?? now,
    updatedAt: now,
  };
  const audit = sealEntry({
    record: input.record,
    recordId: input.id,
    seq: version,
    from: input.from,
    to: input.to,
    action: input.action,
    actor: input.actor,
    at: now,
    ...(reason ? { reason: reason.trim() } : {}),
    ...(input.attachments?.length ? { attachments: input.attachments } : {}),
    ...(input.party ? { party: input.party } : {}),
    ...sealContent(content),
    prevHash: current?.auditHead ?? GENESIS,
  });
  const doc = { ...content, auditHead: audit.hash } as D;
  return { doc, audit };
}

/** One transition: check the table, then write the next version with its audit entry. Pure. */
export function step<K extends RecordKind, D extends Tracked & { state: StateOf<K> }>(
  input: StepInput<K, D>,
): Stepped<D> {
  const { kind, current, action, actor, reason } = input;
  const from = current ? current.state : null;
  const rule = ruleFor(kind, action, from, actor.role, reason);
  const to = (rule.to ?? (from === null ? rule.initial : from)) as StateOf<K>;
  return audited<D>({ ...input, record: kind, from, to, patch: { ...input.patch, state: to } });
}

/** An audited write of a record without a state machine (a binding, the signing lock, settings, an invite): its state is a label. */
export function touch<D extends Tracked>(input: TouchInput<D>): Stepped<D> {
  return audited<D>(input);
}

/**
 * A record whose last entry predates content sealing gets one more entry that seals it as it stands: its state (or
 * label) unchanged, only its version and time moving. Run once per store, after its chains were verified intact.
 */
export function sealExisting<D extends Tracked>(input: { record: AuditedRecord; current: D; label: string; actor: Actor; now: string }): Stepped<D> {
  const { record, current, label, actor, now } = input;
  return audited<D>({
    record,
    current,
    id: current._id,
    action: 'sealContent',
    actor,
    now,
    from: label,
    to: label,
    patch: {},
    reason: '一次性迁移：审计条目开始记录记录内容的哈希',
  });
}
