/**
 * A malformed event (a key left out, a value of the wrong type) is refused like any other input: INVALID_INPUT with a
 * Chinese message, the field named in `issues` by its Chinese name, and nothing written. The schemas word the messages
 * of the fields a form fills in; what no form sends wrong (a missing requestId, an item's id) is worded from the name.
 */
import { functions, type AnyFunction, type FunctionName } from '../../server/runtime/registry';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { makeSystem, type TestSystem } from '../support/harness';

const REQ = 'req-malformed-1';

const MALFORMED: [FunctionName, unknown, string, string][] = [
  ['review', {}, 'requestId', '缺少请求编号'],
  ['review', { requestId: REQ, decision: 'approve' }, 'items', '缺少审核记录'],
  ['review', { requestId: REQ, decision: 'approve', items: [{}] }, 'items.0.record', '缺少审核对象'],
  ['bind', { action: 'student' }, 'requestId', '缺少请求编号'],
  ['bind', { action: 'registerEmployer', requestId: REQ, employer: {} }, 'employer.name', '缺少单位名称'],
  ['submitCheck', { action: 'withdraw', requestId: REQ, kind: 'source' }, 'version', '缺少版本号'],
  ['respondOffer', { action: 'accept', requestId: REQ }, 'offerId', '缺少邀约编号'],
  ['respondOffer', { action: 'decline', requestId: REQ, offerId: 'offer-demo-1', version: 1, reason: 5 }, 'reason', '原因应为文字'],
  ['initiateSigning', { action: 'save', requestId: REQ, version: 0, draft: {} }, 'draft.job', '缺少岗位信息'],
  ['requestTermination', { action: 'withdraw', requestId: REQ }, 'terminationId', '缺少解约申请'],
  ['employerOffer', { action: 'create', requestId: REQ, studentNo: '2026010101', studentName: '张三', terms: {} }, 'terms.job', '缺少岗位信息'],
  ['query', { view: 'reviewDetail' }, 'record', '缺少审核对象'],
];

describe('malformed events', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await makeSystem();
  });
  afterAll(() => sys.close());

  it.each(MALFORMED)('%s %j is refused in Chinese, naming %s', async (fn, event, field, message) => {
    const before = JSON.stringify(await Promise.all((['requests', 'ratelimits', 'audit'] as const).map((c) => sys.all(c))));
    const answer = await sys.call(functions[fn] as AnyFunction, DEMO_OPENIDS.student, event);
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    if (answer.ok) return;
    expect(answer.message).toMatch(/[\u4e00-\u9fff]/);
    expect(answer.issues).toContainEqual({ path: field, message });
    for (const issue of answer.issues ?? []) expect(issue.message).toMatch(/[\u4e00-\u9fff]/);
    expect(JSON.stringify(await Promise.all((['requests', 'ratelimits', 'audit'] as const).map((c) => sys.all(c))))).toBe(before);
  });
});
