/**
 * 就业核查 through the query function: the destination queue's flag filter and counts (a college reviewer sees their
 * college only), agreements' queue labels and detail flags with reasons, and the loads that find what the flags
 * compare with in a real store (the library by credit code and name, the student's phone, a contact another unit uses).
 */
import { destinationFlagFields, flagsFor } from '../../server/app/flags';
import { destinationId } from '../../server/domain/destination';
import { withUsccCheck } from '../../server/domain/identifiers';
import { step } from '../../server/domain/machine';
import { studentKeys } from '../../server/domain/parties';
import type { DestinationDoc } from '../../server/domain/types';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { query } from '../../server/usecases/query';
import type { DestinationContent, QueryResults, QueueFilter, QueueName } from '../../typings';
import { initiationDraft } from '../support/agreements';
import { aDraft, decide, EMPLOYER_PART, submit } from '../support/destinations';
import { registerDestination } from '../../server/usecases/registerDestination';
import { makeSystem, rid, type TestSystem } from '../support/harness';

const ZHANG = '2026010101';
const LI = '2026010102';
const WANG = '2026020101';
/** the demo library's certified unit */
const DEMO_UNIT = { name: '深圳示例科技有限公司', uscc: withUsccCheck('91440300MA5D8K2P1'), phone: '13912345678' };
const OTHER_USCC = '91350100M000100Y43';

const job = (over: Partial<NonNullable<DestinationContent['employer']>> = {}): DestinationContent => ({
  type: '11',
  employer: {
    name: '北京示例数据有限公司', uscc: OTHER_USCC, nature: '39', industry: 'I', region: '110108', jobCategory: '13', jobTitle: '数据分析师',
    contactName: '刘女士', contactPhone: '010-62345678', ...over,
  },
  file: { receiverKind: 'employer', receiver: '北京示例数据有限公司', address: '北京市海淀区中关村大街1号', postcode: '100080', phone: '010-62345678' },
  hukou: { migrate: false },
});
const study: DestinationContent = { type: '80', study: { school: '北京大学', programme: '软件工程', level: '硕士研究生' } };

/**
 * A destination submitted by its student, written as registerDestination's submit writes it (the record, its audit
 * entry) with the flags its loads find at that moment.
 */
async function submitted(sys: TestSystem, studentNo: string, content: DestinationContent, files: string[] = ['contract.jpg']): Promise<DestinationDoc> {
  const student = (await sys.store.get('students', studentNo))!;
  const now = sys.deps.clock().toISOString();
  const openid = student.openid ?? `openid-${studentNo}`;
  const evidence = await Promise.all(files.map(async (name) => ({ fileId: await sys.upload(openid, name), sha256: 'a'.repeat(64) })));
  const id = destinationId(studentNo);
  const flags = await destinationFlagFields(sys.deps, { id, studentNo, content, evidence, approved: null });
  const created = step<'destination', DestinationDoc>({
    kind: 'destination', current: null, id, action: 'submit', actor: { openid, role: 'student' }, now, attachments: evidence,
    patch: { ...studentKeys(student), content, evidence, approved: null, submittedAt: now, report: { state: 'new' }, studentOpenid: openid, ...flags },
  });
  await sys.store.commit({ writes: [{ collection: 'destinations', doc: created.doc, expectedVersion: 0 }], audit: [created.audit], outbox: [] });
  sys.advance(60_000);
  return created.doc;
}

/** One view of the query function, typed as its page reads it. */
const view = <V extends keyof QueryResults>(sys: TestSystem, openid: string, event: { view: V } & Record<string, unknown>) =>
  sys.ok(query, openid, event) as Promise<QueryResults[V]>;
const queues = (sys: TestSystem, openid: string, queue: QueueName, filter?: QueueFilter) =>
  view(sys, openid, { view: 'reviewQueues', queue, ...(filter ? { filter } : {}) });
const titles = (page: { items: { title: string }[] }): string[] => page.items.map((i) => i.title);

describe('就业核查 in the reviewer\'s queues and details', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  describe('the destination queue', () => {
    beforeEach(async () => {
      // 张三's unit phone is his own (生源核查's 手机号码); 李四 goes on to study; 王五 names the library's code under another name
      await submitted(sys, ZHANG, job({ contactPhone: '138-0013-8000' }));
      await submitted(sys, LI, study, ['admission.jpg']);
      await submitted(sys, WANG, job({ name: '深圳示例网络有限公司', uscc: DEMO_UNIT.uscc }));
    });

    it('stores the flags as codes with `flagged`, and the unit\'s contact flat', async () => {
      const zhang = (await sys.store.get('destinations', destinationId(ZHANG)))!;
      expect(zhang).toMatchObject({ flags: ['contactIsStudent'], flagged: true, contactPhone: '13800138000' });
      expect(await sys.store.get('destinations', destinationId(LI))).toMatchObject({ flags: [], flagged: false });
      expect(await sys.store.get('destinations', destinationId(WANG))).toMatchObject({ flags: ['usccName'], flagged: true });
    });

    it('a college reviewer sees their college only: the count, the flag counts, each item\'s labels', async () => {
      const view = await queues(sys, DEMO_OPENIDS.collegeReviewer, 'destination');
      expect(view.counts.destination).toBe(2);
      expect(view.flagCounts).toEqual({ flagged: 1, unflagged: 1 });
      expect(view.page.items.map((i) => [i.title, i.subtitle, i.flags])).toEqual([
        [`张三 ${ZHANG}`, '签劳动合同 · 北京示例数据有限公司', ['单位电话为本人或家庭电话']],
        [`李四 ${LI}`, '升学 · 北京大学', []],
      ]);
      const em = await queues(sys, DEMO_OPENIDS.collegeReviewerEm, 'destination');
      expect(titles(em.page)).toEqual([`王五 ${WANG}`]);
      expect(em.flagCounts).toEqual({ flagged: 1, unflagged: 0 });
    });

    it('the filter: flagged only, unflagged only; a college reviewer cannot reach another college by asking', async () => {
      expect(titles((await queues(sys, DEMO_OPENIDS.collegeReviewer, 'destination', { flagged: true })).page)).toEqual([`张三 ${ZHANG}`]);
      expect(titles((await queues(sys, DEMO_OPENIDS.collegeReviewer, 'destination', { flagged: false })).page)).toEqual([`李四 ${LI}`]);
      const asked = await view(sys, DEMO_OPENIDS.collegeReviewer, { view: 'reviewQueue', queue: 'destination', filter: { flagged: true, collegeId: 'em' } });
      expect(titles(asked)).toEqual([`张三 ${ZHANG}`]);
    });

    it('the school sees every college, filters by college and flag, and counts within the college filter', async () => {
      const all = await queues(sys, DEMO_OPENIDS.schoolReviewer, 'destination', { flagged: true });
      expect(titles(all.page)).toEqual([`张三 ${ZHANG}`, `王五 ${WANG}`]);
      expect(all.flagCounts).toEqual({ flagged: 2, unflagged: 1 });
      const em = await queues(sys, DEMO_OPENIDS.schoolReviewer, 'destination', { flagged: true, collegeId: 'em' });
      expect(em.page.items.map((i) => [i.title, i.flags])).toEqual([[`王五 ${WANG}`, ['统一社会信用代码与单位名称不符']]]);
      expect(em.flagCounts).toEqual({ flagged: 1, unflagged: 0 });
      const major = await queues(sys, DEMO_OPENIDS.schoolReviewer, 'destination', { flagged: false, major: '计算机科学与技术' });
      expect(titles(major.page)).toEqual([`李四 ${LI}`]);
      expect(major.flagCounts).toEqual({ flagged: 0, unflagged: 1 });
    });

    it('refuses a flag filter that is no boolean, or on a queue without flags, naming it', async () => {
      const wrong = await sys.call(query, DEMO_OPENIDS.collegeReviewer, { view: 'reviewQueue', queue: 'destination', filter: { flagged: 'yes' } });
      expect(wrong).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(JSON.stringify(wrong)).toContain('就业核查');
      const elsewhere = await sys.call(query, DEMO_OPENIDS.collegeReviewer, { view: 'reviewQueue', queue: 'sourceCheck', filter: { flagged: true } });
      expect(elsewhere).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: expect.stringContaining('核查提示筛选只用于毕业去向登记和三方协议') });
    });
  });

  describe('agreements', () => {
    /**
     * 张三 starts his own agreement with a unit he typed: the library's name under another code, his own phone, and
     * an internship certificate (named as a computer names it: local storage keeps ASCII names).
     */
    async function flaggedAgreement(): Promise<string> {
      const proof = await sys.upload(DEMO_OPENIDS.student, 'internship-certificate.jpg');
      const employer = { name: DEMO_UNIT.name, uscc: OTHER_USCC, nature: '39', industry: '65', region: '110108', address: '北京市海淀区中关村大街1号', contactName: '张三', contactPhone: '13800138000' };
      const done = await sys.ok(initiateSigning, DEMO_OPENIDS.student, { action: 'submit', requestId: rid(), version: 0, draft: initiationDraft([proof], { employer: { manual: employer } }) });
      return done.id;
    }

    it('the detail lists each flag with the reason naming what was compared; the queue item its labels', async () => {
      const id = await flaggedAgreement();
      const detail = await view(sys, DEMO_OPENIDS.collegeReviewer, { view: 'reviewDetail', record: 'agreement', id });
      expect(detail.flags).toEqual([
        { code: 'usccName', label: '统一社会信用代码与单位名称不符', text: `单位库中「${DEMO_UNIT.name}」的统一社会信用代码是 ${DEMO_UNIT.uscc}，与填写的 ${OTHER_USCC} 不同` },
        { code: 'contactIsStudent', label: '单位电话为本人或家庭电话', text: '单位联系电话 13800138000 与学生本人的手机号码相同' },
        { code: 'internshipEvidence', label: '材料疑为实习/见习证明', text: '证明材料「internship-certificate.jpg」的文件名含“internship”，像是实习或见习证明：实习或见习证明不能作为就业证明' },
      ]);
      expect(detail.item.flags).toEqual(detail.flags!.map((f) => f.label));
      const listed = await queues(sys, DEMO_OPENIDS.collegeReviewer, 'agreementCollege');
      expect(listed.page.items.map((i) => i.flags)).toEqual([['统一社会信用代码与单位名称不符', '单位电话为本人或家庭电话', '材料疑为实习/见习证明']]);
      expect(listed.flagCounts).toBeUndefined();
      // the agreement queue's filter runs on each page
      expect((await queues(sys, DEMO_OPENIDS.collegeReviewer, 'agreementCollege', { flagged: false })).page.items).toEqual([]);
      expect((await queues(sys, DEMO_OPENIDS.collegeReviewer, 'agreementCollege', { flagged: true })).page.items).toHaveLength(1);
    });

    it('an agreement with the library\'s own unit has none', async () => {
      const proof = await sys.upload(DEMO_OPENIDS.student, 'offer-letter.jpg');
      const done = await sys.ok(initiateSigning, DEMO_OPENIDS.student, { action: 'submit', requestId: rid(), version: 0, draft: initiationDraft([proof]) });
      const detail = await view(sys, DEMO_OPENIDS.collegeReviewer, { view: 'reviewDetail', record: 'agreement', id: done.id });
      expect(detail.flags).toEqual([]);
      expect(detail.item.flags).toEqual([]);
    });

    it('another college\'s reviewer cannot read it', async () => {
      const id = await flaggedAgreement();
      expect(await sys.call(query, DEMO_OPENIDS.collegeReviewerEm, { view: 'reviewDetail', record: 'agreement', id })).toMatchObject({ ok: false });
    });
  });

  describe('a destination\'s detail, through registerDestination', () => {
    /** 张三 registers a 劳动合同 with his own phone as the unit's: flagged when it is submitted. */
    async function zhangSubmits(over: Partial<typeof EMPLOYER_PART> = {}) {
      const contract = await sys.upload(DEMO_OPENIDS.student, 'contract.pdf');
      return submit(sys, DEMO_OPENIDS.student, aDraft('11', [contract], { employer: { ...EMPLOYER_PART, contactPhone: '13800138000', ...over } }), 0);
    }

    it('the submission stores the flags; the college\'s reviewer reads the record, its evidence and each flag\'s reason', async () => {
      const sent = await zhangSubmits();
      expect(await sys.store.get('destinations', destinationId(ZHANG))).toMatchObject({ flags: ['contactIsStudent'], flagged: true, contactPhone: '13800138000' });
      const detail = await view(sys, DEMO_OPENIDS.collegeReviewer, { view: 'reviewDetail', record: 'destination', id: sent.id });
      expect(detail.item).toMatchObject({ title: `张三 ${ZHANG}`, state: 'submitted', flags: ['单位电话为本人或家庭电话'] });
      expect(detail.destination).toMatchObject({ state: 'submitted', content: { type: '11', employer: { name: EMPLOYER_PART.name } }, approved: null, report: { state: 'new' } });
      expect(detail.destination!.evidence).toEqual([expect.objectContaining({ url: expect.any(String) })]);
      expect(detail.flags).toEqual([{ code: 'contactIsStudent', label: '单位电话为本人或家庭电话', text: '单位联系电话 13800138000 与学生本人的手机号码相同' }]);
      expect(detail.returnReasons).toContain('实习或见习证明不能作为就业证明');
      expect(detail.queue).toMatchObject({ name: 'destination', left: 0 });
    });

    it('another college\'s reviewer cannot read it; the school can', async () => {
      const sent = await zhangSubmits();
      expect(await sys.call(query, DEMO_OPENIDS.collegeReviewerEm, { view: 'reviewDetail', record: 'destination', id: sent.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect((await view(sys, DEMO_OPENIDS.schoolReviewer, { view: 'reviewDetail', record: 'destination', id: sent.id })).flags).toHaveLength(1);
    });

    it('a change after 本人确认: the values in force stay beside it, and the flag names what changed', async () => {
      const sent = await zhangSubmits({ contactPhone: '13912345678' });
      const approved = (await decide(sys, DEMO_OPENIDS.collegeReviewer, 'approve', sent.id, sent.version)).results[0]!;
      expect(approved.ok).toBe(true);
      const confirmed = await sys.ok(registerDestination, DEMO_OPENIDS.student, { action: 'confirm', requestId: rid(), version: (approved as { version: number }).version });
      sys.advance(3_600_000);
      const contract = await sys.upload(DEMO_OPENIDS.student, 'contract-2.pdf');
      const changed = await submit(sys, DEMO_OPENIDS.student, aDraft('11', [contract], { employer: { ...EMPLOYER_PART, jobTitle: '高级软件开发工程师' } }), confirmed.version);
      const stored = (await sys.store.get('destinations', destinationId(ZHANG)))!;
      expect(stored).toMatchObject({ state: 'submitted', flags: ['changedAfterConfirm'], flagged: true });
      const detail = await view(sys, DEMO_OPENIDS.collegeReviewer, { view: 'reviewDetail', record: 'destination', id: changed.id });
      expect(detail.destination!.approved).toMatchObject({ employer: { jobTitle: EMPLOYER_PART.jobTitle } });
      expect(detail.destination!.content.employer!.jobTitle).toBe('高级软件开发工程师');
      expect(detail.flags!.map((f) => f.code)).toEqual(['changedAfterConfirm']);
      expect(detail.flags![0]!.text).toMatch(/^学生已于 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} 本人确认，之后改动了岗位名称、证明材料$/);
    });
  });

  it('a family phone the roster holds (the school\'s import of 生源 fields) counts as the student\'s', async () => {
    const li = (await sys.store.get('students', LI))!;
    await sys.store.put('students', { ...li, source: { ...li.source, emergencyPhone: '13500135000' }, version: li.version + 1 }, li.version);
    const content = job({ contactPhone: '135-0013-5000' });
    const flags = await flagsFor(sys.deps, { record: 'destination', destination: { id: destinationId(LI), studentNo: LI, content, evidence: [], approved: null } });
    expect(flags).toEqual([{ code: 'contactIsStudent', label: '单位电话为本人或家庭电话', text: '单位联系电话 135-0013-5000 与紧急联系人电话相同' }]);
  });

  it('a contact another unit uses is found in the library, in other destinations and in agreements; the same unit\'s is not', async () => {
    // 李四's unit gives the library unit's phone; 王五's destination and 张三's agreement give 李四's unit's e-mail and phone
    const unit = { name: '广州另一单位有限公司', uscc: withUsccCheck('91440101MA5D8K2P1'), contactPhone: DEMO_UNIT.phone, contactEmail: 'hr@example.com' };
    await submitted(sys, WANG, job({ name: '成都示例有限公司', uscc: withUsccCheck('91510100MA5D8K2P1'), contactPhone: '13700000000', contactEmail: 'HR@example.com' }));
    const content = job(unit);
    const flags = await flagsFor(sys.deps, { record: 'destination', destination: { id: destinationId(LI), studentNo: LI, content, evidence: [], approved: null } });
    expect(flags.map((f) => f.code)).toEqual(['sharedContact']);
    expect(flags[0]!.text).toBe(
      `单位联系电话 ${DEMO_UNIT.phone} 也是「${DEMO_UNIT.name}」（${DEMO_UNIT.uscc}）的联系方式；单位联系邮箱 hr@example.com 也是「成都示例有限公司」（${withUsccCheck('91510100MA5D8K2P1')}）的联系方式`,
    );
    // the library unit's own records share its phone with it: no flag
    const own = await flagsFor(sys.deps, { record: 'destination', destination: { id: destinationId(LI), studentNo: LI, content: job({ ...DEMO_UNIT, contactPhone: DEMO_UNIT.phone }), evidence: [], approved: null } });
    expect(own).toEqual([]);
  });
});
