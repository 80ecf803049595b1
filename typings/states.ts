/** States of every record, as in the design notes. Both the server and the mini program import these. */

export const CHECK_STATES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type CheckState = (typeof CHECK_STATES)[number];
export const CHECK_KINDS = ['source', 'employment'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export const OFFER_STATES = ['open', 'accepted', 'declined', 'expired', 'withdrawn', 'superseded'] as const;
export type OfferState = (typeof OFFER_STATES)[number];

/**
 * `draft` and `cancelled` exist only for student-initiated agreements (saved but not yet submitted; abandoned).
 * `returned` is reached from the unit's refusal or either review stage; the author revises and resubmits.
 * `pendingEmployer`: a student-initiated agreement waits for the unit's confirmation (school setting
 * `employerConfirmation`). `pendingSeal` / `pendingSealReview`: after the school's approval the unit stamps the
 * printed copy and its pages are uploaded (回传), then the school checks them (鉴证) (setting `employerSeal`).
 */
export const AGREEMENT_STATES = [
  'draft',
  'pendingEmployer',
  'pendingCollege',
  'pendingSchool',
  'returned',
  'pendingSeal',
  'pendingSealReview',
  'signed',
  'terminated',
  'cancelled',
] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];

/**
 * `pendingConsent`: the other party (the unit when the student asks, the student when the unit asks) consents or
 * refuses before the school reviews (setting `mutualConsentTermination`); `refused` ends the request.
 */
export const TERMINATION_STATES = ['pendingConsent', 'submitted', 'approved', 'rejected', 'withdrawn', 'refused'] as const;
export type TerminationState = (typeof TERMINATION_STATES)[number];

export const EMPLOYER_STATES = ['registered', 'certified', 'rejected'] as const;
export type EmployerState = (typeof EMPLOYER_STATES)[number];

/** 毕业去向登记: after approval a change is a new submission; the approved values stay in force until it is approved. */
export const DESTINATION_STATES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type DestinationState = (typeof DESTINATION_STATES)[number];

/**
 * Where a graduate's row stands with the national upload sheet: 新增 (never reported), 有改动 (reported, the values in
 * force changed since), 已上报 (reported as it stands), 需复查 (reported, and a change waits for review).
 */
export const REPORT_STATES = ['new', 'changed', 'reported', 'recheck'] as const;
export type ReportState = (typeof REPORT_STATES)[number];
export const REPORT_STATE_LABELS: Record<ReportState, string> = {
  new: '新增',
  changed: '有改动',
  reported: '已上报',
  recheck: '需复查',
};

export type RecordKind = 'check' | 'offer' | 'agreement' | 'termination' | 'employer' | 'destination';

export type StateOf<K extends RecordKind> = {
  check: CheckState;
  offer: OfferState;
  agreement: AgreementState;
  termination: TerminationState;
  employer: EmployerState;
  destination: DestinationState;
}[K];

export const ROLES = ['student', 'employer', 'collegeReviewer', 'schoolReviewer', 'admin', 'system'] as const;
export type Role = (typeof ROLES)[number];

/** 学历 codes as used in MOE employment reporting; the agreement number carries them. */
export const EDUCATION_LEVELS = { '01': '博士研究生', '11': '硕士研究生', '31': '本科', '41': '专科' } as const;
export type EducationLevel = keyof typeof EDUCATION_LEVELS;

/** Chinese labels, for lists and timelines. */
export const STATE_LABELS: { [K in RecordKind]: Record<StateOf<K>, string> } = {
  check: { draft: '待提交', submitted: '待审核', approved: '审核通过', returned: '已退回' },
  offer: {
    open: '待处理',
    accepted: '已应约',
    declined: '已拒绝',
    expired: '已失效',
    withdrawn: '单位已撤回',
    superseded: '已失效（已应约其他单位）',
  },
  agreement: {
    draft: '草稿',
    pendingEmployer: '待单位确认',
    pendingCollege: '待院系审核',
    pendingSchool: '待学校审核',
    returned: '已退回',
    pendingSeal: '待单位盖章',
    pendingSealReview: '待学校鉴证',
    signed: '签约成功',
    terminated: '已解约',
    cancelled: '已作废',
  },
  termination: {
    pendingConsent: '待对方同意',
    submitted: '待学校审核',
    approved: '解约成功',
    rejected: '已退回',
    withdrawn: '已撤回',
    refused: '对方不同意解约',
  },
  employer: { registered: '待认证', certified: '已认证', rejected: '未通过认证' },
  destination: { draft: '待提交', submitted: '待审核', approved: '审核通过', returned: '已退回' },
};
