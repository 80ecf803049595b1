/**
 * The two check forms' fields: which are the school's (locked) and which the student fills in, which are
 * required, and how each is checked. The forms, the server and the exports read this one list.
 */
import { checkId, EMPLOYMENT_FIELDS, FIELDS, SOURCE_FIELDS } from '../../server/domain/checkFields';
import type { CheckFieldSpec } from '../../typings';

/** key label owner required type, one line per field */
const table = (specs: readonly CheckFieldSpec[]): string[] =>
  specs.map((s) => [s.key, s.label, s.owner, s.required ? 'required' : 'optional', s.type].join(' '));

describe('生源信息 fields', () => {
  it('are the roster’s identity and 生源 fields, locked, then the student’s contact details', () => {
    expect(table(SOURCE_FIELDS)).toEqual([
      'studentNo 学号 school optional text',
      'name 姓名 school optional text',
      'gender 性别 school optional text',
      'idNumber 身份证号 school optional text',
      'collegeName 院系 school optional text',
      'major 专业 school optional text',
      'educationLevel 学历 school optional text',
      'graduationYear 毕业年份 school optional text',
      'ethnicity 民族 school optional text',
      'politicalStatus 政治面貌 school optional text',
      'trainingMode 培养方式 school optional text',
      'originRegion 生源地 school optional region',
      'phone 手机号码 student required phone',
      'email 电子邮箱 student required email',
      'homeAddress 家庭地址 student required text',
      'postcode 邮政编码 student optional text',
      'emergencyContact 紧急联系人 student optional text',
      'emergencyPhone 紧急联系人电话 student optional phone',
    ]);
  });
});

describe('就业信息 fields', () => {
  it('are the student’s identity, locked, then where they went, filled in by the student', () => {
    expect(table(EMPLOYMENT_FIELDS)).toEqual([
      'studentNo 学号 school optional text',
      'name 姓名 school optional text',
      'collegeName 院系 school optional text',
      'major 专业 school optional text',
      'destination 毕业去向 student required text',
      'employerName 单位名称 student required text',
      'uscc 统一社会信用代码 student required text',
      'nature 单位性质 student required nature',
      'industry 单位行业 student required industry',
      'employerRegion 单位所在地 student required region',
      'jobTitle 岗位名称 student required text',
      'fileReceiver 档案接收单位 student optional text',
      'hukouAddress 户口迁移地址 student optional text',
    ]);
  });
});

describe('forms by kind', () => {
  it('each kind has its own form', () => {
    expect(FIELDS.source).toBe(SOURCE_FIELDS);
    expect(FIELDS.employment).toBe(EMPLOYMENT_FIELDS);
  });

  it('a school field is never required of the student', () => {
    for (const spec of [...SOURCE_FIELDS, ...EMPLOYMENT_FIELDS]) {
      if (spec.owner === 'school') expect(spec.required).toBe(false);
    }
  });

  it('a check is stored under its kind and the 学号: one of each kind per student', () => {
    expect(checkId('source', '2026010101')).toBe('source:2026010101');
    expect(checkId('employment', '2026010101')).toBe('employment:2026010101');
  });
});
