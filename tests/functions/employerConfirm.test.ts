import { employerConfirm } from '../../server/usecases/employerConfirm';
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { query } from '../../server/usecases/query';
import { verifyChain } from '../../server/domain/audit';
import { CONFIRM_LINK_LIMITS, confirmLinkId } from '../../server/domain/confirmLink';
import type { AgreementDoc, CollectionName } from '../../server/domain/types';
import { DEMO_EMPLOYER_ID, DEMO_OPENIDS } from '../../server/runtime/seed';
import type { ConfirmLinkIssued, ConfirmLinkView, EmployerAgreementView, EmployerAgreementsView, Mutated } from '../../typings';
import { initiationDraft } from '../support/agreements';
import { DAY, makeSystem, rid, type TestSystem } from '../support/harness';

const ZHANG = DEMO_OPENIDS.student;
const UNIT = DEMO_OPENIDS.employer;
/** the HR person of a unit that never registered: a WeChat the school does not know */
const HR = 'wechat-hr-of-a-small-unit';

const MANUAL = {
  name: '北京示例数据有限公司',
  uscc: '91350100M000100Y43',
  nature: '39',
  industry: '65',
  region: '110108',
  address: '北京市海淀区中关村大街1号',
  contactName: '刘女士',
  contactPhone: '010-62345678',
};

/** What an answer may change: a refused one must leave every one of these as it was. */
const WATCHED: CollectionName[] = ['agreements', 'confirmLinks', 'students', 'audit', 'outbox', 'requests'];
const dump = async (sys: TestSystem): Promise<string> => JSON.stringify(await Promise.all(WATCHED.map((c) => sys.all(c))));

async function submit(sys: TestSystem, employer: object = { employerId: DEMO_EMPLOYER_ID }): Promise<AgreementDoc> {
  const proof = await sys.upload(ZHANG, `offer-letter-${rid()}.jpg`);
  const r = await sys.ok(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: initiationDraft([proof], { employer }) });
  return (await sys.store.get('agreements', r.id))!;
}

const tokenOf = (issued: ConfirmLinkIssued): string => issued.path.split('t=')[1]!;
const issue = (sys: TestSystem, a: AgreementDoc) =>
  sys.ok(employerConfirm, ZHANG, { action: 'issueLink', requestId: rid(), agreementId: a._id }) as Promise<ConfirmLinkIssued>;
const answer = (token: string, a: AgreementDoc, extra: object = {}) => ({
  action: 'confirmByLink', requestId: rid(), token, agreementId: a._id, uscc: MANUAL.uscc, name: '刘芳', phone: '13912340000', ...extra,
});

describe('employerConfirm: the unit confirms a student-initiated agreement', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem({ settings: { employerConfirmation: true } });
  });
  afterEach(() => sys.close());

  it('with the setting off, 发起签约 goes to college review as the manual says, and nothing is asked of the unit', async () => {
    const manual = await makeSystem();
    try {
      const proof = await manual.upload(ZHANG, 'offer-letter.jpg');
      const r = await manual.ok(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: initiationDraft([proof]) });
      expect(r).toMatchObject({ state: 'pendingCollege' });
      expect((await manual.all('outbox')).filter((m) => m.to === UNIT)).toEqual([]);
    } finally {
      await manual.close();
    }
  });

  it('with it on, the submission waits for the library unit, whose HR is told by subscription message', async () => {
    const a = await submit(sys);
    expect(a).toMatchObject({ state: 'pendingEmployer', agreementNo: expect.any(String) });
    expect((await sys.auditOf('agreement', a._id)).map((e) => e.action)).toEqual(['submitToEmployer']);
    const told = (await sys.all('outbox')).filter((m) => m.to === UNIT);
    expect(told).toEqual([expect.objectContaining({ template: 'reviewResult', page: `pkg/employer/agreement/index?id=${a._id}` })]);
    expect(told[0]!.data).toMatchObject({ thing1: '张三的三方协议', phrase2: '待确认' });
    // the student holds the lock while the unit decides, as during review
    expect((await sys.store.get('students', '2026010101'))!.activeAgreementId).toBe(a._id);
  });

  it('the certified unit confirms in its tab: on to college review, who and when on the agreement and in its audit entry, the student told', async () => {
    const a = await submit(sys);
    const done = (await sys.ok(employerConfirm, UNIT, { action: 'confirm', requestId: rid(), agreementId: a._id, version: a.version })) as Mutated;
    expect(done).toEqual({ record: 'agreement', id: a._id, state: 'pendingCollege', version: a.version + 1 });
    const after = (await sys.store.get('agreements', a._id))!;
    expect(after.confirmation).toMatchObject({ decision: 'confirm', via: 'account', openid: UNIT, role: 'employer', name: '陈经理', at: sys.deps.clock().toISOString() });
    expect(after.employerOpenid).toBe(UNIT);
    const entries = await sys.auditOf('agreement', a._id);
    expect(entries.at(-1)).toMatchObject({ action: 'employerConfirm', from: 'pendingEmployer', to: 'pendingCollege', actor: { openid: UNIT, role: 'employer' }, party: after.confirmation });
    expect(verifyChain(entries, after.auditHead)).toBeNull();
    const toStudent = (await sys.all('outbox')).filter((m) => m.to === ZHANG);
    expect(toStudent.at(-1)).toMatchObject({ page: `pkg/agreement/index?id=${a._id}`, data: expect.objectContaining({ thing1: '三方协议单位确认', phrase2: '已确认' }) });
  });

  it('a refusal needs a reason (refused naming it, nothing changed); with one, the agreement goes back to the student with it', async () => {
    const a = await submit(sys);
    const before = await dump(sys);
    const bare = await sys.call(employerConfirm, UNIT, { action: 'refuse', requestId: rid(), agreementId: a._id, version: a.version, reason: '  ' });
    expect(bare).toMatchObject({ ok: false, code: 'REASON_REQUIRED', message: '拒绝时请填写原因', issues: [{ path: 'reason', message: '请填写拒绝原因' }] });
    expect(await dump(sys)).toBe(before);

    const r = await sys.ok(employerConfirm, UNIT, { action: 'refuse', requestId: rid(), agreementId: a._id, version: a.version, reason: '岗位已招满' });
    expect(r).toMatchObject({ state: 'returned' });
    const after = (await sys.store.get('agreements', a._id))!;
    expect(after).toMatchObject({ returnReason: '岗位已招满', returnedAt: 'employer', confirmation: { decision: 'refuse', reason: '岗位已招满' } });
    expect((await sys.auditOf('agreement', a._id)).at(-1)).toMatchObject({ action: 'employerRefuse', reason: '岗位已招满' });
    const shown = await sys.ok(query, ZHANG, { view: 'agreement', id: a._id });
    expect(shown).toMatchObject({ state: 'returned', returnedAt: 'employer', returnReason: '岗位已招满', confirmation: { decision: 'refuse', via: 'account', maskedPhone: '139****5678' } });
  });

  it('a unit that is not the agreement’s is refused naming the agreement, and nothing changes', async () => {
    const a = await submit(sys, { manual: MANUAL });
    const before = await dump(sys);
    const r = await sys.call(employerConfirm, UNIT, { action: 'confirm', requestId: rid(), agreementId: a._id, version: a.version });
    expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '该协议的用人单位不是您的单位，不能确认或拒绝', issues: [{ path: 'agreementId' }] });
    // nor does it see the agreement in its list or open it
    expect(((await sys.ok(query, UNIT, { view: 'employerAgreements' })) as EmployerAgreementsView).items.map((i) => i.id)).not.toContain(a._id);
    expect(await sys.call(query, UNIT, { view: 'employerAgreement', id: a._id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await dump(sys)).toBe(before);
  });

  describe('through a confirmation link (a unit that never registered)', () => {
    it('the student draws a link (path, scene, QR image); the store keeps only its hash', async () => {
      const a = await submit(sys, { manual: MANUAL });
      expect(await sys.ok(query, ZHANG, { view: 'agreement', id: a._id })).toMatchObject({ canInviteUnit: true });
      const issued = await issue(sys, a);
      const token = tokenOf(issued);
      expect(issued).toEqual({
        path: `pkg/confirm/index?t=${token}`,
        scene: `t=${token}`,
        expiresAt: new Date(sys.deps.clock().getTime() + 7 * DAY).toISOString(),
        qrDataUrl: expect.stringMatching(/^data:image\/png;base64,/),
      });
      expect(token.length).toBeGreaterThanOrEqual(28);
      const everything = JSON.stringify(await Promise.all((['agreements', 'confirmLinks', 'audit', 'requests', 'outbox'] as const).map((c) => sys.all(c))));
      expect(everything).not.toContain(token);
      expect(await sys.store.get('confirmLinks', confirmLinkId(token))).toMatchObject({ purpose: 'confirm', agreementId: a._id, issuedBy: ZHANG, usedBy: null });
      expect((await sys.store.get('agreements', a._id))!.confirmLinkId).toBe(confirmLinkId(token));
      expect((await sys.auditOf('confirmLink', confirmLinkId(token))).map((e) => [e.action, e.to])).toEqual([['issueLink', 'issued']]);
    });

    it('the HR person opens it, sees the agreement without the credit code, and confirms with the code, name and phone', async () => {
      const a = await submit(sys, { manual: MANUAL });
      const token = tokenOf(await issue(sys, a));
      const view = (await sys.ok(query, HR, { view: 'confirmLink', token })) as ConfirmLinkView;
      expect(view).toMatchObject({ agreementId: a._id, studentName: '张三', employerName: MANUAL.name, employerContact: '刘女士', terms: { job: { title: '数据分析师' } } });
      expect(JSON.stringify(view)).not.toContain(MANUAL.uscc);

      const r = await sys.ok(employerConfirm, HR, answer(token, a, { uscc: MANUAL.uscc.toLowerCase() }));
      expect(r).toMatchObject({ state: 'pendingCollege' });
      const after = (await sys.store.get('agreements', a._id))!;
      const at = sys.deps.clock().toISOString();
      expect(after.confirmation).toEqual({ decision: 'confirm', via: 'link', openid: HR, role: 'employer', name: '刘芳', phone: '13912340000', uscc: MANUAL.uscc, at });
      // who answered is the unit's contact from now on: told of the school's decisions
      expect(after.employerOpenid).toBe(HR);
      expect((await sys.auditOf('agreement', a._id)).at(-1)).toMatchObject({ action: 'employerConfirm', actor: { openid: HR, role: 'employer' }, party: after.confirmation, at });
      expect(await sys.store.get('confirmLinks', confirmLinkId(token))).toMatchObject({ usedBy: HR, usedAt: at });
      expect((await sys.auditOf('confirmLink', confirmLinkId(token))).map((e) => [e.action, e.to])).toEqual([['issueLink', 'issued'], ['answerLink', 'confirm']]);
      expect((await sys.all('outbox')).filter((m) => m.to === ZHANG).at(-1)).toMatchObject({ data: expect.objectContaining({ phrase2: '已确认' }) });
    });

    it('a wrong credit code is refused naming the field, nothing changes and the link still works', async () => {
      const a = await submit(sys, { manual: MANUAL });
      const token = tokenOf(await issue(sys, a));
      const before = await dump(sys);
      const wrong = await sys.call(employerConfirm, HR, answer(token, a, { uscc: '91440300MA5D8K2P1X' }));
      expect(wrong).toMatchObject({ ok: false, issues: [{ path: 'uscc' }] });
      // a real code, of another unit (the demo unit's)
      const another = (await sys.store.get('employers', DEMO_EMPLOYER_ID))!.uscc;
      const other = await sys.call(employerConfirm, HR, answer(token, a, { uscc: another }));
      expect(other).toMatchObject({ ok: false, code: 'USCC_MISMATCH', issues: [{ path: 'uscc', message: '统一社会信用代码与协议中的单位不一致' }] });
      const fields = await sys.call(employerConfirm, HR, answer(token, a, { name: ' ', phone: '123' }));
      expect(fields).toMatchObject({ ok: false, code: 'INVALID_INPUT', issues: [{ path: 'name', message: '请填写姓名' }, { path: 'phone', message: '联系电话格式不正确' }] });
      expect(await dump(sys)).toBe(before);
      await sys.ok(employerConfirm, HR, answer(token, a));
    });

    it('a refusal through the link needs a reason; with one the student gets the agreement back', async () => {
      const a = await submit(sys, { manual: MANUAL });
      const token = tokenOf(await issue(sys, a));
      const before = await dump(sys);
      const bare = await sys.call(employerConfirm, HR, answer(token, a, { action: 'refuseByLink', reason: '' }));
      expect(bare).toMatchObject({ ok: false, code: 'REASON_REQUIRED', issues: [{ path: 'reason', message: '请填写拒绝原因' }] });
      expect(await dump(sys)).toBe(before);
      await sys.ok(employerConfirm, HR, answer(token, a, { action: 'refuseByLink', reason: '我单位未录用该生' }));
      expect(await sys.store.get('agreements', a._id)).toMatchObject({ state: 'returned', returnedAt: 'employer', returnReason: '我单位未录用该生', confirmation: { via: 'link', decision: 'refuse', name: '刘芳' } });
      expect((await sys.auditOf('confirmLink', confirmLinkId(token))).at(-1)).toMatchObject({ action: 'answerLink', to: 'refuse', actor: { openid: HR } });
    });

    it('a used link is refused, to view and to answer, and nothing changes', async () => {
      const a = await submit(sys, { manual: MANUAL });
      const token = tokenOf(await issue(sys, a));
      await sys.ok(employerConfirm, HR, answer(token, a));
      const before = await dump(sys);
      expect(await sys.call(employerConfirm, 'someone-else', answer(token, a))).toMatchObject({ ok: false, code: 'CONFIRM_LINK_USED', message: '该确认链接已使用过，不能再次确认' });
      expect(await sys.call(query, HR, { view: 'confirmLink', token })).toMatchObject({ ok: false, code: 'CONFIRM_LINK_USED' });
      expect(await dump(sys)).toBe(before);
    });

    it('a link expires after the school’s confirmLinkTtlDays; a link the student replaced is dead at once', async () => {
      const short = await makeSystem({ settings: { employerConfirmation: true, confirmLinkTtlDays: 3 } });
      try {
        const proof = await short.upload(ZHANG, 'offer-letter.jpg');
        const r = await short.ok(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: initiationDraft([proof], { employer: { manual: MANUAL } }) });
        const a = (await short.store.get('agreements', r.id))!;
        const token = tokenOf(await issue(short, a));
        short.advance(3 * DAY - 1000);
        expect(await short.call(query, HR, { view: 'confirmLink', token })).toMatchObject({ ok: true });
        short.advance(1000);
        const before = await dump(short);
        expect(await short.call(employerConfirm, HR, answer(token, a))).toMatchObject({ ok: false, code: 'CONFIRM_LINK_EXPIRED', message: '确认链接已过期，请向学生索取新的确认链接' });
        expect(await dump(short)).toBe(before);
      } finally {
        await short.close();
      }

      const a = await submit(sys, { manual: MANUAL });
      const first = tokenOf(await issue(sys, a));
      const second = tokenOf(await issue(sys, (await sys.store.get('agreements', a._id))!));
      expect(await sys.call(employerConfirm, HR, answer(first, a))).toMatchObject({ ok: false, code: 'CONFIRM_LINK_USED' });
      expect(await sys.call(employerConfirm, HR, answer(second, a))).toMatchObject({ ok: true });
    });

    it('an unknown token, another agreement’s link, and a link of an agreement the student withdrew are refused', async () => {
      const a = await submit(sys, { manual: MANUAL });
      const token = tokenOf(await issue(sys, a));
      expect(await sys.call(query, HR, { view: 'confirmLink', token: 'A'.repeat(28) })).toMatchObject({ ok: false, code: 'CONFIRM_LINK_UNKNOWN' });
      expect(await sys.call(employerConfirm, HR, { ...answer(token, a), agreementId: 'another-agreement' })).toMatchObject({ ok: false, code: 'CONFIRM_LINK_OTHER_AGREEMENT' });
      const current = (await sys.store.get('agreements', a._id))!;
      await sys.ok(initiateSigning, ZHANG, { action: 'withdraw', requestId: rid(), agreementId: a._id, version: current.version });
      // withdrawn, the agreement no longer waits: its link is as good as used
      expect(await sys.call(employerConfirm, HR, answer(token, a))).toMatchObject({ ok: false, code: 'CONFIRM_LINK_USED' });
      expect(await sys.call(query, HR, { view: 'confirmLink', token })).toMatchObject({ ok: false, code: 'CONFIRM_LINK_USED' });
    });

    it('only the agreement’s student draws a link, and only while it waits for the unit', async () => {
      const a = await submit(sys, { manual: MANUAL });
      expect(await sys.call(employerConfirm, DEMO_OPENIDS.student2, { action: 'issueLink', requestId: rid(), agreementId: a._id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      expect(await sys.call(employerConfirm, UNIT, { action: 'issueLink', requestId: rid(), agreementId: a._id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      const token = tokenOf(await issue(sys, a));
      await sys.ok(employerConfirm, HR, answer(token, a));
      const r = await sys.call(employerConfirm, ZHANG, { action: 'issueLink', requestId: rid(), agreementId: a._id });
      expect(r).toMatchObject({ ok: false, code: 'INVALID_TRANSITION', message: '协议等待单位确认时才能邀请单位确认' });
    });

    it('guessing is counted: a WeChat user gets 20 looks an hour, refused ones included', async () => {
      const max = CONFIRM_LINK_LIMITS.perCaller.max;
      for (let i = 0; i < max; i++) {
        expect(await sys.call(query, 'guesser', { view: 'confirmLink', token: `${'B'.repeat(27)}${i % 10}` })).toMatchObject({ ok: false, code: 'CONFIRM_LINK_UNKNOWN' });
      }
      expect(await sys.call(query, 'guesser', { view: 'confirmLink', token: 'C'.repeat(28) })).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
      sys.advance(CONFIRM_LINK_LIMITS.perCaller.windowMs);
      expect(await sys.call(query, 'guesser', { view: 'confirmLink', token: 'C'.repeat(28) })).toMatchObject({ ok: false, code: 'CONFIRM_LINK_UNKNOWN' });
    });
  });

  describe('the unit’s tab: its agreements and one of them', () => {
    it('lists every agreement of the unit with its standing and what the unit must do now; the detail says what it may do', async () => {
      const a = await submit(sys);
      const list = (await sys.ok(query, UNIT, { view: 'employerAgreements' })) as EmployerAgreementsView;
      expect(list.items).toEqual([expect.objectContaining({ id: a._id, state: 'pendingEmployer', studentName: '张三', studentNo: '2026010101', todo: '请确认协议' })]);
      expect(list.counts).toEqual({ pendingEmployer: 1 });
      expect(list.consentsWaiting).toBe(0);
      const detail = (await sys.ok(query, UNIT, { view: 'employerAgreement', id: a._id })) as EmployerAgreementView;
      expect(detail).toMatchObject({ canConfirm: true, canSeal: false, canTerminate: false, todo: '请确认协议', agreement: { id: a._id, state: 'pendingEmployer', proofFiles: [] } });

      await sys.ok(employerConfirm, UNIT, { action: 'confirm', requestId: rid(), agreementId: a._id, version: a.version });
      const waiting = (await sys.ok(query, UNIT, { view: 'employerAgreements', state: 'pendingEmployer' })) as EmployerAgreementsView;
      expect(waiting.items).toEqual([]);
      const college = (await sys.ok(query, UNIT, { view: 'employerAgreements', state: 'pendingCollege' })) as EmployerAgreementsView;
      expect(college.items.map((i) => [i.id, i.todo])).toEqual([[a._id, undefined]]);
      expect(college.counts).toEqual({ pendingCollege: 1 });
      expect(await sys.ok(query, UNIT, { view: 'employerAgreement', id: a._id })).toMatchObject({ canConfirm: false, agreement: { confirmation: { decision: 'confirm', via: 'account', name: '陈经理' } } });
    });

    it('a state that is not an agreement’s is refused naming the field; other roles are refused', async () => {
      expect(await sys.call(query, UNIT, { view: 'employerAgreements', state: 'draft' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', issues: [{ path: 'state' }] });
      expect(await sys.call(query, ZHANG, { view: 'employerAgreements' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await sys.call(query, ZHANG, { view: 'employerAgreement', id: 'x' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    });
  });
});
