/**
 * The national upload sheet over NATIONAL_GRADUATES graduates (default 20,000) on SQLite: the roster and one approved
 * destination each (every kind of destination, 5 % not yet confirmed) are written straight into a store under a
 * temporary folder, then `export national` runs as the command line runs it, each run in its own process so that its
 * peak RSS is its own:
 *   full       the whole sheet;
 *   mark       the whole sheet with --mark-reported (a commit of 500 records and their audit entries at a time);
 *   since      --since last after 1,000 of the reported graduates' values were re-approved with other values.
 * Prints time and peak RSS per run (target: under 30 s and 300 MB) and writes bench-results/national.json. `npm run
 * bench` runs it as one of its sections. Figures only: nothing here passes or fails on a number.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminContext } from '../admin/cli';
import { exportReport } from '../admin/commands/export';
import { openLocal } from '../admin/target';

const ROOT = path.resolve(__dirname, '..');

export interface NationalRun {
  run: string;
  rows: number;
  exitCode: number;
  seconds: number;
  peakRssMb: number;
  /** the process before the export began: node, tsx and the modules loaded */
  startRssMb: number;
}

export interface NationalBench {
  graduates: number;
  /** graduates whose reported values were re-approved before the --since last run */
  changed: number;
  runs: NationalRun[];
}

/** One export in this process (the child's side): its figures as JSON on stdout. */
async function exportPhase(dataDir: string, run: string, args: string[]): Promise<void> {
  const startRss = process.memoryUsage().rss;
  const target = await openLocal(dataDir, { create: false });
  const lines: string[] = [];
  const out = path.join(path.dirname(dataDir), `${run}.xlsx`);
  const t = process.hrtime.bigint();
  const exitCode = await exportReport.run(['national', ...args, '--out', out, '--force'], adminContext(target, { out: (l) => lines.push(l), interactive: false }));
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  await target.close();
  const rows = Number(/」(\d+) 行/.exec(lines.find((l) => l.startsWith('已导出')) ?? '')?.[1] ?? -1);
  const result: NationalRun = { run, rows, exitCode, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, startRssMb: startRss / 2 ** 20 };
  process.stdout.write(`\n${JSON.stringify(result)}`);
}

function inChild(dataDir: string, run: string, args: string[]): NationalRun {
  const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--phase', dataDir, run, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.slice(out.lastIndexOf('\n{') + 1)) as NationalRun;
}

export async function benchNational(): Promise<NationalBench> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-national-'));
  const dataDir = path.join(dir, 'data');
  try {
    // the data's builders are loaded here only: the export's children measure the admin command, not them
    const { generate, change, GRADUATES } = await import('./bench/national-data');
    const CHANGED = Math.min(1_000, Math.floor(GRADUATES / 10));
    await generate(dataDir);
    const runs = [inChild(dataDir, 'full', []), inChild(dataDir, 'mark', ['--mark-reported'])];
    const changed = await change(dataDir, CHANGED);
    runs.push(inChild(dataDir, 'since', ['--since', 'last']));
    return { graduates: GRADUATES, changed, runs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describeNational(b: NationalBench): string[] {
  const what: Record<string, string> = { full: 'whole sheet', mark: 'whole sheet + --mark-reported', since: `--since last (${b.changed} changed)` };
  return [
    `export national over ${b.graduates} graduates on SQLite (each run in its own process; target < 30 s, < 300 MB)`,
    ...b.runs.map((r) => `  ${what[r.run]!.padEnd(32)} ${String(r.rows).padStart(6)} rows  ${r.seconds.toFixed(2).padStart(6)} s  peak RSS ${r.peakRssMb.toFixed(0)} MB (at start ${r.startRssMb.toFixed(0)} MB)`),
  ];
}

async function main(): Promise<void> {
  const phase = process.argv.indexOf('--phase');
  if (phase > 0) {
    const [dataDir, run, ...args] = process.argv.slice(phase + 1);
    return exportPhase(dataDir!, run!, args);
  }
  const b = await benchNational();
  console.log(describeNational(b).join('\n'));
  mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(path.join(ROOT, 'bench-results', 'national.json'), `${JSON.stringify({ at: new Date().toISOString(), node: process.version, ...b }, null, 2)}\n`);
  console.log('written to bench-results/national.json');
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
