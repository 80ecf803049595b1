/**
 * Files in a folder under DATA_DIR, standing in for cloud storage. File ids look like `local://uploads/<folder>/a.jpg`;
 * a download link is `<baseUrl>/files/<path>?expires=<unix seconds>&sign=<hex>`, signed with the runtime's key.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LINK_SECONDS, type FileStorage } from './port';
import { checkLink, signature, type LinkCheck } from './signedLinks';

const PREFIX = 'local://';
const SAFE = /^[A-Za-z0-9_\-./]+$/;
/** Writes replace a file, never a link's target. */
const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0);

export interface LinkOptions {
  /** the key links are signed with; default a new random one, so that no other instance's links open files here */
  key?: Buffer;
  /** the time links expire by; default the wall clock */
  clock?: () => Date;
}

export class LocalFileStorage implements FileStorage {
  private readonly key: Buffer;
  private readonly clock: () => Date;

  constructor(
    private readonly root: string,
    /** where the local runtime serves files, e.g. http://127.0.0.1:3000 */
    private readonly baseUrl = '',
    options: LinkOptions = {},
  ) {
    this.key = options.key ?? randomBytes(32);
    this.clock = options.clock ?? (() => new Date());
  }

  private nowSeconds(): number {
    return Math.floor(this.clock().getTime() / 1000);
  }

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
    const link = (await this.temporaryUrls([fileId])).get(fileId);
    if (!link) throw new Error(`no download link for ${fileId}: no such file`);
    return link;
  }

  /** As cloud storage answers: a link for each file that is there, none for the others. */
  async temporaryUrls(fileIds: readonly string[]): Promise<Map<string, string>> {
    const expires = this.nowSeconds() + LINK_SECONDS;
    const links = new Map<string, string>();
    await Promise.all(
      [...new Set(fileIds)].map(async (fileId) => {
        const p = this.pathOf(fileId);
        const file = this.resolve(fileId);
        if (!p || !file || !(await this.inside(file))) return;
        links.set(fileId, `${this.baseUrl}/files/${p}?expires=${expires}&sign=${signature(this.key, p, expires)}`);
      }),
    );
    return links;
  }

  /** Whether a link's query (`expires`, `sign`) opens the file at `filePath` now. */
  checkLink(filePath: string, expires: string | null, sign: string | null): LinkCheck {
    return checkLink(this.key, filePath, expires, sign, this.nowSeconds());
  }
}
