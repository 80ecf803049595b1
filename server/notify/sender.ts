/** Delivery of one subscription message; production wraps cloud.openapi.subscribeMessage.send. */
export interface OutgoingMessage {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

export type SendOutcome =
  | { ok: true }
  /** 43101: the user has no one-time subscription left. Expected; recorded, never retried. */
  | { ok: false; noQuota: true; error: string }
  | { ok: false; noQuota: false; error: string };

export interface MessageSender {
  send(message: OutgoingMessage): Promise<SendOutcome>;
}

/** Maps a subscribeMessage.send error code to an outcome. */
export function outcomeOf(errCode: number, errMsg: string): SendOutcome {
  if (errCode === 0) return { ok: true };
  return { ok: false, noQuota: errCode === 43101, error: `${errCode} ${errMsg}` };
}
