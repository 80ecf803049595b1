/**
 * The rules of the structured terms (试用期 or 见习期, 服务期, 违约金, 五险一金, 劳务派遣), the same on both sides: the server
 * refuses what breaks them, the employer's and the student's forms say so beside the field. Pure and self-contained
 * (only type imports, which compile away): scripts/gen-codes.ts copies this folder into the mini program.
 */
import type { InsuranceKind, StructuredTerms } from '../../typings/records';

/** A field's problem: `path` within the terms (`structured.trialMonths`), `message` in Chinese, naming the field. */
export interface TermsIssue {
  path: string;
  message: string;
}

/**
 * 违约金 above this asks the employer to confirm a warning. No law sets a cap for a 就业协议 (a civil agreement); 5,000 元
 * is the figure graduates are told to expect, so it is the default until a school sets its own.
 */
export const DEFAULT_PENALTY_CAP_YUAN = 5000;
/** 劳动合同法 第十九条: a 试用期 is at most six months, whatever the contract term */
export const TRIAL_MAX_MONTHS = 6;
/** 见习期 is usually a year; longer is not a 见习期 any more */
export const INTERNSHIP_MAX_MONTHS = 12;
export const SERVICE_MAX_YEARS = 20;
/** beyond any figure an agreement has carried: a typo (an extra zero or two), not a term */
export const PENALTY_MAX_YUAN = 1_000_000;
export const DISPATCH_UNIT_MAX_LENGTH = 100;

/** 五险一金 in the order they are always named. */
export const INSURANCE_KINDS: readonly { kind: InsuranceKind; label: string }[] = [
  { kind: 'pension', label: '养老保险' },
  { kind: 'medical', label: '医疗保险' },
  { kind: 'unemployment', label: '失业保险' },
  { kind: 'injury', label: '工伤保险' },
  { kind: 'maternity', label: '生育保险' },
  { kind: 'housingFund', label: '住房公积金' },
];

export interface TermsRuleOptions {
  /** the school's 违约金 cap in 元; DEFAULT_PENALTY_CAP_YUAN when not given */
  penaltyCapYuan?: number;
  /** JobInfo.contractYears, when known: a shorter contract allows a shorter 试用期 (劳动合同法 第十九条) */
  contractYears?: number;
}

const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const given = (x: unknown): boolean => x !== undefined && x !== null;

/** The cap in force: the school's when it is a sensible figure, otherwise the default. */
export function penaltyCap(options: TermsRuleOptions = {}): number {
  const cap = options.penaltyCapYuan;
  return isNumber(cap) && cap >= 0 ? cap : DEFAULT_PENALTY_CAP_YUAN;
}

/** Whether the 违约金 is above the cap (what the employer must confirm and the student sees highlighted). */
export function penaltyAboveCap(terms: Readonly<StructuredTerms> | undefined, options: TermsRuleOptions = {}): boolean {
  const penalty = terms?.penaltyYuan;
  return isNumber(penalty) && penalty > penaltyCap(options);
}

/**
 * 试用期 allowed by the contract term (劳动合同法 第十九条): under a year at most 1 month, one to three years at most 2,
 * three years or more at most 6. A contract under three months allows none, but the terms' schema asks for half a year
 * at least, so that case does not arise here.
 */
export function trialLimitMonths(contractYears: number | undefined): number {
  if (!isNumber(contractYears)) return TRIAL_MAX_MONTHS;
  if (contractYears < 1) return 1;
  if (contractYears < 3) return 2;
  return TRIAL_MAX_MONTHS;
}

const P = 'structured';

/** Every problem of the structured terms, in the order the form shows the fields; [] when they are fine or absent. */
export function termsIssues(terms: Readonly<StructuredTerms> | undefined, options: TermsRuleOptions = {}): TermsIssue[] {
  if (terms === undefined || terms === null) return [];
  const issues: TermsIssue[] = [];
  const add = (field: string, message: string): void => {
    issues.push({ path: `${P}.${field}`, message });
  };

  const { trialMonths, internshipMonths, serviceYears, penaltyYuan, penaltyWarningConfirmed, insurance, dispatched, dispatchUnitName } = terms;

  if (given(trialMonths)) {
    if (!isNumber(trialMonths) || !Number.isInteger(trialMonths) || trialMonths < 1) {
      add('trialMonths', `试用期应为 1 至 ${TRIAL_MAX_MONTHS} 的整数（月），无试用期请不填`);
    } else if (trialMonths > TRIAL_MAX_MONTHS) {
      add('trialMonths', `试用期不得超过 ${TRIAL_MAX_MONTHS} 个月`);
    } else if (trialMonths > trialLimitMonths(options.contractYears)) {
      const limit = trialLimitMonths(options.contractYears);
      const term = limit === 1 ? '不满 1 年' : '满 1 年不满 3 年';
      add('trialMonths', `合同期限${term}的，试用期不得超过 ${limit} 个月`);
    }
  }
  if (given(internshipMonths)) {
    if (!isNumber(internshipMonths) || !Number.isInteger(internshipMonths) || internshipMonths < 1 || internshipMonths > INTERNSHIP_MAX_MONTHS) {
      add('internshipMonths', `见习期应为 1 至 ${INTERNSHIP_MAX_MONTHS} 的整数（月），无见习期请不填`);
    }
  }
  if (given(trialMonths) && given(internshipMonths)) {
    add('internshipMonths', '试用期与见习期只能约定其一，请删去其中一项');
  }

  if (given(serviceYears)) {
    // half years, as 合同期限 is counted
    if (!isNumber(serviceYears) || serviceYears <= 0 || serviceYears > SERVICE_MAX_YEARS || !Number.isInteger(serviceYears * 2)) {
      add('serviceYears', `服务期应为 0.5 至 ${SERVICE_MAX_YEARS} 年（按半年计），无服务期请不填`);
    }
  }

  if (given(penaltyWarningConfirmed) && typeof penaltyWarningConfirmed !== 'boolean') {
    add('penaltyWarningConfirmed', '违约金提示确认无效');
  }
  if (given(penaltyYuan)) {
    if (!isNumber(penaltyYuan) || !Number.isInteger(penaltyYuan)) {
      add('penaltyYuan', '违约金应为整数（元）');
    } else if (penaltyYuan < 0) {
      add('penaltyYuan', '违约金不能为负');
    } else if (penaltyYuan > PENALTY_MAX_YUAN) {
      add('penaltyYuan', `违约金过大（不超过 ${PENALTY_MAX_YUAN} 元），请核对`);
    } else if (penaltyAboveCap(terms, options) && penaltyWarningConfirmed !== true) {
      add('penaltyYuan', `违约金 ${penaltyYuan} 元高于学校建议上限 ${penaltyCap(options)} 元，请确认提示后再提交`);
    }
  }

  if (given(insurance)) {
    if (!Array.isArray(insurance)) {
      add('insurance', '五险一金无效');
    } else {
      const seen = new Set<string>();
      for (const item of insurance as unknown[]) {
        const known = INSURANCE_KINDS.find((k) => k.kind === item);
        if (!known) {
          add('insurance', `五险一金含有无效项目：${String(item)}`);
        } else if (seen.has(known.kind)) {
          add('insurance', `五险一金中“${known.label}”重复`);
        }
        seen.add(String(item));
      }
    }
  }

  if (given(dispatched) && typeof dispatched !== 'boolean') {
    add('dispatched', '请选择是否劳务派遣');
  }
  const unitName = typeof dispatchUnitName === 'string' ? dispatchUnitName.trim() : dispatchUnitName;
  if (given(unitName) && typeof unitName !== 'string') {
    add('dispatchUnitName', '劳务派遣单位名称应为文字');
  } else if (dispatched === true && !unitName) {
    add('dispatchUnitName', '劳务派遣时请填写劳务派遣单位名称');
  } else if (dispatched !== true && unitName) {
    add('dispatchUnitName', '未选择劳务派遣时不应填写劳务派遣单位名称');
  } else if (typeof unitName === 'string' && unitName.length > DISPATCH_UNIT_MAX_LENGTH) {
    add('dispatchUnitName', `劳务派遣单位名称不超过 ${DISPATCH_UNIT_MAX_LENGTH} 字`);
  }

  return issues;
}
