/**
 * Makes sure `assets/fonts/wqy-microhei.ttc` is the expected font: checks its SHA-256 and, when it is missing or
 * different, copies it from Debian's `fonts-wqy-microhei` package (`apt-get install -y fonts-wqy-microhei`).
 * The font is committed, so this is for restoring it and for showing where it came from (assets/fonts/README.md).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FONT_FILE } from '../server/print/font';

export const FONT_SHA256 = '2420e8078af796b19a3f6ef13de527a1a91c1e7171eea115926c614ced1009b3';
export const DEBIAN_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
export const PROJECT_FONT = path.resolve(__dirname, '../assets/fonts', FONT_FILE);

const hashOf = (file: string): string | null =>
  existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : null;

export function fetchFont(): string {
  if (hashOf(PROJECT_FONT) === FONT_SHA256) return `${path.relative(process.cwd(), PROJECT_FONT)} is in place`;
  const debian = hashOf(DEBIAN_FONT);
  if (debian === null) throw new Error(`${DEBIAN_FONT} not found: apt-get install -y fonts-wqy-microhei`);
  if (debian !== FONT_SHA256) throw new Error(`${DEBIAN_FONT} is another version (sha256 ${debian}); check its licence and update FONT_SHA256`);
  mkdirSync(path.dirname(PROJECT_FONT), { recursive: true });
  copyFileSync(DEBIAN_FONT, PROJECT_FONT);
  return `copied ${DEBIAN_FONT} to ${path.relative(process.cwd(), PROJECT_FONT)}`;
}

if (require.main === module) {
  try {
    console.log(fetchFont());
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  }
}
