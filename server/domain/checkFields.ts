/**
 * The fields of the two check forms. School-owned fields are locked (grey in the form); student fields are
 * editable, required ones marked *. For the employment check every field also keeps the school's value, and the
 * form flags where the student's differs (还原学校信息 restores it).
 */
import type { CheckFieldSpec, CheckKind } from '../../typings';
import { maskIdNumber } from './identifiers';

const school = (key: string, label: string, type: CheckFieldSpec['type'] = 'text'): CheckFieldSpec => ({
  key,
  label,
  owner: 'school',
  required: false,
  type,
});
const student = (key: string, label: string, required: boolean, type: CheckFieldSpec['type'] = 'text'): CheckFieldSpec => ({
  key,
  label,
  owner: 'student',
  required,
  type,
});

/** 生源信息 */
export const SOURCE_FIELDS: readonly CheckFieldSpec[] = [
  school('studentNo', '学号'),
  school('name', '姓名'),
  school('gender', '性别'),
  school('idNumber', '身份证号'),
  school('collegeName', '院系'),
  school('major', '专业'),
  school('educationLevel', '学历'),
  school('graduationYear', '毕业年份'),
  school('ethnicity', '民族'),
  school('politicalStatus', '政治面貌'),
  school('trainingMode', '培养方式'),
  school('originRegion', '生源地', 'region'),
  student('phone', '手机号码', true, 'phone'),
  student('email', '电子邮箱', true, 'email'),
  student('homeAddress', '家庭地址', true),
  student('postcode', '邮政编码', false),
  student('emergencyContact', '紧急联系人', false),
  student('emergencyPhone', '紧急联系人电话', false, 'phone'),
];

/** 就业信息 */
export const EMPLOYMENT_FIELDS: readonly CheckFieldSpec[] = [
  school('studentNo', '学号'),
  school('name', '姓名'),
  school('collegeName', '院系'),
  school('major', '专业'),
  student('destination', '毕业去向', true),
  student('employerName', '单位名称', true),
  student('uscc', '统一社会信用代码', true),
  student('nature', '单位性质', true, 'nature'),
  student('industry', '单位行业', true, 'industry'),
  student('employerRegion', '单位所在地', true, 'region'),
  student('jobTitle', '岗位名称', true),
  student('fileReceiver', '档案接收单位', false),
  student('hukouAddress', '户口迁移地址', false),
];

export const FIELDS: Record<CheckKind, readonly CheckFieldSpec[]> = {
  source: SOURCE_FIELDS,
  employment: EMPLOYMENT_FIELDS,
};

export const checkId = (kind: CheckKind, studentNo: string): string => `${kind}:${studentNo}`;

/**
 * School-owned fields a screen shows masked, as every other screen shows them (身份证号 110101********4518): the
 * student cannot change them, so the form needs no whole value, and a phone left open shows no whole ID number.
 * Only the printed 协议书 carries it whole.
 */
const MASKED: Readonly<Record<string, (value: string) => string>> = { idNumber: maskIdNumber };

/** A field's value as a screen may show it. */
export const shownValue = (key: string, value: string): string => (value && MASKED[key] ? MASKED[key](value) : value);
