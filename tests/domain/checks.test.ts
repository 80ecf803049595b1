/**
 * 生源核查 and 就业信息核验: the school's values of each field, the student's save, submit, withdraw and restore
 * as one decision, and the form's mismatch marks.
 */
import {
  agreementEmployment,
  decideCheck,
  employmentSchoolValues,
  formatProblem,
  LOCKED_MESSAGE,
  mismatches,
  SIGNED_DESTINATION,
  sourceSchoolValues,
  withCurrentSchool,
  withSchoolFields,
  type CheckCommand,
} from '../../server/domain/checks';
import { EMPLOYMENT_FIELDS, SOURCE_FIELDS } from '../../server/domain/checkFields';
import type { CheckFieldSpec } from '../../typings';
import type { CheckDoc } from '../../server/domain/types';
import {
  anActor,
  anAgreement,
  anEmploymentCheck,
  anEnv,
  aSourceCheck,
  aStudent,
  CREATED,
  EMPLOYER_INFO,
  headOf,
  NOW,
  refusal,
  refusalOf,
  theWrite,
  trail,
  ZHANG_ID_NUMBER,
  ZHANG_PHONE,
} from './builders';

const student = anActor('student');
/** What the school knows of 张三 for his 生源核查. */
const SCHOOL = sourceSchoolValues(aStudent());

function decide(check: CheckDoc | null, command: CheckCommand, over: { env?: ReturnType<typeof anEnv>; school?: Record<string, string> } = {}) {
  return decideCheck({
    env: over.env ?? anEnv({ role: 'student' }),
    kind: check?.kind ?? 'source',
    student: aStudent(),
    check,
    school: over.school ?? SCHOOL,
    command,
  });
}

const problemsOf = (decideIt: () => unknown) => {
  const e = refusal(decideIt);
  return { code: e.code, message: e.message, issues: e.issues };
};

describe('the school’s values', () => {
  it('a source check shows the roster entry, the education level by name and the school’s 生源 fields', () => {
    expect(SCHOOL).toEqual({
      studentNo: '2026010101',
      name: '张三',
      gender: '男',
      idNumber: ZHANG_ID_NUMBER,
      collegeName: '计算机学院',
      major: '软件工程',
      educationLevel: '本科',
      graduationYear: '2026',
      ethnicity: '汉族',
      politicalStatus: '共青团员',
      originRegion: '440305',
    });
  });

  it('a signed agreement says where the student went: unit, code, nature, industry, place, job, and where the hukou moves', () => {
    expect(agreementEmployment(anAgreement('signed'))).toEqual({
      destination: SIGNED_DESTINATION,
      employerName: EMPLOYER_INFO.name,
      uscc: EMPLOYER_INFO.uscc,
      nature: '39',
      industry: '65',
      employerRegion: '440305',
      jobTitle: '数据分析师',
      hukouAddress: '北京市东城区东华门街道',
    });
    expect(SIGNED_DESTINATION).toBe('签就业协议形式就业');
  });

  it('a moving file without a receiver, and a blank field of the agreement, give no value', () => {
    const a = anAgreement('signed');
    a.content = { ...a.content, file: { transfer: true }, hukou: { migrate: true, address: '  ' }, employer: { ...a.content.employer, industry: '' } };
    const values = agreementEmployment(a);
    expect(values).not.toHaveProperty('fileReceiver');
    expect(values).not.toHaveProperty('hukouAddress');
    expect(values).not.toHaveProperty('industry');
  });

  it('without an agreement, the employment record is the school library’s, under the roster’s identity', () => {
    const s = aStudent({ employment: { jobTitle: '研究助理', studentNo: 'wrong', destination: '' } });
    expect(employmentSchoolValues(s, null)).toEqual({ jobTitle: '研究助理', studentNo: '2026010101', name: '张三', collegeName: '计算机学院', major: '软件工程' });
  });

  it('the library’s entry overrides what the signed agreement says', () => {
    const values = employmentSchoolValues(aStudent({ employment: { jobTitle: '高级数据分析师' } }), anAgreement('signed'));
    expect(values).toMatchObject({ jobTitle: '高级数据分析师', employerName: EMPLOYER_INFO.name, destination: SIGNED_DESTINATION });
  });
});

describe('field formats', () => {
  const spec = (type: CheckFieldSpec['type']): CheckFieldSpec => ({ key: 'k', label: '某项', owner: 'student', required: true, type });

  it.each([
    ['phone', '1380013800', '某项格式不正确'],
    ['phone', ZHANG_PHONE, null],
    ['email', 'zhangsan@example.com', null],
    ['date', '2026/02/28', '某项格式应为 YYYY-MM-DD'],
    ['date', '2026-13-01', '某项格式应为 YYYY-MM-DD'],
    ['date', '2026-02-28x', '某项格式应为 YYYY-MM-DD'],
    ['date', 'x2026-02-28', '某项格式应为 YYYY-MM-DD'],
    ['date', '2024-02-29', null],
    ['date', '2026-02', '某项格式应为 YYYY-MM-DD'],
    ['date', '+010000-01-01', '某项格式应为 YYYY-MM-DD'],
    ['region', '110000', '某项不在标准代码表中'],
    ['industry', '65', null],
    ['industry', 'U', '某项不在标准代码表中'],
    ['nature', '39', null],
  ] as const)('%s %s → %s', (type, value, expected) => {
    expect(formatProblem(spec(type), value)).toBe(expected);
  });

  it('names a field type it does not know', () => {
    expect(formatProblem(spec('colour' as never), 'red')).toBe('未知字段类型 colour');
  });
});

describe('locked fields', () => {
  it('carry the school’s current value, and are dropped when the school has none; student fields are left alone', () => {
    const fields = { name: '张叁', gender: '女', phone: ZHANG_PHONE, nickname: '小张' };
    expect(withSchoolFields(SOURCE_FIELDS, fields, { name: '张三', ethnicity: '汉族' })).toEqual({ name: '张三', ethnicity: '汉族', phone: ZHANG_PHONE, nickname: '小张' });
    expect(fields.name).toBe('张叁');
  });

  it('a check as its next save would store it: locked fields and the school’s values refreshed, the rest as stored', () => {
    const check = aSourceCheck('returned', { fields: { name: '旧名', phone: ZHANG_PHONE } });
    const school = { ...SCHOOL, name: '张三丰' };
    const shown = withCurrentSchool(check, school);
    expect(shown).toEqual({ ...check, fields: { ...SCHOOL, name: '张三丰', phone: ZHANG_PHONE }, schoolValues: school });
  });
});

describe('mismatch marks', () => {
  it('mark the student fields whose value differs from the school’s, or is missing', () => {
    expect(
      mismatches({
        kind: 'employment',
        fields: { studentNo: 'x', jobTitle: '工程师', employerName: EMPLOYER_INFO.name, destination: '升学' },
        schoolValues: { studentNo: '2026010101', jobTitle: '高级工程师', employerName: EMPLOYER_INFO.name, uscc: EMPLOYER_INFO.uscc },
      }),
    ).toEqual(['uscc', 'jobTitle']);
  });

  it('mark nothing where the school has no value', () => {
    expect(mismatches({ kind: 'employment', fields: { jobTitle: '工程师' }, schoolValues: {} })).toEqual([]);
  });

  it('an empty school value is a value: a missing student value matches it', () => {
    expect(mismatches({ kind: 'employment', fields: {}, schoolValues: { jobTitle: '' } })).toEqual([]);
    expect(mismatches({ kind: 'employment', fields: { jobTitle: 'x' }, schoolValues: { jobTitle: '' } })).toEqual(['jobTitle']);
  });

  it('follow the form’s order', () => {
    const schoolValues = Object.fromEntries(EMPLOYMENT_FIELDS.map((s) => [s.key, 'school']));
    expect(mismatches({ kind: 'employment', fields: {}, schoolValues })).toEqual(EMPLOYMENT_FIELDS.filter((s) => s.owner === 'student').map((s) => s.key));
  });
});

describe('saving a check', () => {
  it('a first save creates a draft that opens with what the school knows, plus the student’s edits', () => {
    const decided = decide(null, { action: 'save', fields: { phone: ` ${ZHANG_PHONE} ` } });
    const write = theWrite(decided, 'checks');
    expect(write.expectedVersion).toBe(0);
    expect(write.doc).toEqual({
      _id: 'source:2026010101',
      version: 1,
      createdAt: NOW,
      updatedAt: NOW,
      auditHead: decided.audit[0]!.hash,
      kind: 'source',
      state: 'draft',
      studentNo: '2026010101',
      studentName: '张三',
      collegeId: 'cs',
      major: '软件工程',
      fields: { ...SCHOOL, phone: ZHANG_PHONE },
      schoolValues: SCHOOL,
    });
    expect(decided.check).toBe(write.doc);
    expect(trail(decided)).toEqual([
      { record: 'check', recordId: 'source:2026010101', seq: 1, from: null, to: 'draft', action: 'save', actor: student, at: NOW },
    ]);
    expect(decided.outbox).toEqual([]);
  });

  it('an employment check is stored under its own id', () => {
    const decided = decideCheck({ env: anEnv(), kind: 'employment', student: aStudent(), check: null, school: {}, command: { action: 'save', fields: {} } });
    expect(decided.check._id).toBe('employment:2026010101');
    expect(decided.check.kind).toBe('employment');
  });

  it('a save keeps a returned check returned, with its reason, and may leave required fields empty', () => {
    const check = aSourceCheck('returned');
    const decided = decide(check, { action: 'save', fields: { email: '', homeAddress: '' } });
    expect(theWrite(decided, 'checks').expectedVersion).toBe(2);
    expect(decided.check).toMatchObject({ state: 'returned', reason: '手机号码有误', version: 3, createdAt: CREATED, submittedAt: CREATED });
    expect(decided.check.fields).not.toHaveProperty('email');
    expect(decided.check.fields).not.toHaveProperty('homeAddress');
    expect(decided.check.fields.phone).toBe(ZHANG_PHONE);
    expect(trail(decided)[0]).toMatchObject({ from: 'returned', to: 'returned', action: 'save', seq: 3 });
    expect(decided.audit[0]!.prevHash).toBe(headOf('source:2026010101', 2));
  });

  it('a locked field may be sent back unchanged, as forms post every field', () => {
    const decided = decide(aSourceCheck('draft'), { action: 'save', fields: { name: '张三', gender: ' 男 ', emergencyContact: '张父' } });
    expect(decided.check.fields).toMatchObject({ name: '张三', gender: '男', emergencyContact: '张父' });
  });

  it('a locked field the school has no value for may be sent back empty, not filled in', () => {
    const school = { ...SCHOOL };
    delete school.ethnicity;
    expect(decide(aSourceCheck('draft'), { action: 'save', fields: { ethnicity: '' } }, { school }).check.fields).not.toHaveProperty('ethnicity');
    expect(problemsOf(() => decide(aSourceCheck('draft'), { action: 'save', fields: { ethnicity: '汉族' } }, { school })).issues).toEqual([
      { path: 'fields.ethnicity', message: LOCKED_MESSAGE },
    ]);
  });

  it('refuses a change to a locked field, saying whom to ask, never dropping it silently', () => {
    expect(problemsOf(() => decide(aSourceCheck('draft'), { action: 'save', fields: { name: '张叁' } }))).toEqual({
      code: 'INVALID_INPUT',
      message: '姓名由学校维护，如有错误请联系辅导员或就业指导中心',
      issues: [{ path: 'fields.name', message: '该项由学校维护，如有错误请联系辅导员或就业指导中心' }],
    });
    expect(LOCKED_MESSAGE).toBe('该项由学校维护，如有错误请联系辅导员或就业指导中心');
  });

  it('refuses a field the form does not have', () => {
    expect(problemsOf(() => decide(aSourceCheck('draft'), { action: 'save', fields: { salary: '1' } }))).toEqual({
      code: 'INVALID_INPUT', message: '表单中没有该项', issues: [{ path: 'fields.salary', message: '表单中没有该项' }],
    });
  });

  it('refuses a malformed value, and says each distinct problem once while naming every field', () => {
    expect(problemsOf(() => decide(aSourceCheck('draft'), { action: 'save', fields: { phone: '123', emergencyPhone: '456', email: 'x', a: '1', b: '2' } }))).toEqual({
      code: 'INVALID_INPUT',
      message: '手机号码格式不正确；紧急联系人电话格式不正确；电子邮箱格式不正确；表单中没有该项',
      issues: [
        { path: 'fields.phone', message: '手机号码格式不正确' },
        { path: 'fields.emergencyPhone', message: '紧急联系人电话格式不正确' },
        { path: 'fields.email', message: '电子邮箱格式不正确' },
        { path: 'fields.a', message: '表单中没有该项' },
        { path: 'fields.b', message: '表单中没有该项' },
      ],
    });
  });

  it.each(['submitted', 'approved'] as const)('refuses to save a check that is %s', (state) => {
    expect(refusalOf(() => decide(aSourceCheck(state), { action: 'save', fields: {} }))).toBe('INVALID_TRANSITION');
  });

  it('refuses anyone but the student', () => {
    expect(refusalOf(() => decide(aSourceCheck('draft'), { action: 'save', fields: {} }, { env: anEnv({ role: 'collegeReviewer' }) }))).toBe('FORBIDDEN');
  });
});

describe('submitting a check', () => {
  it('submits a draft with the student’s last edits, stamping when', () => {
    const check = aSourceCheck('draft');
    const decided = decide(check, { action: 'submit', fields: { postcode: '518000' } });
    expect(theWrite(decided, 'checks').expectedVersion).toBe(1);
    expect(decided.check).toMatchObject({ state: 'submitted', submittedAt: NOW, version: 2 });
    expect(decided.check.fields).toEqual({ ...SCHOOL, ...check.fields, postcode: '518000' });
    expect(trail(decided)).toEqual([
      { record: 'check', recordId: 'source:2026010101', seq: 2, from: 'draft', to: 'submitted', action: 'submit', actor: student, at: NOW },
    ]);
  });

  it('resubmits a returned check, clearing the reviewer’s reason', () => {
    const decided = decide(aSourceCheck('returned'), { action: 'submit' });
    expect(decided.check.state).toBe('submitted');
    expect(decided.check.reason).toBeUndefined();
    expect(decided.check.submittedAt).toBe(NOW);
  });

  it('submits straight away without a draft, when the form is complete', () => {
    const decided = decide(null, { action: 'submit', fields: { phone: ZHANG_PHONE, email: 'zhangsan@example.com', homeAddress: '深圳市南山区' } });
    expect(decided.check).toMatchObject({ _id: 'source:2026010101', version: 1, state: 'submitted' });
    expect(theWrite(decided, 'checks').expectedVersion).toBe(0);
  });

  it('refuses while a required field is empty, asking for each', () => {
    expect(problemsOf(() => decide(null, { action: 'submit', fields: { phone: ZHANG_PHONE } }))).toEqual({
      code: 'INVALID_INPUT',
      message: '请填写电子邮箱；请填写家庭地址',
      issues: [
        { path: 'fields.email', message: '请填写电子邮箱' },
        { path: 'fields.homeAddress', message: '请填写家庭地址' },
      ],
    });
  });

  it('refuses a malformed value stored earlier', () => {
    const check = aSourceCheck('draft', { fields: { phone: ZHANG_PHONE, email: 'zhangsan@example.com', homeAddress: '深圳', emergencyPhone: '110' } });
    expect(problemsOf(() => decide(check, { action: 'submit' })).issues).toEqual([{ path: 'fields.emergencyPhone', message: '紧急联系人电话格式不正确' }]);
  });

  it('names a field once when both the edit and the completeness check object to it', () => {
    const check = aSourceCheck('draft');
    expect(problemsOf(() => decide(check, { action: 'submit', fields: { phone: '123', email: '' } })).issues).toEqual([
      { path: 'fields.phone', message: '手机号码格式不正确' },
      { path: 'fields.email', message: '请填写电子邮箱' },
    ]);
  });

  it('does not hold the school’s own values to the form’s formats: they are the school’s to correct', () => {
    const school = { ...SCHOOL, originRegion: '广东省深圳市' };
    const decided = decide(null, { action: 'submit', fields: { phone: ZHANG_PHONE, email: 'zhangsan@example.com', homeAddress: '深圳市南山区' } }, { school });
    expect(decided.check.state).toBe('submitted');
    expect(decided.check.fields.originRegion).toBe('广东省深圳市');
  });

  it('an employment check checks codes against the standard tables', () => {
    const check = anEmploymentCheck('draft', { fields: { destination: '签就业协议形式就业', employerName: EMPLOYER_INFO.name, uscc: EMPLOYER_INFO.uscc, jobTitle: '数据分析师' } });
    const school = employmentSchoolValues(aStudent(), null);
    const issues = problemsOf(() =>
      decideCheck({ env: anEnv(), kind: 'employment', student: aStudent(), check, school, command: { action: 'submit', fields: { nature: '00', industry: '65' } } }),
    ).issues;
    expect(issues).toEqual([
      { path: 'fields.nature', message: '单位性质不在标准代码表中' },
      { path: 'fields.employerRegion', message: '请填写单位所在地' },
    ]);
  });

  it.each(['submitted', 'approved'] as const)('refuses to submit a check that is %s', (state) => {
    expect(refusalOf(() => decide(aSourceCheck(state), { action: 'submit' }))).toBe('INVALID_TRANSITION');
  });
});

describe('withdrawing a check', () => {
  it('takes a submitted check back to draft, its fields as they were', () => {
    const check = aSourceCheck('submitted');
    const decided = decide(check, { action: 'withdraw' });
    expect(theWrite(decided, 'checks').expectedVersion).toBe(2);
    expect(decided.check).toEqual({ ...check, state: 'draft', version: 3, updatedAt: NOW, auditHead: decided.audit[0]!.hash });
    expect(trail(decided)).toEqual([
      { record: 'check', recordId: 'source:2026010101', seq: 3, from: 'submitted', to: 'draft', action: 'withdraw', actor: student, at: NOW },
    ]);
  });

  it.each(['draft', 'approved', 'returned'] as const)('refuses to withdraw a check that is %s', (state) => {
    expect(refusalOf(() => decide(aSourceCheck(state), { action: 'withdraw' }))).toBe('INVALID_TRANSITION');
  });

  it('refuses when there is no check yet', () => {
    expect(refusalOf(() => decide(null, { action: 'withdraw' }))).toBe('INVALID_TRANSITION');
  });
});

describe('restoring the school’s value', () => {
  const school = { studentNo: '2026010101', name: '张三', jobTitle: '数据分析师', employerName: EMPLOYER_INFO.name };
  const restore = (check: CheckDoc, field: string) =>
    decideCheck({ env: anEnv(), kind: 'employment', student: aStudent(), check, school, command: { action: 'restore', field } });

  it('puts the school’s value back into a student field, keeping the state', () => {
    const check = anEmploymentCheck('returned', { fields: { jobTitle: '实习生', uscc: EMPLOYER_INFO.uscc } });
    const decided = restore(check, 'jobTitle');
    expect(decided.check).toMatchObject({ state: 'returned', version: 3, schoolValues: school });
    expect(decided.check.fields).toEqual({ studentNo: '2026010101', name: '张三', jobTitle: '数据分析师', uscc: EMPLOYER_INFO.uscc });
    expect(trail(decided)).toEqual([
      { record: 'check', recordId: 'employment:2026010101', seq: 3, from: 'returned', to: 'returned', action: 'restore', actor: student, at: NOW },
    ]);
  });

  it.each([
    ['a field the form does not have', 'salary', '表单中没有该项'],
    ['a locked field', 'name', '该项由学校维护，无需还原'],
    ['a field the school has no value for', 'uscc', '学校库中没有该项信息，无法还原'],
  ])('refuses %s', (_what, field, message) => {
    expect(problemsOf(() => restore(anEmploymentCheck('draft'), field))).toEqual({ code: 'INVALID_INPUT', message, issues: [{ path: 'field', message }] });
  });

  it.each(['submitted', 'approved'] as const)('refuses to restore in a check that is %s', (state) => {
    expect(refusalOf(() => restore(anEmploymentCheck(state), 'jobTitle'))).toBe('INVALID_TRANSITION');
  });
});
