/**
 * 邀约学生's form: the student (学号 + 姓名), the terms (工作信息, 档案, 户口, 补充条款) and how many days the student has to
 * answer. The terms are the same fields 学生发起签约 fills in, so their checks are that form's checks
 * (utils/terms-form.ts: one set of rules for 月薪, 合同期限, 档案 and 户口 across the mini program); only the student
 * and the validity are checked here.
 */
import type { FieldIssue } from '../../../../typings/errors';
import type { OfferTerms } from '../../../../typings/records';
import { emptyTerms, termErrors, termErrorsFromIssues, TERM_KEYS, termsOf as formTerms, type TermKey, type TermsForm } from '../../../utils/terms-form';
import type { TermsRuleOptions } from '../../../rules/terms';

/** create: a new offer; edit: an open offer (`?id=`); revise: a returned offer-born agreement (`?agreementId=`) */
export type InviteMode = 'create' | 'edit' | 'revise';

export { termsForm, type TermsForm } from '../../../utils/terms-form';

export interface InviteForm extends TermsForm {
  studentNo: string;
  studentName: string;
  /** 批量邀约: one student a line, 学号 then 姓名, as pasted from a list */
  batchText: string;
  /** 有效期（天）, as typed */
  validDays: string;
}

/** The server's bounds on validDays (employerOfferSchema). */
export const MIN_DAYS = 1;
export const MAX_DAYS = 60;

export type InviteKey = TermKey | 'studentNo' | 'studentName' | 'validDays' | 'batch';

/** The server's limit of one createMany (employerOfferSchema). */
export const MAX_BATCH = 50;

export interface BatchStudent {
  studentNo: string;
  studentName: string;
}

/**
 * The pasted list as students, and its first problem ('' when it may be sent): a line is 学号 and 姓名 separated by
 * spaces, a comma or a tab (as copied from a spreadsheet); blank lines are skipped; a 学号 twice is a slip.
 */
export function parseBatch(text: string): { students: BatchStudent[]; problem: string } {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const students: BatchStudent[] = [];
  const seen = new Map<string, number>();
  for (const [i, line] of lines.entries()) {
    const parts = line.split(/[\s,，、;；]+/).filter(Boolean);
    if (parts.length !== 2) return { students, problem: `第${i + 1}行应为“学号 姓名”：${line}` };
    const [studentNo, studentName] = parts as [string, string];
    if (studentNo.length > 32) return { students, problem: `第${i + 1}行学号不超过32字` };
    if (studentName.length > 30) return { students, problem: `第${i + 1}行学生姓名不超过30字` };
    const first = seen.get(studentNo);
    if (first !== undefined) return { students, problem: `第${i + 1}行学号与第${first + 1}行重复：${studentNo}` };
    seen.set(studentNo, i);
    students.push({ studentNo, studentName });
  }
  if (students.length === 0) return { students, problem: '请填写要邀约的学生，每行一名：学号 姓名' };
  if (students.length > MAX_BATCH) return { students, problem: `一次最多邀约${MAX_BATCH}名学生，当前${students.length}名` };
  return { students, problem: '' };
}
export type InviteErrors = Partial<Record<InviteKey, string>>;

export function emptyInvite(defaultDays: number): InviteForm {
  const { job, file, hukou, remarks, structured } = emptyTerms();
  return { studentNo: '', studentName: '', batchText: '', validDays: defaultDays > 0 ? String(defaultDays) : '', job, file, hukou, remarks, structured };
}

/**
 * The terms to send; call it on a form that validateInvite passed. A switched-off 档案 or 户口 part sends nothing
 * of what was typed under it. `legacyReportCardUnit` of an old agreement is kept: the employer cannot see or change it.
 */
export function termsOf(form: TermsForm, previous?: OfferTerms, options: TermsRuleOptions = {}): OfferTerms {
  return { ...formTerms(form, options), ...(previous?.legacyReportCardUnit ? { legacyReportCardUnit: previous.legacyReportCardUnit } : {}) };
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
export function validateInvite(form: InviteForm, mode: InviteMode, options: TermsRuleOptions & { batch?: boolean } = {}): InviteErrors {
  const batch = mode === 'create' && options.batch ? parseBatch(form.batchText).problem : '';
  const students = mode !== 'create' ? {} : options.batch ? (batch ? { batch } : {}) : studentErrors(form);
  const errors: InviteErrors = { ...students, ...termErrors(form, options) };
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
    else if (issue.path.startsWith('students')) errors.batch ??= issue.message;
  }
  const terms = termErrorsFromIssues(list, 'terms.');
  for (const key of TERM_KEYS) if (terms[key]) errors[key] ??= terms[key];
  return errors;
}
