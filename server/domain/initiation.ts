/**
 * 学生发起签约: a student-initiated agreement, from draft to college review, and back by withdrawal or cancellation.
 * Pure decisions over what the use case loaded; each returns one commit's writes, audit entries and messages.
 *
 * A draft holds neither a number nor the one-agreement lock. Submission takes the lock (`student.activeAgreementId`,
 * written with its version so that a concurrent 应约 conflicts) and, the first time, a number; withdrawal gives the
 * lock back but keeps the number, which is never reused.
 */
import type { AgreementContent, Attachment, EmployerInfo, InitiationDraft, OfferTerms } from '../../typings';
import { refuse } from './errors';
import { checkTerms, storedTerms } from './terms';
import { ruleFor, step, type Stepped } from './machine';
import { setLock } from './lock';
import { nextAgreementNo } from './numbering';
import { employerParty, studentKeys, studentParty } from './parties';
import { guards } from './signing';
import type { AgreementDoc, AuditEntry, CheckDoc, CounterDoc, EmployerDoc, SettingsDoc, StudentDoc } from './types';
import type { Decided, Env, Write } from './decision';
import { tell } from './messages';
import { contactKeys } from './flags';
import { unitToldWaiting } from './employerConfirm';

export const initiationGuards = {
  /**
   * Open, or the agreement is a returned one being revised: closing student initiation mid-season stops new
   * agreements, not the repair of one the school already sent back.
   */
  open: (settings: SettingsDoc, current: AgreementDoc | null): boolean =>
    settings.allowStudentInitiate || current?.state === 'returned',
  /** free, or already held by this very agreement (a returned one keeps the lock while it is revised) */
  lockFreeFor: (student: StudentDoc, agreementId: string): boolean =>
    !student.activeAgreementId || student.activeAgreementId === agreementId,
};

const NOT_IN_LIBRARY = '请从单位库中选择已认证的单位，或手动填写单位信息';

/** 单位信息 as the agreement prints it: a snapshot of the library entry, or what the student typed. */
export function employerOf(draft: InitiationDraft, library: EmployerDoc | null): EmployerInfo {
  const choice = draft.employer;
  if ('manual' in choice) return { ...choice.manual };
  if (!library || library._id !== choice.employerId || library.state !== 'certified') {
    return refuse('INVALID_INPUT', NOT_IN_LIBRARY, [{ path: 'draft.employer.employerId', message: NOT_IN_LIBRARY }]);
  }
  return employerParty(library);
}

/** 乙方's phone is the one the college approved in the source check. */
const approvedPhone = (sourceCheck: CheckDoc | null): string =>
  (guards.sourceCheckApproved(sourceCheck) && sourceCheck?.fields.phone) || '';

function contentOf(draft: InitiationDraft, student: StudentDoc, employer: EmployerInfo, sourceCheck: CheckDoc | null): AgreementContent {
  return {
    job: draft.job,
    file: draft.file,
    hukou: draft.hukou,
    ...(draft.remarks ? { remarks: draft.remarks } : {}),
    ...(draft.structured ? { structured: storedTerms(draft as OfferTerms).structured } : {}),
    ...(draft.legacyReportCardUnit ? { legacyReportCardUnit: draft.legacyReportCardUnit } : {}),
    student: studentParty(student, approvedPhone(sourceCheck)),
    employer,
  };
}

/** Only the student's own, student-initiated agreements are edited here; offer-born ones are the employer's to revise. */
function ownInitiated(agreement: AgreementDoc | null): void {
  if (agreement && agreement.origin !== 'student') refuse('INVALID_TRANSITION');
}

/** 保存 (`submit: false`) or 发起 (`submit: true`): creates or updates the agreement from the student's draft. */
export function saveInitiation(input: {
  env: Env;
  settings: SettingsDoc;
  student: StudentDoc;
  /** null: a new agreement */
  current: AgreementDoc | null;
  draft: InitiationDraft;
  /** the library entry named by `draft.employer.employerId`, if any */
  libraryEmployer: EmployerDoc | null;
  proofFiles: Attachment[];
  sourceCheck: CheckDoc | null;
  /** this graduation year's number counter; read only at a first submission */
  counter: CounterDoc | null;
  submit: boolean;
  /** a submission's drawn 签名, checked and hashed (app/signature.ts), when the school asks for one */
  signature?: Attachment;
  /**
   * the library unit's contacts (its HR users' openids), told a confirmation waits when the school asks the unit
   * to confirm (settings.employerConfirmation); none for a unit typed by hand, which answers through a link
   */
  unitContacts?: readonly string[];
}): Decided & { agreement: AgreementDoc } {
  const { env, settings, student, current, draft, submit, signature } = input;
  if (!initiationGuards.open(settings, current)) refuse('STUDENT_INITIATE_CLOSED');
  ownInitiated(current);
  // with the unit's confirmation on, a submission waits for the unit before college review
  const toUnit = submit && settings.employerConfirmation;
  const action = toUnit ? 'submitToEmployer' : submit ? 'submit' : 'save';
  ruleFor('agreement', action, current?.state ?? null, env.actor.role);
  // a draft saved is checked as a submission is: what the page keeps must be sendable as it stands
  checkTerms(draft, settings, 'draft');

  const id = current?._id ?? env.newId();
  if (submit) {
    if (!guards.sourceCheckApproved(input.sourceCheck)) refuse('SOURCE_CHECK_REQUIRED');
    if (!initiationGuards.lockFreeFor(student, id)) refuse('ACTIVE_AGREEMENT_EXISTS');
    if (input.proofFiles.length === 0) {
      refuse('INVALID_INPUT', '请上传就业证明材料', [{ path: 'draft.proofFiles', message: '请上传就业证明材料' }]);
    }
  }
  const employer = employerOf(draft, input.libraryEmployer);

  const writes: Write[] = [];
  let agreementNo = current?.agreementNo ?? null;
  if (submit && !agreementNo) {
    const numbered = nextAgreementNo({
      counter: input.counter,
      graduationYear: student.graduationYear,
      schoolCode: settings.schoolCode,
      educationLevel: student.educationLevel,
    });
    agreementNo = numbered.agreementNo;
    writes.push({ collection: 'counters', doc: numbered.counter, expectedVersion: input.counter?.version ?? 0 });
  }

  const stepped = step<'agreement', AgreementDoc>({
      kind: 'agreement',
      current,
      id,
      action,
      actor: env.actor,
      now: env.now,
      // the signature's hash in the entry of the submission it signs, beside the proof files'
      attachments: signature ? [...input.proofFiles, signature] : input.proofFiles,
      patch: {
        ...studentKeys(student),
        agreementNo,
        origin: 'student',
        employerId: employer.employerId,
        employerName: employer.name,
        content: contentOf(draft, student, employer, input.sourceCheck),
        contactPhone: contactKeys(employer).contactPhone,
        proofFiles: input.proofFiles,
        studentOpenid: env.actor.openid,
        // a resubmission answers the return: the reason stays in the timeline, not on the record
        ...(submit ? { submittedAt: env.now, returnReason: undefined, returnedAt: undefined } : {}),
        // a submission signs what it submits: a signature of the content before a return does not carry over
        ...(submit && signature ? { studentSignature: signature } : {}),
        ...(submit && !signature && current?.studentSignature ? { studentSignature: undefined } : {}),
        // a new submission asks the unit afresh: an earlier answer and link belong to what was submitted before
        ...(toUnit ? { confirmation: undefined, confirmLinkId: undefined } : {}),
      },
    });
  writes.unshift({ collection: 'agreements', doc: stepped.doc, expectedVersion: current?.version ?? 0 });
  const audit = [stepped.audit];
  if (submit) {
    const lock = setLock(env, student, id);
    writes.push(lock.write);
    audit.push(lock.audit);
  }
  const outbox = toUnit ? unitToldWaiting(env, input.unitContacts ?? [], stepped.doc) : [];
  return { agreement: stepped.doc, writes, audit, outbox };
}

/** The agreement's new version, and the student's lock released if this agreement held it. */
function released(env: Env, student: StudentDoc, before: AgreementDoc, stepped: Stepped<AgreementDoc>): { writes: Write[]; audit: AuditEntry[] } {
  const writes: Write[] = [{ collection: 'agreements', doc: stepped.doc, expectedVersion: before.version }];
  const audit = [stepped.audit];
  if (student.activeAgreementId === before._id) {
    const lock = setLock(env, student, null);
    writes.push(lock.write);
    audit.push(lock.audit);
  }
  return { writes, audit };
}

/** 撤回: back to draft before the college acts; the lock is released so the student may 应约 meanwhile. */
export function withdrawInitiation(input: { env: Env; student: StudentDoc; agreement: AgreementDoc }): Decided & { agreement: AgreementDoc } {
  const { env, student, agreement } = input;
  ownInitiated(agreement);
  const stepped = step<'agreement', AgreementDoc>({
    kind: 'agreement',
    current: agreement,
    id: agreement._id,
    action: 'withdraw',
    actor: env.actor,
    now: env.now,
    patch: {},
  });
  return { agreement: stepped.doc, ...released(env, student, agreement, stepped), outbox: [] };
}

/**
 * 作废: a draft or a returned agreement is abandoned, freeing the student to sign elsewhere. A returned offer-born
 * agreement may be cancelled too; its employer, who would otherwise revise it, is told.
 */
export function cancelAgreement(input: { env: Env; student: StudentDoc; agreement: AgreementDoc }): Decided & { agreement: AgreementDoc } {
  const { env, student, agreement } = input;
  const stepped = step<'agreement', AgreementDoc>({
    kind: 'agreement',
    current: agreement,
    id: agreement._id,
    action: 'cancel',
    actor: env.actor,
    now: env.now,
    patch: {},
  });
  const { writes, audit } = released(env, student, agreement, stepped);
  const employer = agreement.origin === 'offer' ? agreement.employerOpenid : null;
  const outbox = tell(env, 'offerAnswered', employer, 'pkg/employer/offers/index', [student.name, '已作废', '学生已作废退回的协议']);
  return { agreement: stepped.doc, writes, audit, outbox };
}
