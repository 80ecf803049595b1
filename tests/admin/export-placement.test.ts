/** export placement: 去向落实率 by college and major, written as .xlsx and read back against a recount of the records. */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { exportReport } from '../../admin/commands/export';
import { adminWorld, type AdminWorld } from './support';
import { aDestination, aGraduate, recount } from '../support/placement';

type Value = string | number;

async function readSheet(file: string): Promise<{ name: string; rows: Value[][]; formats: (string | undefined)[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0]!;
  const width = ws.getRow(1).cellCount;
  const rows: Value[][] = [];
  ws.eachRow((row) => rows.push(Array.from({ length: width }, (_, i) => (row.getCell(i + 1).value ?? '') as Value)));
  return { name: ws.name, rows, formats: Array.from({ length: width }, (_, i) => ws.getRow(2).getCell(i + 1).numFmt) };
}

describe('export placement', () => {
  let world: AdminWorld;
  beforeEach(async () => {
    world = await adminWorld();
  });
  afterEach(() => world.close());

  it('a row per major, a subtotal per college and the school total, each equal to a recount of the records', async () => {
    const store = world.target.store;
    for (const g of [aGraduate('2026010103', 'cs', '软件工程'), aGraduate('2026020102', 'em', '会计学'), aGraduate('2026020103', 'em', '市场营销')]) {
      await store.put('students', g, 0);
    }
    const on = async (no: string) => (await store.get('students', no))!;
    await store.put('destinations', aDestination(await on('2026010101'), { approved: '10', online: true }), 0);
    await store.put('destinations', aDestination(await on('2026010103'), { approved: '76' }), 0);
    await store.put('destinations', aDestination(await on('2026010102'), { approved: '80' }), 0);
    await store.put('destinations', aDestination(await on('2026020101'), { approved: '11' }), 0);
    await store.put('destinations', aDestination(await on('2026020102'), { approved: '70' }), 0);

    const file = path.join(world.dir, '去向落实率.xlsx');
    const r = await world.run(exportReport, ['placement', '--out', file]);
    expect(r.code).toBe(0);
    expect(r.lines.at(-1)).toBe(`已导出「去向落实率」7 行 → ${file}`);

    const sheet = await readSheet(file);
    expect(sheet.name).toBe('去向落实率');
    expect(sheet.rows[0]).toEqual(['学院', '专业', '毕业生数', '协议和合同就业', '灵活就业', '升学', '未就业', '未登记', '去向落实率', '单位就业人数', '网签人数', '网签占比']);
    expect(sheet.formats[8]).toBe('0.00%');
    expect(sheet.formats[11]).toBe('0.00%');
    expect(sheet.rows.slice(1)).toEqual([
      ['计算机学院', '计算机科学与技术', 1, 0, 0, 1, 0, 0, 1, 0, 0, 0],
      ['计算机学院', '软件工程', 2, 1, 1, 0, 0, 0, 1, 1, 1, 1],
      ['计算机学院', '（学院小计）', 3, 1, 1, 1, 0, 0, 1, 1, 1, 1],
      ['经济管理学院', '会计学', 2, 1, 0, 0, 1, 0, 0.5, 1, 0, 0],
      ['经济管理学院', '市场营销', 1, 0, 0, 0, 0, 1, 0, 0, 0, 0],
      ['经济管理学院', '（学院小计）', 3, 1, 0, 0, 1, 1, 0.3333, 1, 0, 0],
      ['全校合计', '', 6, 2, 1, 1, 1, 1, 0.6667, 2, 1, 0.5],
    ]);
    // and the same as the records counted one by one
    const columns = (x: Awaited<ReturnType<typeof recount>>) => [x.graduates, x.byCategory.contract, x.byCategory.flexible, x.byCategory.study, x.byCategory.unemployed, x.unregistered];
    expect(sheet.rows[3]!.slice(2, 8)).toEqual(columns(await recount(store, (s) => s.collegeId === 'cs')));
    expect(sheet.rows[5]!.slice(2, 8)).toEqual(columns(await recount(store, (s) => s.collegeId === 'em' && s.major === '市场营销')));
    expect(sheet.rows[7]!.slice(2, 8)).toEqual(columns(await recount(store, () => true)));
  });

  it('--year is refused: the figures are of the roster as it stands', async () => {
    const r = await world.run(exportReport, ['placement', '--year', '2026', '--out', path.join(world.dir, 'p.xlsx')]);
    expect(r.code).toBe(2);
  });
});
