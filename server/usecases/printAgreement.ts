/**
 * printAgreement: 打印协议书. The signed agreement as a PDF in cloud storage, and a download link for
 * wx.downloadFile + wx.openDocument. Printing changes nothing: no version bump, no audit entry.
 */
import type { PrintAgreementEvent, PrintResult } from '../../typings';
import { sha256 } from '../domain/audit';
import { printPath, verificationCode } from '../domain/document';
import { refuse } from '../domain/errors';
import type { AgreementDoc, StudentDoc } from '../domain/types';
import type { Field, PartyActs, PrintRecord, PrintSettings } from '../print/fields';
import { formatTime } from '../domain/messages';
import { timeline } from '../read/timeline';
import type { Store } from '../store/port';
import { defineFunction } from '../app/function';
import { ConflictError } from '../store/port';
import { bound, inScope, type Bound } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { printAgreementSchema } from '../app/documentSchemas';
import { loadSettings } from '../app/settings';
import { printKey, type PrintNote } from '../app/printNote';

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

export { printKey };

/**
 * States whose agreement prints: signed, and, with the seal step, approved by the school and waiting for the unit's
 * stamp (pendingSeal) or the school's 鉴证 of the stamped pages (the reviewer compares them with the print). Both
 * carry the 签约日期 (the school's approval) and so the same verification code as the signed copy.
 */
export const PRINTABLE: readonly AgreementDoc['state'][] = ['signed', 'pendingSeal', 'pendingSealReview'];

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
  const school = last(own, ['schoolApprove', 'schoolApproveToSeal']);
  return {
    ...(employer ? { employer } : {}),
    ...(student ? { student } : {}),
    ...(college ? { college } : {}),
    ...(school ? { school } : {}),
  };
}

/**
 * The 备案表's lines on the unit's part of a signed agreement: its confirmation, the 回传 and the school's 鉴证, each
 * with who and when (a person's name, never a phone). None before it is signed: the copy the unit stamps has none.
 */
export function partyLines(a: AgreementDoc): Field[] {
  if (a.state !== 'signed') return [];
  const lines: Field[] = [];
  const c = a.confirmation;
  if (c?.decision === 'confirm') {
    const who = c.via === 'link' ? `${c.name ?? '单位经办人'}（确认链接）` : `${c.name ?? '用人单位'}（单位账号）`;
    lines.push({ label: '单位确认', value: `${who}　${formatTime(c.at)}`, wide: true });
  }
  const seal = a.seal;
  if (seal) {
    lines.push({ label: '盖章回传', value: `${seal.uploadedBy.role === 'employer' ? '用人单位上传' : `毕业生${a.studentName}代单位上传`}盖章协议书（${seal.pages.length} 个文件）　${formatTime(seal.uploadedAt)}`, wide: true });
    if (seal.verifiedAt) lines.push({ label: '学校鉴证', value: `学校就业主管部门鉴证通过　${formatTime(seal.verifiedAt)}`, wide: true });
  }
  return lines;
}

/** Everything the page prints for an agreement beside its content: the roster's part and the parties' acts. */
export async function printRecord(store: Store, agreement: AgreementDoc): Promise<PrintRecord> {
  const [student, acts] = await Promise.all([store.get('students', agreement.studentNo), partyActs(store, agreement)]);
  const parties = partyLines(agreement);
  return { ...rosterPart(agreement, student), acts, ...(parties.length ? { parties } : {}) };
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
const printedInputs = (s: PrintSettings, roster: Omit<PrintRecord, 'acts'>, parties: Field[]): string =>
  sha256(JSON.stringify([LAYOUT, s.schoolName, s.schoolCode, s.printCopies, s.schoolAddress, s.schoolPhone, roster, ...(parties.length ? [parties] : [])]));

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
  if (!PRINTABLE.includes(agreement.state) || !agreement.agreementNo || !agreement.signedAt) {
    return refuse('INVALID_TRANSITION', '协议签约成功后才能打印');
  }
  const agreementNo = agreement.agreementNo;
  const code = verificationCode(agreement);
  const path = printPath(agreementNo, code);

  const [settings, student] = await Promise.all([loadSettings(deps.store), deps.store.get('students', agreement.studentNo)]);
  const roster = rosterPart(agreement, student);
  // the signed copy's 备案表 names who confirmed, stamped and verified: it prints anew once those are known
  const parties = partyLines(agreement);
  const inputs = printedInputs(settings, roster, parties);
  let note = await reuse(deps, path, inputs);
  if (!note) {
    const [{ renderAgreementPdf }, acts, signature] = await Promise.all([import('../print/render'), partyActs(deps.store, agreement), storedSignature(deps, agreement)]);
    const pdf = await renderAgreementPdf({ ...agreement, agreementNo, signedAt: agreement.signedAt }, settings, {
      ...roster,
      acts,
      ...(signature ? { signature } : {}),
      ...(parties.length ? { parties } : {}),
    });
    const fileId = await deps.files.write(path, pdf.bytes);
    note = { fileId, pages: pdf.pages, bytes: pdf.bytes.length, sha256: sha256(pdf.bytes), settings: inputs, outline: pdf.outline };
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
