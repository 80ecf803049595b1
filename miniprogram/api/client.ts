/**
 * The one way pages reach the server: `call(name, event)`, typed from the contract in typings/api.ts.
 *
 * It never throws. A refusal comes back as the server sent it, `{ ok: false, code, message }` with the Chinese
 * message to show; a call that never got an answer (no network, function crashed or timed out) comes back as
 * INTERNAL with a network message, so every page has one failure path to handle.
 */
import type { EventOf, FunctionName, ResultOf } from '../../typings/api';
import type { Failure, Result } from '../../typings/errors';
import { DEV_OPENID, LOCAL_RUNTIME_URL } from '../config';

export const NETWORK_MESSAGE = '网络不稳定，请稍后重试';
const MALFORMED_MESSAGE = '系统繁忙，请稍后再试';

const failure = (message: string): Failure => ({ ok: false, code: 'INTERNAL', message });

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as { ok?: unknown; data?: unknown; code?: unknown; message?: unknown };
  if (r.ok === true) return 'data' in r;
  return r.ok === false && typeof r.code === 'string' && typeof r.message === 'string';
}

/**
 * Keys a developer (or the automator smoke test) may set in storage to the same effect as config.ts, without editing
 * it: the local runtime's address and the demo openid to act as. Read only in the developer build.
 */
export const DEV_STORAGE = { localRuntimeUrl: 'dev:localRuntimeUrl', openid: 'dev:openid' } as const;

const isDevelop = (): boolean => {
  try {
    return wx.getAccountInfoSync().miniProgram.envVersion === 'develop';
  } catch {
    return false;
  }
};

const stored = (key: string): string => {
  try {
    const value: unknown = wx.getStorageSync(key);
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
};

/**
 * The local runtime's address, or '' for the cloud. A developer build only: whatever config.ts or storage says, a
 * trial or released version (or a base library without getAccountInfoSync) talks to the cloud.
 */
export function localRuntimeUrl(): string {
  if (!isDevelop()) return '';
  const url = LOCAL_RUNTIME_URL || stored(DEV_STORAGE.localRuntimeUrl);
  return url.replace(/\/+$/, '');
}

/** Who the local runtime takes the developer for (its X-WX-OPENID header). */
export const devOpenid = (): string => stored(DEV_STORAGE.openid) || DEV_OPENID;

async function viaCloud(name: string, data: WechatMiniprogram.IAnyObject): Promise<unknown> {
  const answer = await wx.cloud.callFunction({ name, data });
  return answer.result;
}

/** The local runtime answers HTTP 200 with a Result, or 4xx with a Failure body: both are answers. */
function viaLocalRuntime(base: string, name: string, data: WechatMiniprogram.IAnyObject): Promise<unknown> {
  return new Promise((resolve, reject) => {
    wx.request({
      url: `${base}/fn/${name}`,
      method: 'POST',
      data,
      header: { 'content-type': 'application/json', 'X-WX-OPENID': devOpenid() },
      dataType: 'json',
      success: (res) => resolve(res.data),
      fail: reject,
    });
  });
}

/**
 * Ids the server refused as already used for another request (REQUEST_ID_REUSED): a page that kept one for an action
 * whose answer never came, and then sent that action changed (edited fields, a reloaded version), gets a fresh id on
 * its next try instead of the same refusal again.
 */
const retired = new Set<string>();

export async function call<N extends FunctionName, E extends EventOf<N>>(name: N, event: E): Promise<Result<ResultOf<N, E>>> {
  let answer: unknown;
  try {
    const base = localRuntimeUrl();
    const data = event as unknown as WechatMiniprogram.IAnyObject;
    answer = base ? await viaLocalRuntime(base, name, data) : await viaCloud(name, data);
  } catch {
    return failure(NETWORK_MESSAGE);
  }
  if (!isResult(answer)) return failure(MALFORMED_MESSAGE);
  const requestId = (event as { requestId?: unknown }).requestId;
  if (!answer.ok && answer.code === 'REQUEST_ID_REUSED' && typeof requestId === 'string') retired.add(requestId);
  return answer as Result<ResultOf<N, E>>;
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A fresh client request id (matches the server's /^[A-Za-z0-9_-]{8,64}$/). It only has to be unique among one
 * user's requests, so time plus 12 random characters is plenty; it is no secret.
 */
export function newRequestId(): string {
  let random = '';
  for (let i = 0; i < 12; i++) random += ID_CHARS[Math.floor(Math.random() * ID_CHARS.length)];
  return `r${Date.now().toString(36)}-${random}`;
}

/**
 * The retry convention. A page keeps one `RequestIds` and asks `idFor(key)` before each mutation, with a key naming
 * the action and its target (`accept:${offerId}`). The id stays the same until `settle(key)`, which the page calls
 * once the server has answered with success. So a second tap after a network failure sends the same id again: if
 * the first attempt did reach the server, the server answers with its first result instead of acting twice.
 * (Refusals are not recorded by the server, so keeping the id after one is harmless.) The server answers an id only
 * for the request it first came with: the same id with another event is refused, and `call` then retires the id.
 */
export class RequestIds {
  private readonly pending = new Map<string, string>();

  idFor(key: string): string {
    let id = this.pending.get(key);
    if (!id || retired.has(id)) {
      id = newRequestId();
      this.pending.set(key, id);
    }
    return id;
  }

  settle(key: string): void {
    this.pending.delete(key);
  }
}
