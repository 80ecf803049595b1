/**
 * Who the caller is, as the server says (query home), kept on the app so that the tab bar and every page agree
 * without asking again.
 *
 * A page loads with its one view, and reloads with that one view after a change. A change may also move what the
 * home view says (the student's status, the to-dos): the page then calls `staleHome()` rather than loading the home
 * view too. The remembered view stays usable for what a change does not move (the role, the school's settings);
 * the next screen that shows the home status (首页, which loads it on every show) or asks for it with `home()` loads
 * it fresh. Binding (a student or an invite code, a unit's registration) changes who the caller is: that page loads
 * the home view once, after the change, so the app knows the new role before its tabs show.
 */
import type { Result } from '../../typings/errors';
import type { Role } from '../../typings/states';
import type { HomeView } from '../../typings/views';
import { call } from '../api/client';

interface AppShape {
  globalData: { home?: HomeView; homeStale?: boolean };
}

const app = (): AppShape | undefined => {
  try {
    return getApp<AppShape>();
  } catch {
    return undefined;
  }
};

/** The last home view loaded, if any (stale or not). */
export const cachedHome = (): HomeView | undefined => app()?.globalData.home;

/** Loads the home view and remembers it; a failure leaves what was remembered. */
export async function refreshHome(): Promise<Result<HomeView>> {
  const answer = await call('query', { view: 'home' });
  const a = app();
  if (answer.ok && a) {
    a.globalData.home = answer.data;
    a.globalData.homeStale = false;
  }
  return answer;
}

/** The remembered home view, loading it the first time and after a change marked it stale. */
export async function home(): Promise<Result<HomeView>> {
  const known = cachedHome();
  return known && !app()?.globalData.homeStale ? { ok: true, data: known } : refreshHome();
}

/** After a change: the remembered home view may no longer tell the status; the next `home()` loads it again. */
export function staleHome(): void {
  const a = app();
  if (a) a.globalData.homeStale = true;
}

/**
 * The role to draw the tab bar with: the one the page's own view tells (or implies: only a student gets the offers
 * view), else the remembered one, so that a page opened directly (from a message) needs no second call.
 */
export const tabRole = (told?: Role | null): Role | null => told ?? cachedHome()?.role ?? null;
