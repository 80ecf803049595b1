/** employerOffer: a certified employer's 邀约 (send, edit, withdraw) and its revision of a returned agreement. */
import type { EmployerOfferEvent, Mutated } from '../../typings';
import { refuse } from '../domain/errors';
import { createOffer, editOffer, offerClaimId, reviseAgreement, withdrawOffer } from '../domain/offers';
import type { Env } from '../domain/decision';
import type { AgreementDoc, CounterDoc, EmployerDoc, OfferDoc, StudentDoc, UserDoc } from '../domain/types';
import { defineFunction } from '../app/function';
import { bound } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { expectVersion, mutate, requestOf, type Plan } from '../app/mutate';
import { employerOfferSchema } from '../app/schemas';
import { openOffersOf } from '../app/loads';
import { heldSettings, settingsRead } from '../app/settings';

/**
 * What an action reads before the caller is known, keyed by the event alone (the 学号 an offer goes to, the offer or
 * agreement it names): read beside the caller's binding, and looked at only after it and the unit's certification,
 * in the order a refusal takes. Each action then reads the unit beside what those reads name, and commits: three
 * waits on the store.
 */
interface Early {
  claim?: CounterDoc | null;
  student?: StudentDoc | null;
  offer?: OfferDoc | null;
  agreement?: AgreementDoc | null;
}

async function earlyReads(deps: Deps, event: EmployerOfferEvent): Promise<Early> {
  switch (event.action) {
    case 'create': {
      // the claim read before the open offers (they wait for the binding): an offer sent after this read bumps it,
      // so this commit conflicts and plans again
      const [claim, student] = await Promise.all([deps.store.get('counters', offerClaimId(event.studentNo)), deps.store.get('students', event.studentNo)]);
      return { claim, student };
    }
    case 'edit':
    case 'withdraw':
      return { offer: await deps.store.get('offers', event.offerId) };
    case 'revise':
      return { agreement: await deps.store.get('agreements', event.agreementId) };
    default:
      return {};
  }
}

type Ctx = { deps: Deps; env: Env; user: UserDoc; early: Early };

/** The caller's unit, certified: read beside what the action reads next. */
async function certified(ctx: Ctx): Promise<EmployerDoc> {
  const employer = ctx.user.employerId ? await ctx.deps.store.get('employers', ctx.user.employerId) : null;
  if (!employer || employer.state !== 'certified') return refuse('EMPLOYER_NOT_CERTIFIED');
  return employer;
}

async function create(ctx: Ctx, event: Extract<EmployerOfferEvent, { action: 'create' }>): Promise<Plan<Mutated>> {
  const { deps, env } = ctx;
  const unit = certified(ctx);
  const [open, settings] = await Promise.all([openOffersOf(deps.store, event.studentNo), heldSettings(deps.store), unit.catch(() => undefined)]);
  const employer = await unit;
  const { offer, ...commit } = createOffer({
    env, employer, student: ctx.early.student ?? null, studentName: event.studentName, openOffers: open, claim: ctx.early.claim ?? null, terms: event.terms, validDays: event.validDays, settings,
  });
  // the offer's expiry may come of these settings' offer lifetime
  return { commit: { ...commit, reads: [settingsRead(settings)] }, result: { record: 'offer', id: offer._id, state: offer.state, version: offer.version } };
}

/**
 * The employer's own offer, at the version its HR contact saw; another employer's offer does not exist for it. With
 * the student it goes to, read beside the unit.
 */
async function ownOffer(ctx: Ctx, version: number): Promise<{ offer: OfferDoc; student: StudentDoc | null }> {
  const found = ctx.early.offer ?? null;
  const unit = certified(ctx);
  const [student] = await Promise.all([found ? ctx.deps.store.get('students', found.studentNo) : Promise.resolve(null), unit.catch(() => undefined)]);
  const employer = await unit;
  if (!found || found.employerId !== employer._id) return refuse('NOT_FOUND');
  expectVersion(found, version);
  return { offer: found, student };
}

async function edit(ctx: Ctx, event: Extract<EmployerOfferEvent, { action: 'edit' }>): Promise<Plan<Mutated>> {
  const { offer: current, student } = await ownOffer(ctx, event.version);
  const { offer, ...commit } = editOffer({ env: ctx.env, offer: current, terms: event.terms, validDays: event.validDays, studentOpenid: student?.openid ?? null });
  return { commit, result: { record: 'offer', id: offer._id, state: offer.state, version: offer.version } };
}

async function withdraw(ctx: Ctx, event: Extract<EmployerOfferEvent, { action: 'withdraw' }>): Promise<Plan<Mutated>> {
  const { offer: current, student } = await ownOffer(ctx, event.version);
  const { offer, ...commit } = withdrawOffer({ env: ctx.env, offer: current, studentOpenid: student?.openid ?? null });
  return { commit, result: { record: 'offer', id: offer._id, state: offer.state, version: offer.version } };
}

async function revise(ctx: Ctx, event: Extract<EmployerOfferEvent, { action: 'revise' }>): Promise<Plan<Mutated>> {
  const employer = await certified(ctx);
  const current = ctx.early.agreement ?? null;
  if (!current || current.employerId !== employer._id) return refuse('NOT_FOUND');
  expectVersion(current, event.version);
  const { agreement, ...commit } = reviseAgreement({ env: ctx.env, agreement: current, terms: event.terms });
  return { commit, result: { record: 'agreement', id: agreement._id, state: agreement.state, version: agreement.version } };
}

async function run(deps: Deps, caller: Caller, event: EmployerOfferEvent): Promise<Mutated> {
  return mutate<Mutated>(deps, requestOf(caller, event), async () => {
    const reads = earlyReads(deps, event);
    reads.catch(() => undefined);
    const { user, actor } = await bound(deps, caller, ['employer']);
    const ctx: Ctx = { deps, user, early: await reads, env: { actor, now: deps.clock().toISOString(), newId: deps.newId } };
    switch (event.action) {
      case 'create':
        return create(ctx, event);
      case 'edit':
        return edit(ctx, event);
      case 'withdraw':
        return withdraw(ctx, event);
      case 'revise':
        return revise(ctx, event);
      // 邀约模板 and one offer to many students land with the structured terms (issue 13)
      default:
        return refuse('INVALID_TRANSITION');
    }
  });
}

export const employerOffer = defineFunction({ name: 'employerOffer', schema: employerOfferSchema, run });
