import {
  canonicalContent,
  chineseDate,
  chineseDay,
  codeMatches,
  normaliseCode,
  printPath,
  verificationCode,
  verifyPath,
} from '../../server/domain/document';
import { bucketOf, countCall, type Limit } from '../../server/domain/rateLimit';
import { maskStudentNo, verifyAnswer, VERIFY_MESSAGES } from '../../server/domain/verification';
import { DomainError } from '../../server/domain/errors';
import type { AgreementDoc } from '../../server/domain/types';
import { chineseCount, printModel, regionText } from '../../server/print/fields';
import { CLAUSES } from '../../server/print/clauses';

const SIGNED_AT = '2026-03-05T09:30:00.000Z';

function agreement(): AgreementDoc {
  return {
    _id: 'a1',
    version: 3,
    createdAt: '2026-03-02T02:00:00.000Z',
    updatedAt: SIGNED_AT,
    auditHead: 'f'.repeat(64),
    studentNo: '2026010101',
    studentName: '张三',
    collegeId: 'cs',
    major: '软件工程',
    state: 'signed',
    agreementNo: '20261000131000001',
    origin: 'offer',
    offerId: 'offer-demo-1',
    employerId: 'emp-demo',
    employerName: '深圳示例科技有限公司',
    content: {
      student: {
        studentNo: '2026010101', name: '张三', gender: '男', idNumberMasked: '440305********1235', collegeId: 'cs',
        collegeName: '计算机学院', major: '软件工程', educationLevel: '31', graduationYear: 2026, phone: '13800138000',
      },
      employer: {
        employerId: 'emp-demo', name: '深圳示例科技有限公司', uscc: '91440300MA5D8K2P1F', nature: '39', industry: '65',
        region: '440305', address: '广东省深圳市南山区粤海街道科技南路88号', contactName: '陈经理', contactPhone: '13912345678',
      },
      job: { title: '前端开发工程师', region: '440305', monthlySalary: 15000, contractYears: 3, startDate: '2026-07-01', description: '负责前端开发' },
      file: { transfer: true, receiver: '深圳市人才交流服务中心', address: '深圳市福田区深南大道1号', postcode: '518000' },
      hukou: { migrate: false },
      remarks: '试用期三个月。',
    },
    proofFiles: [],
    studentOpenid: 'demo-student',
    employerOpenid: 'demo-employer',
    submittedAt: '2026-03-02T02:00:00.000Z',
    signedAt: SIGNED_AT,
  };
}

/** The same value with every object's keys in reverse order. */
const reverseKeys = (v: unknown): unknown =>
  v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)]))
    : v;

/** One change to one signed field each: every one must change the code. */
const EDITS: [string, (a: AgreementDoc) => void][] = [
  ['agreementNo', (a) => { a.agreementNo = '20261000131000002'; }],
  ['signedAt', (a) => { a.signedAt = '2026-03-05T09:30:01.000Z'; }],
  ['origin', (a) => { a.origin = 'student'; }],
  ['student.name', (a) => { a.content.student.name = '张叁'; }],
  ['student.studentNo', (a) => { a.content.student.studentNo = '2026010109'; }],
  ['student.idNumberMasked', (a) => { a.content.student.idNumberMasked = '440305********1236'; }],
  ['student.major', (a) => { a.content.student.major = '计算机科学与技术'; }],
  ['student.educationLevel', (a) => { a.content.student.educationLevel = '11'; }],
  ['student.phone', (a) => { a.content.student.phone = '13800138001'; }],
  ['employer.name', (a) => { a.content.employer.name = '深圳示例科技股份有限公司'; }],
  ['employer.uscc', (a) => { a.content.employer.uscc = '91440300MA5D8K2P2D'; }],
  ['employer.nature', (a) => { a.content.employer.nature = '31'; }],
  ['employer.contactPhone', (a) => { a.content.employer.contactPhone = '13912345679'; }],
  ['job.title', (a) => { a.content.job.title = '后端开发工程师'; }],
  ['job.monthlySalary', (a) => { a.content.job.monthlySalary = 15001; }],
  ['job.contractYears', (a) => { a.content.job.contractYears = 2; }],
  ['job.startDate', (a) => { a.content.job.startDate = '2026-07-02'; }],
  ['job.region', (a) => { a.content.job.region = '440304'; }],
  ['file.transfer', (a) => { a.content.file.transfer = false; }],
  ['file.receiver', (a) => { a.content.file.receiver = '深圳市人才服务中心'; }],
  ['hukou.migrate', (a) => { a.content.hukou = { migrate: true, address: '深圳市南山区' }; }],
  ['remarks', (a) => { a.content.remarks = '试用期六个月。'; }],
  ['remarks removed', (a) => { delete a.content.remarks; }],
  ['legacyReportCardUnit', (a) => { a.content.legacyReportCardUnit = '广东省人力资源和社会保障厅'; }],
];

describe('verification code', () => {
  it('is 16 uppercase hex characters grouped 4-4-4-4, the same for the same content however its keys are ordered', () => {
    const code = verificationCode(agreement());
    expect(code).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    const reordered = reverseKeys(agreement()) as AgreementDoc;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(agreement()));
    expect(verificationCode(reordered)).toBe(code);
    expect(verificationCode(agreement())).toBe(code);
  });

  it.each(EDITS)('changes when %s changes', (_field, edit) => {
    const changed = agreement();
    edit(changed);
    expect(verificationCode(changed)).not.toBe(verificationCode(agreement()));
  });

  it('gives a different code for each single-field change (no two edits collide)', () => {
    const codes = EDITS.map(([, edit]) => {
      const a = agreement();
      edit(a);
      return verificationCode(a);
    });
    expect(new Set([...codes, verificationCode(agreement())]).size).toBe(EDITS.length + 1);
  });

  it('ignores bookkeeping: version, audit head, timestamps, openids and ids are not what was signed', () => {
    const a = agreement();
    Object.assign(a, { version: 9, auditHead: '0'.repeat(64), updatedAt: '2027-01-01T00:00:00.000Z', state: 'terminated', studentOpenid: 'x', employerOpenid: 'y', _id: 'other' });
    expect(verificationCode(a)).toBe(verificationCode(agreement()));
    expect(Object.keys(canonicalContent(agreement())).sort()).toEqual(['agreementNo', 'content', 'origin', 'signedAt']);
    expect(Object.keys(canonicalContent(agreement()).content).sort()).toEqual(['employer', 'file', 'hukou', 'job', 'remarks', 'student']);
  });

  it('matches what a person types: case, dashes and spaces do not matter; anything else does', () => {
    const a = agreement();
    const code = verificationCode(a);
    expect(codeMatches(a, code)).toBe(true);
    expect(codeMatches(a, code.toLowerCase().replace(/-/g, ''))).toBe(true);
    expect(codeMatches(a, ` ${code.replace(/-/g, ' ')} `)).toBe(true);
    const last = code.slice(-1) === '0' ? '1' : '0';
    expect(codeMatches(a, code.slice(0, -1) + last)).toBe(false);
    expect(codeMatches(a, 'not a code')).toBe(false);
    expect(normaliseCode('abcd-ef01-2345-6789')).toBe('ABCDEF0123456789');
    expect(normaliseCode('ABCD-EF01-2345-678G')).toBeNull();
    expect(normaliseCode('ABCD-EF01-2345')).toBeNull();
  });
});

describe('document paths and dates', () => {
  it('the QR target is the 核验 page path with number and code', () => {
    expect(verifyPath('20261000131000001', 'ABCD-EF01-2345-6789')).toBe('pages/verify/index?no=20261000131000001&code=ABCD-EF01-2345-6789');
    expect(printPath('20261000131000001', 'ABCD-EF01-2345-6789')).toBe('agreements/20261000131000001-ABCD-EF01-2345-6789.pdf');
  });

  it('dates are China calendar days, whatever the machine zone', () => {
    expect(chineseDate('2026-03-02T15:59:59.000Z')).toBe('2026年3月2日');
    expect(chineseDate('2026-03-02T16:00:00.000Z')).toBe('2026年3月3日');
    expect(chineseDate('2026-12-31T16:00:00.000Z')).toBe('2027年1月1日');
    expect(chineseDay('2026-07-01')).toBe('2026年7月1日');
  });

  it('copies are counted in Chinese numerals; regions read without filler names', () => {
    expect([1, 3, 4, 10, 12, 20, 35].map(chineseCount)).toEqual(['一', '三', '四', '十', '十二', '二十', '三十五']);
    expect(regionText('110101')).toBe('北京市东城区');
    expect(regionText('440305')).toBe('广东省深圳市南山区');
    expect(regionText('999999')).toBe('999999');
  });
});

describe('print model', () => {
  const settings = { schoolName: '示例大学', schoolCode: '10001', printCopies: 4, schoolAddress: '', schoolPhone: '' };
  const record = { idNumber: '440305200304151235', acts: {} };
  const model = (a: AgreementDoc) => printModel({ ...a, agreementNo: a.agreementNo!, signedAt: a.signedAt! }, settings, record);

  it('names codes by their tables and fills the copies into the clauses and the 备案表', () => {
    const m = model(agreement());
    const value = (fields: { label: string; value: string }[], label: string) => fields.find((f) => f.label === label)?.value;
    expect(value(m.employer, '单位性质')).toBe('其他企业');
    expect(value(m.employer, '单位行业')).toBe('软件和信息技术服务业');
    expect(value(m.employer, '单位所在地')).toBe('广东省深圳市南山区');
    expect(value(m.student, '学历')).toBe('本科');
    expect(value(m.school, '学校代码')).toBe('10001');
    expect(m.clauses.flatMap((c) => c.items).join('')).toContain('本协议一式四份');
    expect(m.clauses.flatMap((c) => c.items).join('')).not.toMatch(/\{\w+\}/);
    expect(m.clauses).toHaveLength(CLAUSES.length);
    expect(m.filingNote).toBe('本表一式四份，由示例大学就业指导中心及相关部门留存备案。');
    expect(m.verifyTarget).toBe(verifyPath('20261000131000001', verificationCode(agreement())));
  });

  it('prints the 报到证 line only for legacy records that have one', () => {
    expect(model(agreement()).legacy).toEqual([]);
    const legacy = agreement();
    legacy.content.legacyReportCardUnit = '广东省人力资源和社会保障厅';
    expect(model(legacy).legacy).toEqual([{ label: '报到证签发单位（历史记录）', value: '广东省人力资源和社会保障厅', wide: true }]);
  });
});

describe('public verification answer', () => {
  const settings = { schoolName: '示例大学' };

  it('masks the student and tells nothing private', () => {
    const a = agreement();
    const answer = verifyAnswer({ agreementNo: a.agreementNo!, agreement: a, settings, code: verificationCode(a) });
    expect(answer).toEqual({
      found: true,
      agreementNo: '20261000131000001',
      state: 'signed',
      stateLabel: '签约成功',
      signedAt: SIGNED_AT,
      student: { name: '张*', studentNo: '******0101', collegeName: '计算机学院' },
      employer: { name: '深圳示例科技有限公司' },
      schoolName: '示例大学',
      codeMatches: true,
      message: VERIFY_MESSAGES.valid,
    });
    expect(maskStudentNo('1234')).toBe('1234');
  });

  it('a pending agreement, or one found under another number, is not found', () => {
    const pending = { ...agreement(), state: 'pendingSchool' as const };
    expect(verifyAnswer({ agreementNo: pending.agreementNo!, agreement: pending, settings })).toMatchObject({ found: false, codeMatches: null, message: VERIFY_MESSAGES.notFound });
    expect(verifyAnswer({ agreementNo: '20261000131000009', agreement: agreement(), settings }).found).toBe(false);
  });
});

describe('fixed-window rate limit', () => {
  const limit: Limit = { name: 'verify', max: 2, windowMs: 60_000 };

  it('counts calls in a window per bucket, refuses past the limit, and starts afresh in the next window', () => {
    const now = new Date('2026-03-02T02:00:59.999Z');
    const window = Math.floor(now.getTime() / 60_000);
    const id = bucketOf(limit, 'o1');
    expect(id).toBe('verify:o1');
    expect(bucketOf(limit, '')).toBe('verify:anonymous');
    const first = countCall(limit, id, null, now);
    expect(first).toEqual({ _id: id, version: 1, window, count: 1 });
    const second = countCall(limit, id, first, now);
    expect(second).toEqual({ _id: id, version: 2, window, count: 2 });
    expect(() => countCall(limit, id, second, now)).toThrow(DomainError);
    // the same document carries the next window: counters do not pile up
    expect(countCall(limit, id, second, new Date(now.getTime() + 1))).toEqual({ _id: id, version: 3, window: window + 1, count: 1 });
  });
});
