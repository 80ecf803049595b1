/**
 * The national upload sheet (毕业去向 上报): one row per graduate with approved values and 本人确认, in the columns
 * and codes of the ministry's data standard, and the checks the province's import applies, so that a row that would
 * fail there is refused here with its row and column instead of being uploaded. Pure: the command loads and writes.
 *
 * How each column is filled, and the decisions behind it, are in docs/national-export.md.
 */
import type { DestinationContent, ReportState } from '../../typings';
import { EDUCATION_LEVELS } from '../../typings';
import { industryTree, isIndustryCode, isRegionCode, natureName } from '../../typings/codes';
import { DESTINATION_TYPES, MINISTRY_INDUSTRIES, destinationType, jobCategoryName, type DestinationPart } from '../../typings/codes/destination';
import { isIdNumber, isUscc } from '../../server/domain/identifiers';
import { isConfirmed, needsUpload, reportStateOf, valuesHash } from '../../server/domain/nationalReport';
import type { DestinationDoc, StudentDoc } from '../../server/domain/types';
import { regionText } from '../../server/print/fields';
import { ethnicityCode, politicalCode, trainingCode } from '../import/personCodes';
import type { Column } from './report';

/** The standard's columns, in its order; the last seven are the 报到证's, abolished in 2023 and left empty. */
export const NATIONAL_HEADERS = [
  'Ksh', 'Xm', 'Sfzh', 'Xbdm', 'Xb', 'Mzdm', 'Mz', 'Zzmmdm', 'Zzmm', 'Yxdm', 'Yx', 'Szyx', 'Szbj', 'Xh', 'Xldm', 'Xl',
  'Zydm', 'Zy', 'Zyfx', 'Pyfsdm', 'Dxhwpdw', 'Pyfs', 'Syszddm', 'Syszd', 'Xz', 'Rxsj', 'Bysj', 'Knslbdm', 'Knslb',
  'Sfslbdm', 'Sfslb', 'Byqxdm', 'Byqx', 'Dwzzjgdm', 'Dwmc', 'Dwxzdm', 'Dwxz', 'Dwhydm', 'Dwhy', 'Dwszddm', 'Dwszd',
  'Gzzwlbdm', 'Gzzwlb', 'Bdzqflbdm', 'Bdzqflb', 'Bdzqwdwmc', 'Qwdwszddm', 'Qwdwszd', 'bdzbh', 'Bdqssj',
] as const;
export type NationalHeader = (typeof NATIONAL_HEADERS)[number];

/** What each column holds, for the refusal messages: the province's import names columns by their code. */
export const NATIONAL_LABELS: Record<NationalHeader, string> = {
  Ksh: '考生号', Xm: '姓名', Sfzh: '身份证号', Xbdm: '性别代码', Xb: '性别', Mzdm: '民族代码', Mz: '民族',
  Zzmmdm: '政治面貌代码', Zzmm: '政治面貌', Yxdm: '院校代码', Yx: '院校名称', Szyx: '所在院系', Szbj: '所在班级', Xh: '学号',
  Xldm: '学历代码', Xl: '学历', Zydm: '专业代码', Zy: '专业名称', Zyfx: '专业方向', Pyfsdm: '培养方式代码',
  Dxhwpdw: '定向或委培单位', Pyfs: '培养方式', Syszddm: '生源所在地代码', Syszd: '生源所在地', Xz: '学制', Rxsj: '入学时间',
  Bysj: '毕业时间', Knslbdm: '困难生类别代码', Knslb: '困难生类别', Sfslbdm: '师范生类别代码', Sfslb: '师范生类别',
  Byqxdm: '毕业去向代码', Byqx: '毕业去向', Dwzzjgdm: '统一社会信用代码', Dwmc: '单位名称', Dwxzdm: '单位性质代码',
  Dwxz: '单位性质', Dwhydm: '单位行业代码', Dwhy: '单位行业', Dwszddm: '单位所在地代码', Dwszd: '单位所在地',
  Gzzwlbdm: '工作职位类别代码', Gzzwlb: '工作职位类别', Bdzqflbdm: '报到证签发类别代码', Bdzqflb: '报到证签发类别',
  Bdzqwdwmc: '报到证签往单位名称', Qwdwszddm: '签往单位所在地代码', Qwdwszd: '签往单位所在地', bdzbh: '报到证编号',
  Bdqssj: '报到起始时间',
};

const WIDE: Partial<Record<NationalHeader, number>> = { Xm: 10, Sfzh: 20, Yx: 16, Szyx: 16, Xh: 14, Zy: 18, Syszd: 20, Dwzzjgdm: 20, Dwmc: 28, Dwxz: 12, Dwhy: 22, Dwszd: 20, Gzzwlb: 16 };

/** Every cell is text ('@'): codes keep their leading zero and 身份证号 its eighteen digits when someone edits the file. */
export const NATIONAL_COLUMNS: Column[] = NATIONAL_HEADERS.map((header) => ({ header, width: WIDE[header] ?? 9, numFmt: '@' }));

export interface School {
  code: string;
  name: string;
}

/** A cell the province's checks would reject, and why (Chinese, naming the value). */
export interface Problem {
  column: NationalHeader;
  message: string;
}

type Cells = Partial<Record<NationalHeader, string>>;

/** GB/T 2261.1 性别代码, two digits as the sheet writes every code. */
const GENDER_CODES: Record<string, string> = { 男: '01', 女: '02' };

/** The ministry's two-digit 单位行业 of a GB/T 4754 门类 letter or of a 大类 (through its 门类). */
function ministryIndustry(code: string): { code: string; name: string } | null {
  const section = /^[A-Z]$/.test(code) ? code : industryTree.find((s) => s.s?.some((d) => d.c === code))?.c;
  return MINISTRY_INDUSTRIES.entries.find((e) => e.section === section) ?? null;
}

/** The roster's columns: who the graduate is, as 学籍 has it. Codes the roster does not hold stay empty. */
function studentCells(student: StudentDoc, school: School, problems: Problem[]): Cells {
  const cells: Cells = { Xm: student.name, Sfzh: student.idNumber, Xh: student.studentNo, Yxdm: school.code, Yx: school.name, Szyx: student.collegeName, Zy: student.major };
  if (!student.name.trim()) problems.push({ column: 'Xm', message: '名单中姓名为空' });
  if (!isIdNumber(student.idNumber)) problems.push({ column: 'Sfzh', message: `身份证号「${student.idNumber}」不是有效的 18 位号码` });
  if (!/^\d{5}$/.test(school.code)) problems.push({ column: 'Yxdm', message: `学校设置中的学校代码「${school.code}」不是 5 位数字` });

  const gender = GENDER_CODES[student.gender];
  if (gender) Object.assign(cells, { Xbdm: gender, Xb: student.gender });
  else problems.push({ column: 'Xbdm', message: `性别「${student.gender}」应为 男 或 女` });

  const level = EDUCATION_LEVELS[student.educationLevel];
  if (level) Object.assign(cells, { Xldm: student.educationLevel, Xl: level });
  else problems.push({ column: 'Xldm', message: `学历代码「${student.educationLevel}」不在学历代码表中` });

  // 民族, 政治面貌, 培养方式, 生源地: optional in the roster; a value is reported with its code, an unknown one refused
  const coded = (value: string | undefined, code: (v: string) => string | null, column: NationalHeader, name: NationalHeader, table: string): void => {
    if (!value) return;
    const c = code(value);
    if (c) Object.assign(cells, { [column]: c, [name]: value });
    else problems.push({ column, message: `${NATIONAL_LABELS[name]}「${value}」不在${table}中` });
  };
  coded(student.source.ethnicity, ethnicityCode, 'Mzdm', 'Mz', '民族代码表（GB/T 3304）');
  coded(student.source.politicalStatus, politicalCode, 'Zzmmdm', 'Zzmm', '政治面貌代码表（GB/T 4762）');
  coded(student.source.trainingMode, trainingCode, 'Pyfsdm', 'Pyfs', '培养方式代码表');
  coded(student.source.originRegion, (v) => (isRegionCode(v) ? v : null), 'Syszddm', 'Syszd', '行政区划代码（GB/T 2260）');
  if (cells.Syszddm) cells.Syszd = regionText(cells.Syszddm);
  return cells;
}

/** Where each of a type's parts lands in the sheet when it is missing, or present on a type that has none of it. */
const PART_COLUMN: Record<DestinationPart, 'Dwmc' | 'Dwszddm'> = {
  employer: 'Dwmc',
  study: 'Dwmc',
  abroad: 'Dwmc',
  business: 'Dwmc',
  project: 'Dwmc',
  enlistment: 'Dwszddm',
  freelance: 'Dwszddm',
};
const PART_LABELS: Record<DestinationPart, string> = {
  employer: '就业单位',
  study: '升学信息',
  abroad: '出国（境）信息',
  business: '创业信息',
  project: '基层项目信息',
  enlistment: '入伍信息',
  freelance: '自由职业信息',
};
const PARTS = Object.keys(PART_COLUMN) as DestinationPart[];

/** A 6-digit region code the standard's table holds (a county, or a city without counties). */
function region(code: string | undefined, column: NationalHeader, cells: Cells, problems: Problem[]): void {
  if (!code) problems.push({ column, message: `缺少${NATIONAL_LABELS[column]}` });
  else if (!isRegionCode(code)) problems.push({ column, message: `${NATIONAL_LABELS[column]}「${code}」不是有效的行政区划代码` });
  else Object.assign(cells, { [column]: code, [column.replace(/dm$/, '')]: regionText(code) });
}

function required(value: string | undefined, column: NationalHeader, cells: Cells, problems: Problem[]): void {
  if (value?.trim()) cells[column] = value.trim();
  else problems.push({ column, message: `缺少${NATIONAL_LABELS[column]}` });
}

function creditCode(value: string | undefined, cells: Cells, problems: Problem[]): void {
  if (!value?.trim()) problems.push({ column: 'Dwzzjgdm', message: '缺少统一社会信用代码' });
  else if (!isUscc(value.trim())) problems.push({ column: 'Dwzzjgdm', message: `统一社会信用代码「${value}」校验位不正确（GB 32100）` });
  else cells.Dwzzjgdm = value.trim();
}

/**
 * The destination's columns and the standard's cross-field rules: a job type has an employer with a job-type
 * 单位性质, 行业, 所在地 and 工作职位类别; 升学 and 出国 name the school (Dwmc) and have no employer; 待就业 and 暂不就业
 * have no unit at all; a part of another type is refused, not dropped.
 */
function destinationCells(content: DestinationContent, problems: Problem[]): Cells {
  const type = destinationType(content.type);
  if (!type) {
    problems.push({ column: 'Byqxdm', message: `毕业去向代码「${content.type}」不在毕业去向代码表（${DESTINATION_TYPES.version}）中` });
    return {};
  }
  const cells: Cells = { Byqxdm: type.code, Byqx: type.name };
  for (const part of PARTS) {
    const present = content[part] !== undefined;
    if (present && !type.parts.includes(part)) {
      const message = part === 'employer' ? `毕业去向为「${type.name}」，不应填写就业单位` : `毕业去向为「${type.name}」，不应有${PART_LABELS[part]}`;
      problems.push({ column: PART_COLUMN[part], message });
    } else if (!present && type.parts.includes(part)) {
      problems.push({ column: PART_COLUMN[part], message: `毕业去向为「${type.name}」，缺少${PART_LABELS[part]}` });
    }
  }
  const { employer, study, abroad, business, project, enlistment, freelance } = content;
  if (type.parts.includes('employer') && employer) {
    required(employer.name, 'Dwmc', cells, problems);
    creditCode(employer.uscc, cells, problems);
    const nature = employer.nature;
    if (!nature) problems.push({ column: 'Dwxzdm', message: '缺少单位性质代码' });
    else if (type.natures && !type.natures.includes(nature)) {
      problems.push({ column: 'Dwxzdm', message: `单位性质「${nature}」不是就业单位的性质，「${type.name}」须为就业类单位性质` });
    } else if (!natureName(nature)) problems.push({ column: 'Dwxzdm', message: `单位性质代码「${nature}」不在单位性质代码表中` });
    else Object.assign(cells, { Dwxzdm: nature, Dwxz: natureName(nature) });
    const industry = employer.industry ? ministryIndustry(employer.industry) : null;
    if (!employer.industry) problems.push({ column: 'Dwhydm', message: '缺少单位行业代码' });
    else if (!isIndustryCode(employer.industry) || !industry) {
      problems.push({ column: 'Dwhydm', message: `单位行业「${employer.industry}」不是 GB/T 4754 的门类或大类代码` });
    } else Object.assign(cells, { Dwhydm: industry.code, Dwhy: industry.name });
    region(employer.region, 'Dwszddm', cells, problems);
    const job = employer.jobCategory;
    if (!job) problems.push({ column: 'Gzzwlbdm', message: '缺少工作职位类别代码' });
    else if (!jobCategoryName(job)) problems.push({ column: 'Gzzwlbdm', message: `工作职位类别代码「${job}」不在工作职位类别代码表中` });
    else Object.assign(cells, { Gzzwlbdm: job, Gzzwlb: jobCategoryName(job) });
  }
  if (type.parts.includes('study') && study) required(study.school, 'Dwmc', cells, problems);
  if (type.parts.includes('abroad') && abroad) required(abroad.institution, 'Dwmc', cells, problems);
  if (type.parts.includes('business') && business) {
    required(business.name, 'Dwmc', cells, problems);
    creditCode(business.uscc, cells, problems);
    region(business.region, 'Dwszddm', cells, problems);
  }
  if (type.parts.includes('project') && project) {
    required(project.serviceUnit, 'Dwmc', cells, problems);
    region(project.region, 'Dwszddm', cells, problems);
  }
  if (type.parts.includes('enlistment') && enlistment) region(enlistment.region, 'Dwszddm', cells, problems);
  if (type.parts.includes('freelance') && freelance) region(freelance.region, 'Dwszddm', cells, problems);
  return cells;
}

/** One graduate's row in the standard's order (every cell text, '' where the standard's column has nothing), or why not. */
export function nationalRow(student: StudentDoc, content: DestinationContent, school: School): { cells: string[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const cells = { ...studentCells(student, school, problems), ...destinationCells(content, problems) };
  return { cells: NATIONAL_HEADERS.map((h) => cells[h] ?? ''), problems };
}

// ---- which rows, and what the command reports ------------------------------------------------------------------

export interface NationalOptions {
  /** `--since last`: only rows whose values in force the province lacks (nationalReport.ts `needsUpload`) */
  sinceLast: boolean;
}

export interface Graduate {
  studentNo: string;
  name: string;
  collegeName: string;
}

/** A row refused: the sheet's row it would have had (the header is row 1), its column, the student and why. */
export interface Refused extends Problem {
  row: number;
  student: Graduate;
}

/** A row written, and what marking it reported records. */
export interface Exported {
  id: string;
  version: number;
  hash: string;
  state: ReportState;
}

/**
 * The export's plan, fed one page of records at a time (never the whole store in memory): the rows to write, the
 * rows refused, the graduates still to confirm, and counts by report state.
 */
export class NationalPlan {
  readonly refused: Refused[] = [];
  readonly unconfirmed: Graduate[] = [];
  readonly exported: Exported[] = [];
  /** report state of every approved record, exported or not */
  readonly states: Record<ReportState, number> = { new: 0, changed: 0, reported: 0, recheck: 0 };
  /** records never approved: no values in force, no row */
  notApproved = 0;
  /** rows left out by --since last: their values in force are the ones reported */
  unchanged = 0;
  /** the sheet's next row, were nothing refused */
  private row = 2;

  constructor(
    private readonly school: School,
    private readonly options: NationalOptions,
  ) {}

  /** The rows of one page to write; `students` by 学号 (a record whose student left the roster is refused). */
  add(docs: readonly DestinationDoc[], students: ReadonlyMap<string, StudentDoc>): string[][] {
    const rows: string[][] = [];
    for (const doc of docs) {
      if (!doc.approved) {
        this.notApproved += 1;
        continue;
      }
      const state = reportStateOf(doc);
      this.states[state] += 1;
      const student = students.get(doc.studentNo);
      const graduate = { studentNo: doc.studentNo, name: student?.name ?? doc.studentName, collegeName: student?.collegeName ?? '' };
      if (!isConfirmed(doc)) {
        this.unconfirmed.push(graduate);
        continue;
      }
      if (this.options.sinceLast && !needsUpload(doc)) {
        this.unchanged += 1;
        continue;
      }
      const row = this.row++;
      if (!student) {
        this.refused.push({ row, column: 'Xh', message: '学校名单中没有该学号', student: graduate });
        continue;
      }
      const built = nationalRow(student, doc.approved, this.school);
      if (built.problems.length > 0) {
        for (const p of built.problems) this.refused.push({ ...p, row, student: graduate });
        continue;
      }
      rows.push(built.cells);
      this.exported.push({ id: doc._id, version: doc.version, hash: valuesHash(doc.approved), state });
    }
    return rows;
  }

  /** The refusals as the command lists them: 第 N 行 Column（名称）学号 姓名：why. */
  refusalLines(): string[] {
    return this.refused.map((r) => `第 ${r.row} 行 ${r.column}（${NATIONAL_LABELS[r.column]}）${r.student.studentNo} ${r.student.name}：${r.message}`);
  }
}
