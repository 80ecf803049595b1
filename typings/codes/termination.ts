/**
 * 解约原因: the reasons a termination names, as the provincial platforms list them, and who breaks the agreement
 * (违约方). Versioned data: a request keeps its code; a retired code stays here with `retired` so old requests read.
 */
export const TERMINATION_REASONS_VERSION = '2026-12';

export type BreachBy = 'student' | 'employer';

export interface TerminationReason {
  code: string;
  label: string;
  /** who is in breach when this is the reason: the form proposes it, the person may change it */
  breachBy: BreachBy;
}

export const TERMINATION_REASONS: readonly TerminationReason[] = [
  { code: '11', label: '继续深造', breachBy: 'student' },
  { code: '12', label: '家庭原因', breachBy: 'student' },
  { code: '13', label: '身体原因', breachBy: 'student' },
  { code: '14', label: '单位承诺无法兑现', breachBy: 'student' },
  { code: '15', label: '单位经营问题', breachBy: 'student' },
  { code: '19', label: '其他', breachBy: 'student' },
  { code: '21', label: '单位违约', breachBy: 'employer' },
];

export const BREACH_LABELS: Record<BreachBy, string> = { student: '个人违约', employer: '单位违约' };

export const terminationReason = (code: string | undefined): TerminationReason | undefined =>
  TERMINATION_REASONS.find((r) => r.code === code);
