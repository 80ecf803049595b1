// 三方协议 (a student's tab): the employers' offers (邀约) with their deadlines, the student's own agreements, and
// 发起签约 where the school allows it. Built with Component() (supported for pages) so tests can load it.
import { call } from '../../api/client';
import { tabRole } from '../../utils/session';
import { selectTab } from '../../utils/tabs';
import { agreementRow, initiateEntry, offerRow, type AgreementRow, type InitiateEntry, type OfferRow } from './rows';
import { reloadMethods } from '../../utils/reload';

const TAB_PATH = 'pages/offers/index';

Component({
  data: {
    busy: false,
    /** true until the first answer: the list is not known yet */
    loading: true,
    error: '',
    offers: [] as OfferRow[],
    agreements: [] as AgreementRow[],
    initiate: { show: false, disabled: true, reason: '' } as InitiateEntry,
  },

  methods: {
    /** Every return to the tab reloads: an offer may have arrived, or an agreement moved on, meanwhile. */
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
        const answer = await call('query', { view: 'offers' });
        // the offers view is a student's alone: its answer tells the tab bar who is calling
        selectTab(this, tabRole(answer.ok ? 'student' : null), TAB_PATH);
        if (!answer.ok) {
          this.setData({ error: answer.message });
          return;
        }
        const view = answer.data;
        this.setData({
          loading: false,
          offers: view.offers.map(offerRow),
          agreements: view.agreements.map(agreementRow),
          initiate: initiateEntry(view),
        });
      } finally {
        this.setData({ busy: false });
      }
    },

    onOpenOffer(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/pkg/offer/index?id=${encodeURIComponent(e.currentTarget.dataset.id)}` });
    },

    onOpenAgreement(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/pkg/agreement/index?id=${encodeURIComponent(e.currentTarget.dataset.id)}` });
    },

    onInitiate() {
      if (this.data.busy || this.data.initiate.disabled) return;
      wx.navigateTo({ url: '/pkg/initiate/index' });
    },
  },
});
