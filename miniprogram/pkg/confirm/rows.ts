/**
 * 单位确认 as rows: what a confirmation link opens (ConfirmLinkView), as the unit's HR person checks it before
 * answering. The unit's 统一社会信用代码 is not among them: the person answering types it.
 */
import type { ConfirmLinkView } from '../../../typings/views';
import { fileRows, hukouRows, jobRows, type Row } from '../utils/terms-rows';

const EDUCATION: Record<string, string> = { '01': '博士研究生', '11': '硕士研究生', '31': '本科', '41': '专科' };

export interface LinkSection {
  key: string;
  title: string;
  rows: Row[];
}

export function linkSections(v: ConfirmLinkView): LinkSection[] {
  return [
    {
      key: 'student',
      title: '学生（乙方）',
      rows: [
        { label: '姓名', value: v.studentName },
        { label: '院系', value: v.collegeName },
        { label: '专业', value: v.major },
        { label: '学历', value: EDUCATION[v.educationLevel] ?? v.educationLevel },
        { label: '毕业年份', value: `${v.graduationYear}年` },
      ],
    },
    {
      key: 'employer',
      title: '用人单位（甲方）',
      rows: [
        { label: '单位名称', value: v.employerName },
        { label: '单位地址', value: v.employerAddress || '无' },
        { label: '单位联系人', value: v.employerContact || '无' },
      ],
    },
    { key: 'job', title: '工作信息', rows: jobRows(v.terms.job, '无').filter((r) => r.label !== '岗位说明' || v.terms.job.description?.trim()) },
    { key: 'file', title: '档案', rows: fileRows(v.terms.file, '无') },
    { key: 'hukou', title: '户口', rows: hukouRows(v.terms.hukou, '无') },
    { key: 'remarks', title: '补充条款', rows: [{ label: '补充条款', value: v.terms.remarks?.trim() || '无' }] },
  ];
}

/** The token a link carries: `t` of a chat card's path, or the `scene` of a 小程序码 (`t=<token>`, URL-encoded). */
export function tokenOf(options: Record<string, string | undefined>): string {
  if (options.t) return options.t;
  const scene = decodeURIComponent(options.scene ?? '');
  const match = /(?:^|&)t=([^&]+)/.exec(scene);
  return match?.[1] ?? '';
}
