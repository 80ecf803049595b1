/**
 * 单位注册's form: what the HR contact types, the checks run before any call (the bind schema's rules and wording,
 * with the credit code's GB 32100 check character tested here so a typo is caught at once), and the event's payload.
 */
import type { FieldIssue } from '../../../../typings/errors';
import type { EmployerInfo } from '../../../../typings/records';
import { EMPLOYER_FIELDS, employerFields, type EmployerField } from '../../../rules/employer';
import { isPhone, isUscc, isUsccAlphabet, normaliseUscc } from '../../../rules/identifiers';
import { emptyEmployer, sentEmployer } from '../../../utils/employer-form';

export type Registration = Omit<EmployerInfo, 'employerId'>;

export const REGISTER_KEYS = EMPLOYER_FIELDS;
export type RegisterKey = EmployerField;
/** the files the school certifies on, named as the event and the server's issues name them */
export const FILE_KEYS = ['licenceFiles', 'authorizationFiles'] as const;
export type FileKey = (typeof FILE_KEYS)[number];
export type RegisterErrors = Partial<Record<RegisterKey | FileKey, string>>;

/** At most this many files of each kind (the server's limit). */
export const MAX_FILES = 5;

/** The server's words (domain/binding.ts), so the page and a refusal say the same. */
export const LICENCE_MISSING = '请上传营业执照（照片或 PDF）';
export const AUTHORIZATION_MISSING = '请上传单位出具的授权书或您的在职证明';

/** What is missing among the files, before any call: the licence always, the authorization where the school asks. */
export function fileProblems(files: Record<FileKey, readonly unknown[]>, requireHrAuthorization: boolean): RegisterErrors {
  const found: RegisterErrors = {};
  if (!files.licenceFiles.length) found.licenceFiles = LICENCE_MISSING;
  if (requireHrAuthorization && !files.authorizationFiles.length) found.authorizationFiles = AUTHORIZATION_MISSING;
  return found;
}

export const emptyRegistration = (): Registration => emptyEmployer();

/** A unit the school turned down comes back as it was sent, to be corrected rather than typed again. */
export const registrationFrom = (e: EmployerInfo): Registration => employerFields(e);

/** The credit code's first problem: length, a letter outside the code's alphabet, then the check character. */
export function usccProblem(value: string): string {
  const code = normaliseUscc(value);
  if (!code) return '请填写统一社会信用代码';
  if (code.length !== 18) return `统一社会信用代码应为18位（已输入${code.length}位）`;
  if (!isUsccAlphabet(code)) return '统一社会信用代码含有无效字符（不使用 I、O、S、V、Z）';
  return isUscc(code) ? '' : '统一社会信用代码不正确，请核对';
}

function text(value: string, label: string, max: number): string {
  const v = value.trim();
  if (!v) return `请填写${label}`;
  return v.length > max ? `${label}不超过${max}字` : '';
}

export function validateRegistration(r: Registration): RegisterErrors {
  const phone = r.contactPhone.trim();
  const all: Record<RegisterKey, string> = {
    name: text(r.name, '单位名称', 100),
    uscc: usccProblem(r.uscc),
    nature: r.nature ? '' : '请选择单位性质',
    industry: r.industry ? '' : '请选择单位行业',
    region: r.region ? '' : '请选择单位所在地',
    address: text(r.address, '单位地址', 200),
    contactName: text(r.contactName, '单位联系人', 30),
    contactPhone: !phone ? '请填写联系电话' : isPhone(phone) ? '' : '联系电话格式不正确',
  };
  const found: RegisterErrors = {};
  for (const key of REGISTER_KEYS) if (all[key]) found[key] = all[key];
  return found;
}

/** What registerEmployer takes: trimmed, the credit code in upper case as the server keeps it. */
export const registrationOf = (r: Registration): Registration => sentEmployer(r);

/** The server's issue paths (`employer.uscc`) beside their fields. */
export function registerErrorsFromIssues(issues: readonly FieldIssue[] | undefined): RegisterErrors {
  const errors: RegisterErrors = {};
  for (const issue of issues ?? []) {
    // `employer.uscc` is the field; `licenceFiles.1` the second licence file, marked on its field
    const key = issue.path.replace(/^employer\./, '').replace(/\.\d+$/, '') as RegisterKey | FileKey;
    const known = (REGISTER_KEYS as readonly string[]).includes(key) || (FILE_KEYS as readonly string[]).includes(key);
    if (known && !errors[key]) errors[key] = issue.message;
  }
  return errors;
}
