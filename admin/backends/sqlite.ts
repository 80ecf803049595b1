/**
 * The local store's administration: SqliteStore creates its tables and indexes whenever it opens, so provisioning
 * reports what the file did not have before this process opened it. There are no clients, hence no permissions.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { CollectionName } from '../../server/domain/types';
import { COLLECTION_NAMES, INDEXES } from '../../server/store/port';
import { sqliteIndexName } from '../../server/store/sqlite';
import { indexLabel, type Backend, type ClientAccess, type Provisioned } from '../backend';

/** `table:students`, `index:students_collegeId_major`: what the file holds now (nothing if it does not exist). */
export function schemaOf(file: string): Set<string> {
  if (!existsSync(file)) return new Set();
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare(`SELECT type, name FROM sqlite_master WHERE type IN ('table', 'index')`).all() as { type: string; name: string }[];
    return new Set(rows.map((r) => `${r.type}:${r.name}`));
  } finally {
    db.close();
  }
}

export class SqliteBackend implements Backend {
  readonly kind = 'sqlite';
  readonly parallelWrites = 1;

  /** @param before the file's schema before the store opened it (schemaOf) */
  constructor(
    private readonly file: string,
    private before: Set<string>,
  ) {}

  async provision(): Promise<Provisioned> {
    const now = schemaOf(this.file);
    const isNew = (entry: string): boolean => now.has(entry) && !this.before.has(entry);
    const result: Provisioned = {
      collections: COLLECTION_NAMES.filter((c) => isNew(`table:${c}`)),
      // the index names SqliteStore gives them
      indexes: COLLECTION_NAMES.flatMap((c) =>
        (INDEXES[c] ?? []).filter((fields) => isNew(`index:${sqliteIndexName(c, fields)}`)).map((fields) => indexLabel(c, fields)),
      ),
      // the store drops them when it opens; what the file had before and has no longer
      dropped: COLLECTION_NAMES.flatMap((c) =>
        (INDEXES[c] ?? [])
          .map((fields) => fields.slice(0, -1))
          .filter((former) => this.before.has(`index:${sqliteIndexName(c, former)}`) && !now.has(`index:${sqliteIndexName(c, former)}`))
          .map((former) => indexLabel(c, former)),
      ),
    };
    this.before = now;
    return result;
  }

  async denyClientAccess(): Promise<ClientAccess> {
    return {
      changed: [],
      note: 'SQLite 本地库只由本机进程打开，没有小程序客户端访问，无需设置权限（云开发环境中 setup 会把每个集合设为「仅管理端可读写」）',
    };
  }

  async integrityCheck(): Promise<string[]> {
    let db: Database.Database | undefined;
    try {
      db = new Database(this.file, { readonly: true, fileMustExist: true });
      return (db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check);
    } catch (e) {
      // a file damaged where SQLite reads its header fails to open or to check at all: that is the finding
      return [e instanceof Error ? e.message : String(e)];
    } finally {
      db?.close();
    }
  }

  async clear(collection: CollectionName): Promise<number> {
    const db = new Database(this.file, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      return db.prepare(`DELETE FROM "${collection}"`).run().changes;
    } finally {
      db.close();
    }
  }
}
