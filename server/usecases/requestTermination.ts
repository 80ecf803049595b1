/** requestTermination: 申请解约 of a signed agreement, or 撤回 a request the school has not decided. */
import type { Mutated, RequestTerminationEvent } from '../../typings';
import { refuse } from '../domain/errors';
import { submitTermination, terminationCounterId, terminationGuards, withdrawTermination } from '../domain/termination';
import type { TerminationDoc } from '../domain/types';
import { defineFunction } from '../app/function';
import { attach } from '../app/attachments';
import { boundStudent } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { expectVersion, mutate, requestOf } from '../app/mutate';
import { requestTerminationSchema } from '../app/schemas';
import { heldSettings, loadSettings, settingsRead } from '../app/settings';

const mutated = (t: TerminationDoc): Mutated => ({ record: 'termination', id: t._id, state: t.state, version: t.version });

async function run(deps: Deps, caller: Caller, event: RequestTerminationEvent): Promise<Mutated> {
  return mutate<Mutated>(deps, requestOf(caller, event), async () => {
    // What the event names is read beside the caller's binding and looked at after it: the request withdrawn, or the
    // agreement's termination counter. The counter before the agreement and its requests (read next): a request or an
    // approval committed after this read bumps it, so this commit conflicts and re-plans on what they wrote.
    const withdrawn = event.action === 'withdraw' ? deps.store.get('terminations', event.terminationId) : Promise.resolve(null);
    const claim = event.action !== 'submit' ? Promise.resolve(null) : deps.store.get('counters', terminationCounterId(event.agreementId));
    withdrawn.catch(() => undefined);
    claim.catch(() => undefined);
    const { student, actor } = await boundStudent(deps, caller);
    const env = { actor, now: deps.clock().toISOString(), newId: deps.newId };

    // the other party's answer and the consent link land with termination by mutual consent (issue 13)
    if (event.action !== 'withdraw' && event.action !== 'submit') return refuse('INVALID_TRANSITION');
    if (event.action === 'withdraw') {
      const termination = await withdrawn;
      if (!termination || termination.studentNo !== student.studentNo) return refuse('NOT_FOUND');
      expectVersion(termination, event.version);
      const decided = withdrawTermination({ env, termination });
      return { commit: decided, result: mutated(decided.termination) };
    }

    const counter = await claim;
    const [held, agreement, earlier] = await Promise.all([
      heldSettings(deps.store),
      deps.store.get('agreements', event.agreementId),
      deps.store.query('terminations', { where: [{ field: 'agreementId', op: '==', value: event.agreementId }], limit: 100 }),
    ]);
    // a closed feature is said as such, before any file is looked at; closed by the copy held, it is asked of the store
    const settings = terminationGuards.open(held) ? held : await loadSettings(deps.store);
    if (!terminationGuards.open(settings)) return refuse('TERMINATION_CLOSED');
    if (!agreement || agreement.studentNo !== student.studentNo) return refuse('NOT_FOUND');
    const evidence = await attach(deps, caller, event.evidenceFiles, { path: 'evidenceFiles', label: '解约证明材料' });
    const decided = submitTermination({
      env,
      settings,
      student,
      agreement,
      earlier: earlier.items,
      counter,
      explanation: event.explanation,
      evidence,
    });
    return { commit: { ...decided, reads: [settingsRead(settings)] }, result: mutated(decided.termination) };
  });
}

export const requestTermination = defineFunction({ name: 'requestTermination', schema: requestTerminationSchema, run });
