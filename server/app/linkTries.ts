/**
 * The guessing limits of confirmation and consent links (domain/confirmLink.ts CONFIRM_LINK_LIMITS): every view and every answer
 * through a link counts, per WeChat user, per network and against the ceiling on everyone, before the link is looked
 * up, so that a refused guess costs what a good one does (as verifyAgreement counts lookups).
 */
import { CONFIRM_LINK_CEILING, confirmLinkTries } from '../domain/confirmLink';
import type { Caller, Deps } from './deps';
import { throttle } from './rateLimit';

export async function countLinkTry(deps: Deps, caller: Pick<Caller, 'openid' | 'client'>): Promise<void> {
  const [own, ...others] = confirmLinkTries(caller);
  // the caller's own counter with one shard of the ceiling, then the network's
  await throttle(deps, own!.who, own!.limit, CONFIRM_LINK_CEILING);
  for (const t of others) await throttle(deps, t.who, t.limit);
}
