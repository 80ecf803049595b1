/**
 * Delivery with the school's current template ids: the outbox delivers, the settings say which template each
 * purpose uses. Read only when there is something to send and someone to send it.
 */
import type { OutboxDoc } from '../domain/types';
import * as outbox from '../notify/outbox';
import type { DeliveryReport } from '../notify/outbox';
import type { Deps } from './deps';
import { loadSettings } from './settings';

const NOTHING: DeliveryReport = { sent: 0, noQuota: 0, failed: 0, retrying: 0 };

/** Tries each message once (see notify/outbox). */
export async function deliver(deps: Deps, messages: readonly OutboxDoc[]): Promise<DeliveryReport> {
  if (!deps.sender || messages.length === 0) return { ...NOTHING };
  const settings = await loadSettings(deps.store);
  return outbox.deliver(deps, messages, settings.templates);
}

/** Delivers every message that is due, until none is left or the deadline passes. */
export async function deliverDue(deps: Deps, deadline: number): Promise<DeliveryReport> {
  if (!deps.sender) return { ...NOTHING };
  const settings = await loadSettings(deps.store);
  return outbox.deliverDue(deps, deadline, settings.templates);
}
