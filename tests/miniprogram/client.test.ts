/**
 * The mini program's API client (miniprogram/api/client.ts) with a stub `wx`: no page, so the default node
 * environment. Its refusals come from the real functions; the local-runtime switch is tried against the real
 * local runtime over HTTP.
 */
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Api, EventOf, FunctionName } from '../../typings/api';
import type { FunctionDef } from '../../server/app/function';
import { invoke } from '../../server/runtime/handler';
import { functionNames, functions, lookup } from '../../server/runtime/registry';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { startServer } from '../../server/runtime/server';
import { makeSystem, rid, type TestSystem } from '../support/harness';

type Client = typeof import('../../miniprogram/api/client');
type EnvVersion = 'develop' | 'trial' | 'release';

const MP_ROOT = path.resolve(__dirname, '../../miniprogram');

/** A `wx` with only what the client touches. */
function stubWx(envVersion: EnvVersion | 'throws' = 'release', storage: Record<string, string> = {}) {
  const stub = {
    cloud: { callFunction: jest.fn() },
    request: jest.fn(),
    getStorageSync: jest.fn((key: string) => storage[key] ?? ''),
    getAccountInfoSync: jest.fn(() => {
      if (envVersion === 'throws') throw new Error('getAccountInfoSync:fail not supported');
      return { miniProgram: { appId: 'touristappid', envVersion, version: '' } };
    }),
  };
  Object.assign(globalThis, { wx: stub });
  return stub;
}

/** The client, fresh, with config.ts as committed or with the development switch set. */
function loadClient(localRuntimeUrl?: string, devOpenid = DEMO_OPENIDS.student): Client {
  jest.resetModules();
  if (localRuntimeUrl !== undefined) {
    jest.doMock(path.join(MP_ROOT, 'config'), () => ({ LOCAL_RUNTIME_URL: localRuntimeUrl, DEV_OPENID: devOpenid }));
  } else {
    jest.dontMock(path.join(MP_ROOT, 'config'));
  }
  return require(path.join(MP_ROOT, 'api/client')) as Client;
}

afterEach(() => {
  Reflect.deleteProperty(globalThis, 'wx');
});

describe('the committed development switch', () => {
  it('is off: LOCAL_RUNTIME_URL is empty in miniprogram/config.ts', () => {
    jest.resetModules();
    jest.dontMock(path.join(MP_ROOT, 'config'));
    const config = require(path.join(MP_ROOT, 'config')) as { LOCAL_RUNTIME_URL: string };
    expect(config.LOCAL_RUNTIME_URL).toBe('');
    // and the source says so literally, not through something computed
    expect(readFileSync(path.join(MP_ROOT, 'config.ts'), 'utf8')).toMatch(/^export const LOCAL_RUNTIME_URL: string = '';$/m);
  });
});

describe('call over wx.cloud.callFunction', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  /** callFunction as the cloud does it: the named function with the caller's openid */
  const routeTo = (wx: ReturnType<typeof stubWx>, openid: string) =>
    wx.cloud.callFunction.mockImplementation(async ({ name, data }: { name: string; data: unknown }) => ({
      errMsg: 'cloud.callFunction:ok',
      result: JSON.parse(JSON.stringify(await invoke(lookup(name)!, sys.deps, { openid }, JSON.parse(JSON.stringify(data))))),
    }));

  it('answers a success with the function’s data', async () => {
    const wx = stubWx();
    routeTo(wx, DEMO_OPENIDS.student);
    const { call } = loadClient();
    const home = await call('query', { view: 'home' });
    expect(wx.cloud.callFunction).toHaveBeenCalledWith({ name: 'query', data: { view: 'home' } });
    expect(home.ok && home.data.student?.name).toBe('张三');
  });

  it('passes a refusal through as the server sent it (code, Chinese message, field issues)', async () => {
    const wx = stubWx();
    routeTo(wx, DEMO_OPENIDS.student);
    const { call } = loadClient();
    const stale = await call('respondOffer', { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 99 });
    expect(stale).toEqual({ ok: false, code: 'CONFLICT', message: '该记录已被他人更新，请刷新后重试' });
    const noReason = await call('respondOffer', { action: 'decline', requestId: rid(), offerId: 'offer-demo-1', version: 1, reason: ' ' });
    expect(noReason).toMatchObject({ ok: false, code: 'REASON_REQUIRED', message: expect.stringContaining('原因') });
    const invalid = await call('respondOffer', { action: 'accept', requestId: 'not a request id', offerId: 'offer-demo-1', version: 1 });
    expect(invalid).toMatchObject({ ok: false, code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: 'requestId' })] });
    if (invalid.ok) throw new Error('expected a refusal');
    expect(invalid.message).toBe(invalid.issues?.[0]?.message);
  });

  it('an id the server refuses as used for another request is retired: the action’s next try takes a fresh one', async () => {
    const wx = stubWx();
    routeTo(wx, DEMO_OPENIDS.student2);
    const { call, RequestIds } = loadClient();
    const ids = new RequestIds();
    const save = (phone: string) => ({ action: 'save' as const, requestId: ids.idFor('save:source'), kind: 'source' as const, version: 0, fields: { phone } });
    // the first save reaches the server, but its answer is lost on the way back
    const reached = wx.cloud.callFunction.getMockImplementation()!;
    wx.cloud.callFunction.mockImplementationOnce(async (o: { name: string; data: unknown }) => {
      await reached(o);
      throw { errMsg: 'cloud.callFunction:fail timeout' };
    });
    const lost = save('13911112222');
    expect(await call('submitCheck', lost)).toMatchObject({ ok: false, code: 'INTERNAL' });

    // the student edits the phone and taps 保存 again: same key, so the same id, with another body
    const edited = save('13933334444');
    expect(edited.requestId).toBe(lost.requestId);
    expect(await call('submitCheck', edited)).toEqual({ ok: false, code: 'REQUEST_ID_REUSED', message: '上一次提交已经生效，这次的内容与之不同，请刷新页面后再提交' });

    // the next try is a new request: the server now says the check moved on (the page reloads), not the same refusal
    const next = save('13933334444');
    expect(next.requestId).not.toBe(lost.requestId);
    expect(await call('submitCheck', next)).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  it('a transport failure (callFunction rejects) becomes INTERNAL with the network message; it never throws', async () => {
    const wx = stubWx();
    wx.cloud.callFunction.mockRejectedValue({ errCode: -404011, errMsg: 'cloud.callFunction:fail Error: cloud function execution error' });
    const { call, NETWORK_MESSAGE } = loadClient();
    await expect(call('query', { view: 'home' })).resolves.toEqual({ ok: false, code: 'INTERNAL', message: '网络不稳定，请稍后重试' });
    expect(NETWORK_MESSAGE).toBe('网络不稳定，请稍后重试');
  });

  it('an answer that is not a Result becomes INTERNAL too', async () => {
    const wx = stubWx();
    const { call } = loadClient();
    for (const result of [undefined, 'oops', { ok: false }, { data: 1 }]) {
      wx.cloud.callFunction.mockResolvedValueOnce({ errMsg: 'cloud.callFunction:ok', result });
      expect(await call('query', { view: 'home' })).toEqual({ ok: false, code: 'INTERNAL', message: '系统繁忙，请稍后再试' });
    }
  });
});

describe('the local-runtime switch', () => {
  it('is ignored outside the developer build, and when the base library cannot tell', async () => {
    for (const envVersion of ['release', 'trial', 'throws'] as const) {
      const wx = stubWx(envVersion);
      wx.cloud.callFunction.mockResolvedValue({ errMsg: 'cloud.callFunction:ok', result: { ok: true, data: { role: null } } });
      const { call, localRuntimeUrl } = loadClient('http://127.0.0.1:3000');
      expect(localRuntimeUrl()).toBe('');
      expect(await call('query', { view: 'home' })).toMatchObject({ ok: true });
      expect(wx.cloud.callFunction).toHaveBeenCalledTimes(1);
      expect(wx.request).not.toHaveBeenCalled();
    }
  });

  describe('in the developer build, against the real local runtime', () => {
    let dataDir: string;
    let server: Awaited<ReturnType<typeof startServer>>;
    beforeAll(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'wq-local-'));
      server = await startServer({ port: 0, dataDir });
    });
    afterAll(async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    /** wx.request over node's http, as the DevTools simulator would send it */
    const requestOverHttp = (wx: ReturnType<typeof stubWx>) =>
      wx.request.mockImplementation((o: { url: string; method: string; data: unknown; header: Record<string, string>; success: (r: unknown) => void; fail: (e: unknown) => void }) => {
        const req = http.request(o.url, { method: o.method, headers: o.header }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => o.success({ statusCode: res.statusCode, data: JSON.parse(Buffer.concat(chunks).toString('utf8')), header: res.headers }));
        });
        req.on('error', (e) => o.fail({ errMsg: `request:fail ${e.message}` }));
        req.end(JSON.stringify(o.data));
      });

    it('POSTs to <url>/fn/<name> as DEV_OPENID, and answers what the runtime answers', async () => {
      const wx = stubWx('develop');
      requestOverHttp(wx);
      const { call, localRuntimeUrl } = loadClient(`${server.url}/`, DEMO_OPENIDS.student);
      expect(localRuntimeUrl()).toBe(server.url);

      const home = await call('query', { view: 'home' });
      expect(wx.cloud.callFunction).not.toHaveBeenCalled();
      expect(wx.request).toHaveBeenCalledWith(expect.objectContaining({
        url: `${server.url}/fn/query`,
        method: 'POST',
        data: { view: 'home' },
        header: expect.objectContaining({ 'X-WX-OPENID': DEMO_OPENIDS.student }),
      }));
      expect(home).toMatchObject({ ok: true, data: { role: 'student', student: { name: '张三' } } });

      const refused = await call('printAgreement', { agreementId: 'no-such-agreement' });
      expect(refused).toEqual({ ok: false, code: 'NOT_FOUND', message: '记录不存在或已被删除' });
      // the runtime's own refusals come with an HTTP error status: still answers, not network failures
      const unknown = await call('noSuchFunction' as FunctionName, {} as EventOf<FunctionName>);
      expect(unknown).toEqual({ ok: false, code: 'NOT_FOUND', message: '云函数 noSuchFunction 不存在' });
    });

    it('storage can switch it on instead of config.ts (DevTools, the automator), in the developer build only', async () => {
      const storage = { 'dev:localRuntimeUrl': server.url, 'dev:openid': DEMO_OPENIDS.student2 };
      const dev = stubWx('develop', storage);
      requestOverHttp(dev);
      const client = loadClient();
      expect(client.localRuntimeUrl()).toBe(server.url);
      expect(await client.call('query', { view: 'home' })).toMatchObject({ ok: true, data: { role: 'student', student: { name: '李四' } } });
      expect(dev.request).toHaveBeenCalledWith(expect.objectContaining({ header: expect.objectContaining({ 'X-WX-OPENID': DEMO_OPENIDS.student2 }) }));
      expect(dev.cloud.callFunction).not.toHaveBeenCalled();

      for (const envVersion of ['release', 'trial'] as const) {
        const shipped = stubWx(envVersion, storage);
        shipped.cloud.callFunction.mockResolvedValue({ errMsg: 'cloud.callFunction:ok', result: { ok: true, data: { role: null } } });
        const c = loadClient();
        expect(c.localRuntimeUrl()).toBe('');
        await c.call('query', { view: 'home' });
        expect(shipped.request).not.toHaveBeenCalled();
        expect(shipped.cloud.callFunction).toHaveBeenCalledTimes(1);
      }
    });

    it('a runtime that is not running: the network message', async () => {
      const wx = stubWx('develop');
      requestOverHttp(wx);
      const { call } = loadClient('http://127.0.0.1:9');
      expect(await call('query', { view: 'home' })).toEqual({ ok: false, code: 'INTERNAL', message: '网络不稳定，请稍后重试' });
    });
  });
});

describe('request ids', () => {
  it('newRequestId: fresh each time, in the server’s format', () => {
    const { newRequestId } = loadClient();
    const ids = Array.from({ length: 1000 }, () => newRequestId());
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('RequestIds: the same id for retries of one action until it is settled; other actions get their own', () => {
    const { RequestIds } = loadClient();
    const ids = new RequestIds();
    const first = ids.idFor('accept:offer-1');
    expect(ids.idFor('accept:offer-1')).toBe(first);
    expect(ids.idFor('decline:offer-2')).not.toBe(first);
    ids.settle('accept:offer-1');
    expect(ids.idFor('accept:offer-1')).not.toBe(first);
  });
});

describe('the contract table (typings/api.ts)', () => {
  // Compile-time: each function's event and result, as the server defines them, are exactly the table's.
  type Server<N extends keyof typeof functions> = (typeof functions)[N] extends FunctionDef<infer E, infer R> ? [E, R] : never;
  type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
  const matches: { [N in FunctionName]: Same<Server<N>, [EventOf<N>, Api[N]['result']]> } = {
    bind: true,
    submitCheck: true,
    respondOffer: true,
    initiateSigning: true,
    requestTermination: true,
    review: true,
    employerOffer: true,
    query: true,
    printAgreement: true,
    verifyAgreement: true,
    registerDestination: true,
    employerConfirm: true,
    sealAgreement: true,
  };

  it('names every function a client may call: all but the timer-only expireOffers', () => {
    expect(Object.keys(matches).sort()).toEqual(functionNames.filter((n) => n !== 'expireOffers'));
  });
});
