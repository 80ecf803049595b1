/**
 * Where an `<image>` or wx.previewImage finds a stored attachment. Cloud file ids (`cloud://…`) are taken by both
 * directly (base library 2.2.3 on), so no temporary URL is fetched; the local runtime's ids (`local://<path>`, a
 * developer build only) are served at `<runtime>/files/<path>`, as printed agreements are.
 */
import { localRuntimeUrl } from '../api/client';

const LOCAL = 'local://';

export function fileSrc(fileId: string): string {
  return fileId.startsWith(LOCAL) ? `${localRuntimeUrl()}/files/${fileId.slice(LOCAL.length)}` : fileId;
}

/** Full-screen preview of one attachment among its siblings. */
export function previewFiles(srcs: readonly string[], current: string): void {
  if (srcs.length === 0) return;
  wx.previewImage({ urls: [...srcs], current: current || srcs[0]! });
}
