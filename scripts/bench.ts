/**
 * `npm run bench`: prints a table of figures and writes them to bench-results/bench.json.
 *  - each cloud function's bundle size (after `npm run build`);
 *  - cold start (scripts/bench-cold.ts): each bundle's load ÷ bare wx-server-sdk's, medians of fresh processes, with
 *    a verdict against 1.0×, and printAgreement's first print in a fresh container (`--bundles`: stop there);
 *  - store operations per use case, on SQLite and on the CloudBase adapter over its stand-in (scripts/bench/storeOps.ts),
 *    with a verdict against the round-trip targets (≤ 3 waits for every decision, ≤ 2 for most, delivery 1);
 *  - transitions per second on SQLite (file-backed, WAL);
 *  - expireOffers over 10,000 and 100,000 due offers: time and peak memory (each in its own process);
 *  - the printed agreement: PDF size, pages, generation time;
 *  - a 100-item review batch over the CloudBase stand-in at 20 ms per call: its time against the function's 20 s;
 *  - export national over 20,000 graduates (scripts/bench-national.ts): time and peak memory per run.
 *  - 去向落实率 over 20,000 graduates on SQLite (scripts/bench-placement.ts): p50/p95 against the 50 ms target.
 *  - QR matching of a 3-page 回传 (scripts/bench-qr.ts): ms per page (scan PNG, scan JPEG, turned photo), against 300 ms.
 * Figures only: nothing here passes or fails on a number.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FunctionDef } from '../server/app/function';
import { invoke } from '../server/runtime/handler';
import { seedDemo, DEMO_OPENIDS } from '../server/runtime/seed';
import { SqliteStore } from '../server/store/sqlite';
import { LocalFileStorage } from '../server/storage/local';
import type { Deps } from '../server/app/deps';
import type { Store } from '../server/store/port';
import type { OfferDoc } from '../server/domain/types';
import { step } from '../server/domain/machine';
import { printStoreOps, storeOps, waveVerdict } from './bench/storeOps';
import { functions } from '../server/runtime/registry';
import { benchPdf, describePdf } from './bench-pdf';
import { benchReviewBatch, describeReviewBatch } from './bench-review';
import { coldStart, printColdStart } from './bench-cold';

const ROOT = path.resolve(__dirname, '..');

function makeDeps(store: Store, dir: string): Deps {
  let n = 0;
  return {
    store,
    files: new LocalFileStorage(path.join(dir, 'files')),
    sender: { send: async () => ({ ok: true }) },
    clock: () => new Date(),
    newId: () => `b${process.pid.toString(36)}${(++n).toString(36).padStart(8, '0')}`,
  };
}

const def = (name: string): FunctionDef<unknown, unknown> => {
  const found = (functions as Record<string, FunctionDef<unknown, unknown>>)[name];
  if (!found) throw new Error(`no function ${name}`);
  return found;
};

async function call(deps: Deps, name: string, openid: string, event: unknown): Promise<unknown> {
  const r = await invoke(def(name), deps, { openid }, event);
  if (!r.ok) throw new Error(`${name}: ${r.code} ${r.message} ${JSON.stringify(r.issues ?? [])}`);
  return r.data;
}

let rq = 0;
const rid = (): string => `bench-${process.pid}-${++rq}`;

// ---- transitions per second ---------------------------------------------------------------------------------

async function transitionsPerSecond(n: number): Promise<{ n: number; seconds: number; perSecond: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-tps-'));
  const store = new SqliteStore({ path: path.join(dir, 'store.sqlite') });
  const deps = makeDeps(store, dir);
  await seedDemo(deps);
  const fields = { phone: '13800000002', email: 'li@example.com', homeAddress: '北京市东城区1号' };
  const t = process.hrtime.bigint();
  for (let v = 0; v < n; v++) {
    await call(deps, 'submitCheck', DEMO_OPENIDS.student2, { action: 'save', requestId: rid(), kind: 'source', version: v, fields });
  }
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { n, seconds, perSecond: n / seconds };
}

// ---- expireOffers over many offers (child process) ----------------------------------------------------------

async function expirePhase(n: number): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-expire-'));
  const store = new SqliteStore({ path: path.join(dir, 'store.sqlite') });
  const deps = makeDeps(store, dir);
  await seedDemo(deps);
  const template = (await store.get('offers', 'offer-demo-1'))!;
  const past = new Date(Date.now() - 86_400_000).toISOString();
  const actor = { openid: DEMO_OPENIDS.employer, role: 'employer' as const };
  for (let start = 0; start < n; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, n - start) }, (_, i) =>
      step<'offer', OfferDoc>({ kind: 'offer', current: null, id: `due-${start + i}`, action: 'create', actor, now: past, patch: { ...template, expiresAt: past } }),
    );
    await store.commit({ writes: batch.map((b) => ({ collection: 'offers', doc: b.doc, expectedVersion: 0 })), audit: batch.map((b) => b.audit), outbox: [] });
  }
  const rssBefore = process.memoryUsage().rss;
  const t = process.hrtime.bigint();
  let runs = 0;
  let expired = 0;
  for (;;) {
    runs += 1;
    const r = (await call(deps, 'expireOffers', '', {})) as { expired: number; done: boolean };
    expired += r.expired;
    if (r.done) break;
  }
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ n, expired, runs, seconds, perSecond: expired / seconds, peakRssMb, rssBeforeMb: rssBefore / 2 ** 20 }));
}

function expireInChild(n: number): Record<string, number> {
  const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--expire', String(n)], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.slice(out.indexOf('{'))) as Record<string, number>;
}

// ---- main ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const expireArg = process.argv.indexOf('--expire');
  if (expireArg > 0) return expirePhase(Number(process.argv[expireArg + 1]));

  const quick = process.argv.includes('--quick');
  console.log('building functions…');
  execFileSync(process.execPath, [...process.execArgv, path.join(ROOT, 'scripts/build.ts')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });

  const cold = await coldStart(quick ? 5 : 9, quick ? 3 : 5);
  printColdStart(cold);
  if (process.argv.includes('--bundles')) return;

  const ops = await storeOps();
  printStoreOps(ops);

  const tps = await transitionsPerSecond(quick ? 300 : 2000);
  console.log(`\nTransitions on SQLite (file, WAL), through the function layer: ${tps.perSecond.toFixed(0)}/s over ${tps.n}`);

  const expire = (quick ? [10_000] : [10_000, 100_000]).map(expireInChild);
  console.log('\nexpireOffers over due offers (each in its own process)');
  console.table(expire.map((e) => ({ offers: e.n, expired: e.expired, runs: e.runs, seconds: +e.seconds!.toFixed(2), 'per second': +e.perSecond!.toFixed(0), 'peak RSS MB': +e.peakRssMb!.toFixed(0) })));

  const pdf = await benchPdf();
  console.log(`\n${describePdf(pdf).join('\n')}`);

  const reviewBatch = await benchReviewBatch();
  console.log(`\n${describeReviewBatch(reviewBatch).join('\n')}`);

  // loaded here, not at the top: the expireOffers child runs this file, and exceljs would count in its memory
  const { benchNational, describeNational } = await import('./bench-national');
  const { benchPlacement, describePlacement } = await import('./bench-placement');
  const national = await benchNational();
  console.log(`\n${describeNational(national).join('\n')}`);

  const placement = await benchPlacement(quick ? 5_000 : 20_000, quick ? 50 : 200);
  console.log(`\n${describePlacement(placement).join('\n')}`);

  // loaded here too: poppler and the image codecs are this section's alone
  const { benchQr, describeQr } = await import('./bench-qr');
  const qr = await benchQr();
  console.log(`\n${describeQr(qr).join('\n')}`);

  const result = { at: new Date().toISOString(), node: process.version, sdkLoadMs: cold.sdkLoadMs, sdkLoadCpuMs: cold.sdkLoadCpuMs, coldStartRounds: cold.rounds, bundles: cold.bundles, firstPrint: cold.firstPrint, storeOps: ops, roundTripTargets: { sqlite: waveVerdict(ops.sqlite), cloudbase: waveVerdict(ops.cloudbase) }, transitions: tps, expireOffers: expire, pdf, reviewBatch, national, placement, qrMatching: qr };
  mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(path.join(ROOT, 'bench-results', 'bench.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log('\nwritten to bench-results/bench.json');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
