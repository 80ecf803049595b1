/**
 * The terms an offer and an agreement both carry (工作信息, 单位信息, 档案, 户口), as rows: one mapping, so that a graduate
 * reads the same words on 邀约详情 and on 我的协议书. `blank` is what an empty field reads as on that page.
 */
import type { EmployerInfo, HukouInfo, JobInfo, PersonnelFileInfo } from '../../../typings/records';
import { codeLabel } from './code-labels';
import { jobCategoryName } from '../codes/destination';
import { chineseDate } from '../../utils/date';

export interface Row {
  label: string;
  value: string;
}

const or = (blank: string) => (value: string | undefined | null): string => (value && value.trim() ? value.trim() : blank);

export const jobRows = (job: JobInfo, blank: string): Row[] => [
  { label: '岗位名称', value: job.title },
  // terms saved before 工作职位类别 was asked have none: no row rather than a blank one
  ...(job.jobCategory ? [{ label: '工作职位类别', value: jobCategoryName(job.jobCategory) ?? job.jobCategory }] : []),
  { label: '工作地点', value: codeLabel('region', job.region) },
  { label: '月薪', value: `${job.monthlySalary} 元` },
  { label: '合同期限', value: `${job.contractYears} 年` },
  { label: '报到日期', value: chineseDate(job.startDate) || job.startDate },
  { label: '岗位说明', value: or(blank)(job.description) },
];

export const employerRows = (e: Omit<EmployerInfo, 'employerId'>, blank: string): Row[] => [
  { label: '单位名称', value: e.name },
  { label: '统一社会信用代码', value: e.uscc },
  { label: '单位性质', value: codeLabel('nature', e.nature) },
  { label: '单位行业', value: codeLabel('industry', e.industry) },
  { label: '单位所在地', value: codeLabel('region', e.region) },
  { label: '单位地址', value: or(blank)(e.address) },
  { label: '单位联系人', value: or(blank)(e.contactName) },
  { label: '联系电话', value: or(blank)(e.contactPhone) },
];

export const fileRows = (file: PersonnelFileInfo, blank: string): Row[] => [
  { label: '档案转递', value: file.transfer ? '转递' : '不转递' },
  ...(file.transfer
    ? [
        { label: '档案接收单位', value: or(blank)(file.receiver) },
        { label: '档案接收地址', value: or(blank)(file.address) },
        { label: '邮政编码', value: or(blank)(file.postcode) },
      ]
    : []),
];

export const hukouRows = (hukou: HukouInfo, blank: string): Row[] => [
  { label: '户口迁移', value: hukou.migrate ? '迁移' : '不迁移' },
  ...(hukou.migrate ? [{ label: '户口迁移地址', value: or(blank)(hukou.address) }] : []),
];
