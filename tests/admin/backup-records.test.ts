/**
 * backup → restore → verify-audit over a store that holds every audited record in several states (everyRecord.ts):
 * the restored store verifies, holds the same documents byte for byte (canonical JSON) and the same counts, and a
 * backup edited by hand is refused at restore or reported by verify-audit. A backup carries the database only: the
 * uploaded files it names (with their SHA-256) are copied with the files folder.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { backup } from '../../admin/commands/backup';
import { restore } from '../../admin/commands/restore';
import { verifyAudit as verifyAuditCommand } from '../../admin/commands/verifyAudit';
import { COLLECTION, verifyAudit } from '../../server/app/verifyAudit';
import { canonicalJson, sha256 } from '../../server/domain/audit';
import type { Attachment } from '../../typings';
import type { CollectionName } from '../../server/domain/types';
import { COLLECTION_NAMES } from '../../server/store/port';
import { buildEveryRecord, type EveryRecord } from './everyRecord';
import { adminWorld, type AdminWorld } from './support';

/** Each collection's documents as canonical JSON, in id order. */
async function canonical(world: AdminWorld): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const c of COLLECTION_NAMES) out[c] = (await world.all(c)).map(canonicalJson);
  return out;
}

const statesOf = async (world: AdminWorld, c: CollectionName): Promise<string[]> =>
  [...new Set((await world.all(c)).map((d) => String((d as { state?: string }).state)))].sort();

/** The backup's lines with one document changed by `edit`, written as a new gzip file. */
function editBackup(file: string, collection: CollectionName, id: string, edit: (doc: Record<string, unknown>) => void): string {
  let found = false;
  const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n').map((line, i) => {
    if (i === 0) return line;
    const entry = JSON.parse(line) as { c: string; d: Record<string, unknown> };
    if (entry.c !== collection || entry.d._id !== id) return line;
    found = true;
    edit(entry.d);
    return JSON.stringify(entry);
  });
  if (!found) throw new Error(`${collection}/${id} is not in the backup`);
  const edited = file.replace(/\.jsonl\.gz$/, `-edited-${collection}.jsonl.gz`);
  writeFileSync(edited, gzipSync(`${lines.join('\n')}\n`));
  return edited;
}

describe('backup → restore → verify-audit, every audited record in several states', () => {
  let source: AdminWorld;
  let target: AdminWorld;
  let built: EveryRecord;
  let file: string;

  // the source is only read: built and backed up once; each test restores into a new, empty store
  beforeAll(async () => {
    source = await adminWorld();
    built = await buildEveryRecord(source);
    file = path.join(source.dir, 'every-record.jsonl.gz');
    expect((await source.run(backup, ['--out', file])).code).toBe(0);
  });
  afterAll(() => source.close());
  beforeEach(async () => {
    target = await adminWorld({ seed: false });
  });
  afterEach(() => target?.close());

  /** Restores `backupFile` into the target, then runs verify-audit if restore took it: what came of it. */
  async function restoreAndVerify(backupFile: string): Promise<string> {
    const restored = await target.run(restore, [backupFile]);
    if (restored.code !== 0) return `restore refused: ${restored.text}`;
    // the backup holds documents; the files stay in the source's storage
    const verified = await target.run(verifyAuditCommand, ['--skip-files']);
    return `verify-audit exit ${verified.code}: ${verified.text}`;
  }
  /** refused at restore, or reported by verify-audit (exit 1), naming the record */
  const refusedOrReported = (recordId: string): RegExp => new RegExp(`^(restore refused|verify-audit exit 1): [\\s\\S]*agreement/${recordId}`);

  it('given: the source holds every audited record type in several states, and its chains verify', async () => {
    expect(await statesOf(source, 'checks')).toEqual(['approved', 'draft', 'returned', 'submitted']);
    expect(await statesOf(source, 'offers')).toEqual(['accepted', 'declined', 'expired', 'open', 'superseded', 'withdrawn']);
    expect(await statesOf(source, 'agreements')).toEqual(['cancelled', 'draft', 'pendingCollege', 'pendingSchool', 'returned', 'signed', 'terminated']);
    expect(await statesOf(source, 'terminations')).toEqual(['approved', 'refused', 'rejected', 'withdrawn']);
    expect(await statesOf(source, 'employers')).toEqual(['certified', 'registered', 'rejected']);
    expect([...new Set((await source.all('users')).map((u) => u.role))].sort()).toEqual(['collegeReviewer', 'employer', 'schoolReviewer', 'student']);
    expect([...new Set((await source.all('students')).map((s) => s.openid !== null))].sort()).toEqual([false, true]);
    expect([...new Set((await source.all('invites')).map((i) => i.usedBy !== null))].sort()).toEqual([false, true]);
    expect((await source.all('checks')).map((c) => c.kind).sort()).toContain('employment');
    expect((await source.all('settings'))[0]!.version).toBeGreaterThan(1);
    expect((await source.all('agreements')).filter((a) => a.origin === 'student' && a.proofFiles.length > 0)).not.toEqual([]);
    expect(built.signed.state).toBe('signed');
    for (const collection of Object.values(COLLECTION)) expect(await source.sys.store.count(collection)).toBeGreaterThan(0);
    expect(await verifyAudit(source.sys.store)).toMatchObject({ broken: [] });
  });

  it('restored into an empty store: no broken chain, every document the same canonical JSON, the same counts', async () => {
    const restored = await target.run(restore, [file]);
    expect(restored.code).toBe(0);
    expect(restored.lines.at(-1)).toContain('各集合文档数与备份一致');

    // the uploaded files travel beside the backup: copied, verify-audit reads every one against its entry
    cpSync(path.join(source.dataDir, 'files'), path.join(target.dataDir, 'files'), { recursive: true });
    const verified = await target.run(verifyAuditCommand, []);
    expect(verified.code).toBe(0);
    expect(verified.text).toMatch(/已重新核对 [1-9]\d* 个附件的 SHA-256。/);
    expect(await verifyAudit(target.sys.store)).toEqual(await verifyAudit(source.sys.store));
    for (const c of COLLECTION_NAMES) expect([c, await target.sys.store.count(c)]).toEqual([c, await source.sys.store.count(c)]);
    expect(await canonical(target)).toEqual(await canonical(source));
  });

  it('the backup names each uploaded file with its SHA-256 but does not carry it: the files folder, copied beside it, matches', async () => {
    expect((await target.run(restore, [file])).code).toBe(0);
    const attachments: Attachment[] = [
      ...(await target.all('agreements')).flatMap((a) => a.proofFiles),
      ...(await target.all('terminations')).flatMap((t) => t.evidence),
      ...(await target.all('audit')).flatMap((e) => e.attachments ?? []),
    ];
    expect(attachments.length).toBeGreaterThanOrEqual(5);
    for (const a of attachments) expect(await target.sys.files.read(a.fileId)).toBeNull();

    cpSync(path.join(source.dataDir, 'files'), path.join(target.dataDir, 'files'), { recursive: true });
    for (const a of attachments) {
      const bytes = await target.sys.files.read(a.fileId);
      expect([a.fileId, bytes && sha256(bytes)]).toEqual([a.fileId, a.sha256]);
    }
  });

  it("a signed agreement's state edited in the backup: refused at restore, or reported by verify-audit", async () => {
    const edited = editBackup(file, 'agreements', built.signed._id, (d) => {
      d.state = 'pendingSchool';
    });
    expect(await restoreAndVerify(edited)).toMatch(refusedOrReported(built.signed._id));
  });

  it("an audit entry of the signed agreement edited in the backup (a reason added to the college's approval): reported", async () => {
    const [, second] = await source.sys.auditOf('agreement', built.signed._id);
    const edited = editBackup(file, 'audit', second!._id, (d) => {
      d.reason = '同意';
    });
    expect(await restoreAndVerify(edited)).toMatch(refusedOrReported(built.signed._id));
  });

  it("a signed agreement's monthly salary edited in the backup, state and version kept: verify-audit names the field", async () => {
    const edited = editBackup(file, 'agreements', built.signed._id, (d) => {
      const content = d.content as { job: { monthlySalary: number } };
      content.job.monthlySalary += 5000;
    });
    const answer = await restoreAndVerify(edited);
    expect(answer).toMatch(refusedOrReported(built.signed._id));
    expect(answer).toContain('改动的字段：content.job.monthlySalary');
  });
});
