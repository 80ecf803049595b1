/**
 * `npm run bench:province`: a province's season on the embedded store. Generates PROVINCE_GRADUATES graduates
 * (default 400,000) across PROVINCE_SCHOOLS schools' worth of colleges (default 20 × 12) into a SQLite file under a
 * temporary folder, with records in every state and a year of audit entries, then measures through the query
 * function: the reviewer queue page, the queue counts, the student home and the statistics (p50/p95 over
 * PROVINCE_RUNS calls each), and verify-audit over the whole store (entries per second). Writes
 * bench-results/province.json. Figures only: nothing here passes or fails on a number.
 *
 * Going through the use cases would take hours at this size, so documents are generated directly, in the shapes the
 * domain builders give, and written in bulk. Every record's chain is real (hashes, links, seq, its head and its last
 * entry's content seal match the record, so verify-audit finds nothing broken); an earlier entry carries the final
 * content's seal rather than the content of its own moment, which verify-audit does not read.
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { QueryEvent, QueueName, Role } from '../typings';
import { GENESIS, hashEntry, auditId, sealContent } from '../server/domain/audit';
import type {
  AgreementDoc,
  AuditedRecord,
  AuditEntry,
  CheckDoc,
  College,
  CollectionName,
  Doc,
  SettingsDoc,
  TerminationDoc,
  Tracked,
  UserDoc,
} from '../server/domain/types';
import type { Deps } from '../server/app/deps';
import { DEFAULT_SETTINGS, SETTINGS_ID } from '../server/app/settings';
import { verifyAudit } from '../server/app/verifyAudit';
import { invoke } from '../server/runtime/handler';
import { COLLECTION_NAMES } from '../server/store/port';
import { addDeltas, applyDeltas, netDeltas, type SummaryDeltas } from '../server/store/summaries';
import { SqliteStore } from '../server/store/sqlite';
import type { FileStorage } from '../server/storage/port';
import { query } from '../server/usecases/query';
import { aSourceCheck, anAgreement, anEmployer, anEmploymentCheck, anOffer, aStudent, aTermination, TERMS } from '../tests/domain/builders';

const ROOT = path.resolve(__dirname, '..');
const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const n = raw ? Number(raw) : fallback;
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number`);
  return n;
};
const GRADUATES = num('PROVINCE_GRADUATES', 400_000);
const SCHOOLS = num('PROVINCE_SCHOOLS', 20);
const COLLEGES_PER_SCHOOL = num('PROVINCE_COLLEGES', 12);
const MAJORS_PER_COLLEGE = 6;
/** a unit for every hundred graduates: the library a season's offers come from */
const unitsFor = (graduates: number): number => Math.max(50, Math.round(graduates / 100));
const RUNS = num('PROVINCE_RUNS', 300);

/** The season: a year of changes, the reads measured at its end. */
const SEASON_START = Date.parse('2025-09-01T00:00:00.000Z');
const YEAR_MS = 365 * 86_400_000;
export const NOW = new Date(SEASON_START + YEAR_MS);

/** Deterministic, so two runs of one size measure the same data set. */
let seed = 0x2026;
const random = (): number => {
  seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
  return seed / 0x1_0000_0000;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const at = (ms: number): string => new Date(ms).toISOString();

interface Step {
  from: string | null;
  to: string;
  action: string;
  role: Role;
  openid: string;
}

/**
 * The record's chain: one sealed entry per step, a day or so apart from `start`; the record takes the last one's seq
 * as its version, its time as updatedAt and its hash as its head.
 */
function chained<D extends Tracked>(record: AuditedRecord, doc: D, steps: readonly Step[], start: number): { doc: D; entries: AuditEntry[] } {
  let t = start;
  const times = steps.map(() => (t += Math.floor(random() * 3 * 86_400_000) + 60_000));
  const final = { ...doc, version: steps.length, createdAt: at(start), updatedAt: at(times[times.length - 1]!) } as D;
  const { auditHead: _unused, ...content } = final;
  const seal = sealContent(content);
  let prevHash = GENESIS;
  const entries = steps.map((s, i): AuditEntry => {
    const body = {
      record,
      recordId: doc._id,
      seq: i + 1,
      from: s.from,
      to: s.to,
      action: s.action,
      actor: { openid: s.openid, role: s.role },
      at: at(times[i]!),
      ...seal,
      prevHash,
    };
    const hash = hashEntry(body);
    prevHash = hash;
    return { ...body, _id: auditId(record, doc._id, i + 1), version: 1, hash };
  });
  return { doc: { ...final, auditHead: prevHash }, entries };
}

export const studentNoOf = (i: number): string => `2026${String(i).padStart(7, '0')}`;
export const SCHOOL_OPENID = 'province-school-reviewer';
export const collegeReviewer = (collegeId: string): string => `province-reviewer-${collegeId}`;
const studentOpenid = (studentNo: string): string => `province-student-${studentNo}`;
const employerId = (i: number): string => `province-emp-${String(i).padStart(6, '0')}`;
const usccOf = (i: number): string => `91440300MA${String(i).padStart(7, '0')}X`;

const NAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰', '涛', '明', '超', '霞'];

interface Writer {
  put(collection: CollectionName, doc: Doc): void;
}

export function colleges(): College[] {
  const out: College[] = [];
  for (let s = 1; s <= SCHOOLS; s++) {
    for (let c = 1; c <= COLLEGES_PER_SCHOOL; c++) {
      out.push({ id: `s${String(s).padStart(2, '0')}c${String(c).padStart(2, '0')}`, name: `第${s}校第${c}学院` });
    }
  }
  return out;
}

/** The school's side: settings, reviewers (one per college and the school's), the units of the library. */
function generateSchool(w: Writer, list: College[], units: number): void {
  const put = (collection: CollectionName, record: AuditedRecord, doc: Tracked, steps: Step[], start: number): void => {
    const c = chained(record, doc, steps, start);
    w.put(collection, c.doc);
    for (const e of c.entries) w.put('audit', e);
  };
  const admin = { role: 'admin' as Role, openid: 'admin' };
  const settings: SettingsDoc = { ...DEFAULT_SETTINGS, colleges: list, _id: SETTINGS_ID, version: 1, createdAt: '', updatedAt: '', auditHead: '' };
  put('settings', 'settings', settings, [{ from: null, to: 'active', action: 'init', ...admin }], SEASON_START);
  const reviewer = (openid: string, role: Role, collegeId?: string): void =>
    put('users', 'user', { _id: openid, version: 1, createdAt: '', updatedAt: '', auditHead: '', role, ...(collegeId ? { collegeId } : {}) } as UserDoc,
      [{ from: null, to: 'bound', action: 'bind', role, openid }], SEASON_START);
  reviewer(SCHOOL_OPENID, 'schoolReviewer');
  for (const c of list) reviewer(collegeReviewer(c.id), 'collegeReviewer', c.id);
  for (let i = 0; i < units; i++) {
    const state = random() < 0.9 ? 'certified' : random() < 0.5 ? 'registered' : 'rejected';
    const doc = anEmployer(state, { _id: employerId(i), name: `示例单位${i}有限公司`, uscc: usccOf(i), registrantOpenid: `province-hr-${i}` });
    const steps: Step[] = [{ from: null, to: 'registered', action: 'register', role: 'employer', openid: `province-hr-${i}` }];
    if (state !== 'registered') steps.push({ from: 'registered', to: state, action: state === 'certified' ? 'certify' : 'reject', role: 'schoolReviewer', openid: SCHOOL_OPENID });
    put('employers', 'employer', doc, steps, SEASON_START + random() * YEAR_MS * 0.5);
  }
}

/** One graduate and what their season left: roster entry, binding, checks, offers, agreements, terminations. */
function generateGraduate(w: Writer, i: number, college: College, studentNo: string, units: number): void {
  const put = (collection: CollectionName, record: AuditedRecord, doc: Tracked, steps: Step[], start: number): Tracked => {
    const c = chained(record, doc, steps, start);
    w.put(collection, c.doc);
    for (const e of c.entries) w.put('audit', e);
    return c.doc;
  };
  const openid = studentOpenid(studentNo);
  const name = `${pick(NAMES)}${pick(GIVEN)}${pick(GIVEN)}`;
  const major = `专业${1 + Math.floor(random() * MAJORS_PER_COLLEGE)}`;
  const keys = { studentNo, studentName: name, collegeId: college.id, major };
  const admin: Pick<Step, 'role' | 'openid'> = { role: 'admin', openid: 'admin' };
  const me: Pick<Step, 'role' | 'openid'> = { role: 'student', openid };
  const college$: Pick<Step, 'role' | 'openid'> = { role: 'collegeReviewer', openid: collegeReviewer(college.id) };
  const school$: Pick<Step, 'role' | 'openid'> = { role: 'schoolReviewer', openid: SCHOOL_OPENID };
  let t = SEASON_START + random() * YEAR_MS * 0.3;
  const later = (): number => (t += random() * YEAR_MS * 0.1);

  const bound = random() < 0.88;
  const unit = Math.floor(random() * units);
  const emp = { employerId: employerId(unit), name: `示例单位${unit}有限公司`, uscc: usccOf(unit) };

  // the agreement decides the roster entry's lock, so it is drawn first
  const r = random();
  const sourceState = !bound ? null : r < 0.08 ? null : r < 0.12 ? 'draft' : r < 0.25 ? 'submitted' : r < 0.33 ? 'returned' : 'approved';
  const a = random();
  const agreementState =
    sourceState !== 'approved' ? null
    : a < 0.45 ? 'signed'
    : a < 0.55 ? 'pendingCollege'
    : a < 0.61 ? 'pendingSchool'
    : a < 0.64 ? 'returned'
    : a < 0.66 ? 'terminated'
    : a < 0.68 ? 'cancelled'
    : a < 0.7 ? 'draft'
    : null;
  const agreementIdOf = `province-agr-${studentNo}`;
  const active = agreementState === 'signed' || agreementState === 'pendingCollege' || agreementState === 'pendingSchool' || agreementState === 'returned';

  put('students', 'student', aStudent({ _id: studentNo, studentNo, name, collegeId: college.id, collegeName: college.name, major, openid: bound ? openid : null, activeAgreementId: active ? agreementIdOf : null }),
    [{ from: null, to: 'imported', action: 'import', ...admin }, ...(bound ? [{ from: 'imported', to: 'bound', action: 'bind', ...me }] : [])], t);
  if (!bound) return;
  put('users', 'user', { _id: openid, version: 1, createdAt: '', updatedAt: '', auditHead: '', role: 'student', studentNo } as UserDoc,
    [{ from: null, to: 'bound', action: 'bind', ...me }], later());

  if (sourceState) {
    const steps: Step[] = [{ from: null, to: 'draft', action: 'save', ...me }];
    if (sourceState !== 'draft') steps.push({ from: 'draft', to: 'submitted', action: 'submit', ...me });
    if (sourceState === 'approved' || sourceState === 'returned') steps.push({ from: 'submitted', to: sourceState, action: sourceState === 'approved' ? 'approve' : 'return', ...college$ });
    put('checks', 'check', aSourceCheck(sourceState, { _id: `source:${studentNo}`, ...keys, fields: { studentNo, name, phone: `138${String(i).padStart(8, '0')}`, email: `s${studentNo}@example.com`, homeAddress: '某省某市某区某街道1号' }, schoolValues: { studentNo, name } }), steps, later());
  }
  // a student still looking has an offer waiting, now and then
  if (random() < 0.12) {
    const start = later();
    put('offers', 'offer', anOffer({ _id: `province-offer-open-${studentNo}`, ...keys, employerId: emp.employerId, employer: { ...anOffer().employer, ...emp }, expiresAt: at(NOW.getTime() + (1 + random() * 13) * 86_400_000), senderOpenid: `province-hr-${unit}` }),
      [{ from: null, to: 'open', action: 'send', role: 'employer', openid: `province-hr-${unit}` }], start);
  }
  if (!agreementState) return;
  const fromOffer = agreementState !== 'draft' && agreementState !== 'cancelled';
  if (fromOffer) {
    put('offers', 'offer', anOffer({ _id: `province-offer-${studentNo}`, ...keys, state: 'accepted', agreementId: agreementIdOf, employerId: emp.employerId, employer: { ...anOffer().employer, ...emp }, senderOpenid: `province-hr-${unit}` }),
      [{ from: null, to: 'open', action: 'send', role: 'employer', openid: `province-hr-${unit}` }, { from: 'open', to: 'accepted', action: 'accept', ...me }], later());
  }
  const steps: Step[] = fromOffer ? [{ from: null, to: 'pendingCollege', action: 'accept', ...me }] : [{ from: null, to: 'draft', action: 'save', ...me }];
  if (agreementState === 'cancelled') steps.push({ from: 'draft', to: 'pendingCollege', action: 'submit', ...me }, { from: 'pendingCollege', to: 'cancelled', action: 'cancel', ...me });
  if (agreementState === 'returned') steps.push({ from: 'pendingCollege', to: 'returned', action: 'return', ...college$ });
  if (agreementState === 'pendingSchool' || agreementState === 'signed' || agreementState === 'terminated') steps.push({ from: 'pendingCollege', to: 'pendingSchool', action: 'approve', ...college$ });
  if (agreementState === 'signed' || agreementState === 'terminated') steps.push({ from: 'pendingSchool', to: 'signed', action: 'approve', ...school$ });
  if (agreementState === 'terminated') steps.push({ from: 'signed', to: 'terminated', action: 'terminate', ...school$ });
  const party = { ...anAgreement().content.student, studentNo, name, collegeId: college.id, collegeName: college.name, major };
  const agreement = put('agreements', 'agreement', anAgreement(agreementState, {
    _id: agreementIdOf, ...keys, origin: fromOffer ? 'offer' : 'student',
    agreementNo: agreementState === 'draft' ? null : `2026${String(10_000 + i).slice(-5)}31${String(i).padStart(6, '0')}`,
    ...(fromOffer ? { offerId: `province-offer-${studentNo}`, employerOpenid: `province-hr-${unit}` } : {}),
    employerId: emp.employerId, employerName: emp.name, studentOpenid: openid,
    content: { ...TERMS, student: party, employer: { ...anAgreement().content.employer, ...emp } },
  }), steps, later()) as AgreementDoc;

  if (agreementState === 'terminated' || (agreementState === 'signed' && random() < 0.03)) {
    const state = agreementState === 'terminated' ? 'approved' : 'submitted';
    const tSteps: Step[] = [{ from: null, to: 'submitted', action: 'submit', ...me }];
    if (state === 'approved') tSteps.push({ from: 'submitted', to: 'approved', action: 'approve', ...school$ });
    put('terminations', 'termination', aTermination(state, { _id: `province-term-${studentNo}`, ...keys, agreementId: agreement._id, studentOpenid: openid }) as TerminationDoc, tSteps, later());
  }
  if (agreementState === 'signed' && random() < 0.75) {
    const e = random();
    const state = e < 0.25 ? 'submitted' : e < 0.3 ? 'returned' : 'approved';
    const eSteps: Step[] = [{ from: null, to: 'draft', action: 'save', ...me }, { from: 'draft', to: 'submitted', action: 'submit', ...me }];
    if (state !== 'submitted') eSteps.push({ from: 'submitted', to: state, action: state === 'approved' ? 'approve' : 'return', ...college$ });
    put('checks', 'check', anEmploymentCheck(state, { _id: `employment:${studentNo}`, ...keys }) as CheckDoc, eSteps, later());
  }
}

export interface Generated {
  file: string;
  dir: string;
  graduates: number;
  units: number;
  seconds: number;
  cpuSeconds: number;
  rows: Record<string, number>;
  indexSeconds: number;
}

/** Bulk rows without indexes, in large transactions; the store builds its indexes once at the end. */
export function generate(graduates: number = GRADUATES, progress?: (done: number) => void): Generated {
  const units = unitsFor(graduates);
  const dir = mkdtempSync(path.join(tmpdir(), 'province-'));
  const file = path.join(dir, 'store.db');
  const db = new Database(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  const rows: Record<string, number> = {};
  const inserts = new Map<string, Database.Statement>();
  for (const name of COLLECTION_NAMES) {
    db.exec(`CREATE TABLE IF NOT EXISTS "${name}" (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL)`);
    inserts.set(name, db.prepare(`INSERT INTO "${name}" (id, version, body) VALUES (?, ?, ?)`));
  }
  // the summary counters the store keeps on every write (port.ts SUMMARIES), as a season of writes would have left them
  const summaries: SummaryDeltas = new Map();
  const w: Writer = {
    put(collection, doc) {
      inserts.get(collection)!.run(doc._id, doc.version, JSON.stringify(doc));
      rows[collection] = (rows[collection] ?? 0) + 1;
      addDeltas(summaries, collection, null, doc);
    },
  };
  const list = colleges();
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  db.transaction(() => generateSchool(w, list, units))();
  const batch = 5_000;
  for (let from = 0; from < graduates; from += batch) {
    db.transaction(() => {
      for (let i = from; i < Math.min(graduates, from + batch); i++) {
        const college = list[i % list.length]!;
        generateGraduate(w, i, college, studentNoOf(i), units);
      }
    })();
    progress?.(Math.min(graduates, from + batch));
  }
  db.transaction(() => {
    for (const [id, counts] of netDeltas(summaries)) w.put('summaries', applyDeltas(id, null, counts));
  })();
  const written = performance.now();
  db.close();
  // the real store opens the file and builds every index of INDEXES
  new SqliteStore({ path: file }).close().catch(() => undefined);
  const indexed = performance.now();
  const cpu = process.cpuUsage(cpuStart);
  // on a shared machine the wall time says as much about the neighbours as about the work: the CPU time does not
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { file, dir, graduates, units, seconds: (indexed - start) / 1000, cpuSeconds, rows, indexSeconds: (indexed - written) / 1000 };
}

interface Figure {
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  runs: number;
  targetP95Ms?: number;
}

async function measure(runs: number, once: (k: number) => Promise<void>, targetP95Ms?: number): Promise<Figure> {
  for (let k = 0; k < Math.min(20, runs); k++) await once(k);
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t = performance.now();
    await once(k);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const q = (p: number): number => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))]! * 100) / 100;
  return { p50Ms: q(0.5), p95Ms: q(0.95), maxMs: q(1), runs, ...(targetP95Ms ? { targetP95Ms } : {}) };
}

async function main(): Promise<void> {
  console.log(`province: ${GRADUATES} graduates, ${SCHOOLS * COLLEGES_PER_SCHOOL} colleges, ${unitsFor(GRADUATES)} units`);
  const g = generate(GRADUATES, (done) => {
    if (done % 50_000 === 0 || done === GRADUATES) process.stderr.write(`\r  generated ${done} graduates${done === GRADUATES ? '\n' : ''}`);
  });
  const bytes = statSync(g.file).size;
  console.log(`generated in ${g.seconds.toFixed(1)} s (${g.cpuSeconds.toFixed(1)} s of CPU; indexes ${g.indexSeconds.toFixed(1)} s), ${(bytes / 1e9).toFixed(2)} GB; rows ${JSON.stringify(g.rows)}`);
  const store = new SqliteStore({ path: g.file });
  const deps: Deps = { store, files: {} as FileStorage, clock: () => NOW, newId: () => 'unused' };
  const list = colleges();
  const ask = async (openid: string, event: QueryEvent): Promise<unknown> => {
    const r = await invoke(query, deps, { openid }, event);
    if (!r.ok) throw new Error(`query ${event.view}: ${r.code} ${r.message}`);
    return r.data;
  };
  const reviewerOf = (k: number): string => (k % 2 === 0 ? SCHOOL_OPENID : collegeReviewer(list[k % list.length]!.id));
  const queues: QueueName[] = ['sourceCheck', 'employmentCheck', 'agreementCollege', 'agreementSchool', 'termination'];
  const bound: string[] = [];
  for (let k = 0; bound.length < RUNS && k < GRADUATES * 2; k++) {
    const studentNo = studentNoOf(Math.floor(random() * GRADUATES));
    const student = await store.get('students', studentNo);
    if (student?.openid) bound.push(student.openid);
  }
  const figures = {
    queuePage: await measure(RUNS, async (k) => void (await ask(reviewerOf(k), { view: 'reviewQueue', queue: queues[k % queues.length]!, limit: 20 })), 10),
    queueCounts: await measure(RUNS, async (k) => void (await ask(reviewerOf(k), { view: 'reviewCounts' })), 20),
    studentHome: await measure(RUNS, async (k) => void (await ask(bound[k % bound.length]!, { view: 'home' })), 10),
    statsSchool: await measure(Math.max(20, Math.floor(RUNS / 5)), async () => void (await ask(SCHOOL_OPENID, { view: 'reviewStats' })), 50),
    statsCollege: await measure(RUNS, async (k) => void (await ask(collegeReviewer(list[k % list.length]!.id), { view: 'reviewStats' })), 50),
  };
  for (const [name, f] of Object.entries(figures)) {
    const verdict = f.targetP95Ms === undefined ? '' : f.p95Ms <= f.targetP95Ms ? ` (target ≤ ${f.targetP95Ms} ms: met)` : ` (target ≤ ${f.targetP95Ms} ms: MISSED)`;
    console.log(`${name.padEnd(13)} p50 ${f.p50Ms} ms, p95 ${f.p95Ms} ms, max ${f.maxMs} ms over ${f.runs}${verdict}`);
  }
  const v0 = performance.now();
  const c0 = process.cpuUsage();
  const report = await verifyAudit(store);
  const verifySeconds = (performance.now() - v0) / 1000;
  const verifyCpu = process.cpuUsage(c0);
  const verifyCpuSeconds = (verifyCpu.user + verifyCpu.system) / 1e6;
  const verify = {
    seconds: Math.round(verifySeconds * 10) / 10,
    cpuSeconds: Math.round(verifyCpuSeconds * 10) / 10,
    records: report.records,
    entries: report.entries,
    broken: report.broken.length,
    entriesPerSecond: Math.round(report.entries / verifySeconds),
    recordsPerSecond: Math.round(report.records / verifySeconds),
  };
  console.log(`verify-audit: ${verify.entries} entries of ${verify.records} records in ${verify.seconds} s, ${verify.cpuSeconds} s of CPU (${verify.entriesPerSecond} entries/s), ${verify.broken} broken`);
  await store.close();
  const result = {
    at: new Date().toISOString(),
    node: process.version,
    dataSet: { graduates: GRADUATES, colleges: list.length, employers: g.units, rows: g.rows, fileBytes: bytes, generationSeconds: Math.round(g.seconds * 10) / 10, generationCpuSeconds: Math.round(g.cpuSeconds * 10) / 10, indexSeconds: Math.round(g.indexSeconds * 10) / 10 },
    reads: figures,
    verifyAudit: verify,
  };
  mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(path.join(ROOT, 'bench-results', 'province.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log('written to bench-results/province.json');
  // PROVINCE_KEEP=1 leaves the file for EXPLAIN QUERY PLAN and the like
  if (process.env.PROVINCE_KEEP === '1') console.log(`kept ${g.file}`);
  else rmSync(g.dir, { recursive: true, force: true });
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}

