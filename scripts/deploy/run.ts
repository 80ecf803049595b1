/**
 * Carrying out a deploy plan against an environment: each function is created when missing and updated when present
 * (code, then configuration, then its timers), one line each; a failure is reported and the others go on. With an
 * uploader (the mini program's code upload key), the code of a function that sends messages goes up through it, so
 * that WeChat registers the openapi permission of its config.json.
 */
import type { CodeUploader } from './ci';
import type { CloudFunctions, RemoteFunction } from './cloud';
import { stage } from './folders';
import type { DeployPlan, FunctionPlan } from './plan';
import { syncTriggers } from './triggers';

export type Outcome = 'created' | 'updated' | 'failed';

export interface FunctionResult {
  name: string;
  outcome: Outcome;
  /** what was done or what went wrong, in words */
  detail: string;
  seconds: number;
}

export interface RunOptions {
  /** the project whose cloudfunctions/ folders are staged */
  root: string;
  /** where each function's upload folder is assembled */
  stageRoot: string;
  out: (line: string) => void;
  /** every function the project has: one in the cloud outside it is named (and left alone) */
  registry?: readonly string[];
  /** functions deployed at once (each waits minutes for the cloud's npm install) */
  concurrency?: number;
  /** uploads the code of functions with openapi permissions the way DevTools does; without it they go as the others */
  uploader?: CodeUploader;
  now?: () => number;
}

/** Whether the function's code goes up through the uploader: only where config.json declares a permission. */
export const viaUploader = (fn: FunctionPlan, uploader: CodeUploader | undefined): uploader is CodeUploader =>
  uploader !== undefined && fn.openapi.length > 0;

export const CI_STEP = '经 miniprogram-ci 上传代码';

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

/** The plan of one function in words: runtime, timeout, timers, permissions, files. */
export function describe(fn: FunctionPlan): string {
  const timers = fn.triggers.map((t) => `${t.name}「${t.config}」`).join(' ');
  return [
    fn.name.padEnd(20),
    fn.runtime,
    `超时 ${fn.timeout} s`,
    `内存 ${fn.memorySize} MB`,
    timers ? `定时触发器 ${timers}` : '',
    fn.openapi.length ? `云调用 ${fn.openapi.join(',')}` : '',
    `${fn.files.length} 个文件 ${kb(fn.bytes)}（${fn.files.map((f) => f.path).join(' ')}）`,
  ]
    .filter(Boolean)
    .join('  ');
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim();

async function deployOne(fn: FunctionPlan, remote: RemoteFunction | undefined, cloud: CloudFunctions, options: RunOptions): Promise<FunctionResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const done = (outcome: Outcome, detail: string): FunctionResult => ({ name: fn.name, outcome, detail, seconds: Math.round((now() - started) / 1000) });
  let step = '准备上传文件';
  try {
    const dir = stage(fn, options.root, options.stageRoot);
    // a creation that failed (say, in the cloud's npm install) leaves a husk that cannot be updated; manager-node's
    // create replaces it
    const uploader = options.uploader;
    if (!remote || remote.status === 'CreateFailed') {
      // created through the CloudBase API in any case: miniprogram-ci would create it with Nodejs8.9 and 3 s
      step = '创建函数';
      await cloud.create(fn, dir);
      if (viaUploader(fn, uploader)) {
        step = CI_STEP;
        await uploader.upload(fn.name, dir);
      }
      const timers = fn.triggers.map((t) => t.name).join(', ');
      const ci = viaUploader(fn, uploader) ? '，代码经 miniprogram-ci 上传（登记云调用权限）' : '';
      return done('created', `新建（${fn.runtime}）${timers ? `，定时触发器 ${timers}` : ''}${ci}`);
    }
    if (viaUploader(fn, uploader)) {
      step = CI_STEP;
      await uploader.upload(fn.name, dir);
    } else {
      step = '上传代码';
      await cloud.updateCode(fn, dir);
    }
    step = '更新配置';
    await cloud.updateConfig(fn);
    step = '同步定时触发器';
    const sync = syncTriggers(await cloud.triggers(fn.name), fn.triggers);
    for (const name of sync.remove) await cloud.deleteTrigger(fn.name, name);
    if (sync.create.length) await cloud.createTriggers(fn.name, sync.create);
    const notes = [
      viaUploader(fn, uploader) ? '更新代码（经 miniprogram-ci，登记云调用权限）与配置' : '更新代码与配置',
      sync.create.length ? `定时触发器 ${sync.create.map((t) => t.name).join(', ')} 已设置` : '',
      sync.remove.filter((n) => !sync.create.some((t) => t.name === n)).map((n) => `删除旧触发器 ${n}`).join('，'),
      remote.runtime && remote.runtime !== fn.runtime ? `运行时仍为 ${remote.runtime}（创建后不能更改）` : '',
    ];
    return done('updated', notes.filter(Boolean).join('，'));
  } catch (e) {
    return done('failed', `${step}失败：${messageOf(e)}`);
  }
}

const MARK: Record<Outcome, string> = { created: '✓ 新建', updated: '✓ 更新', failed: '✗ 失败' };

/** Deploys every function of the plan; resolves to one result per function, in the plan's order. */
export async function runPlan(plan: DeployPlan, cloud: CloudFunctions, options: RunOptions): Promise<FunctionResult[]> {
  const remote = new Map((await cloud.list()).map((f) => [f.name, f]));
  const results: FunctionResult[] = new Array(plan.functions.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < plan.functions.length) {
      const i = next++;
      const fn = plan.functions[i]!;
      const result = await deployOne(fn, remote.get(fn.name), cloud, options);
      options.out(`${MARK[result.outcome]}  ${fn.name.padEnd(20)} ${result.detail}（${result.seconds} s）`);
      results[i] = result;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 3) }, worker));
  const extra = options.registry ? [...remote.keys()].filter((n) => !options.registry!.includes(n)).sort() : [];
  if (extra.length) options.out(`环境中另有函数（未改动）：${extra.join(', ')}`);
  return results;
}

/** The closing lines: counts, and the failures again so that they are not lost in the scroll. */
export function summary(results: readonly FunctionResult[], envId: string): string[] {
  const count = (o: Outcome): number => results.filter((r) => r.outcome === o).length;
  const lines = [`部署到 ${envId}：${results.length} 个函数，新建 ${count('created')}，更新 ${count('updated')}，失败 ${count('failed')}`];
  for (const r of results.filter((x) => x.outcome === 'failed')) lines.push(`  ✗ ${r.name}: ${r.detail}`);
  return lines;
}
