/**
 * Check digits and formats of Chinese identifiers. Pure. The checks the mini program runs too (credit code, phone,
 * postcode) are defined once, in typings/rules/identifiers.ts, which the mini program receives a copy of.
 */
import { isUsccAlphabet, usccCheckChar } from '../../typings/rules/identifiers';

export { isPhone, isPostcode, isUscc } from '../../typings/rules/identifiers';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** 居民身份证号码 (GB 11643-1999): 18 characters, a real date of birth, and the ISO 7064 MOD 11-2 check digit. */
export function isIdNumber(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) {
    return false;
  }
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(value[i]), 0);
  return ID_CHECK[sum % 11] === value[17];
}

export const isEmail = (value: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) && value.length <= 100;

/** 110101199003074518 → 110101********4518 */
export const maskIdNumber = (value: string): string =>
  value.length === 18 ? `${value.slice(0, 6)}********${value.slice(14)}` : '*'.repeat(value.length);

/**
 * What separates the parts of a name, kept in a masked name so that its shape can be told: spaces of any width, the
 * middle dots of 少数民族 and foreign names as they are typed (· ・ ･ • ‧ ∙ ⋅) and hyphens (Jean-Pierre).
 */
const NAME_SEPARATOR = /^[\s\u00B7\u30FB\uFF65\u2022\u2027\u2219\u22C5\-\u2010\u2011\uFE63\uFF0D]$/u;

/** Characters as a reader counts them: 𠀾 (outside the BMP), é typed as e + accent, and 葛 with a variant selector are one each. */
const graphemes = (value: string): string[] =>
  [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(value)].map((s) => s.segment);

/**
 * A name for the public verification page: the first letter as written (the family name of a Chinese name), every
 * other letter `*`, separators kept: 张三丰 → 张**, 买买提·艾力 → 买**·**, John Smith → J*** *****. A name of one letter
 * is masked whole (李 → *): the page never shows a whole name.
 */
export const maskName = (value: string): string => {
  const chars = graphemes(value);
  const letters = chars.filter((c) => !NAME_SEPARATOR.test(c)).length;
  let kept = letters < 2;
  return chars
    .map((c) => {
      if (NAME_SEPARATOR.test(c)) return c;
      if (kept) return '*';
      kept = true;
      return c;
    })
    .join('');
};

/** Completes a 17-digit ID prefix with its check digit (for fixtures and demo data). */
export function withIdCheckDigit(prefix17: string): string {
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(prefix17[i]), 0);
  return `${prefix17}${ID_CHECK[sum % 11]}`;
}

/** Completes a 17-character credit-code prefix with its check character (for fixtures and demo data). */
export function withUsccCheck(prefix17: string): string {
  const check = usccCheckChar(prefix17);
  if (check === undefined) throw new Error(`not a credit-code character: ${prefix17.slice(0, 17).split('').find((c) => !isUsccAlphabet(c))}`);
  return `${prefix17}${check}`;
}
