/**
 * A drawn 签名 as the pad exports it: a PNG of 800×320 pixels, dark strokes on a transparent ground (the pad's canvas
 * is cleared, not painted). The strokes are drawn with a round pen along each segment, as a canvas's `stroke()` with
 * a round line cap would, so the server's decoding, ink check and printing see what a phone sends.
 */
import { crc32 } from 'node:zlib';
import { PNG } from 'pngjs';

export type Stroke = readonly (readonly [number, number])[];

export const PAD_EXPORT = { width: 800, height: 320 } as const;

/** a hand's 张三: 弓 and 长, then 三, across the middle of the pad (in export pixels) */
export const ZHANG_SAN: readonly Stroke[] = [
  [[90, 90], [165, 90], [160, 150]],
  [[90, 150], [160, 150]],
  [[95, 150], [90, 210], [175, 210], [165, 285], [140, 292]],
  [[230, 70], [232, 260], [256, 240]],
  [[305, 75], [250, 140]],
  [[205, 160], [322, 157]],
  [[250, 165], [328, 272]],
  [[440, 110], [640, 104]],
  [[460, 180], [620, 176]],
  [[420, 260], [680, 250]],
];

/** Draws the strokes into RGBA pixels (ink #1d2129, pen 6 px wide), on transparency or on white. */
export function drawStrokes(
  strokes: readonly Stroke[],
  size: { width: number; height: number } = PAD_EXPORT,
  ground: 'transparent' | 'white' = 'transparent',
  pen = 6,
): PNG {
  const png = new PNG({ width: size.width, height: size.height });
  png.data.fill(ground === 'white' ? 255 : 0);
  const r = pen / 2;
  const dot = (cx: number, cy: number) => {
    for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y++) {
      for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); x++) {
        if (x < 0 || y < 0 || x >= size.width || y >= size.height || (x - cx) ** 2 + (y - cy) ** 2 > r * r) continue;
        const i = (y * size.width + x) * 4;
        png.data[i] = 0x1d;
        png.data[i + 1] = 0x21;
        png.data[i + 2] = 0x29;
        png.data[i + 3] = 255;
      }
    }
  };
  for (const stroke of strokes) {
    stroke.forEach(([x, y], i) => {
      const [px, py] = i === 0 ? [x, y] : stroke[i - 1]!;
      const steps = Math.max(1, Math.ceil(Math.hypot(x - px, y - py)));
      for (let s = 0; s <= steps; s++) dot(px + ((x - px) * s) / steps, py + ((y - py) * s) / steps);
    });
  }
  return png;
}

let zhangSan: Buffer | undefined;

/** The PNG bytes of a signature (张三's strokes by default, encoded once: pngjs takes a while). */
export function signaturePng(strokes: readonly Stroke[] = ZHANG_SAN, size: { width: number; height: number } = PAD_EXPORT, ground: 'transparent' | 'white' = 'transparent'): Buffer {
  const usual = strokes === ZHANG_SAN && size === PAD_EXPORT && ground === 'transparent';
  if (usual && zhangSan) return zhangSan;
  const bytes = PNG.sync.write(drawStrokes(strokes, size, ground));
  if (usual) zhangSan = bytes;
  return bytes;
}

/**
 * The bytes of a PNG whose header declares another size (its CRC made right): what the size check reads before
 * anything is decoded, without encoding a large image.
 */
export function withDeclaredSize(png: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(png);
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  out.writeUInt32BE(crc32(out.subarray(12, 29)), 29);
  return out;
}
