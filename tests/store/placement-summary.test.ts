/**
 * The 去向落实率 summaries (port.ts studentsByMajor, placement) under random changes: whatever sequence of records
 * created, approved, changed, filled by an agreement, set back to 待就业 or moved to another major, through commits
 * or puts, on SQLite and on the CloudBase adapter, the figures read from the summaries equal a recount of the records
 * themselves.
 */
import fc from 'fast-check';
import { SqliteStore } from '../../server/store/sqlite';
import { CloudBaseStore, createCollections } from '../../server/store/cloudbase';
import type { Store } from '../../server/store/port';
import { FakeCloudBaseDb } from './fakeCloudbaseDb';
import type { DestinationDoc } from '../../server/domain/types';
import { collegeCounts, majorRows } from '../../server/read/placement';
import { aDestination, aGraduate, recount } from '../support/placement';

const MAJORS: Record<string, string[]> = { cs: ['软件工程', '计算机|网络'], em: ['会计学', '数字媒体(Web3.0)'] };
const GRADUATES = [
  aGraduate('2026010101', 'cs', '软件工程'),
  aGraduate('2026010102', 'cs', '软件工程'),
  aGraduate('2026010103', 'cs', '计算机|网络'),
  aGraduate('2026020101', 'em', '会计学'),
  aGraduate('2026020102', 'em', '数字媒体(Web3.0)'),
];
const TYPES = ['10', '11', '12', '27', '46', '50', '75', '76', '80', '85', '70', '71', '72'];

type Change =
  | { kind: 'approve'; who: number; type: string; online: boolean }
  | { kind: 'submit'; who: number; type: string }
  | { kind: 'reset'; who: number }
  | { kind: 'move'; who: number; major: number };

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant('approve' as const), who: fc.nat(GRADUATES.length - 1), type: fc.constantFrom(...TYPES), online: fc.boolean() }),
  fc.record({ kind: fc.constant('submit' as const), who: fc.nat(GRADUATES.length - 1), type: fc.constantFrom(...TYPES) }),
  fc.record({ kind: fc.constant('reset' as const), who: fc.nat(GRADUATES.length - 1) }),
  fc.record({ kind: fc.constant('move' as const), who: fc.nat(GRADUATES.length - 1), major: fc.nat(1) }),
);

function next(current: DestinationDoc | null, c: Change): DestinationDoc {
  const student = GRADUATES[c.who]!;
  const base = current ?? aDestination(student, { approved: null }, 0);
  const version = base.version + 1;
  switch (c.kind) {
    case 'approve':
      return aDestination({ ...student, major: base.major }, { approved: c.type, online: c.online && c.type === '10' }, version);
    case 'submit':
      return { ...base, version, state: 'submitted', content: { ...base.content, type: c.type } };
    case 'reset': {
      const { agreementId: _cleared, ...rest } = base;
      return { ...rest, version, state: 'approved', approved: { type: '70', pendingKind: 'seeking', approvedAt: base.updatedAt, evidence: [] } };
    }
    case 'move': {
      const majors = MAJORS[base.collegeId]!;
      return { ...base, version, major: majors[c.major % majors.length]! };
    }
  }
}

/** Each adapter keeps the summaries in its own transaction: both run the sequences. */
const ADAPTERS: [string, () => Promise<Store>][] = [
  ['SQLite', async () => new SqliteStore({ path: ':memory:' })],
  [
    'CloudBase adapter over the fake db',
    async () => {
      const db = new FakeCloudBaseDb({ sdk: 'node-sdk' });
      await createCollections(db, {});
      return new CloudBaseStore(db, { sdk: 'node-sdk', retryPauseMs: 1 });
    },
  ],
];

describe.each(ADAPTERS)('去向落实率 summaries under random changes: %s', (_name, open) => {
  it('the figures from the summaries equal a recount of the records after every sequence', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(change, fc.boolean()), { maxLength: 25 }), async (steps) => {
        const store = await open();
        try {
          for (const s of GRADUATES) await store.put('students', s, 0);
          for (const [c, byCommit] of steps) {
            const id = `destination:${GRADUATES[c.who]!.studentNo}`;
            const current = await store.get('destinations', id);
            const doc = next(current, c);
            const expectedVersion = current?.version ?? 0;
            if (byCommit) await store.commit({ writes: [{ collection: 'destinations', doc, expectedVersion }], audit: [], outbox: [] });
            else await store.put('destinations', doc, expectedVersion);
          }
          const colleges = Object.keys(MAJORS);
          const counts = await collegeCounts(store, colleges);
          for (const [i, collegeId] of colleges.entries()) {
            for (const row of majorRows(counts[i]!)) {
              const { graduates, byCategory, unregistered, jobDestinations, signedOnline } = row;
              // a major every graduate left still has its records' figures; recount the same students
              expect({ graduates, byCategory, unregistered: graduates === 0 ? 0 : unregistered, jobDestinations, signedOnline }).toEqual(
                await recount(store, (s) => s.collegeId === collegeId && s.major === row.key).then((r) => ({ ...r, unregistered: Math.max(0, r.unregistered) })),
              );
            }
          }
        } finally {
          await store.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});
