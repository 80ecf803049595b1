// What the 邀约详情 page shows, from the offer view: pure, so the tests check it without a page.
import type { OfferView } from '../../../typings/views';
import { employerRows, fileRows, hukouRows, type Row } from '../utils/terms-rows';
import { structuredTermsRows, type TermsRow } from '../utils/structured-rows';
import { penaltyAboveCap, penaltyCap } from '../../rules/terms';
import { chineseDateTime } from '../../utils/date';
import { offerState, type TagTheme } from '../../utils/labels';

/** 手册 §3.2 2): the student checks every part before 应约 (报到证 is gone since 2023, so it is not named) */
export const CHECK_EVERY_PART =
  '请仔细确认每个部分：工作信息、单位信息、档案以及户口信息是否正确，如不正确，请拒绝并填写原因，告知单位联系人修改后，再发起。';

export type { Row };

export interface Section {
  key: string;
  title: string;
  rows: (Row & Partial<Pick<TermsRow, 'key' | 'highlight' | 'note'>>)[];
}

export interface Banner {
  label: string;
  theme: TagTheme;
  detail: string;
}

/** a field the employer left empty shows as such rather than as a blank line */
const orDash = (s: string | undefined): string => (s && s.trim() ? s.trim() : '—');

/**
 * The offer's parts in the order a student checks them: the job with the 约定条款 (劳务派遣, pay, 试用期/见习期,
 * 服务期, 五险一金, 违约金 highlighted above the school's cap: structured-rows.ts), then the unit, 档案, 户口, 补充条款.
 * An offer sent before the 约定条款 were asked shows its 工作信息 as before.
 */
export function offerSections(v: OfferView & { penaltyCapYuan?: number }): Section[] {
  const { file, hukou } = v.terms;
  const structured = !!v.terms.structured;
  const sections: Section[] = [
    { key: 'job', title: structured ? '工作信息与约定条款' : '工作信息', rows: structuredTermsRows(v.terms, '—', { penaltyCapYuan: v.penaltyCapYuan }) },
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

/**
 * Said again beside 应约 when the 违约金 is above the school's cap: what leaving would cost, before the student is
 * bound by it. '' otherwise, and once the offer is not open.
 */
export function penaltyAlert(v: OfferView & { penaltyCapYuan?: number }): string {
  const s = v.terms.structured;
  const options = { penaltyCapYuan: v.penaltyCapYuan };
  if (v.state !== 'open' || !penaltyAboveCap(s, options)) return '';
  return `本邀约约定违约金 ${s!.penaltyYuan} 元，高于学校建议上限 ${penaltyCap(options)} 元。应约后如解约须按约定支付，请确认能够接受；如有疑问，请先联系单位或拒绝并写明原因。`;
}
