/**
 * The identifier checks both sides run: the server on every event, the mini program beside the field as it is typed,
 * so that both give the same answer. Pure and self-contained (no imports): scripts/gen-codes.ts copies this folder
 * into the mini program, which may load nothing from outside its root at run time.
 */

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Only characters of the credit code's alphabet: GB 32100 leaves out I, O, S, V and Z. */
export const isUsccAlphabet = (value: string): boolean => [...value].every((c) => USCC_CHARS.includes(c));

/**
 * The check character GB 32100 gives the first 17 characters of a credit code (weighted sum, mod 31); undefined when
 * one of them is outside the code's alphabet.
 */
export function usccCheckChar(prefix17: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const n = USCC_CHARS.indexOf(prefix17[i] ?? '');
    if (n < 0) return undefined;
    sum += n * (USCC_WEIGHTS[i] ?? 0);
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31];
}

/** 统一社会信用代码 (GB 32100-2015): 18 characters from its alphabet, check character mod 31. */
export const isUscc = (value: string): boolean => value.length === 18 && usccCheckChar(value) === value[17];

/** The credit code as the server stores it: trimmed, upper case. */
export const normaliseUscc = (value: string): string => value.trim().toUpperCase();

/** A mainland mobile number, or a landline with area code (010-12345678, 0755-1234567). */
export const isPhone = (value: string): boolean =>
  /^1[3-9]\d{9}$/.test(value) || /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/.test(value);

export const isPostcode = (value: string): boolean => /^\d{6}$/.test(value);
