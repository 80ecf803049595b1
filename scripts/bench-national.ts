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
import type { DestinationContent } from '../typings';
import { valuesHash } from '../server/domain/destination';
import { withIdCheckDigit, withUsccCheck } from '../server/domain/identifiers';
import type { DestinationDoc, StudentDoc } from '../server/domain/types';
import { seedDemo } from '../server/runtime/seed';
import { LocalFileStorage } from '../server/storage/local';
import type { Write } from '../server/store/port';
import { SHEET_CONTENTS, aConfirmedDestination, aStudent } from '../tests/domain/builders';

const ROOT = path.resolve(__dirname, '..');
const GRADUATES = Number(process.env.NATIONAL_GRADUATES ?? 20_000);
const CHANGED = Math.min(1_000, Math.floor(GRADUATES / 10));

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

// above the demo roster's numbers (2026010101…)
const studentNo = (i: number): string => `2026${500_000 + i}`;

/** A realistic mix: most employed (each kind of job type), some 升学 / 出国, the rest 待就业, 创业, 基层, 入伍. */
function contentFor(i: number): DestinationContent {
  const job = SHEET_CONTENTS.job;
  const k = i % 20;
  if (k < 11) {
    const uscc = withUsccCheck(`9144030${String(i % 997).padStart(3, '0')}MA5D8K2`);
    const type = ['10', '11', '12', '27'][k % 4]!;
    return { ...job, type, employer: { ...job.employer, name: `深圳示例科技有限公司${i % 997}`, uscc, industry: ['65', 'C', '83', 'J'][k % 4]!, jobCategory: ['13', '21', '24', '29'][k % 4]! } };
  }
  if (k < 14) return SHEET_CONTENTS.study;
  if (k === 14) return { type: '85', abroad: { country: '英国', institution: 'University of Edinburgh', purpose: 'study' } };
  if (k < 17) return SHEET_CONTENTS.seeking;
  if (k === 17) return SHEET_CONTENTS.business;
  if (k === 18) return SHEET_CONTENTS.project;
  return SHEET_CONTENTS.enlistment;
}

async function generate(dataDir: string): Promise<void> {
  const target = await openLocal(dataDir, { create: true });
  const store = target.store;
  let n = 0;
  await seedDemo({ store, files: new LocalFileStorage(path.join(dataDir, 'files')), sender: { send: async () => ({ ok: true }) }, clock: () => new Date(), newId: () => `g${++n}` });
  for (let start = 0; start < GRADUATES; start += 1000) {
    const writes: Write[] = [];
    for (let i = start; i < Math.min(GRADUATES, start + 1000); i++) {
      const no = studentNo(i);
      const student: StudentDoc = aStudent({
        _id: no,
        studentNo: no,
        name: `学生${i}`,
        idNumber: withIdCheckDigit(`44030520030415${String(i % 1000).padStart(3, '0')}`),
        gender: i % 2 ? '男' : '女',
        openid: null,
        source: { ethnicity: '汉族', politicalStatus: i % 3 ? '共青团员' : '中共党员', trainingMode: '非定向', originRegion: '440305' },
      });
      const dest: DestinationDoc = aConfirmedDestination(contentFor(i), {
        _id: `destination:${no}`,
        studentNo: no,
        studentName: student.name,
        ...(i % 20 === 7 ? { confirmedAt: undefined } : {}),
      });
      writes.push({ collection: 'students', doc: student, expectedVersion: 0 }, { collection: 'destinations', doc: dest, expectedVersion: 0 });
    }
    await store.commit({ writes, audit: [], outbox: [] });
  }
  await target.close();
}

/** Re-approves up to `count` reported graduates' values with another job title (they become 有改动): how many. */
async function change(dataDir: string, count: number): Promise<number> {
  const target = await openLocal(dataDir, { create: false });
  let changed = 0;
  for (let i = 0; i < GRADUATES && changed < count; i++) {
    const doc = await target.store.get('destinations', `destination:${studentNo(i)}`);
    if (!doc?.approved?.employer || doc.report.state !== 'reported') continue;
    const approved = { ...doc.approved, employer: { ...doc.approved.employer, jobTitle: '高级工程师' } };
    // approved and confirmed again by the student (本人确认 holds for the values in force only)
    const confirmed = { confirmedAt: new Date().toISOString(), confirmedHash: valuesHash(approved) };
    await target.store.put('destinations', { ...doc, version: doc.version + 1, approved, content: approved, ...confirmed }, doc.version);
    changed += 1;
  }
  await target.close();
  return changed;
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
