import { importRoster } from '../../admin/commands/importRoster';
import { verifyAudit } from '../../server/app/verifyAudit';
import { makeSystem, type TestSystem } from '../support/harness';
import { adminContext, tempDir, writeCsv, writeXlsx, type Cell } from './fixtures/files';
import { ROSTER_HEADER, rosterRow, studentNoFor } from './fixtures/roster';

const ROWS = 20_000;

function* roster(bad?: number): Generator<Cell[]> {
  yield [...ROSTER_HEADER];
  for (let i = 0; i < ROWS; i++) yield rosterRow(i, i === bad ? { 学历: '本' } : {});
}

describe('import-roster at the size of a large school', () => {
  let sys: TestSystem;
  afterEach(() => sys.close());

  it(`checks ${ROWS} CSV rows and refuses one bad row exactly, then imports ${ROWS} xlsx rows with plain progress lines and a clean log`, async () => {
    sys = await makeSystem();
    const dir = tempDir();
    const started = Date.now();
    // the refused file is a CSV: writing a second workbook would only slow the test down
    const badFile = writeCsv(dir, 'bad.csv', [...roster(15_000)]);
    const goodFile = await writeXlsx(dir, 'good.xlsx', roster());
    const generated = Date.now();

    const refused = adminContext(sys);
    expect(await importRoster.run([badFile], refused.ctx)).toBe(1);
    expect(refused.lines.filter((l) => l.startsWith('第 '))).toEqual([
      '第 15002 行　学历：「本」不是有效的学历，应为 博士研究生（01）、硕士研究生（11）、本科（31）、专科（41）',
    ]);
    expect(await sys.store.count('students')).toBe(3);
    const checked = Date.now();

    const done = adminContext(sys);
    expect(await importRoster.run([goodFile], done.ctx)).toBe(0);
    const imported = Date.now();
    expect(done.lines).toContain(`已导入：新增 ${ROWS} / 更新 0 / 未变 0 / 错误 0`);
    // not a terminal: plain lines as the writing goes, instead of a bar
    const progressLines = done.lines.filter((l) => l.startsWith('写入：'));
    expect(progressLines[0]).toBe('写入：0/20000');
    expect(progressLines.at(-1)).toBe('写入：20000/20000');
    expect(progressLines.length).toBeGreaterThanOrEqual(5);
    expect(await sys.store.count('students')).toBe(ROWS + 3);
    expect((await sys.store.get('students', studentNoFor(ROWS - 1)))?.name).toBe(rosterRow(ROWS - 1)[1]);

    const report = await verifyAudit(sys.store);
    expect(report.broken).toEqual([]);
    expect(report.entries).toBe((await sys.store.count('audit')));
    const verified = Date.now();
    console.log(
      `${ROWS} rows: files written in ${generated - started} ms, refused in ${checked - generated} ms, ` +
        `imported in ${imported - checked} ms (${Math.round(ROWS / ((imported - checked) / 1000))} rows/s), ` +
        `verifyAudit in ${verified - imported} ms`,
    );
  });
});
