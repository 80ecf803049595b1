import { respondOffer } from '../../server/usecases/respondOffer';
import { verifyChain } from '../../server/domain/audit';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { step, touch } from '../../server/domain/machine';
import { bind } from '../../server/usecases/bind';
import { expireOffers } from '../../server/usecases/expireOffers';
import { approveSourceCheck, sendOffer } from '../support/agreements';
import type { OfferDoc, StudentDoc } from '../../server/domain/types';
import { DAY, makeSystem, rid, type TestSystem } from '../support/harness';

const STUDENT = DEMO_OPENIDS.student;

/** A second open offer for 张三, created through the domain step as the employer would. */
async function addOffer(sys: TestSystem, id: string): Promise<OfferDoc> {
  const seeded = (await sys.store.get('offers', 'offer-demo-1'))!;
  const now = sys.deps.clock().toISOString();
  const created = step<'offer', OfferDoc>({
    kind: 'offer', current: null, id, action: 'create', actor: { openid: DEMO_OPENIDS.employer, role: 'employer' }, now,
    patch: { ...seeded, expiresAt: new Date(sys.deps.clock().getTime() + 14 * DAY).toISOString() },
  });
  await sys.store.commit({ writes: [{ collection: 'offers', doc: created.doc, expectedVersion: 0 }], audit: [created.audit], outbox: [] });
  return created.doc;
}

describe('respondOffer', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  it('应约 creates a numbered agreement pending college review, locks the student, supersedes other open offers', async () => {
    await addOffer(sys, 'offer-2');
    const result = await sys.ok(respondOffer, STUDENT, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
    expect(result).toMatchObject({ record: 'agreement', state: 'pendingCollege', version: 1 });

    const agreement = (await sys.store.get('agreements', result.id))!;
    expect(agreement.agreementNo).toBe('202610001' + '31' + '000001');
    expect(agreement.content.student.idNumberMasked).toMatch(/^440305\*{8}\d{3}[\dX]$/);
    expect(agreement.content.student.phone).toBe('13800138000');
    expect((await sys.store.get('students', '2026010101'))!.activeAgreementId).toBe(result.id);
    expect((await sys.store.get('offers', 'offer-demo-1'))!).toMatchObject({ state: 'accepted', agreementId: result.id, version: 2 });
    expect((await sys.store.get('offers', 'offer-2'))!.state).toBe('superseded');

    const offerAudit = await sys.auditOf('offer', 'offer-demo-1');
    expect(offerAudit.map((e) => [e.action, e.from, e.to])).toEqual([['create', null, 'open'], ['accept', 'open', 'accepted']]);
    expect(offerAudit[1]!.actor).toEqual({ openid: STUDENT, role: 'student' });
    expect(verifyChain(offerAudit, (await sys.store.get('offers', 'offer-demo-1'))!.auditHead)).toBeNull();

    const outbox = await sys.all('outbox');
    const answered = outbox.filter((m) => m.template === 'offerAnswered');
    expect(answered).toHaveLength(2);
    expect(answered.map((m) => m.data.phrase2).sort()).toEqual(['已失效', '已应约']);
    expect(sys.sender.sent.some((m) => m.templateId === 'demo-tmpl-offer-answered' && m.touser === DEMO_OPENIDS.employer)).toBe(true);
  });

  it('two parallel accepts by one student: exactly one wins', async () => {
    await addOffer(sys, 'offer-2');
    const [a, b] = await Promise.all([
      sys.call(respondOffer, STUDENT, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 }),
      sys.call(respondOffer, STUDENT, { action: 'accept', requestId: rid(), offerId: 'offer-2', version: 1 }),
    ]);
    const wins = [a, b].filter((r) => r.ok);
    const losses = [a, b].filter((r) => !r.ok);
    expect(wins).toHaveLength(1);
    expect(losses).toHaveLength(1);
    expect(losses[0]).toMatchObject({ ok: false });
    expect(['CONFLICT', 'ACTIVE_AGREEMENT_EXISTS', 'INVALID_TRANSITION']).toContain(!losses[0]!.ok && losses[0]!.code);
    expect(await sys.all('agreements')).toHaveLength(1);
    expect((await sys.all('offers')).map((o) => o.state).sort()).toEqual(['accepted', 'superseded']);
  });

  it('a retried requestId returns the first result and writes nothing more', async () => {
    const requestId = rid();
    const first = await sys.ok(respondOffer, STUDENT, { action: 'accept', requestId, offerId: 'offer-demo-1', version: 1 });
    const auditBefore = (await sys.all('audit')).length;
    const outboxBefore = (await sys.all('outbox')).length;
    const again = await sys.ok(respondOffer, STUDENT, { action: 'accept', requestId, offerId: 'offer-demo-1', version: 1 });
    expect(again).toEqual(first);
    expect(await sys.all('agreements')).toHaveLength(1);
    expect((await sys.all('audit')).length).toBe(auditBefore);
    expect((await sys.all('outbox')).length).toBe(outboxBefore);
  });

  it('拒绝 needs a reason, records it, and tells the employer', async () => {
    const missing = await sys.call(respondOffer, STUDENT, { action: 'decline', requestId: rid(), offerId: 'offer-demo-1', version: 1, reason: '  ' });
    expect(missing).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    expect((await sys.store.get('offers', 'offer-demo-1'))!.state).toBe('open');

    const outboxBefore = (await sys.all('outbox')).length;
    await sys.ok(respondOffer, STUDENT, { action: 'decline', requestId: rid(), offerId: 'offer-demo-1', version: 1, reason: '薪资与面谈不一致' });
    const offer = (await sys.store.get('offers', 'offer-demo-1'))!;
    expect(offer).toMatchObject({ state: 'declined', declineReason: '薪资与面谈不一致' });
    const audit = await sys.auditOf('offer', 'offer-demo-1');
    expect(audit[1]).toMatchObject({ action: 'decline', reason: '薪资与面谈不一致', actor: { openid: STUDENT, role: 'student' } });

    // the HR contact who sent the offer is told: the student, 已拒绝 and the reason; nothing else is queued
    const outbox = (await sys.all('outbox')).slice(outboxBefore);
    expect(outbox.map((m) => ({ to: m.to, template: m.template, page: m.page, data: m.data }))).toEqual([
      { to: offer.senderOpenid, template: 'offerAnswered', page: 'pkg/employer/offers/index', data: { name1: '张三', phrase2: '已拒绝', thing3: '薪资与面谈不一致' } },
    ]);
    expect(offer.senderOpenid).toBe(DEMO_OPENIDS.employer);
    expect(sys.sender.sent.filter((m) => m.touser === DEMO_OPENIDS.employer && m.templateId === 'demo-tmpl-offer-answered')).toHaveLength(1);
    // declining locks nothing and creates no agreement
    expect(await sys.all('agreements')).toHaveLength(0);
    expect((await sys.store.get('students', '2026010101'))!.activeAgreementId).toBeNull();
  });

  it('refuses 应约 while the student already holds an agreement: nothing is written, the offer stays open', async () => {
    const first = await sys.ok(respondOffer, STUDENT, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
    const second = await sendOffer(sys, '2026010101', '张三');
    const student = (await sys.store.get('students', '2026010101'))!;
    const auditBefore = (await sys.all('audit')).length;
    const outboxBefore = (await sys.all('outbox')).length;

    expect(await sys.call(respondOffer, STUDENT, { action: 'accept', requestId: rid(), offerId: second, version: 1 })).toMatchObject({ ok: false, code: 'ACTIVE_AGREEMENT_EXISTS' });
    expect((await sys.store.get('offers', second))!).toMatchObject({ state: 'open', version: 1 });
    expect((await sys.all('agreements')).map((a) => a._id)).toEqual([first.id]);
    expect(await sys.store.get('students', '2026010101')).toEqual(student);
    expect((await sys.all('audit')).length).toBe(auditBefore);
    expect((await sys.all('outbox')).length).toBe(outboxBefore);
    // declining it is still allowed
    await sys.ok(respondOffer, STUDENT, { action: 'decline', requestId: rid(), offerId: second, version: 1, reason: '已与其他单位签约' });
  });

  it('应约 audits the agreement’s creation, the lock on the student and each superseded offer, and tells each employer', async () => {
    await addOffer(sys, 'offer-2');
    const result = await sys.ok(respondOffer, STUDENT, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
    const actor = { openid: STUDENT, role: 'student' };
    expect((await sys.auditOf('agreement', result.id)).map((e) => ({ action: e.action, from: e.from, to: e.to, actor: e.actor }))).toEqual([
      { action: 'createFromOffer', from: null, to: 'pendingCollege', actor },
    ]);
    expect((await sys.auditOf('student', '2026010101')).slice(-1)).toMatchObject([{ action: 'lock', from: 'free', to: 'signing', actor }]);
    expect((await sys.auditOf('offer', 'offer-2')).map((e) => [e.action, e.from, e.to])).toEqual([['create', null, 'open'], ['supersede', 'open', 'superseded']]);
    const agreement = (await sys.store.get('agreements', result.id))!;
    expect(agreement).toMatchObject({ origin: 'offer', offerId: 'offer-demo-1', employerId: 'emp-demo', studentOpenid: STUDENT, employerOpenid: DEMO_OPENIDS.employer });

    const answered = (await sys.all('outbox')).filter((m) => m.template === 'offerAnswered');
    const byResult = new Map(answered.map((m) => [m.data.phrase2, m]));
    expect(answered).toHaveLength(2);
    expect(byResult.get('已失效')).toMatchObject({ to: DEMO_OPENIDS.employer, data: { name1: '张三', thing3: '学生已应约其他单位' } });
    expect(byResult.get('已应约')).toMatchObject({ to: DEMO_OPENIDS.employer, data: { name1: '张三', thing3: expect.stringMatching(/^协议待院系审核 /) } });
  });

  it('应约 leaves another offer already past its deadline alone: it is expired, not superseded', async () => {
    await addOffer(sys, 'offer-2');
    const late = (await sys.store.get('offers', 'offer-2'))!;
    await sys.store.put('offers', { ...late, expiresAt: sys.deps.clock().toISOString(), version: late.version + 1 }, late.version);
    await sys.ok(respondOffer, STUDENT, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
    expect((await sys.store.get('offers', 'offer-2'))!).toMatchObject({ state: 'open', version: 2 });
    expect((await sys.all('outbox')).filter((m) => m.template === 'offerAnswered').map((m) => m.data.phrase2)).toEqual(['已应约']);
  });

  it('拒绝 of an offer past its deadline, before the timer marks it, is refused as expired and tells the employer nothing', async () => {
    sys.advance(14 * DAY);
    const before = JSON.stringify([await sys.all('offers'), await sys.all('audit'), await sys.all('outbox')]);
    expect(await sys.call(respondOffer, STUDENT, { action: 'decline', requestId: rid(), offerId: 'offer-demo-1', version: 1, reason: '太晚了' })).toMatchObject({ ok: false, code: 'OFFER_EXPIRED' });
    expect(JSON.stringify([await sys.all('offers'), await sys.all('audit'), await sys.all('outbox')])).toBe(before);
  });

  it('refuses to answer an offer already answered, and a caller who is not a student', async () => {
    await sys.ok(respondOffer, STUDENT, { action: 'decline', requestId: rid(), offerId: 'offer-demo-1', version: 1, reason: '另有打算' });
    expect(await sys.call(respondOffer, STUDENT, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 2 })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(await sys.call(respondOffer, STUDENT, { action: 'decline', requestId: rid(), offerId: 'offer-demo-1', version: 2, reason: '再拒一次' })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(await sys.call(respondOffer, DEMO_OPENIDS.employer, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 2 })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await sys.call(respondOffer, STUDENT, { action: 'accept', requestId: rid(), offerId: 'no-such-offer', version: 1 })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('refuses: stale version, another student, expired offer, no approved source check, unbound caller, bad input', async () => {
    expect(await sys.call(respondOffer, STUDENT, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 7 })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await sys.call(respondOffer, DEMO_OPENIDS.student2, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await sys.call(respondOffer, 'stranger', { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 })).toMatchObject({ ok: false, code: 'NOT_BOUND' });
    expect(await sys.call(respondOffer, '', { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 })).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    const bad = await sys.call(respondOffer, STUDENT, { action: 'accept', offerId: 'offer-demo-1', version: 1 });
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(!bad.ok && bad.issues?.[0]?.path).toBe('requestId');

    sys.advance(15 * DAY);
    expect(await sys.call(respondOffer, STUDENT, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 })).toMatchObject({ ok: false, code: 'OFFER_EXPIRED' });
    expect(await sys.all('agreements')).toHaveLength(0);
    // once the timer has marked it, the answer is the same
    await sys.ok(expireOffers, '', {});
    expect((await sys.store.get('offers', 'offer-demo-1'))!.state).toBe('expired');
    for (const event of [{ action: 'accept' }, { action: 'decline', reason: '太晚了' }]) {
      expect(await sys.call(respondOffer, STUDENT, { ...event, requestId: rid(), offerId: 'offer-demo-1', version: 2 })).toMatchObject({ ok: false, code: 'OFFER_EXPIRED' });
    }
  });

  it('refuses to sign before the source check is approved', async () => {
    const check = (await sys.store.get('checks', 'source:2026010101'))!;
    await sys.store.put('checks', { ...check, state: 'returned', version: check.version + 1 }, check.version);
    expect(await sys.call(respondOffer, STUDENT, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 })).toMatchObject({ ok: false, code: 'SOURCE_CHECK_REQUIRED' });
  });
});

describe('respondOffer at the peak of signing', () => {
  it('eight students accepting at the same moment all sign, with consecutive agreement numbers', async () => {
    const sys = await makeSystem();
    try {
      const students = await Promise.all(Array.from({ length: 8 }, (_, i) => rosterStudent(sys, `20260199${String(i).padStart(2, '0')}`)));
      const offers: string[] = [];
      for (const s of students) {
        await approveSourceCheck(sys, s.studentNo, DEMO_OPENIDS.collegeReviewer);
        offers.push(await sendOffer(sys, s.studentNo, s.name));
      }
      const results = await Promise.all(
        students.map((s, i) => sys.call(respondOffer, s.openid, { action: 'accept', requestId: rid(), offerId: offers[i], version: 1 })),
      );
      expect(results.map((r) => (r.ok ? 'ok' : r.code))).toEqual(Array(8).fill('ok'));
      const numbers = (await sys.all('agreements')).map((a) => a.agreementNo).sort();
      expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => `202610001310000${String(i + 1).padStart(2, '0')}`));
    } finally {
      await sys.close();
    }
  });
});

/** A roster entry, bound through the real bind function. */
async function rosterStudent(sys: TestSystem, studentNo: string): Promise<{ studentNo: string; name: string; openid: string }> {
  const now = sys.deps.clock().toISOString();
  const template = (await sys.store.get('students', '2026010102'))!;
  const entry = touch<StudentDoc>({
    record: 'student', current: null, id: studentNo, action: 'import', actor: { openid: 'admin', role: 'admin' }, now,
    from: null, to: 'imported', patch: { ...template, studentNo, name: `学生${studentNo.slice(-2)}`, openid: null, activeAgreementId: null },
  });
  await sys.store.commit({ writes: [{ collection: 'students', doc: entry.doc, expectedVersion: 0 }], audit: [entry.audit], outbox: [] });
  const openid = `wx-${studentNo}`;
  await sys.ok(bind, openid, { action: 'student', requestId: rid(), studentNo, name: entry.doc.name, idLast6: entry.doc.idNumber.slice(-6) });
  return { studentNo, name: entry.doc.name, openid };
}
