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
  | (Mutation & { action: 'accept'; offerId: string; version: number })
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
  | (Mutation & { action: 'submit'; agreementId?: string; version: number; draft: InitiationDraft })
  | (Mutation & { action: 'withdraw'; agreementId: string; version: number })
  | (Mutation & { action: 'cancel'; agreementId: string; version: number });

// requestTermination: 申请解约
export type RequestTerminationEvent =
  | (Mutation & { action: 'submit'; agreementId: string; explanation: string; evidenceFiles: string[] })
  | (Mutation & { action: 'withdraw'; terminationId: string; version: number });

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
  | (Mutation & { action: 'revise'; agreementId: string; version: number; terms: OfferTerms });

export type QueueName =
  | 'sourceCheck'
  | 'employmentCheck'
  | 'agreementCollege'
  | 'agreementSchool'
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
  | { view: 'placementStats'; collegeId?: string };

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
