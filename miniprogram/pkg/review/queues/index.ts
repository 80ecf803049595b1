// 审核 (the reviewers' tab): the queues in the reviewer's scope with live counts, filters and search, paging, and
// 批量通过 with a result per item (and 重新提交 of the items the server had no time for). Built with Component() (supported for pages) so tests can load it.
import type { QueueFilter, QueueName } from '../../../../typings/events';
import type { Role } from '../../../../typings/states';
import type { CollegeOption, Page, QueueItem } from '../../../../typings/views';
import { call, RequestIds } from '../../../api/client';
import {
  appendItems,
  batchRows,
  batchSummary,
  detailUrl,
  EMPTY_FILTERED,
  EMPTY_HINT,
  flagChips,
  flaggedOf,
  leftOver,
  queueDef,
  queueRow,
  queuesFor,
  queueTabs,
  searchPlaceholder,
  stateOptions,
  unflaggedConfirm,
  unflaggedRows,
  type BatchItem,
  type FlagChip,
  type FlagFilter,
  type BatchResultRow,
  type QueueRow,
  type QueueTab,
  type StateOption,
} from './queues';
import { tabRole } from '../../../utils/session';
import { selectTab } from '../../../utils/tabs';

const TAB_PATH = 'pkg/review/queues/index';
const PAGE_SIZE = 20;
/**
 * A name search filters each fetched page on the server, so a page may come back short or empty while more follow
 * (server/read/reviewer.ts). One tap fetches up to this many pages to fill the screen, then offers 加载更多.
 */
const MAX_FETCHES = 5;
/** the review function's limit per call */
const MAX_BATCH = 100;
const NOT_REVIEWER = '仅院系和学校的审核老师可以使用审核功能';

const requests = new RequestIds();

type Fetched = { ok: true; page: Page<QueueItem> } | { ok: false; message: string };

Component({
  data: {
    busy: false,
    /** nothing known yet: the first load */
    loading: true,
    /** the screen could not be loaded */
    error: '',
    /** the caller is no reviewer: nothing to retry */
    final: false,
    role: '' as Role | '',
    tabs: [] as QueueTab[],
    active: '' as QueueName | '',
    /** filters; the college filter is the school's alone, the major filter only for students' records */
    keyword: '',
    major: '',
    placeholder: '',
    byStudent: true,
    colleges: [] as CollegeOption[],
    collegeNames: ['全部院系'] as string[],
    collegeIndex: 0,
    states: [] as StateOption[],
    stateNames: [] as string[],
    stateIndex: 0,
    /** 就业核查's filter (the destination queue): 全部 / 有核查提示 / 无核查提示, with the server's counts */
    flaggable: false,
    flagFilter: '' as FlagFilter,
    flagChips: [] as FlagChip[],
    /** pending records on screen without flags: what 一键通过无提示项 would send */
    unflaggedCount: 0,
    /** the list */
    items: [] as QueueItem[],
    rows: [] as QueueRow[],
    next: '',
    listError: '',
    listLoaded: false,
    emptyHint: EMPTY_HINT,
    /** 批量通过 */
    selected: {} as Record<string, boolean>,
    selectedCount: 0,
    selectableCount: 0,
    allChecked: false,
    /** the last batch's answer; `again`: its items the server had no time for, to send again */
    batch: null as { summary: string; rows: BatchResultRow[]; again: BatchItem[] } | null,
  },

  methods: {
    onLoad() {
      return Promise.resolve();
    },

    /** Every return to the tab reloads: a decision in the detail page, or another reviewer, changes the queues. */
    onShow() {
      // the tabs as remembered at once (none before the first answer); the view's answer then confirms them
      selectTab(this, tabRole(), TAB_PATH);
      return this.refresh();
    },

    async onPullDownRefresh() {
      try {
        await this.refresh();
      } finally {
        wx.stopPullDownRefresh();
      }
    },

    onRetry() {
      return this.refresh();
    },

    /** The whole screen again: who reviews, the counts, the colleges and the list from its start, in one call. */
    async refresh() {
      if (this.data.busy) return;
      this.setData({ busy: true, error: '' });
      try {
        await this.loadScreen(false);
      } finally {
        this.setData({ busy: false, loading: false });
      }
    },

    /**
     * One reviewQueues call for the queue shown (the reviewer's first on the first load) with its filters; the caller
     * holds `busy`. A failure after a queue or filter change (`listOnly`) shows above the list; others above all.
     */
    async loadScreen(listOnly: boolean) {
      const queue = this.data.active;
      const answer = await call('query', { view: 'reviewQueues', ...(queue ? { queue } : {}), filter: this.filter(), limit: PAGE_SIZE });
      if (!answer.ok) {
        selectTab(this, tabRole(this.data.role || null), TAB_PATH);
        if (answer.code === 'FORBIDDEN' || answer.code === 'NOT_BOUND') this.setData({ final: true, error: NOT_REVIEWER });
        else this.setData(listOnly && this.data.role ? { listError: answer.message } : { error: answer.message });
        return;
      }
      const view = answer.data;
      selectTab(this, tabRole(view.role), TAB_PATH);
      if (queue && queue !== this.data.active) return; // the reviewer switched queues meanwhile
      if (view.queue !== this.data.active) this.applyQueue(view.queue);
      this.setData({
        role: view.role,
        error: '',
        final: false,
        tabs: queueTabs(queuesFor(view.role, view.counts, view.queue), view.counts),
        colleges: view.colleges,
        collegeNames: ['全部院系', ...view.colleges.map((c) => c.name)],
        flagChips: queueDef(view.queue)?.flaggable ? flagChips(view.flagCounts) : [],
      });
      this.showList(await this.fill(view.page, 1), false);
    },

    filter(): QueueFilter {
      const q = queueDef(this.data.active);
      const filter: QueueFilter = {};
      const state = this.data.states[this.data.stateIndex]?.value;
      if (state && state !== q?.pending) filter.state = state;
      const keyword = this.data.keyword.trim();
      if (keyword) filter.keyword = keyword;
      if (q?.byStudent) {
        const college = this.data.colleges[this.data.collegeIndex - 1];
        if (college) filter.collegeId = college.id;
        const major = this.data.major.trim();
        if (major) filter.major = major;
      }
      const flagged = q?.flaggable ? flaggedOf(this.data.flagFilter) : undefined;
      if (flagged !== undefined) filter.flagged = flagged;
      return filter;
    },

    /**
     * Fetches on from `page`, `fetched` fetches in, until a screenful is found or the queue ends: a name search may
     * return short pages. Only this, and 加载更多, page through reviewQueue with the cursor.
     */
    async fill(page: Page<QueueItem>, fetched: number): Promise<Fetched> {
      const queue = this.data.active;
      if (!queue) return { ok: true, page: { items: [] } };
      const filter = this.filter();
      let items = page.items;
      let next = page.next;
      for (let round = fetched; round < MAX_FETCHES && next && items.length < PAGE_SIZE; round++) {
        const answer = await call('query', { view: 'reviewQueue', queue, filter, limit: PAGE_SIZE, cursor: next });
        if (!answer.ok) return { ok: false, message: answer.message };
        items = appendItems(items, answer.data.items);
        next = answer.data.next;
      }
      return { ok: true, page: next ? { items, next } : { items } };
    },

    /** The list from its start, or (more) with the next page after what is shown. */
    showList(fetched: Fetched, more: boolean) {
      if (!fetched.ok) {
        this.setData({ listError: fetched.message });
        return;
      }
      const items = more ? appendItems(this.data.items, fetched.page.items) : fetched.page.items;
      const filtered = Object.keys(this.filter()).length > 0;
      this.setData({
        items,
        next: fetched.page.next ?? '',
        listError: '',
        listLoaded: true,
        emptyHint: filtered ? EMPTY_FILTERED : EMPTY_HINT,
        ...(more ? {} : { selected: {} }),
      });
      this.showRows();
    },

    showRows() {
      const q = queueDef(this.data.active);
      if (!q) return;
      const rows = this.data.items.map((item) => queueRow(item, q.pending, this.data.selected));
      const selectable = rows.filter((r) => r.selectable);
      const selectedCount = selectable.filter((r) => r.checked).length;
      this.setData({
        rows,
        unflaggedCount: q.flaggable ? unflaggedRows(rows, MAX_BATCH).length : 0,
        selectedCount,
        selectableCount: selectable.length,
        allChecked: selectable.length > 0 && selectedCount === selectable.length,
      });
    },

    /** A queue's own state filter; the other filters stay as the reviewer set them. */
    applyQueue(name: QueueName) {
      const q = queueDef(name);
      if (!q) return;
      const states = stateOptions(q);
      this.setData({
        active: name,
        states,
        stateNames: states.map((s) => s.label),
        stateIndex: 0,
        byStudent: q.byStudent,
        flaggable: q.flaggable === true,
        flagFilter: '',
        flagChips: [],
        unflaggedCount: 0,
        placeholder: searchPlaceholder(q),
        items: [],
        rows: [],
        next: '',
        listError: '',
        listLoaded: false,
        selected: {},
        selectedCount: 0,
        selectableCount: 0,
        allChecked: false,
        batch: null,
      });
    },

    /** A queue or filter changed: the screen again from the list's start (the counts come along). */
    async reloadList() {
      if (this.data.busy) return;
      this.setData({ busy: true });
      try {
        await this.loadScreen(true);
      } finally {
        this.setData({ busy: false });
      }
    },

    onTab(e: WechatMiniprogram.BaseEvent<Record<string, never>, { name: QueueName }>) {
      const name = e.currentTarget.dataset.name;
      if (this.data.busy || name === this.data.active) return;
      this.applyQueue(name);
      return this.reloadList();
    },

    onKeyword(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ keyword: e.detail.value ?? '' });
    },

    onSearch(e: WechatMiniprogram.CustomEvent<{ value?: string }>) {
      if (typeof e?.detail?.value === 'string') this.setData({ keyword: e.detail.value });
      return this.reloadList();
    },

    onClearKeyword() {
      this.setData({ keyword: '' });
      return this.reloadList();
    },

    onCollege(e: WechatMiniprogram.PickerChange) {
      this.setData({ collegeIndex: Number(e.detail.value) || 0 });
      return this.reloadList();
    },

    onState(e: WechatMiniprogram.PickerChange) {
      this.setData({ stateIndex: Number(e.detail.value) || 0 });
      return this.reloadList();
    },

    /** A flag chip tapped: the list of that kind from its start (the counts come along). */
    onFlagFilter(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value: FlagFilter }>) {
      const value = e.currentTarget.dataset.value ?? '';
      if (this.data.busy || value === this.data.flagFilter) return;
      this.setData({ flagFilter: value });
      return this.reloadList();
    },

    onMajor(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ major: e.detail.value ?? '' });
    },

    onMajorDone(e: WechatMiniprogram.CustomEvent<{ value?: string }>) {
      if (typeof e?.detail?.value === 'string') this.setData({ major: e.detail.value });
      return this.reloadList();
    },

    async onMore() {
      if (this.data.busy || !this.data.next) return;
      const queue = this.data.active;
      this.setData({ busy: true });
      try {
        const fetched = await this.fill({ items: [], next: this.data.next }, 0);
        if (queue === this.data.active) this.showList(fetched, true);
      } finally {
        this.setData({ busy: false });
      }
    },

    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      const row = this.data.rows[Number(e.currentTarget.dataset.index)];
      if (row) wx.navigateTo({ url: detailUrl(row.record, row.id) });
    },

    onCheck(e: WechatMiniprogram.CustomEvent<{ checked: boolean }, Record<string, never>, { index: number }>) {
      const row = this.data.rows[Number(e.currentTarget.dataset.index)];
      if (!row?.selectable) return;
      this.setData({ selected: { ...this.data.selected, [row.id]: e.detail.checked } });
      this.showRows();
    },

    onCheckAll(e: WechatMiniprogram.CustomEvent<{ checked: boolean }>) {
      const selected: Record<string, boolean> = {};
      if (e.detail.checked) for (const row of this.data.rows) if (row.selectable) selected[row.id] = true;
      this.setData({ selected });
      this.showRows();
    },

    /** Keeps a tap on a checkbox from also opening the record underneath. */
    onHold() {},

    /** 批量通过: one call, one result per item; a refused item leaves the others alone. */
    async onBatch() {
      if (this.data.busy) return;
      const chosen = this.data.rows.filter((r) => r.checked);
      if (chosen.length === 0) return;
      if (chosen.length > MAX_BATCH) {
        this.setData({ batch: { summary: `一次最多批量通过 ${MAX_BATCH} 条，请减少选择`, rows: [], again: [] } });
        return;
      }
      const sure = await new Promise<boolean>((resolve) =>
        wx.showModal({
          title: '批量通过',
          content: `确认通过选中的 ${chosen.length} 条记录？`,
          confirmText: '通过',
          success: (res) => resolve(res.confirm),
          fail: () => resolve(false),
        }),
      );
      if (!sure) return;
      return this.sendBatch(chosen.map(({ record, id, version, title }) => ({ record, id, version, title })));
    },

    /**
     * 一键通过无提示项: every record on screen that waits for this reviewer and has no flag, through the same batch as
     * 批量通过 (one result per item), after a confirmation that names how many and leaves the flagged ones out.
     */
    async onApproveUnflagged() {
      if (this.data.busy) return;
      const rows = unflaggedRows(this.data.rows, MAX_BATCH);
      if (rows.length === 0) return;
      const flaggedShown = this.data.rows.filter((r) => r.selectable && r.flags.length > 0).length;
      const sure = await new Promise<boolean>((resolve) =>
        wx.showModal({
          title: '一键通过无提示项',
          content: unflaggedConfirm(rows.length, flaggedShown),
          confirmText: '通过',
          success: (res) => resolve(res.confirm),
          fail: () => resolve(false),
        }),
      );
      if (!sure) return;
      return this.sendBatch(rows.map(({ record, id, version, title }) => ({ record, id, version, title })));
    },

    /** 重新提交: the items the last batch had no time for, already confirmed, as a batch of their own. */
    onBatchAgain() {
      const again = this.data.batch?.again ?? [];
      if (this.data.busy || again.length === 0) return;
      return this.sendBatch(again);
    },

    /** One review call for the items, then the screen again: the answer per item stays shown above the list. */
    async sendBatch(items: BatchItem[]) {
      const key = `approve:${items.map((r) => `${r.id}@${r.version}`).join(',')}`;
      this.setData({ busy: true, batch: null });
      try {
        const answer = await call('review', {
          requestId: requests.idFor(key),
          decision: 'approve',
          items: items.map((r) => ({ record: r.record, id: r.id, version: r.version })),
        });
        if (!answer.ok) {
          this.setData({ batch: { summary: answer.message, rows: [], again: [] } });
          return;
        }
        requests.settle(key);
        const rows = batchRows(items, answer.data.results);
        this.setData({ batch: { summary: batchSummary(rows), rows, again: leftOver(items, answer.data.results) }, selected: {} });
        await this.loadScreen(false);
      } finally {
        this.setData({ busy: false });
      }
    },

    onCloseBatch() {
      this.setData({ batch: null });
    },
  },
});
