/** query: the read side. One call per screen; each view's reader decides who may see it. */
import type { QueryEvent, QueryResults } from '../../typings';
import { employerHomeScreen, employerOffersScreen, inviteForm, offerTemplatesScreen, registerForm } from '../read/employer';
import { destinationScreen } from '../read/destination';
import { helpScreen } from '../read/help';
import { home } from '../read/home';
import { employerLibrary } from '../read/library';
import { agreementScreen, consentLinkScreen, offerScreen, terminationForm, terminationScreen } from '../read/records';
import { reviewCounts, reviewDetail, reviewQueue, reviewQueues } from '../read/reviewer';
import { reviewStats } from '../read/stats';
import { placementStats } from '../read/placement';
import { confirmLinkScreen, employerAgreementScreen, employerAgreementsScreen } from '../read/party';
import { checkScreen, initiateForm, offersScreen } from '../read/student';
import { defineFunction } from '../app/function';
import type { Caller, Deps } from '../app/deps';
import { querySchema } from '../app/schemas';
import { sealScreen } from '../read/seal';

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
    case 'terminationForm':
      return terminationForm(deps, caller, event.agreementId);
    case 'initiateForm':
      return initiateForm(deps, caller, event.id);
    case 'employerLibrary':
      return employerLibrary(deps, caller, event.keyword);
    case 'reviewCounts':
      return reviewCounts(deps, caller);
    case 'reviewStats':
      return reviewStats(deps, caller);
    case 'reviewQueues':
      return reviewQueues(deps, caller, event);
    case 'reviewQueue':
      return reviewQueue(deps, caller, event);
    case 'reviewDetail':
      return reviewDetail(deps, caller, event.record, event.id);
    case 'employerHome':
      return employerHomeScreen(deps, caller);
    case 'employerOffers':
      return employerOffersScreen(deps, caller, event);
    case 'inviteForm':
      return inviteForm(deps, caller, event);
    case 'registerForm':
      return registerForm(deps, caller);
    case 'help':
      return helpScreen(deps);
    case 'destination':
      return destinationScreen(deps, caller);
    case 'placementStats':
      return placementStats(deps, caller, event.collegeId);
    case 'seal':
      return sealScreen(deps, caller, event.agreementId);
    case 'confirmLink':
      return confirmLinkScreen(deps, caller, event.token);
    case 'consentLink':
      return consentLinkScreen(deps, caller, event.token);
    case 'employerAgreements':
      return employerAgreementsScreen(deps, caller, event);
    case 'employerAgreement':
      return employerAgreementScreen(deps, caller, event.id);
    case 'offerTemplates':
      return offerTemplatesScreen(deps, caller);
  }
}

export const query = defineFunction({ name: 'query', schema: querySchema, run });
