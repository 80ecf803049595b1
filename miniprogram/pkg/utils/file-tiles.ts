/**
 * A unit's registration files (营业执照, 授权书或在职证明) as tiles: a picture shows itself, a PDF a labelled tile,
 * since an `<image>` cannot draw one. Tapping a picture previews the pictures; a PDF is downloaded (by the signed
 * link the view carries, or from the phone's copy before it is sent) and opened with the phone's document viewer.
 */
import type { FileView } from '../../../typings/views';

export interface FileTile {
  fileId: string;
  /** the picture's link or the phone's copy; '' when the file could not be fetched */
  src: string;
  pdf: boolean;
  /** gone from storage: the tile says so */
  failed: boolean;
}

/** Stored files keep the extension of their kind (the server names them by content; the page by the chosen file). */
export const isPdf = (name: string): boolean => /\.pdf$/i.test(name.split('?')[0] ?? '');

export const tilesOf = (files: readonly FileView[]): FileTile[] =>
  files.map((f) => ({ fileId: f.fileId, src: f.url ?? '', pdf: isPdf(f.fileId), failed: f.url === null }));

/** A file just chosen on the phone, shown from its local copy. */
export const pickedTile = (fileId: string, path: string): FileTile => ({ fileId, src: path, pdf: isPdf(path), failed: false });

function openPdf(src: string): void {
  const open = (filePath: string) => wx.openDocument({ filePath, fileType: 'pdf', showMenu: true, fail: () => wx.showToast({ title: '无法打开该文件', icon: 'none' }) });
  // a link must be downloaded first; the phone's own copy opens as it is
  if (!/^https?:/.test(src)) return open(src);
  wx.downloadFile({
    url: src,
    success: (res) => (res.statusCode === 200 ? open(res.tempFilePath) : wx.showToast({ title: '文件已失效，请刷新后重试', icon: 'none' })),
    fail: () => wx.showToast({ title: '下载失败，请检查网络后重试', icon: 'none' }),
  });
}

/** Opens the tapped tile: a PDF in the document viewer, a picture among the group's pictures. */
export function openTile(tiles: readonly FileTile[], fileId: string): void {
  const tile = tiles.find((t) => t.fileId === fileId);
  if (!tile || tile.failed) return;
  if (tile.pdf) return openPdf(tile.src);
  const urls = tiles.filter((t) => !t.pdf && !t.failed).map((t) => t.src);
  wx.previewImage({ urls, current: tile.src });
}
