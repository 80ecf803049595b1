/**
 * What 毕业去向登记 shows for a DestinationScreen: the state tag, the deadline line, the notices (the reviewer's
 * reason, the values in force while a change waits, the agreement that filled it), the type list and the read-only
 * rows. Pure: the page and its tests share it.
 */
import type { DestinationContent } from '../../../typings/records';
import type { AgreementSummary, DestinationScreen } from '../../../typings/views';
import { chineseDate } from '../../utils/date';
import {
  DESTINATION_CATEGORY_LABELS,
  DESTINATION_TYPES,
  destinationType,
  jobCategoryName,
  pendingKindName,
  type DestinationCategory,
} from '../codes/destination';
import { codeLabel } from '../utils/code-labels';
import { RECEIVER_KINDS } from './form';

export interface Deadline {
  text: string;
  /** close or past: the line turns orange or red */
  tone: 'normal' | 'soon' | 'past';
}

/** 登记截止 2026年8月31日，还剩 12 天 / 今天截止 / 已截止. */
export function deadlineOf(screen: Pick<DestinationScreen, 'deadline' | 'daysLeft'>): Deadline {
  const day = chineseDate(`${screen.deadline}T00:00:00+08:00`) || screen.deadline;
  if (screen.daysLeft < 0) return { text: `登记已于${day}截止`, tone: 'past' };
  if (screen.daysLeft === 0) return { text: `今天（${day}）是登记截止日`, tone: 'soon' };
  return { text: `登记截止：${day}，还剩 ${screen.daysLeft} 天`, tone: screen.daysLeft <= 7 ? 'soon' : 'normal' };
}

/** What the status card says under the tag. */
export function noteOf(screen: DestinationScreen): string {
  const d = screen.destination;
  const passed = screen.daysLeft < 0;
  if (!d) return passed ? '截止前未登记毕业去向。' : '请选择您的毕业去向并如实填写，提交后由院系审核。';
  if (passed && (d.state === 'draft' || d.state === 'returned')) return '截止前未提交审核。';
  if (d.agreement && d.state === 'approved') return '已按您网签成功的三方协议自动登记，无需再填写。';
  switch (d.state) {
    case 'draft':
      return '已保存，尚未提交。填写完整后请点击“提交”。';
    case 'submitted':
      return screen.canWithdraw ? '等待院系审核。审核前如需修改，可以撤回。' : '等待审核。';
    case 'returned':
      return '请按退回原因修改后重新提交。';
    case 'approved':
      return d.confirmedAt ? `审核通过，您已于${chineseDate(d.confirmedAt)}本人确认。` : '审核通过。请核对无误后点击“本人确认”。';
  }
}

/**
 * Why the form is closed, when the status note does not already say it: a record filled by an agreement has its own
 * notice, and one waiting for review with 撤回 open says so in its note.
 */
export function blockedOf(screen: DestinationScreen): string {
  const d = screen.destination;
  if (screen.canEdit || !screen.editBlocked || d?.agreement) return '';
  if (d?.state === 'submitted' && screen.canWithdraw) return '';
  return screen.editBlocked;
}

/** A change after approval waits for review: the approved values stay in force (reported, counted) until then. */
export const changePending = (screen: DestinationScreen): boolean => !!screen.destination?.approved && screen.destination.state !== 'approved';

/** One entry of the type list. */
export interface TypeChoice {
  code: string;
  name: string;
  hint: string;
  /** refused now, with why (a job type while an agreement is pending) */
  disabled: boolean;
}

export interface TypeGroup {
  key: DestinationCategory;
  title: string;
  types: TypeChoice[];
}

/** being reviewed, or returned to be revised: the server bars other job types until it is signed or cancelled */
const PENDING_AGREEMENT: readonly AgreementSummary['state'][] = ['pendingCollege', 'pendingSchool', 'returned'];

/** A pending agreement: its own type is the agreement's, so job types are refused until it is decided. */
export const agreementPending = (a: AgreementSummary | null): boolean => !!a && PENDING_AGREEMENT.includes(a.state);

const isJobType = (code: string): boolean => destinationType(code)?.parts.includes('employer') ?? false;

/** The type list grouped by 去向落实率's category, in the table's order. */
export function typeGroups(agreement: AgreementSummary | null): TypeGroup[] {
  const blocked = agreementPending(agreement);
  const order: DestinationCategory[] = ['contract', 'flexible', 'study', 'unemployed'];
  return order.map((key) => ({
    key,
    title: DESTINATION_CATEGORY_LABELS[key],
    types: DESTINATION_TYPES.entries
      .filter((t) => t.category === key)
      .map((t) => ({ code: t.code, name: t.name, hint: t.hint, disabled: blocked && isJobType(t.code) })),
  }));
}

export interface Row {
  label: string;
  value: string;
}

const or = (value: string | undefined | null): string => (value && value.trim() ? value.trim() : '—');
const region = (code: string): string => codeLabel('region', code) || code;

/** The content as label → value rows, in the form's order and words. */
export function contentRows(c: DestinationContent): Row[] {
  const type = destinationType(c.type);
  const rows: Row[] = [{ label: '去向类型', value: type ? type.name : c.type }];
  if (c.pendingKind) rows.push({ label: '待就业情况', value: pendingKindName(c.pendingKind) ?? c.pendingKind });
  const e = c.employer;
  if (e) {
    rows.push(
      { label: '单位名称', value: e.name },
      { label: '统一社会信用代码', value: e.uscc },
      { label: '单位性质', value: codeLabel('nature', e.nature) || e.nature },
      { label: '单位行业', value: codeLabel('industry', e.industry) || e.industry },
      { label: '单位所在地', value: region(e.region) },
      // an agreement signed before 工作职位类别 was asked fills none
      { label: '工作职位类别', value: e.jobCategory ? jobCategoryName(e.jobCategory) ?? e.jobCategory : '—' },
      { label: '岗位名称', value: e.jobTitle },
      { label: '单位联系人', value: e.contactName },
      { label: '联系电话', value: e.contactPhone },
    );
    if (e.contactEmail) rows.push({ label: '电子邮箱', value: e.contactEmail });
  }
  if (c.study) rows.push({ label: '录取学校', value: c.study.school }, { label: '录取专业', value: c.study.programme }, { label: '升学层次', value: c.study.level });
  if (c.abroad) {
    rows.push(
      { label: '国家（地区）', value: c.abroad.country },
      { label: '出国（境）事由', value: c.abroad.purpose === 'work' ? '工作' : '留学' },
      { label: c.abroad.purpose === 'work' ? '境外单位' : '境外院校', value: c.abroad.institution },
    );
  }
  if (c.business) rows.push({ label: '企业名称', value: c.business.name }, { label: '统一社会信用代码', value: c.business.uscc }, { label: '创业地点', value: region(c.business.region) });
  if (c.project) rows.push({ label: '项目名称', value: c.project.name }, { label: '服务单位', value: c.project.serviceUnit }, { label: '服务地点', value: region(c.project.region) });
  if (c.enlistment) rows.push({ label: '入伍通知书编号', value: c.enlistment.noticeNo }, { label: '征兵所在地', value: region(c.enlistment.region) });
  if (c.freelance) rows.push({ label: '从业情况', value: c.freelance.description }, { label: '从业地点', value: region(c.freelance.region) });
  if (c.file) {
    rows.push({ label: '档案去向', value: RECEIVER_KINDS.find((k) => k.code === c.file!.receiverKind)?.name ?? c.file.receiverKind });
    if (c.file.receiverKind !== 'school') rows.push({ label: '档案接收单位', value: or(c.file.receiver) });
    rows.push({ label: '档案接收地址', value: or(c.file.address) }, { label: '邮政编码', value: or(c.file.postcode) }, { label: '接收单位电话', value: or(c.file.phone) });
  }
  if (c.hukou) {
    rows.push({ label: '户口迁移', value: c.hukou.migrate ? '迁移' : '不迁移' });
    if (c.hukou.migrate) rows.push({ label: '户口迁移地址', value: or(c.hukou.address) }, { label: '迁入地派出所', value: or(c.hukou.policeStation) });
  }
  if (c.remarks) rows.push({ label: '补充说明', value: c.remarks });
  return rows;
}

export const agreementUrl = (id: string): string => `/pkg/agreement/index?id=${encodeURIComponent(id)}`;
