/** 申请解约 as the page shows it: the agreement's latest request and whether a new one may be made. */
import type { AgreementView, PartyAnswerView, TerminationView, TimelineEntry } from '../../../typings/views';
import { chineseDateTime } from '../../utils/date';
import { agreementState, terminationState, type StateLabel } from '../../utils/labels';
import { thumbs, type Thumb } from '../utils/agreement-content';

export const CLOSED = '学校暂未开放学生申请解约，如需解约请联系院系或学校就业指导中心。';

export type Party = 'student' | 'employer';
const PARTY: Record<Party, string> = { student: '学生', employer: '单位' };

/** Who looks, and what the school set: the page's own role decides which buttons a request offers. */
export interface Viewer {
  role: Party;
  /** setting mutualConsentTermination */
  mutualConsent: boolean;
  /** setting terminationLimit: why no further request may be made */
  limitReason: string;
  /** how the unit answers a student's request */
  consentVia: 'account' | 'link';
}

export const STUDENT_VIEWER: Viewer = { role: 'student', mutualConsent: false, limitReason: '', consentVia: 'account' };
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
  /** what mutual consent added; empty for a request of the manual's flow */
  initiatorLabel: string;
  reasonLabel: string;
  breachLabel: string;
  receipts: Thumb[];
  /** waits for the other party (pendingConsent) */
  waitingForOther: boolean;
  /** the other party's answer, in words ('' before it) */
  answer: string;
  /** the other party refused: the answer's reason */
  refusedReason: string;
  /** the viewer is the other party and may answer now */
  canAnswer: boolean;
  /** the viewer asked, and the request is not decided */
  canWithdraw: boolean;
  /** the viewer is the student who asked, and the unit answers through a link the student sends */
  canShareLink: boolean;
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

/** 单位已同意（刘女士 138****5678，通过同意链接） 2026年3月2日 10:00 */
function answerText(a: PartyAnswerView | undefined, by: Party): string {
  if (!a) return '';
  const who = [a.name, a.maskedPhone].filter(Boolean).join(' ');
  const how = a.via === 'link' ? '通过同意链接' : '';
  const detail = [who, how].filter(Boolean).join('，');
  return `${PARTY[by]}${a.decision === 'confirm' ? '已同意' : '不同意'}解约${detail ? `（${detail}）` : ''}　${chineseDateTime(a.at)}`;
}

export const initiatorOf = (t: TerminationView): Party => t.initiator ?? 'student';
export const counterpartyOf = (t: TerminationView): Party => (initiatorOf(t) === 'student' ? 'employer' : 'student');

export function request(t: TerminationView, viewer: Viewer = STUDENT_VIEWER): Request {
  const asker = initiatorOf(t);
  const other = counterpartyOf(t);
  const waitingForOther = t.state === 'pendingConsent';
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
    initiatorLabel: t.initiator ? `${PARTY[asker]}申请` : '',
    reasonLabel: t.reasonLabel ?? '',
    breachLabel: t.breachLabel ?? '',
    receipts: thumbs(t.penaltyReceipt ?? []),
    waitingForOther,
    answer: answerText(t.consent, other),
    refusedReason: t.state === 'refused' ? (t.consent?.reason ?? '') : '',
    canAnswer: waitingForOther && viewer.role === other,
    canWithdraw: (waitingForOther || t.state === 'submitted') && viewer.role === asker,
    canShareLink: waitingForOther && viewer.role === 'student' && asker === 'student' && viewer.consentVia === 'link',
  };
}

/** Why no form is offered, unless a request is waiting (that one is shown with 撤回 or the answer's buttons). */
function noticeOf(v: AgreementView, latest: TerminationView | undefined, allowed: boolean, viewer: Viewer): string {
  if (latest?.state === 'submitted' || latest?.state === 'pendingConsent') return '';
  if (v.state === 'terminated') return '该协议已解约。';
  if (v.state !== 'signed') return '协议签约成功后才能申请解约。';
  if (!allowed) return CLOSED;
  return viewer.limitReason;
}

const SIGN_AGAIN = '如与其他单位签约，请到「三方协议」应约或发起签约。';

function consentStatus(latest: TerminationView, viewer: Viewer): Shown['status'] | null {
  const asker = initiatorOf(latest);
  const other = counterpartyOf(latest);
  if (latest.state === 'pendingConsent') {
    if (viewer.role === other) {
      return { title: `${PARTY[asker]}申请解约，请您答复`, next: '请查看下方的解约原因和证明材料。您同意后由学校审核；不同意请填写原因，申请随即结束。' };
    }
    const how = viewer.role === 'student' && viewer.consentVia === 'link'
      ? '请生成同意链接并发送给单位人事，单位同意后由学校审核。'
      : `${PARTY[other]}同意后由学校审核，您无需操作。`;
    return { title: `等待${PARTY[other]}同意解约`, next: `${how}协议在此期间仍然有效，您也可以撤回申请。` };
  }
  if (latest.state === 'refused') {
    if (viewer.role === other) return { title: '您已不同意解约', next: '该解约申请已结束，协议仍然有效。' };
    const contact = viewer.role === 'student' ? '如仍需解约，请按下方指引联系学校就业指导中心，或与单位协商后重新申请。' : '如仍需解约，请与学生协商后重新申请，或联系学校就业指导中心。';
    return { title: `${PARTY[other]}不同意解约`, next: `协议仍然有效。${contact}` };
  }
  return null;
}

function statusOf(v: AgreementView, latest: TerminationView | undefined, canSubmit: boolean, notice: string, viewer: Viewer): Shown['status'] {
  const consent = latest ? consentStatus(latest, viewer) : null;
  if (consent) return consent;
  if (latest?.state === 'submitted') {
    const mine = viewer.role === initiatorOf(latest);
    return { title: '解约申请待学校审核', next: `学校正在审核，您无需操作；审核期间协议仍然有效${mine ? '，您也可以撤回申请' : ''}。审核结果会显示在本页。` };
  }
  if (v.state === 'terminated') return { title: '解约成功', next: viewer.role === 'employer' ? '协议已解除，不再有效。' : `协议已解除，不再有效。${SIGN_AGAIN}` };
  if (!canSubmit) return { title: '暂不能申请解约', next: notice };
  if (latest?.state === 'withdrawn' && viewer.role !== initiatorOf(latest)) return { title: `${PARTY[initiatorOf(latest)]}已撤回解约申请`, next: '协议仍然有效。如需解约，可在下方申请。' };
  if (latest?.state === 'rejected') return { title: '学校未同意解约', next: '协议仍然有效。审核意见见下方；如仍需解约，请按意见补充后重新申请。' };
  if (latest?.state === 'withdrawn') return { title: '解约申请已撤回', next: '协议仍然有效。如需解约，可在下方重新申请。' };
  if (viewer.mutualConsent) {
    const other = viewer.role === 'student' ? '单位' : '学生';
    return { title: '申请解约', next: `请在下方选择解约原因，上传解约函等证明材料并填写解约说明。提交后先由${other}同意，再由学校审核。` };
  }
  return { title: '申请解约', next: '请在下方上传解约证明材料并填写解约说明，提交后由学校审核。' };
}

export function shown(v: AgreementView, allowed: boolean, viewer: Viewer = STUDENT_VIEWER): Shown {
  const latest = v.terminations[0];
  const notice = noticeOf(v, latest, allowed, viewer);
  const canSubmit = allowed && v.canTerminate;
  return {
    status: statusOf(v, latest, canSubmit, notice, viewer),
    agreementNo: v.agreementNo ?? '',
    employerName: v.content.employer.name,
    agreementTag: agreementState(v.state),
    closed: notice === CLOSED,
    canSubmit,
    notice,
    latest: latest ? request(latest, viewer) : null,
  };
}
