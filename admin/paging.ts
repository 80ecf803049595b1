/** Reading a whole collection a page at a time: never more than one page in memory. */
import type { CollectionName, Collections } from '../server/domain/types';
import type { Query, Store } from '../server/store/port';

/** CloudBase answers at most 1000 documents per query; half that keeps each answer small. */
export const PAGE_SIZE = 500;

export async function* pages<C extends CollectionName>(
  store: Store,
  collection: C,
  query: Omit<Query, 'limit' | 'after'> = {},
  pageSize = PAGE_SIZE,
): AsyncGenerator<Collections[C][]> {
  let after: string | undefined;
  do {
    const page = await store.query(collection, { ...query, limit: pageSize, ...(after ? { after } : {}) });
    if (page.items.length > 0) yield page.items;
    after = page.next;
  } while (after);
}
