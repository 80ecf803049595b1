// What the 邀约详情 page shows, from the offer view: pure, so the tests check it without a page.
import type { OfferView } from '../../../typings/views';
import { employerRows, fileRows, hukouRows, jobRows, type Row } from '../utils/terms-rows';
import { chineseDateTime } from '../../utils/date';
import { offerState, type TagTheme } from '../../utils/labels';

/** 手册 §3.2 2): the student checks every part before 应约 (报到证 is gone since 2023, so it is not named) */
export const CHECK_EVERY_PART =
  '请仔细确认每个部分：工作信息、单位信息、档案以及户口信息是否正确，如不正确，请拒绝并填写原因，告知单位联系人修改后，再发起。';

export type { Row };

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

/** a field the employer left empty shows as such rather than as a blank line */
const orDash = (s: string | undefined): string => (s && s.trim() ? s.trim() : '—');

export function offerSections(v: OfferView): Section[] {
  const { job, file, hukou } = v.terms;
  const sections: Section[] = [
    { key: 'job', title: '工作信息', rows: jobRows(job, '—') },
    { key: 'employer', title: '单位信息', rows: employerRows(v.employer, '—') },
    { key: 'file', title: '档案', rows: fileRows(file, '—') },
    { key: 'hukou', title: '户口', rows: hukouRows(hukou, '—') },
  ];
  if (v.terms.legacyReportCardUnit) {
    sections.push({ key: 'reportCard', title: '报到证', rows: [{ label: '报到证签往单位', value: v.terms.legacyReportCardUnit }] });
  }
  sections.push({ key: 'remarks', title: '补充条款', rows: [{ label: '补充条款', value: orDash(v.terms.remarks) }] });
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
    expired: `该邀约已于 ${chineseDateTime(v.expiresAt)} 失效。如仍有意向，请联系单位联系人重新发起邀约。`,
    withdrawn: '用人单位已撤回该邀约。',
    superseded: '您已应约其他单位，该邀约自动失效。',
  };
  return { label, theme, detail: details[v.state] };
}
