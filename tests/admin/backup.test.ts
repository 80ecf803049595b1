/** backup and restore: a round trip into a fresh store gives equal counts and equal documents. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { main } from '../../admin/cli';
import { backup } from '../../admin/commands/backup';
import { restore } from '../../admin/commands/restore';
import { verifyAudit } from '../../admin/commands/verifyAudit';
import { openLocal } from '../../admin/target';
import { COLLECTION_NAMES } from '../../server/store/port';
import { signedDemoAgreement, terminate } from '../support/agreements';
import { adminWorld, snapshot, type AdminWorld } from './support';

/** more than two pages of the admin's page size (500) in one collection */
const MANY = 1201;

describe('backup and restore', () => {
  let source: AdminWorld;
  let target: AdminWorld;
  let file: string;

  // the source is only read: one for the whole file; each test restores into a new target
  beforeAll(async () => {
    source = await adminWorld();
    await terminate(source.sys, await signedDemoAgreement(source.sys));
    for (let i = 0; i < MANY; i++) await source.sys.store.put('counters', { _id: `load:${String(i).padStart(5, '0')}`, version: 1, value: i }, 0);
    file = path.join(source.dir, 'backup.jsonl.gz');
  });
  afterAll(() => source.close());
  beforeEach(async () => {
    target = await adminWorld({ seed: false });
  });
  afterEach(async () => {
    await target.close();
    rmSync(file, { force: true });
  });

  const lines = (f: string): string[] => {
    const raw = readFileSync(f);
    return (raw[0] === 0x1f ? gunzipSync(raw) : raw).toString('utf8').trim().split('\n');
  };

  it('backup writes a gzip file: a header with the count of every collection, then one line per document', async () => {
    const r = await source.run(backup, ['--out', file]);
    expect(r.code).toBe(0);
    expect(r.text).toContain('备份：0/');
    // besides the loaded ones: the seed's two claims, the year's agreement numbers and the agreement's terminations
    expect(r.lines.at(-1)).toMatch(new RegExp(`^已备份 \\d+ 个文档（.*counters ${MANY + 4}.*）→ ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}（\\d+ 字节）$`));
    expect(readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));

    const [head, ...docs] = lines(file);
    const header = JSON.parse(head!) as { format: string; version: number; source: string; counts: Record<string, number> };
    expect(header).toMatchObject({ format: 'wangqian-sanfang-backup', version: 1, source: source.target.label });
    for (const c of COLLECTION_NAMES) expect(header.counts[c]).toBe(await source.sys.store.count(c));
    expect(docs).toHaveLength(Object.values(header.counts).reduce((a, b) => a + b, 0));
    expect(JSON.parse(docs[0]!)).toEqual({ c: 'settings', d: await source.sys.store.get('settings', 'school') });
  });

  it('restore into a fresh store: the same counts, the same documents, audit chains intact', async () => {
    expect((await source.run(backup, ['--out', file])).code).toBe(0);
    const r = await target.run(restore, [file]);
    expect(r.code).toBe(0);
    expect(r.lines.at(-1)).toBe(`已恢复 ${lines(file).length - 1} 个文档，各集合文档数与备份一致。建议接着运行 verify-audit 和 setup。`);
    expect(await snapshot(target)).toEqual(await snapshot(source));
    // a backup holds documents; uploaded files stay in file storage, which this fresh target does not have
    expect((await target.run(verifyAudit, ['--skip-files'])).code).toBe(0);
  });

  it('an uncompressed .jsonl backup round-trips as well', async () => {
    const plain = path.join(source.dir, 'backup.jsonl');
    expect((await source.run(backup, ['--out', plain])).code).toBe(0);
    expect(readFileSync(plain, 'utf8').startsWith('{"format":"wangqian-sanfang-backup"')).toBe(true);
    expect((await target.run(restore, [plain])).code).toBe(0);
    expect(await snapshot(target)).toEqual(await snapshot(source));
  });

  it('a store that holds anything is refused without --force; --force empties it and then holds exactly the backup', async () => {
    await source.run(backup, ['--out', file]);
    await target.sys.store.put('counters', { _id: 'stray', version: 7, value: 1 }, 0);
    const before = await snapshot(target);
    const refused = await target.run(restore, [file]);
    expect(refused.code).toBe(1);
    expect(refused.text).toContain('目标库不是空的（counters 1）；恢复会先清空它，确认请加 --force');
    expect(await snapshot(target)).toEqual(before);

    const forced = await target.run(restore, [file, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.text).toContain('已清空目标库原有的 1 个文档');
    expect(await target.sys.store.get('counters', 'stray')).toBeNull();
    expect(await snapshot(target)).toEqual(await snapshot(source));
  });

  describe('a damaged file changes nothing, even with --force', () => {
    let original: string[];
    beforeEach(async () => {
      await source.run(backup, ['--out', file]);
      original = lines(file);
      await target.sys.store.put('counters', { _id: 'keep-me', version: 1, value: 1 }, 0);
    });

    it.each([
      ['a line missing', (l: string[]) => l.filter((_, i) => i !== l.map((line) => line.startsWith('{"c":"counters"')).lastIndexOf(true)), '备份文件不完整：counters 头部记 1205 条、实有 1204 条'],
      ['a line that is not JSON', (l: string[]) => [...l.slice(0, 5), '{"c":"counters","d":', ...l.slice(6)], '备份文件第 6 行不是有效的 JSON'],
      ['a collection that does not exist', (l: string[]) => [...l, '{"c":"accounts","d":{"_id":"a","version":1}}'], '行不合格：集合名不是本系统的集合'],
      ['a document without a version', (l: string[]) => [...l, '{"c":"counters","d":{"_id":"a"}}'], '每个文档应有 _id 和 version（d.version）'],
      ['a document twice', (l: string[]) => [...l, l[l.length - 1]!], '重复'],
      ['another kind of file', (l: string[]) => ['{"format":"something-else","version":1}', ...l.slice(1)], '不是本系统的备份文件'],
    ])('%s', async (_what, damage, why) => {
      const bad = path.join(source.dir, 'bad.jsonl.gz');
      writeFileSync(bad, gzipSync(`${damage(original).join('\n')}\n`));
      const before = await snapshot(target);
      const r = await target.run(restore, [bad, '--force']);
      expect(r.code).toBe(1);
      expect(r.text).toContain(why);
      expect(await snapshot(target)).toEqual(before);
    });

    it('a cut-off gzip file', async () => {
      const bad = path.join(source.dir, 'cut.jsonl.gz');
      const whole = readFileSync(file);
      writeFileSync(bad, whole.subarray(0, Math.floor(whole.length / 2)));
      const before = await snapshot(target);
      const r = await target.run(restore, [bad, '--force']);
      expect(r.code).toBe(1);
      expect(await snapshot(target)).toEqual(before);
    });
  });

  it('through the command line, restore creates the local store in a new DATA_DIR', async () => {
    await source.run(backup, ['--out', file]);
    const dataDir = path.join(source.dir, 'fresh');
    const out: string[] = [];
    const code = await main(['restore', file], { env: { DATA_DIR: dataDir }, out: (l) => out.push(l), err: (l) => out.push(l), interactive: false });
    expect(code).toBe(0);
    const opened = await openLocal(dataDir, { create: false });
    try {
      for (const c of COLLECTION_NAMES) expect(await opened.store.count(c)).toBe(await source.sys.store.count(c));
    } finally {
      await opened.close();
    }
  });

  it('a missing file and a missing argument', async () => {
    expect((await target.run(restore, [path.join(source.dir, 'nope.gz')])).text).toContain('不存在');
    expect((await target.run(restore, [])).code).toBe(2);
    const existing = path.join(source.dir, 'exists.gz');
    writeFileSync(existing, 'x');
    const r = await source.run(backup, ['--out', existing]);
    expect(r.code).toBe(1);
    expect(r.text).toContain('已存在；要覆盖请加 --force');
  });
});
