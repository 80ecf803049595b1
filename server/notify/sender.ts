import type { MiniprogramState } from '../domain/types';

/** Delivery of one subscription message; production wraps cloud.openapi.subscribeMessage.send. */
export interface OutgoingMessage {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  /** the version a tap opens, as the school's settings say (the sender may be told otherwise) */
  miniprogramState: MiniprogramState;
}

export type SendOutcome =
  | { ok: true }
  /** 43101: the user has no one-time subscription left. Expected; recorded, never retried. */
  | { ok: false; noQuota: true; error: string }
  /**
   * Any other failure: passing (network, a busy moment) and tried again later, unless `blocked`: -604101, the function
   * lacks the openapi permission (its config.json was not registered). That is the deploy's fault and trying again
   * cannot help, so the message is kept aside until the deploy is fixed and it is sent again (admin outbox).
   */
  | { ok: false; noQuota: false; blocked?: true; error: string };

export interface MessageSender {
  send(message: OutgoingMessage): Promise<SendOutcome>;
}

/**
 * The cloud's answer when the function's config.json permission is not registered. wx-server-sdk reports it as
 * -604101; the gateway's text sometimes carries it unsigned.
 */
export const NO_PERMISSION_CODES: readonly number[] = [-604101, 604101];

/** Whether an answer says the function may not call subscribeMessage.send (by its code, or only its text). */
export const isNoPermission = (errCode: number | undefined, errMsg: string): boolean =>
  (errCode !== undefined && NO_PERMISSION_CODES.includes(errCode)) || /(^|[^\d])-?604101([^\d]|$)/.test(errMsg);

/** Maps a subscribeMessage.send error code to an outcome. */
export function outcomeOf(errCode: number, errMsg: string): SendOutcome {
  if (errCode === 0) return { ok: true };
  const error = `${errCode} ${errMsg}`;
  if (isNoPermission(errCode, errMsg)) return { ok: false, noQuota: false, blocked: true, error };
  if (errCode === 43101) return { ok: false, noQuota: true, error };
  return { ok: false, noQuota: false, error };
}
