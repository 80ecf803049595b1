import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importEmployers } from '../../admin/commands/importEmployers';
import { importRoster } from '../../admin/commands/importRoster';
import type { AdminContext } from '../../admin/command';
import { bind } from '../../server/usecases/bind';
import { seedDemo } from '../../server/runtime/seed';
import { LocalFileStorage } from '../../server/storage/local';
import { CloudBaseStore, createCollections } from '../../server/store/cloudbase';
import type { Commit, Store } from '../../server/store/port';
import { verifyAudit } from '../../server/app/verifyAudit';
import { FakeCloudBaseDb } from '../store/fakeCloudbaseDb';
import { makeSystem, rid } from '../support/harness';
import { adminContext, tempDir, writeCsv } from './fixtures/files';
import { EMPLOYER_HEADER, employerRow, ROSTER_HEADER, rosterRows } from './fixtures/roster';

describe('import on other stores and under concurrent use', () => {
  it('imports over the CloudBase adapter in small batches several at a time, audited, and re-imports as unchanged', async () => {
    const db = new FakeCloudBaseDb({ sdk: 'node-sdk' });
    await createCollections(db);
    const store = new CloudBaseStore(db, { sdk: 'node-sdk' });
    let n = 0;
    const clock = () => new Date('2026-03-02T02:00:00.000Z');
    const newId = () => `id${++n}`;
    await seedDemo({ store, files: new LocalFileStorage(mkdtempSync(path.join(tmpdir(), 'wq-files-'))), clock, newId });
    const lines: string[] = [];
    const ctx: AdminContext = { store, target: 'cloudbase (fake)', clock, newId, out: (l) => lines.push(l), interactive: false };
    const dir = tempDir();
    const roster = writeCsv(dir, 'roster.csv', [[...ROSTER_HEADER], ...rosterRows(0, 45)]);
    const units = writeCsv(dir, 'units.csv', [[...EMPLOYER_HEADER], ...Array.from({ length: 23 }, (_, i) => employerRow(i))]);

    expect(await importRoster.run([roster], ctx)).toBe(0);
    expect(await importEmployers.run([units], ctx)).toBe(0);
    expect(lines.filter((l) => l.startsWith('已导入'))).toEqual(['已导入：新增 45 / 更新 0 / 未变 0 / 错误 0', '已导入：新增 23 / 更新 0 / 未变 0 / 错误 0']);
    expect(await store.count('students')).toBe(48);
    expect(await store.count('employers', [{ field: 'state', op: '==', value: 'certified' }])).toBe(24);
    expect((await verifyAudit(store)).broken).toEqual([]);

    lines.length = 0;
    expect(await importRoster.run([roster], ctx)).toBe(0);
    expect(lines.at(-1)).toBe('已导入：新增 0 / 更新 0 / 未变 45 / 错误 0');
  });

  it('plans a batch again when a student binds while it is written: both changes land, each in the log', async () => {
    const sys = await makeSystem();
    try {
      const wang = (await sys.store.get('students', '2026020101'))!;
      let commits = 0;
      // the store as the import sees it: just before its first commit, 王五 binds in the mini program
      const racing: Store = {
        name: sys.store.name,
        get: (c, id) => sys.store.get(c, id),
        getMany: (c, ids) => sys.store.getMany(c, ids),
        query: (c, q) => sys.store.query(c, q),
        count: (c, w) => sys.store.count(c, w),
        put: (c, d, v) => sys.store.put(c, d, v),
        close: () => sys.store.close(),
        commit: async (commit: Commit) => {
          if (++commits === 1) await sys.ok(bind, 'wang-openid', { action: 'student', requestId: rid(), studentNo: wang.studentNo, name: wang.name, idLast6: wang.idNumber.slice(-6) });
          return sys.store.commit(commit);
        },
      };
      const { ctx, lines } = adminContext(sys);
      const file = writeCsv(tempDir(), 'roster.csv', [
        [...ROSTER_HEADER],
        [wang.studentNo, wang.name, wang.idNumber, wang.collegeId, '财务管理', '本科', 2026, wang.gender, '汉族', '共青团员', wang.source.originRegion ?? ''],
      ]);
      expect(await importRoster.run([file], { ...ctx, store: racing })).toBe(0);
      expect(commits).toBe(2);
      expect(lines.at(-1)).toBe('已导入：新增 0 / 更新 1 / 未变 0 / 错误 0');
      const after = (await sys.store.get('students', wang.studentNo))!;
      expect([after.openid, after.major, after.version]).toEqual(['wang-openid', '财务管理', 3]);
      expect((await sys.auditOf('student', wang.studentNo)).map((e) => [e.action, e.from, e.to])).toEqual([
        ['import', null, 'imported'],
        ['bind', 'imported', 'bound'],
        ['import', 'bound', 'bound'],
      ]);
      expect((await verifyAudit(sys.store)).broken).toEqual([]);
    } finally {
      await sys.close();
    }
  });
});
