/**
 * `npm run deploy`: builds the cloud functions and uploads each one, with its config.json (timer triggers, openapi
 * permissions), timeout and runtime, to the CloudBase environment TCB_ENV_ID, using the API key TCB_SECRET_ID /
 * TCB_SECRET_KEY. Creates a function that is missing, updates one that is there.
 *
 *   npm run deploy                        every function
 *   npm run deploy -- --only review,query  just these
 *   npm run deploy -- --dry-run            build and print what would be sent; no network, no credentials needed
 *
 * Exit codes: 0 done, 1 a function failed or a folder would deploy wrong, 2 usage (unknown option or function,
 * missing credentials).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { functionNames } from '../server/runtime/registry';
import { build, ROOT } from './build';
import { connect, CREDENTIAL_VARS, credentialsFrom, type CloudFunctions, type Credentials } from './deploy/cloud';
import { readFolders } from './deploy/folders';
import { planDeploy } from './deploy/plan';
import { describe, runPlan, summary } from './deploy/run';

export const USAGE = `用法：npm run deploy [-- --dry-run] [--only 函数1,函数2]

  --dry-run        只构建并列出将部署的内容（函数、运行时、超时、定时触发器、云调用权限、上传的文件），不连接云端
  --only a,b       只部署这些函数（默认全部：${functionNames.join(', ')}）
  --help           显示本说明

需要环境变量 ${CREDENTIAL_VARS.join('、')}（云开发环境 ID 与 API 密钥，见 README「上线」）；
可选 TCB_REGION（环境所在地域，默认 ap-shanghai）。`;

export interface DeployDeps {
  root?: string;
  out?: (line: string) => void;
  err?: (line: string) => void;
  /** builds the named functions (scripts/build.ts by default) */
  build?: (names: readonly string[]) => Promise<unknown>;
  /** opens the environment (manager-node by default) */
  connect?: (credentials: Credentials) => Promise<CloudFunctions>;
  concurrency?: number;
}

/** Runs the deploy; resolves to the exit code. */
export async function deploy(argv: readonly string[], env: NodeJS.ProcessEnv, deps: DeployDeps = {}): Promise<number> {
  const out = deps.out ?? ((line: string) => console.log(line));
  const err = deps.err ?? ((line: string) => console.error(line));
  const root = deps.root ?? ROOT;

  let values: { 'dry-run'?: boolean; only?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { 'dry-run': { type: 'boolean' }, only: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    err(`参数错误：${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    out(USAGE);
    return 0;
  }
  const dryRun = values['dry-run'] === true;
  const only = values.only === undefined ? undefined : values.only.split(',').map((s) => s.trim()).filter(Boolean);
  if (only && only.length === 0) {
    err(`--only 需要函数名，例如 --only review,query\n\n${USAGE}`);
    return 2;
  }
  const unknown = (only ?? []).filter((n) => !(functionNames as readonly string[]).includes(n));
  if (unknown.length) {
    err(`没有这些函数：${unknown.join(', ')}。可选：${functionNames.join(', ')}`);
    return 2;
  }

  const credentials = credentialsFrom(env);
  if (!dryRun && 'missing' in credentials) {
    err(
      `缺少环境变量 ${credentials.missing.join('、')}：部署需要 ${CREDENTIAL_VARS.join('、')}（云开发环境 ID 与腾讯云 API 密钥）。\n` +
        '例如：TCB_ENV_ID=<环境 ID> TCB_SECRET_ID=<SecretId> TCB_SECRET_KEY=<SecretKey> npm run deploy\n' +
        '只想看将部署什么：npm run deploy -- --dry-run',
    );
    return 2;
  }

  const names = only ?? functionNames;
  try {
    await (deps.build ?? ((n) => build({ root, names: n })))(names);
  } catch (e) {
    err(`构建失败，未部署：${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }

  const plan = planDeploy(functionNames, readFolders(names, root), only);
  if (plan.problems.length) {
    err(`以下问题需先解决，未部署任何函数：\n  ${plan.problems.join('\n  ')}`);
    return 1;
  }

  const envId = 'missing' in credentials ? undefined : credentials.envId;
  out(dryRun ? `演练（--dry-run）：不连接云端${envId ? `；目标环境 ${envId}` : ''}。将部署：` : `部署到云开发环境 ${envId}：`);
  for (const fn of plan.functions) out(`  ${describe(fn)}`);
  const totalKb = (plan.functions.reduce((s, f) => s + f.bytes, 0) / 1024).toFixed(1);
  if (dryRun || 'missing' in credentials) {
    out(`共 ${plan.functions.length} 个函数，${totalKb} KB；未连接云端，什么也没有改动。`);
    return 0;
  }

  let cloud: CloudFunctions;
  try {
    cloud = await (deps.connect ?? connect)(credentials);
  } catch (e) {
    err(`无法连接云开发环境 ${credentials.envId}：${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  let results;
  try {
    results = await runPlan(plan, cloud, {
      root,
      stageRoot: path.join(root, 'dist/deploy'),
      out,
      registry: functionNames,
      concurrency: deps.concurrency ?? 3,
    });
  } catch (e) {
    // only the first call (listing the environment's functions) can fail this way; nothing was changed
    err(`读取环境 ${credentials.envId} 的函数列表失败，未部署：${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  for (const line of summary(results, credentials.envId)) out(line);
  const messaging = plan.functions.filter((f) => f.openapi.length).map((f) => f.name);
  if (messaging.length && results.some((r) => r.outcome !== 'failed')) {
    out(
      `提示：${messaging.join(', ')} 的 config.json 声明了云调用 subscribeMessage.send，随代码一同上传。若订阅消息发送失败且错误码为 -604101（无权限），` +
        '在微信开发者工具中对该函数执行一次「上传并部署：云端安装依赖」以登记权限，约 10 分钟后生效（见 docs/deploy.md）。',
    );
  }
  return results.some((r) => r.outcome === 'failed') ? 1 : 0;
}

if (require.main === module) {
  deploy(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exitCode = 1;
    },
  );
}
