/**
 * 邀约 list rows: each offer with its state, what the student answered (and why, for a decline), the days left on an
 * open one, what may still be done with it, and for an accepted one how its agreement stands, with 修改协议 once a
 * reviewer has sent it back. Pure: from OfferView, which carries its agreement's standing for the employer's list.
 */
import type { OfferAgreement, OfferView } from '../../../../typings/views';
import { chineseDate } from '../../../utils/date';
import { offerWords } from '../../utils/employer-status';
import { agreementState, type TagTheme } from '../../../utils/labels';

/** What the list needs of an accepted offer's agreement. */
export type AgreementBrief = Pick<OfferAgreement, 'id' | 'state' | 'origin' | 'returnReason' | 'returnedAt'>;

export interface AgreementLine {
  id: string;
  label: string;
  theme: TagTheme;
  /** who sent it back and why, for a returned one */
  returned: string;
  canRevise: boolean;
}

export interface EmployerOfferRow {
  id: string;
  version: number;
  student: string;
  jobTitle: string;
  stateLabel: string;
  theme: TagTheme;
  /** the student's answer, or what became of the offer */
  answer: string;
  /** 拒绝原因 */
  reason: string;
  /** "X 天后失效" / "今天失效" while open */
  countdown: string;
  urgent: boolean;
  sentOn: string;
  /** the deadline, while open */
  until: string;
  /** 修改 and 撤回: only while the student may still answer */
  open: boolean;
  agreement: AgreementLine | null;
}

const ANSWERS: Record<OfferView['state'], string> = {
  open: '等待学生答复',
  accepted: '学生已应约',
  declined: '学生已拒绝',
  expired: '学生未在有效期内答复，邀约已失效',
  withdrawn: '单位已撤回，学生不能再应约',
  superseded: '学生已应约其他单位，邀约已失效',
};

export function countdown(daysLeft: number | null): string {
  if (daysLeft === null) return '';
  return daysLeft <= 0 ? '今天失效' : `${daysLeft} 天后失效`;
}

export function agreementLine(a: AgreementBrief): AgreementLine {
  const state = agreementState(a.state);
  const returned =
    a.state === 'returned' ? `${a.returnedAt === 'school' ? '学校' : '院系'}审核退回：${a.returnReason || '未填写原因'}` : '';
  return { id: a.id, label: `三方协议${state.label}`, theme: state.theme, returned, canRevise: a.state === 'returned' && a.origin === 'offer' };
}

export function offerRow(o: OfferView, agreement?: AgreementBrief): EmployerOfferRow {
  const words = offerWords(o.state);
  const open = o.state === 'open';
  return {
    id: o.id,
    version: o.version,
    student: `${o.studentName}（${o.studentNo}）`,
    jobTitle: o.terms.job.title,
    stateLabel: words.label,
    theme: words.theme,
    answer: ANSWERS[o.state],
    reason: o.state === 'declined' ? o.declineReason || '未填写原因' : '',
    countdown: open ? countdown(o.daysLeft) : '',
    urgent: open && o.daysLeft !== null && o.daysLeft <= 1,
    sentOn: chineseDate(o.createdAt),
    until: open ? chineseDate(o.expiresAt) : '',
    open,
    agreement: o.state === 'accepted' && agreement ? agreementLine(agreement) : null,
  };
}

/** The next page after what is shown: an offer changed between the two fetches may come again; shown once. */
export function appendOffers(shown: readonly OfferView[], more: readonly OfferView[]): OfferView[] {
  const seen = new Set(shown.map((o) => o.id));
  return [...shown, ...more.filter((o) => !seen.has(o.id))];
}

export const inviteUrl = (q: { id?: string; agreementId?: string } = {}): string => {
  if (q.id) return `/pkg/employer/invite/index?id=${encodeURIComponent(q.id)}`;
  if (q.agreementId) return `/pkg/employer/invite/index?agreementId=${encodeURIComponent(q.agreementId)}`;
  return '/pkg/employer/invite/index';
};
