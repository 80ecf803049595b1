/**
 * Invariants under random use: random sequences of what real users (and the timer, the clock and WeChat) do to a
 * fresh demo school, with the store's invariants checked after every step (tests/support/property/invariants.ts)
 * and each call's own rules (calls.ts): a refusal writes nothing, a read writes nothing, a retry answers as before.
 *
 * PROPERTY_RUNS and PROPERTY_STEPS run more or longer sequences, PROPERTY_SEED replays a reported run;
 * `npm run property` is the long run, with figures.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { functionNames } from '../../server/runtime/registry';
import type { Commit } from '../../server/store/port';
import type { CollectionName, Collections, StudentDoc } from '../../server/domain/types';
import { ACTS, sequenceArb, type Step } from '../support/property/actions';
import { propertyOptions } from '../support/property/options';
import { runSequence } from '../support/property/sequence';
import { TrackingStore } from '../support/property/tracking';

const { runs, maxSteps, seed } = propertyOptions(process.env, { runs: 10_000, maxSteps: 20 });

/** A broken store: a student's lock is never taken, though its audit entry is written. */
class LockLosingStore extends TrackingStore {
  override commit(commit: Commit): Promise<void> {
    const taking = (w: Commit['writes'][number]): boolean => w.collection === 'students' && !!(w.doc as StudentDoc).activeAgreementId;
    return super.commit({ ...commit, writes: commit.writes.filter((w) => !taking(w)) });
  }
}

/** A broken store: every request's lookup leaves a document behind, refused or not. */
class LitteringStore extends TrackingStore {
  override async get<C extends CollectionName>(collection: C, id: string): Promise<Collections[C] | null> {
    if (collection === 'requests') await this.put('counters', { _id: `stray:${id}`, version: 1, value: 1 }, 0).catch(() => undefined);
    return super.get(collection, id);
  }
}

/** A broken store: agreements are written without moving their summaries, as a store before them was. */
class UncountingStore extends TrackingStore {
  override async commit(commit: Commit): Promise<void> {
    const agreements = commit.writes.filter((w) => w.collection === 'agreements');
    await super.commit({ ...commit, writes: commit.writes.filter((w) => w.collection !== 'agreements') });
    for (const w of agreements) await this.put('agreements', w.doc as Collections['agreements'], w.expectedVersion, { keepSummaries: true });
  }
}

const accept: Step = { act: 'offerAccept', n: 0, m: 0, twist: 'none' };

describe('invariants under random use', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wq-property-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every cloud function of the registry is called by some action', () => {
    const called = new Set(Object.values(ACTS).flatMap((a) => (a.fn ? [a.fn] : [])));
    expect([...called].sort()).toEqual([...functionNames].sort());
  });

  it('notices a lock that is not written: 应约 leaves the student free with an agreement pending', async () => {
    await expect(runSequence([accept], { filesDir: dir, store: () => new LockLosingStore() })).rejects.toThrow(
      /one agreement: 2026010101's lock activeAgreementId is null, its pending-or-signed agreement is id\d+/,
    );
  });

  it('notices a refusal that writes: 李四 answering 张三\'s offer is refused NOT_FOUND, and must leave no trace', async () => {
    const stranger: Step = { act: 'offerAccept', n: 0, m: 1, twist: 'anyone' };
    await expect(runSequence([stranger], { filesDir: dir, store: () => new LitteringStore() })).rejects.toThrow(
      /refused NOT_FOUND wrote counters\/stray:demo-student-2:req-000001 \(added\)/,
    );
  });

  it('notices summaries that are not kept: 应约 creates an agreement its college\'s summary does not count', async () => {
    await expect(runSequence([accept], { filesDir: dir, store: () => new UncountingStore() })).rejects.toThrow(
      /summary agreementsByCollege \[\w+\] pendingCollege: the summaries hold 0, the records 1/,
    );
  });

  it('shrinks a failing sequence to a short one and prints its steps as they ran', async () => {
    const failure = await fc
      .assert(fc.asyncProperty(sequenceArb(maxSteps), (steps) => runSequence(steps, { filesDir: dir, store: () => new LockLosingStore() })), {
        numRuns: 200,
        seed: 1,
        includeErrorInReport: true,
      })
      .then(() => null, (e: unknown) => e as Error);
    expect(failure?.message).toMatch(/Counterexample: \[\[\{"act":"(offerAccept|initiateSubmit)"/);
    expect(failure?.message).toMatch(/Steps, as they ran:\n {2}1\. (offerAccept|initiateSubmit) \(n \d+, m \d+\): demo-student/);
  });

  it(`hold after every step of ${runs} random sequences of up to ${maxSteps} steps`, async () => {
    await fc.assert(
      fc.asyncProperty(sequenceArb(maxSteps), (steps) => runSequence(steps, { filesDir: dir })),
      { numRuns: runs, includeErrorInReport: true, ...(seed !== undefined ? { seed } : {}) },
    );
  }, Math.max(600_000, runs * 200));
});
