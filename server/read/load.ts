/** Loaders that assemble the full views several screens share, with as few store round trips as they allow. */
import type { AgreementView, CheckKind, CheckView, EmployerFiles, TerminationView, TimelineEntry } from '../../typings';
import { employmentSchoolValues, sourceSchoolValues, withCurrentSchool } from '../domain/checks';
import type { AgreementDoc, CheckDoc, EmployerDoc, SettingsDoc, StudentDoc, TerminationDoc } from '../domain/types';
import type { Store } from '../store/port';
import type { Deps } from '../app/deps';
import { loadSettings } from '../app/settings';
import { linked, linksFor } from './links';
import { timeline, timelines } from './timeline';
import { agreementView, checkView, newestFirst, terminationView } from './views';

/** A student has a handful of agreements and terminations at most: one page holds them all. */
const FEW = 200;

export async function agreementsOf(store: Store, studentNo: string): Promise<AgreementDoc[]> {
  const page = await store.query('agreements', { where: [{ field: 'studentNo', op: '==', value: studentNo }], limit: FEW });
  return newestFirst(page.items);
}

/** Newest first: the head is "the latest" termination of the agreement. */
export async function terminationsOf(store: Store, agreementId: string): Promise<TerminationDoc[]> {
  const page = await store.query('terminations', { where: [{ field: 'agreementId', op: '==', value: agreementId }], limit: FEW });
  return [...page.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b._id.localeCompare(a._id));
}

/**
 * Drafting (保存, 恢复学校值) is the author's alone: others follow a record from its submission on, and must not see the
 * files a draft held before the student replaced them.
 */
const DRAFTING = new Set(['save', 'restore']);
const seenBy = (entries: TimelineEntry[], asAuthor: boolean): TimelineEntry[] =>
  asAuthor ? entries : entries.filter((e) => !DRAFTING.has(e.action));

/** Who looks: only the student may ask to terminate, and a termination request is not the unit's to read. */
export type AgreementViewer = 'student' | 'employer' | 'reviewer';

/**
 * An agreement the reader has let `viewer` see (access.ts), with download links for its files made for them.
 * `settings` when the caller has them already: read once per answer.
 */
export async function agreementFull(
  deps: Deps,
  a: AgreementDoc,
  viewer: AgreementViewer,
  settings: Promise<SettingsDoc> = loadSettings(deps.store),
): Promise<AgreementView> {
  const { store } = deps;
  const [entries, terminations, school] = await Promise.all([
    timeline(store, 'agreement', a._id),
    viewer === 'employer' ? Promise.resolve([]) : terminationsOf(store, a._id),
    settings,
  ]);
  // The student's proof is for the school to check the employment by, not the unit's to read: it may be another
  // unit's offer letter (a student may name the wrong one) or carry more of the student than the agreement does.
  // The unit is told how many there are; no link is made, and its timeline names no file.
  const asUnit = viewer === 'employer';
  const proofs = asUnit ? [] : a.proofFiles;
  const [byId, links] = await Promise.all([
    timelines(store, 'termination', terminations.map((t) => t._id)),
    linksFor(deps.files, [proofs, ...terminations.flatMap((t) => [t.evidence, t.penaltyReceipt ?? []])]),
  ]);
  const seen = seenBy(entries, viewer === 'student');
  const view = agreementView({ ...a, proofFiles: proofs }, {
    timeline: asUnit ? seen.map(({ attachments: _files, ...entry }) => entry) : seen,
    terminations: terminations.map((t) => terminationView(t, byId.get(t._id) ?? [], links)),
    settings: school,
    asStudent: viewer === 'student',
    links,
  });
  // when the drawn 签名 was given: the last entry that sealed its hash (应约, or the 提交 that signed this content)
  const held = a.studentSignature;
  const signedAt = held && entries.filter((e) => e.attachments?.some((f) => f.sha256 === held.sha256)).pop()?.at;
  const signature = signedAt ? { studentSignature: { signedAt } } : {};
  return asUnit && a.proofFiles.length ? { ...view, ...signature, proofsWithheld: a.proofFiles.length } : { ...view, ...signature };
}

/**
 * A unit's registration files with download links, for a reader that has let the caller see the unit: the school's
 * reviewer, or the unit's own HR contact correcting a rejected registration. None for a unit the school imported.
 */
export async function employerFiles(deps: Deps, e: EmployerDoc): Promise<EmployerFiles> {
  const licence = e.licenceFiles ?? [];
  const authorization = e.authorizationFiles ?? [];
  const links = await linksFor(deps.files, [licence, authorization]);
  return { licenceFiles: linked(licence, links), authorizationFiles: linked(authorization, links) };
}

/** A termination request the reader has let the caller see, with download links for its evidence. */
export async function terminationFull(deps: Deps, t: TerminationDoc): Promise<TerminationView> {
  const [entries, links] = await Promise.all([timeline(deps.store, 'termination', t._id), linksFor(deps.files, [t.evidence, t.penaltyReceipt ?? []])]);
  return terminationView(t, entries, links);
}

/**
 * A check form. While it is the student's to edit (no record yet, a draft, a returned check) the school-owned values
 * are the roster's current ones, as the next save will store them, so a re-imported roster shows at once; the
 * school's employment record draws on the student's signed agreement, so that one is loaded then. A submitted or
 * decided check shows what was confirmed.
 */
export async function checkFull(
  store: Store,
  kind: CheckKind,
  check: CheckDoc | null,
  /** the roster entry: the school's current values while the form is still the student's to edit */
  student: StudentDoc | null,
  asOwner: boolean,
): Promise<CheckView> {
  const editable = !check || check.state === 'draft' || check.state === 'returned';
  if (!student || !editable) return checkView({ kind, check, school: {}, timeline: check ? seenBy(await timeline(store, 'check', check._id), asOwner) : [], asOwner });
  const [school, seen] = await Promise.all([
    kind === 'source'
      ? sourceSchoolValues(student)
      : employmentSchoolValues(student, student.activeAgreementId ? await store.get('agreements', student.activeAgreementId) : null),
    check ? timeline(store, 'check', check._id).then((t) => seenBy(t, asOwner)) : [],
  ]);
  return checkView({ kind, check: check ? withCurrentSchool(check, school) : null, school, timeline: seen, asOwner });
}
