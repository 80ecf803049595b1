/**
 * The reviewer's queues (审核): which queues a reviewer works on, their filters, and a queue page as rows. Pure, so
 * the rules are tested on their own; the page only holds state and calls the server.
 */
import type { QueueName, ReviewTarget } from '../../../../typings/events';
import type { Role } from '../../../../typings/states';
import type { ItemOutcome, QueueItem, ReviewCounts } from '../../../../typings/views';
import { chineseDateTime } from '../../../utils/date';
import { stateTag, type StateLabel } from '../../../utils/labels';

export interface QueueDef {
  name: QueueName;
  label: string;
  /**
   * the chip's words when shorter: a reviewer works on one stage of agreements only, so the stage need not be said
   * there, and a college reviewer's three chips fit a phone's width
   */
  tab?: string;
  record: ReviewTarget;
  /** what the queue lists unless another state is picked: the records waiting for this reviewer */
  pending: string;
  /** the states a reviewer may list, the pending one first (drafts are their author's alone) */
  states: readonly string[];
  /** records of students, filtered by college and major; units belong to no college */
  byStudent: boolean;
  /** 就业核查: its items carry flags the reviewer filters by (全部 / 有核查提示 / 无核查提示) */
  flaggable?: boolean;
}

const CHECK_STATES = ['submitted', 'returned', 'approved'] as const;
const AGREEMENT_STATES_AFTER = ['returned', 'signed', 'terminated', 'cancelled'] as const;

/** In the order the work flows: 生源核查 before signing, the two review stages, then what follows a signing. */
export const QUEUE_DEFS: readonly QueueDef[] = [
  { name: 'sourceCheck', label: '生源核查', record: 'check', pending: 'submitted', states: CHECK_STATES, byStudent: true },
  {
    name: 'agreementCollege',
    label: '三方协议（院系审核）',
    tab: '三方协议',
    record: 'agreement',
    pending: 'pendingCollege',
    states: ['pendingCollege', 'pendingSchool', ...AGREEMENT_STATES_AFTER],
    byStudent: true,
  },
  {
    name: 'agreementSchool',
    label: '三方协议（学校审核）',
    tab: '三方协议',
    record: 'agreement',
    pending: 'pendingSchool',
    states: ['pendingSchool', 'pendingCollege', ...AGREEMENT_STATES_AFTER],
    byStudent: true,
  },
  {
    name: 'agreementSeal',
    label: '回传鉴证',
    record: 'agreement',
    pending: 'pendingSealReview',
    states: ['pendingSealReview', 'pendingSeal', 'signed'],
    byStudent: true,
  },
  { name: 'termination', label: '解约申请', record: 'termination', pending: 'submitted', states: ['submitted', 'approved', 'rejected', 'withdrawn'], byStudent: true },
  { name: 'employmentCheck', label: '就业信息核验', record: 'check', pending: 'submitted', states: CHECK_STATES, byStudent: true },
  {
    name: 'destination',
    label: '毕业去向登记',
    tab: '去向登记',
    record: 'destination',
    pending: 'submitted',
    states: CHECK_STATES,
    byStudent: true,
    flaggable: true,
  },
  { name: 'employer', label: '单位审核', record: 'employer', pending: 'registered', states: ['registered', 'certified', 'rejected'], byStudent: false },
];

/**
 * The queues a reviewer decides on (server/domain/review.ts reviewScope). A college reviewer decides their college's
 * checks and the college stage of its agreements; the school decides checks too, the school stage, terminations and
 * unit registrations. The school does not act at the college stage, so 院系审核 is not one of its queues (its
 * backlog shows in 统计 as 待院系审核).
 */
const SCOPE: Partial<Record<Role, readonly QueueName[]>> = {
  collegeReviewer: ['sourceCheck', 'agreementCollege', 'employmentCheck', 'destination'],
  schoolReviewer: ['sourceCheck', 'agreementSchool', 'termination', 'employmentCheck', 'destination', 'employer'],
};

/**
 * Queues shown only while records wait in them, or while the reviewer is on one: 回传鉴证 exists where the school turned
 * the seal step on (settings.employerSeal), and a school without it never sees an empty tab for it.
 */
const WHILE_WAITING: Partial<Record<Role, readonly QueueName[]>> = { schoolReviewer: ['agreementSeal'] };

export const queuesFor = (role: Role | null | undefined, counts: Partial<ReviewCounts> = {}, current?: string): QueueDef[] => {
  const waiting = ((role && WHILE_WAITING[role]) || []).filter((n) => (counts[n] ?? 0) > 0 || n === current);
  const names = [...((role && SCOPE[role]) || []), ...waiting];
  return QUEUE_DEFS.filter((q) => names.includes(q.name));
};

export const queueDef = (name: string): QueueDef | undefined => QUEUE_DEFS.find((q) => q.name === name);

export interface QueueTab {
  name: QueueName;
  label: string;
  count: number;
}

/** The tabs with their live counts; a count not known yet shows as 0. */
export const queueTabs = (queues: readonly QueueDef[], counts: Partial<ReviewCounts>): QueueTab[] =>
  queues.map((q) => ({ name: q.name, label: q.tab ?? q.label, count: counts[q.name] ?? 0 }));

export interface StateOption {
  value: string;
  label: string;
}

export const stateOptions = (q: QueueDef): StateOption[] => q.states.map((s) => ({ value: s, label: stateTag(q.record, s).label }));

export interface QueueRow {
  record: ReviewTarget;
  id: string;
  version: number;
  /** the id made safe for a class name (ids such as `source:2026010101` carry a colon) */
  key: string;
  title: string;
  subtitle: string;
  college: string;
  tag: StateLabel;
  submitted: string;
  /** only records waiting for this reviewer can be selected for 批量通过 */
  selectable: boolean;
  checked: boolean;
  /** 就业核查's labels (destinations and agreements): small warning tags under the subtitle */
  flags: string[];
}

export const classKey = (id: string): string => id.replace(/[^A-Za-z0-9_-]/g, '-');

export function queueRow(item: QueueItem, pending: string, selected: Readonly<Record<string, boolean>>): QueueRow {
  const selectable = item.state === pending;
  return {
    record: item.record,
    id: item.id,
    version: item.version,
    key: classKey(item.id),
    title: item.title,
    subtitle: item.subtitle,
    college: [item.collegeName, item.major].filter(Boolean).join(' · '),
    tag: stateTag(item.record, item.state),
    submitted: chineseDateTime(item.submittedAt),
    selectable,
    checked: selectable && selected[item.id] === true,
    flags: item.flags ?? [],
  };
}

/** The flag filter's choices: '' all, or with / without automatic flags (QueueFilter.flagged). */
export type FlagFilter = '' | 'flagged' | 'unflagged';

export interface FlagChip {
  value: FlagFilter;
  label: string;
  /** how many wait in each (the server's counts of the state listed); null before they are known */
  count: number | null;
}

export function flagChips(counts: { flagged: number; unflagged: number } | undefined): FlagChip[] {
  const known = counts !== undefined;
  return [
    { value: '', label: '全部', count: known ? counts.flagged + counts.unflagged : null },
    { value: 'flagged', label: '有核查提示', count: known ? counts.flagged : null },
    { value: 'unflagged', label: '无核查提示', count: known ? counts.unflagged : null },
  ];
}

/** The filter the server takes: absent for 全部. */
export const flaggedOf = (value: FlagFilter): boolean | undefined => (value === '' ? undefined : value === 'flagged');

/**
 * 一键通过无提示项: the rows on screen waiting for this reviewer whose record has no flag, in the order shown (the
 * longest-waiting first), at most `max` (the review function's limit per call).
 */
export const unflaggedRows = (rows: readonly QueueRow[], max: number): QueueRow[] =>
  rows.filter((r) => r.selectable && r.flags.length === 0).slice(0, max);

/** What the reviewer confirms before 一键通过无提示项: how many, and that the flagged ones are left to look at. */
export function unflaggedConfirm(count: number, flaggedShown: number): string {
  const rest = flaggedShown ? `有核查提示的 ${flaggedShown} 条不在其中，请逐条查看。` : '';
  return `确认通过列表中 ${count} 条无核查提示的毕业去向登记？${rest}`;
}

/** A page appended to what is shown; an item already shown (it moved while paging) is not listed twice. */
export function appendItems(shown: readonly QueueItem[], more: readonly QueueItem[]): QueueItem[] {
  const seen = new Set(shown.map((i) => i.id));
  return [...shown, ...more.filter((i) => !seen.has(i.id))];
}

/** The detail page of a queue item. */
export const detailUrl = (record: ReviewTarget, id: string): string =>
  `/pkg/review/detail/index?record=${record}&id=${encodeURIComponent(id)}`;

export interface BatchResultRow {
  key: string;
  title: string;
  ok: boolean;
  /** not started before the server's time for the call ran out: left as it was, to be sent again */
  unprocessed: boolean;
  text: string;
}

/** An item of a batch as sent, kept to send it again. */
export type BatchItem = Pick<QueueRow, 'record' | 'id' | 'version' | 'title'>;

/** A batch item someone else decided first: the list has already been refreshed, so no "please refresh" here. */
export const TAKEN_FIRST = '已被他人处理，列表已刷新';

const notProcessed = (r: ItemOutcome | undefined): boolean => r?.ok === false && r.code === 'NOT_PROCESSED';

/** One line per item of a batch, in the order sent: 通过, or why not in the server's words. */
export function batchRows(items: readonly { id: string; title: string }[], results: readonly ItemOutcome[]): BatchResultRow[] {
  return items.map((item, i) => {
    const r = results[i];
    const text = !r ? '未处理' : r.ok ? '通过' : r.code === 'CONFLICT' ? TAKEN_FIRST : r.message;
    return { key: classKey(item.id), title: item.title, ok: r?.ok === true, unprocessed: notProcessed(r), text };
  });
}

/** The items the server had no time left for, as they were sent: untouched, so the same versions still hold. */
export const leftOver = <T extends { id: string }>(items: readonly T[], results: readonly ItemOutcome[]): T[] =>
  items.filter((_, i) => notProcessed(results[i]));

export const batchSummary = (rows: readonly BatchResultRow[]): string => {
  const passed = rows.filter((r) => r.ok).length;
  const later = rows.filter((r) => r.unprocessed).length;
  const failed = rows.length - passed - later;
  const head = failed ? `已通过 ${passed} 条，${failed} 条未处理` : `已通过 ${passed} 条`;
  return later ? `${head}；${later} 条本次来不及处理，可重新提交` : head;
};

export const searchPlaceholder = (q: QueueDef): string => (q.byStudent ? '搜索姓名或学号' : '搜索单位名称或统一社会信用代码');

export const EMPTY_HINT = '暂无待审核记录';
export const EMPTY_FILTERED = '没有符合条件的记录';
