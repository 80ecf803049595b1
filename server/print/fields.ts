/**
 * What the printed agreement says, as labelled values: every party, job, file and hukou field in the words a person
 * reads (code-table names, Chinese dates), plus the clauses with their placeholders filled. Pure; render.ts only
 * draws this.
 */
import { EDUCATION_LEVELS, type StructuredTerms } from '../../typings';
import { INSURANCE_KINDS } from '../../typings/rules/terms';
import { industryName, natureName, regionPath } from '../../typings/codes';
import { chineseDate, chineseDay, verificationCode, verifyPath, type Signed } from '../domain/document';
import type { SettingsDoc } from '../domain/types';
import { CLAUSES, CLAUSES_NOTE, FILING_NOTE, type ClauseSection } from './clauses';

/** The school settings the page prints. */
export type PrintSettings = Pick<SettingsDoc, 'schoolName' | 'schoolCode' | 'printCopies' | 'schoolAddress' | 'schoolPhone'>;

/**
 * What the page prints beyond the signed content: the roster's record of the student, and when each party acted.
 * The content seals the 身份证号 masked (it is shown on screens and in 协议核验); the paper is the legal document an
 * employment office files, so it carries the whole number, read from the roster at print time.
 */
export interface PrintRecord {
  /** the whole 身份证号 from the roster */
  idNumber: string;
  /** roster 生源 fields (StudentDoc.source); absent ones print as an empty line to fill in by hand */
  originRegion?: string;
  politicalStatus?: string;
  trainingMode?: string;
  /** ISO times of each party's act, from the audit log; absent: the party has not acted online (filled in by hand) */
  acts: PartyActs;
  /** the student's drawn 签名 as stored (AgreementDoc.studentSignature, its hash checked); absent: a line for the pen */
  signature?: Buffer;
  /**
   * The 备案表's record of the unit's part, once signed: who confirmed the agreement, who uploaded its stamped pages
   * (回传) and when the school verified them (鉴证); a line each, absent when the step did not happen.
   */
  parties?: Field[];
}

export interface PartyActs {
  /** the unit sent (or last edited) its 邀约, or revised the agreement after a return */
  employer?: string;
  /** 应约 or 发起签约 (its last submission) */
  student?: string;
  /** 院系审核通过 */
  college?: string;
  /** 学校审核通过 */
  school?: string;
}

/** A seal block: who, what they sign or stamp, and the date line (empty when the party has not acted online). */
export interface SealBlock {
  party: string;
  lines: string[];
  /** e.g. 应约日期：2026年3月1日, or 日期：　年　月　日 left for the pen */
  date: string;
  /** a short grey note under the lines */
  note?: string;
  /** the drawn 签名 (a PNG as stored), printed under the signature line */
  signature?: Buffer;
}

export interface Field {
  label: string;
  value: string;
  /** takes a whole row */
  wide?: boolean;
}

export interface PrintModel {
  agreementNo: string;
  code: string;
  signedDate: string;
  /** what the QR code encodes, before each page adds its place (verifyPath's PagePlace) */
  verifyTarget: string;
  employer: Field[];
  student: Field[];
  school: Field[];
  job: Field[];
  file: Field[];
  hukou: Field[];
  /** 报到证 (abolished in 2023): only on legacy records */
  legacy: Field[];
  remarks: string;
  clausesNote: string;
  clauses: ClauseSection[];
  /** the three parties' blocks, then the blocks of the unit's 上级主管部门 and of the 档案接收单位 */
  seals: SealBlock[];
  sealsExtra: SealBlock[];
  filing: Field[];
  /** 单位确认、盖章回传与学校鉴证 (PrintRecord.parties); empty: no block */
  filingParties: Field[];
  filingSeals: SealBlock[];
  filingNote: string;
}

/** An unsigned party's date line: blank, for the pen. */
export const BLANK_DATE = '日期：　　　　年　　月　　日';
const dated = (act: string, iso: string | undefined): string => (iso ? `${act}日期：${chineseDate(iso)}` : BLANK_DATE);

const NONE = '—';

/** Placeholder names of a code table that say nothing on paper (北京市市辖区东城区 → 北京市东城区). */
const FILLER = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

export const regionText = (code: string): string =>
  regionPath(code)?.filter((n) => !FILLER.has(n)).join('') ?? code;

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 4 → 四, 12 → 十二, 20 → 二十 (copies are counted in words on Chinese contracts). */
export function chineseCount(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

/**
 * The structured terms as clauses, in the order the student checked them before 应约: who employs (劳务派遣), the trial,
 * what binds (服务期), what is paid (五险一金), what leaving costs (违约金). Every one is printed, "none" included: an
 * office reads a term left out as a term forgotten.
 */
export function structuredClauses(t: StructuredTerms): ClauseSection {
  const has = (n: number | undefined): n is number => typeof n === 'number' && n > 0;
  const unit = t.dispatchUnitName?.trim();
  const chosen = INSURANCE_KINDS.filter((k) => t.insurance?.includes(k.kind));
  const missing = INSURANCE_KINDS.filter((k) => !chosen.includes(k));
  const items = [
    t.dispatched
      ? `乙方以劳务派遣方式用工，劳务派遣单位为${unit || '＿＿＿＿＿＿'}，劳动合同由劳务派遣单位与乙方订立。`
      : '乙方由甲方直接用工，不属于劳务派遣。',
    has(t.trialMonths)
      ? `乙方试用期为 ${t.trialMonths} 个月，包含在劳动合同期限内。`
      : has(t.internshipMonths)
        ? `乙方见习期为 ${t.internshipMonths} 个月。`
        : '本协议不约定试用期和见习期。',
    has(t.serviceYears) ? `乙方服务期为 ${t.serviceYears} 年，自报到之日起计算。` : '本协议不约定服务期。',
    chosen.length === INSURANCE_KINDS.length
      ? `甲方为乙方缴纳${chosen.map((k) => k.label).join('、')}。`
      : chosen.length
        ? `甲方为乙方缴纳${chosen.map((k) => k.label).join('、')}；本协议未约定${missing.map((k) => k.label).join('、')}。`
        : '本协议未约定五险一金的缴纳项目。',
    has(t.penaltyYuan) ? `违约金为人民币 ${t.penaltyYuan} 元，由违约方向守约方支付。` : '本协议不约定违约金。',
  ];
  return { heading: '约定条款', items };
}

/** The school's clauses, with the structured terms' section before 违约责任 and the headings after it renumbered. */
function clausesWith(structured: StructuredTerms | undefined, values: Record<string, string>): ClauseSection[] {
  const school = CLAUSES.map((c) => ({ heading: fill(c.heading, values), items: c.items.map((i) => fill(i, values)) }));
  if (!structured) return school;
  // before the first section about breach, else last
  const at = school.findIndex((c) => c.heading.includes('违约'));
  const place = at < 0 ? school.length : at;
  const sections = [...school.slice(0, place), structuredClauses(structured), ...school.slice(place)];
  return sections.map((c, i) => ({ ...c, heading: `${chineseCount(i + 1)}、${c.heading.replace(/^[一二三四五六七八九十]+、/, '')}` }));
}

const fill = (text: string, values: Record<string, string>): string =>
  text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);

const orNone = (value: string | undefined): string => (value && value.trim() ? value.trim() : NONE);
/** A roster or settings value the school has not recorded: an empty cell, filled in by hand. */
const orBlank = (value: string | undefined): string => value?.trim() ?? '';

export function printModel(
  a: Signed & { agreementNo: string; signedAt: string },
  settings: PrintSettings,
  record: PrintRecord,
): PrintModel {
  const { student: s, employer: e, job, file, hukou } = a.content;
  const code = verificationCode(a);
  const values = { school: settings.schoolName, copies: chineseCount(settings.printCopies) };
  const nature = natureName(e.nature) ?? e.nature;
  // the 大类 alone (软件和信息技术服务业): its 门类 would repeat the same words
  const industry = industryName(e.industry) ?? e.industry;
  const studentAct = a.origin === 'offer' ? '应约' : '发起签约';
  const { acts } = record;
  const education = EDUCATION_LEVELS[s.educationLevel] ?? s.educationLevel;
  const fileTransfer = file.transfer ? '转递至档案接收单位' : '不转递';
  const hukouMigrate = hukou.migrate ? '迁移' : '不迁移';
  return {
    agreementNo: a.agreementNo,
    code,
    signedDate: chineseDate(a.signedAt),
    verifyTarget: verifyPath(a.agreementNo, code),
    employer: [
      { label: '单位名称', value: e.name, wide: true },
      { label: '统一社会信用代码', value: e.uscc },
      { label: '单位性质', value: nature },
      { label: '单位行业', value: industry },
      { label: '单位所在地', value: regionText(e.region) },
      { label: '单位地址', value: e.address, wide: true },
      { label: '单位联系人', value: e.contactName },
      { label: '联系电话', value: e.contactPhone },
    ],
    student: [
      { label: '姓名', value: s.name },
      { label: '性别', value: s.gender },
      { label: '学号', value: s.studentNo },
      { label: '身份证号', value: record.idNumber },
      { label: '院系', value: s.collegeName },
      { label: '专业', value: s.major },
      { label: '学历', value: education },
      { label: '毕业年份', value: `${s.graduationYear}年` },
      { label: '政治面貌', value: orBlank(record.politicalStatus) },
      { label: '培养方式', value: orBlank(record.trainingMode) },
      { label: '生源地', value: record.originRegion ? regionText(record.originRegion) : '' },
      { label: '联系电话', value: orNone(s.phone) },
    ],
    school: [
      { label: '学校名称', value: settings.schoolName },
      { label: '学校代码', value: settings.schoolCode },
      { label: '通讯地址', value: orBlank(settings.schoolAddress), wide: true },
      { label: '联系电话', value: orBlank(settings.schoolPhone) },
    ],
    job: [
      { label: '岗位名称', value: job.title },
      { label: '工作地点', value: regionText(job.region) },
      // 税前 said where the structured terms were asked; an older agreement prints as it always did
      { label: a.content.structured ? '月薪（税前）' : '月薪', value: `${job.monthlySalary} 元` },
      { label: '合同期限', value: `${job.contractYears} 年` },
      { label: '报到日期', value: chineseDay(job.startDate) },
      { label: '岗位说明', value: orNone(job.description), wide: true },
    ],
    file: [
      { label: '档案转递', value: fileTransfer },
      { label: '邮政编码', value: orNone(file.postcode) },
      { label: '档案接收单位', value: orNone(file.receiver), wide: true },
      { label: '档案接收地址', value: orNone(file.address), wide: true },
    ],
    hukou: [
      { label: '户口迁移', value: hukouMigrate },
      { label: '户口迁移地址', value: orNone(hukou.address) },
    ],
    legacy: a.content.legacyReportCardUnit?.trim()
      ? [{ label: '报到证签发单位（历史记录）', value: a.content.legacyReportCardUnit.trim(), wide: true }]
      : [],
    remarks: orNone(a.content.remarks) === NONE ? '无' : a.content.remarks!.trim(),
    clausesNote: CLAUSES_NOTE,
    clauses: clausesWith(a.content.structured, values),
    seals: [
      {
        party: '甲方（用人单位）意见',
        lines: ['单位（盖章）', '经办人（签字）：'],
        // an offer's terms are the unit's word, given online when it sent them
        date: dated('邀约', acts.employer),
      },
      {
        party: '乙方（毕业生）意见',
        lines: ['毕业生（签字）：'],
        date: dated(studentAct, acts.student),
        ...(record.signature ? { signature: record.signature } : {}),
      },
      { party: '丙方（学校）意见', lines: ['学校就业主管部门（盖章）', '经办人（签字）：'], date: dated('审核通过', acts.school) },
    ],
    sealsExtra: [
      {
        party: '用人单位上级主管部门意见',
        lines: ['主管部门（盖章）'],
        date: BLANK_DATE,
        note: '甲方无人事接收权限的，由其上级主管部门或所在地人才服务机构签章',
      },
      {
        party: '档案接收单位意见',
        lines: ['档案接收单位（盖章）'],
        date: BLANK_DATE,
        note: file.transfer ? '档案转递至上列档案接收单位的，由该单位签章' : '档案不转递的，此栏不填',
      },
    ],
    filing: [
      { label: '协议编号', value: a.agreementNo },
      { label: '签约日期', value: chineseDate(a.signedAt) },
      { label: '姓名', value: s.name },
      { label: '学号', value: s.studentNo },
      { label: '性别', value: s.gender },
      { label: '学历', value: education },
      { label: '院系', value: s.collegeName },
      { label: '专业', value: s.major },
      { label: '单位名称', value: e.name, wide: true },
      { label: '统一社会信用代码', value: e.uscc },
      { label: '单位性质', value: nature },
      { label: '单位行业', value: industry },
      { label: '单位所在地', value: regionText(e.region) },
      { label: '岗位名称', value: job.title },
      { label: '工作地点', value: regionText(job.region) },
      { label: '报到日期', value: chineseDay(job.startDate) },
      { label: '合同期限', value: `${job.contractYears} 年` },
      { label: '档案转递', value: file.transfer ? `转递：${orNone(file.receiver)}` : '不转递', wide: true },
      { label: '户口迁移', value: hukou.migrate ? `迁移：${orNone(hukou.address)}` : '不迁移', wide: true },
    ],
    filingParties: record.parties ?? [],
    filingSeals: [
      { party: '院系意见', lines: ['院系（盖章）', '审核人（签字）：'], date: dated('审核通过', acts.college) },
      { party: '学校就业主管部门意见', lines: ['学校（盖章）', '审核人（签字）：'], date: dated('审核通过', acts.school) },
    ],
    filingNote: fill(FILING_NOTE, values),
  };
}
