/**
 * 去向落实率 over 20,000 graduates on SQLite (a file, WAL, as the local runtime runs it): the school's page (a row per
 * college) and one college's majors, each read through the function layer as the reviewer's page reads it (query
 * view placementStats), many times; p50 and p95. The school has 20 colleges of 5 majors; 85% of the graduates have
 * an approved destination spread over the types, a quarter of the agreement-type ones signed online. Target (issue
 * 12): p95 under 50 ms. Figures only: nothing here passes or fails on a number.
 * `npx tsx scripts/bench-placement.ts [--graduates N] [--runs N]` (or `benchPlacement()` from the main benchmark).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PlacementView } from '../typings';
import { invoke } from '../server/runtime/handler';
import { DEMO_OPENIDS, seedDemo } from '../server/runtime/seed';
import { SqliteStore } from '../server/store/sqlite';
import { LocalFileStorage } from '../server/storage/local';
import type { Deps } from '../server/app/deps';
import { loadSettings } from '../server/app/settings';
import { query } from '../server/usecases/query';
import type { Write } from '../server/store/port';
import { aDestination, aGraduate } from '../tests/support/placement';

export interface PlacementFigures {
  graduates: number;
  colleges: number;
  majors: number;
  /** how long writing the roster and the records took (summaries kept by the store as it wrote) */
  loadSeconds: number;
  runs: number;
  school: { p50Ms: number; p95Ms: number; maxMs: number };
  college: { p50Ms: number; p95Ms: number; maxMs: number };
  /** the school's figures, to see that the data is what it says */
  placementRate: number;
  onlineShare: number;
  targetP95Ms: number;
}

const COLLEGES = 20;
const MAJORS = 5;
/** the approved types' mix: the contract types most, then 升学, 灵活就业 and 待就业 */
const MIX = ['10', '10', '10', '11', '11', '12', '27', '46', '50', '75', '76', '80', '80', '85', '70', '71'];

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const summary = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50Ms: +quantile(sorted, 0.5).toFixed(2), p95Ms: +quantile(sorted, 0.95).toFixed(2), maxMs: +(sorted.at(-1) ?? 0).toFixed(2) };
};

export async function benchPlacement(graduates = 20_000, runs = 200): Promise<PlacementFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-placement-'));
  const store = new SqliteStore({ path: path.join(dir, 'store.db') });
  let n = 0;
  const deps: Deps = {
    store,
    files: new LocalFileStorage(path.join(dir, 'files')),
    sender: { send: async () => ({ ok: true }) },
    clock: () => new Date(),
    newId: () => `p${(++n).toString(36)}`,
  };
  try {
    await seedDemo(deps);
    const settings = await loadSettings(store);
    const colleges = Array.from({ length: COLLEGES }, (_, i) => ({ id: `c${String(i + 1).padStart(2, '0')}`, name: `第${i + 1}学院` }));
    await store.put('settings', { ...settings, version: settings.version + 1, colleges: [...settings.colleges, ...colleges] }, settings.version);

    const started = performance.now();
    let writes: Write[] = [];
    const flush = async () => {
      if (writes.length) await store.commit({ writes, audit: [], outbox: [] });
      writes = [];
    };
    for (let i = 0; i < graduates; i++) {
      const college = colleges[i % COLLEGES]!;
      const g = aGraduate(`9${String(i).padStart(9, '0')}`, college.id, `专业${(Math.floor(i / COLLEGES) % MAJORS) + 1}`);
      writes.push({ collection: 'students', doc: g, expectedVersion: 0 });
      // 85% registered and approved; one in four of the 签就业协议 ones filled by an agreement signed here
      if (i % 20 < 17) {
        const type = MIX[i % MIX.length]!;
        writes.push({ collection: 'destinations', doc: aDestination(g, { approved: type, online: type === '10' && i % 4 === 0 }), expectedVersion: 0 });
      }
      if (writes.length >= 1000) await flush();
    }
    await flush();
    const loadSeconds = (performance.now() - started) / 1000;

    const read = async (event: Record<string, unknown>): Promise<[number, PlacementView]> => {
      const t = performance.now();
      const r = await invoke(query, deps, { openid: DEMO_OPENIDS.schoolReviewer }, { view: 'placementStats', ...event });
      const ms = performance.now() - t;
      if (!r.ok) throw new Error(`placementStats: ${r.code} ${r.message}`);
      return [ms, r.data as PlacementView];
    };
    // warm: the statements prepared, the settings read once
    for (let i = 0; i < 10; i++) await read({});
    const school: number[] = [];
    const college: number[] = [];
    let last: PlacementView | undefined;
    for (let i = 0; i < runs; i++) {
      const [ms, view] = await read({});
      school.push(ms);
      last = view;
      college.push((await read({ collegeId: colleges[i % COLLEGES]!.id }))[0]);
    }
    return {
      graduates: last?.total.graduates ?? 0,
      colleges: last?.rows.length ?? 0,
      majors: COLLEGES * MAJORS,
      loadSeconds: +loadSeconds.toFixed(1),
      runs,
      school: summary(school),
      college: summary(college),
      placementRate: last?.total.placementRate ?? 0,
      onlineShare: last?.total.onlineShare ?? 0,
      targetP95Ms: 50,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describePlacement(f: PlacementFigures): string[] {
  return [
    `去向落实率 over ${f.graduates.toLocaleString('en')} graduates (${f.colleges} colleges, ${f.majors} majors) on SQLite (file, WAL), query view placementStats, ${f.runs} reads each:`,
    `  the school (a row per college): p50 ${f.school.p50Ms} ms, p95 ${f.school.p95Ms} ms, max ${f.school.maxMs} ms (target p95 < ${f.targetP95Ms} ms)`,
    `  one college's majors:          p50 ${f.college.p50Ms} ms, p95 ${f.college.p95Ms} ms, max ${f.college.maxMs} ms`,
    `  (roster and records written in ${f.loadSeconds} s; 落实率 ${(f.placementRate * 100).toFixed(1)}%, 网签占比 ${(f.onlineShare * 100).toFixed(1)}%)`,
  ];
}

if (require.main === module) {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  benchPlacement(arg('--graduates', 20_000), arg('--runs', 200))
    .then((f) => console.log(describePlacement(f).join('\n')))
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
