/**
 * The structured terms on the printed 协议书: a section of their own among the clauses, before 违约责任, every term
 * printed ("none" included), the headings after it renumbered; the layout still never leaves a heading alone at a
 * page's foot, and the document keeps its page count. An agreement without structured terms prints as
 * it always did. Read back with poppler's pdftotext.
 */
import type { StructuredTerms } from '../../typings';
import { printRecord } from '../../server/usecases/printAgreement';
import * as render from '../../server/print/render';
import { CLAUSES } from '../../server/print/clauses';
import { structuredClauses } from '../../server/print/fields';
import type { AgreementDoc } from '../../server/domain/types';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { loadSettings } from '../../server/app/settings';
import { accept, approve } from '../support/agreements';
import { makeSystem, type TestSystem } from '../support/harness';
import { pdfLayoutPages, pdfText, squeeze } from '../support/pdf';

const FULL: StructuredTerms = {
  trialMonths: 3,
  serviceYears: 3,
  penaltyYuan: 8000,
  penaltyWarningConfirmed: true,
  insurance: ['pension', 'medical', 'unemployment', 'injury'],
  dispatched: true,
  dispatchUnitName: '深圳市某某人力资源服务有限公司',
};

const bodyLines = (bytes: Buffer): string[][] =>
  pdfLayoutPages(bytes).map((lines) => lines.slice(0, lines.findIndex((l) => l.startsWith('协议编号：') && l.includes('签约日期：'))));

describe('the structured terms on the printed 协议书', () => {
  let sys: TestSystem;
  let signed: AgreementDoc;
  beforeAll(async () => {
    sys = await makeSystem();
    signed = await approve(sys, await accept(sys, DEMO_OPENIDS.student, 'offer-demo-1'));
  });
  afterAll(() => sys.close());

  const print = async (a: AgreementDoc) => {
    const [settings, record] = await Promise.all([loadSettings(sys.store), printRecord(sys.store, a)]);
    return render.renderAgreementPdf({ ...a, agreementNo: a.agreementNo!, signedAt: a.signedAt! }, settings, record);
  };
  const withTerms = (structured: StructuredTerms, description?: string): AgreementDoc => ({
    ...signed,
    content: { ...signed.content, structured, job: { ...signed.content.job, ...(description ? { description } : {}) } },
  });

  it('given structured terms, when printed, then they are a numbered section before 违约责任, every term in words', async () => {
    const pdf = await print(withTerms(FULL));
    const text = squeeze(pdfText(pdf.bytes));
    expect(text).toContain('月薪（税前）');
    expect(text).toContain('四、约定条款');
    expect(text).toContain('五、违约责任');
    expect(text).toContain('六、其他');
    expect(text.indexOf('四、约定条款')).toBeLessThan(text.indexOf('五、违约责任'));
    expect(text).toContain(squeeze('1. 乙方以劳务派遣方式用工，劳务派遣单位为深圳市某某人力资源服务有限公司，劳动合同由劳务派遣单位与乙方订立。'));
    expect(text).toContain(squeeze('2. 乙方试用期为 3 个月，包含在劳动合同期限内。'));
    expect(text).toContain(squeeze('3. 乙方服务期为 3 年，自报到之日起计算。'));
    expect(text).toContain(squeeze('4. 甲方为乙方缴纳养老保险、医疗保险、失业保险、工伤保险；本协议未约定生育保险、住房公积金。'));
    expect(text).toContain(squeeze('5. 违约金为人民币 8000 元，由违约方向守约方支付。'));
  });

  it('given nothing agreed beyond the job, when printed, then each term says so rather than disappearing', () => {
    expect(structuredClauses({}).items).toEqual([
      '乙方由甲方直接用工，不属于劳务派遣。',
      '本协议不约定试用期和见习期。',
      '本协议不约定服务期。',
      '本协议未约定五险一金的缴纳项目。',
      '本协议不约定违约金。',
    ]);
    expect(structuredClauses({ internshipMonths: 12, insurance: ['pension', 'medical', 'unemployment', 'injury', 'maternity', 'housingFund'] }).items.slice(1, 4)).toEqual([
      '乙方见习期为 12 个月。',
      '本协议不约定服务期。',
      '甲方为乙方缴纳养老保险、医疗保险、失业保险、工伤保险、生育保险、住房公积金。',
    ]);
  });

  it('given an agreement saved before the terms were asked, when printed, then it reads as before: 月薪 and the school’s own numbering', async () => {
    expect(signed.content.structured).toBeUndefined();
    const text = squeeze(pdfText((await print(signed)).bytes));
    expect(text).not.toContain('约定条款');
    expect(text).not.toContain('月薪（税前）');
    expect(text).toContain('月薪');
    for (const c of CLAUSES) expect(text).toContain(squeeze(c.heading));
  });

  it('given long content, when printed with the terms, then the page count is the same and no page ends with a heading', async () => {
    const headings = ['协议条款', '补充条款', '签字盖章', '约定条款', ...CLAUSES.map((c) => c.heading.replace(/^.+、/, ''))];
    for (const n of [0, 6, 14, 22]) {
      const description = n ? '负责小程序与网页前端开发，'.repeat(n) : undefined;
      const plain = await print({ ...signed, content: { ...signed.content, job: { ...signed.content.job, ...(description ? { description } : {}) } } });
      const pdf = await print(withTerms(FULL, description));
      // the section fits in the room the clauses' page leaves: 4 pages with the terms as without, at every length here
      expect({ n, pages: pdf.pages }).toEqual({ n, pages: plain.pages });
      const pages = bodyLines(pdf.bytes);
      for (const lines of pages.slice(0, -1)) {
        const last = squeeze(lines.at(-1)!).replace(/^[一二三四五六七八九十]+、/, '');
        expect({ n, last, heading: headings.includes(last) }).toMatchObject({ heading: false });
      }
      // the new section's heading shares its page with its first clause
      const texts = pages.map((lines) => squeeze(lines.join('')));
      const page = texts.find((t) => t.includes('约定条款'))!;
      expect(page).toContain(squeeze('1. 乙方以劳务派遣方式用工'));
    }
  }, 120_000);
});
