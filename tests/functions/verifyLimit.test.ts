/**
 * 协议核验's limits: a budget per client (the WeChat user, else the network address the platform saw) and a ceiling
 * for all callers together, spread over shards. One greedy client cannot deny the page to anyone else, the ceiling
 * holds, and a refused lookup writes nothing.
 */
import type { Result, VerifyResult } from '../../typings';
import type { PlatformCaller as Caller } from '../../server/app/deps';
import { verificationCode } from '../../server/domain/document';
import { clientKey, shardCap, shardIds } from '../../server/domain/rateLimit';
import { invoke } from '../../server/runtime/handler';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { COLLECTION_NAMES } from '../../server/store/port';
import { VERIFY_CEILING, VERIFY_LIMIT, verifyAgreement, verifierOf } from '../../server/usecases/verifyAgreement';
import { signedDemoAgreement } from '../support/agreements';
import { makeSystem, type TestSystem } from '../support/harness';

const GREEDY = '203.0.113.7';
const NEIGHBOUR = '198.51.100.23';
const fromWeb = (client: string): Caller => ({ openid: '', client });

describe('verifyAgreement: per client and overall', () => {
  let sys: TestSystem;
  let event: { agreementNo: string; code: string };
  beforeEach(async () => {
    sys = await makeSystem();
    const signed = await signedDemoAgreement(sys);
    event = { agreementNo: signed.agreementNo!, code: verificationCode(signed) };
    sys.setNow('2026-03-10T08:00:00.000Z');
  });
  afterEach(() => sys.close());

  const ask = (caller: Caller): Promise<Result<VerifyResult>> => invoke(verifyAgreement, sys.deps, caller, event);
  const spend = async (caller: Caller, times: number): Promise<void> => {
    for (let i = 0; i < times; i++) expect(await ask(caller)).toMatchObject({ ok: true, data: { found: true } });
  };
  /** every document of every collection, to show that a call changed nothing */
  const everything = async (): Promise<unknown[]> => Promise.all(COLLECTION_NAMES.map((c) => sys.all(c)));

  it('a greedy web client that spends its budget is refused, while another address and a WeChat user still get answers', async () => {
    // given a client without an openid that used its 30 lookups this minute
    await spend(fromWeb(GREEDY), VERIFY_LIMIT.max);
    // when it asks again, then it is refused
    expect(await ask(fromWeb(GREEDY))).toEqual({ ok: false, code: 'RATE_LIMITED', message: '操作过于频繁，请稍后再试' });
    // and another client without an openid, and a WeChat user behind the greedy address, are answered
    expect(await ask(fromWeb(NEIGHBOUR))).toMatchObject({ ok: true, data: { found: true, codeMatches: true } });
    expect(await ask({ openid: DEMO_OPENIDS.employer, client: GREEDY })).toMatchObject({ ok: true, data: { found: true } });
    expect(await sys.store.get('ratelimits', `verify:${clientKey(GREEDY)}`)).toMatchObject({ count: VERIFY_LIMIT.max });
    expect(await sys.store.get('ratelimits', 'verify:anonymous')).toBeNull();
  });

  it('a client cannot escape its budget by moving through the addresses of its IPv6 /64', async () => {
    // given a client that asked 30 times, each time from another address of its /64
    for (let i = 1; i <= VERIFY_LIMIT.max; i++) expect((await ask(fromWeb(`2001:db8:0:7::${i.toString(16)}`))).ok).toBe(true);
    // when it asks from yet another, then it is refused; a client of the neighbouring /64 is not
    expect(await ask(fromWeb('2001:db8:0:7:ffff::1'))).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    expect(await ask(fromWeb('2001:db8:0:8::1'))).toMatchObject({ ok: true });
  });

  it(`the ceiling refuses everyone once all callers together reach ${VERIFY_CEILING.max} in a minute, and reopens in the next`, async () => {
    // given twenty clients that each used their whole budget: the ceiling, exactly
    const clients = Array.from({ length: VERIFY_CEILING.max / VERIFY_LIMIT.max }, (_, i) => fromWeb(`192.0.2.${i + 1}`));
    for (const client of clients) await spend(client, VERIFY_LIMIT.max);
    // then every shard holds its share, and the shares add up to the ceiling
    const shards = await sys.store.getMany('ratelimits', shardIds(VERIFY_CEILING));
    expect(shards.map((s) => [s._id, s.count])).toEqual(shardIds(VERIFY_CEILING).map((id, i) => [id, shardCap(VERIFY_CEILING, i)]));
    expect(shards.reduce((sum, s) => sum + s.count, 0)).toBe(VERIFY_CEILING.max);

    // when a fresh client and a WeChat user ask, each with its own budget untouched, then both are refused
    expect(await ask(fromWeb(NEIGHBOUR))).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    expect(await ask({ openid: DEMO_OPENIDS.student2 })).toMatchObject({ ok: false, code: 'RATE_LIMITED' });

    // when the minute turns, then they are answered again
    sys.advance(60_000);
    expect(await ask(fromWeb(NEIGHBOUR))).toMatchObject({ ok: true, data: { found: true } });
    expect(await ask({ openid: DEMO_OPENIDS.student2 })).toMatchObject({ ok: true, data: { found: true } });
  });

  it('a lookup refused by its own budget or by the ceiling writes nothing: neither counter moves', async () => {
    // given a client whose budget is spent
    await spend(fromWeb(GREEDY), VERIFY_LIMIT.max);
    const before = await everything();
    // when it asks again, then nothing at all changed, the ceiling's shards included
    expect(await ask(fromWeb(GREEDY))).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    expect(await everything()).toEqual(before);

    // given the ceiling reached (its shards filled as the calls of others would leave them)
    const window = Math.floor(sys.deps.clock().getTime() / VERIFY_CEILING.windowMs);
    for (const [i, id] of shardIds(VERIFY_CEILING).entries()) {
      const current = await sys.store.get('ratelimits', id);
      await sys.store.put('ratelimits', { _id: id, version: (current?.version ?? 0) + 1, window, count: shardCap(VERIFY_CEILING, i) }, current?.version ?? 0);
    }
    const full = await everything();
    // when a client with budget left asks, then it is refused and its own counter is not spent either
    expect(await ask(fromWeb(NEIGHBOUR))).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    expect(await everything()).toEqual(full);
    expect(await sys.store.get('ratelimits', `verify:${clientKey(NEIGHBOUR)}`)).toBeNull();
  });

  it('sixteen clients asking at the same moment are all answered: they count on different shards', async () => {
    // (with one counter for the ceiling, eleven of these sixteen lose the race five times and are refused)
    const clients = Array.from({ length: 16 }, (_, i) => fromWeb(`192.0.2.${100 + i}`));
    const answers = await Promise.all(clients.map(ask));
    expect(answers.filter((a) => !a.ok)).toEqual([]);
    const shards = await sys.store.getMany('ratelimits', shardIds(VERIFY_CEILING));
    expect(shards.reduce((sum, s) => sum + s.count, 0)).toBe(16);
    expect(shards.length).toBeGreaterThan(1);
  });

  it('whose budget a lookup spends: the openid when there is one, else the address, else all unnamed callers together', () => {
    expect(verifierOf({ openid: 'o-checker', client: GREEDY })).toBe('o-checker');
    expect(verifierOf(fromWeb(GREEDY))).toBe(clientKey(GREEDY));
    expect(verifierOf({ openid: '' })).toBe('');
  });
});
