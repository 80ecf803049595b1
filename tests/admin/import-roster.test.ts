import { readFileSync, writeFileSync } from 'node:fs';
import { importRoster } from '../../admin/commands/importRoster';
import { respondOffer } from '../../server/usecases/respondOffer';
import { submitCheck } from '../../server/usecases/submitCheck';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { verifyAudit } from '../../server/app/verifyAudit';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { adminContext, tempDir, writeCsv, writeXlsx } from './fixtures/files';
import { idNumberFor, ROSTER_HEADER, rosterRow, rosterRows, studentNoFor } from './fixtures/roster';

describe('import-roster', () => {
  let sys: TestSystem;
  let dir: string;
  beforeEach(async () => {
    sys = await makeSystem();
    dir = tempDir();
  });
  afterEach(() => sys.close());

  const run = async (...args: string[]) => {
    const { ctx, lines, text } = adminContext(sys);
    const code = await importRoster.run(args, ctx);
    return { code, lines, text: text() };
  };
  const students = async () => (await sys.all('students')).filter((s) => s.studentNo.startsWith('20269'));

  it('imports a good xlsx: every school field, each new entry audited, the log clean', async () => {
    const file = await writeXlsx(dir, 'roster.xlsx', [[...ROSTER_HEADER], ...rosterRows(0, 4)]);
    const { code, text } = await run(file);
    expect(code).toBe(0);
    expect(text).toContain('新增 4 / 更新 0 / 未变 0 / 错误 0');
    const s = (await sys.store.get('students', studentNoFor(1)))!;
    expect(s).toMatchObject({
      studentNo: studentNoFor(1), idNumber: idNumberFor(1), collegeId: 'em', collegeName: '经济管理学院', major: '会计学',
      educationLevel: '31', graduationYear: 2026, openid: null, activeAgreementId: null, employment: {}, version: 1,
      source: { ethnicity: '汉族', politicalStatus: '共青团员', originRegion: '110105' },
    });
    expect((await sys.store.get('students', studentNoFor(0)))!.collegeId).toBe('cs');
    const chain = await sys.auditOf('student', studentNoFor(1));
    expect(chain.map((e) => [e.action, e.from, e.to, e.actor.role])).toEqual([['import', null, 'imported', 'admin']]);
    expect((await verifyAudit(sys.store)).broken).toEqual([]);
  });

  it('reads an optional 培养方式 column (name or the ministry code) into the 生源 record; a wrong one names the row', async () => {
    const header = [...ROSTER_HEADER, '培养方式'];
    const bad = writeCsv(dir, 'bad-mode.csv', [header, [...rosterRow(1), '定向'], [...rosterRow(2), '统招']]);
    const refused = await run(bad);
    expect(refused.code).toBe(1);
    expect(refused.lines).toContain('第 3 行　培养方式：「统招」不是有效的培养方式，应为 非定向、定向、委培 或 自筹（或代码 1–4）');
    const good = writeCsv(dir, 'mode.csv', [header, [...rosterRow(1), '定向'], [...rosterRow(2), '1']]);
    expect((await run(good)).code).toBe(0);
    expect((await sys.store.get('students', studentNoFor(1)))!.source).toMatchObject({ trainingMode: '定向', politicalStatus: '共青团员' });
    expect((await sys.store.get('students', studentNoFor(2)))!.source).toMatchObject({ trainingMode: '非定向' });
  });

  it('imports the same rows from a UTF-8 CSV with a byte-order mark, and from a GBK CSV', async () => {
    const bom = writeCsv(dir, 'bom.csv', [[...ROSTER_HEADER], ...rosterRows(0, 2)], 'utf8-bom');
    expect((await run(bom)).code).toBe(0);
    const gbk = writeCsv(dir, 'gbk.csv', [[...ROSTER_HEADER], ...rosterRows(2, 2)], 'gbk');
    const { code, text } = await run(gbk);
    expect(code).toBe(0);
    expect(text).toContain('已按 GBK（GB18030）读取');
    expect((await students()).map((s) => s.name)).toEqual(['赵同学0', '钱同学1', '孙同学2', '李同学3']);
    expect((await sys.store.get('students', studentNoFor(3)))!.collegeName).toBe('经济管理学院');
  });

  it('reports each bad row by row number, column and reason, and writes nothing', async () => {
    const badId = `${idNumberFor(3).slice(0, 17)}${idNumberFor(3)[17] === '0' ? '1' : '0'}`;
    const file = writeCsv(dir, 'bad.csv', [
      [...ROSTER_HEADER],
      rosterRow(1),
      rosterRow(2, { 学号: '' }),
      rosterRow(3, { 身份证号: badId }),
      rosterRow(4, { 身份证号: '11010520031301001X' }),
      rosterRow(5, { 学院: '软件学院', 学历: '博士后' }),
      rosterRow(6, { 毕业年份: '明年', 生源地: '朝阳区', 民族: '火星族', 政治面貌: '党外' }),
      rosterRow(7, { 性别: '女', 身份证号: idNumberFor(1) }),
    ]);
    const before = await sys.all('audit');
    const { code, lines } = await run(file);
    expect(code).toBe(1);
    expect(lines.filter((l) => l.startsWith('第 '))).toEqual([
      '第 3 行　学号：不能为空',
      '第 4 行　身份证号：校验位不正确，请核对号码',
      '第 5 行　身份证号：出生日期不正确，请核对号码',
      '第 6 行　学院：「软件学院」不是学校设置中的学院，可填学院名称或代码（现有：计算机学院/cs、经济管理学院/em）',
      '第 6 行　学历：「博士后」不是有效的学历，应为 博士研究生（01）、硕士研究生（11）、本科（31）、专科（41）',
      '第 7 行　毕业年份：「明年」不是有效的毕业年份，应为四位年份，如 2026',
      '第 7 行　民族：「火星族」不是有效的民族名称或代码（GB/T 3304）',
      '第 7 行　政治面貌：「党外」不是有效的政治面貌（GB/T 4762），如 中共党员、共青团员、群众',
      '第 7 行　生源地：「朝阳区」对应多个地区，请填写行政区划代码或完整的省市区名称',
      // row 8 carries row 2's ID number: both rows are marked, so --partial would import neither
      '第 2 行　身份证号：与第 8 行重复',
      '第 8 行　身份证号：与第 2 行重复',
      '第 8 行　性别：与身份证号不符（身份证号显示为' + (Number(idNumberFor(1)[16]) % 2 ? '男' : '女') + '）',
    ].sort((a, b) => Number(/第 (\d+)/.exec(a)![1]) - Number(/第 (\d+)/.exec(b)![1])));
    expect(lines).toContain('共 7 行学生');
    expect(lines.slice(-2)).toEqual([
      '新增 0 / 更新 0 / 未变 0 / 错误 7',
      '未执行：7 行有错误，未导入任何数据。修正后重新导入，或加 --partial 只导入正确的行',
    ]);
    expect(await students()).toEqual([]);
    expect(await sys.all('audit')).toEqual(before);
  });

  it('with --partial imports the good rows and lists the bad ones', async () => {
    const file = writeCsv(dir, 'mixed.csv', [[...ROSTER_HEADER], rosterRow(1), rosterRow(2, { 专业: '' }), rosterRow(3)]);
    const refused = await run(file);
    expect(refused.code).toBe(1);
    expect(await students()).toEqual([]);
    const { code, lines } = await run(file, '--partial');
    expect(code).toBe(0);
    expect(lines).toContain('第 3 行　专业：不能为空');
    expect(lines).toContain('已导入：新增 2 / 更新 0 / 未变 0 / 错误 1（1 行有错误，未导入）');
    expect((await students()).map((s) => s.studentNo)).toEqual([studentNoFor(1), studentNoFor(3)]);
    expect((await verifyAudit(sys.store)).broken).toEqual([]);
  });

  it('--dry-run counts what would change and writes nothing', async () => {
    const file = writeCsv(dir, 'roster.csv', [[...ROSTER_HEADER], ...rosterRows(0, 3)]);
    const before = await sys.all('audit');
    const { code, lines } = await run(file, '--dry-run');
    expect(code).toBe(0);
    expect(lines).toContain('试运行，未写入：新增 3 / 更新 0 / 未变 0 / 错误 0');
    expect(await students()).toEqual([]);
    expect(await sys.all('audit')).toEqual(before);
  });

  it('refuses a file without a required column, naming it once', async () => {
    const header = ROSTER_HEADER.filter((h) => h !== '身份证号');
    const file = writeCsv(dir, 'nocol.csv', [header, ...[1, 2, 3].map((i) => rosterRow(i).filter((_, k) => ROSTER_HEADER[k] !== '身份证号'))]);
    const { code, lines } = await run(file, '--partial');
    expect(code).toBe(1);
    expect(lines).toEqual([
      '目标库：test (memory)',
      '读取 nocol.csv（CSV，表头在第 1 行）',
      '缺少必填列：身份证号（也可写作：身份证号码、身份证件号、身份证件号码、证件号码、公民身份号码）',
      '未执行：表头不完整，未导入任何数据',
    ]);
    expect(lines.some((l) => l.startsWith('第 2 行'))).toBe(false);
    expect(await students()).toEqual([]);
  });

  it('accepts column aliases, a title row above the header, blank rows, a date for the year, and ignores other columns and sheets', async () => {
    const header = ['学生学号', '学生姓名', '身份证号码（必填）', '院系', '专业名称', '学历层次', '届别', '班级'];
    const file = await writeXlsx(dir, 'alias.xlsx', [
      ['2026届毕业生名单'],
      header,
      [studentNoFor(1), '张一', idNumberFor(1), '经济管理学院', '会计学', '31', '2026届', '会计2201'],
      [],
      [studentNoFor(2), '张二', idNumberFor(2).toLowerCase(), 'cs', '软件工程', '硕士', new Date(Date.UTC(2026, 5, 30)), '软件2202'],
    ], { extraSheet: true });
    const { code, lines } = await run(file);
    expect(code).toBe(0);
    expect(lines.slice(0, 5)).toEqual([
      '目标库：test (memory)',
      '读取 alias.xlsx（工作表「名单」，表头在第 2 行）',
      '文件有多个工作表：只读取了第一个，其余已忽略',
      '以下列不在导入范围内，已忽略：班级',
      '共 2 行学生',
    ]);
    expect(lines).toContain('以下列不在导入范围内，已忽略：班级');
    const two = (await sys.store.get('students', studentNoFor(2)))!;
    expect(two).toMatchObject({ educationLevel: '11', collegeId: 'cs', idNumber: idNumberFor(2).toUpperCase(), graduationYear: 2026 });
    // no 性别 column: taken from the ID number; no 生源 columns: nothing stored for them
    expect(two.gender).toBe(Number(idNumberFor(2)[16]) % 2 ? '男' : '女');
    expect(two.source).toEqual({});
  });

  it('reports an ID number kept in a number cell, whose last digits Excel has already lost', async () => {
    const file = await writeXlsx(dir, 'numeric.xlsx', [[...ROSTER_HEADER], rosterRow(1, { 身份证号: 110105200301011234 })]);
    const { code, lines } = await run(file);
    expect(code).toBe(1);
    expect(lines).toContain('第 2 行　身份证号：单元格是数字格式，超过 15 位的数字已被 Excel 改动（末尾变成 0）；请把该列设为「文本」格式，重新填写后再导入');
  });

  it('refuses an ID number already held by another 学号 in the store, but allows a swap within the file', async () => {
    const zhang = (await sys.store.get('students', '2026010101'))!;
    const li = (await sys.store.get('students', '2026010102'))!;
    const taken = writeCsv(dir, 'taken.csv', [[...ROSTER_HEADER], rosterRow(1, { 身份证号: zhang.idNumber, 性别: zhang.gender })]);
    const { code, lines } = await run(taken);
    expect(code).toBe(1);
    expect(lines).toContain('第 2 行　身份证号：系统中学号 2026010101 的学生已使用该身份证号');

    const row = (s: typeof zhang, idNumber: string, gender: string) =>
      [s.studentNo, s.name, idNumber, s.collegeName, s.major, '本科', 2026, gender, '汉族', '共青团员', s.source.originRegion ?? ''];
    const swap = writeCsv(dir, 'swap.csv', [[...ROSTER_HEADER], row(zhang, li.idNumber, li.gender), row(li, zhang.idNumber, zhang.gender)]);
    const swapped = await run(swap);
    expect(swapped.code).toBe(0);
    expect((await sys.store.get('students', '2026010101'))!.idNumber).toBe(li.idNumber);
    expect((await verifyAudit(sys.store)).broken).toEqual([]);
  });

  it('re-import updates school fields only: the student keeps the phone they entered, their binding and their lock', async () => {
    // 李四 (bound) enters his phone in 生源核查 and submits it
    await sys.ok(submitCheck, DEMO_OPENIDS.student2, {
      action: 'submit', requestId: rid(), kind: 'source', version: 0,
      fields: { phone: '13800000002', email: 'lisi@example.com', homeAddress: '北京市东城区示例路1号' },
    });
    // 张三 accepts his offer: the agreement holds his signing lock
    const accepted = await sys.ok(respondOffer, DEMO_OPENIDS.student, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
    const li = (await sys.store.get('students', '2026010102'))!;
    const zhang = (await sys.store.get('students', '2026010101'))!;
    const wang = (await sys.store.get('students', '2026020101'))!;
    expect(zhang.activeAgreementId).toBe(accepted.id);
    const checkBefore = (await sys.store.get('checks', 'source:2026010102'))!;
    const agreementBefore = await sys.store.get('agreements', accepted.id);
    const row = (s: typeof li, over: { major?: string; politicalStatus?: string } = {}) =>
      [s.studentNo, s.name, s.idNumber, s.collegeId, over.major ?? s.major, '本科', s.graduationYear, s.gender, s.source.ethnicity ?? '', over.politicalStatus ?? s.source.politicalStatus ?? '', s.source.originRegion ?? ''];
    const file = writeCsv(dir, 'again.csv', [[...ROSTER_HEADER], row(zhang, { politicalStatus: '中共党员' }), row(li, { major: '人工智能' }), row(wang), rosterRow(1)]);

    const { code, lines } = await run(file);
    expect(code).toBe(0);
    expect(lines).toContain('已导入：新增 1 / 更新 2 / 未变 1 / 错误 0');

    const liAfter = (await sys.store.get('students', '2026010102'))!;
    expect(liAfter).toEqual({ ...li, major: '人工智能', version: li.version + 1, updatedAt: liAfter.updatedAt, auditHead: liAfter.auditHead });
    expect(liAfter.openid).toBe(DEMO_OPENIDS.student2);
    const zhangAfter = (await sys.store.get('students', '2026010101'))!;
    expect(zhangAfter).toEqual({ ...zhang, source: { ...zhang.source, politicalStatus: '中共党员' }, version: zhang.version + 1, updatedAt: zhangAfter.updatedAt, auditHead: zhangAfter.auditHead });
    expect(zhangAfter.activeAgreementId).toBe(accepted.id);
    expect(await sys.store.get('agreements', accepted.id)).toEqual(agreementBefore);
    expect(await sys.store.get('students', '2026020101')).toEqual(wang);
    // the student's own record is not the roster's: untouched, phone and state as they were
    expect(await sys.store.get('checks', 'source:2026010102')).toEqual(checkBefore);
    expect(checkBefore.fields.phone).toBe('13800000002');
    const last = (await sys.auditOf('student', '2026010102')).at(-1)!;
    expect([last.action, last.from, last.to, last.actor]).toEqual(['import', 'bound', 'bound', { openid: 'admin', role: 'admin' }]);
    expect((await verifyAudit(sys.store)).broken).toEqual([]);

    // the same file again changes nothing
    const again = await run(file);
    expect(again.lines).toContain('已导入：新增 0 / 更新 0 / 未变 4 / 错误 0');
  });

  it('a blank 生源 cell clears the school value; a missing 生源 column leaves it as it was', async () => {
    const first = writeCsv(dir, 'first.csv', [[...ROSTER_HEADER], rosterRow(1)]);
    await run(first);
    const blank = writeCsv(dir, 'blank.csv', [[...ROSTER_HEADER], rosterRow(1, { 政治面貌: '' })]);
    expect((await run(blank)).lines).toContain('已导入：新增 0 / 更新 1 / 未变 0 / 错误 0');
    expect((await sys.store.get('students', studentNoFor(1)))!.source).toEqual({ ethnicity: '汉族', originRegion: '110105' });
    const header = ROSTER_HEADER.slice(0, 7);
    const fewer = writeCsv(dir, 'fewer.csv', [header, rosterRow(1).slice(0, 7)]);
    expect((await run(fewer)).lines).toContain('已导入：新增 0 / 更新 0 / 未变 1 / 错误 0');
    expect((await sys.store.get('students', studentNoFor(1)))!.source).toEqual({ ethnicity: '汉族', originRegion: '110105' });
  });

  it('refuses when the school has no colleges yet, once, and checks nothing else', async () => {
    await sys.close();
    sys = await makeSystem({ seed: false });
    const file = writeCsv(dir, 'roster.csv', [[...ROSTER_HEADER], ...rosterRows(0, 3)]);
    const { code, lines } = await run(file);
    expect(code).toBe(1);
    expect(lines).toEqual([
      '目标库：test (memory)',
      '读取 roster.csv（CSV，表头在第 1 行）',
      '未执行：学校设置中还没有任何学院，名单中的「学院」无从核对；请先在学校设置中添加学院（名称和代码），再导入名单；未导入任何数据',
    ]);
  });

  it('answers usage errors with exit code 2, pointing to --help', async () => {
    expect(await run()).toMatchObject({ code: 2, lines: ['用法错误：请指定要导入的文件（.xlsx 或 .csv）', '查看用法：npm run admin -- import-roster --help'] });
    expect(await run('a.csv', 'b.csv')).toMatchObject({ code: 2, lines: ['用法错误：多余的参数：b.csv', '查看用法：npm run admin -- import-roster --help'] });
    expect((await run('a.csv', '--force')).code).toBe(2);
    expect(importRoster.help).toContain('用法：npm run admin -- import-roster <名单.xlsx|名单.csv>');
  });

  it('refuses files it cannot read with a clear message', async () => {
    const missing = await run(`${dir}/none.csv`);
    expect(missing.code).toBe(1);
    expect(missing.lines.at(-1)).toBe(`未执行：找不到文件：${dir}/none.csv；未导入任何数据`);
    const xls = `${dir}/old.xls`;
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    expect((await run(xls)).text).toContain('这是旧版 Excel 文件（.xls），请在 Excel 中另存为 .xlsx');
    const broken = `${dir}/broken.xlsx`;
    writeFileSync(broken, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('not really a workbook')]));
    expect((await run(broken)).lines.at(-1)).toMatch(/^未执行：xlsx 文件无法读取，可能不完整或已损坏（.+）；请在 Excel 中打开并重新保存为 \.xlsx；未导入任何数据$/);
    const text = `${dir}/text.xlsx`;
    writeFileSync(text, '学号,姓名\n');
    expect((await run(text)).lines.at(-1)).toBe('未执行：文件扩展名是 .xlsx，但内容不是 Excel 工作簿，文件可能已损坏；未导入任何数据');
    const utf16 = `${dir}/u16.csv`;
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('学号', 'utf16le')]));
    expect((await run(utf16)).text).toContain('文件是 UTF-16 编码');
  });

  it('writes every problem to --report as a UTF-8 CSV', async () => {
    const file = writeCsv(dir, 'bad.csv', [[...ROSTER_HEADER], rosterRow(1, { 专业: '' }), rosterRow(2, { 学历: 'x' })]);
    const report = `${dir}/errors.csv`;
    await run(file, '--report', report);
    const text = readFileSync(report, 'utf8');
    expect(text.split('\r\n')).toEqual([
      '\ufeff行号,列,原因',
      '2,专业,不能为空',
      '3,学历,「x」不是有效的学历，应为 博士研究生（01）、硕士研究生（11）、本科（31）、专科（41）',
      '',
    ]);
  });
});
