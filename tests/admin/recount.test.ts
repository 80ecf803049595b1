/**
 * recount: the summary counters recomputed from the records. A store the adapters kept is found in agreement; a store
 * written before them (no summaries) or with a count gone wrong is listed with --dry-run and left as it is, and
 * rewritten without it, after which the reviewer's statistics and counts are what counting the records gives.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { recount } from '../../admin/commands/recount';
import { setup } from '../../admin/commands/setup';
import { tally } from '../../server/store/summaries';
import { collegeCounts } from '../../server/read/placement';
import { SqliteStore } from '../../server/store/sqlite';
import type { ReviewCounts, ReviewStats } from '../../typings';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { query } from '../../server/usecases/query';
import { adminWorld, snapshot, type AdminWorld } from './support';

/** The school's statistics and queue counts as the reviewer tab reads them. */
async function reviewerFigures(world: AdminWorld): Promise<{ stats: ReviewStats; counts: ReviewCounts }> {
  const stats = (await world.sys.ok(query, DEMO_OPENIDS.schoolReviewer, { view: 'reviewStats' })) as ReviewStats;
  const counts = (await world.sys.ok(query, DEMO_OPENIDS.schoolReviewer, { view: 'reviewCounts' })) as ReviewCounts;
  return { stats, counts };
}

describe('recount', () => {
  let world: AdminWorld;
  beforeEach(async () => {
    world = await adminWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  it('given a store whose summaries the adapters kept, when recounted, then it finds them in agreement and writes nothing', async () => {
    const before = await snapshot(world);
    const r = await world.run(recount, []);
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/已统计 [1-9]\d* 条记录，库中有 [1-9]\d* 个汇总文档。/);
    expect(r.lines.at(-1)).toBe('汇总计数与记录一致，无改动。');
    expect(await snapshot(world)).toEqual(before);
  });

  it('given a store written before summaries, when recounted with --dry-run, then every missing count is listed and nothing written; without it, the figures come back', async () => {
    const kept = await reviewerFigures(world);
    expect(kept.stats.total.graduates).toBeGreaterThan(0);
    await world.target.backend.clear('summaries');
    const lost = await reviewerFigures(world);
    expect(lost.stats.total.graduates).toBe(0);

    const before = await snapshot(world);
    const dry = await world.run(recount, ['--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.text).toContain('库中有 0 个汇总文档');
    expect(dry.text).toMatch(/发现 \d+ 项不一致（涉及 \d+ 个汇总文档）：/);
    const graduates = await world.sys.store.count('students', [{ field: 'collegeId', op: '==', value: kept.stats.colleges[0]!.collegeId }]);
    expect(dry.text).toContain(`studentsByCollege collegeId=${kept.stats.colleges[0]!.collegeId} all：库中 0，按记录应为 ${graduates}`);
    expect(dry.lines.at(-1)).toBe('--dry-run：未写入。去掉 --dry-run 再运行即改写。');
    expect(await snapshot(world)).toEqual(before);

    const fixed = await world.run(recount, []);
    expect(fixed.code).toBe(0);
    expect(fixed.lines.at(-1)).toMatch(/^已改写 [1-9]\d* 个汇总文档，汇总计数与记录一致。$/);
    expect(await reviewerFigures(world)).toEqual(kept);
    expect((await world.run(recount, ['--dry-run'])).lines.at(-1)).toBe('汇总计数与记录一致，无改动。');
  });

  it('given one count gone wrong, when recounted, then that count is named with both figures and only its document is rewritten', async () => {
    // a shard of the school's checks by kind and state
    const doc = (await world.all('summaries')).find((d) => /^checks:\d+$/.test(d._id));
    const [key, n] = Object.entries(doc!.counts)[0]!;
    const [kind, state] = key.split('|');
    const total = await world.sys.store.count('checks', [{ field: 'kind', op: '==', value: kind! }, { field: 'state', op: '==', value: state! }]);
    await world.sys.store.put('summaries', { ...doc!, version: doc!.version + 1, counts: { ...doc!.counts, [key]: n + 3 } }, doc!.version);

    const dry = await world.run(recount, ['--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.text).toContain('发现 1 项不一致（涉及 1 个汇总文档）：');
    expect(dry.text).toContain(`checks ${key}：库中 ${total + 3}，按记录应为 ${total}`);

    const others = (await world.all('summaries')).filter((d) => d._id !== doc!._id);
    expect((await world.run(recount, [])).code).toBe(0);
    expect(await world.sys.store.get('summaries', doc!._id)).toEqual({ ...doc!, version: doc!.version + 2 });
    expect((await world.all('summaries')).filter((d) => d._id !== doc!._id)).toEqual(others);
  });

  it('given a store written before summaries, when setup runs, then it counts them from the records once; run again it changes nothing', async () => {
    const kept = await reviewerFigures(world);
    await world.target.backend.clear('summaries');

    const first = await world.run(setup, []);
    expect(first.code).toBe(0);
    expect(first.text).toContain('汇总计数：库中已有记录而尚无汇总（此前版本写下的库），按记录建立：');
    expect(first.text).toMatch(/已改写 [1-9]\d* 个汇总文档，汇总计数与记录一致。/);
    expect(await reviewerFigures(world)).toEqual(kept);

    const again = await world.run(setup, []);
    expect(again.text).not.toContain('汇总计数');
    expect(again.lines.at(-1)).toBe('setup 完成：一切已就绪，本次没有任何改动。');
  });

  it('given a SQLite file written before summaries, when it is opened, then its summaries are counted from its records', async () => {
    const file = path.join(world.dir, 'older.sqlite');
    const older = new SqliteStore({ path: file });
    for (const student of await world.all('students')) await older.put('students', student, 0);
    for (const agreement of await world.all('agreements')) await older.put('agreements', agreement, 0);
    await older.close();
    const raw = new Database(file);
    raw.exec('DELETE FROM "summaries"');
    raw.close();

    const reopened = new SqliteStore({ path: file });
    try {
      const collegeId = (await world.all('students'))[0]!.collegeId;
      const asks = [
        { collection: 'students' as const, where: [{ field: 'collegeId', op: '==' as const, value: collegeId }] },
        { collection: 'agreements' as const, where: [{ field: 'state', op: '==' as const, value: 'signed' }] },
      ];
      const counted = await Promise.all(asks.map((a) => reopened.count(a.collection, a.where)));
      expect(counted[0]).toBeGreaterThan(0);
      expect(await tally(reopened, asks)).toEqual(counted);
    } finally {
      await reopened.close();
    }
  });

  it('given a SQLite file written before one summary existed (去向落实率\'s), when it is opened, then that summary alone is counted and the others are left as they were', async () => {
    const file = path.join(world.dir, 'older.sqlite');
    const older = new SqliteStore({ path: file });
    for (const student of await world.all('students')) await older.put('students', student, 0);
    await older.close();
    const raw = new Database(file);
    raw.exec(`DELETE FROM "summaries" WHERE id LIKE 'studentsByMajor:%'`);
    // a kept summary gone wrong stays wrong on opening: comparing is recount's work
    raw.exec(`UPDATE "summaries" SET body = json_set(body, '$.counts.all', 99) WHERE id LIKE 'studentsByCollege:%'`);
    const before = (raw.prepare(`SELECT id FROM "summaries" ORDER BY id`).all() as { id: string }[]).map((r) => r.id);
    raw.close();

    const reopened = new SqliteStore({ path: file });
    try {
      const graduates = await collegeCounts(reopened, ['cs']);
      expect(Object.fromEntries(graduates[0]!.graduates)).toEqual({ 软件工程: 1, 计算机科学与技术: 1 });
      const rows = (await reopened.query('summaries', { limit: 1000 })).items;
      expect(rows.filter((d) => !d._id.startsWith('studentsByMajor:')).map((d) => d._id).sort()).toEqual([...before].sort());
      expect(rows.filter((d) => d._id.startsWith('studentsByCollege:')).every((d) => d.counts.all === 99)).toBe(true);
    } finally {
      await reopened.close();
    }
  });

  it('given an argument it does not take, then it is a usage error', async () => {
    const r = await world.run(recount, ['extra']);
    expect(r.code).toBe(2);
  });
});
