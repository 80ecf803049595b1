/**
 * 解除绑定, for someone who bound the wrong role (a graduate, a reviewer, a unit's contact): written once here and used
 * by 个人中心 and the staff's 账号 page, so both ask, refuse and release alike. Asked first; the server says why when
 * something under way keeps the binding. Released, the app learns it has no role, and binding opens for the right one.
 */
import { call, RequestIds } from '../api/client';
import { refreshHome } from './session';

const ids = new RequestIds();

export const UNBIND_CONFIRM =
  '解除后，该微信不再绑定当前身份，您可以重新选择正确的身份绑定。已提交给学校的核查和三方协议记录仍会保留。确定解除绑定吗？';

function confirm(title: string, content: string, confirmText: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({ title, content, confirmText, confirmColor: '#d54941', success: (r) => resolve(r.confirm), fail: () => resolve(false) });
  });
}

/** The page that offers it: its `busy` keeps a second tap out while the first is under way. */
interface Host {
  data: { busy: boolean };
  setData(data: { busy: boolean }): void;
}

/** The whole flow from the tap: confirm, release, tell, reload who the caller is, open binding. */
export async function unbind(page: Host): Promise<void> {
  if (page.data.busy) return;
  if (!(await confirm('解除绑定', UNBIND_CONFIRM, '解除绑定'))) return;
  page.setData({ busy: true });
  try {
    const answer = await call('bind', { action: 'unbind', requestId: ids.idFor('unbind') });
    if (!answer.ok) {
      wx.showModal({ title: '不能解除绑定', content: answer.message, showCancel: false, confirmText: '知道了' });
      return;
    }
    ids.settle('unbind');
    wx.showToast({ title: '已解除绑定', icon: 'success' });
    await refreshHome();
    wx.reLaunch({ url: '/pages/bind/index' });
  } finally {
    page.setData({ busy: false });
  }
}
