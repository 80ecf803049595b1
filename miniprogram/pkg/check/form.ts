// The check form as rows: what each field shows, whether the student may change it, how it differs from the
// school's record, and what is wrong with it before anything is sent.
import type { FieldIssue } from '../../../typings/errors';
import type { CheckFieldSpec } from '../../../typings/records';
import type { CheckKind } from '../../../typings/states';
import type { CheckView } from '../../../typings/views';
import { codeLabel } from '../utils/code-labels';
import { chineseDate } from '../../utils/date';

export type Values = Record<string, string>;
export type Errors = Record<string, string>;

export interface FieldRow {
  key: string;
  label: string;
  type: CheckFieldSpec['type'];
  /** held by a code-field (地区, 行业, 单位性质) */
  code: boolean;
  required: boolean;
  /** school-owned: grey, never editable */
  locked: boolean;
  /** the student may change it now */
  editable: boolean;
  value: string;
  /** what a date or code field shows for its value */
  display: string;
  /** employment check: the student's value differs from the school's record */
  mismatch: boolean;
  schoolDisplay: string;
  error: string;
}

export const TITLES: Record<CheckKind, string> = { source: '生源核查', employment: '就业信息核验' };

/** The manual's reminders, in its words, on the form they belong to. */
export const HINTS: Record<CheckKind, string[]> = {
  source: ['灰色为不可修改字段，如果出现错误，请联系就业中心老师或者是辅导员。带*号为必填字段，修改后点击提交即可。'],
  employment: [
    '灰色部分为不可修改，若信息有误，需联系辅导员或就业指导中心老师修改。',
    '红色字体意思是学校信息和自己所填信息不一致。若学校库信息无误，可点击“还原学校信息”，若学校库信息有误则直接修改。',
  ],
};

/** Until the college approves the source check, no agreement can be signed online (manual §2). */
export const SIGNING_BANNER = '生源提交核验后，需要等待院系老师审核，审核通过，才可以进行在线签约业务。';

export const SUBMIT_LABEL: Record<CheckKind, string> = { source: '提交', employment: '提交核验' };

const isCode = (type: CheckFieldSpec['type']): type is 'region' | 'industry' | 'nature' =>
  type === 'region' || type === 'industry' || type === 'nature';

/** 身份证号 on a screen shows its first 6 and last 4 characters only (the glossary's rule; whole only in the PDF). */
export function maskedId(id: string): string {
  return id.length > 10 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}` : id;
}

function shownValue(type: CheckFieldSpec['type'], value: string): string {
  if (type === 'date') return chineseDate(value) || value;
  return isCode(type) ? codeLabel(type, value) : value;
}

/** The values as the view carries them, by field key. */
export const valuesOf = (view: CheckView): Values => Object.fromEntries(view.fields.map((f) => [f.spec.key, f.value]));

/** Rows in the view's order, over the student's working values. `editing`: the form is open for changes. */
export function rowsOf(view: CheckView, values: Values, errors: Errors, editing: boolean): FieldRow[] {
  return view.fields.map((f) => {
    const { spec } = f;
    const value = values[spec.key] ?? '';
    const schoolValue = f.schoolValue ?? '';
    const locked = spec.owner === 'school';
    return {
      key: spec.key,
      label: spec.label,
      type: spec.type,
      code: isCode(spec.type),
      required: spec.required,
      locked,
      editable: editing && !locked,
      value,
      display: spec.key === 'idNumber' ? maskedId(value) : shownValue(spec.type, value),
      // judged on what the student sees now, so the mark follows their typing
      mismatch: view.kind === 'employment' && !locked && schoolValue !== '' && value !== schoolValue,
      schoolDisplay: shownValue(spec.type, schoolValue),
      error: errors[spec.key] ?? '',
    };
  });
}

const MOBILE = /^1[3-9]\d{9}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Why a filled value does not fit its field, or ''. Codes come from the pickers and are checked by the server. */
function formatProblem(spec: CheckFieldSpec, value: string): string {
  if (spec.type === 'phone' && !MOBILE.test(value)) return '请输入11位手机号码';
  if (spec.type === 'email' && (!EMAIL.test(value) || value.length > 100)) return '邮箱格式不正确';
  if (spec.type === 'date' && !DATE.test(value)) return '请选择日期';
  return '';
}

/**
 * What the student must fix before sending, by field key. Saving a draft needs only well-formed values; submitting
 * also needs every required field.
 */
export function formErrors(specs: readonly CheckFieldSpec[], values: Values, submitting: boolean): Errors {
  const errors: Errors = {};
  for (const spec of specs) {
    if (spec.owner !== 'student') continue;
    const value = (values[spec.key] ?? '').trim();
    if (!value) {
      if (submitting && spec.required) errors[spec.key] = isCode(spec.type) || spec.type === 'date' ? `请选择${spec.label}` : `请填写${spec.label}`;
      continue;
    }
    const problem = formatProblem(spec, value);
    if (problem) errors[spec.key] = problem;
  }
  return errors;
}

/** The student's fields as sent: every one of them, '' clearing a field the student emptied. */
export function studentFields(specs: readonly CheckFieldSpec[], values: Values): Values {
  return Object.fromEntries(specs.filter((s) => s.owner === 'student').map((s) => [s.key, (values[s.key] ?? '').trim()]));
}

/** The server's per-field refusals (`fields.phone`) placed next to their fields. */
export function issueErrors(issues: readonly FieldIssue[] | undefined): Errors {
  const errors: Errors = {};
  for (const issue of issues ?? []) {
    const key = issue.path.startsWith('fields.') ? issue.path.slice('fields.'.length) : '';
    if (key && !errors[key]) errors[key] = issue.message;
  }
  return errors;
}

/** What the form says about where the check stands, beside its state tag. */
export function stateNote(view: CheckView, editing: boolean): string {
  switch (view.state) {
    case null:
      if (editing) return '请核对每一条信息，填写带*号的必填项；可先保存，核对无误后提交。';
      return view.kind === 'source'
        ? '请点击“开始核验”，仔细核对自己的每一条信息，如有错误请修改后提交。'
        : '请点击“开始核验”，核对并填写就业信息后提交核验。';
    case 'draft':
      return '已保存，尚未提交。';
    case 'submitted':
      if (view.kind === 'employment') return '已提交核验，等待院系老师审核。无论审核是否通过，微信都会收到相应通知。';
      return view.canWithdraw ? '已提交，等待院系老师审核。院系审核前，如发现错误可以撤回。' : '已提交，等待审核。';
    case 'approved':
      return view.kind === 'source' ? '院系审核通过，可以进行在线签约业务。' : '审核通过。';
    case 'returned':
      return '院系退回，请按退回原因修改后重新提交。';
    default:
      return '';
  }
}
