/**
 * 我的协议书 as rows: the agreement view mapped to what the page shows, so the template stays plain and the mapping
 * is tested on its own.
 */
import type { AgreementState } from '../../../typings/states';
import type { AgreementContent } from '../../../typings/records';
import type { AgreementView, FileView, TerminationView } from '../../../typings/views';
import { codeLabel } from './code-labels';
import { chineseDate } from '../../utils/date';
import { agreementState, terminationState, type StateLabel } from '../../utils/labels';
import { fileSrc } from '../../utils/files';

export interface Row {
  label: string;
  value: string;
}

export interface Section {
  key: string;
  title: string;
  rows: Row[];
}

/** The MOE 学历 codes (typings/states EDUCATION_LEVELS), written out: the mini program imports only types from there. */
const EDUCATION: Record<string, string> = { '01': '博士研究生', '11': '硕士研究生', '31': '本科', '41': '专科' };

const ORIGIN: Record<AgreementView['origin'], string> = { offer: '单位邀约', student: '学生发起' };
const STAGE: Record<'college' | 'school', string> = { college: '院系审核', school: '学校审核' };

const orNone = (value: string | undefined | null): string => (value && value.trim() ? value : '无');

export function sections(c: AgreementContent): Section[] {
  const s = c.student;
  const e = c.employer;
  const job = c.job;
  const file: Row[] = [{ label: '档案转移', value: c.file.transfer ? '转至接收单位' : '不转移' }];
  if (c.file.transfer) {
    file.push(
      { label: '档案接收单位', value: orNone(c.file.receiver) },
      { label: '接收地址', value: orNone(c.file.address) },
      { label: '邮政编码', value: orNone(c.file.postcode) },
    );
  }
  const hukou: Row[] = [{ label: '户口迁移', value: c.hukou.migrate ? '迁移' : '不迁移' }];
  if (c.hukou.migrate) hukou.push({ label: '迁入地址', value: orNone(c.hukou.address) });
  const remarks: Row[] = [{ label: '补充条款', value: orNone(c.remarks) }];
  if (c.legacyReportCardUnit) remarks.push({ label: '报到证单位（旧）', value: c.legacyReportCardUnit });

  return [
    {
      key: 'student',
      title: '学生（乙方）',
      rows: [
        { label: '姓名', value: s.name },
        { label: '学号', value: s.studentNo },
        { label: '性别', value: s.gender },
        { label: '身份证号', value: s.idNumberMasked },
        { label: '学院', value: s.collegeName },
        { label: '专业', value: s.major },
        { label: '学历', value: EDUCATION[s.educationLevel] ?? s.educationLevel },
        { label: '毕业年份', value: `${s.graduationYear}年` },
        { label: '联系电话', value: s.phone },
      ],
    },
    {
      key: 'employer',
      title: '用人单位（甲方）',
      rows: [
        { label: '单位名称', value: e.name },
        { label: '统一社会信用代码', value: e.uscc },
        { label: '单位性质', value: codeLabel('nature', e.nature) },
        { label: '单位行业', value: codeLabel('industry', e.industry) },
        { label: '单位所在地', value: codeLabel('region', e.region) },
        { label: '单位地址', value: e.address },
        { label: '联系人', value: e.contactName },
        { label: '联系电话', value: e.contactPhone },
      ],
    },
    {
      key: 'job',
      title: '工作信息',
      rows: [
        { label: '岗位名称', value: job.title },
        { label: '工作地点', value: codeLabel('region', job.region) },
        { label: '月薪', value: `${job.monthlySalary} 元` },
        { label: '合同期限', value: `${job.contractYears} 年` },
        { label: '报到日期', value: chineseDate(job.startDate) || job.startDate },
        ...(job.description ? [{ label: '岗位说明', value: job.description }] : []),
      ],
    },
    { key: 'file', title: '档案', rows: file },
    { key: 'hukou', title: '户口', rows: hukou },
    { key: 'remarks', title: '备注', rows: remarks },
  ];
}

export interface Header {
  no: string;
  tag: StateLabel;
  origin: string;
  rows: Row[];
  /** when returned: 院系审核退回 / 学校审核退回, and why */
  returned: { stage: string; reason: string } | null;
}

export function header(v: AgreementView): Header {
  const rows: Row[] = [{ label: '签约方式', value: ORIGIN[v.origin] }];
  if (v.signedAt) rows.push({ label: '签约日期', value: chineseDate(v.signedAt) });
  return {
    no: v.agreementNo ?? '发起后生成',
    tag: agreementState(v.state),
    origin: ORIGIN[v.origin],
    rows,
    returned:
      v.state === 'returned'
        ? { stage: v.returnedAt ? `${STAGE[v.returnedAt]}退回` : '已退回', reason: v.returnReason ?? '' }
        : null,
  };
}

/** Why there is no 打印 button, by state: when printing becomes possible, or that it no longer will. */
const PRINT_NOTES: Partial<Record<AgreementState, string>> = {
  draft: '协议签约成功后才能打印：请先发起签约，院系和学校审核通过后即可在此打印。',
  pendingCollege: '协议签约成功后才能打印：院系和学校审核通过后即可在此打印。',
  pendingSchool: '协议签约成功后才能打印：学校审核通过后即可在此打印。',
  returned: '协议签约成功后才能打印：协议修改后重新提交，院系和学校审核通过后即可在此打印。',
  terminated: '协议已解约，不再打印。',
  cancelled: '协议已作废，不能打印。',
};

export const printNote = (v: AgreementView): string => (v.canPrint ? '' : (PRINT_NOTES[v.state] ?? ''));

/** What the student may do with the agreement itself (the server decides again on every call). */
export interface Actions {
  /** 撤回: a student-initiated agreement the college has not acted on */
  withdraw: boolean;
  /** 编辑并重新发起 (returned) or 编辑并发起 (a draft) */
  edit: string;
  /** 作废: a draft or returned agreement */
  cancel: boolean;
  /** a returned offer-born agreement: the unit revises it */
  unitRevises: boolean;
}

export function actions(v: AgreementView): Actions {
  const own = v.origin === 'student';
  return {
    withdraw: own && v.state === 'pendingCollege',
    edit: own && v.state === 'returned' ? '编辑并重新发起' : own && v.state === 'draft' ? '编辑并发起' : '',
    cancel: v.state === 'draft' || v.state === 'returned',
    unitRevises: !own && v.state === 'returned',
  };
}

export interface TerminationRow {
  id: string;
  tag: StateLabel;
  date: string;
  reason: string;
}

export const terminationRows = (ts: readonly TerminationView[]): TerminationRow[] =>
  ts.map((t) => ({ id: t.id, tag: terminationState(t.state), date: chineseDate(t.createdAt), reason: t.reason ?? '' }));

/**
 * The termination part: the 申请解约 entry when the student may ask, or why not. `canTerminate` already weighs the
 * school's switch and a waiting request; a signed agreement without either is closed by the school.
 */
export function terminationNote(v: AgreementView): string {
  if (v.state !== 'signed' || v.canTerminate) return '';
  if (v.terminations.some((t) => t.state === 'submitted')) return '解约申请已提交，等待学校审核。';
  return '学校暂未开放学生申请解约，如需解约请联系学院或学校就业指导中心。';
}

export interface Thumb {
  fileId: string;
  src: string;
}

export const thumbs = (files: readonly FileView[]): Thumb[] => files.map((f) => ({ fileId: f.fileId, src: fileSrc(f) }));
