/**
 * What the review-batch tests and the benchmark share: the test system over the CloudBase stand-in (wx-server-sdk's
 * call shapes, as the deployed functions use it) with a latency per call, a school with many checks waiting for
 * review, and a store that watches how many items of a batch are under way at once.
 */
import { checkId } from '../../server/domain/checkFields';
import { step, touch } from '../../server/domain/machine';
import { studentKeys } from '../../server/domain/parties';
import type { CheckDoc, StudentDoc } from '../../server/domain/types';
import { withIdCheckDigit } from '../../server/domain/identifiers';
import { CloudBaseStore, createCollections } from '../../server/store/cloudbase';
import type { Commit, Store } from '../../server/store/port';
import { FakeCloudBaseDb } from '../store/fakeCloudbaseDb';
import { makeSystem, type TestSystem } from './harness';

export interface CloudSystem {
  sys: TestSystem<CloudBaseStore>;
  db: FakeCloudBaseDb;
}

/**
 * The demo school on the CloudBase stand-in. Seeded without latency (nothing measured there); every call after that
 * waits `latencyMs`, as a round trip to the service does.
 */
export async function makeCloudSystem(latencyMs: number): Promise<CloudSystem> {
  const db = new FakeCloudBaseDb({ sdk: 'wx-server-sdk' });
  await createCollections(db);
  const sys = await makeSystem({ store: new CloudBaseStore(db, { sdk: 'wx-server-sdk' }) });
  db.options.latencyMs = latencyMs;
  return { sys, db };
}

/**
 * `count` students of the cs college (学号 2026017001…), each bound to a WeChat (so a decision queues a message to
 * them) and with a submitted 生源核查: one commit each, roster entry and check, as the import and the student
 * would leave them. Returns the checks' ids, all at version 1.
 */
export async function pendingChecks(sys: TestSystem<Store>, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) {
    const now = sys.deps.clock().toISOString();
    const studentNo = `2026017${String(i).padStart(3, '0')}`;
    const imported = touch<StudentDoc>({
      record: 'student', current: null, id: studentNo, action: 'import', actor: { openid: 'admin', role: 'admin' }, now, from: null, to: 'imported',
      patch: {
        studentNo, name: `批量${String(i).padStart(3, '0')}`, idNumber: withIdCheckDigit(`11010120040101${String(i).padStart(3, '0')}`),
        gender: '女', collegeId: 'cs', collegeName: '计算机学院', major: '软件工程', educationLevel: '31', graduationYear: 2026,
        source: { ethnicity: '汉族', politicalStatus: '共青团员', originRegion: '110101' }, employment: {},
        openid: `wx-batch-${studentNo}`, activeAgreementId: null,
      },
    });
    const student = imported.doc;
    const submitted = step<'check', CheckDoc>({
      kind: 'check', current: null, id: checkId('source', studentNo), action: 'submit',
      actor: { openid: student.openid!, role: 'student' }, now,
      patch: { kind: 'source', ...studentKeys(student), fields: { phone: '13700137000' }, schoolValues: {}, submittedAt: now },
    });
    await sys.store.commit({
      writes: [
        { collection: 'students', doc: student, expectedVersion: 0 },
        { collection: 'checks', doc: submitted.doc, expectedVersion: 0 },
      ],
      audit: [imported.audit, submitted.audit],
      outbox: [],
    });
    ids.push(submitted.doc._id);
  }
  return ids;
}

/** How the items of one batch went through the store. */
export interface InFlight {
  /** the most items under way at once */
  max: number;
  /** the longest run of items each started when the one before it had ended: 1 when all ran at once, n one by one */
  waves: number;
  /** the items that ended, in the order they did */
  ended: string[];
}

/**
 * The store as a batch of checks under the request key `batchKey` meets it, watched: an item is under way from its
 * first call that names its check (a read of it, or, where the batch read it at its start, the item's commit) to the
 * commit that stores its answer (`<batchKey>:<index>`, with the check's new version). For batches whose every item takes effect (a refused item
 * stores nothing, so never ends here).
 */
export function watchItems(inner: Store, batchKey: string): { store: Store; seen: InFlight } {
  const seen: InFlight = { max: 0, waves: 0, ended: [] };
  const isItem = (id: string): boolean => id.startsWith(`${batchKey}:`);
  const wave = new Map<string, number>();
  const under = new Set<string>();
  let lastEnded: string | undefined;
  const started = (id: string): void => {
    if (wave.has(id)) return;
    // a lane starts its next item as soon as its last one ended: that item's wave, plus one
    const w = lastEnded ? wave.get(lastEnded)! + 1 : 1;
    wave.set(id, w);
    seen.waves = Math.max(seen.waves, w);
    under.add(id);
    seen.max = Math.max(seen.max, under.size);
  };
  const store: Store = {
    name: inner.name,
    get: (c, id) => {
      if (c === 'checks') started(id);
      return inner.get(c, id);
    },
    getMany: (c, ids) => inner.getMany(c, ids),
    query: (c, q) => inner.query(c, q),
    count: (c, w) => inner.count(c, w),
    put: (c, d, v) => inner.put(c, d, v),
    close: () => inner.close(),
    commit: async (commit: Commit) => {
      const item = commit.request?._id;
      const check = commit.writes.find((w) => w.collection === 'checks')?.doc._id;
      if (item && isItem(item) && check) started(check);
      await inner.commit(commit);
      if (item && isItem(item) && check && under.delete(check)) {
        seen.ended.push(check);
        lastEnded = check;
      }
    },
  };
  return { store, seen };
}
