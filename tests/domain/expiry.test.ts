/** 邀约逾期失效 and 即将失效提醒: the timer's guards and its two decisions about one open offer. */
import type { OfferState } from '../../typings';
import { EXPIRING_HINT, REMIND_BEFORE_MS, SYSTEM, expireOffer, expiryGuards, remindHorizon, remindOffer } from '../../server/domain/expiry';
import { CREATED, DAY_MS, HOUR_MS, NOW, aStudent, anOffer, headOf, messagesOf, refusalOf, sequentialIds, shifted, theWrite, trail } from './builders';

const NOT_OPEN: OfferState[] = ['accepted', 'declined', 'expired', 'withdrawn', 'superseded'];
const MS = 1;

describe('the timer', () => {
  it('acts as the system', () => {
    expect(SYSTEM).toEqual({ openid: 'system', role: 'system' });
  });

  it('reminds two days before expiry', () => {
    expect(REMIND_BEFORE_MS).toBe(172_800_000);
    expect(EXPIRING_HINT).toBe('邀约将在2天内失效，请尽快处理');
  });
});

describe('remindHorizon', () => {
  it('is exactly two days after now', () => {
    expect(remindHorizon(NOW)).toBe('2026-06-03T02:00:00.000Z');
    expect(remindHorizon('2026-12-31T23:59:59.999Z')).toBe('2027-01-02T23:59:59.999Z');
  });
});

describe('expiryGuards', () => {
  describe('due (still open, deadline passed)', () => {
    it('is due when the deadline is before now', () => {
      expect(expiryGuards.due(anOffer({ expiresAt: shifted(NOW, -MS) }), NOW)).toBe(true);
    });
    it('is due when the deadline is exactly now', () => {
      expect(expiryGuards.due(anOffer({ expiresAt: NOW }), NOW)).toBe(true);
    });
    it('is not due a millisecond before the deadline', () => {
      expect(expiryGuards.due(anOffer({ expiresAt: shifted(NOW, MS) }), NOW)).toBe(false);
    });
    it.each(NOT_OPEN)('is not due once %s, however old', (state) => {
      expect(expiryGuards.due(anOffer({ state, expiresAt: shifted(NOW, -DAY_MS) }), NOW)).toBe(false);
    });
  });

  describe('live (open, within its deadline)', () => {
    it('is live until a millisecond before the deadline', () => {
      expect(expiryGuards.live(anOffer({ expiresAt: shifted(NOW, MS) }), NOW)).toBe(true);
    });
    it('is not live at the deadline', () => {
      expect(expiryGuards.live(anOffer({ expiresAt: NOW }), NOW)).toBe(false);
    });
    it('is not live past the deadline', () => {
      expect(expiryGuards.live(anOffer({ expiresAt: shifted(NOW, -MS) }), NOW)).toBe(false);
    });
    it.each(NOT_OPEN)('is not live once %s, however far the deadline', (state) => {
      expect(expiryGuards.live(anOffer({ state, expiresAt: shifted(NOW, DAY_MS) }), NOW)).toBe(false);
    });
  });

  describe('expired (marked by the timer or not)', () => {
    it('is expired once the timer marked it, even before its deadline', () => {
      expect(expiryGuards.expired(anOffer({ state: 'expired', expiresAt: shifted(NOW, DAY_MS) }), NOW)).toBe(true);
    });
    it('is expired when open at its deadline', () => {
      expect(expiryGuards.expired(anOffer({ expiresAt: NOW }), NOW)).toBe(true);
    });
    it('is expired when open past its deadline', () => {
      expect(expiryGuards.expired(anOffer({ expiresAt: shifted(NOW, -MS) }), NOW)).toBe(true);
    });
    it('is not expired when open before its deadline', () => {
      expect(expiryGuards.expired(anOffer({ expiresAt: shifted(NOW, MS) }), NOW)).toBe(false);
    });
    it.each(['accepted', 'declined', 'withdrawn', 'superseded'] as const)('is not expired when %s past its deadline: it ended otherwise', (state) => {
      expect(expiryGuards.expired(anOffer({ state, expiresAt: shifted(NOW, -DAY_MS) }), NOW)).toBe(false);
    });
  });

  describe('needsReminder (open, expiring within two days, not reminded)', () => {
    it('needs one a millisecond before the deadline', () => {
      expect(expiryGuards.needsReminder(anOffer({ expiresAt: shifted(NOW, MS) }), NOW)).toBe(true);
    });
    it('needs one when the deadline is exactly two days away', () => {
      expect(expiryGuards.needsReminder(anOffer({ expiresAt: shifted(NOW, 2 * DAY_MS) }), NOW)).toBe(true);
    });
    it('needs none when the deadline is a millisecond more than two days away', () => {
      expect(expiryGuards.needsReminder(anOffer({ expiresAt: shifted(NOW, 2 * DAY_MS + MS) }), NOW)).toBe(false);
    });
    it('needs none at or past the deadline: the offer is due to expire instead', () => {
      expect(expiryGuards.needsReminder(anOffer({ expiresAt: NOW }), NOW)).toBe(false);
      expect(expiryGuards.needsReminder(anOffer({ expiresAt: shifted(NOW, -MS) }), NOW)).toBe(false);
    });
    it('needs none once reminded', () => {
      expect(expiryGuards.needsReminder(anOffer({ expiresAt: shifted(NOW, DAY_MS), remindedAt: shifted(NOW, -HOUR_MS) }), NOW)).toBe(false);
    });
    it.each(NOT_OPEN)('needs none once %s', (state) => {
      expect(expiryGuards.needsReminder(anOffer({ state, expiresAt: shifted(NOW, DAY_MS) }), NOW)).toBe(false);
    });
  });
});

describe('expireOffer', () => {
  it('marks an open offer expired, as the system, and tells nobody', () => {
    // given an open offer (version 1) whose deadline has passed
    const offer = anOffer({ expiresAt: shifted(NOW, -HOUR_MS) });
    // when the timer expires it
    const decided = expireOffer({ offer, now: NOW });
    // then
    expect(decided.writes).toEqual([
      {
        collection: 'offers',
        expectedVersion: 1,
        doc: { ...offer, state: 'expired', version: 2, createdAt: CREATED, updatedAt: NOW, auditHead: decided.audit[0]!.hash },
      },
    ]);
    expect(trail(decided)).toEqual([
      { record: 'offer', recordId: 'offer-1', seq: 2, from: 'open', to: 'expired', action: 'expire', actor: SYSTEM, at: NOW },
    ]);
    expect(decided.audit[0]!.prevHash).toBe(headOf('offer-1', 1));
    expect(decided.outbox).toEqual([]);
  });

  it('replaces the version it read', () => {
    const decided = expireOffer({ offer: anOffer({ version: 4 }), now: NOW });
    expect(theWrite(decided, 'offers')).toMatchObject({ expectedVersion: 4, doc: { version: 5 } });
  });

  it.each(NOT_OPEN)('refuses to expire an offer already %s', (state) => {
    expect(refusalOf(() => expireOffer({ offer: anOffer({ state, expiresAt: shifted(NOW, -HOUR_MS) }), now: NOW }))).toBe('INVALID_TRANSITION');
  });
});

describe('remindOffer', () => {
  const expiresAt = shifted(NOW, DAY_MS); // 2026年6月2日 10:00

  it('records the reminder on the offer, which stays open, and tells the student once', () => {
    // given an open offer expiring tomorrow, to a bound student
    const offer = anOffer({ expiresAt });
    // when the timer reminds
    const decided = remindOffer({ offer, student: aStudent(), now: NOW, newId: sequentialIds('msg') });
    // then
    expect(decided.writes).toEqual([
      {
        collection: 'offers',
        expectedVersion: 1,
        doc: { ...offer, state: 'open', remindedAt: NOW, version: 2, updatedAt: NOW, auditHead: decided.audit[0]!.hash },
      },
    ]);
    expect(trail(decided)).toEqual([
      { record: 'offer', recordId: 'offer-1', seq: 2, from: 'open', to: 'open', action: 'remind', actor: SYSTEM, at: NOW },
    ]);
    expect(messagesOf(decided)).toEqual([
      {
        to: 'openid-zhangsan',
        template: 'offerExpiring',
        page: 'pkg/offer/index?id=offer-1',
        data: { thing1: '深圳示例科技有限公司', time2: '2026年6月2日 10:00', thing3: '邀约将在2天内失效，请尽快处理' },
      },
    ]);
    expect(decided.outbox[0]).toMatchObject({ _id: 'msg-1', version: 1, state: 'pending', attempts: 0, createdAt: NOW, nextAttemptAt: NOW });
  });

  it('names the offer page and the unit of the offer it reminds of', () => {
    const offer = anOffer({ _id: 'offer-7', expiresAt, employer: { ...anOffer().employer, name: '北京数据有限公司' } });
    const [told] = messagesOf(remindOffer({ offer, student: aStudent(), now: NOW, newId: sequentialIds() }));
    expect(told).toMatchObject({ page: 'pkg/offer/index?id=offer-7', data: { thing1: '北京数据有限公司' } });
  });

  it('records the reminder but sends nothing to a student not yet bound', () => {
    const decided = remindOffer({ offer: anOffer({ expiresAt }), student: aStudent({ openid: null }), now: NOW, newId: sequentialIds() });
    expect(theWrite(decided, 'offers').doc.remindedAt).toBe(NOW);
    expect(decided.audit).toHaveLength(1);
    expect(decided.outbox).toEqual([]);
  });

  it('records the reminder but sends nothing when the student is no longer on the roster', () => {
    const decided = remindOffer({ offer: anOffer({ expiresAt }), student: null, now: NOW, newId: sequentialIds() });
    expect(theWrite(decided, 'offers').doc.remindedAt).toBe(NOW);
    expect(decided.outbox).toEqual([]);
  });

  it.each(NOT_OPEN)('refuses to remind of an offer already %s', (state) => {
    expect(refusalOf(() => remindOffer({ offer: anOffer({ state, expiresAt }), student: aStudent(), now: NOW, newId: sequentialIds() }))).toBe('INVALID_TRANSITION');
  });
});
