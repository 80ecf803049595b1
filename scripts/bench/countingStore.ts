/** Wraps a store and counts its calls: the round trips each use case costs (a CloudBase call is a network trip). */
import type { Store } from '../../server/store/port';

export type Counts = Record<'get' | 'getMany' | 'query' | 'count' | 'commit' | 'put', number>;

export function countingStore(inner: Store): { store: Store; counts: Counts; reset(): Counts } {
  const counts: Counts = { get: 0, getMany: 0, query: 0, count: 0, commit: 0, put: 0 };
  const store: Store = {
    name: `counting(${inner.name})`,
    get: (c, id) => (counts.get++, inner.get(c, id)),
    getMany: (c, ids) => (counts.getMany++, inner.getMany(c, ids)),
    query: (c, q) => (counts.query++, inner.query(c, q)),
    count: (c, w) => (counts.count++, inner.count(c, w)),
    commit: (x) => (counts.commit++, inner.commit(x)),
    put: (c, d, v) => (counts.put++, inner.put(c, d, v)),
    close: () => inner.close(),
  };
  const reset = (): Counts => {
    const snapshot = { ...counts };
    for (const k of Object.keys(counts) as (keyof Counts)[]) counts[k] = 0;
    return snapshot;
  };
  return { store, counts, reset };
}
