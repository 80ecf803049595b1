/** Subscription messages through `cloud.openapi.subscribeMessage.send` (needs the openapi permission in config.json). */
import { outcomeOf, type MessageSender, type OutgoingMessage, type SendOutcome } from './sender';

import type { MiniprogramState } from '../domain/types';

export interface SubscribeMessageApi {
  send(param: {
    touser: string;
    templateId: string;
    page: string;
    data: Record<string, { value: string }>;
    miniprogramState?: MiniprogramState;
    lang?: string;
  }): Promise<unknown>;
}

/** The SDK resolves with `{errCode: 0}` and rejects with `{errCode, errMsg}` (errCode sometimes a string); a network failure carries no code. */
export function codeOf(x: unknown): { errCode?: number; errMsg?: string } {
  if (!x || typeof x !== 'object') return {};
  const { errCode, errMsg, message } = x as Record<string, unknown>;
  return {
    ...(typeof errCode === 'number' ? { errCode } : typeof errCode === 'string' && /^-?\d+$/.test(errCode) ? { errCode: Number(errCode) } : {}),
    ...(typeof errMsg === 'string' ? { errMsg } : typeof message === 'string' ? { errMsg: message } : {}),
  };
}

/** A failure without an error code is treated as passing (network, timeout): the outbox tries again later. */
const UNKNOWN = -1;

export class WxSender implements MessageSender {
  /**
   * @param override the version every tap opens whatever the school's settings say: the function's environment
   * variable MINIPROGRAM_STATE, for an environment whose functions serve one version only
   */
  constructor(
    private readonly api: SubscribeMessageApi,
    private readonly override?: MiniprogramState,
  ) {}

  async send(message: OutgoingMessage): Promise<SendOutcome> {
    try {
      const answer = codeOf(
        await this.api.send({
          touser: message.touser,
          templateId: message.templateId,
          page: message.page,
          data: message.data,
          miniprogramState: this.override ?? message.miniprogramState,
          lang: 'zh_CN',
        }),
      );
      return outcomeOf(answer.errCode ?? 0, answer.errMsg ?? 'ok');
    } catch (e) {
      const failed = codeOf(e);
      const errCode = failed.errCode ?? UNKNOWN;
      return outcomeOf(errCode === 0 ? UNKNOWN : errCode, failed.errMsg ?? String(e));
    }
  }
}
