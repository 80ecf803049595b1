/**
 * An admin test's world: a fresh SQLite store in a temporary DATA_DIR, opened the way the command line opens it
 * (admin/target.ts), a controllable clock shared by the commands and the backend functions, and the test harness's
 * TestSystem over the same store so the real functions (bind, respondOffer, review…) can act on it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminContext } from '../../admin/cli';
import type { AdminCommand, AdminContext } from '../../admin/command';
import { openLocal, type Target } from '../../admin/target';
import type { CollectionName, Collections } from '../../server/domain/types';
import { COLLECTION_NAMES } from '../../server/store/port';
import { makeSystem, type TestSystem } from '../support/harness';

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
  /** runs a command as the command line would; `overrides` replace parts of its context (a failing backend…) */
  run(command: AdminCommand, args: string[], overrides?: Partial<AdminContext>): Promise<Ran>;
  /** every document of a collection */
  all<C extends CollectionName>(collection: C): Promise<Collections[C][]>;
  close(): Promise<void>;
}

/** A world on a new DATA_DIR, seeded with the demo school unless `seed: false`. */
export async function adminWorld(options: { seed?: boolean; now?: string } = {}): Promise<AdminWorld> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wq-admin-'));
  const dataDir = path.join(dir, 'data');
  const target = await openLocal(dataDir, { create: true });
  const sys = await makeSystem({ ...options, store: target.store, filesDir: path.join(dataDir, 'files') });
  return {
    dir,
    dataDir,
    target,
    sys,
    async run(command, args, overrides = {}) {
      const lines: string[] = [];
      const ctx = { ...adminContext(target, { out: (line) => lines.push(line), interactive: false, clock: sys.deps.clock }), ...overrides };
      const code = await command.run(args, ctx);
      return { code, lines, text: lines.join('\n') };
    },
    all: sys.all,
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
