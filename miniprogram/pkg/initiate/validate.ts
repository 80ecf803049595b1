/**
 * 学生发起签约's form checks, run before any call so that a mistake is shown next to its field at once. They repeat
 * the server's rules (the initiateSigning event schema: same limits, same Chinese wording where a field has one
 * message); the server still checks everything, including that a picked code is in the standard table. The credit
 * code and phone checks are the server's own (rules/, copied from typings/rules/); the terms' checks are the ones
 * 邀约学生 runs too (utils/terms-form.ts).
 */
import { isPhone, isUscc, normaliseUscc } from '../../rules/identifiers';
import { termErrors, textProblem as text } from '../../utils/terms-form';
import { FIELD_KEYS, MAX_PROOFS, type FieldErrors, type InitiateForm } from './form';

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
    employerContactName: text(m.contactName, '单位联系人', 30),
    employerContactPhone: !m.contactPhone.trim() ? '请填写联系电话' : isPhone(m.contactPhone.trim()) ? '' : '联系电话格式不正确',
  };
}

/**
 * What is wrong with the form, by field. 保存 needs a complete form as much as 发起 does (the server validates the
 * whole draft either way); only the 就业证明材料 are required just for 发起.
 */
export function validateForm(form: InitiateForm, options: { submit: boolean; penaltyCapYuan?: number }): FieldErrors {
  const all: FieldErrors = {
    ...employerErrors(form),
    ...termErrors(form, { penaltyCapYuan: options.penaltyCapYuan }),
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
