/**
 * `npm run deploy` end to end with the cloud replaced by a recording fake (the real one needs credentials; see
 * cloud.test.ts): arguments and exit codes, create versus update, triggers, the files that go up, failures.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ASSETS, folderOf, ROOT, scaffold, TIMER } from '../../scripts/build';
import { deploy } from '../../scripts/deploy';
import type { CloudFunctions, Credentials, RemoteFunction } from '../../scripts/deploy/cloud';
import type { FunctionPlan, Trigger } from '../../scripts/deploy/plan';
import type { RemoteTrigger } from '../../scripts/deploy/triggers';
import { functionNames } from '../../server/runtime/registry';

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
}

describe('npm run deploy (offline, recording fake cloud)', () => {
  let root: string;
  let out: string[];
  let err: string[];
  let built: string[][];
  let connected: Credentials[];

  /** Stands in for scripts/build.ts (tested in tests/functions/build.test.ts): the folders as a build leaves them. */
  const fakeBuild = async (names: readonly string[]): Promise<void> => {
    built.push([...names]);
    scaffold(names, root);
    for (const name of names) {
      writeFileSync(path.join(folderOf(name, root), 'index.js'), `exports.main = async () => ({ ok: true, fn: ${JSON.stringify(name)} });\n`);
      writeFileSync(path.join(folderOf(name, root), 'index.js.map'), '{}');
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
    });

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'wq-deploy-'));
    mkdirSync(path.join(root, 'cloudfunctions'));
    out = [];
    err = [];
    built = [];
    connected = [];
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
    expect(text).toMatch(/printAgreement .*超时 20 s.*4 个文件 .*（index\.js package\.json config\.json fonts\/wqy-microhei\.ttc）/);
    expect(text).not.toMatch(/query .*云调用/);
    expect(out[out.length - 1]).toMatch(/^共 11 个函数，[\d.]+ KB；未连接云端，什么也没有改动。$/);
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
      for (const a of ASSETS[fn.name] ?? []) expected[a.to] = 0;
      const upload = cloud.uploads.get(fn.name)!;
      expect(Object.keys(upload).sort()).toEqual(Object.keys(expected).sort());
      for (const file of Object.keys(upload)) expect(upload[file]).toBe(statSync(path.join(folderOf(fn.name, root), file)).size);
    }
    expect(cloud.created.get('expireOffers')!.triggers).toEqual([{ ...TIMER }]);
    expect(cloud.created.get('expireOffers')!.timeout).toBe(60);
    // a new function gets its triggers with its creation: no separate trigger calls
    expect(cloud.calls.filter(([m]) => m !== 'create')).toEqual([]);
    expect(out.filter((l) => l.startsWith('✓ 新建'))).toHaveLength(11);
    expect(out).toContainEqual(expect.stringMatching(/^✓ 新建  expireOffers +新建（Nodejs18\.15），定时触发器 hourly（\d+ s）$/));
    expect(out).toContainEqual('部署到 school-test-1a2b：11 个函数，新建 11，更新 0，失败 0');
    expect(out.join('\n')).toContain('-604101');
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
    ]);
    expect(of('review')).toEqual([
      ['updateCode', 'review'],
      ['updateConfig', 'review', { timeout: 20, memorySize: 256, installDependency: true }],
      ['triggers', 'review'],
    ]);
    expect(of('bind')).toEqual([['create', 'bind']]);
    expect(of('legacyReport')).toEqual([]);
    expect(out).toContainEqual(expect.stringMatching(/^✓ 更新  expireOffers .*定时触发器 hourly 已设置，删除旧触发器 nightly，运行时仍为 Nodejs16\.13（创建后不能更改）/));
    expect(out).toContainEqual('环境中另有函数（未改动）：legacyReport');
    expect(out).toContainEqual('部署到 school-test-1a2b：3 个函数，新建 1，更新 2，失败 0');
  });

  it('creates again a function whose first creation failed, rather than updating the husk', async () => {
    const cloud = new FakeCloud([{ name: 'bind', runtime: 'Nodejs18.15', status: 'CreateFailed' }]);
    expect(await run(['--only', 'bind'], CREDS, cloud)).toBe(0);
    expect(cloud.calls).toEqual([['create', 'bind']]);
  });

  it('leaves an unchanged timer alone', async () => {
    const cloud = new FakeCloud([{ name: 'expireOffers', runtime: 'Nodejs18.15' }], {
      expireOffers: [{ name: 'hourly', type: 'timer', desc: '{"cron":"0 0 * * * * *"}' }],
    });
    expect(await run(['--only', 'expireOffers'], CREDS, cloud)).toBe(0);
    expect(cloud.calls.map(([m]) => m)).toEqual(['updateCode', 'updateConfig', 'triggers']);
  });

  it('reports a function that fails, with the step, deploys the others and exits 1', async () => {
    const cloud = new FakeCloud([{ name: 'review', runtime: 'Nodejs18.15' }]);
    cloud.failOn.set('review', 'updateConfig');
    cloud.failOn.set('query', 'create');
    expect(await run([], CREDS, cloud)).toBe(1);
    expect([...cloud.created.keys()].sort()).toEqual(functionNames.filter((n) => n !== 'query' && n !== 'review').sort());
    expect(out).toContainEqual('部署到 school-test-1a2b：11 个函数，新建 9，更新 0，失败 2');
    expect(out).toContainEqual('  ✗ review: 更新配置失败：[review] updateConfig failed: ResourceUnavailable');
    expect(out).toContainEqual('  ✗ query: 创建函数失败：[query] create failed: ResourceUnavailable');
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
    expect(err[1]).toBe('读取环境 school-test-1a2b 的函数列表失败，未部署：AuthFailure.SignatureFailure');
    expect(unreachable.calls).toEqual([]);
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
