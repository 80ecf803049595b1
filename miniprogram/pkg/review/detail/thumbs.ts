/**
 * Attachments a reviewer looks at (就业证明材料, 解约证明) as thumbnails, from the download links the reviewDetail view
 * carries: the server makes them only for a reviewer whose scope holds the record, so that storage rules need not let
 * reviewers read students' uploads. The reviewer decides on what these files show, so a file without a link (gone
 * from storage) must say so on its tile rather than stay a blank square.
 */
import type { FileView } from '../../../../typings/views';
import { fileSrc, previewFiles } from '../../../utils/files';

export interface Thumb {
  fileId: string;
  src: string;
  /** the file could not be fetched: the tile says so and the preview leaves it out */
  failed: boolean;
}

/** Thumbnails for the files, in their order. */
export const thumbsOf = (files: readonly FileView[]): Thumb[] =>
  files.map((f) => ({ fileId: f.fileId, src: fileSrc(f), failed: f.url === null }));

/** Full-screen preview of one thumbnail among its siblings; files that could not be fetched are left out. */
export function preview(thumbs: readonly Thumb[], current: string): void {
  previewFiles(
    thumbs.filter((t) => !t.failed).map((t) => t.src),
    current,
  );
}
