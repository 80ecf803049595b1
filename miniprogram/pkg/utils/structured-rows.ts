/**
 * 工作信息 with the structured terms, as rows in the order a graduate checks them before 应约 (手册 §3.2 2) asks them to
 * check every part): what the job is and where, who really employs them (劳务派遣), the pay, how long and on what trial,
 * what binds them (服务期), what is paid for them (五险一金), what leaving costs (违约金, highlighted above the school's
 * cap), and only then the dates and the description. Terms saved before the structured ones were asked read exactly as
 * jobRows shows them. 其他约定 stays OfferTerms.remarks, which the pages show in their own 补充条款 section.
 */
import type { OfferTerms, StructuredTerms } from '../../../typings/records';
import { INSURANCE_KINDS, penaltyAboveCap, penaltyCap, type TermsRuleOptions } from '../../rules/terms';
import { codeLabel } from './code-labels';
import { jobCategoryName } from '../codes/destination';
import { chineseDate } from '../../utils/date';
import { jobRows, type Row } from './terms-rows';

export interface TermsRow extends Row {
  /** stable name of the row (the page's wx:key, and what a test looks for) */
  key: string;
  /** shown in the warning colour: the student must look at it twice */
  highlight?: boolean;
  /** why it is highlighted, under the value */
  note?: string;
}

const NONE = '无';
const has = (n: number | undefined): n is number => typeof n === 'number' && n > 0;

/** 试用期 or 见习期, whichever was agreed; one row either way, since the paper agreement has the one struck out. */
function probationRow(s: StructuredTerms): TermsRow {
  if (has(s.trialMonths)) return { key: 'trial', label: '试用期', value: `${s.trialMonths} 个月` };
  if (has(s.internshipMonths)) return { key: 'internship', label: '见习期', value: `${s.internshipMonths} 个月` };
  return { key: 'probation', label: '试用期/见习期', value: NONE };
}

/** The ones paid, in their usual order, and the ones not: a missing 住房公积金 is what a graduate must notice. */
function insuranceValue(kinds: StructuredTerms['insurance']): string {
  const chosen = INSURANCE_KINDS.filter((k) => kinds?.includes(k.kind));
  if (chosen.length === 0) return NONE;
  if (chosen.length === INSURANCE_KINDS.length) return `五险一金齐全（${chosen.map((k) => k.label).join('、')}）`;
  const missing = INSURANCE_KINDS.filter((k) => !chosen.includes(k));
  return `${chosen.map((k) => k.label).join('、')}（未含：${missing.map((k) => k.label).join('、')}）`;
}

function penaltyRow(s: StructuredTerms, options: TermsRuleOptions): TermsRow {
  if (!has(s.penaltyYuan)) return { key: 'penalty', label: '违约金', value: NONE };
  const row: TermsRow = { key: 'penalty', label: '违约金', value: `${s.penaltyYuan} 元` };
  if (!penaltyAboveCap(s, options)) return row;
  return { ...row, highlight: true, note: `高于学校建议上限 ${penaltyCap(options)} 元，请确认后再应约` };
}

export function structuredTermsRows(terms: Pick<OfferTerms, 'job' | 'structured'>, blank: string, options: TermsRuleOptions = {}): TermsRow[] {
  const { job, structured: s } = terms;
  if (!s) {
    const keys = ['title', ...(job.jobCategory ? ['jobCategory'] : []), 'region', 'salary', 'contractYears', 'startDate', 'description'];
    return jobRows(job, blank).map((row, i) => ({ key: keys[i] ?? row.label, ...row }));
  }
  const unitName = s.dispatchUnitName?.trim();
  return [
    { key: 'title', label: '岗位名称', value: job.title },
    ...(job.jobCategory ? [{ key: 'jobCategory', label: '工作职位类别', value: jobCategoryName(job.jobCategory) ?? job.jobCategory }] : []),
    { key: 'region', label: '工作地点', value: codeLabel('region', job.region) },
    {
      key: 'dispatch',
      label: '劳务派遣',
      value: s.dispatched ? `是（派遣单位：${unitName || blank}）` : '否',
      ...(s.dispatched ? { note: '劳动合同由派遣单位签订，请核对派遣单位名称' } : {}),
    },
    { key: 'salary', label: '月薪（税前）', value: `${job.monthlySalary} 元` },
    { key: 'contractYears', label: '合同期限', value: `${job.contractYears} 年` },
    probationRow(s),
    { key: 'service', label: '服务期', value: has(s.serviceYears) ? `${s.serviceYears} 年` : NONE },
    { key: 'insurance', label: '五险一金', value: insuranceValue(s.insurance) },
    penaltyRow(s, options),
    { key: 'startDate', label: '报到日期', value: chineseDate(job.startDate) || job.startDate },
    { key: 'description', label: '岗位说明', value: job.description && job.description.trim() ? job.description.trim() : blank },
  ];
}
