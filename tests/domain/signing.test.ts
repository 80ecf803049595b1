/** 应约 and 拒绝: the student's answers to an offer. */
import type { CheckState, OfferState } from '../../typings';
import { DomainError } from '../../server/domain/errors';
import { acceptOffer, declineOffer, guards } from '../../server/domain/signing';
import type { CheckDoc, CounterDoc, OfferDoc, StudentDoc } from '../../server/domain/types';
import {
  AGREEMENT_NO,
  CREATED,
  DAY_MS,
  EMPLOYER_PARTY,
  NOW,
  OPENIDS,
  TERMS,
  ZHANG_PARTY,
  aCounter,
  aSourceCheck,
  aStudent,
  anActor,
  anEnv,
  anOffer,
  headOf,
  messagesOf,
  refusal,
  refusalOf,
  settings,
  shifted,
  theWrite,
  trail,
  writesTo,
} from './builders';

const student = anActor('student');

/** 张三, free to sign, his source check approved, accepting offer-1; nothing else open, no number given yet. */
function accepting(over: {
  student?: StudentDoc;
  offer?: OfferDoc;
  sourceCheck?: CheckDoc | null;
  otherOpenOffers?: OfferDoc[];
  counter?: CounterDoc | null;
  role?: 'student' | 'employer';
} = {}) {
  return acceptOffer({
    env: anEnv({ role: over.role ?? 'student' }),
    student: over.student ?? aStudent(),
    offer: over.offer ?? anOffer(),
    sourceCheck: over.sourceCheck === undefined ? aSourceCheck('approved') : over.sourceCheck,
    otherOpenOffers: over.otherOpenOffers ?? [],
    counter: over.counter === undefined ? null : over.counter,
    settings: settings(),
  });
}

describe('guards', () => {
  it('sourceCheckApproved: only an approved source check lets a student sign', () => {
    expect(guards.sourceCheckApproved(aSourceCheck('approved'))).toBe(true);
    expect(guards.sourceCheckApproved(null)).toBe(false);
    for (const state of ['draft', 'submitted', 'returned'] as const) {
      expect(guards.sourceCheckApproved(aSourceCheck(state))).toBe(false);
    }
  });

  it('noActiveAgreement: the student holds no pending or signed agreement', () => {
    expect(guards.noActiveAgreement(aStudent({ activeAgreementId: null }))).toBe(true);
    expect(guards.noActiveAgreement(aStudent({ activeAgreementId: 'agreement-9' }))).toBe(false);
  });
});

describe('acceptOffer (应约)', () => {
  describe('given 张三 free to sign, his source check approved, and an open offer', () => {
    let decided: ReturnType<typeof accepting>;
    beforeEach(() => {
      decided = accepting();
    });
    const agreementId = 'new-1';

    it('accepts the offer, naming the agreement it created', () => {
      const offer = anOffer();
      expect(theWrite(decided, 'offers', 'offer-1')).toEqual({
        collection: 'offers',
        expectedVersion: 1,
        doc: { ...offer, state: 'accepted', agreementId, version: 2, createdAt: CREATED, updatedAt: NOW, auditHead: decided.audit[0]!.hash },
      });
    });

    it('creates the agreement pending college review, numbered, with both parties printed', () => {
      expect(decided.agreement).toEqual({
        _id: agreementId,
        version: 1,
        createdAt: NOW,
        updatedAt: NOW,
        auditHead: decided.audit[1]!.hash,
        state: 'pendingCollege',
        studentNo: '2026010101',
        studentName: '张三',
        collegeId: 'cs',
        major: '软件工程',
        agreementNo: AGREEMENT_NO,
        origin: 'offer',
        offerId: 'offer-1',
        employerId: 'emp-demo',
        employerName: '深圳示例科技有限公司',
        content: { ...TERMS, student: ZHANG_PARTY, employer: EMPLOYER_PARTY },
        // kept flat for 就业核查's shared-contact lookup
        contactPhone: EMPLOYER_PARTY.contactPhone,
        proofFiles: [],
        studentOpenid: OPENIDS.student,
        employerOpenid: OPENIDS.employer,
        submittedAt: NOW,
      });
      expect(theWrite(decided, 'agreements')).toEqual({ collection: 'agreements', expectedVersion: 0, doc: decided.agreement });
    });

    it('numbers the agreement from a new counter for the graduation year', () => {
      expect(theWrite(decided, 'counters')).toEqual({
        collection: 'counters',
        expectedVersion: 0,
        doc: { _id: 'agreementNo:2026', version: 1, value: 1 },
      });
    });

    it("takes the student's lock for the agreement", () => {
      const lock = theWrite(decided, 'students');
      expect(lock).toMatchObject({ expectedVersion: 2, doc: { _id: '2026010101', activeAgreementId: agreementId, version: 3, updatedAt: NOW } });
    });

    it('writes the offer, the agreement, the counter and the lock, in that order', () => {
      expect(decided.writes.map((w) => `${w.collection}/${w.doc._id}`)).toEqual([
        'offers/offer-1',
        'agreements/new-1',
        'counters/agreementNo:2026',
        'students/2026010101',
      ]);
    });

    it('audits the acceptance, the creation and the lock, as the student', () => {
      expect(trail(decided)).toEqual([
        { record: 'offer', recordId: 'offer-1', seq: 2, from: 'open', to: 'accepted', action: 'accept', actor: student, at: NOW },
        { record: 'agreement', recordId: agreementId, seq: 1, from: null, to: 'pendingCollege', action: 'createFromOffer', actor: student, at: NOW },
        { record: 'student', recordId: '2026010101', seq: 3, from: 'free', to: 'signing', action: 'lock', actor: student, at: NOW },
      ]);
      expect(decided.audit[0]!.prevHash).toBe(headOf('offer-1', 1));
      expect(decided.audit[2]!.prevHash).toBe(headOf('2026010101', 2));
    });

    it("tells the offer's sender it was accepted, the agreement awaiting college review", () => {
      expect(messagesOf(decided)).toEqual([
        {
          to: OPENIDS.employer,
          template: 'offerAnswered',
          page: 'pkg/employer/offers/index',
          // 协议待院系审核 2026年6月1日 10:00 is 23 characters: a thing keyword (20) drops the year, not the minutes
          data: { name1: '张三', phrase2: '已应约', thing3: '协议待院系审核 6月1日 10:00' },
        },
      ]);
      expect(decided.outbox[0]!._id).toBe('new-2');
    });
  });

  it('numbers the agreement after the last one of the year and replaces the counter version it read', () => {
    const decided = accepting({ counter: aCounter(41, { version: 43 }) });
    expect(decided.agreement.agreementNo).toBe('20261000131000042');
    expect(theWrite(decided, 'counters')).toEqual({ collection: 'counters', expectedVersion: 43, doc: { _id: 'agreementNo:2026', version: 44, value: 42 } });
  });

  it("prints the phone of the student's approved source check", () => {
    const decided = accepting({ sourceCheck: aSourceCheck('approved', { fields: { phone: '13700137000' } }) });
    expect(decided.agreement.content.student.phone).toBe('13700137000');
  });

  it('prints an empty phone when the approved source check has none', () => {
    const decided = accepting({ sourceCheck: aSourceCheck('approved', { fields: {} }) });
    expect(decided.agreement.content.student.phone).toBe('');
  });

  it("copies the offer's terms and unit into the agreement", () => {
    const other = anOffer({ _id: 'offer-5', employerId: 'emp-2', employer: { ...EMPLOYER_PARTY, employerId: 'emp-2', name: '北京数据有限公司' }, senderOpenid: 'openid-hr-wang', terms: { ...TERMS, remarks: '包住宿' } });
    const decided = accepting({ offer: other });
    expect(decided.agreement).toMatchObject({
      offerId: 'offer-5',
      employerId: 'emp-2',
      employerName: '北京数据有限公司',
      employerOpenid: 'openid-hr-wang',
      content: { remarks: '包住宿', employer: { employerId: 'emp-2', name: '北京数据有限公司' } },
    });
    expect(messagesOf(decided)[0]!.to).toBe('openid-hr-wang');
  });

  it('accepts an offer a millisecond before its deadline', () => {
    const decided = accepting({ offer: anOffer({ expiresAt: shifted(NOW, 1) }) });
    expect(theWrite(decided, 'offers').doc.state).toBe('accepted');
  });

  describe('given other open offers', () => {
    const rival = anOffer({ _id: 'offer-2', version: 3, employerId: 'emp-2', senderOpenid: 'openid-hr-wang' });
    const lapsed = anOffer({ _id: 'offer-3', employerId: 'emp-3', expiresAt: NOW, senderOpenid: 'openid-hr-li' });
    const past = anOffer({ _id: 'offer-4', employerId: 'emp-4', expiresAt: shifted(NOW, -DAY_MS), senderOpenid: 'openid-hr-zhao' });
    const declined = anOffer({ _id: 'offer-6', state: 'declined', senderOpenid: 'openid-hr-sun' });
    let decided: ReturnType<typeof accepting>;
    beforeEach(() => {
      decided = accepting({ otherOpenOffers: [anOffer(), rival, lapsed, past, declined] });
    });

    it('supersedes every other live offer, replacing the version it read', () => {
      expect(writesTo(decided, 'offers').map((w) => [w.doc._id, w.doc.state, w.expectedVersion, w.doc.version])).toEqual([
        ['offer-1', 'accepted', 1, 2],
        ['offer-2', 'superseded', 3, 4],
      ]);
      expect(decided.writes.at(-1)).toEqual({
        collection: 'offers',
        expectedVersion: 3,
        doc: { ...rival, state: 'superseded', version: 4, updatedAt: NOW, auditHead: decided.audit[3]!.hash },
      });
    });

    it('leaves alone offers at or past their deadline (the timer expires them) and offers no longer open', () => {
      const touched = decided.writes.map((w) => w.doc._id);
      expect(touched).not.toContain('offer-3');
      expect(touched).not.toContain('offer-4');
      expect(touched).not.toContain('offer-6');
    });

    it('audits each supersession after the acceptance, the creation and the lock', () => {
      expect(trail(decided).map((e) => `${e.record}/${e.recordId} ${e.action}`)).toEqual([
        'offer/offer-1 accept',
        'agreement/new-1 createFromOffer',
        'student/2026010101 lock',
        'offer/offer-2 supersede',
      ]);
      expect(trail(decided)[3]).toEqual({ record: 'offer', recordId: 'offer-2', seq: 4, from: 'open', to: 'superseded', action: 'supersede', actor: student, at: NOW });
    });

    it("tells each superseded offer's sender the student accepted another unit", () => {
      expect(messagesOf(decided)).toEqual([
        expect.objectContaining({ to: OPENIDS.employer, data: expect.objectContaining({ phrase2: '已应约' }) }),
        { to: 'openid-hr-wang', template: 'offerAnswered', page: 'pkg/employer/offers/index', data: { name1: '张三', phrase2: '已失效', thing3: '学生已应约其他单位' } },
      ]);
    });
  });

  it('does not supersede the accepted offer itself when it is listed among the open ones', () => {
    const decided = accepting({ otherOpenOffers: [anOffer()] });
    expect(writesTo(decided, 'offers')).toHaveLength(1);
    expect(decided.audit).toHaveLength(3);
    expect(decided.outbox).toHaveLength(1);
  });

  describe('refusals', () => {
    it('refuses 应约 when the offer reaches its deadline exactly now', () => {
      expect(refusalOf(() => accepting({ offer: anOffer({ expiresAt: NOW }) }))).toBe('OFFER_EXPIRED');
    });

    it('refuses 应约 when the offer is past its deadline though the timer has not marked it', () => {
      expect(refusalOf(() => accepting({ offer: anOffer({ expiresAt: shifted(NOW, -1) }) }))).toBe('OFFER_EXPIRED');
    });

    it('refuses 应约 when the timer marked the offer expired', () => {
      expect(refusalOf(() => accepting({ offer: anOffer({ state: 'expired' }) }))).toBe('OFFER_EXPIRED');
    });

    it('refuses 应约 when the student has no source check', () => {
      expect(refusalOf(() => accepting({ sourceCheck: null }))).toBe('SOURCE_CHECK_REQUIRED');
    });

    it.each(['draft', 'submitted', 'returned'] as CheckState[])('refuses 应约 when the source check is %s, not approved', (state) => {
      expect(refusalOf(() => accepting({ sourceCheck: aSourceCheck(state) }))).toBe('SOURCE_CHECK_REQUIRED');
    });

    it('refuses 应约 when the student already holds an active agreement', () => {
      expect(refusalOf(() => accepting({ student: aStudent({ activeAgreementId: 'agreement-9' }) }))).toBe('ACTIVE_AGREEMENT_EXISTS');
    });

    it.each(['accepted', 'declined', 'withdrawn', 'superseded'] as OfferState[])('refuses 应约 when the offer is %s, no longer open', (state) => {
      expect(refusalOf(() => accepting({ offer: anOffer({ state }) }))).toBe('INVALID_TRANSITION');
    });

    it('refuses 应约 by anyone but the student', () => {
      expect(refusalOf(() => accepting({ role: 'employer' }))).toBe('FORBIDDEN');
    });

    it('says the offer expired before anything else, then the source check, then the lock', () => {
      expect(refusalOf(() => accepting({ offer: anOffer({ expiresAt: NOW }), sourceCheck: null, student: aStudent({ activeAgreementId: 'a' }) }))).toBe('OFFER_EXPIRED');
      expect(refusalOf(() => accepting({ sourceCheck: null, student: aStudent({ activeAgreementId: 'a' }) }))).toBe('SOURCE_CHECK_REQUIRED');
      expect(refusalOf(() => accepting({ offer: anOffer({ state: 'declined' }), student: aStudent({ activeAgreementId: 'a' }) }))).toBe('ACTIVE_AGREEMENT_EXISTS');
    });

    it('gives the refusal its Chinese message', () => {
      expect(refusal(() => accepting({ sourceCheck: null })).message).toBe('生源核查通过后才能签约');
    });

    it("fails, and numbers nothing, once the year's numbers are used up", () => {
      expect(() => accepting({ counter: aCounter(999_999) })).toThrow('agreement sequence exhausted for this year');
      expect(() => accepting({ counter: aCounter(999_999) })).not.toThrow(DomainError);
    });
  });
});

describe('declineOffer (拒绝)', () => {
  const declining = (over: { offer?: OfferDoc; reason?: string; role?: 'student' | 'employer' } = {}) =>
    declineOffer({ env: anEnv({ role: over.role ?? 'student' }), student: aStudent(), offer: over.offer ?? anOffer(), reason: over.reason ?? '工作地点不合适' });

  describe('given an open offer and a reason', () => {
    let decided: ReturnType<typeof declining>;
    beforeEach(() => {
      decided = declining({ reason: '  工作地点不合适  ' });
    });

    it('declines the offer, keeping the trimmed reason on it', () => {
      expect(decided.writes).toEqual([
        {
          collection: 'offers',
          expectedVersion: 1,
          doc: { ...anOffer(), state: 'declined', declineReason: '工作地点不合适', version: 2, updatedAt: NOW, auditHead: decided.audit[0]!.hash },
        },
      ]);
    });

    it('audits the decline with its reason, as the student', () => {
      expect(trail(decided)).toEqual([
        { record: 'offer', recordId: 'offer-1', seq: 2, from: 'open', to: 'declined', action: 'decline', actor: student, at: NOW, reason: '工作地点不合适' },
      ]);
    });

    it("tells the offer's HR contact, with the reason", () => {
      expect(messagesOf(decided)).toEqual([
        { to: OPENIDS.employer, template: 'offerAnswered', page: 'pkg/employer/offers/index', data: { name1: '张三', phrase2: '已拒绝', thing3: '工作地点不合适' } },
      ]);
      expect(decided.outbox[0]!._id).toBe('new-1');
    });
  });

  it('replaces the version it read', () => {
    const decided = declining({ offer: anOffer({ version: 3 }) });
    expect(theWrite(decided, 'offers')).toMatchObject({ expectedVersion: 3, doc: { version: 4 } });
  });

  it('shortens a long reason in the message but keeps it whole on the offer', () => {
    const reason = '已经接受了另一家单位的邀约并且已经和家人商量好了去南方发展';
    const decided = declining({ reason });
    expect(theWrite(decided, 'offers').doc.declineReason).toBe(reason);
    expect(messagesOf(decided)[0]!.data.thing3).toBe('已经接受了另一家单位的邀约并且已经和家…');
  });

  it('tells nobody when the offer names no sender', () => {
    expect(declining({ offer: anOffer({ senderOpenid: '' }) }).outbox).toEqual([]);
  });

  it('declines an offer a millisecond before its deadline', () => {
    expect(theWrite(declining({ offer: anOffer({ expiresAt: shifted(NOW, 1) }) }), 'offers').doc.state).toBe('declined');
  });

  describe('refusals', () => {
    it('refuses 拒绝 without a reason', () => {
      expect(refusalOf(() => declining({ reason: '' }))).toBe('REASON_REQUIRED');
    });

    it('refuses 拒绝 with a reason of spaces only', () => {
      expect(refusalOf(() => declining({ reason: '   ' }))).toBe('REASON_REQUIRED');
    });

    it('refuses 拒绝 when the offer reaches its deadline exactly now', () => {
      expect(refusalOf(() => declining({ offer: anOffer({ expiresAt: NOW }) }))).toBe('OFFER_EXPIRED');
    });

    it('refuses 拒绝 when the timer marked the offer expired', () => {
      expect(refusalOf(() => declining({ offer: anOffer({ state: 'expired' }) }))).toBe('OFFER_EXPIRED');
    });

    it.each(['accepted', 'declined', 'withdrawn', 'superseded'] as OfferState[])('refuses 拒绝 when the offer is %s', (state) => {
      expect(refusalOf(() => declining({ offer: anOffer({ state }) }))).toBe('INVALID_TRANSITION');
    });

    it('refuses 拒绝 by anyone but the student', () => {
      expect(refusalOf(() => declining({ role: 'employer' }))).toBe('FORBIDDEN');
    });

    it('says the offer expired before asking for a reason', () => {
      expect(refusalOf(() => declining({ offer: anOffer({ expiresAt: NOW }), reason: '' }))).toBe('OFFER_EXPIRED');
    });
  });
});
