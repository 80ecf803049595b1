// The role-aware tab bar (app.json tabBar.custom). It shows only the caller's own tabs (utils/tabs.ts); each tab
// page calls `selectTab(this)` in onShow, which tells the bar who is calling and which tab is open.
import type { Tab } from '../utils/tabs';

Component({
  data: {
    tabs: [] as Tab[],
    value: '',
  },

  methods: {
    onChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const path = e.detail.value;
      if (!path || path === this.data.value) return;
      wx.switchTab({ url: `/${path}` });
    },
  },
});
