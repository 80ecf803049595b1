// 单位 (an employer's tab): the unit as registered and where it stands with the school (待学校认证 / 已认证 /
// 未通过 with the school's reason), its offers counted by state, and the ways to 邀约学生 and to the list.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { EmployerHomeView } from '../../../../typings/views';
import { call } from '../../../api/client';
import {
  BIND_FIRST,
  certificationOf,
  countCells,
  infoRows,
  INVITE_PAGE,
  inviteBlocked,
  OFFERS_TAB,
  REGISTER_PAGE,
  totalOffers,
  type Certification,
  type CountCell,
  type InfoRow,
  type Notice,
} from '../../utils/employer-status';
import { tabRole } from '../../../utils/session';
import { openTab, selectTab } from '../../../utils/tabs';
import { reloadMethods } from '../../../utils/reload';

const ACCOUNT_PAGE = '/pkg/account/index';
const AGREEMENTS_PAGE = '/pkg/employer/agreements/index';
const TAB_PATH = 'pkg/employer/home/index';

Component({
  data: {
    busy: false,
    /** nothing shown yet */
    loading: true,
    error: '',
    /** not an employer at all (or not bound): what to do instead */
    notice: null as Notice | null,
    name: '',
    certification: null as Certification | null,
    rows: [] as InfoRow[],
    counts: [] as CountCell[],
    total: 0,
    /** why 邀约学生 is closed, '' when open */
    blocked: '',
    /** agreements waiting for the unit (确认协议, 盖章回传), '' when none */
    agreementsToDo: '',
  },

  methods: {
    /** Every return to the tab reloads: the school may have decided, or students answered, meanwhile. */
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
        // the unit's own view, whose answer also says who is calling: an employer, a stranger (NOT_BOUND) or another
        // role (FORBIDDEN); the certification may have changed since the launch page loaded the home view
        const answer = await call('query', { view: 'employerHome' });
        selectTab(this, tabRole(answer.ok ? 'employer' : null), TAB_PATH);
        if (!answer.ok) {
          const notice = answer.code === 'NOT_BOUND' ? BIND_FIRST : answer.code === 'FORBIDDEN' ? { text: '仅用人单位可以使用单位页面' } : null;
          this.setData(notice ? { loading: false, notice } : { error: answer.message });
          return;
        }
        this.show(answer.data);
      } finally {
        this.setData({ busy: false });
      }
    },

    show(view: EmployerHomeView) {
      this.setData({
        loading: false,
        notice: null,
        name: view.employer.name,
        certification: certificationOf(view.employer),
        rows: infoRows(view.employer),
        counts: countCells(view.offers),
        total: totalOffers(view.offers),
        blocked: inviteBlocked(view.employer.state),
        agreementsToDo: view.agreementsToDo ? `待处理 ${view.agreementsToDo}` : '',
      });
    },

    onInvite() {
      if (this.data.busy || this.data.blocked) return;
      wx.navigateTo({ url: INVITE_PAGE });
    },

    onOffers() {
      openTab(OFFERS_TAB);
    },

    /** 单位的三方协议: every agreement of the unit, with what waits for it */
    onAgreements() {
      wx.navigateTo({ url: AGREEMENTS_PAGE });
    },

    /** A unit the school turned down is registered again, corrected, from the same WeChat. */
    onRegisterAgain() {
      wx.navigateTo({ url: REGISTER_PAGE });
    },

    onNotice() {
      const notice = this.data.notice;
      if (!notice?.url) return;
      if (notice.tab) openTab(notice.url);
      else wx.navigateTo({ url: notice.url });
    },

    /** 账号与帮助: the staff's 个人中心 (who they are, help, privacy, 解除绑定) */
    onAccount() {
      wx.navigateTo({ url: ACCOUNT_PAGE });
    },
  },
});
