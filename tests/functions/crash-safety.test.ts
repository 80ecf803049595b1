/**
 * Crash safety of the local runtime as `npm start` runs it: a child process group on a fresh DATA_DIR, a stream of
 * real mutations over HTTP with several in flight, and the whole group killed with SIGKILL while requests are still
 * outstanding. The store as the kill left it must hold every acknowledged write (with its audit entry and its stored
 * answer), nothing half-written, and verifying chains; restarted on it, the runtime answers a replay of every
 * acknowledged request as it did the first time. Three kills, at different points of the stream.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyAudit } from '../../server/app/verifyAudit';
import { SqliteStore } from '../../server/store/sqlite';
import { Load, promisedBy, resumeFrom, runLanes, SEEDED, type Acknowledged, type Resume } from '../support/crashLoad';
import { startRuntime, type RuntimeProcess } from '../support/runtimeProcess';
import { answersWithoutEffect, halfWritten, integrityCheck, missingRecord } from '../support/storeAudit';

/** the kill comes as this many writes have been acknowledged in the round: early, mid-stream, late */
const KILL_AFTER = [3, 40, 150];
const UNIT_LANES = 6;
const STORE = 'store.sqlite';

/** The store's files as the kill left them (the WAL holds the commits not yet checkpointed), copied to look at. */
function copyAsLeft(dataDir: string, to: string): string {
  mkdirSync(to);
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(path.join(dataDir, STORE + suffix))) copyFileSync(path.join(dataDir, STORE + suffix), path.join(to, STORE + suffix));
  }
  return path.join(to, STORE);
}

/** Each acknowledged request sent again, same caller, same requestId, same event: its answer. */
async function replay(url: string, acks: readonly Acknowledged[]): Promise<unknown[]> {
  const answers: unknown[] = [];
  for (let i = 0; i < acks.length; i += 8) {
    const batch = acks.slice(i, i + 8).map(async ({ fn, openid, event }) => {
      const res = await fetch(`${url}/fn/${fn}`, { method: 'POST', headers: { 'X-WX-OPENID': openid }, body: JSON.stringify(event) });
      return (await res.json()) as unknown;
    });
    answers.push(...(await Promise.all(batch)));
  }
  return answers;
}

describe('crash safety: npm start killed (SIGKILL, whole process group) while writes are in flight', () => {
  let dir: string;
  let runtime: RuntimeProcess | undefined;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wq-crash-'));
  });
  afterAll(async () => {
    await runtime?.crash();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write, writes nothing by halves, keeps every chain whole, and answers replays as before', async () => {
    const dataDir = path.join(dir, 'data');
    const acknowledged: Acknowledged[] = [];
    let from: Resume = SEEDED;

    for (const [round, killAfter] of KILL_AFTER.entries()) {
      // given the runtime (re)started on the data folder, every earlier acknowledged request replays to the same answer
      runtime = await startRuntime(dataDir);
      expect(await replay(runtime.url, acknowledged)).toEqual(acknowledged.map((a) => ({ ok: true, data: a.data })));

      // when the stream runs and the whole group is killed as the killAfter-th write is acknowledged
      const load = new Load(runtime.url, `r${round}`);
      const killed = runtime;
      let inFlightAtKill = -1;
      load.onAcknowledged = (count) => {
        if (count !== killAfter) return;
        inFlightAtKill = load.inFlight;
        process.kill(-killed.pid, 'SIGKILL');
      };
      await runLanes(load, from, { first: round * 10, count: UNIT_LANES });
      await runtime.crash();
      runtime = undefined;

      expect(load.refused).toEqual([]);
      expect(load.acknowledged.length).toBeGreaterThanOrEqual(killAfter);
      // other lanes' requests were outstanding when it died
      expect(inFlightAtKill).toBeGreaterThan(0);
      acknowledged.push(...load.acknowledged);

      // then the store as the kill left it: it opens, SQLite finds it whole, and it holds what was promised
      const file = copyAsLeft(dataDir, path.join(dir, `after-kill-${round}`));
      // the round's commits are in the write-ahead log, not yet checkpointed: opening the store recovers them
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
      expect(integrityCheck(file)).toEqual(['ok']);
      const store = new SqliteStore({ path: file });
      try {
        expect(await verifyAudit(store)).toMatchObject({ broken: [] });
        expect(await halfWritten(store)).toEqual([]);
        expect(await answersWithoutEffect(store)).toEqual([]);
        const missing: string[] = [];
        for (const ack of acknowledged) {
          const promised = promisedBy(ack);
          for (const record of promised.records) {
            const problem = await missingRecord(store, record);
            if (problem) missing.push(`${ack.fn} ${String(ack.event.requestId)}: ${problem}`);
          }
          for (const { key, result } of promised.requests) {
            const stored = await store.get('requests', key);
            if (JSON.stringify(stored?.result) !== JSON.stringify(result)) missing.push(`${ack.fn}: request ${key} is not stored as answered`);
          }
        }
        expect(missing).toEqual([]);
        from = await resumeFrom(store);
      } finally {
        await store.close();
      }
    }

    // and after the last kill, the runtime starts on what it left and replays every acknowledged request alike
    runtime = await startRuntime(dataDir);
    expect(await replay(runtime.url, acknowledged)).toEqual(acknowledged.map((a) => ({ ok: true, data: a.data })));
    const kinds = new Set(acknowledged.map((a) => `${a.fn}:${String(a.event.action ?? a.event.decision)}`));
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining(['bind:registerEmployer', 'employerOffer:create', 'employerOffer:edit', 'respondOffer:decline', 'review:approve', 'submitCheck:save', 'submitCheck:submit']),
    );
  }, 120_000);
});
