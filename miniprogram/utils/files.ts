/**
 * Where an `<image>` or wx.previewImage finds a stored attachment: the download link the server put in the view,
 * made for this caller once it had checked that they may see the record (cloud storage's temporary link, or the local
 * runtime's signed one; an hour each, and a reload makes new ones). A file without a link is gone from storage.
 */
import type { FileView } from '../../typings/views';

export const fileSrc = (file: FileView): string => file.url ?? '';

/** Full-screen preview of one attachment among its siblings; files without a link are left out. */
export function previewFiles(srcs: readonly string[], current: string): void {
  const urls = srcs.filter((src) => src !== '');
  if (urls.length === 0) return;
  wx.previewImage({ urls, current: urls.includes(current) ? current : urls[0]! });
}
