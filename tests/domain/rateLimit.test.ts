/**
 * Fixed-window rate limits: the counter a call leaves behind, and the call that is one too many.
 */
import { bucketOf, countCall, type Limit } from '../../server/domain/rateLimit';
import { refusalOf } from './builders';

const limit: Limit = { name: 'verify', max: 3, windowMs: 60_000 };
/** 2026-06-01 10:00:00 in Beijing, the first millisecond of a window. */
const START = new Date('2026-06-01T02:00:00.000Z');
const WINDOW = START.getTime() / 60_000;
const at = (ms: number): Date => new Date(START.getTime() + ms);

describe('buckets', () => {
  it('a caller’s bucket is the limit’s name and their openid', () => {
    expect(bucketOf(limit, 'openid-zhangsan')).toBe('verify:openid-zhangsan');
  });

  it('callers without an openid share one bucket', () => {
    expect(bucketOf(limit, '')).toBe('verify:anonymous');
    expect(bucketOf({ ...limit, name: 'print' }, '')).toBe('print:anonymous');
  });
});

describe('counting calls', () => {
  it('the first call creates the counter for the current window', () => {
    expect(Number.isInteger(WINDOW)).toBe(true);
    expect(countCall(limit, 'verify:o', null, START)).toEqual({ _id: 'verify:o', version: 1, window: WINDOW, count: 1 });
  });

  it('a call within the window counts one more, on the counter’s next version', () => {
    const current = { _id: 'verify:o', version: 5, window: WINDOW, count: 1 };
    expect(countCall(limit, 'verify:o', current, at(59_999))).toEqual({ _id: 'verify:o', version: 6, window: WINDOW, count: 2 });
  });

  it('the last allowed call reaches the maximum', () => {
    const current = { _id: 'verify:o', version: 2, window: WINDOW, count: 2 };
    expect(countCall(limit, 'verify:o', current, START).count).toBe(3);
  });

  it('refuses the call after the maximum with RATE_LIMITED', () => {
    const full = { _id: 'verify:o', version: 3, window: WINDOW, count: 3 };
    expect(refusalOf(() => countCall(limit, 'verify:o', full, at(59_999)))).toBe('RATE_LIMITED');
  });

  it('a new window starts the count afresh on the same document', () => {
    const full = { _id: 'verify:o', version: 3, window: WINDOW, count: 3 };
    expect(countCall(limit, 'verify:o', full, at(60_000))).toEqual({ _id: 'verify:o', version: 4, window: WINDOW + 1, count: 1 });
  });

  it('a counter left from an older window does not count either', () => {
    const stale = { _id: 'verify:o', version: 9, window: WINDOW - 7, count: 3 };
    expect(countCall(limit, 'verify:o', stale, START)).toEqual({ _id: 'verify:o', version: 10, window: WINDOW, count: 1 });
  });

  it('a limit of zero refuses every call', () => {
    expect(refusalOf(() => countCall({ ...limit, max: 0 }, 'verify:o', null, START))).toBe('RATE_LIMITED');
  });
});
