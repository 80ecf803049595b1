/** Files in a folder under DATA_DIR, standing in for cloud storage. File ids look like `local://uploads/<folder>/a.jpg`. */
import { constants } from 'node:fs';
import { mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileStorage } from './port';

const PREFIX = 'local://';
const SAFE = /^[A-Za-z0-9_\-./]+$/;
/** Writes replace a file, never a link's target. */
const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0);

export class LocalFileStorage implements FileStorage {
  constructor(
    private readonly root: string,
    /** where the local runtime serves files, e.g. http://127.0.0.1:3000 */
    private readonly baseUrl = '',
  ) {}

  pathOf(fileId: string): string | null {
    if (!fileId.startsWith(PREFIX)) return null;
    const p = fileId.slice(PREFIX.length);
    if (!SAFE.test(p) || p.split('/').some((part) => part === '..' || part === '' || part === '.')) return null;
    return p;
  }

  private resolve(fileId: string): string | null {
    const p = this.pathOf(fileId);
    return p ? path.join(this.root, p) : null;
  }

  /**
   * Whether a path, with every link in it followed, is still inside the folder: the names are checked already, but a
   * link placed in the folder could point anywhere on the machine.
   */
  private async inside(p: string): Promise<boolean> {
    try {
      const [real, root] = await Promise.all([realpath(p), realpath(this.root)]);
      return real === root || real.startsWith(root + path.sep);
    } catch {
      return false;
    }
  }

  async read(fileId: string): Promise<Buffer | null> {
    const file = this.resolve(fileId);
    if (!file || !(await this.inside(file))) return null;
    return readFile(file).catch(() => null);
  }

  async write(filePath: string, bytes: Buffer): Promise<string> {
    const fileId = `${PREFIX}${filePath}`;
    const file = this.resolve(fileId);
    if (!file) throw new Error(`bad storage path: ${filePath}`);
    await mkdir(path.dirname(file), { recursive: true });
    if (!(await this.inside(path.dirname(file)))) throw new Error(`storage path leaves the folder: ${filePath}`);
    await writeFile(file, bytes, { flag: WRITE_FLAGS });
    return fileId;
  }

  async temporaryUrl(fileId: string): Promise<string> {
    const p = this.pathOf(fileId);
    if (!p) throw new Error(`bad file id: ${fileId}`);
    return `${this.baseUrl}/files/${p}`;
  }
}
