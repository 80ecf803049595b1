/**
 * The edge of every mutation: answer a retried request from its first result, otherwise plan (load and decide),
 * commit atomically with the request's result, then try to deliver the messages it queued.
 */
import { DomainError } from '../domain/errors';
import type { OutboxDoc } from '../domain/types';
import { deliver } from './delivery';
import { ConflictError, type Commit } from '../store/port';
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

export const requestKey = (caller: Caller, requestId: string): string => `${caller.openid}:${requestId}`;

export async function mutate<R>(
  deps: Deps,
  caller: Caller,
  requestId: string,
  plan: () => Promise<Plan<R>>,
): Promise<R> {
  const key = requestKey(caller, requestId);
  const first = await deps.store.get('requests', key);
  if (first) return first.result as R;
  for (let attempt = 1; ; attempt++) {
    const { commit, result } = await plan();
    try {
      await deps.store.commit({
        ...commit,
        request: { _id: key, version: 1, result, at: deps.clock().toISOString() },
      });
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      if (e.collection === 'requests') {
        const answered = await deps.store.get('requests', key);
        if (answered) return answered.result as R;
      }
      if (attempt >= ATTEMPTS) throw new DomainError('CONFLICT');
      await backoff(attempt);
      continue;
    }
    await deliverQuietly(deps, commit.outbox);
    return result;
  }
}

/** Delivery is best effort here: what fails stays queued for the timer's run. */
export async function deliverQuietly(deps: Deps, outbox: readonly OutboxDoc[]): Promise<void> {
  try {
    await deliver(deps, outbox);
  } catch (e) {
    console.error('delivery deferred:', e instanceof Error ? e.message : e);
  }
}

/** The version the user saw must be the version stored: otherwise someone changed it meanwhile. */
export function expectVersion(stored: { version: number } | null, seen: number): void {
  if ((stored?.version ?? 0) !== seen) throw new DomainError('CONFLICT');
}
