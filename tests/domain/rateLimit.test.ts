/**
 * Fixed-window rate limits: the counter a call leaves behind, and the call that is one too many; a client known only
 * by its address; a ceiling on all callers spread over shards.
 */
import {
  bucketOf,
  clientKey,
  countCall,
  countOnShard,
  firstShard,
  networkOf,
  shardCap,
  shardIds,
  type Ceiling,
  type Limit,
} from '../../server/domain/rateLimit';
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

  it('callers the platform names no one for share one bucket', () => {
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

describe('a client known only by its network address', () => {
  it('an IPv4 address is one client, also written as an IPv4-mapped IPv6 address', () => {
    expect(networkOf(' 203.0.113.7 ')).toBe('203.0.113.7');
    expect(networkOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::FFFF:203.0.113.7')).toBe(clientKey('203.0.113.7'));
    expect(clientKey('203.0.113.7')).not.toBe(clientKey('203.0.113.8'));
  });

  it('an IPv6 address counts by its /64, however it is written', () => {
    expect(networkOf('2001:0db8:0000:0007:0000:0000:0000:0001')).toBe('2001:db8:0:7::/64');
    expect(networkOf('2001:DB8:0:7::abcd')).toBe('2001:db8:0:7::/64');
    expect(networkOf('2001:db8::7:1:2:3')).toBe('2001:db8:0:0::/64');
    expect(networkOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(networkOf('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
    expect(clientKey('2001:db8:0:7::1')).toBe(clientKey('2001:db8:0:7:ffff::9'));
    expect(clientKey('2001:db8:0:7::1')).not.toBe(clientKey('2001:db8:0:8::1'));
  });

  it('the groups an abbreviation leaves out are filled from where it stands, an IPv4 tail counting as two', () => {
    expect(networkOf('::1')).toBe('0:0:0:0::/64');
    // five groups after the abbreviation: it stands for none, and the fourth group is the tail's first
    expect(networkOf('2001:db8:1::2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    // four groups and an IPv4 address after it (six groups' width): the same
    expect(networkOf('2001:db8:1::a:b:c:1.2.3.4')).toBe('2001:db8:1:a::/64');
  });

  it('something else is taken as it is', () => {
    expect(networkOf('not-an-address')).toBe('not-an-address');
    expect(networkOf('1::2::3')).toBe('1::2::3');
    // too few groups for a /64, or a group that is not hexadecimal
    expect(networkOf('1:2:3')).toBe('1:2:3');
    expect(networkOf('zz:1:2:3:4:5:6:7')).toBe('zz:1:2:3:4:5:6:7');
    expect(networkOf('x1:1:2:3:4:5:6:7')).toBe('x1:1:2:3:4:5:6:7');
    expect(networkOf('12345:1:2:3:4:5:6:7')).toBe('12345:1:2:3:4:5:6:7');
  });

  it('its key is a hash, apart from every openid: the counter holds no address in plain', () => {
    expect(clientKey('203.0.113.7')).toMatch(/^ip:[0-9a-f]{16}$/);
    expect(bucketOf(limit, clientKey('203.0.113.7'))).not.toContain('203.0.113.7');
  });
});

describe('a ceiling on all callers, over shards', () => {
  const ceiling: Ceiling = { name: 'verifyAll', max: 10, windowMs: 60_000, shards: 4 };
  const shard = (i: number, count: number) => ({ _id: `verifyAll:${i}`, version: count, window: WINDOW, count });
  const FULL = [0, 1, 2, 3].map((i) => shard(i, shardCap(ceiling, i)));

  it('the shards’ shares add up to the ceiling, the remainder on the first ones', () => {
    expect(shardIds(ceiling)).toEqual(['verifyAll:0', 'verifyAll:1', 'verifyAll:2', 'verifyAll:3']);
    expect([0, 1, 2, 3].map((i) => shardCap(ceiling, i))).toEqual([3, 3, 2, 2]);
  });

  it('given room on the first shard, the call counts there', () => {
    expect(countOnShard(ceiling, [null, null, null, null], 2, START)).toEqual({ _id: 'verifyAll:2', version: 1, window: WINDOW, count: 1 });
  });

  it('given the first shard full, the call moves on to the next with room, wrapping round', () => {
    const current = [shard(0, 3), null, FULL[2]!, FULL[3]!];
    expect(countOnShard(ceiling, current, 2, START)).toEqual({ _id: 'verifyAll:1', version: 1, window: WINDOW, count: 1 });
  });

  it('given every shard full, the call is refused', () => {
    expect(refusalOf(() => countOnShard(ceiling, FULL, 0, at(59_999)))).toBe('RATE_LIMITED');
  });

  it('given full shards from the last window, the new window counts afresh', () => {
    expect(countOnShard(ceiling, FULL, 1, at(60_000))).toEqual({ _id: 'verifyAll:1', version: 4, window: WINDOW + 1, count: 1 });
  });

  it('callers start on different shards, and a call that lost a conflict tries another', () => {
    const starts = new Set(Array.from({ length: 40 }, (_, i) => firstShard(ceiling, `caller-${i}`, 0)));
    expect(starts).toEqual(new Set([0, 1, 2, 3]));
    expect(firstShard(ceiling, 'caller-1', 0)).toBe(firstShard(ceiling, 'caller-1', 0));
    const retries = new Set(Array.from({ length: 5 }, (_, lost) => firstShard(ceiling, 'caller-1', lost)));
    expect(retries.size).toBeGreaterThan(1);
  });
});
