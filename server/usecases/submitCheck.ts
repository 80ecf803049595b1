/** submitCheck: 生源信息核查 and 就业信息核验, the student's save, submit, withdraw and restore. */
import type { Mutated, SubmitCheckEvent } from '../../typings';
import { checkId } from '../domain/checkFields';
import { decideCheck, employmentSchoolValues, sourceSchoolValues } from '../domain/checks';
import { defineFunction } from '../app/function';
import { boundStudent } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { expectVersion, mutate, requestOf } from '../app/mutate';
import { submitCheckSchema } from '../app/schemas';

async function run(deps: Deps, caller: Caller, event: SubmitCheckEvent): Promise<Mutated> {
  return mutate<Mutated>(deps, requestOf(caller, event), async () => {
    const { student, actor } = await boundStudent(deps, caller);
    const id = checkId(event.kind, student.studentNo);
    // the school's employment record draws on the signed agreement, which is the student's active one
    const agreementId = event.kind === 'employment' ? student.activeAgreementId : null;
    const [check, activeAgreement] = await Promise.all([
      deps.store.get('checks', id),
      agreementId ? deps.store.get('agreements', agreementId) : Promise.resolve(null),
    ]);
    expectVersion(check, event.version);
    const school = event.kind === 'source' ? sourceSchoolValues(student) : employmentSchoolValues(student, activeAgreement);
    const env = { actor, now: deps.clock().toISOString(), newId: deps.newId };
    const decided = decideCheck({ env, kind: event.kind, student, check, school, command: event });
    return {
      commit: decided,
      result: { record: 'check', id, state: decided.check.state, version: decided.check.version },
    };
  });
}

export const submitCheck = defineFunction({ name: 'submitCheck', schema: submitCheckSchema, run });
