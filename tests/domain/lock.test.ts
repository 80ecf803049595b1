/** The one-agreement lock: an audited write of the student's roster record naming the agreement that holds it. */
import { setLock } from '../../server/domain/lock';
import { GENESIS } from '../../server/domain/audit';
import { CREATED, NOW, aStudent, anActor, anEnv, headOf, trail } from './builders';

describe('setLock', () => {
  const env = anEnv({ role: 'student' });

  it('takes the lock for an agreement: the student record names it, one version on', () => {
    // given 张三 free to sign (version 2)
    const student = aStudent();
    // when the lock is set for agreement-1
    const { write, audit } = setLock(env, student, 'agreement-1');
    // then
    expect(write).toEqual({
      collection: 'students',
      expectedVersion: 2,
      doc: { ...student, activeAgreementId: 'agreement-1', version: 3, createdAt: CREATED, updatedAt: NOW, auditHead: audit.hash },
    });
    expect(trail({ audit: [audit] })).toEqual([
      { record: 'student', recordId: '2026010101', seq: 3, from: 'free', to: 'signing', action: 'lock', actor: anActor('student'), at: NOW },
    ]);
    expect(audit.prevHash).toBe(headOf('2026010101', 2));
  });

  it('releases the lock: null agreement, signing → free, action unlock', () => {
    const student = aStudent({ activeAgreementId: 'agreement-1' });
    const { write, audit } = setLock(env, student, null);
    expect(write.doc).toMatchObject({ _id: '2026010101', activeAgreementId: null, version: 3 });
    expect(write.expectedVersion).toBe(2);
    expect(trail({ audit: [audit] })).toEqual([
      { record: 'student', recordId: '2026010101', seq: 3, from: 'signing', to: 'free', action: 'unlock', actor: anActor('student'), at: NOW },
    ]);
  });

  it('says signing → signing when a held lock is taken again', () => {
    const { write, audit } = setLock(env, aStudent({ activeAgreementId: 'agreement-1' }), 'agreement-1');
    expect(write.doc).toMatchObject({ activeAgreementId: 'agreement-1' });
    expect([audit.from, audit.to, audit.action]).toEqual(['signing', 'signing', 'lock']);
  });

  it('says free → free when a free lock is released', () => {
    const { audit } = setLock(env, aStudent(), null);
    expect([audit.from, audit.to, audit.action]).toEqual(['free', 'free', 'unlock']);
  });

  it('records who acted and when, from the env', () => {
    const reviewer = anEnv({ role: 'schoolReviewer', now: '2026-07-01T00:00:00.000Z' });
    const { write, audit } = setLock(reviewer, aStudent({ version: 5, auditHead: GENESIS }), 'agreement-2');
    expect(audit.actor).toEqual({ openid: 'openid-school', role: 'schoolReviewer' });
    expect(audit.at).toBe('2026-07-01T00:00:00.000Z');
    expect(audit.seq).toBe(6);
    expect(audit.prevHash).toBe(GENESIS);
    expect(write).toMatchObject({ expectedVersion: 5, doc: { version: 6, updatedAt: '2026-07-01T00:00:00.000Z' } });
  });
});
