import { importEmployers } from '../../admin/commands/importEmployers';
import { usccClaimId } from '../../server/domain/binding';
import { bind } from '../../server/usecases/bind';
import { query } from '../../server/usecases/query';
import { DEMO_EMPLOYER_ID, DEMO_OPENIDS } from '../../server/runtime/seed';
import { verifyAudit } from '../../server/app/verifyAudit';
import type { LibraryEmployer } from '../../typings';
import { makeSystem, type TestSystem } from '../support/harness';
import { adminContext, tempDir, writeCsv, writeXlsx } from './fixtures/files';
import { EMPLOYER_HEADER, employerRow, usccFor } from './fixtures/roster';
import { registration } from '../support/registration';

describe('import-employers', () => {
  let sys: TestSystem;
  let dir: string;
  beforeEach(async () => {
    sys = await makeSystem();
    dir = tempDir();
  });
  afterEach(() => sys.close());

  const run = async (...args: string[]) => {
    const { ctx, lines } = adminContext(sys);
    const code = await importEmployers.run(args, ctx);
    return { code, lines };
  };
  const imported = async () => (await sys.all('employers')).filter((e) => e._id !== DEMO_EMPLOYER_ID);

  it('imports a good xlsx as certified units in the library, codes from names, each audited', async () => {
    const file = await writeXlsx(dir, 'units.xlsx', [[...EMPLOYER_HEADER], employerRow(1), employerRow(2, { 单位性质: '国有企业', 行业: 'I', 单位所在地: '440305' })]);
    const { code, lines } = await run(file);
    expect(code).toBe(0);
    expect(lines).toContain('已导入：新增 2 / 更新 0 / 未变 0 / 错误 0');
    const units = await imported();
    expect(units.map((u) => [u.name, u.uscc, u.state, u.nature, u.industry, u.region])).toEqual([
      ['北京示例1号科技有限公司', usccFor(1), 'certified', '39', '65', '110105'],
      ['北京示例2号科技有限公司', usccFor(2), 'certified', '31', 'I', '440305'],
    ]);
    const chain = await sys.auditOf('employer', units[0]!._id);
    expect(chain.map((e) => [e.action, e.from, e.to, e.actor.role])).toEqual([['import', null, 'certified', 'admin']]);
    // the code is claimed as a registration claims it
    expect((await sys.store.get('counters', usccClaimId(usccFor(1))))?.value).toBe(1);
    expect((await verifyAudit(sys.store)).broken).toEqual([]);

    // students see them in the library when they start a signing themselves
    const library = await sys.ok(query, DEMO_OPENIDS.student, { view: 'employerLibrary', keyword: '北京示例' });
    expect((library as LibraryEmployer[]).map((e) => e.contactPhone)).toEqual(['13912340001', '13912340002']);

    // a self-registration of an imported unit is refused: it is already in the library
    const again = await sys.call(bind, 'hr-late', await registration(sys, 'hr-late', { name: '北京示例1号科技有限公司', uscc: usccFor(1), nature: '39', industry: '65', region: '110105', address: '北京', contactName: '王', contactPhone: '13900000000' }));
    expect(again).toMatchObject({ ok: false, message: '该统一社会信用代码的单位已注册，请向单位管理员索取邀请码' });
  });

  it('reports each bad row by row, column and reason, and writes nothing', async () => {
    const good = usccFor(3);
    const wrongCheck = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    const file = writeCsv(dir, 'bad.csv', [
      [...EMPLOYER_HEADER],
      employerRow(1),
      employerRow(2, { 统一社会信用代码: wrongCheck }),
      employerRow(3, { 统一社会信用代码: '91110105MA0000000I', 单位性质: '民营' }),
      employerRow(4, { 统一社会信用代码: '9111010', 行业: '互联网', 单位所在地: '北京市' }),
      employerRow(5, { 'HR 电话': '12345', 'HR 姓名': '' }),
      employerRow(6, { 统一社会信用代码: usccFor(1).toLowerCase() }),
    ]);
    const before = await sys.all('audit');
    const { code, lines } = await run(file);
    expect(code).toBe(1);
    expect(lines.filter((l) => l.startsWith('第 '))).toEqual([
      '第 2 行　统一社会信用代码：与第 7 行重复',
      '第 3 行　统一社会信用代码：校验位不正确，请核对代码',
      '第 4 行　统一社会信用代码：含有无效字符（只用数字和除 I、O、Z、S、V 以外的大写字母）',
      '第 4 行　单位性质：「民营」不在单位性质代码表中',
      '第 5 行　统一社会信用代码：应为 18 位，现为 7 位',
      '第 5 行　行业：「互联网」不在行业（GB/T 4754）代码表中',
      '第 5 行　单位所在地：「北京市」只到省级，请精确到市或区县',
      '第 6 行　HR 姓名：不能为空',
      '第 6 行　HR 电话：「12345」不是有效的手机号码或带区号的固定电话',
      '第 7 行　统一社会信用代码：与第 2 行重复',
    ]);
    expect(lines).toContain('新增 0 / 更新 0 / 未变 0 / 错误 6');
    expect(await imported()).toEqual([]);
    expect(await sys.all('audit')).toEqual(before);
  });

  it('re-import updates the library fields of a certified unit, keeping its state, its HR bindings and sent offers', async () => {
    const demo = (await sys.store.get('employers', DEMO_EMPLOYER_ID))!;
    const offer = await sys.store.get('offers', 'offer-demo-1');
    const hr = await sys.store.get('users', DEMO_OPENIDS.employer);
    const row = (phone: string) => [demo.name, demo.uscc, demo.nature, demo.industry, demo.region, demo.address, demo.contactName, phone];
    const file = writeCsv(dir, 'update.csv', [[...EMPLOYER_HEADER], row('13700000000'), employerRow(1)]);
    const { code, lines } = await run(file);
    expect(code).toBe(0);
    expect(lines).toContain('已导入：新增 1 / 更新 1 / 未变 0 / 错误 0');
    const after = (await sys.store.get('employers', DEMO_EMPLOYER_ID))!;
    expect(after).toEqual({ ...demo, contactPhone: '13700000000', version: demo.version + 1, updatedAt: after.updatedAt, auditHead: after.auditHead });
    const last = (await sys.auditOf('employer', DEMO_EMPLOYER_ID)).at(-1)!;
    expect([last.action, last.from, last.to, last.actor.role]).toEqual(['reimport', 'certified', 'certified', 'admin']);
    expect(await sys.store.get('offers', 'offer-demo-1')).toEqual(offer);
    expect(await sys.store.get('users', DEMO_OPENIDS.employer)).toEqual(hr);
    expect((await verifyAudit(sys.store)).broken).toEqual([]);

    expect((await run(file)).lines).toContain('已导入：新增 0 / 更新 0 / 未变 2 / 错误 0');
  });

  it('leaves a unit waiting for certification to the reviewers; --partial imports the rest', async () => {
    const registered = await sys.ok(bind, 'hr-new', await registration(sys, 'hr-new', { name: '自行注册的公司', uscc: usccFor(7), nature: '39', industry: '65', region: '110105', address: '北京', contactName: '王', contactPhone: '13900000000' }));
    const file = writeCsv(dir, 'units.csv', [[...EMPLOYER_HEADER], employerRow(7), employerRow(8)]);
    const refused = await run(file);
    expect(refused.code).toBe(1);
    expect(refused.lines).toContain('第 2 行　统一社会信用代码：该单位已自行注册，正在等待学校认证；请先在单位审核中处理，再导入');
    const { code, lines } = await run(file, '--partial');
    expect(code).toBe(0);
    expect(lines).toContain('已导入：新增 1 / 更新 0 / 未变 0 / 错误 1（1 行有错误，未导入）');
    expect((await sys.store.get('employers', registered.employerId!))!.state).toBe('registered');
    expect((await imported()).map((e) => e.uscc).sort()).toEqual([usccFor(7), usccFor(8)].sort());
    expect((await verifyAudit(sys.store)).broken).toEqual([]);
  });
});
