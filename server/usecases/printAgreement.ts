/**
 * printAgreement: 打印协议书. The signed agreement as a PDF in cloud storage, and a download link for
 * wx.downloadFile + wx.openDocument. Printing changes nothing: no version bump, no audit entry.
 */
import type { PrintAgreementEvent, PrintResult } from '../../typings';
import { sha256 } from '../domain/audit';
import { printPath, verificationCode } from '../domain/document';
import { refuse } from '../domain/errors';
import type { AgreementDoc } from '../domain/types';
import type { PrintSettings } from '../print/render';
import { defineFunction } from '../app/function';
import { ConflictError } from '../store/port';
import { bound, inScope, type Bound } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { printAgreementSchema } from '../app/documentSchemas';
import { loadSettings } from '../app/settings';

/** Whose agreement it is: its student, its employer's HR, and reviewers of its college (or the school). */
async function admit(deps: Deps, who: Bound, agreement: AgreementDoc | null): Promise<AgreementDoc> {
  if (!agreement) return refuse('NOT_FOUND');
  const { user } = who;
  if (user.role === 'student') {
    const student = user.studentNo ? await deps.store.get('students', user.studentNo) : null;
    if (!student || student.openid !== who.openid) return refuse('NOT_BOUND');
    if (agreement.studentNo !== student.studentNo) return refuse('NOT_FOUND');
  } else if (user.role === 'employer') {
    if (!user.employerId || agreement.employerId !== user.employerId) return refuse('NOT_FOUND');
  } else if (!inScope(who, agreement.collegeId)) {
    return refuse('FORBIDDEN');
  }
  return agreement;
}

/**
 * The storage port finds files by id, not by path, and a cloud file id cannot be known before the first upload.
 * So the first print leaves a note of its file id (with the bytes' hash) under this key in `requests`, the store
 * of first results: later prints of the same content reuse that file instead of rendering again.
 */
export const printKey = (path: string): string => `print:${path}`;

interface PrintNote {
  fileId: string;
  pages: number;
  bytes: number;
  sha256: string;
  /** the school's settings the page printed (printedSettings): the code covers the agreement, not these */
  settings?: string;
}

/** What of the settings the page prints, so that a change of them (copies, the school's name) prints anew. */
const printedSettings = (s: PrintSettings): string =>
  JSON.stringify([s.schoolName, s.schoolCode, s.printCopies]);

async function reuse(deps: Deps, path: string, settings: string): Promise<PrintNote | null> {
  const note = (await deps.store.get('requests', printKey(path)))?.result as PrintNote | undefined;
  if (!note || note.settings !== settings) return null;
  const bytes = await deps.files.read(note.fileId);
  // gone or replaced in storage: print it again
  return bytes && sha256(bytes) === note.sha256 ? note : null;
}

async function run(deps: Deps, caller: Caller, event: PrintAgreementEvent): Promise<PrintResult> {
  const who = await bound(deps, caller, ['student', 'employer', 'collegeReviewer', 'schoolReviewer']);
  const agreement = await admit(deps, who, await deps.store.get('agreements', event.agreementId));
  if (agreement.state !== 'signed' || !agreement.agreementNo || !agreement.signedAt) {
    return refuse('INVALID_TRANSITION', '协议签约成功后才能打印');
  }
  const agreementNo = agreement.agreementNo;
  const code = verificationCode(agreement);
  const path = printPath(agreementNo, code);

  const settings = await loadSettings(deps.store);
  let note = await reuse(deps, path, printedSettings(settings));
  if (!note) {
    const { renderAgreementPdf } = await import('../print/render');
    const pdf = await renderAgreementPdf({ ...agreement, agreementNo, signedAt: agreement.signedAt }, settings);
    const fileId = await deps.files.write(path, pdf.bytes);
    note = { fileId, pages: pdf.pages, bytes: pdf.bytes.length, sha256: sha256(pdf.bytes), settings: printedSettings(settings) };
    const previous = await deps.store.get('requests', printKey(path));
    try {
      await deps.store.put('requests', { _id: printKey(path), version: (previous?.version ?? 0) + 1, result: note, at: deps.clock().toISOString() }, previous?.version ?? 0);
    } catch (e) {
      // a concurrent print of the same content noted its own identical file first
      if (!(e instanceof ConflictError)) throw e;
    }
  }
  return {
    fileId: note.fileId,
    url: await deps.files.temporaryUrl(note.fileId),
    agreementNo,
    verificationCode: code,
    pages: note.pages,
    bytes: note.bytes,
  };
}

export const printAgreement = defineFunction({ name: 'printAgreement', schema: printAgreementSchema, run });
