/**
 * Every audit entry seals its record's content after the change, so verifyAudit notices an edit of any field made
 * in the store behind the log's back (version, state and audit head left as they were), names the field, and reads
 * every attached file again.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalJson } from '../../server/domain/audit';
import type { AuditedRecord, CollectionName, Tracked } from '../../server/domain/types';
import { COLLECTION, verifyAudit } from '../../server/app/verifyAudit';
import { initiationDraft, signedDemoAgreement, terminate, TERMS } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { employerConfirm } from '../../server/usecases/employerConfirm';
import { employerOffer } from '../../server/usecases/employerOffer';
import { initiateSigning } from '../../server/usecases/initiateSigning';

/** Replaces a stored document's body as a raw SQL edit would: same id, same version, same audit head. */
function editInPlace(sys: TestSystem, collection: CollectionName, doc: Tracked): void {
  (sys.store as unknown as { db: { prepare(sql: string): { run(...a: unknown[]): unknown } } }).db
    .prepare(`UPDATE "${collection}" SET body = ? WHERE id = ?`)
    .run(JSON.stringify(doc), doc._id);
}

/**
 * A system in which every kind of audited record exists: the demo school, a signed agreement and a terminated one,
 * then (the unit's confirmation on) a student-initiated agreement with its confirmation link, and an offer template.
 */
async function everyRecordKind(): Promise<TestSystem> {
  const sys = await makeSystem({ settings: { employerConfirmation: true } });
  const terminated = await terminate(sys, await signedDemoAgreement(sys));
  const student = (await sys.store.get('students', terminated.studentNo))!.openid!;
  const proof = await sys.upload(student, 'offer-letter-again.jpg');
  const initiated = await sys.ok(initiateSigning, student, { action: 'submit', requestId: rid(), version: 0, draft: initiationDraft([proof]) });
  await sys.ok(employerConfirm, student, { action: 'issueLink', requestId: rid(), agreementId: initiated.id });
  await sys.ok(employerOffer, DEMO_OPENIDS.employer, { action: 'saveTemplate', requestId: rid(), version: 0, name: '校招开发岗', terms: TERMS });
  return sys;
}

describe('verifyAudit: a record’s content against the seal of its last entry', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await everyRecordKind();
  });
  afterEach(() => sys.close());

  it('given real use, every record of every audited kind matches its seal and every attached file its hash', async () => {
    const report = await verifyAudit(sys.store, { files: sys.files });
    expect(report.broken).toEqual([]);
    expect(report.files).toBeGreaterThan(0);
    for (const collection of Object.values(COLLECTION)) expect((await sys.all(collection)).length).toBeGreaterThan(0);
  });

  it('when a terminated agreement’s salary is raised in the store, the record and the field are named', async () => {
    const a = (await sys.all('agreements'))[0]!;
    editInPlace(sys, 'agreements', { ...a, content: { ...a.content, job: { ...a.content.job, monthlySalary: 99_000 } } } as Tracked);
    const report = await verifyAudit(sys.store);
    expect(report.broken).toEqual([
      { record: 'agreement', recordId: a._id, seq: a.version, problem: 'content', fields: ['content.job.monthlySalary'] },
    ]);
  });

  it.each(Object.entries(COLLECTION) as [AuditedRecord, CollectionName][])(
    '%s: an edit of one of its fields is reported with that field',
    async (record, collection) => {
      const doc = (await sys.all(collection))[0] as unknown as Tracked & Record<string, unknown>;
      const field = Object.keys(doc).find((k) => typeof doc[k] === 'string' && !['_id', 'auditHead', 'state', 'createdAt', 'updatedAt'].includes(k))!;
      editInPlace(sys, collection, { ...doc, [field]: `${String(doc[field])}改` });
      const report = await verifyAudit(sys.store);
      expect(report.broken).toEqual([{ record, recordId: doc._id, seq: doc.version, problem: 'content', fields: [field] }]);
    },
  );

  it('a field added behind the log is named', async () => {
    const student = (await sys.all('students'))[0]!;
    editInPlace(sys, 'students', { ...student, note: '后加的' } as Tracked);
    expect((await verifyAudit(sys.store)).broken).toEqual([
      { record: 'student', recordId: student._id, seq: student.version, problem: 'content', fields: ['note'] },
    ]);
  });

  it('fields removed behind the log are counted', async () => {
    const student = (await sys.all('students'))[0]!;
    const { gender: _gender, major: _major, ...rest } = student;
    editInPlace(sys, 'students', rest as Tracked);
    expect((await verifyAudit(sys.store)).broken).toEqual([
      { record: 'student', recordId: student._id, seq: student.version, problem: 'content', fields: [], removedFields: 2 },
    ]);
  });

  it('an edit that puts the sealed value back is no longer reported', async () => {
    const employer = (await sys.all('employers'))[0]!;
    editInPlace(sys, 'employers', { ...employer, name: '别的公司' } as Tracked);
    expect((await verifyAudit(sys.store)).broken).toHaveLength(1);
    editInPlace(sys, 'employers', employer);
    expect((await verifyAudit(sys.store)).broken).toEqual([]);
  });

  it('the seal covers the whole record but its audit head: the same record with keys in another order still matches', async () => {
    const user = (await sys.all('users'))[0]!;
    const reordered = JSON.parse(canonicalJson(user)) as Tracked;
    editInPlace(sys, 'users', Object.fromEntries(Object.entries(reordered).reverse()) as Tracked);
    expect((await verifyAudit(sys.store)).broken).toEqual([]);
  });
});

describe('verifyAudit: attached files against the hashes their entries hold', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await everyRecordKind();
  });
  afterEach(() => sys.close());

  const evidence = async (): Promise<{ fileId: string; file: string; termination: Tracked }> => {
    const termination = (await sys.all('terminations'))[0]!;
    const fileId = termination.evidence[0]!.fileId;
    return { fileId, file: path.join(filesRoot(sys), sys.files.pathOf(fileId)!), termination };
  };

  it('a letter whose bytes were replaced is named, with its record and entry', async () => {
    const { fileId, file, termination } = await evidence();
    writeFileSync(file, Buffer.from('换过的内容'));
    const report = await verifyAudit(sys.store, { files: sys.files });
    expect(report.broken).toEqual([{ record: 'termination', recordId: termination._id, seq: 1, problem: 'file', fileId }]);
  });

  it('a letter that is gone is named', async () => {
    const { fileId, file } = await evidence();
    rmSync(file);
    const report = await verifyAudit(sys.store, { files: sys.files });
    expect(report.broken).toMatchObject([{ record: 'termination', problem: 'file', fileId }]);
  });

  it('without file storage the files are not read', async () => {
    const { file } = await evidence();
    rmSync(file);
    const report = await verifyAudit(sys.store);
    expect(report).toMatchObject({ files: 0, broken: [] });
  });
});

/** The folder the harness's LocalFileStorage writes to. */
const filesRoot = (sys: TestSystem): string => (sys.files as unknown as { root: string }).root;

describe('verifyAudit: a chain whose record is gone', () => {
  it('given a signed agreement deleted from the store, its chain is reported as having lost its record', async () => {
    const sys = await makeSystem();
    try {
      const a = await signedDemoAgreement(sys);
      (sys.store as unknown as { db: { prepare(sql: string): { run(...a: unknown[]): unknown } } }).db
        .prepare('DELETE FROM "agreements" WHERE id = ?')
        .run(a._id);
      expect((await verifyAudit(sys.store)).broken).toEqual([{ record: 'agreement', recordId: a._id, seq: a.version, problem: 'missing' }]);
    } finally {
      await sys.close();
    }
  });
});
