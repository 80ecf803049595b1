/**
 * Which event each callable function takes and what it answers: the one table the mini program's API client is typed
 * from. `expireOffers` is left out on purpose: only its timer trigger calls it. A test checks this table against the
 * server's registry, so a function whose event or result changes cannot drift from what the client expects.
 */
import type {
  BindEvent,
  EmployerOfferEvent,
  InitiateSigningEvent,
  PrintAgreementEvent,
  QueryEvent,
  RegisterDestinationEvent,
  RequestTerminationEvent,
  RespondOfferEvent,
  ReviewEvent,
  SubmitCheckEvent,
  VerifyAgreementEvent,
} from './events';
import type { BindResult, EmployerOfferResult, Mutated, PrintResult, QueryResults, ReviewOutcome, VerifyResult } from './views';

export interface Api {
  bind: { event: BindEvent; result: BindResult };
  submitCheck: { event: SubmitCheckEvent; result: Mutated };
  respondOffer: { event: RespondOfferEvent; result: Mutated };
  initiateSigning: { event: InitiateSigningEvent; result: Mutated };
  requestTermination: { event: RequestTerminationEvent; result: Mutated };
  review: { event: ReviewEvent; result: ReviewOutcome };
  employerOffer: { event: EmployerOfferEvent; result: EmployerOfferResult };
  /** each view answers its own shape: see `ResultOf` */
  query: { event: QueryEvent; result: QueryResults[QueryEvent['view']] };
  printAgreement: { event: PrintAgreementEvent; result: PrintResult };
  verifyAgreement: { event: VerifyAgreementEvent; result: VerifyResult };
  registerDestination: { event: RegisterDestinationEvent; result: Mutated };
}

export type FunctionName = keyof Api;

export type EventOf<N extends FunctionName> = Api[N]['event'];

/** What a call answers on success; for `query`, the shape of the view that was asked for. */
export type ResultOf<N extends FunctionName, E extends EventOf<N> = EventOf<N>> = N extends 'query'
  ? E extends { view: infer V extends keyof QueryResults }
    ? QueryResults[V]
    : never
  : Api[N]['result'];
