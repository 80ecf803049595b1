/**
 * Where a printed agreement's note is kept. The storage port finds files by id, not by path, and a cloud file id
 * cannot be known before the first upload. So the first print (usecases/printAgreement.ts) leaves a note of its file
 * id (with the bytes' hash, its page count and outline) under this key in `requests`, the store of first results:
 * later prints of the same content reuse that file, and 回传 reads how many pages came out without rendering.
 */
import { printPath, verificationCode } from '../domain/document';
import type { AgreementDoc } from '../domain/types';
import type { Store } from '../store/port';

export const printKey = (path: string): string => `print:${path}`;

export interface PrintNote {
  fileId: string;
  pages: number;
  bytes: number;
  sha256: string;
  /** hash of the settings and roster values the page printed (printedInputs): the code covers the agreement, not these */
  settings?: string;
  /** each page's section titles (render.ts outline): what 鉴证 shows beside an uploaded page */
  outline?: string[][];
}

/** The note of the agreement's current print, if it was printed: its page count and outline, without rendering. */
export async function printNoteOf(store: Store, agreement: AgreementDoc): Promise<PrintNote | null> {
  if (!agreement.agreementNo || !agreement.signedAt) return null;
  const note = await store.get('requests', printKey(printPath(agreement.agreementNo, verificationCode(agreement))));
  return (note?.result as PrintNote | undefined) ?? null;
}
