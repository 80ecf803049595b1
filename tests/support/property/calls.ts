/**
 * What must hold of one call, given the store before and after it: a refusal is structured and writes nothing (the
 * rate-limit counters it counts aside), a read writes nothing, a retry answers as the first time and writes nothing,
 * an answer says what the store now holds, and rate-limit counters move by exactly the calls they count.
 */
import * as v from 'valibot';
import { ERROR_MESSAGES, type ExpireOffersResult, type ItemOutcome, type Mutated, type RecordKind, type Result, type VerifyResult } from '../../../typings';
import { expiryGuards } from '../../../server/domain/expiry';
import { COLLECTION } from '../../../server/app/verifyAudit';
import { bucketOf, firstShard, shardCap, shardIds, type Limit } from '../../../server/domain/rateLimit';
import { requestKey } from '../../../server/app/mutate';
import { functions, type FunctionName } from '../../../server/runtime/registry';
import { BIND_LIMITS } from '../../../server/usecases/bind';
import { VERIFY_CEILING, VERIFY_LIMIT, verifierOf } from '../../../server/usecases/verifyAgreement';
import { changes, type Snapshot } from './snapshot';

export interface Call {
  fn: FunctionName;
  openid: string;
  event: unknown;
  /** set when this call repeats an earlier successful one with the same requestId */
  retryOf?: { result: unknown };
}

/**
 * The rate-limit buckets a call counts, in the order it counts them: bind's roster and invite tries (per caller, and
 * per 学号 tried, each counted on its own), and every verification (its caller's bucket and one shard of the ceiling
 * on all verifications, counted together: both or neither). Not counted: an event the schema refuses, a caller
 * without an openid, and a bind retry already answered (the same request, not another try).
 */
export function bucketsOf(call: Call, before: Snapshot, now: Date): { id: string; limit: Limit }[] {
  if (call.fn !== 'bind' && call.fn !== 'verifyAgreement') return [];
  const parsed = v.safeParse(functions[call.fn].schema, call.event ?? {});
  if (!parsed.success) return [];
  if (call.fn === 'verifyAgreement') {
    const who = verifierOf({ openid: call.openid });
    return [{ id: bucketOf(VERIFY_LIMIT, who), limit: VERIFY_LIMIT }, ceilingShard(who, before, now)];
  }
  const event = parsed.output as { action: string; requestId: string; studentNo?: string };
  if (!call.openid || before.requests.has(requestKey({ openid: call.openid }, event.requestId))) return [];
  if (event.action === 'invite') return [{ id: bucketOf(BIND_LIMITS.perCaller, call.openid), limit: BIND_LIMITS.perCaller }];
  if (event.action === 'student') {
    return [
      { id: bucketOf(BIND_LIMITS.perCaller, call.openid), limit: BIND_LIMITS.perCaller },
      { id: bucketOf(BIND_LIMITS.perStudent, event.studentNo!), limit: BIND_LIMITS.perStudent },
    ];
  }
  return [];
}

/** The shard of the verification ceiling a call counts on: the first with room from the one its caller starts on. */
function ceilingShard(who: string, before: Snapshot, now: Date): { id: string; limit: Limit } {
  const ids = shardIds(VERIFY_CEILING);
  const first = firstShard(VERIFY_CEILING, who, 0);
  const window = Math.floor(now.getTime() / VERIFY_CEILING.windowMs);
  const shardLimit = (shard: number): { id: string; limit: Limit } => ({
    id: ids[shard]!,
    limit: { name: VERIFY_CEILING.name, max: shardCap(VERIFY_CEILING, shard), windowMs: VERIFY_CEILING.windowMs },
  });
  for (let k = 0; k < ids.length; k++) {
    const shard = (first + k) % ids.length;
    const doc = before.ratelimits.get(ids[shard]!)?.doc;
    if ((doc?.window === window ? doc.count : 0) < shardCap(VERIFY_CEILING, shard)) return shardLimit(shard);
  }
  // every shard full: the call is refused on the one it starts on
  return shardLimit(first);
}

/** Each bucket the call counts moved by one (a new window starts at one); a full bucket refuses and stays; no other moved. */
function rateLimits(call: Call, result: Result<unknown>, before: Snapshot, after: Snapshot, now: Date): string[] {
  const out: string[] = [];
  const buckets = bucketsOf(call, before, now);
  const fullNow = (id: string, limit: Limit): boolean => {
    const was = before.ratelimits.get(id)?.doc;
    return (was?.window === Math.floor(now.getTime() / limit.windowMs) ? was.count : 0) >= limit.max;
  };
  // a verification's buckets are written in one commit: one full bucket leaves both as they were
  const together = call.fn === 'verifyAgreement' && buckets.some((b) => fullNow(b.id, b.limit));
  if (together && (result.ok || result.code !== 'RATE_LIMITED')) out.push('a verification bucket is full but the call was not refused RATE_LIMITED');
  let limited = together;
  for (const { id, limit } of buckets) {
    const was = before.ratelimits.get(id);
    const is = after.ratelimits.get(id);
    const window = Math.floor(now.getTime() / limit.windowMs);
    const count = was?.doc.window === window ? was.doc.count : 0;
    if (limited || count >= limit.max) {
      if (!limited && (result.ok || result.code !== 'RATE_LIMITED')) out.push(`rate limit ${id} is full (${count}/${limit.max}) but the call was not refused RATE_LIMITED`);
      limited = true;
      if (is?.text !== was?.text) out.push(`rate limit ${id} moved although the call was not counted`);
      continue;
    }
    const expected = { _id: id, version: (was?.doc.version ?? 0) + 1, window, count: count + 1 };
    if (!is || is.doc.version !== expected.version || is.doc.window !== window || is.doc.count !== expected.count) {
      out.push(`rate limit ${id}: ${is ? `count ${is.doc.count} in window ${is.doc.window}, version ${is.doc.version}` : 'missing'}; one more call makes it ${JSON.stringify(expected)}`);
    }
  }
  if (!result.ok && result.code === 'RATE_LIMITED' && !limited) out.push('refused RATE_LIMITED while every bucket it counts had room');
  const counted = new Set(buckets.map((b) => b.id));
  for (const c of changes(before, after)) {
    if (c.collection === 'ratelimits' && !counted.has(c.id)) out.push(`rate limit ${c.id} ${c.how} by a call that does not count it`);
  }
  return out;
}

/** The records an answer names, as the store now holds them. */
function answerMatchesStore(call: Call, result: Result<unknown>, after: Snapshot): string[] {
  if (!result.ok || call.retryOf) return [];
  const out: string[] = [];
  const holds = (record: RecordKind, r: { id: string; state: string; version: number }): void => {
    const doc = after[COLLECTION[record]].get(r.id)?.doc as { state: string; version: number } | undefined;
    if (doc?.state !== r.state || doc.version !== r.version) {
      out.push(`answer: ${record} ${r.id} ${r.state} v${r.version}, the store holds ${doc ? `${doc.state} v${doc.version}` : 'nothing'}`);
    }
  };
  if (call.fn === 'review') {
    const items = (call.event as { items: { record: RecordKind }[] }).items;
    const results = (result.data as { results: ItemOutcome[] }).results;
    // an agreement signed or a termination approved in the same batch fills or resets its student's destination
    // afterwards: that destination item's answer was true when given, and the record has moved on since
    const moves = results.some((r, i) => r.ok && (items[i]!.record === 'agreement' || items[i]!.record === 'termination'));
    results.forEach((r, i) => {
      if (!r.ok) return;
      const now = after.destinations.get(r.id)?.doc;
      if (items[i]!.record === 'destination' && moves && now && now.version > r.version) return;
      holds(items[i]!.record, r);
    });
  } else if (['submitCheck', 'respondOffer', 'initiateSigning', 'requestTermination', 'employerOffer', 'registerDestination'].includes(call.fn)) {
    const m = result.data as Mutated;
    holds(m.record, m);
  }
  return out;
}

/**
 * What an answer promises of the store: a mutation's first answer is kept under its request key, so that a retry gets
 * it back; a finished expiry run leaves no open offer past its deadline and none due a reminder unreminded; a
 * verification finds exactly the signed and terminated agreements. A view carries no openid (decisions: "What each
 * party sees").
 */
function answerKept(call: Call, result: Result<unknown>, after: Snapshot, now: Date, openids: readonly string[]): string[] {
  if (!result.ok || call.retryOf) return [];
  const out: string[] = [];
  const event = call.event as { requestId?: string; agreementNo?: string };
  if (call.fn === 'review') {
    (result.data as { results: ItemOutcome[] }).results.forEach((r, i) => {
      const kept = after.requests.get(requestKey({ openid: call.openid }, `${event.requestId}:${i}`))?.doc.result;
      if (r.ok && JSON.stringify(kept) !== JSON.stringify(r)) out.push(`request: review item ${i} answered ${JSON.stringify(r)}, kept ${JSON.stringify(kept)}`);
    });
  } else if (MUTATIONS.includes(call.fn)) {
    const kept = after.requests.get(requestKey({ openid: call.openid }, event.requestId ?? ''))?.doc.result;
    if (JSON.stringify(kept) !== JSON.stringify(result.data)) out.push(`request: answered ${JSON.stringify(result.data)}, kept ${JSON.stringify(kept)}`);
  }
  if (call.fn === 'expireOffers' && (result.data as ExpireOffersResult).done) {
    const at = now.toISOString();
    for (const { doc: o } of after.offers.values()) {
      if (expiryGuards.due(o, at)) out.push(`expiry: offer ${o._id} still open past its deadline ${o.expiresAt} after a finished run`);
      if (expiryGuards.needsReminder(o, at)) out.push(`expiry: offer ${o._id} due a reminder (deadline ${o.expiresAt}) after a finished run`);
    }
  }
  if (call.fn === 'verifyAgreement') {
    const found = (result.data as VerifyResult).found;
    const stands = [...after.agreements.values()].some(({ doc: a }) => a.agreementNo === event.agreementNo?.trim() && (a.state === 'signed' || a.state === 'terminated'));
    if (found !== stands) out.push(`verify: ${event.agreementNo} answered found ${found}; the store ${stands ? 'holds' : 'holds no'} such signed or terminated agreement`);
  }
  if (call.fn === 'query') {
    const text = JSON.stringify(result.data);
    const shown = openids.filter((openid) => new RegExp(`"${openid}"|[^\\w-]${openid}(?![\\w-])`).test(text));
    if (shown.length) out.push(`view ${(call.event as { view: string }).view} carries openids: ${shown.join(', ')}`);
  }
  return out;
}

/** Why this call may change nothing but its rate-limit counters, or null if it may write. */
function mustNotWrite(call: Call, result: Result<unknown>): string | null {
  if (call.fn === 'query') return 'a read';
  if (call.retryOf) return 'a retry';
  if (!result.ok) return `refused ${result.code}`;
  if (call.fn === 'review' && (result.data as { results: ItemOutcome[] }).results.every((r) => !r.ok)) return 'a review with every item refused';
  return null;
}

/** Functions whose events carry a requestId: a successful one is kept, and may be retried. */
export const MUTATIONS: readonly FunctionName[] = ['bind', 'submitCheck', 'respondOffer', 'initiateSigning', 'requestTermination', 'employerOffer', 'review', 'registerDestination'];

export function callViolations(call: Call, result: Result<unknown>, before: Snapshot, after: Snapshot, now: Date, openids: readonly string[]): string[] {
  const out: string[] = [];
  if (!result.ok) {
    if (result.code === 'INTERNAL') out.push('answered INTERNAL: an error escaped the use case');
    if (!(result.code in ERROR_MESSAGES)) out.push(`refused with unknown code ${result.code}`);
    if (!/[\u4e00-\u9fff]/.test(result.message)) out.push(`refusal message not in Chinese: ${result.message}`);
  }
  if (call.fn === 'review' && result.ok) {
    for (const r of (result.data as { results: ItemOutcome[] }).results) {
      if (!r.ok && r.code === 'INTERNAL') out.push(`review item ${r.id} answered INTERNAL`);
    }
  }
  if (call.retryOf && JSON.stringify(result) !== JSON.stringify({ ok: true, data: call.retryOf.result })) {
    out.push(`retry answered ${JSON.stringify(result)}, the first answer was ${JSON.stringify(call.retryOf.result)}`);
  }
  const why = mustNotWrite(call, result);
  if (why) {
    const written = changes(before, after).filter((c) => c.collection !== 'ratelimits');
    if (written.length) out.push(`${why} wrote ${written.map((c) => `${c.collection}/${c.id} (${c.how})`).join(', ')}`);
  }
  return [
    ...out,
    ...rateLimits(call, result, before, after, now),
    ...answerMatchesStore(call, result, after),
    ...answerKept(call, result, after, now, openids),
  ];
}
