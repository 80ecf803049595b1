/**
 * The openapi permission probe of a deployed function (`{ probe: 'subscribeMessage' }`, server/runtime/probe.ts):
 * refused to a mini program user, never addressed to anyone real, and read as present, missing or unknown from what
 * the send answers.
 */
import type { SubscribeMessageApi } from '../../server/notify/wxSender';
import { cloudMainWith, type WxCloud } from '../../server/runtime/cloud';
import { classify, PROBE_EVENT, PROBE_TEMPLATE, PROBE_TOUSER } from '../../server/runtime/probe';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { expireOffers } from '../../server/usecases/expireOffers';
import { review } from '../../server/usecases/review';
import { makeSystem, type TestSystem } from '../support/harness';
import { stubWxCloud, type SendMock } from '../support/wxCloud';

type Send = SubscribeMessageApi['send'];

const sdkWith = (context: { OPENID?: string }, send: SendMock): WxCloud => stubWxCloud(context, send).sdk;

const answering = (answer: () => Promise<unknown>) => jest.fn<ReturnType<Send>, Parameters<Send>>(answer);

describe('the openapi permission probe', () => {
  let sys: TestSystem;
  let errors: jest.SpyInstance;
  beforeEach(async () => {
    sys = await makeSystem({ now: new Date().toISOString() });
    errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    errors.mockRestore();
    sys.close();
  });

  const probeOf = (send: jest.Mock<ReturnType<Send>, Parameters<Send>>, context: { OPENID?: string } = {}) =>
    cloudMainWith(review, { loadSdk: () => sdkWith(context, send), makeStore: () => sys.store });

  it('given a mini program user (an OPENID), when the probe is asked for, then it is refused and nothing is sent', async () => {
    const send = answering(async () => ({ errCode: 0 }));
    const main = probeOf(send, { OPENID: DEMO_OPENIDS.schoolReviewer });
    expect(await main({ ...PROBE_EVENT })).toEqual({ ok: false, code: 'FORBIDDEN', message: '您没有权限进行此操作' });
    // userInfo in the event is no identity either way
    expect(await main({ ...PROBE_EVENT, userInfo: { openId: '', appId: 'wx0' } })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(send).not.toHaveBeenCalled();
  });

  it('given a server-side caller, when the probe runs, then it sends only to the fixed addressee and template, whatever the event carries', async () => {
    const send = answering(() => Promise.reject({ errCode: 40003, errMsg: 'invalid openid' }));
    const main = probeOf(send);
    await main({ ...PROBE_EVENT, touser: DEMO_OPENIDS.student, templateId: 'demo-tmpl-offer-received', data: { thing1: { value: 'x' } } });
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith({ touser: PROBE_TOUSER, templateId: PROBE_TEMPLATE, page: '', data: {}, miniprogramState: 'formal', lang: 'zh_CN' });
    // neither could name a real addressee or template: an openid is 28 characters from `o`, a template id 43 without `-`
    expect(PROBE_TOUSER).not.toMatch(/^o[\w-]{27}$/);
    expect(PROBE_TEMPLATE).toContain('-');
    expect(PROBE_TEMPLATE).not.toHaveLength(43);
  });

  it('given the cloud answers -604101, then the permission is missing, and the function logs it', async () => {
    const main = probeOf(answering(() => Promise.reject({ errCode: -604101, errMsg: 'openapi.subscribeMessage.send:fail -604101 function has no permission to call this API' })));
    expect(await main({ ...PROBE_EVENT })).toEqual({
      ok: true,
      data: { probe: 'subscribeMessage', permission: 'missing', errCode: -604101, errMsg: 'openapi.subscribeMessage.send:fail -604101 function has no permission to call this API' },
    });
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('[review] 云调用权限 subscribeMessage.send 未登记'));
  });

  it('given WeChat refuses the addressee (40003), then the call got past the permission: present', async () => {
    const main = probeOf(answering(() => Promise.reject({ errCode: 40003, errMsg: 'openapi.subscribeMessage.send:fail invalid openid' })));
    expect(await main({ ...PROBE_EVENT })).toEqual({
      ok: true,
      data: { probe: 'subscribeMessage', permission: 'present', errCode: 40003, errMsg: 'openapi.subscribeMessage.send:fail invalid openid' },
    });
    expect(errors).not.toHaveBeenCalled();
  });

  it('given the send throws without a code (network), then the permission is unknown', async () => {
    const main = probeOf(answering(() => Promise.reject(new Error('socket hang up'))));
    expect(await main({ ...PROBE_EVENT })).toEqual({ ok: true, data: { probe: 'subscribeMessage', permission: 'unknown', errMsg: 'socket hang up' } });
  });

  it('given an event asking for another probe, then it is refused naming the field, and nothing is sent', async () => {
    const send = answering(async () => ({ errCode: 0 }));
    expect(await probeOf(send)({ probe: 'sendMail' })).toEqual({
      ok: false,
      code: 'INVALID_INPUT',
      message: 'probe 只能是 subscribeMessage',
      issues: [{ path: 'probe', message: 'probe 只能是 subscribeMessage' }],
    });
    expect(send).not.toHaveBeenCalled();
  });

  it('given the timer function, when probed, then it answers the probe and does not run a sweep', async () => {
    const send = answering(() => Promise.reject({ errCode: 40037, errMsg: 'invalid template id' }));
    const main = cloudMainWith(expireOffers, { loadSdk: () => sdkWith({}, send), makeStore: () => sys.store });
    const answer = await main({ ...PROBE_EVENT });
    expect(answer).toEqual({ ok: true, data: { probe: 'subscribeMessage', permission: 'present', errCode: 40037, errMsg: 'invalid template id' } });
    expect(answer.ok && 'done' in answer.data).toBe(false);
  });
});

describe('classify: what an answer to the probe says', () => {
  it.each([
    { what: '-604101 as a number', answer: { errCode: -604101, errMsg: 'no permission' }, permission: 'missing' },
    { what: '604101 as a string', answer: { errCode: '604101', errMsg: 'no permission' }, permission: 'missing' },
    { what: '-604101 in the text only', answer: new Error('cloud.callOpenAPI:fail -604101 function has no permission to call this API'), permission: 'missing' },
    { what: '40003 invalid openid', answer: { errCode: 40003, errMsg: 'invalid openid' }, permission: 'present' },
    { what: '40037 invalid template', answer: { errCode: 40037, errMsg: 'invalid template_id' }, permission: 'present' },
    { what: '47003 argument invalid', answer: { errCode: 47003, errMsg: 'argument invalid!' }, permission: 'present' },
    { what: '0 (would be sent)', answer: { errCode: 0, errMsg: 'ok' }, permission: 'present' },
    { what: 'a thrown network error', answer: new Error('connect ETIMEDOUT'), permission: 'unknown' },
    { what: 'another cloud failure before WeChat', answer: { errCode: -501001, errMsg: 'resource system error' }, permission: 'unknown' },
    { what: 'nothing', answer: undefined, permission: 'unknown' },
    { what: 'a code that merely contains the digits', answer: { errCode: 16041015, errMsg: 'x' }, permission: 'present' },
  ])('$what → $permission', ({ answer, permission }) => {
    expect(classify(answer).permission).toBe(permission);
  });
});
