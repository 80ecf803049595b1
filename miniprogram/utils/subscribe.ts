/**
 * Subscription consent (订阅消息). WeChat delivers a one-time message only if the user said yes in a tap just before;
 * so every tap that leads to a notification asks first, for the purposes that matter to the one who taps. Asking
 * never blocks the action: a refusal, an unconfigured template or an old base library only means no message.
 */
import { cachedHome } from './session';

/** Purposes as named by the server (server/domain/messages.ts PURPOSES). */
export type Purpose = 'offerReceived' | 'offerExpiring' | 'offerAnswered' | 'reviewResult';

/**
 * Asks for the purposes whose template ids the school has set (as the page's own view carries them, else as the
 * remembered home view does); resolves to the ids the user accepted.
 */
export function askSubscription(purposes: Purpose[], templates: Record<string, string> = cachedHome()?.settings.templates ?? {}): Promise<string[]> {
  const tmplIds = purposes.map((p) => templates[p]).filter((id): id is string => Boolean(id));
  if (tmplIds.length === 0 || typeof wx.requestSubscribeMessage !== 'function') return Promise.resolve([]);
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds,
      success: (res) => resolve(tmplIds.filter((id) => (res as unknown as Record<string, string>)[id] === 'accept')),
      fail: () => resolve([]),
    });
  });
}

/**
 * Above a button whose tap asks consent: what WeChat will ask, what to tap, and that saying no changes nothing but the
 * message. The page the student is sent to shows the result either way.
 */
export const consentHint = (where: string): string =>
  `点击后微信会询问是否接收审核结果通知，请点「允许」；不允许也不影响办理，审核结果可随时在${where}查看。`;

/** After the tap: what the student will be told, by what they answered (no templates set counts as not allowed). */
export const resultLine = (accepted: readonly string[], where: string): string =>
  accepted.length > 0 ? `审核结果将通过微信通知您，也可在${where}查看。` : `您未允许微信通知，审核结果请在${where}查看。`;
