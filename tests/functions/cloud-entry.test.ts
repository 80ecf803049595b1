/**
 * The cloud entry answers `{ ok: false, code, message }` for everything that goes wrong, also before the function
 * runs: a rejected promise would reach the mini program as the platform's error, with the stack in errMsg.
 */
import { query } from '../../server/usecases/query';
import { cloudMainWith, type WxCloud } from '../../server/runtime/cloud';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { makeSystem, type TestSystem } from '../support/harness';

function sdkWith(getWXContext: () => { OPENID?: string }): WxCloud {
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
