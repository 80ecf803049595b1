/** Wraps a store and counts its calls: the round trips each use case costs (a CloudBase call is a network trip). */
import type { Store } from '../../server/store/port';

export type Counts = Record<'get' | 'getMany' | 'query' | 'count' | 'commit' | 'put', number>;

/**
 * `waves`: the calls one after another, as a caller waits for them. Calls started while another is under way (the
 * reads of one Promise.all) share its wave: over a network they cost one round trip's time together.
 * `decisionWaves`: those up to and including the last commit that stored a request's answer (the decision's own
 * commit); the waves after it are the delivery of its messages. Without such a commit, all are the decision's.
 */
export function countingStore(inner: Store): {
  store: Store;
  counts: Counts;
  waves(): number;
  decisionWaves(): number;
  reset(): Counts;
} {
  const counts: Counts = { get: 0, getMany: 0, query: 0, count: 0, commit: 0, put: 0 };
  let inFlight = 0;
  let waves = 0;
  let decided: number | null = null;
  const counted = <T>(op: keyof Counts, run: () => Promise<T>): Promise<T> => {
    counts[op] += 1;
    if (inFlight === 0) waves += 1;
    inFlight += 1;
    return run().finally(() => {
      inFlight -= 1;
    });
  };
  const store: Store = {
    name: `counting(${inner.name})`,
    get: (c, id) => counted('get', () => inner.get(c, id)),
    getMany: (c, ids) => counted('getMany', () => inner.getMany(c, ids)),
    query: (c, q) => counted('query', () => inner.query(c, q)),
    count: (c, w) => counted('count', () => inner.count(c, w)),
    commit: async (x) => {
      const wave = waves + (inFlight === 0 ? 1 : 0);
      await counted('commit', () => inner.commit(x));
      if (x.request) decided = wave;
    },
    put: (c, d, v) => counted('put', () => inner.put(c, d, v)),
    close: () => inner.close(),
  };
  const reset = (): Counts => {
    const snapshot = { ...counts };
    for (const k of Object.keys(counts) as (keyof Counts)[]) counts[k] = 0;
    waves = 0;
    decided = null;
    return snapshot;
  };
  return { store, counts, waves: () => waves, decisionWaves: () => decided ?? waves, reset };
}
