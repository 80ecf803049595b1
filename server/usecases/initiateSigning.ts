/** initiateSigning: 学生发起签约, save, submit, withdraw or cancel a student-initiated agreement. */
import type { InitiateSigningEvent, Mutated } from '../../typings';
import { checkId } from '../domain/checkFields';
import { refuse } from '../domain/errors';
import { cancelAgreement, initiationGuards, saveInitiation, withdrawInitiation } from '../domain/initiation';
import { counterId } from '../domain/numbering';
import type { AgreementDoc } from '../domain/types';
import { defineFunction } from '../app/function';
import { attach } from '../app/attachments';
import { boundStudent } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { expectVersion, mutate, requestOf } from '../app/mutate';
import { initiateSigningSchema } from '../app/schemas';
import { heldSettings, loadSettings, settingsRead } from '../app/settings';

const mutated = (a: AgreementDoc): Mutated => ({ record: 'agreement', id: a._id, state: a.state, version: a.version });

async function run(deps: Deps, caller: Caller, event: InitiateSigningEvent): Promise<Mutated> {
  return mutate<Mutated>(deps, requestOf(caller, event), async () => {
    const { student, actor } = await boundStudent(deps, caller);
    const env = { actor, now: deps.clock().toISOString(), newId: deps.newId };
    const current = event.agreementId ? await deps.store.get('agreements', event.agreementId) : null;
    if (event.agreementId && (!current || current.studentNo !== student.studentNo)) return refuse('NOT_FOUND');
    expectVersion(current, event.version);

    if (event.action === 'withdraw' || event.action === 'cancel') {
      if (!current) return refuse('NOT_FOUND');
      const decide = event.action === 'withdraw' ? withdrawInitiation : cancelAgreement;
      const decided = decide({ env, student, agreement: current });
      return { commit: decided, result: mutated(decided.agreement) };
    }

    const { draft } = event;
    const employerId = 'employerId' in draft.employer ? draft.employer.employerId : null;
    const [held, sourceCheck, libraryEmployer, counter] = await Promise.all([
      heldSettings(deps.store),
      deps.store.get('checks', checkId('source', student.studentNo)),
      employerId ? deps.store.get('employers', employerId) : Promise.resolve(null),
      event.action === 'submit' && !current?.agreementNo
        ? deps.store.get('counters', counterId(student.graduationYear))
        : Promise.resolve(null),
    ]);
    // a closed feature is said as such, before any file is looked at; closed by the copy held, it is asked of the store
    const settings = initiationGuards.open(held, current) ? held : await loadSettings(deps.store);
    if (!initiationGuards.open(settings, current)) return refuse('STUDENT_INITIATE_CLOSED');
    const proofFiles = await attach(deps, caller, draft.proofFiles, { path: 'draft.proofFiles', label: '就业证明材料' });
    const decided = saveInitiation({
      env,
      settings,
      student,
      current,
      draft,
      libraryEmployer,
      proofFiles,
      sourceCheck,
      counter,
      submit: event.action === 'submit',
    });
    return { commit: { ...decided, reads: [settingsRead(settings)] }, result: mutated(decided.agreement) };
  });
}

export const initiateSigning = defineFunction({ name: 'initiateSigning', schema: initiateSigningSchema, run });
