/**
 * The cloud entry adapter with a stand-in for wx-server-sdk (the real one crashes offline): the SQLite store takes the
 * place of CloudBase, everything else is the production wiring.
 */
import { expireOffers } from '../../server/usecases/expireOffers';
import { respondOffer } from '../../server/usecases/respondOffer';
import { WxSender } from '../../server/notify/wxSender';
import { cloudMainWith, stateOverride, type WxCloud } from '../../server/runtime/cloud';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { CloudFileStorage, type CloudFilesApi } from '../../server/storage/cloud';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { stubWxCloud } from '../support/wxCloud';

const FILE_ID = 'cloud://prod-1a2b3c.7072-prod-1a2b3c-1300000000/uploads/oABC123/a.jpg';

const fakeSdk = (context: { OPENID?: string }) => stubWxCloud(context);

describe('cloudMain: the entry of a deployed function', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    // the production wiring runs on the wall clock: the demo is seeded at the same time, so its offer is still open
    sys = await makeSystem({ now: new Date().toISOString() });
  });
  afterEach(() => sys.close());

  it('acts as the WX context’s OPENID, never as the userInfo the event carries, and sends messages through openapi', async () => {
    const context: { OPENID?: string } = { OPENID: DEMO_OPENIDS.student };
    const { sdk, env, send } = fakeSdk(context);
    const loadSdk = jest.fn(() => sdk);
    const main = cloudMainWith(respondOffer, { loadSdk, makeStore: () => sys.store });

    const event = { action: 'decline', requestId: rid(), offerId: 'offer-demo-1', version: 1, reason: '已有其他安排', userInfo: { openId: DEMO_OPENIDS.student2, appId: 'wx0' } };
    expect(await main(event, {})).toEqual({ ok: true, data: { record: 'offer', id: 'offer-demo-1', state: 'declined', version: 2 } });
    expect((await sys.auditOf('offer', 'offer-demo-1'))[1]!.actor).toEqual({ openid: DEMO_OPENIDS.student, role: 'student' });
    expect(send).toHaveBeenCalledWith(
      expect.objectContaining({
        touser: DEMO_OPENIDS.employer,
        templateId: 'demo-tmpl-offer-answered',
        data: { name1: { value: '张三' }, phrase2: { value: '已拒绝' }, thing3: { value: '已有其他安排' } },
        miniprogramState: 'formal',
      }),
    );

    delete context.OPENID;
    const anonymous = await main({ action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 2, userInfo: { openId: DEMO_OPENIDS.student } });
    expect(anonymous).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });

    // one SDK load and one init per container
    expect(loadSdk).toHaveBeenCalledTimes(1);
    expect(sdk.init).toHaveBeenCalledTimes(1);
    expect(sdk.init).toHaveBeenCalledWith({ env });
  });

  it('runs the timer function with no OPENID, and refuses it to a mini program user', async () => {
    const context: { OPENID?: string } = {};
    const { sdk } = fakeSdk(context);
    const main = cloudMainWith(expireOffers, { loadSdk: () => sdk, makeStore: () => sys.store });
    expect(await main({ Type: 'Timer', TriggerName: 'hourly', Time: '2026-03-02T10:00:00Z' })).toMatchObject({ ok: true, data: { done: true } });
    context.OPENID = DEMO_OPENIDS.schoolReviewer;
    expect(await main({})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('answers INTERNAL when the SDK cannot load, and tries again on the next call', async () => {
    const { sdk } = fakeSdk({ OPENID: DEMO_OPENIDS.student });
    const loadSdk = jest.fn<WxCloud, []>().mockImplementationOnce(() => {
      throw new Error('Cannot find module wx-server-sdk');
    }).mockImplementation(() => sdk);
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const main = cloudMainWith(respondOffer, { loadSdk, makeStore: () => sys.store });

    expect(await main({})).toEqual({ ok: false, code: 'INTERNAL', message: '系统繁忙，请稍后再试' });
    expect(await main({ action: 'accept' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(loadSdk).toHaveBeenCalledTimes(2);
    errors.mockRestore();
  });
});

describe('WxSender: subscribeMessage.send outcomes', () => {
  const message = { touser: 'o1', templateId: 't1', page: 'pages/index/index', data: { thing1: { value: '测试' } }, miniprogramState: 'formal' as const };
  const senderAnswering = (answer: () => Promise<unknown>) => new WxSender({ send: answer }, 'trial');

  it('maps the error codes: 0 sent, 43101 noQuota (never retried), others and network failures retryable', async () => {
    expect(await senderAnswering(async () => ({ errCode: 0, errMsg: 'ok' })).send(message)).toEqual({ ok: true });
    expect(await senderAnswering(() => Promise.reject({ errCode: 43101, errMsg: 'user refuse to accept the msg' })).send(message)).toEqual({
      ok: false,
      noQuota: true,
      error: '43101 user refuse to accept the msg',
    });
    expect(await senderAnswering(() => Promise.reject({ errCode: 47003, errMsg: 'argument invalid! data.thing1.value' })).send(message)).toMatchObject({
      ok: false,
      noQuota: false,
      error: '47003 argument invalid! data.thing1.value',
    });
    expect(await senderAnswering(() => Promise.reject(new Error('socket hang up'))).send(message)).toEqual({ ok: false, noQuota: false, error: '-1 socket hang up' });
    // the function may not call the API: the deploy's fault, kept aside rather than tried again
    expect(await senderAnswering(() => Promise.reject({ errCode: -604101, errMsg: 'function has no permission to call this API' })).send(message)).toEqual({
      ok: false,
      noQuota: false,
      blocked: true,
      error: '-604101 function has no permission to call this API',
    });
  });

  it('opens the version the school set, unless the function is told otherwise by MINIPROGRAM_STATE', async () => {
    const send = jest.fn(async () => ({ errCode: 0 }));
    await new WxSender({ send }).send({ ...message, miniprogramState: 'trial' });
    expect(send).toHaveBeenLastCalledWith(expect.objectContaining({ miniprogramState: 'trial' }));
    await new WxSender({ send }, stateOverride('developer')).send({ ...message, miniprogramState: 'trial' });
    expect(send).toHaveBeenLastCalledWith(expect.objectContaining({ miniprogramState: 'developer' }));
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect([stateOverride(undefined), stateOverride(''), stateOverride(' trial '), stateOverride('release')]).toEqual([undefined, undefined, 'trial', undefined]);
    expect(logged.mock.calls.map(([line]) => String(line))).toEqual([expect.stringContaining('MINIPROGRAM_STATE=release 不是 formal、trial 或 developer')]);
    logged.mockRestore();
  });

  it('passes the message through with the configured mini program version', async () => {
    const send = jest.fn(async () => ({ errCode: 0 }));
    await new WxSender({ send }, 'developer').send(message);
    expect(send).toHaveBeenCalledWith({ ...message, miniprogramState: 'developer', lang: 'zh_CN' });
  });
});

describe('CloudFileStorage', () => {
  const api = (over: Partial<CloudFilesApi>): CloudFilesApi => ({
    uploadFile: jest.fn(async () => ({ fileID: 'cloud://env.bucket/x' })),
    downloadFile: jest.fn(async () => ({ fileContent: Buffer.from('x') })),
    getTempFileURL: jest.fn(async () => ({ fileList: [] })),
    ...over,
  });

  it('reads the storage path out of a cloud file id, and nothing out of anything else', () => {
    const files = new CloudFileStorage(api({}));
    expect(files.pathOf(FILE_ID)).toBe('uploads/oABC123/a.jpg');
    expect(files.pathOf('cloud://env.bucket/uploads/o1/../o2/a.jpg')).toBeNull();
    expect(files.pathOf('cloud://env.bucket')).toBeNull();
    expect(files.pathOf('local://uploads/o1/a.jpg')).toBeNull();
    expect(files.pathOf('https://example.com/uploads/o1/a.jpg')).toBeNull();
  });

  it('downloads, uploads and links through the SDK; a missing file reads as null, other failures are thrown', async () => {
    const uploadFile = jest.fn(async () => ({ fileID: FILE_ID }));
    const downloadFile = jest
      .fn<Promise<{ fileContent: Buffer }>, [{ fileID: string }]>()
      .mockResolvedValueOnce({ fileContent: Buffer.from('bytes') })
      .mockRejectedValueOnce({ errCode: -1, errMsg: 'downloadFile:fail STORAGE_FILE_NONEXIST' })
      .mockRejectedValueOnce({ errCode: -501001, errMsg: 'resource system error' });
    const getTempFileURL = jest.fn(async () => ({ fileList: [{ fileID: FILE_ID, tempFileURL: 'https://tmp.example/a.jpg', status: 0 }] }));
    const files = new CloudFileStorage(api({ uploadFile, downloadFile, getTempFileURL }));

    expect(await files.read(FILE_ID)).toEqual(Buffer.from('bytes'));
    expect(downloadFile).toHaveBeenCalledWith({ fileID: FILE_ID });
    expect(await files.read(FILE_ID)).toBeNull();
    await expect(files.read(FILE_ID)).rejects.toMatchObject({ errCode: -501001 });
    expect(await files.read('local://uploads/x')).toBeNull();

    expect(await files.write('prints/a.pdf', Buffer.from('%PDF'))).toBe(FILE_ID);
    expect(uploadFile).toHaveBeenCalledWith({ cloudPath: 'prints/a.pdf', fileContent: Buffer.from('%PDF') });
    expect(await files.temporaryUrl(FILE_ID)).toBe('https://tmp.example/a.jpg');

    const failing = new CloudFileStorage(api({ getTempFileURL: async () => ({ fileList: [{ fileID: FILE_ID, tempFileURL: '', status: -1, errMsg: 'STORAGE_FILE_NONEXIST' }] }) }));
    await expect(failing.temporaryUrl(FILE_ID)).rejects.toThrow('STORAGE_FILE_NONEXIST');
  });

  it('links many files in calls of 50 with an hour each; a file that is not there is left out', async () => {
    const ids = Array.from({ length: 51 }, (_, i) => `cloud://env.bucket/uploads/o1/${i}.jpg`);
    const getTempFileURL = jest.fn(async ({ fileList }: { fileList: { fileID: string; maxAge: number }[] }) => ({
      fileList: fileList.map(({ fileID }) =>
        fileID.endsWith('/7.jpg') ? { fileID, tempFileURL: '', status: -1, errMsg: 'STORAGE_FILE_NONEXIST' } : { fileID, tempFileURL: `https://tmp.example/${fileID.slice(-6)}`, status: 0 },
      ),
    }));
    const files = new CloudFileStorage(api({ getTempFileURL }));
    const links = await files.temporaryUrls([...ids, ids[0]!, 'local://uploads/o1/x.jpg']);
    expect(getTempFileURL.mock.calls.map(([p]) => p.fileList.length)).toEqual([50, 1]);
    expect(getTempFileURL.mock.calls.flatMap(([p]) => p.fileList.map((f) => f.maxAge))).toEqual(ids.map(() => 3600));
    expect(links.size).toBe(50);
    expect(links.has(ids[7]!)).toBe(false);
    expect(links.get(ids[50]!)).toBe('https://tmp.example/50.jpg');
    expect(await files.temporaryUrls([])).toEqual(new Map());
    expect(getTempFileURL).toHaveBeenCalledTimes(2);
  });
});
