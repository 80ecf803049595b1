/**
 * 回传 in tests: photos of stamped pages without printing or rasterising. A page's picture is a white sheet with the
 * footer's QR code where the print puts it (bottom right), carrying what the print's QR carries (verifyPath with
 * the page's place), so server/print/qrMatch.ts reads it as it reads a photo of the real page, in milliseconds.
 * tests/functions/qrMatch.test.ts proves the real pages (rendered, rasterised, photographed) match the same way.
 */
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { verifyPath } from '../../server/domain/document';
import { printAgreement } from '../../server/usecases/printAgreement';
import type { AgreementDoc } from '../../server/domain/types';
import type { TestSystem } from './harness';

/**
 * PNG without scanline filters: pngjs's adaptive filtering tries five filters per row in JavaScript, which under jest's
 * module sandbox takes seconds a page (milliseconds under plain node); the pixels are the same either way.
 */
export const pngOf = (png: PNG): Buffer => PNG.sync.write(png, { filterType: 0 });

const photos = new Map<string, Promise<Buffer>>();

/**
 * A page's photo as PNG: 620×877 (A4's proportions), the QR 120 px square near the bottom-right corner. Kept per
 * page: a fresh test system numbers and dates the demo agreement alike, so its pages are the same pictures.
 */
export function pagePhoto(agreementNo: string, code: string, page: number, pages: number): Promise<Buffer> {
  const key = verifyPath(agreementNo, code, { page, pages });
  let photo = photos.get(key);
  if (!photo) {
    photo = QRCode.toBuffer(key, { type: 'png', margin: 1, width: 120 }).then((bytes) => {
      const qr = PNG.sync.read(bytes);
      const sheet = new PNG({ width: 620, height: 877 });
      sheet.data.fill(255);
      PNG.bitblt(qr, sheet, 0, 0, qr.width, qr.height, sheet.width - qr.width - 40, sheet.height - qr.height - 20);
      return pngOf(sheet);
    });
    photos.set(key, photo);
  }
  return photo;
}

export interface Printed {
  agreementNo: string;
  code: string;
  pages: number;
}

/** The agreement printed as the seal page's 下载 does (so its page count is noted), by whoever may print it. */
export async function printFor(sys: TestSystem, openid: string, a: AgreementDoc): Promise<Printed> {
  const r = await sys.ok(printAgreement, openid, { agreementId: a._id });
  return { agreementNo: r.agreementNo, code: r.verificationCode, pages: r.pages };
}

/** Every page of the print, photographed. */
export const allPages = (p: Printed): Promise<Buffer[]> =>
  Promise.all(Array.from({ length: p.pages }, (_, i) => pagePhoto(p.agreementNo, p.code, i + 1, p.pages)));
