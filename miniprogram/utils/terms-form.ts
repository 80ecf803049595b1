/**
 * The terms of an agreement as a form holds them (工作信息, 档案, 户口, 补充条款; text boxes hold strings), shared by
 * 学生发起签约 and 邀约学生, which fill in the same fields: one reading of saved terms, one set of checks for 月薪,
 * 合同期限, 档案 and 户口 across the mini program (the server's termsSchema: same limits, same Chinese wording where a
 * field has one message), and one translation into the terms sent. The server still checks everything.
 */
import type { FieldIssue } from '../../typings/errors';
import type { InsuranceKind, OfferTerms, StructuredTerms } from '../../typings/records';
import { isPostcode } from '../rules/identifiers';
import { penaltyAboveCap, termsIssues, type TermsRuleOptions } from '../rules/terms';

/** 试用期 or 见习期: one choice, so that a form cannot hold both (the server refuses both all the same). */
export type Probation = 'none' | 'trial' | 'internship';

/** 约定条款 as the form holds them (the rules: typings/rules/terms.ts). */
export interface StructuredForm {
  probation: Probation;
  /** months of the 试用期 or 见习期 chosen, as typed */
  probationMonths: string;
  serviceYears: string;
  penaltyYuan: string;
  /** the unit (or the student, entering what the unit agreed) confirmed a 违约金 above the school's cap */
  penaltyConfirmed: boolean;
  insurance: InsuranceKind[];
  dispatched: boolean;
  dispatchUnitName: string;
}

export interface TermsForm {
  job: { title: string; region: string; monthlySalary: string; contractYears: string; startDate: string; description: string; jobCategory: string };
  file: { transfer: boolean; receiver: string; address: string; postcode: string };
  hukou: { migrate: boolean; address: string };
  remarks: string;
  structured: StructuredForm;
}

/** The terms' error keys, in the order of the form. */
export const TERM_KEYS = [
  'jobTitle',
  'jobCategory',
  'jobRegion',
  'jobSalary',
  'jobYears',
  'jobStartDate',
  'jobDescription',
  'fileReceiver',
  'fileAddress',
  'filePostcode',
  'hukouAddress',
  'probation',
  'service',
  'insurance',
  'penalty',
  'dispatchUnit',
  'remarks',
] as const;
export type TermKey = (typeof TERM_KEYS)[number];
export type TermErrors = Partial<Record<TermKey, string>>;

export const emptyTerms = (): TermsForm => ({
  job: { title: '', region: '', monthlySalary: '', contractYears: '', startDate: '', description: '', jobCategory: '' },
  file: { transfer: false, receiver: '', address: '', postcode: '' },
  hukou: { migrate: false, address: '' },
  remarks: '',
  structured: emptyStructured(),
});

export const emptyStructured = (): StructuredForm => ({
  probation: 'none',
  probationMonths: '',
  serviceYears: '',
  penaltyYuan: '',
  penaltyConfirmed: false,
  insurance: [],
  dispatched: false,
  dispatchUnitName: '',
});

const numText = (n: number | undefined): string => (typeof n === 'number' && n > 0 ? String(n) : '');

/** Saved structured terms as the form holds them; terms saved before they were asked start empty. */
export function structuredForm(s: StructuredTerms | undefined): StructuredForm {
  if (!s) return emptyStructured();
  const probation: Probation = s.trialMonths ? 'trial' : s.internshipMonths ? 'internship' : 'none';
  return {
    probation,
    probationMonths: numText(probation === 'trial' ? s.trialMonths : s.internshipMonths),
    serviceYears: numText(s.serviceYears),
    penaltyYuan: numText(s.penaltyYuan),
    penaltyConfirmed: s.penaltyWarningConfirmed === true,
    insurance: [...(s.insurance ?? [])],
    dispatched: s.dispatched === true,
    dispatchUnitName: s.dispatchUnitName ?? '',
  };
}

/** A typed number, or undefined when nothing was typed; text that is no number stays NaN, for the rules to name. */
const typed = (value: string): number | undefined => (value.trim() ? Number(value.trim()) : undefined);

/**
 * The structured terms to send: only what was agreed (no 试用期 typed: none), the 违约金 confirmation only while it is
 * above the cap (a confirmation of nothing says nothing), the dispatching unit only under 劳务派遣.
 */
export function structuredOf(f: StructuredForm, options: TermsRuleOptions = {}): StructuredTerms {
  const months = f.probation === 'none' ? undefined : typed(f.probationMonths);
  const service = typed(f.serviceYears);
  const penalty = typed(f.penaltyYuan);
  const out: StructuredTerms = {
    ...(months !== undefined ? (f.probation === 'trial' ? { trialMonths: months } : { internshipMonths: months }) : {}),
    ...(service !== undefined ? { serviceYears: service } : {}),
    ...(penalty !== undefined ? { penaltyYuan: penalty } : {}),
    insurance: [...f.insurance],
    dispatched: f.dispatched,
    ...(f.dispatched && f.dispatchUnitName.trim() ? { dispatchUnitName: f.dispatchUnitName.trim() } : {}),
  };
  if (penaltyAboveCap(out, options) && f.penaltyConfirmed) out.penaltyWarningConfirmed = true;
  return out;
}

/** Whether the form's 违约金 is above the cap: the form shows the warning to confirm. */
export const penaltyNeedsConfirm = (f: StructuredForm, options: TermsRuleOptions = {}): boolean =>
  penaltyAboveCap({ penaltyYuan: typed(f.penaltyYuan) }, options);

/** Saved terms as the form holds them: numbers as text, missing optional parts empty. */
export function termsForm(terms: OfferTerms): TermsForm {
  const { job, file, hukou } = terms;
  return {
    job: {
      title: job.title,
      region: job.region,
      monthlySalary: String(job.monthlySalary),
      contractYears: String(job.contractYears),
      startDate: job.startDate,
      description: job.description ?? '',
      jobCategory: job.jobCategory ?? '',
    },
    file: { transfer: file.transfer, receiver: file.receiver ?? '', address: file.address ?? '', postcode: file.postcode ?? '' },
    hukou: { migrate: hukou.migrate, address: hukou.address ?? '' },
    remarks: terms.remarks ?? '',
    structured: structuredForm(terms.structured),
  };
}

/** Only what is filled in: the server takes a missing optional field, but not every empty one (a postcode). */
const filled = <K extends string>(key: K, value: string): Partial<Record<K, string>> => {
  const v = value.trim();
  return v ? ({ [key]: v } as Record<K, string>) : {};
};

/**
 * The terms to send; call it on a form that termErrors passed. A switched-off 档案 or 户口 part sends nothing of
 * what was typed under it.
 */
export function termsOf(form: TermsForm, options: TermsRuleOptions = {}): OfferTerms {
  const { job, file, hukou } = form;
  return {
    job: {
      title: job.title.trim(),
      region: job.region,
      monthlySalary: Number(job.monthlySalary.trim()),
      contractYears: Number(job.contractYears.trim()),
      startDate: job.startDate,
      ...filled('description', job.description),
      ...filled('jobCategory', job.jobCategory),
    },
    file: file.transfer
      ? { transfer: true, ...filled('receiver', file.receiver), ...filled('address', file.address), ...filled('postcode', file.postcode) }
      : { transfer: false },
    hukou: hukou.migrate ? { migrate: true, ...filled('address', hukou.address) } : { migrate: false },
    ...filled('remarks', form.remarks),
    structured: structuredOf(form.structured, options),
  };
}

/** A text field's first problem, or '': missing (when required), or longer than the server takes. */
export function textProblem(value: string, label: string, max: number, required = true): string {
  const v = value.trim();
  if (!v) return required ? `请填写${label}` : '';
  return v.length > max ? `${label}不超过${max}字` : '';
}

/** YYYY-MM-DD naming a real day. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function salary(value: string): string {
  const v = value.trim();
  if (!v) return '请填写月薪';
  if (!/^\d+$/.test(v)) return '月薪应为整数（元）';
  return Number(v) > 1_000_000 ? '月薪过大' : '';
}

function contractYears(value: string): string {
  const v = value.trim();
  if (!v) return '请填写合同期限';
  if (!/^\d+(\.\d+)?$/.test(v)) return '合同期限应为数字（年）';
  const n = Number(v);
  if (n < 0.5) return '合同期限至少半年';
  return n > 20 ? '合同期限不超过20年' : '';
}

/** The rules' field paths (typings/rules/terms.ts) as the form's keys. */
const STRUCTURED_KEYS: Readonly<Record<string, TermKey>> = {
  'structured.trialMonths': 'probation',
  'structured.internshipMonths': 'probation',
  'structured.serviceYears': 'service',
  'structured.penaltyYuan': 'penalty',
  'structured.penaltyWarningConfirmed': 'penalty',
  'structured.insurance': 'insurance',
  'structured.dispatched': 'dispatchUnit',
  'structured.dispatchUnitName': 'dispatchUnit',
};

/** 约定条款 checked by the shared rules, the same the server applies; a chosen 试用期/见习期 needs its months. */
function structuredErrors(form: TermsForm, options: TermsRuleOptions): Partial<Record<TermKey, string>> {
  const f = form.structured;
  const found: Partial<Record<TermKey, string>> = {};
  if (f.probation !== 'none' && !f.probationMonths.trim()) found.probation = `请填写${f.probation === 'trial' ? '试用期' : '见习期'}月数`;
  const years = Number(form.job.contractYears.trim());
  const issues = termsIssues(structuredOf(f, options), { ...options, ...(Number.isFinite(years) && years > 0 ? { contractYears: years } : {}) });
  for (const issue of issues) {
    const key = STRUCTURED_KEYS[issue.path];
    if (key && !found[key]) found[key] = issue.message;
  }
  return found;
}

/** What is wrong with the terms, by field; empty when they may be sent. `options`: the school's 违约金 cap. */
export function termErrors(form: TermsForm, options: TermsRuleOptions = {}): TermErrors {
  const { job, file, hukou } = form;
  const postcode = file.postcode.trim();
  const all: Record<TermKey, string> = {
    jobTitle: textProblem(job.title, '岗位名称', 50),
    // optional: terms saved before it was asked have none; the server checks a given code against the table
    jobCategory: '',
    jobRegion: job.region ? '' : '请选择工作地点',
    jobSalary: salary(job.monthlySalary),
    jobYears: contractYears(job.contractYears),
    jobStartDate: !job.startDate ? '请选择报到日期' : isIsoDate(job.startDate) ? '' : '报到日期格式应为 YYYY-MM-DD',
    jobDescription: textProblem(job.description, '岗位说明', 500, false),
    // what belongs to a switched-off 档案 or 户口 part is not sent, so it is not checked either
    fileReceiver: file.transfer ? textProblem(file.receiver, '档案接收单位', 100) : '',
    fileAddress: file.transfer ? textProblem(file.address, '档案接收地址', 200) : '',
    filePostcode: file.transfer && postcode && !isPostcode(postcode) ? '邮政编码应为6位数字' : '',
    hukouAddress: hukou.migrate ? textProblem(hukou.address, '户口迁移地址', 200) : '',
    probation: '',
    service: '',
    insurance: '',
    penalty: '',
    dispatchUnit: '',
    ...structuredErrors(form, options),
    remarks: textProblem(form.remarks, '补充条款', 1000, false),
  };
  const found: TermErrors = {};
  for (const key of TERM_KEYS) if (all[key]) found[key] = all[key];
  return found;
}

/** The server's issue paths under the terms (`job.title`) as the form's keys. */
export const TERM_ISSUES: Readonly<Record<string, TermKey>> = {
  'job.title': 'jobTitle',
  'job.jobCategory': 'jobCategory',
  'job.region': 'jobRegion',
  'job.monthlySalary': 'jobSalary',
  'job.contractYears': 'jobYears',
  'job.startDate': 'jobStartDate',
  'job.description': 'jobDescription',
  // the 档案 and 户口 rules that span two fields are reported on the part as a whole
  'file': 'fileReceiver',
  'file.receiver': 'fileReceiver',
  'file.address': 'fileAddress',
  'file.postcode': 'filePostcode',
  'hukou': 'hukouAddress',
  'hukou.address': 'hukouAddress',
  'remarks': 'remarks',
  ...STRUCTURED_KEYS,
};

/** A refusal's issues on the terms placed next to their fields, the first of each field; `prefix` leads their paths. */
export function termErrorsFromIssues(issues: readonly FieldIssue[] | undefined, prefix: string): TermErrors {
  const errors: TermErrors = {};
  for (const issue of issues ?? []) {
    if (!issue.path.startsWith(prefix)) continue;
    const key = TERM_ISSUES[issue.path.slice(prefix.length)];
    if (key && TERM_KEYS.includes(key) && !errors[key]) errors[key] = issue.message;
  }
  return errors;
}
