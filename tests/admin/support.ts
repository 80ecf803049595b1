/**
 * An admin test's world: a fresh SQLite store in a temporary DATA_DIR, opened the way the command line opens it
 * (admin/target.ts), a controllable clock shared by the commands and the backend functions, and the test harness's
 * TestSystem over the same store so the real functions (bind, respondOffer, review…) can act on it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminContext } from '../../admin/cli';
import type { AdminCommand } from '../../admin/command';
import { openLocal, type Target } from '../../admin/target';
import type { AuditEntry, CollectionName, Collections } from '../../server/domain/types';
import { invoke } from '../../server/runtime/handler';
import { seedDemo } from '../../server/runtime/seed';
import { LocalFileStorage } from '../../server/storage/local';
import { uploadFolder } from '../../server/storage/port';
import { COLLECTION_NAMES } from '../../server/store/port';
import type { SqliteStore } from '../../server/store/sqlite';
import type { Deps } from '../../server/usecases/deps';
import { RecordingSender, T0, type TestSystem } from '../support/harness';

export interface Ran {
  code: number;
  lines: string[];
  text: string;
}

export interface AdminWorld {
  /** the temporary folder: DATA_DIR is `<dir>/data`, files the tests write go beside it */
  dir: string;
  dataDir: string;
  target: Target;
  sys: TestSystem;
  run(command: AdminCommand, args: string[]): Promise<Ran>;
  /** every document of a collection */
  all<C extends CollectionName>(collection: C): Promise<Collections[C][]>;
  close(): Promise<void>;
}

/** A world on a new DATA_DIR, seeded with the demo school unless `seed: false`. */
export async function adminWorld(options: { seed?: boolean; now?: string } = {}): Promise<AdminWorld> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wq-admin-'));
  const dataDir = path.join(dir, 'data');
  let now = new Date(options.now ?? T0).getTime();
  let idCounter = 0;
  const target = await openLocal(dataDir, { create: true });
  const store = target.store as SqliteStore;
  const files = new LocalFileStorage(path.join(dataDir, 'files'), 'http://127.0.0.1:0');
  const sender = new RecordingSender();
  const deps: Deps = { store, files, sender, clock: () => new Date(now), newId: () => `id${String(++idCounter).padStart(6, '0')}` };
  if (options.seed !== false) await seedDemo(deps);
  const all = async <C extends CollectionName>(collection: C): Promise<Collections[C][]> =>
    (await store.query(collection, { limit: 1_000_000 })).items;
  const sys: TestSystem = {
    deps,
    store,
    sender,
    files,
    advance: (ms) => {
      now += ms;
    },
    setNow: (iso) => {
      now = new Date(iso).getTime();
    },
    call: (fn, openid, event) => invoke(fn, deps, { openid }, event),
    ok: async (fn, openid, event) => {
      const result = await invoke(fn, deps, { openid }, event);
      if (!result.ok) throw new Error(`${fn.name} failed: ${result.code} ${result.message}`);
      return result.data;
    },
    all,
    auditOf: async (record, id) =>
      (
        await store.query('audit', {
          where: [
            { field: 'record', op: '==', value: record },
            { field: 'recordId', op: '==', value: id },
          ],
          orderBy: { field: 'seq' },
          limit: 1000,
        })
      ).items as AuditEntry[],
    upload: (openid, name, bytes = Buffer.from(`file ${name} of ${openid}`)) => files.write(`${uploadFolder(openid)}${name}`, bytes),
    close: () => store.close(),
  };
  return {
    dir,
    dataDir,
    target,
    sys,
    async run(command, args) {
      const lines: string[] = [];
      const ctx = adminContext(target, { out: (line) => lines.push(line), interactive: false, clock: () => new Date(now) });
      const code = await command.run(args, ctx);
      return { code, lines, text: lines.join('\n') };
    },
    all,
    async close() {
      await target.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every collection's documents, for "nothing changed" and "the same documents" checks. */
export async function snapshot(world: AdminWorld): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const c of COLLECTION_NAMES) out[c] = await world.all(c);
  return out;
}
