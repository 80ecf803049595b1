/**
 * The student's drawn 签名 (setting studentSignature), through the handler: required on 应约 and on 发起签约's 提交
 * when the school asks for it, checked to be the pad's PNG, stored with its hash in the audit entry of the act it
 * signs, shown on the agreement, printed in the 乙方 block. With the setting off (the manual's flow) it is neither
 * asked for nor read.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { printAgreement, printRecord } from '../../server/usecases/printAgreement';
import { query } from '../../server/usecases/query';
import { respondOffer } from '../../server/usecases/respondOffer';
import { sha256, verifyChain } from '../../server/domain/audit';
import { SIGNATURE_LIMITS, SIGNATURE_WORDS } from '../../server/domain/signature';
import type { AgreementDoc, CollectionName, SettingsDoc } from '../../server/domain/types';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { loadSettings, SETTINGS_ID } from '../../server/app/settings';
import * as render from '../../server/print/render';
import type { AgreementView, OfferScreen, Result } from '../../typings';
import { approve, initiationDraft } from '../support/agreements';
import { jpegBytes, pngBytes } from '../support/files';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { rasterise } from '../support/pdf';
import { signaturePng, withDeclaredSize } from '../support/signature';

const ZHANG = DEMO_OPENIDS.student;
const LI = DEMO_OPENIDS.student2;
const OFFER = 'offer-demo-1';
const COLLECTIONS: CollectionName[] = ['agreements', 'students', 'counters', 'offers', 'audit', 'outbox'];
const dump = async (sys: TestSystem): Promise<string> => JSON.stringify(await Promise.all(COLLECTIONS.map((c) => sys.all(c))));

const accept = (sys: TestSystem, signatureFile?: string) =>
  sys.call(respondOffer, ZHANG, { action: 'accept', requestId: rid(), offerId: OFFER, version: 1, ...(signatureFile ? { signatureFile } : {}) });

/** a refusal that names the 签名 field, in Chinese */
const namingSignature = (code: string, message: string) => ({
  ok: false,
  code,
  message,
  issues: [{ path: 'signatureFile', message }],
});

const png = (width: number, height: number, fill: number): Buffer => {
  const p = new PNG({ width, height });
  p.data.fill(fill);
  return PNG.sync.write(p);
};

/** What pdfimages lists of a PDF: one row per image (page, width, height, colour). */
function pdfImages(bytes: Buffer): { page: number; width: number; height: number; color: string }[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'wq-sig-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    writeFileSync(file, bytes);
    return execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' })
      .split('\n')
      .slice(2)
      .filter((l) => l.trim())
      .map((l) => l.trim().split(/\s+/))
      .map((c) => ({ page: Number(c[0]), width: Number(c[3]), height: Number(c[4]), color: c[5]! }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('签名 on: 应约', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem({ settings: { studentSignature: true } });
  });
  afterEach(() => sys.close());

  it('the offer page is told to ask for it, with the folder to upload into; the unit is not', async () => {
    const asStudent = (await sys.ok(query, ZHANG, { view: 'offer', id: OFFER })) as OfferScreen;
    expect(asStudent.signature).toEqual({ uploadFolder: expect.stringMatching(/^uploads\/[0-9a-f]{32}\/$/) });
    const asUnit = (await sys.ok(query, DEMO_OPENIDS.employer, { view: 'offer', id: OFFER })) as OfferScreen;
    expect(asUnit.signature).toBeUndefined();
  });

  it('应约 without it is refused naming 签名, and nothing is written', async () => {
    const before = await dump(sys);
    expect(await accept(sys)).toEqual(namingSignature('INVALID_INPUT', SIGNATURE_WORDS.missing));
    expect(await dump(sys)).toBe(before);
  });

  it('应约 with it: stored on the agreement with its SHA-256, sealed in the createFromOffer entry, shown with its time', async () => {
    const bytes = signaturePng();
    const file = await sys.upload(ZHANG, 'signature.png', bytes);
    const answer = await accept(sys, file);
    expect(answer).toMatchObject({ ok: true, data: { record: 'agreement', state: 'pendingCollege' } });
    const id = (answer as { data: { id: string } }).data.id;

    const agreement = (await sys.store.get('agreements', id))!;
    expect(agreement.studentSignature).toEqual({ fileId: file, sha256: sha256(bytes) });
    const audit = await sys.auditOf('agreement', id);
    expect(audit.map((e) => [e.action, e.attachments])).toEqual([['createFromOffer', [{ fileId: file, sha256: sha256(bytes) }]]]);
    expect(verifyChain(audit, agreement.auditHead)).toBeNull();

    const view = (await sys.ok(query, ZHANG, { view: 'agreement', id })) as AgreementView;
    expect(view.studentSignature).toEqual({ signedAt: sys.deps.clock().toISOString() });
    // the unit sees that the student signed, not the file (its timeline names no file)
    const asUnit = (await sys.ok(query, DEMO_OPENIDS.employer, { view: 'agreement', id })) as AgreementView;
    expect(asUnit.studentSignature).toEqual({ signedAt: sys.deps.clock().toISOString() });
    expect(asUnit.timeline.some((e) => e.attachments)).toBe(false);
  });

  it.each([
    ['a JPEG', () => jpegBytes('photo'), SIGNATURE_WORDS.notPng],
    ['a file over the size limit', () => Buffer.concat([signaturePng(), Buffer.alloc(SIGNATURE_LIMITS.maxBytes)]), SIGNATURE_WORDS.tooLarge],
    ['a 1×1 PNG', () => pngBytes('tiny'), SIGNATURE_WORDS.size],
    ['a PNG larger than a pad', () => withDeclaredSize(signaturePng(), 2400, 900), SIGNATURE_WORDS.size],
    ['a blank pad', () => png(800, 320, 0), SIGNATURE_WORDS.blank],
    ['a white pad with one dot', () => signaturePng([[[400, 160]]], { width: 800, height: 320 }, 'white'), SIGNATURE_WORDS.blank],
    ['a PNG header on broken data', () => Buffer.concat([signaturePng().subarray(0, 33), Buffer.alloc(200, 7)]), SIGNATURE_WORDS.unreadable],
  ])('%s is refused naming 签名, nothing written', async (_what, bytes, message) => {
    const file = await sys.upload(ZHANG, 'signature.png', bytes());
    const before = await dump(sys);
    expect(await accept(sys, file)).toEqual(namingSignature('INVALID_INPUT', message));
    expect(await dump(sys)).toBe(before);
  });

  it('a signature from another student’s folder is refused naming 签名', async () => {
    const theirs = await sys.upload(LI, 'signature.png', signaturePng());
    const before = await dump(sys);
    expect(await accept(sys, theirs)).toEqual(namingSignature('FILE_NOT_OWNED', SIGNATURE_WORDS.notOwned));
    expect(await dump(sys)).toBe(before);
  });

  it('a signature drawn on white (another pad) is taken as well', async () => {
    const file = await sys.upload(ZHANG, 'signature.png', signaturePng(undefined, undefined, 'white'));
    expect(await accept(sys, file)).toMatchObject({ ok: true });
  });

  it('turned off since this instance read the settings: 应约 without it goes through on a fresh read', async () => {
    await sys.ok(query, ZHANG, { view: 'offer', id: OFFER });
    // refused on the held copy, and on the fresh read that confirms it: still on
    expect(await accept(sys)).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const s = (await sys.store.get('settings', SETTINGS_ID))!;
    await sys.store.put('settings', { ...s, studentSignature: false, version: s.version + 1 } as SettingsDoc, s.version);
    const answer = await accept(sys);
    expect(answer).toMatchObject({ ok: true });
    const agreement = (await sys.store.get('agreements', (answer as { data: { id: string } }).data.id))!;
    expect(agreement.studentSignature).toBeUndefined();
  });
});

describe('签名 on: 发起签约', () => {
  let sys: TestSystem;
  let proof: string;
  beforeEach(async () => {
    sys = await makeSystem({ settings: { studentSignature: true } });
    proof = await sys.upload(ZHANG, 'offer-letter.jpg');
  });
  afterEach(() => sys.close());

  it('保存 needs none; 提交 without it is refused naming 签名 and writes nothing', async () => {
    const saved = await sys.ok(initiateSigning, ZHANG, { action: 'save', requestId: rid(), version: 0, draft: initiationDraft([proof]) });
    const before = await dump(sys);
    const answer = await sys.call(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), agreementId: saved.id, version: 1, draft: initiationDraft([proof]) });
    expect(answer).toEqual(namingSignature('INVALID_INPUT', SIGNATURE_WORDS.missing));
    expect(await dump(sys)).toBe(before);
  });

  it('提交 with it: stored, its hash in the submit entry beside the proof’s', async () => {
    const bytes = signaturePng();
    const file = await sys.upload(ZHANG, 'signature.png', bytes);
    const done = await sys.ok(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: initiationDraft([proof]), signatureFile: file });
    const agreement = (await sys.store.get('agreements', done.id))!;
    const signature = { fileId: file, sha256: sha256(bytes) };
    expect(agreement.studentSignature).toEqual(signature);
    const [entry] = await sys.auditOf('agreement', done.id);
    expect(entry!.attachments).toEqual([{ fileId: proof, sha256: sha256((await sys.files.read(proof))!) }, signature]);
  });

  it('a non-PNG is refused naming 签名, nothing written', async () => {
    const file = await sys.upload(ZHANG, 'signature.jpg', jpegBytes('not a pad'));
    const before = await dump(sys);
    const answer = await sys.call(initiateSigning, ZHANG, { action: 'submit', requestId: rid(), version: 0, draft: initiationDraft([proof]), signatureFile: file });
    expect(answer).toEqual(namingSignature('INVALID_INPUT', SIGNATURE_WORDS.notPng));
    expect(await dump(sys)).toBe(before);
  });
});

describe('签名 off (the manual’s flow)', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  it('is not asked for: the offer view has no signature, home’s settings do not mention it', async () => {
    expect(((await sys.ok(query, ZHANG, { view: 'offer', id: OFFER })) as OfferScreen).signature).toBeUndefined();
    expect((await loadSettings(sys.store)).studentSignature).toBe(false);
  });

  it('a signatureFile sent anyway is not read: no signature stored, no attachment in the entry', async () => {
    const file = await sys.upload(ZHANG, 'not-a-signature.jpg', jpegBytes('x'));
    const answer = (await accept(sys, file)) as Result<{ id: string }>;
    expect(answer.ok).toBe(true);
    const id = answer.ok ? answer.data.id : '';
    expect((await sys.store.get('agreements', id))!.studentSignature).toBeUndefined();
    expect((await sys.auditOf('agreement', id))[0]!.attachments).toBeUndefined();
    expect(((await sys.ok(query, ZHANG, { view: 'agreement', id })) as AgreementView).studentSignature).toBeUndefined();
  });
});

describe('签名 in the printed 乙方 block', () => {
  let sys: TestSystem;
  let signed: AgreementDoc;
  let pdf: Buffer;
  beforeAll(async () => {
    sys = await makeSystem({ settings: { studentSignature: true } });
    const file = await sys.upload(ZHANG, 'signature.png', signaturePng());
    const answer = (await accept(sys, file)) as Result<{ id: string }>;
    if (!answer.ok) throw new Error(answer.message);
    signed = await approve(sys, (await sys.store.get('agreements', answer.data.id))!);
    const printed = await sys.ok(printAgreement, ZHANG, { agreementId: signed._id });
    pdf = (await sys.files.read(printed.fileId))!;
  });
  afterAll(() => sys.close());

  it('carries the signature as a greyscale image on page 3 besides the QR codes', () => {
    const images = pdfImages(pdf);
    const qr = images.filter((i) => i.width === i.height);
    expect(qr.map((i) => i.page)).toEqual([1, 2, 3, 4]);
    const drawn = images.filter((i) => i.width !== i.height);
    // cropped to the ink: 张三's strokes (597×229 of the 800×320 pad) with a margin of 8 px
    expect(drawn).toEqual([{ page: 3, width: 613, height: 245, color: 'gray' }]);
  });

  it('draws it under 毕业生（签字）： in the 乙方 box, where an unsigned copy leaves the line blank', async () => {
    // the 乙方 box below its 毕业生（签字）： line and above its date, on the signed print and on one without the signature
    const area = { x: 0.38, y: 0.255, w: 0.24, h: 0.055 };
    const dark = (bytes: Buffer) => {
      const page = rasterise(bytes, 3, 100, area);
      let n = 0;
      for (let i = 0; i < page.data.length; i += 4) if (page.data[i]! < 100) n++;
      return n;
    };
    const unsigned = await render.renderAgreementPdf({ ...signed, agreementNo: signed.agreementNo!, signedAt: signed.signedAt! }, await loadSettings(sys.store), await printRecord(sys.store, signed));
    expect({ signed: dark(pdf) > 300, unsigned: dark(unsigned.bytes) }).toEqual({ signed: true, unsigned: 0 });
  });

  it('prints the same bytes run after run', async () => {
    const record = { ...(await printRecord(sys.store, signed)), signature: (await sys.files.read(signed.studentSignature!.fileId))! };
    const input = { ...signed, agreementNo: signed.agreementNo!, signedAt: signed.signedAt! };
    const settings = await loadSettings(sys.store);
    const [a, b] = [await render.renderAgreementPdf(input, settings, record), await render.renderAgreementPdf(input, settings, record)];
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(a.bytes.equals(pdf)).toBe(true);
  });

  it('a stored file that no longer matches its hash is not printed: the line is left for the pen', async () => {
    await sys.files.write(sys.files.pathOf(signed.studentSignature!.fileId)!, signaturePng([[[100, 100], [700, 200]]]));
    const record = await printRecord(sys.store, signed);
    const { storedSignature } = await import('../../server/usecases/printAgreement');
    expect(await storedSignature(sys.deps, signed)).toBeNull();
    const plain = await render.renderAgreementPdf({ ...signed, agreementNo: signed.agreementNo!, signedAt: signed.signedAt! }, await loadSettings(sys.store), record);
    expect(pdfImages(plain.bytes).every((i) => i.width === i.height)).toBe(true);
  });
});
