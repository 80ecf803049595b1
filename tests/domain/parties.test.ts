/** 乙方 and 甲方 as agreements and offers print them, and the student keys every student-owned record carries. */
import { employerParty, studentKeys, studentParty } from '../../server/domain/parties';
import { EMPLOYER_PARTY, ZHANG_PARTY, aStudent, anEmployer, anotherStudent } from './builders';

describe('studentParty (乙方)', () => {
  it('prints the roster entry with the 身份证号 masked and the given phone', () => {
    // given 张三 on the roster, when his party is printed with his approved phone
    const party = studentParty(aStudent(), '13800138000');
    // then
    expect(party).toEqual(ZHANG_PARTY);
  });

  it('takes every field from the student it is given, not from a fixed one', () => {
    const party = studentParty(anotherStudent({ collegeId: 'em', collegeName: '经济管理学院', educationLevel: '11', graduationYear: 2027 }), '13700137000');
    expect(party).toEqual({
      studentNo: '2026010102',
      name: '李四',
      gender: '女',
      idNumberMasked: '110101********2341',
      collegeId: 'em',
      collegeName: '经济管理学院',
      major: '计算机科学与技术',
      educationLevel: '11',
      graduationYear: 2027,
      phone: '13700137000',
    });
  });

  it('prints an empty phone when none was approved', () => {
    expect(studentParty(aStudent(), '').phone).toBe('');
  });

  it('never prints an unmasked 身份证号, even a malformed one', () => {
    expect(studentParty(aStudent({ idNumber: '12345' }), '').idNumberMasked).toBe('*****');
    expect(JSON.stringify(studentParty(aStudent(), ''))).not.toContain('440305200304151235');
  });
});

describe('studentKeys', () => {
  it('are the 学号, name, college and major of the roster entry', () => {
    expect(studentKeys(aStudent())).toEqual({ studentNo: '2026010101', studentName: '张三', collegeId: 'cs', major: '软件工程' });
    expect(studentKeys(anotherStudent({ collegeId: 'em' }))).toEqual({ studentNo: '2026010102', studentName: '李四', collegeId: 'em', major: '计算机科学与技术' });
  });
});

describe('employerParty (甲方)', () => {
  it('is a snapshot of the library entry, its id as employerId, without the library bookkeeping', () => {
    expect(employerParty(anEmployer('certified'))).toEqual(EMPLOYER_PARTY);
  });

  it('takes every field from the entry it is given', () => {
    const other = anEmployer('certified', {
      _id: 'emp-2',
      name: '北京数据有限公司',
      uscc: '91110105MA01XYZ12X',
      nature: '10',
      industry: '64',
      region: '110105',
      address: '北京市朝阳区建国路1号',
      contactName: '王主管',
      contactPhone: '010-12345678',
    });
    expect(employerParty(other)).toEqual({
      employerId: 'emp-2',
      name: '北京数据有限公司',
      uscc: '91110105MA01XYZ12X',
      nature: '10',
      industry: '64',
      region: '110105',
      address: '北京市朝阳区建国路1号',
      contactName: '王主管',
      contactPhone: '010-12345678',
    });
  });
});
