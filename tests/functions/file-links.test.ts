/**
 * Download links for attached files: a view hands one per file, made for the caller only after the reader let them
 * see the record; the local storage signs them (path + expiry, an hour) and opens nothing else.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { query } from '../../server/usecases/query';
import { requestTermination } from '../../server/usecases/requestTermination';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { LocalFileStorage } from '../../server/storage/local';
import type { FileView, QueryResults } from '../../typings';
import { signedDemoAgreement, initiationDraft } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';

const S = DEMO_OPENIDS;
const HOUR = 3_600_000;

const draft = initiationDraft;

/** the query part of a link, and the storage path it is for */
const partsOf = (url: string) => {
  const u = new URL(url);
  return { path: decodeURIComponent(u.pathname.slice('/files/'.length)), expires: u.searchParams.get('expires'), sign: u.searchParams.get('sign') };
};

describe('download links in views', () => {
  let sys: TestSystem;
  let dir: string;
  let linking: jest.SpyInstance;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wq-links-'));
    sys = await makeSystem({ filesDir: dir });
    linking = jest.spyOn(sys.files, 'temporaryUrls');
  });
  afterEach(async () => {
    await sys.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let proof: string;
  let agreementId: string;
  /** given 张三's submitted agreement with one proof (college cs) */
  async function submitted(): Promise<void> {
    proof = await sys.upload(S.student, 'offer-letter.jpg');
    agreementId = (await sys.ok(initiateSigning, S.student, { action: 'submit', requestId: rid(), version: 0, draft: draft([proof]) })).id;
    linking.mockClear();
  }

  const agreementAs = async (openid: string) => (await sys.ok(query, openid, { view: 'agreement', id: agreementId })) as QueryResults['agreement'];

  it('the student and the reviewers in scope each get a signed link that opens the proof for an hour', async () => {
    await submitted();
    for (const openid of [S.student, S.collegeReviewer, S.schoolReviewer]) {
      const [file] = (await agreementAs(openid)).proofFiles as [FileView];
      expect([openid, file.fileId]).toEqual([openid, proof]);
      expect(file.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:0/files/${sys.files.pathOf(proof)}\\?expires=\\d+&sign=[0-9a-f]{64}$`));
      const link = partsOf(file.url!);
      expect(Number(link.expires)).toBe(sys.deps.clock().getTime() / 1000 + 3600);
      expect(sys.files.checkLink(link.path, link.expires, link.sign)).toBe('ok');
    }
    const detail = (await sys.ok(query, S.collegeReviewer, { view: 'reviewDetail', record: 'agreement', id: agreementId })) as QueryResults['reviewDetail'];
    expect(detail.agreement!.proofFiles[0]!.url).toEqual(expect.any(String));
  });

  it('the unit named on the agreement reads its terms but not the student\'s proof: told how many, no file named, no link made', async () => {
    await submitted();
    const seen = await agreementAs(S.employer);
    expect(seen.content.student.studentNo).toBe('2026010101');
    expect(seen.proofFiles).toEqual([]);
    expect(seen.proofsWithheld).toBe(1);
    expect(JSON.stringify(seen)).not.toContain(proof);
    expect(linking.mock.calls.flatMap(([ids]) => ids as string[])).not.toContain(proof);
    // the student still sees their own, without the count meant for the unit
    const own = await agreementAs(S.student);
    expect(own.proofFiles.map((f) => f.fileId)).toEqual([proof]);
    expect(own).not.toHaveProperty('proofsWithheld');
  });

  it('a reviewer of another college, another student and a stranger get no link: none is even made', async () => {
    await submitted();
    const refused = [
      [S.collegeReviewerEm, { view: 'agreement', id: agreementId }, 'FORBIDDEN'],
      [S.collegeReviewerEm, { view: 'reviewDetail', record: 'agreement', id: agreementId }, 'FORBIDDEN'],
      [S.student2, { view: 'agreement', id: agreementId }, 'NOT_FOUND'],
      ['stranger', { view: 'agreement', id: agreementId }, 'NOT_BOUND'],
    ] as const;
    for (const [openid, event, code] of refused) {
      const answer = await sys.call(query, openid, event);
      expect([openid, event.view, answer]).toEqual([openid, event.view, { ok: false, code, message: expect.any(String) }]);
      expect(JSON.stringify(answer)).not.toContain('/files/');
    }
    expect(linking).not.toHaveBeenCalled();
  });

  it('a link expires after an hour, and does not open another file or a later expiry', async () => {
    await submitted();
    const other = await sys.upload(S.student, 'other.jpg');
    const link = partsOf((await agreementAs(S.student)).proofFiles[0]!.url!);
    // another path, or a later expiry, under the same signature
    expect(sys.files.checkLink(sys.files.pathOf(other)!, link.expires, link.sign)).toBe('invalid');
    expect(sys.files.checkLink(link.path, String(Number(link.expires) + 3600), link.sign)).toBe('invalid');
    // one hex digit changed, cut short, or none at all
    const flipped = `${link.sign!.slice(0, -1)}${link.sign!.endsWith('0') ? '1' : '0'}`;
    expect(sys.files.checkLink(link.path, link.expires, flipped)).toBe('invalid');
    expect(sys.files.checkLink(link.path, link.expires, link.sign!.slice(0, 32))).toBe('invalid');
    expect(sys.files.checkLink(link.path, null, null)).toBe('invalid');
    // another storage's key (another runtime, or one restarted with a new key) does not open it
    expect(new LocalFileStorage('/nonexistent', '', { clock: sys.deps.clock }).checkLink(link.path, link.expires, link.sign)).toBe('invalid');

    sys.advance(HOUR);
    expect(sys.files.checkLink(link.path, link.expires, link.sign)).toBe('ok');
    sys.advance(1000);
    expect(sys.files.checkLink(link.path, link.expires, link.sign)).toBe('expired');
    // a reload hands a fresh one
    const fresh = partsOf((await agreementAs(S.student)).proofFiles[0]!.url!);
    expect(sys.files.checkLink(fresh.path, fresh.expires, fresh.sign)).toBe('ok');
  });

  it('termination evidence: linked for the student and the school, in one storage call per view', async () => {
    const signed = await signedDemoAgreement(sys);
    const letter = await sys.upload(S.student, 'termination-letter.png');
    await sys.ok(requestTermination, S.student, { action: 'submit', requestId: rid(), agreementId: signed._id, explanation: '已收到另一家单位的录用通知', evidenceFiles: [letter] });
    const termination = (await sys.all('terminations'))[0]!;
    linking.mockClear();

    const own = (await sys.ok(query, S.student, { view: 'termination', agreementId: signed._id })) as QueryResults['termination'];
    expect(own.evidence).toEqual([{ fileId: letter, sha256: expect.any(String), url: expect.stringContaining(`/files/${sys.files.pathOf(letter)}?expires=`) }]);
    const detail = (await sys.ok(query, S.schoolReviewer, { view: 'reviewDetail', record: 'termination', id: termination._id })) as QueryResults['reviewDetail'];
    expect(detail.termination!.evidence[0]!.url).toEqual(expect.stringContaining('&sign='));
    const form = (await sys.ok(query, S.student, { view: 'terminationForm', agreementId: signed._id })) as QueryResults['terminationForm'];
    expect(form.agreement.terminations[0]!.evidence[0]!.url).toEqual(expect.stringContaining('&sign='));
    // the termination view, the detail's termination and its agreement, the form: four views, four calls
    expect(linking).toHaveBeenCalledTimes(4);

    linking.mockClear();
    expect(await sys.call(query, S.collegeReviewerEm, { view: 'reviewDetail', record: 'termination', id: termination._id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await sys.call(query, S.employer, { view: 'termination', agreementId: signed._id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(linking).not.toHaveBeenCalled();
  });

  it('a file gone from storage has no link, and a storage that fails leaves the view readable without links', async () => {
    await submitted();
    rmSync(path.join(dir, sys.files.pathOf(proof)!));
    expect((await agreementAs(S.student)).proofFiles).toEqual([{ fileId: proof, sha256: expect.any(String), url: null }]);

    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    linking.mockRejectedValueOnce(new Error('storage unreachable'));
    try {
      expect((await agreementAs(S.collegeReviewer)).proofFiles).toEqual([{ fileId: proof, sha256: expect.any(String), url: null }]);
      expect(errors).toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });
});
