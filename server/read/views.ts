/**
 * Stored documents → the views pages see. Pure. Every view is built field by field, so nothing a page should not
 * see (openids of students, HR contacts and registrants) can ride along with a spread document.
 */
import type {
  AgreementSummary,
  OfferAgreement,
  AgreementView,
  CheckFieldView,
  CheckKind,
  CheckView,
  DestinationContent,
  EmployerHomeView,
  LibraryEmployer,
  OfferState,
  OfferView,
  PartyAnswerView,
  QueueItem,
  TerminationView,
  TimelineEntry,
} from '../../typings';
import { FIELDS, shownValue } from '../domain/checkFields';
import { destinationType } from '../../typings/codes/destination';
import { linked, type Links } from './links';
import { employerParty } from '../domain/parties';
import { expiryGuards } from '../domain/expiry';
import type { AgreementDoc, CheckDoc, DestinationDoc, EmployerDoc, OfferDoc, PartyConfirmation, SettingsDoc, TerminationDoc } from '../domain/types';
import { BREACH_LABELS, terminationReason } from '../../typings/codes/termination';

/** China has kept UTC+8 without daylight saving since 1991: a fixed offset gives its calendar days anywhere. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const shanghaiDay = (iso: string): number => Math.floor((Date.parse(iso) + SHANGHAI_OFFSET_MS) / DAY_MS);

/**
 * The state a user should see. An open offer past its deadline can no longer be accepted, but the hourly timer may
 * not have marked it yet; showing it as expired keeps the list from offering a button that would be refused.
 */
export const offerState = (o: OfferDoc, now: string): OfferState => (expiryGuards.due(o, now) ? 'expired' : o.state);

/** Whole calendar days (Asia/Shanghai) until the deadline: 0 on its last day, null once not open. */
export const daysLeft = (o: OfferDoc, now: string): number | null =>
  offerState(o, now) === 'open' ? shanghaiDay(o.expiresAt) - shanghaiDay(now) : null;

export const offerView = (o: OfferDoc, now: string): OfferView => ({
  id: o._id,
  state: offerState(o, now),
  version: o.version,
  employer: o.employer,
  terms: o.terms,
  studentNo: o.studentNo,
  studentName: o.studentName,
  createdAt: o.createdAt,
  expiresAt: o.expiresAt,
  daysLeft: daysLeft(o, now),
  ...(o.declineReason ? { declineReason: o.declineReason } : {}),
  ...(o.agreementId ? { agreementId: o.agreementId } : {}),
});

export const offerAgreement = (a: AgreementDoc): OfferAgreement => ({
  id: a._id,
  agreementNo: a.agreementNo,
  state: a.state,
  origin: a.origin,
  ...(a.returnReason ? { returnReason: a.returnReason } : {}),
  ...(a.returnedAt ? { returnedAt: a.returnedAt } : {}),
});

/** Open ones first, the soonest deadline first; then the rest, newest first. */
export function sortOffers(offers: readonly OfferDoc[], now: string): OfferDoc[] {
  const open = offers.filter((o) => offerState(o, now) === 'open');
  const rest = offers.filter((o) => offerState(o, now) !== 'open');
  open.sort((a, b) => a.expiresAt.localeCompare(b.expiresAt) || a._id.localeCompare(b._id));
  rest.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b._id.localeCompare(a._id));
  return [...open, ...rest];
}

export const agreementSummary = (a: AgreementDoc): AgreementSummary => ({
  id: a._id,
  agreementNo: a.agreementNo,
  state: a.state,
  origin: a.origin,
  employerName: a.employerName,
  jobTitle: a.content.job.title,
  updatedAt: a.updatedAt,
});

/** Newest first: the order of a student's agreement list, and "the latest" is its head. */
export const newestFirst = <T extends { updatedAt: string; _id: string }>(docs: readonly T[]): T[] =>
  [...docs].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b._id.localeCompare(a._id));

/** `links`: download links for its evidence, made for the caller who may read it (links.ts) */
export const terminationView = (t: TerminationDoc, timeline: TimelineEntry[], links: Links): TerminationView => ({
  id: t._id,
  agreementId: t.agreementId,
  state: t.state,
  version: t.version,
  explanation: t.explanation,
  evidence: linked(t.evidence, links),
  ...(t.reason ? { reason: t.reason } : {}),
  createdAt: t.createdAt,
  timeline,
  // what mutual consent added; absent on requests made in the manual's flow, which showed none of it
  ...(t.initiator ? { initiator: t.initiator } : {}),
  ...(t.reasonCode ? { reasonCode: t.reasonCode, reasonLabel: terminationReason(t.reasonCode)?.label ?? t.reasonCode } : {}),
  ...(t.breachBy ? { breachBy: t.breachBy, breachLabel: BREACH_LABELS[t.breachBy] } : {}),
  ...(t.penaltyReceipt?.length ? { penaltyReceipt: linked(t.penaltyReceipt, links) } : {}),
  ...(t.consent ? { consent: partyAnswerView(t.consent) } : {}),
});

export function agreementView(
  a: AgreementDoc,
  parts: {
    timeline: TimelineEntry[];
    /** newest first */
    terminations: TerminationView[];
    settings: SettingsDoc;
    /** whether the viewer is the agreement's student: only they may ask to terminate it */
    asStudent: boolean;
    /** download links for its proof files, made for the caller who may read it (links.ts) */
    links: Links;
  },
): AgreementView {
  const signed = a.state === 'signed';
  // waiting for the other party or for the school: either may end the agreement
  const terminationPending = parts.terminations.some((t) => t.state === 'submitted' || t.state === 'pendingConsent');
  return {
    id: a._id,
    agreementNo: a.agreementNo,
    state: a.state,
    version: a.version,
    origin: a.origin,
    ...(a.offerId ? { offerId: a.offerId } : {}),
    content: a.content,
    proofFiles: linked(a.proofFiles, parts.links),
    ...(a.state === 'returned' && a.returnReason ? { returnReason: a.returnReason } : {}),
    ...(a.state === 'returned' && a.returnedAt ? { returnedAt: a.returnedAt } : {}),
    // the school's approval dates an agreement it sends to be stamped; it is shown as 签约日期 once signed
    ...(a.signedAt && (signed || a.state === 'terminated') ? { signedAt: a.signedAt } : {}),
    printCopies: parts.settings.printCopies,
    paperCopiesNote: parts.settings.paperCopiesNote,
    // a copy printed while a termination waits may be handed in for an agreement about to end; the copy the unit
    // stamps prints while it waits for the stamp (回传)
    canPrint: (signed && !terminationPending) || a.state === 'pendingSeal',
    canTerminate: parts.asStudent && signed && parts.settings.allowStudentTermination && !terminationPending,
    asStudent: parts.asStudent,
    terminations: parts.terminations,
    timeline: parts.timeline,
    ...(a.confirmation ? { confirmation: partyAnswerView(a.confirmation) } : {}),
    ...(parts.asStudent && a.origin === 'student' && a.state === 'pendingEmployer' ? { canInviteUnit: true } : {}),
    penaltyCapYuan: parts.settings.penaltyCapYuan,
  };
}

/** 138****5678: enough for the student and the school to recognise the person, not to call them from a screenshot. */
export const maskPhone = (phone: string): string => (phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****');

/** Who answered for the unit, as the agreement's pages show it: the phone masked, no openid, no credit code. */
export const partyAnswerView = (c: PartyConfirmation): PartyAnswerView => ({
  decision: c.decision,
  via: c.via,
  ...(c.name ? { name: c.name } : {}),
  ...(c.phone ? { maskedPhone: maskPhone(c.phone) } : {}),
  at: c.at,
  ...(c.reason ? { reason: c.reason } : {}),
});

/**
 * A check form. Before 开始核验 there is no record: the form shows what the school knows (`school`), state null,
 * version 0. Afterwards it shows the stored values, and for employment checks the school's value kept beside each.
 * `asOwner`: the student may act on it; a reviewer sees the same form without the student's buttons.
 */
export function checkView(input: {
  kind: CheckKind;
  check: CheckDoc | null;
  /** the school's values, used only while there is no record */
  school: Record<string, string>;
  timeline: TimelineEntry[];
  asOwner: boolean;
}): CheckView {
  const { kind, check, school, asOwner } = input;
  const employment = kind === 'employment';
  const fields = FIELDS[kind].map((spec): CheckFieldView => {
    const schoolValue = (check ? check.schoolValues[spec.key] : school[spec.key]) ?? '';
    const value = (check ? check.fields[spec.key] : school[spec.key]) ?? '';
    return {
      spec,
      value: shownValue(spec.key, value),
      ...(employment ? { schoolValue: shownValue(spec.key, schoolValue) } : {}),
      mismatch: employment && schoolValue !== '' && value !== schoolValue,
    };
  });
  const state = check?.state ?? null;
  return {
    kind,
    state,
    version: check?.version ?? 0,
    fields,
    // a reason belongs to the return it explains, not to later states
    ...(state === 'returned' && check?.reason ? { reason: check.reason } : {}),
    canWithdraw: asOwner && state === 'submitted',
    canEdit: asOwner && (state === null || state === 'draft' || state === 'returned'),
    timeline: input.timeline,
  };
}

export const libraryEmployer = (e: EmployerDoc): LibraryEmployer => employerParty(e);

export const employerRecord = (e: EmployerDoc): EmployerHomeView['employer'] => ({
  ...employerParty(e),
  id: e._id,
  state: e.state,
  ...(e.state === 'rejected' && e.reason ? { reason: e.reason } : {}),
});

const KIND_LABELS: Record<CheckKind, string> = { source: '生源核查', employment: '就业信息核验' };

const studentTitle = (d: { studentName: string; studentNo: string }): string => `${d.studentName} ${d.studentNo}`;
const jobLine = (a: AgreementDoc): string => `${a.employerName} · ${a.content.job.title}`;
const studentPart = (d: { studentNo: string; collegeId: string; major: string }, collegeName: string) => ({
  studentNo: d.studentNo,
  collegeId: d.collegeId,
  collegeName,
  major: d.major,
});

export const checkItem = (c: CheckDoc, collegeName: string): QueueItem => ({
  record: 'check',
  id: c._id,
  version: c.version,
  state: c.state,
  title: studentTitle(c),
  subtitle: `${KIND_LABELS[c.kind]} · ${c.major}`,
  ...studentPart(c, collegeName),
  submittedAt: c.submittedAt ?? c.updatedAt,
});

/** A destination in the queue: the type and the place (unit, school, country…) the student registered. */
export const destinationItem = (d: DestinationDoc, collegeName: string, flagLabels: (codes: readonly string[]) => string[]): QueueItem => ({
  record: 'destination',
  id: d._id,
  version: d.version,
  state: d.state,
  title: studentTitle(d),
  subtitle: [shortTypeName(d.content.type), destinationPlace(d.content)].filter(Boolean).join(' · '),
  ...studentPart(d, collegeName),
  submittedAt: d.submittedAt ?? d.updatedAt,
  flags: flagLabels(d.flags),
});

/**
 * A type's name as a list line says it beside the unit: 签劳动合同 · 某公司 rather than 签劳动合同形式就业 · 某公司, which
 * leaves a long unit's last character on a line of its own. The detail names the type in full.
 */
export function shortTypeName(code: string): string {
  const name = destinationType(code)?.name ?? code;
  return name.endsWith('形式就业') ? name.slice(0, -'形式就业'.length) : name;
}

/** Where a destination leads, in a few words: the unit, the school, the country, the business, the project. */
export function destinationPlace(c: DestinationContent): string {
  return c.employer?.name ?? c.study?.school ?? c.abroad?.institution ?? c.business?.name ?? c.project?.name ?? c.freelance?.description ?? '';
}

export const agreementItem = (a: AgreementDoc, collegeName: string): QueueItem => ({
  record: 'agreement',
  id: a._id,
  version: a.version,
  state: a.state,
  title: studentTitle(a),
  subtitle: jobLine(a),
  ...studentPart(a, collegeName),
  submittedAt: a.submittedAt ?? a.updatedAt,
});

export const terminationItem = (t: TerminationDoc, agreement: AgreementDoc | undefined, collegeName: string): QueueItem => ({
  record: 'termination',
  id: t._id,
  version: t.version,
  state: t.state,
  title: studentTitle(t),
  subtitle: agreement ? `申请解约 · ${jobLine(agreement)}` : '申请解约',
  ...studentPart(t, collegeName),
  submittedAt: t.createdAt,
});

export const employerItem = (e: EmployerDoc): QueueItem => ({
  record: 'employer',
  id: e._id,
  version: e.version,
  state: e.state,
  title: e.name,
  subtitle: `统一社会信用代码 ${e.uscc} · 联系人 ${e.contactName}`,
  submittedAt: e.createdAt,
});
