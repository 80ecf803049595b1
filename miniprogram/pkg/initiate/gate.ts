/**
 * Whether 学生发起签约's form may be shown, and if not, what the student is told instead. Pure: decided from the home
 * view and the agreement being opened, as the server would decide (it still checks every call).
 */
import type { AgreementState } from '../../../typings/states';
import type { AgreementView, HomeView } from '../../../typings/views';
import { agreementStateLabel } from '../../utils/labels';

export interface Notice {
  text: string;
  hint?: string;
  /** a button under the notice: its words and where it goes */
  action?: string;
  url?: string;
}

export const agreementUrl = (id: string): string => `/pkg/agreement/index?id=${encodeURIComponent(id)}`;

/** The states in which the student holds an agreement that blocks starting another. */
const HOLDING: readonly AgreementState[] = ['pendingCollege', 'pendingSchool', 'signed'];

/** The form is editable: a new agreement, or the student's own draft or returned one. */
export const editable = (view: AgreementView | null): boolean =>
  !view || (view.origin === 'student' && (view.state === 'draft' || view.state === 'returned'));

export function noticeOf(home: HomeView, view: AgreementView | null): Notice | null {
  if (home.role !== 'student' || !home.student) {
    return { text: '请先完成学生身份绑定', hint: '绑定学号后才能发起签约。', action: '去绑定', url: '/pages/bind/index' };
  }
  if (view && view.origin !== 'student') {
    return view.state === 'returned'
      ? {
          text: '该协议由用人单位发起，退回后由单位修改并重新提交',
          hint: '如需改为自行发起签约，请先在协议详情中作废该协议。',
          action: '查看协议',
          url: agreementUrl(view.id),
        }
      : { text: '该协议由用人单位发起，不能在此编辑', action: '查看协议', url: agreementUrl(view.id) };
  }
  if (view && !editable(view)) {
    return { text: `该协议当前状态为“${agreementStateLabel(view.state)}”，不能再编辑`, action: '查看协议', url: agreementUrl(view.id) };
  }
  const held = home.student.agreement;
  if (!view && held && HOLDING.includes(held.state)) {
    return {
      text: '您已有一份审核中或已生效的三方协议，不能再发起签约',
      action: '查看协议',
      url: agreementUrl(held.id),
    };
  }
  // a returned agreement may still be repaired after the school closes student initiation
  if (!home.settings.allowStudentInitiate && view?.state !== 'returned') {
    return { text: '学校暂未开放学生发起签约', hint: '请等待用人单位向您发起邀约，收到邀约后在“三方协议”中应约。' };
  }
  return null;
}

/** Who sent the agreement back, for the banner above the form. */
export function returnedOf(view: AgreementView | null): { by: string; reason: string } | null {
  if (!view || view.state !== 'returned') return null;
  const by = view.returnedAt === 'school' ? '学校审核退回' : view.returnedAt === 'employer' ? '用人单位拒绝确认' : '院系审核退回';
  return { by, reason: view.returnReason || '未填写原因' };
}
