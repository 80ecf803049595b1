/**
 * Outbox delivery runs right after a commit and again on the hourly timer, so two runs can hold the same message at
 * once. A subscription message spends one of the user's one-time consents: it must go out once, whoever delivers it.
 */
import type { OutboxDoc } from '../../server/domain/types';
import { deliver, deliverDue } from '../../server/app/delivery';
import { outcomeOf, type OutgoingMessage, type SendOutcome } from '../../server/notify/sender';
import { CLAIM_MS, RECORD_ATTEMPTS } from '../../server/notify/outbox';
import { message } from '../../server/domain/messages';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { makeSystem, type TestSystem } from '../support/harness';

/** A sender that takes a while, as the network does, so that a second run can start meanwhile. */
class SlowSender {
  readonly all: OutgoingMessage[] = [];
  /** ours: the seed's own 邀约通知 is pending too, and a sweep sends it alongside */
  get sent(): OutgoingMessage[] {
    return this.all.filter((m) => m.data.thing1?.value === '生源核查');
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
  const doc = message({ purpose: 'reviewResult', to: DEMO_OPENIDS.student, page: 'pages/index/index', values: ['生源核查', '通过', '可以进行在线签约', '2026年3月2日 10:00'], now, id });
  await sys.store.commit({ writes: [], audit: [], outbox: [doc] });
  return doc;
}

/** The store's single-document writes, counted, the n-th failing (a passing fault of the service) where `fails(n)`. */
function failingWrites(sys: TestSystem, fails: (n: number) => boolean, error: string): { count: number; restore(): void } {
  const put = sys.store.put.bind(sys.store);
  const writes = {
    count: 0,
    restore: () => {
      sys.deps.store.put = put;
    },
  };
  sys.deps.store.put = async (c, d, v) => {
    writes.count += 1;
    if (fails(writes.count)) throw new Error(error);
    return put(c, d, v);
  };
  return writes;
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

  it('one commit’s messages go together: each sent once and recorded sent, in one claim and one record for all', async () => {
    // given a commit that queued two messages
    const sender = new SlowSender();
    sys.deps.sender = sender;
    const [a, b] = [await queued(sys, 'm-one'), await queued(sys, 'm-two')];
    const commits = jest.spyOn(sys.deps.store, 'commit');
    const puts = jest.spyOn(sys.deps.store, 'put');
    // when the commit's run delivers them
    const report = await deliver(sys.deps, [a, b]);
    // then both went out once, both are recorded, and the store was written twice in all
    expect(report.sent).toBe(2);
    expect(sender.sent).toHaveLength(2);
    for (const id of ['m-one', 'm-two']) expect(await sys.store.get('outbox', id)).toMatchObject({ state: 'sent', attempts: 1, version: 3 });
    expect([commits.mock.calls.length, puts.mock.calls.length]).toEqual([2, 0]);
  });

  it('one commit’s messages, one of them already taken by another run: the other still goes, the taken one is not sent again', async () => {
    const sender = new SlowSender();
    sys.deps.sender = sender;
    const [a, b] = [await queued(sys, 'm-taken'), await queued(sys, 'm-free')];
    // another run sent the first meanwhile
    await deliver(sys.deps, [a]);
    expect(sender.all.filter((m) => m.data.thing1?.value === '生源核查')).toHaveLength(1);
    // the committing run still holds both as pending
    const report = await deliver(sys.deps, [a, b]);
    expect(report.sent).toBe(1);
    expect(sender.sent).toHaveLength(2);
    expect(await sys.store.get('outbox', 'm-taken')).toMatchObject({ state: 'sent', version: 3 });
    expect(await sys.store.get('outbox', 'm-free')).toMatchObject({ state: 'sent', attempts: 1, version: 3 });
  });

  it('43101 is recorded as noQuota once and never tried again, even by a concurrent run', async () => {
    const sender = new SlowSender({ ok: false, noQuota: true, error: '43101 user refuse to accept the msg' });
    const send = jest.spyOn(sender, 'send');
    const tries = () => send.mock.calls.filter(([m]) => m.data.thing1?.value === '生源核查').length;
    sys.deps.sender = sender;
    const msg = await queued(sys, 'm-quota');
    await Promise.all([deliver(sys.deps, [msg]), deliver(sys.deps, [msg])]);
    expect(tries()).toBe(1);
    expect(await sys.store.get('outbox', 'm-quota')).toMatchObject({ state: 'noQuota', attempts: 1, lastError: '43101 user refuse to accept the msg' });
    sys.advance(3_600_000);
    await deliverDue(sys.deps, Date.now() + 5_000);
    expect(tries()).toBe(1);
  });

  it('a message claimed by a run that died is never sent again: once the claim lapses it is unconfirmed', async () => {
    // given a run that claimed a message and never came back
    const sender = new SlowSender();
    sys.deps.sender = sender;
    const msg = await queued(sys, 'm-lapsed');
    await sys.store.put('outbox', { ...msg, state: 'sending', version: 2, nextAttemptAt: new Date(sys.deps.clock().getTime() + CLAIM_MS).toISOString() }, 1);
    // when the timer runs while the claim holds, and again after it lapsed
    await deliverDue(sys.deps, Date.now() + 5_000);
    expect(await sys.store.get('outbox', 'm-lapsed')).toMatchObject({ state: 'sending' });
    sys.advance(CLAIM_MS + 60_000);
    const report = await deliverDue(sys.deps, Date.now() + 5_000);
    // then it was not sent (it may have been, by the run that died), and it says so
    expect(sender.sent).toHaveLength(0);
    expect(report.unconfirmed).toBe(1);
    expect(await sys.store.get('outbox', 'm-lapsed')).toMatchObject({ state: 'unconfirmed', lastError: expect.stringContaining('可能已经送达') });
    sys.advance(3_600_000);
    await deliverDue(sys.deps, Date.now() + 5_000);
    expect(sender.sent).toHaveLength(0);
  });

  it('a send whose outcome cannot be recorded at once is recorded on a later try, and sent once', async () => {
    // given a store that fails the first two writes after the claim (a passing fault of the service)
    const sender = new SlowSender();
    sys.deps.sender = sender;
    const msg = await queued(sys, 'm-record');
    failingWrites(sys, (n) => n === 2 || n === 3, 'ECONNRESET');
    // when it is delivered
    const report = await deliver(sys.deps, [msg]);
    // then it went out once and its record says so
    expect(report.sent).toBe(1);
    expect(sender.sent).toHaveLength(1);
    expect(await sys.store.get('outbox', 'm-record')).toMatchObject({ state: 'sent', attempts: 1, version: 3 });
  });

  it('a send whose outcome can never be recorded stays claimed, and is never sent again', async () => {
    const sender = new SlowSender();
    sys.deps.sender = sender;
    const msg = await queued(sys, 'm-unrecorded');
    const writes = failingWrites(sys, (n) => n > 1, 'the store is unreachable');
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await deliver(sys.deps, [msg]);
    writes.restore();
    expect(logged.mock.calls.map(([line]) => String(line))).toEqual([expect.stringContaining('m-unrecorded 的结果（sent）没能记下')]);
    expect(writes.count).toBe(1 + RECORD_ATTEMPTS);
    sys.advance(CLAIM_MS + 60_000);
    await deliverDue(sys.deps, Date.now() + 5_000);
    expect(sender.sent).toHaveLength(1);
    expect(await sys.store.get('outbox', 'm-unrecorded')).toMatchObject({ state: 'unconfirmed' });
  });

  it('-604101 (no openapi permission) is blocked at once, said loudly, and never retried', async () => {
    // given a function deployed without its openapi permission
    const sender = new SlowSender({ ok: false, noQuota: false, blocked: true, error: '-604101 function has no permission to call this API' });
    const send = jest.spyOn(sender, 'send');
    const tries = () => send.mock.calls.filter(([m]) => m.data.thing1?.value === '生源核查').length;
    sys.deps.sender = sender;
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const msg = await queued(sys, 'm-blocked');
    // when it is delivered, and the timer comes round for hours
    const report = await deliver(sys.deps, [msg]);
    for (let hour = 0; hour < 6; hour++) {
      sys.advance(3_600_000);
      await deliverDue(sys.deps, Date.now() + 5_000);
    }
    // then it was tried once, kept aside with the reason, and the log names the fix
    expect(report.blocked).toBe(1);
    expect(tries()).toBe(1);
    expect(await sys.store.get('outbox', 'm-blocked')).toMatchObject({ state: 'blocked', attempts: 1, lastError: expect.stringContaining('-604101') });
    expect(logged.mock.calls.some(([line]) => String(line).includes('npm run admin -- outbox resend --state blocked'))).toBe(true);
  });
});

describe('what subscribeMessage.send answers, as an outcome', () => {
  it('-604101, by code or only in the text, is blocked; 43101 no quota; 0 sent; anything else passing', () => {
    expect(outcomeOf(-604101, 'openapi.subscribeMessage.send:fail')).toMatchObject({ ok: false, blocked: true });
    expect(outcomeOf(-1, 'errCode: 604101 function has no permission')).toMatchObject({ ok: false, blocked: true });
    expect(outcomeOf(43101, 'user refuse to accept the msg')).toEqual({ ok: false, noQuota: true, error: '43101 user refuse to accept the msg' });
    expect(outcomeOf(0, 'ok')).toEqual({ ok: true });
    const passing = outcomeOf(-501002, 'timeout 6041010 ms');
    expect(passing).toEqual({ ok: false, noQuota: false, error: '-501002 timeout 6041010 ms' });
  });
});
