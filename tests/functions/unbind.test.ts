/** 解除绑定: a user who bound the wrong role releases it, audited, and binds again; refused while a record needs them. */
import { bind, BIND_LIMITS } from '../../server/usecases/bind';
import { query } from '../../server/usecases/query';
import { respondOffer } from '../../server/usecases/respondOffer';
import { submitCheck } from '../../server/usecases/submitCheck';
import { review } from '../../server/usecases/review';
import { verifyAudit } from '../../server/app/verifyAudit';
import { issueInvite } from '../../server/domain/binding';
import type { CollectionName } from '../../server/domain/types';
import type { HomeView } from '../../typings';
import { DEMO_EMPLOYER_ID, DEMO_INVITE_CODE, DEMO_OPENIDS } from '../../server/runtime/seed';
import { makeSystem, rid, type TestSystem } from '../support/harness';

const S = DEMO_OPENIDS;
const ZHANG = '2026010101';
const LI = '2026010102';

const unbind = (requestId = rid()) => ({ action: 'unbind', requestId });
const homeOf = async (sys: TestSystem, openid: string): Promise<HomeView> => (await sys.ok(query, openid, { view: 'home' })) as HomeView;

/** Everything but the rate-limit counters, which a refused try writes. */
const WATCHED: CollectionName[] = ['users', 'students', 'checks', 'agreements', 'invites', 'audit', 'outbox'];
const snapshot = async (sys: TestSystem): Promise<string> => JSON.stringify(await Promise.all(WATCHED.map((c) => sys.all(c))));

async function refusal(sys: TestSystem, openid: string, event: unknown): Promise<{ code: string; message: string }> {
  const r = await sys.call(bind, openid, event);
  if (r.ok) throw new Error('expected a refusal');
  return { code: r.code, message: r.message };
}

/** 李四 submits his source check, as the page would. */
async function submitLi(sys: TestSystem): Promise<void> {
  await sys.ok(submitCheck, S.student2, {
    action: 'submit',
    requestId: rid(),
    kind: 'source',
    version: 0,
    fields: { phone: '13900139000', email: 'lisi@example.com', homeAddress: '北京市东城区东华门街道1号' },
  });
}

describe('bind: 解除绑定', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  it('a student releases the binding: both records audited, the roster entry free, the caller unbound', async () => {
    // given 李四, bound, nothing under way
    const before = (await sys.store.get('users', S.student2))!;
    // when he unbinds
    const result = await sys.ok(bind, S.student2, unbind());
    // then the binding is released and both chains say so
    expect(result).toEqual({ role: 'student', unbound: true, studentNo: LI });
    const user = (await sys.store.get('users', S.student2))!;
    expect(user).toMatchObject({ role: 'student', unboundAt: sys.deps.clock().toISOString(), version: before.version + 1 });
    expect(user.studentNo).toBeUndefined();
    expect((await sys.store.get('students', LI))!.openid).toBeNull();
    const userAudit = await sys.auditOf('user', S.student2);
    expect(userAudit.at(-1)).toMatchObject({ action: 'unbind', from: 'student', to: 'unbound', actor: { openid: S.student2, role: 'student' } });
    const rosterAudit = await sys.auditOf('student', LI);
    expect(rosterAudit.at(-1)).toMatchObject({ action: 'unbind', from: 'bound', to: 'imported' });
    expect((await verifyAudit(sys.store)).broken).toEqual([]);
    // and the caller is unbound everywhere
    expect((await homeOf(sys, S.student2)).role).toBeNull();
    expect(await sys.call(query, S.student2, { view: 'check', kind: 'source' })).toMatchObject({ ok: false, code: 'NOT_BOUND' });
    expect(await refusal(sys, S.student2, unbind())).toMatchObject({ code: 'NOT_BOUND' });
  });

  it('then binds again with the right role, continuing the same record; the roster entry takes another WeChat', async () => {
    // given 李四's WeChat was bound to his entry by mistake (it is the college's reviewer's)
    await sys.ok(bind, S.student2, unbind());
    const invite = issueInvite({ code: 'CSREVIEW01', invite: { role: 'collegeReviewer', collegeId: 'cs', expiresAt: '2027-01-01T00:00:00.000Z' }, actor: { openid: 'admin', role: 'admin' }, now: sys.deps.clock().toISOString() });
    await sys.store.commit({ writes: [invite.write], audit: [invite.audit], outbox: [] });
    // when it redeems a reviewer's invite, and 李四 binds from his own WeChat
    expect(await sys.ok(bind, S.student2, { action: 'invite', requestId: rid(), code: 'CSREVIEW01' })).toEqual({ role: 'collegeReviewer', collegeId: 'cs' });
    const last6 = (await sys.store.get('students', LI))!.idNumber.slice(-6);
    expect(await sys.ok(bind, 'wx-li-own', { action: 'student', requestId: rid(), studentNo: LI, name: '李四', idLast6: last6 })).toEqual({ role: 'student', studentNo: LI });
    // then the first WeChat is a reviewer, nothing of the student left on its record, its chain unbroken
    const user = (await sys.store.get('users', S.student2))!;
    expect(user).toMatchObject({ role: 'collegeReviewer', collegeId: 'cs' });
    expect(user.studentNo).toBeUndefined();
    expect(user.unboundAt).toBeUndefined();
    expect((await sys.auditOf('user', S.student2)).map((e) => [e.action, e.from, e.to])).toEqual([
      ['bind', null, 'student'],
      ['unbind', 'student', 'unbound'],
      ['bind', 'unbound', 'collegeReviewer'],
    ]);
    expect((await homeOf(sys, S.student2)).role).toBe('collegeReviewer');
    expect((await sys.store.get('students', LI))!.openid).toBe('wx-li-own');
    expect((await verifyAudit(sys.store)).broken).toEqual([]);
  });

  it('is refused while an agreement is pending or signed: the college and the unit act on it', async () => {
    // given 张三 accepted the demo offer: his agreement waits for the college
    const offer = (await sys.store.get('offers', 'offer-demo-1'))!;
    await sys.ok(respondOffer, S.student, { action: 'accept', requestId: rid(), offerId: offer._id, version: offer.version });
    const before = await snapshot(sys);
    // when he tries to unbind
    const refused = await refusal(sys, S.student, unbind());
    // then he is told why, and nothing changed
    expect(refused.code).toBe('INVALID_TRANSITION');
    expect(refused.message).toBe('您有审核中或签约成功的三方协议，不能解除绑定。如需更换绑定的微信，请联系辅导员。');
    expect(await snapshot(sys)).toBe(before);
    expect((await sys.store.get('students', ZHANG))!.openid).toBe(S.student);
  });

  it('is refused while a check waits for the college; once it is decided, allowed', async () => {
    // given 李四's source check submitted
    await submitLi(sys);
    const before = await snapshot(sys);
    // when he tries to unbind, then he is told to withdraw it or wait
    const refused = await refusal(sys, S.student2, unbind());
    expect(refused).toEqual({ code: 'INVALID_TRANSITION', message: '您的生源核查正在等待院系审核，不能解除绑定。请先撤回，或等审核完成后再解除。' });
    expect(await snapshot(sys)).toBe(before);
    // and once the college approved it, the binding is released; the check stays with the 学号
    const check = (await sys.store.get('checks', `source:${LI}`))!;
    await sys.ok(review, S.collegeReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'check', id: check._id, version: check.version }] });
    expect(await sys.ok(bind, S.student2, unbind())).toMatchObject({ unbound: true });
    expect((await sys.store.get('checks', `source:${LI}`))!.state).toBe('approved');
  });

  it('a reviewer or an HR contact releases theirs; binding again takes a new invite code', async () => {
    expect(await sys.ok(bind, S.collegeReviewer, unbind())).toEqual({ role: 'collegeReviewer', unbound: true });
    expect(await sys.call(query, S.collegeReviewer, { view: 'reviewCounts' })).toMatchObject({ ok: false, code: 'NOT_BOUND' });
    // its scope is gone from the record: no count of the college's reviewers finds it
    expect((await sys.store.get('users', S.collegeReviewer))!.collegeId).toBeUndefined();

    expect(await sys.ok(bind, S.employer, unbind())).toEqual({ role: 'employer', unbound: true });
    // the unit and its records stay
    expect(await sys.store.get('employers', DEMO_EMPLOYER_ID)).not.toBeNull();
    // a new code from the unit's administrator binds the same WeChat again, the record's chain going on
    expect(await sys.ok(bind, S.employer, { action: 'invite', requestId: rid(), code: DEMO_INVITE_CODE })).toMatchObject({ role: 'employer' });
    expect((await sys.auditOf('user', S.employer)).map((e) => e.action)).toEqual(['bind', 'unbind', 'bind']);
    expect((await verifyAudit(sys.store)).broken).toEqual([]);
  });

  it('a retry of the same request gets the same answer and changes nothing more', async () => {
    const requestId = rid();
    const first = await sys.ok(bind, S.student2, unbind(requestId));
    const after = await snapshot(sys);
    expect(await sys.ok(bind, S.student2, unbind(requestId))).toEqual(first);
    expect(await snapshot(sys)).toBe(after);
  });

  it(`is rate-limited like binding: ${BIND_LIMITS.unbind.max} tries a day, refused ones counted`, async () => {
    // given a student whose check waits, so every try is refused
    await submitLi(sys);
    for (let i = 0; i < BIND_LIMITS.unbind.max; i++) expect((await refusal(sys, S.student2, unbind())).code).toBe('INVALID_TRANSITION');
    // when he tries once more, then the limit answers
    expect((await refusal(sys, S.student2, unbind())).code).toBe('RATE_LIMITED');
    // and a day later he may try again
    sys.advance(BIND_LIMITS.unbind.windowMs);
    expect((await refusal(sys, S.student2, unbind())).code).toBe('INVALID_TRANSITION');
  });

  it('identity is the platform\'s: a caller without an openid is refused, and the body names no one', async () => {
    expect(await sys.call(bind, '', unbind())).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    // a 学号 in the body is no part of the event: the caller's own binding is released, never the one named
    expect(await sys.ok(bind, S.student2, { ...unbind(), studentNo: ZHANG })).toMatchObject({ studentNo: LI, unbound: true });
    expect((await sys.store.get('students', ZHANG))!.openid).toBe(S.student);
    expect((await homeOf(sys, S.student)).role).toBe('student');
  });
});
