import { movedUrl } from './utils/moved';

App<IAppOption>({
  globalData: {},

  onLaunch() {
    // Base libraries below 2.2.3 have no wx.cloud; the guard keeps the app from crashing there.
    if (wx.cloud) {
      wx.cloud.init({ traceUser: true });
    }
  },

  // a message sent before a page moved into the subpackage still opens it; anything else falls back to the home page
  onPageNotFound(res: WechatMiniprogram.App.PageNotFoundOption) {
    wx.redirectTo({ url: movedUrl(res.path, res.query as Record<string, string>) ?? '/pages/index/index' });
  },
});
