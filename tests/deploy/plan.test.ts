/** The deploy plan (pure): what `npm run deploy` would send for each function, and what stops it. */
import { ASSETS, folderSources, LAZY, OPENAPI_SEND, READ_ONLY, TIMER } from '../../scripts/build';
import { DEFAULT_TIMEOUT, isCron7, planDeploy, RUNTIME, TIMEOUTS, type FolderSnapshot } from '../../scripts/deploy/plan';
import { cronOf, syncTriggers } from '../../scripts/deploy/triggers';
import { functionNames } from '../../server/runtime/registry';

/** A built folder as the scaffold and the build leave it (sources, bundle, assets), with a stray file or two. */
function builtFolder(name: string): FolderSnapshot {
  const sources = folderSources(name);
  return {
    name,
    files: [
      { path: 'config.json', bytes: sources['config.json']!.length },
      { path: 'index.js', bytes: 40_000 },
      { path: 'package.json', bytes: sources['package.json']!.length },
      { path: 'src/index.ts', bytes: 120 },
      { path: 'index.js.map', bytes: 90_000 },
      ...(LAZY[name] ?? []).map((l) => ({ path: l.to, bytes: 1_100_000 })),
      ...(ASSETS[name] ?? []).map((a) => ({ path: a.to, bytes: 5_000_000 })),
    ],
    configJson: sources['config.json']!,
    packageJson: sources['package.json']!,
  };
}

const folders = (): FolderSnapshot[] => functionNames.map(builtFolder);
const edit = (all: FolderSnapshot[], name: string, change: Partial<FolderSnapshot>): FolderSnapshot[] =>
  all.map((f) => (f.name === name ? { ...f, ...change } : f));

describe('planDeploy', () => {
  it('plans every registered function with Nodejs18.15, index.main, the cloud npm install, 256 MB', () => {
    const plan = planDeploy(functionNames, folders());
    expect(plan.problems).toEqual([]);
    expect(plan.functions.map((f) => f.name)).toEqual([...functionNames].sort());
    for (const fn of plan.functions) {
      expect(fn).toMatchObject({ runtime: 'Nodejs18.15', handler: 'index.main', installDependency: true, memorySize: 256 });
    }
    expect(RUNTIME).toBe('Nodejs18.15');
  });

  it('takes triggers and openapi permissions from config.json: one hourly 7-field timer on expireOffers, send where a message can be queued', () => {
    const plan = planDeploy(functionNames, folders());
    for (const fn of plan.functions) {
      expect([fn.name, fn.openapi]).toEqual([fn.name, READ_ONLY.has(fn.name) ? [] : [OPENAPI_SEND]]);
      expect([fn.name, fn.triggers]).toEqual([fn.name, fn.name === 'expireOffers' ? [{ ...TIMER }] : []]);
    }
    expect(plan.functions.find((f) => f.name === 'query')!.openapi).toEqual([]);
  });

  it('gives each function its timeout: 60 s for the sweep, 20 s for review batches and printing, 10 s otherwise', () => {
    const plan = planDeploy(functionNames, folders());
    const timeouts = Object.fromEntries(plan.functions.map((f) => [f.name, f.timeout]));
    expect(timeouts).toMatchObject({ expireOffers: 60, review: 20, printAgreement: 20, bind: 10, query: 10 });
    for (const fn of plan.functions) expect(fn.timeout).toBe(TIMEOUTS[fn.name] ?? DEFAULT_TIMEOUT);
    for (const name of Object.keys(TIMEOUTS)) expect(functionNames).toContain(name);
  });

  it('uploads exactly index.js, package.json, config.json, the code loaded on first use and the run-time assets: never src/, source maps or node_modules', () => {
    const plan = planDeploy(functionNames, folders());
    for (const fn of plan.functions) {
      expect(fn.files.map((f) => f.path)).toEqual(['index.js', 'package.json', 'config.json', ...(LAZY[fn.name] ?? []).map((l) => l.to), ...(ASSETS[fn.name] ?? []).map((a) => a.to)]);
      expect(fn.bytes).toBe(fn.files.reduce((s, f) => s + f.bytes, 0));
    }
    expect(plan.functions.find((f) => f.name === 'printAgreement')!.files.map((f) => f.path)).toContain('fonts/wqy-microhei.ttc');
  });

  it('--only plans just those functions; a name outside the registry is a problem', () => {
    expect(planDeploy(functionNames, folders(), ['review', 'bind']).functions.map((f) => f.name)).toEqual(['bind', 'review']);
    const plan = planDeploy(functionNames, folders(), ['review', 'sendMail']);
    expect(plan.problems).toEqual([expect.stringContaining('没有这些函数：sendMail')]);
  });

  it('refuses a folder that would deploy wrong, naming the function and the fault', () => {
    const problems = (all: FolderSnapshot[]): string[] => planDeploy(functionNames, all).problems;
    const noBundle = folders().map((f) => (f.name === 'query' ? { ...f, files: f.files.filter((x) => x.path !== 'index.js') } : f));
    expect(problems(noBundle)).toEqual(['query: index.js 缺失（先运行 npm run build）']);

    const noFont = folders().map((f) => (f.name === 'printAgreement' ? { ...f, files: f.files.filter((x) => !x.path.startsWith('fonts/')) } : f));
    expect(problems(noFont)).toEqual(['printAgreement: fonts/wqy-microhei.ttc 缺失']);

    const noPrintCode = folders().map((f) => (f.name === 'printAgreement' ? { ...f, files: f.files.filter((x) => x.path !== 'print.js') } : f));
    expect(problems(noPrintCode)).toEqual(['printAgreement: print.js 缺失（先运行 npm run build）']);

    expect(problems(edit(folders(), 'review', { configJson: '{"permissions":' }))).toEqual(['review: config.json 不是合法的 JSON']);
    expect(problems(edit(folders(), 'review', { configJson: '{}' }))).toEqual([
      'review: permissions.openapi 应为 ["subscribeMessage.send"]，实为 []',
    ]);
    expect(problems(edit(folders(), 'query', { configJson: JSON.stringify({ permissions: { openapi: [OPENAPI_SEND] } }) }))[0]).toMatch(
      /^query: permissions.openapi 应为 \[\]/,
    );

    const fiveFields = JSON.stringify({ permissions: { openapi: [OPENAPI_SEND] }, triggers: [{ name: 'hourly', type: 'timer', config: '0 * * * *' }] });
    expect(problems(edit(folders(), 'expireOffers', { configJson: fiveFields }))).toEqual([
      'expireOffers: 触发器 hourly 的 cron「0 * * * *」须为 7 段（秒 分 时 日 月 星期 年）',
    ]);
    expect(problems(edit(folders(), 'expireOffers', { configJson: JSON.stringify({ permissions: { openapi: [OPENAPI_SEND] } }) }))).toEqual([
      'expireOffers: 缺少定时触发器',
    ]);
    const timerOnBind = JSON.stringify({ permissions: { openapi: [OPENAPI_SEND] }, triggers: [{ ...TIMER }] });
    expect(problems(edit(folders(), 'bind', { configJson: timerOnBind }))).toEqual(['bind: 只有定时任务函数可以有触发器']);

    const loosePkg = JSON.stringify({ main: 'index.js', dependencies: { 'wx-server-sdk': 'latest' } });
    expect(problems(edit(folders(), 'bind', { packageJson: loosePkg }))).toEqual(['bind: package.json 须为 main: index.js，依赖仅 wx-server-sdk 4.0.2']);

    const withoutConfig = folders().map((f) => (f.name === 'bind' ? { ...f, configJson: null, files: f.files.filter((x) => x.path !== 'config.json') } : f));
    expect(problems(withoutConfig)).toEqual(['bind: config.json 缺失']);

    expect(problems(folders().filter((f) => f.name !== 'verifyAgreement'))).toEqual([
      'verifyAgreement: cloudfunctions/verifyAgreement 不存在（npm run build -- --scaffold 可创建）',
    ]);
  });

  it('knows a 7-field cron from anything else', () => {
    expect(isCron7('0 0 * * * * *')).toBe(true);
    expect(isCron7('0 */30 8-18 * * MON-FRI *')).toBe(true);
    expect(isCron7('0 0 * * * *')).toBe(false);
    expect(isCron7('0 0 * * * * * *')).toBe(false);
    expect(isCron7('0 0 * * * * ;rm')).toBe(false);
  });
});

describe('syncTriggers', () => {
  const hourly = { ...TIMER };

  it('reads the cron from SCF\'s JSON description or from the bare text', () => {
    expect(cronOf('{"cron":"0 0 * * * * *"}')).toBe('0 0 * * * * *');
    expect(cronOf(' 0 0 * * * * * ')).toBe('0 0 * * * * *');
  });

  it('creates a missing timer, keeps an identical one, replaces a changed one, deletes an undeclared one', () => {
    expect(syncTriggers([], [hourly])).toEqual({ remove: [], create: [hourly], keep: [] });
    expect(syncTriggers([{ name: 'hourly', type: 'timer', desc: '{"cron":"0 0 * * * * *"}' }], [hourly])).toEqual({
      remove: [],
      create: [],
      keep: ['hourly'],
    });
    expect(syncTriggers([{ name: 'hourly', type: 'timer', desc: '0 30 * * * * *' }], [hourly])).toEqual({
      remove: ['hourly'],
      create: [hourly],
      keep: [],
    });
    expect(syncTriggers([{ name: 'nightly', type: 'timer', desc: '0 0 2 * * * *' }], [hourly])).toEqual({
      remove: ['nightly'],
      create: [hourly],
      keep: [],
    });
    expect(syncTriggers([{ name: 'nightly', type: 'timer', desc: '0 0 2 * * * *' }], [])).toEqual({ remove: ['nightly'], create: [], keep: [] });
  });
});
