/** initiateSigning: 学生发起签约, save, submit, withdraw or cancel a student-initiated agreement. */
import type { InitiateSigningEvent, Mutated } from '../../typings';
import { checkId } from '../domain/checkFields';
import { refuse } from '../domain/errors';
import { cancelAgreement, initiationGuards, saveInitiation, withdrawInitiation } from '../domain/initiation';
import { counterId } from '../domain/numbering';
import type { AgreementDoc, UserDoc } from '../domain/types';
import { isBound } from '../domain/binding';
import { defineFunction } from '../app/function';
import { attach } from '../app/attachments';
import { boundStudentAnd, type SeenStudent } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { expectVersion, mutate, requestOf } from '../app/mutate';
import { initiateSigningSchema } from '../app/schemas';
import { heldSettings, loadSettings, settingsRead } from '../app/settings';
import { signatureOn } from '../app/signature';

const mutated = (a: AgreementDoc): Mutated => ({ record: 'agreement', id: a._id, state: a.state, version: a.version });

/**
 * What saving or submitting a draft reads: the settings (this instance's copy), the 生源 check, the library unit the
 * draft names, and for a submission the year's agreement-number counter (by the 届 given; not used if the agreement
 * has its number already).
 */
const draftReads = (deps: Deps, event: Extract<InitiateSigningEvent, { action: 'save' | 'submit' }>, { studentNo, graduationYear }: SeenStudent) => {
  const employerId = 'employerId' in event.draft.employer ? event.draft.employer.employerId : null;
  return Promise.all([
    heldSettings(deps.store),
    deps.store.get('checks', checkId('source', studentNo)),
    employerId ? deps.store.get('employers', employerId) : Promise.resolve(null),
    event.action === 'submit' && graduationYear !== undefined ? deps.store.get('counters', counterId(graduationYear)) : Promise.resolve(undefined),
    // the library unit's HR contacts, told when the submission waits for the unit's confirmation
    event.action === 'submit' && employerId
      ? deps.store.query('users', { where: [{ field: 'employerId', op: '==', value: employerId }], limit: 20 })
      : Promise.resolve({ items: [] as UserDoc[] }),
  ]);
};

async function run(deps: Deps, caller: Caller, event: InitiateSigningEvent): Promise<Mutated> {
  return mutate<Mutated>(deps, requestOf(caller, event), async () => {
    // the agreement the event names, read beside the binding and looked at after it; with the records keyed by the
    // student's 学号 and 届 where this instance has seen the student (boundStudentAnd), else once the binding is known
    const named = event.agreementId ? deps.store.get('agreements', event.agreementId) : Promise.resolve(null);
    named.catch(() => undefined);
    const { student, actor, also, guessed } = await boundStudentAnd(deps, caller, (seen) =>
      event.action === 'withdraw' || event.action === 'cancel' ? Promise.resolve(null) : draftReads(deps, event, seen),
    );
    const env = { actor, now: deps.clock().toISOString(), newId: deps.newId };
    const current = await named;
    if (event.agreementId && (!current || current.studentNo !== student.studentNo)) return refuse('NOT_FOUND');
    expectVersion(current, event.version);

    if (event.action === 'withdraw' || event.action === 'cancel') {
      if (!current) return refuse('NOT_FOUND');
      const decide = event.action === 'withdraw' ? withdrawInitiation : cancelAgreement;
      const decided = decide({ env, student, agreement: current });
      return { commit: decided, result: mutated(decided.agreement) };
    }

    const { draft } = event;
    const [held, sourceCheck, libraryEmployer, guessedCounter, unitUsers] = also ?? (await draftReads(deps, event, guessed));
    // a number is drawn only for a first submission, from the student's own 届's counter: read again should the guess
    // have named another
    const numbering = event.action === 'submit' && !current?.agreementNo;
    const counter = !numbering
      ? null
      : guessed.graduationYear === student.graduationYear && guessedCounter !== undefined
        ? guessedCounter
        : await deps.store.get('counters', counterId(student.graduationYear));
    // a closed feature is said as such, before any file is looked at; closed by the copy held, it is asked of the store
    const opened = initiationGuards.open(held, current) ? held : await loadSettings(deps.store);
    if (!initiationGuards.open(opened, current)) return refuse('STUDENT_INITIATE_CLOSED');
    const proofFiles = await attach(deps, caller, draft.proofFiles, { path: 'draft.proofFiles', label: '就业证明材料' });
    // a submission's drawn 签名 when the school asks for one (a draft is not signed)
    const { settings, signature } =
      event.action === 'submit' ? await signatureOn(deps, caller, opened, event.signatureFile) : { settings: opened, signature: undefined };
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
      signature,
      unitContacts: [
        ...(libraryEmployer?.registrantOpenid ? [libraryEmployer.registrantOpenid] : []),
        ...unitUsers.items.filter((u) => u.role === 'employer' && isBound(u)).map((u) => u._id),
      ],
    });
    return { commit: { ...decided, reads: [settingsRead(settings)] }, result: mutated(decided.agreement) };
  });
}

export const initiateSigning = defineFunction({ name: 'initiateSigning', schema: initiateSigningSchema, run });
