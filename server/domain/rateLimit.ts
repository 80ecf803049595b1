/**
 * Fixed-window rate limits: one counter document per caller and limit, holding the current window. A new window
 * reuses the document, so counters never pile up. Pure: the use case loads the counters, this decides the next ones
 * or refuses, and the store's compare-and-set keeps concurrent calls from both passing.
 */
import { createHash } from 'node:crypto';
import { refuse } from './errors';
import type { RateLimitDoc } from './types';

export interface Limit {
  /** what is limited, e.g. `verify`: buckets of different limits never share a counter */
  name: string;
  max: number;
  windowMs: number;
}

/**
 * A limit on all callers together, its `max` spread over `shards` counters. One counter written by every call would
 * be a hot spot: concurrent calls conflict on it, and a call that keeps losing is refused though the limit is far
 * off. With shards, calls of different callers mostly write different counters.
 */
export interface Ceiling extends Limit {
  shards: number;
}

/** Callers the platform names no one for share one bucket: the limit then holds for all of them together. */
export const bucketOf = (limit: Limit, who: string): string => `${limit.name}:${who || 'anonymous'}`;

/**
 * The part of a network address one subscriber holds: an IPv4 address whole, an IPv6 address's /64 (a home or a
 * phone is given a whole /64 and may use any address in it). An address of another form is taken as it is.
 */
export function networkOf(address: string): string {
  const a = address.trim().toLowerCase().replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (mapped) return mapped[1]!;
  if (!a.includes(':')) return a;
  const halves = a.split('::');
  if (halves.length > 2) return a;
  const groupsOf = (part: string | undefined): string[] => (part ? part.split(':') : []);
  const head = groupsOf(halves[0]);
  const tail = groupsOf(halves[1]);
  // an IPv4 tail (::ffff:0:1.2.3.4, 64:ff9b::1.2.3.4) fills two groups
  const tailWidth = tail.length + (tail.at(-1)?.includes('.') ? 1 : 0);
  const groups = halves.length === 2 ? [...head, ...Array<string>(Math.max(0, 8 - head.length - tailWidth)).fill('0'), ...tail] : head;
  const prefix = groups.slice(0, 4);
  if (prefix.length < 4 || !prefix.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return a;
  return `${prefix.map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/**
 * The bucket key of a caller known only by its network address. Hashed, so that the counter's id has a fixed,
 * safe form and the address is not written in plain; not anonymous (IPv4 has few enough values to try them all).
 * `:` keeps it apart from any openid.
 */
export const clientKey = (address: string): string =>
  `ip:${createHash('sha256').update(networkOf(address)).digest('hex').slice(0, 16)}`;

/** The counter after one more call, or null once the window's `max` calls are used up. */
function nextCount(max: number, windowMs: number, id: string, current: RateLimitDoc | null, now: Date): RateLimitDoc | null {
  const window = Math.floor(now.getTime() / windowMs);
  const count = current?.window === window ? current.count : 0;
  if (count >= max) return null;
  return { _id: id, version: (current?.version ?? 0) + 1, window, count: count + 1 };
}

/** The counter after one more call, or RATE_LIMITED once the window's calls are used up. */
export const countCall = (limit: Limit, id: string, current: RateLimitDoc | null, now: Date): RateLimitDoc =>
  nextCount(limit.max, limit.windowMs, id, current, now) ?? refuse('RATE_LIMITED');

/** Every shard's counter id, in shard order. */
export const shardIds = (ceiling: Ceiling): string[] =>
  Array.from({ length: ceiling.shards }, (_, i) => `${ceiling.name}:${i}`);

/** A shard's share of the ceiling; the shares add up to `max` exactly. */
export const shardCap = (ceiling: Ceiling, shard: number): number =>
  Math.floor(ceiling.max / ceiling.shards) + (shard < ceiling.max % ceiling.shards ? 1 : 0);

/**
 * The shard a call tries first, picked by its caller's key and the number of conflicts it has lost: different
 * callers start on different shards, and the losers of one conflict scatter instead of meeting again.
 */
export const firstShard = (ceiling: Ceiling, who: string, conflictsLost: number): number =>
  createHash('sha256').update(`${conflictsLost}:${who}`).digest().readUInt32BE(0) % ceiling.shards;

/**
 * The call counted on the first shard with room, from `first` onwards, or RATE_LIMITED once every shard's share of
 * the window is used up: the ceiling refuses only when all callers together have reached it. `current` holds each
 * shard's counter (null where there is none yet), in shard order.
 */
export function countOnShard(ceiling: Ceiling, current: readonly (RateLimitDoc | null)[], first: number, now: Date): RateLimitDoc {
  const ids = shardIds(ceiling);
  for (let k = 0; k < ceiling.shards; k++) {
    const shard = (first + k) % ceiling.shards;
    const next = nextCount(shardCap(ceiling, shard), ceiling.windowMs, ids[shard]!, current[shard] ?? null, now);
    if (next) return next;
  }
  return refuse('RATE_LIMITED');
}
