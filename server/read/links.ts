/**
 * Download links for the files a view shows. They are made here only, by the loaders of load.ts, which are handed a
 * record the reader has already let the caller see (access.ts): a link is the permission to fetch the file, so it is
 * never made before that check, nor for a file of a record the caller may not read.
 */
import type { Attachment, FileView } from '../../typings';
import type { FileStorage } from '../storage/port';

export type Links = ReadonlyMap<string, string>;

/** One round trip for all the files of a view. A storage that fails to answer leaves the files without links. */
export async function linksFor(files: FileStorage, groups: readonly (readonly Attachment[])[]): Promise<Links> {
  const ids = [...new Set(groups.flat().map((f) => f.fileId))];
  if (ids.length === 0) return new Map();
  try {
    return await files.temporaryUrls(ids);
  } catch (e) {
    // the record is still worth reading; its tiles say that the file cannot be shown
    console.error('[links]', e);
    return new Map();
  }
}

export const linked = (files: readonly Attachment[], links: Links): FileView[] =>
  files.map((f) => ({ fileId: f.fileId, sha256: f.sha256, url: links.get(f.fileId) ?? null }));
