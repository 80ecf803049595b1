/**
 * review: 院系审核 and 校级审核 on every queue, one record or a batch. Each item is its own commit under its own request
 * key, so one item's refusal leaves the others alone and a retried batch re-applies nothing; the batch's id is
 * claimed with the first item that takes effect, so that it answers no other request.
 *
 * A batch of up to 100 items must finish inside the function's 20 s: items of distinct records run side by side,
 * REVIEW_LANES at a time, and none is started once REVIEW_BUDGET_MS of the call are used; those are answered
 * NOT_PROCESSED, untouched, for the reviewer to send again. Their messages are delivered together after the items.
 */
import { ERROR_MESSAGES, type ItemOutcome, type ReviewEvent, type ReviewItem, type ReviewOutcome } from '../../typings';
import { DomainError, refuse } from '../domain/errors';
import { reviewAgreement, reviewCheck, reviewEmployer, reviewScope, reviewTermination, type Reviewed } from '../domain/review';
import { terminationCounterId } from '../domain/termination';
import { destinationId, fillDestination, resetDestination, reviewDestination } from '../domain/destination';
import { loadFlagsFor } from '../app/destinationFlags';
import type { AgreementDoc, CollectionName, Collections, Doc, OutboxDoc, RequestDoc, Tracked } from '../domain/types';
import type { Env, ReadCheck, Write } from '../domain/decision';
import { defineFunction } from '../app/function';
import { bound, type Bound } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { deliverClaimed, deliverInLanes } from '../app/delivery';
import { inLanes } from '../app/lanes';
import { answered, deliverQuietly, expectVersion, mutate, requestOf, type ClientRequest } from '../app/mutate';
import { reviewSchema } from '../app/schemas';
import { heldSettings, settingsRead } from '../app/settings';

interface Ctx {
  deps: Deps;
  who: Bound;
  event: ReviewEvent;
  item: ReviewItem;
  env: Env;
  /** documents read beside the caller's binding, for the item's first plan (see `prefetch`); else none */
  early: Early | null;
}

/**
 * Documents read at the batch's start, beside the caller's binding, by collection and id: each read is one there
 * was (null: not found). Only what the items name is read this way, before the caller is known to be a reviewer; each
 * is looked at by the item's own checks (found, in scope, at the version seen) after the binding is.
 */
type Early = Map<string, Doc | null>;
const earlyKey = (collection: CollectionName, id: string): string => `${collection}\u0000${id}`;

/** A document from the batch's first read where it was read, else from the store. */
async function read<C extends CollectionName>(ctx: Pick<Ctx, 'deps' | 'early'>, collection: C, id: string): Promise<Collections[C] | null> {
  const key = earlyKey(collection, id);
  if (ctx.early?.has(key)) return ctx.early.get(key) as Collections[C] | null;
  return ctx.deps.store.get(collection, id);
}

/** The collection each kind of item names. */
const COLLECTION: Record<ReviewItem['record'], CollectionName> = {
  check: 'checks',
  agreement: 'agreements',
  termination: 'terminations',
  employer: 'employers',
  destination: 'destinations',
};

/**
 * The records `items` name, read together (one getMany per collection), and a check's student by the 学号 its id
 * carries (`checkId`): a check item then needs nothing more before its commit. Whatever was not read here, or names
 * another student than the check does, is read by the item itself.
 */
async function prefetch(deps: Deps, items: readonly ReviewItem[]): Promise<Early> {
  const wanted = new Map<CollectionName, Set<string>>();
  const want = (collection: CollectionName, id: string): void => {
    const ids = wanted.get(collection) ?? new Set<string>();
    ids.add(id);
    wanted.set(collection, ids);
  };
  for (const item of items) {
    want(COLLECTION[item.record], item.id);
    const studentNo = item.record === 'check' && item.id.includes(':') ? item.id.slice(item.id.indexOf(':') + 1) : '';
    if (studentNo) want('students', studentNo);
    // an agreement's final approval fills its student's destination: read beside it where this instance knows whose it is
    const owner = item.record === 'agreement' ? agreementOwner(deps, item.id) : undefined;
    if (owner) want('destinations', destinationId(owner));
  }
  const early: Early = new Map();
  await Promise.all(
    [...wanted].map(async ([collection, ids]) => {
      const found = new Map((await deps.store.getMany(collection, [...ids])).map((d) => [d._id, d as Doc]));
      for (const id of ids) early.set(earlyKey(collection, id), found.get(id) ?? null);
      if (collection === 'agreements') for (const d of found.values()) rememberOwner(deps, d as AgreementDoc);
    }),
  );
  return early;
}

/**
 * Whose each agreement is, as this instance has read it: an agreement's student never changes, so an agreement met at
 * its college review names the destination its school approval fills, read in the batch's first wave. Only a guess at
 * where to read: the item's plan reads the destination of the agreement as loaded whenever the guess did not cover it.
 */
const owners = new WeakMap<object, Map<string, string>>();
const OWNERS_MAX = 20_000;

function rememberOwner(deps: Deps, a: Pick<AgreementDoc, '_id' | 'studentNo'>): void {
  const map = owners.get(deps.store) ?? new Map<string, string>();
  owners.set(deps.store, map);
  map.set(a._id, a.studentNo);
  if (map.size > OWNERS_MAX) map.delete(map.keys().next().value!);
}

const agreementOwner = (deps: Deps, agreementId: string): string | undefined => owners.get(deps.store)?.get(agreementId);

/** `reads`: what the decision relied on without writing it (the school's settings, for its approval) */
type Decide = (ctx: Ctx) => Promise<Reviewed<Tracked & { state: string }> & { reads?: ReadCheck[] }>;

/** Found, in scope, and the version the reviewer saw: in that order, so a stranger learns nothing from CONFLICT. */
function admit<D extends { version: number }>(doc: D | null, allowed: (d: D) => boolean, seen: number): D {
  if (!doc) return refuse('NOT_FOUND');
  if (!allowed(doc)) return refuse('FORBIDDEN');
  expectVersion(doc, seen);
  return doc;
}

const decide: Record<ReviewItem['record'], Decide> = {
  check: async (ctx) => {
    const { who, event, item, env } = ctx;
    const check = admit(await read(ctx, 'checks', item.id), (c) => reviewScope.check(who.user, c), item.version);
    const student = await read(ctx, 'students', check.studentNo);
    return reviewCheck({ env, decision: event.decision, reason: event.reason, check, studentOpenid: student?.openid ?? null });
  },
  agreement: async (ctx) => {
    const { who, event, item, env } = ctx;
    const agreement = admit(await read(ctx, 'agreements', item.id), (a) => reviewScope.agreement(who.user, a), item.version);
    rememberOwner(ctx.deps, agreement);
    // only the school's approval asks the setting (sign, or send to be stamped); the commit then relies on the copy read
    const settings = agreement.state === 'pendingSchool' && event.decision === 'approve' ? await heldSettings(ctx.deps.store) : null;
    const decided = reviewAgreement({ env, decision: event.decision, reason: event.reason, agreement, employerSeal: settings?.employerSeal === true });
    const reviewed = settings ? { ...decided, reads: [settingsRead(settings)] } : decided;
    // 签约成功 comes with the school's approval, or with its 鉴证 of the stamped pages when the setting asks for them
    if (reviewed.doc.state !== 'signed') return reviewed;
    // 签约成功 fills the student's 毕业去向登记 in the same commit
    const [destination, flagsFor] = await Promise.all([
      read(ctx, 'destinations', destinationId(agreement.studentNo)),
      // the flags read nothing here (no unit to look up): the school's approval stays at two waits, the agreement's
      // flags were shown with their reasons at its review, and the destination's detail recomputes them all
      loadFlagsFor(ctx.deps, agreement, { unit: null }),
    ]);
    const filled = fillDestination({ env, agreement: reviewed.doc, destination, flagsFor });
    return { ...reviewed, writes: [...reviewed.writes, ...filled.writes], audit: [...reviewed.audit, ...filled.audit], outbox: [...reviewed.outbox, ...filled.outbox] };
  },
  termination: async (ctx) => {
    const { deps, who, event, item, env } = ctx;
    const termination = admit(await read(ctx, 'terminations', item.id), () => reviewScope.termination(who.user), item.version);
    const [agreement, student, counter, destination] = await Promise.all([
      deps.store.get('agreements', termination.agreementId),
      deps.store.get('students', termination.studentNo),
      deps.store.get('counters', terminationCounterId(termination.agreementId)),
      deps.store.get('destinations', destinationId(termination.studentNo)),
    ]);
    if (!agreement || !student) return refuse('NOT_FOUND');
    const reviewed = reviewTermination({ env, decision: event.decision, reason: event.reason, termination, agreement, student, counter });
    // 解约成功 sets the destination the agreement filled (or a student's never registered) back to 待就业, in the same commit
    if (reviewed.doc.state !== 'approved' || (destination && destination.agreementId !== agreement._id)) return reviewed;
    const reset = resetDestination({ env, agreement, destination });
    return { ...reviewed, writes: [...reviewed.writes, ...reset.writes], audit: [...reviewed.audit, ...reset.audit], outbox: [...reviewed.outbox, ...reset.outbox] };
  },
  destination: async (ctx) => {
    const { who, event, item, env } = ctx;
    const destination = admit(await read(ctx, 'destinations', item.id), (d) => reviewScope.destination(who.user, d), item.version);
    const { destination: doc, ...decided } = reviewDestination({ env, decision: event.decision, reason: event.reason, destination });
    return { ...decided, doc };
  },
  employer: async (ctx) => {
    const { who, event, item, env } = ctx;
    const employer = admit(await read(ctx, 'employers', item.id), () => reviewScope.employer(who.user), item.version);
    return reviewEmployer({ env, decision: event.decision, reason: event.reason, employer });
  },
};

/** An item's own request: under the batch's id and its place in the batch, asking what the batch asks. */
const itemOf = (batch: ClientRequest, index: number): ClientRequest => ({ key: `${batch.key}:${index}`, fingerprint: batch.fingerprint });

/**
 * How many items (and then messages) are under way at once. Each item is some 10 calls to the database one after
 * another, its message 8 more: a hundred items one after another are some 2,000 calls, 40 s at 20 ms a call. The
 * environment's database serves a limited number of connections at once (20 on the basic plan, shared by every call
 * of every user; beyond it calls fail with -501004), so a batch takes well under half of them: 8 lanes bring a
 * hundred items to 13 rounds and leave room for everyone else while a reviewer approves.
 */
export const REVIEW_LANES = 8;

/**
 * How long into the call items (and messages) are still started: 12 of the function's 20 s, on the deps' clock. What
 * is under way then finishes, one item's time, well inside the rest; what was not started is answered NOT_PROCESSED.
 */
export const REVIEW_BUDGET_MS = 12_000;

/** What the items of one batch share. */
interface BatchRun {
  deps: Deps;
  who: Bound;
  event: ReviewEvent;
  batch: ClientRequest;
  /** set once the batch's id is known to be stored (read, or committed with an item): later items need not read it */
  claimed: boolean;
  /**
   * The batch's id was found unanswered at the start: an item's first plan claims it without reading it again (a
   * claim committed meanwhile makes that commit conflict, and the item's next plan reads it).
   */
  unansweredAtStart: boolean;
  /** the items' messages, delivered together once the items are done */
  messages: OutboxDoc[];
  /** the batch's first read of what its items name (`prefetch`), null if it failed */
  early: Early | null;
  /** the places of the items that may plan on it the first time: the first item of each record (later ones see the earlier ones' writes) */
  firstOfRecord: ReadonlySet<number>;
}

/**
 * The batch's id itself is claimed in the commit of its first item to take effect. From then on another request under
 * that id is refused whole, even one whose items do not line up with this batch's; a batch whose every item was
 * refused claims nothing, as no refusal stores anything. Read in each plan, so that a batch racing another under the
 * same id finds the other's claim when it plans again, and is refused. Items under way together may each plan the
 * claim: one commits it, the others conflict on it, plan again and find it.
 */
async function claim(run: BatchRun, now: string, firstPlan: boolean): Promise<Write[]> {
  if (run.claimed) return [];
  if (!(firstPlan && run.unansweredAtStart) && (await answered(run.deps, run.batch))) {
    run.claimed = true;
    return [];
  }
  const doc: RequestDoc = { _id: run.batch.key, version: 1, result: null, fingerprint: run.batch.fingerprint, at: now };
  return [{ collection: 'requests', doc, expectedVersion: 0 }];
}

async function reviewItem(run: BatchRun, index: number): Promise<ItemOutcome> {
  const { deps, who, event } = run;
  const item = event.items[index]!;
  let claiming = false;
  let plans = 0;
  try {
    const outcome = await mutate<ItemOutcome>(
      deps,
      itemOf(run.batch, index),
      async () => {
        const env: Env = { actor: who.actor, now: deps.clock().toISOString(), newId: deps.newId };
        const claimed = await claim(run, env.now, ++plans === 1);
        claiming = claimed.length > 0;
        // the batch's first read on the first plan only: a plan again after a conflict reads afresh
        const early = plans === 1 && run.firstOfRecord.has(index) ? run.early : null;
        const { doc, ...commit } = await decide[item.record]({ deps, who, event, item, env, early });
        return { commit: { ...commit, writes: [...commit.writes, ...claimed] }, result: { id: item.id, ok: true, state: doc.state, version: doc.version } };
      },
      // a batch of one item delivers its messages whatever the time left: they are stored claimed (see mutate)
      { deferDelivery: run.messages, claimDeferred: event.items.length === 1 },
    );
    // taken effect with the claim planned: committed with it (or a copy of this batch's item was, claim and all)
    if (outcome.ok && claiming) run.claimed = true;
    return outcome;
  } catch (e) {
    if (e instanceof DomainError) return { id: item.id, ok: false, code: e.code, message: e.message };
    console.error('[review]', item.record, item.id, e);
    return { id: item.id, ok: false, code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL };
  }
}

/**
 * The items' places, grouped by the record they name, groups in the order of their first item. Items naming the same
 * record must see each other's write, so a group runs in order; distinct records run side by side. A record written
 * by another kind of item (an agreement a termination ends) is still guarded by its version: such items conflict,
 * plan again and apply one after the other.
 */
function byRecord(items: readonly ReviewItem[]): number[][] {
  const groups = new Map<string, number[]>();
  items.forEach((item, index) => {
    const key = `${item.record}\u0000${item.id}`;
    const group = groups.get(key);
    if (group) group.push(index);
    else groups.set(key, [index]);
  });
  return [...groups.values()];
}

const notProcessed = (item: ReviewItem): ItemOutcome => ({ id: item.id, ok: false, code: 'NOT_PROCESSED', message: ERROR_MESSAGES.NOT_PROCESSED });

async function run(deps: Deps, caller: Caller, event: ReviewEvent): Promise<ReviewOutcome> {
  const started = deps.clock().getTime();
  const inTime = (): boolean => deps.clock().getTime() - started < REVIEW_BUDGET_MS;
  const batch = requestOf(caller, event);
  // read beside the caller's binding (one round trip for both), looked at after it: a refusal comes in the same order
  const stored = answered(deps, batch);
  stored.catch(() => undefined);
  // and so are the records the items name: a one-item batch then waits on the store twice, this read and its commit
  const groups = byRecord(event.items);
  // (not for a caller without an openid, refused whatever it names)
  const early = caller.openid ? prefetch(deps, groups.map((group) => event.items[group[0]!]!)) : Promise.resolve(null);
  early.catch(() => undefined);
  const who = await bound(deps, caller, ['collegeReviewer', 'schoolReviewer']);
  if (event.decision === 'return' && !event.reason?.trim()) refuse('REASON_REQUIRED');
  // the id used for another request is refused whole here; a retried batch goes on, each item answering as first
  const first = await stored;
  // a failed first read costs nothing but its time: each item then reads for itself
  const prefetched = await early.catch(() => null);
  const state: BatchRun = {
    deps,
    who,
    event,
    batch,
    claimed: first !== null,
    unansweredAtStart: first === null,
    messages: [],
    early: prefetched,
    firstOfRecord: new Set(groups.map((group) => group[0]!)),
  };
  const answers: (ItemOutcome | undefined)[] = new Array<ItemOutcome | undefined>(event.items.length).fill(undefined);
  await inLanes(
    groups,
    REVIEW_LANES,
    async (group) => {
      for (const index of group) {
        // a later item of the record waits for the earlier ones: once out of time, it is left with the rest
        if (!inTime()) return;
        answers[index] = await reviewItem(state, index);
      }
    },
    inTime,
  );
  const results = answers.map((answer, index) => answer ?? notProcessed(event.items[index]!));
  // messages stored claimed are sent whatever the time (else they would end unconfirmed, unsent); pending ones as time allows
  await deliverQuietly(deps, state.messages.filter((m) => m.state === 'sending'), deliverClaimed);
  await deliverQuietly(deps, state.messages.filter((m) => m.state !== 'sending'), (d, messages) => deliverInLanes(d, messages, REVIEW_LANES, inTime));
  const done = results.filter((r) => r.ok).length;
  const unprocessed = results.filter((r) => !r.ok && r.code === 'NOT_PROCESSED').length;
  return {
    results,
    approved: event.decision === 'approve' ? done : 0,
    returned: event.decision === 'return' ? done : 0,
    failed: results.length - done - unprocessed,
    unprocessed,
  };
}

export const review = defineFunction({ name: 'review', schema: reviewSchema, run });
