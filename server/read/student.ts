/** The student's own screens: a check form and the offer list. */
import type { CheckKind, CheckView, OffersView } from '../../typings';
import { checkId } from '../domain/checkFields';
import { bound } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { loadSettings } from '../app/settings';
import { rosterOf } from './access';
import { agreementsOf, checkFull } from './load';
import { agreementSummary, offerView, sortOffers } from './views';

export async function checkScreen(deps: Deps, caller: Caller, kind: CheckKind): Promise<CheckView> {
  const who = await bound(deps, caller, ['student']);
  const [student, check] = await Promise.all([
    rosterOf(deps, who),
    deps.store.get('checks', checkId(kind, who.user.studentNo ?? '')),
  ]);
  return checkFull(deps.store, kind, check, student, true);
}

export async function offersScreen(deps: Deps, caller: Caller): Promise<OffersView> {
  const who = await bound(deps, caller, ['student']);
  const studentNo = who.user.studentNo ?? '';
  const { store } = deps;
  // A student receives a handful of offers in a season: one page holds them all.
  const [student, offers, agreements, settings, source] = await Promise.all([
    rosterOf(deps, who),
    store.query('offers', { where: [{ field: 'studentNo', op: '==', value: studentNo }], limit: 200 }),
    agreementsOf(store, studentNo),
    loadSettings(store),
    store.get('checks', checkId('source', studentNo)),
  ]);
  const now = deps.clock().toISOString();
  return {
    offers: sortOffers(offers.items.filter((o) => o.studentNo === student.studentNo), now).map((o) => offerView(o, now)),
    agreements: agreements.map(agreementSummary),
    sourceCheckApproved: source?.state === 'approved',
    allowStudentInitiate: settings.allowStudentInitiate,
  };
}
