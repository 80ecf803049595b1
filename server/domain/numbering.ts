/**
 * 协议编号: graduation year + school code + education-level code + a six-digit sequence, e.g. 2026 10001 31 000042.
 * The sequence comes from one counter per graduation year, bumped in the same commit that creates the agreement,
 * so numbers are unique and gap-free within a year and never reused, even after termination.
 */
import type { EducationLevel } from '../../typings';
import type { CounterDoc } from './types';

export const counterId = (graduationYear: number): string => `agreementNo:${graduationYear}`;

export function nextAgreementNo(input: {
  counter: CounterDoc | null;
  graduationYear: number;
  schoolCode: string;
  educationLevel: EducationLevel;
}): { agreementNo: string; counter: CounterDoc } {
  const value = (input.counter?.value ?? 0) + 1;
  if (value > 999_999) throw new Error('agreement sequence exhausted for this year');
  const counter: CounterDoc = {
    _id: counterId(input.graduationYear),
    version: (input.counter?.version ?? 0) + 1,
    value,
  };
  const agreementNo = `${input.graduationYear}${input.schoolCode}${input.educationLevel}${String(value).padStart(6, '0')}`;
  return { agreementNo, counter };
}
