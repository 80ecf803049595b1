import { isEmail, isIdNumber, maskIdNumber, maskName, withIdCheckDigit, withUsccCheck } from '../../server/domain/identifiers';
import { EMPLOYER_FIELDS, employerFields } from '../../typings/rules/employer';
import { isPhone, isPostcode, isUscc, isUsccAlphabet, normaliseUscc } from '../../typings/rules/identifiers';
import { nextAgreementNo } from '../../server/domain/numbering';

describe('居民身份证号码 (GB 11643)', () => {
  it('accepts numbers with the right check digit, including X', () => {
    expect(isIdNumber('11010519491231002X')).toBe(true); // the standard's own example
    expect(isIdNumber('440524198001010013')).toBe(true);
    expect(isIdNumber(withIdCheckDigit('44030520030415123'))).toBe(true);
  });
  it('refuses a wrong check digit, a lowercase x, 15-digit numbers, impossible dates', () => {
    expect(isIdNumber('110105194912310021')).toBe(false);
    expect(isIdNumber('11010519491231002x')).toBe(false);
    expect(isIdNumber('110105491231002')).toBe(false);
    expect(isIdNumber(withIdCheckDigit('11010520230230123'))).toBe(false); // 30 February
    expect(isIdNumber(withIdCheckDigit('11010518000101123'))).toBe(false); // before 1900
  });
});

// typings/rules/identifiers.ts: the one definition the server, the command line and the mini program (its copy) run
describe('统一社会信用代码 (GB 32100)', () => {
  const good = withUsccCheck('91440300MA5F1234X');
  /** the same code with its check character changed */
  const bad = `${good.slice(0, 17)}${good[17] === '1' ? '2' : '1'}`;

  it('accepts the standard’s worked example and generated codes', () => {
    expect(isUscc('91350100M000100Y43')).toBe(true);
    expect(isUscc(withUsccCheck('91440300MA5D8K2P1'))).toBe(true);
    expect(isUscc(good)).toBe(true);
    expect(isUscc(withUsccCheck('12100000400000624D'.slice(0, 17)))).toBe(true);
  });
  it('refuses a wrong check character, letters outside the alphabet (I O S V Z), wrong length', () => {
    expect(isUscc('91350100M000100Y44')).toBe(false);
    expect(isUscc(bad)).toBe(false);
    expect(isUscc('91350100M000100I43')).toBe(false);
    expect(isUscc('9135010OM000100Y43')).toBe(false); // O is not in the alphabet
    expect(isUscc('91350100m000100y43')).toBe(false); // lower case is not the code's alphabet
    expect(isUscc('91350100M000100Y4')).toBe(false);
    expect(isUscc('')).toBe(false);
  });
  it('knows its alphabet, and is compared as the server stores it: trimmed, upper case', () => {
    expect(isUsccAlphabet('0123456789ABCDEFGHJKLMNPQRTUWXY')).toBe(true);
    expect(['I', 'O', 'S', 'V', 'Z', 'a', ' '].some(isUsccAlphabet)).toBe(false);
    expect(normaliseUscc(` ${good.toLowerCase()} `)).toBe(good);
    expect(() => withUsccCheck('9144030OMA5D8K2P1')).toThrow('not a credit-code character: O');
  });
});

describe('phones, e-mail, masks', () => {
  it('accepts mainland mobiles and landlines with area codes', () => {
    expect(['13800138000', '19912345678', '010-12345678', '0755-1234567', '075512345678'].every(isPhone)).toBe(true);
    expect(['13812345678', '0755-12345678', '010-1234567-89'].every(isPhone)).toBe(true);
    expect(['12345678901', '1380013800', '+8613800138000', '12345678'].some(isPhone)).toBe(false);
    expect(['12812345678', '1381234567', ''].some(isPhone)).toBe(false);
  });
  it('takes six-digit postcodes only', () => {
    expect(isPostcode('518000')).toBe(true);
    expect(['51800', '51800a', ''].some(isPostcode)).toBe(false);
  });
  it('checks e-mail shape', () => {
    expect(isEmail('a@b.cn')).toBe(true);
    expect(isEmail('a@b')).toBe(false);
  });
  it('masks ID numbers and names for display', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李')).toBe('*');
  });
});

describe('a unit’s fields', () => {
  it('are copied out of anything that carries them, in their order, and nothing else', () => {
    const doc = { _id: 'e1', version: 3, state: 'certified', name: '某公司', uscc: 'U', nature: '39', industry: '65', region: '440106', address: '地址', contactName: '王', contactPhone: '020-12345678' };
    const fields = employerFields(doc);
    expect(Object.keys(fields)).toEqual([...EMPLOYER_FIELDS]);
    expect(fields).toEqual({ name: '某公司', uscc: 'U', nature: '39', industry: '65', region: '440106', address: '地址', contactName: '王', contactPhone: '020-12345678' });
  });
});

describe('协议编号', () => {
  it('is year + school code + level + a six-digit sequence, counting up from the stored counter', () => {
    const first = nextAgreementNo({ counter: null, graduationYear: 2026, schoolCode: '10001', educationLevel: '31' });
    expect(first.agreementNo).toBe('20261000131000001');
    expect(first.counter).toEqual({ _id: 'agreementNo:2026', version: 1, value: 1 });
    const next = nextAgreementNo({ counter: first.counter, graduationYear: 2026, schoolCode: '10001', educationLevel: '11' });
    expect(next.agreementNo).toBe('20261000111000002');
    expect(next.counter.version).toBe(2);
  });
});
