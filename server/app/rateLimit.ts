/** Counts a call against a limit, or refuses it with RATE_LIMITED. Not part of any commit: a refused call writes nothing. */
import { DomainError } from '../domain/errors';
import { bucketOf, countCall, type Limit } from '../domain/rateLimit';
import { ConflictError } from '../store/port';
import type { Deps } from './deps';

/** Concurrent calls of one caller race for the same counter; the loser re-reads. */
const ATTEMPTS = 5;

/** `who` is the caller's openid, or another key the limit is about (a 学号 being guessed at). */
export async function throttle(deps: Deps, who: string, limit: Limit): Promise<void> {
  const id = bucketOf(limit, who);
  for (let attempt = 1; ; attempt++) {
    const current = await deps.store.get('ratelimits', id);
    const next = countCall(limit, id, current, deps.clock());
    try {
      await deps.store.put('ratelimits', next, current?.version ?? 0);
      return;
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      // so busy a bucket is over its limit in all but name
      if (attempt >= ATTEMPTS) throw new DomainError('RATE_LIMITED');
    }
  }
}
