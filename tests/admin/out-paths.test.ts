/**
 * A file an admin command writes is named by its full path: a relative --out is relative to wherever the command ran,
 * and the person who reads the line (or the colleague it is pasted to) should find the file without guessing.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { backup } from '../../admin/commands/backup';
import { exportReport } from '../../admin/commands/export';
import { importRoster } from '../../admin/commands/importRoster';
import { adminWorld, type AdminWorld } from './support';
import { writeCsv } from './fixtures/files';
import { ROSTER_HEADER, rosterRow } from './fixtures/roster';

describe('admin output names files by their full path', () => {
  let world: AdminWorld;
  const cwd = process.cwd();
  beforeEach(async () => {
    world = await adminWorld();
    process.chdir(world.dir);
  });
  afterEach(async () => {
    process.chdir(cwd);
    await world.close();
  });

  it('given a relative --out, when export, backup and an import report write, then each line names the absolute path', async () => {
    const here = process.cwd();
    const exported = await world.run(exportReport, ['signed', '--out', 'signed.xlsx']);
    expect(exported.lines.at(-1)).toBe(`已导出「签约明细」0 行 → ${path.join(here, 'signed.xlsx')}`);

    const backedUp = await world.run(backup, ['--out', 'b.jsonl.gz']);
    expect(backedUp.lines.at(-1)).toContain(`→ ${path.join(here, 'b.jsonl.gz')}（`);

    const file = writeCsv(here, 'bad.csv', [[...ROSTER_HEADER], rosterRow(1, { 专业: '' })]);
    const imported = await world.run(importRoster, [file, '--report', 'errors.csv']);
    expect(imported.lines).toContain(`全部错误已写入 ${path.join(here, 'errors.csv')}`);

    for (const name of ['signed.xlsx', 'b.jsonl.gz', 'errors.csv']) expect(existsSync(path.join(here, name))).toBe(true);
  });
});
