import { createHash } from 'node:crypto';

/** Files (proof of employment, termination evidence, printed agreements): cloud storage or a local folder. */
export interface FileStorage {
  /** the file's bytes, or null if there is no such file */
  read(fileId: string): Promise<Buffer | null>;
  /** stores bytes at a path and returns the file id */
  write(path: string, bytes: Buffer): Promise<string>;
  /** a URL the caller can download from for a while */
  temporaryUrl(fileId: string): Promise<string>;
  /** the storage path inside a file id, e.g. `uploads/<folder>/a.jpg` */
  pathOf(fileId: string): string | null;
}

/**
 * Students and employers upload only into their own folder; ids from elsewhere are refused. The folder is named by
 * a hash of the openid, so that file ids shown to others (reviewers see proof files) do not reveal it.
 */
export const uploadFolder = (openid: string): string =>
  `uploads/${createHash('sha256').update(`upload:${openid}`).digest('hex').slice(0, 32)}/`;
