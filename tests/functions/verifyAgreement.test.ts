import { verifyAgreement, VERIFY_LIMIT } from '../../server/usecases/verifyAgreement';
import { verificationCode } from '../../server/domain/document';
import { VERIFY_MESSAGES } from '../../server/domain/verification';
import type { AgreementDoc } from '../../server/domain/types';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { accept, approve, approveSourceCheck, sendOffer, signedDemoAgreement, terminate } from '../support/agreements';
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { review } from '../../server/usecases/review';
import { makeSystem, rid, type TestSystem } from '../support/harness';

const SCANNER = 'someone-with-a-phone';

describe('verifyAgreement', () => {
  let sys: TestSystem;
  let signed: AgreementDoc;
  let code: string;
  beforeEach(async () => {
    sys = await makeSystem();
    signed = await signedDemoAgreement(sys);
    code = verificationCode(signed);
  });
  afterEach(() => sys.close());

  it('a signed agreement with its printed code: genuine, parties masked, nothing private', async () => {
    const answer = await sys.ok(verifyAgreement, SCANNER, { agreementNo: signed.agreementNo, code });
    expect(answer).toEqual({
      found: true,
      agreementNo: '20261000131000001',
      state: 'signed',
      stateLabel: '签约成功',
      signedAt: signed.signedAt,
      student: { name: '张*', studentNo: '******0101', collegeName: '计算机学院' },
      employer: { name: '深圳示例科技有限公司' },
      schoolName: '示例大学',
      codeMatches: true,
      message: '该协议真实有效，签约成功',
    });
    const said = JSON.stringify(answer);
    const { student, employer, job } = signed.content;
    for (const secret of [signed._id, student.phone, student.idNumberMasked, student.name, student.studentNo, String(job.monthlySalary), employer.contactPhone, employer.uscc, signed.studentOpenid]) {
      expect(said).not.toContain(secret);
    }
  });

  it('the code may be typed in lower case, without dashes or with spaces', async () => {
    const typed = code.toLowerCase().replace(/-/g, ' ');
    expect(await sys.ok(verifyAgreement, SCANNER, { agreementNo: ` ${signed.agreementNo} `, code: typed })).toMatchObject({ found: true, codeMatches: true });
  });

  it('a wrong code: the file may have been altered', async () => {
    const wrong = code.replace(/^./, code[0] === 'A' ? 'B' : 'A');
    const answer = await sys.ok(verifyAgreement, SCANNER, { agreementNo: signed.agreementNo, code: wrong });
    expect(answer).toMatchObject({ found: true, state: 'signed', codeMatches: false, message: '校验码与协议当前内容不一致，文件可能被篡改' });
  });

  it('content changed after printing no longer matches the printed code', async () => {
    const altered = { ...signed, version: signed.version + 1, content: { ...signed.content, job: { ...signed.content.job, monthlySalary: 30000 } } };
    await sys.store.put('agreements', altered, signed.version);
    expect(await sys.ok(verifyAgreement, SCANNER, { agreementNo: signed.agreementNo, code })).toMatchObject({ codeMatches: false, message: VERIFY_MESSAGES.tampered });
  });

  it('without a code: found, and codeMatches is null', async () => {
    for (const event of [{ agreementNo: signed.agreementNo }, { agreementNo: signed.agreementNo, code: '' }]) {
      expect(await sys.ok(verifyAgreement, SCANNER, event)).toMatchObject({ found: true, codeMatches: null, message: VERIFY_MESSAGES.signedNoCode });
    }
  });

  it('a terminated agreement is reported as terminated, with the date', async () => {
    sys.advance(86_400_000);
    const ended = await terminate(sys, signed);
    const answer = await sys.ok(verifyAgreement, SCANNER, { agreementNo: signed.agreementNo, code });
    expect(answer).toMatchObject({
      found: true,
      state: 'terminated',
      stateLabel: '已解约',
      signedAt: signed.signedAt,
      terminatedAt: ended.updatedAt,
      codeMatches: true,
      message: '该协议已解约，不再有效',
    });
    expect(ended.updatedAt > signed.signedAt!).toBe(true);
    expect(await sys.ok(verifyAgreement, SCANNER, { agreementNo: signed.agreementNo, code: '0000-0000-0000-0000' })).toMatchObject({ codeMatches: false, message: VERIFY_MESSAGES.terminatedTampered });
  });

  it('an unknown number and an agreement still under review are not found', async () => {
    expect(await sys.ok(verifyAgreement, SCANNER, { agreementNo: '20261000131999999', code })).toEqual({
      found: false, agreementNo: '20261000131999999', stateLabel: '未找到', schoolName: '示例大学', codeMatches: null, message: '未找到该编号的协议，请核对协议编号',
    });
    await approveSourceCheck(sys, '2026010102', DEMO_OPENIDS.collegeReviewer);
    const pending = await accept(sys, DEMO_OPENIDS.student2, await sendOffer(sys, '2026010102', '李四'));
    expect(pending.state).toBe('pendingCollege');
    expect(await sys.ok(verifyAgreement, SCANNER, { agreementNo: pending.agreementNo, code: verificationCode(pending) })).toMatchObject({ found: false, codeMatches: null });
  });

  it('a returned agreement, and one cancelled after its return, were never signed: not found, though numbered', async () => {
    await approveSourceCheck(sys, '2026010102', DEMO_OPENIDS.collegeReviewer);
    const pending = await accept(sys, DEMO_OPENIDS.student2, await sendOffer(sys, '2026010102', '李四'));
    await sys.ok(review, DEMO_OPENIDS.collegeReviewer, { requestId: rid(), decision: 'return', reason: '岗位信息不完整', items: [{ record: 'agreement', id: pending._id, version: 1 }] });
    const ask = () => sys.ok(verifyAgreement, SCANNER, { agreementNo: pending.agreementNo, code: verificationCode(pending) });
    expect(await ask()).toMatchObject({ found: false, stateLabel: '未找到', codeMatches: null, message: VERIFY_MESSAGES.notFound });
    await sys.ok(initiateSigning, DEMO_OPENIDS.student2, { action: 'cancel', requestId: rid(), agreementId: pending._id, version: 2 });
    const cancelled = (await sys.store.get('agreements', pending._id))!;
    expect(cancelled).toMatchObject({ state: 'cancelled', agreementNo: pending.agreementNo });
    expect(await ask()).toMatchObject({ found: false, codeMatches: null, message: VERIFY_MESSAGES.notFound });
  });

  it('anyone may ask, bound or not, even without an openid', async () => {
    for (const openid of ['', 'never-bound', DEMO_OPENIDS.student2, DEMO_OPENIDS.employer]) {
      expect(await sys.ok(verifyAgreement, openid, { agreementNo: signed.agreementNo, code })).toMatchObject({ found: true, codeMatches: true });
    }
  });

  it('refuses input that cannot be a number or a code', async () => {
    expect(await sys.call(verifyAgreement, SCANNER, {})).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '请输入协议编号' });
    expect(await sys.call(verifyAgreement, SCANNER, { agreementNo: '2026-1000' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(await sys.call(verifyAgreement, SCANNER, { agreementNo: signed.agreementNo, code: 'XYZ' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '校验码为16位数字或字母（A–F），请核对' });
  });

  it(`allows ${VERIFY_LIMIT.max} lookups a minute per caller, refuses the next, and counts afresh in the next minute`, async () => {
    sys.setNow('2026-03-10T08:00:00.000Z');
    const ask = (openid: string) => sys.call(verifyAgreement, openid, { agreementNo: signed.agreementNo });
    for (let i = 0; i < 30; i++) expect((await ask(SCANNER)).ok).toBe(true);
    sys.advance(59_000);
    expect(await ask(SCANNER)).toEqual({ ok: false, code: 'RATE_LIMITED', message: '操作过于频繁，请稍后再试' });
    // another caller has a bucket of its own; callers the platform names neither an openid nor an address for share one
    expect((await ask('another-phone')).ok).toBe(true);
    for (let i = 0; i < 30; i++) expect((await ask('')).ok).toBe(true);
    expect(await ask('')).toMatchObject({ ok: false, code: 'RATE_LIMITED' });

    sys.advance(1_000);
    expect((await ask(SCANNER)).ok).toBe(true);
    expect((await ask('')).ok).toBe(true);
    expect(await sys.store.get('ratelimits', `verify:${SCANNER}`)).toMatchObject({ window: Math.floor(Date.parse('2026-03-10T08:01:00.000Z') / 60_000), count: 1 });
    // one counter per caller, reused from window to window (beside the ceiling's shards)
    expect((await sys.all('ratelimits')).filter((r) => r._id.startsWith(`${VERIFY_LIMIT.name}:`))).toHaveLength(3);
  });

  it('concurrent lookups of one caller are all counted: no more than the limit pass', async () => {
    sys.setNow('2026-03-10T09:00:00.000Z');
    const answers = await Promise.all(Array.from({ length: 40 }, () => sys.call(verifyAgreement, SCANNER, { agreementNo: signed.agreementNo })));
    expect(answers.filter((a) => a.ok).length).toBeLessThanOrEqual(30);
    expect(answers.filter((a) => !a.ok).every((a) => !a.ok && a.code === 'RATE_LIMITED')).toBe(true);
    expect(answers.filter((a) => a.ok).length).toBeGreaterThan(0);
  });
});

describe('agreement numbers (assigned at creation by numbering.ts)', () => {
  it('are unique, gap-free in order of creation, and never reused after a termination', async () => {
    const sys = await makeSystem();
    try {
      const first = await signedDemoAgreement(sys);
      await approveSourceCheck(sys, '2026010102', DEMO_OPENIDS.collegeReviewer);
      const li = await accept(sys, DEMO_OPENIDS.student2, await sendOffer(sys, '2026010102', '李四'));
      await terminate(sys, first);
      // 张三 is free to sign again after the termination; his new agreement gets a new number
      const again = await approve(sys, await accept(sys, DEMO_OPENIDS.student, await sendOffer(sys, '2026010101', '张三')));

      const numbers = [first, li, again].map((a) => a.agreementNo);
      expect(numbers).toEqual(['20261000131000001', '20261000131000002', '20261000131000003']);
      const all = await sys.all('agreements');
      expect(all).toHaveLength(3);
      expect(new Set(all.map((a) => a.agreementNo)).size).toBe(3);
      expect((await sys.store.get('agreements', first._id))).toMatchObject({ state: 'terminated', agreementNo: '20261000131000001' });
      expect((await sys.store.get('counters', 'agreementNo:2026'))!.value).toBe(3);

      // each number verifies as its own agreement
      const verdicts = await Promise.all(numbers.map((no) => sys.ok(verifyAgreement, 'checker', { agreementNo: no })));
      expect(verdicts.map((v) => [v.found, v.state])).toEqual([[true, 'terminated'], [false, undefined], [true, 'signed']]);
    } finally {
      await sys.close();
    }
  });
});
