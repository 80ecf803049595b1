/** The student's own screens: a check form, the offer list, and the form of 学生发起签约. */
import type { AgreementView, CheckKind, CheckScreen, InitiateForm, OffersView } from '../../typings';
import { checkId } from '../domain/checkFields';
import { bound } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { loadSettings } from '../app/settings';
import { rosterOf } from './access';
import { home } from './home';
import { agreementsOf, checkFull } from './load';
import { agreementScreen } from './records';
import { agreementSummary, offerView, sortOffers } from './views';

export async function checkScreen(deps: Deps, caller: Caller, kind: CheckKind): Promise<CheckScreen> {
  const who = await bound(deps, caller, ['student']);
  const [student, check, settings] = await Promise.all([
    rosterOf(deps, who),
    deps.store.get('checks', checkId(kind, who.user.studentNo ?? '')),
    loadSettings(deps.store),
  ]);
  return { ...(await checkFull(deps.store, kind, check, student, true)), templates: settings.templates };
}

/**
 * 学生发起签约: who the caller is, as 首页 tells it, and the agreement the form continues: the one named, else the
 * student's draft or returned one. Anyone may ask (the page tells a stranger to bind first); only a student's
 * agreement is loaded, and only as the agreement view would show it to them.
 */
export async function initiateForm(deps: Deps, caller: Caller, id: string | undefined): Promise<InitiateForm> {
  const who = await home(deps, caller);
  const held = who.student?.agreement;
  const resumable = held && (held.state === 'draft' || held.state === 'returned') ? held.id : undefined;
  const target = id || resumable;
  const agreement: AgreementView | null = who.role === 'student' && who.student && target ? await agreementScreen(deps, caller, target) : null;
  return { home: who, agreement };
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
