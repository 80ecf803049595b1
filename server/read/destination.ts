/** 毕业去向登记 as the student's page loads it, and the record's full view the reviewers' detail shows too. */
import type { DestinationScreen, DestinationView, TimelineEntry } from '../../typings';
import { checkId } from '../domain/checkFields';
import {
  agreementStanding,
  amendOpen,
  daysUntil,
  dayText,
  deadlineOf,
  deadlinePassed,
  destinationId,
  isConfirmed,
} from '../domain/destination';
import type { AgreementDoc, DestinationDoc, SettingsDoc } from '../domain/types';
import { bound } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { loadSettings } from '../app/settings';
import { uploadFolder } from '../storage/port';
import { rosterOf } from './access';
import { linked, linksFor, type Links } from './links';
import { timeline } from './timeline';
import { agreementSummary } from './views';

/** Who looks: the student sees their drafts' history and never the row's report state; reviewers the reverse. */
export type DestinationViewer = 'student' | 'reviewer';

/** 保存 is the student's alone: others follow the record from its submission on (as with checks and agreements). */
const seenBy = (entries: TimelineEntry[], viewer: DestinationViewer): TimelineEntry[] =>
  viewer === 'student' ? entries : entries.filter((e) => e.action !== 'save');

/** The record as a view: pure, once its timeline, the links to its files and its agreement's number are loaded. */
export function destinationView(
  d: DestinationDoc,
  loaded: { timeline: TimelineEntry[]; links: Links; agreement: Pick<AgreementDoc, '_id' | 'agreementNo'> | null; viewer: DestinationViewer },
): DestinationView {
  const { links, viewer } = loaded;
  const approved = d.approved ? { ...d.approved, evidence: linked(d.approved.evidence, links) } : null;
  return {
    id: d._id,
    state: d.state,
    version: d.version,
    content: d.content,
    evidence: linked(d.evidence, links),
    approved,
    ...(d.agreementId ? { agreement: { id: d.agreementId, agreementNo: loaded.agreement?.agreementNo ?? null } } : {}),
    ...(d.reason ? { reason: d.reason } : {}),
    ...(d.submittedAt ? { submittedAt: d.submittedAt } : {}),
    ...(isConfirmed(d) ? { confirmedAt: d.confirmedAt! } : {}),
    ...(viewer === 'reviewer' ? { report: { state: d.report.state, ...(d.report.reportedAt ? { reportedAt: d.report.reportedAt } : {}) } } : {}),
    timeline: seenBy(loaded.timeline, viewer),
  };
}

/**
 * A destination the reader has let `viewer` see (the student's own; a reviewer's within scope), with download links
 * for its files, made for them: one wait for the timeline, the links and the agreement that filled it.
 */
export async function destinationFull(
  deps: Deps,
  d: DestinationDoc,
  viewer: DestinationViewer,
  settingsRead?: Promise<SettingsDoc>,
): Promise<DestinationView> {
  const reviewer = viewer === 'reviewer';
  // a reviewer's 修改 is offered by amendDestination's own rule: the deadline is the student's graduation year's
  const [entries, links, agreement, student, settings] = await Promise.all([
    timeline(deps.store, 'destination', d._id),
    linksFor(deps.files, [d.evidence, d.approved?.evidence ?? []]),
    d.agreementId ? deps.store.get('agreements', d.agreementId) : Promise.resolve(null),
    reviewer ? deps.store.get('students', d.studentNo) : Promise.resolve(null),
    reviewer ? (settingsRead ?? loadSettings(deps.store)) : Promise.resolve(null),
  ]);
  const view = destinationView(d, { timeline: entries, links, agreement, viewer });
  if (!reviewer || !student || !settings) return view;
  return { ...view, amendable: amendOpen(d, deadlineOf(settings, student.graduationYear), deps.clock().toISOString()) };
}

/** Why the student may not save or submit now, in Chinese; undefined when they may. */
function blocked(d: DestinationDoc | null, agreement: AgreementDoc | null, deadline: string, passed: boolean): string | undefined {
  if (passed) return `毕业去向登记已于${dayText(deadline)}截止，如需修改请联系辅导员或就业指导中心`;
  if (agreementStanding(agreement) === 'signed') return '您的三方协议签约成功，毕业去向已据此登记；如需变更，请先申请解约';
  if (d?.state === 'submitted') return '已提交，等待审核；如需修改请先撤回';
  return undefined;
}

export async function destinationScreen(deps: Deps, caller: Caller): Promise<DestinationScreen> {
  const who = await bound(deps, caller, ['student']);
  const studentNo = who.user.studentNo ?? '';
  const [student, destination, settings, source] = await Promise.all([
    rosterOf(deps, who),
    deps.store.get('destinations', destinationId(studentNo)),
    loadSettings(deps.store),
    deps.store.get('checks', checkId('source', studentNo)),
  ]);
  const [agreement, view] = await Promise.all([
    student.activeAgreementId ? deps.store.get('agreements', student.activeAgreementId) : Promise.resolve(null),
    destination ? destinationFull(deps, destination, 'student') : Promise.resolve(null),
  ]);
  const now = deps.clock().toISOString();
  const deadline = deadlineOf(settings, student.graduationYear);
  const passed = deadlinePassed(deadline, now);
  const editBlocked = blocked(destination, agreement, deadline, passed);
  const standing = agreementStanding(agreement);
  const origin = source?.fields.originRegion ?? student.source.originRegion;
  return {
    destination: view,
    deadline,
    daysLeft: daysUntil(deadline, now),
    canEdit: editBlocked === undefined,
    ...(editBlocked ? { editBlocked } : {}),
    canWithdraw: !passed && destination?.state === 'submitted',
    canConfirm: !!destination?.approved && !isConfirmed(destination),
    agreement: standing && agreement ? agreementSummary(agreement) : null,
    ...(origin ? { origin } : {}),
    uploadFolder: uploadFolder(caller.openid),
    templates: settings.templates,
  };
}
