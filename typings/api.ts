/**
 * Which event each callable function takes and what it answers: the one table the mini program's API client is typed
 * from. `expireOffers` is left out on purpose: only its timer trigger calls it. A test checks this table against the
 * server's registry, so a function whose event or result changes cannot drift from what the client expects.
 */
import type {
  BindEvent,
  EmployerConfirmEvent,
  EmployerOfferEvent,
  InitiateSigningEvent,
  PrintAgreementEvent,
  QueryEvent,
  RegisterDestinationEvent,
  RequestTerminationEvent,
  RespondOfferEvent,
  ReviewEvent,
  SealAgreementEvent,
  SubmitCheckEvent,
  VerifyAgreementEvent,
} from './events';
import type { BindResult, ConfirmLinkIssued, ConsentLinkIssued, EmployerOfferResult, Mutated, PrintResult, QueryResults, ReviewOutcome, SealPageCheck, VerifyResult } from './views';

export interface Api {
  bind: { event: BindEvent; result: BindResult };
  submitCheck: { event: SubmitCheckEvent; result: Mutated };
  respondOffer: { event: RespondOfferEvent; result: Mutated };
  initiateSigning: { event: InitiateSigningEvent; result: Mutated };
  requestTermination: { event: RequestTerminationEvent; result: Mutated & { consentLink?: ConsentLinkIssued } };
  review: { event: ReviewEvent; result: ReviewOutcome };
  employerOffer: { event: EmployerOfferEvent; result: EmployerOfferResult };
  /** each view answers its own shape: see `ResultOf` */
  query: { event: QueryEvent; result: QueryResults[QueryEvent['view']] };
  printAgreement: { event: PrintAgreementEvent; result: PrintResult };
  verifyAgreement: { event: VerifyAgreementEvent; result: VerifyResult };
  registerDestination: { event: RegisterDestinationEvent; result: Mutated };
  /** `issueLink` answers the link to share; the other actions what they changed */
  employerConfirm: { event: EmployerConfirmEvent; result: Mutated | ConfirmLinkIssued };
  /** `checkPage` answers SealPageCheck, `upload` Mutated: see `ResultOf` */
  sealAgreement: { event: SealAgreementEvent; result: SealPageCheck | Mutated };
}

export type FunctionName = keyof Api;

export type EventOf<N extends FunctionName> = Api[N]['event'];

/** What a call answers on success; for `query`, the shape of the view that was asked for. */
export type ResultOf<N extends FunctionName, E extends EventOf<N> = EventOf<N>> = N extends 'query'
  ? E extends { view: infer V extends keyof QueryResults }
    ? QueryResults[V]
    : never
  : N extends 'sealAgreement'
    ? E extends { action: 'checkPage' }
      ? SealPageCheck
      : Mutated
    : Api[N]['result'];
