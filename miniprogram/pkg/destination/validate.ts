/**
 * 毕业去向登记's form checks, run before any call so that a mistake shows next to its field at once. The per-type
 * rules are the server's own (rules/destination.ts, copied from typings/rules/): the same checks and the same Chinese
 * words, 保存 keeping a partly filled form (only what is filled must be right) and 提交 asking for everything. What
 * only the form knows is added here: a type chosen first, and the evidence before 提交.
 */
import { destinationIssues, type DestinationLookups } from '../../rules/destination';
import { isPhone, isPostcode, isUscc } from '../../rules/identifiers';
import { isIndustryCode, isNatureCode, isRegionCode } from '../codes/index';
import { destinationType, JOB_CATEGORIES, PENDING_KINDS } from '../codes/destination';
import { contentOf, errorKey, MAX_EVIDENCE, needsOf, type DestinationForm } from './form';

export type FieldErrors = Record<string, string>;

/** The subpackage's copies of the code tables, as the rules look things up. */
export const LOOKUPS: DestinationLookups = {
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

/** What is wrong with the form, by field key (form.ts errorKey); empty when it may be sent. */
export function validateForm(form: DestinationForm, options: { submit: boolean }): FieldErrors {
  if (!form.type) return { type: '请先选择去向类型' };
  const found: FieldErrors = {};
  for (const issue of destinationIssues(contentOf(form), LOOKUPS, { complete: options.submit })) {
    const key = errorKey(issue.path);
    if (!found[key]) found[key] = issue.message;
  }
  // a part sent only once its choice is made (form.ts contentOf): what was typed under it waits for that choice
  const needs = needsOf(form.type);
  const typed = (part: Record<string, string>, choice: string): boolean => Object.entries(part).some(([k, v]) => k !== choice && v.trim() !== '');
  if (needs.parts.abroad && !form.abroad.purpose && (options.submit || typed(form.abroad, 'purpose'))) found.abroadPurpose = '请选择出国（境）目的：留学或工作';
  const fileAsked = needs.file === 'required' || (needs.file === 'optional' && form.fileGiven);
  if (fileAsked && !form.file.receiverKind && (options.submit || typed(form.file, 'receiverKind'))) found.fileReceiverKind = '请选择档案去向';
  const evidence = needs.evidence;
  if (options.submit && evidence && form.evidence.length === 0) found.evidenceFiles = `请上传${evidence}`;
  if (form.evidence.length > MAX_EVIDENCE) found.evidenceFiles = `证明材料最多${MAX_EVIDENCE}个`;
  return found;
}

export const hasErrors = (errors: FieldErrors): boolean => Object.keys(errors).length > 0;
