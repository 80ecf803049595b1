/**
 * Fixed-window rate limits: one counter document per caller and limit, holding the current window. A new window
 * reuses the document, so counters never pile up. Pure: the use case loads the counter, this decides the next one
 * or refuses, and the store's compare-and-set keeps concurrent calls from both passing.
 */
import { refuse } from './errors';
import type { RateLimitDoc } from './types';

export interface Limit {
  /** what is limited, e.g. `verify`: buckets of different limits never share a counter */
  name: string;
  max: number;
  windowMs: number;
}

/** Callers without an openid (the web) share one bucket: the limit then holds for all of them together. */
export const bucketOf = (limit: Limit, openid: string): string => `${limit.name}:${openid || 'anonymous'}`;

/** The counter after one more call, or RATE_LIMITED once the window's calls are used up. */
export function countCall(limit: Limit, id: string, current: RateLimitDoc | null, now: Date): RateLimitDoc {
  const window = Math.floor(now.getTime() / limit.windowMs);
  const count = current?.window === window ? current.count : 0;
  if (count >= limit.max) return refuse('RATE_LIMITED');
  return { _id: id, version: (current?.version ?? 0) + 1, window, count: count + 1 };
}
