/**
 * The tabs each role sees; the custom tab bar shows only the caller's own, so a reviewer never sees a student's tabs
 * and the reverse. An unbound user has no tabs: the home page sends them to binding.
 *
 * Only the student's tabs are app.json tabBar pages (WeChat keeps tabBar pages in the main package, which every user
 * downloads). The reviewer's and the unit's tabs live in the subpackage `pkg` with the rest of their work: each of
 * those pages puts the same bar (custom-tab-bar, as a component) at its foot, and a tap there opens the tab with
 * reLaunch, which like switchTab leaves no page behind to go back to.
 */
import type { Role } from '../../typings/states';

export interface Tab {
  /** app.json pagePath, no leading slash */
  path: string;
  text: string;
  /** a TDesign icon name */
  icon: string;
}

const STUDENT: Tab[] = [
  { path: 'pages/index/index', text: '首页', icon: 'home' },
  { path: 'pages/offers/index', text: '三方协议', icon: 'file-paste' },
];

const REVIEWER: Tab[] = [
  { path: 'pkg/review/queues/index', text: '审核', icon: 'task' },
  { path: 'pkg/review/stats/index', text: '统计', icon: 'chart-bar' },
];

const EMPLOYER: Tab[] = [
  { path: 'pkg/employer/home/index', text: '单位', icon: 'city' },
  { path: 'pkg/employer/offers/index', text: '邀约', icon: 'send' },
];

/** The pages of app.json's tabBar list: the only ones switchTab opens. */
export const TAB_BAR_PAGES: readonly string[] = STUDENT.map((t) => t.path);

/** Opens a tab page (`/pkg/review/queues/index`): switchTab for a tabBar page, reLaunch for a subpackage tab. */
export function openTab(url: string): void {
  if (TAB_BAR_PAGES.includes(url.replace(/^\//, ''))) wx.switchTab({ url });
  else wx.reLaunch({ url });
}

/** admin and system act from the command line and timers, never in the mini program: no tabs */
export const TABS: Partial<Record<Role, Tab[]>> = {
  student: STUDENT,
  collegeReviewer: REVIEWER,
  schoolReviewer: REVIEWER,
  employer: EMPLOYER,
};

export const tabsOf = (role: Role | null | undefined): Tab[] => (role ? (TABS[role] ?? []) : []);

/** The home tab of a role: where the launch page sends a bound caller. */
export const homeOf = (role: Role | null | undefined): string | null => tabsOf(role)[0]?.path ?? null;

interface TabBar {
  setData(data: { tabs: Tab[]; value: string }): void;
}

/**
 * For a tab page's onShow: shows the caller's tabs with this page selected. A tabBar page's bar comes from getTabBar;
 * a subpackage tab page carries its own (`<tab-bar id="tab-bar" />`). Pages run as components in tests and on old
 * base libraries, where getTabBar may be missing; then there is simply no bar to update.
 */
export function selectTab(page: WechatMiniprogram.Component.TrivialInstance, role: Role | null | undefined, path: string): void {
  const host = page as unknown as { getTabBar?: () => TabBar | null; selectComponent?: (selector: string) => TabBar | null };
  const bar = TAB_BAR_PAGES.includes(path) ? host.getTabBar?.() : host.selectComponent?.('#tab-bar');
  bar?.setData({ tabs: tabsOf(role), value: path });
}
