/**
 * The binding forms' checks, made before anything is sent (the server makes the same ones and has the last word),
 * and the words for who a bound caller is. Pure: the page and its tests share them.
 */
import type { HomeView } from '../../../typings/views';
import { employerStateLabel, roleLabel } from '../../utils/labels';

export interface StudentInput {
  studentNo: string;
  name: string;
  idLast6: string;
}

export type StudentTips = Record<keyof StudentInput, string>;

export type Checked<T, Tips> = { ok: true; value: T } | { ok: false; tips: Tips };

const STUDENT_NO_MAX = 32;
const NAME_MAX = 30;
/** the last six characters of a 18-digit 身份证号: five digits, then a digit or the check character X */
const ID_LAST6 = /^\d{5}[\dX]$/;
const INVITE_CODE = /^[A-Za-z0-9]{6,32}$/;

function studentNoTip(studentNo: string): string {
  if (!studentNo) return '请填写学号';
  if (studentNo.length > STUDENT_NO_MAX) return `学号不超过${STUDENT_NO_MAX}位`;
  return '';
}

function nameTip(name: string): string {
  if (!name) return '请填写姓名';
  if (name.length > NAME_MAX) return `姓名不超过${NAME_MAX}字`;
  return '';
}

function idLast6Tip(idLast6: string): string {
  if (!idLast6) return '请填写身份证后六位';
  if (idLast6.length !== 6) return '身份证后六位应为6位';
  if (!ID_LAST6.test(idLast6)) return '前五位应为数字，最后一位为数字或X';
  return '';
}

/** Trimmed, the ID's x upper-cased as the roster writes it; or a tip for each wrong field. */
export function checkStudent(input: StudentInput): Checked<StudentInput, StudentTips> {
  const value: StudentInput = {
    studentNo: input.studentNo.trim(),
    name: input.name.trim(),
    idLast6: input.idLast6.trim().toUpperCase(),
  };
  const tips: StudentTips = { studentNo: studentNoTip(value.studentNo), name: nameTip(value.name), idLast6: idLast6Tip(value.idLast6) };
  return tips.studentNo || tips.name || tips.idLast6 ? { ok: false, tips } : { ok: true, value };
}

export function checkInvite(code: string): Checked<string, string> {
  const value = code.trim();
  if (!value) return { ok: false, tips: '请填写邀请码' };
  if (!INVITE_CODE.test(value)) return { ok: false, tips: '邀请码为6至32位字母或数字' };
  return { ok: true, value };
}

export interface BoundAs {
  role: string;
  /** name, number, college or unit, as far as known */
  detail: string;
}

export function boundAs(view: HomeView): BoundAs | null {
  if (!view.role) return null;
  const role = roleLabel(view.role);
  if (view.student) {
    const s = view.student;
    return { role, detail: `${s.name}（学号 ${s.studentNo}）· ${s.collegeName}` };
  }
  if (view.employer) return { role, detail: `${view.employer.name}（${employerStateLabel(view.employer.state)}）` };
  if (view.reviewer?.scope === 'college') return { role, detail: view.reviewer.collegeName ?? '' };
  return { role, detail: '' };
}
