// 统计 (the reviewers' tab): first what waits in each of the reviewer's queues (待审核), then per college and for the
// whole school, graduates, 生源核查通过, agreements by state, 签约人数 and 签约率. Built with Component() (supported for pages) so tests can load it.
import { call } from '../../../api/client';
import { pendingCard, statsCards, type PendingRow, type StatsCard } from './cards';
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

    async load() {
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
      } finally {
        this.setData({ busy: false, loading: false });
      }
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
