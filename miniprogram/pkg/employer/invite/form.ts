/**
 * 邀约学生's form: the student (学号 + 姓名), the terms (工作信息, 档案, 户口, 补充条款) and how many days the student has to
 * answer. The terms are the same fields 学生发起签约 fills in, so their checks are that form's checks
 * (utils/terms-form.ts: one set of rules for 月薪, 合同期限, 档案 and 户口 across the mini program); only the student
 * and the validity are checked here.
 */
import type { FieldIssue } from '../../../../typings/errors';
import type { OfferTerms } from '../../../../typings/records';
import { emptyTerms, termErrors, termErrorsFromIssues, TERM_KEYS, termsOf as formTerms, type TermKey, type TermsForm } from '../../../utils/terms-form';

/** create: a new offer; edit: an open offer (`?id=`); revise: a returned offer-born agreement (`?agreementId=`) */
export type InviteMode = 'create' | 'edit' | 'revise';

export { termsForm, type TermsForm } from '../../../utils/terms-form';

export interface InviteForm extends TermsForm {
  studentNo: string;
  studentName: string;
  /** 有效期（天）, as typed */
  validDays: string;
}

/** The server's bounds on validDays (employerOfferSchema). */
export const MIN_DAYS = 1;
export const MAX_DAYS = 60;

export type InviteKey = TermKey | 'studentNo' | 'studentName' | 'validDays';
export type InviteErrors = Partial<Record<InviteKey, string>>;

export function emptyInvite(defaultDays: number): InviteForm {
  const { job, file, hukou, remarks } = emptyTerms();
  return { studentNo: '', studentName: '', validDays: defaultDays > 0 ? String(defaultDays) : '', job, file, hukou, remarks };
}

/**
 * The terms to send; call it on a form that validateInvite passed. A switched-off 档案 or 户口 part sends nothing
 * of what was typed under it. `legacyReportCardUnit` of an old agreement is kept: the employer cannot see or change it.
 */
export function termsOf(form: TermsForm, previous?: OfferTerms): OfferTerms {
  return { ...formTerms(form), ...(previous?.legacyReportCardUnit ? { legacyReportCardUnit: previous.legacyReportCardUnit } : {}) };
}

/** '' when the days are fine; empty is fine only where the server keeps what it has (an edit). */
export function daysProblem(value: string, required: boolean): string {
  const v = value.trim();
  if (!v) return required ? '请填写有效期' : '';
  if (!/^\d+$/.test(v) || Number(v) < MIN_DAYS || Number(v) > MAX_DAYS) return `有效期应为${MIN_DAYS}至${MAX_DAYS}天的整数`;
  return '';
}

function studentErrors(form: InviteForm): InviteErrors {
  const no = form.studentNo.trim();
  const name = form.studentName.trim();
  const errors: InviteErrors = {};
  if (!no) errors.studentNo = '请填写学号';
  else if (no.length > 32) errors.studentNo = '学号不超过32字';
  if (!name) errors.studentName = '请填写学生姓名';
  else if (name.length > 30) errors.studentName = '学生姓名不超过30字';
  return errors;
}

/** What is wrong with the form, by field; the student and the validity only where the mode lets them be typed. */
export function validateInvite(form: InviteForm, mode: InviteMode): InviteErrors {
  const errors: InviteErrors = { ...(mode === 'create' ? studentErrors(form) : {}), ...termErrors(form) };
  if (mode !== 'revise') {
    const days = daysProblem(form.validDays, mode === 'create');
    if (days) errors.validDays = days;
  }
  return errors;
}

export const hasInviteErrors = (errors: InviteErrors): boolean => Object.keys(errors).length > 0;

/** validDays for the event: a number, or nothing (an edit that keeps the deadline). */
export function daysOf(value: string): { validDays?: number } {
  const v = value.trim();
  return v ? { validDays: Number(v) } : {};
}

/** The server's issue paths (`terms.job.title`, `studentNo`, `validDays`) beside their fields. */
export function inviteErrorsFromIssues(issues: readonly FieldIssue[] | undefined): InviteErrors {
  const list = issues ?? [];
  const errors: InviteErrors = {};
  for (const issue of list) {
    if (issue.path === 'studentNo' || issue.path === 'studentName' || issue.path === 'validDays') errors[issue.path] ??= issue.message;
  }
  const terms = termErrorsFromIssues(list, 'terms.');
  for (const key of TERM_KEYS) if (terms[key]) errors[key] ??= terms[key];
  return errors;
}
