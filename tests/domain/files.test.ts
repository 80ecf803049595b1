/**
 * What an upload may be, told by its first bytes: JPEG, PNG, PDF; anything else, whatever its name, is refused.
 */
import { ACCEPTED_FILES, EXTENSIONS, fileKindOf, MAX_FILE_BYTES, TOO_LARGE, WRONG_KIND } from '../../server/domain/files';
import { jpegBytes, pdfBytes, pngBytes } from '../support/files';

const bytes = (...b: number[]): Buffer => Buffer.from(b);

describe('file kinds by content', () => {
  it('knows a JPEG, a PNG and a PDF by their signatures', () => {
    expect(fileKindOf(jpegBytes('a'))).toBe('jpeg');
    expect(fileKindOf(pngBytes('a'))).toBe('png');
    expect(fileKindOf(pdfBytes('a'))).toBe('pdf');
    // the bare signatures are enough, as the specifications fix them
    expect(fileKindOf(bytes(0xff, 0xd8, 0xff))).toBe('jpeg');
    expect(fileKindOf(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('png');
    expect(fileKindOf(Buffer.from('%PDF-'))).toBe('pdf');
  });

  it('refuses text, other pictures, a signature cut short or off by one byte, and nothing at all', () => {
    const refused: [string, Buffer][] = [
      ['text', Buffer.from('offer letter')],
      ['GIF', Buffer.from('GIF89a')],
      ['WebP', Buffer.concat([Buffer.from('RIFF'), bytes(0, 0, 0, 0), Buffer.from('WEBP')])],
      ['HEIC', Buffer.concat([bytes(0, 0, 0, 0x18), Buffer.from('ftypheic')])],
      ['JPEG cut short', bytes(0xff, 0xd8)],
      ['JPEG off', bytes(0xff, 0xd8, 0xfe)],
      ['PNG off in its last byte', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0b)],
      ['PDF without its dash', Buffer.from('%PDF1.4')],
      ['PDF not at the start', Buffer.from(' %PDF-1.4')],
      ['empty', Buffer.alloc(0)],
    ];
    for (const [name, b] of refused) expect([name, fileKindOf(b)]).toEqual([name, null]);
  });
});

describe('what the forms tell about files', () => {
  it('accepts up to 10 MB, and says so and which kinds in Chinese', () => {
    expect(MAX_FILE_BYTES).toBe(10 * 2 ** 20);
    expect(ACCEPTED_FILES).toBe('JPG、PNG 图片或 PDF 文件');
    expect(WRONG_KIND).toBe('只能上传 JPG、PNG 图片或 PDF 文件');
    expect(TOO_LARGE).toBe('文件不能超过 10 MB，请压缩后重新上传');
  });

  it('stores each kind under its usual extension, whatever the upload was called', () => {
    expect(EXTENSIONS).toEqual({ jpeg: '.jpg', png: '.png', pdf: '.pdf' });
  });
});
