// The role-aware tab bar (app.json tabBar.custom, and a component at the foot of the subpackage's tab pages). It
// shows only the caller's own tabs (utils/tabs.ts); each tab page calls `selectTab(this)` in onShow, which tells the
// bar who is calling and which tab is open.
import { openTab, type Tab } from '../utils/tabs';

Component({
  properties: {
    // at the foot of a subpackage tab page the bar is the page's own: it keeps its height free so nothing hides behind it
    placeholder: { type: Boolean, value: false },
  },

  data: {
    tabs: [] as Tab[],
    value: '',
  },

  methods: {
    onChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const path = e.detail.value;
      if (!path || path === this.data.value) return;
      openTab(`/${path}`);
    },
  },
});
