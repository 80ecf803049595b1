/**
 * The whole store as one value: every document of every collection, with its stored JSON text. Taken after each step
 * of a random sequence, it is what the invariants read and what "a refused call writes nothing" compares.
 */
import { COLLECTION_NAMES, type Store } from '../../../server/store/port';
import type { CollectionName, Collections } from '../../../server/domain/types';

export interface Stored<D> {
  /** the document as the store answers it, serialised again: equal texts are equal documents */
  text: string;
  doc: D;
}

export type Snapshot = { [C in CollectionName]: Map<string, Stored<Collections[C]>> };

export async function snapshot(store: Store): Promise<Snapshot> {
  const entries = await Promise.all(
    COLLECTION_NAMES.map(async (c) => {
      const { items } = await store.query(c, { limit: 1_000_000 });
      return [c, new Map(items.map((doc) => [doc._id, { text: JSON.stringify(doc), doc }]))] as const;
    }),
  );
  return Object.fromEntries(entries) as unknown as Snapshot;
}

export const docs = <C extends CollectionName>(snap: Snapshot, c: C): Collections[C][] =>
  [...snap[c].values()].map((s) => s.doc as Collections[C]);

export interface Change {
  collection: CollectionName;
  id: string;
  how: 'added' | 'removed' | 'changed';
}

/** Every document that differs between two snapshots. */
export function changes(before: Snapshot, after: Snapshot): Change[] {
  const out: Change[] = [];
  for (const c of COLLECTION_NAMES) {
    const [b, a] = [before[c], after[c]];
    if (a === b) continue;
    for (const [id, stored] of a) {
      const was = b.get(id);
      if (!was) out.push({ collection: c, id, how: 'added' });
      else if (was.text !== stored.text) out.push({ collection: c, id, how: 'changed' });
    }
    for (const id of b.keys()) if (!a.has(id)) out.push({ collection: c, id, how: 'removed' });
  }
  return out;
}
