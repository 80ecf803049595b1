/**
 * sealAgreement: 回传 of an agreement the school approved with `employerSeal` on (pendingSeal). Its unit (the HR
 * bound to the agreement's employer) or its student, on the unit's behalf, uploads a photo or scan of every stamped
 * page. `checkPage` reads one file as it is added (which printed page it is, or why it does not belong) and writes
 * nothing; `upload` reads them all again, checks the set and sends the agreement to the school's 鉴证.
 *
 * What the server takes: JPEG or PNG (a page each) and PDF (stored, its pages checked by eye at 鉴证), each at most
 * 10 MB from the caller's own upload folder, an image at most 50 MP; images are brought down to 2000 px on their
 * longer side before the QR is looked for (server/print/qrMatch.ts). The mini program compresses photos before
 * upload (wx.compressImage, about 1600 px wide), so a page is a few hundred KB.
 */
import type { Mutated, SealAgreementEvent, SealPageCheck } from '../../typings';
import { verificationCode } from '../domain/document';
import { refuse } from '../domain/errors';
import { ACCEPTED_FILES, MAX_FILE_BYTES, fileKindOf } from '../domain/files';
import { accepted, sealMatchText, uploadSeal, type FileMatch } from '../domain/seal';
import type { AgreementDoc } from '../domain/types';
import { matchPage, type PageMatch, type PrintedAgreement } from '../print/qrMatch';
import { uploadFolder } from '../storage/port';
import { defineFunction } from '../app/function';
import { attach } from '../app/attachments';
import { bound } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { expectVersion, mutate, requestOf } from '../app/mutate';
import { sealAgreementSchema } from '../app/schemas';
import { sealParty } from '../read/seal';
import { printNoteOf } from '../app/printNote';

const NOT_NOW = '协议当前不在待单位盖章阶段，不能上传盖章页';
const NOT_PRINTED = '请先在本页下载协议书 PDF，打印并盖章后再上传';

/** What the stamped pages must match: the agreement's latest print (its page count from the print's note). */
async function printedOf(deps: Deps, agreement: AgreementDoc): Promise<PrintedAgreement> {
  if (agreement.state !== 'pendingSeal') return refuse('INVALID_TRANSITION', NOT_NOW);
  const note = await printNoteOf(deps.store, agreement);
  if (!note || !agreement.agreementNo) return refuse('INVALID_TRANSITION', NOT_PRINTED);
  return { agreementNo: agreement.agreementNo, code: verificationCode(agreement), pages: note.pages };
}

const asFileMatch = (m: PageMatch): FileMatch => (m.ok ? { ok: true, page: m.page } : { ok: false, reason: m.reason, message: m.message, ...(m.page !== undefined ? { page: m.page } : {}) });

async function checkPage(deps: Deps, caller: Caller, event: Extract<SealAgreementEvent, { action: 'checkPage' }>): Promise<SealPageCheck> {
  const who = await bound(deps, caller, ['student', 'employer']);
  const agreement = await sealParty(deps, who, await deps.store.get('agreements', event.agreementId));
  const printed = await printedOf(deps, agreement);
  if (!deps.files.pathOf(event.fileId)?.startsWith(uploadFolder(who.openid))) return refuse('FILE_NOT_OWNED');
  const bytes = (await deps.files.read(event.fileId)) ?? refuse('FILE_NOT_OWNED', '附件不存在或已过期，请重新上传');
  const answer = (m: FileMatch, text: string): SealPageCheck => ({
    fileId: event.fileId,
    accepted: accepted(m),
    page: m.ok ? m.page : (m.page ?? null),
    pages: printed.pages,
    match: m.ok ? 'ok' : m.reason,
    text,
  });
  if (bytes.length > MAX_FILE_BYTES) return answer({ ok: false, reason: 'tooLarge', message: '' }, '文件超过 10 MB，请压缩后重新上传');
  if (!fileKindOf(bytes)) return answer({ ok: false, reason: 'notImage', message: '' }, `这个文件不是 ${ACCEPTED_FILES}，请重新选择`);
  const m = asFileMatch(matchPage(bytes, printed));
  return answer(m, m.ok ? sealMatchText('ok', m.page) : m.reason === 'pdf' ? sealMatchText('pdf', null) : m.message);
}

async function upload(deps: Deps, caller: Caller, event: Extract<SealAgreementEvent, { action: 'upload' }>): Promise<Mutated> {
  return mutate<Mutated>(deps, requestOf(caller, event), async () => {
    // the agreement is read beside the caller's binding, looked at after it
    const read = deps.store.get('agreements', event.agreementId);
    read.catch(() => undefined);
    const who = await bound(deps, caller, ['student', 'employer']);
    const agreement = await sealParty(deps, who, await read);
    expectVersion(agreement, event.version);
    const printed = await printedOf(deps, agreement);
    // each file from the caller's folder, JPEG, PNG or PDF by its bytes, at most 10 MB: else refused by its place
    const files = await attach(deps, caller, event.files, { path: 'files', label: '盖章页' });
    // one file at a time: a decoded photo is some 50 MB of pixels, and twenty of them at once would not fit
    const matches: FileMatch[] = [];
    for (const f of files) matches.push(asFileMatch(matchPage((await deps.files.read(f.fileId)) ?? new Uint8Array(), printed)));
    const decided = uploadSeal({ env: { actor: who.actor, now: deps.clock().toISOString(), newId: deps.newId }, agreement, files, matches, pages: printed.pages });
    const a = decided.agreement;
    return { commit: decided, result: { record: 'agreement', id: a._id, state: a.state, version: a.version } };
  });
}

async function run(deps: Deps, caller: Caller, event: SealAgreementEvent): Promise<SealPageCheck | Mutated> {
  return event.action === 'checkPage' ? checkPage(deps, caller, event) : upload(deps, caller, event);
}

export const sealAgreement = defineFunction({ name: 'sealAgreement', schema: sealAgreementSchema, run });
