/**
 * export national: the upload sheet written from a real SQLite store, read back with exceljs; report states moving
 * through --mark-reported and a re-approval; --since last; a broken row refused with its row and column.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { exportReport } from '../../admin/commands/export';
import { NATIONAL_HEADERS } from '../../admin/reports/national';
import { verifyAudit } from '../../server/app/verifyAudit';
import { step, type Stepped } from '../../server/domain/machine';
import { valuesHash, reportStateOf } from '../../server/domain/nationalReport';
import type { Actor, DestinationDoc } from '../../server/domain/types';
import type { DestinationContent } from '../../typings';
import { SHEET_CONTENTS, aConfirmedDestination } from '../domain/builders';
import { adminWorld, type AdminWorld } from './support';
import { registerDestination } from '../../server/usecases/registerDestination';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { rid } from '../support/harness';
import { aDraft, decide, destinationOf, EMPLOYER_PART, registered, submit } from '../support/destinations';
import { signedDemoAgreement } from '../support/agreements';

const col = (header: (typeof NATIONAL_HEADERS)[number]): number => NATIONAL_HEADERS.indexOf(header) + 1;

interface Sheet {
  headers: string[];
  /** data rows, each cell's value as written */
  rows: unknown[][];
  ws: ExcelJS.Worksheet;
}

async function readSheet(file: string): Promise<Sheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  expect(wb.worksheets).toHaveLength(1);
  const ws = wb.worksheets[0]!;
  const all: unknown[][] = [];
  ws.eachRow((row) => {
    all.push(Array.from({ length: NATIONAL_HEADERS.length }, (_, i) => row.getCell(i + 1).value ?? ''));
  });
  return { headers: all[0] as string[], rows: all.slice(1), ws };
}

const LI = { studentNo: '2026010102', studentName: '李四', major: '计算机科学与技术' };
const WANG = { studentNo: '2026020101', studentName: '王五', collegeId: 'em', major: '会计学' };

describe('export national', () => {
  let world: AdminWorld;
  beforeEach(async () => {
    world = await adminWorld();
  });
  afterEach(() => world.close());

  const out = (name: string) => path.join(world.dir, name);
  const store = () => world.target.store;
  const dest = async (studentNo: string) => (await store().get('destinations', `destination:${studentNo}`))!;
  const put = (doc: DestinationDoc, expected = 0) => store().put('destinations', doc, expected);
  const run = (...args: string[]) => world.run(exportReport, ['national', ...args]);

  /** 张三 employed, 李四 升学, both confirmed; 王五 待就业, approved but not confirmed. */
  async function threeGraduates(): Promise<void> {
    await put(aConfirmedDestination(SHEET_CONTENTS.job));
    await put(aConfirmedDestination(SHEET_CONTENTS.study, { _id: `destination:${LI.studentNo}`, ...LI }));
    await put(aConfirmedDestination(SHEET_CONTENTS.seeking, { _id: `destination:${WANG.studentNo}`, ...WANG, confirmedAt: undefined }));
  }

  /** A student's change of the values in force, approved (and confirmed again): the record as dest-core leaves it. */
  async function reapprove(studentNo: string, content: DestinationContent): Promise<void> {
    const doc = await dest(studentNo);
    const approved = { ...content, approvedAt: '2026-06-10T02:00:00.000Z', evidence: [] };
    await put({ ...doc, version: doc.version + 1, state: 'approved', content, approved, confirmedAt: approved.approvedAt, confirmedHash: valuesHash(approved) }, doc.version);
  }

  it('writes the standard\'s columns in order, codes as two-digit text, one row per confirmed graduate; the unconfirmed are listed', async () => {
    await threeGraduates();
    const before = await world.all('destinations');
    const r = await run('--out', out('national.xlsx'));
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([
      '导出 毕业去向上报表：0/3',
      '导出 毕业去向上报表：3/3',
      `已导出「毕业生就业信息」2 行 → ${out('national.xlsx')}`,
      '上报状态：新增 3，有改动 0，已上报 0，需复查 0；尚无审核通过的去向 0',
      '待本人确认 1 人，未导出：',
      '  2026020101 王五（经济管理学院）',
    ]);

    const sheet = await readSheet(out('national.xlsx'));
    expect(sheet.ws.name).toBe('毕业生就业信息');
    expect(sheet.headers).toEqual([...NATIONAL_HEADERS]);
    expect(sheet.headers.slice(-7)).toEqual(['Bdzqflbdm', 'Bdzqflb', 'Bdzqwdwmc', 'Qwdwszddm', 'Qwdwszd', 'bdzbh', 'Bdqssj']);
    expect(sheet.rows.map((row) => row[col('Xh') - 1])).toEqual(['2026010101', '2026010102']);

    const zhang = sheet.ws.getRow(2);
    const text = (c: number) => ({ value: zhang.getCell(c).value, type: zhang.getCell(c).type, numFmt: zhang.getCell(c).numFmt });
    for (const [header, value] of [['Xbdm', '01'], ['Mzdm', '01'], ['Zzmmdm', '03'], ['Pyfsdm', '01'], ['Xldm', '31'], ['Byqxdm', '11'], ['Dwxzdm', '39'], ['Dwhydm', '34'], ['Gzzwlbdm', '13'], ['Yxdm', '10001'], ['Dwszddm', '440305'], ['Sfzh', '440305200304151235']] as const) {
      expect([header, text(col(header))]).toEqual([header, { value, type: ExcelJS.ValueType.String, numFmt: '@' }]);
    }
    expect(zhang.getCell(col('Dwmc')).value).toBe('深圳示例科技有限公司');
    expect(zhang.getCell(col('Yx')).value).toBe('示例大学');
    const li = sheet.ws.getRow(3);
    expect([li.getCell(col('Byqxdm')).value, li.getCell(col('Dwmc')).value, li.getCell(col('Dwxzdm')).value ?? '']).toEqual(['80', '北京大学', '']);

    // without --mark-reported the export changes nothing
    expect(await world.all('destinations')).toEqual(before);
  });

  it('moves the report states new → reported → recheck → changed → reported, and --since last exports only what changed', async () => {
    await threeGraduates();
    const marked = await run('--mark-reported', '--out', out('first.xlsx'));
    expect(marked.code).toBe(0);
    expect(marked.lines).toContain('已将 2 行记为已上报（每条记入审计）');
    const zhang = await dest('2026010101');
    expect(zhang.report).toEqual({ state: 'reported', reportedAt: '2026-03-02T02:00:00.000Z', reportedHash: valuesHash(zhang.approved!) });
    expect(zhang.state).toBe('approved');
    expect(reportStateOf(zhang)).toBe('reported');
    expect(reportStateOf(await dest(WANG.studentNo))).toBe('new'); // unconfirmed: not exported, so not reported
    const entries = (await world.all('audit')).filter((e) => e.record === 'destination');
    expect(entries.map((e) => [e.recordId, e.action, e.from, e.to, e.actor.role])).toEqual([
      ['destination:2026010101', 'markReported', 'approved', 'approved', 'admin'],
      ['destination:2026010102', 'markReported', 'approved', 'approved', 'admin'],
    ]);

    const nothing = await run('--since', 'last', '--out', out('none.xlsx'));
    expect(nothing.lines).toContain(`已导出「毕业生就业信息」0 行（自上次上报以来新增或有改动的） → ${out('none.xlsx')}`);
    expect((await readSheet(out('none.xlsx'))).rows).toEqual([]);

    // 张三 submits another employer: the values in force are still the reported ones
    const other: DestinationContent = { ...SHEET_CONTENTS.job, employer: { ...SHEET_CONTENTS.job.employer, name: '深圳另一家科技有限公司', jobCategory: '29' } };
    const doc = await dest('2026010101');
    await put({ ...doc, version: doc.version + 1, state: 'submitted', content: other }, doc.version);
    expect(reportStateOf(await dest('2026010101'))).toBe('recheck');
    const waiting = await run('--since', 'last', '--out', out('waiting.xlsx'));
    expect(waiting.lines).toContain('上报状态：新增 1，有改动 0，已上报 1，需复查 1；尚无审核通过的去向 0');
    expect((await readSheet(out('waiting.xlsx'))).rows).toEqual([]);

    // approved: the row has changed and goes again, with the new values
    await reapprove('2026010101', other);
    expect(reportStateOf(await dest('2026010101'))).toBe('changed');
    const changed = await run('--since', 'last', '--mark-reported', '--out', out('changed.xlsx'));
    expect(changed.code).toBe(0);
    const rows = (await readSheet(out('changed.xlsx'))).rows;
    expect(rows.map((row) => [row[col('Xh') - 1], row[col('Dwmc') - 1], row[col('Gzzwlbdm') - 1]])).toEqual([['2026010101', '深圳另一家科技有限公司', '29']]);
    expect(changed.lines).toContain('已将 1 行记为已上报（每条记入审计）');
    expect(reportStateOf(await dest('2026010101'))).toBe('reported');
    expect(reportStateOf(await dest(LI.studentNo))).toBe('reported');

    // a full export still writes every confirmed row, whatever its state
    await run('--out', out('full.xlsx'));
    expect((await readSheet(out('full.xlsx'))).rows).toHaveLength(2);
  });

  it('refuses a broken row with its row and column, writes the good ones and exits 1; only the written rows are marked', async () => {
    await put(aConfirmedDestination({ type: '10' }));
    await put(aConfirmedDestination({ ...SHEET_CONTENTS.study, employer: SHEET_CONTENTS.job.employer }, { _id: `destination:${WANG.studentNo}`, ...WANG }));
    await put(aConfirmedDestination(SHEET_CONTENTS.study, { _id: `destination:${LI.studentNo}`, ...LI }));
    const r = await run('--mark-reported', '--out', out('broken.xlsx'));
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(expect.arrayContaining([
      '2 行不符合上报规则，未导出（行号按全部导出时的位置，表头为第 1 行）：',
      '  第 2 行 Dwmc（单位名称）2026010101 张三：毕业去向为「签就业协议形式就业」，缺少就业单位',
      '  第 4 行 Dwmc（单位名称）2026020101 王五：毕业去向为「升学」，不应填写就业单位',
      '已将 1 行记为已上报（每条记入审计）',
    ]));
    expect((await readSheet(out('broken.xlsx'))).rows.map((row) => row[col('Xh') - 1])).toEqual(['2026010102']);
    expect(reportStateOf(await dest('2026010101'))).toBe('new');
    expect(reportStateOf(await dest(WANG.studentNo))).toBe('new');
    expect(reportStateOf(await dest(LI.studentNo))).toBe('reported');
  });

  it('a record re-approved between the export\'s read and its marking is not marked; one with only a new draft is', async () => {
    await threeGraduates();
    await put({ ...(await dest(WANG.studentNo)), version: 4, confirmedAt: '2026-03-01T02:00:00.000Z' }, 3);
    const other: DestinationContent = { ...SHEET_CONTENTS.job, employer: { ...SHEET_CONTENTS.job.employer, name: '深圳另一家科技有限公司' } };
    // the marking reads the exported records again (getMany): that is when the others act
    const real = store();
    let acted = false;
    const racing = Object.create(real) as typeof real;
    racing.getMany = async (collection, ids) => {
      if (collection === 'destinations' && !acted) {
        acted = true;
        await reapprove('2026010101', other);
        const li = await dest(LI.studentNo);
        await put({ ...li, version: li.version + 1, state: 'draft', content: SHEET_CONTENTS.seeking }, li.version);
      }
      return real.getMany(collection, ids);
    };
    const r = await world.run(exportReport, ['national', '--mark-reported', '--out', out('race.xlsx')], { store: racing });
    expect(r.code).toBe(1);
    expect(r.lines.slice(-3)).toEqual(['已将 2 行记为已上报（每条记入审计）', '1 行在导出后审核通过了新的值，未记为已上报，下次导出时以新的值导出：', '  2026010101']);
    expect(reportStateOf(await dest('2026010101'))).toBe('new');
    expect(reportStateOf(await dest(LI.studentNo))).toBe('recheck');
    expect(reportStateOf(await dest(WANG.studentNo))).toBe('reported');
  });

  it('an upload recorded on a record with a real chain continues it: verify-audit finds nothing broken', async () => {
    // 张三's record through the machine's steps, each committed with its entry: submitted, approved, confirmed
    const content = SHEET_CONTENTS.job;
    const at = '2026-03-01T02:00:00.000Z';
    const student: Actor = { openid: 'demo-student', role: 'student' };
    const reviewer: Actor = { openid: 'demo-college-cs', role: 'collegeReviewer' };
    const base = aConfirmedDestination(content);
    const { _id, version: _v, createdAt: _c, updatedAt: _u, auditHead: _h, state: _s, ...fields } = base;
    let doc: DestinationDoc | null = null;
    for (const [action, actor, patch] of [
      ['submit', student, { ...fields, approved: null, confirmedAt: undefined }],
      ['approve', reviewer, { approved: { ...content, approvedAt: at, evidence: base.evidence } }],
      ['confirm', student, { confirmedAt: at }],
    ] as const) {
      const stepped: Stepped<DestinationDoc> = step<'destination', DestinationDoc>({ kind: 'destination', current: doc, id: _id, action, actor, now: at, patch });
      await store().commit({ writes: [{ collection: 'destinations', doc: stepped.doc, expectedVersion: doc?.version ?? 0 }], audit: [stepped.audit], outbox: [] });
      doc = stepped.doc;
    }
    expect((await verifyAudit(store())).broken).toEqual([]);

    const r = await run('--mark-reported', '--out', out('chained.xlsx'));
    expect(r.code).toBe(0);
    expect(reportStateOf(await dest('2026010101'))).toBe('reported');
    const entries = (await world.all('audit')).filter((e) => e.recordId === _id).map((e) => [e.seq, e.action]);
    expect(entries).toEqual([[1, 'submit'], [2, 'approve'], [3, 'confirm'], [4, 'markReported']]);
    expect((await verifyAudit(store())).broken).toEqual([]);
  });

  it('end to end through the functions: registered, approved, confirmed, reported; a change approved goes again', async () => {
    const sys = world.sys;
    const first = await registered(sys, DEMO_OPENIDS.student, '2026010101', '11');
    const unconfirmed = await run('--out', out('unconfirmed.xlsx'));
    expect(unconfirmed.lines).toContain('待本人确认 1 人，未导出：');
    const confirmed = await sys.ok(registerDestination, DEMO_OPENIDS.student, { action: 'confirm', requestId: rid(), version: first.version });

    const r = await run('--mark-reported', '--out', out('e2e.xlsx'));
    expect(r.code).toBe(0);
    const row = (await readSheet(out('e2e.xlsx'))).rows;
    expect(row.map((cells) => [cells[col('Xh') - 1], cells[col('Byqxdm') - 1], cells[col('Dwmc') - 1], cells[col('Dwhydm') - 1], cells[col('Gzzwlbdm') - 1]])).toEqual([
      ['2026010101', '11', EMPLOYER_PART.name, '34', '13'],
    ]);
    expect(reportStateOf(await dest('2026010101'))).toBe('reported');

    // another employer, submitted: 需复查, nothing to upload; approved and confirmed: 有改动, uploaded again
    const changed = aDraft('11', [await sys.upload(DEMO_OPENIDS.student, 'contract-2.pdf')], { employer: { ...EMPLOYER_PART, name: '深圳第二示例科技有限公司', jobCategory: '29' } });
    const sent = await submit(sys, DEMO_OPENIDS.student, changed, confirmed.version + 1);
    expect(reportStateOf(await dest('2026010101'))).toBe('recheck');
    expect((await run('--since', 'last', '--out', out('recheck.xlsx'))).lines).toContain(
      `已导出「毕业生就业信息」0 行（自上次上报以来新增或有改动的） → ${out('recheck.xlsx')}`,
    );
    const approved = await decide(sys, DEMO_OPENIDS.collegeReviewer, 'approve', destinationOf('2026010101'), sent.version);
    expect(approved.results[0]!.ok).toBe(true);
    expect(reportStateOf(await dest('2026010101'))).toBe('changed');
    await sys.ok(registerDestination, DEMO_OPENIDS.student, { action: 'confirm', requestId: rid(), version: (await dest('2026010101')).version });
    const again = await run('--since', 'last', '--mark-reported', '--out', out('again.xlsx'));
    expect((await readSheet(out('again.xlsx'))).rows.map((cells) => [cells[col('Dwmc') - 1], cells[col('Gzzwlbdm') - 1]])).toEqual([['深圳第二示例科技有限公司', '29']]);
    expect(again.code).toBe(0);
    expect(reportStateOf(await dest('2026010101'))).toBe('reported');
    expect((await verifyAudit(store())).broken).toEqual([]);
  });

  it('an agreement signed online fills 签就业协议形式就业; one signed without a 工作职位类别 is refused on Gzzwlbdm', async () => {
    const agreement = await signedDemoAgreement(world.sys);
    const filled = await dest('2026010101');
    expect([filled.approved?.type, filled.agreementId, filled.approved?.employer?.jobCategory]).toEqual(['10', agreement._id, '']);
    await world.sys.ok(registerDestination, DEMO_OPENIDS.student, { action: 'confirm', requestId: rid(), version: filled.version });
    const r = await run('--out', out('filled.xlsx'));
    expect(r.code).toBe(1);
    expect(r.lines.slice(-2)).toEqual([
      '1 行不符合上报规则，未导出（行号按全部导出时的位置，表头为第 1 行）：',
      '  第 2 行 Gzzwlbdm（工作职位类别代码）2026010101 张三：缺少工作职位类别代码',
    ]);
    expect((await readSheet(out('filled.xlsx'))).rows).toEqual([]);
  });

  it.each([
    [['--since', 'yesterday'], '用法错误：--since 只能是 last（自上次上报以来），收到「yesterday」'],
    [['--mark'], '用法错误：未知选项 --mark'],
    [['--out', 'national.csv'], '用法错误：--out 应为 .xlsx 文件，收到「national.csv」'],
    [['--year', '2026'], '用法错误：--year 只用于 signed 和 rate；national 导出全部已审核、已确认的毕业去向'],
    [['--since'], '用法错误：选项 --since 后面需要一个值'],
  ])('bad arguments %j: a Chinese usage error, nothing written', async (args, message) => {
    await threeGraduates();
    const before = await world.all('destinations');
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.lines).toEqual([message, '查看用法：npm run admin -- export --help']);
    expect(await world.all('destinations')).toEqual(before);
  });

  it('the help names national and its options', () => {
    expect(exportReport.help).toContain('export national [--since last] [--mark-reported] [--out 文件.xlsx] [--force]');
    expect(exportReport.summary).toContain('national 毕业去向上报表');
  });
});
