/**
 * Peak hour on the local runtime: PEAK_STUDENTS students (default 2,000) each open 首页, 应约 the offer waiting for
 * them and open their 三方协议, all within PEAK_SECONDS (default 60), while the college and school reviewers page
 * their queues and approve what the 应约 sent them. Then every audit chain of the store is verified.
 *
 * `npm run peak` starts `npm start`'s command as a child process on a free port of 127.0.0.1 with a temporary
 * DATA_DIR, seeded beforehand with the demo school and the peak's students (bound, 生源信息核查 approved, one open
 * offer each, written through the same domain steps as seed.ts, so every record has its chain). The students' calls
 * are made by autocannon over PEAK_CONNECTIONS connections (default 50), paced to spread over the minute; the
 * reviewers' calls by fetch beside it. Bounded: exactly three calls a student, a hard stop at PEAK_MAX_SECONDS
 * (default 150), loopback only.
 *
 * Prints per call: count, p50/p95/p99 latency, errors by code and documented refusals by code; writes the figures
 * to bench-results/peak.json. Exits 1 when any call met an undocumented error (INTERNAL, another refusal, an HTTP
 * error, a timeout, a call never made) or any chain is broken. No figure of time passes or fails the run.
 */
import autocannon from 'autocannon';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ErrorCode, ItemOutcome, Page, QueueItem, QueueName, ReviewOutcome } from '../typings';
import { verifyAudit, type AuditReport } from '../server/app/verifyAudit';
import { checkId } from '../server/domain/checkFields';
import { sourceSchoolValues } from '../server/domain/checks';
import { withIdCheckDigit } from '../server/domain/identifiers';
import { step, touch } from '../server/domain/machine';
import { offerClaimId } from '../server/domain/offers';
import { employerParty, studentKeys } from '../server/domain/parties';
import type { Actor, AuditEntry, CheckDoc, EmployerDoc, OfferDoc, StudentDoc, UserDoc } from '../server/domain/types';
import { loadSettings } from '../server/app/settings';
import { LogFileSender } from '../server/notify/logSender';
import { randomId } from '../server/runtime/ids';
import { linkKey } from '../server/runtime/linkKey';
import { DEMO_EMPLOYER_ID, DEMO_OPENIDS, seedDemo } from '../server/runtime/seed';
import { MANUAL_FLOWS } from '../server/app/settings';
import { LocalFileStorage } from '../server/storage/local';
import { SqliteStore } from '../server/store/sqlite';
import type { Write } from '../server/store/port';
import { startRuntime, type RuntimeProcess } from '../tests/support/runtimeProcess';

/**
 * Refusals the contract documents for a crowd: a shared record (the year's agreement-number counter) still lost
 * after the retries (CONFLICT), a limit reached (RATE_LIMITED), a review item the batch had no time left to start
 * (NOT_PROCESSED). Anything else is an error.
 */
export const DOCUMENTED: readonly ErrorCode[] = ['CONFLICT', 'RATE_LIMITED', 'NOT_PROCESSED'];

export type CallKind = 'home' | 'respondOffer' | 'agreement' | 'reviewQueue' | 'review';
const KINDS: readonly CallKind[] = ['home', 'respondOffer', 'agreement', 'reviewQueue', 'review'];

export interface CallFigures {
  count: number;
  ok: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: Record<string, number>;
  refusals: Record<string, number>;
}

export interface PeakOptions {
  students: number;
  /** the span the students' calls are spread over; 0: as fast as the connections go */
  seconds: number;
  /** the most connections the students' calls use at once */
  connections: number;
  /** the hard stop of the load, reviewers' draining included */
  maxSeconds: number;
  /** progress lines; default silent */
  log?: (line: string) => void;
}

export interface PeakFigures {
  students: number;
  connections: number;
  targetSeconds: number;
  /** wall time of the students' calls */
  loadSeconds: number;
  /** wall time until the reviewers had approved everything the 应约 sent them */
  drainSeconds: number;
  prepareSeconds: number;
  calls: Record<CallKind, CallFigures>;
  /** review items by outcome: approved, or the code of the item's refusal */
  reviewItems: Record<string, number>;
  agreements: { signed: number; pending: number };
  audit: { records: number; entries: number; broken: AuditReport['broken'] };
  /** what failed the run; empty when it passed */
  failures: string[];
}

const admin: Actor = { openid: 'admin', role: 'admin' };
const COLLEGES = [
  { collegeId: 'cs', collegeName: '计算机学院', major: '软件工程', reviewer: DEMO_OPENIDS.collegeReviewer },
  { collegeId: 'em', collegeName: '经济管理学院', major: '会计学', reviewer: DEMO_OPENIDS.collegeReviewerEm },
] as const;

export const peakOpenid = (n: number): string => `peak-student-${n}`;
const peakStudentNo = (n: number): string => `20269${String(n).padStart(5, '0')}`;
const peakOfferId = (n: number): string => `offer-peak-${n}`;

/**
 * The demo school, then `count` students written as an import, a binding, an approved 生源信息核查 and an offer from
 * the demo unit would leave them: one commit per student with every record's audit entries.
 */
export async function seedPeak(dataDir: string, count: number): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const store = new SqliteStore({ path: path.join(dataDir, 'store.sqlite') });
  const clock = (): Date => new Date();
  try {
    const files = new LocalFileStorage(path.join(dataDir, 'files'), '', { key: linkKey(dataDir), clock });
    // the manual's signing (college, then school): the unit's seal step is uploads a peak hour at the desk does not see
    await seedDemo({ store, files, sender: new LogFileSender(path.join(dataDir, 'messages.log')), clock, newId: randomId }, MANUAL_FLOWS);
    const employer = (await store.get('employers', DEMO_EMPLOYER_ID)) as EmployerDoc;
    const { offerTtlDays } = await loadSettings(store);
    for (let n = 1; n <= count; n++) {
      const now = clock().toISOString();
      const college = COLLEGES[n % COLLEGES.length]!;
      const studentNo = peakStudentNo(n);
      const openid = peakOpenid(n);
      const birth = new Date(Date.UTC(2003, 0, 1) + Math.floor(n / 1000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
      const writes: Write[] = [];
      const audit: AuditEntry[] = [];
      const imported = touch<StudentDoc>({
        record: 'student', current: null, id: studentNo, action: 'import', actor: admin, now, from: null, to: 'bound',
        patch: {
          studentNo, name: `高峰${n}`, idNumber: withIdCheckDigit(`440305${birth}${String(n % 1000).padStart(3, '0')}`),
          gender: n % 2 ? '男' : '女', collegeId: college.collegeId, collegeName: college.collegeName, major: college.major,
          educationLevel: '31', graduationYear: 2026,
          source: { ethnicity: '汉族', politicalStatus: '共青团员', originRegion: '440305' },
          employment: {}, openid, activeAgreementId: null,
        },
      });
      const student = imported.doc;
      const bound = touch<UserDoc>({
        record: 'user', current: null, id: openid, action: 'bind', actor: admin, now, from: null, to: 'student',
        patch: { role: 'student', studentNo },
      });
      const self: Actor = { openid, role: 'student' };
      const fields = { ...sourceSchoolValues(student), phone: '13800138000', email: `peak${n}@example.com`, homeAddress: '广东省深圳市南山区科技园1号' };
      const submitted = step<'check', CheckDoc>({
        kind: 'check', current: null, id: checkId('source', studentNo), action: 'submit', actor: self, now,
        patch: { kind: 'source', ...studentKeys(student), fields, schoolValues: sourceSchoolValues(student), submittedAt: now },
      });
      const approved = step<'check', CheckDoc>({
        kind: 'check', current: submitted.doc, id: submitted.doc._id, action: 'approve',
        actor: { openid: college.reviewer, role: 'collegeReviewer' }, now, patch: {},
      });
      const offer = step<'offer', OfferDoc>({
        kind: 'offer', current: null, id: peakOfferId(n), action: 'create', actor: { openid: DEMO_OPENIDS.employer, role: 'employer' }, now,
        patch: {
          ...studentKeys(student),
          employerId: DEMO_EMPLOYER_ID,
          employer: employerParty(employer),
          terms: {
            job: { title: '软件开发工程师', region: '440305', monthlySalary: 12000 + (n % 50) * 100, contractYears: 3, startDate: '2026-07-01' },
            file: { transfer: false },
            hukou: { migrate: false },
          },
          expiresAt: new Date(clock().getTime() + offerTtlDays * 86_400_000).toISOString(),
          senderOpenid: DEMO_OPENIDS.employer,
        },
      });
      writes.push(
        { collection: 'students', doc: student, expectedVersion: 0 },
        { collection: 'users', doc: bound.doc, expectedVersion: 0 },
        { collection: 'checks', doc: approved.doc, expectedVersion: 0 },
        { collection: 'offers', doc: offer.doc, expectedVersion: 0 },
        { collection: 'counters', doc: { _id: offerClaimId(studentNo), version: 1, value: 1 }, expectedVersion: 0 },
      );
      audit.push(imported.audit, bound.audit, submitted.audit, approved.audit, offer.audit);
      await store.commit({ writes, audit, outbox: [] });
    }
  } finally {
    await store.close();
  }
}

/** Latencies and outcomes of one kind of call. */
class Tally {
  readonly ms: number[] = [];
  ok = 0;
  readonly errors: Record<string, number> = {};
  readonly refusals: Record<string, number> = {};

  /** `documented`: a refusal the run expects whatever its code (it follows from an earlier documented one) */
  record(ms: number, outcome: string | null, documented = false): void {
    this.ms.push(ms);
    if (outcome === null) this.ok += 1;
    else if (documented || (DOCUMENTED as readonly string[]).includes(outcome)) this.refusals[outcome] = (this.refusals[outcome] ?? 0) + 1;
    else this.errors[outcome] = (this.errors[outcome] ?? 0) + 1;
  }

  error(code: string, n = 1): void {
    this.errors[code] = (this.errors[code] ?? 0) + n;
  }

  figures(): CallFigures {
    const sorted = [...this.ms].sort((a, b) => a - b);
    const at = (q: number): number => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! * 10) / 10 : 0);
    return { count: sorted.length, ok: this.ok, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), maxMs: at(1), errors: this.errors, refusals: this.refusals };
  }
}

/** null for `{ok:true}`; else the answer's code, or what was wrong with the answer itself. */
function outcomeOf(status: number, body: string): { outcome: string | null; data?: unknown } {
  if (status !== 200) return { outcome: `HTTP_${status}` };
  try {
    const answer = JSON.parse(body) as { ok?: boolean; code?: string; data?: unknown };
    if (answer.ok === true) return { outcome: null, data: answer.data };
    return { outcome: answer.code ?? 'NO_CODE' };
  } catch {
    return { outcome: 'NOT_JSON' };
  }
}

/** The largest divisor of `n` not above `max`: each connection then runs whole students (autocannon splits the count evenly). */
const connectionsFor = (n: number, max: number): number => {
  for (let c = Math.min(n, max); c > 1; c--) if (n % c === 0) return c;
  return 1;
};

interface StudentContext {
  n?: number;
  agreementId?: string;
  /** the 应约 was refused with a documented code: the student has no agreement to open */
  refused?: boolean;
}

/** The students' calls: per connection, one student after another, 首页 → 应约 → 三方协议. */
async function studentLoad(url: string, o: PeakOptions, tallies: Record<CallKind, Tally>, deadline: number): Promise<number> {
  const connections = connectionsFor(o.students, o.connections);
  const amount = o.students * 3;
  let next = 0;
  // onResponse runs just before the instance's `response` event for the same answer: this carries it across
  let answered: { kind: CallKind; outcome: string | null; documented: boolean } | null = null;
  const post = (kind: CallKind, setup: (ctx: StudentContext) => { openid: string; body: unknown }): autocannon.Request => ({
    method: 'POST',
    path: kind === 'respondOffer' ? '/fn/respondOffer' : '/fn/query',
    setupRequest: (req, context) => {
      const { openid, body } = setup(context as StudentContext);
      return { ...req, headers: { 'content-type': 'application/json', 'x-wx-openid': openid }, body: JSON.stringify(body) };
    },
    onResponse: (status, body, context) => {
      const ctx = context as StudentContext;
      const { outcome, data } = outcomeOf(status, body);
      if (kind === 'respondOffer' && outcome === null) ctx.agreementId = (data as { id: string }).id;
      if (kind === 'respondOffer' && outcome !== null) ctx.refused = (DOCUMENTED as readonly string[]).includes(outcome);
      answered = { kind, outcome, documented: kind === 'agreement' && !!ctx.refused && outcome === 'NOT_FOUND' };
    },
  });
  const requests = [
    post('home', (ctx) => {
      ctx.n = ++next;
      ctx.agreementId = undefined;
      ctx.refused = false;
      return { openid: peakOpenid(ctx.n), body: { view: 'home' } };
    }),
    post('respondOffer', (ctx) => ({
      openid: peakOpenid(ctx.n!),
      body: { action: 'accept', requestId: `peak-accept-${ctx.n}`, offerId: peakOfferId(ctx.n!), version: 1 },
    })),
    // after a refused 应约 the screen opens on whatever agreement the student has: none, a NOT_FOUND counted with
    // the documented refusals, since it follows from one
    post('agreement', (ctx) => ({ openid: peakOpenid(ctx.n!), body: ctx.agreementId ? { view: 'agreement', id: ctx.agreementId } : { view: 'agreement' } })),
  ];
  const started = performance.now();
  let finished: (result: autocannon.Result) => void = () => undefined;
  let failed: (e: unknown) => void = () => undefined;
  const ended = new Promise<autocannon.Result>((resolve, reject) => {
    finished = resolve;
    failed = reject;
  });
  const instance = autocannon({
    url,
    connections,
    amount,
    ...(o.seconds > 0 ? { overallRate: Math.max(connections, Math.ceil(amount / o.seconds)) } : {}),
    timeout: 20,
    requests,
    initialContext: {},
  }, (err: unknown, result) => (err ? failed(err) : finished(result)));
  instance.on('response', (_client, _status, _bytes, ms) => {
    if (!answered) return;
    tallies[answered.kind].record(ms, answered.outcome, answered.documented);
    answered = null;
  });
  const stop = setTimeout(() => instance.stop(), Math.max(1, deadline - Date.now()));
  const result = await ended;
  clearTimeout(stop);
  const seconds = (performance.now() - started) / 1000;
  if (result.timeouts) tallies.home.error('TIMEOUT (any call)', result.timeouts);
  if (result.errors > result.timeouts) tallies.home.error('CONNECTION (any call)', result.errors - result.timeouts);
  for (const kind of ['home', 'respondOffer', 'agreement'] as const) {
    const missing = o.students - tallies[kind].ms.length;
    if (missing > 0) tallies[kind].error('NOT_MADE', missing);
  }
  return seconds;
}

/** One reviewer: pages its queue and approves what it finds, until the students are done and the queue is empty. */
async function reviewer(
  url: string,
  openid: string,
  queue: QueueName,
  tallies: Record<CallKind, Tally>,
  items: Record<string, number>,
  done: () => boolean,
  deadline: number,
): Promise<void> {
  let seq = 0;
  const call = async <T>(kind: CallKind, fn: string, event: unknown): Promise<T | null> => {
    const start = performance.now();
    try {
      const res = await fetch(`${url}/fn/${fn}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(20_000),
      });
      const { outcome, data } = outcomeOf(res.status, await res.text());
      tallies[kind].record(performance.now() - start, outcome);
      return outcome === null ? (data as T) : null;
    } catch (e) {
      tallies[kind].record(performance.now() - start, e instanceof Error && e.name === 'TimeoutError' ? 'TIMEOUT' : 'CONNECTION');
      return null;
    }
  };
  while (Date.now() < deadline) {
    // read before asking: an empty queue read after the students finished is truly empty
    const finished = done();
    const page = await call<Page<QueueItem>>('reviewQueue', 'query', { view: 'reviewQueue', queue, limit: 20 });
    const found = page?.items ?? [];
    if (found.length === 0) {
      if (finished) return;
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    const outcome = await call<ReviewOutcome>('review', 'review', {
      requestId: `peak-review-${openid}-${++seq}`,
      decision: 'approve',
      items: found.map((i) => ({ record: i.record, id: i.id, version: i.version })),
    });
    for (const r of outcome?.results ?? ([] as ItemOutcome[])) {
      const key = r.ok ? 'approved' : r.code;
      items[key] = (items[key] ?? 0) + 1;
    }
  }
}

/** Prepares, starts the runtime, runs the load and the reviewers, stops the runtime and verifies every chain. */
export async function runPeak(o: PeakOptions): Promise<PeakFigures> {
  const log = o.log ?? (() => undefined);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'peak-'));
  let runtime: RuntimeProcess | undefined;
  try {
    const prepStart = performance.now();
    await seedPeak(dataDir, o.students);
    const prepareSeconds = (performance.now() - prepStart) / 1000;
    log(`prepared ${o.students} students with an open offer each in ${prepareSeconds.toFixed(1)} s`);
    runtime = await startRuntime(dataDir);
    log(`runtime at ${runtime.url}`);

    const tallies = Object.fromEntries(KINDS.map((k) => [k, new Tally()])) as Record<CallKind, Tally>;
    const reviewItems: Record<string, number> = {};
    const deadline = Date.now() + o.maxSeconds * 1000;
    let studentsDone = false;
    const started = performance.now();
    let collegesDone = false;
    const collegeLoops = Promise.all(
      COLLEGES.map((c) => reviewer(runtime!.url, c.reviewer, 'agreementCollege', tallies, reviewItems, () => studentsDone, deadline)),
    ).finally(() => {
      collegesDone = true;
    });
    // the school's queue fills as the colleges approve: its reviewer stops only once they have stopped
    const schoolLoop = reviewer(runtime.url, DEMO_OPENIDS.schoolReviewer, 'agreementSchool', tallies, reviewItems, () => collegesDone, deadline);
    const loadSeconds = await studentLoad(runtime.url, o, tallies, deadline).finally(() => {
      studentsDone = true;
    });
    log(`students' calls done in ${loadSeconds.toFixed(1)} s`);
    await Promise.all([collegeLoops, schoolLoop]);
    const drainSeconds = (performance.now() - started) / 1000;
    await runtime.stop();
    runtime = undefined;

    const store = new SqliteStore({ path: path.join(dataDir, 'store.sqlite') });
    let report: AuditReport;
    let agreements: PeakFigures['agreements'];
    try {
      report = await verifyAudit(store, { files: new LocalFileStorage(path.join(dataDir, 'files'), '', { key: linkKey(dataDir) }) });
      const [signed, pendingCollege, pendingSchool] = await Promise.all(
        ['signed', 'pendingCollege', 'pendingSchool'].map((state) => store.count('agreements', [{ field: 'state', op: '==', value: state }])),
      );
      agreements = { signed: signed!, pending: pendingCollege! + pendingSchool! };
    } finally {
      await store.close();
    }

    const calls = Object.fromEntries(KINDS.map((k) => [k, tallies[k].figures()])) as Record<CallKind, CallFigures>;
    const failures = [
      ...KINDS.flatMap((k) => Object.entries(calls[k].errors).map(([code, n]) => `${k}: ${n} × ${code}`)),
      ...Object.entries(reviewItems).filter(([code]) => code !== 'approved' && !(DOCUMENTED as readonly string[]).includes(code)).map(([code, n]) => `review item: ${n} × ${code}`),
      ...(report.broken.length ? [`${report.broken.length} broken audit chain(s)`] : []),
    ];
    return {
      students: o.students,
      connections: connectionsFor(o.students, o.connections),
      targetSeconds: o.seconds,
      loadSeconds,
      drainSeconds,
      prepareSeconds,
      calls,
      reviewItems,
      agreements,
      audit: { records: report.records, entries: report.entries, broken: report.broken },
      failures,
    };
  } finally {
    if (runtime) await runtime.crash();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const LABELS: Record<CallKind, string> = {
  // ASCII, so that the columns line up in a terminal
  home: 'query home',
  respondOffer: 'respondOffer accept',
  agreement: 'query agreement',
  reviewQueue: 'query reviewQueue',
  review: 'review approve',
};

const codes = (m: Record<string, number>): string => Object.entries(m).map(([c, n]) => `${c} ${n}`).join(', ') || '-';

export function describePeak(f: PeakFigures): string[] {
  return [
    `peak: ${f.students} students × (首页 + 应约 + 三方协议) over ${f.connections} connections` +
      `${f.targetSeconds > 0 ? `, paced over ${f.targetSeconds} s` : ''}: done in ${f.loadSeconds.toFixed(1)} s; ` +
      `reviewers drained in ${f.drainSeconds.toFixed(1)} s (data prepared in ${f.prepareSeconds.toFixed(1)} s)`,
    `  ${'call'.padEnd(22)} ${'count'.padStart(6)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)}  errors / documented refusals`,
    ...KINDS.map((k) => {
      const c = f.calls[k];
      const ms = (v: number): string => `${v.toFixed(1)}ms`.padStart(8);
      return `  ${LABELS[k].padEnd(22)} ${String(c.count).padStart(6)} ${ms(c.p50Ms)} ${ms(c.p95Ms)} ${ms(c.p99Ms)} ${ms(c.maxMs)}  ${codes(c.errors)} / ${codes(c.refusals)}`;
    }),
    `  review items: ${codes(f.reviewItems)}; agreements signed ${f.agreements.signed}, still pending ${f.agreements.pending}`,
    `  audit: ${f.audit.records} chains, ${f.audit.entries} entries, ${f.audit.broken.length ? `${f.audit.broken.length} BROKEN` : 'every chain verifies'}`,
    f.failures.length ? `FAILED: ${f.failures.join('; ')}` : 'passed: no undocumented error, every chain verifies',
  ];
}

const knob = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} 应为非负整数，收到 ${raw}`);
  return n;
};

if (require.main === module) {
  (async () => {
    const options: PeakOptions = {
      students: knob('PEAK_STUDENTS', 2000),
      seconds: knob('PEAK_SECONDS', 60),
      connections: knob('PEAK_CONNECTIONS', 50),
      maxSeconds: knob('PEAK_MAX_SECONDS', 150),
      log: (line) => console.log(line),
    };
    if (options.students < 1 || options.students > 99_999) throw new Error('PEAK_STUDENTS 应在 1 到 99999 之间');
    if (options.connections < 1) throw new Error('PEAK_CONNECTIONS 至少为 1');
    const figures = await runPeak(options);
    console.log(describePeak(figures).join('\n'));
    const out = path.join(__dirname, '..', 'bench-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'peak.json'), `${JSON.stringify({ at: new Date().toISOString(), ...figures }, null, 2)}\n`);
    if (figures.failures.length) process.exitCode = 1;
  })().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
