/**
 * Outbox delivery runs right after a commit and again on the hourly timer, so two runs can hold the same message at
 * once. A subscription message spends one of the user's one-time consents: it must go out once, whoever delivers it.
 */
import type { OutboxDoc } from '../../server/domain/types';
import { deliver, deliverDue } from '../../server/app/delivery';
import type { OutgoingMessage, SendOutcome } from '../../server/notify/sender';
import { message } from '../../server/domain/messages';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { makeSystem, type TestSystem } from '../support/harness';

/** A sender that takes a while, as the network does, so that a second run can start meanwhile. */
class SlowSender {
  readonly all: OutgoingMessage[] = [];
  /** ours: the seed's own 邀约通知 is pending too, and a sweep sends it alongside */
  get sent(): OutgoingMessage[] {
    return this.all.filter((m) => m.data.thing1?.value === '生源信息核查');
  }
  constructor(private readonly outcome: SendOutcome = { ok: true }) {}
  async send(m: OutgoingMessage): Promise<SendOutcome> {
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (this.outcome.ok) this.all.push(m);
    return this.outcome;
  }
}

async function queued(sys: TestSystem, id: string): Promise<OutboxDoc> {
  const now = sys.deps.clock().toISOString();
  const doc = message({ purpose: 'reviewResult', to: DEMO_OPENIDS.student, page: 'pages/index/index', values: ['生源信息核查', '通过', '可以进行在线签约', '2026年3月2日 10:00'], now, id });
  await sys.store.commit({ writes: [], audit: [], outbox: [doc] });
  return doc;
}

describe('outbox delivery under concurrency', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  it('two delivery runs holding the same message send it once', async () => {
    const sender = new SlowSender();
    sys.deps.sender = sender;
    const msg = await queued(sys, 'm-twice');
    const reports = await Promise.all([deliver(sys.deps, [msg]), deliver(sys.deps, [msg])]);
    expect(sender.sent).toHaveLength(1);
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(await sys.store.get('outbox', 'm-twice')).toMatchObject({ state: 'sent', attempts: 1 });
  });

  it('the commit’s own delivery and the timer’s sweep racing on a fresh message send it once', async () => {
    const sender = new SlowSender();
    sys.deps.sender = sender;
    const msg = await queued(sys, 'm-race');
    await Promise.all([deliver(sys.deps, [msg]), deliverDue(sys.deps, Date.now() + 5_000)]);
    expect(sender.sent).toHaveLength(1);
    expect(await sys.store.get('outbox', 'm-race')).toMatchObject({ state: 'sent', attempts: 1 });
  });

  it('a stale copy of a message that was already sent is not sent again', async () => {
    const sender = new SlowSender();
    sys.deps.sender = sender;
    const msg = await queued(sys, 'm-stale');
    await deliver(sys.deps, [msg]);
    expect(sender.sent).toHaveLength(1);
    // the copy the committing request still holds says pending, version 1
    const report = await deliver(sys.deps, [msg]);
    expect(sender.sent).toHaveLength(1);
    expect(report.sent).toBe(0);
  });

  it('43101 is recorded as noQuota once and never tried again, even by a concurrent run', async () => {
    const sender = new SlowSender({ ok: false, noQuota: true, error: '43101 user refuse to accept the msg' });
    const send = jest.spyOn(sender, 'send');
    const tries = () => send.mock.calls.filter(([m]) => m.data.thing1?.value === '生源信息核查').length;
    sys.deps.sender = sender;
    const msg = await queued(sys, 'm-quota');
    await Promise.all([deliver(sys.deps, [msg]), deliver(sys.deps, [msg])]);
    expect(tries()).toBe(1);
    expect(await sys.store.get('outbox', 'm-quota')).toMatchObject({ state: 'noQuota', attempts: 1, lastError: '43101 user refuse to accept the msg' });
    sys.advance(3_600_000);
    await deliverDue(sys.deps, Date.now() + 5_000);
    expect(tries()).toBe(1);
  });

  it('a claim left by a run that died is taken up again once it lapses', async () => {
    const sender = new SlowSender();
    sys.deps.sender = sender;
    const msg = await queued(sys, 'm-lapsed');
    // a run claimed it and never came back
    await sys.store.put('outbox', { ...msg, version: 2, nextAttemptAt: new Date(sys.deps.clock().getTime() + 10 * 60_000).toISOString() }, 1);
    await deliverDue(sys.deps, Date.now() + 5_000);
    expect(sender.sent).toHaveLength(0);
    sys.advance(11 * 60_000);
    await deliverDue(sys.deps, Date.now() + 5_000);
    expect(sender.sent.map((m) => m.touser)).toEqual([DEMO_OPENIDS.student]);
    expect(await sys.store.get('outbox', 'm-lapsed')).toMatchObject({ state: 'sent' });
  });
});
