import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { printAgreement, printKey, printRecord } from '../../server/usecases/printAgreement';
import { printPath, verificationCode, verifyPath } from '../../server/domain/document';
import { touch } from '../../server/domain/machine';
import type { AgreementDoc, UserDoc } from '../../server/domain/types';
import type { PrintResult } from '../../typings';
import * as render from '../../server/print/render';
import { CLAUSES } from '../../server/print/clauses';
import { FONT_FILE, fontPath } from '../../server/print/font';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { loadSettings } from '../../server/app/settings';
import { accept, signedDemoAgreement, terminate } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { decodeQr, pdfFonts, pdfText, rasterise, squeeze } from '../support/pdf';

const STUDENT = DEMO_OPENIDS.student;

async function stored(sys: TestSystem, fileId: string): Promise<Buffer> {
  const bytes = await sys.files.read(fileId);
  if (!bytes) throw new Error(`no file ${fileId}`);
  return bytes;
}

describe('the printed agreement (one print, read back with poppler and jsqr)', () => {
  let sys: TestSystem;
  let signed: AgreementDoc;
  let result: PrintResult;
  let bytes: Buffer;
  beforeAll(async () => {
    sys = await makeSystem();
    signed = await signedDemoAgreement(sys);
    result = await sys.ok(printAgreement, STUDENT, { agreementId: signed._id });
    bytes = await stored(sys, result.fileId);
  });
  afterAll(() => sys.close());

  it('is a PDF under 200 KB at the stable path, answered with a download link', async () => {
    const code = verificationCode(signed);
    expect(result).toEqual({
      fileId: `local://${printPath(signed.agreementNo!, code)}`,
      url: expect.stringMatching(new RegExp(`^http://127\\.0\\.0\\.1:0/files/${printPath(signed.agreementNo!, code)}\\?expires=\\d+&sign=[0-9a-f]{64}$`)),
      agreementNo: '20261000131000001',
      verificationCode: code,
      pages: 4,
      bytes: expect.any(Number),
    });
    // the link is signed for the file's path and lasts an hour from now
    const link = new URL(result.url);
    expect(Number(link.searchParams.get('expires'))).toBe(Math.floor(sys.deps.clock().getTime() / 1000) + 3600);
    expect(sys.files.checkLink(printPath(signed.agreementNo!, code), link.searchParams.get('expires'), link.searchParams.get('sign'))).toBe('ok');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBe(result.bytes);
    expect(result.bytes).toBeLessThan(200 * 1024);
  });

  it('its text holds every field, the clauses, the copies, and on each page the number, date and code', () => {
    const all = squeeze(pdfText(bytes));
    const { student: s, employer: e, job, file, remarks } = signed.content;
    const expected = [
      '毕业生就业协议书', '甲方（用人单位）', '乙方（毕业生）', '丙方（学校）',
      s.name, s.gender, s.studentNo, s.collegeName, s.major, '本科', '2026年', s.phone,
      e.name, e.uscc, '其他企业', '软件和信息技术服务业', '广东省深圳市南山区', e.address, e.contactName, e.contactPhone,
      '示例大学', '10001',
      job.title, '15000元', '3年', '2026年7月1日', job.description!,
      '转递至档案接收单位', file.receiver!, file.address!, file.postcode!, '不迁移',
      remarks!, '补充条款',
      ...CLAUSES.flatMap((c) => [c.heading, ...c.items.map((i) => i.replace('{copies}', '四').replace('{school}', '示例大学'))]),
      '本协议一式四份', '毕业生就业协议备案表', '本表一式四份',
      '甲方（用人单位）意见', '单位（盖章）', '毕业生（签字）', '学校就业主管部门（盖章）',
    ];
    const missing = expected.filter((t) => !all.includes(squeeze(t)));
    expect(missing).toEqual([]);
    expect(all).not.toContain('报到证');

    for (let page = 1; page <= result.pages; page++) {
      const text = squeeze(pdfText(bytes, page));
      expect(text).toContain(`协议编号：${signed.agreementNo}`);
      expect(text).toContain('签约日期：2026年3月2日');
      expect(text).toContain(`校验码：${result.verificationCode}`);
      expect(text).toContain(`第${page}页/共${result.pages}页`);
    }
  });

  it('embeds a subset of the CJK font and no other font', () => {
    const fonts = pdfFonts(bytes).trim().split('\n').slice(2);
    expect(fonts).toHaveLength(1);
    expect(fonts[0]).toMatch(/^[A-Z]{6}\+WenQuanYiMicroHei\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  });

  it('the QR code on every page decodes to the verification path with that page and the page count', () => {
    for (let page = 1; page <= result.pages; page++) {
      const target = `pages/verify/index?no=20261000131000001&code=${result.verificationCode}&page=${page}&pages=${result.pages}`;
      expect(verifyPath(signed.agreementNo!, result.verificationCode, { page, pages: result.pages })).toBe(target);
      // the QR sits in the bottom right corner, inside the footer: rasterise only that
      const corner = rasterise(bytes, page, 150, { x: 0.75, y: 0.85, w: 0.25, h: 0.15 });
      expect(corner.width).toBeLessThan(400);
      expect(decodeQr(corner)).toBe(target);
    }
  });

  it('prints the 报到证 line only for a legacy agreement that has one', async () => {
    const settings = await loadSettings(sys.store);
    const legacy = { ...signed, content: { ...signed.content, legacyReportCardUnit: '广东省人力资源和社会保障厅' } };
    const pdf = await render.renderAgreementPdf({ ...legacy, agreementNo: legacy.agreementNo!, signedAt: legacy.signedAt! }, settings, await printRecord(sys.store, signed));
    expect(squeeze(pdfText(pdf.bytes))).toContain('报到证签发单位（历史记录）广东省人力资源和社会保障厅');
  });
});

describe('printAgreement', () => {
  let sys: TestSystem;
  let signed: AgreementDoc;
  beforeEach(async () => {
    sys = await makeSystem();
    signed = await signedDemoAgreement(sys);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await sys.close();
  });

  it('long content flows onto more pages; section titles stay on the page of what they head', async () => {
    const c = signed.content;
    const remarks = '试用期三个月，试用期工资不低于转正工资的80%。'.repeat(40);
    const long = {
      ...signed,
      content: { ...c, job: { ...c.job, description: '负责小程序与网页前端开发，'.repeat(30) }, remarks, file: { ...c.file, address: '深圳市福田区深南大道1号'.repeat(10) } },
    };
    const pdf = await render.renderAgreementPdf({ ...long, agreementNo: long.agreementNo!, signedAt: long.signedAt! }, await loadSettings(sys.store), await printRecord(sys.store, signed));
    // the short demo agreement takes four pages (tests above); this one needs them all and flows within them
    expect(pdf.pages).toBeGreaterThanOrEqual(4);
    const pages = Array.from({ length: pdf.pages }, (_, i) => squeeze(pdfText(pdf.bytes, i + 1)));
    const remarksPage = pages.findIndex((t) => t.includes('补充条款试用期'));
    expect(pages[remarksPage]).toContain(squeeze(remarks.slice(0, 20)));
    const signPage = pages.findIndex((t) => t.includes('签字盖章'));
    expect(pages[signPage]).toContain('应约日期：');
    expect(pages.every((t, i) => t.includes(`第${i + 1}页/共${pdf.pages}页`) && t.includes(`校验码：${verificationCode(long)}`))).toBe(true);
  });

  it('renders the same bytes twice; a second print reuses the stored file instead of rendering', async () => {
    const settings = await loadSettings(sys.store);
    const input = { ...signed, agreementNo: signed.agreementNo!, signedAt: signed.signedAt! };
    const record = await printRecord(sys.store, signed);
    const [a, b] = [await render.renderAgreementPdf(input, settings, record), await render.renderAgreementPdf(input, settings, record)];
    expect(a.bytes.equals(b.bytes)).toBe(true);

    const first = await sys.ok(printAgreement, STUDENT, { agreementId: signed._id });
    const spy = jest.spyOn(render, 'renderAgreementPdf');
    const again = await sys.ok(printAgreement, DEMO_OPENIDS.employer, { agreementId: signed._id });
    expect(spy).not.toHaveBeenCalled();
    expect(again).toEqual(first);
    expect((await sys.store.get('requests', printKey(printPath(signed.agreementNo!, first.verificationCode))))?.result).toMatchObject({ fileId: first.fileId });
  });

  it('renders again when the stored file was lost or replaced', async () => {
    const first = await sys.ok(printAgreement, STUDENT, { agreementId: signed._id });
    const onDisk = path.join((sys.files as unknown as { root: string }).root, sys.files.pathOf(first.fileId)!);
    await writeFile(onDisk, Buffer.from('%PDF-forged'));
    const spy = jest.spyOn(render, 'renderAgreementPdf');
    const again = await sys.ok(printAgreement, STUDENT, { agreementId: signed._id });
    expect(spy).toHaveBeenCalledTimes(1);
    expect(again.fileId).toBe(first.fileId);
    expect((await readFile(onDisk)).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await readFile(onDisk)).length).toBe(first.bytes);
  });

  it('its employer and reviewers in scope may print; printing changes no record and writes no audit entry', async () => {
    const auditBefore = (await sys.all('audit')).length;
    for (const openid of [DEMO_OPENIDS.employer, DEMO_OPENIDS.collegeReviewer, DEMO_OPENIDS.schoolReviewer, STUDENT]) {
      expect((await sys.call(printAgreement, openid, { agreementId: signed._id, requestId: rid() })).ok).toBe(true);
    }
    expect(await sys.store.get('agreements', signed._id)).toEqual(signed);
    expect((await sys.all('audit')).length).toBe(auditBefore);
  });

  it('refuses strangers: another student, another unit, a reviewer of another college, the unbound and the anonymous', async () => {
    const other = touch<UserDoc>({
      record: 'user', current: null, id: 'hr-other', action: 'bind', actor: { openid: 'admin', role: 'admin' },
      now: sys.deps.clock().toISOString(), from: null, to: 'employer', patch: { role: 'employer', employerId: 'emp-other' },
    });
    await sys.store.commit({ writes: [{ collection: 'users', doc: other.doc, expectedVersion: 0 }], audit: [other.audit], outbox: [] });

    const event = { agreementId: signed._id };
    expect(await sys.call(printAgreement, DEMO_OPENIDS.student2, event)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await sys.call(printAgreement, 'hr-other', event)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await sys.call(printAgreement, DEMO_OPENIDS.collegeReviewerEm, event)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await sys.call(printAgreement, 'stranger', event)).toMatchObject({ ok: false, code: 'NOT_BOUND' });
    expect(await sys.call(printAgreement, '', event)).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    expect(await sys.call(printAgreement, STUDENT, { agreementId: 'no-such-agreement' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await sys.call(printAgreement, STUDENT, {})).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(await sys.all('requests').then((r) => r.filter((d) => d._id.startsWith('print:')))).toEqual([]);
  });
});

describe('printAgreement for a student whose roster entry was bound anew', () => {
  it('is refused as NOT_BOUND: the WeChat no longer holds the entry', async () => {
    const sys = await makeSystem();
    try {
      const signed = await signedDemoAgreement(sys);
      const student = (await sys.store.get('students', signed.studentNo))!;
      await sys.store.put('students', { ...student, openid: 'another-wechat', version: student.version + 1 }, student.version);
      expect(await sys.call(printAgreement, STUDENT, { agreementId: signed._id })).toMatchObject({ ok: false, code: 'NOT_BOUND' });
      expect(await sys.all('requests').then((r) => r.filter((d) => d._id.startsWith('print:')))).toEqual([]);
    } finally {
      await sys.close();
    }
  });
});

describe('the print function as deployed', () => {
  it('bundled as the build bundles it, renders with the font copied beside the bundle', async () => {
    const sys = await makeSystem();
    const dir = mkdtempSync(path.join(tmpdir(), 'wq-bundle-'));
    try {
      const signed = await signedDemoAgreement(sys);
      const entry = path.join(dir, 'entry.ts');
      writeFileSync(entry, [
        `import { renderAgreementPdf } from ${JSON.stringify(path.resolve(__dirname, '../../server/print/render'))};`,
        `import { fontPath } from ${JSON.stringify(path.resolve(__dirname, '../../server/print/font'))};`,
        `const agreement = ${JSON.stringify(signed)};`,
        `const record = ${JSON.stringify(await printRecord(sys.store, signed))};`,
        `renderAgreementPdf(agreement, { schoolName: '示例大学', schoolCode: '10001', printCopies: 4, schoolAddress: '', schoolPhone: '' }, record)`,
        `  .then((pdf) => process.stdout.write(JSON.stringify({ font: fontPath(), pages: pdf.pages, head: pdf.bytes.subarray(0, 5).toString() })));`,
      ].join('\n'));
      const out = path.join(dir, 'fn');
      await esbuild.build({ entryPoints: [entry], outfile: path.join(out, 'index.js'), bundle: true, platform: 'node', target: 'node16', format: 'cjs', minify: true, logLevel: 'silent' });
      mkdirSync(path.join(out, 'fonts'));
      copyFileSync(fontPath(), path.join(out, 'fonts', FONT_FILE));
      // run from elsewhere, so that only the folder beside the bundle can supply the font
      const answer = JSON.parse(execFileSync(process.execPath, [path.join(out, 'index.js')], { cwd: tmpdir(), encoding: 'utf8' })) as { font: string; pages: number; head: string };
      expect(answer).toEqual({ font: path.join(out, 'fonts', FONT_FILE), pages: 4, head: '%PDF-' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await sys.close();
    }
  });
});

describe('printAgreement before signing and after termination', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  it('refuses an agreement under review, even to its own student', async () => {
    const pending = await accept(sys, STUDENT, 'offer-demo-1');
    const answer = await sys.call(printAgreement, STUDENT, { agreementId: pending._id });
    expect(answer).toEqual({ ok: false, code: 'INVALID_TRANSITION', message: '协议签约成功后才能打印' });
    // a stranger learns nothing about its state
    expect(await sys.call(printAgreement, DEMO_OPENIDS.student2, { agreementId: pending._id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await sys.all('requests').then((r) => r.filter((d) => d._id.startsWith('print:')))).toEqual([]);
  });

  it('refuses a terminated agreement', async () => {
    const terminated = await terminate(sys, await signedDemoAgreement(sys));
    expect(terminated.state).toBe('terminated');
    expect(await sys.call(printAgreement, STUDENT, { agreementId: terminated._id })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION', message: '协议签约成功后才能打印' });
  });
});
