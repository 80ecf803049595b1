/** The employer's screens: its own record with how its offers stand, its offers page by page, and its two forms. */
import {
  OFFER_STATES,
  type EmployerHomeView,
  type EmployerOffersPage,
  type InviteForm,
  type OfferState,
  type OfferTemplatesView,
  type OfferTemplateView,
  type RegisterForm,
} from '../../typings';
import { refuse } from '../domain/errors';
import type { Filter } from '../store/port';
import { bound, type Bound } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { cursorOf } from './access';
import { home } from './home';
import { agreementScreen, offerScreen } from './records';
import { employerFiles } from './load';
import { heldSettings } from '../app/settings';
import { templatesOf } from '../app/loads';
import type { OfferTemplateDoc } from '../domain/types';
import { uploadFolder } from '../storage/port';
import { employerRecord, offerAgreement, offerView } from './views';

const employerIdOf = (who: Bound): string => who.user.employerId ?? refuse('NOT_BOUND');

export async function employerHomeScreen(deps: Deps, caller: Caller): Promise<EmployerHomeView> {
  const who = await bound(deps, caller, ['employer']);
  const employerId = employerIdOf(who);
  const now = deps.clock().toISOString();
  const mine: Filter = { field: 'employerId', op: '==', value: employerId };
  const count = (...where: Filter[]) => deps.store.count('offers', [mine, ...where]);
  // open offers past their deadline are expired to everyone, before the timer gets to mark them
  const waiting = (state: string) => deps.store.count('agreements', [mine, { field: 'state', op: '==', value: state }]);
  const [employer, toConfirm, toSeal, openLive, openDue, ...byState] = await Promise.all([
    deps.store.get('employers', employerId),
    // what waits for the unit among its agreements: the entry to its list says how many
    waiting('pendingEmployer'),
    waiting('pendingSeal'),
    count({ field: 'state', op: '==', value: 'open' }, { field: 'expiresAt', op: '>', value: now }),
    count({ field: 'state', op: '==', value: 'open' }, { field: 'expiresAt', op: '<=', value: now }),
    ...OFFER_STATES.map((state) => (state === 'open' ? Promise.resolve(0) : count({ field: 'state', op: '==', value: state }))),
  ]);
  if (!employer) return refuse('NOT_FOUND');
  const offers = Object.fromEntries(OFFER_STATES.map((state, i) => [state, byState[i] ?? 0])) as Record<OfferState, number>;
  offers.open = openLive;
  offers.expired += openDue;
  const agreementsToDo = toConfirm + toSeal;
  return { employer: employerRecord(employer), offers, ...(agreementsToDo ? { agreementsToDo } : {}) };
}

/** Its offers, the most recently changed first, so that students' answers come to the top; and where it stands. */
export async function employerOffersScreen(
  deps: Deps,
  caller: Caller,
  event: { cursor?: string; limit?: number },
): Promise<EmployerOffersPage> {
  const who = await bound(deps, caller, ['employer']);
  const employerId = employerIdOf(who);
  const after = cursorOf(event.cursor);
  const [employer, page] = await Promise.all([
    deps.store.get('employers', employerId),
    deps.store.query('offers', {
      where: [{ field: 'employerId', op: '==', value: employerId }],
      orderBy: { field: 'updatedAt', direction: 'desc' },
      limit: event.limit ?? 20,
      ...(after ? { after } : {}),
    }),
  ]);
  if (!employer) return refuse('NOT_FOUND');
  const now = deps.clock().toISOString();
  // the agreements of accepted offers, in one round trip: the list shows whether each was signed or returned
  const agreementIds = [...new Set(page.items.flatMap((o) => (o.agreementId ? [o.agreementId] : [])))];
  const agreements = new Map((await deps.store.getMany('agreements', agreementIds)).map((a) => [a._id, a]));
  const items = page.items.map((o) => {
    const view = offerView(o, now);
    const a = o.agreementId ? agreements.get(o.agreementId) : undefined;
    return a ? { ...view, agreement: offerAgreement(a) } : view;
  });
  return { items, ...(page.next ? { next: page.next } : {}), employerState: employer.state };
}

/**
 * 邀约学生: who the caller is, as 首页 tells it, and for a certified unit the record the form opens: its open offer
 * (`offerId`) or the agreement a reviewer returned (`agreementId`), each as its own view shows it to the unit.
 * Anyone may ask: the page tells others why they cannot invite.
 */
export async function inviteForm(deps: Deps, caller: Caller, event: { offerId?: string; agreementId?: string }): Promise<InviteForm> {
  const who = await home(deps, caller);
  if (who.role !== 'employer' || who.employer?.state !== 'certified') return { home: who };
  // the templates beside what is opened: any form may take a template's terms
  const templates = templatesOf(deps.store, who.employer.id).then((list) => list.map(templateView));
  templates.catch(() => undefined);
  if (event.offerId) {
    const [offer, offerTemplates] = await Promise.all([offerScreen(deps, caller, event.offerId), templates]);
    return { home: who, offer, offerTemplates };
  }
  if (event.agreementId) {
    const [agreement, offerTemplates] = await Promise.all([agreementScreen(deps, caller, event.agreementId), templates]);
    return { home: who, agreement, offerTemplates };
  }
  return { home: who, offerTemplates: await templates };
}

export const templateView = (t: OfferTemplateDoc): OfferTemplateView => ({
  id: t._id,
  version: t.version,
  name: t.name,
  terms: t.terms,
  updatedAt: t.updatedAt,
});

/** 邀约模板: the unit's templates, newest first, and the school's 违约金 cap the form warns above. */
export async function offerTemplatesScreen(deps: Deps, caller: Caller): Promise<OfferTemplatesView> {
  const who = await bound(deps, caller, ['employer']);
  const employerId = employerIdOf(who);
  const [employer, settings, templates] = await Promise.all([
    deps.store.get('employers', employerId),
    heldSettings(deps.store),
    templatesOf(deps.store, employerId),
  ]);
  if (!employer) return refuse('NOT_FOUND');
  // a unit no longer certified sees none: it may not send offers, so it has nothing to fill from them
  const certified = employer.state === 'certified';
  return { templates: certified ? templates.map(templateView) : [], employerState: employer.state, penaltyCapYuan: settings.penaltyCapYuan };
}

/** 单位注册: who the caller is, as 首页 tells it, and their unit in full when the school turned it down. */
export async function registerForm(deps: Deps, caller: Caller): Promise<RegisterForm> {
  const [who, settings] = await Promise.all([home(deps, caller), heldSettings(deps.store)]);
  const form = { home: who, requireHrAuthorization: settings.requireHrAuthorization, uploadFolder: uploadFolder(caller.openid) };
  if (who.role !== 'employer' || who.employer?.state !== 'rejected') return form;
  const employer = await deps.store.get('employers', who.employer.id);
  // the unit's own files come back with it: a sharp licence need not be photographed again, a blurred one is removed
  return employer ? { ...form, rejected: { ...employerRecord(employer), ...(await employerFiles(deps, employer)) } } : form;
}
