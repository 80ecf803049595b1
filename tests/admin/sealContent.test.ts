/**
 * seal-content: the one-off step for a store written before audit entries sealed their record's content. It checks
 * the store, refuses while any chain is broken otherwise, seals each record with one audited entry, and is a no-op
 * the second time.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteBackend } from '../../admin/backends/sqlite';
import { sealContent } from '../../admin/commands/sealContent';
import { verifyAudit } from '../../admin/commands/verifyAudit';
import { hashEntry, GENESIS } from '../../server/domain/audit';
import type { AuditEntry, CollectionName, Tracked } from '../../server/domain/types';
import { COLLECTION } from '../../server/app/verifyAudit';
import { signedDemoAgreement, terminate } from '../support/agreements';
import { adminWorld, snapshot, type AdminWorld } from './support';

type Raw = { prepare(sql: string): { run(...a: unknown[]): unknown } };
const rawDb = (world: AdminWorld): Raw => (world.sys.store as unknown as { db: Raw }).db;

/**
 * Rewrites the store as an older version wrote it: every entry without its content seal, the chains re-hashed and
 * re-linked, each record's audit head moved to its new last hash. Returns how many records there are.
 */
async function asWrittenBeforeSeals(world: AdminWorld): Promise<number> {
  const db = rawDb(world);
  const entries = await world.all('audit');
  const heads = new Map<string, { record: string; recordId: string; hash: string }>();
  const prev = new Map<string, string>();
  for (const entry of entries) {
    const key = `${entry.record}/${entry.recordId}`;
    const { hash: _h, _id, version, recordHash: _r, fieldDigests: _f, ...body } = entry;
    const relinked = { ...body, prevHash: prev.get(key) ?? GENESIS };
    const hash = hashEntry(relinked);
    db.prepare('UPDATE "audit" SET body = ? WHERE id = ?').run(JSON.stringify({ ...relinked, _id, version, hash }), _id);
    prev.set(key, hash);
    heads.set(key, { record: entry.record, recordId: entry.recordId, hash });
  }
  for (const { record, recordId, hash } of heads.values()) {
    const collection = COLLECTION[record as keyof typeof COLLECTION] as CollectionName;
    const doc = (await world.sys.store.get(collection, recordId)) as Tracked;
    db.prepare(`UPDATE "${collection}" SET body = ? WHERE id = ?`).run(JSON.stringify({ ...doc, auditHead: hash }), recordId);
  }
  return heads.size;
}

describe('seal-content on a store written before content was sealed', () => {
  let world: AdminWorld;
  let records: number;
  beforeEach(async () => {
    world = await adminWorld();
    await terminate(world.sys, await signedDemoAgreement(world.sys));
    records = await asWrittenBeforeSeals(world);
  });
  afterEach(() => world.close());

  it('given the older store, verify-audit asks for the migration on every record and changes nothing', async () => {
    const before = await snapshot(world);
    const r = await world.run(verifyAudit, []);
    expect(r.code).toBe(1);
    expect(r.text).toContain(`发现 ${records} 处断开：`);
    expect(r.text).toContain('最后一条审计条目没有记录内容的哈希（旧数据）：请运行 npm run admin -- seal-content');
    expect(await snapshot(world)).toEqual(before);
  });

  it('when sealed: the store is checked, each record gets one audited entry, and verify-audit is clean', async () => {
    const agreementsBefore = await world.all('agreements');
    const r = await world.run(sealContent, []);
    expect(r.code).toBe(0);
    expect(r.text).toContain('存储自检（PRAGMA integrity_check）：ok');
    expect(r.text).toContain(`已检查 ${records} 条记录的审计链，其中 ${records} 条缺少内容哈希。`);
    expect(r.lines.at(-1)).toBe(`已为 ${records} 条记录补记内容哈希，每条一条审计条目。`);

    const clean = await world.run(verifyAudit, []);
    expect(clean.code).toBe(0);
    for (const before of agreementsBefore) {
      const after = (await world.sys.store.get('agreements', before._id))!;
      expect(after).toMatchObject({ state: before.state, version: before.version + 1, content: before.content });
      const last = (await world.sys.auditOf('agreement', before._id)).at(-1)!;
      expect(last).toMatchObject({ action: 'sealContent', actor: { openid: 'admin', role: 'admin' }, from: before.state, to: before.state, seq: before.version + 1 });
      expect(last.recordHash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('run a second time, it finds nothing to do and writes nothing', async () => {
    expect((await world.run(sealContent, [])).code).toBe(0);
    const before = await snapshot(world);
    const again = await world.run(sealContent, []);
    expect(again.code).toBe(0);
    expect(again.lines.at(-1)).toBe('没有需要补记的记录，无改动。');
    expect(await snapshot(world)).toEqual(before);
  });

  it('given a chain broken otherwise (a record edited behind the log), it refuses, names it and changes nothing', async () => {
    const offer = (await world.sys.store.get('offers', 'offer-demo-1'))!;
    rawDb(world).prepare('UPDATE "offers" SET body = ? WHERE id = ?').run(JSON.stringify({ ...offer, state: 'open' }), offer._id);
    const before = await snapshot(world);
    const r = await world.run(sealContent, []);
    expect(r.code).toBe(1);
    expect(r.text).toContain('邀约 offer/offer-demo-1');
    expect(r.lines.at(-1)).toBe('未执行：发现 1 处其他断开：补记会让改动过的记录看似完好，请先查明并处理这些记录');
    expect(await snapshot(world)).toEqual(before);
  });

  it('given a store whose own check fails, it refuses before reading a chain and changes nothing', async () => {
    const before = await snapshot(world);
    const failing = { ...world.target.backend, integrityCheck: async () => ['*** in database main ***', 'Page 5: btreeInitPage() returns error code 11'] };
    const r = await world.run(sealContent, [], { backend: failing });
    expect(r.code).toBe(1);
    expect(r.text).toContain('Page 5: btreeInitPage() returns error code 11');
    expect(r.lines.at(-1)).toBe('未执行：存储自检没有通过：数据库文件已损坏，请先从备份恢复（npm run admin -- restore），再运行本命令');
    expect(r.text).not.toContain('已检查');
    expect(await snapshot(world)).toEqual(before);
  });

  it('takes no arguments', async () => {
    expect((await world.run(sealContent, ['--all'])).code).toBe(2);
  });
});

describe('verify-audit and the files its entries attach', () => {
  let world: AdminWorld;
  beforeEach(async () => {
    world = await adminWorld();
    await terminate(world.sys, await signedDemoAgreement(world.sys));
  });
  afterEach(() => world.close());

  const letter = async (): Promise<AuditEntry['attachments']> => (await world.all('audit')).flatMap((e) => e.attachments ?? []);

  it('reads every attached file in DATA_DIR/files again and says how many', async () => {
    const r = await world.run(verifyAudit, []);
    expect(r.code).toBe(0);
    expect(r.text).toContain(`已重新核对 ${(await letter())!.length} 个附件的 SHA-256。`);
  });

  it('names a file whose bytes changed; --skip-files leaves files unread', async () => {
    const [file] = (await letter())!;
    await world.sys.files.write(world.sys.files.pathOf(file!.fileId)!, Buffer.from('另一份文件'));
    const r = await world.run(verifyAudit, []);
    expect(r.code).toBe(1);
    expect(r.text).toContain(`：附件缺失，或文件内容与审计条目记下的 SHA-256 不符：${file!.fileId}`);
    const skipped = await world.run(verifyAudit, ['--skip-files']);
    expect(skipped.code).toBe(0);
    expect(skipped.text).toContain('未读取附件（--skip-files）。');
  });
});

describe('the local store’s own check', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wq-integrity-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A table and an index of 2,000 rows, closed, then 200 bytes of one page overwritten. */
  function damagedStore(): string {
    const file = path.join(dir, 'damaged.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, body TEXT); CREATE INDEX t_body ON t (body)');
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    for (let i = 0; i < 2000; i++) insert.run(`id${i}`, `${'x'.repeat(100)}${i}`);
    db.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(200, 0xff), 0, 200, 4096 * 5 + 100);
    closeSync(fd);
    return file;
  }

  it('says ok for a sound file', async () => {
    const world = await adminWorld();
    try {
      expect(await world.target.backend.integrityCheck()).toEqual(['ok']);
    } finally {
      await world.close();
    }
  });

  it('reports what SQLite finds in a damaged file', async () => {
    const findings = await new SqliteBackend(damagedStore(), new Set()).integrityCheck();
    expect(findings).not.toEqual(['ok']);
    expect(findings.join('\n')).toMatch(/malformed|invalid page|missing from index/);
  });

  it('reports a file that is not a database at all rather than failing', async () => {
    const file = path.join(dir, 'not-a-db.sqlite');
    writeFileSync(file, Buffer.alloc(8192, 0x41));
    expect(await new SqliteBackend(file, new Set()).integrityCheck()).toEqual([expect.stringMatching(/not a database/)]);
  });
});
