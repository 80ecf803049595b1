// 账号 (reviewers and units' contacts, from their 统计 and 单位 tabs): who the caller is bound as, 协议核验, 帮助与联系方式,
// 隐私政策 and 解除绑定, the same services a graduate finds in 个人中心. One call: query view 'home', which also tells
// the rest of the app who the caller is. Built with Component() (supported for pages) so tests can load it.
import { refreshHome } from '../../utils/session';
import { reloadMethods } from '../../utils/reload';
import { accountEntries } from '../../utils/account-entries';
import { identityOf, type Identity } from './shown';

Component({
  data: {
    busy: false,
    loading: true,
    error: '',
    identity: null as Identity | null,
  },

  methods: {
    onLoad() {
      return this.load();
    },

    ...reloadMethods,
    ...accountEntries,

    async load() {
      if (this.data.busy) return;
      this.setData({ busy: true, error: '' });
      try {
        const answer = await refreshHome();
        if (!answer.ok) {
          this.setData({ error: answer.message });
          return;
        }
        const identity = identityOf(answer.data);
        this.setData({ identity });
        // no binding (released meanwhile, or a shared link): nothing here is theirs; binding is
        if (!identity) wx.reLaunch({ url: '/pages/bind/index' });
      } finally {
        this.setData({ busy: false, loading: false });
      }
    },

  },
});
