/**
 * The account entries 个人中心 and the staff's 账号 page both offer (协议核验, 帮助, 隐私政策, 解除绑定): spread into the
 * page's methods, so that both open the same pages and unbind alike.
 */
import { PRIVACY_PAGE } from './privacy';
import { unbind } from './unbind';

type BusyPage = WechatMiniprogram.Component.TrivialInstance & { data: { busy: boolean } };

export const accountEntries = {
  onVerify(): void {
    wx.navigateTo({ url: '/pages/verify/index' });
  },

  onHelp(): void {
    wx.navigateTo({ url: '/pkg/help/index' });
  },

  onPrivacy(): void {
    wx.navigateTo({ url: PRIVACY_PAGE });
  },

  /** 解除绑定 (utils/unbind.ts) */
  onUnbind(this: BusyPage): Promise<void> {
    return unbind(this);
  },
};
