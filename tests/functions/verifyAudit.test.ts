import { respondOffer } from '../../server/usecases/respondOffer';
import { verifyAudit } from '../../server/app/verifyAudit';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import type { Store } from '../../server/store/port';
import { makeSystem, rid, type TestSystem } from '../support/harness';

/** The store as verifyAudit sees it, with every record read it asks for written down. */
function counting(store: Store): { store: Store; seen: { gets: number; reads: string[][] } } {
  const seen = { gets: 0, reads: [] as string[][] };
  const proxy = Object.create(store) as Store;
  proxy.get = (collection, id) => {
    seen.gets += 1;
    return store.get(collection, id);
  };
  proxy.getMany = (collection, ids) => {
    seen.reads.push([...ids]);
    return store.getMany(collection, ids);
  };
  proxy.query = (collection, query) => store.query(collection, query);
  return { store: proxy, seen };
}

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

  it('reads the records a chunk of chains at a time, and reports the same whatever the chunk', async () => {
    // given three chains broken in three ways, in three collections
    const [entry] = await sys.auditOf('offer', 'offer-demo-1');
    await sys.store.put('audit', { ...entry!, actor: { openid: 'someone-else', role: 'employer' }, version: 2 }, 1);
    const agreement = (await sys.all('agreements'))[0]!;
    await sys.store.put('agreements', { ...agreement, state: 'signed', version: agreement.version + 1, auditHead: 'x'.repeat(64) }, agreement.version);
    const check = (await sys.all('checks'))[0]!;
    (sys.store as unknown as { db: { prepare(sql: string): { run(...a: unknown[]): unknown } } }).db
      .prepare('DELETE FROM "checks" WHERE id = ?')
      .run(check._id);
    // when it runs with the default chunk, and with chunks of one and of three
    const whole = counting(sys.store);
    const report = await verifyAudit(whole.store, { pageSize: 4 });
    const reports = [];
    for (const recordsPerRead of [1, 3]) {
      const small = counting(sys.store);
      reports.push(await verifyAudit(small.store, { pageSize: 4, recordsPerRead }));
      expect(small.seen.reads.every((ids) => ids.length >= 1 && ids.length <= recordsPerRead)).toBe(true);
    }
    // then every record is read by getMany, none by get, in fewer reads than records
    expect(whole.seen.gets).toBe(0);
    expect(whole.seen.reads.flat()).toHaveLength(report.records);
    expect(whole.seen.reads.length).toBeLessThan(report.records);
    expect(report.broken).toEqual(
      expect.arrayContaining([
        { record: 'offer', recordId: 'offer-demo-1', seq: 1, problem: 'hash' },
        { record: 'agreement', recordId: agreement._id, seq: 1, problem: 'head' },
        { record: 'check', recordId: check._id, seq: check.version, problem: 'missing' },
      ]),
    );
    expect(report.broken).toHaveLength(3);
    for (const other of reports) expect(other).toEqual(report);
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
