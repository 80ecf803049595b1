/**
 * Where a unit stands with the school (待学校认证 / 已认证 / 未通过) and what that allows: shown on 单位 and used to
 * explain, on every page that invites, why an uncertified unit cannot. Pure: decided from the views the server sends.
 */
import type { EmployerState, OfferState } from '../../../typings/states';
import type { EmployerHomeView, HomeView } from '../../../typings/views';
import { codeLabel } from './code-labels';
import { employerState, offerState, type TagTheme } from '../../utils/labels';

export const HOME_TAB = '/pkg/employer/home/index';
export const OFFERS_TAB = '/pkg/employer/offers/index';
export const INVITE_PAGE = '/pkg/employer/invite/index';
export const REGISTER_PAGE = '/pkg/employer/register/index';

export interface Certification {
  state: EmployerState;
  /** the banner's first line */
  headline: string;
  /** what it means for the unit */
  text: string;
  /** the school's reason, when it turned the unit down */
  reason: string;
  label: string;
  theme: TagTheme;
}

const WORDS: Record<EmployerState, { headline: string; text: string }> = {
  registered: { headline: '注册信息已提交，等待学校审核', text: '学校就业中心核对单位信息和营业执照后认证，结果将通过微信通知您。认证通过后即可向学生发起邀约。' },
  certified: { headline: '已通过学校认证', text: '单位已通过学校认证，可以向学生发起邀约。' },
  rejected: { headline: '未通过学校认证', text: '请按退回原因修改单位信息或重新上传材料，再重新提交注册。' },
};

export function certificationOf(employer: { state: EmployerState; reason?: string }): Certification {
  const tag = employerState(employer.state);
  return { state: employer.state, ...WORDS[employer.state], reason: employer.reason ?? '', label: tag.label, theme: tag.theme };
}

/** Why 邀约学生 is not open to this unit, or '' when it is. */
export const NOT_CERTIFIED = '单位通过学校认证后才能邀约学生';

export function inviteBlocked(state: EmployerState | null | undefined): string {
  if (state === 'certified') return '';
  if (state === 'rejected') return '单位未通过学校认证，暂不能邀约学生；请修改单位信息后重新注册';
  return NOT_CERTIFIED;
}

/** What a page that needs a certified unit shows instead of its form. */
export interface Notice {
  text: string;
  hint?: string;
  action?: string;
  url?: string;
  /** tab pages open with openTab (utils/tabs.ts) */
  tab?: boolean;
}

/** Someone not bound yet: binding (or, for a unit, registering) comes first. */
export const BIND_FIRST: Notice = { text: '请先完成身份绑定', hint: '用人单位首次使用请先注册，学校认证通过后即可邀约学生。', action: '去绑定', url: '/pages/bind/index' };

export function employerNotice(home: HomeView): Notice | null {
  if (!home.role) return BIND_FIRST;
  if (home.role !== 'employer' || !home.employer) return { text: '仅用人单位可以邀约学生' };
  const state = home.employer.state;
  if (state === 'certified') return null;
  const c = certificationOf({ state });
  return state === 'rejected'
    ? { text: '单位未通过学校认证，暂不能邀约学生', hint: c.text, action: '查看原因', url: HOME_TAB, tab: true }
    : { text: '单位尚未通过学校认证，暂不能邀约学生', hint: c.text, action: '返回单位首页', url: HOME_TAB, tab: true };
}

export interface InfoRow {
  label: string;
  value: string;
}

export function infoRows(e: EmployerHomeView['employer']): InfoRow[] {
  return [
    { label: '统一社会信用代码', value: e.uscc },
    { label: '单位性质', value: codeLabel('nature', e.nature) },
    { label: '单位行业', value: codeLabel('industry', e.industry) },
    { label: '单位所在地', value: codeLabel('region', e.region) },
    { label: '单位地址', value: e.address },
    { label: '单位联系人', value: e.contactName },
    { label: '联系电话', value: e.contactPhone },
  ];
}

/**
 * The offer states in the employer's words. labels.ts speaks to the student (待处理 is the student's to-do); here the
 * same themes, and the words say what the unit is waiting for or what the student did.
 */
const EMPLOYER_WORDS: Record<OfferState, string> = {
  open: '待学生答复',
  accepted: '已应约',
  declined: '已拒绝',
  expired: '已失效',
  withdrawn: '已撤回',
  superseded: '已应约其他单位',
};

export const ORDER: readonly OfferState[] = ['open', 'accepted', 'declined', 'expired', 'withdrawn', 'superseded'];

export const offerWords = (state: OfferState): { label: string; theme: TagTheme } => ({
  label: EMPLOYER_WORDS[state],
  // an offer waiting on the student is nothing for the unit to do: primary, not the student's warning
  theme: state === 'open' ? 'primary' : offerState(state).theme,
});

export interface CountCell {
  state: OfferState;
  label: string;
  count: number;
}

export const countCells = (offers: Record<OfferState, number>): CountCell[] =>
  ORDER.map((state) => ({ state, label: EMPLOYER_WORDS[state], count: offers[state] ?? 0 }));

export const totalOffers = (offers: Record<OfferState, number>): number => ORDER.reduce((n, s) => n + (offers[s] ?? 0), 0);
