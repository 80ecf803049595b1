/**
 * expireOffers: the hourly timer. Expires open offers past their deadline, reminds students two days before, then
 * retries queued messages. Idempotent (every write is version-checked, a rerun finds nothing left) and resumable
 * (it stops at a time budget and the next trigger carries on).
 */
import * as v from 'valibot';
import type { ExpireOffersEvent, ExpireOffersResult } from '../../typings';
import { refuse } from '../domain/errors';
import { expireOffer, expiryGuards, remindHorizon, remindOffer } from '../domain/expiry';
import type { Decided } from '../domain/decision';
import type { OfferDoc } from '../domain/types';
import { deliverDue } from '../app/delivery';
import { defineFunction } from '../app/function';
import { ConflictError, type Filter } from '../store/port';
import type { Caller, Deps } from '../app/deps';

export interface ExpiryOptions {
  /** wall-clock milliseconds a run may spend; the cloud function's timeout is 60 s, so 50 s leaves room to answer */
  budgetMs?: number;
  /** offers read per query */
  pageSize?: number;
  /** offers committed at once: each is still its own commit, this only overlaps their round trips */
  parallel?: number;
}

const DEFAULTS: Required<ExpiryOptions> = { budgetMs: 50_000, pageSize: 200, parallel: 10 };

/** Any event is accepted: a timer sends `{Type, TriggerName, Time}`, which says nothing the run needs. */
const toTimerEvent = (raw: unknown): ExpireOffersEvent => {
  const e = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const pick = (k: 'Type' | 'TriggerName' | 'Time') => (typeof e[k] === 'string' ? { [k]: e[k] as string } : {});
  return { ...pick('Type'), ...pick('TriggerName'), ...pick('Time') };
};
export const expireOffersSchema = v.pipe(v.unknown(), v.transform(toTimerEvent));

/** The time budget. A run always does one chunk of work before it may stop, so even a tiny budget makes progress. */
class Budget {
  private readonly deadline: number;
  private progressed = false;
  constructor(ms: number) {
    this.deadline = Date.now() + ms;
  }
  over(): boolean {
    return this.progressed && Date.now() >= this.deadline;
  }
  worked(): void {
    this.progressed = true;
  }
  get end(): number {
    return this.deadline;
  }
}

/** Commits one offer's decision; a conflict means someone else moved that offer first, and theirs stands. */
async function apply(deps: Deps, decided: Decided): Promise<boolean> {
  try {
    await deps.store.commit(decided);
    return true;
  } catch (e) {
    if (e instanceof ConflictError) return false;
    throw e;
  }
}

/** Pages through offers matching `where` in deadline order, handing them on in chunks until done or out of time. */
async function sweep(
  deps: Deps,
  where: Filter[],
  options: Required<ExpiryOptions>,
  budget: Budget,
  act: (offers: OfferDoc[]) => Promise<number>,
): Promise<{ count: number; finished: boolean }> {
  let count = 0;
  let after: string | undefined;
  do {
    if (budget.over()) return { count, finished: false };
    const page = await deps.store.query('offers', {
      where,
      orderBy: { field: 'expiresAt' },
      limit: options.pageSize,
      ...(after ? { after } : {}),
    });
    for (let i = 0; i < page.items.length; i += options.parallel) {
      if (budget.over()) return { count, finished: false };
      count += await act(page.items.slice(i, i + options.parallel));
      budget.worked();
    }
    after = page.next;
  } while (after);
  return { count, finished: true };
}

const succeeded = (results: boolean[]): number => results.filter(Boolean).length;

export async function runExpiry(deps: Deps, options: ExpiryOptions = {}): Promise<ExpireOffersResult> {
  const opts = { ...DEFAULTS, ...options };
  const budget = new Budget(opts.budgetMs);
  const now = deps.clock().toISOString();
  const open: Filter = { field: 'state', op: '==', value: 'open' };

  const expired = await sweep(deps, [open, { field: 'expiresAt', op: '<=', value: now }], opts, budget, async (offers) =>
    succeeded(
      await Promise.all(
        offers.filter((o) => expiryGuards.due(o, now)).map((offer) => apply(deps, expireOffer({ offer, now }))),
      ),
    ),
  );
  if (!expired.finished) return { expired: expired.count, reminded: 0, delivered: 0, done: false };

  // One range on expiresAt only (adapters need not merge two ranges on one field); the guard drops the rest.
  const reminded = await sweep(deps, [open, { field: 'expiresAt', op: '<=', value: remindHorizon(now) }], opts, budget, async (page) => {
    const offers = page.filter((o) => expiryGuards.needsReminder(o, now));
    if (offers.length === 0) return 0;
    const students = await deps.store.getMany('students', [...new Set(offers.map((o) => o.studentNo))]);
    const byNo = new Map(students.map((s) => [s.studentNo, s]));
    return succeeded(
      await Promise.all(
        offers.map((offer) =>
          apply(deps, remindOffer({ offer, student: byNo.get(offer.studentNo) ?? null, now, newId: deps.newId })),
        ),
      ),
    );
  });
  if (!reminded.finished) return { expired: expired.count, reminded: reminded.count, delivered: 0, done: false };

  const delivery = await deliverDue(deps, budget.end);
  return { expired: expired.count, reminded: reminded.count, delivered: delivery.sent, done: Date.now() < budget.end };
}

/** The function with other limits, for tests and the local runtime. */
export const expireOffersWith = (options: ExpiryOptions = {}) =>
  defineFunction({
    name: 'expireOffers',
    schema: expireOffersSchema,
    // Only the timer runs it: a mini program user (who always has an openid) may not set off a full sweep.
    run: async (deps: Deps, caller: Caller, _event: ExpireOffersEvent) =>
      caller.openid ? refuse('FORBIDDEN') : runExpiry(deps, options),
  });

export const expireOffers = expireOffersWith();
