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
