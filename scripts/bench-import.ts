/**
 * `npx tsx scripts/bench-import.ts [--rows 20000]`: imports a generated roster of that many students from .xlsx into
 * a fresh file-backed SQLite store (the demo school's colleges), then imports it again (every row 未变), and checks
 * the audit log. Each import runs in a process of its own and prints its rows per second and peak resident memory.
 * Figures only: nothing here passes or fails on a number.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { importRoster } from '../admin/commands/importRoster';
import { withIdCheckDigit } from '../server/domain/identifiers';
import { seedDemo } from '../server/runtime/seed';
import { LocalFileStorage } from '../server/storage/local';
import { SqliteStore } from '../server/store/sqlite';
import { verifyAudit } from '../server/app/verifyAudit';

const HEADER = ['学号', '姓名', '身份证号', '学院', '专业', '学历', '毕业年份', '性别', '民族', '政治面貌', '生源地'];

function idNumber(i: number): string {
  const birth = new Date(Date.UTC(2002, 0, 1) + Math.floor(i / 1000) * 86_400_000);
  const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
  return withIdCheckDigit(`440305${ymd}${String(i % 1000).padStart(3, '0')}`);
}

async function writeRoster(file: string, rows: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = workbook.addWorksheet('名单');
  sheet.addRow(HEADER).commit();
  for (let i = 0; i < rows; i++) {
    const id = idNumber(i);
    sheet
      .addRow([
        `2026${String(900000 + i)}`, `学生${i}`, id, i % 2 ? '计算机学院' : 'em', i % 2 ? '软件工程' : '会计学',
        '本科', 2026, Number(id[16]) % 2 ? '男' : '女', '汉族', '共青团员', '广东省深圳市南山区',
      ])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
}

const seconds = (ms: number): string => (ms / 1000).toFixed(2);
const peakMb = (): string => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`;

/** One import pass in this process, on its own, so that its peak memory is its own. */
async function importOnce(file: string, storePath: string, rows: number, label: string): Promise<void> {
  const store = new SqliteStore({ path: storePath });
  let n = 0;
  const deps = { store, files: new LocalFileStorage(path.join(path.dirname(storePath), 'files')), clock: () => new Date(), newId: () => `bench${label}${++n}` };
  await seedDemo(deps);
  const ctx = { store, target: 'bench', clock: deps.clock, newId: deps.newId, out: (line: string) => console.log(`  ${line}`), interactive: false };
  const t = Date.now();
  const code = await importRoster.run([file], ctx);
  const ms = Date.now() - t;
  console.log(`${label}: exit ${code}, ${seconds(ms)} s, ${Math.round(rows / (ms / 1000))} rows/s, peak RSS ${peakMb()}`);
  await store.close();
}

function child(args: string[]): void {
  execFileSync(process.execPath, [...process.execArgv, __filename, ...args], { stdio: 'inherit' });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rows: { type: 'string', default: '20000' }, pass: { type: 'string' }, file: { type: 'string' }, store: { type: 'string' } },
  });
  const rows = Number(values.rows);
  if (values.pass && values.file && values.store) {
    await importOnce(values.file, values.store, rows, values.pass);
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-import-'));
  try {
    const file = path.join(dir, 'roster.xlsx');
    const storePath = path.join(dir, 'store.sqlite');
    let t = Date.now();
    await writeRoster(file, rows);
    console.log(`generated ${rows} rows (${(statSync(file).size / 1024).toFixed(0)} KB xlsx) in ${seconds(Date.now() - t)} s`);
    const common = ['--rows', String(rows), '--file', file, '--store', storePath];
    child(['--pass', 'first import', ...common]);
    child(['--pass', 're-import (all unchanged)', ...common]);
    const store = new SqliteStore({ path: storePath });
    t = Date.now();
    const report = await verifyAudit(store);
    console.log(`verifyAudit: ${report.entries} entries, ${report.broken.length} broken, ${seconds(Date.now() - t)} s`);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
