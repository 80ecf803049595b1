/**
 * Use cases over the CloudBase adapter as it runs in a cloud function: wx-server-sdk's shapes, over the in-memory fake
 * database answering each call after a few milliseconds, so that calls sent at once interleave. wx-server-sdk reports
 * a write clash as an error without its code, which the SDK never re-runs on: the adapter must still turn it into a
 * conflict the use cases understand, never a server failure.
 */
import { review } from '../../server/usecases/review';
import { respondOffer } from '../../server/usecases/respondOffer';
import { touch } from '../../server/domain/machine';
import type { UserDoc } from '../../server/domain/types';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { CloudBaseStore, createCollections } from '../../server/store/cloudbase';
import { ERROR_MESSAGES } from '../../typings';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { FakeCloudBaseDb } from '../store/fakeCloudbaseDb';

const SCHOOL = DEMO_OPENIDS.schoolReviewer;
const SCHOOL2 = 'demo-school-2';

describe('review over CloudBase (wx-server-sdk, a fake db answering after 2 ms)', () => {
  let sys: TestSystem<CloudBaseStore>;
  beforeEach(async () => {
    const db = new FakeCloudBaseDb({ sdk: 'wx-server-sdk', latencyMs: 2 });
    await createCollections(db);
    sys = await makeSystem({ store: new CloudBaseStore(db, { sdk: 'wx-server-sdk', retryPauseMs: 2 }) });
    // a second school reviewer, bound as the seed binds the first
    const bound = touch<UserDoc>({
      record: 'user', current: null, id: SCHOOL2, action: 'bind', actor: { openid: 'admin', role: 'admin' },
      now: sys.deps.clock().toISOString(), from: null, to: 'schoolReviewer', patch: { role: 'schoolReviewer' },
    });
    await sys.store.commit({ writes: [{ collection: 'users', doc: bound.doc, expectedVersion: 0 }], audit: [bound.audit], outbox: [] });
  });
  afterEach(() => sys.close());

  it('two school reviewers approve the same agreement at once: one signs it, the other is told CONFLICT in Chinese, never INTERNAL', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const accepted = await sys.ok(respondOffer, DEMO_OPENIDS.student, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
    const approve = (openid: string, version: number) =>
      sys.ok(review, openid, { requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id: accepted.id, version }] });
    await approve(DEMO_OPENIDS.collegeReviewer, 1);
    const [one, two] = await Promise.all([approve(SCHOOL, 2), approve(SCHOOL2, 2)]);
    const items = [one.results[0]!, two.results[0]!];
    expect(items.filter((r) => r.ok)).toEqual([{ id: accepted.id, ok: true, state: 'signed', version: 3 }]);
    expect(items.filter((r) => !r.ok)).toEqual([{ id: accepted.id, ok: false, code: 'CONFLICT', message: ERROR_MESSAGES.CONFLICT }]);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
    const stored = (await sys.store.get('agreements', accepted.id))!;
    expect(stored).toMatchObject({ state: 'signed', version: 3 });
    // one school approval in the record's history, by whichever reviewer got there first
    const history = await sys.auditOf('agreement', accepted.id);
    expect(history.map((e) => [e.action, e.from, e.to])).toEqual([
      ['createFromOffer', null, 'pendingCollege'],
      ['collegeApprove', 'pendingCollege', 'pendingSchool'],
      ['schoolApprove', 'pendingSchool', 'signed'],
    ]);
    expect(history[2]!.actor.openid).toBe(one.results[0]!.ok ? SCHOOL : SCHOOL2);
  });
});
