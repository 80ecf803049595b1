/** What the functions return: one view per screen. */
import type {
  AgreementState,
  CheckKind,
  CheckState,
  DestinationState,
  EmployerState,
  OfferState,
  RecordKind,
  ReportState,
  Role,
  TerminationState,
} from './states';
import type { AgreementContent, Attachment, CheckFieldSpec, DestinationContent, EmployerInfo, OfferTerms } from './records';
import type { DestinationCategory } from './codes/destination';
import type { ErrorCode } from './errors';
import type { QueueName, ReviewTarget } from './events';

/**
 * An attached file as a screen shows it: its id and hash, and a download link made for this caller once the reader
 * let them see the record it belongs to; the link works for an hour (cloud storage's temporary link, or the local
 * runtime's signed one). null when the file cannot be fetched (gone from storage).
 */
export interface FileView extends Attachment {
  url: string | null;
}

/** One line of a status timeline, drawn from the audit log. */
export interface TimelineEntry {
  action: string;
  /** Chinese label of the action, e.g. 院系审核通过 */
  label: string;
  from: string | null;
  to: string;
  at: string;
  actorRole: Role;
  reason?: string;
  attachments?: Attachment[];
}

export interface CheckFieldView {
  spec: CheckFieldSpec;
  value: string;
  /** employment checks keep the school's value beside the student's */
  schoolValue?: string;
  mismatch: boolean;
}

export interface CheckView {
  kind: CheckKind;
  /** null until the student starts (开始核验) */
  state: CheckState | null;
  version: number;
  fields: CheckFieldView[];
  reason?: string;
  canWithdraw: boolean;
  canEdit: boolean;
  timeline: TimelineEntry[];
}

/** The school's subscription template ids by purpose (PublicSettings.templates), for a page whose taps ask consent. */
export type Templates = Record<string, string>;

/** 生源信息核查 / 就业信息核验 as the student's page loads it: the check, and the templates 提交 asks consent for. */
export interface CheckScreen extends CheckView {
  templates: Templates;
}

export interface OfferView {
  id: string;
  state: OfferState;
  version: number;
  employer: EmployerInfo;
  terms: OfferTerms;
  studentNo: string;
  studentName: string;
  createdAt: string;
  expiresAt: string;
  /** whole days left before expiry, 0 on the last day; null once no longer open */
  daysLeft: number | null;
  declineReason?: string;
  agreementId?: string;
  /** where the agreement born of an accepted offer stands (the employer's list, the offer's own page) */
  agreement?: OfferAgreement;
}

/** 邀约详情 as its page loads it: the offer, and the templates 应约 / 拒绝 ask consent for. */
export interface OfferScreen extends OfferView {
  templates: Templates;
  /**
   * The school asks for the student's drawn 签名 on 应约 (settings.studentSignature) and the offer is the student's
   * to answer: the folder the signature's PNG is uploaded into. Absent otherwise.
   */
  signature?: { uploadFolder: string };
  /** the school's 违约金 cap: a 违约金 above it is highlighted before 应约 */
  penaltyCapYuan: number;
}

export interface OfferAgreement {
  id: string;
  agreementNo: string | null;
  state: AgreementState;
  origin: 'offer' | 'student';
  returnReason?: string;
  returnedAt?: 'employer' | 'college' | 'school';
}

export interface TerminationView {
  id: string;
  agreementId: string;
  state: TerminationState;
  version: number;
  explanation: string;
  evidence: FileView[];
  reason?: string;
  createdAt: string;
  timeline: TimelineEntry[];
  /** who asked: absent on requests made before either party could ask (the student's) */
  initiator?: 'student' | 'employer';
  /** typings/codes/termination.ts, as labelled there */
  reasonCode?: string;
  reasonLabel?: string;
  /** 违约方 and its label (个人违约 / 单位违约) */
  breachBy?: 'student' | 'employer';
  breachLabel?: string;
  /** the 违约金 receipt, when one was due */
  penaltyReceipt?: FileView[];
  /** the other party's answer (同意 / 不同意) */
  consent?: PartyAnswerView;
}

export interface AgreementView {
  id: string;
  agreementNo: string | null;
  state: AgreementState;
  version: number;
  origin: 'offer' | 'student';
  offerId?: string;
  content: AgreementContent;
  proofFiles: FileView[];
  /**
   * To the unit, the student's 就业证明材料 are withheld (proofFiles is empty): how many the student uploaded, for the
   * school to check. Absent for everyone else.
   */
  proofsWithheld?: number;
  returnReason?: string;
  returnedAt?: 'employer' | 'college' | 'school';
  signedAt?: string;
  printCopies: number;
  /** where and by when the printed copies go (the school's paperCopiesNote) */
  paperCopiesNote: string;
  /** signed, and (for a viewer who sees them) no termination request waiting: a pending one may void it */
  canPrint: boolean;
  canTerminate: boolean;
  /** the viewer is the agreement's student: only they 撤回, edit or 作废 what they started */
  asStudent: boolean;
  terminations: TerminationView[];
  timeline: TimelineEntry[];
  /** the student's drawn 签名 (settings.studentSignature): when it was given, with 应约 or the last 提交 */
  studentSignature?: { signedAt: string };
  /** 单位确认: the unit's answer to a student-initiated agreement, last given (phone masked) */
  confirmation?: PartyAnswerView;
  /** the student may draw a confirmation link to share with the unit (their own agreement, waiting for the unit) */
  canInviteUnit?: boolean;
  /** the school's 违约金 cap, for the highlight of a 违约金 above it (absent: the default cap) */
  penaltyCapYuan?: number;
}

/** 申请解约 as the student's page loads it: the agreement with its requests, and what the school allows and asks. */
export interface TerminationForm {
  agreement: AgreementView;
  /** PublicSettings.allowStudentTermination */
  allowed: boolean;
  /** the school's guide above the form (PublicSettings.terminationGuide) */
  guide: string;
  /** where the evidence images must be uploaded (HomeView.uploadFolder) */
  uploadFolder: string;
  templates: Templates;
  /** who looks: the agreement's student, or its unit (a certified unit's HR) */
  role?: 'student' | 'employer';
  /** setting mutualConsentTermination: a request waits for the other party, and says its reason and 违约方 */
  mutualConsent?: boolean;
  /** setting terminationLimit: why no further request may be made, shown before the form is filled */
  limitReason?: string;
  /** the 违约金 the agreement's terms name (元), 0 when none: its receipt is due when the student is in breach */
  penaltyYuan?: number;
  /** how the unit answers a student's request: by its account (certified, in its tab) or by a consent link */
  consentVia?: 'account' | 'link';
}

export interface AgreementSummary {
  id: string;
  agreementNo: string | null;
  state: AgreementState;
  /** 单位邀约 or 学生发起: after a return, who revises it */
  origin: 'offer' | 'student';
  employerName: string;
  jobTitle: string;
  updatedAt: string;
}

export interface Todo {
  kind:
    | 'offer'
    | 'sourceCheck'
    | 'employmentCheck'
    | 'agreementReturned'
    | 'checkReturned'
    /** 毕业去向登记 not yet approved (none, a draft, returned, or set back to 待就业 by a termination) */
    | 'destination'
    /** approved and not yet confirmed by the student (本人确认) */
    | 'destinationConfirm'
    /** 单位确认: the student's agreement waits for its unit; the student shares the confirmation link */
    | 'agreementConfirm'
    /** 盖章回传: the school approved, the unit's stamped pages are awaited (or were returned by the school) */
    | 'agreementSeal';
  text: string;
  id?: string;
}

export interface PublicSettings {
  allowStudentInitiate: boolean;
  allowStudentTermination: boolean;
  terminationGuide: string;
  offerTtlDays: number;
  printCopies: number;
  /** template ids to pass to wx.requestSubscribeMessage, by purpose */
  templates: Record<string, string>;
  /** the student signs by hand on 应约 and 发起签约 (settings.studentSignature); absent: not asked */
  studentSignature?: true;
  /**
   * 违约金 above this (元) asks the unit to confirm a warning and is highlighted to the student
   * (SchoolSettings.penaltyCapYuan); always sent, optional so that a page reads the default cap when absent
   */
  penaltyCapYuan?: number;
}

export interface HomeView {
  role: Role | null;
  settings: PublicSettings;
  student?: {
    studentNo: string;
    name: string;
    collegeName: string;
    major: string;
    sourceCheck: CheckState | null;
    employmentCheck: CheckState | null;
    agreement: AgreementSummary | null;
    openOffers: number;
    /** 毕业去向登记: the record's state, null before the student starts */
    destination: DestinationState | null;
  };
  employer?: { id: string; name: string; state: EmployerState };
  reviewer?: { scope: 'college' | 'school'; collegeId?: string; collegeName?: string };
  todos: Todo[];
  /** for bound callers: the storage folder their uploads must go into (the cloudPath prefix) */
  uploadFolder?: string;
}

/**
 * 学生发起签约 as its page loads it: who the caller is, as 首页 tells it (the role, the student's status and current
 * agreement, the school's settings, the upload folder), and the agreement being continued: the one named, else the
 * student's draft or returned one; null for a new one (and for anyone but a student).
 */
export interface InitiateForm {
  home: HomeView;
  agreement: AgreementView | null;
}

/**
 * 邀约学生 as its page loads it: who the caller is, as 首页 tells it (the role, the unit's standing, the school's
 * settings), and, for a certified unit, the open offer being edited or the returned agreement being revised.
 */
export interface InviteForm {
  home: HomeView;
  offer?: OfferView;
  agreement?: AgreementView;
  /** the unit's 邀约模板 to fill the terms from (a certified unit's; empty otherwise) */
  offerTemplates?: OfferTemplateView[];
}

/** 单位注册 as its page loads it: who the caller is, as 首页 tells it, and the unit in full when the school turned it down. */
export interface RegisterForm {
  home: HomeView;
  /** the school asks for the HR contact's 授权书或在职证明 besides the 营业执照 (SchoolSettings.requireHrAuthorization) */
  requireHrAuthorization: boolean;
  /** where the files must be uploaded: the caller is not bound yet, so 首页 names no folder (HomeView.uploadFolder) */
  uploadFolder: string;
  /** the caller's own unit, rejected: the form comes prefilled, its files too, with the school's reason */
  rejected?: EmployerHomeView['employer'] & EmployerFiles;
}

/** What a unit uploaded at registration, with links for whoever may see them (the unit itself, the school). */
export interface EmployerFiles {
  /** 营业执照 */
  licenceFiles: FileView[];
  /** 授权书或在职证明; empty when the school did not ask for it */
  authorizationFiles: FileView[];
}

export interface OffersView {
  offers: OfferView[];
  agreements: AgreementSummary[];
  sourceCheckApproved: boolean;
  allowStudentInitiate: boolean;
}

/** 邀约 (the employer's list): a page of its offers, and where the unit stands (only a certified unit may invite). */
export interface EmployerOffersPage extends Page<OfferView> {
  employerState: EmployerState;
}

/** 单位首页: the employer's own record and how its offers stand. */
export interface EmployerHomeView {
  employer: EmployerInfo & { id: string; state: EmployerState; reason?: string };
  /** its offers by state; an open offer past its deadline counts as expired */
  offers: Record<OfferState, number>;
  /** its agreements waiting for it to act (确认协议, 盖章回传), for the entry to 单位的三方协议 */
  agreementsToDo?: number;
}

export interface LibraryEmployer extends EmployerInfo {
  employerId: string;
}

export interface Page<T> {
  items: T[];
  /** pass back as `cursor` for the next page; absent on the last page */
  next?: string;
}

/**
 * 就业核查: an automatic flag on a destination or an agreement, with its reason. Flags never block a decision.
 * Codes: usccChecksum, usccName (credit code ↔ unit name against the library), contactIsStudent (the unit's phone is
 * the student's or the family's), sharedContact (one phone or e-mail across different units), otherJob (工作职位类别
 * 其他人员), internshipEvidence (a file named or reading 实习/见习), changedAfterConfirm.
 */
export interface CheckFlag {
  code: string;
  /** why, in Chinese, naming what was compared */
  text: string;
  /** the flag's short label (the queue's tag), so that a page need not keep the list of codes */
  label?: string;
}

export interface QueueItem {
  record: ReviewTarget;
  id: string;
  version: number;
  state: string;
  title: string;
  subtitle: string;
  studentNo?: string;
  collegeId?: string;
  collegeName?: string;
  major?: string;
  submittedAt: string;
  /** 就业核查 flags' short labels (destinations and agreements); absent or empty: none */
  flags?: string[];
}

export type ReviewCounts = Record<QueueName, number>;

export type ReviewerRole = Extract<Role, 'collegeReviewer' | 'schoolReviewer'>;

export interface CollegeOption {
  id: string;
  name: string;
}

/** 审核 as its page loads it: who reviews, the count waiting in each queue, the school's colleges, one queue's start. */
export interface ReviewQueuesView {
  /** which queues are the reviewer's (and the tab bar) */
  role: ReviewerRole;
  /** records waiting in each queue in the reviewer's scope; 0 for a queue out of it */
  counts: ReviewCounts;
  /** the school's colleges to filter by: all of them for the school, none for a college reviewer (scoped already) */
  colleges: CollegeOption[];
  /** the queue shown: the one asked for, else the reviewer's first */
  queue: QueueName;
  /** its first page; a name keyword may leave it short while `next` points further (server/read/reviewer.ts) */
  page: Page<QueueItem>;
  /**
   * 就业核查, the destination queue only: how many of the listed state (within the college and major filters) have
   * flags and how many have none, for the filter's chips
   */
  flagCounts?: { flagged: number; unflagged: number };
}

export interface ReviewDetail {
  /** who is looking: which decisions are theirs to take */
  role: ReviewerRole;
  record: ReviewTarget;
  item: QueueItem;
  check?: CheckView;
  agreement?: AgreementView;
  termination?: TerminationView & { agreement: AgreementView };
  employer?: EmployerInfo & { id: string; state: EmployerState } & EmployerFiles;
  destination?: DestinationView;
  /** 就业核查 for a destination or an agreement: every flag with its reason; empty when none */
  flags?: CheckFlag[];
  /** the school's preset 退回 / 不通过 reasons for this kind of record (settings returnReasons); tapped to fill the box */
  returnReasons: string[];
  /** the server's time of the answer: how long the record has waited reads right whatever the phone's clock says */
  at: string;
  /** the reviewer's queue this record is decided in, so that the page moves on after a decision; null: none of theirs */
  queue: ReviewDetailQueue | null;
  /** the reviewer's upload folder, for evidence a 修改 of a destination adds (present for a destination) */
  uploadFolder?: string;
  /** 回传鉴证: an agreement's stamped pages beside its print (present once pages were uploaded) */
  seal?: SealReviewView;
  /** the school's approval of this agreement sends it to be stamped, not signed (settings.employerSeal) */
  sealNext?: boolean;
}

/** A record's queue as the detail sees it: how many others wait, and the one to open after deciding this one. */
export interface ReviewDetailQueue {
  name: QueueName;
  /** records other than this one waiting in the queue, in the reviewer's scope */
  left: number;
  /** the longest-waiting of them (the queue's own order); null when none is left */
  next: { record: ReviewTarget; id: string; title: string } | null;
}

/**
 * One item of a review batch. Refused: `code` says why. `NOT_PROCESSED`: the call ran out of time before it started
 * the item, which is left exactly as it was; send it again (with a new requestId) to review it.
 */
export type ItemOutcome =
  | { id: string; ok: true; state: string; version: number }
  | { id: string; ok: false; code: ErrorCode; message: string };

/** A batch's answer: `results` in the order of the items sent; the four counts add up to their number. */
export interface ReviewOutcome {
  results: ItemOutcome[];
  approved: number;
  returned: number;
  /** items refused (a stale version, out of scope, …) */
  failed: number;
  /** items answered `NOT_PROCESSED`: not started before the call's time ran out */
  unprocessed: number;
}

/** 统计: one college's figures (or the school's total, collegeId ''). */
export interface CollegeStats {
  collegeId: string;
  collegeName: string;
  /** students on the roster */
  graduates: number;
  /** 生源核查 approved */
  sourceApproved: number;
  /** agreements by state, drafts left out */
  agreements: Record<Exclude<AgreementState, 'draft'>, number>;
  signed: number;
  /** 签约率: signed ÷ graduates, 0..1 rounded to 4 places; 0 with no graduates */
  signingRate: number;
}

export interface ReviewStats {
  role: ReviewerRole;
  /** the reviewer's colleges: all for the school, their own for a college reviewer */
  colleges: CollegeStats[];
  total: CollegeStats;
  /** records waiting in each of the reviewer's queues (as reviewCounts): the tab's 待审核 card */
  pending: ReviewCounts;
  /** 去向落实率 as the tab opens: the school's colleges, or a college reviewer's own majors (placementStats for another) */
  placement: PlacementView;
}

/** 毕业去向登记 as it is, for the student and for reviewers. */
export interface DestinationView {
  id: string;
  state: DestinationState;
  version: number;
  /** the working values: what was saved or submitted last */
  content: DestinationContent;
  evidence: FileView[];
  /** the values in force (reported, counted): the last approved; null before the first approval */
  approved: (DestinationContent & { approvedAt: string; evidence: FileView[] }) | null;
  /** filled by a signed agreement (type 10) */
  agreement?: { id: string; agreementNo: string | null };
  reason?: string;
  submittedAt?: string;
  /** 本人确认 of the values in force; absent when not confirmed (or confirmed values since changed) */
  confirmedAt?: string;
  /** the national sheet's view of the row (reviewers only) */
  report?: { state: ReportState; reportedAt?: string };
  timeline: TimelineEntry[];
  /** reviewers only: they may change it now (修改, registerDestination amend): the deadline passed, or an agreement filled it */
  amendable?: boolean;
}

/** 毕业去向登记 as the student's page loads it. */
export interface DestinationScreen {
  /** null before the student starts */
  destination: DestinationView | null;
  /** the last day the student may change it (YYYY-MM-DD, China's calendar; the school's destinationDeadline) */
  deadline: string;
  /** whole days left to the deadline, 0 on its day, negative after it */
  daysLeft: number;
  /** the student may save / submit now */
  canEdit: boolean;
  /** why not, in Chinese (the deadline passed; an agreement is pending or signed; it waits for review) */
  editBlocked?: string;
  canWithdraw: boolean;
  canConfirm: boolean;
  /** the student's pending or signed agreement: job types other than its own are refused while it stands */
  agreement: AgreementSummary | null;
  /** 生源地 (the source check's value), to prefill 档案 to 生源地 */
  origin?: string;
  uploadFolder: string;
  templates: Templates;
}

/** 去向落实率 of one college (or one major of a college; the total with key ''). */
export interface PlacementStats {
  /** collegeId, or the major's name */
  key: string;
  name: string;
  graduates: number;
  /** approved destinations by category (the values in force) */
  byCategory: Record<DestinationCategory, number>;
  /** graduates with no approved destination */
  unregistered: number;
  /** 去向落实率: (contract + flexible + study) ÷ graduates, 0..1 rounded to 4 places; 0 with no graduates */
  placementRate: number;
  /** destinations of the contract category with an employer (types 10, 11, 12, 27) */
  jobDestinations: number;
  /** of them, type 10 filled by an agreement signed here */
  signedOnline: number;
  /** 网签占比: signedOnline ÷ jobDestinations, 0..1 rounded to 4 places; 0 with none */
  onlineShare: number;
}

export interface PlacementView {
  role: ReviewerRole;
  /** the college whose majors the rows are; absent: the rows are colleges */
  college?: CollegeOption;
  rows: PlacementStats[];
  total: PlacementStats;
  /** the server's time of the figures */
  at: string;
}

/** What a mutation returns: the record's new state and version. */
export interface Mutated {
  record: RecordKind;
  id: string;
  state: string;
  version: number;
}

export interface BindResult {
  /** the role bound; after 解除绑定, the role released */
  role: Role;
  /** 解除绑定: the binding was released */
  unbound?: true;
  studentNo?: string;
  employerId?: string;
  collegeId?: string;
}

export interface ExpireOffersResult {
  expired: number;
  reminded: number;
  delivered: number;
  /** false when the run stopped at its time budget; the next trigger continues */
  done: boolean;
}

/** What `query` answers for each view. */
export interface QueryResults {
  home: HomeView;
  check: CheckScreen;
  offers: OffersView;
  offer: OfferScreen;
  agreement: AgreementView;
  termination: TerminationView;
  terminationForm: TerminationForm;
  initiateForm: InitiateForm;
  employerLibrary: LibraryEmployer[];
  reviewCounts: ReviewCounts;
  reviewStats: ReviewStats;
  reviewQueues: ReviewQueuesView;
  reviewQueue: Page<QueueItem>;
  reviewDetail: ReviewDetail;
  employerHome: EmployerHomeView;
  employerOffers: EmployerOffersPage;
  inviteForm: InviteForm;
  registerForm: RegisterForm;
  help: HelpView;
  destination: DestinationScreen;
  placementStats: PlacementView;
  confirmLink: ConfirmLinkView;
  consentLink: ConsentLinkView;
  employerAgreements: EmployerAgreementsView;
  employerAgreement: EmployerAgreementView;
  seal: SealView;
  offerTemplates: OfferTemplatesView;
}

// ---- the unit as a party (confirmation, 回传, consent, templates) ----------------------------------------------------

/** Who answered for a party, as the agreement and termination pages show it (phone masked). */
export interface PartyAnswerView {
  decision: 'confirm' | 'refuse';
  /** 单位账号 or 确认链接 */
  via: 'account' | 'link';
  /** the person who answered, for a unit; absent for the student */
  name?: string;
  maskedPhone?: string;
  at: string;
  reason?: string;
}

/** A confirmation link just drawn: what the student shares (a chat card with `path`, a 小程序码 of `scene`). */
export interface ConfirmLinkIssued {
  path: string;
  scene: string;
  expiresAt: string;
  /** a QR image of the link (data: URL, PNG) for the unit's HR to scan */
  qrDataUrl: string;
}

/** What a confirmation link opens: the agreement, before the unit's answer. The credit code is not shown. */
export interface ConfirmLinkView {
  agreementId: string;
  agreementVersion: number;
  studentName: string;
  collegeName: string;
  major: string;
  educationLevel: string;
  employerName: string;
  terms: OfferTerms;
  expiresAt: string;
  agreementNo: string | null;
  graduationYear: number;
  /** the unit's address and contact as the student entered them, for the HR person to recognise the unit by */
  employerAddress: string;
  employerContact: string;
  /** the school's template ids: 确认 asks the person for the review results (the unit is told of them) */
  templates: Templates;
}

/** A consent link just drawn (requestTermination issueLink): what the student shares with the unit as a chat card. */
export interface ConsentLinkIssued {
  path: string;
  expiresAt: string;
}

/** What a consent link opens: the termination the student asked for, before the unit's answer. */
export interface ConsentLinkView {
  terminationId: string;
  agreementNo: string | null;
  studentName: string;
  employerName: string;
  reasonLabel: string;
  breachLabel: string;
  explanation: string;
  expiresAt: string;
}

/** One row of the unit's agreements. */
export interface EmployerAgreementRow extends AgreementSummary {
  studentName: string;
  studentNo: string;
  /** what the unit must do now, in words (确认协议, 盖章回传, 同意或不同意解约), or absent */
  todo?: string;
  /** a termination that concerns it, waiting or decided */
  termination?: { id: string; state: TerminationState; initiator: 'student' | 'employer' };
}

export interface EmployerAgreementsView extends Page<EmployerAgreementRow> {
  /** counts per standing, for the chips */
  counts: Partial<Record<AgreementState, number>>;
  /** terminations waiting for the unit's consent */
  consentsWaiting: number;
}

export interface EmployerAgreementView {
  agreement: AgreementView;
  /** the actions the unit may take now */
  canConfirm: boolean;
  canSeal: boolean;
  canTerminate: boolean;
  /** the termination waiting for the unit's answer, if any */
  consentWaiting?: TerminationView;
  templates: Templates;
  /** what the unit must do now, in words (as the list's `todo`), or absent */
  todo?: string;
  /** the latest termination that concerns it, as the list shows it */
  termination?: EmployerAgreementRow['termination'];
}

/** 回传 as its page loads it, for the agreement's student and its unit alike. */
export interface SealView {
  agreement: AgreementView;
  /** pages the printed copy has (each must come back); null until the PDF was first downloaded */
  pages: number | null;
  /** what was uploaded last, with each page's match, and the school's reason when it asked again */
  uploaded: SealPageView[];
  returnReason?: string;
  /** who uploaded last and when: 用人单位 or the student's name */
  uploadedBy?: string;
  uploadedAt?: string;
  verifiedAt?: string;
  uploadFolder: string;
  /** pendingSeal: the caller may upload (again) */
  canUpload: boolean;
  /** who is looking: the student uploads on the unit's behalf */
  viewer: 'student' | 'employer';
  /** the school's subscription templates, for the consent 上传 asks */
  templates: Templates;
}

export interface SealPageView {
  file: FileView;
  page: number | null;
  /** `ok`, or the refusal's code (server/print/qrMatch.ts); `pdf`: a PDF the school checks by eye */
  match: string;
  /** the match in Chinese */
  text: string;
}

/** sealAgreement `checkPage`: one file as it is added. `accepted`: it may go in the upload (a page of this print, or a PDF). */
export interface SealPageCheck {
  fileId: string;
  accepted: boolean;
  page: number | null;
  pages: number;
  match: string;
  /** 第 N 页, or why the file does not belong, in Chinese */
  text: string;
}

/** 回传鉴证 in the reviewer's detail: each printed page beside what was uploaded for it. */
export interface SealReviewView {
  pages: number | null;
  /** one row per printed page (what the generated PDF carries on it), then the files no page matched (PDFs) */
  rows: SealReviewRow[];
  uploadedBy: string;
  uploadedAt: string;
  verifiedAt?: string;
  /** the school's reason when it returned the pages last */
  returnReason?: string;
}

export interface SealReviewRow {
  /** the printed page, or null for a file that matched none */
  page: number | null;
  /** the generated page's section titles (甲方、乙方…), or '' */
  generated: string;
  upload: SealPageView | null;
}

export interface OfferTemplateView {
  id: string;
  version: number;
  name: string;
  terms: OfferTerms;
  updatedAt: string;
}

export interface OfferTemplatesView {
  templates: OfferTemplateView[];
  employerState: EmployerState;
  /** the school's 违约金 cap (SchoolSettings.penaltyCapYuan): the template form warns above it */
  penaltyCapYuan: number;
}

/** createMany's answer for one student, in the order sent: the offer created, or why not (a refusal's code and words). */
export interface OfferCreatedRow {
  studentNo: string;
  studentName: string;
  created: boolean;
  offerId?: string;
  code?: ErrorCode;
  message?: string;
}

/**
 * employerOffer's answer: the record changed, as every mutation answers (a template is record 'offerTemplate', state
 * 已保存 'saved' or 已删除 'deleted'). createMany changes many records: `students` answers each, `id` is empty and
 * `state` says 'created' when at least one offer was created, else 'none'.
 */
export interface EmployerOfferResult extends Omit<Mutated, 'record'> {
  record: RecordKind | 'offerTemplate';
  students?: OfferCreatedRow[];
}

/** What printAgreement answers: a stored PDF and a download link that lasts a while. */
export interface PrintResult {
  fileId: string;
  url: string;
  agreementNo: string;
  /** the code printed on every page, e.g. 3F2A-9C01-77BE-0D4E */
  verificationCode: string;
  pages: number;
  bytes: number;
}

/**
 * What verifyAgreement answers to anyone: only whether the agreement exists and stands, and the parties with names
 * masked. Only signed and terminated agreements are "found": a pending one is not an agreement yet.
 */
export interface VerifyResult {
  found: boolean;
  agreementNo: string;
  state?: 'signed' | 'terminated';
  /** 签约成功 / 已解约, or 未找到 */
  stateLabel: string;
  signedAt?: string;
  terminatedAt?: string;
  /** name masked but its first letter, separators kept (张**, 买**·**, J*** *****; one letter: *), student number masked but its last four */
  student?: { name: string; studentNo: string; collegeName: string };
  /** units are public */
  employer?: { name: string };
  schoolName: string;
  /** null when no code was given (or nothing was found to compare with) */
  codeMatches: boolean | null;
  message: string;
}

/** A contact the help page offers to call (settings `helpContacts`). */
export interface HelpContact {
  /** who answers, e.g. 就业指导中心 or 计算机学院辅导员 */
  name: string;
  /** a mobile number, or a landline with its area code (010-12345678) */
  phone: string;
}

/** One question of the school's FAQ (settings `faq`). */
export interface FaqItem {
  question: string;
  answer: string;
}

/** A deadline the school announces (settings `notices`): its last day, YYYY-MM-DD in China's calendar. */
export interface Notice {
  title: string;
  deadline: string;
}

/**
 * 帮助 and 隐私政策 as their pages load them: the school's name, whom to call, its FAQ, and the notices still open,
 * soonest deadline first. Anyone may ask (the privacy page opens from binding, before a role).
 */
export interface HelpView {
  schoolName: string;
  /** how long the school keeps the records (the privacy page's 保存期限) */
  retention: string;
  contacts: HelpContact[];
  faq: FaqItem[];
  /** deadlines not past, soonest first, each with whole days left in China's calendar (0: today is the last day) */
  notices: (Notice & { daysLeft: number })[];
}
