/** Guesses at confirmation and consent links (domain/confirmLink.ts CONFIRM_LINK_LIMITS), counted before a link is read. */
import { confirmLinkTries, CONFIRM_LINK_CEILING } from '../domain/confirmLink';
import type { Caller, Deps } from './deps';
import { throttle } from './rateLimit';

/** Per WeChat user (with the ceiling on all callers together), then per network when the platform gave its address. */
export async function countLinkTry(deps: Deps, caller: Pick<Caller, 'openid' | 'client'>): Promise<void> {
  const [first, ...rest] = confirmLinkTries(caller);
  await throttle(deps, first!.who, first!.limit, CONFIRM_LINK_CEILING);
  for (const t of rest) await throttle(deps, t.who, t.limit);
}
