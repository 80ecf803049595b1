/** respondOffer: 应约 or 拒绝 an employer's invitation. */
import type { Mutated, RespondOfferEvent } from '../../typings';
import { refuse } from '../domain/errors';
import { checkId } from '../domain/checkFields';
import { counterId } from '../domain/numbering';
import { acceptOffer, declineOffer } from '../domain/signing';
import { defineFunction } from '../app/function';
import { boundStudentAnd, type SeenStudent } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { expectVersion, mutate, requestOf } from '../app/mutate';
import { respondOfferSchema } from '../app/schemas';
import { openOffersOf } from '../app/loads';
import { heldSettings, settingsRead } from '../app/settings';
import { signatureOn } from '../app/signature';

/**
 * What 应约 reads keyed by the student: the 生源 check, the open offers, the year's agreement-number counter (by the
 * 届 guessed where the instance saw the student, else known), and the settings (this instance's copy, read if none).
 * Read beside the binding where it can be (boundStudentAnd): 应约 then waits on the store twice, that read and its
 * commit.
 */
const acceptReads = (deps: Deps, { studentNo, graduationYear }: SeenStudent) =>
  Promise.all([
    deps.store.get('checks', checkId('source', studentNo)),
    openOffersOf(deps.store, studentNo),
    graduationYear === undefined ? Promise.resolve(undefined) : deps.store.get('counters', counterId(graduationYear)),
    heldSettings(deps.store),
  ]);

async function run(deps: Deps, caller: Caller, event: RespondOfferEvent): Promise<Mutated> {
  return mutate<Mutated>(deps, requestOf(caller, event), async () => {
    // the offer read beside the caller's binding (one round trip's wait for both), looked at after it
    const offerRead = deps.store.get('offers', event.offerId);
    offerRead.catch(() => undefined);
    const accepting = event.action === 'accept';
    const { student, actor, also, guessed } = await boundStudentAnd(deps, caller, (seen) => (accepting ? acceptReads(deps, seen) : Promise.resolve(null)));
    const offer = await offerRead;
    if (!offer || offer.studentNo !== student.studentNo) return refuse('NOT_FOUND');
    expectVersion(offer, event.version);
    const env = { actor, now: deps.clock().toISOString(), newId: deps.newId };
    if (event.action === 'decline') {
      const decided = declineOffer({ env, student, offer, reason: event.reason });
      return { commit: decided, result: { record: 'offer', id: offer._id, state: 'declined', version: offer.version + 1 } };
    }
    const [sourceCheck, open, guessedCounter, held] = also ?? (await acceptReads(deps, guessed));
    // the drawn 签名 when the school asks for one; a refusal names it and writes nothing
    const { settings, signature } = await signatureOn(deps, caller, held, event.signatureFile);
    // the counter of the student's own 届: read again should the guess have named another
    const counter =
      guessed.graduationYear === student.graduationYear && guessedCounter !== undefined
        ? guessedCounter
        : await deps.store.get('counters', counterId(student.graduationYear));
    const decided = acceptOffer({ env, student, offer, sourceCheck, otherOpenOffers: open, counter, settings, signature });
    return {
      // the agreement number carries the school code of these settings
      commit: { ...decided, reads: [settingsRead(settings)] },
      result: { record: 'agreement', id: decided.agreement._id, state: decided.agreement.state, version: decided.agreement.version },
    };
  });
}

export const respondOffer = defineFunction({ name: 'respondOffer', schema: respondOfferSchema, run });
