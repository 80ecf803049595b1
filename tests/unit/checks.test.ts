import { agreementEmployment, decideCheck, employmentSchoolValues, formatProblem, sourceSchoolValues } from '../../server/domain/checks';
import type { AgreementDoc, StudentDoc } from '../../server/domain/types';
import type { CheckFieldSpec } from '../../typings';

const NOW = '2026-03-02T02:00:00.000Z';
const actor = { openid: 'o-li', role: 'student' as const };
const env = { actor, now: NOW, newId: () => 'unused' };

const student: StudentDoc = {
  _id: '2026010102', version: 1, createdAt: NOW, updatedAt: NOW, auditHead: '',
  studentNo: '2026010102', name: '李四', idNumber: '110101200311202343', gender: '女',
  collegeId: 'cs', collegeName: '计算机学院', major: '计算机科学与技术', educationLevel: '31', graduationYear: 2026,
  source: { ethnicity: '汉族' }, employment: {}, openid: 'o-li', activeAgreementId: 'a1',
};

const agreement = (state: AgreementDoc['state'], file: AgreementDoc['content']['file'], hukou: AgreementDoc['content']['hukou']): AgreementDoc =>
  ({
    _id: 'a1', state,
    content: {
      employer: { name: '示例单位', uscc: 'U', nature: '39', industry: '65', region: '440305', address: '', contactName: '', contactPhone: '' },
      job: { title: '工程师', region: '440305', monthlySalary: 1, contractYears: 1, startDate: '2026-07-01' },
      file, hukou,
    },
  }) as unknown as AgreementDoc;

describe('school values', () => {
  it('a signed agreement gives the employment fields; file receiver and hukou only when they move', () => {
    const moving = agreement('signed', { transfer: true, receiver: '人才中心' }, { migrate: true, address: '深圳市南山区' });
    expect(agreementEmployment(moving)).toMatchObject({ destination: '签就业协议形式就业', fileReceiver: '人才中心', hukouAddress: '深圳市南山区', employerRegion: '440305', jobTitle: '工程师' });
    const staying = agreement('signed', { transfer: false, receiver: '人才中心' }, { migrate: false, address: '深圳市' });
    expect(agreementEmployment(staying)).not.toHaveProperty('fileReceiver');
    expect(agreementEmployment(staying)).not.toHaveProperty('hukouAddress');
  });

  it('only a signed agreement counts; the school library overrides it; the roster overrides both; empty values are absent', () => {
    const pending = agreement('pendingCollege', { transfer: false }, { migrate: false });
    expect(employmentSchoolValues(student, pending)).toEqual({ studentNo: '2026010102', name: '李四', collegeName: '计算机学院', major: '计算机科学与技术' });
    const signed = agreement('signed', { transfer: false }, { migrate: false });
    const values = employmentSchoolValues({ ...student, employment: { jobTitle: '高级工程师', uscc: ' ', name: '别名' } }, signed);
    expect(values).toMatchObject({ jobTitle: '高级工程师', uscc: 'U', name: '李四' });
  });

  it('the source check shows the education level by name', () => {
    expect(sourceSchoolValues(student)).toMatchObject({ educationLevel: '本科', graduationYear: '2026', ethnicity: '汉族' });
  });
});

describe('field formats', () => {
  const spec = (type: CheckFieldSpec['type']): CheckFieldSpec => ({ key: 'k', label: '某项', owner: 'student', required: false, type });
  it.each([
    ['date', '2026-02-30', '某项格式应为 YYYY-MM-DD'],
    ['date', '2026-02-28', null],
    ['region', '440000', '某项不在标准代码表中'],
    ['region', '441900', null],
    ['industry', 'I', null],
    ['nature', '00', '某项不在标准代码表中'],
    ['phone', '0755-12345678', null],
    ['email', 'a@b', '某项格式不正确'],
    ['text', 'anything', null],
  ] as const)('%s %s → %s', (type, value, expected) => {
    expect(formatProblem(spec(type), value)).toBe(expected);
  });
});

describe('decideCheck', () => {
  it('a locked field follows the roster even when the stored check says otherwise', () => {
    const first = decideCheck({ env, kind: 'source', student, check: null, school: sourceSchoolValues(student), command: { action: 'save', fields: {} } });
    const renamed = { ...student, name: '李思' };
    const second = decideCheck({ env, kind: 'source', student: renamed, check: first.check, school: sourceSchoolValues(renamed), command: { action: 'save', fields: { phone: '13911112222' } } });
    expect(second.check.fields).toMatchObject({ name: '李思', phone: '13911112222' });
    expect(second.check.studentName).toBe('李思');
    expect(second.writes).toEqual([{ collection: 'checks', doc: second.check, expectedVersion: 1 }]);
    expect(second.outbox).toEqual([]);
  });

  it('a refused transition is refused before the input is looked at', () => {
    expect(() => decideCheck({ env, kind: 'source', student, check: null, school: {}, command: { action: 'restore', field: 'nope' } })).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
  });
});

