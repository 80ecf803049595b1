import { createHash } from 'node:crypto';

/** How long a download link works, in seconds, on the cloud and locally alike. */
export const LINK_SECONDS = 3600;

/** Files (proof of employment, termination evidence, printed agreements): cloud storage or a local folder. */
export interface FileStorage {
  /** the file's bytes, or null if there is no such file */
  read(fileId: string): Promise<Buffer | null>;
  /** stores bytes at a path and returns the file id */
  write(path: string, bytes: Buffer): Promise<string>;
  /** a URL to download the file from for LINK_SECONDS; throws when the file cannot be linked (it is not there) */
  temporaryUrl(fileId: string): Promise<string>;
  /** links for several files at once (one round trip on the cloud); a file that cannot be linked is left out */
  temporaryUrls(fileIds: readonly string[]): Promise<Map<string, string>>;
  /** the storage path inside a file id, e.g. `uploads/<folder>/a.jpg` */
  pathOf(fileId: string): string | null;
}

/**
 * Students and employers upload only into their own folder; ids from elsewhere are refused. The folder is named by
 * a hash of the openid, so that file ids shown to others (reviewers see proof files) do not reveal it.
 */
export const uploadFolder = (openid: string): string =>
  `uploads/${createHash('sha256').update(`upload:${openid}`).digest('hex').slice(0, 32)}/`;
