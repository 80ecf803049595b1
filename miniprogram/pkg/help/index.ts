// 帮助: the school's notices with their deadlines (soonest first), whom to call (a tap dials: 辅导员, 就业指导中心),
// its answers to common questions, and the privacy policy. One call: query view 'help', which anyone may make.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { FaqItem, HelpContact } from '../../../typings/views';
import { call } from '../../api/client';
import { reloadMethods } from '../../utils/reload';
import { callNumber, PRIVACY_PAGE } from '../../utils/privacy';
import { noticeRows, type NoticeRow } from './shown';

Component({
  data: {
    busy: false,
    loading: true,
    error: '',
    notices: [] as NoticeRow[],
    contacts: [] as HelpContact[],
    faq: [] as FaqItem[],
  },

  methods: {
    onLoad() {
      return this.load();
    },

    ...reloadMethods,

    async load() {
      if (this.data.busy) return;
      this.setData({ busy: true, error: '' });
      try {
        const answer = await call('query', { view: 'help' });
        if (!answer.ok) {
          this.setData({ error: answer.message });
          return;
        }
        const view = answer.data;
        this.setData({ notices: noticeRows(view), contacts: view.contacts, faq: view.faq });
      } finally {
        this.setData({ busy: false, loading: false });
      }
    },

    /** A tap on a contact dials it; where the phone cannot dial from here, the number is shown to copy. */
    onCall(e: WechatMiniprogram.BaseEvent) {
      const phone = String((e.currentTarget.dataset as { phone?: string }).phone ?? '');
      if (!phone || callNumber(phone)) return;
      wx.showModal({ title: '联系电话', content: phone, showCancel: false, confirmText: '知道了' });
    },

    onPrivacy() {
      wx.navigateTo({ url: PRIVACY_PAGE });
    },
  },
});
