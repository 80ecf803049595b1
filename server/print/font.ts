/**
 * The CJK font printed agreements are set in: WenQuanYi Micro Hei (文泉驿微米黑, Apache-2.0 or GPL-3+ with the font
 * exception; see assets/fonts/README.md). pdfkit embeds only the glyphs a document uses.
 *
 * It travels with the print function: the build copies it to `cloudfunctions/printAgreement/fonts/`, beside the
 * bundle, which is where a deployed function finds it. Locally (tests, scripts, the dev server) it comes from the
 * project's `assets/fonts/`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const FONT_FILE = 'wqy-microhei.ttc';
/** the face inside the collection, by its PostScript name */
export const FONT_FACE = 'WenQuanYiMicroHei';

/** Where the font may be: beside the bundle first, then the project's assets (from server/print or a bundle root). */
export function fontCandidates(dir: string = __dirname): string[] {
  return [
    path.join(dir, 'fonts', FONT_FILE),
    path.resolve(dir, '../../assets/fonts', FONT_FILE),
    path.resolve(dir, '../assets/fonts', FONT_FILE),
  ];
}

export function fontPath(dir: string = __dirname): string {
  const found = fontCandidates(dir).find((p) => existsSync(p));
  if (!found) {
    throw new Error(`CJK font ${FONT_FILE} not found (looked in ${fontCandidates(dir).join(', ')}); run \`npx tsx scripts/fetch-font.ts\``);
  }
  return found;
}
