/**
 * A 100-item review batch over the CloudBase stand-in (wx-server-sdk's call shapes) answering each call after 20 ms,
 * as a round trip to the service would: the time the call takes against the function's 20 s, the calls it makes, and
 * how many items were under way at once. Figures only: nothing here passes or fails on a number.
 * `npx tsx scripts/bench-review.ts` (or `benchReviewBatch()` from the main benchmark).
 */
import { requestKey } from '../server/app/mutate';
import { invoke } from '../server/runtime/handler';
import { DEMO_OPENIDS } from '../server/runtime/seed';
import { review, REVIEW_BUDGET_MS, REVIEW_LANES } from '../server/usecases/review';
import type { ReviewEvent } from '../typings';
import { rid } from '../tests/support/harness';
import { makeCloudSystem, pendingChecks, watchItems } from '../tests/support/reviewBatch';

export interface ReviewBatchFigures {
  items: number;
  latencyMs: number;
  lanes: number;
  budgetMs: number;
  /** wall time of the call, items and their messages */
  elapsedMs: number;
  /** calls to the database: reads, and each transaction's start, reads, writes and commit */
  roundTrips: number;
  approved: number;
  unprocessed: number;
  maxInFlight: number;
  waves: number;
  messagesSent: number;
}

export async function benchReviewBatch(items = 100, latencyMs = 20): Promise<ReviewBatchFigures> {
  const { sys, db } = await makeCloudSystem(0);
  try {
    const ids = await pendingChecks(sys, items);
    const event: ReviewEvent = { requestId: rid(), decision: 'approve', items: ids.map((id) => ({ record: 'check', id, version: 1 })) };
    const watched = watchItems(sys.store, requestKey({ openid: DEMO_OPENIDS.collegeReviewer }, event.requestId));
    db.options.latencyMs = latencyMs;
    const trips = db.roundTrips;
    // the deps' clock is the harness's fixed one: the time budget never runs out here, every item is measured
    const start = performance.now();
    const answer = await invoke(review, { ...sys.deps, store: watched.store }, { openid: DEMO_OPENIDS.collegeReviewer }, event);
    const elapsedMs = performance.now() - start;
    if (!answer.ok) throw new Error(`review: ${answer.code} ${answer.message}`);
    return {
      items,
      latencyMs,
      lanes: REVIEW_LANES,
      budgetMs: REVIEW_BUDGET_MS,
      elapsedMs,
      roundTrips: db.roundTrips - trips,
      approved: answer.data.approved,
      unprocessed: answer.data.unprocessed,
      maxInFlight: watched.seen.max,
      waves: watched.seen.waves,
      messagesSent: sys.sender.sent.length,
    };
  } finally {
    await sys.close();
  }
}

export function describeReviewBatch(f: ReviewBatchFigures): string[] {
  return [
    `review batch of ${f.items} checks on CloudBase (stand-in, ${f.latencyMs} ms per call): ${(f.elapsedMs / 1000).toFixed(2)} s of the function's 20 s ` +
      `(new items stop at ${f.budgetMs / 1000} s); ${f.approved} approved, ${f.unprocessed} not processed, ${f.messagesSent} messages sent`,
    `  ${f.roundTrips} calls (${(f.roundTrips / f.items).toFixed(1)} per item with its message), at most ${f.maxInFlight} items at once ` +
      `(${f.lanes} lanes) in ${f.waves} rounds; one after another the calls alone would take ${((f.roundTrips * f.latencyMs) / 1000).toFixed(1)} s`,
  ];
}

if (require.main === module) {
  benchReviewBatch().then(
    (f) => console.log(describeReviewBatch(f).join('\n')),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
