/**
 * What `npm run deploy` sends, decided from the function folders alone: pure, so that it is tested without a cloud.
 * For each function: runtime, handler, timeout, memory, the cloud's `npm install`, its triggers and openapi
 * permissions (from config.json), and exactly which files of its folder go up.
 */
import { ASSETS, LAZY, OPENAPI_SEND, READ_ONLY, SDK_VERSION, TIMED, type FunctionConfig } from '../build';

/** CloudBase's recommended Node runtime; the bundle targets node16, so it runs here. Fixed at creation. */
export const RUNTIME = 'Nodejs18.15';
export const HANDLER = 'index.main';
export const MEMORY_MB = 256;
/**
 * Seconds. expireOffers works up to 50 s a run and then stops cleanly, so it needs the maximum; a review batch commits
 * up to 100 records one by one; a print loads a 5 MB font. Every other call is one commit: 3 s leaves no margin.
 */
export const TIMEOUTS: Record<string, number> = { expireOffers: 60, review: 20, printAgreement: 20, sealAgreement: 20 };
export const DEFAULT_TIMEOUT = 10;
/** The files every function deploys; the sources in src/ stay home (the bundle holds them). */
export const BASE_FILES = ['index.js', 'package.json', 'config.json'] as const;

export interface FileEntry {
  /** path inside the function folder, with forward slashes */
  path: string;
  bytes: number;
}

/** One function folder as read from disk: its files and the text of its two JSON files (null when missing). */
export interface FolderSnapshot {
  name: string;
  files: FileEntry[];
  configJson: string | null;
  packageJson: string | null;
}

export interface Trigger {
  name: string;
  type: string;
  config: string;
}

export interface FunctionPlan {
  name: string;
  runtime: string;
  handler: string;
  timeout: number;
  memorySize: number;
  /** the cloud runs `npm install` on the folder's package.json (wx-server-sdk); node_modules never goes up */
  installDependency: true;
  triggers: Trigger[];
  openapi: string[];
  files: FileEntry[];
  bytes: number;
}

export interface DeployPlan {
  functions: FunctionPlan[];
  /** what stops the deploy, in words; empty when the plan can run */
  problems: string[];
}

const CRON_FIELD = /^[0-9*,/?LW#A-Za-z-]+$/;

/** A CloudBase timer: seven fields (second minute hour day month weekday year), Beijing time. */
export const isCron7 = (config: string): boolean => {
  const fields = config.trim().split(/\s+/);
  return fields.length === 7 && fields.every((f) => CRON_FIELD.test(f));
};

const expectedOpenapi = (name: string): string[] => (READ_ONLY.has(name) ? [] : [OPENAPI_SEND]);

/** A missing file is reported with the other missing files; here only what is there but unreadable. */
function parse<T>(text: string | null, what: string, problems: string[]): T | undefined {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    problems.push(`${what} 不是合法的 JSON`);
    return undefined;
  }
}

function planOne(folder: FolderSnapshot, problems: string[]): FunctionPlan {
  const { name } = folder;
  const own: string[] = [];
  const config = parse<FunctionConfig>(folder.configJson, 'config.json', own);
  const pkg = parse<{ main?: string; dependencies?: Record<string, string> }>(folder.packageJson, 'package.json', own);
  if (pkg && (pkg.main !== 'index.js' || JSON.stringify(pkg.dependencies) !== JSON.stringify({ 'wx-server-sdk': SDK_VERSION }))) {
    own.push(`package.json 须为 main: index.js，依赖仅 wx-server-sdk ${SDK_VERSION}`);
  }

  const declared: unknown = config?.triggers ?? [];
  const triggers = Array.isArray(declared) ? declared.map((t: Trigger) => ({ name: t.name, type: t.type, config: t.config })) : [];
  const openapi = config?.permissions?.openapi ?? [];
  if (config) {
    if (!Array.isArray(declared)) own.push('config.json 的 triggers 须为数组');
    for (const t of triggers) {
      if (t.type !== 'timer') own.push(`触发器 ${t.name} 的类型 ${t.type} 不受支持（只有 timer）`);
      else if (!isCron7(t.config)) own.push(`触发器 ${t.name} 的 cron「${t.config}」须为 7 段（秒 分 时 日 月 星期 年）`);
    }
    if (TIMED.has(name) && !triggers.some((t) => t.type === 'timer')) own.push('缺少定时触发器');
    if (!TIMED.has(name) && triggers.length) own.push('只有定时任务函数可以有触发器');
    if (JSON.stringify(openapi) !== JSON.stringify(expectedOpenapi(name))) {
      own.push(`permissions.openapi 应为 ${JSON.stringify(expectedOpenapi(name))}，实为 ${JSON.stringify(openapi)}`);
    }
  }

  const wanted = [...BASE_FILES, ...(LAZY[name] ?? []).map((l) => l.to), ...(ASSETS[name] ?? []).map((a) => a.to)];
  const byPath = new Map(folder.files.map((f) => [f.path, f]));
  const files: FileEntry[] = [];
  for (const path of wanted) {
    const file = byPath.get(path);
    if (file) files.push(file);
    else own.push(`${path} 缺失${path.endsWith('.js') ? '（先运行 npm run build）' : ''}`);
  }

  problems.push(...own.map((p) => `${name}: ${p}`));
  return {
    name,
    runtime: RUNTIME,
    handler: HANDLER,
    timeout: TIMEOUTS[name] ?? DEFAULT_TIMEOUT,
    memorySize: MEMORY_MB,
    installDependency: true,
    triggers,
    openapi,
    files,
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
  };
}

/**
 * The plan for the registered functions (or `only` of them), from their folders. A name outside the registry, a
 * registered function without a folder, or a folder that would deploy wrong is a problem; nothing is sent then.
 */
export function planDeploy(registry: readonly string[], folders: readonly FolderSnapshot[], only?: readonly string[]): DeployPlan {
  const problems: string[] = [];
  const unknown = (only ?? []).filter((n) => !registry.includes(n));
  if (unknown.length) problems.push(`没有这些函数：${unknown.join(', ')}（可选：${registry.join(', ')}）`);
  const names = [...registry].filter((n) => !only || only.includes(n)).sort();
  const functions: FunctionPlan[] = [];
  for (const name of names) {
    const folder = folders.find((f) => f.name === name);
    if (!folder) problems.push(`${name}: cloudfunctions/${name} 不存在（npm run build -- --scaffold 可创建）`);
    else functions.push(planOne(folder, problems));
  }
  return { functions, problems };
}
