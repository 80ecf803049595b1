/**
 * A review batch within the function's time: items of distinct records side by side (REVIEW_LANES at a time), items
 * of one record in order, nothing started once the time budget is used (those items answered NOT_PROCESSED and left
 * untouched), messages delivered together after the items, and a retried batch re-applying nothing. Over the
 * CloudBase stand-in with a round-trip latency where the number of calls at once matters; figures of time are
 * `npm run bench`'s, not asserted here.
 */
import { review, REVIEW_BUDGET_MS, REVIEW_LANES } from '../../server/usecases/review';
import { verifyChain } from '../../server/domain/audit';
import { requestKey } from '../../server/app/mutate';
import { invoke } from '../../server/runtime/handler';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import type { Commit } from '../../server/store/port';
import type { CollectionName } from '../../server/domain/types';
import { ERROR_MESSAGES, type ReviewEvent, type ReviewOutcome } from '../../typings';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { makeCloudSystem, pendingChecks, watchItems, type CloudSystem } from '../support/reviewBatch';
import type { Store } from '../../server/store/port';

const CS = DEMO_OPENIDS.collegeReviewer;
const approveAll = (ids: readonly string[], version = 1): ReviewEvent => ({
  requestId: rid(),
  decision: 'approve',
  items: ids.map((id) => ({ record: 'check', id, version })),
});

const WATCHED: CollectionName[] = ['checks', 'students', 'audit', 'outbox', 'requests'];
async function snapshot(sys: TestSystem<Store>): Promise<string> {
  return JSON.stringify(await Promise.all(WATCHED.map((c) => sys.all(c))));
}

/** The review results sent to the students pendingChecks made. */
const batchMessages = async (sys: TestSystem<Store>) => (await sys.all('outbox')).filter((m) => m.template === 'reviewResult' && m.to.startsWith('wx-batch-'));

describe('a 100-item review batch over CloudBase with 20 ms per call', () => {
  let cloud: CloudSystem;
  afterEach(() => cloud.sys.close());

  it('approves and audits every item, at most REVIEW_LANES at once, in about 100 ÷ lanes rounds; a retry re-applies nothing', async () => {
    cloud = await makeCloudSystem(0);
    const { sys, db } = cloud;
    const ids = await pendingChecks(sys, 100);
    db.options.latencyMs = 20;
    const event = approveAll(ids);
    const watched = watchItems(sys.store, requestKey({ openid: CS }, event.requestId));

    const first = await invoke(review, { ...sys.deps, store: watched.store }, { openid: CS }, event);
    db.options.latencyMs = 0;

    expect(first.ok).toBe(true);
    const out = (first as { data: ReviewOutcome }).data;
    expect(out).toMatchObject({ approved: 100, returned: 0, failed: 0, unprocessed: 0 });
    expect(out.results.map((r) => r.id)).toEqual(ids);
    expect(out.results.every((r) => r.ok && r.state === 'approved' && r.version === 2)).toBe(true);
    for (const id of ids) {
      const check = (await sys.store.get('checks', id))!;
      const audit = await sys.auditOf('check', id);
      expect([id, check.state, audit.map((e) => e.action), verifyChain(audit, check.auditHead)]).toEqual([id, 'approved', ['submit', 'approve'], null]);
    }
    // side by side: the lanes were all in use, never more
    expect(watched.seen.max).toBe(REVIEW_LANES);
    expect(watched.seen.ended).toHaveLength(100);
    // one by one would be 100 rounds; 8 lanes make 13, and a few more: the first round's items all plan to claim the
    // batch's id, CloudBase lets one set it and tells the others of the clash at their set, and they plan again; and
    // on a busy machine a lane that waits for the processor starts its next item a round late
    expect(watched.seen.waves).toBeGreaterThanOrEqual(Math.ceil(100 / REVIEW_LANES));
    expect(watched.seen.waves).toBeLessThanOrEqual(Math.ceil(100 / REVIEW_LANES) + 6);
    // each student told once, after the items
    expect(sys.sender.sent).toHaveLength(100);
    expect((await batchMessages(sys)).map((m) => m.state)).toEqual(Array(100).fill('sent'));

    const before = await snapshot(sys);
    expect(await invoke(review, sys.deps, { openid: CS }, event)).toEqual(first);
    expect(await snapshot(sys)).toBe(before);
    expect(sys.sender.sent).toHaveLength(100);
  }, 60_000);
});

describe('a review batch', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  it('applies the items of one record in order, however many other records run beside them', async () => {
    const ids = await pendingChecks(sys, 10);
    const [x, y, ...others] = ids;
    // x at version 1, then x again as the reviewer would see it after: both among the first items a batch starts
    const event: ReviewEvent = {
      requestId: rid(),
      decision: 'approve',
      items: [x, y, x, ...others].map((id, i) => ({ record: 'check', id: id!, version: i === 2 ? 2 : 1 })),
    };
    const out = await sys.ok(review, CS, event);
    expect(out.results[0]).toEqual({ id: x, ok: true, state: 'approved', version: 2 });
    // run beside the first it would read version 1 and answer CONFLICT; after it, it finds the check decided
    expect(out.results[2]).toMatchObject({ id: x, ok: false, code: 'INVALID_TRANSITION' });
    expect(out.results.map((r) => r.id)).toEqual([x, y, x, ...others]);
    expect(out).toMatchObject({ approved: 10, failed: 1, unprocessed: 0 });
    expect((await sys.auditOf('check', x!)).map((e) => e.action)).toEqual(['submit', 'approve']);
  });

  it('starts nothing once the time budget is used: later items answer NOT_PROCESSED, unchanged, and go through when sent again', async () => {
    const ids = await pendingChecks(sys, 12);
    // 12 records, and the first again at the end: it waits for its record's first item
    const base = approveAll(ids);
    const event: ReviewEvent = { ...base, items: [...base.items, { record: 'check', id: ids[0]!, version: 2 }] };
    const batchKey = requestKey({ openid: CS }, event.requestId);
    const commit = sys.store.commit.bind(sys.store);
    let jumped = false;
    // the clock jumps past the budget as the first item commits: the first REVIEW_LANES items are under way by then
    jest.spyOn(sys.store, 'commit').mockImplementation(async (c: Commit) => {
      await commit(c);
      if (!jumped && c.request?._id.startsWith(batchKey)) {
        jumped = true;
        sys.advance(REVIEW_BUDGET_MS);
      }
    });
    const before = await Promise.all(ids.map((id) => sys.store.get('checks', id)));

    const out = await sys.ok(review, CS, event);

    const late = [...ids.slice(REVIEW_LANES), ids[0]!];
    expect(out.results.map((r) => (r.ok ? 'ok' : r.code))).toEqual([...Array(REVIEW_LANES).fill('ok'), ...late.map(() => 'NOT_PROCESSED')]);
    expect(out.results.slice(REVIEW_LANES)).toEqual(late.map((id) => ({ id, ok: false, code: 'NOT_PROCESSED', message: ERROR_MESSAGES.NOT_PROCESSED })));
    expect(out).toMatchObject({ approved: REVIEW_LANES, failed: 0, unprocessed: late.length });
    for (const [i, id] of ids.entries()) {
      if (i < REVIEW_LANES) continue;
      expect(await sys.store.get('checks', id)).toEqual(before[i]);
      expect((await sys.auditOf('check', id)).map((e) => e.action)).toEqual(['submit']);
      expect(await sys.store.get('requests', `${batchKey}:${i}`)).toBeNull();
    }
    // out of time for delivery too: the decided items' messages wait in the outbox for the hourly run
    expect((await batchMessages(sys)).map((m) => m.state)).toEqual(Array(REVIEW_LANES).fill('pending'));
    expect(sys.sender.sent).toHaveLength(0);

    // the page sends the unprocessed ones again, under a new request id
    jest.restoreAllMocks();
    const again = await sys.ok(review, CS, {
      requestId: rid(),
      decision: 'approve',
      items: late.map((id, i) => ({ record: 'check', id, version: i === late.length - 1 ? 2 : 1 })),
    });
    expect(again).toMatchObject({ approved: late.length - 1, failed: 1, unprocessed: 0 });
    expect(again.results.at(-1)).toMatchObject({ id: ids[0], code: 'INVALID_TRANSITION' });
    expect((await Promise.all(ids.map((id) => sys.store.get('checks', id)))).every((c) => c!.state === 'approved')).toBe(true);
  });

  it('retried after running out of time, answers the items it decided as before and decides the rest', async () => {
    const ids = await pendingChecks(sys, 10);
    const event = approveAll(ids);
    const commit = sys.store.commit.bind(sys.store);
    let jumped = false;
    jest.spyOn(sys.store, 'commit').mockImplementation(async (c: Commit) => {
      await commit(c);
      if (!jumped && c.request) {
        jumped = true;
        sys.advance(REVIEW_BUDGET_MS);
      }
    });
    const first = await sys.ok(review, CS, event);
    expect(first).toMatchObject({ approved: REVIEW_LANES, unprocessed: 10 - REVIEW_LANES });
    jest.restoreAllMocks();

    const retried = await sys.ok(review, CS, event);
    expect(retried.results.slice(0, REVIEW_LANES)).toEqual(first.results.slice(0, REVIEW_LANES));
    expect(retried).toMatchObject({ approved: 10, unprocessed: 0 });
    for (const id of ids) expect((await sys.auditOf('check', id)).map((e) => e.action)).toEqual(['submit', 'approve']);
  });
});
