/**
 * Delivers queued subscription messages with bounded retries. Runs after a commit and on the hourly timer, handed
 * the school's template ids (a purpose without one is never sent).
 */
import type { OutboxDoc } from '../domain/types';
import { ConflictError, type Store } from '../store/port';
import type { MessageSender } from './sender';

/** What delivery needs: the outbox's store, a sender (absent where messages are only queued) and the clock. */
export interface OutboxDeps {
  store: Store;
  sender?: MessageSender;
  clock: () => Date;
}

/** Template ids by purpose, from the school's settings. */
export type TemplateIds = Readonly<Record<string, string>>;

export const MAX_ATTEMPTS = 5;
const BASE_DELAY_MS = 60_000;
/** How long a run holds a message it is sending; one that dies holding it leaves it to a run after this. */
export const CLAIM_MS = 10 * 60_000;

export interface DeliveryReport {
  sent: number;
  noQuota: number;
  failed: number;
  retrying: number;
}

/** Tries each message once; what fails for a passing reason waits (1, 2, 4, 8 minutes) and is tried again. */
export async function deliver(deps: OutboxDeps, messages: readonly OutboxDoc[], templates: TemplateIds): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, noQuota: 0, failed: 0, retrying: 0 };
  const sender = deps.sender;
  if (!sender || messages.length === 0) return report;
  for (const msg of messages) {
    if (msg.state !== 'pending') continue;
    const now = deps.clock();
    // Claimed before it is sent: the commit's own run and the timer's may hold the same version, and each send
    // spends one of the user's one-time subscriptions. The compare-and-set lets one of them through; a stale copy
    // (already sent by another run) fails it too.
    const claim = msg.version + 1;
    try {
      await deps.store.put('outbox', { ...msg, version: claim, nextAttemptAt: new Date(now.getTime() + CLAIM_MS).toISOString() }, msg.version);
    } catch (e) {
      if (e instanceof ConflictError) continue;
      throw e;
    }
    const templateId = templates[msg.template];
    const outcome = templateId
      ? await sender
          .send({
            touser: msg.to,
            templateId,
            page: msg.page,
            data: Object.fromEntries(Object.entries(msg.data).map(([k, value]) => [k, { value }])),
          })
          .catch((e: unknown) => ({ ok: false as const, noQuota: false as const, error: String(e) }))
      : ({ ok: false, noQuota: false, error: `no template id for ${msg.template}` } as const);
    const attempts = msg.attempts + 1;
    let next: OutboxDoc;
    if (outcome.ok) {
      next = { ...msg, state: 'sent', attempts, sentAt: now.toISOString() };
      report.sent += 1;
    } else if (outcome.noQuota) {
      next = { ...msg, state: 'noQuota', attempts, lastError: outcome.error };
      report.noQuota += 1;
    } else if (attempts >= MAX_ATTEMPTS || !templateId) {
      next = { ...msg, state: 'failed', attempts, lastError: outcome.error };
      report.failed += 1;
    } else {
      const delay = BASE_DELAY_MS * 2 ** (attempts - 1);
      next = {
        ...msg,
        attempts,
        lastError: outcome.error,
        nextAttemptAt: new Date(now.getTime() + delay).toISOString(),
      };
      report.retrying += 1;
    }
    next.version = claim + 1;
    // Only a run that outlived its claim can lose here; the run that took the message over stands.
    await deps.store.put('outbox', next, claim).catch(() => undefined);
  }
  return report;
}

/** Delivers every message that is due, a page at a time, until none is left or the deadline passes. */
export async function deliverDue(deps: OutboxDeps, deadline: number, templates: TemplateIds): Promise<DeliveryReport> {
  const total: DeliveryReport = { sent: 0, noQuota: 0, failed: 0, retrying: 0 };
  const seen = new Set<string>();
  while (Date.now() < deadline) {
    const page = await deps.store.query('outbox', {
      where: [
        { field: 'state', op: '==', value: 'pending' },
        { field: 'nextAttemptAt', op: '<=', value: deps.clock().toISOString() },
      ],
      orderBy: { field: 'nextAttemptAt' },
      limit: 100,
    });
    const fresh = page.items.filter((m) => !seen.has(m._id));
    if (fresh.length === 0) break;
    fresh.forEach((m) => seen.add(m._id));
    const r = await deliver(deps, fresh, templates);
    total.sent += r.sent;
    total.noQuota += r.noQuota;
    total.failed += r.failed;
    total.retrying += r.retrying;
  }
  return total;
}
