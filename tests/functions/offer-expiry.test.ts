/**
 * An open offer past its deadline is expired for everyone (the views show 已失效 at once), even while the hourly timer
 * has not marked it yet: no student or employer action may move it into another terminal state, and nobody is sent
 * news about it. The timer alone records its expiry.
 */
import { employerOffer } from '../../server/usecases/employerOffer';
import { expireOffers } from '../../server/usecases/expireOffers';
import { respondOffer } from '../../server/usecases/respondOffer';
import { review } from '../../server/usecases/review';
import { bind } from '../../server/usecases/bind';
import { withUsccCheck } from '../../server/domain/identifiers';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import type { CollectionName } from '../../server/domain/types';
import { TERMS } from '../support/agreements';
import { DAY, makeSystem, rid, type TestSystem } from '../support/harness';
import { registration } from '../support/registration';

const ZHANG = DEMO_OPENIDS.student;
const ZHANG_NO = '2026010101';
const HR = DEMO_OPENIDS.employer;
const UNIT_B = {
  name: '广州乙单位有限公司', uscc: withUsccCheck('91440101MA5H7K8P1'), nature: '39', industry: '65', region: '440305',
  address: '广州市天河区体育西路1号', contactName: '刘女士', contactPhone: '13600136000',
};

const WATCHED: CollectionName[] = ['offers', 'agreements', 'students', 'counters', 'audit', 'outbox', 'requests'];
const snapshot = async (sys: TestSystem): Promise<string> => JSON.stringify(await Promise.all(WATCHED.map((c) => sys.all(c))));

describe('review: an offer past its deadline is dead before the timer marks it', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  it('拒绝 of an offer past its deadline is refused as expired; nothing is written and the employer is sent nothing', async () => {
    sys.advance(15 * DAY);
    const before = await snapshot(sys);
    const r = await sys.call(respondOffer, ZHANG, { action: 'decline', requestId: rid(), offerId: 'offer-demo-1', version: 1, reason: '已有其他选择' });
    expect(r).toMatchObject({ ok: false, code: 'OFFER_EXPIRED' });
    expect(await snapshot(sys)).toBe(before);

    await sys.ok(expireOffers, '', {});
    expect((await sys.auditOf('offer', 'offer-demo-1')).map((e) => [e.action, e.to])).toEqual([['create', 'open'], ['expire', 'expired']]);
  });

  it('the employer cannot withdraw an offer past its deadline, so the student is not sent a 已撤回 notice about it', async () => {
    sys.advance(15 * DAY);
    const before = await snapshot(sys);
    const r = await sys.call(employerOffer, HR, { action: 'withdraw', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
    expect(r).toMatchObject({ ok: false, code: 'OFFER_EXPIRED' });
    expect(await snapshot(sys)).toBe(before);
  });

  it('应约 supersedes only the offers still live: one past its deadline is left for the timer, and its employer is not told 已失效', async () => {
    // a second unit registers and is certified, then sends 张三 an offer a day before the seeded one lapses
    const registered = await sys.ok(bind, 'hr-b', await registration(sys, 'hr-b', UNIT_B));
    await sys.ok(review, DEMO_OPENIDS.schoolReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'employer', id: registered.employerId!, version: 1 }] });
    sys.advance(13 * DAY);
    const fresh = (await sys.ok(employerOffer, 'hr-b', { action: 'create', requestId: rid(), studentNo: ZHANG_NO, studentName: '张三', terms: TERMS })).id;
    sys.advance(2 * DAY); // offer-demo-1 (14 days) is past its deadline; the fresh one has 12 days left
    const outboxBefore = (await sys.all('outbox')).length;

    await sys.ok(respondOffer, ZHANG, { action: 'accept', requestId: rid(), offerId: fresh, version: 1 });

    const stale = (await sys.store.get('offers', 'offer-demo-1'))!;
    expect(stale).toMatchObject({ state: 'open', version: 1 });
    const answered = (await sys.all('outbox')).slice(outboxBefore).filter((m) => m.template === 'offerAnswered');
    expect(answered.map((m) => [m.to, m.data.phrase2])).toEqual([['hr-b', '已应约']]);

    await sys.ok(expireOffers, '', {});
    expect((await sys.auditOf('offer', 'offer-demo-1')).map((e) => e.action)).toEqual(['create', 'expire']);
  });
});
