/** employerOffer: a certified employer's 邀约 (send, edit, withdraw) and its revision of a returned agreement. */
import type { EmployerOfferEvent, Mutated } from '../../typings';
import { refuse } from '../domain/errors';
import { createOffer, editOffer, offerClaimId, reviseAgreement, withdrawOffer } from '../domain/offers';
import type { Env } from '../domain/decision';
import type { EmployerDoc } from '../domain/types';
import { defineFunction } from '../app/function';
import { bound } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { expectVersion, mutate, requestOf, type Plan } from '../app/mutate';
import { employerOfferSchema } from '../app/schemas';
import { openOffersOf } from '../app/loads';
import { heldSettings, settingsRead } from '../app/settings';

type Ctx = { deps: Deps; env: Env; employer: EmployerDoc };

async function create(ctx: Ctx, event: Extract<EmployerOfferEvent, { action: 'create' }>): Promise<Plan<Mutated>> {
  const { deps, env, employer } = ctx;
  // Read before the open offers: an offer sent after this read bumps the claim, so this commit conflicts and re-plans.
  const claim = await deps.store.get('counters', offerClaimId(employer._id, event.studentNo));
  const [student, open, settings] = await Promise.all([
    deps.store.get('students', event.studentNo),
    openOffersOf(deps.store, event.studentNo),
    heldSettings(deps.store),
  ]);
  const { offer, ...commit } = createOffer({
    env, employer, student, studentName: event.studentName, openOffers: open, claim, terms: event.terms, validDays: event.validDays, settings,
  });
  // the offer's expiry may come of these settings' offer lifetime
  return { commit: { ...commit, reads: [settingsRead(settings)] }, result: { record: 'offer', id: offer._id, state: offer.state, version: offer.version } };
}

/** The employer's own offer, at the version its HR contact saw; another employer's offer does not exist for it. */
async function ownOffer(ctx: Ctx, offerId: string, version: number) {
  const offer = await ctx.deps.store.get('offers', offerId);
  if (!offer || offer.employerId !== ctx.employer._id) return refuse('NOT_FOUND');
  expectVersion(offer, version);
  return offer;
}

async function edit(ctx: Ctx, event: Extract<EmployerOfferEvent, { action: 'edit' }>): Promise<Plan<Mutated>> {
  const current = await ownOffer(ctx, event.offerId, event.version);
  const student = await ctx.deps.store.get('students', current.studentNo);
  const { offer, ...commit } = editOffer({ env: ctx.env, offer: current, terms: event.terms, validDays: event.validDays, studentOpenid: student?.openid ?? null });
  return { commit, result: { record: 'offer', id: offer._id, state: offer.state, version: offer.version } };
}

async function withdraw(ctx: Ctx, event: Extract<EmployerOfferEvent, { action: 'withdraw' }>): Promise<Plan<Mutated>> {
  const current = await ownOffer(ctx, event.offerId, event.version);
  const student = await ctx.deps.store.get('students', current.studentNo);
  const { offer, ...commit } = withdrawOffer({ env: ctx.env, offer: current, studentOpenid: student?.openid ?? null });
  return { commit, result: { record: 'offer', id: offer._id, state: offer.state, version: offer.version } };
}

async function revise(ctx: Ctx, event: Extract<EmployerOfferEvent, { action: 'revise' }>): Promise<Plan<Mutated>> {
  const current = await ctx.deps.store.get('agreements', event.agreementId);
  if (!current || current.employerId !== ctx.employer._id) return refuse('NOT_FOUND');
  expectVersion(current, event.version);
  const { agreement, ...commit } = reviseAgreement({ env: ctx.env, agreement: current, terms: event.terms });
  return { commit, result: { record: 'agreement', id: agreement._id, state: agreement.state, version: agreement.version } };
}

async function run(deps: Deps, caller: Caller, event: EmployerOfferEvent): Promise<Mutated> {
  return mutate<Mutated>(deps, requestOf(caller, event), async () => {
    const { user, actor } = await bound(deps, caller, ['employer']);
    const employer = user.employerId ? await deps.store.get('employers', user.employerId) : null;
    if (!employer || employer.state !== 'certified') return refuse('EMPLOYER_NOT_CERTIFIED');
    const ctx: Ctx = { deps, employer, env: { actor, now: deps.clock().toISOString(), newId: deps.newId } };
    switch (event.action) {
      case 'create':
        return create(ctx, event);
      case 'edit':
        return edit(ctx, event);
      case 'withdraw':
        return withdraw(ctx, event);
      case 'revise':
        return revise(ctx, event);
    }
  });
}

export const employerOffer = defineFunction({ name: 'employerOffer', schema: employerOfferSchema, run });
