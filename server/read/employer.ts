/** The employer tab: its own record with how its offers stand, and its offers page by page. */
import { OFFER_STATES, type EmployerHomeView, type OfferState, type OfferView, type Page } from '../../typings';
import { refuse } from '../domain/errors';
import type { Filter } from '../store/port';
import { bound, type Bound } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { cursorOf } from './access';
import { employerRecord, offerAgreement, offerView } from './views';

const employerIdOf = (who: Bound): string => who.user.employerId ?? refuse('NOT_BOUND');

export async function employerHomeScreen(deps: Deps, caller: Caller): Promise<EmployerHomeView> {
  const who = await bound(deps, caller, ['employer']);
  const employerId = employerIdOf(who);
  const now = deps.clock().toISOString();
  const mine: Filter = { field: 'employerId', op: '==', value: employerId };
  const count = (...where: Filter[]) => deps.store.count('offers', [mine, ...where]);
  // open offers past their deadline are expired to everyone, before the timer gets to mark them
  const [employer, openLive, openDue, ...byState] = await Promise.all([
    deps.store.get('employers', employerId),
    count({ field: 'state', op: '==', value: 'open' }, { field: 'expiresAt', op: '>', value: now }),
    count({ field: 'state', op: '==', value: 'open' }, { field: 'expiresAt', op: '<=', value: now }),
    ...OFFER_STATES.map((state) => (state === 'open' ? Promise.resolve(0) : count({ field: 'state', op: '==', value: state }))),
  ]);
  if (!employer) return refuse('NOT_FOUND');
  const offers = Object.fromEntries(OFFER_STATES.map((state, i) => [state, byState[i] ?? 0])) as Record<OfferState, number>;
  offers.open = openLive;
  offers.expired += openDue;
  return { employer: employerRecord(employer), offers };
}

/** Its offers, the most recently changed first, so that students' answers come to the top. */
export async function employerOffersScreen(
  deps: Deps,
  caller: Caller,
  event: { cursor?: string; limit?: number },
): Promise<Page<OfferView>> {
  const who = await bound(deps, caller, ['employer']);
  const after = cursorOf(event.cursor);
  const page = await deps.store.query('offers', {
    where: [{ field: 'employerId', op: '==', value: employerIdOf(who) }],
    orderBy: { field: 'updatedAt', direction: 'desc' },
    limit: event.limit ?? 20,
    ...(after ? { after } : {}),
  });
  const now = deps.clock().toISOString();
  // the agreements of accepted offers, in one round trip: the list shows whether each was signed or returned
  const agreementIds = [...new Set(page.items.flatMap((o) => (o.agreementId ? [o.agreementId] : [])))];
  const agreements = new Map((await deps.store.getMany('agreements', agreementIds)).map((a) => [a._id, a]));
  const items = page.items.map((o) => {
    const view = offerView(o, now);
    const a = o.agreementId ? agreements.get(o.agreementId) : undefined;
    return a ? { ...view, agreement: offerAgreement(a) } : view;
  });
  return page.next ? { items, next: page.next } : { items };
}
