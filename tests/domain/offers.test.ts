/** 邀约 from the employer's side: send, edit, withdraw, and revise a returned offer-born agreement. */
import type { AgreementState, OfferState } from '../../typings';
import { createOffer, editOffer, expiryFrom, offerClaimId, reviseAgreement, rosterMatches, withdrawOffer } from '../../server/domain/offers';
import type { AgreementDoc, CounterDoc, OfferDoc, StudentDoc } from '../../server/domain/types';
import {
  CREATED,
  DAY_MS,
  EMPLOYER_PARTY,
  NOW,
  OPENIDS,
  OTHER_TERMS,
  TERMS,
  ZHANG_PARTY,
  aStudent,
  anActor,
  anAgreement,
  anEmployer,
  anEnv,
  anOffer,
  anotherStudent,
  headOf,
  messagesOf,
  refusal,
  refusalOf,
  settings,
  shifted,
  theWrite,
  trail,
} from './builders';

const hr = anActor('employer');
const NOT_OPEN: OfferState[] = ['accepted', 'declined', 'withdrawn', 'superseded'];

describe('expiryFrom', () => {
  it('is now plus whole days', () => {
    expect(expiryFrom(NOW, 14)).toBe('2026-06-15T02:00:00.000Z');
    expect(expiryFrom(NOW, 1)).toBe('2026-06-02T02:00:00.000Z');
    expect(expiryFrom(NOW, 0)).toBe(NOW);
  });

  it('crosses months and years', () => {
    expect(expiryFrom('2026-12-25T16:00:00.000Z', 7)).toBe('2027-01-01T16:00:00.000Z');
  });
});

describe('rosterMatches', () => {
  it('matches the roster entry with the same name', () => {
    expect(rosterMatches(aStudent(), '张三')).toBe(true);
  });

  it('ignores spaces around either name', () => {
    expect(rosterMatches(aStudent(), '  张三 ')).toBe(true);
    expect(rosterMatches(aStudent({ name: ' 张三  ' }), '张三')).toBe(true);
  });

  it('does not match another name, nor the name with a space inside', () => {
    expect(rosterMatches(aStudent(), '李四')).toBe(false);
    expect(rosterMatches(aStudent(), '张 三')).toBe(false);
    expect(rosterMatches(aStudent(), '')).toBe(false);
  });

  it('does not match a 学号 not on the roster', () => {
    expect(rosterMatches(null, '张三')).toBe(false);
  });
});

describe('offerClaimId', () => {
  it('is one claim per student, whichever unit sends', () => {
    expect(offerClaimId('2026010101')).toBe('offersTo:2026010101');
    expect(offerClaimId('2026010102')).toBe('offersTo:2026010102');
  });
});

describe('createOffer (发起邀约)', () => {
  const sending = (over: {
    student?: StudentDoc | null;
    studentName?: string;
    openOffers?: OfferDoc[];
    claim?: CounterDoc | null;
    validDays?: number;
    offerTtlDays?: number;
    role?: 'employer' | 'student';
  } = {}) =>
    createOffer({
      env: anEnv({ role: over.role ?? 'employer' }),
      employer: anEmployer('certified'),
      student: over.student === undefined ? aStudent() : over.student,
      studentName: over.studentName ?? '张三',
      openOffers: over.openOffers ?? [],
      claim: over.claim === undefined ? null : over.claim,
      terms: TERMS,
      ...(over.validDays !== undefined ? { validDays: over.validDays } : {}),
      settings: settings(over.offerTtlDays !== undefined ? { offerTtlDays: over.offerTtlDays } : {}),
    });

  describe('given a certified unit and 张三 on the roster with no offer from it', () => {
    let decided: ReturnType<typeof sending>;
    beforeEach(() => {
      decided = sending();
    });

    it('creates the offer, open, valid for the school’s default of 14 days', () => {
      expect(decided.offer).toEqual({
        _id: 'new-1',
        version: 1,
        createdAt: NOW,
        updatedAt: NOW,
        auditHead: decided.audit[0]!.hash,
        state: 'open',
        studentNo: '2026010101',
        studentName: '张三',
        collegeId: 'cs',
        major: '软件工程',
        employerId: 'emp-demo',
        employer: EMPLOYER_PARTY,
        terms: TERMS,
        expiresAt: '2026-06-15T02:00:00.000Z',
        senderOpenid: OPENIDS.employer,
      });
      expect(theWrite(decided, 'offers')).toEqual({ collection: 'offers', expectedVersion: 0, doc: decided.offer });
    });

    it('creates the unit’s claim on the student, so that a concurrent second offer conflicts', () => {
      expect(theWrite(decided, 'counters')).toEqual({
        collection: 'counters',
        expectedVersion: 0,
        doc: { _id: 'offersTo:2026010101', version: 1, value: 1 },
      });
      expect(decided.writes.map((w) => w.collection)).toEqual(['offers', 'counters']);
    });

    it('audits the creation, as the HR contact', () => {
      expect(trail(decided)).toEqual([
        { record: 'offer', recordId: 'new-1', seq: 1, from: null, to: 'open', action: 'create', actor: hr, at: NOW },
      ]);
    });

    it('tells the student: the unit, the job and the deadline', () => {
      expect(messagesOf(decided)).toEqual([
        {
          to: OPENIDS.student,
          template: 'offerReceived',
          page: 'pkg/offer/index?id=new-1',
          data: { thing1: '深圳示例科技有限公司', thing2: '数据分析师', time3: '2026年6月15日 10:00' },
        },
      ]);
      expect(decided.outbox[0]!._id).toBe('new-2');
    });
  });

  it('bumps the claim it read, replacing its version', () => {
    const decided = sending({ claim: { _id: 'offersTo:2026010101', version: 3, value: 5 } });
    expect(theWrite(decided, 'counters')).toEqual({ collection: 'counters', expectedVersion: 3, doc: { _id: 'offersTo:2026010101', version: 4, value: 6 } });
  });

  it('is valid for the days the unit chose, over the school’s default', () => {
    expect(sending({ validDays: 3 }).offer.expiresAt).toBe('2026-06-04T02:00:00.000Z');
  });

  it('is valid for the school’s default when the unit chose none', () => {
    expect(sending({ offerTtlDays: 30 }).offer.expiresAt).toBe('2026-07-01T02:00:00.000Z');
  });

  it('takes the student keys of the student it is sent to', () => {
    const decided = sending({ student: anotherStudent({ collegeId: 'em' }), studentName: '李四' });
    expect(decided.offer).toMatchObject({ studentNo: '2026010102', studentName: '李四', collegeId: 'em', major: '计算机科学与技术' });
    expect(theWrite(decided, 'counters').doc._id).toBe('offersTo:2026010102');
    expect(messagesOf(decided)[0]!.to).toBe('openid-lisi');
  });

  it('creates the offer but tells nobody when the student has not bound a WeChat yet', () => {
    const decided = sending({ student: aStudent({ openid: null }) });
    expect(decided.writes).toHaveLength(2);
    expect(decided.outbox).toEqual([]);
  });

  it('accepts a name typed with spaces around it', () => {
    expect(sending({ studentName: ' 张三 ' }).offer.studentName).toBe('张三');
  });

  it('sends although other units have live offers to the student', () => {
    const decided = sending({ openOffers: [anOffer({ _id: 'offer-2', employerId: 'emp-2' })] });
    expect(decided.offer.state).toBe('open');
  });

  it('sends again once the unit’s earlier offer reached its deadline', () => {
    const decided = sending({ openOffers: [anOffer({ expiresAt: NOW })] });
    expect(decided.offer.state).toBe('open');
  });

  it.each(NOT_OPEN)('sends again once the unit’s earlier offer was %s', (state) => {
    expect(sending({ openOffers: [anOffer({ state })] }).offer.state).toBe('open');
  });

  it('sends although the unit has a live offer to another student', () => {
    expect(sending({ openOffers: [anOffer({ studentNo: '2026010102' })] }).offer.state).toBe('open');
  });

  describe('refusals', () => {
    it('refuses an offer to a 学号 not on the roster', () => {
      const refused = refusal(() => sending({ student: null }));
      expect([refused.code, refused.message]).toEqual(['ROSTER_MISMATCH', '学号与姓名不匹配']);
    });

    it('refuses an offer when the name does not match the 学号', () => {
      const refused = refusal(() => sending({ studentName: '李四' }));
      expect([refused.code, refused.message]).toEqual(['ROSTER_MISMATCH', '学号与姓名不匹配']);
    });

    it('refuses a second offer while the unit’s first to the student is live', () => {
      const refused = refusal(() => sending({ openOffers: [anOffer({ expiresAt: shifted(NOW, 1) })] }));
      expect([refused.code, refused.message]).toEqual(['INVALID_TRANSITION', '已向该学生发出邀约，请勿重复发送']);
    });

    it('refuses an offer sent by anyone but an employer', () => {
      expect(refusalOf(() => sending({ role: 'student' }))).toBe('FORBIDDEN');
    });
  });
});

describe('editOffer (修改邀约)', () => {
  const editing = (over: { offer?: OfferDoc; validDays?: number; studentOpenid?: string | null; role?: 'employer' | 'student' } = {}) =>
    editOffer({
      env: anEnv({ role: over.role ?? 'employer' }),
      offer: over.offer ?? anOffer(),
      terms: OTHER_TERMS,
      settings: { penaltyCapYuan: 5000 },
      ...(over.validDays !== undefined ? { validDays: over.validDays } : {}),
      studentOpenid: over.studentOpenid === undefined ? OPENIDS.student : over.studentOpenid,
    });

  describe('given an open offer, when its terms change', () => {
    const offer = anOffer({ remindedAt: shifted(NOW, -DAY_MS) });
    let decided: ReturnType<typeof editing>;
    beforeEach(() => {
      decided = editing({ offer });
    });

    it('replaces the terms and keeps the deadline and the reminder', () => {
      expect(decided.writes).toEqual([
        {
          collection: 'offers',
          expectedVersion: 1,
          doc: { ...offer, terms: OTHER_TERMS, version: 2, createdAt: CREATED, updatedAt: NOW, auditHead: decided.audit[0]!.hash },
        },
      ]);
      expect(decided.offer).toBe(decided.writes[0]!.doc);
      expect(decided.offer.expiresAt).toBe('2026-06-08T02:00:00.000Z');
      expect(decided.offer.remindedAt).toBe(shifted(NOW, -DAY_MS));
    });

    it('audits the edit, the offer still open', () => {
      expect(trail(decided)).toEqual([{ record: 'offer', recordId: 'offer-1', seq: 2, from: 'open', to: 'open', action: 'edit', actor: hr, at: NOW }]);
      expect(decided.audit[0]!.prevHash).toBe(headOf('offer-1', 1));
    });

    it('tells the student the offer changed, with the new job and the deadline', () => {
      expect(messagesOf(decided)).toEqual([
        {
          to: OPENIDS.student,
          template: 'offerReceived',
          page: 'pkg/offer/index?id=offer-1',
          data: { thing1: '深圳示例科技有限公司（已修改）', thing2: '前端开发工程师', time3: '2026年6月8日 10:00' },
        },
      ]);
    });
  });

  it('sets a new deadline from now when validity days are given, and forgets the reminder', () => {
    const decided = editing({ offer: anOffer({ remindedAt: shifted(NOW, -DAY_MS) }), validDays: 5 });
    expect(decided.offer.expiresAt).toBe('2026-06-06T02:00:00.000Z');
    expect(decided.offer.remindedAt).toBeUndefined();
    expect(messagesOf(decided)[0]!.data.time3).toBe('2026年6月6日 10:00');
  });

  it('replaces the version it read', () => {
    expect(theWrite(editing({ offer: anOffer({ version: 6 }) }), 'offers')).toMatchObject({ expectedVersion: 6, doc: { version: 7 } });
  });

  it('edits but tells nobody when the student has not bound a WeChat yet', () => {
    const decided = editing({ studentOpenid: null });
    expect(decided.offer.terms).toEqual(OTHER_TERMS);
    expect(decided.outbox).toEqual([]);
  });

  it('edits an offer a millisecond before its deadline', () => {
    expect(editing({ offer: anOffer({ expiresAt: shifted(NOW, 1) }) }).offer.terms).toEqual(OTHER_TERMS);
  });

  describe('refusals', () => {
    it('refuses an edit when the offer reaches its deadline exactly now', () => {
      expect(refusalOf(() => editing({ offer: anOffer({ expiresAt: NOW }) }))).toBe('OFFER_EXPIRED');
    });

    it('refuses an edit, even one giving new days, when the timer marked the offer expired', () => {
      expect(refusalOf(() => editing({ offer: anOffer({ state: 'expired' }), validDays: 7 }))).toBe('OFFER_EXPIRED');
    });

    it.each(NOT_OPEN)('refuses an edit when the offer is %s', (state) => {
      expect(refusalOf(() => editing({ offer: anOffer({ state }) }))).toBe('INVALID_TRANSITION');
    });

    it('refuses an edit by anyone but an employer', () => {
      expect(refusalOf(() => editing({ role: 'student' }))).toBe('FORBIDDEN');
    });
  });
});

describe('withdrawOffer (撤回邀约)', () => {
  const withdrawing = (over: { offer?: OfferDoc; studentOpenid?: string | null; role?: 'employer' | 'student' } = {}) =>
    withdrawOffer({
      env: anEnv({ role: over.role ?? 'employer' }),
      offer: over.offer ?? anOffer(),
      studentOpenid: over.studentOpenid === undefined ? OPENIDS.student : over.studentOpenid,
    });

  describe('given an open offer', () => {
    let decided: ReturnType<typeof withdrawing>;
    beforeEach(() => {
      decided = withdrawing();
    });

    it('withdraws it', () => {
      expect(decided.writes).toEqual([
        {
          collection: 'offers',
          expectedVersion: 1,
          doc: { ...anOffer(), state: 'withdrawn', version: 2, updatedAt: NOW, auditHead: decided.audit[0]!.hash },
        },
      ]);
      expect(decided.offer).toBe(decided.writes[0]!.doc);
    });

    it('audits the withdrawal, as the HR contact', () => {
      expect(trail(decided)).toEqual([{ record: 'offer', recordId: 'offer-1', seq: 2, from: 'open', to: 'withdrawn', action: 'withdraw', actor: hr, at: NOW }]);
    });

    it('tells the student which unit withdrew which job, and when', () => {
      expect(messagesOf(decided)).toEqual([
        {
          to: OPENIDS.student,
          template: 'reviewResult',
          page: 'pkg/offer/index?id=offer-1',
          data: { thing1: '深圳示例科技有限公司的邀约', phrase2: '已撤回', thing3: '数据分析师岗位邀约已撤回', time4: '2026年6月1日 10:00' },
        },
      ]);
    });
  });

  it('replaces the version it read', () => {
    expect(theWrite(withdrawing({ offer: anOffer({ version: 2 }) }), 'offers')).toMatchObject({ expectedVersion: 2, doc: { version: 3 } });
  });

  it('withdraws but tells nobody when the student has not bound a WeChat yet', () => {
    const decided = withdrawing({ studentOpenid: null });
    expect(decided.offer.state).toBe('withdrawn');
    expect(decided.outbox).toEqual([]);
  });

  it('withdraws an offer a millisecond before its deadline', () => {
    expect(withdrawing({ offer: anOffer({ expiresAt: shifted(NOW, 1) }) }).offer.state).toBe('withdrawn');
  });

  describe('refusals', () => {
    it('refuses to withdraw an offer that reaches its deadline exactly now', () => {
      expect(refusalOf(() => withdrawing({ offer: anOffer({ expiresAt: NOW }) }))).toBe('OFFER_EXPIRED');
    });

    it('refuses to withdraw an offer the timer marked expired', () => {
      expect(refusalOf(() => withdrawing({ offer: anOffer({ state: 'expired' }) }))).toBe('OFFER_EXPIRED');
    });

    it.each(NOT_OPEN)('refuses to withdraw an offer that is %s', (state) => {
      expect(refusalOf(() => withdrawing({ offer: anOffer({ state }) }))).toBe('INVALID_TRANSITION');
    });

    it('refuses a withdrawal by anyone but an employer', () => {
      expect(refusalOf(() => withdrawing({ role: 'student' }))).toBe('FORBIDDEN');
    });
  });
});

describe('reviseAgreement (单位修改后重新提交)', () => {
  const revising = (agreement: AgreementDoc = anAgreement('returned'), role: 'employer' | 'student' = 'employer') =>
    reviseAgreement({ env: anEnv({ role }), agreement, terms: OTHER_TERMS, settings: { penaltyCapYuan: 5000 } });

  describe('given an offer-born agreement the college returned', () => {
    const returned = anAgreement('returned', { content: { ...TERMS, remarks: '旧的补充条款', student: ZHANG_PARTY, employer: EMPLOYER_PARTY } });
    let decided: ReturnType<typeof revising>;
    beforeEach(() => {
      decided = revising(returned);
    });

    it('puts the new terms between the same two parties, back to college review, the return answered', () => {
      const { returnReason: _r, returnedAt: _a, ...rest } = returned;
      expect(decided.writes).toEqual([
        {
          collection: 'agreements',
          expectedVersion: 3,
          doc: {
            ...rest,
            state: 'pendingCollege',
            content: { ...OTHER_TERMS, student: ZHANG_PARTY, employer: EMPLOYER_PARTY },
            submittedAt: NOW,
            version: 4,
            updatedAt: NOW,
            auditHead: decided.audit[0]!.hash,
          },
        },
      ]);
      expect(decided.agreement.returnReason).toBeUndefined();
      expect(decided.agreement.returnedAt).toBeUndefined();
      expect(decided.agreement.agreementNo).toBe('20261000131000001');
    });

    it('drops terms the new ones no longer have', () => {
      const withoutRemarks = reviseAgreement({ env: anEnv({ role: 'employer' }), agreement: returned, terms: TERMS, settings: { penaltyCapYuan: 5000 } });
      expect(withoutRemarks.agreement.content).toEqual({ ...TERMS, student: ZHANG_PARTY, employer: EMPLOYER_PARTY });
    });

    it('audits the revision, as the HR contact', () => {
      expect(trail(decided)).toEqual([
        { record: 'agreement', recordId: 'agreement-1', seq: 4, from: 'returned', to: 'pendingCollege', action: 'revise', actor: hr, at: NOW },
      ]);
      expect(decided.audit[0]!.prevHash).toBe(headOf('agreement-1', 3));
    });

    it('tells the student the unit revised and resubmitted it', () => {
      expect(messagesOf(decided)).toEqual([
        {
          to: OPENIDS.student,
          template: 'reviewResult',
          page: 'pkg/agreement/index?id=agreement-1',
          data: { thing1: '三方协议', phrase2: '单位已修改', thing3: '已重新提交，等待院系审核', time4: '2026年6月1日 10:00' },
        },
      ]);
    });
  });

  it('keeps the printed parties the agreement already has', () => {
    const party = { ...ZHANG_PARTY, phone: '13700137000' };
    const decided = revising(anAgreement('returned', { content: { ...TERMS, student: party, employer: { ...EMPLOYER_PARTY, contactName: '王主管' } } }));
    expect(decided.agreement.content.student).toEqual(party);
    expect(decided.agreement.content.employer.contactName).toBe('王主管');
  });

  it('tells the student on the agreement, whoever it is', () => {
    const decided = revising(anAgreement('returned', { _id: 'agreement-5', studentOpenid: 'openid-lisi' }));
    expect(messagesOf(decided)[0]).toMatchObject({ to: 'openid-lisi', page: 'pkg/agreement/index?id=agreement-5' });
  });

  describe('refusals', () => {
    it('refuses to revise a student-initiated agreement: it is the student’s to revise', () => {
      expect(refusalOf(() => revising(anAgreement('returned', { origin: 'student' })))).toBe('INVALID_TRANSITION');
    });

    it.each(['pendingCollege', 'pendingSchool', 'signed', 'terminated'] as AgreementState[])('refuses to revise an agreement %s, not returned', (state) => {
      expect(refusalOf(() => revising(anAgreement(state)))).toBe('INVALID_TRANSITION');
    });

    it('refuses a revision by anyone but an employer', () => {
      expect(refusalOf(() => revising(anAgreement('returned'), 'student'))).toBe('FORBIDDEN');
    });
  });
});
