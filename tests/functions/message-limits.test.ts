/**
 * Every subscription message the functions send fits WeChat's keyword rules as sent, not only as cut: a thing at most
 * 20 characters, a name 10, a phrase 5 Chinese characters, a time in the glossary's form. A thing that names a time
 * keeps the whole time (the year goes first, not the minutes). December 12th at 10:00 is the longest date there is.
 */
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { PURPOSES } from '../../server/domain/messages';
import { respondOffer } from '../../server/usecases/respondOffer';
import { review } from '../../server/usecases/review';
import { accept, approve, approveSourceCheck, sendOffer, terminate, TERMS } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';

const LONGEST_DATE = '2026-12-12T02:00:00.000Z';
const LIMITS: Record<string, number> = { thing: 20, name: 10, phrase: 5 };
const TIME = /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/;

describe('subscription message values fit their keywords', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await makeSystem({ now: LONGEST_DATE });
  });
  afterAll(() => sys.close());

  it('given the flows that notify (offer, 应约, 拒绝 with a long reason, reviews, 解约), then every value is within its rules', async () => {
    // 张三 应约 (offerAnswered with the time), both reviews pass (reviewResult), then 解约
    const signed = await approve(sys, await accept(sys, DEMO_OPENIDS.student, 'offer-demo-1'));
    await terminate(sys, signed);
    // 李四: an offer with a long job title, 拒绝 with the longest reason the schema takes
    await approveSourceCheck(sys, '2026010102', DEMO_OPENIDS.collegeReviewer);
    const offer = await sendOffer(sys, '2026010102', '李四', { ...TERMS, job: { ...TERMS.job, title: '岗'.repeat(50) } });
    await sys.ok(respondOffer, DEMO_OPENIDS.student2, { action: 'decline', requestId: rid(), offerId: offer, version: 1, reason: '因'.repeat(500) });
    // a second offer to 李四, 应约, and 退回 by the college with a long reason
    const second = await sendOffer(sys, '2026010102', '李四');
    const a = await accept(sys, DEMO_OPENIDS.student2, second);
    await sys.ok(review, DEMO_OPENIDS.collegeReviewer, { requestId: rid(), decision: 'return', reason: '请'.repeat(500), items: [{ record: 'agreement', id: a._id, version: a.version }] });

    const outbox = await sys.all('outbox');
    const purposes = new Set(outbox.map((m) => m.template));
    expect([...purposes].sort()).toEqual(expect.arrayContaining(['offerAnswered', 'offerReceived', 'reviewResult']));
    for (const m of outbox) {
      expect(Object.keys(m.data)).toEqual(PURPOSES[m.template as keyof typeof PURPOSES]);
      for (const [key, value] of Object.entries(m.data)) {
        const kind = key.replace(/\d+$/, '');
        const where = `${m.template}.${key} = ${value}`;
        if (kind === 'time') expect({ where, time: TIME.test(value) }).toEqual({ where, time: true });
        else expect({ where, fits: [...value].length <= LIMITS[kind]! }).toEqual({ where, fits: true });
        if (kind === 'phrase') expect({ where, chinese: /^[\u4e00-\u9fff]+$/.test(value) }).toEqual({ where, chinese: true });
        // a time inside a thing is whole: never cut into its digits
        if (kind === 'thing' && /\d月/.test(value)) expect({ where, whole: /\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/.test(value) }).toEqual({ where, whole: true });
      }
    }
    const answered = outbox.find((m) => m.template === 'offerAnswered' && m.data.phrase2 === '已应约');
    expect(answered?.data.thing3).toBe('协议待院系审核 12月12日 10:00');
  });
});
