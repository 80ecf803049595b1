/**
 * Writes the planned rows in batches, each one atomic commit of the records and their audit entries. A batch that
 * meets a concurrent change (a student binding at that moment) is planned again from fresh reads, as the use cases
 * do; earlier batches stay written, and a second run of the same file counts them as 未变.
 */
import { ConflictError, type Store } from '../../server/store/port';
import type { Outcome, Planned } from './kind';
import type { Progress } from '../progress';
import type { RowIssue } from './rows';

export type Counts = Record<Outcome, number> & { refused: RowIssue[] };

export const emptyCounts = (): Counts => ({ created: 0, updated: 0, unchanged: 0, refused: [] });

const ATTEMPTS = 5;

/**
 * Rows per commit. SQLite takes a large batch in one transaction; a CloudBase transaction is driven one document at
 * a time (two round trips each), so its batches stay small enough to finish well inside its transaction lifetime.
 */
export const batchSize = (store: Store): number => (store.name === 'sqlite' ? 500 : 10);

export function tally(counts: Counts, planned: readonly Planned[]): void {
  for (const p of planned) {
    if (p.outcome === 'refused') counts.refused.push(p.issue);
    else counts[p.outcome] += 1;
  }
}

/** Thrown when a batch cannot be written: carries what was written before it. */
export class WriteStopped extends Error {
  constructor(
    readonly counts: Counts,
    failure: unknown,
  ) {
    super(failure instanceof ConflictError ? '与同时进行的其他操作冲突，重试多次仍未成功' : failure instanceof Error ? failure.message : String(failure));
    this.name = 'WriteStopped';
  }
}

export async function writeBatches<E extends { row: number }>(options: {
  store: Store;
  entries: readonly E[];
  plan: (batch: readonly E[]) => Promise<Planned[]>;
  /** false: plan only (a dry run counts what would happen) */
  commit: boolean;
  progress: Progress;
}): Promise<Counts> {
  const { store, entries, plan, progress } = options;
  const size = batchSize(store);
  const counts = emptyCounts();
  for (let i = 0; i < entries.length; i += size) {
    const batch = entries.slice(i, i + size);
    for (let attempt = 1; ; attempt++) {
      const planned = await plan(batch);
      const writes = planned.flatMap((p) => (p.outcome === 'refused' ? [] : p.writes));
      const audit = planned.flatMap((p) => (p.outcome === 'refused' ? [] : p.audit));
      try {
        if (options.commit && writes.length > 0) await store.commit({ writes, audit, outbox: [] });
      } catch (e) {
        if (e instanceof ConflictError && attempt < ATTEMPTS) continue;
        progress.done();
        throw new WriteStopped(counts, e);
      }
      tally(counts, planned);
      break;
    }
    progress.add(batch.length);
  }
  progress.done();
  return counts;
}
