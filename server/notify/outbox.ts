/**
 * Delivers queued subscription messages with bounded retries. Runs after a commit and on the hourly timer, handed
 * the school's template ids (a purpose without one is never sent).
 */
import type { OutboxDoc, OutboxState, SchoolSettings } from '../domain/types';
import { ConflictError, type Store } from '../store/port';
import type { MessageSender, SendOutcome } from './sender';

/** What delivery needs: the outbox's store, a sender (absent where messages are only queued) and the clock. */
export interface OutboxDeps {
  store: Store;
  sender?: MessageSender;
  clock: () => Date;
}

/** What delivery takes from the school's settings: the template id of each purpose, the version a tap opens. */
export type DeliverySettings = Readonly<Pick<SchoolSettings, 'templates' | 'miniprogramState'>>;

export const MAX_ATTEMPTS = 5;
const BASE_DELAY_MS = 60_000;
/** How long a run holds a message it is sending; one that dies holding it leaves it to a run after this. */
export const CLAIM_MS = 10 * 60_000;

export interface DeliveryReport {
  sent: number;
  noQuota: number;
  failed: number;
  retrying: number;
  /** refused for want of the openapi permission: kept aside, see OutboxState */
  blocked: number;
  /** found claimed by a run that never recorded what came of it (deliverDue) */
  unconfirmed: number;
}

export const emptyReport = (): DeliveryReport => ({ sent: 0, noQuota: 0, failed: 0, retrying: 0, blocked: 0, unconfirmed: 0 });

export function addReport(total: DeliveryReport, r: DeliveryReport): void {
  for (const key of Object.keys(total) as (keyof DeliveryReport)[]) total[key] += r[key];
}

/** How often, and after what pause (ms, times the attempt), a run tries to record what came of a send. */
export const RECORD_ATTEMPTS = 4;
export const RECORD_PAUSE_MS = 100;

/**
 * How many messages one delivery may claim and record together: the few one commit queues (a decision queues one to
 * three). Claimed together, they are sent one after another before any outcome is recorded, so a run that dies
 * among them leaves the unsent ones claimed (later unconfirmed, never resent); a handful keeps that window to a
 * few sends. Longer lists (the hourly run's pages) go one message at a time.
 */
export const TOGETHER_MAX = 5;

/**
 * Tries each message once; what fails for a passing reason waits (1, 2, 4, 8 minutes) and is tried again.
 * `together`: the messages of one commit, claimed in one commit and their outcomes recorded in one, two round trips
 * in all instead of two per message (up to TOGETHER_MAX; more go one at a time).
 */
export async function deliver(
  deps: OutboxDeps,
  messages: readonly OutboxDoc[],
  settings: DeliverySettings,
  options: { together?: boolean } = {},
): Promise<DeliveryReport> {
  const report = emptyReport();
  const sender = deps.sender;
  const pending = messages.filter((m) => m.state === 'pending');
  if (!sender || pending.length === 0) return report;
  if (!options.together || pending.length === 1 || pending.length > TOGETHER_MAX) {
    for (const msg of pending) {
      const claimed = await claim(deps, msg);
      if (!claimed) continue;
      await record(deps.store, await sendOne(deps, sender, msg, settings, report), claimed.version);
    }
    return report;
  }
  const claimed = await claimTogether(deps, pending);
  const outcomes: { next: OutboxDoc; claim: number }[] = [];
  for (const { msg, claim: version } of claimed) {
    outcomes.push({ next: await sendOne(deps, sender, msg, settings, report), claim: version });
  }
  await recordTogether(deps.store, outcomes);
  return report;
}

/**
 * A commit's messages as the commit stores them when its own run delivers them at once: already claimed, as `claim`
 * would (same state and expiry), at the version they are inserted with. Delivery then writes once, the outcome, after
 * the send. A run that dies before recording leaves them claimed, later unconfirmed, as a run that dies after its
 * claim does today; a commit whose outcome is unknown gives them back (`releaseClaims`).
 */
export function claimedAtCommit(messages: readonly OutboxDoc[], now: Date): OutboxDoc[] {
  const until = new Date(now.getTime() + CLAIM_MS).toISOString();
  return messages.map((msg) => ({ ...msg, state: 'sending', nextAttemptAt: until }));
}

/**
 * Sends messages a commit stored claimed (`claimedAtCommit`) and records their outcomes: one write in all (a commit
 * over all of them, or one put for a single message), none before the send.
 */
export async function deliverClaimed(deps: OutboxDeps, claimed: readonly OutboxDoc[], settings: DeliverySettings): Promise<DeliveryReport> {
  const report = emptyReport();
  const sender = deps.sender;
  const mine = claimed.filter((m) => m.state === 'sending');
  if (!sender || mine.length === 0) return report;
  const outcomes: { next: OutboxDoc; claim: number }[] = [];
  // sent as the pending message it stands for: a passing failure leaves it pending for its next try
  for (const msg of mine) outcomes.push({ next: await sendOne(deps, sender, { ...msg, state: 'pending' }, settings, report), claim: msg.version });
  if (outcomes.length === 1) await record(deps.store, outcomes[0]!.next, outcomes[0]!.claim);
  else await recordTogether(deps.store, outcomes);
  return report;
}

/**
 * Gives back the claims of a commit whose outcome is unknown (the store failed to answer it): if it did apply, its
 * messages were stored claimed by a run that will not send them, and would end unconfirmed though never sent; pending,
 * the hourly run sends them. A claim on a message that was never stored conflicts and is left alone. Best effort.
 */
export async function releaseClaims(store: Store, claimed: readonly OutboxDoc[], pending: readonly OutboxDoc[]): Promise<void> {
  await Promise.all(
    claimed.map((msg, i) => store.put('outbox', { ...pending[i]!, version: msg.version + 1 }, msg.version).catch(() => undefined)),
  );
}

/** The message as a run holds it while it sends: `sending`, until the claim runs out. */
const claimedDoc = (msg: OutboxDoc, now: Date): OutboxDoc => ({
  ...msg,
  state: 'sending',
  version: msg.version + 1,
  nextAttemptAt: new Date(now.getTime() + CLAIM_MS).toISOString(),
});

/**
 * Claimed before it is sent: the commit's own run and the timer's may hold the same version, and each send spends one
 * of the user's one-time subscriptions. The compare-and-set lets one of them through; a stale copy (already sent by
 * another run) fails it too. A claimed message is `sending`, which no run picks up again: if this run dies before it
 * records the outcome, the message is found later and called unconfirmed, not resent. Null: another run has it.
 */
async function claim(deps: OutboxDeps, msg: OutboxDoc): Promise<OutboxDoc | null> {
  const claimed = claimedDoc(msg, deps.clock());
  try {
    await deps.store.put('outbox', claimed, msg.version);
    return claimed;
  } catch (e) {
    if (e instanceof ConflictError) return null;
    throw e;
  }
}

/** One commit claiming them all; should any be taken already, each is claimed on its own (the rest still go). */
async function claimTogether(deps: OutboxDeps, pending: readonly OutboxDoc[]): Promise<{ msg: OutboxDoc; claim: number }[]> {
  const now = deps.clock();
  const claims = pending.map((msg) => claimedDoc(msg, now));
  try {
    await deps.store.commit({ writes: claims.map((doc, i) => ({ collection: 'outbox', doc, expectedVersion: pending[i]!.version })), audit: [], outbox: [] });
    return pending.map((msg, i) => ({ msg, claim: claims[i]!.version }));
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
  }
  const one: { msg: OutboxDoc; claim: number }[] = [];
  for (const msg of pending) {
    const claimed = await claim(deps, msg);
    if (claimed) one.push({ msg, claim: claimed.version });
  }
  return one;
}

/** Sends a claimed message and says what to record of it (its version is the claim's; `record` sets the next). */
async function sendOne(deps: OutboxDeps, sender: MessageSender, msg: OutboxDoc, settings: DeliverySettings, report: DeliveryReport): Promise<OutboxDoc> {
  const now = deps.clock();
  const templateId = settings.templates[msg.template];
  const outcome: SendOutcome = templateId
    ? await sender
        .send({
          touser: msg.to,
          templateId,
          page: msg.page,
          data: Object.fromEntries(Object.entries(msg.data).map(([k, value]) => [k, { value }])),
          miniprogramState: settings.miniprogramState,
        })
        .catch((e: unknown) => ({ ok: false as const, noQuota: false as const, error: String(e) }))
    : { ok: false, noQuota: false, error: `no template id for ${msg.template}` };
  const attempts = msg.attempts + 1;
  if (outcome.ok) {
    report.sent += 1;
    return { ...msg, state: 'sent', attempts, sentAt: now.toISOString() };
  }
  if (outcome.noQuota) {
    report.noQuota += 1;
    return { ...msg, state: 'noQuota', attempts, lastError: outcome.error };
  }
  if (outcome.blocked) {
    report.blocked += 1;
    console.error(
      `[outbox] 订阅消息 ${msg._id} 未能发送：本云函数没有 subscribeMessage.send 调用权限（${outcome.error}）。` +
        '这是部署配置的问题，重试无用，消息已暂存（blocked）。请按 docs/deploy.md 第 2 节登记权限，' +
        '再运行 npm run admin -- outbox resend --state blocked 重新发送。',
    );
    return { ...msg, state: 'blocked', attempts, lastError: outcome.error };
  }
  if (attempts >= MAX_ATTEMPTS || !templateId) {
    report.failed += 1;
    return { ...msg, state: 'failed', attempts, lastError: outcome.error };
  }
  const delay = BASE_DELAY_MS * 2 ** (attempts - 1);
  report.retrying += 1;
  return { ...msg, attempts, lastError: outcome.error, nextAttemptAt: new Date(now.getTime() + delay).toISOString() };
}

/**
 * The outcomes in one commit over the claims; should that fail (a claim the sweep settled meanwhile, or a passing
 * store failure), each is recorded on its own with `record`'s tries, which also leaves alone what another has written.
 */
async function recordTogether(store: Store, outcomes: readonly { next: OutboxDoc; claim: number }[]): Promise<void> {
  if (outcomes.length === 0) return;
  try {
    await store.commit({
      writes: outcomes.map(({ next, claim: version }) => ({ collection: 'outbox', doc: { ...next, version: version + 1 }, expectedVersion: version })),
      audit: [],
      outbox: [],
    });
    return;
  } catch {
    // each on its own, below
  }
  for (const { next, claim: version } of outcomes) await record(store, next, version);
}

/**
 * Records what came of a send, trying again on a passing failure: a message whose send is not recorded stays
 * `sending` and is later called unconfirmed (never sent twice, but nobody knows it arrived). Only the sweep that
 * found the claim run out (or an administrator) can have written it meanwhile: over `unconfirmed` what is now known
 * is recorded; anything else stands.
 */
async function record(store: Store, next: OutboxDoc, claim: number): Promise<void> {
  let expected = claim;
  for (let attempt = 1; ; attempt++) {
    try {
      await store.put('outbox', { ...next, version: expected + 1 }, expected);
      return;
    } catch (e) {
      if (e instanceof ConflictError) {
        const current = await store.get('outbox', next._id).catch(() => null);
        if (current?.state !== 'unconfirmed' || attempt >= RECORD_ATTEMPTS) return;
        expected = current.version;
        continue;
      }
      if (attempt >= RECORD_ATTEMPTS) {
        console.error(`[outbox] 订阅消息 ${next._id} 的结果（${next.state}）没能记下：${e instanceof Error ? e.message : String(e)}；它将记为未确认，不会自动重发`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, RECORD_PAUSE_MS * attempt));
    }
  }
}

/** The first hundred messages in `state` whose time has come (a pending one's next try, a claim's end). */
async function due(deps: OutboxDeps, state: OutboxState): Promise<OutboxDoc[]> {
  const page = await deps.store.query('outbox', {
    where: [
      { field: 'state', op: '==', value: state },
      { field: 'nextAttemptAt', op: '<=', value: deps.clock().toISOString() },
    ],
    orderBy: { field: 'nextAttemptAt' },
    limit: 100,
  });
  return page.items;
}

/** Claims that ran out without an outcome (the run died, or could not record it): unconfirmed, never resent by itself. */
async function settleAbandoned(deps: OutboxDeps): Promise<number> {
  let settled = 0;
  for (const msg of await due(deps, 'sending')) {
    const lastError = '投递中断，发送结果没有记下：可能已经送达，为免重复不再自动重发';
    try {
      await deps.store.put('outbox', { ...msg, state: 'unconfirmed', lastError, version: msg.version + 1 }, msg.version);
      settled += 1;
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
    }
  }
  return settled;
}

/** Delivers every message that is due, a page at a time, until none is left or the deadline passes. */
export async function deliverDue(deps: OutboxDeps, deadline: number, settings: DeliverySettings): Promise<DeliveryReport> {
  const total = emptyReport();
  total.unconfirmed = await settleAbandoned(deps);
  const seen = new Set<string>();
  while (Date.now() < deadline) {
    const fresh = (await due(deps, 'pending')).filter((m) => !seen.has(m._id));
    if (fresh.length === 0) break;
    fresh.forEach((m) => seen.add(m._id));
    addReport(total, await deliver(deps, fresh, settings));
  }
  return total;
}
