/**
 * 回传 matching on the real printed agreement: the demo agreement printed once, its pages rasterised by poppler as a
 * scanner or a phone would hand them over (PNG, JPEG, a tilted and shrunk photo), and each read back by qrMatch.
 */
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { verifyPath } from '../../server/domain/document';
import { checkReturn, jpegSize, matchPage, type PrintedAgreement } from '../../server/print/qrMatch';
import { printAgreement } from '../../server/usecases/printAgreement';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { signedDemoAgreement } from '../support/agreements';
import { pdfBytes, pngBytes } from '../support/files';
import { makeSystem } from '../support/harness';
import { rasterise } from '../support/pdf';
import { photographed } from '../support/photo';
import { pagePhoto } from '../support/seal';

// no scanline filters: pngjs's adaptive filtering is seconds a page under jest's sandbox (milliseconds under node), same pixels
const pngOf = (png: PNG): Buffer => PNG.sync.write(png, { filterType: 0 });
const jpegOf = (png: PNG, quality = 85): Buffer => jpeg.encode({ width: png.width, height: png.height, data: png.data }, quality).data;

/** A white page with nothing on it. */
function blank(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  png.data.fill(255);
  return pngOf(png);
}

describe('matching uploaded pages of a printed agreement to their places', () => {
  let printed: PrintedAgreement;
  /** each page of the demo agreement at 150 dpi, as a scanner's PNG */
  let pages: Buffer[];
  /** page 1 of another agreement (its QR names another number) */
  let otherAgreement: Buffer;
  /** page 1 of this agreement printed before its content changed (its QR carries another code) */
  let earlierPrint: Buffer;

  beforeAll(async () => {
    const sys = await makeSystem();
    try {
      const signed = await signedDemoAgreement(sys);
      const result = await sys.ok(printAgreement, DEMO_OPENIDS.student, { agreementId: signed._id });
      const bytes = (await sys.files.read(result.fileId))!;
      printed = { agreementNo: result.agreementNo, code: result.verificationCode, pages: result.pages };
      pages = Array.from({ length: result.pages }, (_, i) => pngOf(rasterise(bytes, i + 1, 150)));
    } finally {
      await sys.close();
    }
    // A page of another agreement, and one of an earlier print of this one, differ from this print's pages only in
    // what their QR code says (the number; the code): a sheet carrying that QR where the footer has it stands for
    // each, read by the same decoding as the real pages above, without two more prints through poppler.
    otherAgreement = await pagePhoto('20261000131000002', printed.code, 1, printed.pages);
    earlierPrint = await pagePhoto(printed.agreementNo, '0F0F-0F0F-0F0F-0F0F', 1, printed.pages);
    // one print and four pages through poppler: longer than a test's default on a busy machine
  }, 120_000);

  it('the demo agreement prints on four pages, each of which a scanned PNG matches to its place', () => {
    expect(printed.pages).toBe(4);
    pages.forEach((png, i) => {
      expect(matchPage(png, printed)).toEqual({ ok: true, agreementNo: '20261000131000001', page: i + 1, pages: 4 });
    });
  });

  it('a page saved as JPEG matches', () => {
    // given page 2 re-encoded as a JPEG of ordinary quality
    const photo = jpegOf(PNG.sync.read(pages[1]!), 80);
    expect(photo.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    // when it is matched, then it is page 2
    expect(matchPage(photo, printed)).toEqual({ ok: true, agreementNo: '20261000131000001', page: 2, pages: 4 });
  });

  it('a phone photo of a page (tilted, smaller, on a desk, upside down) matches', () => {
    // given page 3 turned by 7 degrees and shrunk to 80 %, and page 4 upside down, both on a grey desk, as JPEG
    const tilted = jpegOf(photographed(PNG.sync.read(pages[2]!), { degrees: 7, scale: 0.8 }), 75);
    const upsideDown = jpegOf(photographed(PNG.sync.read(pages[3]!), { degrees: 180, scale: 1 }), 75);
    // when each is matched, then its page is found
    expect(matchPage(tilted, printed)).toMatchObject({ ok: true, page: 3 });
    expect(matchPage(upsideDown, printed)).toMatchObject({ ok: true, page: 4 });
  });

  it('a whole 回传 in any order is complete, each image matched to its page', () => {
    // given the four pages uploaded as 3, 1, 4, 2
    const upload = [pages[2]!, pages[0]!, pages[3]!, pages[1]!];
    // when the upload is checked
    const check = checkReturn(upload, printed);
    // then nothing is missing or wrong
    expect(check.complete).toBe(true);
    expect(check.problems).toEqual([]);
    expect(check.missing).toEqual([]);
    expect(check.images.map(({ image, match }) => [image, match.ok && match.page])).toEqual([[1, 3], [2, 1], [3, 4], [4, 2]]);
  });

  it('a 回传 with another agreement’s page, a repeated page and a non-image lists each problem and the missing pages', () => {
    // given page 1, another agreement's page 1, page 1 again, a PDF letter and page 3
    const upload = [pages[0]!, otherAgreement, pages[0]!, pdfBytes('解约函'), pages[2]!];
    // when the upload is checked
    const check = checkReturn(upload, printed);
    // then it is not complete; each wrong image says why, and pages 2 and 4 are missing
    expect(check.complete).toBe(false);
    expect(check.images.map(({ match }) => (match.ok ? `第${match.page}页` : match.reason))).toEqual(['第1页', 'otherAgreement', 'duplicate', 'pdf', '第3页']);
    expect(check.missing).toEqual([2, 4]);
    expect(check.problems).toEqual([
      '第 2 张图片：不是本协议的页面：图片中的二维码属于协议 20261000131000002，本协议编号为 20261000131000001',
      '第 3 张图片：第 1 页重复：与第 1 张图片是同一页',
      '第 4 张图片：暂不支持 PDF 回传：请上传每一页的照片或扫描图片（JPG、PNG）',
      '缺少第 2 页',
      '缺少第 4 页',
    ]);
  });

  it('an empty upload misses every page', () => {
    expect(checkReturn([], printed)).toEqual({ complete: false, images: [], missing: [1, 2, 3, 4], problems: ['缺少第 1 页', '缺少第 2 页', '缺少第 3 页', '缺少第 4 页'] });
  });

  it('a page of this agreement printed before its content changed is refused as outdated', () => {
    // given page 1 of an earlier print (another verification code)
    expect(matchPage(earlierPrint, printed)).toEqual({
      ok: false, reason: 'outdated', page: 1, message: '这一页不是本协议最新打印的版本：请重新下载协议书 PDF，打印盖章后上传',
    });
  });

  it('a QR code of this agreement without the page’s place is refused as outdated', async () => {
    // given the QR code as printed before each page carried its place: number and code only
    const old = await QRCode.toBuffer(verifyPath(printed.agreementNo, printed.code), { type: 'png', margin: 4, width: 300 });
    // when it is matched, then it is refused and no page is claimed
    expect(matchPage(old, printed)).toMatchObject({ ok: false, reason: 'outdated' });
    expect(matchPage(old, printed)).not.toHaveProperty('page');
  });

  it('a blank image, and a QR code that is not an agreement’s, are refused with 无法识别二维码', async () => {
    const other = await QRCode.toBuffer('https://example.com/不是协议', { type: 'png', margin: 4, width: 300 });
    for (const bytes of [blank(600, 800), pngBytes('白图'), other]) {
      const match = matchPage(bytes, printed);
      expect(match).toMatchObject({ ok: false, reason: 'unreadable' });
      expect(!match.ok && match.message).toMatch(/^无法识别二维码/);
    }
  });

  it('files that are not JPEG or PNG are refused by their first bytes, whatever they hold', () => {
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
    for (const bytes of [gif, Buffer.from('pages/verify/index?no=20261000131000001&code=X&page=1&pages=4'), Buffer.alloc(0)]) {
      expect(matchPage(bytes, printed)).toEqual({ ok: false, reason: 'notImage', message: '只能上传 JPG、PNG 图片：这个文件不是图片' });
    }
  });

  it('a broken image, and one declaring more pixels than any camera, are refused before decoding', () => {
    // given a JPEG start with nothing after it, a PNG cut after its header, and a JPEG declaring 10000×10000
    const cut = pages[0]!.subarray(0, 40);
    const huge = Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x27, 0x10, 0x27, 0x10, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(jpegSize(huge)).toEqual({ width: 10000, height: 10000 });
    expect(matchPage(Buffer.from([0xff, 0xd8, 0xff]), printed)).toMatchObject({ ok: false, reason: 'broken' });
    expect(matchPage(cut, printed)).toMatchObject({ ok: false, reason: 'broken' });
    expect(matchPage(huge, printed)).toEqual({ ok: false, reason: 'tooLarge', message: '图片像素过大（超过 5000 万像素），请压缩后重新上传' });
  });
});
