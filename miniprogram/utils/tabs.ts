/**
 * The tabs each role sees. app.json must list every tab page of every role (WeChat's rule for a custom tabBar); the
 * custom tab bar then shows only the caller's own, so a reviewer never sees a student's tabs and the reverse. An
 * unbound user has no tabs: the home page sends them to binding.
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
  { path: 'pages/review/queues/index', text: '审核', icon: 'task' },
  { path: 'pages/review/stats/index', text: '统计', icon: 'chart-bar' },
];

const EMPLOYER: Tab[] = [
  { path: 'pages/employer/home/index', text: '单位', icon: 'city' },
  { path: 'pages/employer/offers/index', text: '邀约', icon: 'send' },
];

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
 * For a tab page's onShow: shows the caller's tabs with this page selected. Pages run as components in tests and
 * on old base libraries, where getTabBar may be missing; then there is simply no bar to update.
 */
export function selectTab(page: WechatMiniprogram.Component.TrivialInstance, role: Role | null | undefined, path: string): void {
  const bar = (page as unknown as { getTabBar?: () => TabBar | null }).getTabBar?.();
  bar?.setData({ tabs: tabsOf(role), value: path });
}
