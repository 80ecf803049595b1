/**
 * A retried bind (same requestId) returns the first result and writes nothing, the rate-limit counters included:
 * a retry is the same request again, not another guess at someone's ID number.
 */
import { bind, BIND_LIMITS } from '../../server/usecases/bind';
import { makeSystem, rid, type TestSystem } from '../support/harness';

const WANG = '2026020101';
/** 王五's ID number is 510107200401013459 */
const WANG_LAST6 = '013459';
const asWang = (idLast6: string, requestId = rid()) => ({ action: 'student', requestId, studentNo: WANG, name: '王五', idLast6 });

describe('review: retried binds', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  it('a retried bind writes no rate-limit counter and is answered however often the network makes the client retry', async () => {
    const event = asWang(WANG_LAST6);
    const first = await sys.ok(bind, 'wx-wang', event);
    const counters = JSON.stringify(await sys.all('ratelimits'));
    for (let i = 0; i < BIND_LIMITS.perCaller.max + 2; i++) {
      expect(await sys.call(bind, 'wx-wang', event)).toEqual({ ok: true, data: first });
    }
    expect(JSON.stringify(await sys.all('ratelimits'))).toBe(counters);
  });

  it('after guessers used up the roster entry\'s tries, the student\'s own retry still gets its first result', async () => {
    const event = asWang(WANG_LAST6);
    const first = await sys.ok(bind, 'wx-wang', event);
    for (let i = 0; i < BIND_LIMITS.perStudent.max - 1; i++) {
      expect(await sys.call(bind, `guesser-${i}`, asWang('000000'))).toMatchObject({ ok: false, code: 'ROSTER_MISMATCH' });
    }
    expect(await sys.call(bind, 'guesser-x', asWang('000000'))).toMatchObject({ ok: false, code: 'RATE_LIMITED' });

    expect(await sys.call(bind, 'wx-wang', event)).toEqual({ ok: true, data: first });
  });
});
