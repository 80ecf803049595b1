/**
 * The edge of every mutation: plan (load and decide), commit atomically with the request's result, then try to deliver
 * the messages it queued; a retried request is answered from its first result (and another request sent under the
 * same id refused) when its commit or its plan finds that id answered.
 */
import { DomainError } from '../domain/errors';
import { fingerprint, replay } from '../domain/requests';
import type { OutboxDoc } from '../domain/types';
import { deliver, deliverClaimed } from './delivery';
import { claimedAtCommit, releaseClaims, TOGETHER_MAX } from '../notify/outbox';
import { ConflictError, type Commit, type ReadCheck } from '../store/port';
import { forgetSettings, settingsHeld, settingsRead } from './settings';
import type { Caller, Deps } from './deps';

export interface Plan<R> {
  commit: Omit<Commit, 'request'>;
  result: R;
}

/**
 * A plan re-runs from fresh reads when a concurrent writer got there first. A change to the record the user acted
 * on is refused by the re-run itself (its version no longer matches the one the user saw); what remains are shared
 * documents, such as the year's agreement-number counter at the peak of signing. Those are retried with a growing,
 * jittered pause, so that a crowd of simultaneous 应约 all get through, one after another.
 */
const ATTEMPTS = 10;
const backoff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** Math.min(attempt, 6)));

/** A client request as it is stored: under the caller's id for it, with the fingerprint of what it asks. */
export interface ClientRequest {
  key: string;
  fingerprint: string;
}

/** Where a caller's request is kept: its id is the caller's own, whatever function it was sent to. */
export const requestKey = (caller: Pick<Caller, 'openid'>, requestId: string): string => `${caller.openid}:${requestId}`;

/**
 * The request an event makes. Keyed by the caller and the id alone, so that the same id sent to another function
 * meets the first request's answer and is refused by its fingerprint, not run as a second request.
 */
export const requestOf = (caller: Caller, event: { requestId: string }): ClientRequest => ({
  key: requestKey(caller, event.requestId),
  fingerprint: fingerprint(caller.fn, event),
});

/** The first answer if this request was answered; another request under its id is refused (REQUEST_ID_REUSED). */
export async function answered(deps: Deps, request: ClientRequest): Promise<{ result: unknown } | null> {
  return replay(await deps.store.get('requests', request.key), request.fingerprint);
}

export interface MutateOptions {
  /**
   * Where the commit's messages go instead of being delivered at once: a review batch gathers its items' messages and
   * delivers them together afterwards. They are in the outbox either way, committed with the change, so a message
   * never delivered by the caller is still sent by the hourly run.
   */
  deferDelivery?: OutboxDoc[];
  /**
   * The caller delivers the deferred messages within this call whatever its time left (a review batch of one item):
   * they are stored claimed, as an undeferred commit's are. Without it they stay pending, since the caller may start
   * none of them (deliverInLanes' go()), and a message stored claimed but never sent would end unconfirmed, unsent.
   */
  claimDeferred?: boolean;
}

/**
 * No read of the request before planning: the commit stores the request with the change and fails on `requests` when
 * the id was answered already (both adapters check it inside the transaction), so a first request pays nothing for
 * the check and a retry finds its answer on that conflict (or on a refusal of its plan, since what it changed has moved
 * on). The settings copy this instance holds is checked at its version in every commit made while it is held.
 */
export async function mutate<R>(deps: Deps, request: ClientRequest, plan: () => Promise<Plan<R>>, options: MutateOptions = {}): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    let planned: Plan<R>;
    try {
      planned = await plan();
    } catch (e) {
      // A retry, or a request under a used id, whose plan is refused (what the first copy changed has moved on, say):
      // the first copy's answer, or REQUEST_ID_REUSED; a refusal of a request never answered stands.
      if (e instanceof DomainError) {
        const raced = await answered(deps, request);
        if (raced) return raced.result as R;
      }
      throw e;
    }
    const { commit, result } = planned;
    // delivered at once with the settings this commit is checked against: stored claimed, so that the delivery
    // writes once, after the send (notify/outbox claimedAtCommit); a longer list is claimed by the delivery itself
    const held = settingsHeld(deps.store);
    const claiming =
      !!deps.sender && !!held && (!options.deferDelivery || !!options.claimDeferred) && commit.outbox.length > 0 && commit.outbox.length <= TOGETHER_MAX;
    const outbox = claiming ? claimedAtCommit(commit.outbox, deps.clock()) : commit.outbox;
    try {
      await deps.store.commit({
        ...commit,
        outbox,
        reads: withHeldSettings(deps, commit),
        request: { _id: request.key, version: 1, result, fingerprint: request.fingerprint, at: deps.clock().toISOString() },
      });
    } catch (e) {
      if (!(e instanceof ConflictError)) {
        // the commit may have applied all the same: its messages then go back to pending, for the hourly run
        if (claiming) await releaseClaims(deps.store, outbox, commit.outbox);
        throw e;
      }
      if (e.collection === 'requests') {
        // answered already (a retry, or a commit under the same id that got there first): its answer if it was this
        // request, refused if it was another; a conflict on another request (a review batch's claim) plans again
        const raced = await answered(deps, request);
        if (raced) return raced.result as R;
      }
      // a stale copy of the settings: the next plan reads them afresh
      if (e.collection === 'settings') forgetSettings(deps.store);
      if (attempt >= ATTEMPTS) throw new DomainError('CONFLICT');
      await backoff(attempt);
      continue;
    }
    if (options.deferDelivery) options.deferDelivery.push(...outbox);
    else if (claiming) await deliverQuietly(deps, outbox, (d, claimed) => deliverClaimed(d, claimed, held));
    else await deliverQuietly(deps, outbox);
    return result;
  }
}

/**
 * The commit's reads, with the settings copy this instance holds when the commit queues messages and the plan named
 * no settings read of its own: the messages are delivered with that copy's template ids, and a change made meanwhile
 * conflicts, so that the retry runs on the new settings. A commit without messages and settings read checks nothing
 * more (on CloudBase each check is a read inside the transaction).
 */
function withHeldSettings(deps: Deps, commit: Plan<unknown>['commit']): ReadCheck[] {
  const reads = commit.reads ?? [];
  const held = settingsHeld(deps.store);
  if (!held || commit.outbox.length === 0 || reads.some((r) => r.collection === 'settings')) return [...reads];
  return [...reads, settingsRead(held)];
}

/** Delivery is best effort here: what fails stays queued for the timer's run. `how`: one after another by default. */
export async function deliverQuietly(
  deps: Deps,
  outbox: readonly OutboxDoc[],
  how: (deps: Deps, outbox: readonly OutboxDoc[]) => Promise<unknown> = deliver,
): Promise<void> {
  try {
    await how(deps, outbox);
  } catch (e) {
    console.error('delivery deferred:', e instanceof Error ? e.message : e);
  }
}

/** The version the user saw must be the version stored: otherwise someone changed it meanwhile. */
export function expectVersion(stored: { version: number } | null, seen: number): void {
  if ((stored?.version ?? 0) !== seen) throw new DomainError('CONFLICT');
}
