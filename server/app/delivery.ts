/**
 * Delivery with the school's template ids: the outbox delivers, the settings say which template each purpose uses.
 * After a commit, the copy this instance holds (the commit checked its version, see mutate); the hourly run reads
 * them afresh. Read only when there is something to send and someone to send it.
 */
import type { OutboxDoc } from '../domain/types';
import * as outbox from '../notify/outbox';
import { addReport, emptyReport, type DeliveryReport, type DeliverySettings } from '../notify/outbox';
import type { Deps } from './deps';
import { inLanes } from './lanes';
import { heldSettings, loadSettings } from './settings';


/** Tries each of one commit's messages once, claimed and recorded together (see notify/outbox). */
export async function deliver(deps: Deps, messages: readonly OutboxDoc[]): Promise<DeliveryReport> {
  if (!deps.sender || messages.length === 0) return emptyReport();
  const settings = await heldSettings(deps.store);
  return outbox.deliver(deps, messages, settings, { together: true });
}

/**
 * Sends the messages a commit stored already claimed (notify/outbox claimedAtCommit) and records what came of them:
 * one write after the sends. `settings`: the copy the commit was checked against, else the one this instance holds.
 */
export async function deliverClaimed(deps: Deps, claimed: readonly OutboxDoc[], settings?: DeliverySettings): Promise<DeliveryReport> {
  if (!deps.sender || claimed.length === 0) return emptyReport();
  return outbox.deliverClaimed(deps, claimed, settings ?? (await heldSettings(deps.store)));
}

/**
 * Tries each message once, `lanes` at a time (outbox.deliver takes them one after another: a review batch's
 * hundred messages would take longer than the call has), starting none once `go()` says no. A message not started
 * stays pending in the outbox, where its commit put it, for the hourly run.
 */
export async function deliverInLanes(deps: Deps, messages: readonly OutboxDoc[], lanes: number, go: () => boolean): Promise<DeliveryReport> {
  if (!deps.sender || messages.length === 0) return emptyReport();
  const settings = await heldSettings(deps.store);
  // a batch of one or a few items: its messages together, two round trips in all
  if (messages.length <= outbox.TOGETHER_MAX) return outbox.deliver(deps, messages, settings, { together: true });
  const reports = await inLanes(messages, lanes, (message) => outbox.deliver(deps, [message], settings), go);
  const total = emptyReport();
  for (const r of reports) if (r) addReport(total, r);
  return total;
}

/** Delivers every message that is due, until none is left or the deadline passes. */
export async function deliverDue(deps: Deps, deadline: number): Promise<DeliveryReport> {
  if (!deps.sender) return emptyReport();
  const settings = await loadSettings(deps.store);
  return outbox.deliverDue(deps, deadline, settings);
}
