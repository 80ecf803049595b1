// 隐私政策: what the mini program collects, why, who sees it, how long the school keeps it and how to withdraw, with
// the school's name, retention rule and contacts from its settings. Opens from binding (before any role) and from
// 个人中心. One call: query view 'help', which anyone may make.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { HelpContact } from '../../../typings/views';
import { call } from '../../api/client';
import { reloadMethods } from '../../utils/reload';
import { callNumber, canOpenContract, openContract } from '../../utils/privacy';

Component({
  data: {
    busy: false,
    loading: true,
    error: '',
    schoolName: '',
    retention: '',
    contacts: [] as HelpContact[],
    /** WeChat's page for the guide filed with the platform, where the base library can open it */
    contract: false,
  },

  methods: {
    onLoad() {
      this.setData({ contract: canOpenContract() });
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
        const { schoolName, retention, contacts } = answer.data;
        this.setData({ schoolName, retention, contacts });
      } finally {
        this.setData({ busy: false, loading: false });
      }
    },

    onCall(e: WechatMiniprogram.BaseEvent) {
      const phone = String((e.currentTarget.dataset as { phone?: string }).phone ?? '');
      if (!phone || callNumber(phone)) return;
      wx.showModal({ title: '联系电话', content: phone, showCancel: false, confirmText: '知道了' });
    },

    onContract() {
      openContract();
    },
  },
});
