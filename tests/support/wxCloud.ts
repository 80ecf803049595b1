/**
 * A stand-in for the wx-server-sdk module as server/runtime/cloud.ts loads it (the real one crashes offline): the WX
 * context the test sets, a recording subscribeMessage.send, and no database (the test hands in its own store).
 */
import type { SubscribeMessageApi } from '../../server/notify/wxSender';
import type { WxCloud } from '../../server/runtime/cloud';

/** subscribeMessage.send, recorded */
export type SendMock = jest.Mock<Promise<unknown>, Parameters<SubscribeMessageApi['send']>>;

export function stubWxCloud(
  context: { OPENID?: string },
  send: SendMock = jest.fn<Promise<unknown>, Parameters<SubscribeMessageApi['send']>>(async () => ({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' })),
): { sdk: WxCloud; env: symbol; send: SendMock } {
  const env = Symbol('DYNAMIC_CURRENT_ENV');
  const sdk: WxCloud = {
    DYNAMIC_CURRENT_ENV: env,
    init: jest.fn(),
    database: () => {
      throw new Error('the test hands in its own store');
    },
    getWXContext: () => context,
    openapi: { subscribeMessage: { send } },
    uploadFile: jest.fn(),
    downloadFile: jest.fn(),
    getTempFileURL: jest.fn(),
  };
  return { sdk, env, send };
}
