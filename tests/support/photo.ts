/**
 * A page as a phone photographs it, roughly: turned by some degrees, smaller in the frame, on a grey desk. Enough
 * to show that 回传 matching does not need a flat scan; it is no model of a camera (no perspective, blur or glare).
 */
import { PNG } from 'pngjs';

export interface Shot {
  /** counter-clockwise turn of the page in the frame */
  degrees: number;
  /** the page's size in the photo against the frame (the frame keeps the page's pixel size) */
  scale: number;
}

const DESK = 150;

/** Each pixel of the frame sampled from the page (nearest pixel) through the inverse turn and scale. */
export function photographed(page: PNG, shot: Shot): PNG {
  const { width, height } = page;
  const out = new PNG({ width, height });
  const turn = (shot.degrees * Math.PI) / 180;
  const cos = Math.cos(turn);
  const sin = Math.sin(turn);
  const cx = width / 2;
  const cy = height / 2;
  // plain typed arrays over the Buffers' memory: indexing a Buffer is many times slower under jest's sandbox
  const src = new Uint8Array(page.data.buffer, page.data.byteOffset, page.data.length);
  const dst = new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = (x - cx) / shot.scale;
      const dy = (y - cy) / shot.scale;
      const sx = Math.round(cos * dx + sin * dy + cx);
      const sy = Math.round(-sin * dx + cos * dy + cy);
      const q = (y * width + x) * 4;
      if (sx >= 0 && sy >= 0 && sx < width && sy < height) {
        const p = (sy * width + sx) * 4;
        dst[q] = src[p]!;
        dst[q + 1] = src[p + 1]!;
        dst[q + 2] = src[p + 2]!;
      } else {
        dst[q] = dst[q + 1] = dst[q + 2] = DESK;
      }
      dst[q + 3] = 255;
    }
  }
  return out;
}
