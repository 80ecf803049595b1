/**
 * The SQLite store, noting every document a commit or put names. Commit and put are the port's only writes (nothing
 * else holds the database), so re-reading the noted documents after a call brings a snapshot up to date without
 * reading the whole store after every step; each sequence still ends with a full read compared against it.
 *
 * It can also keep its contents as a template and restore them: thousands of sequences then start from one seeded
 * demo school, restored row for row, instead of creating tables, preparing statements and seeding each time.
 */
import type Database from 'better-sqlite3';
import type { CollectionName, Collections } from '../../../server/domain/types';
import { SqliteStore, type SqliteOptions } from '../../../server/store/sqlite';
import { COLLECTION_NAMES, type Commit, type PutOptions } from '../../../server/store/port';
import { isSummarized } from '../../../server/store/summaries';
import type { Snapshot } from './snapshot';

type Row = { id: string; version: number; body: string };

export class TrackingStore extends SqliteStore {
  private touched = new Map<CollectionName, Set<string>>();
  private template: [CollectionName, Row[]][] | null = null;
  private restoreTx: Database.Transaction<() => void> | null = null;

  /** Keeps the store's contents as they are now, for `restore`. */
  keep(): void {
    this.template = COLLECTION_NAMES.map((c) => [c, this.db.prepare(`SELECT id, version, body FROM "${c}"`).all() as Row[]]);
    const statements = COLLECTION_NAMES.map((c) => ({
      clear: this.db.prepare(`DELETE FROM "${c}"`),
      insert: this.db.prepare(`INSERT INTO "${c}" (id, version, body) VALUES (?, ?, ?)`),
    }));
    const template = this.template;
    this.restoreTx = this.db.transaction(() => {
      template.forEach(([, rows], i) => {
        const { clear, insert } = statements[i]!;
        clear.run();
        for (const row of rows) insert.run(row.id, row.version, row.body);
      });
    });
  }

  /** The contents `keep` kept, and nothing else; nothing noted. */
  restore(): void {
    if (!this.restoreTx) throw new Error('restore before keep');
    this.restoreTx();
    this.touched = new Map();
    this.summariesMoved = false;
  }

  constructor(options: SqliteOptions = { path: ':memory:' }) {
    super(options);
  }

  private note(collection: CollectionName, id: string): void {
    let ids = this.touched.get(collection);
    if (!ids) this.touched.set(collection, (ids = new Set()));
    ids.add(id);
  }

  override async commit(commit: Commit): Promise<void> {
    if (commit.request) this.note('requests', commit.request._id);
    for (const w of commit.writes) this.noteWrite(w.collection, w.doc._id);
    for (const e of commit.audit) this.note('audit', e._id);
    for (const m of commit.outbox) this.note('outbox', m._id);
    return super.commit(commit);
  }

  override async put<C extends CollectionName>(collection: C, doc: Collections[C], expectedVersion: number, options?: PutOptions): Promise<void> {
    this.noteWrite(collection, doc._id);
    return super.put(collection, doc, expectedVersion, options);
  }

  /** A record's write may move summary documents the commit does not name: the whole (small) collection is read again. */
  private noteWrite(collection: CollectionName, id: string): void {
    this.note(collection, id);
    if (isSummarized(collection)) this.summariesMoved = true;
  }
  private summariesMoved = false;

  /** The snapshot with every noted document read again; collections nothing touched are shared with `before`. */
  async refresh(before: Snapshot): Promise<{ after: Snapshot; touched: CollectionName[] }> {
    const touched = this.touched;
    this.touched = new Map();
    if (this.summariesMoved) {
      this.summariesMoved = false;
      const { items } = await this.query('summaries', { limit: 1_000_000 });
      const ids = touched.get('summaries') ?? new Set<string>();
      for (const id of [...items.map((d) => d._id), ...before.summaries.keys()]) ids.add(id);
      touched.set('summaries', ids);
    }
    const after = { ...before } as Record<CollectionName, Map<string, { text: string; doc: unknown }>>;
    for (const [collection, ids] of touched) {
      const found = new Map((await this.getMany(collection, [...ids])).map((d) => [d._id, d]));
      const next = new Map(before[collection] as Map<string, { text: string; doc: unknown }>);
      for (const id of ids) {
        const doc = found.get(id);
        if (doc) next.set(id, { text: JSON.stringify(doc), doc });
        else next.delete(id);
      }
      after[collection] = next;
    }
    return { after: after as unknown as Snapshot, touched: [...touched.keys()] };
  }
}
