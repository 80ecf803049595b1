/** Check digits and formats of Chinese identifiers. Pure. */

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

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** 统一社会信用代码 (GB 32100-2015): 18 characters from its alphabet, check character mod 31. */
export function isUscc(value: string): boolean {
  if (value.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const n = USCC_CHARS.indexOf(value[i] ?? '');
    if (n < 0) return false;
    sum += n * (USCC_WEIGHTS[i] ?? 0);
  }
  const check = USCC_CHARS[(31 - (sum % 31)) % 31];
  return value[17] === check;
}

/** A mainland mobile number, or a landline with area code (010-12345678, 0755-1234567). */
export const isPhone = (value: string): boolean =>
  /^1[3-9]\d{9}$/.test(value) || /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/.test(value);

export const isPostcode = (value: string): boolean => /^\d{6}$/.test(value);

export const isEmail = (value: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) && value.length <= 100;

/** 110101199003074518 → 110101********4518 */
export const maskIdNumber = (value: string): string =>
  value.length === 18 ? `${value.slice(0, 6)}********${value.slice(14)}` : '*'.repeat(value.length);

/** 张三丰 → 张** ; for the public verification page */
export const maskName = (value: string): string => {
  const chars = [...value];
  return chars.length <= 1 ? value : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
};

/** Completes a 17-digit ID prefix with its check digit (for fixtures and demo data). */
export function withIdCheckDigit(prefix17: string): string {
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(prefix17[i]), 0);
  return `${prefix17}${ID_CHECK[sum % 11]}`;
}

/** Completes a 17-character credit-code prefix with its check character (for fixtures and demo data). */
export function withUsccCheck(prefix17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const n = USCC_CHARS.indexOf(prefix17[i] ?? '');
    if (n < 0) throw new Error(`not a credit-code character: ${prefix17[i]}`);
    sum += n * (USCC_WEIGHTS[i] ?? 0);
  }
  return `${prefix17}${USCC_CHARS[(31 - (sum % 31)) % 31]}`;
}
