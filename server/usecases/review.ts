/**
 * review: 院系审核 and 校级审核 on every queue, one record or a batch. Each item is its own commit under its own request
 * key, so one item's refusal leaves the others alone and a retried batch re-applies nothing; the batch's id is
 * claimed with the first item that takes effect, so that it answers no other request.
 */
import { ERROR_MESSAGES, type ItemOutcome, type ReviewEvent, type ReviewItem, type ReviewOutcome } from '../../typings';
import { DomainError, refuse } from '../domain/errors';
import { reviewAgreement, reviewCheck, reviewEmployer, reviewScope, reviewTermination, type Reviewed } from '../domain/review';
import { terminationCounterId } from '../domain/termination';
import type { RequestDoc, Tracked } from '../domain/types';
import type { Env, Write } from '../domain/decision';
import { defineFunction } from '../app/function';
import { bound, type Bound } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { answered, expectVersion, mutate, requestOf, type ClientRequest } from '../app/mutate';
import { reviewSchema } from '../app/schemas';

interface Ctx {
  deps: Deps;
  who: Bound;
  event: ReviewEvent;
  item: ReviewItem;
  env: Env;
}

type Decide = (ctx: Ctx) => Promise<Reviewed<Tracked & { state: string }>>;

/** Found, in scope, and the version the reviewer saw: in that order, so a stranger learns nothing from CONFLICT. */
function admit<D extends { version: number }>(doc: D | null, allowed: (d: D) => boolean, seen: number): D {
  if (!doc) return refuse('NOT_FOUND');
  if (!allowed(doc)) return refuse('FORBIDDEN');
  expectVersion(doc, seen);
  return doc;
}

const decide: Record<ReviewItem['record'], Decide> = {
  check: async ({ deps, who, event, item, env }) => {
    const check = admit(await deps.store.get('checks', item.id), (c) => reviewScope.check(who.user, c), item.version);
    const student = await deps.store.get('students', check.studentNo);
    return reviewCheck({ env, decision: event.decision, reason: event.reason, check, studentOpenid: student?.openid ?? null });
  },
  agreement: async ({ deps, who, event, item, env }) => {
    const agreement = admit(await deps.store.get('agreements', item.id), (a) => reviewScope.agreement(who.user, a), item.version);
    return reviewAgreement({ env, decision: event.decision, reason: event.reason, agreement });
  },
  termination: async ({ deps, who, event, item, env }) => {
    const termination = admit(await deps.store.get('terminations', item.id), () => reviewScope.termination(who.user), item.version);
    const [agreement, student, counter] = await Promise.all([
      deps.store.get('agreements', termination.agreementId),
      deps.store.get('students', termination.studentNo),
      deps.store.get('counters', terminationCounterId(termination.agreementId)),
    ]);
    if (!agreement || !student) return refuse('NOT_FOUND');
    return reviewTermination({ env, decision: event.decision, reason: event.reason, termination, agreement, student, counter });
  },
  employer: async ({ deps, who, event, item, env }) => {
    const employer = admit(await deps.store.get('employers', item.id), () => reviewScope.employer(who.user), item.version);
    return reviewEmployer({ env, decision: event.decision, reason: event.reason, employer });
  },
};

/** An item's own request: under the batch's id and its place in the batch, asking what the batch asks. */
const itemOf = (batch: ClientRequest, index: number): ClientRequest => ({ key: `${batch.key}:${index}`, fingerprint: batch.fingerprint });

/**
 * The batch's id itself is claimed in the commit of its first item to take effect. From then on another request under
 * that id is refused whole, even one whose items do not line up with this batch's; a batch whose every item was
 * refused claims nothing, as no refusal stores anything. Read in each plan, so that a batch racing another under the
 * same id finds the other's claim when it plans again, and is refused.
 */
async function claim(deps: Deps, batch: ClientRequest, now: string): Promise<Write[]> {
  if (await answered(deps, batch)) return [];
  const doc: RequestDoc = { _id: batch.key, version: 1, result: null, fingerprint: batch.fingerprint, at: now };
  return [{ collection: 'requests', doc, expectedVersion: 0 }];
}

async function reviewItem(deps: Deps, who: Bound, event: ReviewEvent, batch: ClientRequest, index: number): Promise<ItemOutcome> {
  const item = event.items[index]!;
  try {
    return await mutate<ItemOutcome>(deps, itemOf(batch, index), async () => {
      const env: Env = { actor: who.actor, now: deps.clock().toISOString(), newId: deps.newId };
      const claimed = await claim(deps, batch, env.now);
      const { doc, ...commit } = await decide[item.record]({ deps, who, event, item, env });
      return { commit: { ...commit, writes: [...commit.writes, ...claimed] }, result: { id: item.id, ok: true, state: doc.state, version: doc.version } };
    });
  } catch (e) {
    if (e instanceof DomainError) return { id: item.id, ok: false, code: e.code, message: e.message };
    console.error('[review]', item.record, item.id, e);
    return { id: item.id, ok: false, code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL };
  }
}

async function run(deps: Deps, caller: Caller, event: ReviewEvent): Promise<ReviewOutcome> {
  const who = await bound(deps, caller, ['collegeReviewer', 'schoolReviewer']);
  if (event.decision === 'return' && !event.reason?.trim()) refuse('REASON_REQUIRED');
  const batch = requestOf(caller, event);
  // the id used for another request is refused whole here; a retried batch goes on, each item answering as first
  await answered(deps, batch);
  const results: ItemOutcome[] = [];
  // One after another: two items naming the same record must see each other's write, not race it.
  for (let index = 0; index < event.items.length; index++) {
    results.push(await reviewItem(deps, who, event, batch, index));
  }
  const done = results.filter((r) => r.ok).length;
  return {
    results,
    approved: event.decision === 'approve' ? done : 0,
    returned: event.decision === 'return' ? done : 0,
    failed: results.length - done,
  };
}

export const review = defineFunction({ name: 'review', schema: reviewSchema, run });
