/**
 * Store round trips per function and action: each use case run once over a counting wrapper of the store, on SQLite
 * and on the CloudBase adapter over its test stand-in (wx-server-sdk's call shapes), where every SDK call is a trip
 * to the service. Run on a warm instance (the demo school seeded, settings once read), as most calls are.
 */
import { MANUAL_FLOWS } from '../../server/app/settings';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FunctionDef } from '../../server/app/function';
import type { Deps } from '../../server/app/deps';
import { invoke } from '../../server/runtime/handler';
import { functions } from '../../server/runtime/registry';
import { DEMO_EMPLOYER_ID, DEMO_OPENIDS, seedDemo } from '../../server/runtime/seed';
import { CloudBaseStore, createCollections } from '../../server/store/cloudbase';
import type { Store } from '../../server/store/port';
import { SqliteStore } from '../../server/store/sqlite';
import { LocalFileStorage } from '../../server/storage/local';
import { uploadFolder } from '../../server/storage/port';
import { sampleFile } from '../../tests/support/files';
import { FakeCloudBaseDb } from '../../tests/store/fakeCloudbaseDb';
import { countingStore, type Counts } from './countingStore';

/** One use case's trips: the port's operations, their total, and (CloudBase) the SDK calls they made. */
export type OpsRow = Counts & {
  total: number;
  /**
   * the decision's calls one after another (reads started together count once), up to and including its commit:
   * what the caller waits for before the change is made
   */
  waves: number;
  /** those after the commit: the delivery of its messages (sends not counted) */
  deliveryWaves: number;
  messages: number;
  /** a decision (held to the targets below), not a read or a replay */
  decision: boolean;
  sdkCalls?: number;
};

/** The targets: every decision waits on the store at most this often, most of them at most `most`; delivery once. */
export const WAVE_TARGETS = { every: 3, most: 2, delivery: 1 } as const;

const def = (name: string): FunctionDef<unknown, unknown> => {
  const found = (functions as Record<string, FunctionDef<unknown, unknown>>)[name];
  if (!found) throw new Error(`no function ${name}`);
  return found;
};

let rq = 0;
const rid = (): string => `ops-${process.pid}-${++rq}`;

/** The use cases on a store made by `open`; `sdkCalls` reads the service's call count where there is one. */
async function measureAll(open: () => Promise<{ store: Store; sdkCalls?: () => number }>): Promise<Record<string, OpsRow>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-ops-'));
  const opened = await open();
  const counting = countingStore(opened.store);
  let n = 0;
  let sent = 0;
  const files = new LocalFileStorage(path.join(dir, 'files'));
  const deps: Deps = {
    store: counting.store,
    files,
    sender: { send: async () => (sent++, { ok: true }) },
    clock: () => new Date(),
    newId: () => `b${process.pid.toString(36)}${(++n).toString(36).padStart(8, '0')}`,
  };
  // the manual's decisions, each measured as it was; the unit's steps add decisions of their own
  await seedDemo(deps, MANUAL_FLOWS);
  const out: Record<string, OpsRow> = {};
  const call = async (name: string, openid: string, event: unknown): Promise<unknown> => {
    const r = await invoke(def(name), deps, { openid }, event);
    if (!r.ok) throw new Error(`${name}: ${r.code} ${r.message} ${JSON.stringify(r.issues ?? [])}`);
    return r.data;
  };
  const measure = async (label: string, name: string, openid: string, event: unknown, decision = true): Promise<unknown> => {
    counting.reset();
    sent = 0;
    const before = opened.sdkCalls?.() ?? 0;
    const data = await call(name, openid, event);
    const [all, waves] = [counting.waves(), counting.decisionWaves()];
    const counts = counting.reset();
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    out[label] = {
      ...counts, total, waves, deliveryWaves: all - waves, messages: sent, decision, ...(opened.sdkCalls ? { sdkCalls: opened.sdkCalls() - before } : {}),
    };
    return data;
  };
  const S = DEMO_OPENIDS;
  // a warm instance: the functions have run once since it started
  await call('query', S.student, { view: 'home' });
  const idLast6 = (await deps.store.get('students', '2026020101'))!.idNumber.slice(-6);
  await measure('bind student', 'bind', 'bench-new', { action: 'student', requestId: rid(), studentNo: '2026020101', name: '王五', idLast6 });
  await measure('submitCheck save', 'submitCheck', S.student2, { action: 'save', requestId: rid(), kind: 'source', version: 0, fields: { phone: '13800000002', email: 'li@example.com', homeAddress: '北京市东城区1号' } });
  await measure('submitCheck submit', 'submitCheck', S.student2, { action: 'submit', requestId: rid(), kind: 'source', version: 1 });
  await measure('submitCheck withdraw', 'submitCheck', S.student2, { action: 'withdraw', requestId: rid(), kind: 'source', version: 2 });
  await call('submitCheck', S.student2, { action: 'submit', requestId: rid(), kind: 'source', version: 3 });
  await measure('review check (1 item)', 'review', S.collegeReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'check', id: 'source:2026010102', version: 4 }] });
  const terms = (await deps.store.get('offers', 'offer-demo-1'))!.terms;
  const created = (await measure('employerOffer create', 'employerOffer', S.employer, { action: 'create', requestId: rid(), studentNo: '2026010102', studentName: '李四', terms })) as { id: string };
  const accepted = (await measure('respondOffer accept', 'respondOffer', S.student2, { action: 'accept', requestId: rid(), offerId: created.id, version: 1 })) as { id: string };
  await measure('review agreement, college', 'review', S.collegeReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id: accepted.id, version: 1 }] });
  await measure('review agreement, school', 'review', S.schoolReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id: accepted.id, version: 2 }] });
  const decline = { action: 'decline', requestId: rid(), offerId: 'offer-demo-1', version: 1, reason: '已有其他安排' };
  await measure('respondOffer decline', 'respondOffer', S.student, decline);
  await measure('respondOffer decline, retried', 'respondOffer', S.student, decline, false);
  // the same function on the same instance again, for a student it has seen: the reads keyed by the 学号 go beside
  // the binding's (app/caller boundStudentAnd); the rows above are each caller's first call to the function
  const again = (await call('employerOffer', S.employer, { action: 'create', requestId: rid(), studentNo: '2026010101', studentName: '张三', terms })) as { id: string };
  await measure('respondOffer accept, caller seen', 'respondOffer', S.student, { action: 'accept', requestId: rid(), offerId: again.id, version: 1 }, false);
  const signed = (await deps.store.get('agreements', accepted.id))!;
  await measure('verifyAgreement', 'verifyAgreement', '', { agreementNo: signed.agreementNo });
  // 申请解约 of that agreement, 撤回, asked again and approved by the school; then 学生发起 of another (saved, submitted)
  const upload = async (openid: string, name: string): Promise<string> => files.write(`${uploadFolder(openid)}${name}`, sampleFile(name, name));
  const letter = await upload(S.student2, 'letter.jpg');
  const terminating = { action: 'submit', agreementId: accepted.id, explanation: '单位撤销岗位，双方协商一致解约', evidenceFiles: [letter] };
  const asked = (await measure('requestTermination submit', 'requestTermination', S.student2, { ...terminating, requestId: rid() })) as { id: string };
  await measure('requestTermination withdraw', 'requestTermination', S.student2, { action: 'withdraw', requestId: rid(), terminationId: asked.id, version: 1 });
  const reasked = (await call('requestTermination', S.student2, { ...terminating, requestId: rid() })) as { id: string; version: number };
  await measure('review termination, school', 'review', S.schoolReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'termination', id: reasked.id, version: reasked.version }] });
  const proof = await upload(S.student2, 'offer-letter.jpg');
  const draft = {
    employer: { employerId: DEMO_EMPLOYER_ID },
    proofFiles: [proof],
    job: { title: '数据分析师', region: '110108', monthlySalary: 12000, contractYears: 3, startDate: '2026-07-01' },
    file: { transfer: false },
    hukou: { migrate: false },
  };
  const saved = (await measure('initiateSigning save', 'initiateSigning', S.student2, { action: 'save', requestId: rid(), version: 0, draft })) as { id: string };
  await measure('initiateSigning submit', 'initiateSigning', S.student2, { action: 'submit', requestId: rid(), agreementId: saved.id, version: 1, draft });
  await measure('query home', 'query', S.student, { view: 'home' }, false);
  await measure('query offers', 'query', S.student, { view: 'offers' }, false);
  await measure('query agreement', 'query', S.student2, { view: 'agreement' }, false);
  await measure('query reviewCounts', 'query', S.schoolReviewer, { view: 'reviewCounts' }, false);
  await measure('query reviewQueue', 'query', S.schoolReviewer, { view: 'reviewQueue', queue: 'agreementSchool' }, false);
  await measure('expireOffers (nothing due)', 'expireOffers', '', {}, false);
  await counting.store.close();
  rmSync(dir, { recursive: true, force: true });
  return out;
}

export async function storeOps(): Promise<{ sqlite: Record<string, OpsRow>; cloudbase: Record<string, OpsRow> }> {
  const sqlite = await measureAll(async () => ({ store: new SqliteStore({ path: ':memory:' }) }));
  const cloudbase = await measureAll(async () => {
    const db = new FakeCloudBaseDb({ sdk: 'wx-server-sdk' });
    await createCollections(db);
    return { store: new CloudBaseStore(db, { sdk: 'wx-server-sdk' }), sdkCalls: () => db.roundTrips };
  });
  return { sqlite, cloudbase };
}

/** Whether the decisions of one table meet WAVE_TARGETS, with the figures that say so. */
export function waveVerdict(rows: Record<string, OpsRow>): { met: boolean; lines: string[] } {
  const decisions = Object.entries(rows).filter(([, r]) => r.decision);
  const over = decisions.filter(([, r]) => r.waves > WAVE_TARGETS.every);
  const within = decisions.filter(([, r]) => r.waves <= WAVE_TARGETS.most);
  const slowDelivery = decisions.filter(([, r]) => r.deliveryWaves > WAVE_TARGETS.delivery);
  const most = within.length * 2 > decisions.length;
  const names = (list: typeof decisions): string => list.map(([label, r]) => `${label} ${r.waves}`).join(', ');
  const at = (list: typeof decisions, pick: (r: OpsRow) => number): string => list.map(([label, r]) => `${label} ${pick(r)}`).join(', ');
  return {
    met: over.length === 0 && most && slowDelivery.length === 0,
    lines: [
      `≤ ${WAVE_TARGETS.every} waits for every decision: ${over.length === 0 ? 'met' : `not met (${names(over)})`} (the highest: ${Math.max(...decisions.map(([, r]) => r.waves))})`,
      `≤ ${WAVE_TARGETS.most} for most: ${most ? 'met' : 'not met'} (${within.length} of ${decisions.length}; the others: ${names(decisions.filter(([, r]) => r.waves > WAVE_TARGETS.most)) || 'none'})`,
      `delivery in ≤ ${WAVE_TARGETS.delivery} wait after the commit: ${slowDelivery.length === 0 ? 'met' : `not met (${at(slowDelivery, (r) => r.deliveryWaves)})`}`,
    ],
  };
}

/** The two tables as console.table prints them: port operations per store, and the CloudBase SDK calls beside them. */
export function printStoreOps(ops: { sqlite: Record<string, OpsRow>; cloudbase: Record<string, OpsRow> }): void {
  console.log('\nStore operations per use case, SQLite (each a round trip; waves: the decision\'s waits in sequence, up to its');
  console.log('commit; deliveryWaves: the waits after it, for its messages; messages: subscription messages sent)');
  console.table(ops.sqlite);
  for (const line of waveVerdict(ops.sqlite).lines) console.log(`  ${line}`);
  console.log('\nStore operations per use case, CloudBase adapter over its stand-in (sdkCalls: calls to the service)');
  console.table(ops.cloudbase);
  for (const line of waveVerdict(ops.cloudbase).lines) console.log(`  ${line}`);
}

if (require.main === module) {
  storeOps().then(printStoreOps, (e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
