/**
 * Which store a command works on. The local SQLite store that `npm start` uses (DATA_DIR, default `.data`), unless
 * the environment names a CloudBase environment with all three of TCB_ENV_ID, TCB_SECRET_ID and TCB_SECRET_KEY;
 * then that environment's database through @cloudbase/node-sdk, and its management API for setup.
 * The cloud SDKs are loaded only for a cloud target.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { CloudBaseStore, type NodeSdkDb } from '../server/store/cloudbase';
import { CloudFileStorage, type CloudFilesApi } from '../server/storage/cloud';
import { LocalFileStorage } from '../server/storage/local';
import type { FileStorage } from '../server/storage/port';
import type { Store } from '../server/store/port';
import { SqliteStore } from '../server/store/sqlite';
import type { Backend } from './backend';
import { CloudBaseBackend } from './backends/cloudbase';
import { schemaOf, SqliteBackend } from './backends/sqlite';
import { Refusal, UsageError } from './define';

export interface Target {
  store: Store;
  files: FileStorage;
  backend: Backend;
  /** for messages: `local (.data/store.sqlite)` or `cloudbase (env-id)` */
  label: string;
  close(): Promise<void>;
}

export const CREDENTIALS = ['TCB_ENV_ID', 'TCB_SECRET_ID', 'TCB_SECRET_KEY'] as const;

export const STORE_FILE = 'store.sqlite';

export interface OpenOptions {
  /** a local store that does not exist yet is created (setup, restore); otherwise its absence is a refusal */
  create: boolean;
}

/** 'cloudbase' when all three credentials are set, 'local' when none is; a partial set is a usage error. */
export function targetKind(env: NodeJS.ProcessEnv): 'local' | 'cloudbase' {
  const set = CREDENTIALS.filter((name) => env[name]);
  if (set.length === 0) return 'local';
  if (set.length === CREDENTIALS.length) return 'cloudbase';
  const missing = CREDENTIALS.filter((name) => !env[name]);
  throw new UsageError(
    `云开发环境需要同时设置 ${CREDENTIALS.join('、')}，缺少 ${missing.join('、')}；要操作本地库，请三个都不设置`,
  );
}

export async function openTarget(env: NodeJS.ProcessEnv, options: OpenOptions): Promise<Target> {
  if (targetKind(env) === 'cloudbase') {
    return openCloudBase({ envId: env.TCB_ENV_ID!, secretId: env.TCB_SECRET_ID!, secretKey: env.TCB_SECRET_KEY! });
  }
  return openLocal(env.DATA_DIR || '.data', options);
}

export async function openLocal(dataDir: string, options: OpenOptions): Promise<Target> {
  const shown = path.join(dataDir, STORE_FILE);
  const file = path.resolve(shown);
  if (!options.create && !existsSync(file)) {
    throw new Refusal(`本地库 ${shown} 不存在：请先运行 npm run admin -- setup（或 npm start），或用 DATA_DIR 指向已有的数据目录`);
  }
  const before = schemaOf(file);
  mkdirSync(path.dirname(file), { recursive: true });
  const store = new SqliteStore({ path: file });
  // where the local runtime keeps uploaded files (server/runtime/server.ts)
  const files = new LocalFileStorage(path.join(path.resolve(dataDir), 'files'));
  return { store, files, backend: new SqliteBackend(file, before), label: `local (${shown})`, close: () => store.close() };
}

export interface CloudBaseTargetOptions {
  envId: string;
  secretId: string;
  secretKey: string;
  /** physical collection name = prefix + collection: only for test environments (tests/admin) */
  prefix?: string;
}

export async function openCloudBase(options: CloudBaseTargetOptions): Promise<Target> {
  const { envId, secretId, secretKey } = options;
  const prefix = options.prefix ?? '';
  // required here, not imported at the top: a local target never loads a cloud SDK. require, not import(): under
  // tsx a dynamic import of these CommonJS packages does not expose their named exports
  const tcb = require('@cloudbase/node-sdk') as typeof import('@cloudbase/node-sdk');
  const Manager = require('@cloudbase/manager-node') as typeof import('@cloudbase/manager-node');
  const app = tcb.init({ env: envId, secretId, secretKey });
  const db: NodeSdkDb = app.database();
  const manager = new Manager({ envId, secretId, secretKey });
  const clearCollection = async (name: string): Promise<number> => {
    const _ = db.command;
    let removed = 0;
    // a remove may stop at a batch limit: repeat until one removes nothing
    for (;;) {
      const answer = await db.collection(name).where({ _id: _.exists(true) }).remove();
      const n = Number(answer.deleted ?? 0);
      removed += n;
      if (!(n > 0)) return removed;
    }
  };
  const store = new CloudBaseStore(db, { sdk: 'node-sdk', prefix });
  return {
    store,
    // node-sdk's file calls take and answer the same shapes as wx-server-sdk's
    files: new CloudFileStorage(app as unknown as CloudFilesApi),
    backend: new CloudBaseBackend({ envId, db, manager, clearCollection, prefix }),
    label: `cloudbase (${envId}${prefix ? `, collections ${prefix}*` : ''})`,
    close: () => store.close(),
  };
}
