/** Single records more than one role may open: an offer, an agreement, the termination of an agreement. */
import type { AgreementView, ConsentLinkView, OfferScreen, TerminationForm, TerminationView } from '../../typings';
import { BREACH_LABELS, terminationReason } from '../../typings/codes/termination';
import { confirmLinkId } from '../domain/confirmLink';
import { openConsentLink } from '../domain/consentLink';
import { agreedPenalty, isWaiting, limitReason, terminationGuards } from '../domain/termination';
import { countLinkTry } from '../app/linkTries';
import { refuse } from '../domain/errors';
import type { AgreementDoc, OfferDoc, SettingsDoc } from '../domain/types';
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
  const view = offerView(offer, now);
  // the 签名 is asked of the student who may still 应约
  const signs = settings.studentSignature && who.user.role === 'student' && view.state === 'open';
  return {
    ...view,
    ...(agreement ? { agreement: offerAgreement(agreement) } : {}),
    templates: settings.templates,
    penaltyCapYuan: settings.penaltyCapYuan,
    ...(signs ? { signature: { uploadFolder: uploadFolder(who.openid) } } : {}),
  };
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

/**
 * 申请解约 as its page loads it, for the agreement's student or its unit (a certified unit's HR): the agreement with
 * the requests that concern the viewer, and what the school allows and asks of a request. The unit sees only requests
 * made since it became a party (mutual consent); those of the manual's flow stay between the student and the school.
 */
export async function terminationForm(deps: Deps, caller: Caller, agreementId: string): Promise<TerminationForm> {
  const who = await bound(deps, caller, ['student', 'employer']);
  const school = loadSettings(deps.store);
  if (who.user.role === 'employer') return unitTerminationForm(deps, who, agreementId, school);
  const [agreement, settings] = await Promise.all([studentAgreement(deps, who, agreementId), school]);
  const [view, approved, consentVia] = await Promise.all([
    agreementFull(deps, agreement, 'student', school),
    settings.terminationLimit > 0 ? approvedCount(deps, agreement.studentNo) : Promise.resolve(0),
    unitAnswersBy(deps, agreement),
  ]);
  const blocked = !terminationGuards.underLimit(settings, approved);
  return {
    agreement: blocked ? { ...view, canTerminate: false } : view,
    allowed: settings.allowStudentTermination,
    guide: settings.terminationGuide,
    uploadFolder: uploadFolder(who.openid),
    templates: settings.templates,
    ...consentParts(settings, agreement, 'student', consentVia),
    ...(blocked && view.canTerminate ? { limitReason: limitReason(settings, approved) } : {}),
  };
}

const consentParts = (settings: SettingsDoc, agreement: AgreementDoc, role: 'student' | 'employer', consentVia: 'account' | 'link') => ({
  role,
  mutualConsent: settings.mutualConsentTermination,
  penaltyYuan: agreedPenalty(agreement),
  consentVia,
});

async function approvedCount(deps: Deps, studentNo: string): Promise<number> {
  const page = await deps.store.query('terminations', { where: [{ field: 'studentNo', op: '==', value: studentNo }], limit: 200 });
  return page.items.filter((t) => t.state === 'approved').length;
}

/** A certified unit answers in its tab; any other (not in the library, or not certified) through a consent link. */
async function unitAnswersBy(deps: Deps, agreement: AgreementDoc): Promise<'account' | 'link'> {
  const unit = agreement.employerId ? await deps.store.get('employers', agreement.employerId) : null;
  return unit?.state === 'certified' ? 'account' : 'link';
}

async function unitTerminationForm(deps: Deps, who: Bound, agreementId: string, school: Promise<SettingsDoc>): Promise<TerminationForm> {
  const [agreement, settings, unit] = await Promise.all([
    readableAgreement(deps, who, agreementId),
    school,
    who.user.employerId ? deps.store.get('employers', who.user.employerId) : Promise.resolve(null),
  ]);
  // the manual's flow (consent off): terminations stay between the student and the school, as before
  if (!settings.mutualConsentTermination) return refuse('FORBIDDEN', '学校暂未开放单位在线办理解约，如需解约请联系学校就业指导中心。');
  if (unit?.state !== 'certified') return refuse('EMPLOYER_NOT_CERTIFIED', '单位尚未通过学校认证，暂不能在线办理解约');
  const [view, requests, approved] = await Promise.all([
    agreementFull(deps, agreement, 'employer', school),
    terminationsOf(deps.store, agreement._id),
    settings.terminationLimit > 0 ? approvedCount(deps, agreement.studentNo) : Promise.resolve(0),
  ]);
  const concerning = requests.filter((t) => t.initiator !== undefined);
  const shownRequests = await Promise.all(concerning.map((t) => terminationFull(deps, t)));
  const waiting = concerning.some(isWaiting);
  const canStart = agreement.state === 'signed' && !waiting;
  const blocked = !terminationGuards.underLimit(settings, approved);
  return {
    agreement: { ...view, terminations: shownRequests, canTerminate: canStart && !blocked },
    allowed: true,
    guide: settings.terminationGuide,
    uploadFolder: uploadFolder(who.openid),
    templates: settings.templates,
    ...consentParts(settings, agreement, 'employer', 'account'),
    ...(blocked && canStart ? { limitReason: limitReason(settings, approved) } : {}),
  };
}

/**
 * 解约同意: what a consent link opens, to whoever holds it (no binding: the unit's HR need not have an account). Each
 * look is counted as a guess before the link is read, as answers are (requestTermination countLinkTry).
 */
export async function consentLinkScreen(deps: Deps, caller: Caller, token: string): Promise<ConsentLinkView> {
  await countLinkTry(deps, caller);
  const link = await deps.store.get('confirmLinks', confirmLinkId(token));
  const termination = link?.terminationId ? await deps.store.get('terminations', link.terminationId) : null;
  const opened = openConsentLink({ token, link, termination, now: deps.clock().toISOString() });
  const t = opened.termination;
  const agreement = (await deps.store.get('agreements', t.agreementId)) ?? refuse('CONFIRM_LINK_UNKNOWN');
  return {
    terminationId: t._id,
    agreementNo: agreement.agreementNo,
    studentName: agreement.studentName,
    employerName: agreement.employerName,
    reasonLabel: terminationReason(t.reasonCode)?.label ?? '',
    breachLabel: t.breachBy ? BREACH_LABELS[t.breachBy] : '',
    explanation: t.explanation,
    expiresAt: opened.link.expiresAt,
  };
}
