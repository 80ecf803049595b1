/**
 * What the printed agreement says, as labelled values: every party, job, file and hukou field in the words a person
 * reads (code-table names, Chinese dates), plus the clauses with their placeholders filled. Pure; render.ts only
 * draws this.
 */
import { EDUCATION_LEVELS } from '../../typings';
import { industryName, natureName, regionPath } from '../../typings/codes';
import { chineseDate, chineseDay, verificationCode, verifyPath, type Signed } from '../domain/document';
import type { SettingsDoc } from '../domain/types';
import { CLAUSES, CLAUSES_NOTE, FILING_NOTE, type ClauseSection } from './clauses';

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
  /** what the QR code encodes */
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
  filing: Field[];
  filingNote: string;
}

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

const fill = (text: string, values: Record<string, string>): string =>
  text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);

const orNone = (value: string | undefined): string => (value && value.trim() ? value.trim() : NONE);

export function printModel(
  a: Signed & { agreementNo: string; signedAt: string },
  settings: Pick<SettingsDoc, 'schoolName' | 'schoolCode' | 'printCopies'>,
): PrintModel {
  const { student: s, employer: e, job, file, hukou } = a.content;
  const code = verificationCode(a);
  const values = { school: settings.schoolName, copies: chineseCount(settings.printCopies) };
  const nature = natureName(e.nature) ?? e.nature;
  const industry = industryName(e.industry) ?? e.industry;
  const education = EDUCATION_LEVELS[s.educationLevel] ?? s.educationLevel;
  const fileTransfer = file.transfer ? '转递至接收单位' : '不转递';
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
      { label: '所属行业', value: industry },
      { label: '单位所在地', value: regionText(e.region) },
      { label: '单位地址', value: e.address, wide: true },
      { label: '联系人', value: e.contactName },
      { label: '联系电话', value: e.contactPhone },
    ],
    student: [
      { label: '姓名', value: s.name },
      { label: '性别', value: s.gender },
      { label: '学号', value: s.studentNo },
      { label: '身份证号', value: s.idNumberMasked },
      { label: '学院', value: s.collegeName },
      { label: '专业', value: s.major },
      { label: '学历', value: education },
      { label: '毕业年份', value: `${s.graduationYear}年` },
      { label: '联系电话', value: orNone(s.phone) },
    ],
    school: [
      { label: '学校名称', value: settings.schoolName },
      { label: '学校代码', value: settings.schoolCode },
    ],
    job: [
      { label: '岗位名称', value: job.title },
      { label: '工作地点', value: regionText(job.region) },
      { label: '月薪', value: `${job.monthlySalary} 元` },
      { label: '合同期限', value: `${job.contractYears} 年` },
      { label: '报到日期', value: chineseDay(job.startDate) },
      { label: '岗位说明', value: orNone(job.description), wide: true },
    ],
    file: [
      { label: '档案转递', value: fileTransfer },
      { label: '邮政编码', value: orNone(file.postcode) },
      { label: '接收单位', value: orNone(file.receiver), wide: true },
      { label: '接收地址', value: orNone(file.address), wide: true },
    ],
    hukou: [
      { label: '户口迁移', value: hukouMigrate },
      { label: '迁移地址', value: orNone(hukou.address) },
    ],
    legacy: a.content.legacyReportCardUnit?.trim()
      ? [{ label: '报到证签发单位（历史记录）', value: a.content.legacyReportCardUnit.trim(), wide: true }]
      : [],
    remarks: orNone(a.content.remarks) === NONE ? '无' : a.content.remarks!.trim(),
    clausesNote: CLAUSES_NOTE,
    clauses: CLAUSES.map((c) => ({ heading: fill(c.heading, values), items: c.items.map((i) => fill(i, values)) })),
    filing: [
      { label: '协议编号', value: a.agreementNo },
      { label: '签约日期', value: chineseDate(a.signedAt) },
      { label: '姓名', value: s.name },
      { label: '学号', value: s.studentNo },
      { label: '性别', value: s.gender },
      { label: '学历', value: education },
      { label: '学院', value: s.collegeName },
      { label: '专业', value: s.major },
      { label: '单位名称', value: e.name, wide: true },
      { label: '统一社会信用代码', value: e.uscc },
      { label: '单位性质', value: nature },
      { label: '所属行业', value: industry },
      { label: '单位所在地', value: regionText(e.region) },
      { label: '岗位名称', value: job.title },
      { label: '工作地点', value: regionText(job.region) },
      { label: '报到日期', value: chineseDay(job.startDate) },
      { label: '合同期限', value: `${job.contractYears} 年` },
      { label: '档案转递', value: file.transfer ? `转递：${orNone(file.receiver)}` : '不转递', wide: true },
      { label: '户口迁移', value: hukou.migrate ? `迁移：${orNone(hukou.address)}` : '不迁移', wide: true },
    ],
    filingNote: fill(FILING_NOTE, values),
  };
}
