/**
 * Images as attachments (就业证明材料, 解约证明): chosen with wx.chooseMedia, uploaded with wx.cloud.uploadFile into the
 * caller's own folder (HomeView.uploadFolder; the server refuses file ids from anywhere else). Compressed photos come
 * as JPEG and screenshots as PNG, which the server takes; it checks every file by its bytes when the form is sent
 * and names the one it refuses, and the page shows that message.
 */
import { devOpenid, localRuntimeUrl, newRequestId } from '../api/client';

export const MAX_IMAGES = 9;
/** the server's limit per attachment */
export const MAX_BYTES = 10 * 1024 * 1024;

export interface Picked {
  path: string;
  size: number;
}

/** Up to `count` images from the album or camera; [] when the user cancels. */
export function pickImages(count: number): Promise<Picked[]> {
  return new Promise((resolve) => {
    wx.chooseMedia({
      count: Math.max(1, Math.min(count, MAX_IMAGES)),
      mediaType: ['image'],
      sourceType: ['album', 'camera'],
      sizeType: ['compressed'],
      success: (res) => resolve(res.tempFiles.map((f) => ({ path: f.tempFilePath, size: f.size }))),
      fail: () => resolve([]),
    });
  });
}

const extensionOf = (path: string): string => /\.([A-Za-z0-9]{1,5})$/.exec(path)?.[1]?.toLowerCase() ?? 'jpg';

/** The local runtime (development only) takes the raw bytes at POST /upload and files them in the caller's folder. */
function uploadToLocalRuntime(base: string, picked: Picked): Promise<string | null> {
  return new Promise((resolve) => {
    wx.getFileSystemManager().readFile({
      filePath: picked.path,
      success: ({ data }) =>
        wx.request({
          url: `${base}/upload?name=${newRequestId()}.${extensionOf(picked.path)}`,
          method: 'POST',
          data: data as ArrayBuffer,
          header: { 'content-type': 'application/octet-stream', 'X-WX-OPENID': devOpenid() },
          success: (res) => resolve((res.data as { data?: { fileId?: string } }).data?.fileId ?? null),
          fail: () => resolve(null),
        }),
      fail: () => resolve(null),
    });
  });
}

/** Uploads one image into `folder`; resolves to its file id, or null when the upload failed. */
export function uploadImage(folder: string, picked: Picked): Promise<string | null> {
  if (picked.size > MAX_BYTES) return Promise.resolve(null);
  const base = localRuntimeUrl();
  if (base) return uploadToLocalRuntime(base, picked);
  return new Promise((resolve) => {
    wx.cloud.uploadFile({
      cloudPath: `${folder}${newRequestId()}.${extensionOf(picked.path)}`,
      filePath: picked.path,
      success: (res) => resolve(res.fileID || null),
      fail: () => resolve(null),
    });
  });
}

/** Kinds a file chosen from a WeChat chat may be: the server takes these by their content. */
export const DOCUMENT_EXTENSIONS = ['pdf', 'jpg', 'jpeg', 'png'];

/**
 * Up to `count` files (a scanned PDF, or a picture) from a WeChat chat: an HR office keeps its 营业执照 scan as a
 * file, usually sent to itself, rather than in the phone's album. [] when the user cancels.
 */
export function pickDocuments(count: number): Promise<Picked[]> {
  return new Promise((resolve) => {
    wx.chooseMessageFile({
      count: Math.max(1, Math.min(count, MAX_IMAGES)),
      type: 'file',
      extension: DOCUMENT_EXTENSIONS,
      success: (res) => resolve(res.tempFiles.map((f) => ({ path: f.path, size: f.size }))),
      fail: () => resolve([]),
    });
  });
}

/**
 * Uploads what was picked, one after another, into the caller's folder: the files stored, and what to tell of the
 * rest ('' when every one went): a file over MAX_BYTES is left out (`tooLarge`), a failed upload too (`failed`).
 */
export async function uploadEach(
  folder: string,
  picked: readonly Picked[],
  words: { tooLarge: string; failed: string },
): Promise<{ uploaded: { fileId: string; path: string }[]; problem: string }> {
  const uploaded: { fileId: string; path: string }[] = [];
  let problem = '';
  for (const p of picked) {
    if (p.size > MAX_BYTES) {
      problem = words.tooLarge;
      continue;
    }
    const fileId = await uploadImage(folder, p);
    if (fileId) uploaded.push({ fileId, path: p.path });
    else problem = words.failed;
  }
  return { uploaded, problem };
}

