/**
 * The cloud entry answers `{ ok: false, code, message }` for everything that goes wrong, also before the function
 * runs: a rejected promise would reach the mini program as the platform's error, with the stack in errMsg. The
 * caller it hands on comes from the WX context alone.
 */
import * as v from 'valibot';
import { defineFunction, type FunctionDef } from '../../server/app/function';
import { verificationCode } from '../../server/domain/document';
import { query } from '../../server/usecases/query';
import { VERIFY_LIMIT, verifyAgreement } from '../../server/usecases/verifyAgreement';
import { cloudMainWith, type WxCloud } from '../../server/runtime/cloud';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { signedDemoAgreement } from '../support/agreements';
import { makeSystem, type TestSystem } from '../support/harness';

type WxContext = ReturnType<WxCloud['getWXContext']>;

function sdkWith(getWXContext: () => WxContext): WxCloud {
  return {
    DYNAMIC_CURRENT_ENV: Symbol('env'),
    init: () => undefined,
    database: () => {
      throw new Error('the test hands in its own store');
    },
    getWXContext,
    openapi: { subscribeMessage: { send: async () => ({ errCode: 0 }) } },
    uploadFile: async () => ({ fileID: 'cloud://x/y' }),
    downloadFile: async () => ({ fileContent: Buffer.alloc(0) }),
    getTempFileURL: async () => ({ fileList: [] }),
  };
}

describe('cloudMain before invoke', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  it('a WX context that cannot be read is answered INTERNAL, without a stack, and the next call works', async () => {
    let broken = true;
    const sdk = sdkWith(() => {
      if (broken) throw new Error('getWXContext:fail at Object.<anonymous> (/var/user/index.js:1:1)');
      return { OPENID: DEMO_OPENIDS.student };
    });
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const main = cloudMainWith(query, { loadSdk: () => sdk, makeStore: () => sys.store });

    const answer = await main({ view: 'home' }).catch((e: unknown) => ({ rejected: String(e) }));
    expect(answer).toEqual({ ok: false, code: 'INTERNAL', message: '系统繁忙，请稍后再试' });

    broken = false;
    expect(await main({ view: 'home' })).toMatchObject({ ok: true, data: { role: 'student' } });
    errors.mockRestore();
  });
});

/** A function that answers with the caller it was handed. */
const whoAmI = defineFunction({ name: 'whoAmI', schema: v.unknown(), run: async (_deps, caller) => caller });

describe('cloudMain: the caller from the WX context', () => {
  let sys: TestSystem;
  let context: WxContext;
  beforeEach(async () => {
    sys = await makeSystem();
    context = {};
  });
  afterEach(() => sys.close());

  const mainOf = <E, R>(def: FunctionDef<E, R>) =>
    cloudMainWith(def, { loadSdk: () => sdkWith(() => context), makeStore: () => sys.store });

  it('passes CLIENTIP through as the client, beside the openid; the event cannot set either', async () => {
    context = { OPENID: DEMO_OPENIDS.student, CLIENTIP: '203.0.113.7', CLIENTIPV6: '2001:db8::7' };
    const answer = await mainOf(whoAmI)({ openid: 'forged', client: '10.0.0.1', CLIENTIP: '10.0.0.1', userInfo: { openId: 'forged' } });
    expect(answer).toEqual({ ok: true, data: { openid: DEMO_OPENIDS.student, client: '203.0.113.7', fn: 'whoAmI' } });
  });

  it('takes CLIENTIPV6 when there is no IPv4 address, and leaves the client out when the context has neither', async () => {
    const main = mainOf(whoAmI);
    context = { CLIENTIP: '', CLIENTIPV6: '2001:db8::7' };
    expect(await main({})).toEqual({ ok: true, data: { openid: '', client: '2001:db8::7', fn: 'whoAmI' } });
    // the SDK turns an all-digit context value into a number: not an address
    context = { CLIENTIP: 12345 };
    expect(await main({})).toEqual({ ok: true, data: { openid: '', fn: 'whoAmI' } });
    context = {};
    expect(await main({})).toEqual({ ok: true, data: { openid: '', fn: 'whoAmI' } });
  });

  it('web callers without an openid are limited per CLIENTIP: one that spent its budget leaves another its own', async () => {
    // given a signed agreement, and a client without an openid that spent its lookups this minute
    const signed = await signedDemoAgreement(sys);
    const event = { agreementNo: signed.agreementNo, code: verificationCode(signed) };
    const verify = mainOf(verifyAgreement);
    context = { CLIENTIP: '203.0.113.7' };
    for (let i = 0; i < VERIFY_LIMIT.max; i++) expect((await verify(event)).ok).toBe(true);
    expect(await verify(event)).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    // when another address asks through the same container, then it is answered
    context = { CLIENTIP: '198.51.100.23' };
    expect(await verify(event)).toMatchObject({ ok: true, data: { found: true, codeMatches: true } });
  });
});
