import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../server/store/sqlite';
import { auditEntry, counter, describeStoreContract } from './contract';

describeStoreContract('SQLite (:memory:)', async () => new SqliteStore({ path: ':memory:' }));

describe('SQLite store on a file', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'store-sqlite-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps its data across close and reopen, and runs in WAL mode', async () => {
    const file = path.join(dir, 'store.db');
    const first = new SqliteStore({ path: file });
    await first.commit({
      writes: [{ collection: 'counters', doc: counter('c1', 1, 41), expectedVersion: 0 }],
      audit: [auditEntry('a1')],
      outbox: [],
    });
    await first.put('counters', counter('c1', 2, 42), 1);
    await first.close();

    const again = new SqliteStore({ path: file });
    expect(await again.get('counters', 'c1')).toEqual(counter('c1', 2, 42));
    expect(await again.get('audit', 'a1')).toEqual(auditEntry('a1'));
    await again.put('counters', counter('c1', 3, 43), 2);

    // WAL is a property of the database file: a second, independent connection sees it
    const probe = new Database(file, { readonly: true });
    try {
      expect(probe.pragma('journal_mode', { simple: true })).toBe('wal');
      const row = probe.prepare('SELECT version FROM counters WHERE id = ?').get('c1') as { version: number };
      expect(row.version).toBe(3);
    } finally {
      probe.close();
    }
    await again.close();
  });
});
