/** submitCheck: 生源信息核查 and 就业信息核验, the student's save, submit, withdraw and restore. */
import type { CheckKind, Mutated, SubmitCheckEvent } from '../../typings';
import { checkId } from '../domain/checkFields';
import { decideCheck, employmentSchoolValues, sourceSchoolValues } from '../domain/checks';
import { defineFunction } from '../app/function';
import { boundStudent, boundStudentAnd } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { expectVersion, mutate, requestOf } from '../app/mutate';
import { submitCheckSchema } from '../app/schemas';

/**
 * The caller's binding and the check. A 生源 check is keyed by the 学号 alone, read beside the binding where this
 * instance has seen the caller (boundStudentAnd): two waits with the commit. The school's employment record draws on
 * the signed agreement, the student's active one, named by the roster entry: read beside the check once that is known.
 */
async function loads(deps: Deps, caller: Caller, kind: CheckKind) {
  if (kind === 'source') {
    const found = await boundStudentAnd(deps, caller, ({ studentNo }) => deps.store.get('checks', checkId(kind, studentNo)));
    return { ...found, check: found.also, activeAgreement: null };
  }
  const found = await boundStudent(deps, caller);
  const agreementId = found.student.activeAgreementId;
  const [check, activeAgreement] = await Promise.all([
    deps.store.get('checks', checkId(kind, found.student.studentNo)),
    agreementId ? deps.store.get('agreements', agreementId) : Promise.resolve(null),
  ]);
  return { ...found, check, activeAgreement };
}

async function run(deps: Deps, caller: Caller, event: SubmitCheckEvent): Promise<Mutated> {
  return mutate<Mutated>(deps, requestOf(caller, event), async () => {
    const { student, actor, check, activeAgreement } = await loads(deps, caller, event.kind);
    const id = checkId(event.kind, student.studentNo);
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
