/**
 * What tests/unit/identifiers.test.ts leaves out: date and length edges of 身份证号码, each position of a credit
 * code, landline extensions, postcodes, e-mail length, the masks of values of unexpected length, and the masks of
 * names of every kind the roster may hold.
 */
import {
  isEmail,
  isIdNumber,
  isPhone,
  isPostcode,
  isUscc,
  maskIdNumber,
  maskName,
  withIdCheckDigit,
  withUsccCheck,
} from '../../server/domain/identifiers';

describe('居民身份证号码', () => {
  it('accepts the first day of 1900 and refuses the last day of 1899', () => {
    expect(isIdNumber(withIdCheckDigit('11010519000101123'))).toBe(true);
    expect(isIdNumber(withIdCheckDigit('11010518991231123'))).toBe(false);
  });

  it('refuses month 13, month 0, day 0 and 31 April', () => {
    for (const prefix of ['11010520031301123', '11010520030001123', '11010520030100123', '11010520030431123']) {
      expect(isIdNumber(withIdCheckDigit(prefix))).toBe(false);
    }
  });

  it('accepts 29 February in a leap year only', () => {
    expect(isIdNumber(withIdCheckDigit('11010520040229123'))).toBe(true);
    expect(isIdNumber(withIdCheckDigit('11010520030229123'))).toBe(false);
  });

  it('refuses 17 or 19 characters, letters in the body and anything around the number', () => {
    const good = '11010519491231002X';
    expect(isIdNumber(good.slice(0, 17))).toBe(false);
    expect(isIdNumber(`${good}0`)).toBe(false);
    expect(isIdNumber(`0${good}`)).toBe(false);
    expect(isIdNumber('4405241980010100130')).toBe(false); // a good number with a digit after it
    expect(isIdNumber(` ${good}`)).toBe(false);
    expect(isIdNumber('1101051949123A002X')).toBe(false);
  });

  it('the check digit is the standard’s: every wrong last character is refused', () => {
    const body = '44052419800101001';
    const right = withIdCheckDigit(body);
    expect(right).toBe('440524198001010013');
    for (const last of '0123456789X') {
      expect(isIdNumber(`${body}${last}`)).toBe(`${body}${last}` === right);
    }
  });

  it('completes a prefix whose check digit is X', () => {
    expect(withIdCheckDigit('11010519491231002')).toBe('11010519491231002X');
  });
});

describe('统一社会信用代码', () => {
  it('refuses a letter outside the alphabet in any position, and lower case', () => {
    const good = '91350100M000100Y43';
    for (let i = 0; i < 17; i++) {
      expect(isUscc(`${good.slice(0, i)}I${good.slice(i + 1)}`)).toBe(false);
    }
    expect(isUscc(good.toLowerCase())).toBe(false);
  });

  it('refuses 19 characters', () => {
    expect(isUscc('91350100M000100Y430')).toBe(false);
  });

  it('the check character is mod 31 over the weights: every wrong one is refused', () => {
    const body = '91440300MA5D8K2P1';
    const right = withUsccCheck(body);
    expect(right).toBe('91440300MA5D8K2P1F');
    for (const last of '0123456789ABCDEFGHJKLMNPQRTUWXY') {
      expect(isUscc(`${body}${last}`)).toBe(last === 'F');
    }
  });

  it('a sum that is a multiple of 31 has check character 0', () => {
    expect(withUsccCheck('00000000000000000')).toBe('000000000000000000');
    expect(isUscc('000000000000000000')).toBe(true);
  });

  it('will not complete a prefix with a character outside the alphabet', () => {
    expect(() => withUsccCheck('91440300MA5D8K2PI')).toThrow('not a credit-code character: I');
  });
});

describe('phones, postcodes, e-mail', () => {
  it('accepts a landline extension of one to six digits', () => {
    expect(isPhone('010-12345678-1')).toBe(true);
    expect(isPhone('010-12345678-123456')).toBe(true);
    expect(isPhone('010-12345678-1234567')).toBe(false);
    expect(isPhone('010-12345678-')).toBe(false);
  });

  it('refuses a mobile with text around it and landlines of the wrong length', () => {
    expect(isPhone(' 13800138000')).toBe(false);
    expect(isPhone('13800138000 ')).toBe(false);
    expect(isPhone(' 010-12345678')).toBe(false);
    expect(isPhone('tel:0755-1234567')).toBe(false);
    expect(isPhone('138001380001')).toBe(false);
    expect(isPhone('010-123456')).toBe(false);
    expect(isPhone('010-123456789')).toBe(false);
    expect(isPhone('01-1234567')).toBe(false);
    expect(isPhone('01234-1234567')).toBe(false);
    expect(isPhone('1012345678')).toBe(false);
  });

  it('a postcode is exactly six digits', () => {
    expect(isPostcode('518000')).toBe(true);
    expect(isPostcode('51800')).toBe(false);
    expect(isPostcode('5180000')).toBe(false);
    expect(isPostcode('51800a')).toBe(false);
    expect(isPostcode(' 518000')).toBe(false);
  });

  it('an e-mail has one @, a dotted domain, no spaces, at most 100 characters', () => {
    const local = 'a'.repeat(100 - '@b.cn'.length);
    expect(isEmail(`${local}@b.cn`)).toBe(true);
    expect(isEmail(`a${local}@b.cn`)).toBe(false);
    expect(isEmail('a b@c.cn')).toBe(false);
    expect(isEmail('a@b@c.cn')).toBe(false);
    expect(isEmail(' a@b.cn')).toBe(false);
    expect(isEmail('a@b.cn ')).toBe(false);
    expect(isEmail('@b.cn')).toBe(false);
    expect(isEmail('a@.cn')).toBe(false);
    expect(isEmail('a@b.')).toBe(false);
  });
});

describe('masks', () => {
  it('an ID number of another length is masked whole', () => {
    expect(maskIdNumber('110105491231002')).toBe('***************');
    expect(maskIdNumber('')).toBe('');
  });

  it('an 18-character number keeps its first six and last four', () => {
    expect(maskIdNumber('440305200301011235')).toBe('440305********1235');
  });

  it('a name keeps its first character, counting characters not code units', () => {
    expect(maskName('𠀋一')).toBe('𠀋*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('')).toBe('');
  });
});

describe('maskName: the first letter as written, every other letter masked, separators kept', () => {
  it('given a one-character name, when masked, then nothing of it shows', () => {
    expect(maskName('李')).toBe('*');
    expect(maskName('𠀾')).toBe('*');
    expect(maskName('Ｊ')).toBe('*');
  });

  it('given a Han name, when masked, then only the family name’s character shows, one * per other character', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('司马相如')).toBe('司***');
  });

  it('given a name joined by a middle dot, when masked, then the dot stays where it was and both parts are masked', () => {
    expect(maskName('买买提·艾力')).toBe('买**·**');
    expect(maskName('阿依古丽·买买提')).toBe('阿***·***');
    expect(maskName('迪丽热巴·迪力木拉提')).toBe('迪***·*****');
  });

  it('given the other middle dots people type (・ ･ • ‧ ∙ ⋅), when masked, then each is kept as typed', () => {
    for (const dot of ['・', '･', '•', '‧', '∙', '⋅']) expect(maskName(`买买提${dot}艾力`)).toBe(`买**${dot}**`);
  });

  it('given a Latin name, when masked, then its first letter shows and the spaces keep the words apart', () => {
    expect(maskName('John Smith')).toBe('J*** *****');
    expect(maskName('Li Lei')).toBe('L* ***');
    expect(maskName('Jean-Pierre Dupont')).toBe('J***-****** ******');
  });

  it('given full-width letters and spaces, when masked, then one * stands for each letter and the space is kept', () => {
    expect(maskName('Ｊｏｈｎ')).toBe('Ｊ***');
    expect(maskName('Ｊｏｈｎ　Ｓｍｉｔｈ')).toBe('Ｊ***　*****');
  });

  it('given characters outside the BMP or written with a combining mark, when masked, then each counts as one', () => {
    expect(maskName('𠀾𠀾')).toBe('𠀾*');
    expect(maskName('张𠀾')).toBe('张*');
    expect(maskName('𠀾·𠀾𠀾')).toBe('𠀾·**');
    expect(maskName('Jose\u0301')).toBe('J***');
    // 葛 with a variation selector (a rare form of the character): one character, kept whole
    expect(maskName('葛\u{E0100}优')).toBe('葛\u{E0100}*');
  });

  it('given a name whose only letter follows a separator, when masked, then that letter is masked too', () => {
    expect(maskName('·李')).toBe('·*');
    expect(maskName(' ')).toBe(' ');
  });

  it('given any name, when masked, then no letter but the first survives and the masked name is as long as the name', () => {
    for (const name of ['张三丰', '买买提·艾力', 'John Smith', 'Ｊｏｈｎ', '𠀾𠀾𠀾']) {
      const masked = [...maskName(name)];
      const letters = [...name].filter((c) => !/[\s·]/u.test(c));
      expect(masked).toHaveLength([...name].length);
      expect(masked.filter((c) => c !== '*' && !/[\s·]/u.test(c))).toEqual([letters[0]]);
    }
  });
});
