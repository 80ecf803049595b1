/**
 * 学校名单 rows: the roster entry's school-owned fields. The 生源 fields the school owns come from the 生源核查
 * form's field list (checkFields.ts), so a school field added there needs a column here (a test holds this).
 */
import type { EducationLevel } from '../../typings';
import { SOURCE_FIELDS } from '../../server/domain/checkFields';
import { isIdNumber } from '../../server/domain/identifiers';
import type { College, StudentDoc } from '../../server/domain/types';
import { educationLevel, region } from './codes';
import { Refusal } from '../define';
import type { ColumnSpec } from './columns';
import { ethnicity, politicalStatus, trainingMode } from './personCodes';
import type { RowReader } from './rows';

/** Fields of the roster entry itself; every other school-owned 生源 field lives in `source`. */
const ENTRY_FIELDS = new Set<string>(['studentNo', 'name', 'gender', 'idNumber', 'collegeName', 'major', 'educationLevel', 'graduationYear']);

/** The school-owned 生源 fields kept in `StudentDoc.source`. */
export const SOURCE_KEYS: readonly string[] = SOURCE_FIELDS.filter((f) => f.owner === 'school' && !ENTRY_FIELDS.has(f.key)).map((f) => f.key);

export type RosterKey =
  | 'studentNo'
  | 'name'
  | 'idNumber'
  | 'college'
  | 'major'
  | 'educationLevel'
  | 'graduationYear'
  | 'gender'
  | 'ethnicity'
  | 'politicalStatus'
  | 'trainingMode'
  | 'originRegion';

const col = (key: RosterKey, header: string, required: boolean, aliases: string[] = []): ColumnSpec<RosterKey> => ({ key, header, required, aliases });

export const ROSTER_COLUMNS: readonly ColumnSpec<RosterKey>[] = [
  col('studentNo', '学号', true, ['学生学号', '学生编号']),
  col('name', '姓名', true, ['学生姓名']),
  col('idNumber', '身份证号', true, ['身份证号码', '身份证件号', '身份证件号码', '证件号码', '公民身份号码']),
  col('college', '学院', true, ['院系', '所在学院', '所在院系', '学院名称', '院系名称', '学院代码', '院系代码']),
  col('major', '专业', true, ['专业名称', '所学专业']),
  col('educationLevel', '学历', true, ['学历层次', '培养层次', '学历代码']),
  col('graduationYear', '毕业年份', true, ['毕业年度', '毕业届别', '届别', '毕业时间']),
  col('gender', '性别', false),
  col('ethnicity', '民族', false, ['民族代码']),
  col('politicalStatus', '政治面貌', false, ['政治面貌代码']),
  col('trainingMode', '培养方式', false, ['培养方式代码']),
  col('originRegion', '生源地', false, ['生源所在地', '生源地代码', '生源地区']),
];

/** The 生源 fields this import fills, by the `source` key they are stored under. */
const SOURCE_COLUMNS: Record<string, RosterKey> = {
  ethnicity: 'ethnicity',
  politicalStatus: 'politicalStatus',
  trainingMode: 'trainingMode',
  originRegion: 'originRegion',
};
export const sourceColumn = (key: string): RosterKey | undefined => SOURCE_COLUMNS[key];

export interface RosterEntry {
  row: number;
  studentNo: string;
  name: string;
  idNumber: string;
  gender: string;
  collegeId: string;
  collegeName: string;
  major: string;
  educationLevel: EducationLevel;
  graduationYear: number;
  /** 生源 fields whose column is in the file: the value, or null where the cell is blank (the school has none) */
  source: Record<string, string | null>;
}

export interface RosterContext {
  colleges: readonly College[];
}

export function rosterContext(colleges: readonly College[]): RosterContext {
  if (colleges.length === 0) {
    throw new Refusal('学校设置中还没有任何学院，名单中的「学院」无从核对；请先在学校设置中添加学院（名称和代码），再导入名单；未导入任何数据');
  }
  return { colleges };
}

const STUDENT_NO = /^[A-Za-z0-9_-]{1,32}$/;

function idNumberOf(r: RowReader<RosterKey>): string | undefined {
  const raw = r.text('idNumber', { required: true });
  if (raw === undefined) return undefined;
  const value = raw.replace(/\s/g, '').toUpperCase();
  if (/^\d{15}$/.test(value)) return r.problem('idNumber', '15 位旧身份证号不能使用，请填写 18 位号码');
  if (!/^\d{17}[\dX]$/.test(value)) return r.problem('idNumber', '应为 18 位（前 17 位是数字，最后一位是数字或 X）');
  if (isIdNumber(value)) return value;
  // tell a wrong date of birth from a wrong check digit: the person fixes different things
  const dateOk = [...'0123456789X'].some((c) => isIdNumber(`${value.slice(0, 17)}${c}`));
  return r.problem('idNumber', dateOk ? '校验位不正确，请核对号码' : '出生日期不正确，请核对号码');
}

/** GB 11643: the 17th digit is odd for men. */
const genderOf = (idNumber: string): string => (Number(idNumber[16]) % 2 === 1 ? '男' : '女');

const GENDERS: Record<string, string> = { 男: '男', 女: '女', '1': '男', '2': '女', 男性: '男', 女性: '女' };

function collegeOf(r: RowReader<RosterKey>, colleges: readonly College[]): College | undefined {
  const value = r.text('college', { required: true });
  if (value === undefined) return undefined;
  const found =
    colleges.find((c) => c.name === value) ?? colleges.find((c) => c.id.toLowerCase() === value.toLowerCase());
  if (found) return found;
  const known = colleges.length <= 8 ? `（现有：${colleges.map((c) => `${c.name}/${c.id}`).join('、')}）` : '';
  return r.problem('college', `「${value}」不是学校设置中的学院，可填学院名称或代码${known}`);
}

function yearOf(r: RowReader<RosterKey>): number | undefined {
  const value = r.text('graduationYear', { required: true });
  if (value === undefined) return undefined;
  const m = /^(\d{4})(?:届|年|-\d{2}-\d{2}|年\d{1,2}月)?$/.exec(value.replace(/\s/g, ''));
  const year = m ? Number(m[1]) : NaN;
  if (!(year >= 2000 && year <= 2100)) return r.problem('graduationYear', `「${value}」不是有效的毕业年份，应为四位年份，如 2026`);
  return year;
}

function sourceOf(r: RowReader<RosterKey>): Record<string, string | null> | undefined {
  const source: Record<string, string | null> = {};
  let ok = true;
  const put = (key: 'ethnicity' | 'politicalStatus' | 'trainingMode' | 'originRegion', parse: (v: string) => string | { problem: string }): void => {
    if (!r.has(key)) return;
    const value = r.text(key, { max: 50 });
    if (value === undefined) {
      source[key] = null;
      return;
    }
    const parsed = parse(value);
    if (typeof parsed === 'string') source[key] = parsed;
    else {
      ok = false;
      r.problem(key, parsed.problem);
    }
  };
  put('ethnicity', (v) => ethnicity(v) ?? { problem: `「${v}」不是有效的民族名称或代码（GB/T 3304）` });
  put('politicalStatus', (v) => politicalStatus(v) ?? { problem: `「${v}」不是有效的政治面貌（GB/T 4762），如 中共党员、共青团员、群众` });
  put('trainingMode', (v) => trainingMode(v) ?? { problem: `「${v}」不是有效的培养方式，应为 非定向、定向、委培 或 自筹（或代码 1–4）` });
  put('originRegion', (v) => {
    const found = region(v);
    return 'code' in found ? found.code : found;
  });
  return ok ? source : undefined;
}

/** Reads every column of the row, so that one pass reports all of its problems. */
export function parseRosterRow(r: RowReader<RosterKey>, context: RosterContext): RosterEntry | null {
  const rawNo = r.text('studentNo', { required: true });
  const studentNo = rawNo !== undefined && !STUDENT_NO.test(rawNo)
    ? r.problem('studentNo', '只能由字母、数字、下划线或连字符组成，最长 32 位')
    : rawNo;
  const name = r.text('name', { required: true, max: 50 });
  const idNumber = idNumberOf(r);
  const college = collegeOf(r, context.colleges);
  const major = r.text('major', { required: true, max: 50 });
  const rawLevel = r.text('educationLevel', { required: true });
  const level = rawLevel === undefined ? undefined : educationLevel(rawLevel);
  if (level && 'problem' in level) r.problem('educationLevel', level.problem);
  const graduationYear = yearOf(r);
  const rawGender = r.text('gender');
  const gender = rawGender === undefined ? undefined : GENDERS[rawGender];
  if (rawGender !== undefined && gender === undefined) r.problem('gender', `「${rawGender}」不是有效的性别，应为 男 或 女`);
  if (gender && idNumber && gender !== genderOf(idNumber)) r.problem('gender', `与身份证号不符（身份证号显示为${genderOf(idNumber)}）`);
  const source = sourceOf(r);

  if (r.issues.length > 0) return null;
  if (!studentNo || !name || !idNumber || !college || !major || !level || !('code' in level) || !graduationYear || !source) return null;
  return {
    row: r.row,
    studentNo,
    name,
    idNumber,
    gender: gender ?? genderOf(idNumber),
    collegeId: college.id,
    collegeName: college.name,
    major,
    educationLevel: level.code as EducationLevel,
    graduationYear,
    source,
  };
}

/** The entry's school-owned values over the stored record; what students entered lives elsewhere and is kept. */
export type SchoolFields = Pick<
  StudentDoc,
  'studentNo' | 'name' | 'idNumber' | 'gender' | 'collegeId' | 'collegeName' | 'major' | 'educationLevel' | 'graduationYear' | 'source'
>;

export function schoolFields(e: RosterEntry, storedSource: Readonly<Record<string, string>> = {}): SchoolFields {
  const source = { ...storedSource };
  for (const [key, value] of Object.entries(e.source)) {
    if (value === null) delete source[key];
    else source[key] = value;
  }
  return {
    studentNo: e.studentNo,
    name: e.name,
    idNumber: e.idNumber,
    gender: e.gender,
    collegeId: e.collegeId,
    collegeName: e.collegeName,
    major: e.major,
    educationLevel: e.educationLevel,
    graduationYear: e.graduationYear,
    source,
  };
}
