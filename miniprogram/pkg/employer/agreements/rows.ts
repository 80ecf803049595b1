/**
 * The unit's agreements as the list shows them: a chip per standing that has any (with its count), and a row per
 * agreement with what the unit must do now and the termination that concerns it.
 */
import type { AgreementState } from '../../../../typings/states';
import type { EmployerAgreementRow, EmployerAgreementsView } from '../../../../typings/views';
import { chineseDate } from '../../../utils/date';
import { agreementState, terminationState, type StateLabel } from '../../../utils/labels';

/** The chips' order: what asks something of the unit first, then the review, then the ends. */
const ORDER: AgreementState[] = ['pendingEmployer', 'pendingSeal', 'pendingCollege', 'pendingSchool', 'pendingSealReview', 'returned', 'signed', 'terminated', 'cancelled'];

export interface Chip {
  state: string;
  label: string;
  count: number;
}

export function chips(counts: EmployerAgreementsView['counts']): Chip[] {
  const total = ORDER.reduce((n, s) => n + (counts[s] ?? 0), 0);
  return [{ state: '', label: '全部', count: total }, ...ORDER.filter((s) => counts[s]).map((s) => ({ state: s, label: agreementState(s).label, count: counts[s] ?? 0 }))];
}

export interface AgreementRow {
  id: string;
  student: string;
  job: string;
  tag: StateLabel;
  todo: string;
  updated: string;
  termination: StateLabel | null;
  /** who asked to terminate, in words */
  terminationBy: string;
}

export const agreementRow = (r: EmployerAgreementRow): AgreementRow => ({
  id: r.id,
  student: `${r.studentName} ${r.studentNo}`,
  job: r.jobTitle,
  tag: agreementState(r.state),
  todo: r.todo ?? '',
  updated: chineseDate(r.updatedAt),
  termination: r.termination ? terminationState(r.termination.state) : null,
  terminationBy: r.termination ? (r.termination.initiator === 'employer' ? '单位申请解约' : '学生申请解约') : '',
});
