App<IAppOption>({
  globalData: {},

  onLaunch() {
    // Base libraries below 2.2.3 have no wx.cloud; the guard keeps the app from crashing there.
    if (wx.cloud) {
      wx.cloud.init({ traceUser: true });
    }
  },
});
