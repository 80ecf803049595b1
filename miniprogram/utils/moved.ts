/**
 * Pages that moved into the subpackage `pkg` (the main package holds only what a first visit needs). A
 * subscribe message or share sent before the move still names the old path (`pages/agreement/index?id=…`); the app's
 * onPageNotFound sends such a tap to the page's new place instead of WeChat's 页面不存在.
 */
// employer/templates was made in pkg: no old path leads to it
const MOVED = /^\/?pages\/((?:review\/|employer\/(?!templates\/)|initiate\/|check\/|offer\/|agreement\/|termination\/).*)$/;

/** The new url for an old path and its query (as onPageNotFound gives them), or null when the page never moved. */
export function movedUrl(path: string, query: Record<string, string> = {}): string | null {
  const m = MOVED.exec(path);
  if (!m?.[1]) return null;
  const search = Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return `/pkg/${m[1]}${search ? `?${search}` : ''}`;
}
