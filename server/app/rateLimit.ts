/**
 * Counts a call against a limit (and, if given, a ceiling on all callers together), or refuses it with
 * RATE_LIMITED. `throttle` writes the counters alone before the call goes on; a call that commits a change counts
 * its tries in that commit instead (`countTries`, bind). A refused call writes nothing, so a
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

/** One limit a call counts against, and whose calls it counts (see `throttle`'s `who`). */
export interface Try {
  limit: Limit;
  who: string;
}

/** The counters `tries` count on, to be read together (getMany) with whatever else the call reads first. */
export const counterIds = (tries: readonly Try[]): string[] => tries.map((t) => bucketOf(t.limit, t.who));

/**
 * The counters after this call, from the ones read (`counterIds`), as writes for the call's own commit: the try is
 * counted with the change it makes, no write of its own. RATE_LIMITED when any limit is used up, and then nothing
 * is counted, as with `throttle`.
 */
export function countTries(tries: readonly Try[], read: readonly RateLimitDoc[], now: Date): Write[] {
  const found = new Map(read.map((d) => [d._id, d]));
  return tries.map(({ limit, who }) => {
    const id = bucketOf(limit, who);
    const current = found.get(id) ?? null;
    return counted(countCall(limit, id, current, now), current);
  });
}

/**
 * Writes the counts alone: for a try refused by its decision, which commits nothing else but is a try all the same.
 * A clash with a concurrent try reads the counters again and counts afresh, RATE_LIMITED once a limit is used up
 * (the refusal is then not given: that try was not counted).
 */
export async function countAlone(deps: Deps, tries: readonly Try[], writes: readonly Write[]): Promise<void> {
  let next = writes;
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.store.commit({ writes: [...next], audit: [], outbox: [] });
      return;
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      if (attempt >= ATTEMPTS) throw new DomainError('RATE_LIMITED');
      next = countTries(tries, await deps.store.getMany('ratelimits', counterIds(tries)), deps.clock());
    }
  }
}
