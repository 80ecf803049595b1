/** outbox: the queued messages by state, and sending again what delivery set aside. */
import { outbox } from '../../admin/commands/outbox';
import { message } from '../../server/domain/messages';
import type { OutboxDoc, OutboxState } from '../../server/domain/types';
import { deliverDue } from '../../server/app/delivery';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { adminWorld, snapshot, type AdminWorld } from './support';

async function queuedAs(world: AdminWorld, id: string, state: OutboxState, lastError?: string): Promise<OutboxDoc> {
  const now = world.sys.deps.clock().toISOString();
  const doc = message({ purpose: 'reviewResult', to: DEMO_OPENIDS.student, page: 'pages/index/index', values: ['生源核查', '通过', '可以进行在线签约', '2026年3月2日 10:00'], now, id });
  const set: OutboxDoc = { ...doc, state, attempts: 1, ...(lastError ? { lastError } : {}) };
  await world.sys.store.commit({ writes: [], audit: [], outbox: [set] });
  return set;
}

describe('admin outbox', () => {
  let world: AdminWorld;
  beforeEach(async () => {
    world = await adminWorld();
  });
  afterEach(() => world.close());

  it('counts every state and lists what needs someone, with the command that sends it again', async () => {
    // given a message refused for want of the permission and one whose outcome was never recorded
    await queuedAs(world, 'm-blocked', 'blocked', '-604101 function has no permission to call this API');
    await queuedAs(world, 'm-unconfirmed', 'unconfirmed', '投递中断');
    // when the administrator looks
    const r = await world.run(outbox, []);
    // then each state has its count and the two are named, with what sending them again means
    expect(r.code).toBe(0);
    expect(r.text).toContain('缺少发送权限，已暂存（blocked）：1 条');
    expect(r.text).toContain('结果未记下，可能已送达（unconfirmed）：1 条');
    expect(r.text).toMatch(/m-blocked\s+reviewResult\s+2026-03-02 10:00\s+-604101/);
    expect(r.text).toContain('npm run admin -- outbox resend --state blocked');
    expect(r.text).toContain('用户可能收到两次');
    expect(r.text).not.toContain('outbox resend --state failed');
  });

  it('resend puts the blocked ones back to pending, and the next run sends them; a dry run changes nothing', async () => {
    await queuedAs(world, 'm-blocked', 'blocked', '-604101');
    await queuedAs(world, 'm-sent', 'sent');
    const before = await snapshot(world);
    const dry = await world.run(outbox, ['resend', '--state', 'blocked', '--dry-run']);
    expect(dry.text).toContain('（演练，未改动）将把 1 条「缺少发送权限，已暂存」的消息放回待发送');
    expect(await snapshot(world)).toEqual(before);

    const r = await world.run(outbox, ['resend', '--state', 'blocked']);
    expect(r.code).toBe(0);
    expect(r.text).toContain('已把 1 条「缺少发送权限，已暂存」的消息放回待发送');
    expect(await world.sys.store.get('outbox', 'm-blocked')).toMatchObject({ state: 'pending', attempts: 0, version: 2 });
    expect(await world.sys.store.get('outbox', 'm-sent')).toMatchObject({ state: 'sent', version: 1 });

    await deliverDue(world.sys.deps, Date.now() + 5_000);
    expect(world.sys.sender.sent.filter((m) => m.data.thing1?.value === '生源核查')).toHaveLength(1);
    expect(await world.sys.store.get('outbox', 'm-blocked')).toMatchObject({ state: 'sent' });
  });

  it('a state that cannot be sent again, a missing --state or an unknown action is a usage error that changes nothing', async () => {
    await queuedAs(world, 'm-sent', 'sent');
    const before = await snapshot(world);
    for (const [args, words] of [
      [['resend', '--state', 'sent'], '--state 只能是 blocked、unconfirmed、failed：「sent」的消息不能重新发送'],
      [['resend'], 'resend 需要 --state'],
      [['purge'], '未知的操作 purge'],
      [['--state', 'blocked'], '--state 和 --dry-run 只用于 resend'],
    ] as const) {
      const r = await world.run(outbox, [...args]);
      expect([args, r.code, r.text.includes(words)]).toEqual([args, 2, true]);
    }
    expect(await snapshot(world)).toEqual(before);
  });
});
