/**
 * 就业核查's loads: what the flags (domain/flags.ts) compare a record with, read with as few round trips as they allow,
 * all in parallel. Used where a destination's flags are stored (registerDestination's submit, amend and fill) and where
 * a reviewer reads them with their reasons (the detail recomputes them: the library and the other records may have
 * changed since the submission); the agreement queue reads its page's flags in one batch (`pageFlags`).
 */
import type { CheckFlag } from '../../typings';
import { checkId, SOURCE_FIELDS } from '../domain/checkFields';
import {
  agreementSubject,
  checkFlags,
  contactKeys,
  destinationSubject,
  type FlagUnit,
  normaliseName,
  storedFlags,
  type ContactUse,
  type FlagFacts,
  type FlagSubject,
  type LibraryUnit,
} from '../domain/flags';
import type { AgreementDoc, CheckDoc, DestinationDoc, EmployerDoc, StudentDoc } from '../domain/types';
import { normaliseUscc } from '../../typings/rules/identifiers';
import { isConfirmed } from '../domain/destination';
import type { Filter, Store } from '../store/port';
import type { Deps } from './deps';

/** A library unit's name or code, or a phone, names a handful of records; more than this is itself the finding. */
const FEW = 50;

/** What each phone of the source check (and the roster's source fields) is, as a flag's reason names it. */
const PHONE_LABELS: Record<string, string> = { phone: '学生本人的手机号码', emergencyPhone: '紧急联系人电话' };
const PHONE_KEYS = SOURCE_FIELDS.filter((f) => f.type === 'phone').map((f) => f.key);

/** The student's own phone and the family's: the roster's source fields and the 生源核查's, each with what it is. */
export function phonesOf(student: StudentDoc | null, source: CheckDoc | null, partyPhone?: string): FlagFacts['studentPhones'] {
  const found: { label: string; phone: string }[] = [];
  if (partyPhone) found.push({ label: PHONE_LABELS.phone!, phone: partyPhone });
  for (const values of [student?.source, source?.fields]) {
    for (const key of PHONE_KEYS) {
      const phone = values?.[key];
      if (phone) found.push({ label: PHONE_LABELS[key] ?? key, phone });
    }
  }
  return found;
}

const certified = (units: readonly EmployerDoc[]): LibraryUnit[] => units.filter((e) => e.state === 'certified').map(({ name, uscc }) => ({ name, uscc }));

async function lookup<C extends 'employers' | 'destinations' | 'agreements'>(store: Store, collection: C, where: Filter[]) {
  return (await store.query(collection, { where, limit: FEW })).items;
}

/** The library units with the unit's credit code, and those with its name. */
async function libraryFor(store: Store, unit: FlagSubject['unit']): Promise<LibraryUnit[]> {
  if (!unit || !unit.uscc.trim()) return [];
  const [byCode, byName] = await Promise.all([
    lookup(store, 'employers', [{ field: 'uscc', op: '==', value: normaliseUscc(unit.uscc) }]),
    unit.name.trim() ? lookup(store, 'employers', [{ field: 'name', op: '==', value: unit.name.trim() }]) : Promise.resolve([]),
  ]);
  return certified([...byCode, ...byName]);
}

const destinationUse = (d: DestinationDoc): ContactUse[] => {
  const e = d.content.employer;
  return e ? [{ name: e.name, uscc: e.uscc, phone: e.contactPhone, ...(e.contactEmail ? { email: e.contactEmail } : {}) }] : [];
};
const agreementUse = (a: AgreementDoc): ContactUse => ({ name: a.content.employer.name, uscc: a.content.employer.uscc, phone: a.content.employer.contactPhone });
const employerUse = (e: EmployerDoc): ContactUse => ({ name: e.name, uscc: e.uscc, phone: e.contactPhone });

/**
 * The other records whose unit uses the subject's phone or e-mail: destinations and agreements by the contact they
 * keep flat (domain/flags.ts contactKeys), library units by theirs. `self` (the record's own id) is left out; so are
 * drafts an agreement's student abandoned (cancelled without a number), which no reviewer ever saw.
 */
async function contactsFor(store: Store, unit: FlagSubject['unit'], self: string): Promise<ContactUse[]> {
  const { contactPhone, contactEmail } = contactKeys(unit);
  const byPhone: Filter[] = contactPhone ? [{ field: 'contactPhone', op: '==', value: contactPhone }] : [];
  const [destinations, byEmail, agreements, employers] = await Promise.all([
    contactPhone ? lookup(store, 'destinations', byPhone) : [],
    contactEmail ? lookup(store, 'destinations', [{ field: 'contactEmail', op: '==', value: contactEmail }]) : [],
    contactPhone ? lookup(store, 'agreements', byPhone) : [],
    contactPhone ? lookup(store, 'employers', byPhone) : [],
  ]);
  return [
    ...[...destinations, ...byEmail].filter((d) => d._id !== self).flatMap(destinationUse),
    ...agreements.filter((a) => a._id !== self && !(a.state === 'cancelled' && !a.agreementNo)).map(agreementUse),
    ...employers.filter((e) => e.state !== 'rejected').map(employerUse),
  ];
}

/**
 * A destination as the flags read it: its working values and what stands on the record (the values in force and
 * their 本人确认, as the record holds them before this change; null for a new record).
 */
export interface DestinationFlagInput extends Pick<DestinationDoc, 'content' | 'evidence' | 'approved'> {
  /** the record's id (destination:<学号>): its own contact is not another unit's */
  id: string;
  studentNo: string;
  confirmedAt?: string;
  confirmedHash?: string;
}

/** The 本人确认 that still stands: one of the values in force now (a later approval of other values voids it). */
const standingConfirmation = (d: Pick<DestinationDoc, 'approved' | 'confirmedAt' | 'confirmedHash'>): { confirmedAt?: string } =>
  isConfirmed(d) ? { confirmedAt: d.confirmedAt! } : {};

/**
 * What the flags compare a record's unit with, read in parallel (at most seven small reads): the library units with
 * its credit code or its name, the student's phones, and the other units that use its contact.
 */
export async function factsFor(store: Store, unit: FlagUnit | null, studentNo: string, self: string, partyPhone?: string): Promise<FlagFacts> {
  const [library, student, source, contacts] = await Promise.all([
    libraryFor(store, unit),
    unit ? store.get('students', studentNo) : null,
    unit ? store.get('checks', checkId('source', studentNo)) : null,
    unit ? contactsFor(store, unit, self) : [],
  ]);
  return { library, studentPhones: phonesOf(student, source, partyPhone), contacts };
}

/** A destination's working values as the flags see them, with the 本人确认 that still stands. */
export const destinationFlagSubject = (d: DestinationFlagInput): FlagSubject =>
  destinationSubject({ content: d.content, evidence: d.evidence, approved: d.approved, ...standingConfirmation(d) });

export type FlagTarget = { record: 'destination'; destination: DestinationFlagInput } | { record: 'agreement'; agreement: AgreementDoc };

/**
 * Every flag of a destination or an agreement with its reason: the library lookup by credit code and by name, the
 * student's phones, the other units with the same contact, read in parallel (at most seven small reads).
 */
export async function flagsFor(deps: Pick<Deps, 'store'>, target: FlagTarget): Promise<CheckFlag[]> {
  if (target.record === 'destination') {
    const d = target.destination;
    const subject = destinationFlagSubject(d);
    return checkFlags(subject, await factsFor(deps.store, subject.unit, d.studentNo, d.id));
  }
  const a = target.agreement;
  const subject = agreementSubject(a);
  return checkFlags(subject, await factsFor(deps.store, subject.unit, a.studentNo, a._id, a.content.student.phone));
}

/**
 * What a destination's write stores of its flags (spread into the record's patch): the codes, `flagged` for the
 * queue's filter, and the unit's contact kept flat for the next records' shared-contact lookups.
 */
export async function destinationFlagFields(
  deps: Pick<Deps, 'store'>,
  destination: DestinationFlagInput,
): Promise<Pick<DestinationDoc, 'flags' | 'flagged' | 'contactPhone' | 'contactEmail'>> {
  const flags = await flagsFor(deps, { record: 'destination', destination });
  const c = destination.content;
  const unit = c.employer ? { name: c.employer.name, uscc: c.employer.uscc, contactPhone: c.employer.contactPhone, contactEmail: c.employer.contactEmail } : null;
  return { ...storedFlags(flags), ...contactKeys(unit) };
}

/**
 * A queue page of agreements with their flags, cheaply: the library read once for the page's codes and names, the
 * roster and 生源核查 once for its students. The shared-contact flag needs a lookup per agreement, so the queue leaves
 * it to the detail.
 */
export async function pageFlags(store: Store, agreements: readonly AgreementDoc[]): Promise<Map<string, CheckFlag[]>> {
  if (!agreements.length) return new Map();
  const units = agreements.map((a) => a.content.employer);
  const codes = [...new Set(units.map((u) => normaliseUscc(u.uscc)).filter(Boolean))];
  const names = [...new Set(units.map((u) => u.name.trim()).filter(Boolean))];
  const numbers = [...new Set(agreements.map((a) => a.studentNo))];
  const [byCode, byName, students, sources] = await Promise.all([
    codes.length ? store.query('employers', { where: [{ field: 'uscc', op: 'in', value: codes }], limit: FEW * 4 }) : { items: [] },
    names.length ? store.query('employers', { where: [{ field: 'name', op: 'in', value: names }], limit: FEW * 4 }) : { items: [] },
    store.getMany('students', numbers),
    store.getMany('checks', numbers.map((n) => checkId('source', n))),
  ]);
  const library = certified([...byCode.items, ...byName.items]);
  const student = new Map(students.map((s) => [s.studentNo, s]));
  const source = new Map(sources.map((c) => [c.studentNo, c]));
  return new Map(
    agreements.map((a) => {
      const subject = agreementSubject(a);
      const mine = library.filter((l) => normaliseUscc(l.uscc) === normaliseUscc(a.content.employer.uscc) || normaliseName(l.name) === normaliseName(a.content.employer.name));
      const phones = phonesOf(student.get(a.studentNo) ?? null, source.get(a.studentNo) ?? null, a.content.student.phone);
      return [a._id, checkFlags(subject, { library: mine, studentPhones: phones, contacts: [] })];
    }),
  );
}
