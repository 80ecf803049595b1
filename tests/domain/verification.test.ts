/**
 * 协议核验: what the public learns about an agreement number, for each state and each kind of typed code.
 */
import { verificationCode } from '../../server/domain/document';
import { maskStudentNo, verifyAnswer, VERIFY_MESSAGES } from '../../server/domain/verification';
import { AGREEMENT_NO, anAgreement, CREATED, NOW, settings } from './builders';

const school = { schoolName: settings().schoolName };
const WRONG_CODE = '0000-0000-0000-0000';

describe('the public answer for a signed agreement', () => {
  const signed = anAgreement('signed');

  it('without a code: found and signed, with the masked parties, and a hint to type the code', () => {
    expect(verifyAnswer({ agreementNo: AGREEMENT_NO, agreement: signed, settings: school })).toEqual({
      found: true,
      agreementNo: AGREEMENT_NO,
      state: 'signed',
      stateLabel: '签约成功',
      signedAt: CREATED,
      student: { name: '张*', studentNo: '******0101', collegeName: '计算机学院' },
      employer: { name: '深圳示例科技有限公司' },
      schoolName: '示例大学',
      codeMatches: null,
      message: VERIFY_MESSAGES.signedNoCode,
    });
  });

  it('with the right code: valid', () => {
    const answer = verifyAnswer({ agreementNo: AGREEMENT_NO, agreement: signed, settings: school, code: verificationCode(signed) });
    expect(answer).toMatchObject({ found: true, codeMatches: true, message: '该协议真实有效，签约成功' });
  });

  it('with a wrong code: the paper may have been altered', () => {
    const answer = verifyAnswer({ agreementNo: AGREEMENT_NO, agreement: signed, settings: school, code: WRONG_CODE });
    expect(answer).toMatchObject({ found: true, codeMatches: false, message: '校验码与协议当前内容不一致，文件可能被篡改' });
  });

  it('with something that is not a code at all: also a mismatch', () => {
    const answer = verifyAnswer({ agreementNo: AGREEMENT_NO, agreement: signed, settings: school, code: '' });
    expect(answer).toMatchObject({ codeMatches: false, message: VERIFY_MESSAGES.tampered });
  });

  it('says no signing time when the record has none', () => {
    const { signedAt, ...unsigned } = signed;
    expect(signedAt).toBe(CREATED);
    expect(verifyAnswer({ agreementNo: AGREEMENT_NO, agreement: unsigned, settings: school })).not.toHaveProperty('signedAt');
  });

  it('tells no termination time while the agreement stands', () => {
    expect(verifyAnswer({ agreementNo: AGREEMENT_NO, agreement: signed, settings: school })).not.toHaveProperty('terminatedAt');
  });
});

describe('the public answer for a terminated agreement', () => {
  const terminated = anAgreement('terminated', { updatedAt: NOW });

  it('says it no longer stands, and when it was terminated (its last write)', () => {
    expect(verifyAnswer({ agreementNo: AGREEMENT_NO, agreement: terminated, settings: school })).toMatchObject({
      found: true,
      state: 'terminated',
      stateLabel: '已解约',
      signedAt: CREATED,
      terminatedAt: NOW,
      codeMatches: null,
      message: '该协议已解约，不再有效',
    });
  });

  it('with the right code: still terminated', () => {
    const answer = verifyAnswer({ agreementNo: AGREEMENT_NO, agreement: terminated, settings: school, code: verificationCode(terminated) });
    expect(answer).toMatchObject({ codeMatches: true, message: VERIFY_MESSAGES.terminated });
  });

  it('with a wrong code: terminated, and the paper may have been altered', () => {
    const answer = verifyAnswer({ agreementNo: AGREEMENT_NO, agreement: terminated, settings: school, code: WRONG_CODE });
    expect(answer).toMatchObject({ codeMatches: false, message: '该协议已解约，不再有效；且校验码与协议内容不一致，文件可能被篡改' });
  });
});

describe('agreements the public does not see', () => {
  const notFound = {
    found: false,
    agreementNo: AGREEMENT_NO,
    stateLabel: '未找到',
    schoolName: '示例大学',
    codeMatches: null,
    message: '未找到该编号的协议，请核对协议编号',
  };

  it('no agreement under the number', () => {
    expect(verifyAnswer({ agreementNo: AGREEMENT_NO, agreement: null, settings: school, code: WRONG_CODE })).toEqual(notFound);
  });

  it.each(['draft', 'pendingCollege', 'pendingSchool', 'returned', 'cancelled'] as const)('an agreement that is %s was never signed', (state) => {
    const a = anAgreement(state, { agreementNo: AGREEMENT_NO });
    expect(verifyAnswer({ agreementNo: AGREEMENT_NO, agreement: a, settings: school, code: verificationCode(a) })).toEqual(notFound);
  });

  it('an agreement loaded under another number', () => {
    expect(verifyAnswer({ agreementNo: AGREEMENT_NO, agreement: anAgreement('signed', { agreementNo: '20261000131000002' }), settings: school })).toEqual(notFound);
  });
});

describe('masking a 学号', () => {
  it('keeps the last four characters', () => {
    expect(maskStudentNo('2026010101')).toBe('******0101');
    expect(maskStudentNo('12345')).toBe('*2345');
  });

  it('leaves four characters or fewer as they are', () => {
    expect(maskStudentNo('1234')).toBe('1234');
    expect(maskStudentNo('12')).toBe('12');
  });
});
