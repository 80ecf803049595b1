/**
 * The admin command line on CloudBase, two ways (as tests/store does for the store adapter):
 * 1. the CloudBase backend's setup logic over the in-memory FAKE database (tests/store/fakeCloudbaseDb.ts) and a fake
 *    of the management API that records indexes and permissions: what it creates, and that a second run creates
 *    and changes nothing. It is not CloudBase; it shows the command does what the documented API needs.
 * 2. against a real environment, only when TCB_ENV_ID, TCB_SECRET_ID and TCB_SECRET_KEY are all set: setup twice,
 *    settings, invite + bind, backup and restore between two sets of test collections (prefix admintest_, or
 *    TCB_ADMIN_TEST_PREFIX, and the same with 2_ appended), verify-audit. The collections are emptied before and after. Otherwise no
 *    SDK is loaded at all, and jest reports the suite as skipped with the reason in its title.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudBaseBackend, DENY_ACL, type CloudManager } from '../../admin/backends/cloudbase';
import { adminContext } from '../../admin/cli';
import type { AdminCommand } from '../../admin/command';
import { backup } from '../../admin/commands/backup';
import { invite } from '../../admin/commands/invite';
import { restore } from '../../admin/commands/restore';
import { sealContent } from '../../admin/commands/sealContent';
import { settings } from '../../admin/commands/settings';
import { setup } from '../../admin/commands/setup';
import { verifyAudit } from '../../admin/commands/verifyAudit';
import { openCloudBase, type Target } from '../../admin/target';
import { bind } from '../../server/usecases/bind';
import { invoke } from '../../server/runtime/handler';
import { seedDemo } from '../../server/runtime/seed';
import { LocalFileStorage } from '../../server/storage/local';
import { CloudBaseStore } from '../../server/store/cloudbase';
import { COLLECTION_NAMES, INDEXES } from '../../server/store/port';
import { SETTINGS_ID } from '../../server/app/settings';
import { FakeCloudBaseDb } from '../store/fakeCloudbaseDb';

async function run(target: Target, command: AdminCommand, args: string[]): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const code = await command.run(args, adminContext(target, { out: (l) => lines.push(l), interactive: false }));
  return { code, text: lines.join('\n') };
}

/** The management API as the backend uses it: indexes by collection, ACL tags by collection, every call logged. */
class FakeManager implements CloudManager {
  readonly indexes = new Map<string, { Name: string; Keys: { Name: string }[] }[]>();
  readonly acl = new Map<string, string>();
  readonly calls: string[] = [];
  constructor(private readonly db: FakeCloudBaseDb) {}
  commonService() {
    return {
      call: async ({ Action, Param }: { Action: string; Param: Record<string, unknown> }) => {
        const name = String(Param.CollectionName);
        this.calls.push(`${Action} ${name}`);
        if (!this.db.table(name)) throw new Error(`no collection ${name}`);
        if (Action === 'DescribeDatabaseACL') return { AclTag: this.acl.get(name) ?? 'PRIVATE', RequestId: 'r' };
        if (Action === 'ModifyDatabaseACL') return this.acl.set(name, String(Param.AclTag)) && { RequestId: 'r' };
        throw new Error(`unexpected ${Action}`);
      },
    };
  }
  readonly database = {
    describeCollection: async (name: string) => ({ Indexes: [{ Name: '_id_', Keys: [{ Name: '_id' }] }, ...(this.indexes.get(name) ?? [])] }),
    updateCollection: async (name: string, info: Parameters<CloudManager['database']['updateCollection']>[1]) => {
      this.calls.push(`UpdateTable ${name}`);
      const dropped = new Set((info.DropIndexes ?? []).map((i) => i.IndexName));
      const list = (this.indexes.get(name) ?? []).filter((i) => !dropped.has(i.Name));
      for (const i of info.CreateIndexes ?? []) list.push({ Name: i.IndexName, Keys: i.MgoKeySchema.MgoIndexKeys.map((k) => ({ Name: k.Name })) });
      this.indexes.set(name, list);
      return {};
    },
  };
}

function fakeTarget(prefix = ''): { target: Target; db: FakeCloudBaseDb; manager: FakeManager } {
  const db = new FakeCloudBaseDb({ sdk: 'node-sdk' });
  const manager = new FakeManager(db);
  const clearCollection = async (name: string): Promise<number> => {
    const table = db.table(name);
    const n = table?.size ?? 0;
    table?.clear();
    return n;
  };
  const store = new CloudBaseStore(db, { sdk: 'node-sdk', prefix });
  const backend = new CloudBaseBackend({ envId: 'env-fake', db, manager, clearCollection, prefix });
  // the fake has no cloud storage; files are not what these tests are about
  const files = new LocalFileStorage(mkdtempSync(path.join(tmpdir(), 'wq-cloudfiles-')));
  return { target: { store, files, backend, label: 'cloudbase (env-fake)', close: () => store.close() }, db, manager };
}

describe('admin setup on CloudBase, over an in-memory fake database and management API', () => {
  it('seal-content: CloudBase offers no storage check, which is said; a store written with seals needs none', async () => {
    const { target } = fakeTarget('');
    expect((await run(target, setup, [])).code).toBe(0);
    const r = await run(target, sealContent, []);
    expect(r.code).toBe(0);
    expect(r.text).toContain('存储自检：云开发数据库由服务自行保证一致，没有可运行的自检，跳过。');
    expect(r.text).toContain('没有需要补记的记录，无改动。');
  });

  it('creates every collection and index, sets every collection to ADMINONLY, writes the settings; the second run changes nothing', async () => {
    const { target, db, manager } = fakeTarget('p_');
    const first = await run(target, setup, []);
    expect(first.code).toBe(0);
    expect(first.text).toContain(`集合：新建 ${COLLECTION_NAMES.length} 个`);
    const indexCount = COLLECTION_NAMES.reduce((n, c) => n + (INDEXES[c]?.length ?? 0), 0);
    expect(first.text).toContain(`索引：新建 ${indexCount} 个`);
    expect(first.text).toContain(`客户端权限：已把 ${COLLECTION_NAMES.length} 个集合设为拒绝`);
    for (const c of COLLECTION_NAMES) {
      expect(db.table(`p_${c}`)).toBeDefined();
      expect(manager.acl.get(`p_${c}`)).toBe(DENY_ACL);
      expect((manager.indexes.get(`p_${c}`) ?? []).map((i) => i.Keys.map((k) => k.Name))).toEqual(INDEXES[c] ?? []);
    }
    expect(await target.store.get('settings', SETTINGS_ID)).toMatchObject({ version: 1, offerTtlDays: 14 });

    manager.calls.length = 0;
    const second = await run(target, setup, []);
    expect(second.text).toContain('集合：已全部存在，无改动');
    expect(second.text).toContain('索引：已全部存在，无改动');
    expect(second.text).toContain('客户端权限：已全部为拒绝，无改动');
    expect(second.text).toContain('setup 完成：一切已就绪，本次没有任何改动。');
    expect(manager.calls.filter((c) => !c.startsWith('DescribeDatabaseACL'))).toEqual([]);
  });

  it('an index made by hand under another name with the same fields counts as present; only a loose ACL is changed', async () => {
    const { target, db, manager } = fakeTarget();
    await db.createCollection('audit');
    manager.indexes.set('audit', [{ Name: 'my_audit_index', Keys: [{ Name: 'record' }, { Name: 'recordId' }, { Name: 'seq' }, { Name: '_id' }] }]);
    for (const c of COLLECTION_NAMES) {
      if (!db.table(c)) await db.createCollection(c);
      manager.acl.set(c, c === 'students' ? 'READONLY' : DENY_ACL);
    }
    const r = await run(target, setup, []);
    expect(r.text).toContain('集合：已全部存在，无改动');
    expect(r.text).not.toContain('audit(record, recordId, seq, _id)');
    expect(manager.indexes.get('audit')).toHaveLength(1);
    expect(r.text).toContain('客户端权限：已把 1 个集合设为拒绝：students');
  });

  it('an environment set up by an earlier release: its indexes without the closing _id are replaced, a hand-made one is kept', async () => {
    // given the indexes an earlier release created, and one an administrator added
    const { target, db, manager } = fakeTarget();
    for (const c of COLLECTION_NAMES) await db.createCollection(c);
    manager.indexes.set('outbox', [
      { Name: 'state_nextAttemptAt', Keys: [{ Name: 'state' }, { Name: 'nextAttemptAt' }] },
      { Name: 'by_hand', Keys: [{ Name: 'to' }] },
    ]);
    // when setup runs
    const r = await run(target, setup, []);
    // then the old one is dropped for its successor ending in _id, and the administrator's stays
    expect(r.text).toContain('索引：删除被新索引取代的旧索引 1 个：outbox(state, nextAttemptAt)');
    expect((manager.indexes.get('outbox') ?? []).map((i) => i.Keys.map((k) => k.Name).join(','))).toEqual(['to', 'state,nextAttemptAt,_id']);
    // and a second run finds nothing to do
    expect((await run(target, setup, [])).text).not.toContain('删除');
  });
});

// ---------------------------------------------------------------------------------------------------------------

const CREDENTIALS = ['TCB_ENV_ID', 'TCB_SECRET_ID', 'TCB_SECRET_KEY'] as const;
const missing = CREDENTIALS.filter((name) => !process.env[name]);

const skipReason = `skipped: set ${missing.join(', ')} to run it against a real (test) environment`;
if (missing.length > 0) {
  console.info(
    `Admin command line not run against a real CloudBase environment (${skipReason}). ` +
      'Only its setup logic over an in-memory fake was tested. No CloudBase SDK was loaded.',
  );
}
const suite = missing.length > 0 ? describe.skip : describe;
const prefix = process.env.TCB_ADMIN_TEST_PREFIX ?? 'admintest_';
const open = (p: string) =>
  openCloudBase({ envId: process.env.TCB_ENV_ID!, secretId: process.env.TCB_SECRET_ID!, secretKey: process.env.TCB_SECRET_KEY!, prefix: p });
const empty = async (t: Target): Promise<void> => {
  await t.backend.provision();
  for (const c of COLLECTION_NAMES) await t.backend.clear(c);
};

suite(`admin command line against a real CloudBase environment (${missing.length > 0 ? skipReason : `collections ${prefix}*, ${prefix}2_*`})`, () => {
  if (missing.length === 0) jest.setTimeout(15 * 60_000);
  let a: Target;
  let b: Target;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wq-admin-cloud-'));
    a = await open(prefix);
    b = await open(`${prefix}2_`);
    await empty(a);
    await empty(b);
  });
  afterAll(async () => {
    await empty(a);
    await empty(b);
    rmSync(dir, { recursive: true, force: true });
  });

  it('setup twice: the second run changes nothing; every collection denies clients', async () => {
    expect((await run(a, setup, [])).code).toBe(0);
    const second = await run(a, setup, []);
    expect(second.code).toBe(0);
    expect(second.text).toContain('setup 完成：一切已就绪，本次没有任何改动。');
  });

  it('settings, invite and a real bind, backup, restore into other collections, verify-audit', async () => {
    const deps = { store: a.store, files: new LocalFileStorage(dir), clock: () => new Date(), newId: () => Math.random().toString(36).slice(2) };
    await empty(a);
    await seedDemo(deps);
    expect((await run(a, settings, ['set', 'offerTtlDays', '21'])).code).toBe(0);
    expect((await run(a, settings, ['get', 'offerTtlDays'])).text).toBe('21');
    const issued = await run(a, invite, ['collegeReviewer', '--college', 'cs']);
    const code = /^ {2}([A-Z0-9]{12})$/m.exec(issued.text)?.[1];
    expect(code).toBeDefined();
    expect(await invoke(bind, deps, { openid: 'cloud-reviewer' }, { action: 'invite', requestId: 'req-cloud-bind-1', code })).toMatchObject({ ok: true });
    expect(await invoke(bind, deps, { openid: 'cloud-other' }, { action: 'invite', requestId: 'req-cloud-bind-2', code })).toMatchObject({ ok: false, code: 'INVITE_INVALID' });

    const file = path.join(dir, 'cloud.jsonl.gz');
    expect((await run(a, backup, ['--out', file])).code).toBe(0);
    const restored = await run(b, restore, [file, '--force']);
    expect(restored.text).toContain('各集合文档数与备份一致');
    for (const c of COLLECTION_NAMES) expect(await b.store.count(c)).toBe(await a.store.count(c));
    expect((await run(b, verifyAudit, [])).code).toBe(0);
  });
});
