/** The embedded store: SQLite through better-sqlite3, one table per collection, JSON bodies, WAL, real transactions. */
import Database from 'better-sqlite3';
import type { CollectionName, Collections, Doc, SummaryDoc } from '../domain/types';
import {
  COLLECTION_NAMES,
  ConflictError,
  decodeCursor,
  encodeCursor,
  INDEXES,
  isSuperseded,
  SUMMARIES,
  type Commit,
  type Filter,
  type PutOptions,
  type Query,
  type QueryPage,
  type Store,
  type Value,
} from './port';
import { addDeltas, applyDeltas, compareSummaries, isSummarized, netDeltas, parseSummaryId, SUMMARY_NAMES, type SummaryDeltas } from './summaries';

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The name SQLite knows an index by (admin setup reports indexes by it). */
export const sqliteIndexName = (collection: CollectionName, fields: readonly string[]): string => `${collection}_${fields.join('_')}`;

function column(field: string): string {
  if (field === '_id') return 'id';
  if (!FIELD.test(field)) throw new Error(`bad field name: ${field}`);
  return `json_extract(body, '$.${field}')`;
}

/** SQLite has no booleans: JSON true/false come back from json_extract as 1/0. */
const bind = (v: Value): string | number | null => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

function whereSql(filters: readonly Filter[], params: (string | number | null)[]): string {
  const parts = filters.map(({ field, op, value }) => {
    const col = column(field);
    if (op === 'in') {
      const list = Array.isArray(value) ? value : [value];
      if (list.length === 0) return '0';
      params.push(...list.map(bind));
      return `${col} IN (${list.map(() => '?').join(',')})`;
    }
    if (Array.isArray(value)) throw new Error(`operator ${op} takes one value`);
    if (value === null) {
      if (op === '==') return `${col} IS NULL`;
      if (op === '!=') return `${col} IS NOT NULL`;
      throw new Error(`operator ${op} cannot compare with null`);
    }
    params.push(bind(value));
    return `${col} ${op === '==' ? '=' : op} ?`;
  });
  return parts.length ? `WHERE ${parts.join(' AND ')}` : '';
}

export interface SqliteOptions {
  /** a file path, or ':memory:' */
  path: string;
}

export class SqliteStore implements Store {
  readonly name = 'sqlite';
  /** protected: a test store that restores a seeded template between runs reaches the tables directly */
  protected readonly db: Database.Database;
  /**
   * Prepared statements by SQL text. Preparing is most of the cost of a small statement (a fifth of an import's CPU
   * went to it); the texts vary only with collection, filter shape and list length, so the cache stays small.
   */
  private readonly statements = new Map<string, Database.Statement>();

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.statements.size >= 500) this.statements.clear();
      this.statements.set(sql, statement);
    }
    return statement;
  }

  constructor(options: SqliteOptions) {
    this.db = new Database(options.path);
    // A commit has written its log frames to the file when it returns, so it outlives a crash of this process
    // (tests/functions/crash-safety.test.ts); NORMAL syncs the log to disk only at checkpoints, so a power cut or an
    // OS crash may take the last commits back, whole, never half (docs/decisions.md, Trust).
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    for (const name of COLLECTION_NAMES) {
      this.db.exec(
        `CREATE TABLE IF NOT EXISTS "${name}" (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL)`,
      );
      for (const fields of INDEXES[name] ?? []) {
        const cols = fields.map(column).join(', ');
        this.db.exec(`CREATE INDEX IF NOT EXISTS "${sqliteIndexName(name, fields)}" ON "${name}" (${cols})`);
      }
    }
    this.dropSupersededIndexes();
    this.countMissingSummaries();
  }

  /**
   * A store written by a release before a summary existed has records and none of that summary's documents: its
   * statistics and queue counts would read 0. Such summaries (every summary, for a store from before them all) are
   * counted from their records once, as it opens, in one transaction (admin setup does the same on CloudBase;
   * `admin recount` compares them at any time). A summary whose collection has records always has documents, so one
   * without any is one the store has never kept.
   */
  private countMissingSummaries(): void {
    const kept = new Set((this.db.prepare(`SELECT id FROM "summaries"`).pluck().all() as string[]).map((id) => parseSummaryId(id).name));
    const missing = SUMMARY_NAMES.filter((name) => !kept.has(name));
    if (missing.length === 0) return;
    const counted: SummaryDeltas = new Map();
    for (const collection of new Set(missing.map((name) => SUMMARIES[name].collection))) {
      for (const row of this.db.prepare(`SELECT body FROM "${collection}"`).iterate() as Iterable<{ body: string }>) {
        addDeltas(counted, collection, null, JSON.parse(row.body) as Doc);
      }
    }
    // the summaries kept already are left as they are: recount is the way to compare those
    for (const id of [...counted.keys()]) if (!(missing as string[]).includes(parseSummaryId(id).name)) counted.delete(id);
    if (counted.size === 0) return;
    const insert = this.db.prepare(`INSERT INTO "summaries" (id, version, body) VALUES (?, ?, ?)`);
    const { rewrite } = compareSummaries([], counted);
    this.db.transaction(() => {
      for (const doc of rewrite) insert.run(doc._id, doc.version, JSON.stringify(doc));
    })();
  }

  /** A store written by an earlier release has its indexes without the closing `_id`: they only slow writes now. */
  private dropSupersededIndexes(): void {
    const names = new Set(
      (this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).all() as { name: string }[]).map((r) => r.name),
    );
    for (const name of COLLECTION_NAMES) {
      for (const fields of INDEXES[name] ?? []) {
        const former = fields.slice(0, -1);
        if (isSuperseded(name, former) && names.has(sqliteIndexName(name, former))) {
          this.db.exec(`DROP INDEX "${sqliteIndexName(name, former)}"`);
        }
      }
    }
  }

  async get<C extends CollectionName>(collection: C, id: string): Promise<Collections[C] | null> {
    const row = this.prepare(`SELECT body FROM "${collection}" WHERE id = ?`).get(id) as
      | { body: string }
      | undefined;
    return row ? (JSON.parse(row.body) as Collections[C]) : null;
  }

  async getMany<C extends CollectionName>(collection: C, ids: readonly string[]): Promise<Collections[C][]> {
    if (ids.length === 0) return [];
    const sql = `SELECT body FROM "${collection}" WHERE id IN (${ids.map(() => '?').join(',')})`;
    const rows = this.prepare(sql).all(...ids) as { body: string }[];
    return rows.map((r) => JSON.parse(r.body) as Collections[C]);
  }

  async query<C extends CollectionName>(collection: C, query: Query): Promise<QueryPage<Collections[C]>> {
    const params: (string | number | null)[] = [];
    const filters = [...(query.where ?? [])];
    const orderField = query.orderBy?.field ?? '_id';
    const desc = query.orderBy?.direction === 'desc';
    const orderCol = column(orderField);
    let where = whereSql(filters, params);
    if (query.after) {
      const [value, id] = decodeCursor(query.after);
      const cmp = desc ? '<' : '>';
      // SQLite sorts nulls first: ascending, they come before every value; descending, after.
      let clause: string;
      if (orderField === '_id') {
        clause = `id ${cmp} ?`;
        params.push(id);
      } else if (value === null) {
        clause = desc ? `(${orderCol} IS NULL AND id < ?)` : `((${orderCol} IS NULL AND id > ?) OR ${orderCol} IS NOT NULL)`;
        params.push(id);
      } else {
        clause = `(${orderCol} ${cmp} ? OR (${orderCol} = ? AND id ${cmp} ?)${desc ? ` OR ${orderCol} IS NULL` : ''})`;
        params.push(bind(value), bind(value), id);
      }
      where = where ? `${where} AND ${clause}` : `WHERE ${clause}`;
    }
    const dir = desc ? 'DESC' : 'ASC';
    const order = orderField === '_id' ? `id ${dir}` : `${orderCol} ${dir}, id ${dir}`;
    params.push(query.limit + 1);
    const sql = `SELECT body FROM "${collection}" ${where} ORDER BY ${order} LIMIT ?`;
    const rows = this.prepare(sql).all(...params) as { body: string }[];
    const items = rows.slice(0, query.limit).map((r) => JSON.parse(r.body) as Collections[C]);
    const last = items[items.length - 1] as (Doc & Record<string, unknown>) | undefined;
    const next =
      rows.length > query.limit && last
        ? encodeCursor(orderField === '_id' ? last._id : ((last[orderField] as Value) ?? null), last._id)
        : undefined;
    return next ? { items, next } : { items };
  }

  async count(collection: CollectionName, where: Filter[] = []): Promise<number> {
    const params: (string | number | null)[] = [];
    const sql = `SELECT COUNT(*) AS n FROM "${collection}" ${whereSql(where, params)}`;
    return (this.prepare(sql).get(...params) as { n: number }).n;
  }

  /** A commit's writes, then (unless `keepSummaries`) the summaries they move, from each record's row before and after. */
  private readonly runCommit = (commit: Commit, keepSummaries: boolean): void => {
    const deltas: SummaryDeltas = new Map();
    const insert = (collection: CollectionName, doc: Doc): void => {
      const sql = `INSERT OR IGNORE INTO "${collection}" (id, version, body) VALUES (?, ?, ?)`;
      const done = this.prepare(sql).run(doc._id, doc.version, JSON.stringify(doc));
      if (done.changes !== 1) throw new ConflictError(collection, doc._id);
    };
    if (commit.request) insert('requests', commit.request);
    for (const { collection, id, version } of commit.reads ?? []) {
      const row = this.prepare(`SELECT version FROM "${collection}" WHERE id = ?`).get(id) as { version: number } | undefined;
      if ((row?.version ?? 0) !== version) throw new ConflictError(collection, id);
    }
    for (const { collection, doc, expectedVersion } of commit.writes) {
      if (doc.version <= expectedVersion) throw new Error(`version must grow on ${collection}/${doc._id}`);
      const summarized = !keepSummaries && isSummarized(collection);
      if (expectedVersion === 0) {
        insert(collection, doc);
        if (summarized) addDeltas(deltas, collection, null, doc);
        continue;
      }
      if (summarized) {
        // read before the update, which checks the version: a row at another version throws below and rolls back
        const row = this.prepare(`SELECT body FROM "${collection}" WHERE id = ?`).get(doc._id) as { body: string } | undefined;
        addDeltas(deltas, collection, row ? (JSON.parse(row.body) as Doc) : null, doc);
      }
      const sql = `UPDATE "${collection}" SET version = ?, body = ? WHERE id = ? AND version = ?`;
      const done = this.prepare(sql).run(doc.version, JSON.stringify(doc), doc._id, expectedVersion);
      if (done.changes !== 1) throw new ConflictError(collection, doc._id);
    }
    for (const entry of commit.audit) insert('audit', entry);
    for (const message of commit.outbox) insert('outbox', message);
    for (const [id, changes] of netDeltas(deltas)) {
      const row = this.prepare(`SELECT body FROM "summaries" WHERE id = ?`).get(id) as { body: string } | undefined;
      const next = applyDeltas(id, row ? (JSON.parse(row.body) as SummaryDoc) : null, changes);
      this.prepare(`INSERT OR REPLACE INTO "summaries" (id, version, body) VALUES (?, ?, ?)`).run(id, next.version, JSON.stringify(next));
    }
  };

  private readonly transaction = (() => {
    let tx: ((commit: Commit, keepSummaries: boolean) => void) | undefined;
    return (commit: Commit, keepSummaries = false): void => {
      tx ??= this.db.transaction(this.runCommit);
      tx(commit, keepSummaries);
    };
  })();

  async commit(commit: Commit): Promise<void> {
    this.transaction(commit);
  }

  async put<C extends CollectionName>(collection: C, doc: Collections[C], expectedVersion: number, options: PutOptions = {}): Promise<void> {
    this.transaction({ writes: [{ collection, doc, expectedVersion }], audit: [], outbox: [] }, options.keepSummaries === true);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
