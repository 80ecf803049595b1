/**
 * verifyAudit must notice a tracked record that says something its audit chain does not: a state or version changed
 * in the store behind the log's back (its audit head left alone), or a record that has no entry at all.
 */
import { inviteId } from '../../server/domain/binding';
import { respondOffer } from '../../server/usecases/respondOffer';
import { SETTINGS_ID } from '../../server/app/settings';
import { verifyAudit } from '../../server/app/verifyAudit';
import { DEMO_INVITE_CODE, DEMO_OPENIDS } from '../../server/runtime/seed';
import { makeSystem, rid, type TestSystem } from '../support/harness';

describe('verifyAudit on the demo school as seeded', () => {
  it('every record the seed writes, settings and the invite code included, has an intact chain', async () => {
    const sys = await makeSystem();
    try {
      const report = await verifyAudit(sys.store);
      expect(report.broken).toEqual([]);
      const seeded = ['settings', 'students', 'users', 'invites', 'checks', 'employers', 'offers'] as const;
      const counts = await Promise.all(seeded.map(async (c) => (await sys.all(c)).length));
      expect(report.records).toBe(counts.reduce((a, b) => a + b, 0));
      expect((await sys.auditOf('settings', SETTINGS_ID)).map((e) => [e.action, e.actor.role])).toEqual([['init', 'admin']]);
      expect((await sys.auditOf('invite', inviteId(DEMO_INVITE_CODE))).map((e) => [e.action, e.actor.role])).toEqual([['issue', 'admin']]);
    } finally {
      await sys.close();
    }
  });
});

describe('review: verifyAudit against records edited outside the log', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
    await sys.ok(respondOffer, DEMO_OPENIDS.student, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
  });
  afterEach(() => sys.close());

  it('an agreement set to signed in the store, its audit head untouched, is reported', async () => {
    const agreement = (await sys.all('agreements'))[0]!;
    expect((await verifyAudit(sys.store)).broken).toEqual([]);
    await sys.store.put('agreements', { ...agreement, state: 'signed', version: agreement.version + 1 }, agreement.version);
    const report = await verifyAudit(sys.store);
    expect(report.broken).toEqual([{ record: 'agreement', recordId: agreement._id, seq: 1, problem: 'record' }]);
  });

  it('an offer reopened in place (same version, same head) is reported', async () => {
    const offer = (await sys.store.get('offers', 'offer-demo-1'))!;
    // the store only lets versions grow; a raw edit of the body keeps the version and head as they were
    (sys.store as unknown as { db: { prepare(sql: string): { run(...a: unknown[]): unknown } } }).db
      .prepare('UPDATE "offers" SET body = ? WHERE id = ?')
      .run(JSON.stringify({ ...offer, state: 'open' }), offer._id);
    const report = await verifyAudit(sys.store);
    expect(report.broken).toEqual([{ record: 'offer', recordId: 'offer-demo-1', seq: 2, problem: 'record' }]);
  });

  it('settings changed in the store behind the log (version bumped, audit head kept) are reported', async () => {
    const s = (await sys.store.get('settings', SETTINGS_ID))!;
    await sys.store.put('settings', { ...s, allowStudentTermination: false, version: s.version + 1 }, s.version);
    const report = await verifyAudit(sys.store);
    expect(report.broken).toEqual([{ record: 'settings', recordId: SETTINGS_ID, seq: 1, problem: 'record' }]);
  });

  it('an invite marked used behind the log, and one written with no entry at all, are reported', async () => {
    const code = (await sys.store.get('invites', inviteId(DEMO_INVITE_CODE)))!;
    await sys.store.put('invites', { ...code, usedBy: 'someone', version: 2 }, 1);
    await sys.store.put('invites', { ...code, _id: inviteId('GHOSTCODE'), version: 1 }, 0);
    const report = await verifyAudit(sys.store);
    expect(report.broken).toEqual([
      { record: 'invite', recordId: inviteId(DEMO_INVITE_CODE), seq: 1, problem: 'record' },
      { record: 'invite', recordId: inviteId('GHOSTCODE'), seq: 0, problem: 'record' },
    ]);
  });

  it('a tracked record written with no audit entry at all is reported', async () => {
    const offer = (await sys.store.get('offers', 'offer-demo-1'))!;
    await sys.store.put('offers', { ...offer, _id: 'offer-ghost', version: 1, state: 'open' }, 0);
    const report = await verifyAudit(sys.store);
    expect(report.broken).toEqual([{ record: 'offer', recordId: 'offer-ghost', seq: 0, problem: 'record' }]);
  });
});
