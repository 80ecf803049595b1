/** Single records more than one role may open: an offer, an agreement, the termination of an agreement. */
import type { AgreementView, OfferScreen, TerminationForm, TerminationView } from '../../typings';
import { refuse } from '../domain/errors';
import type { AgreementDoc, OfferDoc } from '../domain/types';
import { uploadFolder } from '../storage/port';
import { bound, type Bound } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { loadSettings } from '../app/settings';
import { inReviewerScope, ownedByEmployer, ownedByStudent, REVIEWERS, rosterOf } from './access';
import { currentAgreement } from './home';
import { agreementFull, agreementsOf, terminationFull, terminationsOf } from './load';
import { offerAgreement, offerView } from './views';

/** An offer to its student or its employer, with where its agreement stands once accepted. */
export async function offerScreen(deps: Deps, caller: Caller, id: string): Promise<OfferScreen> {
  const who = await bound(deps, caller, ['student', 'employer']);
  const now = deps.clock().toISOString();
  const [offer, settings] = await Promise.all([readableOffer(deps, who, id), loadSettings(deps.store)]);
  const agreement = offer.agreementId ? await deps.store.get('agreements', offer.agreementId) : null;
  return { ...offerView(offer, now), ...(agreement ? { agreement: offerAgreement(agreement) } : {}), templates: settings.templates, penaltyCapYuan: settings.penaltyCapYuan };
}

async function readableOffer(deps: Deps, who: Bound, id: string): Promise<OfferDoc> {
  if (who.user.role === 'employer') return ownedByEmployer(who, await deps.store.get('offers', id));
  const [student, offer] = await Promise.all([rosterOf(deps, who), deps.store.get('offers', id)]);
  return ownedByStudent(student, offer);
}

/** The student's agreement: the one named, else the pending or signed one, else the latest. */
async function studentAgreement(deps: Deps, who: Bound, id: string | undefined): Promise<AgreementDoc> {
  if (id) {
    const [student, agreement] = await Promise.all([rosterOf(deps, who), deps.store.get('agreements', id)]);
    return ownedByStudent(student, agreement);
  }
  const [student, agreements] = await Promise.all([rosterOf(deps, who), agreementsOf(deps.store, who.user.studentNo ?? '')]);
  return currentAgreement(student, agreements) ?? refuse('NOT_FOUND', '您还没有三方协议');
}

/** An agreement as one of its parties or a reviewer in scope sees it. Others must name it; only the student may not. */
async function readableAgreement(deps: Deps, who: Bound, id: string | undefined): Promise<AgreementDoc> {
  if (who.user.role === 'student') return studentAgreement(deps, who, id);
  if (!id) return refuse('NOT_FOUND');
  const agreement = await deps.store.get('agreements', id);
  return who.user.role === 'employer' ? ownedByEmployer(who, agreement) : inReviewerScope(who, agreement);
}

export async function agreementScreen(deps: Deps, caller: Caller, id: string | undefined): Promise<AgreementView> {
  const who = await bound(deps, caller, ['student', 'employer', ...REVIEWERS]);
  const agreement = await readableAgreement(deps, who, id);
  const viewer = who.user.role === 'student' || who.user.role === 'employer' ? who.user.role : 'reviewer';
  return agreementFull(deps, agreement, viewer);
}

/** The latest termination request of an agreement: the student's own, or in a reviewer's scope. */
export async function terminationScreen(deps: Deps, caller: Caller, agreementId: string): Promise<TerminationView> {
  const who = await bound(deps, caller, ['student', ...REVIEWERS]);
  const [agreement, terminations] = await Promise.all([
    readableAgreement(deps, who, agreementId),
    terminationsOf(deps.store, agreementId),
  ]);
  const latest = terminations.find((t) => t.agreementId === agreement._id);
  if (!latest) return refuse('NOT_FOUND', '该协议没有解约申请');
  return terminationFull(deps, latest);
}

/** 申请解约: the student's agreement with its requests, and what the school allows and asks of a request. */
export async function terminationForm(deps: Deps, caller: Caller, agreementId: string): Promise<TerminationForm> {
  const who = await bound(deps, caller, ['student']);
  const school = loadSettings(deps.store);
  const [agreement, settings] = await Promise.all([studentAgreement(deps, who, agreementId), school]);
  return {
    agreement: await agreementFull(deps, agreement, 'student', school),
    allowed: settings.allowStudentTermination,
    guide: settings.terminationGuide,
    uploadFolder: uploadFolder(who.openid),
    templates: settings.templates,
  };
}
