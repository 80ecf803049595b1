/**
 * 毕业去向登记's form checks, run before any call so that a mistake shows next to its field at once. The rules are
 * the server's own (rules/, copied from typings/rules/): the same per-type checks, the same Chinese words. What only
 * the form knows is checked here: a type chosen first, and evidence before 提交 (a draft may be saved without it).
 */
import { isPhone, isPostcode, isUscc, normaliseUscc } from '../../rules/identifiers';
import { textProblem as text } from '../../utils/terms-form';
import { MAX_EVIDENCE, needsOf, type DestinationForm } from './form';

export type FieldErrors = Record<string, string>;

const uscc = (value: string): string => {
  const v = normaliseUscc(value);
  if (!v) return '请填写统一社会信用代码';
  return isUscc(v) ? '' : '统一社会信用代码不正确，请核对';
};
const phone = (value: string, label: string): string => (!value.trim() ? `请填写${label}` : isPhone(value.trim()) ? '' : `${label}格式不正确`);
const picked = (value: string, label: string): string => (value ? '' : `请选择${label}`);

function partErrors(form: DestinationForm): FieldErrors {
  const needs = needsOf(form.type);
  const e: FieldErrors = {};
  if (needs.pending) e.pendingKind = picked(form.pendingKind, '待就业情况');
  if (needs.parts.employer) {
    const m = form.employer;
    Object.assign(e, {
      employerName: text(m.name, '单位名称', 100),
      employerUscc: uscc(m.uscc),
      employerNature: picked(m.nature, '单位性质'),
      employerIndustry: picked(m.industry, '单位行业'),
      employerRegion: picked(m.region, '单位所在地'),
      employerJobCategory: picked(m.jobCategory, '工作职位类别'),
      employerJobTitle: text(m.jobTitle, '岗位名称', 50),
      employerContactName: text(m.contactName, '单位联系人', 30),
      employerContactPhone: phone(m.contactPhone, '联系电话'),
      employerContactEmail: m.contactEmail.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(m.contactEmail.trim()) ? '电子邮箱格式不正确' : '',
    });
  }
  if (needs.parts.study) {
    Object.assign(e, {
      studySchool: text(form.study.school, '录取学校', 100),
      studyProgramme: text(form.study.programme, '录取专业', 100),
      studyLevel: picked(form.study.level, '升学层次'),
    });
  }
  if (needs.parts.abroad) {
    Object.assign(e, {
      abroadCountry: text(form.abroad.country, '国家（地区）', 50),
      abroadInstitution: text(form.abroad.institution, form.abroad.purpose === 'work' ? '境外单位' : '境外院校', 100),
      abroadPurpose: picked(form.abroad.purpose, '出国（境）事由'),
    });
  }
  if (needs.parts.business) {
    Object.assign(e, { businessName: text(form.business.name, '企业名称', 100), businessUscc: uscc(form.business.uscc), businessRegion: picked(form.business.region, '创业地点') });
  }
  if (needs.parts.project) {
    Object.assign(e, { projectName: text(form.project.name, '项目名称', 50), projectServiceUnit: text(form.project.serviceUnit, '服务单位', 100), projectRegion: picked(form.project.region, '服务地点') });
  }
  if (needs.parts.enlistment) {
    Object.assign(e, { enlistmentNoticeNo: text(form.enlistment.noticeNo, '入伍通知书编号', 30), enlistmentRegion: picked(form.enlistment.region, '征兵所在地') });
  }
  if (needs.parts.freelance) {
    Object.assign(e, { freelanceDescription: text(form.freelance.description, '从业情况', 200), freelanceRegion: picked(form.freelance.region, '从业地点') });
  }
  if (needs.file === 'required' || (needs.file === 'optional' && form.fileGiven)) {
    const f = form.file;
    const postcode = f.postcode.trim();
    Object.assign(e, {
      fileReceiverKind: picked(f.receiverKind, '档案去向'),
      fileReceiver: f.receiverKind === 'school' ? '' : text(f.receiver, '档案接收单位', 100),
      fileAddress: text(f.address, '档案接收地址', 200) || (/\d/.test(f.address) ? '' : '档案接收地址请写到门牌号'),
      filePostcode: !postcode ? '请填写邮政编码' : isPostcode(postcode) ? '' : '邮政编码应为6位数字',
      filePhone: phone(f.phone, '接收单位电话'),
    });
  }
  if (needs.hukou !== 'none' && form.hukou.migrate) {
    Object.assign(e, { hukouAddress: text(form.hukou.address, '户口迁移地址', 200), hukouPoliceStation: text(form.hukou.policeStation, '迁入地派出所', 100) });
  }
  e.remarks = text(form.remarks, '补充说明', 500, false);
  return e;
}

/** What is wrong with the form, by field key; empty when it may be sent. */
export function validateForm(form: DestinationForm, options: { submit: boolean }): FieldErrors {
  if (!form.type) return { type: '请先选择去向类型' };
  const all: FieldErrors = partErrors(form);
  const needs = needsOf(form.type);
  if (options.submit && needs.evidence && form.evidence.length === 0) all.evidenceFiles = `请上传${needs.evidence}`;
  if (form.evidence.length > MAX_EVIDENCE) all.evidenceFiles = `证明材料最多${MAX_EVIDENCE}个`;
  const found: FieldErrors = {};
  for (const [key, message] of Object.entries(all)) if (message) found[key] = message;
  return found;
}

export const hasErrors = (errors: FieldErrors): boolean => Object.keys(errors).length > 0;
