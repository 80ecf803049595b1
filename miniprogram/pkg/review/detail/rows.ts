/**
 * 审核详情 as rows: a ReviewDetail mapped to what the reviewer reads, and which decisions they may take on it. Pure;
 * the server decides again on every call (server/domain/review.ts reviewScope).
 */
import type { ReviewTarget } from '../../../../typings/events';
import type { CheckKind, Role } from '../../../../typings/states';
import type { AgreementView, CheckFieldView, CheckFlag, DestinationView, ReviewDetail, SealReviewView, TerminationView } from '../../../../typings/views';
import type { ReportState } from '../../../../typings/states';
import { destinationType, jobCategoryName, pendingKindName } from '../../codes/destination';
import type { EmployerInfo } from '../../../../typings/records';
import { codeLabel } from '../../utils/code-labels';
import { chineseDate, chineseDateTime } from '../../../utils/date';
import { confirmationText } from '../../utils/agreement-content';
import { agreementState, employerState, stateTag, type StateLabel } from '../../../utils/labels';

export interface Row {
  label: string;
  value: string;
}

export const RECORDS: readonly ReviewTarget[] = ['check', 'agreement', 'termination', 'employer', 'destination'];
export const isRecord = (value: string | undefined): value is ReviewTarget => RECORDS.includes(value as ReviewTarget);

/** What a stale version means to the reviewer: someone else decided first; the page then shows the record anew. */
export const CONFLICT_NOTICE = '该记录已被他人处理，已为您刷新';
export const REASON_MISSING = '请填写原因';

/** A preset reason tapped: added to what is typed (once), so two can be combined and either edited after. */
export function withReason(typed: string, preset: string): string {
  const current = typed.trim();
  if (!current) return preset;
  if (current.split(/[；;\n]/).map((p) => p.trim()).includes(preset)) return current;
  return `${current}；${preset}`;
}

const KIND: Record<CheckKind, string> = { source: '生源核查', employment: '就业信息核验' };
const RECORD_TITLE: Record<ReviewTarget, string> = { check: '信息核查', agreement: '三方协议', termination: '解约申请', employer: '单位认证', destination: '毕业去向登记' };

/** The page title: 生源核查 / 就业信息核验 for checks, else the record's name. */
export const titleOf = (d: ReviewDetail): string => (d.check ? KIND[d.check.kind] : RECORD_TITLE[d.record]);

export interface Decisions {
  /** whether this reviewer may decide now */
  can: boolean;
  approve: string;
  /** 退回 (the author revises and resubmits) or 不通过 (a termination or a unit registration is refused) */
  reject: string;
  /** asked before approving: what the approval sets off */
  approveConfirm: string;
  rejectTitle: string;
  /** above the box: that it is required and who reads it */
  rejectHint: string;
  rejectPlaceholder: string;
}

/** Mirrors reviewScope: checks by the college or the school; agreements stage by stage; the rest by the school. */
export function canDecide(role: Role | null | undefined, d: ReviewDetail): boolean {
  const state = d.item.state;
  const school = role === 'schoolReviewer';
  const college = role === 'collegeReviewer';
  switch (d.record) {
    case 'check':
      return state === 'submitted' && (school || college);
    case 'agreement':
      return (state === 'pendingCollege' && college) || ((state === 'pendingSchool' || state === 'pendingSealReview') && school);
    case 'termination':
      return state === 'submitted' && school;
    case 'employer':
      return state === 'registered' && school;
    case 'destination':
      return state === 'submitted' && (school || college);
  }
}

function approveConfirm(d: ReviewDetail): string {
  switch (d.record) {
    case 'check':
      return d.check?.kind === 'employment' ? '确认就业信息核验通过？' : '确认生源核查通过？通过后学生即可签约。';
    case 'agreement':
      if (d.item.state === 'pendingSealReview') return '确认盖章页鉴证通过？通过后协议签约成功。';
      if (d.item.state === 'pendingSchool') return d.sealNext ? '确认学校审核通过？通过后由用人单位盖章回传，学校鉴证后签约成功。' : '确认学校审核通过？通过后协议签约成功。';
      return '确认院系审核通过？通过后提交学校审核。';
    case 'termination':
      return '确认同意解约？通过后原协议解除，学生可重新签约。';
    case 'employer':
      return '确认通过单位认证？通过后该单位可以向学生发起邀约。';
    case 'destination':
      return '确认毕业去向登记审核通过？通过后按此上报。';
  }
}

export function decisions(role: Role | null | undefined, d: ReviewDetail): Decisions {
  const refuses = d.record === 'termination' || d.record === 'employer';
  const reject = refuses ? '退回' : '退回';
  return {
    can: canDecide(role, d),
    approve: '通过',
    reject,
    approveConfirm: approveConfirm(d),
    rejectTitle: `${reject}原因`,
    rejectHint: refuses ? '必填。申请人会在通知中看到这段原因。' : '必填。请写明需要修改的内容，学生会在通知中看到。',
    rejectPlaceholder: refuses ? '请填写退回原因' : '请填写退回原因，或点选上方常用原因',
  };
}

export interface Head {
  title: string;
  tag: StateLabel;
  /** 院系 · 专业 (students' records) */
  who: string;
  /** what is asked: the check's kind, or 单位 · 岗位 */
  what: string;
  /** 已等待 3 天 while it waits for a decision, else when it was submitted */
  waited: string;
  /** how many others wait in the same queue */
  left: string;
}

/** Whether the record waits for a decision at all (whoever's): then the summary says how long. */
const PENDING: Record<ReviewTarget, readonly string[]> = {
  check: ['submitted'],
  agreement: ['pendingCollege', 'pendingSchool'],
  termination: ['submitted'],
  employer: ['registered'],
  destination: ['submitted'],
};

/** 3 天 / 5 小时 / 不到 1 小时: how long since `from`, at the server's time `at`. */
export function waitedFor(from: string, at: string): string {
  const hours = Math.floor((Date.parse(at) - Date.parse(from)) / 3_600_000);
  if (!(hours >= 1)) return '不到 1 小时';
  return hours < 24 ? `${hours} 小时` : `${Math.floor(hours / 24)} 天`;
}

/**
 * The summary the reviewer reads first: who (the title names 姓名 学号; 院系 · 专业 under it), what, the stage (the
 * state tag), how long it has waited, and how many more wait. Nothing here is repeated in the sections below.
 */
export function head(d: ReviewDetail): Head {
  const i = d.item;
  const submittedLabel = d.record === 'employer' ? '注册' : '提交';
  const when = chineseDateTime(i.submittedAt);
  const waiting = PENDING[d.record].includes(i.state);
  const left = d.queue ? (d.queue.left > 0 ? `本队列还有 ${d.queue.left} 条待审核` : '本队列没有其他待审核') : '';
  return {
    title: i.title,
    tag: stateTag(i.record, i.state),
    who: i.studentNo ? [i.collegeName, i.major].filter(Boolean).join(' · ') : '',
    what: d.check ? KIND[d.check.kind] : d.record === 'employer' ? '单位认证申请' : i.subtitle,
    waited: waiting ? `已等待 ${waitedFor(i.submittedAt, d.at)}（${when} ${submittedLabel}）` : `${when} ${submittedLabel}`,
    left: waiting || d.queue?.next ? left : '',
  };
}

/** Shown in the summary, so left out of the sections below: who the student is. */
export const SUMMARY_FIELDS: readonly string[] = ['studentNo', 'name', 'collegeName', 'major'];
const SUMMARY_LABELS: readonly string[] = ['姓名', '学号', '学院', '院系', '专业'];

/** A section's rows without the ones the summary shows. */
export const withoutSummary = <R extends { label: string }>(rows: readonly R[]): R[] => rows.filter((r) => !SUMMARY_LABELS.includes(r.label));

export interface FieldRow {
  key: string;
  label: string;
  value: string;
  /** the student may edit it (school-owned fields are shown grey) */
  editable: boolean;
  required: boolean;
  mismatch: boolean;
  /** employment checks: the school's record, shown when it differs */
  schoolValue: string;
}

const CODE_TYPES = ['region', 'industry', 'nature'] as const;
type CodeType = (typeof CODE_TYPES)[number];
const isCodeType = (t: string): t is CodeType => (CODE_TYPES as readonly string[]).includes(t);

/** A field's value as read: codes by their names, empty as 未填写. */
function shownValue(type: string, value: string): string {
  if (!value) return '未填写';
  return isCodeType(type) ? codeLabel(type, value) : value;
}

export const fieldRows = (fields: readonly CheckFieldView[]): FieldRow[] =>
  fields.filter((f) => !SUMMARY_FIELDS.includes(f.spec.key)).map((f) => ({
    key: f.spec.key,
    label: f.spec.label,
    value: shownValue(f.spec.type, f.value),
    editable: f.spec.owner === 'student',
    required: f.spec.required,
    mismatch: f.mismatch,
    schoolValue: f.mismatch ? shownValue(f.spec.type, f.schoolValue ?? '') : '',
  }));

export const mismatchCount = (rows: readonly FieldRow[]): number => rows.filter((r) => r.mismatch).length;

const ORIGIN: Record<AgreementView['origin'], string> = { offer: '单位邀约', student: '学生发起' };
const STAGE: Record<'employer' | 'college' | 'school', string> = { employer: '单位确认', college: '院系审核', school: '学校审核' };

/** The agreement's own lines above its content. */
export function agreementRows(a: AgreementView, withState: boolean): Row[] {
  const rows: Row[] = [{ label: '协议编号', value: a.agreementNo ?? '未编号' }];
  // the agreement under review has its state in the summary's tag; a termination's agreement does not
  if (withState) rows.push({ label: '协议状态', value: agreementState(a.state).label });
  rows.push({ label: '签约方式', value: ORIGIN[a.origin] });
  // who confirmed for the unit (or refused), for the college to see the unit stands behind it
  if (a.confirmation) rows.push({ label: '单位确认', value: confirmationText(a.confirmation) });
  if (a.signedAt) rows.push({ label: '签约日期', value: chineseDate(a.signedAt) });
  if (a.state === 'returned' && a.returnReason) {
    rows.push({ label: a.returnedAt ? `${STAGE[a.returnedAt]}退回原因` : '退回原因', value: a.returnReason });
  }
  return rows;
}

export function terminationRows(t: TerminationView): Row[] {
  // its state and time are the summary's
  const rows: Row[] = [];
  // what mutual consent added: who asked, why, who breaks the agreement, the other party's answer
  if (t.initiator) rows.push({ label: '申请方', value: t.initiator === 'employer' ? '用人单位' : '学生' });
  if (t.reasonLabel) rows.push({ label: '解约原因', value: t.reasonLabel });
  if (t.breachLabel) rows.push({ label: '违约方', value: t.breachLabel });
  if (t.consent) {
    const who = [t.consent.name, t.consent.maskedPhone, t.consent.via === 'link' ? '通过同意链接' : ''].filter(Boolean).join('，');
    rows.push({ label: '对方意见', value: `${t.consent.decision === 'confirm' ? '同意解约' : '不同意解约'}${who ? `（${who}）` : ''}` });
  }
  if (t.penaltyReceipt?.length) rows.push({ label: '违约金支付凭证', value: `${t.penaltyReceipt.length} 张，见解约申请材料` });
  rows.push({ label: '解约说明', value: t.explanation || '未填写' });
  if (t.reason) rows.push({ label: '退回原因', value: t.reason });
  return rows;
}

/** 单位注册信息, codes by their names. */
export function employerRows(e: EmployerInfo & { state: Parameters<typeof employerState>[0] }): Row[] {
  // the unit's name is the summary's title
  return [
    { label: '统一社会信用代码', value: e.uscc },
    { label: '单位性质', value: codeLabel('nature', e.nature) || '未填写' },
    { label: '单位行业', value: codeLabel('industry', e.industry) || '未填写' },
    { label: '单位所在地', value: codeLabel('region', e.region) || '未填写' },
    { label: '详细地址', value: e.address || '未填写' },
    { label: '单位联系人', value: e.contactName },
    { label: '联系电话', value: e.contactPhone },
  ];
}

// ---- 毕业去向登记 ---------------------------------------------------------------------------------------------------

/** A row of a destination: the working value, and (while a change waits) the value in force when it differs. */
export interface ChangeRow extends Row {
  /** the value in force (the last approved), shown beside a pending change where it differs */
  was?: string;
}

type Part = 'employer' | 'study' | 'abroad' | 'business' | 'project' | 'enlistment' | 'freelance' | 'file' | 'hukou';
type Show = (value: unknown) => string;

const text: Show = (v) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const code = (kind: 'region' | 'industry' | 'nature'): Show => (v) => codeLabel(kind, text(v));
const jobCategory: Show = (v) => (text(v) ? `${jobCategoryName(text(v)) ?? text(v)}` : '');
const purpose: Show = (v) => (v === 'study' ? '留学' : v === 'work' ? '工作' : text(v));
const RECEIVERS: Record<string, string> = { employer: '转至就业单位', talentCentre: '转至人才服务中心', origin: '转回生源地', school: '暂存学校（最长两年）' };
const receiverKind: Show = (v) => RECEIVERS[text(v)] ?? text(v);
const migrate: Show = (v) => (v === true ? '迁移' : v === false ? '不迁移' : '');

/** Each part's fields in the form's order, in the glossary's words. */
const PART_FIELDS: Record<Part, readonly [key: string, label: string, show?: Show][]> = {
  employer: [
    ['name', '单位名称'],
    ['uscc', '统一社会信用代码'],
    ['nature', '单位性质', code('nature')],
    ['industry', '单位行业', code('industry')],
    ['region', '单位所在地', code('region')],
    ['jobCategory', '工作职位类别', jobCategory],
    ['jobTitle', '岗位名称'],
    ['contactName', '单位联系人'],
    ['contactPhone', '单位联系电话'],
    ['contactEmail', '单位联系邮箱'],
  ],
  study: [['school', '升学院校'], ['programme', '录取专业'], ['level', '升学层次']],
  abroad: [['country', '国家（地区）'], ['institution', '境外院校或单位'], ['purpose', '出国（境）目的', purpose]],
  business: [['name', '创业企业名称'], ['uscc', '统一社会信用代码'], ['region', '创业所在地', code('region')]],
  project: [['name', '基层项目名称'], ['serviceUnit', '服务单位'], ['region', '服务所在地', code('region')]],
  enlistment: [['noticeNo', '入伍通知书编号'], ['region', '征兵所在地', code('region')]],
  freelance: [['description', '从业内容'], ['region', '从业所在地', code('region')]],
  file: [['receiverKind', '档案去向', receiverKind], ['receiver', '档案接收单位'], ['address', '档案接收地址'], ['postcode', '邮政编码'], ['phone', '档案接收单位电话']],
  hukou: [['migrate', '户口迁移', migrate], ['address', '户口迁入地址'], ['policeStation', '迁入地派出所']],
};

const VALUE_PARTS: readonly Part[] = ['employer', 'study', 'abroad', 'business', 'project', 'enlistment', 'freelance'];

/**
 * Whether the values in force stand beside a different working copy: a change submitted (or being drafted, or
 * returned) after an approval. Then each row says what is in force where it differs.
 */
export function pendingChange(v: DestinationView): boolean {
  return v.state !== 'approved' && v.approved !== null;
}

const typeName = (c: string | undefined): string => (c ? (destinationType(c)?.name ?? c) : '');

/** Rows of some parts of the content, each with its value in force where a pending change differs from it. */
function partRows(v: DestinationView, parts: readonly Part[], head: ChangeRow[]): ChangeRow[] {
  const before = pendingChange(v) ? v.approved : null;
  const rows: ChangeRow[] = [...head];
  for (const part of parts) {
    const now = v.content[part] as Record<string, unknown> | undefined;
    const was = before?.[part] as Record<string, unknown> | undefined;
    if (!now && !was) continue;
    for (const [key, label, show = text] of PART_FIELDS[part]) {
      const value = now ? show(now[key]) : '';
      const old = was ? show(was[key]) : '';
      if (!value && !old) continue;
      // beside a change, an emptied field reads 无 (the type no longer asks for it), not 未填写
      const changed = before !== null && old !== value;
      rows.push({ label, value: value || (changed ? '无' : '未填写'), ...(changed ? { was: old || '无' } : {}) });
    }
  }
  return rows;
}

/** 毕业去向: the type (and 待就业's kind), the type's fields, 备注. */
export function destinationRows(v: DestinationView): ChangeRow[] {
  const before = pendingChange(v) ? v.approved : null;
  const head: ChangeRow[] = [];
  const type = typeName(v.content.type);
  head.push({ label: '去向类型', value: type || '未填写', ...(before && before.type !== v.content.type ? { was: typeName(before.type) } : {}) });
  const kind = v.content.pendingKind ? (pendingKindName(v.content.pendingKind) ?? v.content.pendingKind) : '';
  const kindWas = before?.pendingKind ? (pendingKindName(before.pendingKind) ?? before.pendingKind) : '';
  if (kind || kindWas) head.push({ label: '待就业情况', value: kind || '无', ...(before && kind !== kindWas ? { was: kindWas || '无' } : {}) });
  const rows = partRows(v, VALUE_PARTS, head);
  const remarks = v.content.remarks ?? '';
  const remarksWas = before?.remarks ?? '';
  if (remarks || remarksWas) rows.push({ label: '备注', value: remarks || '无', ...(before && remarks !== remarksWas ? { was: remarksWas || '无' } : {}) });
  return rows;
}

/** 档案转递 and 户口迁移 (absent where the type asks for neither). */
export const archiveRows = (v: DestinationView): ChangeRow[] => partRows(v, ['file', 'hukou'], []);

/** The evidence the type asks for, by its name (劳动合同, 录取通知书…): the title of its files. */
export const evidenceTitle = (v: DestinationView): string => destinationType(v.content.type)?.evidence ?? '证明材料';

const REPORT: Record<ReportState, string> = { new: '未上报（新增）', changed: '已上报，之后有改动', reported: '已上报', recheck: '已上报，有改动待审核' };

/** 本人确认 and the national sheet: whether and when the student confirmed, and where the row stands. */
export function confirmRows(v: DestinationView): Row[] {
  const rows: Row[] = [{ label: '本人确认', value: v.confirmedAt ? `已确认（${chineseDateTime(v.confirmedAt)}）` : v.approved ? '未确认' : '审核通过后由学生本人确认' }];
  if (v.approved) rows.push({ label: '现行去向', value: `${typeName(v.approved.type)}（${chineseDate(v.approved.approvedAt)}审核通过）` });
  if (v.agreement) rows.push({ label: '协议编号', value: `${v.agreement.agreementNo ?? '未编号'}（网签三方协议登记）` });
  if (v.report) rows.push({ label: '上报状态', value: v.report.reportedAt ? `${REPORT[v.report.state]}，${chineseDate(v.report.reportedAt)}上报` : REPORT[v.report.state] });
  if (v.reason && v.state === 'returned') rows.push({ label: '退回原因', value: v.reason });
  return rows;
}

/** The note beside 本人确认与上报's title: what a reviewer asks first. */
export const confirmNote = (v: DestinationView): string => (v.confirmedAt ? '已确认' : v.approved ? '未确认' : '');

export interface FlagRow {
  code: string;
  label: string;
  text: string;
}

/** 核查提示: each flag by its label, with the reason the server gave (what it compared). */
export const flagRows = (flags: readonly CheckFlag[]): FlagRow[] => flags.map((f) => ({ code: f.code, label: f.label ?? f.code, text: f.text }));

/** 回传鉴证: one printed page beside the file uploaded for it (or a file that matched no page). */
export interface SealRow {
  key: string;
  /** 第 2 页 of the generated PDF, or 未对应页码 */
  page: string;
  /** what the generated page carries (甲方、乙方…) */
  generated: string;
  fileId: string;
  src: string;
  pdf: boolean;
  /** no file shows this page (only where a PDF may hold it) */
  missing: boolean;
  ok: boolean;
  /** ✓ 第 2 页 / ✗ why, or that a PDF is checked by eye */
  text: string;
}

const isPdfFile = (fileId: string): boolean => /\.pdf$/i.test(fileId);

export function sealRows(v: SealReviewView): SealRow[] {
  return v.rows.map((r, i) => {
    const u = r.upload;
    const ok = !!u && (u.match === 'ok' || u.match === 'pdf');
    return {
      key: `seal-${i}`,
      page: r.page === null ? '未对应页码' : `第 ${r.page} 页`,
      generated: r.generated,
      fileId: u?.file.fileId ?? '',
      src: u?.file.url ?? '',
      pdf: !!u && isPdfFile(u.file.fileId),
      missing: !u,
      ok,
      text: u ? `${ok && u.match === 'ok' ? '✓ ' : u.match === 'pdf' ? '' : '✗ '}${u.match === 'pdf' ? 'PDF 文件，请打开逐页核对' : `二维码：${u.text}`}` : '未单独上传（见 PDF 文件）',
    };
  });
}

/** Who uploaded the stamped pages and when, and the reason of the school's last return. */
export function sealInfoRows(v: SealReviewView): Row[] {
  const rows: Row[] = [{ label: '上传', value: `${v.uploadedBy} · ${chineseDateTime(v.uploadedAt)}` }];
  if (v.pages !== null) rows.push({ label: '协议书页数', value: `${v.pages} 页` });
  if (v.verifiedAt) rows.push({ label: '鉴证通过', value: chineseDateTime(v.verifiedAt) });
  return rows;
}
