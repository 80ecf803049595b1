/** verify-audit: a clean store passes; an edited audit entry or a record changed behind the log fails (exit 1). */
import { verifyAudit } from '../../admin/commands/verifyAudit';
import { signedDemoAgreement } from '../support/agreements';
import { adminWorld, type AdminWorld } from './support';

describe('verify-audit', () => {
  let world: AdminWorld;
  beforeEach(async () => {
    world = await adminWorld();
  });
  afterEach(() => world.close());

  it('clean after real use: every chain checked, exit 0', async () => {
    await signedDemoAgreement(world.sys);
    const r = await world.run(verifyAudit, []);
    expect(r.code).toBe(0);
    const entries = (await world.all('audit')).length;
    expect(r.text).toMatch(new RegExp(`已检查 \\d+ 条记录的审计链，共 ${entries} 条审计条目。`));
    expect(r.lines.at(-1)).toBe('审计链完整：没有发现断开。');
  });

  it('an audit entry edited in the store: the broken link is named, exit 1', async () => {
    const a = await signedDemoAgreement(world.sys);
    const [, second] = await world.sys.auditOf('agreement', a._id);
    await world.sys.store.put('audit', { ...second!, reason: '改过的', version: 2 }, 1);
    const r = await world.run(verifyAudit, []);
    expect(r.code).toBe(1);
    expect(r.text).toContain('发现 1 处断开：');
    expect(r.text).toContain(`三方协议 agreement/${a._id}，第 2 条：条目内容与其哈希不符（条目被改动）`);
  });

  it('a record changed without an audit entry: reported as the record disagreeing with its chain', async () => {
    const a = await signedDemoAgreement(world.sys);
    await world.sys.store.put('agreements', { ...a, state: 'terminated', version: a.version + 1 }, a.version);
    const r = await world.run(verifyAudit, []);
    expect(r.code).toBe(1);
    expect(r.text).toContain(`三方协议 agreement/${a._id}，第 ${a.version} 条：记录本身与审计链不符`);
  });

  it('settings changed behind the log, not through settings set: named as 学校设置, exit 1', async () => {
    const s = (await world.sys.store.get('settings', 'school'))!;
    await world.sys.store.put('settings', { ...s, printCopies: 9, version: s.version + 1 }, s.version);
    const r = await world.run(verifyAudit, []);
    expect(r.code).toBe(1);
    expect(r.text).toContain('学校设置 settings/school，第 1 条：记录本身与审计链不符');
  });

  it('takes no arguments', async () => {
    expect((await world.run(verifyAudit, ['--all'])).code).toBe(2);
  });
});
