/**
 * The openapi permission probe: `{ probe: 'subscribeMessage' }`, sent by `npm run deploy` after uploading (through
 * the CloudBase API, so without an OPENID), asks a deployed function whether WeChat lets it call
 * `subscribeMessage.send`. The permission is registered from config.json only by an upload the way DevTools does it,
 * and a missing one shows nowhere but in the answer to a real send: so the probe makes one, to an addressee and a
 * template that cannot exist, which WeChat can only refuse.
 *
 * A mini program user (every such call carries an OPENID) is refused, as expireOffers refuses one: the probe is for
 * the deploying machine, the console's 云端测试 and the timer's kind of caller only.
 */
import { ERROR_MESSAGES, type Result } from '../../typings';
import { isNoPermission } from '../notify/sender';
import { codeOf, type SubscribeMessageApi } from '../notify/wxSender';
import type { PlatformCaller } from '../app/deps';

export const PROBE = 'subscribeMessage' as const;
/** The event that asks for the probe. Any other key of the event is ignored. */
export const PROBE_EVENT = { probe: PROBE } as const;

/**
 * Fixed, never taken from the event. A real openid is 28 characters starting with `o`, a template id 43 characters
 * without `-`: WeChat refuses these (40003 invalid openid, 40037 invalid template id) once it has let the call in.
 */
export const PROBE_TOUSER = 'permission-probe-no-such-user';
export const PROBE_TEMPLATE = 'permission-probe-no-such-template';

export type Permission = 'present' | 'missing' | 'unknown';

export interface PermissionProbe {
  probe: typeof PROBE;
  permission: Permission;
  /** the code the send was answered with, when it had one */
  errCode?: number;
  errMsg: string;
}

/** An event that asks for the probe: it has its own `probe` key (whatever else it carries). */
export const isProbeEvent = (event: unknown): boolean =>
  !!event && typeof event === 'object' && !Array.isArray(event) && Object.prototype.hasOwnProperty.call(event, 'probe');

/**
 * What an answer to the probe's send says about the permission: -604101 (also when only its text carries it) is
 * missing; a positive code is WeChat's own refusal, so the call got past the permission check (present); anything
 * else (no code: a network failure or timeout; another negative code: the cloud failed before WeChat) says nothing.
 */
export function classify(answer: unknown): PermissionProbe {
  const { errCode, errMsg = typeof answer === 'object' && answer !== null ? '' : String(answer) } = codeOf(answer);
  const base = { probe: PROBE, ...(errCode === undefined ? {} : { errCode }), errMsg };
  if (isNoPermission(errCode, errMsg)) {
    return { ...base, permission: 'missing' };
  }
  if (errCode !== undefined && errCode >= 0) return { ...base, permission: 'present' };
  return { ...base, permission: 'unknown' };
}

/** Answers the probe event for this caller: refused with an OPENID, else one send that cannot be delivered. */
export async function answerProbe(api: SubscribeMessageApi, caller: PlatformCaller, event: unknown, fn: string): Promise<Result<PermissionProbe>> {
  if (caller.openid) return { ok: false, code: 'FORBIDDEN', message: ERROR_MESSAGES.FORBIDDEN };
  const asked = (event as Record<string, unknown>).probe;
  if (asked !== PROBE) {
    const message = `probe 只能是 ${PROBE}`;
    return { ok: false, code: 'INVALID_INPUT', message, issues: [{ path: 'probe', message }] };
  }
  let answer: unknown;
  try {
    answer = await api.send({ touser: PROBE_TOUSER, templateId: PROBE_TEMPLATE, page: '', data: {}, miniprogramState: 'formal', lang: 'zh_CN' });
  } catch (e) {
    answer = e;
  }
  const result = classify(answer);
  // in the function's log as well: a missing permission is a configuration fault, to be seen without the deploy
  if (result.permission === 'missing') {
    console.error(`[${fn}] 云调用权限 ${PROBE}.send 未登记（${result.errCode ?? ''} ${result.errMsg}）：订阅消息无法发送，见 docs/deploy.md 第 2 节`);
  }
  return { ok: true, data: result };
}
