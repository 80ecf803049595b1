/** The app instance's shape, as seen by `App<IAppOption>()` and `getApp<IAppOption>()`. */
interface IAppOption {
  globalData: Record<string, never>;
}
