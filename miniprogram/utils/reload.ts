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

/** pages whose first onShow (right after onLoad) has passed: later ones are returns from another page */
const shownOnce = new WeakSet<object>();

/**
 * onShow for a page that loads in onLoad: the first show is that load's own; every later one is a return (from
 * another page, the album, a preview), when the record may have moved on, so the view reloads. What the page keeps
 * outside its view (a form being written) stays.
 */
export const reloadOnReturn = {
  onShow(this: LoadingPage): Promise<void> {
    if (!shownOnce.has(this)) {
      shownOnce.add(this);
      return Promise.resolve();
    }
    return this.load();
  },
};
