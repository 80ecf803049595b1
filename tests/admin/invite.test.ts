/** invite: one-time codes that the real bind function redeems once, within their days, for the role they name. */
import { CODE_ALPHABET, CODE_LENGTH, invite } from '../../admin/commands/invite';
import { verifyAudit as verifyAuditCommand } from '../../admin/commands/verifyAudit';
import { inviteId } from '../../server/domain/binding';
import { COLLECTION_NAMES } from '../../server/store/port';
import { bind } from '../../server/usecases/bind';
import { DEMO_EMPLOYER_ID, DEMO_INVITE_CODE } from '../../server/runtime/seed';
import { verifyAudit } from '../../server/app/verifyAudit';
import { DAY, rid, T0 } from '../support/harness';
import { adminWorld, type AdminWorld } from './support';

const CODE = new RegExp(`^  ([${CODE_ALPHABET}]{${CODE_LENGTH}})$`);
const codesIn = (lines: string[]): string[] => lines.map((l) => CODE.exec(l)?.[1]).filter((c): c is string => !!c);

describe('invite', () => {
  let world: AdminWorld;
  beforeEach(async () => {
    world = await adminWorld();
  });
  afterEach(() => world.close());

  it('college reviewer codes: printed once, stored with role, college and expiry; bind redeems one, a second use is refused', async () => {
    const r = await world.run(invite, ['collegeReviewer', '--college', 'em', '--count', '3', '--days', '5']);
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe('已生成 3 个邀请码（院系审核人员，经济管理学院），有效至 2026-03-07 10:00（北京时间），每个只能使用一次：');
    const codes = codesIn(r.lines);
    expect(codes).toHaveLength(3);
    expect(new Set(codes).size).toBe(3);
    for (const code of codes) {
      const [issued, ...more] = await world.sys.auditOf('invite', inviteId(code));
      expect(more).toEqual([]);
      expect(issued).toMatchObject({ seq: 1, action: 'issue', from: null, to: 'issued', actor: { openid: 'admin', role: 'admin' }, at: T0 });
      expect(await world.sys.store.get('invites', inviteId(code))).toEqual({
        _id: inviteId(code),
        version: 1,
        createdAt: T0,
        updatedAt: T0,
        auditHead: issued!.hash,
        role: 'collegeReviewer',
        collegeId: 'em',
        expiresAt: '2026-03-07T02:00:00.000Z',
        usedBy: null,
      });
    }

    const code = codes[0]!;
    // typed in lower case, as people do: bind accepts it
    const bound = await world.sys.call(bind, 'new-reviewer', { action: 'invite', requestId: rid(), code: code.toLowerCase() });
    expect(bound).toEqual({ ok: true, data: { role: 'collegeReviewer', collegeId: 'em' } });
    expect(await world.sys.store.get('users', 'new-reviewer')).toMatchObject({ role: 'collegeReviewer', collegeId: 'em' });
    expect(await world.sys.store.get('invites', inviteId(code))).toMatchObject({ usedBy: 'new-reviewer', version: 2 });
    expect((await world.sys.auditOf('user', 'new-reviewer')).map((e) => e.action)).toEqual(['bind']);
    // the code's own chain: issued by the admin, redeemed by the one who bound with it
    expect((await world.sys.auditOf('invite', inviteId(code))).map((e) => [e.seq, e.action, e.from, e.to, e.actor])).toEqual([
      [1, 'issue', null, 'issued', { openid: 'admin', role: 'admin' }],
      [2, 'redeem', 'issued', 'redeemed', { openid: 'new-reviewer', role: 'collegeReviewer' }],
    ]);
    expect((await verifyAudit(world.sys.store)).broken).toEqual([]);

    const again = await world.sys.call(bind, 'someone-else', { action: 'invite', requestId: rid(), code });
    expect(again).toMatchObject({ ok: false, code: 'INVITE_INVALID' });
    expect(await world.sys.store.get('users', 'someone-else')).toBeNull();
  });

  it('no issued code is kept anywhere in the store, the audit log or verify-audit’s report; each still binds', async () => {
    const lines = [
      ...(await world.run(invite, ['collegeReviewer', '--college', 'cs', '--count', '3'])).lines,
      ...(await world.run(invite, ['schoolReviewer', '--count', '2'])).lines,
      ...(await world.run(invite, ['employer', '--employer', DEMO_EMPLOYER_ID, '--count', '2'])).lines,
    ];
    const codes = codesIn(lines);
    expect(codes).toHaveLength(7);
    const docsHolding = async (code: string): Promise<string[]> => {
      const holding: string[] = [];
      for (const c of COLLECTION_NAMES) {
        for (const doc of await world.all(c)) if (JSON.stringify(doc).toUpperCase().includes(code)) holding.push(`${c}/${doc._id}`);
      }
      return holding;
    };
    expect(await world.all('invites')).toHaveLength(8); // the seed's and these seven, each under its hash
    for (const code of codes) expect(await docsHolding(code)).toEqual([]);
    // not the demo code either, the one code everybody knows
    expect(await docsHolding(DEMO_INVITE_CODE)).toEqual([]);

    // an invite changed behind the log is reported under its hash, which is no code bind accepts
    const [tampered] = codes;
    const doc = (await world.sys.store.get('invites', inviteId(tampered!)))!;
    await world.sys.store.put('invites', { ...doc, usedBy: 'someone', version: 2 }, 1);
    const report = await world.run(verifyAuditCommand, []);
    expect(report.code).toBe(1);
    expect(report.text).toContain(`invite/${inviteId(tampered!)}，第 1 条`);
    expect(report.text).not.toContain(tampered);
    expect(await world.sys.call(bind, 'guesser', { action: 'invite', requestId: rid(), code: inviteId(tampered!) })).toMatchObject({ ok: false, code: 'INVITE_INVALID' });

    const roles = [];
    for (const [n, code] of codes.slice(1).entries()) {
      const bound = await world.sys.call(bind, `new-${n}`, { action: 'invite', requestId: rid(), code: n % 2 ? code.toLowerCase() : code });
      expect(bound).toMatchObject({ ok: true });
      roles.push((await world.sys.store.get('users', `new-${n}`))!.role);
    }
    expect(roles).toEqual(['collegeReviewer', 'collegeReviewer', 'schoolReviewer', 'schoolReviewer', 'employer', 'employer']);
    for (const code of codes) expect(await docsHolding(code)).toEqual([]);
  });

  it('a code past its days is refused by bind', async () => {
    const [code] = codesIn((await world.run(invite, ['schoolReviewer', '--days', '2'])).lines);
    world.sys.advance(2 * DAY + 1);
    expect(await world.sys.call(bind, 'late', { action: 'invite', requestId: rid(), code })).toMatchObject({ ok: false, code: 'INVITE_INVALID' });
  });

  it('school reviewer (default 7 days) and employer codes bind to their roles', async () => {
    const school = await world.run(invite, ['schoolReviewer']);
    expect(school.lines[0]).toContain('（学校审核人员），有效至 2026-03-09 10:00');
    const [schoolCode] = codesIn(school.lines);
    expect(await world.sys.call(bind, 'center-1', { action: 'invite', requestId: rid(), code: schoolCode })).toEqual({ ok: true, data: { role: 'schoolReviewer' } });

    const employer = await world.sys.store.get('employers', DEMO_EMPLOYER_ID);
    const hr = await world.run(invite, ['employer', '--employer', employer!.uscc]);
    expect(hr.lines[0]).toContain('用人单位 HR，深圳示例科技有限公司');
    const [hrCode] = codesIn(hr.lines);
    expect(await world.sys.call(bind, 'hr-2', { action: 'invite', requestId: rid(), code: hrCode })).toEqual({ ok: true, data: { role: 'employer', employerId: DEMO_EMPLOYER_ID } });
  });

  it('codes are random: a thousand of them, all different, every symbol used', async () => {
    const codes = codesIn((await world.run(invite, ['schoolReviewer', '--count', '100'])).lines);
    const more = [];
    for (let i = 0; i < 9; i++) more.push(...codesIn((await world.run(invite, ['schoolReviewer', '--count', '100'])).lines));
    const all = [...codes, ...more];
    expect(all).toHaveLength(1000);
    expect(new Set(all).size).toBe(1000);
    expect(new Set(all.join(''))).toEqual(new Set(CODE_ALPHABET));
  });

  it.each([
    [['collegeReviewer'], '需要 --college'],
    [['schoolReviewer', '--college', 'cs'], '只有 collegeReviewer 带 --college'],
    [['employer'], '需要 --employer'],
    [['reviewer'], '未知角色「reviewer」'],
    [['schoolReviewer', '--days', '0'], '--days 应为 1 到 90 之间的整数'],
    [['schoolReviewer', '--count', '101'], '--count 应为 1 到 100 之间的整数'],
    [[], '缺少参数'],
  ])('usage error %j: %s (exit 2), nothing written', async (args, why) => {
    const r = await world.run(invite, args);
    expect(r.code).toBe(2);
    expect(r.text).toContain(why);
    expect(await world.all('invites')).toHaveLength(1); // the demo seed's
  });

  it.each([
    [['collegeReviewer', '--college', 'law'], '学校设置中没有学院「law」；已有：cs（计算机学院）、em（经济管理学院）'],
    [['employer', '--employer', 'no-such-unit'], '单位库中没有「no-such-unit」'],
  ])('refusal %j: %s (exit 1), nothing written', async (args, why) => {
    const r = await world.run(invite, args);
    expect(r.code).toBe(1);
    expect(r.text).toContain(why);
    expect(await world.all('invites')).toHaveLength(1);
  });
});
