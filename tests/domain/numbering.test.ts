/** 协议编号: graduation year + school code + education level + a six-digit sequence from the year's counter. */
import { counterId, nextAgreementNo } from '../../server/domain/numbering';
import { aCounter } from './builders';

describe('counterId', () => {
  it('is one counter per graduation year', () => {
    expect(counterId(2026)).toBe('agreementNo:2026');
    expect(counterId(2027)).toBe('agreementNo:2027');
  });
});

describe('nextAgreementNo', () => {
  const base = { graduationYear: 2026, schoolCode: '10001', educationLevel: '31' as const };

  it('numbers the first agreement of a year 000001 and creates the counter at version 1', () => {
    // given no counter yet, when the first agreement is numbered
    const next = nextAgreementNo({ ...base, counter: null });
    // then
    expect(next).toEqual({ agreementNo: '20261000131000001', counter: { _id: 'agreementNo:2026', version: 1, value: 1 } });
  });

  it('takes the value after the counter and bumps its version, each on its own', () => {
    const next = nextAgreementNo({ ...base, counter: aCounter(41, { version: 7 }) });
    expect(next).toEqual({ agreementNo: '20261000131000042', counter: { _id: 'agreementNo:2026', version: 8, value: 42 } });
  });

  it('pads the sequence to six digits and never more', () => {
    expect(nextAgreementNo({ ...base, counter: aCounter(9) }).agreementNo).toBe('20261000131000010');
    expect(nextAgreementNo({ ...base, counter: aCounter(123_455) }).agreementNo).toBe('20261000131123456');
  });

  it('carries the graduation year, the school code and the education level', () => {
    const next = nextAgreementNo({ counter: null, graduationYear: 2027, schoolCode: '10558', educationLevel: '11' });
    expect(next.agreementNo).toBe('20271055811000001');
    expect(next.counter._id).toBe('agreementNo:2027');
    expect(nextAgreementNo({ ...base, counter: null, educationLevel: '01' }).agreementNo).toBe('20261000101000001');
    expect(nextAgreementNo({ ...base, counter: null, educationLevel: '41' }).agreementNo).toBe('20261000141000001');
  });

  it('gives the last number of a year, 999999', () => {
    const next = nextAgreementNo({ ...base, counter: aCounter(999_998) });
    expect(next).toEqual({ agreementNo: '20261000131999999', counter: { _id: 'agreementNo:2026', version: 999_999, value: 999_999 } });
  });

  it('refuses to roll over once 999999 numbers are given: numbers are never reused', () => {
    expect(() => nextAgreementNo({ ...base, counter: aCounter(999_999) })).toThrow(new Error('agreement sequence exhausted for this year'));
  });
});
