/** 申请解约 as the page shows it: the agreement's latest request and whether a new one may be made. */
import type { AgreementView, TerminationView, TimelineEntry } from '../../../typings/views';
import { chineseDateTime } from '../../utils/date';
import { agreementState, terminationState, type StateLabel } from '../../utils/labels';
import { thumbs, type Thumb } from '../utils/agreement-content';

export const CLOSED = '学校暂未开放学生申请解约，如需解约请联系学院或学校就业指导中心。';
/** the manual's reminder (§4) */
export const WAIT_FOR_SCHOOL = '提交后需等待学校（通常是就业指导中心）审核，审核通过后方解约成功。';

export interface Request {
  id: string;
  version: number;
  tag: StateLabel;
  pending: boolean;
  explanation: string;
  evidence: Thumb[];
  /** the school's reason when it did not approve */
  reason: string;
  submittedAt: string;
  timeline: TimelineEntry[];
}

export interface Shown {
  agreementNo: string;
  employerName: string;
  agreementTag: StateLabel;
  /** the school does not let students ask */
  closed: boolean;
  /** the form is offered */
  canSubmit: boolean;
  /** why there is no form, when it is not the school's switch or a waiting request */
  notice: string;
  latest: Request | null;
}

export function request(t: TerminationView): Request {
  return {
    id: t.id,
    version: t.version,
    tag: terminationState(t.state),
    pending: t.state === 'submitted',
    explanation: t.explanation,
    evidence: thumbs(t.evidence),
    reason: t.reason ?? '',
    submittedAt: chineseDateTime(t.createdAt),
    timeline: t.timeline,
  };
}

/** Why no form is offered, unless a request is waiting (that one is shown with 撤回). */
function noticeOf(v: AgreementView, latest: TerminationView | undefined, allowed: boolean): string {
  if (latest?.state === 'submitted') return '';
  if (v.state === 'terminated') return '该协议已解约。';
  if (v.state !== 'signed') return '协议签约成功后才能申请解约。';
  return allowed ? '' : CLOSED;
}

export function shown(v: AgreementView, allowStudentTermination: boolean): Shown {
  const latest = v.terminations[0];
  const notice = noticeOf(v, latest, allowStudentTermination);
  return {
    agreementNo: v.agreementNo ?? '',
    employerName: v.content.employer.name,
    agreementTag: agreementState(v.state),
    closed: notice === CLOSED,
    canSubmit: allowStudentTermination && v.canTerminate,
    notice,
    latest: latest ? request(latest) : null,
  };
}
