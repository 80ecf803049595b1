/**
 * 就业核查's flags, one by one: each fires on what it is about and stays quiet otherwise, on a destination's content
 * and on an agreement's, and its reason names the values it compared.
 */
import type { DestinationContent } from '../../typings';
import {
  agreementSubject,
  changedParts,
  checkFlags,
  contactKeys,
  destinationSubject,
  FLAG_CODES,
  FLAG_LABELS,
  fileNameOf,
  NO_FACTS,
  normalisePhone,
  storedFlags,
  type FlagFacts,
} from '../../server/domain/flags';
import { withUsccCheck } from '../../server/domain/identifiers';
import type { DestinationDoc } from '../../server/domain/types';
import { aFile, anAgreement, aStudentAgreement, CREATED, EMPLOYER_INFO, TERMS, ZHANG_PHONE } from './builders';

const USCC = EMPLOYER_INFO.uscc;
const OTHER_USCC = withUsccCheck('91110108MA01ABCD1');

/** 张三's destination: 签劳动合同 with the demo unit, its contract uploaded. */
const CONTENT: DestinationContent = {
  type: '11',
  employer: {
    name: EMPLOYER_INFO.name,
    uscc: USCC,
    nature: '39',
    industry: 'I',
    region: '440305',
    jobCategory: '13',
    jobTitle: '前端开发工程师',
    contactName: '陈经理',
    contactPhone: '13912345678',
    contactEmail: 'hr@example.com',
  },
  file: { receiverKind: 'employer', receiver: EMPLOYER_INFO.name, address: '广东省深圳市南山区科技南路88号', postcode: '518000', phone: '0755-88886666' },
  hukou: { migrate: false },
};

type DestinationParts = Pick<DestinationDoc, 'content' | 'evidence' | 'approved' | 'confirmedAt'>;
const destination = (over: Partial<DestinationParts> = {}): DestinationParts => ({
  content: CONTENT,
  evidence: [aFile(1)],
  approved: null,
  ...over,
});
const withEmployer = (over: Partial<NonNullable<DestinationContent['employer']>>): DestinationContent => ({ ...CONTENT, employer: { ...CONTENT.employer!, ...over } });

const facts = (over: Partial<FlagFacts> = {}): FlagFacts => ({ ...NO_FACTS, ...over });
const codes = (subject: ReturnType<typeof destinationSubject>, f: FlagFacts = NO_FACTS): string[] => checkFlags(subject, f).map((x) => x.code);
const textOf = (subject: ReturnType<typeof destinationSubject>, f: FlagFacts, code: string): string =>
  checkFlags(subject, f).find((x) => x.code === code)?.text ?? '';

describe('就业核查 flags', () => {
  it('a clean destination and a clean agreement raise none', () => {
    const library = [{ name: EMPLOYER_INFO.name, uscc: USCC }];
    expect(checkFlags(destinationSubject(destination()), facts({ library, studentPhones: [{ label: '学生本人的手机号码', phone: ZHANG_PHONE }] }))).toEqual([]);
    expect(checkFlags(agreementSubject(anAgreement()), facts({ library }))).toEqual([]);
    expect(storedFlags([])).toEqual({ flags: [], flagged: false });
  });

  it('every flag has a label in the glossary\'s words, and the codes are the contract\'s', () => {
    expect(FLAG_CODES).toEqual(['usccChecksum', 'usccName', 'contactIsStudent', 'sharedContact', 'otherJob', 'internshipEvidence', 'changedAfterConfirm']);
    for (const code of FLAG_CODES) expect(FLAG_LABELS[code]).toMatch(/\S/);
    expect(Object.values(FLAG_LABELS).join('')).not.toMatch(/(?<!统一社会)信用代码|不通过/);
  });

  describe('usccChecksum', () => {
    it('fires on a wrong check character, naming the one GB 32100 gives', () => {
      const wrong = `${USCC.slice(0, 17)}${USCC[17] === 'A' ? 'B' : 'A'}`;
      const subject = destinationSubject(destination({ content: withEmployer({ uscc: wrong }) }));
      expect(codes(subject)).toEqual(['usccChecksum']);
      expect(textOf(subject, NO_FACTS, 'usccChecksum')).toBe(`统一社会信用代码 ${wrong} 的校验位应为 ${USCC[17]}，填写的是 ${wrong[17]}（按 GB 32100 计算）`);
    });

    it('fires on a code of the wrong length or with letters the code never uses', () => {
      expect(textOf(destinationSubject(destination({ content: withEmployer({ uscc: '91440300MA5D8K2P1' }) })), NO_FACTS, 'usccChecksum')).toBe('统一社会信用代码 91440300MA5D8K2P1 有 17 位，应为 18 位');
      expect(textOf(destinationSubject(destination({ content: withEmployer({ uscc: '91440300MA5D8K2PIF' }) })), NO_FACTS, 'usccChecksum')).toContain('含有代码不用的字母');
    });

    it('does not fire on a valid code, typed in lower case, nor where no code is asked (升学)', () => {
      expect(codes(destinationSubject(destination({ content: withEmployer({ uscc: USCC.toLowerCase() }) })))).toEqual([]);
      const study: DestinationContent = { type: '80', study: { school: '北京大学', programme: '计算机科学与技术', level: '硕士研究生' } };
      expect(codes(destinationSubject(destination({ content: study })))).toEqual([]);
    });

    it('checks a 自主创业 business\'s code too', () => {
      const business: DestinationContent = { type: '75', business: { name: '深圳小创科技有限公司', uscc: '91440300MA5D8K2P10', region: '440305' } };
      expect(codes(destinationSubject(destination({ content: business })))).toEqual(['usccChecksum']);
    });

    it('fires on an agreement\'s unit typed by the student', () => {
      const a = aStudentAgreement('pendingCollege', { content: { ...anAgreement().content, employer: { ...EMPLOYER_INFO, uscc: `${USCC.slice(0, 17)}0` } } });
      expect(checkFlags(agreementSubject(a), NO_FACTS).map((f) => f.code)).toEqual(['usccChecksum']);
    });
  });

  describe('usccName', () => {
    it('fires when the library holds the code under another name', () => {
      const subject = destinationSubject(destination({ content: withEmployer({ name: '深圳示例网络有限公司' }) }));
      const f = facts({ library: [{ name: EMPLOYER_INFO.name, uscc: USCC }] });
      expect(codes(subject, f)).toEqual(['usccName']);
      expect(textOf(subject, f, 'usccName')).toBe(`单位库中统一社会信用代码 ${USCC} 的单位是「深圳示例科技有限公司」，与填写的「深圳示例网络有限公司」不同`);
    });

    it('fires when the library holds the name under another code', () => {
      const subject = destinationSubject(destination({ content: withEmployer({ uscc: OTHER_USCC }) }));
      const f = facts({ library: [{ name: EMPLOYER_INFO.name, uscc: USCC }] });
      expect(textOf(subject, f, 'usccName')).toBe(`单位库中「深圳示例科技有限公司」的统一社会信用代码是 ${USCC}，与填写的 ${OTHER_USCC} 不同`);
    });

    it('does not fire on the library\'s own pair (brackets and spaces as typed), nor on a unit the library does not know', () => {
      const bracketed = { name: '深圳示例科技（南山）有限公司', uscc: USCC };
      const subject = destinationSubject(destination({ content: withEmployer({ name: '深圳示例科技(南山) 有限公司' }) }));
      expect(codes(subject, facts({ library: [bracketed] }))).toEqual([]);
      expect(codes(destinationSubject(destination()), facts({ library: [{ name: '别的单位', uscc: OTHER_USCC }] }))).toEqual([]);
    });

    it('fires on an agreement whose snapshot no longer matches the library', () => {
      const f = facts({ library: [{ name: '深圳示例科技集团有限公司', uscc: USCC }] });
      expect(checkFlags(agreementSubject(anAgreement()), f).map((x) => x.code)).toEqual(['usccName']);
    });
  });

  describe('contactIsStudent', () => {
    const phones = [
      { label: '学生本人的手机号码', phone: ZHANG_PHONE },
      { label: '紧急联系人电话', phone: '13500135000' },
    ];

    it('fires when the unit\'s phone is the student\'s own, however it is written', () => {
      const subject = destinationSubject(destination({ content: withEmployer({ contactPhone: `+86 ${ZHANG_PHONE.slice(0, 3)}-${ZHANG_PHONE.slice(3)}` }) }));
      expect(codes(subject, facts({ studentPhones: phones }))).toEqual(['contactIsStudent']);
      expect(textOf(subject, facts({ studentPhones: phones }), 'contactIsStudent')).toBe(`单位联系电话 +86 138-00138000 与学生本人的手机号码相同`);
    });

    it('fires when it is the family\'s', () => {
      const subject = destinationSubject(destination({ content: withEmployer({ contactPhone: '13500135000' }) }));
      expect(textOf(subject, facts({ studentPhones: phones }), 'contactIsStudent')).toBe('单位联系电话 13500135000 与紧急联系人电话相同');
    });

    it('does not fire on another phone, nor on an empty one', () => {
      expect(codes(destinationSubject(destination()), facts({ studentPhones: phones }))).toEqual([]);
      expect(codes(destinationSubject(destination()), facts({ studentPhones: [{ label: '紧急联系人电话', phone: '' }] }))).toEqual([]);
    });

    it('fires on an agreement whose unit phone is the student\'s', () => {
      const a = aStudentAgreement('pendingCollege', { content: { ...anAgreement().content, employer: { ...EMPLOYER_INFO, contactPhone: ZHANG_PHONE } } });
      expect(checkFlags(agreementSubject(a), facts({ studentPhones: phones })).map((f) => f.code)).toEqual(['contactIsStudent']);
    });
  });

  describe('sharedContact', () => {
    it('fires when another unit (another credit code) uses the phone, naming it', () => {
      const f = facts({ contacts: [{ name: '北京新单位科技有限公司', uscc: OTHER_USCC, phone: '139-1234-5678' }] });
      const subject = destinationSubject(destination());
      expect(codes(subject, f)).toEqual(['sharedContact']);
      expect(textOf(subject, f, 'sharedContact')).toBe(`单位联系电话 13912345678 也是「北京新单位科技有限公司」（${OTHER_USCC}）的联系方式`);
    });

    it('fires on a shared e-mail, and counts units past three, each unit once', () => {
      const others = ['甲', '乙', '丙', '丁'].map((n, i) => ({ name: `${n}公司`, uscc: withUsccCheck(`9111010800000000${i}`), email: 'HR@example.com' }));
      const f = facts({ contacts: [...others, others[0]!] });
      expect(textOf(destinationSubject(destination()), f, 'sharedContact')).toBe(
        `单位联系邮箱 hr@example.com 也是${others.slice(0, 3).map((o) => `「${o.name}」（${o.uscc}）`).join('、')}等 4 个单位的联系方式`,
      );
    });

    it('does not fire on the same unit\'s other records, nor on a contact nobody else uses', () => {
      const f = facts({ contacts: [{ name: '深圳示例科技有限公司（旧名）', uscc: USCC.toLowerCase(), phone: '13912345678' }] });
      expect(codes(destinationSubject(destination()), f)).toEqual([]);
      expect(codes(destinationSubject(destination()), facts({ contacts: [{ name: '别的单位', uscc: OTHER_USCC, phone: '13700000000' }] }))).toEqual([]);
    });

    it('fires on an agreement', () => {
      const f = facts({ contacts: [{ name: '别的单位', uscc: OTHER_USCC, phone: EMPLOYER_INFO.contactPhone }] });
      expect(checkFlags(agreementSubject(anAgreement()), f).map((x) => x.code)).toEqual(['sharedContact']);
    });
  });

  describe('otherJob', () => {
    it('fires on 工作职位类别 90 其他人员, naming the job', () => {
      const subject = destinationSubject(destination({ content: withEmployer({ jobCategory: '90' }) }));
      expect(codes(subject)).toEqual(['otherJob']);
      expect(textOf(subject, NO_FACTS, 'otherJob')).toBe('工作职位类别填的是“90 其他人员”，岗位名称是「前端开发工程师」，请核对是否有更贴切的类别');
    });

    it('does not fire on any other category', () => {
      expect(codes(destinationSubject(destination({ content: withEmployer({ jobCategory: '29' }) })))).toEqual([]);
    });

    it('fires on an agreement whose job carries the category, and not on one without', () => {
      const job = { ...TERMS.job, jobCategory: '90' };
      expect(checkFlags(agreementSubject(anAgreement('pendingCollege', { content: { ...anAgreement().content, job } })), NO_FACTS).map((x) => x.code)).toEqual(['otherJob']);
      expect(checkFlags(agreementSubject(anAgreement()), NO_FACTS)).toEqual([]);
    });
  });

  describe('internshipEvidence', () => {
    const file = (name: string) => ({ fileId: `cloud://env.bucket/uploads/abc/${name}`, sha256: 'f'.repeat(64) });

    it('fires on a file named as an internship or 见习 certificate, naming the file', () => {
      const subject = destinationSubject(destination({ evidence: [aFile(1), file('r1-%E5%AE%9E%E4%B9%A0%E8%AF%81%E6%98%8E.jpg')] }));
      expect(codes(subject)).toEqual(['internshipEvidence']);
      expect(textOf(subject, NO_FACTS, 'internshipEvidence')).toBe('证明材料「r1-实习证明.jpg」的文件名含“实习”，像是实习或见习证明：实习或见习证明不能作为就业证明');
      expect(codes(destinationSubject(destination({ evidence: [file('x-见习鉴定表.pdf')] })))).toEqual(['internshipEvidence']);
    });

    it('fires on a name typed on a computer (internship, intern, shixi)', () => {
      for (const name of ['Internship-Certificate.pdf', 'r1-intern_letter.jpg', 'shixizhengming.jpg']) {
        expect([name, codes(destinationSubject(destination({ evidence: [file(name)] })))]).toEqual([name, ['internshipEvidence']]);
      }
    });

    it('does not fire on a contract, nor on a word that only begins like one', () => {
      expect(codes(destinationSubject(destination({ evidence: [file('r2-劳动合同.jpg')] })))).toEqual([]);
      expect(codes(destinationSubject(destination({ evidence: [file('international-trade-contract.pdf'), file('internal-offer.jpg')] })))).toEqual([]);
      expect(fileNameOf('local://uploads/abc/r2-%ZZ.jpg')).toBe('r2-%ZZ.jpg');
    });

    it('fires on an agreement\'s 就业证明材料', () => {
      expect(checkFlags(agreementSubject(aStudentAgreement('pendingCollege', { proofFiles: [file('q-实习协议.jpg')] })), NO_FACTS).map((x) => x.code)).toEqual(['internshipEvidence']);
    });
  });

  describe('changedAfterConfirm', () => {
    const approved = { ...CONTENT, approvedAt: CREATED, evidence: [aFile(1)] };

    it('fires when the working values differ from the ones the student confirmed, naming what changed', () => {
      const d = destination({ approved, confirmedAt: '2026-05-26T06:30:00.000Z', content: withEmployer({ name: '深圳示例网络有限公司', contactPhone: '13700137000' }), evidence: [aFile(2)] });
      const subject = destinationSubject(d);
      expect(codes(subject)).toEqual(['changedAfterConfirm']);
      expect(textOf(subject, NO_FACTS, 'changedAfterConfirm')).toBe('学生已于 2026年5月26日 14:30 本人确认，之后改动了单位名称、单位联系电话、证明材料');
    });

    it('names a whole part when the type changed', () => {
      const study: DestinationContent = { type: '80', study: { school: '北京大学', programme: '软件工程', level: '硕士研究生' } };
      expect(changedParts({ ...CONTENT, evidence: [aFile(1)] }, { ...study, evidence: [aFile(1)] })).toEqual(['去向类型', '单位信息', '升学信息', '档案转递', '户口迁移']);
    });

    it('does not fire while the values are the confirmed ones (the same file uploaded again included), nor without a confirmation', () => {
      expect(codes(destinationSubject(destination({ approved, confirmedAt: CREATED, evidence: [{ ...aFile(1), fileId: 'cloud://env/uploads/x/again.jpg' }] })))).toEqual([]);
      expect(codes(destinationSubject(destination({ approved, content: withEmployer({ name: '深圳示例网络有限公司' }) })))).toEqual([]);
    });
  });

  it('several flags are listed in one order, and stored as codes with `flagged`', () => {
    const content = withEmployer({ uscc: `${USCC.slice(0, 17)}0`, jobCategory: '90', contactPhone: ZHANG_PHONE });
    const flags = checkFlags(destinationSubject(destination({ content })), facts({ studentPhones: [{ label: '学生本人的手机号码', phone: ZHANG_PHONE }] }));
    expect(storedFlags(flags)).toEqual({ flags: ['usccChecksum', 'contactIsStudent', 'otherJob'], flagged: true });
  });

  it('the contact kept flat beside the content is normalised, and cleared with the unit', () => {
    expect(contactKeys({ name: 'x', uscc: USCC, contactPhone: '0755-8888 6666', contactEmail: ' HR@Example.com ' })).toEqual({ contactPhone: '075588886666', contactEmail: 'hr@example.com' });
    expect(contactKeys(null)).toEqual({ contactPhone: undefined, contactEmail: undefined });
    expect(normalisePhone('+86 139 1234 5678')).toBe('13912345678');
  });
});
