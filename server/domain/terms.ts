/**
 * The structured terms (试用期 or 见习期, 服务期, 违约金, 五险一金, 劳务派遣) checked against the shared rules with the
 * school's 违约金 cap, wherever terms are written: an offer sent, edited or sent to many, a template saved, a returned
 * agreement revised, a student's initiation saved or submitted. A refusal names every field at fault, under the path
 * the form sent it (`terms.structured.trialMonths`, `draft.structured.penaltyYuan`), and nothing is written.
 */
import type { OfferTerms } from '../../typings';
import { termsIssues } from '../../typings/rules/terms';
import { refuse } from './errors';
import type { SchoolSettings } from './types';

export function checkTerms(terms: Readonly<OfferTerms>, settings: Pick<SchoolSettings, 'penaltyCapYuan'>, prefix: 'terms' | 'draft'): void {
  const issues = termsIssues(terms.structured, { penaltyCapYuan: settings.penaltyCapYuan, contractYears: terms.job.contractYears }).map((i) => ({
    path: `${prefix}.${i.path}`,
    message: i.message,
  }));
  if (issues.length) refuse('INVALID_INPUT', [...new Set(issues.map((i) => i.message))].join('；'), issues);
}

/**
 * The terms as stored: the dispatching unit's name trimmed, and an empty 五险一金 list kept (it says "none", which the
 * student must see), nothing else changed. Old terms without `structured` stay without it.
 */
export function storedTerms(terms: OfferTerms): OfferTerms {
  const s = terms.structured;
  if (!s) return terms;
  const name = s.dispatchUnitName?.trim();
  const { dispatchUnitName: _name, ...rest } = s;
  return { ...terms, structured: { ...rest, ...(name ? { dispatchUnitName: name } : {}) } };
}
