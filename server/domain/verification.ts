/**
 * 协议核验: what anyone may learn about an agreement number. Only whether it exists and stands, when it was signed,
 * the parties with the student masked, and whether a code matches. No ids, phone, ID number, salary or terms.
 */
import { STATE_LABELS, type VerifyResult } from '../../typings';
import { codeMatches } from './document';
import { maskName } from './identifiers';
import type { AgreementDoc, SettingsDoc } from './types';

/** 2026010101 → ******0101 */
export const maskStudentNo = (value: string): string =>
  value.length <= 4 ? value : `${'*'.repeat(value.length - 4)}${value.slice(-4)}`;

export const VERIFY_MESSAGES = {
  valid: '该协议真实有效，签约成功',
  signedNoCode: '该协议签约成功。输入协议书上的校验码，可核对文件内容是否被改动',
  tampered: '校验码与协议当前内容不一致，文件可能被篡改',
  terminated: '该协议已解约，不再有效',
  terminatedTampered: '该协议已解约，不再有效；且校验码与协议内容不一致，文件可能被篡改',
  notFound: '未找到该编号的协议，请核对协议编号',
} as const;

/** A pending, returned or abandoned agreement was never signed: to the public it does not exist. */
const counts = (a: AgreementDoc | null): a is AgreementDoc & { state: 'signed' | 'terminated' } =>
  a?.state === 'signed' || a?.state === 'terminated';

export function verifyAnswer(input: {
  agreementNo: string;
  agreement: AgreementDoc | null;
  settings: Pick<SettingsDoc, 'schoolName'>;
  code?: string;
}): VerifyResult {
  const { agreement: a, agreementNo, settings } = input;
  if (!counts(a) || a.agreementNo !== agreementNo) {
    return {
      found: false,
      agreementNo,
      stateLabel: '未找到',
      schoolName: settings.schoolName,
      codeMatches: null,
      message: VERIFY_MESSAGES.notFound,
    };
  }
  const matches = input.code === undefined ? null : codeMatches(a, input.code);
  const terminated = a.state === 'terminated';
  const message = terminated
    ? matches === false
      ? VERIFY_MESSAGES.terminatedTampered
      : VERIFY_MESSAGES.terminated
    : matches === null
      ? VERIFY_MESSAGES.signedNoCode
      : matches
        ? VERIFY_MESSAGES.valid
        : VERIFY_MESSAGES.tampered;
  const student = a.content.student;
  return {
    found: true,
    agreementNo,
    state: a.state,
    stateLabel: STATE_LABELS.agreement[a.state],
    ...(a.signedAt ? { signedAt: a.signedAt } : {}),
    // terminated is terminal: the record's last write is its termination
    ...(terminated ? { terminatedAt: a.updatedAt } : {}),
    student: { name: maskName(student.name), studentNo: maskStudentNo(student.studentNo), collegeName: student.collegeName },
    employer: { name: a.content.employer.name },
    schoolName: settings.schoolName,
    codeMatches: matches,
    message,
  };
}
