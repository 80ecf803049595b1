/**
 * Fixtures for the domain's decisions: one builder per record, with realistic values (the demo school's 张三, his
 * college 计算机学院 and the certified unit 深圳示例科技有限公司), deterministic ids and times, and small readers of a
 * decision's outcome so that a test reads given → when → then:
 *
 *   const env = anEnv({ role: 'student' });                                   // given
 *   const decided = acceptOffer({ env, student: aStudent(), ... });           // when
 *   expect(writesTo(decided, 'offers')).toEqual([...]);                        // then
 *   expect(refusalOf(() => acceptOffer({ ... }))).toBe('OFFER_EXPIRED');
 *
 * Every builder takes `over`, a partial record laid over the defaults.
 */
import type {
  AgreementState,
  ArchiveTransfer,
  Attachment,
  DestinationContent,
  DestinationEmployer,
  DestinationState,
  HukouMove,
  CheckState,
  EmployerInfo,
  EmployerState,
  ErrorCode,
  InitiationDraft,
  OfferTerms,
  Role,
  StudentParty,
  TerminationState,
} from '../../typings';
import { DomainError } from '../../server/domain/errors';
import type { Decided, Env, Write } from '../../server/domain/decision';
import type {
  Actor,
  AgreementDoc,
  AuditEntry,
  CheckDoc,
  CollectionName,
  Collections,
  CounterDoc,
  DestinationDoc,
  EmployerDoc,
  InviteDoc,
  OfferDoc,
  OutboxDoc,
  SettingsDoc,
  StudentDoc,
  Tracked,
  TerminationDoc,
  UserDoc,
} from '../../server/domain/types';

// ---- time -------------------------------------------------------------------------------------------------------

export const SECOND_MS = 1_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The moment decisions are taken: 2026年6月1日 10:00 in Beijing. */
export const NOW = '2026-06-01T02:00:00.000Z';
/** When the fixtures' records were created and last changed, a week before. */
export const CREATED = '2026-05-25T02:00:00.000Z';

/** `iso` moved by `ms` (negative: earlier). */
export const shifted = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();

// ---- actors and env ---------------------------------------------------------------------------------------------

/** Who acts in each role: 张三, the unit's HR contact, 计算机学院's reviewer, the school's reviewer… */
export const OPENIDS: Record<Role, string> = {
  student: 'openid-zhangsan',
  employer: 'openid-hr-chen',
  collegeReviewer: 'openid-college-cs',
  schoolReviewer: 'openid-school',
  admin: 'admin',
  system: 'system',
};

export const anActor = (role: Role, openid: string = OPENIDS[role]): Actor => ({ openid, role });

/** Ids `${prefix}-1`, `${prefix}-2`… in the order asked for. */
export function sequentialIds(prefix = 'new'): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

export function anEnv(over: { role?: Role; openid?: string; now?: string; idPrefix?: string } = {}): Env {
  const role = over.role ?? 'student';
  return { actor: anActor(role, over.openid), now: over.now ?? NOW, newId: sequentialIds(over.idPrefix) };
}

/** For binding decisions, which take the caller's openid instead of an actor. */
export const aBindEnv = (over: { openid?: string; now?: string; idPrefix?: string } = {}) => ({
  openid: over.openid ?? OPENIDS.student,
  now: over.now ?? NOW,
  newId: sequentialIds(over.idPrefix),
});

// ---- records ----------------------------------------------------------------------------------------------------

/** A record's bookkeeping; its audit head names it, so that a test can see the next entry link to it. */
export const headOf = (id: string, version: number): string => `head:${id}@${version}`;

export const tracked = (_id: string, version = 1): Tracked => ({
  _id,
  version,
  createdAt: CREATED,
  updatedAt: CREATED,
  auditHead: headOf(_id, version),
});

/** 张三's 身份证号 (valid check digit) and how the agreement prints it. */
export const ZHANG_ID_NUMBER = '440305200304151235';
export const ZHANG_ID_MASKED = '440305********1235';
export const ZHANG_PHONE = '13800138000';

export function aStudent(over: Partial<StudentDoc> = {}): StudentDoc {
  const studentNo = over.studentNo ?? '2026010101';
  return {
    ...tracked(studentNo, 2),
    studentNo,
    name: '张三',
    idNumber: ZHANG_ID_NUMBER,
    gender: '男',
    collegeId: 'cs',
    collegeName: '计算机学院',
    major: '软件工程',
    educationLevel: '31',
    graduationYear: 2026,
    source: { ethnicity: '汉族', politicalStatus: '共青团员', originRegion: '440305' },
    employment: {},
    openid: OPENIDS.student,
    activeAgreementId: null,
    ...over,
  };
}

/** Another roster student, 李四, bound to her own WeChat. */
export const anotherStudent = (over: Partial<StudentDoc> = {}): StudentDoc =>
  aStudent({
    studentNo: '2026010102',
    name: '李四',
    idNumber: '110101200311202341',
    gender: '女',
    major: '计算机科学与技术',
    openid: 'openid-lisi',
    ...over,
  });

export function aUser(role: Role, over: Partial<UserDoc> = {}): UserDoc {
  const scope: Partial<UserDoc> =
    role === 'student' ? { studentNo: '2026010101' }
    : role === 'employer' ? { employerId: EMPLOYER_ID }
    : role === 'collegeReviewer' ? { collegeId: 'cs' }
    : {};
  return { ...tracked(over._id ?? OPENIDS[role]), role, ...scope, ...over };
}

export function anInvite(over: Partial<InviteDoc> = {}): InviteDoc {
  return {
    ...tracked('invite-hash-1'),
    role: 'employer',
    employerId: EMPLOYER_ID,
    expiresAt: shifted(NOW, 30 * DAY_MS),
    usedBy: null,
    ...over,
  };
}

export const aFile = (n = 1): Attachment => ({ fileId: `cloud://env/uploads/${OPENIDS.student}/proof-${n}.jpg`, sha256: String(n).repeat(64) });

/** The fields 张三 filled in his 生源核查 (the school-owned ones beside them). */
export const SOURCE_FIELDS: Record<string, string> = {
  studentNo: '2026010101',
  name: '张三',
  phone: ZHANG_PHONE,
  email: 'zhangsan@example.com',
  homeAddress: '广东省深圳市南山区科技园1号',
};

export function aSourceCheck(state: CheckState = 'approved', over: Partial<CheckDoc> = {}): CheckDoc {
  return {
    ...tracked('source:2026010101', state === 'draft' ? 1 : 2),
    studentNo: '2026010101',
    studentName: '张三',
    collegeId: 'cs',
    major: '软件工程',
    kind: 'source',
    state,
    fields: { ...SOURCE_FIELDS },
    schoolValues: { studentNo: '2026010101', name: '张三' },
    ...(state === 'draft' ? {} : { submittedAt: CREATED }),
    ...(state === 'returned' ? { reason: '手机号码有误' } : {}),
    ...over,
  };
}

export function anEmploymentCheck(state: CheckState = 'submitted', over: Partial<CheckDoc> = {}): CheckDoc {
  const fields = { destination: '签就业协议形式就业', employerName: EMPLOYER_INFO.name, uscc: EMPLOYER_INFO.uscc, jobTitle: '数据分析师' };
  return aSourceCheck(state, { _id: 'employment:2026010101', auditHead: headOf('employment:2026010101', 2), kind: 'employment', fields, schoolValues: { ...fields }, ...over });
}

export const EMPLOYER_ID = 'emp-demo';

/** The unit as the library holds it (no id: EmployerDoc and a manual entry both take this shape). */
export const EMPLOYER_INFO: Omit<EmployerInfo, 'employerId'> = {
  name: '深圳示例科技有限公司',
  uscc: '91440300MA5D8K2P1F',
  nature: '39',
  industry: '65',
  region: '440305',
  address: '广东省深圳市南山区粤海街道科技南路88号',
  contactName: '陈经理',
  contactPhone: '13912345678',
};

/** 甲方 as an offer or agreement prints a library unit. */
export const EMPLOYER_PARTY: EmployerInfo & { employerId: string } = { employerId: EMPLOYER_ID, ...EMPLOYER_INFO };

export function anEmployer(state: EmployerState = 'certified', over: Partial<EmployerDoc> = {}): EmployerDoc {
  return {
    ...tracked(EMPLOYER_ID, state === 'registered' ? 1 : 2),
    ...EMPLOYER_INFO,
    state,
    registrantOpenid: OPENIDS.employer,
    ...(state === 'rejected' ? { reason: '营业执照不清晰' } : {}),
    ...over,
  };
}

/** What the HR contact fills in (as tests/support/agreements.ts sends it). */
export const TERMS: OfferTerms = {
  job: { title: '数据分析师', region: '110101', monthlySalary: 12000, contractYears: 3, startDate: '2026-07-15' },
  file: { transfer: false },
  hukou: { migrate: true, address: '北京市东城区东华门街道' },
};

/** Different terms, for edits and revisions. */
export const OTHER_TERMS: OfferTerms = {
  job: { title: '前端开发工程师', region: '440305', monthlySalary: 15000, contractYears: 3, startDate: '2026-07-01', description: '负责小程序与网页前端开发' },
  file: { transfer: true, receiver: '深圳市人才交流服务中心', address: '深圳市福田区深南大道1号', postcode: '518000' },
  hukou: { migrate: false },
  remarks: '试用期三个月，试用期工资不低于转正工资的80%。',
};

/** An open offer from the demo unit to 张三, sent a week ago, expiring a week from now. */
export function anOffer(over: Partial<OfferDoc> = {}): OfferDoc {
  return {
    ...tracked(over._id ?? 'offer-1'),
    studentNo: '2026010101',
    studentName: '张三',
    collegeId: 'cs',
    major: '软件工程',
    state: 'open',
    employerId: EMPLOYER_ID,
    employer: { ...EMPLOYER_PARTY },
    terms: TERMS,
    expiresAt: shifted(NOW, 7 * DAY_MS),
    senderOpenid: OPENIDS.employer,
    ...over,
  };
}

/** 乙方 as printed on 张三's agreements. */
export const ZHANG_PARTY: StudentParty = {
  studentNo: '2026010101',
  name: '张三',
  gender: '男',
  idNumberMasked: ZHANG_ID_MASKED,
  collegeId: 'cs',
  collegeName: '计算机学院',
  major: '软件工程',
  educationLevel: '31',
  graduationYear: 2026,
  phone: ZHANG_PHONE,
};

/** 2026 + school 10001 + 本科 31 + sequence 000001. */
export const AGREEMENT_NO = '20261000131000001';

/**
 * 张三's agreement in `state`: offer-born (from offer-1) unless the state exists only for student-initiated ones
 * (draft, cancelled); see aStudentAgreement for those.
 */
export function anAgreement(state: AgreementState = 'pendingCollege', over: Partial<AgreementDoc> = {}): AgreementDoc {
  const origin = over.origin ?? (state === 'draft' || state === 'cancelled' ? 'student' : 'offer');
  const fromOffer = origin === 'offer';
  return {
    ...tracked(over._id ?? 'agreement-1', state === 'draft' || state === 'pendingCollege' ? 1 : 3),
    studentNo: '2026010101',
    studentName: '张三',
    collegeId: 'cs',
    major: '软件工程',
    state,
    agreementNo: state === 'draft' ? null : AGREEMENT_NO,
    origin,
    ...(fromOffer ? { offerId: 'offer-1', employerOpenid: OPENIDS.employer } : {}),
    employerId: EMPLOYER_ID,
    employerName: EMPLOYER_INFO.name,
    content: { ...TERMS, student: { ...ZHANG_PARTY }, employer: { ...EMPLOYER_PARTY } },
    proofFiles: fromOffer ? [] : [aFile()],
    studentOpenid: OPENIDS.student,
    ...(state === 'draft' ? {} : { submittedAt: CREATED }),
    ...(state === 'returned' ? { returnReason: '岗位信息不完整', returnedAt: 'college' as const } : {}),
    ...(state === 'signed' || state === 'terminated' ? { signedAt: CREATED } : {}),
    ...over,
  };
}

/** A student-initiated agreement (学生发起签约). */
export const aStudentAgreement = (state: AgreementState = 'draft', over: Partial<AgreementDoc> = {}): AgreementDoc =>
  anAgreement(state, { origin: 'student', ...over });

export function aTermination(state: TerminationState = 'submitted', over: Partial<TerminationDoc> = {}): TerminationDoc {
  return {
    ...tracked(over._id ?? 'termination-1', state === 'submitted' ? 1 : 2),
    studentNo: '2026010101',
    studentName: '张三',
    collegeId: 'cs',
    major: '软件工程',
    state,
    agreementId: 'agreement-1',
    explanation: '单位撤销岗位，双方协商一致解约',
    evidence: [aFile(9)],
    studentOpenid: OPENIDS.student,
    ...(state === 'rejected' ? { reason: '解约函未盖章' } : {}),
    ...over,
  };
}

/** A counter that has counted to `value` (one version per count). */
export const aCounter = (value: number, over: Partial<CounterDoc> = {}): CounterDoc => ({
  _id: 'agreementNo:2026',
  version: value,
  value,
  ...over,
});

export const TEMPLATES: Record<string, string> = {
  offerReceived: 'tmpl-offer-received',
  offerExpiring: 'tmpl-offer-expiring',
  offerAnswered: 'tmpl-offer-answered',
  reviewResult: 'tmpl-review-result',
};

/** The demo school's settings: code 10001, offers valid 14 days, initiation and termination open. */
export function settings(over: Partial<SettingsDoc> = {}): SettingsDoc {
  return {
    ...tracked('school'),
    schoolCode: '10001',
    schoolName: '示例大学',
    colleges: [
      { id: 'cs', name: '计算机学院' },
      { id: 'em', name: '经济管理学院' },
    ],
    allowStudentInitiate: true,
    allowStudentTermination: true,
    terminationGuide: '请上传单位出具的解约函或违约证明，并说明解约原因，提交后等待学校就业指导中心审核。',
    offerTtlDays: 14,
    printCopies: 4,
    schoolAddress: '',
    schoolPhone: '',
    paperCopiesNote: '请于签约成功后 7 天内将纸质协议书交至院系就业办。',
    templates: { ...TEMPLATES },
    miniprogramState: 'formal',
    helpContacts: [],
    faq: [],
    notices: [],
    privacyRetention: '按学校档案管理规定保存',
    returnReasons: { sourceCheck: ['家庭地址请填写到门牌号'], employmentCheck: [], agreement: ['请上传加盖单位公章的录用通知'], termination: [], employer: [], destination: [] },
    requireHrAuthorization: false,
    destinationDeadline: '08-31',
    // the manual's flows (app/settings.ts MANUAL_FLOWS); a test of a new step turns it on
    employerConfirmation: false,
    confirmLinkTtlDays: 7,
    employerSeal: false,
    studentSignature: false,
    penaltyCapYuan: 5000,
    mutualConsentTermination: false,
    terminationLimit: 0,
    ...over,
  };
}

/** 学生发起签约's form: the library unit, TERMS, one proof file. */
export function anInitiationDraft(over: Partial<InitiationDraft> = {}): InitiationDraft {
  return { ...TERMS, employer: { employerId: EMPLOYER_ID }, proofFiles: [aFile().fileId], ...over };
}

// ---- reading a decision -----------------------------------------------------------------------------------------

/** The DomainError a decision refuses with; fails the test if it decides instead (other errors propagate). */
export function refusal(decide: () => unknown): DomainError {
  try {
    decide();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected the decision to be refused, but it was taken');
}

/** The code a decision refuses with. */
export const refusalOf = (decide: () => unknown): ErrorCode => refusal(decide).code;

/** The writes to one collection, in order, typed by it. */
export const writesTo = <C extends CollectionName>(decided: Pick<Decided, 'writes'>, collection: C): Write<C>[] =>
  decided.writes.filter((w): w is Write<C> => w.collection === collection);

/** The one write to a collection (and, if given, of one document); fails unless there is exactly one. */
export function theWrite<C extends CollectionName>(decided: Pick<Decided, 'writes'>, collection: C, id?: string): Write<C> & { doc: Collections[C] } {
  const found = writesTo(decided, collection).filter((w) => id === undefined || w.doc._id === id);
  if (found.length !== 1) throw new Error(`expected one write to ${collection}${id ? `/${id}` : ''}, found ${found.length}`);
  return found[0]!;
}

/** What an audit entry says, without its hashes and ids (which tests/unit/machine.test.ts covers). */
export type Said = Pick<AuditEntry, 'record' | 'recordId' | 'seq' | 'from' | 'to' | 'action' | 'actor' | 'at' | 'reason' | 'attachments'>;

export const trail = (decided: Pick<Decided, 'audit'>): Said[] =>
  decided.audit.map(({ record, recordId, seq, from, to, action, actor, at, reason, attachments }) => ({
    record,
    recordId,
    seq,
    from,
    to,
    action,
    actor,
    at,
    ...(reason !== undefined ? { reason } : {}),
    ...(attachments !== undefined ? { attachments } : {}),
  }));

/** What a queued message says: who, which purpose (template), which page, which keyword values. */
export type Told = Pick<OutboxDoc, 'to' | 'template' | 'page' | 'data'>;

export const messagesOf = (decided: Pick<Decided, 'outbox'>): Told[] =>
  decided.outbox.map(({ to, template, page, data }) => ({ to, template, page, data }));

// ---- 毕业去向登记 -------------------------------------------------------------------------------------------------

/** 张三's 档案 to 深圳's 人才 office, 户口 moved to 南山 (the 派出所 named). */
export const DESTINATION_FILE: ArchiveTransfer = {
  receiverKind: 'talentCentre',
  receiver: '深圳市人才交流服务中心',
  address: '广东省深圳市福田区深南大道1号',
  postcode: '518000',
  phone: '0755-83000000',
};
export const DESTINATION_HUKOU: HukouMove = { migrate: true, address: '广东省深圳市南山区粤海街道科技南路88号', policeStation: '粤海派出所' };

/** The demo unit as a job destination's employer part. */
export const DESTINATION_EMPLOYER: DestinationEmployer = {
  name: EMPLOYER_INFO.name,
  uscc: EMPLOYER_INFO.uscc,
  nature: EMPLOYER_INFO.nature,
  industry: EMPLOYER_INFO.industry,
  region: EMPLOYER_INFO.region,
  jobCategory: '13',
  jobTitle: '软件开发工程师',
  contactName: EMPLOYER_INFO.contactName,
  contactPhone: EMPLOYER_INFO.contactPhone,
};

/** Each destination type's content, whole, as a student would register it. */
export const DESTINATION_CONTENTS: Record<string, DestinationContent> = {
  '10': { type: '10', employer: DESTINATION_EMPLOYER, file: DESTINATION_FILE, hukou: DESTINATION_HUKOU },
  '11': { type: '11', employer: DESTINATION_EMPLOYER, file: DESTINATION_FILE, hukou: DESTINATION_HUKOU },
  '12': { type: '12', employer: { ...DESTINATION_EMPLOYER, name: '深圳市南山区教育局', nature: '10', industry: 'S', jobCategory: '10' }, file: DESTINATION_FILE, hukou: { migrate: false } },
  '27': { type: '27', employer: { ...DESTINATION_EMPLOYER, name: '示例大学计算机学院', nature: '21', industry: 'P', jobCategory: '11' }, file: DESTINATION_FILE },
  '46': { type: '46', enlistment: { noticeNo: '粤征2026第0012号', region: '440305' }, file: DESTINATION_FILE },
  '50': { type: '50', project: { name: '西部计划', serviceUnit: '某县第一中学', region: '510107' }, file: DESTINATION_FILE },
  '51': { type: '51', project: { name: '选调生', serviceUnit: '某镇人民政府', region: '440305' }, file: DESTINATION_FILE },
  '75': { type: '75', business: { name: '深圳某某网络工作室', uscc: '91440300MA5D8K2P1F', region: '440305' }, file: DESTINATION_FILE },
  '76': { type: '76', freelance: { description: '自由撰稿及新媒体运营', region: '440305' }, file: DESTINATION_FILE },
  '80': { type: '80', study: { school: '北京大学', programme: '计算机科学与技术', level: '硕士研究生' }, file: DESTINATION_FILE },
  '85': { type: '85', abroad: { country: '英国', institution: 'University of Edinburgh', purpose: 'study' }, file: { ...DESTINATION_FILE, receiverKind: 'school', receiver: '', address: '', postcode: '', phone: '' } },
  '70': { type: '70', pendingKind: 'seeking', file: DESTINATION_FILE },
  '71': { type: '71', file: DESTINATION_FILE },
  '72': { type: '72', file: DESTINATION_FILE },
};

/** A destination's content of `type`, with `over` laid over it. */
export const aDestinationContent = (type = '80', over: Partial<DestinationContent> = {}): DestinationContent => ({ ...DESTINATION_CONTENTS[type]!, ...over });

/**
 * 张三's destination in `state` (升学 by default): submitted a week ago with one file; approved ones carry their values
 * in force, a returned one its reason.
 */
export function aDestination(state: DestinationState = 'submitted', over: Partial<DestinationDoc> = {}): DestinationDoc {
  const content = over.content ?? aDestinationContent();
  const evidence = over.evidence ?? [aFile(3)];
  return {
    ...tracked('destination:2026010101', state === 'draft' ? 1 : 2),
    studentNo: '2026010101',
    studentName: '张三',
    collegeId: 'cs',
    major: '软件工程',
    state,
    content,
    evidence,
    approved: state === 'approved' ? { ...content, approvedAt: CREATED, evidence } : null,
    flags: [],
    flagged: false,
    report: { state: 'new' },
    studentOpenid: OPENIDS.student,
    ...(state === 'draft' ? {} : { submittedAt: CREATED }),
    ...(state === 'returned' ? { reason: '录取通知书不清晰' } : {}),
    ...over,
  };
}

// ---- 毕业去向登记 for the national sheet --------------------------------------------------------------------------
import { valuesHash } from '../../server/domain/destination';

/** One content per kind of destination the national sheet fills differently: a job, 升学, 待就业, 创业, 基层, 入伍. */
export const SHEET_CONTENTS = {
  job: {
    type: '11',
    employer: { ...DESTINATION_EMPLOYER, industry: '65', jobTitle: '前端开发工程师' },
    file: { receiverKind: 'employer', receiver: EMPLOYER_INFO.name, address: EMPLOYER_INFO.address, postcode: '518057', phone: '075526530001' },
    hukou: { migrate: false },
  },
  study: { type: '80', study: { school: '北京大学', programme: '计算机科学与技术', level: '硕士研究生' }, file: { receiverKind: 'employer', receiver: '北京大学研究生院', address: '北京市海淀区颐和园路5号', postcode: '100871', phone: '01062751234' } },
  seeking: { type: '70', pendingKind: 'seeking', file: { receiverKind: 'school', receiver: '', address: '广东省深圳市南山区学府路1号', postcode: '518055', phone: '075526530000' } },
  business: { type: '75', business: { name: '深圳三三网络工作室', uscc: '92440300MA5G0XXK3R', region: '440305' } },
  project: { type: '50', project: { name: '西部计划', serviceUnit: '四川省凉山州昭觉县团委', region: '513431' } },
  enlistment: { type: '46', enlistment: { noticeNo: 'RW2026000123', region: '440305' } },
} satisfies Record<string, DestinationContent>;

/**
 * 张三's record (or another's, by `studentNo`) with `approved` in force and 本人确认 of them done: the national sheet's
 * row, never reported. `content` (the working copy) follows `approved` unless given.
 */
export function aConfirmedDestination(approved: DestinationContent = SHEET_CONTENTS.job, over: Partial<DestinationDoc> = {}): DestinationDoc {
  const studentNo = over.studentNo ?? '2026010101';
  return aDestination('approved', {
    ...tracked(`destination:${studentNo}`, 3),
    content: approved,
    evidence: [aFile()],
    approved: { ...approved, approvedAt: CREATED, evidence: [aFile()] },
    confirmedAt: CREATED,
    confirmedHash: valuesHash(approved),
    ...over,
  });
}
