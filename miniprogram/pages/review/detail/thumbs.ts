/**
 * Attachments a reviewer looks at (就业证明材料, 解约证明) as thumbnails.
 *
 * Cloud file ids are turned into temporary https links with wx.cloud.getTempFileURL, one call per page, when the
 * base library has it. The reviewer decides on what these files show, so a file that cannot be fetched (removed, or
 * not readable under the storage rules) must say so on its tile rather than stay a blank square; getTempFileURL
 * tells that per file. Without the API, or when the call itself fails, the cloud id is used as it is (`<image>` and
 * wx.previewImage take cloud ids from base library 2.2.3). The local runtime's ids (`local://<path>`, a developer
 * build only) are served at `<runtime>/files/<path>`.
 */
import type { Attachment } from '../../../../typings/records';
import { fileSrc, previewFiles } from '../../../utils/files';

export interface Thumb {
  fileId: string;
  src: string;
  /** the file could not be fetched: the tile says so and the preview leaves it out */
  failed: boolean;
}

const CLOUD = 'cloud://';
/** getTempFileURL takes at most 50 ids a call */
const PER_CALL = 50;

interface TempFile {
  fileID: string;
  tempFileURL: string;
  status: number;
}

type GetTempFileURL = (options: { fileList: string[] }) => Promise<{ fileList: TempFile[] }>;

function tempUrlApi(): GetTempFileURL | null {
  const cloud = (typeof wx === 'object' ? wx.cloud : undefined) as { getTempFileURL?: unknown } | undefined;
  return typeof cloud?.getTempFileURL === 'function' ? (cloud.getTempFileURL as GetTempFileURL).bind(cloud) : null;
}

async function tempUrls(ids: readonly string[]): Promise<Map<string, TempFile>> {
  const api = tempUrlApi();
  const found = new Map<string, TempFile>();
  if (!api || ids.length === 0) return found;
  for (let i = 0; i < ids.length; i += PER_CALL) {
    try {
      const { fileList } = await api({ fileList: ids.slice(i, i + PER_CALL) });
      for (const f of fileList ?? []) found.set(f.fileID, f);
    } catch {
      // the ids themselves are shown instead
    }
  }
  return found;
}

/** Thumbnails for the files, in their order. Never throws. */
export async function thumbsOf(files: readonly Attachment[]): Promise<Thumb[]> {
  const cloudIds = [...new Set(files.map((f) => f.fileId).filter((id) => id.startsWith(CLOUD)))];
  const temp = await tempUrls(cloudIds);
  return files.map(({ fileId }) => {
    if (!fileId.startsWith(CLOUD)) return { fileId, src: fileSrc(fileId), failed: false };
    const t = temp.get(fileId);
    if (t && t.status !== 0) return { fileId, src: '', failed: true };
    return { fileId, src: t?.tempFileURL || fileId, failed: false };
  });
}

/** Full-screen preview of one thumbnail among its siblings; files that could not be fetched are left out. */
export function preview(thumbs: readonly Thumb[], current: string): void {
  const urls = thumbs.filter((t) => !t.failed && t.src).map((t) => t.src);
  previewFiles(urls, urls.includes(current) ? current : '');
}
