/**
 * Writes the planned rows in batches, each one atomic commit of the records and their audit entries. A batch that
 * meets a concurrent change (a student binding at that moment) is planned again from fresh reads, as the use cases
 * do; earlier batches stay written, and a second run of the same file counts them as 未变.
 */
import { ConflictError, type Store } from '../../server/store/port';
import type { Progress } from '../progress';
import type { Outcome, Planned } from './kind';
import type { RowIssue } from './rows';
import { batching } from '../writes';

export type Counts = Record<Outcome, number> & { refused: RowIssue[] };

export const emptyCounts = (): Counts => ({ created: 0, updated: 0, unchanged: 0, refused: [] });

const ATTEMPTS = 5;

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

async function writeBatch<E>(store: Store, batch: readonly E[], plan: (batch: readonly E[]) => Promise<Planned[]>, commit: boolean): Promise<Planned[]> {
  for (let attempt = 1; ; attempt++) {
    const planned = await plan(batch);
    const writes = planned.flatMap((p) => (p.outcome === 'refused' ? [] : p.writes));
    const audit = planned.flatMap((p) => (p.outcome === 'refused' ? [] : p.audit));
    try {
      if (commit && writes.length > 0) await store.commit({ writes, audit, outbox: [] });
      return planned;
    } catch (e) {
      if (!(e instanceof ConflictError) || attempt >= ATTEMPTS) throw e;
    }
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
  const { size, parallel } = batching(store);
  const counts = emptyCounts();
  let next = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < entries.length) {
      const batch = entries.slice(next, next + size);
      next += size;
      try {
        tally(counts, await writeBatch(store, batch, plan, options.commit));
        progress.add(batch.length);
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  progress.done();
  if (failure !== undefined) throw new WriteStopped(counts, failure);
  return counts;
}
