/**
 * One live offer per employer and student, also when two HR contacts of the unit send at the same moment: each
 * sees no offer yet, so only a write they share can make the second one conflict.
 */
import { bind } from '../../server/usecases/bind';
import { employerOffer } from '../../server/usecases/employerOffer';
import { DEMO_INVITE_CODE, DEMO_OPENIDS } from '../../server/runtime/seed';
import { TERMS } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';

const LI_NO = '2026010102';
const create = () => ({ action: 'create', requestId: rid(), studentNo: LI_NO, studentName: '李四', terms: TERMS });

describe('review: parallel offers from one employer to one student', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
    await sys.ok(bind, 'hr-2', { action: 'invite', requestId: rid(), code: DEMO_INVITE_CODE });
  });
  afterEach(() => sys.close());

  it('two HR contacts of one unit send 李四 an offer at once: exactly one offer is sent, and one message', async () => {
    const results = await Promise.all([sys.call(employerOffer, DEMO_OPENIDS.employer, create()), sys.call(employerOffer, 'hr-2', create())]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION', message: '已向该学生发出邀约，请勿重复发送' });
    expect((await sys.all('offers')).filter((o) => o.studentNo === LI_NO)).toHaveLength(1);
    expect((await sys.all('outbox')).filter((m) => m.template === 'offerReceived' && m.to === DEMO_OPENIDS.student2)).toHaveLength(1);
  });

  it('after that offer is withdrawn the unit may send again', async () => {
    const first = await sys.ok(employerOffer, DEMO_OPENIDS.employer, create());
    await sys.ok(employerOffer, 'hr-2', { action: 'withdraw', requestId: rid(), offerId: first.id, version: 1 });
    const again = await sys.ok(employerOffer, 'hr-2', create());
    expect(again).toMatchObject({ record: 'offer', state: 'open', version: 1 });
    expect((await sys.all('offers')).filter((o) => o.studentNo === LI_NO).map((o) => o.state).sort()).toEqual(['open', 'withdrawn']);
  });
});
