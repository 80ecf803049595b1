// What the 三方协议 tab shows, from the offers view: pure, so the tests check it without a page.
import type { AgreementState } from '../../../typings/states';
import type { AgreementSummary, OfferView, OffersView } from '../../../typings/views';
import { agreementState, offerState, type TagTheme } from '../../utils/labels';

export const EMPTY_HINT = '暂无邀约，用人单位发起邀约后会通知您';
/** 手册 §3.2 3): signing, the student's own included, waits for an approved 生源核查 */
export const NEEDS_SOURCE_CHECK = '生源核查通过后才能在线签约';
/** the server's one-agreement rule (ACTIVE_AGREEMENT_EXISTS), said before the student fills a form for nothing */
export const HAS_ACTIVE_AGREEMENT = '您已有一份审核中或已生效的三方协议，不能再发起签约';

/** the states that hold the one-agreement lock and cannot be continued from 发起签约 */
const BLOCKING: readonly AgreementState[] = ['pendingCollege', 'pendingSchool', 'signed'];

export interface OfferRow {
  id: string;
  employerName: string;
  jobTitle: string;
  stateLabel: string;
  theme: TagTheme;
  /** "X 天后失效" / "今天失效" for open offers, '' otherwise */
  countdown: string;
  /** the last two days are urgent */
  urgent: boolean;
}

export interface AgreementRow {
  id: string;
  title: string;
  subtitle: string;
  stateLabel: string;
  theme: TagTheme;
}

export interface InitiateEntry {
  show: boolean;
  disabled: boolean;
  /** why it is disabled; '' when it is not */
  reason: string;
}

/** daysLeft from the view: whole days in China's calendar, 0 on the last day, null once not open. */
export function countdown(daysLeft: number | null): string {
  if (daysLeft === null) return '';
  return daysLeft <= 0 ? '今天失效' : `${daysLeft} 天后失效`;
}

export function offerRow(o: OfferView): OfferRow {
  const state = offerState(o.state);
  return {
    id: o.id,
    employerName: o.employer.name,
    jobTitle: o.terms.job.title,
    stateLabel: state.label,
    theme: state.theme,
    countdown: o.state === 'open' ? countdown(o.daysLeft) : '',
    urgent: o.state === 'open' && o.daysLeft !== null && o.daysLeft <= 1,
  };
}

export function agreementRow(a: AgreementSummary): AgreementRow {
  const state = agreementState(a.state);
  return {
    id: a.id,
    title: a.employerName,
    subtitle: [a.jobTitle, a.agreementNo ? `编号 ${a.agreementNo}` : ''].filter(Boolean).join(' · '),
    stateLabel: state.label,
    theme: state.theme,
  };
}

export function initiateEntry(view: OffersView): InitiateEntry {
  if (!view.allowStudentInitiate) return { show: false, disabled: true, reason: '' };
  if (!view.sourceCheckApproved) return { show: true, disabled: true, reason: NEEDS_SOURCE_CHECK };
  if (view.agreements.some((a) => BLOCKING.includes(a.state))) return { show: true, disabled: true, reason: HAS_ACTIVE_AGREEMENT };
  return { show: true, disabled: false, reason: '' };
}
