/**
 * What an employment office checks on the printed 协议书: the whole 身份证号 (on paper only), the 乙方's 生源 fields,
 * the 丙方's address and phone, the number of copies, each party's date as it acted, and clauses that never leave a
 * heading or a first line alone at a page's foot. Read back with poppler's pdftotext.
 */
import { printAgreement, printRecord } from '../../server/usecases/printAgreement';
import { query } from '../../server/usecases/query';
import { verifyAgreement } from '../../server/usecases/verifyAgreement';
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { employerOffer } from '../../server/usecases/employerOffer';
import { review } from '../../server/usecases/review';
import { maskIdNumber } from '../../server/domain/identifiers';
import { verificationCode } from '../../server/domain/document';
import type { AgreementDoc } from '../../server/domain/types';
import * as render from '../../server/print/render';
import { CLAUSES } from '../../server/print/clauses';
import { clauseSections } from '../../server/print/layout';
import PDFDocument = require('pdfkit');
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { loadSettings, SETTINGS_ID } from '../../server/app/settings';
import { accept, approve, approveSourceCheck, initiationDraft } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { pdfLayoutPages, pdfText, squeeze } from '../support/pdf';

const S = DEMO_OPENIDS;
const DAY = 86_400_000;

/** The squeezed lines of the whole document as laid out: a row of seal boxes reads left to right on one line. */
const layoutLines = (bytes: Buffer): string[] => pdfLayoutPages(bytes).flat().map(squeeze);

async function printed(sys: TestSystem, a: AgreementDoc, openid: string = S.student): Promise<Buffer> {
  const result = await sys.ok(printAgreement, openid, { agreementId: a._id });
  return (await sys.files.read(result.fileId))!;
}

describe('the printed 协议书 for an office: identity, 生源 fields, the school, copies', () => {
  let sys: TestSystem;
  let signed: AgreementDoc;
  let text: string;
  let lines: string[];
  beforeAll(async () => {
    sys = await makeSystem();
    signed = await approve(sys, await accept(sys, S.student, 'offer-demo-1'));
    const bytes = await printed(sys, signed);
    text = squeeze(pdfText(bytes));
    lines = layoutLines(bytes);
  });
  afterAll(() => sys.close());

  it('prints the whole 身份证号 from the roster, and its masked form nowhere', async () => {
    const student = (await sys.store.get('students', signed.studentNo))!;
    expect(student.idNumber).toMatch(/^\d{17}[\dX]$/);
    expect(text).toContain(`身份证号${student.idNumber}`);
    expect(text).not.toContain(maskIdNumber(student.idNumber));
    expect(text).not.toContain('*');
  });

  it('keeps the number masked on the agreement screen and on the public verification answer', async () => {
    const student = (await sys.store.get('students', signed.studentNo))!;
    for (const openid of [S.student, S.employer, S.collegeReviewer]) {
      const screen = JSON.stringify(await sys.ok(query, openid, { view: 'agreement', id: signed._id }));
      expect(screen).not.toContain(student.idNumber);
      expect(screen).toContain(maskIdNumber(student.idNumber));
    }
    const answer = JSON.stringify(await sys.ok(verifyAgreement, 'scanner', { agreementNo: signed.agreementNo, code: verificationCode(signed) }));
    expect(answer).not.toContain(student.idNumber);
    expect(answer).not.toContain(student.idNumber.slice(-4));
  });

  it('prints the 乙方 政治面貌, 培养方式 and 生源地, and the 丙方 address and phone from the settings', async () => {
    const settings = await loadSettings(sys.store);
    expect(text).toContain('政治面貌共青团员');
    expect(text).toContain('培养方式非定向');
    expect(text).toContain('生源地广东省深圳市南山区');
    expect(text).toContain(squeeze(`通讯地址${settings.schoolAddress}`));
    expect(text).toContain(`联系电话${settings.schoolPhone}`);
    expect(settings.schoolPhone).not.toBe('');
  });

  it('labels with the glossary: 单位行业 shows its 大类 once, 院系, 档案接收单位, 补充条款', () => {
    expect(text).toContain('单位行业软件和信息技术服务业单位所在地');
    expect(text).not.toContain('信息传输');
    for (const label of ['院系计算机学院', '档案接收单位', '档案接收地址', '户口迁移', '补充条款', '单位联系人']) expect(text).toContain(label);
    for (const variant of ['所属行业', '学院计算机学院', '备注', '工作职位', '身份证号码', '档案转移']) expect(text).not.toContain(variant);
  });

  it('has the seal blocks of the 用人单位上级主管部门 and the 档案接收单位, left to be filled by hand', () => {
    expect(lines).toContain('用人单位上级主管部门意见档案接收单位意见');
    expect(lines).toContain('主管部门（盖章）档案接收单位（盖章）');
    // their date lines are blank: those offices stamp the paper
    expect(lines).toContain('日期：年月日日期：年月日');
  });

  it('prints the number of copies from the settings in the clauses and the 备案表', async () => {
    const s = (await sys.store.get('settings', SETTINGS_ID))!;
    await sys.store.put('settings', { ...s, printCopies: 6, version: s.version + 1 }, s.version);
    const again = squeeze(pdfText(await printed(sys, signed)));
    expect(again).toContain('本协议一式六份');
    expect(again).toContain('本表一式六份');
    expect(again).not.toContain('一式四份');
  });
});

describe('each party’s date on the printed 协议书', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  it('an offer-born agreement: the unit’s 邀约, the student’s 应约 and each review, each on its own day', async () => {
    sys.setNow('2026-03-02T02:00:00.000Z');
    const sent = await sys.ok(employerOffer, S.employer, {
      action: 'create', requestId: rid(), studentNo: '2026010102', studentName: '李四',
      terms: { job: { title: '数据分析师', region: '110101', monthlySalary: 12000, contractYears: 3, startDate: '2026-07-15' }, file: { transfer: false }, hukou: { migrate: false } },
    });
    await approveSourceCheck(sys, '2026010102', S.collegeReviewer);
    sys.setNow('2026-03-05T03:00:00.000Z');
    const pending = await accept(sys, S.student2, sent.id);
    sys.setNow('2026-03-09T04:00:00.000Z');
    const college = await sys.ok(review, S.collegeReviewer, {
      requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id: pending._id, version: pending.version }],
    });
    sys.setNow('2026-03-16T05:00:00.000Z');
    const afterCollege = college.results[0]!;
    if (!afterCollege.ok) throw new Error(afterCollege.code);
    await sys.ok(review, S.schoolReviewer, {
      requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id: pending._id, version: afterCollege.version }],
    });
    const signed = (await sys.store.get('agreements', pending._id))!;
    const pages = pdfLayoutPages(await printed(sys, signed, S.student2)).map((page) => page.map(squeeze));
    const [agreement, filing] = [pages.slice(0, -1).flat(), pages.at(-1)!];
    // 甲方, 乙方, 丙方 left to right
    expect(agreement).toContain('邀约日期：2026年3月2日应约日期：2026年3月5日审核通过日期：2026年3月16日');
    // 院系, then 学校
    expect(filing).toContain('院系意见学校就业主管部门意见');
    expect(filing).toContain('审核通过日期：2026年3月9日审核通过日期：2026年3月16日');
    // the agreement took effect on the school's approval
    expect(agreement.find((l) => l.startsWith('协议编号：'))).toContain('签约日期：2026年3月16日');
  });

  it('a student’s own 发起签约: its date is the last submission; the unit, not online, signs and dates by hand', async () => {
    sys.setNow('2026-04-01T02:00:00.000Z');
    const proof = await sys.upload(S.student, 'offer-letter.jpg');
    const saved = await sys.ok(initiateSigning, S.student, { action: 'save', requestId: rid(), version: 0, draft: initiationDraft([proof]) });
    sys.setNow('2026-04-03T02:00:00.000Z');
    await sys.ok(initiateSigning, S.student, { action: 'submit', requestId: rid(), agreementId: saved.id, version: 1, draft: initiationDraft([proof]) });
    sys.advance(2 * DAY);
    const signed = await approve(sys, (await sys.store.get('agreements', saved.id))!);
    expect(signed.origin).toBe('student');
    const bytes = await printed(sys, signed);
    expect(layoutLines(bytes)).toContain('日期：年月日发起签约日期：2026年4月3日审核通过日期：2026年4月5日');
    const text = squeeze(pdfText(bytes));
    expect(text).not.toContain('邀约日期');
    expect(text).not.toContain('应约日期');
  });
});

/** Each page's body lines, without the footer every page repeats. */
const bodyLines = (bytes: Buffer): string[][] =>
  pdfLayoutPages(bytes).map((lines) => lines.slice(0, lines.findIndex((l) => l.startsWith('协议编号：') && l.includes('签约日期：'))));

async function pdfOf(doc: InstanceType<typeof PDFDocument>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

describe('clauses at a page’s foot', () => {
  // short ASCII clauses in pdfkit's own font: fast to draw at every position down a page
  const sections = Array.from({ length: 5 }, (_, s) => ({
    heading: `HEADING ${s + 1}`,
    items: Array.from({ length: 3 }, (_, i) => `item ${s + 1}.${i + 1} begins here ${'and goes on for a while '.repeat(2 + ((s + i) % 4) * 4)}end ${s + 1}.${i + 1}`),
  }));

  it('wherever the clauses start on a page, no page ends with a heading, the bar or a clause cut after its first line', async () => {
    const doc = new PDFDocument({ size: 'A4', margins: { top: 48, bottom: 106, left: 50, right: 50 } });
    const top = doc.page.margins.top;
    const room = doc.page.height - top - doc.page.margins.bottom;
    let starts = 0;
    for (let offset = 0; offset < room; offset += 7) {
      if (starts++ > 0) doc.addPage();
      doc.fontSize(8).text(`VARIANT ${offset}`, 50, top);
      doc.y = top + 12 + offset;
      clauseSections(doc, 'CLAUSES', 'a note under the bar', sections);
    }
    const pages = pdfLayoutPages(await pdfOf(doc));
    expect(pages.length).toBeGreaterThan(starts);
    const problems: string[] = [];
    pages.forEach((lines, p) => {
      const last = lines.at(-1)!;
      const next = pages[p + 1]?.[0];
      if (/^HEADING \d$/.test(last) || last === 'CLAUSES' || last === 'a note under the bar') problems.push(`page ${p + 1} ends with ${last}`);
      // a page whose last line is inside a clause: the next page must not carry on with that clause
      if (next && !next.startsWith('VARIANT') && !/^(\d+\. item|HEADING|CLAUSES)/.test(next)) problems.push(`page ${p + 2} goes on with a clause: ${next}`);
    });
    expect(problems).toEqual([]);
  });

  it('in the printed 协议书 with long content, no page ends with a clause heading or a section bar', async () => {
    const sys = await makeSystem();
    try {
      const signed = await approve(sys, await accept(sys, S.student, 'offer-demo-1'));
      const settings = await loadSettings(sys.store);
      const record = await printRecord(sys.store, signed);
      const headings = CLAUSES.map((c) => c.heading);
      for (const n of [6, 14, 22]) {
        const c = signed.content;
        const variant = { ...signed, content: { ...c, job: { ...c.job, description: '负责小程序与网页前端开发，'.repeat(n) }, file: { ...c.file, address: '深圳市福田区深南大道1号'.repeat(n / 2) } } };
        const pdf = await render.renderAgreementPdf({ ...variant, agreementNo: variant.agreementNo!, signedAt: variant.signedAt! }, settings, record);
        const pages = bodyLines(pdf.bytes);
        for (const lines of pages.slice(0, -1)) {
          const last = lines.at(-1)!;
          expect({ n, last, heading: headings.includes(last) || ['协议条款', '补充条款', '签字盖章'].includes(last) }).toMatchObject({ heading: false });
        }
        // every heading shares its page with its first clause
        const texts = pages.map((lines) => squeeze(lines.join('')));
        for (const section of CLAUSES) {
          const page = texts.find((t) => t.includes(squeeze(section.heading)))!;
          expect(page).toContain(squeeze(`1. ${section.items[0]!}`.replace('{copies}', '四').replace('{school}', '示例大学')));
        }
      }
    } finally {
      await sys.close();
    }
  }, 120_000);
});
