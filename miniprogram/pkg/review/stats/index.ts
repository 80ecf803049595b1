// 统计 (the reviewers' tab): first what waits in each of the reviewer's queues (待审核), then 去向落实率 (a bar per college,
// tapped to its majors; the categories, 未登记 and 网签占比), then per college and for the whole school, graduates,
// 生源核查通过, agreements by state, 签约人数 and 签约率. Built with Component() (supported for pages) so tests can load it.
// The two views load side by side, each with its own error: a failure of one leaves the other's figures on screen.
import type { PlacementView } from '../../../../typings';
import { call } from '../../../api/client';
import { pendingCard, statsCards, type PendingRow, type StatsCard } from './cards';
import { placementSection, type PlacementSection } from './placement';
import { chineseDateTime } from '../../../utils/date';
import { tabRole } from '../../../utils/session';
import { openTab, selectTab } from '../../../utils/tabs';
import { reloadMethods } from '../../../utils/reload';

const ACCOUNT_PAGE = '/pkg/account/index';
const TAB_PATH = 'pkg/review/stats/index';

Component({
  data: {
    busy: false,
    loading: true,
    error: '',
    cards: [] as StatsCard[],
    /** 待审核 per queue, first on the tab: where the reviewer's work stands */
    pending: [] as PendingRow[],
    pendingTotal: 0,
    loaded: false,
    /** when the figures were counted, so a reviewer knows how fresh they are */
    at: '',
    /** 去向落实率: every college (collegeId '') or one college's majors */
    placement: null as PlacementSection | null,
    placementBusy: false,
    placementError: '',
    /** the school may go back from a college's majors to every college */
    placementBack: false,
  },

  methods: {
    onLoad() {
      return Promise.resolve();
    },

    /** Every return to the tab counts again. */
    onShow() {
      // the tabs as remembered at once (none before the first answer); the view's answer then confirms them
      selectTab(this, tabRole(), TAB_PATH);
      return this.load();
    },

    ...reloadMethods,

    /** The tab loads with one call: the figures, the queues and 去向落实率 as it opens (reviewStats). */
    load() {
      return this.loadStats();
    },

    async loadStats() {
      if (this.data.busy) return;
      this.setData({ busy: true, error: '' });
      try {
        const answer = await call('query', { view: 'reviewStats' });
        selectTab(this, tabRole(answer.ok ? answer.data.role : null), TAB_PATH);
        if (!answer.ok) {
          this.setData({ error: answer.message });
          return;
        }
        const pending = pendingCard(answer.data);
        this.setData({ cards: statsCards(answer.data), pending: pending.rows, pendingTotal: pending.total, loaded: true, at: chineseDateTime(new Date().toISOString()) });
        this.showPlacement(answer.data.placement);
      } finally {
        this.setData({ busy: false, loading: false });
      }
    },

    showPlacement(view: PlacementView) {
      this.setData({ placement: placementSection(view), placementBack: view.role === 'schoolReviewer' && !!view.college, placementError: '' });
    },

    /**
     * 去向落实率 of every college of the reviewer's scope (collegeId ''), or of one college's majors; a college
     * reviewer's own scope opens on its majors, as the tab does.
     */
    async loadPlacement(collegeId: string) {
      if (this.data.placementBusy) return;
      this.setData({ placementBusy: true, placementError: '' });
      try {
        const answer = await call('query', collegeId ? { view: 'placementStats', collegeId } : { view: 'placementStats' });
        if (!answer.ok) {
          this.setData({ placementError: answer.message });
          return;
        }
        this.showPlacement(answer.data);
      } finally {
        this.setData({ placementBusy: false });
      }
    },

    /** A college's row opens its majors. */
    onPlacementRow(e: WechatMiniprogram.TouchEvent) {
      const { key, opens } = e.currentTarget.dataset as { key: string; opens: boolean };
      if (opens) return this.loadPlacement(key);
      return Promise.resolve();
    },

    /** A tap on a college's bar in the chart, as on its row. */
    onPlacementBar(e: WechatMiniprogram.CustomEvent<{ index: number }>) {
      const row = this.data.placement?.rows[e.detail.index];
      return row?.opens ? this.loadPlacement(row.key) : Promise.resolve();
    },

    onPlacementBack() {
      return this.loadPlacement('');
    },

    onPlacementRetry() {
      return this.loadPlacement(this.data.placement?.collegeId ?? '');
    },

    /** A queue's row opens 审核, where the reviewer works through it. */
    onQueue() {
      openTab('/pkg/review/queues/index');
    },

    /** 账号与帮助: the staff's 个人中心 (who they are, help, privacy, 解除绑定) */
    onAccount() {
      wx.navigateTo({ url: ACCOUNT_PAGE });
    },
  },
});
