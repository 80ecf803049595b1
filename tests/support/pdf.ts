/**
 * Reading a PDF back as a person's tools would: its text (pdftotext), its fonts (pdffonts) and its pages as pixels
 * (pdftoppm), all from Debian's poppler-utils, and QR codes on a page (jsqr).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** poppler-utils is a Debian package, not an npm one: say so when it is missing instead of failing with ENOENT. */
function run(tool: string, args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${tool} not found: apt-get install -y poppler-utils`);
    throw e;
  }
}

function withFile<T>(bytes: Buffer, use: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'wq-pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    writeFileSync(file, bytes);
    return use(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of one page (1-based) or of all pages. */
export const pdfText = (bytes: Buffer, page?: number): string =>
  withFile(bytes, (file) =>
    run('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), '-enc', 'UTF-8', file, '-']),
  );

/** Text with all white space removed: table cells and wrapped lines come out of pdftotext in pieces. */
export const squeeze = (text: string): string => text.replace(/\s+/g, '');

export const pdfFonts = (bytes: Buffer): string => withFile(bytes, (file) => run('pdffonts', [file]));

export interface Area {
  /** fractions of the page's width and height */
  x: number;
  y: number;
  w: number;
  h: number;
}

const A4 = { w: 595.28, h: 841.89 };

/** One page (or an area of an A4 page) as a PNG image. */
export function rasterise(bytes: Buffer, page: number, dpi = 150, area?: Area): PNG {
  const px = (pt: number) => String(Math.round((pt * dpi) / 72));
  const crop = area ? ['-x', px(area.x * A4.w), '-y', px(area.y * A4.h), '-W', px(area.w * A4.w), '-H', px(area.h * A4.h)] : [];
  return withFile(bytes, (file, dir) => {
    run('pdftoppm', ['-r', String(dpi), ...crop, '-png', '-singlefile', '-f', String(page), '-l', String(page), file, path.join(dir, 'page')]);
    return PNG.sync.read(readFileSync(path.join(dir, 'page.png')));
  });
}

/** The QR code in an area of an image, or null. */
export function decodeQr(png: PNG, region: Area = { x: 0, y: 0, w: 1, h: 1 }): string | null {
  const x0 = Math.floor(png.width * region.x);
  const y0 = Math.floor(png.height * region.y);
  const w = Math.floor(png.width * region.w);
  const h = Math.floor(png.height * region.h);
  const crop = new Uint8ClampedArray(w * h * 4);
  for (let row = 0; row < h; row++) {
    const from = ((y0 + row) * png.width + x0) * 4;
    crop.set(png.data.subarray(from, from + w * 4), row * w * 4);
  }
  return jsQR(crop, w, h)?.data ?? null;
}

/** Each page's lines as pdftotext -layout sets them (side by side boxes come out on one line, left to right). */
export const pdfLayoutPages = (bytes: Buffer): string[][] =>
  withFile(bytes, (file) => run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']))
    .split('\f')
    .filter((page) => page.trim())
    .map((page) => page.split('\n').map((line) => line.trim()).filter(Boolean));
