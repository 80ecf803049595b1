/** The stored records. Plain data: the domain computes new versions of them, the store persists them. */
import type {
  AgreementContent,
  AgreementState,
  Attachment,
  CheckKind,
  CheckState,
  DestinationContent,
  DestinationState,
  EducationLevel,
  EmployerInfo,
  EmployerState,
  FaqItem,
  HelpContact,
  Notice,
  OfferState,
  OfferTerms,
  RecordKind,
  ReportState,
  Role,
  TerminationState,
} from '../../typings';

export interface Actor {
  openid: string;
  role: Role;
}

/** Every stored document has an id and a version; a write names the version it expects to replace. */
export interface Doc {
  _id: string;
  version: number;
}

/** A record with a state machine: it remembers the hash of its latest audit entry, the head of its chain. */
export interface Tracked extends Doc {
  createdAt: string;
  updatedAt: string;
  auditHead: string;
}

export interface College {
  id: string;
  name: string;
}

/** What a school sets: the settings document's content, without its bookkeeping. */
export interface SchoolSettings {
  schoolCode: string;
  schoolName: string;
  colleges: College[];
  allowStudentInitiate: boolean;
  allowStudentTermination: boolean;
  terminationGuide: string;
  offerTtlDays: number;
  printCopies: number;
  /** 丙方's 通讯地址 and 联系电话 on the printed agreement; empty: a blank line, filled in by hand */
  schoolAddress: string;
  schoolPhone: string;
  /** where and by when the printed copies go, shown under 打印 (e.g. 请于签约成功后 7 天内将纸质协议书交至院系就业办。) */
  paperCopiesNote: string;
  /** subscription template ids by purpose (see domain/messages.ts) */
  templates: Record<string, string>;
  /** which version of the mini program a tapped subscription message opens: formal (released), trial (体验版) or developer */
  miniprogramState: MiniprogramState;
  /** whom the help page offers to call: the 就业指导中心, a college's 辅导员 */
  helpContacts: HelpContact[];
  /** the help page's questions and answers */
  faq: FaqItem[];
  /** deadlines the help page announces, each shown until its day has passed */
  notices: Notice[];
  /** how long the school keeps a graduate's records, as the privacy page says it */
  privacyRetention: string;
  /** the reasons a reviewer taps to fill 退回 / 不通过 原因, per kind of record (still editable before sending) */
  returnReasons: ReturnReasons;
  /** whether 单位注册 asks for the HR contact's 授权书或在职证明 besides the 营业执照 */
  requireHrAuthorization: boolean;
  /**
   * 毕业去向登记's last day for students, MM-DD of the graduation year (default 08-31); after it only reviewers change a
   * record (registerDestination `amend`)
   */
  destinationDeadline: string;
  /** a student-initiated agreement waits for its unit's confirmation (`pendingEmployer`) before college review */
  employerConfirmation: boolean;
  /** how long a confirmation or consent link (domain/confirmLink.ts) lives, in days */
  confirmLinkTtlDays: number;
  /** after the school's approval the unit stamps the printed copy and its pages are uploaded and checked (`pendingSeal`) */
  employerSeal: boolean;
  /** the student signs by hand (a drawn 签名) on 应约 and on 发起签约; printed in the 乙方 block */
  studentSignature: boolean;
  /** 违约金 above this (元) needs the unit's confirmed warning and is highlighted to the student */
  penaltyCapYuan: number;
  /** a termination waits for the other party's consent before the school reviews it */
  mutualConsentTermination: boolean;
  /** how many approved terminations a student may have; 0: no limit */
  terminationLimit: number;
}

/** Which list of preset reasons a record's review offers: the two checks differ, the rest go by record. */
export type ReturnReasonKind = 'sourceCheck' | 'employmentCheck' | 'agreement' | 'termination' | 'employer' | 'destination';
export type ReturnReasons = Record<ReturnReasonKind, string[]>;

export type MiniprogramState = 'developer' | 'trial' | 'formal';

/** The one settings document: audited (`settings`), each change an entry naming the keys it changed. */
export interface SettingsDoc extends Tracked, SchoolSettings {}

/** A roster entry (学校名单). School-owned; students bind to it. */
export interface StudentDoc extends Tracked {
  studentNo: string;
  name: string;
  idNumber: string;
  gender: string;
  collegeId: string;
  collegeName: string;
  major: string;
  educationLevel: EducationLevel;
  graduationYear: number;
  /** school-owned 生源 fields, by check field key */
  source: Record<string, string>;
  /** the school's employment record (学校库就业信息), by check field key */
  employment: Record<string, string>;
  openid: string | null;
  /** the one agreement that is pending or signed, if any: the lock behind "at most one" */
  activeAgreementId: string | null;
}

export interface UserDoc extends Tracked {
  /** the role held; once released (`unboundAt`), the role it held */
  role: Role;
  studentNo?: string;
  collegeId?: string;
  employerId?: string;
  /**
   * 解除绑定: when the user released the binding. The record stays (its audit chain goes on, nothing is deleted) but
   * binds no one: the caller is unbound until they bind again, which continues the same record.
   */
  unboundAt?: string;
}

/**
 * A one-time binding code (邀请码), stored under the code's hash (inviteId), never the code itself. Audited (`invite`):
 * issued by the admin, redeemed by bind.
 */
export interface InviteDoc extends Tracked {
  role: 'collegeReviewer' | 'schoolReviewer' | 'employer';
  collegeId?: string;
  employerId?: string;
  expiresAt: string;
  usedBy: string | null;
}

/** Denormalised fields every student-owned record carries, for scoping and reviewer queues. */
export interface StudentKeys {
  studentNo: string;
  studentName: string;
  collegeId: string;
  major: string;
}

export interface CheckDoc extends Tracked, StudentKeys {
  kind: CheckKind;
  state: CheckState;
  fields: Record<string, string>;
  /** for employment checks: the school's value of each field, kept beside the student's */
  schoolValues: Record<string, string>;
  reason?: string;
  submittedAt?: string;
}

export interface OfferDoc extends Tracked, StudentKeys {
  state: OfferState;
  employerId: string;
  employer: EmployerInfo;
  terms: OfferTerms;
  expiresAt: string;
  remindedAt?: string;
  declineReason?: string;
  agreementId?: string;
  /** openid of the HR contact who sent it: told of the answer */
  senderOpenid: string;
}

export interface AgreementDoc extends Tracked, StudentKeys {
  state: AgreementState;
  agreementNo: string | null;
  origin: 'offer' | 'student';
  offerId?: string;
  employerId?: string;
  employerName: string;
  content: AgreementContent;
  proofFiles: Attachment[];
  studentOpenid: string;
  employerOpenid?: string;
  returnReason?: string;
  /** who returned it last: the unit's refusal (`employer`) or a review stage */
  returnedAt?: 'employer' | 'college' | 'school';
  submittedAt?: string;
  signedAt?: string;
  /** the unit's confirmation of a student-initiated agreement (`employerConfirm`), as its audit entry says it */
  confirmation?: PartyConfirmation;
  /** the current confirmation link's id (domain/confirmLink.ts): drawing a new one retires the one before */
  confirmLinkId?: string;
  /** 回传 and 鉴证 (setting `employerSeal`) */
  seal?: SealRecord;
  /** the student's drawn 签名 (setting `studentSignature`): PNG, hashed in the audit entry of 应约 or 提交 */
  studentSignature?: Attachment;
  /** the unit's contact phone, normalised and kept flat (domain/flags.ts contactKeys): the shared-contact flag looks it up */
  contactPhone?: string;
}

export interface TerminationDoc extends Tracked, StudentKeys {
  state: TerminationState;
  agreementId: string;
  explanation: string;
  evidence: Attachment[];
  /** the school's reason when it returns the request */
  reason?: string;
  studentOpenid: string;
  /** who asked; absent on requests written before either party could ask (the student) */
  initiator?: 'student' | 'employer';
  /** typings/codes/termination.ts TERMINATION_REASONS; absent on older requests */
  reasonCode?: string;
  /** 违约方 */
  breachBy?: 'student' | 'employer';
  /** the 违约金 receipt, when one is due */
  penaltyReceipt?: Attachment[];
  /** the unit of the agreement, for the unit's list of terminations that concern it */
  employerId?: string;
  /** the other party's answer (`consent` / `refuse`) */
  consent?: PartyConfirmation;
  /** the current consent link's id, when the unit answers by link */
  confirmLinkId?: string;
  /** the unit's HR to tell of the request's progress: the one who asked, answered by account, or the agreement's contact */
  employerOpenid?: string;
}

/**
 * Who answered for a party, and when: the unit's confirmation of an agreement, or a party's consent to (or refusal
 * of) a termination. `via`: a certified unit's own account (`account`) or a confirmation link (`link`, with the
 * credit code, name and phone the person typed); a student answers with their account.
 */
export interface PartyConfirmation {
  decision: 'confirm' | 'refuse';
  via: 'account' | 'link';
  openid: string;
  role: 'student' | 'employer';
  name?: string;
  phone?: string;
  uscc?: string;
  at: string;
  reason?: string;
}

/** 回传: the stamped pages as uploaded, each with what its QR said, and the school's 鉴证. */
export interface SealRecord {
  pages: SealPage[];
  uploadedBy: { openid: string; role: 'student' | 'employer' };
  uploadedAt: string;
  verifiedBy?: string;
  verifiedAt?: string;
  /** the school's reason when it asked for the pages again */
  returnReason?: string;
}

export interface SealPage {
  file: Attachment;
  /** the printed page the image's QR names (1-based); null when no QR of this agreement was read */
  page: number | null;
  /** server/print/qrMatch.ts: `ok`, or why the page does not match */
  match: string;
}

/**
 * A unit's confirmation or consent link (domain/confirmLink.ts), stored under a hash of its token. Audited
 * (`confirmLink`): `issueLink` by the student, `answerLink` by whoever answered it.
 */
export interface ConfirmLinkDoc extends Tracked {
  /** `confirm`: a student-initiated agreement; `consent`: a termination the student asked for */
  purpose: 'confirm' | 'consent';
  agreementId: string;
  terminationId?: string;
  /** the student who drew it */
  issuedBy: string;
  issuedAt: string;
  expiresAt: string;
  usedBy: string | null;
  usedAt: string | null;
}

/** 邀约模板: terms a unit saves to invite many students with. Audited (`offerTemplate`). */
export interface OfferTemplateDoc extends Tracked {
  employerId: string;
  name: string;
  terms: OfferTerms;
  deleted?: boolean;
}

export interface EmployerDoc extends Tracked, Omit<EmployerInfo, 'employerId'> {
  state: EmployerState;
  reason?: string;
  /** 营业执照 as uploaded at registration; absent for a unit the school imported */
  licenceFiles?: Attachment[];
  /** the HR contact's 授权书或在职证明, when the school asked for it */
  authorizationFiles?: Attachment[];
  /** openid of whoever registered it, told of the outcome */
  registrantOpenid?: string;
}

/**
 * 毕业去向登记, one per student (`_id` = `destination:<学号>`). `content` is the working copy; `approved` the values in
 * force, which a new submission does not touch until it is approved.
 */
export interface DestinationDoc extends Tracked, StudentKeys {
  state: DestinationState;
  content: DestinationContent;
  evidence: Attachment[];
  approved: (DestinationContent & { approvedAt: string; evidence: Attachment[] }) | null;
  /** the agreement that filled it (type 10), while that fill is what stands */
  agreementId?: string;
  reason?: string;
  submittedAt?: string;
  /** 本人确认: when, and the hash (audit.ts canonical JSON, SHA-256) of the approved values the student confirmed */
  confirmedAt?: string;
  confirmedHash?: string;
  /** 就业核查 flag codes of the working values (typings CheckFlag), computed when they are submitted; `flagged` for the queue's filter */
  flags: string[];
  flagged: boolean;
  /**
   * the unit's contact phone and e-mail (normalised, domain/flags.ts contactKeys), kept flat beside the content with
   * the flags: the shared-contact flag looks other records up by them, and a nested field cannot be indexed
   */
  contactPhone?: string;
  contactEmail?: string;
  /** the national sheet: the row's standing, and the hash of the approved values last reported */
  report: { state: ReportState; reportedAt?: string; reportedHash?: string };
  studentOpenid: string | null;
  /** when an approved termination set it back to 待就业; cleared by the next submission (the home page's to-do) */
  resetAt?: string;
}

/** Records whose changes are audited: the five state machines, bindings, the roster, settings and invite codes. */
export type AuditedRecord = RecordKind | 'user' | 'student' | 'settings' | 'invite' | 'confirmLink' | 'offerTemplate';

export interface AuditEntry extends Doc {
  record: AuditedRecord;
  recordId: string;
  /** the record's version after this change: entries of one record are numbered 1, 2, 3… */
  seq: number;
  from: string | null;
  to: string;
  action: string;
  actor: Actor;
  at: string;
  reason?: string;
  attachments?: Attachment[];
  /** the unit's answer to a student-initiated agreement: who answered (openid, name, phone, credit code) and when */
  party?: PartyConfirmation;
  /**
   * The record's content after this change (audit.ts `sealContent`). Absent only in entries written before content
   * was sealed; the admin command `seal-content` seals such records once.
   */
  recordHash?: string;
  fieldDigests?: string;
  prevHash: string;
  hash: string;
}

/**
 * pending: waits for its time (nextAttemptAt); sending: claimed by one delivery run until nextAttemptAt, and never
 * sent by another; sent, noQuota, failed: done; blocked: the function may not send (-604101), kept until the deploy
 * is fixed and an administrator sends it again; unconfirmed: a run claimed it and never recorded what came of it, so
 * it may have been delivered, and is not sent again unless an administrator says so (admin outbox).
 */
export type OutboxState = 'pending' | 'sending' | 'sent' | 'noQuota' | 'failed' | 'blocked' | 'unconfirmed';

export interface OutboxDoc extends Doc {
  to: string;
  template: string;
  page: string;
  data: Record<string, string>;
  state: OutboxState;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  lastError?: string;
  sentAt?: string;
}

/** The first result of a request, kept so that a retry returns it and writes nothing. */
export interface RequestDoc extends Doc {
  result: unknown;
  /** what the request asked (server/domain/requests.ts); absent on requests stored before it was kept */
  fingerprint?: string;
  at: string;
}

export interface CounterDoc extends Doc {
  value: number;
}

/**
 * A fixed-window request counter, reused from window to window: `_id` is the bucket, e.g. `verify:<openid>`,
 * `verify:ip:<hash of the client's network>` or a shard of a ceiling on all callers, `verifyAll:3`.
 */
export interface RateLimitDoc extends Doc {
  /** the window's number: time ÷ window length */
  window: number;
  count: number;
}

/**
 * One shard of a summary counter (server/store/port.ts SUMMARIES): how many records of a collection hold each value of
 * the summary's key fields, among those the shard's id names. Kept by the store adapters, never by a use case.
 */
export interface SummaryDoc extends Doc {
  /** key (the key fields' values joined by `|`) → records; a count may be 0 */
  counts: Record<string, number>;
}

export interface Collections {
  settings: SettingsDoc;
  students: StudentDoc;
  users: UserDoc;
  invites: InviteDoc;
  checks: CheckDoc;
  offers: OfferDoc;
  agreements: AgreementDoc;
  terminations: TerminationDoc;
  employers: EmployerDoc;
  destinations: DestinationDoc;
  confirmLinks: ConfirmLinkDoc;
  offerTemplates: OfferTemplateDoc;
  audit: AuditEntry;
  outbox: OutboxDoc;
  requests: RequestDoc;
  counters: CounterDoc;
  ratelimits: RateLimitDoc;
  summaries: SummaryDoc;
}

export type CollectionName = keyof Collections;
