/**
 * The key the local runtime signs download links with: 32 random bytes made on the first start and kept in DATA_DIR,
 * beside the files folder and never served from it. Kept rather than made anew each start, so that a link handed out
 * before a restart works for the rest of its hour, as a cloud storage link outlives a function's restart. Deleting
 * the file revokes every link at the next start.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const LINK_KEY_FILE = 'link-key';
const KEY_BYTES = 32;

export function linkKey(dataDir: string): Buffer {
  const file = path.join(dataDir, LINK_KEY_FILE);
  try {
    // only if there is none yet: two runtimes starting on one folder keep the first one's key
    writeFileSync(file, randomBytes(KEY_BYTES), { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const key = readFileSync(file);
  if (key.length !== KEY_BYTES) throw new Error(`${file} is not a ${KEY_BYTES}-byte key: delete it, and a new one is made at the next start`);
  return key;
}
