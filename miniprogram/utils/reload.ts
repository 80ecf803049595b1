/**
 * Pull-down refresh and 重试 for a page whose `load()` (re)reads its one view: spread into the page's methods. The
 * spinner stops whatever the answer; a failure is the page's own `error` to show.
 */
type LoadingPage = WechatMiniprogram.Component.TrivialInstance & { load(): Promise<void> };

export const reloadMethods = {
  async onPullDownRefresh(this: LoadingPage): Promise<void> {
    try {
      await this.load();
    } finally {
      wx.stopPullDownRefresh();
    }
  },

  onRetry(this: LoadingPage): Promise<void> {
    return this.load();
  },
};
