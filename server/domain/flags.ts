/**
 * 就业核查: the automatic flags a reviewer sees on a destination or an agreement. A flag never blocks a decision; it
 * says what to look at, and why.
 *
 * Pure: the caller loads what the flags compare (the school's library units with the same credit code or name, the
 * student's and the family's phones, the other units that use the same contact) and hands it in (server/app/flags.ts).
 * Each flag's text names the values compared, so that a reviewer can check it without opening another screen.
 */
import type { Attachment, CheckFlag, DestinationContent, DestinationEmployer, EmployerInfo, JobInfo } from '../../typings';
import { isUscc, isUsccAlphabet, normaliseUscc, usccCheckChar } from '../../typings/rules/identifiers';
import { jobCategoryName } from '../../typings/codes/destination';
import { canonicalJson } from './audit';
import { formatTime } from './messages';
import type { AgreementDoc, DestinationDoc } from './types';

/** Each flag's short label, as the queue lists it. */
export const FLAG_LABELS: Record<string, string> = {
  usccChecksum: '统一社会信用代码校验有误',
  usccName: '统一社会信用代码与单位名称不符',
  contactIsStudent: '单位电话为本人或家庭电话',
  sharedContact: '多个单位共用联系方式',
  otherJob: '职位类别为其他人员',
  internshipEvidence: '材料疑为实习/见习证明',
  changedAfterConfirm: '本人确认后有改动',
};

export const flagLabels = (codes: readonly string[]): string[] => codes.map((c) => FLAG_LABELS[c] ?? c);

/** The codes in FLAG_LABELS's order: the order flags are listed in, everywhere. */
export const FLAG_CODES = Object.keys(FLAG_LABELS);

/** 工作职位类别 90 其他人员: the ministry's catch-all, often picked for a job that is no job. */
export const OTHER_JOB_CATEGORY = '90';

/** The unit a destination or an agreement names: the employer of a job, or the student's own business. */
export interface FlagUnit {
  name: string;
  uscc: string;
  contactPhone?: string;
  contactEmail?: string;
}

/** What the flags look at in one record: its unit, its job, its files, and (destinations) what the student confirmed. */
export interface FlagSubject {
  unit: FlagUnit | null;
  jobCategory?: string;
  jobTitle?: string;
  /** the evidence (a destination) or the 就业证明材料 (an agreement), by file id */
  files: readonly string[];
  /** 本人确认 still standing: when, and what changed since in the working values (labels; empty: nothing) */
  confirmation?: { at: string; changed: readonly string[] };
}

/** A unit of the school's employer library (certified), as the credit-code check compares it. */
export interface LibraryUnit {
  name: string;
  uscc: string;
}

/** Another record's unit found with the same contact phone or e-mail. */
export interface ContactUse {
  name: string;
  uscc: string;
  phone?: string;
  email?: string;
}

/** What was loaded for the subject (server/app/flags.ts): the flags compare with nothing else. */
export interface FlagFacts {
  /** library units with the subject's credit code, or with its name */
  library: readonly LibraryUnit[];
  /** the student's own phone and the family's, each with what it is (学生本人的手机号码, 紧急联系人电话) */
  studentPhones: readonly { label: string; phone: string }[];
  /** units of other records (destinations, agreements, the library) that use the subject's contact phone or e-mail */
  contacts: readonly ContactUse[];
}

export const NO_FACTS: FlagFacts = { library: [], studentPhones: [], contacts: [] };

/** Digits only, without China's +86: 010-6275 1234 and 01062751234 are one phone. */
export function normalisePhone(value: string | undefined): string {
  const digits = (value ?? '').replace(/\D/g, '');
  return digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits;
}

export const normaliseEmail = (value: string | undefined): string => (value ?? '').trim().toLowerCase();

/** A unit's name as compared: without spaces, its brackets in one width (（）and () are typed alike). */
export const normaliseName = (value: string): string =>
  value.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');

/** The file's own name from its id (…/uploads/<folder>/<name>): the only name the store keeps of an upload. */
export function fileNameOf(fileId: string): string {
  const last = fileId.split('/').pop() ?? fileId;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * A file name that says internship: 实习 / 见习, or as a name typed on a computer (internship, intern, shixi, jianxi);
 * not "international".
 */
const INTERNSHIP = /实习|见习|internship|(?<![a-z])intern(?![a-z])|shixi|jianxi/i;

function usccChecksum(uscc: string): string | null {
  if (isUscc(uscc)) return null;
  if (uscc.length !== 18) return `统一社会信用代码 ${uscc} 有 ${uscc.length} 位，应为 18 位`;
  if (!isUsccAlphabet(uscc)) return `统一社会信用代码 ${uscc} 含有代码不用的字母（I、O、S、V、Z）`;
  return `统一社会信用代码 ${uscc} 的校验位应为 ${usccCheckChar(uscc) ?? '?'}，填写的是 ${uscc[17]}（按 GB 32100 计算）`;
}

function usccName(unit: FlagUnit, library: readonly LibraryUnit[]): string | null {
  const uscc = normaliseUscc(unit.uscc);
  const name = normaliseName(unit.name);
  const reasons: string[] = [];
  const sameCode = library.filter((l) => normaliseUscc(l.uscc) === uscc && normaliseName(l.name) !== name);
  for (const l of sameCode) reasons.push(`单位库中统一社会信用代码 ${uscc} 的单位是「${l.name}」，与填写的「${unit.name}」不同`);
  const sameName = library.filter((l) => normaliseName(l.name) === name && normaliseUscc(l.uscc) !== uscc);
  for (const l of sameName) reasons.push(`单位库中「${l.name}」的统一社会信用代码是 ${l.uscc}，与填写的 ${uscc} 不同`);
  return reasons.length ? reasons.join('；') : null;
}

function contactIsStudent(unit: FlagUnit, phones: FlagFacts['studentPhones']): string | null {
  const phone = normalisePhone(unit.contactPhone);
  if (!phone) return null;
  const same = [...new Set(phones.filter((p) => normalisePhone(p.phone) === phone).map((p) => p.label))];
  return same.length ? `单位联系电话 ${unit.contactPhone} 与${same.join('、')}相同` : null;
}

/** At most this many other units are named; the rest are counted. */
const NAMED = 3;

function sharedContact(unit: FlagUnit, contacts: readonly ContactUse[]): string | null {
  const uscc = normaliseUscc(unit.uscc);
  const others = contacts.filter((c) => c.uscc && normaliseUscc(c.uscc) !== uscc);
  const reasons: string[] = [];
  const says = (what: string, value: string, users: readonly ContactUse[]) => {
    // one unit may turn up in several records: each is named once
    const units = [...new Map(users.map((u) => [normaliseUscc(u.uscc), u])).values()];
    if (!units.length) return;
    const named = units.slice(0, NAMED).map((u) => `「${u.name}」（${u.uscc}）`).join('、');
    const more = units.length > NAMED ? `等 ${units.length} 个单位` : '';
    reasons.push(`${what} ${value} 也是${named}${more}的联系方式`);
  };
  const phone = normalisePhone(unit.contactPhone);
  if (phone) says('单位联系电话', unit.contactPhone ?? '', others.filter((c) => normalisePhone(c.phone) === phone));
  const email = normaliseEmail(unit.contactEmail);
  if (email) says('单位联系邮箱', unit.contactEmail ?? '', others.filter((c) => normaliseEmail(c.email) === email));
  return reasons.length ? reasons.join('；') : null;
}

function internshipEvidence(files: readonly string[]): string | null {
  const named = files.map(fileNameOf).filter((n) => INTERNSHIP.test(n));
  if (!named.length) return null;
  const words = [...new Set(named.map((n) => INTERNSHIP.exec(n)?.[0] ?? ''))].map((w) => `“${w}”`).join('、');
  return `证明材料${named.map((n) => `「${n}」`).join('、')}的文件名含${words}，像是实习或见习证明：实习或见习证明不能作为就业证明`;
}

/** Every flag that fires on `subject`, each with its reason, in FLAG_CODES's order; empty when none. */
export function checkFlags(subject: FlagSubject, facts: FlagFacts): CheckFlag[] {
  const found: Record<string, string | null> = {};
  const unit = subject.unit && subject.unit.uscc.trim() ? subject.unit : null;
  if (unit) {
    found.usccChecksum = usccChecksum(normaliseUscc(unit.uscc));
    found.usccName = usccName(unit, facts.library);
  }
  if (subject.unit) {
    found.contactIsStudent = contactIsStudent(subject.unit, facts.studentPhones);
    found.sharedContact = sharedContact(subject.unit, facts.contacts);
  }
  if (subject.jobCategory === OTHER_JOB_CATEGORY) {
    const title = subject.jobTitle ? `，岗位名称是「${subject.jobTitle}」` : '';
    found.otherJob = `工作职位类别填的是“${OTHER_JOB_CATEGORY} ${jobCategoryName(OTHER_JOB_CATEGORY) ?? '其他人员'}”${title}，请核对是否有更贴切的类别`;
  }
  found.internshipEvidence = internshipEvidence(subject.files);
  const c = subject.confirmation;
  if (c && c.changed.length) found.changedAfterConfirm = `学生已于 ${formatTime(c.at)} 本人确认，之后改动了${c.changed.join('、')}`;
  return FLAG_CODES.flatMap((code) => (found[code] ? [{ code, label: FLAG_LABELS[code]!, text: found[code]! }] : []));
}

/** What the record stores of its flags: the codes, and whether there are any (the queue's filter). */
export const storedFlags = (flags: readonly CheckFlag[]): { flags: string[]; flagged: boolean } => ({
  flags: flags.map((f) => f.code),
  flagged: flags.length > 0,
});

// ---- the subjects --------------------------------------------------------------------------------------------------

const PART_LABELS: Record<keyof DestinationContent | 'evidence', string> = {
  type: '去向类型',
  pendingKind: '待就业类别',
  employer: '单位信息',
  study: '升学信息',
  abroad: '出国（境）信息',
  business: '创业信息',
  project: '基层项目信息',
  enlistment: '入伍信息',
  freelance: '自由职业信息',
  file: '档案转递',
  hukou: '户口迁移',
  remarks: '备注',
  evidence: '证明材料',
};

const EMPLOYER_LABELS: Record<keyof DestinationEmployer, string> = {
  name: '单位名称',
  uscc: '统一社会信用代码',
  nature: '单位性质',
  industry: '单位行业',
  region: '单位所在地',
  jobCategory: '工作职位类别',
  jobTitle: '岗位名称',
  contactName: '单位联系人',
  contactPhone: '单位联系电话',
  contactEmail: '单位联系邮箱',
};

const same = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/**
 * What differs between the values the student confirmed and the working values, by the form's words: the employer's
 * fields one by one (what a reviewer asks about: the unit's name, its phone), every other part as a whole.
 */
export function changedParts(
  confirmed: DestinationContent & { evidence: readonly Attachment[] },
  working: DestinationContent & { evidence: readonly Attachment[] },
): string[] {
  const changed: string[] = [];
  for (const key of Object.keys(PART_LABELS) as (keyof typeof PART_LABELS)[]) {
    if (key === 'employer' && confirmed.employer && working.employer) {
      for (const f of Object.keys(EMPLOYER_LABELS) as (keyof DestinationEmployer)[]) {
        if (!same(confirmed.employer[f], working.employer[f])) changed.push(EMPLOYER_LABELS[f]);
      }
      continue;
    }
    const [a, b] = key === 'evidence' ? [hashes(confirmed.evidence), hashes(working.evidence)] : [confirmed[key], working[key]];
    if (!same(a, b)) changed.push(PART_LABELS[key]);
  }
  return changed;
}

/** Files compared by content: the same file uploaded again is no change. */
const hashes = (files: readonly Attachment[]): string[] => files.map((f) => f.sha256 || f.fileId).sort();

/** The unit a destination names: its employer, or for 自主创业 the business (which has no contact of its own). */
export function destinationUnit(c: DestinationContent): FlagUnit | null {
  if (c.employer) {
    const e = c.employer;
    return { name: e.name, uscc: e.uscc, contactPhone: e.contactPhone, ...(e.contactEmail ? { contactEmail: e.contactEmail } : {}) };
  }
  if (c.business) return { name: c.business.name, uscc: c.business.uscc };
  return null;
}

/**
 * A destination's working values as the flags see them. The 本人确认 compared is the one standing on the record: the
 * values confirmed are the approved ones (a change of those drops the confirmation), so a working copy that differs
 * from them is a change since.
 */
export function destinationSubject(
  d: Pick<DestinationDoc, 'content' | 'evidence' | 'approved' | 'confirmedAt'>,
): FlagSubject {
  const { content, evidence } = d;
  const confirmation =
    d.confirmedAt && d.approved
      ? { at: d.confirmedAt, changed: changedParts({ ...withoutApproval(d.approved) }, { ...content, evidence }) }
      : undefined;
  return {
    unit: destinationUnit(content),
    ...(content.employer ? { jobCategory: content.employer.jobCategory, jobTitle: content.employer.jobTitle } : {}),
    files: evidence.map((f) => f.fileId),
    ...(confirmation ? { confirmation } : {}),
  };
}

function withoutApproval(a: NonNullable<DestinationDoc['approved']>): DestinationContent & { evidence: Attachment[] } {
  const { approvedAt: _at, ...values } = a;
  return values;
}

/** 工作职位类别 on an agreement's job, once the offer and initiate forms ask for it (older agreements have none). */
type JobWithCategory = JobInfo & { jobCategory?: string };

/** An agreement's unit, job and 就业证明材料 as the flags see them. */
export function agreementSubject(a: Pick<AgreementDoc, 'content' | 'proofFiles'>): FlagSubject {
  const e: EmployerInfo = a.content.employer;
  const job = a.content.job as JobWithCategory;
  return {
    unit: { name: e.name, uscc: e.uscc, contactPhone: e.contactPhone },
    ...(job.jobCategory ? { jobCategory: job.jobCategory } : {}),
    jobTitle: job.title,
    files: a.proofFiles.map((f) => f.fileId),
  };
}

/**
 * The unit's contact as the record stores it beside the content, normalised: a nested field cannot be queried, and the
 * shared-contact flag looks records up by these (server/store/port.ts INDEXES).
 */
export function contactKeys(unit: FlagUnit | null): { contactPhone: string | undefined; contactEmail: string | undefined } {
  // both keys always: a record whose unit went (another type) or lost its e-mail clears what it stored
  return { contactPhone: normalisePhone(unit?.contactPhone) || undefined, contactEmail: normaliseEmail(unit?.contactEmail) || undefined };
}
