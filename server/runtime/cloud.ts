/**
 * The cloud entry adapter: `export const main = cloudMain(fn)` is a whole cloud function. The SDK is loaded once per
 * container (on the first call, not at load), the caller (openid and client address) comes from the WX context only,
 * and every answer is the function's `{ ok, ... }`. This is the one module that touches wx-server-sdk; its typing
 * faults stay here.
 */
import { ERROR_MESSAGES, type Result } from '../../typings';
import { WxSender, type SubscribeMessageApi } from '../notify/wxSender';
import { isMiniprogramState } from '../domain/messages';
import { CloudFileStorage, type CloudFilesApi } from '../storage/cloud';
import { CloudBaseStore, type CloudBaseDb } from '../store/cloudbase';
import type { Store } from '../store/port';
import type { MiniprogramState } from '../domain/types';
import type { Deps, PlatformCaller } from '../app/deps';
import type { FunctionDef } from '../app/function';
import { invoke } from './handler';
import { randomId } from './ids';
import { answerProbe, isProbeEvent, type PermissionProbe } from './probe';

/** What this project uses of wx-server-sdk, typed as it behaves (its own typings say `env` is a string). */
export interface WxCloud extends CloudFilesApi {
  DYNAMIC_CURRENT_ENV: unknown;
  init(options: { env: unknown }): void;
  database(): CloudBaseDb;
  /** CLIENTIP / CLIENTIPV6: the calling client's IPv4 / IPv6 address, when the platform knows it (not always) */
  getWXContext(): { OPENID?: string; CLIENTIP?: unknown; CLIENTIPV6?: unknown };
  openapi: { subscribeMessage: SubscribeMessageApi };
}

/** Required on first use (esbuild leaves it external), so that loading a bundle costs nothing until a call. */
const requireWxSdk = (): WxCloud => require('wx-server-sdk') as WxCloud;

export interface CloudOptions {
  /** the SDK module, not yet initialised; default: require('wx-server-sdk') */
  loadSdk?: () => WxCloud;
  /** default: CloudBase through the SDK's database */
  makeStore?: (cloud: WxCloud) => Store;
}

/**
 * The function's MINIPROGRAM_STATE, which overrides the school's setting `miniprogramState`. Unset: the setting
 * decides. A value that is no version is said in the log and ignored, rather than sending users nowhere.
 */
export function stateOverride(value: string | undefined): MiniprogramState | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const state = value.trim();
  if (isMiniprogramState(state)) return state;
  console.error(`MINIPROGRAM_STATE=${value} 不是 formal、trial 或 developer：已忽略，按学校设置 miniprogramState 打开`);
  return undefined;
}

interface Container {
  cloud: WxCloud;
  deps: Deps;
}

function openContainer(options: CloudOptions): Container {
  const cloud = (options.loadSdk ?? requireWxSdk)();
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  return {
    cloud,
    deps: {
      store: options.makeStore?.(cloud) ?? new CloudBaseStore(cloud.database(), { sdk: 'wx-server-sdk' }),
      files: new CloudFileStorage(cloud),
      sender: new WxSender(cloud.openapi.subscribeMessage, stateOverride(process.env.MINIPROGRAM_STATE)),
      clock: () => new Date(),
      newId: randomId,
    },
  };
}

/** Not trusted to be a string: the SDK turns any all-digit context value into a number. */
const nonEmpty = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;

/** The caller as the WX context names it: the openid, and the client's address (IPv4 if the platform gives one). */
function callerOf(cloud: WxCloud): PlatformCaller {
  const context = cloud.getWXContext();
  const client = nonEmpty(context.CLIENTIP) ?? nonEmpty(context.CLIENTIPV6);
  return { openid: context.OPENID ?? '', ...(client ? { client } : {}) };
}

/** A mini program's call carries `userInfo` ({appId, openId}); identity never comes from the event, so it goes. */
function withoutUserInfo(event: unknown): unknown {
  if (!event || typeof event !== 'object' || Array.isArray(event)) return event;
  const { userInfo: _ignored, ...rest } = event as Record<string, unknown>;
  return rest;
}

/** The function's own answer, or (to the deploying machine only) the openapi permission probe's: see ./probe. */
export type CloudMain<R> = (event: unknown, context?: unknown) => Promise<Result<R> | Result<PermissionProbe>>;

export function cloudMainWith<E, R>(def: FunctionDef<E, R>, options: CloudOptions): CloudMain<R> {
  let container: Container | undefined;
  return async (event) => {
    let opened: Container;
    let caller: PlatformCaller;
    try {
      opened = container ??= openContainer(options);
      // inside the try: a failure here must still be an answer, not a rejection whose stack reaches the client
      caller = callerOf(opened.cloud);
    } catch (e) {
      // not cached: the next call tries again
      console.error(`[${def.name}] cannot start:`, e);
      return { ok: false, code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL };
    }
    // before the function's schema: `{ probe }` is no function's event, and expireOffers would take it as a timer run
    if (isProbeEvent(event)) return answerProbe(opened.cloud.openapi.subscribeMessage, caller, event, def.name);
    return invoke(def, opened.deps, caller, withoutUserInfo(event));
  };
}

export const cloudMain = <E, R>(def: FunctionDef<E, R>): CloudMain<R> => cloudMainWith(def, {});
