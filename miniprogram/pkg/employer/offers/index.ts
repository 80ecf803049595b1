// 邀约 (an employer's tab): the unit's offers, most recently changed first, with their state and the student's
// answer; 修改 and 撤回 while an offer is open; 修改协议 once a reviewer returns an accepted offer's agreement.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { OfferView } from '../../../../typings/views';
import { call, RequestIds } from '../../../api/client';
import { appendOffers, inviteUrl, offerRow, type EmployerOfferRow } from './rows';
import { inviteBlocked } from '../../utils/employer-status';
import { tabRole } from '../../../utils/session';
import { selectTab } from '../../../utils/tabs';

const TAB_PATH = 'pkg/employer/offers/index';
const PAGE_SIZE = 20;

const ids = new RequestIds();

/** What the page keeps besides its render data: the offers as the server sent them. */
interface Extra {
  offers: OfferView[];
}
const extras = new WeakMap<object, Extra>();
const extraOf = (page: object): Extra => {
  let e = extras.get(page);
  if (!e) {
    e = { offers: [] };
    extras.set(page, e);
  }
  return e;
};

const idOf = (e: { currentTarget?: { dataset?: unknown } }): string => String(((e.currentTarget?.dataset ?? {}) as { id?: string }).id ?? '');

Component({
  data: {
    busy: false,
    /** the first page is not known yet */
    loading: true,
    /** the list could not be loaded */
    error: '',
    /** an action on one offer was refused (e.g. CONFLICT): shown above the list, which is reloaded */
    actionError: '',
    rows: [] as EmployerOfferRow[],
    next: '',
    /** why 邀约学生 is closed to this unit; '' when open */
    blocked: '',
    isEmployer: true,
  },

  methods: {
    /** Every return to the tab reloads: students answer, and offers are edited on the invite page. */
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

    onReachBottom() {
      return this.onMore();
    },

    async refresh() {
      if (this.data.busy) return;
      this.setData({ busy: true, error: '' });
      try {
        await this.reload();
      } finally {
        this.setData({ busy: false });
      }
    },

    /** From the first page, in one call: the unit's offers and its standing (for 邀约学生). */
    async reload() {
      const answer = await call('query', { view: 'employerOffers', limit: PAGE_SIZE });
      selectTab(this, tabRole(answer.ok ? 'employer' : null), TAB_PATH);
      if (!answer.ok) {
        // a stranger (NOT_BOUND) or another role (FORBIDDEN): the list is the units' alone
        if (answer.code === 'NOT_BOUND' || answer.code === 'FORBIDDEN') this.setData({ loading: false, isEmployer: false, error: '仅用人单位可以查看邀约' });
        else this.setData({ error: answer.message });
        return;
      }
      this.setData({ isEmployer: true, blocked: inviteBlocked(answer.data.employerState) });
      this.show(answer.data.items, answer.data.next);
    },

    async onMore() {
      if (this.data.busy || !this.data.next) return;
      this.setData({ busy: true, error: '' });
      try {
        const answer = await call('query', { view: 'employerOffers', limit: PAGE_SIZE, cursor: this.data.next });
        if (!answer.ok) {
          this.setData({ error: answer.message });
          return;
        }
        this.show(appendOffers(extraOf(this).offers, answer.data.items), answer.data.next);
      } finally {
        this.setData({ busy: false });
      }
    },

    /** The offers shown; an accepted one carries how its agreement stands. */
    show(offers: OfferView[], next: string | undefined) {
      extraOf(this).offers = offers;
      this.setData({ loading: false, rows: offers.map((o) => offerRow(o, o.agreement)), next: next ?? '' });
    },

    onInvite() {
      if (this.data.busy || this.data.blocked) return;
      wx.navigateTo({ url: inviteUrl() });
    },

    onEdit(e: WechatMiniprogram.BaseEvent) {
      const id = idOf(e);
      if (id && !this.data.busy) wx.navigateTo({ url: inviteUrl({ id }) });
    },

    onRevise(e: WechatMiniprogram.BaseEvent) {
      const agreementId = idOf(e);
      if (agreementId && !this.data.busy) wx.navigateTo({ url: inviteUrl({ agreementId }) });
    },

    confirm(content: string): Promise<boolean> {
      return new Promise((resolve) => {
        wx.showModal({ title: '撤回邀约', content, confirmText: '撤回', confirmColor: '#d54941', success: (r) => resolve(r.confirm), fail: () => resolve(false) });
      });
    },

    /** 撤回: the student can no longer answer; asked first, at the version this list shows. */
    async onWithdraw(e: WechatMiniprogram.BaseEvent) {
      if (this.data.busy) return;
      const offer = extraOf(this).offers.find((o) => o.id === idOf(e));
      if (!offer) return;
      const sure = await this.confirm(`撤回后${offer.studentName}将不能再应约，确定撤回“${offer.terms.job.title}”的邀约吗？`);
      if (!sure) return;
      const key = `withdraw:${offer.id}`;
      this.setData({ busy: true, actionError: '' });
      try {
        const answer = await call('employerOffer', { action: 'withdraw', requestId: ids.idFor(key), offerId: offer.id, version: offer.version });
        if (answer.ok) {
          ids.settle(key);
          wx.showToast({ title: '已撤回', icon: 'success' });
        } else {
          this.setData({ actionError: answer.message });
        }
        // either way the list shows the offer as it now stands
        await this.reload();
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
