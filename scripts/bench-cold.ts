/**
 * Cold start of each built cloud function, as a fresh container pays it: each figure is taken in a new Node process,
 * 9 rounds (5 with --quick), and the median is quoted (one slow or lucky process moves a median of 3 by ±20 %; these do not).
 *  - load: requiring the bundle (index.js), in wall clock and in CPU time (user + system);
 *  - ratio, the cold start: the bundle's load ÷ bare wx-server-sdk's, in CPU, taken round by round against a
 *    bare-SDK process of the same round (so that the machine's drift cancels): median of the rounds and quartiles.
 *    CPU, because on a shared machine a process waits for a core for as long again as it works, and wall-clock
 *    ratios of 3 runs swung by ±20 %; in a cold container with its core to itself the
 *    two are close;
 *  - verdict against the target, a bundle within 1.0× bare wx-server-sdk: "meets" when the upper quartile is
 *    within it, "above" when even the lower quartile is over it, else "at the line" (noise decides);
 *  - load + SDK: then requiring wx-server-sdk, which the bundles defer to their first call: what a cold call pays,
 *    and its ratio to the bare SDK (1.0 plus the bundle's own share, less what the two share);
 *  - printAgreement's first print in a fresh container: load + SDK + its print code (print.js) + the font and one
 *    render of the demo agreement.
 * `npx tsx scripts/bench-cold.ts [--quick] [--functions DIR]` after `npm run build` (DIR: another build's
 * cloudfunctions/, to compare), or `coldStart()` from the main benchmark.
 * Figures only: nothing here passes or fails on a number.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { LAZY } from './build';
import { loadSettings } from '../server/app/settings';
import { printRecord } from '../server/usecases/printAgreement';
import { signedDemoAgreement } from '../tests/support/agreements';
import { makeSystem } from '../tests/support/harness';

const ROOT = path.resolve(__dirname, '..');
const FN_ROOT = path.join(ROOT, 'cloudfunctions');
export const TARGET_RATIO = 1.0;

export interface BundleFigures {
  name: string;
  bytes: number;
  gzip: number;
  /** bytes of the files it loads on first use (print.js) */
  lazyBytes: number;
  /** medians over the rounds, milliseconds of wall clock and of CPU */
  loadMs: number;
  loadCpuMs: number;
  withSdkMs: number;
  withSdkCpuMs: number;
  /** cold start, the target's figure: bundle load ÷ bare SDK load, in CPU; median and quartiles of the rounds */
  coldStartRatio: number;
  coldStartRatioQ1: number;
  coldStartRatioQ3: number;
  /** load + SDK ÷ bare SDK, in CPU: what a cold call pays against the SDK alone (1.0 plus the bundle's share) */
  coldCallRatio: number;
  verdict: 'meets' | 'at the line' | 'above';
}

export interface FirstPrint {
  /** medians, milliseconds, from the process's first line of the bundle's load */
  loadMs: number;
  sdkMs: number;
  printCodeMs: number;
  renderMs: number;
  totalMs: number;
  runs: number;
}

export interface ColdStart {
  rounds: number;
  sdkLoadMs: number;
  sdkLoadCpuMs: number;
  bundles: BundleFigures[];
  firstPrint: FirstPrint | null;
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const median = (xs: number[]): number => quantile(xs, 0.5);

/** A fresh Node process running `body`, which prints one JSON object; the function folder is its working directory. */
function fresh<T>(body: string, dir: string, args: string[] = []): T {
  const out = execFileSync(process.execPath, ['-e', body, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, TZ: 'Asia/Shanghai' } });
  return JSON.parse(out) as T;
}

const NOW = 'const now=()=>Number(process.hrtime.bigint())/1e6;const cpu=()=>{const u=process.cpuUsage();return (u.user+u.system)/1e3};';
/** the wx-server-sdk the function folder would use (the project's, as installed for the cloud) */
const SDK = `require.resolve('wx-server-sdk',{paths:[process.cwd()]})`;

/** Milliseconds of wall clock and of CPU (user + system) a step took. */
interface Took {
  wall: number;
  cpu: number;
}

function bareSdk(): Took {
  return fresh<Took>(`${NOW}const p=${SDK};const t=now(),c=cpu();require(p);process.stdout.write(JSON.stringify({wall:now()-t,cpu:cpu()-c}))`, ROOT);
}

function bundleThenSdk(dir: string): { load: Took; sdk: Took } {
  return fresh(
    `${NOW}const p=${SDK};const t=now(),c=cpu();require('./index.js');const u=now(),d=cpu();require(p);
    process.stdout.write(JSON.stringify({load:{wall:u-t,cpu:d-c},sdk:{wall:now()-u,cpu:cpu()-d}}))`,
    dir,
  );
}

function builtFunctions(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((d) => existsSync(path.join(root, d, 'index.js')))
    .sort();
}

const verdictOf = (q1: number, q3: number): BundleFigures['verdict'] =>
  q3 <= TARGET_RATIO ? 'meets' : q1 > TARGET_RATIO ? 'above' : 'at the line';

async function firstPrint(runs: number, root: string): Promise<FirstPrint | null> {
  const dir = path.join(root, 'printAgreement');
  const lazy = LAZY.printAgreement?.[0]?.to;
  if (!lazy || !existsSync(path.join(dir, lazy))) return null;
  const sys = await makeSystem();
  let input: string;
  try {
    const agreement = await signedDemoAgreement(sys);
    input = JSON.stringify({ agreement, settings: await loadSettings(sys.store), record: await printRecord(sys.store, agreement) });
  } finally {
    await sys.close();
  }
  // what the function's first render does, step by step: the bundle, the SDK, print.js (pdfkit), the font and render
  const body = `${NOW}(async()=>{const {agreement,settings,record}=JSON.parse(process.argv[1]);const p=${SDK};
    const t0=now();require('./index.js');const t1=now();require(p);const t2=now();
    const {renderAgreementPdf}=require('./${lazy}');const t3=now();
    const pdf=await renderAgreementPdf(agreement,settings,record);const t4=now();
    if(pdf.pages<1)throw new Error('no page');
    process.stdout.write(JSON.stringify({load:t1-t0,sdk:t2-t1,code:t3-t2,render:t4-t3,total:t4-t0}))})().catch((e)=>{console.error(e);process.exit(1)})`;
  const all = Array.from({ length: runs }, () =>
    fresh<{ load: number; sdk: number; code: number; render: number; total: number }>(body, dir, [input]),
  );
  const m = (k: keyof (typeof all)[number]): number => median(all.map((r) => r[k]));
  return { loadMs: m('load'), sdkMs: m('sdk'), printCodeMs: m('code'), renderMs: m('render'), totalMs: m('total'), runs };
}

export async function coldStart(rounds = 9, printRuns = 5, root = FN_ROOT): Promise<ColdStart> {
  const names = builtFunctions(root);
  const sdk: Took[] = [];
  type Runs = { load: Took[]; withSdk: Took[]; ratio: number[]; callRatio: number[] };
  const per = new Map<string, Runs>(names.map((n) => [n, { load: [], withSdk: [], ratio: [], callRatio: [] }]));
  for (let r = 0; r < rounds; r++) {
    const bare = bareSdk();
    sdk.push(bare);
    for (const name of names) {
      const m = bundleThenSdk(path.join(root, name));
      const f = per.get(name)!;
      f.load.push(m.load);
      f.withSdk.push({ wall: m.load.wall + m.sdk.wall, cpu: m.load.cpu + m.sdk.cpu });
      f.ratio.push(m.load.cpu / bare.cpu);
      f.callRatio.push((m.load.cpu + m.sdk.cpu) / bare.cpu);
    }
  }
  const bundles = names.map((name): BundleFigures => {
    const file = path.join(root, name, 'index.js');
    const f = per.get(name)!;
    const q1 = quantile(f.ratio, 0.25);
    const q3 = quantile(f.ratio, 0.75);
    const lazyBytes = (LAZY[name] ?? [])
      .map((l) => path.join(root, name, l.to))
      .reduce((sum, p) => sum + (existsSync(p) ? statSync(p).size : 0), 0);
    return {
      name,
      bytes: statSync(file).size,
      gzip: gzipSync(readFileSync(file)).length,
      lazyBytes,
      loadMs: median(f.load.map((t) => t.wall)),
      loadCpuMs: median(f.load.map((t) => t.cpu)),
      withSdkMs: median(f.withSdk.map((t) => t.wall)),
      withSdkCpuMs: median(f.withSdk.map((t) => t.cpu)),
      coldStartRatio: median(f.ratio),
      coldStartRatioQ1: q1,
      coldStartRatioQ3: q3,
      coldCallRatio: median(f.callRatio),
      verdict: verdictOf(q1, q3),
    };
  });
  return {
    rounds,
    sdkLoadMs: median(sdk.map((t) => t.wall)),
    sdkLoadCpuMs: median(sdk.map((t) => t.cpu)),
    bundles,
    firstPrint: await firstPrint(printRuns, root),
  };
}

export function printColdStart(c: ColdStart): void {
  console.log(
    `\nBundles, cold: medians of ${c.rounds} fresh processes each. Bare wx-server-sdk loads in ${c.sdkLoadMs.toFixed(0)} ms ` +
      `(${c.sdkLoadCpuMs.toFixed(0)} ms CPU); the bundles load it on their first call. Ratios are of CPU time, round by round ` +
      `(steady on a busy machine, where wall clock is not); the verdict holds ratio to ${TARGET_RATIO.toFixed(1)}× across its quartiles.`,
  );
  console.table(
    c.bundles.map((s) => ({
      function: s.name,
      KB: +(s.bytes / 1024).toFixed(1),
      'gzip KB': +(s.gzip / 1024).toFixed(1),
      'first use KB': s.lazyBytes ? +(s.lazyBytes / 1024).toFixed(1) : '',
      'load ms': +s.loadMs.toFixed(0),
      'load CPU ms': +s.loadCpuMs.toFixed(0),
      ratio: +s.coldStartRatio.toFixed(2),
      quartiles: `${s.coldStartRatioQ1.toFixed(2)}–${s.coldStartRatioQ3.toFixed(2)}`,
      [`≤ ${TARGET_RATIO.toFixed(1)}×`]: s.verdict,
      'load + SDK ms': +s.withSdkMs.toFixed(0),
      'ratio with SDK': +s.coldCallRatio.toFixed(2),
    })),
  );
  const p = c.firstPrint;
  if (p) {
    console.log(
      `printAgreement's first print in a fresh container (median of ${p.runs}): ${p.totalMs.toFixed(0)} ms = load ${p.loadMs.toFixed(0)} + SDK ${p.sdkMs.toFixed(0)} + print code ${p.printCodeMs.toFixed(0)} + font and render ${p.renderMs.toFixed(0)}`,
    );
  }
}

if (require.main === module) {
  const quick = process.argv.includes('--quick');
  const at = process.argv.indexOf('--functions');
  const root = at > 0 ? path.resolve(process.argv[at + 1]!) : FN_ROOT;
  coldStart(quick ? 5 : 9, quick ? 3 : 5, root).then(printColdStart, (e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
