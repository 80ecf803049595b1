/**
 * 统计 as cards: per college and for the whole school, graduates, approved 生源核查, agreements by state, 签约人数 and
 * 签约率. Pure.
 */
import type { AgreementState } from '../../../../typings/states';
import type { CollegeStats, ReviewStats } from '../../../../typings/views';
import { queuesFor } from '../queues/queues';
import { agreementState } from '../../../utils/labels';

/** 0.3333 → 33.3%: one decimal, as the employment office reports it. */
export const percent = (rate: number): string => `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;

/** The agreement states in the order an agreement passes through them; drafts are not counted. */
const STATES: readonly Exclude<AgreementState, 'draft'>[] = ['pendingCollege', 'pendingSchool', 'returned', 'signed', 'terminated', 'cancelled'];

export interface Figure {
  key: string;
  label: string;
  value: string;
}

export interface StatsCard {
  key: string;
  name: string;
  /** the school's total row */
  total: boolean;
  rate: string;
  figures: Figure[];
  agreements: Figure[];
}

export function statsCard(c: CollegeStats, total = false): StatsCard {
  return {
    key: total ? 'total' : c.collegeId,
    name: c.collegeName,
    total,
    rate: percent(c.signingRate),
    figures: [
      { key: 'graduates', label: '毕业生', value: String(c.graduates) },
      { key: 'sourceApproved', label: '生源核查通过', value: String(c.sourceApproved) },
      { key: 'signed', label: '签约人数', value: String(c.signed) },
    ],
    agreements: STATES.map((s) => ({ key: s, label: agreementState(s).label, value: String(c.agreements[s]) })),
  };
}

/** The school's total first when there is more than one college; a college reviewer sees their own college only. */
export function statsCards(stats: Omit<ReviewStats, 'placement'>): StatsCard[] {
  const colleges = stats.colleges.map((c) => statsCard(c));
  return stats.colleges.length > 1 ? [statsCard(stats.total, true), ...colleges] : colleges;
}

export interface PendingRow {
  key: string;
  label: string;
  count: number;
}

/** 待审核: what waits in each of the reviewer's own queues, in the queues' order, and the sum. */
export function pendingCard(stats: Omit<ReviewStats, 'placement'>): { rows: PendingRow[]; total: number } {
  const rows = queuesFor(stats.role).map((q) => ({ key: q.name, label: q.label, count: stats.pending[q.name] ?? 0 }));
  return { rows, total: rows.reduce((n, r) => n + r.count, 0) };
}
