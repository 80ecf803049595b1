/** setup on a fresh SQLite store: everything made once; a second run changes nothing and says so. */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openLocal } from '../../admin/target';
import { setup } from '../../admin/commands/setup';
import { COLLECTION_NAMES, INDEXES } from '../../server/store/port';
import { DEFAULT_SETTINGS, SETTINGS_ID, settingsChange } from '../../server/app/settings';
import { verifyAudit } from '../../server/app/verifyAudit';
import { T0 } from '../support/harness';
import { adminContext } from '../../admin/cli';
import { adminWorld, snapshot, type AdminWorld } from './support';

const ADMIN = { openid: 'admin', role: 'admin' } as const;

const INDEX_COUNT = COLLECTION_NAMES.reduce((n, c) => n + (INDEXES[c]?.length ?? 0), 0);

describe('setup', () => {
  let world: AdminWorld;
  beforeEach(async () => {
    world = await adminWorld({ seed: false });
  });
  afterEach(() => world.close());

  it('first run: every collection and index, no client permissions on SQLite (said so), default settings', async () => {
    const first = await world.run(setup, []);
    expect(first.code).toBe(0);
    expect(first.text).toContain(`集合：新建 ${COLLECTION_NAMES.length} 个`);
    expect(first.text).toContain(`索引：新建 ${INDEX_COUNT} 个`);
    expect(first.text).toContain('audit(record, recordId, seq, _id)');
    expect(first.text).toContain('SQLite 本地库只由本机进程打开，没有小程序客户端访问，无需设置权限');
    expect(first.text).toContain('学校设置：写入默认值');
    const written = await world.sys.store.get('settings', SETTINGS_ID);
    expect(written).toEqual({ ...DEFAULT_SETTINGS, _id: SETTINGS_ID, version: 1, createdAt: T0, updatedAt: T0, auditHead: expect.any(String) });
    // written with its audit entry: the settings' chain starts with the admin's `init`
    const chain = await world.sys.auditOf('settings', SETTINGS_ID);
    expect(chain.map((e) => [e.seq, e.action, e.from, e.to, e.actor, e.reason])).toEqual([[1, 'init', null, 'set', ADMIN, undefined]]);
    expect(written!.auditHead).toBe(chain[0]!.hash);
    expect((await verifyAudit(world.sys.store)).broken).toEqual([]);

    // the file really holds them
    const db = new Database(path.join(world.dataDir, 'store.sqlite'), { readonly: true });
    const names = (db.prepare(`SELECT type, name FROM sqlite_master WHERE type IN ('table','index') AND name NOT LIKE 'sqlite_%'`).all() as { type: string; name: string }[]);
    db.close();
    expect(names.filter((n) => n.type === 'table').map((n) => n.name).sort()).toEqual([...COLLECTION_NAMES].sort());
    expect(names.filter((n) => n.type === 'index')).toHaveLength(INDEX_COUNT);
  });

  it('a store file of an earlier release: its indexes without the closing _id are dropped when it opens, and setup says so', async () => {
    // given a file whose outbox index is the earlier release's
    const dir = mkdtempSync(path.join(tmpdir(), 'wq-old-'));
    const file = path.join(dir, 'store.sqlite');
    const old = new Database(file);
    old.exec(`CREATE TABLE outbox (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL)`);
    old.exec(`CREATE INDEX outbox_state_nextAttemptAt ON outbox (json_extract(body, '$.state'), json_extract(body, '$.nextAttemptAt'))`);
    old.close();
    // when the command line opens it and setup runs
    const target = await openLocal(dir, { create: false });
    try {
      const lines: string[] = [];
      await setup.run([], adminContext(target, { out: (l) => lines.push(l), interactive: false }));
      const r = { text: lines.join('\n') };
      // then the old index is gone, its successor is there, and the output names both
      expect(r.text).toContain('索引：删除被新索引取代的旧索引 1 个：outbox(state, nextAttemptAt)');
      expect(r.text).toContain('outbox(state, nextAttemptAt, _id)');
      const db = new Database(file, { readonly: true });
      const indexes = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox'`).all() as { name: string }[]).map((i) => i.name);
      db.close();
      expect(indexes).toContain('outbox_state_nextAttemptAt__id');
      expect(indexes).not.toContain('outbox_state_nextAttemptAt');
    } finally {
      await target.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('second run: nothing created, nothing written, and it says so', async () => {
    await world.run(setup, []);
    const before = await snapshot(world);
    const second = await world.run(setup, []);
    expect(second.code).toBe(0);
    expect(second.lines).toEqual([
      `目标库：local (${path.join(world.dataDir, 'store.sqlite')})`,
      '集合：已全部存在，无改动',
      '索引：已全部存在，无改动',
      '客户端权限：不适用',
      expect.stringContaining('无需设置权限'),
      '学校设置：已完整，无改动',
      'setup 完成：一切已就绪，本次没有任何改动。',
    ]);
    expect(await snapshot(world)).toEqual(before);
  });

  it('keeps a school\'s own settings and only adds the defaults a settings document lacks', async () => {
    // settings written by a version that had no offerTtlDays yet: its chain intact, the key absent
    const first = settingsChange(null, { ...DEFAULT_SETTINGS, schoolName: '某某大学', colleges: [{ id: 'cs', name: '计算机学院' }] }, ADMIN, T0)!;
    const { offerTtlDays: _missing, ...older } = first.write.doc;
    await world.sys.store.commit({ writes: [{ ...first.write, doc: older as typeof first.write.doc }], audit: [first.audit], outbox: [] });
    world.sys.advance(60_000);
    const r = await world.run(setup, []);
    expect(r.text).toContain('学校设置：补上缺少的默认项 offerTtlDays');
    const after = await world.sys.store.get('settings', SETTINGS_ID);
    expect(after).toEqual({ ...older, offerTtlDays: 14, version: 2, updatedAt: '2026-03-02T02:01:00.000Z', auditHead: expect.any(String) });
    const [, added] = await world.sys.auditOf('settings', SETTINGS_ID);
    expect(added).toMatchObject({ seq: 2, action: 'update', actor: ADMIN, reason: 'offerTtlDays', hash: after!.auditHead });
    expect((await verifyAudit(world.sys.store)).broken).toEqual([]);
    const before = await snapshot(world);
    expect((await world.run(setup, [])).text).toContain('学校设置：已完整，无改动');
    expect(await snapshot(world)).toEqual(before);
  });

  it('on the seeded demo school: the settings there are left exactly as they are', async () => {
    const seeded = await adminWorld();
    try {
      const before = await seeded.sys.store.get('settings', SETTINGS_ID);
      const r = await seeded.run(setup, []);
      expect(r.text).toContain('学校设置：已完整，无改动');
      expect(await seeded.sys.store.get('settings', SETTINGS_ID)).toEqual(before);
    } finally {
      await seeded.close();
    }
  });
});
