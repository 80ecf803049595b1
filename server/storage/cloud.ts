/** Cloud storage (云存储) through wx-server-sdk. File ids look like `cloud://<env>.<bucket>/uploads/<folder>/a.jpg`. */
import { LINK_SECONDS, type FileStorage } from './port';

/** The part of wx-server-sdk this adapter uses; the SDK's own typings mark some of these results `| void`. */
export interface CloudFilesApi {
  uploadFile(param: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>;
  downloadFile(param: { fileID: string }): Promise<{ fileContent: Buffer }>;
  getTempFileURL(param: { fileList: { fileID: string; maxAge: number }[] }): Promise<unknown>;
}

const PREFIX = 'cloud://';
/** getTempFileURL takes at most 50 files a call */
const LINKS_PER_CALL = 50;

/** A download of a file that is not there fails with one of these; other failures are real errors. */
const MISSING = /NONEXIST|NOT_?EXIST|not exist|not found|404/i;

interface TempUrlItem {
  fileID?: string;
  tempFileURL?: string;
  status?: number;
  errMsg?: string;
}

export class CloudFileStorage implements FileStorage {
  constructor(private readonly cloud: CloudFilesApi) {}

  pathOf(fileId: string): string | null {
    if (!fileId.startsWith(PREFIX)) return null;
    const rest = fileId.slice(PREFIX.length);
    const slash = rest.indexOf('/');
    if (slash <= 0) return null;
    const p = rest.slice(slash + 1);
    if (p.split('/').some((part) => part === '' || part === '.' || part === '..')) return null;
    return p;
  }

  async read(fileId: string): Promise<Buffer | null> {
    if (!this.pathOf(fileId)) return null;
    try {
      const { fileContent } = await this.cloud.downloadFile({ fileID: fileId });
      return Buffer.from(fileContent);
    } catch (e) {
      if (MISSING.test(errorText(e))) return null;
      throw e;
    }
  }

  async write(path: string, bytes: Buffer): Promise<string> {
    const { fileID } = await this.cloud.uploadFile({ cloudPath: path, fileContent: bytes });
    return fileID;
  }

  async temporaryUrl(fileId: string): Promise<string> {
    const answer = (await this.cloud.getTempFileURL({ fileList: [{ fileID: fileId, maxAge: LINK_SECONDS }] })) as
      | { fileList?: TempUrlItem[] }
      | undefined;
    const item = answer?.fileList?.[0];
    if (!item?.tempFileURL || (item.status ?? 0) !== 0) {
      throw new Error(`no download link for ${fileId}: ${item?.errMsg ?? 'empty answer'}`);
    }
    return item.tempFileURL;
  }

  async temporaryUrls(fileIds: readonly string[]): Promise<Map<string, string>> {
    const ids = [...new Set(fileIds)].filter((id) => this.pathOf(id));
    const links = new Map<string, string>();
    for (let i = 0; i < ids.length; i += LINKS_PER_CALL) {
      const fileList = ids.slice(i, i + LINKS_PER_CALL).map((fileID) => ({ fileID, maxAge: LINK_SECONDS }));
      const answer = (await this.cloud.getTempFileURL({ fileList })) as { fileList?: TempUrlItem[] } | undefined;
      // a file that is not there has its own status in the answer; the others are linked all the same
      for (const item of answer?.fileList ?? []) {
        if (item.fileID && item.tempFileURL && (item.status ?? 0) === 0) links.set(item.fileID, item.tempFileURL);
      }
    }
    return links;
  }
}

function errorText(e: unknown): string {
  if (e && typeof e === 'object') {
    const { errCode, errMsg, code, message } = e as Record<string, unknown>;
    return [errCode, errMsg, code, message].filter((x) => x !== undefined).join(' ');
  }
  return String(e);
}
