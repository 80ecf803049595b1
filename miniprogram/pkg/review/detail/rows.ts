/**
 * 审核详情 as rows: a ReviewDetail mapped to what the reviewer reads, and which decisions they may take on it. Pure;
 * the server decides again on every call (server/domain/review.ts reviewScope).
 */
import type { ReviewTarget } from '../../../../typings/events';
import type { CheckKind, Role } from '../../../../typings/states';
import type { AgreementView, CheckFieldView, ReviewDetail, TerminationView } from '../../../../typings/views';
import type { EmployerInfo } from '../../../../typings/records';
import { codeLabel } from '../../utils/code-labels';
import { chineseDate, chineseDateTime } from '../../../utils/date';
import { agreementState, employerState, stateTag, terminationState, type StateLabel } from '../../../utils/labels';

export interface Row {
  label: string;
  value: string;
}

export const RECORDS: readonly ReviewTarget[] = ['check', 'agreement', 'termination', 'employer'];
export const isRecord = (value: string | undefined): value is ReviewTarget => RECORDS.includes(value as ReviewTarget);

/** What a stale version means to the reviewer: someone else decided first; the page then shows the record anew. */
export const CONFLICT_NOTICE = '该记录已被他人处理，已为你刷新';
export const REASON_MISSING = '请填写原因';

const KIND: Record<CheckKind, string> = { source: '生源信息核查', employment: '就业信息核验' };
const RECORD_TITLE: Record<ReviewTarget, string> = { check: '信息核查', agreement: '三方协议', termination: '解约申请', employer: '单位认证' };

/** The page title: 生源信息核查 / 就业信息核验 for checks, else the record's name. */
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
      return (state === 'pendingCollege' && college) || (state === 'pendingSchool' && school);
    case 'termination':
      return state === 'submitted' && school;
    case 'employer':
      return state === 'registered' && school;
  }
}

function approveConfirm(d: ReviewDetail): string {
  switch (d.record) {
    case 'check':
      return d.check?.kind === 'employment' ? '确认就业信息核验通过？' : '确认生源信息核查通过？通过后学生即可签约。';
    case 'agreement':
      return d.item.state === 'pendingSchool' ? '确认学校审核通过？通过后协议签约成功。' : '确认院系审核通过？通过后提交学校审核。';
    case 'termination':
      return '确认同意解约？通过后原协议解除，学生可重新签约。';
    case 'employer':
      return '确认通过单位认证？通过后该单位可以向学生发起邀约。';
  }
}

export function decisions(role: Role | null | undefined, d: ReviewDetail): Decisions {
  const refuses = d.record === 'termination' || d.record === 'employer';
  const reject = refuses ? '不通过' : '退回';
  return {
    can: canDecide(role, d),
    approve: '通过',
    reject,
    approveConfirm: approveConfirm(d),
    rejectTitle: `${reject}原因`,
    rejectPlaceholder: refuses ? '请填写不通过的原因，申请人会收到通知' : '请写明需要修改的内容，学生会收到通知',
  };
}

export interface Head {
  title: string;
  tag: StateLabel;
  rows: Row[];
}

/** Who and when, from the queue item: the same lines whatever the record. */
export function head(d: ReviewDetail): Head {
  const i = d.item;
  const rows: Row[] = [];
  if (i.studentNo) {
    rows.push({ label: '学号', value: i.studentNo });
    if (i.collegeName) rows.push({ label: '院系', value: i.collegeName });
    if (i.major) rows.push({ label: '专业', value: i.major });
  }
  rows.push({ label: '事项', value: i.subtitle });
  rows.push({ label: d.record === 'employer' ? '注册时间' : '提交时间', value: chineseDateTime(i.submittedAt) });
  return { title: i.title, tag: stateTag(i.record, i.state), rows };
}

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
  fields.map((f) => ({
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
const STAGE: Record<'college' | 'school', string> = { college: '院系审核', school: '学校审核' };

/** The agreement's own lines above its content. */
export function agreementRows(a: AgreementView): Row[] {
  const rows: Row[] = [
    { label: '协议编号', value: a.agreementNo ?? '未编号' },
    { label: '协议状态', value: agreementState(a.state).label },
    { label: '签约方式', value: ORIGIN[a.origin] },
  ];
  if (a.signedAt) rows.push({ label: '签约日期', value: chineseDate(a.signedAt) });
  if (a.state === 'returned' && a.returnReason) {
    rows.push({ label: a.returnedAt ? `${STAGE[a.returnedAt]}退回原因` : '退回原因', value: a.returnReason });
  }
  return rows;
}

export function terminationRows(t: TerminationView): Row[] {
  const rows: Row[] = [
    { label: '申请状态', value: terminationState(t.state).label },
    { label: '申请时间', value: chineseDateTime(t.createdAt) },
    { label: '解约说明', value: t.explanation || '未填写' },
  ];
  if (t.reason) rows.push({ label: '不通过原因', value: t.reason });
  return rows;
}

/** 单位注册信息, codes by their names. */
export function employerRows(e: EmployerInfo & { state: Parameters<typeof employerState>[0] }): Row[] {
  return [
    { label: '单位名称', value: e.name },
    { label: '统一社会信用代码', value: e.uscc },
    { label: '单位性质', value: codeLabel('nature', e.nature) || '未填写' },
    { label: '单位行业', value: codeLabel('industry', e.industry) || '未填写' },
    { label: '单位所在地', value: codeLabel('region', e.region) || '未填写' },
    { label: '详细地址', value: e.address || '未填写' },
    { label: '联系人', value: e.contactName },
    { label: '联系电话', value: e.contactPhone },
    { label: '认证状态', value: employerState(e.state).label },
  ];
}
