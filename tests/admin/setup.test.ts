/** setup on a fresh SQLite store: everything made once; a second run changes nothing and says so. */
import Database from 'better-sqlite3';
import path from 'node:path';
import { setup } from '../../admin/commands/setup';
import type { SettingsDoc } from '../../server/domain/types';
import { COLLECTION_NAMES, INDEXES } from '../../server/store/port';
import { DEFAULT_SETTINGS, SETTINGS_ID } from '../../server/usecases/settings';
import { adminWorld, snapshot, type AdminWorld } from './support';

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
    expect(first.text).toContain('audit(record, recordId, seq)');
    expect(first.text).toContain('SQLite 本地库只由本机进程打开，没有小程序客户端访问，无需设置权限');
    expect(first.text).toContain('学校设置：写入默认值');
    expect(await world.sys.store.get('settings', SETTINGS_ID)).toEqual({ ...DEFAULT_SETTINGS, version: 1 });

    // the file really holds them
    const db = new Database(path.join(world.dataDir, 'store.sqlite'), { readonly: true });
    const names = (db.prepare(`SELECT type, name FROM sqlite_master WHERE type IN ('table','index') AND name NOT LIKE 'sqlite_%'`).all() as { type: string; name: string }[]);
    db.close();
    expect(names.filter((n) => n.type === 'table').map((n) => n.name).sort()).toEqual([...COLLECTION_NAMES].sort());
    expect(names.filter((n) => n.type === 'index')).toHaveLength(INDEX_COUNT);
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
    const { offerTtlDays: _missing, ...older } = { ...DEFAULT_SETTINGS, version: 3, schoolName: '某某大学', colleges: [{ id: 'cs', name: '计算机学院' }] };
    await world.sys.store.put('settings', older as SettingsDoc, 0);
    const r = await world.run(setup, []);
    expect(r.text).toContain('学校设置：补上缺少的默认项 offerTtlDays');
    expect(await world.sys.store.get('settings', SETTINGS_ID)).toEqual({ ...older, offerTtlDays: 14, version: 4 });
    expect((await world.run(setup, [])).text).toContain('学校设置：已完整，无改动');
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
