/** respondOffer: 应约 or 拒绝 an employer's invitation. */
import type { Mutated, RespondOfferEvent } from '../../typings';
import { refuse } from '../domain/errors';
import { checkId } from '../domain/checkFields';
import { counterId } from '../domain/numbering';
import { acceptOffer, declineOffer } from '../domain/signing';
import { defineFunction } from '../app/function';
import { boundStudent } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { expectVersion, mutate, requestOf } from '../app/mutate';
import { respondOfferSchema } from '../app/schemas';
import { openOffersOf } from '../app/loads';
import { heldSettings, settingsRead } from '../app/settings';

async function run(deps: Deps, caller: Caller, event: RespondOfferEvent): Promise<Mutated> {
  return mutate<Mutated>(deps, requestOf(caller, event), async () => {
    // the offer read beside the caller's binding (one round trip's wait for both), looked at after it
    const [{ student, actor }, offer] = await Promise.all([boundStudent(deps, caller), deps.store.get('offers', event.offerId)]);
    if (!offer || offer.studentNo !== student.studentNo) return refuse('NOT_FOUND');
    expectVersion(offer, event.version);
    const env = { actor, now: deps.clock().toISOString(), newId: deps.newId };
    if (event.action === 'decline') {
      const decided = declineOffer({ env, student, offer, reason: event.reason });
      return { commit: decided, result: { record: 'offer', id: offer._id, state: 'declined', version: offer.version + 1 } };
    }
    const [sourceCheck, open, settings, counter] = await Promise.all([
      deps.store.get('checks', checkId('source', student.studentNo)),
      openOffersOf(deps.store, student.studentNo),
      heldSettings(deps.store),
      deps.store.get('counters', counterId(student.graduationYear)),
    ]);
    const decided = acceptOffer({ env, student, offer, sourceCheck, otherOpenOffers: open, counter, settings });
    return {
      // the agreement number carries the school code of these settings
      commit: { ...decided, reads: [settingsRead(settings)] },
      result: { record: 'agreement', id: decided.agreement._id, state: decided.agreement.state, version: decided.agreement.version },
    };
  });
}

export const respondOffer = defineFunction({ name: 'respondOffer', schema: respondOfferSchema, run });
