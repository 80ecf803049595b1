/**
 * 回传: which page of which printed agreement a photo or scan of a stamped page shows, read from the QR code in its
 * footer (render.ts: verifyPath with the page's place). Each uploaded image is matched on its own, then the whole
 * upload is checked for pages missing, repeated or not this agreement's, so the uploader is told at once what to
 * photograph again. Pure CPU work on the bytes: no store, no storage.
 *
 * Only JPEG and PNG are read here. A PDF scan (several pages in one file) would need its pages as pixels first;
 * poppler's pdftoppm does that on a developer's machine and in CI, but a cloud function has no poppler, so a PDF
 * is refused with its own code (`pdf`) until the upload flow decides how to rasterise it.
 */
import * as jpeg from 'jpeg-js';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { readVerifyTarget, type PagePlace } from '../domain/document';
import { fileKindOf } from '../domain/files';

/** What the uploaded pages must match: the agreement as printed (its number, code and page count). */
export interface PrintedAgreement {
  agreementNo: string;
  /** the verification code the print carries; a page of an earlier print of changed content has another one */
  code: string;
  pages: number;
}

export type PageRefusal =
  /** neither JPEG nor PNG (told by the first bytes, never by the name) */
  | 'notImage'
  /** a PDF: not read yet (see the file's comment) */
  | 'pdf'
  /** larger than a phone camera's photo: not decoded at all */
  | 'tooLarge'
  /** the bytes say JPEG or PNG but do not decode */
  | 'broken'
  /** no QR code found, or one that is not a printed agreement's */
  | 'unreadable'
  /** a QR of another agreement */
  | 'otherAgreement'
  /** this agreement's number, but printed before its content (and code) changed, or without the page's place */
  | 'outdated'
  /** a page already matched by an earlier image of the same upload */
  | 'duplicate';

export type PageMatch =
  | { ok: true; agreementNo: string; page: number; pages: number }
  | { ok: false; reason: PageRefusal; message: string; page?: number };

/** A phone's largest photos (48 MP sensors) are 8000×6000; beyond this a file is not a photo of a page. */
export const MAX_PIXELS = 50_000_000;

/**
 * The longer side an image is brought down to before decoding: an A4 page at 2000 px is about 170 dpi, where the
 * footer's QR (64 pt, 37 modules) still has over 3 pixels per module, and jsqr's time grows with the pixel count.
 */
export const DECODE_SIDE = 2000;

/** An image as jsqr takes it: RGBA, 4 bytes a pixel. */
export interface Rgba {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

const refusal = (reason: PageRefusal, message: string, page?: number): PageMatch => ({
  ok: false,
  reason,
  message,
  ...(page !== undefined ? { page } : {}),
});

const UNREADABLE = '无法识别二维码：请拍下整页（含页脚右下角的二维码），保持清晰、光线均匀后重新上传';

/** The width and height a JPEG declares in its frame header, read before decoding (a small file can declare 60000²). */
export function jpegSize(bytes: Uint8Array): { width: number; height: number } | null {
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1]!;
    // fill bytes before a marker
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    // SOF0..SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (bytes[i + 5]! << 8) | bytes[i + 6]!, width: (bytes[i + 7]! << 8) | bytes[i + 8]! };
    }
    i += 2 + length;
  }
  return null;
}

/** PNG's IHDR is always the first chunk: width and height at bytes 16–23. */
const pngSize = (bytes: Uint8Array): { width: number; height: number } | null =>
  bytes.length >= 24 ? { width: Buffer.from(bytes).readUInt32BE(16), height: Buffer.from(bytes).readUInt32BE(20) } : null;

/** The image's pixels, or why not. */
export function decodeImage(bytes: Uint8Array): Rgba | PageMatch {
  const kind = fileKindOf(bytes);
  if (kind === 'pdf') return refusal('pdf', '暂不支持 PDF 回传：请上传每一页的照片或扫描图片（JPG、PNG）');
  if (kind !== 'jpeg' && kind !== 'png') return refusal('notImage', '只能上传 JPG、PNG 图片：这个文件不是图片');
  const size = kind === 'jpeg' ? jpegSize(bytes) : pngSize(bytes);
  if (!size || size.width === 0 || size.height === 0) return refusal('broken', '图片已损坏，无法打开，请重新拍照上传');
  if (size.width * size.height > MAX_PIXELS) return refusal('tooLarge', '图片像素过大（超过 5000 万像素），请压缩后重新上传');
  try {
    if (kind === 'jpeg') {
      const img = jpeg.decode(bytes, { useTArray: true });
      return { width: img.width, height: img.height, data: new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length) };
    }
    const png = PNG.sync.read(Buffer.from(bytes));
    return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length) };
  } catch {
    return refusal('broken', '图片已损坏，无法打开，请重新拍照上传');
  }
}

/** Every `factor`×`factor` block averaged into one pixel: a box filter keeps a QR's modules sharper than skipping. */
export function shrink(img: Rgba, factor: number): Rgba {
  if (factor <= 1) return img;
  const width = Math.floor(img.width / factor);
  const height = Math.floor(img.height / factor);
  const out = new Uint8ClampedArray(width * height * 4);
  const area = factor * factor;
  const src = img.data;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0, g = 0, b = 0;
      for (let dy = 0; dy < factor; dy++) {
        let p = ((y * factor + dy) * img.width + x * factor) * 4;
        for (let dx = 0; dx < factor; dx++, p += 4) {
          r += src[p]!;
          g += src[p + 1]!;
          b += src[p + 2]!;
        }
      }
      const q = (y * width + x) * 4;
      out[q] = r / area;
      out[q + 1] = g / area;
      out[q + 2] = b / area;
      out[q + 3] = 255;
    }
  }
  return { width, height, data: out };
}

/** A rectangle of the image, in fractions of its width and height. */
function crop(img: Rgba, x: number, y: number, w: number, h: number): Rgba {
  const x0 = Math.floor(img.width * x);
  const y0 = Math.floor(img.height * y);
  const width = Math.min(img.width - x0, Math.floor(img.width * w));
  const height = Math.min(img.height - y0, Math.floor(img.height * h));
  const data = new Uint8ClampedArray(width * height * 4);
  for (let row = 0; row < height; row++) {
    const from = ((y0 + row) * img.width + x0) * 4;
    data.set(img.data.subarray(from, from + width * 4), row * width * 4);
  }
  return { width, height, data };
}

const scan = (img: Rgba): string | null =>
  img.width > 0 && img.height > 0 ? (jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' })?.data ?? null) : null;

/**
 * The QR code's text, cheapest attempt first: the footer's corner of an upright page (an eighth of the pixels), then
 * the whole image (a page photographed sideways or upside down, or far from the frame's corner), then the whole
 * image at another scale (a QR too small for the first, or a photo's noise that averaging smooths away).
 * Printed pages are dark on light, so inverted codes are not tried.
 */
export function findQr(img: Rgba): string | null {
  const factor = Math.max(1, Math.ceil(Math.max(img.width, img.height) / DECODE_SIDE));
  const first = shrink(img, factor);
  const attempts: (() => Rgba)[] = [
    () => crop(first, 0.5, 0.65, 0.5, 0.35),
    () => first,
    () => (factor > 1 ? shrink(img, Math.max(1, Math.floor(factor / 2))) : shrink(img, 2)),
  ];
  for (const attempt of attempts) {
    const text = scan(attempt());
    if (text !== null && readVerifyTarget(text)) return text;
  }
  return null;
}

/** One uploaded image against the printed agreement. */
export function matchPage(bytes: Uint8Array, printed: PrintedAgreement): PageMatch {
  const img = decodeImage(bytes);
  if ('ok' in img) return img;
  const text = findQr(img);
  const target = text === null ? null : readVerifyTarget(text);
  if (!target) return refusal('unreadable', UNREADABLE);
  if (target.agreementNo !== printed.agreementNo) {
    return refusal('otherAgreement', `不是本协议的页面：图片中的二维码属于协议 ${target.agreementNo}，本协议编号为 ${printed.agreementNo}`);
  }
  const place: PagePlace | undefined = target.place;
  if (target.code !== printed.code || !place || place.pages !== printed.pages) {
    return refusal('outdated', '这一页不是本协议最新打印的版本：请重新下载协议书 PDF，打印盖章后上传', place?.page);
  }
  return { ok: true, agreementNo: target.agreementNo, page: place.page, pages: place.pages };
}

export interface UploadMatch {
  /** 1-based position of the image in the upload */
  image: number;
  match: PageMatch;
}

export interface ReturnCheck {
  /** every page present exactly once, and every image one of them */
  complete: boolean;
  /** each image in upload order */
  images: UploadMatch[];
  /** pages no image matched, ascending */
  missing: number[];
  /** one sentence per problem, in the order the uploader fixes them: the images first, then the missing pages */
  problems: string[];
}

/**
 * The whole 回传: each image matched to its page, a page seen twice refused on its later images, and the pages no
 * image showed listed. An image that cannot be read does not hide the pages the others showed.
 */
export function checkReturn(images: readonly Uint8Array[], printed: PrintedAgreement): ReturnCheck {
  const seen = new Map<number, number>();
  const results: UploadMatch[] = images.map((bytes, i) => {
    const image = i + 1;
    const match = matchPage(bytes, printed);
    if (!match.ok) return { image, match };
    const first = seen.get(match.page);
    if (first !== undefined) {
      return { image, match: refusal('duplicate', `第 ${match.page} 页重复：与第 ${first} 张图片是同一页`, match.page) };
    }
    seen.set(match.page, image);
    return { image, match };
  });
  const missing = Array.from({ length: printed.pages }, (_, i) => i + 1).filter((page) => !seen.has(page));
  const problems = [
    ...results.flatMap(({ image, match }) => (match.ok ? [] : [`第 ${image} 张图片：${match.message}`])),
    ...missing.map((page) => `缺少第 ${page} 页`),
  ];
  return { complete: problems.length === 0, images: results, missing, problems };
}
