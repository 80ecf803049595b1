/**
 * The unit as a party to its agreements: what a confirmation link opens (anyone holding it), and the unit's own list
 * and detail of its agreements (a bound HR contact), each with what the unit must do now.
 */
import {
  AGREEMENT_STATES,
  type AgreementState,
  type ConfirmLinkView,
  type EmployerAgreementRow,
  type EmployerAgreementView,
  type EmployerAgreementsView,
} from '../../typings';
import { confirmLinkId } from '../domain/confirmLink';
import { liveLink } from '../domain/employerConfirm';
import { refuse } from '../domain/errors';
import type { AgreementDoc, TerminationDoc } from '../domain/types';
import type { Filter } from '../store/port';
import { bound } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { countLinkTry } from '../app/linkTries';
import { loadSettings } from '../app/settings';
import { cursorOf, ownedByEmployer } from './access';
import { agreementFull, terminationFull } from './load';
import { agreementSummary } from './views';

/**
 * 单位确认 through a link: the agreement the link names, while the link lives and the agreement waits for the unit.
 * Counted as a guess before anything is read. The credit code is not shown: the person answering must know it.
 */
export async function confirmLinkScreen(deps: Deps, caller: Caller, token: string): Promise<ConfirmLinkView> {
  await countLinkTry(deps, caller);
  const settings = loadSettings(deps.store);
  settings.catch(() => undefined);
  const link = await deps.store.get('confirmLinks', confirmLinkId(token));
  const agreement = link ? await deps.store.get('agreements', link.agreementId) : null;
  const live = liveLink({ token, link, agreement, now: deps.clock().toISOString() });
  const a = live.agreement;
  const { student, employer, ...terms } = a.content;
  return {
    agreementId: a._id,
    agreementVersion: a.version,
    agreementNo: a.agreementNo,
    studentName: student.name,
    collegeName: student.collegeName,
    major: student.major,
    educationLevel: student.educationLevel,
    graduationYear: student.graduationYear,
    employerName: employer.name,
    employerAddress: employer.address,
    employerContact: employer.contactName,
    terms,
    expiresAt: live.link.expiresAt,
    templates: (await settings).templates,
  };
}

/** What the unit must do now, in words; absent when nothing waits for it. */
export function unitTodo(a: Pick<AgreementDoc, 'state'>, termination?: Pick<TerminationDoc, 'state' | 'initiator'>): string | undefined {
  if (a.state === 'pendingEmployer') return '请确认协议';
  if (a.state === 'pendingSeal') return '请盖章回传';
  if (termination?.state === 'pendingConsent' && termination.initiator !== 'employer') return '请同意或不同意解约';
  return undefined;
}

const rowTermination = (t: TerminationDoc | undefined): EmployerAgreementRow['termination'] =>
  t ? { id: t._id, state: t.state, initiator: t.initiator ?? 'student' } : undefined;

/** The unit's terminations, newest first, the latest per agreement: a unit has a few dozen at most a season. */
async function latestTerminations(deps: Deps, employerId: string): Promise<Map<string, TerminationDoc>> {
  const page = await deps.store.query('terminations', {
    where: [{ field: 'employerId', op: '==', value: employerId }],
    orderBy: { field: 'updatedAt', direction: 'desc' },
    limit: 200,
  });
  const latest = new Map<string, TerminationDoc>();
  for (const t of [...page.items].sort((x, y) => y.createdAt.localeCompare(x.createdAt))) if (!latest.has(t.agreementId)) latest.set(t.agreementId, t);
  return latest;
}

/** The states a unit sees its agreements in: a student's draft is not yet anyone's but theirs (access.ts). */
const UNIT_STATES = AGREEMENT_STATES.filter((s) => s !== 'draft');
const isUnitState = (s: string | undefined): s is AgreementState => !!s && (UNIT_STATES as readonly string[]).includes(s);

/** The unit's agreements, the most recently changed first, by standing (`state`), with what each asks of it. */
export async function employerAgreementsScreen(
  deps: Deps,
  caller: Caller,
  event: { state?: string; cursor?: string; limit?: number },
): Promise<EmployerAgreementsView> {
  const who = await bound(deps, caller, ['employer']);
  const employerId = who.user.employerId ?? refuse('NOT_BOUND');
  if (event.state && !isUnitState(event.state)) refuse('INVALID_INPUT', '状态无效', [{ path: 'state', message: '状态无效' }]);
  const after = cursorOf(event.cursor);
  const mine: Filter = { field: 'employerId', op: '==', value: employerId };
  const [page, terminations, ...counted] = await Promise.all([
    deps.store.query('agreements', {
      where: event.state ? [mine, { field: 'state', op: '==', value: event.state }] : [mine],
      orderBy: { field: 'updatedAt', direction: 'desc' },
      limit: event.limit ?? 20,
      ...(after ? { after } : {}),
    }),
    latestTerminations(deps, employerId),
    ...UNIT_STATES.map((state) => deps.store.count('agreements', [mine, { field: 'state', op: '==', value: state }])),
  ]);
  const counts = Object.fromEntries(UNIT_STATES.map((s, i) => [s, counted[i] ?? 0]).filter(([, n]) => n)) as EmployerAgreementsView['counts'];
  // a draft, or a draft abandoned before it was ever submitted, is its student's alone
  const items = page.items
    .filter((a) => a.state !== 'draft' && !(a.state === 'cancelled' && a.agreementNo === null))
    .map((a): EmployerAgreementRow => {
      const t = terminations.get(a._id);
      const todo = unitTodo(a, t);
      const termination = rowTermination(t);
      return { ...agreementSummary(a), studentName: a.studentName, studentNo: a.studentNo, ...(todo ? { todo } : {}), ...(termination ? { termination } : {}) };
    });
  const consentsWaiting = [...terminations.values()].filter((t) => t.state === 'pendingConsent' && t.initiator !== 'employer').length;
  return { items, ...(page.next ? { next: page.next } : {}), counts, consentsWaiting };
}

/** One of the unit's agreements, with what the unit may do now. */
export async function employerAgreementScreen(deps: Deps, caller: Caller, id: string): Promise<EmployerAgreementView> {
  const who = await bound(deps, caller, ['employer']);
  const settings = loadSettings(deps.store);
  const [found, employer, terminations] = await Promise.all([
    deps.store.get('agreements', id),
    who.user.employerId ? deps.store.get('employers', who.user.employerId) : Promise.resolve(null),
    deps.store.query('terminations', { where: [{ field: 'agreementId', op: '==', value: id }], limit: 100 }),
  ]);
  const a = ownedByEmployer(who, found);
  const certified = employer?.state === 'certified';
  const latest = [...terminations.items].sort((x, y) => y.createdAt.localeCompare(x.createdAt))[0];
  const waiting = latest?.state === 'pendingConsent' && latest.initiator !== 'employer' ? latest : undefined;
  const open = terminations.items.some((t) => t.state === 'pendingConsent' || t.state === 'submitted');
  const [agreement, consentWaiting, school] = await Promise.all([
    agreementFull(deps, a, 'employer', settings),
    waiting ? terminationFull(deps, waiting) : Promise.resolve(undefined),
    settings,
  ]);
  const todo = unitTodo(a, latest);
  const termination = rowTermination(latest);
  return {
    agreement,
    canConfirm: certified && a.state === 'pendingEmployer',
    canSeal: a.state === 'pendingSeal',
    canTerminate: certified && a.state === 'signed' && !open,
    ...(consentWaiting ? { consentWaiting } : {}),
    templates: school.templates,
    ...(todo ? { todo } : {}),
    ...(termination ? { termination } : {}),
  };
}
