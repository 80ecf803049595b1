/**
 * `npm run deploy`: builds the cloud functions and uploads each one, with its config.json (timer triggers, openapi
 * permissions), timeout and runtime, to the CloudBase environment TCB_ENV_ID, using the API key TCB_SECRET_ID /
 * TCB_SECRET_KEY. Creates a function that is missing, updates one that is there.
 *
 * WeChat registers config.json's openapi permission (subscribeMessage.send) only when the code goes up the way
 * DevTools uploads it: with WX_APPID and WX_UPLOAD_KEY_FILE (the mini program's code upload key) the code of each
 * function that sends messages goes up through miniprogram-ci; without them the deploy warns that it will not be
 * registered. Afterwards each of those functions is probed (server/runtime/probe.ts) and the permission reported.
 *
 *   npm run deploy                        every function
 *   npm run deploy -- --only review,query  just these
 *   npm run deploy -- --dry-run            build and print what would be sent; no network, no credentials needed
 *   npm run deploy -- --check              only probe the deployed functions' openapi permission
 *
 * Exit codes: 0 done (and every permission present), 1 a function failed, a folder would deploy wrong, or a
 * permission is missing or could not be confirmed, 2 usage (unknown option or function, missing or wrong credentials).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { functionNames } from '../server/runtime/registry';
import { build, READ_ONLY, ROOT } from './build';
import { connectCi, UPLOAD_KEY_VARS, uploadKeyFrom, type CodeUploader, type UploadKey } from './deploy/ci';
import { connect, CREDENTIAL_VARS, credentialsFrom, type CloudFunctions, type Credentials } from './deploy/cloud';
import { readFolders } from './deploy/folders';
import { planDeploy } from './deploy/plan';
import { probeAdvice, probeLines, probePermissions, type ProbeResult } from './deploy/probe';
import { CI_STEP, describe, runPlan, summary } from './deploy/run';

export const USAGE = `用法：npm run deploy [-- --dry-run] [--only 函数1,函数2] [--check]

  --dry-run        只构建并列出将部署的内容（函数、运行时、超时、定时触发器、云调用权限、上传的文件），不连接云端
  --only a,b       只部署这些函数（默认全部：${functionNames.join(', ')}）
  --check          不部署，只检查已部署函数的云调用权限（subscribeMessage.send）
  --help           显示本说明

需要环境变量 ${CREDENTIAL_VARS.join('、')}（云开发环境 ID 与 API 密钥，见 README「上线」）；
可选 TCB_REGION（环境所在地域，默认 ap-shanghai）。
发送订阅消息的函数需要 ${UPLOAD_KEY_VARS.join('、')}（小程序 AppID 与代码上传密钥文件的路径），
代码经 miniprogram-ci 上传，微信才登记 config.json 中的云调用权限（见 docs/deploy.md 第 2 节）。`;

/** The warning when the code of message-sending functions will go up without the upload key. */
export const noKeyWarning = (messaging: readonly string[]): string =>
  `⚠ 未设置 ${UPLOAD_KEY_VARS.join(' 与 ')}：${messaging.join(', ')} 的代码只经云开发 API 上传，config.json 中的云调用权限 subscribeMessage.send 不会登记；` +
  '此前没有登记过的函数，订阅消息将以 -604101（无权限）发送失败。\n' +
  '  要登记权限：在 小程序后台 → 开发管理 → 开发设置 → 小程序代码上传 下载代码上传密钥，并把本机出口 IP 加入其白名单，然后\n' +
  `  WX_APPID=<小程序 AppID> WX_UPLOAD_KEY_FILE=<密钥文件路径> npm run deploy\n` +
  '  或按 docs/deploy.md 2b 在微信开发者工具中上传这些函数。部署结束时会检查权限。';

export interface DeployDeps {
  root?: string;
  out?: (line: string) => void;
  err?: (line: string) => void;
  /** builds the named functions (scripts/build.ts by default) */
  build?: (names: readonly string[]) => Promise<unknown>;
  /** opens the environment (manager-node by default) */
  connect?: (credentials: Credentials) => Promise<CloudFunctions>;
  /** opens the code upload through miniprogram-ci (only with the upload key) */
  connectCi?: (key: UploadKey, envId: string, projectPath: string) => Promise<CodeUploader>;
  concurrency?: number;
}

/** The functions that send subscription messages (config.json declares the permission), among these. */
const sending = (names: readonly string[]): string[] => names.filter((n) => !READ_ONLY.has(n));

/** The probe's exit code: 0 only when every permission was seen present. */
const probeCode = (results: readonly ProbeResult[]): number => (results.every((r) => r.permission === 'present') ? 0 : 1);

/** Runs the deploy; resolves to the exit code. */
export async function deploy(argv: readonly string[], env: NodeJS.ProcessEnv, deps: DeployDeps = {}): Promise<number> {
  const out = deps.out ?? ((line: string) => console.log(line));
  const err = deps.err ?? ((line: string) => console.error(line));
  const root = deps.root ?? ROOT;

  let values: { 'dry-run'?: boolean; only?: string; check?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { 'dry-run': { type: 'boolean' }, only: { type: 'string' }, check: { type: 'boolean' }, help: { type: 'boolean' } },
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
  const check = values.check === true;
  if (dryRun && check) {
    err(`--check 要连接云端，不能与 --dry-run 同用\n\n${USAGE}`);
    return 2;
  }
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
      `缺少环境变量 ${credentials.missing.join('、')}：${check ? '检查' : '部署'}需要 ${CREDENTIAL_VARS.join('、')}（云开发环境 ID 与腾讯云 API 密钥）。\n` +
        '例如：TCB_ENV_ID=<环境 ID> TCB_SECRET_ID=<SecretId> TCB_SECRET_KEY=<SecretKey> npm run deploy\n' +
        '只想看将部署什么：npm run deploy -- --dry-run',
    );
    return 2;
  }

  const names = only ?? functionNames;
  if (check && !('missing' in credentials)) return checkOnly(names, credentials, deps, out, err);

  // told before anything is built: a wrong key would otherwise surface minutes into the deploy
  const key = uploadKeyFrom(env);
  if ('problem' in key) {
    err(`${key.problem}\n（${UPLOAD_KEY_VARS.join('、')} 都不设置时照常部署，但不登记云调用权限；见 docs/deploy.md 第 2 节）`);
    return 2;
  }
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
  const messaging = plan.functions.filter((f) => f.openapi.length).map((f) => f.name);
  if (messaging.length) {
    out(
      'absent' in key
        ? `代码上传：全部经云开发 API（未设置 ${UPLOAD_KEY_VARS.join('、')}）`
        : `代码上传：${messaging.join(', ')} 经 miniprogram-ci（小程序 ${key.appid}，登记云调用权限）；其余经云开发 API`,
    );
    if ('absent' in key) err(noKeyWarning(messaging));
  }
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
  const stageRoot = path.join(root, 'dist/deploy');
  let uploader: CodeUploader | undefined;
  if (!('absent' in key) && messaging.length) {
    try {
      uploader = await (deps.connectCi ?? connectCi)(key, credentials.envId, stageRoot);
    } catch (e) {
      err(`无法用代码上传密钥准备 miniprogram-ci，未部署：${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
  }
  let results;
  try {
    results = await runPlan(plan, cloud, {
      root,
      stageRoot,
      out,
      registry: functionNames,
      concurrency: deps.concurrency ?? 3,
      ...(uploader ? { uploader } : {}),
    });
  } catch (e) {
    // only the first call (listing the environment's functions) can fail this way; nothing was changed
    err(`读取环境 ${credentials.envId} 的函数列表失败，未部署：${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  for (const line of summary(results, credentials.envId)) out(line);
  if (results.some((r) => r.outcome === 'failed' && r.detail.startsWith(CI_STEP))) {
    out(
      `提示：经 miniprogram-ci 上传失败时，检查 WX_APPID 是否为环境 ${credentials.envId} 所属的小程序、密钥是否为该小程序的代码上传密钥、` +
        '本机出口 IP 是否在密钥的 IP 白名单中（小程序后台 → 开发管理 → 开发设置）。',
    );
  }
  const failed = results.some((r) => r.outcome === 'failed') ? 1 : 0;
  const deployed = new Set(results.filter((r) => r.outcome !== 'failed').map((r) => r.name));
  const toProbe = messaging.filter((n) => deployed.has(n));
  if (!toProbe.length) return failed;
  out('检查云调用权限（每个函数以探测事件调用一次 subscribeMessage.send，收件人与模板都不存在，不会发出消息）：');
  const probed = await probePermissions(toProbe, cloud);
  for (const line of probeLines(probed)) out(line);
  for (const line of probeAdvice(probed, uploader !== undefined)) err(line);
  return Math.max(failed, probeCode(probed));
}

/** `--check`: only the probe, for the message-sending functions among `names`; nothing is built or uploaded. */
async function checkOnly(
  names: readonly string[],
  credentials: Credentials,
  deps: DeployDeps,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const wanted = sending(names);
  if (!wanted.length) {
    out(`${names.join(', ')} 不发送订阅消息，没有云调用权限要检查。`);
    return 0;
  }
  let cloud: CloudFunctions;
  let inEnvironment: Set<string>;
  try {
    cloud = await (deps.connect ?? connect)(credentials);
    inEnvironment = new Set((await cloud.list()).map((f) => f.name));
  } catch (e) {
    err(`无法读取云开发环境 ${credentials.envId} 的函数列表：${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  out(`检查云开发环境 ${credentials.envId} 的云调用权限（每个函数以探测事件调用一次 subscribeMessage.send，收件人与模板都不存在，不会发出消息）：`);
  const probed = await probePermissions(wanted.filter((n) => inEnvironment.has(n)), cloud);
  const results: ProbeResult[] = wanted.map(
    (name) => probed.find((r) => r.name === name) ?? { name, permission: 'unknown', detail: '环境中没有这个函数：先 npm run deploy' },
  );
  for (const line of probeLines(results)) out(line);
  for (const line of probeAdvice(results, undefined)) err(line);
  return probeCode(results);
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
