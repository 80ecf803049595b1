/** export: each report written as .xlsx with Chinese headers, read back with exceljs and compared with the store. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { exportReport } from '../../admin/commands/export';
import { verificationCode } from '../../server/domain/document';
import { bind } from '../../server/usecases/bind';
import { withUsccCheck } from '../../server/domain/identifiers';
import { accept, approve, signedDemoAgreement, terminate } from '../support/agreements';
import { DAY } from '../support/harness';
import { adminWorld, type AdminWorld } from './support';
import { registration } from '../support/registration';

type Value = string | number;

async function readSheet(file: string): Promise<{ name: string; rows: Value[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  expect(wb.worksheets).toHaveLength(1);
  const ws = wb.worksheets[0]!;
  const width = ws.getRow(1).cellCount;
  const rows: Value[][] = [];
  ws.eachRow((row) => {
    rows.push(Array.from({ length: width }, (_, i) => (row.getCell(i + 1).value ?? '') as Value));
  });
  return { name: ws.name, rows };
}

describe('export', () => {
  let world: AdminWorld;
  beforeEach(async () => {
    world = await adminWorld();
  });
  afterEach(() => world.close());

  const out = (name: string) => path.join(world.dir, name);

  it('signed: one row per signed agreement with every field the office files, as the store has it', async () => {
    const a = await signedDemoAgreement(world.sys);
    const r = await world.run(exportReport, ['signed', '--out', out('signed.xlsx')]);
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(['导出 签约明细：0/1', '导出 签约明细：1/1', `已导出「签约明细」1 行 → ${out('signed.xlsx')}`]);

    const sheet = await readSheet(out('signed.xlsx'));
    expect(sheet.name).toBe('签约明细');
    expect(sheet.rows[0]).toEqual([
      '协议编号', '学号', '姓名', '性别', '学院', '专业', '学历', '毕业年份', '学生联系电话',
      '单位名称', '统一社会信用代码', '单位性质', '行业', '单位所在地', '单位地址', '单位联系人', '单位联系电话',
      '岗位', '工作地点', '月薪（元）', '合同期限（年）', '报到日期', '档案', '档案接收单位', '档案接收地址', '档案邮编',
      '户口', '户口迁移地址', '备注', '签约方式', '签约时间', '协议校验码',
    ]);
    expect(sheet.rows).toHaveLength(2);
    const e = a.content.employer;
    expect(sheet.rows[1]).toEqual([
      a.agreementNo, '2026010101', '张三', '男', '计算机学院', '软件工程', '本科', 2026, '13800138000',
      '深圳示例科技有限公司', e.uscc, '其他企业', '软件和信息技术服务业', '广东省深圳市南山区', '广东省深圳市南山区粤海街道科技南路88号', '陈经理', '13912345678',
      '前端开发工程师', '广东省深圳市南山区', 15000, 3, '2026-07-01', '转递', '深圳市人才交流服务中心', '深圳市福田区深南大道1号', '518000',
      '不迁移', '', '试用期三个月，试用期工资不低于转正工资的80%。', '单位邀约', '2026-03-02 10:00', verificationCode(a),
    ]);
    expect(a.agreementNo).toMatch(/^2026100013\d{7}$/);
  });

  it('signed leaves out agreements that are not signed, and --year keeps one cohort', async () => {
    const pending = await accept(world.sys, 'demo-student', 'offer-demo-1');
    expect((await readSheetAfter(world, ['signed', '--out', out('pending.xlsx')])).rows).toHaveLength(1);
    await approve(world.sys, pending);
    expect((await readSheetAfter(world, ['signed', '--year', '2026', '--out', out('2026.xlsx')])).rows).toHaveLength(2);
    expect((await readSheetAfter(world, ['signed', '--year', '2025', '--out', out('2025.xlsx')])).rows).toHaveLength(1);
  });

  it('rate: graduates, signed and 签约率 by college and major, with subtotals and the school total', async () => {
    await signedDemoAgreement(world.sys);
    const sheet = await readSheetAfter(world, ['rate', '--out', out('rate.xlsx')]);
    expect(sheet.name).toBe('签约率');
    expect(sheet.rows.map((row) => row.map((v) => (typeof v === 'number' ? Math.round(v * 10000) / 10000 : v)))).toEqual([
      ['学院', '专业', '毕业生数', '已签约', '签约率'],
      ['计算机学院', '计算机科学与技术', 1, 0, 0],
      ['计算机学院', '软件工程', 1, 1, 1],
      ['计算机学院', '（学院小计）', 2, 1, 0.5],
      ['经济管理学院', '会计学', 1, 0, 0],
      ['经济管理学院', '（学院小计）', 1, 0, 0],
      ['全校合计', '', 3, 1, 0.3333],
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out('rate.xlsx'));
    expect(wb.worksheets[0]!.getRow(2).getCell(5).numFmt).toBe('0.00%');

    const other = await readSheetAfter(world, ['rate', '--year', '2025', '--out', out('rate-2025.xlsx')]);
    expect(other.rows.slice(1)).toEqual([['全校合计', '', 0, 0, 0]]);
  });

  it('a terminated agreement no longer counts as signed, and the terminations report lists the request', async () => {
    const a = await terminate(world.sys, await signedDemoAgreement(world.sys));
    const rate = await readSheetAfter(world, ['rate', '--out', out('rate.xlsx')]);
    expect(rate.rows.at(-1)).toEqual(['全校合计', '', 3, 0, 0]);
    expect((await readSheetAfter(world, ['signed', '--out', out('signed.xlsx')])).rows).toHaveLength(1);

    const t = (await world.all('terminations'))[0]!;
    const sheet = await readSheetAfter(world, ['terminations', '--out', out('t.xlsx')]);
    expect(sheet.name).toBe('解约记录');
    expect(sheet.rows).toEqual([
      ['学号', '姓名', '学院', '专业', '协议编号', '单位名称', '状态', '申请时间', '处理时间', '解约说明', '审核意见', '证明材料（份）'],
      ['2026010101', '张三', '计算机学院', '软件工程', a.agreementNo, '深圳示例科技有限公司', '解约成功', '2026-03-02 10:00', '2026-03-02 10:00', t.explanation, '', 1],
    ]);
  });

  it('pending: each waiting item with its queue and the whole days it has waited', async () => {
    const a = await accept(world.sys, 'demo-student', 'offer-demo-1');
    world.sys.advance(DAY + 3_600_000);
    const uscc = withUsccCheck('91110105MA01ABCD1');
    await world.sys.ok(bind, 'hr-new', await registration(world.sys, 'hr-new', { name: '北京新单位有限公司', uscc, nature: '39', industry: '65', region: '110105', address: '北京市朝阳区示例路2号', contactName: '周女士', contactPhone: '13600136001' }));
    world.sys.advance(2 * DAY);
    const sheet = await readSheetAfter(world, ['pending', '--out', out('pending.xlsx')]);
    expect(sheet.name).toBe('待办队列');
    expect(sheet.rows).toEqual([
      ['事项', '待谁处理', '学院', '专业', '学号', '姓名', '单位名称', '协议编号', '进入当前状态时间', '等待天数'],
      ['三方协议', '院系审核', '计算机学院', '软件工程', '2026010101', '张三', '深圳示例科技有限公司', a.agreementNo, '2026-03-02 10:00', 3],
      ['用人单位认证', '学校审核', '', '', '', '', '北京新单位有限公司', '', '2026-03-03 11:00', 2],
    ]);
  });

  it('writes signed-<date>.xlsx in the current folder by default, and will not overwrite a file without --force', async () => {
    const cwd = process.cwd();
    process.chdir(world.dir);
    try {
      expect((await world.run(exportReport, ['signed'])).code).toBe(0);
      expect(existsSync(path.join(world.dir, 'signed-2026-03-02.xlsx'))).toBe(true);
      const again = await world.run(exportReport, ['signed']);
      expect(again.code).toBe(1);
      expect(again.text).toContain('文件 signed-2026-03-02.xlsx 已存在；要覆盖请加 --force');
      expect((await world.run(exportReport, ['signed', '--force'])).code).toBe(0);
    } finally {
      process.chdir(cwd);
    }
  });

  it('usage errors: unknown report, not .xlsx, --year on a report without cohorts (exit 2)', async () => {
    expect((await world.run(exportReport, ['signd'])).text).toContain('没有报表「signd」：可选 signed、rate、pending、terminations、placement');
    expect((await world.run(exportReport, ['signed', '--out', out('x.csv')])).code).toBe(2);
    expect((await world.run(exportReport, ['pending', '--year', '2026'])).code).toBe(2);
    expect((await world.run(exportReport, ['rate', '--year', 'last'])).code).toBe(2);
    expect(existsSync(out('x.csv'))).toBe(false);
  });
});

async function readSheetAfter(world: AdminWorld, args: string[]): Promise<{ name: string; rows: Value[][] }> {
  const r = await world.run(exportReport, args);
  expect(r.code).toBe(0);
  return readSheet(args[args.indexOf('--out') + 1]!);
}
