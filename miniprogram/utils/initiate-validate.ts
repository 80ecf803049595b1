/**
 * 学生发起签约's form checks, run before any call so that a mistake is shown next to its field at once. They repeat
 * the server's rules (the initiateSigning event schema: same limits, same Chinese wording where a field has one
 * message); the server still checks everything, including that a picked code is in the standard table.
 *
 * The identifier checks are copies of the server's pure ones (server/domain/identifiers.ts): the mini program may
 * only import the contract's types, not code from outside its root. A test compares the copies with the originals.
 */
import type { InitiateForm } from './initiate-form';

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** 统一社会信用代码 (GB 32100-2015): 18 characters from its alphabet, check character mod 31. */
export function isUscc(value: string): boolean {
  if (value.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const n = USCC_CHARS.indexOf(value[i] ?? '');
    if (n < 0) return false;
    sum += n * (USCC_WEIGHTS[i] ?? 0);
  }
  return value[17] === USCC_CHARS[(31 - (sum % 31)) % 31];
}

/** A mainland mobile number, or a landline with area code (010-12345678, 0755-1234567). */
export const isPhone = (value: string): boolean =>
  /^1[3-9]\d{9}$/.test(value) || /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/.test(value);

export const isPostcode = (value: string): boolean => /^\d{6}$/.test(value);

/** YYYY-MM-DD naming a real day. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The credit code as the server stores it: trimmed, upper case. */
export const normaliseUscc = (value: string): string => value.trim().toUpperCase();

export const MAX_PROOFS = 9;

/** Error messages by field key (see FIELD_KEYS); empty when the form may be sent. */
export type FieldErrors = Partial<Record<FieldKey, string>>;

export const FIELD_KEYS = [
  'employer',
  'employerName',
  'employerUscc',
  'employerNature',
  'employerIndustry',
  'employerRegion',
  'employerAddress',
  'employerContactName',
  'employerContactPhone',
  'jobTitle',
  'jobRegion',
  'jobSalary',
  'jobYears',
  'jobStartDate',
  'jobDescription',
  'fileReceiver',
  'fileAddress',
  'filePostcode',
  'hukouAddress',
  'remarks',
  'proofFiles',
] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];

/** A required text: the first problem, or '' */
function text(value: string, label: string, max: number, required = true): string {
  const v = value.trim();
  if (!v) return required ? `请填写${label}` : '';
  return v.length > max ? `${label}不超过${max}字` : '';
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

function employerErrors(form: InitiateForm): FieldErrors {
  if (form.mode === 'library') return form.library ? {} : { employer: '请选择单位或填写单位信息' };
  if (form.mode !== 'manual') return { employer: '请从单位库中选择单位，或手动填写单位信息' };
  const m = form.manual;
  const uscc = normaliseUscc(m.uscc);
  return {
    employerName: text(m.name, '单位名称', 100),
    employerUscc: !uscc ? '请填写统一社会信用代码' : isUscc(uscc) ? '' : '统一社会信用代码不正确，请核对',
    employerNature: m.nature ? '' : '请选择单位性质',
    employerIndustry: m.industry ? '' : '请选择单位行业',
    employerRegion: m.region ? '' : '请选择单位所在地',
    employerAddress: text(m.address, '单位地址', 200),
    employerContactName: text(m.contactName, '联系人', 30),
    employerContactPhone: !m.contactPhone.trim() ? '请填写联系电话' : isPhone(m.contactPhone.trim()) ? '' : '联系电话格式不正确',
  };
}

/**
 * What is wrong with the form, by field. 保存 needs a complete form as much as 发起 does (the server validates the
 * whole draft either way); only the 就业证明材料 are required just for 发起.
 */
export function validateForm(form: InitiateForm, options: { submit: boolean }): FieldErrors {
  const { job, file, hukou } = form;
  const postcode = file.postcode.trim();
  const all: FieldErrors = {
    ...employerErrors(form),
    jobTitle: text(job.title, '岗位名称', 50),
    jobRegion: job.region ? '' : '请选择工作地点',
    jobSalary: salary(job.monthlySalary),
    jobYears: contractYears(job.contractYears),
    jobStartDate: !job.startDate ? '请选择报到日期' : isIsoDate(job.startDate) ? '' : '报到日期格式应为 YYYY-MM-DD',
    jobDescription: text(job.description, '岗位说明', 500, false),
    // what belongs to a switched-off 档案 or 户口 part is not sent, so it is not checked either
    fileReceiver: file.transfer ? text(file.receiver, '档案接收单位', 100) : '',
    fileAddress: file.transfer ? text(file.address, '档案接收地址', 200) : '',
    filePostcode: file.transfer && postcode && !isPostcode(postcode) ? '邮政编码应为6位数字' : '',
    hukouAddress: hukou.migrate ? text(hukou.address, '户口迁移地址', 200) : '',
    remarks: text(form.remarks, '备注', 1000, false),
    proofFiles:
      options.submit && form.proofs.length === 0
        ? '请上传就业证明材料'
        : form.proofs.length > MAX_PROOFS
          ? `就业证明材料最多${MAX_PROOFS}个`
          : '',
  };
  const found: FieldErrors = {};
  for (const key of FIELD_KEYS) {
    const message = all[key];
    if (message) found[key] = message;
  }
  return found;
}

export const hasErrors = (errors: FieldErrors): boolean => Object.keys(errors).length > 0;
