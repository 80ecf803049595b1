// What the 邀约详情 page shows, from the offer view: pure, so the tests check it without a page.
import type { OfferView } from '../../../typings/views';
import { codeLabel } from '../utils/code-labels';
import { chineseDate, chineseDateTime } from '../../utils/date';
import { offerState, type TagTheme } from '../../utils/labels';

/** 手册 §3.2 2): the student checks every part before 应约 (报到证 is gone since 2023, so it is not named) */
export const CHECK_EVERY_PART =
  '请仔细确认每个部分：工作信息、单位信息、档案以及户口信息是否正确，如不正确，请拒绝并填写原因，告知单位HR修改后，再发起。';

export interface Row {
  label: string;
  value: string;
}

export interface Section {
  key: string;
  title: string;
  rows: Row[];
}

export interface Banner {
  label: string;
  theme: TagTheme;
  detail: string;
}

const yesNo = (b: boolean): string => (b ? '是' : '否');
/** a field the employer left empty shows as such rather than as a blank line */
const orDash = (s: string | undefined): string => (s && s.trim() ? s.trim() : '—');

export function offerSections(v: OfferView): Section[] {
  const { job, file, hukou } = v.terms;
  const e = v.employer;
  const sections: Section[] = [
    {
      key: 'job',
      title: '工作信息',
      rows: [
        { label: '岗位', value: job.title },
        { label: '工作地点', value: codeLabel('region', job.region) },
        { label: '月薪', value: `${job.monthlySalary} 元` },
        { label: '合同期限', value: `${job.contractYears} 年` },
        { label: '报到日期', value: chineseDate(job.startDate) || job.startDate },
        { label: '岗位说明', value: orDash(job.description) },
      ],
    },
    {
      key: 'employer',
      title: '单位信息',
      rows: [
        { label: '单位名称', value: e.name },
        { label: '统一社会信用代码', value: e.uscc },
        { label: '单位性质', value: codeLabel('nature', e.nature) },
        { label: '所属行业', value: codeLabel('industry', e.industry) },
        { label: '单位所在地', value: codeLabel('region', e.region) },
        { label: '单位地址', value: orDash(e.address) },
        { label: 'HR 联系人', value: orDash(e.contactName) },
        { label: 'HR 电话', value: orDash(e.contactPhone) },
      ],
    },
    {
      key: 'file',
      title: '档案',
      rows: [
        { label: '档案是否转递', value: yesNo(file.transfer) },
        ...(file.transfer
          ? [
              { label: '档案接收单位', value: orDash(file.receiver) },
              { label: '档案接收地址', value: orDash(file.address) },
              { label: '邮政编码', value: orDash(file.postcode) },
            ]
          : []),
      ],
    },
    {
      key: 'hukou',
      title: '户口',
      rows: [
        { label: '户口是否迁移', value: yesNo(hukou.migrate) },
        ...(hukou.migrate ? [{ label: '户口迁移地址', value: orDash(hukou.address) }] : []),
      ],
    },
  ];
  if (v.terms.legacyReportCardUnit) {
    sections.push({ key: 'reportCard', title: '报到证', rows: [{ label: '报到证签往单位', value: v.terms.legacyReportCardUnit }] });
  }
  sections.push({ key: 'remarks', title: '备注', rows: [{ label: '备注', value: orDash(v.terms.remarks) }] });
  return sections;
}

/** "不做处理 N 天后该邀约自动失效" (手册 §3.2 2)), with the deadline itself; '' once the offer is not open. */
export function expiryNotice(v: OfferView): string {
  if (v.state !== 'open' || v.daysLeft === null) return '';
  const when = v.daysLeft <= 0 ? '今天' : ` ${v.daysLeft} 天后`;
  return `不做处理${when}该邀约自动失效（截止 ${chineseDateTime(v.expiresAt)}）`;
}

/** Why an offer that is no longer open can only be read; null while it is open. */
export function banner(v: OfferView): Banner | null {
  if (v.state === 'open') return null;
  const { label, theme } = offerState(v.state);
  const details: Record<Exclude<OfferView['state'], 'open'>, string> = {
    accepted: '您已应约，三方协议书已生成，请在协议书中查看审核进度。',
    declined: `拒绝原因：${v.declineReason ?? '—'}`,
    expired: `该邀约已于 ${chineseDateTime(v.expiresAt)} 失效。如仍有意向，请联系单位HR重新发起邀约。`,
    withdrawn: '用人单位已撤回该邀约。',
    superseded: '您已应约其他单位，该邀约自动失效。',
  };
  return { label, theme, detail: details[v.state] };
}
