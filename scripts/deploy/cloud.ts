/**
 * The few CloudBase calls a deploy makes, behind one small interface: the real one wraps @cloudbase/manager-node and
 * is built only when credentials are given; tests put a recording fake in its place.
 */
import type { FunctionPlan, Trigger } from './plan';
import type { RemoteTrigger } from './triggers';

export interface RemoteFunction {
  name: string;
  runtime: string;
  /** SCF status: Active, Updating, CreateFailed, … */
  status?: string;
}

export interface CloudFunctions {
  /** every function of the environment */
  list(): Promise<RemoteFunction[]>;
  triggers(name: string): Promise<RemoteTrigger[]>;
  /** creates the function from the staged folder, with its triggers; resolves when it is active */
  create(fn: FunctionPlan, dir: string): Promise<void>;
  /** uploads the staged folder as the new code (the cloud installs dependencies); resolves when active */
  updateCode(fn: FunctionPlan, dir: string): Promise<void>;
  /** timeout, memory, dependency install; resolves when active */
  updateConfig(fn: FunctionPlan): Promise<void>;
  createTriggers(name: string, triggers: Trigger[]): Promise<void>;
  deleteTrigger(name: string, trigger: string): Promise<void>;
  /**
   * Calls the function with this event, as the CloudBase API does (no OPENID), and resolves to what it returned;
   * rejects when the call or the function itself failed.
   */
  invoke(name: string, event: Record<string, unknown>): Promise<unknown>;
}

export interface Credentials {
  envId: string;
  secretId: string;
  secretKey: string;
  /** optional: the environment's region when it is not the default (ap-shanghai) */
  region?: string;
}

export const CREDENTIAL_VARS = ['TCB_ENV_ID', 'TCB_SECRET_ID', 'TCB_SECRET_KEY'] as const;

/** The credentials from the environment, or the names of the variables that are missing. */
export function credentialsFrom(env: NodeJS.ProcessEnv): Credentials | { missing: string[] } {
  const missing = CREDENTIAL_VARS.filter((v) => !env[v]?.trim());
  if (missing.length) return { missing };
  return {
    envId: env.TCB_ENV_ID!.trim(),
    secretId: env.TCB_SECRET_ID!.trim(),
    secretKey: env.TCB_SECRET_KEY!.trim(),
    ...(env.TCB_REGION?.trim() ? { region: env.TCB_REGION.trim() } : {}),
  };
}

/** The function as manager-node takes it; triggers only at creation (later they are synced one by one). */
const asFunc = (fn: FunctionPlan, withTriggers: boolean) => ({
  name: fn.name,
  runtime: fn.runtime,
  handler: fn.handler,
  timeout: fn.timeout,
  memorySize: fn.memorySize,
  installDependency: fn.installDependency,
  // wait for the cloud's npm install, so that "deployed" means callable
  isWaitInstall: true,
  ...(withTriggers && fn.triggers.length ? { triggers: fn.triggers } : {}),
});

/** The real environment, through @cloudbase/manager-node (loaded here only, so that no test loads it by accident). */
export async function connect(credentials: Credentials): Promise<CloudFunctions> {
  const { default: CloudBase } = await import('@cloudbase/manager-node');
  const app = new CloudBase({ ...credentials });
  const functions = app.functions;
  return {
    async list() {
      const all = await functions.listAllFunctions({ envId: credentials.envId });
      return all.map((f) => ({ name: String(f.FunctionName), runtime: String(f.Runtime), status: String(f.Status) }));
    },
    async triggers(name) {
      const detail = await functions.getFunctionDetail(name);
      return (detail.Triggers ?? []).map((t) => ({ name: t.TriggerName, type: t.Type, desc: t.TriggerDesc ?? '' }));
    },
    async create(fn, dir) {
      // functionPath: the staged folder is zipped as it is and uploaded through COS (the font is too big for a zip
      // in the request)
      await functions.createFunction({ func: asFunc(fn, true), functionPath: dir, force: false });
      await functions.waitFunctionActive(fn.name);
    },
    async updateCode(fn, dir) {
      await functions.updateFunctionCode({ func: asFunc(fn, false), functionPath: dir });
      await functions.waitFunctionActive(fn.name);
    },
    async updateConfig(fn) {
      await functions.updateFunctionConfig(asFunc(fn, false));
      await functions.waitFunctionActive(fn.name);
    },
    async createTriggers(name, triggers) {
      await functions.createFunctionTriggers(name, triggers);
    },
    async deleteTrigger(name, trigger) {
      await functions.deleteFunctionTrigger(name, trigger);
    },
    async invoke(name, event) {
      const answer = await functions.invokeFunction(name, event);
      // InvokeResult is 0 when the function returned; else it threw or timed out, and ErrMsg says how
      if (answer.InvokeResult !== 0) throw new Error(answer.ErrMsg || `InvokeResult ${answer.InvokeResult}`);
      try {
        return JSON.parse(answer.RetMsg) as unknown;
      } catch {
        return answer.RetMsg;
      }
    },
  };
}
