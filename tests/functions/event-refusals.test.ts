/**
 * A malformed event (a key left out, a value of the wrong type) is refused like any other input: INVALID_INPUT with a
 * Chinese message, the field named in `issues`, and nothing written. The schemas word the messages of the fields a
 * form fills in; what no form sends wrong (a missing requestId, an item's id) falls back to one Chinese sentence.
 */
import { functions, type AnyFunction, type FunctionName } from '../../server/runtime/registry';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { makeSystem, type TestSystem } from '../support/harness';

const REQ = 'req-malformed-1';

const MALFORMED: [FunctionName, unknown, string][] = [
  ['review', {}, 'requestId'],
  ['review', { requestId: REQ, decision: 'approve' }, 'items'],
  ['review', { requestId: REQ, decision: 'approve', items: [{}] }, 'items.0.record'],
  ['bind', { action: 'student' }, 'requestId'],
  ['bind', { action: 'registerEmployer', requestId: REQ, employer: {} }, 'employer.name'],
  ['submitCheck', { action: 'withdraw', requestId: REQ, kind: 'source' }, 'version'],
  ['respondOffer', { action: 'accept', requestId: REQ }, 'offerId'],
  ['respondOffer', { action: 'decline', requestId: REQ, offerId: 'offer-demo-1', version: 1, reason: 5 }, 'reason'],
  ['initiateSigning', { action: 'save', requestId: REQ, version: 0, draft: {} }, 'draft.job'],
  ['requestTermination', { action: 'withdraw', requestId: REQ }, 'terminationId'],
  ['employerOffer', { action: 'create', requestId: REQ, studentNo: '2026010101', studentName: '张三', terms: {} }, 'terms.job'],
  ['query', { view: 'reviewDetail' }, 'record'],
];

describe('malformed events', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await makeSystem();
  });
  afterAll(() => sys.close());

  it.each(MALFORMED)('%s %j is refused in Chinese, naming %s', async (fn, event, field) => {
    const before = JSON.stringify(await Promise.all((['requests', 'ratelimits', 'audit'] as const).map((c) => sys.all(c))));
    const answer = await sys.call(functions[fn] as AnyFunction, DEMO_OPENIDS.student, event);
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    if (answer.ok) return;
    expect(answer.message).toMatch(/[\u4e00-\u9fff]/);
    expect(answer.issues).toContainEqual({ path: field, message: `提交的信息有误（${field}），请检查后重试` });
    for (const issue of answer.issues ?? []) expect(issue.message).toMatch(/[\u4e00-\u9fff]/);
    expect(JSON.stringify(await Promise.all((['requests', 'ratelimits', 'audit'] as const).map((c) => sys.all(c))))).toBe(before);
  });
});
