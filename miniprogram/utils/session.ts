/**
 * Who the caller is, as the server says (query home), kept on the app so that the tab bar and every page agree
 * without asking again. Pages that change the role (binding) or the status (any decision) call `refreshHome()`.
 */
import type { Result } from '../../typings/errors';
import type { HomeView } from '../../typings/views';
import { call } from '../api/client';

interface AppShape {
  globalData: { home?: HomeView };
}

const app = (): AppShape | undefined => {
  try {
    return getApp<AppShape>();
  } catch {
    return undefined;
  }
};

/** The last home view loaded, if any. */
export const cachedHome = (): HomeView | undefined => app()?.globalData.home;

/** Loads the home view and remembers it; a failure leaves what was remembered. */
export async function refreshHome(): Promise<Result<HomeView>> {
  const answer = await call('query', { view: 'home' });
  const a = app();
  if (answer.ok && a) a.globalData.home = answer.data;
  return answer;
}

/** The remembered home view, loading it the first time. */
export async function home(): Promise<Result<HomeView>> {
  const known = cachedHome();
  return known ? { ok: true, data: known } : refreshHome();
}
