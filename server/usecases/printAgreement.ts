/**
 * printAgreement: 打印协议书. The signed agreement as a PDF in cloud storage, and a download link for
 * wx.downloadFile + wx.openDocument. Printing changes nothing: no version bump, no audit entry.
 */
import type { PrintAgreementEvent, PrintResult } from '../../typings';
import { sha256 } from '../domain/audit';
import { printPath, verificationCode } from '../domain/document';
import { refuse } from '../domain/errors';
import type { AgreementDoc, StudentDoc } from '../domain/types';
import type { PartyActs, PrintRecord, PrintSettings } from '../print/fields';
import { timeline } from '../read/timeline';
import type { Store } from '../store/port';
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
  /** hash of the settings and roster values the page printed (printedInputs): the code covers the agreement, not these */
  settings?: string;
}

/** The roster's part of the page: the whole 身份证号 and the 生源 fields the 乙方 block prints. */
export function rosterPart(agreement: AgreementDoc, student: StudentDoc | null): Omit<PrintRecord, 'acts'> {
  const source = student?.source ?? {};
  return {
    // the roster entry is never deleted; were it gone, the sealed (masked) number is all there is to print
    idNumber: student?.idNumber ?? agreement.content.student.idNumberMasked,
    ...(source.originRegion ? { originRegion: source.originRegion } : {}),
    ...(source.politicalStatus ? { politicalStatus: source.politicalStatus } : {}),
    ...(source.trainingMode ? { trainingMode: source.trainingMode } : {}),
  };
}

const last = (entries: { action: string; at: string }[], actions: readonly string[]): string | undefined =>
  entries.filter((e) => actions.includes(e.action)).pop()?.at;

/**
 * When each party acted, from the audit log: the student's 应约 or last 提交 (发起签约), the reviews' last 通过, and
 * for an offer-born agreement the unit's offer (sent or last edited) or its revision after a return. A signed
 * agreement's log does not change until it is terminated, and a terminated one is not printed.
 */
export async function partyActs(store: Store, agreement: AgreementDoc): Promise<PartyActs> {
  const [own, offer] = await Promise.all([
    timeline(store, 'agreement', agreement._id),
    agreement.origin === 'offer' && agreement.offerId ? timeline(store, 'offer', agreement.offerId) : Promise.resolve([]),
  ]);
  const employer = [last(offer, ['create', 'edit']), last(own, ['revise'])].filter((t): t is string => !!t).sort().pop();
  const student = last(own, ['createFromOffer', 'submit']);
  const college = last(own, ['collegeApprove']);
  const school = last(own, ['schoolApprove']);
  return {
    ...(employer ? { employer } : {}),
    ...(student ? { student } : {}),
    ...(college ? { college } : {}),
    ...(school ? { school } : {}),
  };
}

/** Everything the page prints for an agreement beside its content: the roster's part and the parties' acts. */
export async function printRecord(store: Store, agreement: AgreementDoc): Promise<PrintRecord> {
  const [student, acts] = await Promise.all([store.get('students', agreement.studentNo), partyActs(store, agreement)]);
  return { ...rosterPart(agreement, student), acts };
}

/**
 * The printed layout's edition, part of printedInputs: a change of what the pages carry prints anew instead of reusing
 * a file from before it. 2: each page's QR code carries its page and the page count (回传 matching).
 */
const LAYOUT = 2;

/**
 * What the page prints beside the sealed content (the settings, the roster's part), so that a change of them (copies,
 * the school's name or address, a corrected 政治面貌) prints anew. Kept as a hash: the note must not hold the
 * whole 身份证号.
 */
const printedInputs = (s: PrintSettings, roster: Omit<PrintRecord, 'acts'>): string =>
  sha256(JSON.stringify([LAYOUT, s.schoolName, s.schoolCode, s.printCopies, s.schoolAddress, s.schoolPhone, roster]));

async function reuse(deps: Deps, path: string, settings: string): Promise<PrintNote | null> {
  const note = (await deps.store.get('requests', printKey(path)))?.result as PrintNote | undefined;
  if (!note || note.settings !== settings) return null;
  const bytes = await deps.files.read(note.fileId);
  // gone or replaced in storage: print it again
  return bytes && sha256(bytes) === note.sha256 ? note : null;
}

/**
 * The drawn 签名 the agreement holds, as the audit entry sealed it: a file since replaced or gone is not printed (the
 * line is left for the pen, and 审计核对 reports the file).
 */
export async function storedSignature(deps: Pick<Deps, 'files'>, agreement: AgreementDoc): Promise<Buffer | null> {
  const held = agreement.studentSignature;
  if (!held) return null;
  const bytes = await deps.files.read(held.fileId);
  return bytes && sha256(bytes) === held.sha256 ? bytes : null;
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

  const [settings, student] = await Promise.all([loadSettings(deps.store), deps.store.get('students', agreement.studentNo)]);
  const roster = rosterPart(agreement, student);
  const inputs = printedInputs(settings, roster);
  let note = await reuse(deps, path, inputs);
  if (!note) {
    const [{ renderAgreementPdf }, acts, signature] = await Promise.all([import('../print/render'), partyActs(deps.store, agreement), storedSignature(deps, agreement)]);
    const pdf = await renderAgreementPdf({ ...agreement, agreementNo, signedAt: agreement.signedAt }, settings, { ...roster, acts, ...(signature ? { signature } : {}) });
    const fileId = await deps.files.write(path, pdf.bytes);
    note = { fileId, pages: pdf.pages, bytes: pdf.bytes.length, sha256: sha256(pdf.bytes), settings: inputs };
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
