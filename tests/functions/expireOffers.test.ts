import { expireOffers, expireOffersWith } from '../../server/usecases/expireOffers';
import { respondOffer } from '../../server/usecases/respondOffer';
import { verifyChain } from '../../server/domain/audit';
import { EXPIRING_HINT } from '../../server/domain/expiry';
import { step } from '../../server/domain/machine';
import type { OfferDoc } from '../../server/domain/types';
import { deliverDue } from '../../server/app/delivery';
import { formatTime } from '../../server/domain/messages';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { ConflictError, type Store } from '../../server/store/port';
import { DAY, makeSystem, rid, T0, type TestSystem } from '../support/harness';

const HOUR = 3_600_000;
const SYSTEM = '';
const TIMER_EVENT = { Type: 'Timer', TriggerName: 'hourly', Time: '2026-03-02T10:00:00Z', Message: '' };
const at = (ms: number): string => new Date(Date.parse(T0) + ms).toISOString();

/** Open offers like the seeded one, built with the domain's own `create` step and stored in one commit. */
async function addOffers(sys: TestSystem, specs: { id: string; expiresAt: string; studentNo?: string }[]): Promise<void> {
  const seeded = (await sys.store.get('offers', 'offer-demo-1'))!;
  const actor = { openid: DEMO_OPENIDS.employer, role: 'employer' as const };
  const created = await Promise.all(
    specs.map(async (s) => {
      const student = s.studentNo ? (await sys.store.get('students', s.studentNo))! : null;
      const keys = student ? { studentNo: student.studentNo, studentName: student.name, collegeId: student.collegeId, major: student.major } : {};
      return step<'offer', OfferDoc>({
        kind: 'offer', current: null, id: s.id, action: 'create', actor, now: at(-15 * DAY),
        patch: { ...seeded, ...keys, expiresAt: s.expiresAt },
      });
    }),
  );
  await sys.store.commit({
    writes: created.map((c) => ({ collection: 'offers' as const, doc: c.doc, expectedVersion: 0 })),
    audit: created.map((c) => c.audit),
    outbox: [],
  });
}

const offer = async (sys: TestSystem, id: string): Promise<OfferDoc> => (await sys.store.get('offers', id))!;

describe('expireOffers', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
    // the demo seed queues one 邀约通知; deliver it so that each test starts with an empty queue
    expect(await deliverDue(sys.deps, Date.now() + 5000)).toMatchObject({ sent: 1 });
    sys.sender.sent.splice(0);
  });
  afterEach(() => sys.close());

  it('expires open offers whose deadline has passed, and only those, as the system and without a message', async () => {
    await addOffers(sys, [
      { id: 'past', expiresAt: at(-HOUR) },
      { id: 'now', expiresAt: at(0) },
      { id: 'later', expiresAt: at(5 * DAY) },
    ]);
    const outboxBefore = (await sys.all('outbox')).length;

    const result = await sys.ok(expireOffers, SYSTEM, TIMER_EVENT);

    expect(result).toEqual({ expired: 2, reminded: 0, delivered: 0, done: true });
    expect(await offer(sys, 'past')).toMatchObject({ state: 'expired', version: 2, updatedAt: T0 });
    expect((await offer(sys, 'now')).state).toBe('expired');
    expect((await offer(sys, 'later')).state).toBe('open');
    expect((await offer(sys, 'offer-demo-1')).state).toBe('open');
    const audit = await sys.auditOf('offer', 'past');
    expect(audit.map((e) => [e.action, e.from, e.to])).toEqual([['create', null, 'open'], ['expire', 'open', 'expired']]);
    expect(audit[1]).toMatchObject({ actor: { openid: 'system', role: 'system' }, at: T0 });
    expect(verifyChain(audit, (await offer(sys, 'past')).auditHead)).toBeNull();
    expect((await sys.all('outbox')).length).toBe(outboxBefore);
  });

  it('leaves an offer that was answered before its deadline alone', async () => {
    const answered = await sys.ok(respondOffer, DEMO_OPENIDS.student, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
    expect(answered.state).toBe('pendingCollege');
    sys.advance(15 * DAY);

    expect(await sys.ok(expireOffers, SYSTEM, {})).toMatchObject({ expired: 0, done: true });
    expect(await offer(sys, 'offer-demo-1')).toMatchObject({ state: 'accepted', version: 2 });
  });

  it('reminds the student once, two days before the deadline, and then expires the offer without another message', async () => {
    await addOffers(sys, [
      { id: 'soon', expiresAt: at(47 * HOUR) },
      { id: 'in3days', expiresAt: at(3 * DAY) },
    ]);

    const first = await sys.ok(expireOffers, SYSTEM, TIMER_EVENT);

    expect(first).toEqual({ expired: 0, reminded: 1, delivered: 1, done: true });
    expect(await offer(sys, 'soon')).toMatchObject({ state: 'open', version: 2, remindedAt: T0 });
    expect((await offer(sys, 'in3days')).remindedAt).toBeUndefined();
    const audit = await sys.auditOf('offer', 'soon');
    expect(audit[1]).toMatchObject({ action: 'remind', from: 'open', to: 'open', actor: { openid: 'system', role: 'system' } });
    const reminders = (await sys.all('outbox')).filter((m) => m.template === 'offerExpiring');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({
      to: DEMO_OPENIDS.student,
      page: 'pkg/offer/index?id=soon',
      state: 'sent',
      data: { thing1: '深圳示例科技有限公司', time2: formatTime(at(47 * HOUR)), thing3: EXPIRING_HINT },
    });
    expect(sys.sender.sent.map((m) => m.templateId)).toEqual(['demo-tmpl-offer-expiring']);

    sys.advance(HOUR);
    expect(await sys.ok(expireOffers, SYSTEM, TIMER_EVENT)).toEqual({ expired: 0, reminded: 0, delivered: 0, done: true });
    expect((await offer(sys, 'soon')).version).toBe(2);

    sys.advance(47 * HOUR);
    expect(await sys.ok(expireOffers, SYSTEM, TIMER_EVENT)).toMatchObject({ expired: 1, reminded: 1 });
    expect((await offer(sys, 'soon')).state).toBe('expired');
    expect((await sys.auditOf('offer', 'soon')).map((e) => e.action)).toEqual(['create', 'remind', 'expire']);
    // the one reminded now is 'in3days' (a day left); 'soon' got no second message
    expect((await sys.all('outbox')).filter((m) => m.template === 'offerExpiring').map((m) => m.page)).toEqual([
      'pkg/offer/index?id=soon',
      'pkg/offer/index?id=in3days',
    ]);
  });

  it('records the reminder of a student who has not bound WeChat yet, without a message to nobody', async () => {
    await addOffers(sys, [{ id: 'unbound', expiresAt: at(DAY), studentNo: '2026020101' }]);
    expect(await sys.ok(expireOffers, SYSTEM, {})).toMatchObject({ reminded: 1, delivered: 0 });
    expect((await offer(sys, 'unbound')).remindedAt).toBe(T0);
    expect((await sys.all('outbox')).filter((m) => m.template === 'offerExpiring')).toHaveLength(0);
  });

  it('a rerun finds nothing left to do and writes nothing', async () => {
    await addOffers(sys, [
      { id: 'past', expiresAt: at(-DAY) },
      { id: 'soon', expiresAt: at(DAY) },
    ]);
    await sys.ok(expireOffers, SYSTEM, TIMER_EVENT);
    const snapshot = JSON.stringify([await sys.all('offers'), await sys.all('audit'), await sys.all('outbox')]);

    expect(await sys.ok(expireOffers, SYSTEM, TIMER_EVENT)).toEqual({ expired: 0, reminded: 0, delivered: 0, done: true });
    expect(JSON.stringify([await sys.all('offers'), await sys.all('audit'), await sys.all('outbox')])).toBe(snapshot);
  });

  it('a run cut off by its time budget says done:false, and the next run finishes the rest', async () => {
    await addOffers(sys, Array.from({ length: 35 }, (_, i) => ({ id: `due-${String(i).padStart(2, '0')}`, expiresAt: at(-DAY + i) })));

    const cut = await sys.ok(expireOffersWith({ budgetMs: 0, parallel: 10, pageSize: 20 }), SYSTEM, {});

    expect(cut).toEqual({ expired: 10, reminded: 0, delivered: 0, done: false });
    const states = (await sys.all('offers')).filter((o) => o._id.startsWith('due-')).map((o) => o.state);
    expect(states.filter((s) => s === 'expired')).toHaveLength(10);
    // in deadline order: the earliest ten went first
    expect((await offer(sys, 'due-09')).state).toBe('expired');
    expect((await offer(sys, 'due-10')).state).toBe('open');

    const rest = await sys.ok(expireOffersWith({ pageSize: 7 }), SYSTEM, {});
    expect(rest).toEqual({ expired: 25, reminded: 0, delivered: 0, done: true });
    expect((await sys.all('offers')).filter((o) => o._id.startsWith('due-') && o.state !== 'expired')).toHaveLength(0);
  });

  it('skips an offer someone else moved meanwhile (ConflictError) and expires the others', async () => {
    await addOffers(sys, [
      { id: 'a', expiresAt: at(-DAY) },
      { id: 'b', expiresAt: at(-DAY + 1) },
    ]);
    // the employer withdraws 'b' between the sweep's read and its commit
    const real = sys.store;
    const racing: Store = Object.create(real) as Store;
    let conflicts = 0;
    racing.commit = async (c) => {
      const target = c.writes[0]?.doc as OfferDoc | undefined;
      if (target?._id === 'b') {
        const current = (await real.get('offers', 'b'))!;
        const withdrawn = step<'offer', OfferDoc>({ kind: 'offer', current, id: 'b', action: 'withdraw', actor: { openid: DEMO_OPENIDS.employer, role: 'employer' }, now: T0, patch: {} });
        await real.commit({ writes: [{ collection: 'offers', doc: withdrawn.doc, expectedVersion: current.version }], audit: [withdrawn.audit], outbox: [] });
      }
      try {
        return await real.commit(c);
      } catch (e) {
        if (e instanceof ConflictError) conflicts += 1;
        throw e;
      }
    };

    const result = await expireOffersWith().run({ ...sys.deps, store: racing }, { openid: '', fn: 'expireOffers' }, {});

    expect(result).toEqual({ expired: 1, reminded: 0, delivered: 0, done: true });
    expect((await offer(sys, 'a')).state).toBe('expired');
    expect(await offer(sys, 'b')).toMatchObject({ state: 'withdrawn', version: 2 });
    expect((await sys.auditOf('offer', 'b')).map((e) => e.action)).toEqual(['create', 'withdraw']);
    expect(conflicts).toBe(1);
  });

  it('expires 10,000 due offers in one run, each with its own audit entry', async () => {
    const n = 10_000;
    await addOffers(sys, Array.from({ length: n }, (_, i) => ({ id: `bulk-${String(i).padStart(5, '0')}`, expiresAt: at(-DAY - i * 1000) })));
    expect(await sys.store.count('offers', [{ field: 'state', op: '==', value: 'open' }])).toBe(n + 1);

    const started = Date.now();
    const result = await sys.ok(expireOffers, SYSTEM, TIMER_EVENT);
    const seconds = (Date.now() - started) / 1000;

    expect(result).toEqual({ expired: n, reminded: 0, delivered: 0, done: true });
    expect(seconds).toBeLessThan(50);
    expect(await sys.store.count('offers', [{ field: 'state', op: '==', value: 'expired' }])).toBe(n);
    expect(await sys.store.count('offers', [{ field: 'state', op: '==', value: 'open' }])).toBe(1);
    expect(await sys.store.count('audit', [{ field: 'record', op: '==', value: 'offer' }, { field: 'action', op: '==', value: 'expire' }])).toBe(n);
    const sample = await sys.auditOf('offer', 'bulk-04321');
    expect(verifyChain(sample, (await offer(sys, 'bulk-04321')).auditHead)).toBeNull();
    expect(await sys.ok(expireOffers, SYSTEM, TIMER_EVENT)).toMatchObject({ expired: 0, done: true });
  });

  it('retries a message whose delivery failed for a passing reason on the next hourly run; 43101 ends it as noQuota', async () => {
    const send = jest.spyOn(sys.sender, 'send');
    sys.sender.script.push(
      { ok: false, noQuota: false, error: '-1 ETIMEDOUT' },
      { ok: false, noQuota: true, error: '43101 user refuse to accept the msg' },
    );
    await addOffers(sys, [{ id: 'soon', expiresAt: at(DAY) }]);

    expect(await sys.ok(expireOffers, SYSTEM, {})).toMatchObject({ reminded: 1, delivered: 0 });
    const [queued] = (await sys.all('outbox')).filter((m) => m.template === 'offerExpiring');
    expect(queued).toMatchObject({ state: 'pending', attempts: 1, lastError: '-1 ETIMEDOUT', nextAttemptAt: at(60_000) });

    sys.advance(HOUR);
    expect(await sys.ok(expireOffers, SYSTEM, TIMER_EVENT)).toMatchObject({ reminded: 0, delivered: 0, done: true });
    expect(await sys.store.get('outbox', queued!._id)).toMatchObject({ state: 'noQuota', attempts: 2, lastError: '43101 user refuse to accept the msg' });
    expect(send).toHaveBeenCalledTimes(2);

    sys.advance(HOUR);
    await sys.ok(expireOffers, SYSTEM, TIMER_EVENT);
    expect(send).toHaveBeenCalledTimes(2);
    expect(await sys.store.get('outbox', queued!._id)).toMatchObject({ state: 'noQuota', attempts: 2 });
    expect(sys.sender.sent).toHaveLength(0);
  });

  it('accepts any event, but refuses a mini program user (who has an openid)', async () => {
    await addOffers(sys, [{ id: 'past', expiresAt: at(-DAY) }]);
    expect(await sys.call(expireOffers, DEMO_OPENIDS.schoolReviewer, TIMER_EVENT)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect((await offer(sys, 'past')).state).toBe('open');
    expect(await sys.call(expireOffers, SYSTEM, 'not an object')).toMatchObject({ ok: true, data: { expired: 1 } });
  });
});
