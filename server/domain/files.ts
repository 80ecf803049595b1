/**
 * What an uploaded file (就业证明材料, 解约证明材料) may be, told by its first bytes, never by its name: the name is
 * whatever the client chose, and a text file called offer.jpg would otherwise reach a reviewer as a picture that
 * never draws. A phone's photos come through wx.chooseMedia as compressed JPEG (it re-encodes HEIC), screenshots as
 * PNG, a scanned letter may be a PDF. GIF, WebP and HEIC are refused: no phone's camera or scanner hands them to the
 * mini program, and a reviewer's screen could not be relied on to show them.
 */
export type FileKind = 'jpeg' | 'png' | 'pdf';

/** The first bytes of each accepted kind, as their specifications fix them. */
const SIGNATURES: readonly { kind: FileKind; magic: readonly number[] }[] = [
  { kind: 'jpeg', magic: [0xff, 0xd8, 0xff] },
  { kind: 'png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  // %PDF-
  { kind: 'pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
];

/** the extension a stored file of each kind carries, whatever it was called */
export const EXTENSIONS: Readonly<Record<FileKind, string>> = { jpeg: '.jpg', png: '.png', pdf: '.pdf' };

/** A photo of a letter or a contract page is a few MB; anything larger is not what the forms ask for. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export const ACCEPTED_FILES = 'JPG、PNG 图片或 PDF 文件';
export const WRONG_KIND = `只能上传 ${ACCEPTED_FILES}`;
export const TOO_LARGE = '文件不能超过 10 MB，请压缩后重新上传';

export function fileKindOf(bytes: Uint8Array): FileKind | null {
  const found = SIGNATURES.find(({ magic }) => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b));
  return found ? found.kind : null;
}
