/**
 * The manager-node adapter's calls, with the package replaced by a recorder (it cannot run offline): what each
 * deploy step asks of @cloudbase/manager-node. tests/deploy/cloud.test.ts runs the real one when credentials
 * are given.
 */
import { TIMER } from '../../scripts/build';
import { connect } from '../../scripts/deploy/cloud';
import type { FunctionPlan } from '../../scripts/deploy/plan';

const calls: unknown[][] = [];
/** what invokeFunction answers, one per call */
const invokeAnswers: unknown[] = [];
const record =
  (method: string, answer?: unknown) =>
  async (...args: unknown[]): Promise<unknown> => {
    calls.push([method, ...args]);
    return answer;
  };

jest.mock('@cloudbase/manager-node', () => {
  return jest.fn().mockImplementation((config: unknown) => {
    calls.push(['new CloudBase', config]);
    return {
      functions: {
        listAllFunctions: record('listAllFunctions', [{ FunctionName: 'review', Runtime: 'Nodejs16.13', Status: 'Active' }]),
        getFunctionDetail: record('getFunctionDetail', { Triggers: [{ TriggerName: 'hourly', Type: 'timer', TriggerDesc: '{"cron":"0 0 * * * * *"}' }] }),
        createFunction: record('createFunction'),
        updateFunctionCode: record('updateFunctionCode'),
        updateFunctionConfig: record('updateFunctionConfig'),
        waitFunctionActive: record('waitFunctionActive'),
        createFunctionTriggers: record('createFunctionTriggers'),
        deleteFunctionTrigger: record('deleteFunctionTrigger'),
        invokeFunction: async (name: string, params: unknown) => {
          calls.push(['invokeFunction', name, params]);
          return invokeAnswers.shift();
        },
      },
    };
  });
});

const fn: FunctionPlan = {
  name: 'expireOffers',
  runtime: 'Nodejs18.15',
  handler: 'index.main',
  timeout: 60,
  memorySize: 256,
  installDependency: true,
  triggers: [{ ...TIMER }],
  openapi: ['subscribeMessage.send'],
  files: [],
  bytes: 0,
};

const func = {
  name: 'expireOffers',
  runtime: 'Nodejs18.15',
  handler: 'index.main',
  timeout: 60,
  memorySize: 256,
  installDependency: true,
  isWaitInstall: true,
};

describe('the manager-node adapter', () => {
  beforeEach(() => {
    calls.length = 0;
  });

  it('opens the environment with the key pair and lists its functions', async () => {
    const cloud = await connect({ envId: 'env-1', secretId: 'AKID', secretKey: 'k', region: 'ap-guangzhou' });
    expect(await cloud.list()).toEqual([{ name: 'review', runtime: 'Nodejs16.13', status: 'Active' }]);
    expect(await cloud.triggers('expireOffers')).toEqual([{ name: 'hourly', type: 'timer', desc: '{"cron":"0 0 * * * * *"}' }]);
    expect(calls).toEqual([
      ['new CloudBase', { envId: 'env-1', secretId: 'AKID', secretKey: 'k', region: 'ap-guangzhou' }],
      ['listAllFunctions', { envId: 'env-1' }],
      ['getFunctionDetail', 'expireOffers'],
    ]);
  });

  it('creates from the staged folder with runtime, timeout, cloud npm install and the timers, and waits until active', async () => {
    const cloud = await connect({ envId: 'env-1', secretId: 'AKID', secretKey: 'k' });
    await cloud.create(fn, '/stage/expireOffers');
    expect(calls.slice(1)).toEqual([
      ['createFunction', { func: { ...func, triggers: [{ ...TIMER }] }, functionPath: '/stage/expireOffers', force: false }],
      ['waitFunctionActive', 'expireOffers'],
    ]);
  });

  it('updates code, then configuration (no triggers: those are synced one by one), each waiting until active', async () => {
    const cloud = await connect({ envId: 'env-1', secretId: 'AKID', secretKey: 'k' });
    await cloud.updateCode(fn, '/stage/expireOffers');
    await cloud.updateConfig(fn);
    await cloud.deleteTrigger('expireOffers', 'nightly');
    await cloud.createTriggers('expireOffers', fn.triggers);
    expect(calls.slice(1)).toEqual([
      ['updateFunctionCode', { func, functionPath: '/stage/expireOffers' }],
      ['waitFunctionActive', 'expireOffers'],
      ['updateFunctionConfig', func],
      ['waitFunctionActive', 'expireOffers'],
      ['deleteFunctionTrigger', 'expireOffers', 'nightly'],
      ['createFunctionTriggers', 'expireOffers', [{ ...TIMER }]],
    ]);
  });

  it('invokes a function with the event and reads what it returned; a function that threw or timed out rejects', async () => {
    const cloud = await connect({ envId: 'env-1', secretId: 'AKID', secretKey: 'k' });
    const answer = { ok: true, data: { probe: 'subscribeMessage', permission: 'present', errCode: 40003, errMsg: 'invalid openid' } };
    invokeAnswers.push(
      { RequestId: 'r1', InvokeResult: 0, RetMsg: JSON.stringify(answer), ErrMsg: '' },
      { RequestId: 'r2', InvokeResult: 1, RetMsg: '', ErrMsg: 'Invoking task timed out after 10 seconds' },
    );
    expect(await cloud.invoke('review', { probe: 'subscribeMessage' })).toEqual(answer);
    await expect(cloud.invoke('review', { probe: 'subscribeMessage' })).rejects.toThrow('Invoking task timed out after 10 seconds');
    expect(calls.slice(1)).toEqual([
      ['invokeFunction', 'review', { probe: 'subscribeMessage' }],
      ['invokeFunction', 'review', { probe: 'subscribeMessage' }],
    ]);
  });
});
