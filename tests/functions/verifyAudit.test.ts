import { respondOffer } from '../../server/usecases/respondOffer';
import { verifyAudit } from '../../server/app/verifyAudit';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { makeSystem, rid, type TestSystem } from '../support/harness';

describe('verifyAudit over the store', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
    await sys.ok(respondOffer, DEMO_OPENIDS.student, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
  });
  afterEach(() => sys.close());

  it('finds every chain intact after real use', async () => {
    const report = await verifyAudit(sys.store, { pageSize: 3 });
    expect(report.broken).toEqual([]);
    expect(report.entries).toBe((await sys.all('audit')).length);
    expect(report.records).toBeGreaterThanOrEqual(10);
  });

  it('detects an altered audit entry and names the first broken link', async () => {
    const [entry] = await sys.auditOf('offer', 'offer-demo-1');
    await sys.store.put('audit', { ...entry!, actor: { openid: 'someone-else', role: 'employer' }, version: 2 }, 1);
    const report = await verifyAudit(sys.store);
    expect(report.broken).toEqual([{ record: 'offer', recordId: 'offer-demo-1', seq: 1, problem: 'hash' }]);
  });

  it('detects a record whose state was changed without an audit entry', async () => {
    const agreement = (await sys.all('agreements'))[0]!;
    await sys.store.put('agreements', { ...agreement, state: 'signed', version: agreement.version + 1, auditHead: 'x'.repeat(64) }, agreement.version);
    const report = await verifyAudit(sys.store);
    expect(report.broken).toEqual([{ record: 'agreement', recordId: agreement._id, seq: 1, problem: 'head' }]);
  });
});
