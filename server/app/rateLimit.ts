/**
 * Counts a call against a limit (and, if given, a ceiling on all callers together), or refuses it with
 * RATE_LIMITED. Not part of any commit: the counters are written alone, and a refused call writes nothing, so a
 * caller refused by its own limit spends nothing of the ceiling, and one refused by the ceiling nothing of its own.
 */
import { DomainError } from '../domain/errors';
import { bucketOf, countCall, countOnShard, firstShard, shardIds, type Ceiling, type Limit } from '../domain/rateLimit';
import type { RateLimitDoc } from '../domain/types';
import { ConflictError, type Write } from '../store/port';
import type { Deps } from './deps';

/** Concurrent calls race for the same counter; the loser re-reads. */
const ATTEMPTS = 5;

const counted = (doc: RateLimitDoc, current: RateLimitDoc | null): Write<'ratelimits'> => ({
  collection: 'ratelimits',
  doc,
  expectedVersion: current?.version ?? 0,
});

/**
 * `who` is the caller's openid, or another key the limit is about (a client's network address, a 学号 being guessed
 * at). With a ceiling, the caller's counter and one shard of the ceiling are written in one commit.
 */
export async function throttle(deps: Deps, who: string, limit: Limit, ceiling?: Ceiling): Promise<void> {
  const id = bucketOf(limit, who);
  const shards = ceiling ? shardIds(ceiling) : [];
  for (let attempt = 1; ; attempt++) {
    // one read for the caller's counter and every shard: a full shard sends the call on to the next one
    const found = new Map((await deps.store.getMany('ratelimits', [id, ...shards])).map((d) => [d._id, d]));
    const now = deps.clock();
    const current = found.get(id) ?? null;
    const writes: Write[] = [counted(countCall(limit, id, current, now), current)];
    if (ceiling) {
      const shardDocs = shards.map((s) => found.get(s) ?? null);
      const next = countOnShard(ceiling, shardDocs, firstShard(ceiling, who, attempt - 1), now);
      writes.push(counted(next, found.get(next._id) ?? null));
    }
    try {
      await deps.store.commit({ writes, audit: [], outbox: [] });
      return;
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      // so busy a bucket is over its limit in all but name
      if (attempt >= ATTEMPTS) throw new DomainError('RATE_LIMITED');
    }
  }
}
