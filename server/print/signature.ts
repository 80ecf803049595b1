/**
 * The drawn 签名 as the page prints it: the stored PNG (dark strokes on transparency, 800×320) cropped to its ink with
 * a small margin and laid onto white as a greyscale PNG without alpha. Cropped, it fills the 乙方 block's signature
 * space whatever part of the pad the student wrote in; without alpha, pdfkit embeds it at once (an RGBA PNG is split
 * into colour and mask asynchronously, and the PDF's bytes would then depend on timing: see render.ts's qrPng).
 */
import { PNG } from 'pngjs';
import { greyOnWhite, inkBox } from '../domain/signature';

/** white kept around the ink, in pixels of the stored image */
const MARGIN = 8;

/** The printable image, or null when the stored bytes do not decode or hold no ink (then the line stays blank). */
export function printableSignature(stored: Buffer): Buffer | null {
  let png: PNG;
  try {
    png = PNG.sync.read(stored);
  } catch {
    return null;
  }
  const box = inkBox(png);
  if (!box) return null;
  const x0 = Math.max(0, box.x - MARGIN);
  const y0 = Math.max(0, box.y - MARGIN);
  const w = Math.min(png.width, box.x + box.w + MARGIN) - x0;
  const h = Math.min(png.height, box.y + box.h + MARGIN) - y0;
  const out = new PNG({ width: w, height: h, colorType: 0, inputColorType: 0, inputHasAlpha: false });
  const grey = Buffer.alloc(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) grey[y * w + x] = greyOnWhite(png.data, ((y0 + y) * png.width + x0 + x) * 4);
  }
  out.data = grey;
  return PNG.sync.write(out, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}
