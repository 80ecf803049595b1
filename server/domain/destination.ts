/**
 * 毕业去向登记: one record per student, keyed by 学号, and every decision on it as a pure function of what was loaded.
 * The student saves, submits, withdraws and confirms (本人确认); a reviewer approves, returns, or after the school's
 * deadline amends; the school's final approval of an agreement fills it (type 10) and an approved termination sets it
 * back to 待就业, each in the commit of the decision that causes it.
 *
 * `content` is the working copy; `approved` the values in force (reported, counted), which a later submission leaves
 * alone until it is approved. Each write recomputes where the row stands with the national sheet (`report.state`)
 * and drops 本人确认 once the values confirmed are no longer those in force.
 */
import { contactKeys } from './flags';
import type { Attachment, DestinationContent, FieldIssue, ReportState } from '../../typings';
import { isIndustryCode, isNatureCode, isRegionCode } from '../../typings/codes';
import { destinationType, JOB_CATEGORIES, PENDING_KINDS } from '../../typings/codes/destination';
import { destinationIssues, type DestinationLookups } from '../../typings/rules/destination';
import { canonicalJson, sha256 } from './audit';
import { refuse } from './errors';
import { isPhone, isPostcode, isUscc } from './identifiers';
import { ruleFor, step, type ActionOf } from './machine';
import { formatTime, tell } from './messages';
import { studentKeys } from './parties';
import type { Decided, Env } from './decision';
import type { AgreementDoc, DestinationDoc, SchoolSettings, StudentDoc, StudentKeys } from './types';

export const destinationId = (studentNo: string): string => `destination:${studentNo}`;

/** The server's lookups for the shared rules: the code tables under typings/codes and the identifier checks. */
export const DESTINATION_LOOKUPS: DestinationLookups = {
  type: destinationType,
  isNature: isNatureCode,
  isIndustry: isIndustryCode,
  isRegion: isRegionCode,
  isJobCategory: (c) => JOB_CATEGORIES.entries.some((e) => e.code === c),
  isPendingKind: (c) => PENDING_KINDS.entries.some((e) => e.code === c),
  isUscc,
  isPhone,
  isPostcode,
};

/** The page the student's messages open. */
export const DESTINATION_PAGE = 'pkg/destination/index';

// ---- the deadline --------------------------------------------------------------------------------------------

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** China's calendar day of an instant, YYYY-MM-DD (UTC+8 all year since 1991). */
export const chinaDay = (iso: string): string => new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The last day a student of `graduationYear` may change their record: settings' MM-DD of that year (02-29 → 02-28 in other years). */
export function deadlineOf(settings: Pick<SchoolSettings, 'destinationDeadline'>, graduationYear: number): string {
  const md = settings.destinationDeadline === '02-29' && !isLeap(graduationYear) ? '02-28' : settings.destinationDeadline;
  return `${graduationYear}-${md}`;
}

/** Inclusive: the deadline's whole day is still open, in China's calendar. */
export const deadlinePassed = (deadline: string, now: string): boolean => chinaDay(now) > deadline;

/** Whole days from today (China's calendar) to the deadline: 0 on its day, negative after it. */
export const daysUntil = (deadline: string, now: string): number =>
  Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${chinaDay(now)}T00:00:00Z`)) / 86_400_000);

/** 2026-08-31 → 2026年8月31日 */
export const dayText = (day: string): string => {
  const [y, m, d] = day.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

export const deadlineMessage = (deadline: string): string =>
  `毕业去向登记已于${dayText(deadline)}截止，如需修改请联系辅导员或就业指导中心`;

// ---- values in force, 本人确认 and the national sheet -----------------------------------------------------------

/** Just the content of a record's values (no approval time, no files), key order irrelevant. */
export function contentOf(values: DestinationContent & { approvedAt?: string; evidence?: unknown }): DestinationContent {
  const { approvedAt: _at, evidence: _files, ...content } = values as DestinationContent & { approvedAt?: string; evidence?: unknown };
  return JSON.parse(JSON.stringify(content)) as DestinationContent;
}

/** SHA-256 of the canonical JSON of the values: what 本人确认 and the national sheet's report state compare. */
export const valuesHash = (values: DestinationContent): string => sha256(canonicalJson(contentOf(values)));

/** The hash of the values in force, or null before the first approval. */
export const approvedHash = (d: Pick<DestinationDoc, 'approved'>): string | null => (d.approved ? valuesHash(d.approved) : null);

/** A change waits for review: the working copy is not what is in force. */
export const changePending = (d: Pick<DestinationDoc, 'state' | 'content' | 'approved'>): boolean =>
  d.state !== 'approved' || (d.approved !== null && valuesHash(d.content) !== valuesHash(d.approved));

/**
 * Where the row stands with the national sheet: 新增 never reported; 需复查 reported and a change waits for review;
 * 有改动 reported and the values in force changed since; 已上报 reported as it stands.
 */
export function reportStateOf(d: Pick<DestinationDoc, 'state' | 'content' | 'approved' | 'report'>): ReportState {
  if (!d.report.reportedHash) return 'new';
  if (changePending(d)) return 'recheck';
  return approvedHash(d) === d.report.reportedHash ? 'reported' : 'changed';
}

/** 本人确认 stands while the values confirmed are the values in force. */
export const isConfirmed = (d: Pick<DestinationDoc, 'approved' | 'confirmedAt' | 'confirmedHash'>): boolean =>
  !!d.confirmedAt && !!d.confirmedHash && d.confirmedHash === approvedHash(d);

/** The bookkeeping every write recomputes: the report state, and 本人确认 dropped once it no longer holds. */
function settle(d: DestinationDoc): Partial<DestinationDoc> {
  const confirmed = isConfirmed(d);
  return {
    report: { ...d.report, state: reportStateOf(d) },
    confirmedAt: confirmed ? d.confirmedAt : undefined,
    confirmedHash: confirmed ? d.confirmedHash : undefined,
  };
}

// ---- guards ----------------------------------------------------------------------------------------------------

/** A job destination: one with a unit (types 10, 11, 12, 27), which an agreement in progress would contradict. */
export const isJobType = (code: string): boolean => destinationType(code)?.parts.includes('employer') ?? false;

/** The student's agreement as it bears on registering: signed (nothing else may be registered), pending, or none. */
export function agreementStanding(a: AgreementDoc | null): 'signed' | 'pending' | null {
  if (!a) return null;
  if (a.state === 'signed') return 'signed';
  if (a.state === 'pendingCollege' || a.state === 'pendingSchool' || a.state === 'returned') return 'pending';
  return null;
}

const agreementName = (a: AgreementDoc): string => (a.agreementNo ? `编号 ${a.agreementNo}` : a.employerName);

const issuesRefused = (issues: FieldIssue[]): never => {
  const summary = [...new Set(issues.map((i) => i.message))].join('；');
  return refuse('INVALID_INPUT', summary, issues);
};

/** The shared rules, refused with every issue at once (paths under `draft.`, as the event names them). */
export function checkContent(content: DestinationContent, complete: boolean): void {
  const issues = destinationIssues(content, DESTINATION_LOOKUPS, { complete });
  if (issues.length) issuesRefused(issues.map((i) => ({ path: `draft.${i.path}`, message: i.message })));
}

function checkEvidence(content: DestinationContent, evidence: readonly Attachment[]): void {
  const asked = destinationType(content.type)?.evidence;
  if (asked && evidence.length === 0) issuesRefused([{ path: 'draft.evidenceFiles', message: `请上传证明材料：${asked}` }]);
}

/** What the student may not register while an agreement stands, said naming it. */
function checkAgreement(content: DestinationContent | null, agreement: AgreementDoc | null): void {
  const standing = agreementStanding(agreement);
  if (standing === 'signed') {
    refuse(
      'INVALID_TRANSITION',
      `您的三方协议（${agreementName(agreement!)}）签约成功，毕业去向已据此登记；如需变更，请先申请解约`,
      [{ path: 'draft.type', message: '三方协议签约成功后、解约前不能登记其他毕业去向' }],
    );
  }
  if (standing === 'pending' && content && isJobType(content.type)) {
    const message = `您与${agreement!.employerName}的三方协议正在办理中，办结前不能登记其他就业单位；可登记待就业、升学等去向`;
    refuse('INVALID_TRANSITION', message, [{ path: 'draft.type', message }]);
  }
}

// ---- the flags' call site ------------------------------------------------------------------------------------

/**
 * 就业核查: the flag codes (typings CheckFlag) of values about to be submitted, amended or filled, stored on the record
 * for the queue's filter. Computed by whoever loads what they compare; none by default.
 */
export type FlagsFor = (content: DestinationContent, evidence: readonly Attachment[]) => string[];
export const NO_FLAGS: FlagsFor = () => [];

const flagged = (flagsFor: FlagsFor, content: DestinationContent, evidence: readonly Attachment[]) => {
  const flags = flagsFor(content, evidence);
  // the unit's contact kept flat beside the flags: the next records' shared-contact lookups find it by an index
  return { flags, flagged: flags.length > 0, ...contactKeys(content.employer ?? null) };
};

// ---- the decisions ---------------------------------------------------------------------------------------------

export type Decision = Decided & { destination: DestinationDoc };

/** A record that does not exist yet: what `step` creates it from. */
function fresh(keys: StudentKeys, studentOpenid: string | null): Omit<DestinationDoc, '_id' | 'version' | 'createdAt' | 'updatedAt' | 'auditHead' | 'state'> {
  return {
    ...keys,
    content: { type: '' },
    evidence: [],
    approved: null,
    flags: [],
    flagged: false,
    report: { state: 'new' },
    studentOpenid,
  };
}

interface StepArgs {
  env: Env;
  current: DestinationDoc | null;
  keys: StudentKeys;
  studentOpenid: string | null;
  action: ActionOf<'destination'>;
  patch: Partial<DestinationDoc>;
  reason?: string;
  attachments?: Attachment[];
}

/** One transition with the bookkeeping settled on the record as it will be. */
function stepped(a: StepArgs): Decision {
  const { env, current } = a;
  const id = current?._id ?? destinationId(a.keys.studentNo);
  const base = current ?? ({ ...fresh(a.keys, a.studentOpenid), _id: id, version: 0, createdAt: env.now, updatedAt: env.now, auditHead: '', state: 'draft' } as DestinationDoc);
  // the state the row will be in, for the report state (the table's `to`, else as it is; a creation's `initial`)
  const rule = ruleFor('destination', a.action, current?.state ?? null, env.actor.role, a.reason);
  const state = rule.to ?? (current ? current.state : rule.initial!);
  const next = { ...base, ...a.patch, state } as DestinationDoc;
  const result = step<'destination', DestinationDoc>({
    kind: 'destination',
    current,
    id,
    action: a.action,
    actor: env.actor,
    now: env.now,
    ...(a.reason ? { reason: a.reason } : {}),
    ...(a.attachments?.length ? { attachments: a.attachments } : {}),
    patch: { ...(current ? {} : fresh(a.keys, a.studentOpenid)), ...a.patch, ...settle(next) },
  });
  return {
    destination: result.doc,
    writes: [{ collection: 'destinations', doc: result.doc, expectedVersion: current?.version ?? 0 }],
    audit: [result.audit],
    outbox: [],
  };
}

/** 审核结果 to the student, stamped with the time of the decision. */
const told = (env: Env, to: string | null | undefined, result: string, note: string) =>
  tell(env, 'reviewResult', to, DESTINATION_PAGE, ['毕业去向登记', result, note, formatTime(env.now)]);

export type StudentCommand =
  | { action: 'save'; content: DestinationContent; evidence: Attachment[] }
  | { action: 'submit'; content?: DestinationContent; evidence?: Attachment[] }
  | { action: 'withdraw' }
  | { action: 'confirm' };

/**
 * The student's own action. `agreement` is the one the roster's lock names (pending or signed), or null; `settings`
 * gives the deadline; `flagsFor` the 就业核查 flags a submission stores.
 */
export function decideDestination(input: {
  env: Env;
  student: StudentDoc;
  destination: DestinationDoc | null;
  agreement: AgreementDoc | null;
  settings: Pick<SchoolSettings, 'destinationDeadline'>;
  command: StudentCommand;
  flagsFor?: FlagsFor;
}): Decision {
  const { env, student, destination: d, command } = input;
  ruleFor('destination', command.action, d?.state ?? null, env.actor.role);
  const deadline = deadlineOf(input.settings, student.graduationYear);
  // 本人确认 changes no values: it stays open after the deadline, until the school reports the row
  if (command.action !== 'confirm' && deadlinePassed(deadline, env.now)) refuse('INVALID_TRANSITION', deadlineMessage(deadline), [{ path: 'deadline', message: deadlineMessage(deadline) }]);
  const common = { env, current: d, keys: studentKeys(student), studentOpenid: student.openid };

  switch (command.action) {
    case 'save': {
      checkAgreement(command.content, input.agreement);
      checkContent(command.content, false);
      return stepped({ ...common, action: 'save', patch: { content: command.content, evidence: command.evidence }, attachments: command.evidence });
    }
    case 'submit': {
      const content = command.content ?? d?.content ?? { type: '' };
      const evidence = command.evidence ?? d?.evidence ?? [];
      checkAgreement(content, input.agreement);
      checkContent(content, true);
      checkEvidence(content, evidence);
      return stepped({
        ...common,
        action: 'submit',
        patch: { content, evidence, submittedAt: env.now, reason: undefined, resetAt: undefined, ...flagged(input.flagsFor ?? NO_FLAGS, content, evidence) },
        attachments: evidence,
      });
    }
    case 'withdraw':
      return stepped({ ...common, action: 'withdraw', patch: {} });
    case 'confirm': {
      if (!d?.approved) return refuse('INVALID_TRANSITION');
      if (isConfirmed(d)) return refuse('INVALID_TRANSITION', '您已确认过当前的毕业去向');
      return stepped({ ...common, action: 'confirm', patch: { confirmedAt: env.now, confirmedHash: approvedHash(d)! } });
    }
    default: {
      const unknown: never = command;
      return refuse('INVALID_TRANSITION', `未知操作 ${String(unknown)}`);
    }
  }
}

/** The values a decision puts in force. */
const inForce = (content: DestinationContent, evidence: Attachment[], now: string): NonNullable<DestinationDoc['approved']> => ({
  ...content,
  approvedAt: now,
  evidence,
});

/** 通过 / 退回 of a submission (review), with the student's message. */
export function reviewDestination(input: { env: Env; destination: DestinationDoc; decision: 'approve' | 'return'; reason?: string }): Decision {
  const { env, destination: d, decision } = input;
  const common = { env, current: d, keys: d as StudentKeys, studentOpenid: d.studentOpenid };
  if (decision === 'approve') {
    const decided = stepped({ ...common, action: 'approve', patch: { approved: inForce(d.content, d.evidence, env.now), reason: undefined } });
    return { ...decided, outbox: told(env, d.studentOpenid, '通过', isConfirmed(decided.destination) ? '毕业去向已生效' : '请进入小程序完成本人确认') };
  }
  const reason = input.reason?.trim() ?? '';
  const decided = stepped({ ...common, action: 'return', reason, patch: { reason } });
  return { ...decided, outbox: told(env, d.studentOpenid, '退回', reason) };
}

/**
 * Whether a reviewer may change the record now (修改): after the deadline any record, before it only one a signed
 * agreement filled. One rule for amendDestination and for the reviewer's detail that offers the button.
 */
export const amendOpen = (d: Pick<DestinationDoc, 'agreementId'> | null, deadline: string, now: string): boolean =>
  deadlinePassed(deadline, now) || !!d?.agreementId;

/**
 * A reviewer's change after the school's deadline (修改), with a reason: approved as it is made. Before the deadline
 * the student changes their own record (a reviewer returns it with what to change), except one a signed agreement
 * filled, which its student cannot change: a reviewer completes or corrects it (an agreement written without 工作职位类别
 * fills none, and the national sheet needs one). Kept as the agreement's (网签) while it names the same unit.
 */
export function amendDestination(input: {
  env: Env;
  student: StudentDoc;
  destination: DestinationDoc | null;
  settings: Pick<SchoolSettings, 'destinationDeadline'>;
  content: DestinationContent;
  evidence: Attachment[];
  reason: string;
  flagsFor?: FlagsFor;
}): Decision {
  const { env, student, destination: d, content, evidence } = input;
  ruleFor('destination', 'amend', d?.state ?? null, env.actor.role, input.reason);
  const deadline = deadlineOf(input.settings, student.graduationYear);
  if (!amendOpen(d, deadline, env.now)) {
    const message = `${dayText(deadline)}前由学生本人修改毕业去向；如需修改请退回并说明原因`;
    refuse('INVALID_TRANSITION', message, [{ path: 'deadline', message }]);
  }
  checkContent(content, true);
  // the agreement signed here is the evidence of a record that still stands for it
  if (!sameAgreement(d, content)) checkEvidence(content, evidence);
  const reason = input.reason.trim();
  const decided = stepped({
    env,
    current: d,
    keys: studentKeys(student),
    studentOpenid: d?.studentOpenid ?? student.openid,
    action: 'amend',
    reason,
    attachments: evidence,
    patch: {
      content,
      evidence,
      approved: inForce(content, evidence, env.now),
      reason: undefined,
      resetAt: undefined,
      agreementId: sameAgreement(d, content) ? d?.agreementId : undefined,
      ...flagged(input.flagsFor ?? NO_FLAGS, content, evidence),
    },
  });
  return { ...decided, outbox: told(env, decided.destination.studentOpenid, '已修改', reason) };
}

/** An amended record still stands for the agreement that filled it: type 10 with the same unit. */
const sameAgreement = (d: DestinationDoc | null, content: DestinationContent): boolean =>
  !!d?.agreementId && content.type === '10' && !!content.employer && content.employer.uscc === d.approved?.employer?.uscc;

// ---- the links with agreements -------------------------------------------------------------------------------

/** Whose the received file is, from an agreement's words: a 人才 office, or the unit itself. */
const receiverKindOf = (receiver: string): 'talentCentre' | 'employer' => (/人才|人力资源|人事/.test(receiver) ? 'talentCentre' : 'employer');

/** What a signed agreement says, as 签就业协议形式就业 (type 10). */
export function agreementDestination(a: AgreementDoc): DestinationContent {
  const { employer, job, file, hukou } = a.content;
  return {
    type: '10',
    employer: {
      name: employer.name,
      uscc: employer.uscc,
      nature: employer.nature,
      industry: employer.industry,
      region: employer.region,
      jobCategory: job.jobCategory ?? '',
      jobTitle: job.title,
      contactName: employer.contactName,
      contactPhone: employer.contactPhone,
    },
    file: file.transfer
      ? {
          receiverKind: receiverKindOf(file.receiver ?? ''),
          receiver: file.receiver ?? '',
          address: file.address ?? '',
          postcode: file.postcode ?? '',
          phone: employer.contactPhone,
        }
      : { receiverKind: 'school', receiver: '', address: '', postcode: '', phone: '' },
    hukou: hukou.migrate ? { migrate: true, address: hukou.address ?? '' } : { migrate: false },
  };
}

/**
 * 签约成功: the school's final approval puts the agreement in force as the student's destination (type 10), in the
 * same commit. The student's own message is the agreement's (签约成功): one event, one message.
 */
export function fillDestination(input: { env: Env; agreement: AgreementDoc; destination: DestinationDoc | null; flagsFor?: FlagsFor }): Decision {
  const content = agreementDestination(input.agreement);
  return inForceAtOnce(input, 'fill', content, {
    agreementId: input.agreement._id,
    resetAt: undefined,
    submittedAt: input.env.now,
    ...flagged(input.flagsFor ?? NO_FLAGS, content, []),
  });
}

/**
 * 解约成功: the destination goes back to 待就业 (求职中), in force at once, the agreement no longer named; the 档案 part
 * the student gave stays (待就业 asks for it too). The home page shows a to-do until a new destination is registered.
 */
export function resetDestination(input: { env: Env; agreement: AgreementDoc; destination: DestinationDoc | null }): Decision {
  const d = input.destination;
  const kept = d?.approved?.file ?? d?.content.file;
  const content: DestinationContent = { type: '70', pendingKind: 'seeking', ...(kept && kept.receiverKind !== 'employer' ? { file: kept } : {}) };
  return inForceAtOnce(input, 'reset', content, { agreementId: undefined, resetAt: input.env.now, flags: [], flagged: false });
}

/** A change an agreement's decision makes on the student's behalf (fill, reset): in force at once, no evidence of its own. */
function inForceAtOnce(
  input: { env: Env; agreement: AgreementDoc; destination: DestinationDoc | null },
  action: 'fill' | 'reset',
  content: DestinationContent,
  patch: Partial<DestinationDoc>,
): Decision {
  const { env, agreement: a, destination: d } = input;
  return stepped({
    env,
    current: d,
    keys: { studentNo: a.studentNo, studentName: a.studentName, collegeId: a.collegeId, major: a.major },
    studentOpenid: d?.studentOpenid ?? a.studentOpenid ?? null,
    action,
    patch: { content, evidence: [], approved: inForce(content, [], env.now), reason: undefined, ...patch },
  });
}
