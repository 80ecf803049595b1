/**
 * registerDestination: 毕业去向登记. The student saves, submits, withdraws and confirms (本人确认) their own record; after
 * the school's deadline a reviewer amends it (修改, with a reason). Who acts is the platform's caller, never the event.
 */
import type { Attachment, DestinationDraft, Mutated, RegisterDestinationEvent } from '../../typings';
import { DomainError, refuse } from '../domain/errors';
import { amendDestination, decideDestination, destinationId, NO_FLAGS, type FlagsFor } from '../domain/destination';
import { reviewScope } from '../domain/review';
import type { DestinationDoc } from '../domain/types';
import { loadFlagsFor } from '../app/destinationFlags';
import { destinationUnit } from '../domain/flags';
import { defineFunction } from '../app/function';
import { attach } from '../app/attachments';
import { bound, boundStudentAnd } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { expectVersion, mutate, requestOf } from '../app/mutate';
import { registerDestinationSchema } from '../app/schemas';
import { heldSettings, settingsRead } from '../app/settings';

const mutated = (d: DestinationDoc): Mutated => ({ record: 'destination', id: d._id, state: d.state, version: d.version });

/** The form's content without its file ids. */
const contentOf = ({ evidenceFiles: _files, ...content }: DestinationDraft) => content;

/**
 * The evidence a draft names: files already on the record keep the hash taken when they were attached (a reviewer's
 * 修改 may keep the student's files); any other must be the caller's own upload, hashed now.
 */
async function evidenceOf(deps: Deps, caller: Caller, draft: DestinationDraft, record: DestinationDoc | null): Promise<Attachment[]> {
  const known = new Map([...(record?.evidence ?? []), ...(record?.approved?.evidence ?? [])].map((a) => [a.fileId, a]));
  const fresh = draft.evidenceFiles.filter((id) => !known.has(id));
  let added: Attachment[];
  try {
    added = await attach(deps, caller, fresh, { path: 'draft.evidenceFiles', label: '证明材料' });
  } catch (e) {
    // the attachments' own refusal names no field: this one says which
    if (e instanceof DomainError && e.code === 'FILE_NOT_OWNED') {
      const message = '证明材料无效：只能使用您本人刚上传的文件，请重新上传';
      return refuse('FILE_NOT_OWNED', message, [{ path: 'draft.evidenceFiles', message }]);
    }
    throw e;
  }
  const byId = new Map(added.map((a) => [a.fileId, a]));
  return [...new Set(draft.evidenceFiles)].map((id) => known.get(id) ?? byId.get(id)!);
}

async function amend(deps: Deps, caller: Caller, event: Extract<RegisterDestinationEvent, { action: 'amend' }>): Promise<Mutated> {
  return mutate<Mutated>(deps, requestOf(caller, event), async () => {
    // what the event names, read beside the caller's binding and looked at after it
    const reads = Promise.all([
      deps.store.get('students', event.studentNo),
      deps.store.get('destinations', destinationId(event.studentNo)),
      heldSettings(deps.store),
    ]);
    reads.catch(() => undefined);
    const who = await bound(deps, caller, ['collegeReviewer', 'schoolReviewer']);
    const [student, destination, settings] = await reads;
    if (!student) return refuse('NOT_FOUND');
    if (!reviewScope.destination(who.user, destination ?? ({ collegeId: student.collegeId } as DestinationDoc))) return refuse('FORBIDDEN');
    expectVersion(destination, event.version);
    const [evidence, flagsFor] = await Promise.all([
      evidenceOf(deps, caller, event.draft, destination),
      loadFlagsFor(deps, student, { unit: destinationUnit(contentOf(event.draft)), current: destination }),
    ]);
    const env = { actor: who.actor, now: deps.clock().toISOString(), newId: deps.newId };
    const decided = amendDestination({ env, student, destination, settings, content: contentOf(event.draft), evidence, reason: event.reason, flagsFor });
    return { commit: { ...decided, reads: [settingsRead(settings)] }, result: mutated(decided.destination) };
  });
}

async function run(deps: Deps, caller: Caller, event: RegisterDestinationEvent): Promise<Mutated> {
  if (event.action === 'amend') return amend(deps, caller, event);
  return mutate<Mutated>(deps, requestOf(caller, event), async () => {
    // the record and the settings by the 学号, beside the binding where this instance has seen the student
    const { student, actor, also } = await boundStudentAnd(deps, caller, ({ studentNo }) =>
      Promise.all([deps.store.get('destinations', destinationId(studentNo)), heldSettings(deps.store)]),
    );
    const [destination, settings] = also;
    expectVersion(destination, event.version);
    const env = { actor, now: deps.clock().toISOString(), newId: deps.newId };
    const decide = (command: Parameters<typeof decideDestination>[0]['command'], agreement: Parameters<typeof decideDestination>[0]['agreement'], flagsFor?: FlagsFor) => {
      const decided = decideDestination({ env, student, destination, agreement, settings, command, ...(flagsFor ? { flagsFor } : {}) });
      return { commit: { ...decided, reads: [settingsRead(settings)] }, result: mutated(decided.destination) };
    };
    if (event.action === 'withdraw' || event.action === 'confirm') return decide({ action: event.action }, null);

    // the agreement the roster's lock names: pending, it bars job types; signed, any registration
    const agreementId = student.activeAgreementId;
    const draft = event.draft;
    // 就业核查 looks at the values submitted: the draft's, else the record's own
    const submitted = draft ? contentOf(draft) : destination?.content;
    const [agreement, flagsFor, evidence] = await Promise.all([
      agreementId ? deps.store.get('agreements', agreementId) : Promise.resolve(null),
      event.action === 'submit' ? loadFlagsFor(deps, student, { unit: submitted ? destinationUnit(submitted) : null, current: destination }) : Promise.resolve(NO_FLAGS),
      draft ? evidenceOf(deps, caller, draft, destination) : Promise.resolve(undefined),
    ]);
    if (event.action === 'save') return decide({ action: 'save', content: contentOf(draft!), evidence: evidence! }, agreement);
    return decide({ action: 'submit', ...(draft ? { content: contentOf(draft), evidence: evidence! } : {}) }, agreement, flagsFor);
  });
}

export const registerDestination = defineFunction({ name: 'registerDestination', schema: registerDestinationSchema, run });
