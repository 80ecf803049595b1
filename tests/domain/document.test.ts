/**
 * What tests/unit/document.test.ts leaves out: the seal of an agreement without a signing time or optional
 * content, the characters a typed code may carry, the encoding of the QR target and dates that are not calendar days.
 */
import { canonicalContent, chineseDate, chineseDay, codeMatches, normaliseCode, readVerifyTarget, verificationCode, verifyPath, type Signed } from '../../server/domain/document';
import type { AgreementContent } from '../../typings';

const content = (): AgreementContent => ({
  student: {
    studentNo: '2026010101', name: '张三', gender: '男', idNumberMasked: '440305********1235', collegeId: 'cs',
    collegeName: '计算机学院', major: '软件工程', educationLevel: '31', graduationYear: 2026, phone: '13800138000',
  },
  employer: {
    name: '深圳示例科技有限公司', uscc: '91440300MA5D8K2P1F', nature: '39', industry: '65', region: '440305',
    address: '科技南路88号', contactName: '陈经理', contactPhone: '13912345678',
  },
  job: { title: '前端开发工程师', region: '440305', monthlySalary: 15000, contractYears: 3, startDate: '2026-07-01' },
  file: { transfer: false },
  hukou: { migrate: false },
});

const signed = (): Signed => ({ agreementNo: '20261000131000001', origin: 'student', signedAt: '2026-03-05T09:30:00.000Z', content: content() });

describe('the sealed content', () => {
  it('names exactly the signed fields; an unsigned agreement has signedAt null; absent optional content stays absent', () => {
    const { signedAt, ...unsigned } = signed();
    expect(canonicalContent({ ...unsigned, agreementNo: null })).toEqual({
      agreementNo: null,
      origin: 'student',
      signedAt: null,
      content: { student: content().student, employer: content().employer, job: content().job, file: content().file, hukou: content().hukou },
    });
    expect(signedAt).toBeDefined();
    expect(Object.keys(canonicalContent(signed()).content).sort()).toEqual(['employer', 'file', 'hukou', 'job', 'student']);
  });

  it('keeps remarks and the legacy 报到证 unit when they are there', () => {
    const a = signed();
    a.content = { ...content(), remarks: '', legacyReportCardUnit: '某人社局' };
    expect(canonicalContent(a).content).toMatchObject({ remarks: '', legacyReportCardUnit: '某人社局' });
  });

  it('leaves out content fields that are not named, so they cannot slip into the seal', () => {
    const a = signed();
    (a.content as unknown as Record<string, unknown>).extra = 'x';
    expect(canonicalContent(a).content).not.toHaveProperty('extra');
    expect(verificationCode(a)).toBe(verificationCode(signed()));
  });

  it('an empty remark seals differently from no remark', () => {
    const a = signed();
    a.content = { ...content(), remarks: '' };
    expect(verificationCode(a)).not.toBe(verificationCode(signed()));
  });
});

describe('typed codes', () => {
  it('ignores full-width and em dashes, underscores, tabs and newlines', () => {
    expect(normaliseCode('abcd－ef01—2345_6789')).toBe('ABCDEF0123456789');
    expect(normaliseCode('ABCD\tEF01\n2345 6789')).toBe('ABCDEF0123456789');
  });

  it('is not a code when it is longer than 16 characters or has other characters', () => {
    expect(normaliseCode('ABCD-EF01-2345-67890')).toBeNull();
    expect(normaliseCode('ABCD.EF01.2345.6789')).toBeNull();
    expect(normaliseCode('')).toBeNull();
  });

  it('a well-formed code of another agreement does not match', () => {
    expect(codeMatches(signed(), '0000-0000-0000-0000')).toBe(false);
    expect(codeMatches(signed(), verificationCode(signed()).replace(/-/g, '—'))).toBe(true);
  });
});

describe('the QR target and dates', () => {
  it('encodes the number and code as query values', () => {
    expect(verifyPath('2026 01&x', 'A=B')).toBe('pages/verify/index?no=2026%2001%26x&code=A%3DB');
  });

  it('the place of a page is added to the target and read back with the number and code', () => {
    // given the target printed on page 2 of 4
    const text = verifyPath('2026 01&x', 'ABCD-EF01-2345-6789', { page: 2, pages: 4 });
    expect(text).toBe('pages/verify/index?no=2026%2001%26x&code=ABCD-EF01-2345-6789&page=2&pages=4');
    // when it is read back, then every value comes back as it went in
    expect(readVerifyTarget(text)).toEqual({ agreementNo: '2026 01&x', code: 'ABCD-EF01-2345-6789', place: { page: 2, pages: 4 } });
    // a leading slash (wx.scanCode's path) and spaces around do not matter
    expect(readVerifyTarget(` /${text} `)?.place).toEqual({ page: 2, pages: 4 });
  });

  it('a target without a sensible place keeps the number and code; other text is not a target', () => {
    expect(readVerifyTarget(verifyPath('20261000131000001', 'C'))).toEqual({ agreementNo: '20261000131000001', code: 'C' });
    for (const bad of ['page=5&pages=4', 'page=0&pages=4', 'page=1&pages=100', 'page=x&pages=4', 'page=01&pages=4', 'pages=4']) {
      expect(readVerifyTarget(`pages/verify/index?no=1&code=C&${bad}`)).toEqual({ agreementNo: '1', code: 'C' });
    }
    expect(readVerifyTarget('pages/verify/index?code=C&page=1&pages=4')).toBeNull();
    expect(readVerifyTarget('https://example.com/?no=1&code=C')).toBeNull();
    expect(readVerifyTarget('pages/other/index?no=1&code=C')).toBeNull();
  });

  it('a value that is not a calendar day is shown as it is', () => {
    expect(chineseDay('2026-7-1')).toBe('2026-7-1');
    expect(chineseDay('2026-07-01T00:00')).toBe('2026-07-01T00:00');
    expect(chineseDay('x2026-07-01')).toBe('x2026-07-01');
    expect(chineseDay('2026-12-09')).toBe('2026年12月9日');
  });

  it('a moment is dated by its day in China', () => {
    expect(chineseDate('2026-01-01T00:00:00+08:00')).toBe('2026年1月1日');
    expect(chineseDate('2025-12-31T23:59:59+08:00')).toBe('2025年12月31日');
  });
});
