/** 申请解约 as the page shows it: the agreement's latest request and whether a new one may be made. */
import type { AgreementView, TerminationView, TimelineEntry } from '../../../typings/views';
import { chineseDateTime } from '../../utils/date';
import { agreementState, terminationState, type StateLabel } from '../../utils/labels';
import { thumbs, type Thumb } from '../utils/agreement-content';

export const CLOSED = '学校暂未开放学生申请解约，如需解约请联系院系或学校就业指导中心。';
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
  /** the top of the page: where the request stands in words, and what happens next and who acts */
  status: { title: string; next: string };
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

const SIGN_AGAIN = '如与其他单位签约，请到「三方协议」应约或发起签约。';

function statusOf(v: AgreementView, latest: TerminationView | undefined, canSubmit: boolean, notice: string): Shown['status'] {
  if (latest?.state === 'submitted') {
    return { title: '解约申请待学校审核', next: '学校正在审核，您无需操作；审核期间协议仍然有效，您也可以撤回申请。审核结果会显示在本页。' };
  }
  if (v.state === 'terminated') return { title: '解约成功', next: `协议已解除，不再有效。${SIGN_AGAIN}` };
  if (!canSubmit) return { title: '暂不能申请解约', next: notice };
  if (latest?.state === 'rejected') return { title: '学校未同意解约', next: '协议仍然有效。审核意见见下方；如仍需解约，请按意见补充后重新申请。' };
  if (latest?.state === 'withdrawn') return { title: '解约申请已撤回', next: '协议仍然有效。如需解约，可在下方重新申请。' };
  return { title: '申请解约', next: '请在下方上传解约证明材料并填写解约说明，提交后由学校审核。' };
}

export function shown(v: AgreementView, allowStudentTermination: boolean): Shown {
  const latest = v.terminations[0];
  const notice = noticeOf(v, latest, allowStudentTermination);
  const canSubmit = allowStudentTermination && v.canTerminate;
  return {
    status: statusOf(v, latest, canSubmit, notice),
    agreementNo: v.agreementNo ?? '',
    employerName: v.content.employer.name,
    agreementTag: agreementState(v.state),
    closed: notice === CLOSED,
    canSubmit,
    notice,
    latest: latest ? request(latest) : null,
  };
}
