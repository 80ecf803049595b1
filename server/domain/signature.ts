/**
 * The student's drawn 签名 (setting `studentSignature`): what an acceptable one is, as pure rules over its bytes and
 * its decoded pixels. The pad (pkg/components/signature-pad) exports a PNG of a fixed size with dark strokes on a
 * transparent or white ground; anything else did not come from the pad, or came from it blank.
 */
import type { FieldIssue } from '../../typings';
import { DomainError } from './errors';

/** the event field, named by every refusal */
export const SIGNATURE_FIELD = 'signatureFile';

/**
 * The pad exports 800×320 (destWidth/destHeight); a few hundred strokes of it deflate to tens of KB. The bounds leave
 * room for another export size, and keep out photos, screenshots and anything a phone would struggle to print.
 */
export const SIGNATURE_LIMITS = { maxBytes: 512 * 1024, minWidth: 200, maxWidth: 2000, minHeight: 80, maxHeight: 1000 } as const;

/** fewer inked pixels than this is a tap or a stray dot, not a name */
export const MIN_INK_PIXELS = 60;

export const SIGNATURE_WORDS = {
  missing: '请先手写签名',
  notOwned: '签名图片无效，请重新签名',
  tooLarge: `签名图片超过 ${SIGNATURE_LIMITS.maxBytes / 1024} KB，请清除后重新签名`,
  notPng: '签名须为签名板生成的 PNG 图片，请重新签名',
  unreadable: '签名图片无法读取，请重新签名',
  size: `签名图片的尺寸应在 ${SIGNATURE_LIMITS.minWidth}×${SIGNATURE_LIMITS.minHeight} 至 ${SIGNATURE_LIMITS.maxWidth}×${SIGNATURE_LIMITS.maxHeight} 像素之间，请重新签名`,
  blank: '签名是空白的，请在签名框内手写您的姓名',
} as const;

/** A refusal naming the field: INVALID_INPUT unless the file is not the caller's (FILE_NOT_OWNED). */
export function signatureRefused(words: keyof typeof SIGNATURE_WORDS): never {
  const message = SIGNATURE_WORDS[words];
  const issues: FieldIssue[] = [{ path: SIGNATURE_FIELD, message }];
  throw new DomainError(words === 'notOwned' ? 'FILE_NOT_OWNED' : 'INVALID_INPUT', message, issues);
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The size a PNG declares in its header (IHDR, the first chunk), or null when the bytes are not a PNG. */
export function pngHeader(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 24 || !PNG_MAGIC.every((b, i) => bytes[i] === b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return null;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * The checks that need only the bytes, in the order a person would want them named: size of the file, kind, the
 * declared dimensions (before anything is decoded: a 30000×30000 header would otherwise be inflated).
 */
export function checkSignatureBytes(bytes: Uint8Array): { width: number; height: number } {
  if (bytes.length > SIGNATURE_LIMITS.maxBytes) return signatureRefused('tooLarge');
  const header = pngHeader(bytes);
  if (!header) return signatureRefused('notPng');
  const { width, height } = header;
  const L = SIGNATURE_LIMITS;
  if (width < L.minWidth || width > L.maxWidth || height < L.minHeight || height > L.maxHeight) return signatureRefused('size');
  return header;
}

/** RGBA pixels, as a PNG decoder hands them. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8Array;
}

/** the grey a pixel shows on white paper (0 black … 255 white), its transparency laid over white */
export function greyOnWhite(data: Uint8Array, i: number): number {
  const alpha = data[i + 3]! / 255;
  const luma = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
  return Math.round(255 - alpha * (255 - luma));
}

/** a pixel dark enough to be ink on paper */
const INK_BELOW = 160;

/** The box around the ink and how many pixels are inked; null when there is none. */
export function inkBox(p: Pixels): { x: number; y: number; w: number; h: number; inked: number } | null {
  let [x0, y0, x1, y1, inked] = [p.width, p.height, -1, -1, 0];
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) {
      if (greyOnWhite(p.data, (y * p.width + x) * 4) >= INK_BELOW) continue;
      inked++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return inked ? { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1, inked } : null;
}

/** A decoded signature with enough ink to be one. */
export function checkSignatureInk(p: Pixels): void {
  const box = inkBox(p);
  if (!box || box.inked < MIN_INK_PIXELS) signatureRefused('blank');
}
