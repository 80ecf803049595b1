/**
 * 回传 as the pages read it: the uploader's page (the agreement's student or its unit, pkg/seal/index) and the
 * reviewer's 鉴证, where each printed page stands beside the file uploaded for it.
 */
import type { SealPageView, SealReviewRow, SealReviewView, SealView } from '../../typings';
import { sealMatchText } from '../domain/seal';
import type { AgreementDoc, SealRecord } from '../domain/types';
import { bound, type Bound } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { printNoteOf } from '../app/printNote';
import { loadSettings } from '../app/settings';
import { uploadFolder } from '../storage/port';
import { rosterOf } from './access';
import { linked, linksFor } from './links';
import { agreementFull } from './load';
import { refuse } from '../domain/errors';

async function pagesOf(deps: Deps, seal: SealRecord | undefined): Promise<SealPageView[]> {
  if (!seal) return [];
  const links = await linksFor(deps.files, [seal.pages.map((p) => p.file)]);
  const files = linked(seal.pages.map((p) => p.file), links);
  return seal.pages.map((p, i) => ({ file: files[i]!, page: p.page, match: p.match, text: sealMatchText(p.match, p.page) }));
}

/** Who may stamp and upload: the agreement's own student, or the HR of its unit; anyone else learns nothing of it. */
export async function sealParty(deps: Deps, who: Bound, agreement: AgreementDoc | null): Promise<AgreementDoc> {
  if (!agreement) return refuse('NOT_FOUND');
  if (who.user.role === 'student') {
    if (agreement.studentNo !== (await rosterOf(deps, who)).studentNo) return refuse('NOT_FOUND');
  } else if (!who.user.employerId || agreement.employerId !== who.user.employerId) {
    return refuse('NOT_FOUND');
  }
  return agreement;
}

const uploader = (a: AgreementDoc, seal: SealRecord): string => (seal.uploadedBy.role === 'employer' ? '用人单位' : a.studentName);

export async function sealScreen(deps: Deps, caller: Caller, agreementId: string): Promise<SealView> {
  const who = await bound(deps, caller, ['student', 'employer']);
  const read = deps.store.get('agreements', agreementId);
  read.catch(() => undefined);
  const settings = loadSettings(deps.store);
  settings.catch(() => undefined);
  const viewer = who.user.role === 'employer' ? 'employer' : 'student';
  const agreement = await sealParty(deps, who, await read);
  const seal = agreement.seal;
  const [view, note, uploaded, school] = await Promise.all([
    agreementFull(deps, agreement, viewer, settings),
    printNoteOf(deps.store, agreement),
    pagesOf(deps, seal),
    settings,
  ]);
  return {
    agreement: view,
    pages: note?.pages ?? null,
    uploaded,
    ...(agreement.state === 'pendingSeal' && seal?.returnReason ? { returnReason: seal.returnReason } : {}),
    ...(seal ? { uploadedBy: uploader(agreement, seal), uploadedAt: seal.uploadedAt } : {}),
    ...(seal?.verifiedAt ? { verifiedAt: seal.verifiedAt } : {}),
    uploadFolder: uploadFolder(who.openid),
    canUpload: agreement.state === 'pendingSeal',
    viewer,
    templates: school.templates,
  };
}

/**
 * The reviewer's side by side: a row per printed page with its section titles and the file matched to it (or none),
 * then the files that matched no page (PDFs, which the reviewer reads by eye). Only once pages were uploaded.
 */
export async function sealReview(deps: Deps, agreement: AgreementDoc): Promise<SealReviewView | undefined> {
  const seal = agreement.seal;
  if (!seal) return undefined;
  const [note, uploaded] = await Promise.all([printNoteOf(deps.store, agreement), pagesOf(deps, seal)]);
  const pages = note?.pages ?? null;
  const outline = note?.outline ?? [];
  const printed: SealReviewRow[] = Array.from({ length: pages ?? 0 }, (_, i) => {
    const page = i + 1;
    const upload = uploaded.find((u) => u.match === 'ok' && u.page === page) ?? null;
    return { page, generated: (outline[i] ?? []).join('、'), upload };
  });
  const rest = uploaded.filter((u) => !printed.some((r) => r.upload === u)).map((upload): SealReviewRow => ({ page: null, generated: '', upload }));
  return {
    pages,
    rows: [...printed, ...rest],
    uploadedBy: uploader(agreement, seal),
    uploadedAt: seal.uploadedAt,
    ...(seal.verifiedAt ? { verifiedAt: seal.verifiedAt } : {}),
    ...(seal.returnReason ? { returnReason: seal.returnReason } : {}),
  };
}
