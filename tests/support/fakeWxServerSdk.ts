/**
 * A stand-in for the wx-server-sdk module, for running the BUILT bundles (cloudfunctions/<name>/index.js) offline:
 * the database is the in-memory CloudBase fake (wx-server-sdk's call shapes), storage is a map, subscription messages
 * are recorded, and the WX context is whatever the test sets. It is bundled by the test and put in place of the real
 * module, which cannot run here.
 */
import { createHash } from 'node:crypto';
import { seedDemo } from '../../server/runtime/seed';
import { MANUAL_FLOWS } from '../../server/app/settings';
import { CloudBaseStore, createCollections } from '../../server/store/cloudbase';
import { LocalFileStorage } from '../../server/storage/local';
import { FakeCloudBaseDb } from '../store/fakeCloudbaseDb';

const db = new FakeCloudBaseDb({ sdk: 'wx-server-sdk' });
const files = new Map<string, Buffer>();
const ENV = 'fake-env-1a2b3c';

export const DYNAMIC_CURRENT_ENV = Symbol('DYNAMIC_CURRENT_ENV');
export const inits: unknown[] = [];
export const sent: unknown[] = [];
export const context: { OPENID?: string; CLIENTIP?: string; CLIENTIPV6?: string } = {};

export function init(options: unknown): void {
  inits.push(options);
}

export const database = (): FakeCloudBaseDb => db;
export const getWXContext = (): typeof context => ({ ...context });

export const openapi = {
  subscribeMessage: {
    send: async (message: unknown): Promise<{ errCode: number; errMsg: string }> => {
      sent.push(message);
      return { errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' };
    },
  },
};

export async function uploadFile({ cloudPath, fileContent }: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }> {
  const fileID = `cloud://${ENV}.${createHash('md5').update(ENV).digest('hex').slice(0, 8)}/${cloudPath}`;
  files.set(fileID, Buffer.from(fileContent));
  return { fileID };
}

export async function downloadFile({ fileID }: { fileID: string }): Promise<{ fileContent: Buffer }> {
  const found = files.get(fileID);
  if (!found) throw Object.assign(new Error('downloadFile:fail STORAGE_FILE_NONEXIST'), { errCode: -1, errMsg: 'STORAGE_FILE_NONEXIST' });
  return { fileContent: found };
}

export async function getTempFileURL({ fileList }: { fileList: { fileID: string }[] }): Promise<unknown> {
  return {
    fileList: fileList.map(({ fileID }) =>
      files.has(fileID)
        ? { fileID, tempFileURL: `https://${ENV}.tcb.example/${fileID.split('/').slice(3).join('/')}?sign=x`, status: 0, errMsg: 'ok' }
        : { fileID, tempFileURL: '', status: -1, errMsg: 'STORAGE_FILE_NONEXIST' },
    ),
  };
}

/** Test helpers (not part of the SDK): the demo school in the fake database, and a file the way a client uploads. */
export async function seed(): Promise<void> {
  await createCollections(db);
  let n = 0;
  await seedDemo({
    store: new CloudBaseStore(db, { sdk: 'wx-server-sdk' }),
    files: new LocalFileStorage('/nonexistent'),
    clock: () => new Date(),
    newId: () => `seed${++n}`,
    // the manual's flows, as the harness seeds them: the bundles' run through 应约, both reviews and 打印 signs the agreement
  }, MANUAL_FLOWS);
}

export const storedFiles = (): string[] => [...files.keys()];
