/**
 * Chinese labels and t-tag themes for record states, in the manual's words. The tables are written out here rather
 * than imported from typings/states.ts because the mini program may only import the contract's types (it sits
 * outside miniprogramRoot); the `Record<State, …>` types make a new state a compile error until it is labelled.
 */
import type { ReviewTarget } from '../../typings/events';
import type { AgreementState, CheckState, DestinationState, EmployerState, OfferState, Role, TerminationState } from '../../typings/states';

/** t-tag theme */
export type TagTheme = 'success' | 'warning' | 'danger' | 'default' | 'primary';

export interface StateLabel {
  label: string;
  theme: TagTheme;
}

/** warning: the student has something to do; primary: waiting on someone else; danger: sent back or refused */
const CHECK: Record<CheckState, StateLabel> = {
  draft: { label: '待提交', theme: 'warning' },
  submitted: { label: '待审核', theme: 'primary' },
  approved: { label: '审核通过', theme: 'success' },
  returned: { label: '已退回', theme: 'danger' },
};

/** a check the student has never opened has no record yet */
const CHECK_NOT_STARTED: StateLabel = { label: '未开始', theme: 'default' };

const OFFER: Record<OfferState, StateLabel> = {
  open: { label: '待处理', theme: 'warning' },
  accepted: { label: '已应约', theme: 'success' },
  declined: { label: '已拒绝', theme: 'default' },
  expired: { label: '已失效', theme: 'default' },
  withdrawn: { label: '单位已撤回', theme: 'default' },
  superseded: { label: '已失效（已应约其他单位）', theme: 'default' },
};

const AGREEMENT: Record<AgreementState, StateLabel> = {
  draft: { label: '草稿', theme: 'warning' },
  pendingEmployer: { label: '待单位确认', theme: 'primary' },
  pendingCollege: { label: '待院系审核', theme: 'primary' },
  pendingSchool: { label: '待学校审核', theme: 'primary' },
  returned: { label: '已退回', theme: 'danger' },
  pendingSeal: { label: '待单位盖章', theme: 'warning' },
  pendingSealReview: { label: '待学校鉴证', theme: 'primary' },
  signed: { label: '签约成功', theme: 'success' },
  terminated: { label: '已解约', theme: 'default' },
  cancelled: { label: '已作废', theme: 'default' },
};

const TERMINATION: Record<TerminationState, StateLabel> = {
  pendingConsent: { label: '待对方同意', theme: 'warning' },
  submitted: { label: '待学校审核', theme: 'primary' },
  approved: { label: '解约成功', theme: 'success' },
  rejected: { label: '已退回', theme: 'danger' },
  withdrawn: { label: '已撤回', theme: 'default' },
  refused: { label: '对方不同意解约', theme: 'danger' },
};

const EMPLOYER: Record<EmployerState, StateLabel> = {
  registered: { label: '待认证', theme: 'primary' },
  certified: { label: '已认证', theme: 'success' },
  rejected: { label: '未通过认证', theme: 'danger' },
};

/** 毕业去向登记: a check's words, and 未登记 before the student starts */
const DESTINATION: Record<DestinationState, StateLabel> = {
  draft: { label: '待提交', theme: 'warning' },
  submitted: { label: '待审核', theme: 'primary' },
  approved: { label: '审核通过', theme: 'success' },
  returned: { label: '已退回', theme: 'danger' },
};
const DESTINATION_NOT_STARTED: StateLabel = { label: '未登记', theme: 'warning' };

export const destinationState = (state: DestinationState | null | undefined): StateLabel => (state ? DESTINATION[state] : DESTINATION_NOT_STARTED);

/** The agreement cell's words when the student has no agreement at all. */
export const NO_AGREEMENT: StateLabel = { label: '未签约', theme: 'default' };

/** Label and theme together, for `<t-tag theme="{{x.theme}}">{{x.label}}</t-tag>`. */
export const checkState = (state: CheckState | null | undefined): StateLabel => (state ? CHECK[state] : CHECK_NOT_STARTED);
export const agreementState = (state: AgreementState): StateLabel => AGREEMENT[state];
export const offerState = (state: OfferState): StateLabel => OFFER[state];
export const terminationState = (state: TerminationState): StateLabel => TERMINATION[state];
export const employerState = (state: EmployerState): StateLabel => EMPLOYER[state];

export const checkStateLabel = (state: CheckState | null | undefined): string => checkState(state).label;
export const checkStateTheme = (state: CheckState | null | undefined): TagTheme => checkState(state).theme;
export const agreementStateLabel = (state: AgreementState): string => AGREEMENT[state].label;
export const agreementStateTheme = (state: AgreementState): TagTheme => AGREEMENT[state].theme;
export const offerStateLabel = (state: OfferState): string => OFFER[state].label;
export const offerStateTheme = (state: OfferState): TagTheme => OFFER[state].theme;
export const terminationStateLabel = (state: TerminationState): string => TERMINATION[state].label;
export const terminationStateTheme = (state: TerminationState): TagTheme => TERMINATION[state].theme;
export const employerStateLabel = (state: EmployerState): string => EMPLOYER[state].label;
export const employerStateTheme = (state: EmployerState): TagTheme => EMPLOYER[state].theme;

/** The Chinese label and tag theme of a record's state; an unknown state shows as itself. */
export function stateTag(record: ReviewTarget, state: string): StateLabel {
  const known: StateLabel | undefined = {
    check: () => checkState(state as CheckState),
    agreement: () => agreementState(state as AgreementState),
    termination: () => terminationState(state as TerminationState),
    employer: () => employerState(state as EmployerState),
    // a destination's states are a check's: 待提交 / 待审核 / 审核通过 / 已退回
    destination: () => checkState(state as CheckState),
  }[record]();
  return known ?? { label: state, theme: 'default' };
}

const ROLE: Record<Role, string> = {
  student: '学生',
  employer: '用人单位',
  collegeReviewer: '院系审核老师',
  schoolReviewer: '学校审核老师',
  admin: '管理员',
  system: '系统',
};

/** Who someone is bound as, e.g. 院系审核老师 */
export const roleLabel = (role: Role): string => ROLE[role];
