/**
 * One random sequence over a fresh demo school: each step resolved against the store, run as WeChat would call it,
 * then the call's rules and the store's invariants checked. The first violation stops the sequence with the steps
 * so far written out as they ran (actor, function, event, answer), which is what a shrunk counterexample prints.
 */
import type { ItemOutcome, Mutated, RecordKind, Result } from '../../../typings';
import { COLLECTION, verifyAudit } from '../../../server/app/verifyAudit';
import { TABLES } from '../../../server/domain/machine';
import { functions, type AnyFunction, type FunctionName } from '../../../server/runtime/registry';
import { makeSystem, type TestSystem } from '../harness';
import { seedDemo } from '../../../server/runtime/seed';
import type { AdminContext } from '../../../admin/command';
import { settings } from '../../../admin/commands/settings';
import { ACTORS, resolve, type Act, type Answered, type Step } from './actions';
import { callViolations, MUTATIONS } from './calls';
import { violations } from './invariants';
import { changes, docs, snapshot, type Snapshot } from './snapshot';
import { TrackingStore } from './tracking';

export interface Stats {
  sequences: number;
  steps: number;
  /** per action: how often it ran, how often it was answered ok, and the refusals by code */
  acts: Partial<Record<Act, { runs: number; ok: number; refused: Record<string, number> }>>;
  /** per record kind and state: in how many sequences some record reached it */
  reached: Record<string, Record<string, number>>;
}

export const newStats = (): Stats => ({ sequences: 0, steps: 0, acts: {}, reached: {} });

export class InvariantViolation extends Error {
  constructor(step: number, total: number, found: readonly string[], trace: readonly string[]) {
    super(
      [
        `Invariant broken ${step === 0 ? 'in the seeded store' : `at step ${step} of ${total}`}:`,
        ...found.map((f) => `  - ${f}`),
        'Steps, as they ran:',
        ...trace.map((t) => `  ${t}`),
      ].join('\n'),
    );
    this.name = 'InvariantViolation';
  }
}


/** An event as a line: request ids left out, terms and drafts shortened. */
function brief(event: unknown): string {
  const text = JSON.stringify(event ?? null, (key, value: unknown) => {
    if (key === 'requestId' || key === 'Time') return undefined;
    if (key === 'terms') return '…';
    // a 毕业去向登记 draft: its type and how many files
    if (key === 'draft' && value && typeof value === 'object' && 'type' in value) {
      const d = value as { type: unknown; evidenceFiles?: unknown };
      return { type: d.type, evidenceFiles: Array.isArray(d.evidenceFiles) ? d.evidenceFiles.length : d.evidenceFiles };
    }
    if (key === 'draft') {
      const d = value as { employer: object; proofFiles: string[] };
      return { employer: 'employerId' in d.employer ? d.employer.employerId : 'manual', proofFiles: d.proofFiles.length };
    }
    if (key === 'employer' && value && typeof value === 'object' && 'uscc' in value) return (value as { uscc: string }).uscc;
    if (key === 'evidenceFiles') return (value as unknown[]).length;
    return value;
  });
  return text.length > 240 ? `${text.slice(0, 240)}…` : text;
}

function answer(fn: FunctionName, result: Result<unknown>): string {
  if (!result.ok) return `refused ${result.code} ${result.message}`;
  const data = result.data as Record<string, unknown>;
  if (fn === 'review') {
    return `ok [${(data.results as ItemOutcome[]).map((r) => (r.ok ? `${r.id} ${r.state} v${r.version}` : `${r.id} ${r.code}`)).join('; ')}]`;
  }
  if ('record' in data && 'version' in data) {
    const m = data as unknown as Mutated;
    return `ok ${m.record} ${m.id} ${m.state} v${m.version}`;
  }
  if (fn === 'bind' || fn === 'expireOffers' || fn === 'verifyAgreement') return `ok ${brief(data)}`;
  return 'ok';
}

const human = (ms: number): string => (ms >= 86_400_000 ? `${ms / 86_400_000}d` : ms >= 3_600_000 ? `${ms / 3_600_000}h` : `${ms / 60_000}min`);

function tally(stats: Stats, act: Act, result: Result<unknown> | null): void {
  const a = (stats.acts[act] ??= { runs: 0, ok: 0, refused: {} });
  a.runs += 1;
  if (!result || result.ok) a.ok += 1;
  else a.refused[result.code] = (a.refused[result.code] ?? 0) + 1;
}

/** Every state some record of the sequence reached, read from the audit log (which records each transition). */
function reached(stats: Stats, s: Snapshot): void {
  const kinds = new Set<string>(Object.keys(TABLES));
  const seen = new Set<string>();
  for (const e of docs(s, 'audit')) if (kinds.has(e.record)) seen.add(`${e.record}\u0000${e.to}`);
  for (const key of seen) {
    const [record, state] = key.split('\u0000') as [RecordKind, string];
    const per = (stats.reached[record] ??= {});
    per[state] = (per[state] ?? 0) + 1;
  }
}

/** Runs an admin command on the sequence's store, as `npm run admin` runs it on the local one; its last line. */
async function admin(sys: TestSystem, args: string[]): Promise<string> {
  const lines: string[] = [];
  const ctx: AdminContext = { store: sys.store, target: 'test', clock: sys.deps.clock, newId: sys.deps.newId, out: (line) => lines.push(line), interactive: false };
  try {
    const code = await settings.run(args, ctx);
    return `${code} ${lines.at(-1) ?? ''}`;
  } catch (e) {
    return `refused: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Files uploaded per files folder: the same owner and name always hold the same bytes, so each is written once. */
const uploaded = new Map<string, Map<string, string>>();

/** The collections verifyAudit reads: a step that touched none of them leaves its answer as it was. */
/** the collections whose writes an audit chain must account for */
const AUDITED = new Set<string>(['audit', ...Object.values(COLLECTION)]);

/**
 * Runs one sequence on a fresh demo school. `filesDir` may be shared by sequences: uploads are written before each
 * use, and a printed agreement is noted in the (fresh) store, so no sequence reads another's files.
 */
export interface SequenceOptions {
  filesDir: string;
  stats?: Stats;
  /** the store to run on; a test of the suite itself hands in a broken one */
  store?: () => TrackingStore;
}

interface School {
  sys: TestSystem;
  store: TrackingStore;
  /** the seeded store, its invariants checked */
  seeded: Snapshot;
  /** a store handed in, closed after its one sequence */
  owned: boolean;
}

/** The seeded store read whole, or a violation if the seed itself breaks an invariant. */
async function checkedSeed(sys: TestSystem): Promise<Snapshot> {
  const seeded = await snapshot(sys.store);
  const found = [...violations(null, seeded, sys.deps.clock().toISOString(), sys.sender.sent), ...(await auditBreaks(sys))];
  if (found.length) throw new InvariantViolation(0, 0, found, []);
  return seeded;
}

const auditBreaks = async (sys: TestSystem): Promise<string[]> =>
  (await verifyAudit(sys.store)).broken.map((b) => `audit chain: ${b.record} ${b.recordId} broken at entry ${b.seq} (${b.problem})`);

/** One store for every sequence run without a store of its own, restored to the seeded demo school before each. */
let shared: { store: TrackingStore; idsUsed: number; seeded: Snapshot } | null = null;

/**
 * A demo school, as makeSystem seeds it: fresh for a store handed in, else the shared store restored to its seeded
 * template (whose invariants were checked once), with the id source moved past the ids the seed took, so that every
 * id and document is as a fresh seed's. Each sequence ends comparing the whole store with what it tracked, which
 * also holds the restore to account.
 */
async function demoSchool(options: SequenceOptions): Promise<School> {
  if (options.store) {
    const store = options.store();
    const sys = await makeSystem({ filesDir: options.filesDir, store });
    const seeded = await checkedSeed(sys);
    await store.refresh(seeded);
    return { sys, store, seeded, owned: true };
  }
  if (!shared) {
    const store = new TrackingStore();
    const sys = await makeSystem({ filesDir: options.filesDir, store, seed: false });
    let idsUsed = 0;
    await seedDemo({ ...sys.deps, newId: () => (idsUsed++, sys.deps.newId()) });
    store.keep();
    shared = { store, idsUsed, seeded: await checkedSeed(sys) };
  }
  const { store, idsUsed, seeded } = shared;
  store.restore();
  const sys = await makeSystem({ filesDir: options.filesDir, store, seed: false });
  for (let i = 0; i < idsUsed; i++) sys.deps.newId();
  return { sys, store, seeded, owned: false };
}

export async function runSequence(steps: readonly Step[], options: SequenceOptions): Promise<void> {
  const { sys, store, seeded, owned } = await demoSchool(options);
  const trace: string[] = [];
  const answered: Answered[] = [];
  let requests = 0;
  const requestId = (): string => `req-${String(++requests).padStart(6, '0')}`;
  const files = uploaded.get(options.filesDir) ?? new Map<string, string>();
  uploaded.set(options.filesDir, files);
  const upload = async (owner: string, name: string): Promise<string> => {
    const key = `${owner}/${name}`;
    const known = files.get(key);
    if (known) return known;
    const fileId = await sys.upload(owner, name);
    files.set(key, fileId);
    return fileId;
  };

  let before = seeded;
  try {
    for (const [i, step] of steps.entries()) {
      const r = await resolve(step, { sys, before, answered, requestId, upload });
      const head = `${i + 1}. ${step.act}${step.twist === 'none' ? '' : ` [${step.twist}]`} (n ${step.n}, m ${step.m}):`;
      const found: string[] = [];
      let result: Result<unknown> | null = null;
      if (r.kind === 'admin') {
        trace.push(`${head} the admin runs settings ${r.args.join(' ')} → ${await admin(sys, r.args)}`);
      } else if (r.kind === 'clock') {
        sys.advance(r.ms);
        trace.push(`${head} the clock moves ${human(r.ms)} to ${sys.deps.clock().toISOString()}`);
      } else if (r.kind === 'wechat') {
        sys.sender.script.push(r.outcome);
        trace.push(`${head} WeChat will refuse the next message: ${r.outcome.ok ? '' : r.outcome.error}`);
      } else if (r.kind === 'nothing') {
        trace.push(`${head} nothing to do (${r.why})`);
      }
      let after = before;
      let touched: string[] = [];
      if (r.kind === 'admin') ({ after, touched } = await store.refresh(before));
      if (r.kind === 'call') {
        const now = sys.deps.clock();
        const reply = await sys.call(functions[r.fn] as AnyFunction, r.openid, r.event);
        result = reply;
        ({ after, touched } = await store.refresh(before));
        const first = r.retryOf === undefined ? undefined : answered[r.retryOf];
        trace.push(`${head} ${r.openid || '(timer)'} ${r.fn} ${brief(r.event)} → ${first ? 'retry: ' : ''}${answer(r.fn, result)}`);
        const openids = [...new Set([...ACTORS, ...after.users.keys()])];
        found.push(...callViolations({ fn: r.fn, openid: r.openid, event: r.event, ...(first ? { retryOf: { result: first.result } } : {}) }, result, before, after, now, openids));
        // a batch with a refused item may answer otherwise when retried (that item is decided afresh): not retried
        const wholly = reply.ok && (r.fn !== 'review' || (reply.data as { results: ItemOutcome[] }).results.every((x) => x.ok));
        if (reply.ok && wholly && !first && MUTATIONS.includes(r.fn)) answered.push({ fn: r.fn, openid: r.openid, event: r.event, result: reply.data });
      }
      options.stats && tally(options.stats, step.act, result);
      found.push(...violations(before, after, sys.deps.clock().toISOString(), sys.sender.sent));
      if (touched.some((c) => AUDITED.has(c))) found.push(...(await auditBreaks(sys)));
      if (found.length) throw new InvariantViolation(i + 1, steps.length, found, trace);
      before = after;
    }
    const whole = changes(before, await snapshot(sys.store));
    if (whole.length) throw new InvariantViolation(steps.length, steps.length, whole.map((c) => `the store changed outside commit and put: ${c.collection}/${c.id} (${c.how})`), trace);
  } finally {
    if (options.stats) {
      options.stats.sequences += 1;
      options.stats.steps += steps.length;
      reached(options.stats, before);
    }
    if (owned) await sys.close();
  }
}
