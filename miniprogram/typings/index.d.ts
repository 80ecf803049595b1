/** The app instance's shape, as seen by `App<IAppOption>()` and `getApp<IAppOption>()`. */
interface IAppOption {
  globalData: {
    /** the caller's home view, kept by utils/session.ts */
    home?: import('../../typings/views').HomeView;
  };
}
