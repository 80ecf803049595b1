/**
 * What must hold of the store after every step, whatever the step was. Each check reads a snapshot (and the one
 * before, for what may never change back) and returns the violations it finds, in words; none is the pass.
 * Audit chains themselves are checked by the product's own verifyAudit (in sequence.ts), as an operator would.
 */
import { AGREEMENT_STATES, type AgreementState, type RecordKind, type Role } from '../../../typings';
import { SETTINGS_ID } from '../../../server/app/settings';
import { TABLES, type Rule } from '../../../server/domain/machine';
import type { Purpose } from '../../../server/domain/messages';
import type { AuditedRecord, CollectionName, Doc } from '../../../server/domain/types';
import { COLLECTION } from '../../../server/app/verifyAudit';
import { BIND_LIMITS } from '../../../server/usecases/bind';
import { VERIFY_CEILING, VERIFY_LIMIT } from '../../../server/usecases/verifyAgreement';
import { shardCap, type Limit } from '../../../server/domain/rateLimit';
import type { OutgoingMessage } from '../../../server/notify/sender';
import { DERIVED_FIELDS, SUMMARIES, type SummaryName } from '../../../server/store/port';
import { destinationId, isConfirmed, reportStateOf } from '../../../server/domain/destination';
import { docs, type Snapshot } from './snapshot';

/**
 * Which agreement states hold the student's one-agreement lock (`activeAgreementId`): pending, returned (revised and
 * resubmitted as the same agreement) or signed. A Record, so that a new state fails to compile until it is placed.
 */
const HOLDS_LOCK: Record<AgreementState, boolean> = {
  draft: false,
  pendingEmployer: true,
  pendingCollege: true,
  pendingSchool: true,
  returned: true,
  pendingSeal: true,
  pendingSealReview: true,
  signed: true,
  terminated: false,
  cancelled: false,
};

/** Who each message purpose is for (PURPOSES in server/domain/messages.ts): 审核结果 goes to the author, student or unit. */
export const AUDIENCE: Record<Purpose, readonly Role[]> = {
  offerReceived: ['student'],
  offerExpiring: ['student'],
  offerAnswered: ['employer'],
  reviewResult: ['student', 'employer'],
};

const AUDITED = Object.entries(COLLECTION) as [AuditedRecord, CollectionName][];
const KINDS = Object.keys(TABLES) as RecordKind[];

type AnyRule = Rule<string>;
const rulesOf = (kind: RecordKind): Record<string, AnyRule> => TABLES[kind] as unknown as Record<string, AnyRule>;

/** A state no row of the table leaves: every rule that starts from it ends in it (an edit or a re-import) or none does. */
export const TERMINAL: Record<RecordKind, Set<string>> = Object.fromEntries(
  KINDS.map((kind) => {
    const rules = Object.values(rulesOf(kind));
    const states = new Set(rules.flatMap((r) => [...r.from, r.to, r.initial]).filter((s): s is string => typeof s === 'string'));
    const terminal = [...states].filter((s) => rules.every((r) => !r.from.includes(s) || (r.to ?? s) === s));
    return [kind, new Set(terminal)];
  }),
) as Record<RecordKind, Set<string>>;

/** The limits whose counter documents live in `ratelimits`, by the bucket name that starts their ids. */
export const LIMITS: readonly Limit[] = [
  BIND_LIMITS.perCaller,
  BIND_LIMITS.perStudent,
  VERIFY_LIMIT,
  // the ceiling's shards, each bounded by the largest share
  { name: VERIFY_CEILING.name, max: shardCap(VERIFY_CEILING, 0), windowMs: VERIFY_CEILING.windowMs },
];
const limitOf = (bucketId: string): Limit | undefined => LIMITS.find((l) => bucketId.startsWith(`${l.name}:`));

const countBy = <T>(items: readonly T[], key: (t: T) => string): Map<string, number> => {
  const m = new Map<string, number>();
  for (const item of items) m.set(key(item), (m.get(key(item)) ?? 0) + 1);
  return m;
};

/** At most one pending-or-signed agreement per student, and the roster's lock names exactly that one. */
function oneAgreement(s: Snapshot): string[] {
  const out: string[] = [];
  const agreements = docs(s, 'agreements');
  for (const student of docs(s, 'students')) {
    const holding = agreements.filter((a) => a.studentNo === student.studentNo && HOLDS_LOCK[a.state]);
    if (holding.length > 1) {
      out.push(`one agreement: ${student.studentNo} has ${holding.length} pending, returned or signed: ${holding.map((a) => `${a._id} ${a.state}`).join(', ')}`);
    }
    const expected = holding.length === 1 ? holding[0]!._id : null;
    if (holding.length <= 1 && student.activeAgreementId !== expected) {
      out.push(`one agreement: ${student.studentNo}'s lock activeAgreementId is ${student.activeAgreementId}, its pending-or-signed agreement is ${expected}`);
    }
  }
  for (const a of agreements) {
    if (!AGREEMENT_STATES.includes(a.state)) out.push(`agreement ${a._id} in unknown state ${a.state}`);
  }
  return out;
}

/** A record once in a terminal state is in that state still. */
function terminalStays(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  for (const kind of KINDS) {
    const c = COLLECTION[kind] as 'checks' | 'offers' | 'agreements' | 'terminations' | 'employers' | 'destinations';
    for (const { doc } of before[c].values()) {
      if (!TERMINAL[kind].has(doc.state)) continue;
      const now = after[c].get(doc._id)?.doc;
      if (now?.state !== doc.state) out.push(`terminal: ${kind} ${doc._id} left ${doc.state} for ${now ? now.state : '(deleted)'}`);
    }
  }
  return out;
}

/**
 * The audit log only grows, and each new entry of a record with a state machine is a row of its table: the action
 * exists, starts from an allowed state, ends where the row says, by a role the row allows, with a reason if required.
 */
function auditAppendOnly(before: Snapshot | null, after: Snapshot): string[] {
  const out: string[] = [];
  for (const [id, stored] of before?.audit ?? []) {
    const now = after.audit.get(id);
    if (!now) out.push(`audit: entry ${id} was removed`);
    else if (now.text !== stored.text) out.push(`audit: entry ${id} was rewritten`);
  }
  for (const [id, { doc: e }] of after.audit) {
    if (before?.audit.has(id) || !(KINDS as string[]).includes(e.record)) continue;
    const rule = rulesOf(e.record as RecordKind)[e.action];
    const where = `audit: ${id} (${e.action} ${e.from}→${e.to} by ${e.actor.role})`;
    if (!rule) out.push(`${where}: no such action in the ${e.record} table`);
    else {
      if (!rule.from.includes(e.from)) out.push(`${where}: not allowed from ${e.from}`);
      const to = rule.to ?? (e.from ?? rule.initial);
      if (e.to !== to) out.push(`${where}: the table says → ${to}`);
      if (!rule.by.includes(e.actor.role)) out.push(`${where}: not the table's role (${rule.by.join(', ')})`);
      if (rule.reasonRequired && !e.reason?.trim()) out.push(`${where}: without the reason the table requires`);
    }
  }
  return out;
}

/** Each audited record's version is the length of its chain, and every chain belongs to a record that exists. */
function versionIsChainLength(s: Snapshot): string[] {
  const out: string[] = [];
  const lengths = countBy(docs(s, 'audit'), (e) => `${e.record}\u0000${e.recordId}`);
  const seen = new Set<string>();
  for (const [record, c] of AUDITED) {
    for (const { doc } of s[c].values()) {
      const key = `${record}\u0000${doc._id}`;
      seen.add(key);
      const length = lengths.get(key) ?? 0;
      if (doc.version !== length) out.push(`version: ${record} ${doc._id} is version ${doc.version} with ${length} audit entries`);
    }
  }
  for (const key of lengths.keys()) if (!seen.has(key)) out.push(`version: audit chain ${key.replace('\u0000', ' ')} has no record`);
  return out;
}

/** A counter document whose value and version both count the writes it has guarded: n writes, value n, version n. */
function counted(out: string[], name: string, doc: Doc & { value: number } | undefined, expected: number): void {
  const [value, version] = [doc?.value ?? 0, doc?.version ?? 0];
  if (value !== expected || version !== expected) out.push(`counter ${name}: value ${value}, version ${version}; the list it guards says ${expected}`);
}

/**
 * Every counter agrees with the list it guards: the year's agreement numbers (gap-free, unique), each unit's offers to
 * each student, each agreement's termination requests and approvals, each credit code's units. The rules the
 * counters exist for hold too: one live offer per unit and student, one waiting termination per agreement, one
 * standing unit per credit code. An unknown counter is a violation, so that a new one is added here.
 */
function countersAgree(s: Snapshot, now: string): string[] {
  const out: string[] = [];
  const counters = s.counters;
  const agreements = docs(s, 'agreements');
  const offers = docs(s, 'offers');
  const terminations = docs(s, 'terminations');
  const employers = docs(s, 'employers');
  const students = new Map(docs(s, 'students').map((st) => [st.studentNo, st]));
  const expected = new Map<string, number>();
  const expect = (id: string, n: number): void => void expected.set(id, (expected.get(id) ?? 0) + n);

  // 协议编号: the year's sequence numbers are exactly 1…value; only a draft or a draft cancelled unsubmitted has none
  const numbered = agreements.filter((a) => a.agreementNo !== null);
  for (const a of agreements) {
    if (a.agreementNo === null && a.state !== 'draft' && a.state !== 'cancelled') out.push(`numbering: agreement ${a._id} is ${a.state} without a number`);
  }
  const byYear = new Map<number, number[]>();
  for (const a of numbered) {
    const year = students.get(a.studentNo)?.graduationYear ?? -1;
    byYear.set(year, [...(byYear.get(year) ?? []), Number(a.agreementNo!.slice(-6))]);
    expect(`agreementNo:${year}`, 1);
  }
  for (const [year, seqs] of byYear) {
    const sorted = [...seqs].sort((x, y) => x - y);
    if (sorted.some((n, i) => n !== i + 1)) out.push(`numbering: ${year}'s sequence numbers are ${sorted.join(',')}, not 1…${sorted.length}`);
  }
  if (new Set(numbered.map((a) => a.agreementNo)).size !== numbered.length) out.push('numbering: two agreements share a number');

  for (const o of offers) expect(`offersTo:${o.studentNo}`, 1);
  const live = countBy(offers.filter((o) => o.state === 'open' && o.expiresAt > now), (o) => `${o.employerId} → ${o.studentNo}`);
  for (const [pair, n] of live) if (n > 1) out.push(`offers: ${n} live offers ${pair}`);

  for (const t of terminations) expect(`termination:${t.agreementId}`, t.state === 'approved' ? 2 : 1);
  const waiting = countBy(terminations.filter((t) => t.state === 'submitted'), (t) => t.agreementId);
  for (const [agreementId, n] of waiting) if (n > 1) out.push(`terminations: ${n} waiting for agreement ${agreementId}`);

  for (const e of employers) expect(`uscc:${e.uscc}`, 1);
  const standing = countBy(employers.filter((e) => e.state !== 'rejected'), (e) => e.uscc);
  for (const [uscc, n] of standing) if (n > 1) out.push(`employers: ${n} registered or certified units with credit code ${uscc}`);

  for (const id of new Set([...counters.keys(), ...expected.keys()])) {
    if (!/^(agreementNo|offersTo|termination|uscc):/.test(id)) out.push(`counter ${id}: not a counter this suite knows`);
    else counted(out, id, counters.get(id)?.doc, expected.get(id) ?? 0);
  }

  for (const { doc } of s.ratelimits.values()) {
    const limit = limitOf(doc._id);
    if (!limit) out.push(`rate limit ${doc._id}: not a limit this suite knows`);
    else if (doc.count < 1 || doc.count > limit.max) out.push(`rate limit ${doc._id}: count ${doc.count} outside 1…${limit.max}`);
    else if (doc.window > Math.floor(Date.parse(now) / limit.windowMs)) out.push(`rate limit ${doc._id}: window ${doc.window} is in the future`);
  }
  return out;
}

/**
 * The summary counters the store keeps (port.ts SUMMARIES) equal a recount of the records, here counted afresh from
 * the snapshot: per summary, per value of its `by` fields, per value of its key fields, the sum over its shards. Each
 * summary document is a shard the summary has, and holds no count below one.
 */
function summariesAgree(s: Snapshot): string[] {
  const out: string[] = [];
  const stored = new Map<string, number>();
  const add = (into: Map<string, number>, label: string, n: number): void => void into.set(label, (into.get(label) ?? 0) + n);
  for (const { doc } of s.summaries.values()) {
    const parts = doc._id.split(':');
    const name = parts[0] as SummaryName;
    const summary = SUMMARIES[name];
    const shard = Number(parts.at(-1));
    const by = parts.slice(1, -1).map(decodeURIComponent);
    if (!summary || by.length !== summary.by.length || !Number.isInteger(shard) || shard < 0 || shard >= summary.shards) {
      out.push(`summary ${doc._id}: not a shard of a summary this suite knows`);
      continue;
    }
    for (const [key, n] of Object.entries(doc.counts)) {
      if (n < 1) out.push(`summary ${doc._id}: count ${key} is ${n}`);
      add(stored, `${name} [${by.join(',')}] ${key}`, n);
    }
  }
  const counted = new Map<string, number>();
  for (const [name, summary] of Object.entries(SUMMARIES)) {
    for (const record of docs(s, summary.collection)) {
      // a derived key (the approved placement of a destination) is what its one function computes from the record
      const field = (f: string): string => DERIVED_FIELDS[f]?.(record) ?? String((record as unknown as Record<string, unknown>)[f] ?? '');
      add(counted, `${name} [${summary.by.map(field).join(',')}] ${summary.key.map(field).join('|') || 'all'}`, 1);
    }
  }
  for (const label of new Set([...stored.keys(), ...counted.keys()])) {
    const [has, is] = [stored.get(label) ?? 0, counted.get(label) ?? 0];
    if (has !== is) out.push(`summary ${label}: the summaries hold ${has}, the records ${is}`);
  }
  return out;
}

/** A roster entry's openid and the user bound to it name each other; a redeemed invite names a user. */
function bindingsAgree(s: Snapshot): string[] {
  const out: string[] = [];
  for (const st of docs(s, 'students')) {
    if (!st.openid) continue;
    const user = s.users.get(st.openid)?.doc;
    if (user?.role !== 'student' || user.studentNo !== st.studentNo) out.push(`binding: roster ${st.studentNo} names ${st.openid}, who is not its student`);
  }
  for (const user of docs(s, 'users')) {
    if (user.role !== 'student') continue;
    if (s.students.get(user.studentNo ?? '')?.doc.openid !== user._id) out.push(`binding: student user ${user._id} is not on roster entry ${user.studentNo}`);
  }
  for (const invite of docs(s, 'invites')) {
    if (invite.usedBy && !s.users.has(invite.usedBy)) out.push(`binding: invite redeemed by ${invite.usedBy}, who is not a user`);
  }
  return out;
}

/** Nobody is told what is not for their role; every message sent is one outbox message marked sent. */
function messagesToTheirAudience(s: Snapshot, sent: readonly OutgoingMessage[]): string[] {
  const out: string[] = [];
  const audienceOk = (purpose: string, to: string): boolean => {
    const role = s.users.get(to)?.doc.role;
    return !!role && (AUDIENCE[purpose as Purpose] ?? []).includes(role);
  };
  for (const m of docs(s, 'outbox')) {
    if (!audienceOk(m.template, m.to)) out.push(`message: ${m._id} (${m.template}) queued for ${m.to} (${s.users.get(m.to)?.doc.role ?? 'no user'})`);
  }
  const templates = s.settings.get(SETTINGS_ID)?.doc.templates ?? {};
  const purposeOf = new Map(Object.entries(templates).map(([purpose, id]) => [id, purpose]));
  for (const m of sent) {
    const purpose = purposeOf.get(m.templateId) ?? `(template ${m.templateId})`;
    if (!audienceOk(purpose, m.touser)) out.push(`message: ${purpose} sent to ${m.touser} (${s.users.get(m.touser)?.doc.role ?? 'no user'})`);
  }
  const markedSent = docs(s, 'outbox').filter((m) => m.state === 'sent').length;
  if (markedSent !== sent.length) out.push(`message: ${sent.length} sent, ${markedSent} marked sent in the outbox`);
  return out;
}

/**
 * 毕业去向登记: one record per student under its key; an approved record has values in force; the report state and
 * 本人确认 are what the values say (reportStateOf, isConfirmed); a record names only a signed agreement of its own
 * student as what filled it, and every signed agreement has filled its student's record.
 */
function destinationsAgree(s: Snapshot): string[] {
  const out: string[] = [];
  const agreements = s.agreements;
  const filled = new Set<string>();
  for (const d of docs(s, 'destinations')) {
    if (d._id !== destinationId(d.studentNo)) out.push(`destination ${d._id}: not keyed by its 学号 ${d.studentNo}`);
    if (d.state === 'approved' && !d.approved) out.push(`destination ${d._id}: approved without values in force`);
    if (d.report.state !== reportStateOf(d)) out.push(`destination ${d._id}: report state ${d.report.state}, its values say ${reportStateOf(d)}`);
    if (d.confirmedHash && !isConfirmed(d)) out.push(`destination ${d._id}: confirmed values that are no longer in force`);
    if (d.agreementId) {
      const a = agreements.get(d.agreementId)?.doc;
      if (a?.state !== 'signed' || a.studentNo !== d.studentNo) out.push(`destination ${d._id}: filled by agreement ${d.agreementId}, ${a ? `${a.state} of ${a.studentNo}` : 'which does not exist'}`);
      if (d.approved?.type !== '10') out.push(`destination ${d._id}: filled by an agreement, in force as type ${d.approved?.type}`);
      filled.add(d.agreementId);
    }
  }
  const amended = new Set(docs(s, 'audit').filter((e) => e.record === 'destination' && e.action === 'amend').map((e) => e.recordId));
  for (const { doc: a } of agreements.values()) {
    const id = destinationId(a.studentNo);
    // a reviewer's 修改 after the deadline may put other values in force, naming no agreement
    if (a.state === 'signed' && !filled.has(a._id) && !amended.has(id)) out.push(`destination: signed agreement ${a._id} has not filled ${a.studentNo}'s record`);
  }
  return out;
}

/** Everything that must hold of the store after a step; `before` is the store before it (null for the seeded store). */
export function violations(before: Snapshot | null, after: Snapshot, now: string, sent: readonly OutgoingMessage[]): string[] {
  return [
    ...oneAgreement(after),
    ...(before ? terminalStays(before, after) : []),
    ...auditAppendOnly(before, after),
    ...versionIsChainLength(after),
    ...countersAgree(after, now),
    ...summariesAgree(after),
    ...bindingsAgree(after),
    ...messagesToTheirAudience(after, sent),
    ...destinationsAgree(after),
  ];
}
