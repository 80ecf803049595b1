/**
 * Pull-down refresh and 重试 for a page whose `load(fresh)` (re)reads its view: spread into the page's methods.
 * Both ask for a fresh read (`fresh` true), for pages that also re-read the caller's home view then rather than the
 * one kept; a page whose `load()` reads everything afresh anyway takes no argument. The spinner stops whatever the
 * answer; a failure is the page's own `error` to show.
 */
type LoadingPage = WechatMiniprogram.Component.TrivialInstance & { load(fresh: boolean): Promise<void> };

export const reloadMethods = {
  async onPullDownRefresh(this: LoadingPage): Promise<void> {
    try {
      await this.load(true);
    } finally {
      wx.stopPullDownRefresh();
    }
  },

  onRetry(this: LoadingPage): Promise<void> {
    return this.load(true);
  },
};
