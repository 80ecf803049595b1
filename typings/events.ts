/**
 * The events each cloud function accepts. Every mutating event carries `requestId`, a client-generated id reused on
 * retry: the server returns the first result and writes nothing more. `version` is the record version the user saw;
 * a stale version is refused with CONFLICT instead of overwriting someone else's change.
 */
import type { CheckKind } from './states';
import type { DestinationContent, EmployerInfo, OfferTerms } from './records';

interface Mutation {
  requestId: string;
}

// submitCheck: 生源信息核查 and 就业信息核验
export type SubmitCheckEvent =
  | (Mutation & { action: 'save'; kind: CheckKind; version: number; fields: Record<string, string> })
  | (Mutation & { action: 'submit'; kind: CheckKind; version: number; fields?: Record<string, string> })
  | (Mutation & { action: 'withdraw'; kind: CheckKind; version: number })
  | (Mutation & { action: 'restore'; kind: CheckKind; version: number; field: string });

// respondOffer: 应约 / 拒绝
export type RespondOfferEvent =
  /** `signatureFile`: the drawn 签名 (PNG in the caller's upload folder), required when the school sets studentSignature */
  | (Mutation & { action: 'accept'; offerId: string; version: number; signatureFile?: string })
  | (Mutation & { action: 'decline'; offerId: string; version: number; reason: string });

/** For 学生发起签约: a library employer by id, or a unit entered by hand. */
export type EmployerChoice = { employerId: string } | { manual: Omit<EmployerInfo, 'employerId'> };

export interface InitiationDraft extends OfferTerms {
  employer: EmployerChoice;
  /** 就业证明材料: file ids from the caller's own upload folder */
  proofFiles: string[];
}

// initiateSigning: 学生发起签约
export type InitiateSigningEvent =
  | (Mutation & { action: 'save'; agreementId?: string; version: number; draft: InitiationDraft })
  /** `signatureFile` as for 应约 */
  | (Mutation & { action: 'submit'; agreementId?: string; version: number; draft: InitiationDraft; signatureFile?: string })
  | (Mutation & { action: 'withdraw'; agreementId: string; version: number })
  | (Mutation & { action: 'cancel'; agreementId: string; version: number });

/** What a unit types to answer through a link: it must know its own credit code; its person is named in the audit. */
export interface LinkAnswer {
  token: string;
  uscc: string;
  name: string;
  phone: string;
}

// requestTermination: 申请解约 by the student or the unit of a signed agreement; the other party's 同意 / 不同意
// (setting mutualConsentTermination); 撤回 by whoever asked, before the school decides.
export type RequestTerminationEvent =
  | (Mutation & {
      action: 'submit';
      agreementId: string;
      explanation: string;
      /** 解约函 or other evidence */
      evidenceFiles: string[];
      /** typings/codes/termination.ts TERMINATION_REASONS */
      reasonCode?: string;
      breachBy?: 'student' | 'employer';
      /** the 违约金 receipt, when the agreement names one and the student is in breach */
      penaltyReceiptFiles?: string[];
    })
  | (Mutation & { action: 'withdraw'; terminationId: string; version: number })
  /** the other party, bound (the student, or a certified unit's HR) */
  | (Mutation & { action: 'consent'; terminationId: string; version: number })
  | (Mutation & { action: 'refuse'; terminationId: string; version: number; reason: string })
  /** the student draws a consent link for a unit without an account (replaces the one before) */
  | (Mutation & { action: 'issueLink'; terminationId: string })
  /** whoever holds the consent link */
  | (Mutation & LinkAnswer & { action: 'consentByLink'; terminationId: string })
  | (Mutation & LinkAnswer & { action: 'refuseByLink'; terminationId: string; reason: string });

// employerConfirm: the unit's answer to a student-initiated agreement that waits for it (pendingEmployer)
export type EmployerConfirmEvent =
  /** the student draws a confirmation link to share (replaces the one before) */
  | (Mutation & { action: 'issueLink'; agreementId: string })
  /** a certified unit, in its tab */
  | (Mutation & { action: 'confirm'; agreementId: string; version: number })
  | (Mutation & { action: 'refuse'; agreementId: string; version: number; reason: string })
  /** whoever holds the confirmation link */
  | (Mutation & LinkAnswer & { action: 'confirmByLink'; agreementId: string })
  | (Mutation & LinkAnswer & { action: 'refuseByLink'; agreementId: string; reason: string });

// sealAgreement: 回传 of the stamped agreement (pendingSeal), by its unit or its student
export type SealAgreementEvent =
  /** one page as it is added: which printed page it is, or why it does not belong; writes nothing */
  | { action: 'checkPage'; agreementId: string; fileId: string }
  /** every printed page, stamped, in any order: to the school for 鉴证 */
  | (Mutation & { action: 'upload'; agreementId: string; version: number; files: string[] });

/** 毕业去向登记 as a form sends it: the content and the evidence's file ids (the caller's own upload folder). */
export interface DestinationDraft extends DestinationContent {
  evidenceFiles: string[];
}

// registerDestination: 毕业去向登记. The student saves, submits, withdraws and confirms (本人确认) their own record;
// after the school's deadline only a reviewer may change it (`amend`, with a reason), which approves it at once.
export type RegisterDestinationEvent =
  | (Mutation & { action: 'save'; version: number; draft: DestinationDraft })
  | (Mutation & { action: 'submit'; version: number; draft?: DestinationDraft })
  | (Mutation & { action: 'withdraw'; version: number })
  /** 本人确认: the values in force are true; `version` is the record's as the student saw it */
  | (Mutation & { action: 'confirm'; version: number })
  | (Mutation & { action: 'amend'; studentNo: string; version: number; draft: DestinationDraft; reason: string });

export type ReviewTarget = 'check' | 'agreement' | 'termination' | 'employer' | 'destination';
export type Decision = 'approve' | 'return';

export interface ReviewItem {
  record: ReviewTarget;
  id: string;
  version: number;
}

// review: one item or a batch; `reason` is required when returning / rejecting.
export interface ReviewEvent extends Mutation {
  decision: Decision;
  items: ReviewItem[];
  reason?: string;
}

// bind: a WeChat user takes a role
export type BindEvent =
  | (Mutation & { action: 'student'; studentNo: string; name: string; idLast6: string })
  | (Mutation & { action: 'invite'; code: string })
  | (Mutation & {
      action: 'registerEmployer';
      employer: Omit<EmployerInfo, 'employerId'>;
      /** 营业执照: file ids in the caller's upload folder (JPG, PNG or PDF), at least one */
      licenceFiles: string[];
      /** 授权书或在职证明: required when the school sets requireHrAuthorization */
      authorizationFiles?: string[];
    })
  /** 解除绑定: the caller's own binding, released so that they can bind again with the right role */
  | (Mutation & { action: 'unbind' });

// employerOffer: 邀约
export type EmployerOfferEvent =
  | (Mutation & { action: 'create'; studentNo: string; studentName: string; terms: OfferTerms; validDays?: number })
  | (Mutation & { action: 'edit'; offerId: string; version: number; terms: OfferTerms; validDays?: number })
  | (Mutation & { action: 'withdraw'; offerId: string; version: number })
  | (Mutation & { action: 'revise'; agreementId: string; version: number; terms: OfferTerms })
  /** 邀约模板: a unit's saved terms (new without templateId) */
  | (Mutation & { action: 'saveTemplate'; templateId?: string; version: number; name: string; terms: OfferTerms })
  | (Mutation & { action: 'deleteTemplate'; templateId: string; version: number })
  /** one offer per student, same terms (from a template or typed), answered per student */
  | (Mutation & { action: 'createMany'; students: { studentNo: string; studentName: string }[]; terms: OfferTerms; validDays?: number });

export type QueueName =
  | 'sourceCheck'
  | 'employmentCheck'
  | 'agreementCollege'
  | 'agreementSchool'
  /** 回传鉴证: stamped pages waiting for the school */
  | 'agreementSeal'
  | 'termination'
  | 'employer'
  | 'destination';

export interface QueueFilter {
  collegeId?: string;
  major?: string;
  /** defaults to the queue's pending state */
  state?: string;
  /** 姓名 or 学号 (or unit name, for the employer queue) */
  keyword?: string;
  /** 就业核查: only items with (true) or without (false) automatic flags; the destination and agreement queues */
  flagged?: boolean;
}

// query: the read side, one call per screen: a page loads (and reloads after a change) with its one view
export type QueryEvent =
  | { view: 'home' }
  | { view: 'check'; kind: CheckKind }
  | { view: 'offers' }
  | { view: 'offer'; id: string }
  | { view: 'agreement'; id?: string }
  | { view: 'termination'; agreementId: string }
  | { view: 'terminationForm'; agreementId: string }
  | { view: 'initiateForm'; id?: string }
  | { view: 'employerLibrary'; keyword?: string }
  | { view: 'reviewCounts' }
  | { view: 'reviewStats' }
  /** 审核: the queue shown (the reviewer's first when not named) from its start, with everything around it */
  | { view: 'reviewQueues'; queue?: QueueName; filter?: QueueFilter; limit?: number }
  /** a queue's further pages (加载更多), from the cursor of the page before */
  | { view: 'reviewQueue'; queue: QueueName; filter?: QueueFilter; cursor?: string; limit?: number }
  | { view: 'reviewDetail'; record: ReviewTarget; id: string }
  | { view: 'employerHome' }
  | { view: 'employerOffers'; cursor?: string; limit?: number }
  /** 邀约学生: a new offer, an open offer to edit, or a returned agreement to revise */
  | { view: 'inviteForm'; offerId?: string; agreementId?: string }
  | { view: 'registerForm' }
  | { view: 'help' }
  /** 毕业去向登记: the student's own record with what the form needs */
  | { view: 'destination' }
  /** 去向落实率: a row per college of the reviewer's scope, or, naming a college, a row per major of it */
  | { view: 'placementStats'; collegeId?: string }
  /** 单位确认: what a confirmation link opens (counted against guessing, as 协议核验) */
  | { view: 'confirmLink'; token: string }
  /** 解约同意: what a consent link opens */
  | { view: 'consentLink'; token: string }
  /** the unit's tab: its agreements by standing, and the terminations that concern it */
  | { view: 'employerAgreements'; state?: string; cursor?: string; limit?: number }
  | { view: 'employerAgreement'; id: string }
  /** 回传: the agreement to stamp, its printed pages and what was uploaded */
  | { view: 'seal'; agreementId: string }
  /** 邀约模板 */
  | { view: 'offerTemplates' };

export type ExpireOffersEvent = { Type?: string; TriggerName?: string; Time?: string };

// printAgreement: 打印协议书 (not a state change: `requestId` is accepted for the client's retry logic, never required)
export interface PrintAgreementEvent {
  requestId?: string;
  agreementId: string;
}

// verifyAgreement: 协议核验, public; `code` is the verification code printed on every page (dashes optional)
export interface VerifyAgreementEvent {
  agreementNo: string;
  code?: string;
}
