/**
 * `npm run deploy` end to end with the cloud and miniprogram-ci replaced by recording fakes (the real ones need
 * credentials; see cloud.test.ts): arguments and exit codes, create versus update, triggers, the files that go up,
 * failures, the code upload that registers the openapi permission, and the probe that checks it.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ASSETS, folderOf, LAZY, ROOT, scaffold, TIMER } from '../../scripts/build';
import { deploy } from '../../scripts/deploy';
import type { CodeUploader, UploadKey } from '../../scripts/deploy/ci';
import type { CloudFunctions, Credentials, RemoteFunction } from '../../scripts/deploy/cloud';
import type { FunctionPlan, Trigger } from '../../scripts/deploy/plan';
import type { RemoteTrigger } from '../../scripts/deploy/triggers';
import { functionNames } from '../../server/runtime/registry';
import type { Permission } from '../../server/runtime/probe';

const CREDS = { TCB_ENV_ID: 'school-test-1a2b', TCB_SECRET_ID: 'AKIDtest', TCB_SECRET_KEY: 'secret' };

/** What the fake saw of an uploaded folder: its files and their bytes, read when the call was made. */
type Upload = Record<string, number>;

function listUpload(dir: string, prefix = ''): Upload {
  const out: Upload = {};
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, listUpload(path.join(dir, e.name), rel));
    else out[rel] = statSync(path.join(dir, e.name)).size;
  }
  return out;
}

/** A CloudBase environment in memory that records every call. */
class FakeCloud implements CloudFunctions {
  calls: [string, string, ...unknown[]][] = [];
  uploads = new Map<string, Upload>();
  created = new Map<string, FunctionPlan>();
  failOn = new Map<string, string>();
  /** how each function answers the probe: its permission (present unless set), or a whole answer to return */
  permissions = new Map<string, Permission | { answer: unknown }>();
  constructor(
    public remote: RemoteFunction[] = [],
    public timers: Record<string, RemoteTrigger[]> = {},
  ) {}
  private step(method: string, name: string, ...rest: unknown[]): void {
    this.calls.push([method, name, ...rest]);
    if (this.failOn.get(name) === method) throw new Error(`[${name}] ${method} failed: ResourceUnavailable`);
  }
  async list(): Promise<RemoteFunction[]> {
    return this.remote;
  }
  async triggers(name: string): Promise<RemoteTrigger[]> {
    this.step('triggers', name);
    return this.timers[name] ?? [];
  }
  async create(fn: FunctionPlan, dir: string): Promise<void> {
    this.uploads.set(fn.name, listUpload(dir));
    this.step('create', fn.name);
    this.created.set(fn.name, fn);
  }
  async updateCode(fn: FunctionPlan, dir: string): Promise<void> {
    this.uploads.set(fn.name, listUpload(dir));
    this.step('updateCode', fn.name);
  }
  async updateConfig(fn: FunctionPlan): Promise<void> {
    this.step('updateConfig', fn.name, { timeout: fn.timeout, memorySize: fn.memorySize, installDependency: fn.installDependency });
  }
  async createTriggers(name: string, triggers: Trigger[]): Promise<void> {
    this.step('createTriggers', name, triggers);
  }
  async deleteTrigger(name: string, trigger: string): Promise<void> {
    this.step('deleteTrigger', name, trigger);
  }
  async invoke(name: string, event: Record<string, unknown>): Promise<unknown> {
    this.step('invoke', name, event);
    const set = this.permissions.get(name) ?? 'present';
    if (typeof set === 'object') return set.answer;
    const said = { present: { errCode: 40003, errMsg: 'invalid openid' }, missing: { errCode: -604101, errMsg: 'no permission' }, unknown: { errMsg: 'ETIMEDOUT' } }[set];
    return { ok: true, data: { probe: 'subscribeMessage', permission: set, ...said } };
  }
}

/** miniprogram-ci's cloud upload in memory: records into the cloud's call list, so that the order is one list. */
class FakeUploader implements CodeUploader {
  constructor(private readonly cloud: FakeCloud) {}
  async upload(name: string, dir: string): Promise<{ files: number; bytes: number }> {
    const upload = listUpload(dir);
    this.cloud.calls.push(['ciUpload', name, Object.keys(upload).sort()]);
    if (this.cloud.failOn.get(name) === 'ciUpload') throw new Error('invalid ip: 203.0.113.7, reference: https://developers.weixin.qq.com/miniprogram/dev/devtools/ci.html');
    return { files: Object.keys(upload).length, bytes: Object.values(upload).reduce((a, b) => a + b, 0) };
  }
}

describe('npm run deploy (offline, recording fake cloud)', () => {
  let root: string;
  let out: string[];
  let err: string[];
  let built: string[][];
  let connected: Credentials[];
  let ciOpened: { key: UploadKey; envId: string; projectPath: string }[];

  /** Stands in for scripts/build.ts (tested in tests/functions/build.test.ts): the folders as a build leaves them. */
  const fakeBuild = async (names: readonly string[]): Promise<void> => {
    built.push([...names]);
    scaffold(names, root);
    for (const name of names) {
      writeFileSync(path.join(folderOf(name, root), 'index.js'), `exports.main = async () => ({ ok: true, fn: ${JSON.stringify(name)} });\n`);
      writeFileSync(path.join(folderOf(name, root), 'index.js.map'), '{}');
      for (const { to } of LAZY[name] ?? []) writeFileSync(path.join(folderOf(name, root), to), 'exports.later = 1;\n');
      for (const { to } of ASSETS[name] ?? []) {
        mkdirSync(path.dirname(path.join(folderOf(name, root), to)), { recursive: true });
        writeFileSync(path.join(folderOf(name, root), to), Buffer.alloc(4096, 1));
      }
    }
  };

  const run = (argv: string[], env: NodeJS.ProcessEnv, cloud?: FakeCloud): Promise<number> =>
    deploy(argv, env, {
      root,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      build: fakeBuild,
      connect: async (c) => {
        connected.push(c);
        if (!cloud) throw new Error('no cloud in this test');
        return cloud;
      },
      connectCi: async (key, envId, projectPath) => {
        ciOpened.push({ key, envId, projectPath });
        if (!cloud) throw new Error('no cloud in this test');
        return new FakeUploader(cloud);
      },
    });

  /** A code upload key as 开发设置 hands it out, and the two variables naming it. */
  const withKey = (env: NodeJS.ProcessEnv = CREDS): NodeJS.ProcessEnv => {
    const keyFile = path.join(root, 'private.wx0123456789abcdef.key');
    writeFileSync(keyFile, '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAtest\n-----END RSA PRIVATE KEY-----\n');
    return { ...env, WX_APPID: 'wx0123456789abcdef', WX_UPLOAD_KEY_FILE: keyFile };
  };
  const SENDING = functionNames.filter((n) => !['query', 'verifyAgreement', 'printAgreement'].includes(n));
  const PROBE = { probe: 'subscribeMessage' };

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'wq-deploy-'));
    mkdirSync(path.join(root, 'cloudfunctions'));
    out = [];
    err = [];
    built = [];
    connected = [];
    ciOpened = [];
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('without credentials exits 2 naming the missing variables, before building or connecting', async () => {
    expect(await run([], {})).toBe(2);
    expect(err.join('\n')).toContain('缺少环境变量 TCB_ENV_ID、TCB_SECRET_ID、TCB_SECRET_KEY');
    expect(await run([], { TCB_ENV_ID: 'x', TCB_SECRET_ID: 'y', TCB_SECRET_KEY: '  ' })).toBe(2);
    expect(err[1]).toMatch(/^缺少环境变量 TCB_SECRET_KEY：/);
    expect(built).toEqual([]);
    expect(connected).toEqual([]);
  });

  it('refuses an unknown option or function name with exit 2 and the usage', async () => {
    expect(await run(['--force'], CREDS)).toBe(2);
    expect(err[0]).toContain('用法：npm run deploy');
    expect(await run(['--only', 'review,sendMail'], CREDS)).toBe(2);
    expect(err[1]).toContain('没有这些函数：sendMail');
    expect(await run(['--only', ' , '], CREDS)).toBe(2);
    expect(built).toEqual([]);
  });

  it('--dry-run builds and prints each function with its runtime, timeout, timer, permission and files; no credentials, no network', async () => {
    expect(await run(['--dry-run'], {})).toBe(0);
    expect(connected).toEqual([]);
    expect(built).toEqual([functionNames]);
    const text = out.join('\n');
    expect(text).toContain('演练（--dry-run）：不连接云端');
    for (const name of functionNames) expect(text).toMatch(new RegExp(`^  ${name} +Nodejs18\\.15  超时 \\d+ s`, 'm'));
    expect(text).toMatch(/expireOffers +Nodejs18\.15  超时 60 s  内存 256 MB  定时触发器 hourly「0 0 \* \* \* \* \*」  云调用 subscribeMessage\.send  3 个文件/);
    expect(text).toMatch(/printAgreement .*超时 20 s.*5 个文件 .*（index\.js package\.json config\.json print\.js fonts\/wqy-microhei\.ttc）/);
    expect(text).not.toMatch(/query .*云调用/);
    expect(out[out.length - 1]).toMatch(/^共 13 个函数，[\d.]+ KB；未连接云端，什么也没有改动。$/);
    // nothing staged either
    expect(() => readdirSync(path.join(root, 'dist/deploy'))).toThrow();
  });

  it('creates every function of an empty environment from a folder holding exactly the planned files', async () => {
    const cloud = new FakeCloud();
    expect(await run([], CREDS, cloud)).toBe(0);
    expect(connected).toEqual([{ envId: 'school-test-1a2b', secretId: 'AKIDtest', secretKey: 'secret' }]);
    expect([...cloud.created.keys()].sort()).toEqual([...functionNames].sort());
    for (const fn of cloud.created.values()) {
      expect(fn).toMatchObject({ runtime: 'Nodejs18.15', handler: 'index.main', installDependency: true, memorySize: 256 });
      const expected: Upload = { 'config.json': 0, 'index.js': 0, 'package.json': 0 };
      for (const a of [...(LAZY[fn.name] ?? []), ...(ASSETS[fn.name] ?? [])]) expected[a.to] = 0;
      const upload = cloud.uploads.get(fn.name)!;
      expect(Object.keys(upload).sort()).toEqual(Object.keys(expected).sort());
      for (const file of Object.keys(upload)) expect(upload[file]).toBe(statSync(path.join(folderOf(fn.name, root), file)).size);
    }
    expect(cloud.created.get('expireOffers')!.triggers).toEqual([{ ...TIMER }]);
    expect(cloud.created.get('expireOffers')!.timeout).toBe(60);
    // a new function gets its triggers with its creation: no separate trigger calls; then each function that sends
    // messages is probed
    expect(cloud.calls.filter(([m]) => m !== 'create' && m !== 'invoke')).toEqual([]);
    expect(cloud.calls.filter(([m]) => m === 'invoke').sort()).toEqual(SENDING.map((n) => ['invoke', n, PROBE]).sort());
    expect(out.filter((l) => l.startsWith('✓ 新建'))).toHaveLength(13);
    expect(out).toContainEqual(expect.stringMatching(/^✓ 新建  expireOffers +新建（Nodejs18\.15），定时触发器 hourly（\d+ s）$/));
    expect(out).toContainEqual('部署到 school-test-1a2b：13 个函数，新建 13，更新 0，失败 0');
    // without the upload key: said loudly, and the probe shows whether the permission is there anyway
    expect(ciOpened).toEqual([]);
    expect(err.join('\n')).toContain('⚠ 未设置 WX_APPID 与 WX_UPLOAD_KEY_FILE');
    for (const name of SENDING) expect(out).toContainEqual(expect.stringMatching(new RegExp(`^✓ 云调用权限  ${name} +subscribeMessage\\.send 可用（微信答复：40003 invalid openid）$`)));
  });

  it('updates a function that exists: code, then configuration, then its timers brought to config.json', async () => {
    const cloud = new FakeCloud(
      [
        { name: 'expireOffers', runtime: 'Nodejs16.13' },
        { name: 'review', runtime: 'Nodejs18.15' },
        { name: 'legacyReport', runtime: 'Nodejs16.13' },
      ],
      { expireOffers: [{ name: 'hourly', type: 'timer', desc: '{"cron":"0 30 * * * * *"}' }, { name: 'nightly', type: 'timer', desc: '0 0 2 * * * *' }] },
    );
    expect(await run(['--only', 'expireOffers,review,bind'], CREDS, cloud)).toBe(0);
    expect(built).toEqual([['expireOffers', 'review', 'bind']]);
    const of = (name: string) => cloud.calls.filter(([, n]) => n === name);
    expect(of('expireOffers')).toEqual([
      ['updateCode', 'expireOffers'],
      ['updateConfig', 'expireOffers', { timeout: 60, memorySize: 256, installDependency: true }],
      ['triggers', 'expireOffers'],
      ['deleteTrigger', 'expireOffers', 'hourly'],
      ['deleteTrigger', 'expireOffers', 'nightly'],
      ['createTriggers', 'expireOffers', [{ ...TIMER }]],
      ['invoke', 'expireOffers', PROBE],
    ]);
    expect(of('review')).toEqual([
      ['updateCode', 'review'],
      ['updateConfig', 'review', { timeout: 20, memorySize: 256, installDependency: true }],
      ['triggers', 'review'],
      ['invoke', 'review', PROBE],
    ]);
    expect(of('bind')).toEqual([
      ['create', 'bind'],
      ['invoke', 'bind', PROBE],
    ]);
    expect(of('legacyReport')).toEqual([]);
    expect(out).toContainEqual(expect.stringMatching(/^✓ 更新  expireOffers .*定时触发器 hourly 已设置，删除旧触发器 nightly，运行时仍为 Nodejs16\.13（创建后不能更改）/));
    expect(out).toContainEqual('环境中另有函数（未改动）：legacyReport');
    expect(out).toContainEqual('部署到 school-test-1a2b：3 个函数，新建 1，更新 2，失败 0');
  });

  it('creates again a function whose first creation failed, rather than updating the husk', async () => {
    const cloud = new FakeCloud([{ name: 'bind', runtime: 'Nodejs18.15', status: 'CreateFailed' }]);
    expect(await run(['--only', 'bind'], CREDS, cloud)).toBe(0);
    expect(cloud.calls).toEqual([
      ['create', 'bind'],
      ['invoke', 'bind', PROBE],
    ]);
  });

  it('leaves an unchanged timer alone', async () => {
    const cloud = new FakeCloud([{ name: 'expireOffers', runtime: 'Nodejs18.15' }], {
      expireOffers: [{ name: 'hourly', type: 'timer', desc: '{"cron":"0 0 * * * * *"}' }],
    });
    expect(await run(['--only', 'expireOffers'], CREDS, cloud)).toBe(0);
    expect(cloud.calls.map(([m]) => m)).toEqual(['updateCode', 'updateConfig', 'triggers', 'invoke']);
  });

  it('reports a function that fails, with the step, deploys the others and exits 1', async () => {
    const cloud = new FakeCloud([{ name: 'review', runtime: 'Nodejs18.15' }]);
    cloud.failOn.set('review', 'updateConfig');
    cloud.failOn.set('query', 'create');
    expect(await run([], CREDS, cloud)).toBe(1);
    expect([...cloud.created.keys()].sort()).toEqual(functionNames.filter((n) => n !== 'query' && n !== 'review').sort());
    expect(out).toContainEqual('部署到 school-test-1a2b：13 个函数，新建 11，更新 0，失败 2');
    expect(out).toContainEqual('  ✗ review: 更新配置失败：[review] updateConfig failed: ResourceUnavailable');
    expect(out).toContainEqual('  ✗ query: 创建函数失败：[query] create failed: ResourceUnavailable');
      // a function that did not deploy is not probed
    expect(cloud.calls.filter(([m]) => m === 'invoke').map(([, n]) => n).sort()).toEqual(SENDING.filter((n) => n !== 'review').sort());
  });

  it('deploys nothing when a built folder would deploy wrong, and says why', async () => {
    const broken = async (names: readonly string[]): Promise<void> => {
      await fakeBuild(names);
      writeFileSync(path.join(folderOf('review', root), 'config.json'), '{}');
    };
    const cloud = new FakeCloud();
    const code = await deploy([], CREDS, { root, out: (l) => out.push(l), err: (l) => err.push(l), build: broken, connect: async () => cloud });
    expect(code).toBe(1);
    expect(err.join('\n')).toContain('review: permissions.openapi 应为 ["subscribeMessage.send"]，实为 []');
    expect(cloud.calls).toEqual([]);
  });

  it('stops before any change when the build fails or the environment cannot be listed', async () => {
    const failingBuild = async (): Promise<void> => {
      throw new Error('cannot build:\n  review: package.json is missing');
    };
    const deps = { root, out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    expect(await deploy([], CREDS, { ...deps, build: failingBuild, connect: async () => new FakeCloud() })).toBe(1);
    expect(err[0]).toMatch(/^构建失败，未部署：cannot build/);

    const unreachable = new FakeCloud();
    unreachable.list = async () => {
      throw new Error('AuthFailure.SignatureFailure');
    };
    expect(await deploy([], CREDS, { ...deps, build: fakeBuild, connect: async () => unreachable })).toBe(1);
    expect(err[err.length - 1]).toBe('读取环境 school-test-1a2b 的函数列表失败，未部署：AuthFailure.SignatureFailure');
    expect(unreachable.calls).toEqual([]);
  });

  describe('the openapi permission', () => {
    it('with the upload key: a new function is created through CloudBase, then its code goes up through miniprogram-ci, then it is probed', async () => {
      const cloud = new FakeCloud();
      expect(await run(['--only', 'expireOffers,query'], withKey(), cloud)).toBe(0);
      expect(ciOpened).toEqual([
        { key: { appid: 'wx0123456789abcdef', keyFile: path.join(root, 'private.wx0123456789abcdef.key') }, envId: 'school-test-1a2b', projectPath: path.join(root, 'dist/deploy') },
      ]);
      // created with the right runtime and timeout first (miniprogram-ci would create Nodejs8.9, 3 s), config.json in the upload
      expect(cloud.calls.filter(([, n]) => n === 'expireOffers')).toEqual([
        ['create', 'expireOffers'],
        ['ciUpload', 'expireOffers', ['config.json', 'index.js', 'package.json']],
        ['invoke', 'expireOffers', PROBE],
      ]);
      expect(cloud.created.get('expireOffers')).toMatchObject({ runtime: 'Nodejs18.15', timeout: 60 });
      // a function with no permission to register goes up as before, and is not probed
      expect(cloud.calls.filter(([, n]) => n === 'query')).toEqual([['create', 'query']]);
      expect(out).toContainEqual(expect.stringMatching(/^✓ 新建  expireOffers +新建（Nodejs18\.15），定时触发器 hourly，代码经 miniprogram-ci 上传（登记云调用权限）/));
      expect(out).toContainEqual('代码上传：expireOffers 经 miniprogram-ci（小程序 wx0123456789abcdef，登记云调用权限）；其余经云开发 API');
      expect(err).toEqual([]);
    });

    it('with the upload key: an existing function gets its code through miniprogram-ci, then configuration, then timers, then the probe', async () => {
      const cloud = new FakeCloud([
        { name: 'expireOffers', runtime: 'Nodejs18.15' },
        { name: 'printAgreement', runtime: 'Nodejs18.15' },
      ]);
      expect(await run(['--only', 'expireOffers,printAgreement'], withKey(), cloud)).toBe(0);
      expect(cloud.calls.filter(([, n]) => n === 'expireOffers')).toEqual([
        ['ciUpload', 'expireOffers', ['config.json', 'index.js', 'package.json']],
        ['updateConfig', 'expireOffers', { timeout: 60, memorySize: 256, installDependency: true }],
        ['triggers', 'expireOffers'],
        ['createTriggers', 'expireOffers', [{ ...TIMER }]],
        ['invoke', 'expireOffers', PROBE],
      ]);
      // the print function (no permission, a 5 MB font) keeps the CloudBase upload
      expect(cloud.calls.filter(([, n]) => n === 'printAgreement').map(([m]) => m)).toEqual(['updateCode', 'updateConfig', 'triggers']);
      expect(out).toContainEqual(expect.stringMatching(/^✓ 更新  expireOffers +更新代码（经 miniprogram-ci，登记云调用权限）与配置/));
    });

    it('a permission the probe finds missing fails the deploy, loudly, with what to do', async () => {
      const cloud = new FakeCloud();
      cloud.permissions.set('review', 'missing');
      expect(await run(['--only', 'review,bind'], CREDS, cloud)).toBe(1);
      expect(out).toContainEqual(expect.stringMatching(/^✗ 云调用权限  review +无权限调用 subscribeMessage\.send（-604101 no permission）$/));
      expect(out).toContainEqual(expect.stringMatching(/^✓ 云调用权限  bind /));
      const advice = err.join('\n');
      expect(advice).toContain('✗ 云调用权限缺失：review。');
      expect(advice).toContain('设置 WX_APPID 与 WX_UPLOAD_KEY_FILE 后运行 npm run deploy -- --only review');
      expect(advice).toContain('npm run deploy -- --check');
      // the deploy itself went through
      expect(out).toContainEqual('部署到 school-test-1a2b：2 个函数，新建 2，更新 0，失败 0');
    });

    it('missing right after an upload through miniprogram-ci: told to check again after the ten minutes the permission may take', async () => {
      const cloud = new FakeCloud();
      cloud.permissions.set('review', 'missing');
      expect(await run(['--only', 'review'], withKey(), cloud)).toBe(1);
      const advice = err.join('\n');
      expect(advice).toContain('代码已经 miniprogram-ci 上传，权限在上传后最多约 10 分钟生效：10 分钟后运行 npm run deploy -- --check 再查');
      expect(advice).not.toContain('设置 WX_APPID');
    });

    it('an answer that says nothing (network, old code) leaves the permission unconfirmed: exit 1 and how to check by hand', async () => {
      const cloud = new FakeCloud();
      cloud.permissions.set('review', 'unknown');
      cloud.permissions.set('bind', { answer: { ok: false, code: 'UNAUTHENTICATED', message: '无法识别您的微信身份，请重新进入小程序' } });
      expect(await run(['--only', 'review,bind'], CREDS, cloud)).toBe(1);
      expect(out).toContainEqual(expect.stringMatching(/^\? 云调用权限  review +发送没有得到微信的答复（ETIMEDOUT）$/));
      expect(out).toContainEqual(expect.stringMatching(/^\? 云调用权限  bind +函数没有识别探测，答复 UNAUTHENTICATED .*旧代码/));
      expect(err.join('\n')).toContain('? 未能确认云调用权限：bind, review。');
      expect(err.join('\n')).toContain('{"probe":"subscribeMessage"}');
    });

    it('a failed upload through miniprogram-ci is that function\'s failure, with the step and where to look', async () => {
      const cloud = new FakeCloud([{ name: 'review', runtime: 'Nodejs18.15' }]);
      cloud.failOn.set('review', 'ciUpload');
      expect(await run(['--only', 'review,bind'], withKey(), cloud)).toBe(1);
      expect(out).toContainEqual('  ✗ review: 经 miniprogram-ci 上传代码失败：invalid ip: 203.0.113.7, reference: https://developers.weixin.qq.com/miniprogram/dev/devtools/ci.html');
      expect(out.join('\n')).toContain('本机出口 IP 是否在密钥的 IP 白名单中');
      expect(cloud.calls.filter(([, n]) => n === 'review').map(([m]) => m)).toEqual(['ciUpload']);
      expect(cloud.calls.filter(([m]) => m === 'invoke').map(([, n]) => n)).toEqual(['bind']);
    });

    it('a key half given or not a key stops the deploy with exit 2 before anything is built, naming the variable', async () => {
      const cases: [NodeJS.ProcessEnv, string][] = [
        [{ ...CREDS, WX_APPID: 'wx0123456789abcdef' }, 'WX_APPID 已设置，还缺 WX_UPLOAD_KEY_FILE'],
        [{ ...CREDS, WX_UPLOAD_KEY_FILE: '/nonexistent/private.key' }, 'WX_UPLOAD_KEY_FILE 已设置，还缺 WX_APPID'],
        [{ ...withKey(), WX_APPID: 'touristappid' }, 'WX_APPID「touristappid」不是小程序的 AppID'],
        [{ ...withKey(), WX_UPLOAD_KEY_FILE: path.join(root, 'nothing.key') }, 'WX_UPLOAD_KEY_FILE 指向的文件不存在'],
      ];
      const secret = path.join(root, 'appsecret.txt');
      writeFileSync(secret, '0123456789abcdef0123456789abcdef\n');
      cases.push([{ ...withKey(), WX_UPLOAD_KEY_FILE: secret }, 'WX_UPLOAD_KEY_FILE 不是代码上传密钥']);
      for (const [env, message] of cases) {
        err.length = 0;
        expect([message, await run([], env, new FakeCloud())]).toEqual([message, 2]);
        expect(err[0]).toContain(message);
      }
      expect(built).toEqual([]);
      expect(connected).toEqual([]);
      expect(ciOpened).toEqual([]);
    });

    it('a key miniprogram-ci cannot open stops the deploy before any function is touched', async () => {
      const cloud = new FakeCloud();
      const code = await deploy(['--only', 'review'], withKey(), {
        root,
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        build: fakeBuild,
        connect: async () => cloud,
        connectCi: async () => {
          throw new Error('privateKey is not a valid RSA key');
        },
      });
      expect(code).toBe(1);
      expect(err).toEqual(['无法用代码上传密钥准备 miniprogram-ci，未部署：privateKey is not a valid RSA key']);
      expect(cloud.calls).toEqual([]);
    });

    it('--dry-run stays offline and needs no key: it says which upload each function gets, and warns without the key', async () => {
      expect(await run(['--dry-run'], {})).toBe(0);
      expect(out).toContainEqual('代码上传：全部经云开发 API（未设置 WX_APPID、WX_UPLOAD_KEY_FILE）');
      expect(err.join('\n')).toContain(`⚠ 未设置 WX_APPID 与 WX_UPLOAD_KEY_FILE：${SENDING.join(', ')} 的代码只经云开发 API 上传`);
      expect(err.join('\n')).toContain('WX_APPID=<小程序 AppID> WX_UPLOAD_KEY_FILE=<密钥文件路径> npm run deploy');

      out.length = 0;
      err.length = 0;
      expect(await run(['--dry-run'], withKey({}))).toBe(0);
      expect(out).toContainEqual(`代码上传：${SENDING.join(', ')} 经 miniprogram-ci（小程序 wx0123456789abcdef，登记云调用权限）；其余经云开发 API`);
      expect(err).toEqual([]);
      expect(connected).toEqual([]);
      expect(ciOpened).toEqual([]);
    });

    it('--check only probes: nothing built or uploaded, only the functions that send messages, one not deployed named', async () => {
      const cloud = new FakeCloud(SENDING.filter((n) => n !== 'bind').map((name) => ({ name, runtime: 'Nodejs18.15' })));
      cloud.permissions.set('review', 'missing');
      expect(await run(['--check'], CREDS, cloud)).toBe(1);
      expect(built).toEqual([]);
      expect(cloud.calls.filter(([m]) => m !== 'invoke')).toEqual([]);
      expect(cloud.calls.map(([, n]) => n).sort()).toEqual(SENDING.filter((n) => n !== 'bind').sort());
      expect(out).toContainEqual(expect.stringMatching(/^\? 云调用权限  bind +环境中没有这个函数：先 npm run deploy$/));
      expect(out).toContainEqual(expect.stringMatching(/^✗ 云调用权限  review /));
      // --check uploaded nothing: both ways to register it are named
      expect(err.join('\n')).toContain('最多约 10 分钟生效');
      expect(err.join('\n')).toContain('设置 WX_APPID 与 WX_UPLOAD_KEY_FILE');

      const healthy = new FakeCloud(SENDING.map((name) => ({ name, runtime: 'Nodejs18.15' })));
      expect(await run(['--check', '--only', 'review,query'], CREDS, healthy)).toBe(0);
      expect(healthy.calls).toEqual([['invoke', 'review', PROBE]]);
    });

    it('--check refuses --dry-run and missing credentials (exit 2), and has nothing to do for functions that send no message', async () => {
      expect(await run(['--check', '--dry-run'], CREDS, new FakeCloud())).toBe(2);
      expect(err[0]).toContain('--check 要连接云端，不能与 --dry-run 同用');
      expect(await run(['--check'], {}, new FakeCloud())).toBe(2);
      expect(err[1]).toMatch(/^缺少环境变量 TCB_ENV_ID、TCB_SECRET_ID、TCB_SECRET_KEY：检查需要/);
      expect(await run(['--check', '--only', 'query,printAgreement'], CREDS, new FakeCloud())).toBe(0);
      expect(out).toContainEqual('query, printAgreement 不发送订阅消息，没有云调用权限要检查。');
      expect(connected).toEqual([]);
    });
  });

  it('the npm script itself exits 2 and names the variables when credentials are missing', async () => {
    const env = { ...process.env };
    for (const v of ['TCB_ENV_ID', 'TCB_SECRET_ID', 'TCB_SECRET_KEY']) delete env[v];
    const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
    const failed = await promisify(execFile)(tsx, ['scripts/deploy.ts'], { cwd: ROOT, env, encoding: 'utf8' }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain('缺少环境变量 TCB_ENV_ID、TCB_SECRET_ID、TCB_SECRET_KEY');
    expect(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).toContain('"deploy": "tsx scripts/deploy.ts"');
  });
});
