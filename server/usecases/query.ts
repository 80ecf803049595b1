/** query: the read side. One call per screen; each view's reader decides who may see it. */
import type { QueryEvent, QueryResults } from '../../typings';
import { employerHomeScreen, employerOffersScreen } from '../read/employer';
import { home } from '../read/home';
import { employerLibrary } from '../read/library';
import { agreementScreen, offerScreen, terminationScreen } from '../read/records';
import { reviewCounts, reviewDetail, reviewQueue } from '../read/reviewer';
import { reviewStats } from '../read/stats';
import { checkScreen, offersScreen } from '../read/student';
import { defineFunction } from '../app/function';
import type { Caller, Deps } from '../app/deps';
import { querySchema } from '../app/schemas';

type Answer = QueryResults[QueryEvent['view']];

async function run(deps: Deps, caller: Caller, event: QueryEvent): Promise<Answer> {
  switch (event.view) {
    case 'home':
      return home(deps, caller);
    case 'check':
      return checkScreen(deps, caller, event.kind);
    case 'offers':
      return offersScreen(deps, caller);
    case 'offer':
      return offerScreen(deps, caller, event.id);
    case 'agreement':
      return agreementScreen(deps, caller, event.id);
    case 'termination':
      return terminationScreen(deps, caller, event.agreementId);
    case 'employerLibrary':
      return employerLibrary(deps, caller, event.keyword);
    case 'reviewCounts':
      return reviewCounts(deps, caller);
    case 'reviewStats':
      return reviewStats(deps, caller);
    case 'reviewQueue':
      return reviewQueue(deps, caller, event);
    case 'reviewDetail':
      return reviewDetail(deps, caller, event.record, event.id);
    case 'employerHome':
      return employerHomeScreen(deps, caller);
    case 'employerOffers':
      return employerOffersScreen(deps, caller, event);
  }
}

export const query = defineFunction({ name: 'query', schema: querySchema, run });
