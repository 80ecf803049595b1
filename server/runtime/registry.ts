/**
 * Every cloud function by name: what the local runtime serves and what `npm run build` bundles (one
 * `cloudfunctions/<name>/` folder each). A new function is added here and gets its folder.
 */
import { bind } from '../usecases/bind';
import { employerConfirm } from '../usecases/employerConfirm';
import { employerOffer } from '../usecases/employerOffer';
import { expireOffers } from '../usecases/expireOffers';
import { initiateSigning } from '../usecases/initiateSigning';
import { printAgreement } from '../usecases/printAgreement';
import { query } from '../usecases/query';
import { registerDestination } from '../usecases/registerDestination';
import { requestTermination } from '../usecases/requestTermination';
import { respondOffer } from '../usecases/respondOffer';
import { review } from '../usecases/review';
import { sealAgreement } from '../usecases/sealAgreement';
import { submitCheck } from '../usecases/submitCheck';
import { verifyAgreement } from '../usecases/verifyAgreement';
import type { FunctionDef } from '../app/function';

export const functions = {
  bind,
  employerConfirm,
  employerOffer,
  expireOffers,
  initiateSigning,
  printAgreement,
  query,
  registerDestination,
  requestTermination,
  respondOffer,
  review,
  sealAgreement,
  submitCheck,
  verifyAgreement,
} as const;

export type FunctionName = keyof typeof functions;

/**
 * A function with its event type erased (`any`: a function of one event type is not assignable to one of `unknown`
 * events, as `run` takes its event contravariantly); `invoke` parses the event with the function's own schema first.
 */
export type AnyFunction = FunctionDef<any, unknown>;

export const functionNames = Object.keys(functions).sort() as FunctionName[];

/** Own keys only, so that `constructor` or `__proto__` in a URL finds nothing. */
export const lookup = (name: string): AnyFunction | undefined =>
  Object.prototype.hasOwnProperty.call(functions, name) ? (functions as Record<string, AnyFunction>)[name] : undefined;
