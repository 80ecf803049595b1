import type { QueryResults, Role } from '../../typings';
import { query } from '../../server/usecases/query';
import { review } from '../../server/usecases/review';
import { DEFAULT_RETURN_REASONS, SETTINGS_ID } from '../../server/app/settings';
import { respondOffer } from '../../server/usecases/respondOffer';
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { checkId } from '../../server/domain/checkFields';
import { sourceSchoolValues } from '../../server/domain/checks';
import { loadSettings, settingsChange } from '../../server/app/settings';
import { step, touch, type Stepped } from '../../server/domain/machine';
import { studentKeys } from '../../server/domain/parties';
import type {
  Actor,
  AgreementDoc,
  CheckDoc,
  CollectionName,
  EmployerDoc,
  OfferDoc,
  TerminationDoc,
  Tracked,
  UserDoc,
} from '../../server/domain/types';
import { DEMO_EMPLOYER_ID, DEMO_OPENIDS } from '../../server/runtime/seed';
import type { Write } from '../../server/store/port';
import { DAY, makeSystem, rid, T0, type TestSystem } from '../support/harness';
import { uploadFolder } from '../../server/storage/port';

const S = DEMO_OPENIDS;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const ZHANG = '2026010101';
const LI = '2026010102';
const WANG = '2026020101';
const OTHER_HR = 'other-hr';

const as = (openid: string, role: Role): Actor => ({ openid, role });
const nowOf = (sys: TestSystem): string => sys.deps.clock().toISOString();
/** The China calendar day `days` from the system's now, as YYYY-MM-DD. */
const chinaDay = (sys: TestSystem, days: number): string => new Date(sys.deps.clock().getTime() + 8 * HOUR + days * DAY).toISOString().slice(0, 10);

/** A view as the page gets it; fails the test unless ok. */
const view = <V extends keyof QueryResults>(sys: TestSystem, openid: string, event: { view: V } & Record<string, unknown>) =>
  sys.ok(query, openid, event) as Promise<QueryResults[V]>;

const refusal = async (sys: TestSystem, openid: string, event: Record<string, unknown>): Promise<string> => {
  const result = await sys.call(query, openid, event);
  return result.ok ? 'ok' : result.code;
};

/** Writes a domain step as the other functions would: record and audit entry in one commit. */
async function commitStep<D extends Tracked>(sys: TestSystem, collection: CollectionName, stepped: Stepped<D>, expectedVersion: number): Promise<D> {
  const write = { collection, doc: stepped.doc, expectedVersion } as unknown as Write;
  await sys.store.commit({ writes: [write], audit: [stepped.audit], outbox: [] });
  return stepped.doc;
}

async function submitSource(sys: TestSystem, studentNo: string, openid: string): Promise<CheckDoc> {
  const s = (await sys.store.get('students', studentNo))!;
  const school = sourceSchoolValues(s);
  const now = nowOf(sys);
  return commitStep(sys, 'checks', step<'check', CheckDoc>({
    kind: 'check', current: null, id: checkId('source', studentNo), action: 'submit', actor: as(openid, 'student'), now,
    patch: { kind: 'source', ...studentKeys(s), fields: { ...school, phone: '13700137000', email: 'li@example.com', homeAddress: '北京市东城区1号' }, schoolValues: school, submittedAt: now },
  }), 0);
}

async function decideCheck(sys: TestSystem, check: CheckDoc, action: 'approve' | 'return', reason?: string): Promise<CheckDoc> {
  return commitStep(sys, 'checks', step<'check', CheckDoc>({
    kind: 'check', current: check, id: check._id, action, actor: as(S.collegeReviewer, 'collegeReviewer'), now: nowOf(sys),
    ...(reason ? { reason } : {}), patch: { reason },
  }), check.version);
}

/** A check for a made-up student of the cs college: only the queue needs it. */
async function queuedCheck(sys: TestSystem, n: number): Promise<CheckDoc> {
  const studentNo = `2026019${String(n).padStart(3, '0')}`;
  const now = nowOf(sys);
  return commitStep(sys, 'checks', step<'check', CheckDoc>({
    kind: 'check', current: null, id: checkId('source', studentNo), action: 'submit', actor: as(`s-${n}`, 'student'), now,
    patch: { kind: 'source', studentNo, studentName: `学生${n}`, collegeId: 'cs', major: '软件工程', fields: {}, schoolValues: {}, submittedAt: now },
  }), 0);
}

async function addOffer(sys: TestSystem, id: string, opts: { expiresIn?: number; studentNo?: string; studentName?: string; employerId?: string } = {}): Promise<OfferDoc> {
  const seeded = (await sys.store.get('offers', 'offer-demo-1'))!;
  const now = sys.deps.clock().getTime();
  return commitStep(sys, 'offers', step<'offer', OfferDoc>({
    kind: 'offer', current: null, id, action: 'create', actor: as(S.employer, 'employer'), now: new Date(now).toISOString(),
    patch: {
      ...seeded,
      studentNo: opts.studentNo ?? seeded.studentNo,
      studentName: opts.studentName ?? seeded.studentName,
      employerId: opts.employerId ?? seeded.employerId,
      expiresAt: new Date(now + (opts.expiresIn ?? 14 * DAY)).toISOString(),
    },
  }), 0);
}

async function accept(sys: TestSystem, offerId = 'offer-demo-1'): Promise<AgreementDoc> {
  const offer = (await sys.store.get('offers', offerId))!;
  const done = await sys.ok(respondOffer, S.student, { action: 'accept', requestId: rid(), offerId, version: offer.version });
  return (await sys.store.get('agreements', done.id))!;
}

async function agreementStep(sys: TestSystem, a: AgreementDoc, action: 'collegeApprove' | 'schoolApprove' | 'collegeReturn' | 'revise', reason?: string): Promise<AgreementDoc> {
  const roles = { collegeApprove: ['collegeReviewer', S.collegeReviewer], collegeReturn: ['collegeReviewer', S.collegeReviewer], schoolApprove: ['schoolReviewer', S.schoolReviewer], revise: ['employer', S.employer] } as const;
  const [role, openid] = roles[action];
  const now = nowOf(sys);
  const patch: Partial<AgreementDoc> =
    action === 'schoolApprove' ? { signedAt: now } : action === 'collegeReturn' ? { returnReason: reason ?? '', returnedAt: 'college' } : {};
  return commitStep(sys, 'agreements', step<'agreement', AgreementDoc>({
    kind: 'agreement', current: a, id: a._id, action, actor: as(openid, role), now, ...(reason ? { reason } : {}), patch,
  }), a.version);
}

async function signed(sys: TestSystem): Promise<AgreementDoc> {
  return agreementStep(sys, await agreementStep(sys, await accept(sys), 'collegeApprove'), 'schoolApprove');
}

async function requestTermination(sys: TestSystem, a: AgreementDoc, id: string): Promise<TerminationDoc> {
  return commitStep(sys, 'terminations', step<'termination', TerminationDoc>({
    kind: 'termination', current: null, id, action: 'submit', actor: as(S.student, 'student'), now: nowOf(sys),
    patch: { ...studentKeys((await sys.store.get('students', a.studentNo))!), agreementId: a._id, explanation: '单位撤销岗位', evidence: [], studentOpenid: S.student },
  }), 0);
}

let usccSeq = 0;
async function addEmployer(sys: TestSystem, id: string, name: string, certified: boolean): Promise<EmployerDoc> {
  const seeded = (await sys.store.get('employers', DEMO_EMPLOYER_ID))!;
  const { _id, version, createdAt, updatedAt, auditHead, state, ...info } = seeded;
  return commitStep(sys, 'employers', step<'employer', EmployerDoc>({
    kind: 'employer', current: null, id, action: certified ? 'import' : 'register',
    actor: certified ? as('admin', 'admin') : as(`hr-${id}`, 'employer'), now: nowOf(sys),
    patch: { ...info, name, uscc: `91440300MA5${String(++usccSeq).padStart(6, '0')}X`, ...(certified ? {} : { registrantOpenid: `hr-${id}` }) },
  }), 0);
}

/** A second certified employer with its own HR contact. */
async function otherEmployer(sys: TestSystem): Promise<void> {
  await addEmployer(sys, 'emp-other', '广州另一家公司', true);
  const user = touch<UserDoc>({ record: 'user', current: null, id: OTHER_HR, action: 'bind', actor: as('admin', 'admin'), now: nowOf(sys), from: null, to: 'employer', patch: { role: 'employer', employerId: 'emp-other' } });
  await commitStep(sys, 'users', user, 0);
}

const noOpenids = (value: unknown): void => {
  const text = JSON.stringify(value);
  for (const openid of Object.values(S)) expect(text).not.toContain(openid);
};

describe('query', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  describe('home', () => {
    it('an unbound caller sees the public settings and no role; every other view answers NOT_BOUND', async () => {
      const home = await view(sys, 'stranger', { view: 'home' });
      expect(home).toEqual({
        role: null,
        settings: expect.objectContaining({ offerTtlDays: 14, printCopies: 4, allowStudentInitiate: true, allowStudentTermination: true }),
        todos: [],
      });
      expect(home.settings.templates.offerReceived).toBe('demo-tmpl-offer-received');
      const others = [
        { view: 'check', kind: 'source' },
        { view: 'offers' },
        { view: 'offer', id: 'offer-demo-1' },
        { view: 'agreement' },
        { view: 'termination', agreementId: 'x' },
        { view: 'terminationForm', agreementId: 'x' },
        { view: 'employerLibrary' },
        { view: 'reviewCounts' },
        { view: 'reviewStats' },
        { view: 'reviewQueues' },
        { view: 'reviewQueue', queue: 'sourceCheck' },
        { view: 'reviewDetail', record: 'check', id: `source:${ZHANG}` },
        { view: 'employerHome' },
        { view: 'employerOffers' },
      ];
      for (const event of others) expect([event.view, await refusal(sys, 'stranger', event)]).toEqual([event.view, 'NOT_BOUND']);
    });

    it('张三: his summary, the open offer counted down in calendar days, no source-check todo', async () => {
      const home = await view(sys, S.student, { view: 'home' });
      expect(home.role).toBe('student');
      expect(home.student).toEqual({
        studentNo: ZHANG, name: '张三', collegeName: '计算机学院', major: '软件工程',
        sourceCheck: 'approved', employmentCheck: null, agreement: null, openOffers: 1, destination: null,
      });
      expect(home.todos).toEqual([{ kind: 'offer', text: '有 1 条邀约待处理，14 天后失效', id: 'offer-demo-1' }, { kind: 'destination', text: '请完成毕业去向登记' }]);
      noOpenids(home);
    });

    it('the offer todo names the soonest deadline, says 今天失效 on its last day, and drops offers past it', async () => {
      await addOffer(sys, 'offer-soon', { expiresIn: 3 * DAY });
      expect((await view(sys, S.student, { view: 'home' })).todos[0]).toEqual({ kind: 'offer', text: '有 2 条邀约待处理，3 天后失效', id: 'offer-soon' });

      sys.advance(3 * DAY - HOUR);
      expect((await view(sys, S.student, { view: 'home' })).todos[0]!.text).toBe('有 2 条邀约待处理，今天失效');

      sys.advance(HOUR);
      const after = await view(sys, S.student, { view: 'home' });
      expect(after.student!.openOffers).toBe(1);
      expect(after.todos[0]).toEqual({ kind: 'offer', text: '有 1 条邀约待处理，11 天后失效', id: 'offer-demo-1' });
    });

    it('李四: 请完成生源核查 until he submits; a return says to revise', async () => {
      const before = await view(sys, S.student2, { view: 'home' });
      expect(before.student).toMatchObject({ name: '李四', sourceCheck: null, openOffers: 0 });
      expect(before.todos).toEqual([{ kind: 'sourceCheck', text: '请完成生源核查' }, { kind: 'destination', text: '请完成毕业去向登记' }]);

      const submitted = await submitSource(sys, LI, S.student2);
      const waiting = await view(sys, S.student2, { view: 'home' });
      expect(waiting.student!.sourceCheck).toBe('submitted');
      expect(waiting.todos).toEqual([{ kind: 'destination', text: '请完成毕业去向登记' }]);

      await decideCheck(sys, submitted, 'return', '家庭地址不完整');
      const returned = await view(sys, S.student2, { view: 'home' });
      expect(returned.todos).toEqual([{ kind: 'checkReturned', text: '生源信息被退回，请修改后重新提交', id: `source:${LI}` }, { kind: 'destination', text: '请完成毕业去向登记' }]);
    });

    it('a returned agreement shows its reason; once signed, 就业信息核验 is asked for', async () => {
      const pending = await accept(sys);
      const returned = await agreementStep(sys, pending, 'collegeReturn', '岗位名称与招聘信息不一致');
      const home = await view(sys, S.student, { view: 'home' });
      expect(home.student!.agreement).toEqual({
        id: pending._id, agreementNo: pending.agreementNo, state: 'returned', origin: 'offer', employerName: '深圳示例科技有限公司', jobTitle: '前端开发工程师', updatedAt: returned.updatedAt,
      });
      expect(home.student!.openOffers).toBe(0);
      expect(home.todos).toEqual([{ kind: 'agreementReturned', text: '三方协议被退回：岗位名称与招聘信息不一致', id: pending._id }, { kind: 'destination', text: '请完成毕业去向登记' }]);

      const revised = await agreementStep(sys, returned, 'revise');
      await agreementStep(sys, await agreementStep(sys, revised, 'collegeApprove'), 'schoolApprove');
      const after = await view(sys, S.student, { view: 'home' });
      expect(after.student!.agreement!.state).toBe('signed');
      expect(after.todos).toEqual([{ kind: 'employmentCheck', text: '请完成就业信息核验' }, { kind: 'destination', text: '请完成毕业去向登记' }]);
    });

    it('employers see their unit, reviewers their scope', async () => {
      expect(await view(sys, S.employer, { view: 'home' })).toMatchObject({
        role: 'employer', employer: { id: DEMO_EMPLOYER_ID, name: '深圳示例科技有限公司', state: 'certified' }, todos: [],
      });
      expect((await view(sys, S.collegeReviewer, { view: 'home' })).reviewer).toEqual({ scope: 'college', collegeId: 'cs', collegeName: '计算机学院' });
      expect(await view(sys, S.schoolReviewer, { view: 'home' })).toMatchObject({ role: 'schoolReviewer', reviewer: { scope: 'school' } });
      expect((await view(sys, S.schoolReviewer, { view: 'home' })).student).toBeUndefined();
    });
  });

  describe('help', () => {
    it('anyone, bound or not, gets the school\'s contacts and FAQ, and the notices not past, soonest first', async () => {
      // given a school with two contacts and four notices, one of them past (T0 is 2026-03-02 in China)
      const current = await loadSettings(sys.store);
      const { _id, version, createdAt, updatedAt, auditHead, ...school } = current;
      const change = settingsChange(current, {
        ...school,
        helpContacts: [{ name: '就业指导中心', phone: '010-62751234' }, { name: '计算机学院辅导员', phone: '13800138000' }],
        faq: [{ question: '怎么打印？', answer: '签约成功后点击打印。' }],
        notices: [
          { title: '就业信息核验截止', deadline: '2026-06-30' },
          { title: '生源核查截止', deadline: chinaDay(sys, 3) },
          { title: '已过期的通知', deadline: chinaDay(sys, -1) },
          { title: '今天截止的通知', deadline: chinaDay(sys, 0) },
        ],
      }, as('admin', 'admin'), nowOf(sys))!;
      await sys.store.commit({ writes: [change.write], audit: [change.audit], outbox: [] });
      // when an unbound caller and a student ask
      const stranger = await view(sys, 'someone-new', { view: 'help' });
      const student = await view(sys, S.student, { view: 'help' });
      // then both see the same, past notices hidden, soonest first with the days left
      expect(student).toEqual(stranger);
      expect(stranger.schoolName).toBe('示例大学');
      expect(stranger.contacts).toEqual([{ name: '就业指导中心', phone: '010-62751234' }, { name: '计算机学院辅导员', phone: '13800138000' }]);
      expect(stranger.faq).toEqual([{ question: '怎么打印？', answer: '签约成功后点击打印。' }]);
      expect(stranger.notices.map((n) => [n.title, n.daysLeft])).toEqual([
        ['今天截止的通知', 0],
        ['生源核查截止', 3],
        ['就业信息核验截止', expect.any(Number)],
      ]);
      noOpenids(stranger);
    });

    it('a fresh install: the built-in FAQ and retention, no contacts, no notices', async () => {
      const fresh = await makeSystem({ seed: false });
      try {
        const help = await view(fresh, 'someone-new', { view: 'help' });
        expect(help.contacts).toEqual([]);
        expect(help.notices).toEqual([]);
        expect(help.faq.map((f) => f.question)).toContain('绑错了身份怎么办？');
        expect(help.retention).toContain('就业档案');
      } finally {
        await fresh.close();
      }
    });
  });

  describe('check', () => {
    it('before 开始核验: no state, version 0, the roster pre-filled, school fields locked', async () => {
      const check = await view(sys, S.student2, { view: 'check', kind: 'source' });
      expect(check).toMatchObject({ kind: 'source', state: null, version: 0, canEdit: true, canWithdraw: false, timeline: [] });
      const field = (key: string) => check.fields.find((f) => f.spec.key === key)!;
      expect(field('name')).toEqual({ spec: expect.objectContaining({ label: '姓名', owner: 'school' }), value: '李四', mismatch: false });
      expect(field('studentNo').value).toBe(LI);
      expect(field('collegeName').value).toBe('计算机学院');
      expect(field('educationLevel').value).toBe('本科');
      expect(field('phone')).toEqual({ spec: expect.objectContaining({ owner: 'student', required: true }), value: '', mismatch: false });
      expect(check.fields.every((f) => f.schoolValue === undefined)).toBe(true);
    });

    it('身份证号 is masked as on every other screen: before 开始核验, after submission, and to the reviewer', async () => {
      const whole = (await sys.store.get('students', LI))!.idNumber;
      const masked = `${whole.slice(0, 6)}********${whole.slice(14)}`;
      const idOf = (c: QueryResults['check']) => c.fields.find((f) => f.spec.key === 'idNumber')!.value;
      expect(idOf(await view(sys, S.student2, { view: 'check', kind: 'source' }))).toBe(masked);

      await submitSource(sys, LI, S.student2);
      const submitted = await view(sys, S.student2, { view: 'check', kind: 'source' });
      expect(idOf(submitted)).toBe(masked);
      expect(JSON.stringify(submitted)).not.toContain(whole);
      const detail = await view(sys, S.collegeReviewer, { view: 'reviewDetail', record: 'check', id: checkId('source', LI) });
      expect(JSON.stringify(detail)).not.toContain(whole);
      expect(JSON.stringify(detail)).toContain(masked);
      // the stored record keeps the whole number: only what a screen is sent is masked
      expect((await sys.store.get('checks', checkId('source', LI)))!.fields.idNumber).toBe(whole);
    });

    it('after submission: the stored values, withdraw allowed, a Chinese timeline without openids', async () => {
      await submitSource(sys, LI, S.student2);
      const check = await view(sys, S.student2, { view: 'check', kind: 'source' });
      expect(check).toMatchObject({ state: 'submitted', version: 1, canEdit: false, canWithdraw: true });
      expect(check.fields.find((f) => f.spec.key === 'phone')!.value).toBe('13700137000');
      expect(check.timeline).toEqual([{ action: 'submit', label: '提交', from: null, to: 'submitted', at: T0, actorRole: 'student' }]);
      noOpenids(check);

      const approved = await view(sys, S.student, { view: 'check', kind: 'source' });
      expect(approved).toMatchObject({ state: 'approved', canEdit: false, canWithdraw: false });
      expect(approved.timeline.map((e) => [e.label, e.actorRole])).toEqual([['提交', 'student'], ['审核通过', 'collegeReviewer']]);
    });

    it('a returned check carries the reason and can be edited again', async () => {
      await decideCheck(sys, await submitSource(sys, LI, S.student2), 'return', '家庭地址不完整');
      const check = await view(sys, S.student2, { view: 'check', kind: 'source' });
      expect(check).toMatchObject({ state: 'returned', reason: '家庭地址不完整', canEdit: true, canWithdraw: false });
      expect(check.timeline[1]).toMatchObject({ action: 'return', label: '退回', reason: '家庭地址不完整', actorRole: 'collegeReviewer' });
    });

    it('a roster updated since (re-import): a check still the student\'s to edit shows the school\'s current values; a submitted one what was confirmed', async () => {
      const submitted = await submitSource(sys, LI, S.student2);
      const roster = (await sys.store.get('students', LI))!;
      await sys.store.put('students', { ...roster, major: '人工智能', version: roster.version + 1 }, roster.version);
      const major = (c: QueryResults['check']) => c.fields.find((f) => f.spec.key === 'major')!.value;
      expect(major(await view(sys, S.student2, { view: 'check', kind: 'source' }))).toBe('计算机科学与技术');

      await decideCheck(sys, submitted, 'return', '请核对专业');
      const returned = await view(sys, S.student2, { view: 'check', kind: 'source' });
      expect(major(returned)).toBe('人工智能');
      // what the student typed is kept
      expect(returned.fields.find((f) => f.spec.key === 'phone')!.value).toBe('13700137000');
      expect(returned.version).toBe(submitted.version + 1);
    });

    it('employment: the school value beside each field, and a mismatch where the student differs', async () => {
      const roster = (await sys.store.get('students', ZHANG))!;
      const employment = { destination: '签就业协议形式就业', employerName: '深圳示例科技有限公司', jobTitle: '前端开发工程师' };
      await sys.store.put('students', { ...roster, employment, version: roster.version + 1 }, roster.version);

      const fresh = await view(sys, S.student, { view: 'check', kind: 'employment' });
      const freshField = (key: string) => fresh.fields.find((f) => f.spec.key === key)!;
      expect(fresh.state).toBeNull();
      expect(freshField('employerName')).toMatchObject({ value: '深圳示例科技有限公司', schoolValue: '深圳示例科技有限公司', mismatch: false });
      expect(freshField('name')).toMatchObject({ value: '张三', schoolValue: '张三', mismatch: false });
      expect(freshField('uscc')).toMatchObject({ value: '', schoolValue: '', mismatch: false });

      const school = { studentNo: ZHANG, name: '张三', collegeName: '计算机学院', major: '软件工程', ...employment };
      const now = nowOf(sys);
      await commitStep(sys, 'checks', step<'check', CheckDoc>({
        kind: 'check', current: null, id: checkId('employment', ZHANG), action: 'submit', actor: as(S.student, 'student'), now,
        patch: { kind: 'employment', ...studentKeys(roster), fields: { ...school, employerName: '深圳另一家公司', uscc: '91440300MA5DEMO01X' }, schoolValues: school, submittedAt: now },
      }), 0);
      const check = await view(sys, S.student, { view: 'check', kind: 'employment' });
      const field = (key: string) => check.fields.find((f) => f.spec.key === key)!;
      expect(field('employerName')).toMatchObject({ value: '深圳另一家公司', schoolValue: '深圳示例科技有限公司', mismatch: true });
      expect(field('jobTitle').mismatch).toBe(false);
      // the school has no credit code on file: nothing to disagree with
      expect(field('uscc')).toMatchObject({ value: '91440300MA5DEMO01X', schoolValue: '', mismatch: false });

      const detail = await view(sys, S.collegeReviewer, { view: 'reviewDetail', record: 'check', id: checkId('employment', ZHANG) });
      expect(detail.check!.fields.filter((f) => f.mismatch).map((f) => f.spec.key)).toEqual(['employerName']);
      expect(detail.check).toMatchObject({ canEdit: false, canWithdraw: false });
    });

    it('carries the school\'s subscription templates, for the consent 提交 asks', async () => {
      const check = await view(sys, S.student2, { view: 'check', kind: 'source' });
      expect(check.templates).toEqual((await view(sys, S.student2, { view: 'home' })).settings.templates);
      expect(check.templates.reviewResult).toBeTruthy();
    });

    it('is the student\'s own screen: other roles are refused', async () => {
      expect(await refusal(sys, S.employer, { view: 'check', kind: 'source' })).toBe('FORBIDDEN');
      expect(await refusal(sys, S.schoolReviewer, { view: 'check', kind: 'source' })).toBe('FORBIDDEN');
    });
  });

  describe('offers and offer', () => {
    it('open first by soonest deadline, then the rest newest first, with daysLeft from the clock', async () => {
      await addOffer(sys, 'offer-b', { expiresIn: 3 * DAY });
      sys.advance(MINUTE);
      const c = await addOffer(sys, 'offer-c');
      await sys.ok(respondOffer, S.student, { action: 'decline', requestId: rid(), offerId: c._id, version: 1, reason: '已有其他意向' });

      const list = await view(sys, S.student, { view: 'offers' });
      expect(list.offers.map((o) => [o.id, o.state, o.daysLeft])).toEqual([
        ['offer-b', 'open', 3],
        ['offer-demo-1', 'open', 14],
        ['offer-c', 'declined', null],
      ]);
      expect(list.offers[2]!.declineReason).toBe('已有其他意向');
      expect(list).toMatchObject({ agreements: [], sourceCheckApproved: true, allowStudentInitiate: true });
      noOpenids(list);

      sys.setNow(new Date(Date.parse(T0) + 3 * DAY - HOUR).toISOString());
      expect((await view(sys, S.student, { view: 'offers' })).offers[0]).toMatchObject({ id: 'offer-b', daysLeft: 0 });

      sys.advance(HOUR);
      const later = await view(sys, S.student, { view: 'offers' });
      expect(later.offers.map((o) => [o.id, o.state, o.daysLeft])).toEqual([
        ['offer-demo-1', 'open', 11],
        ['offer-c', 'declined', null],
        ['offer-b', 'expired', null],
      ]);
    });

    it('counts calendar days in China: a deadline after midnight is 1 day away even with hours left', async () => {
      // T0 is 10:00 in Shanghai; 15 hours later is 01:00 the next day
      await addOffer(sys, 'offer-night', { expiresIn: 15 * HOUR });
      expect((await view(sys, S.student, { view: 'offer', id: 'offer-night' })).daysLeft).toBe(1);
      sys.advance(14 * HOUR + 30 * MINUTE);
      expect((await view(sys, S.student, { view: 'offer', id: 'offer-night' })).daysLeft).toBe(0);
    });

    it('lists the student\'s agreements and whether he may sign', async () => {
      const agreement = await accept(sys);
      const list = await view(sys, S.student, { view: 'offers' });
      expect(list.agreements).toEqual([expect.objectContaining({ id: agreement._id, state: 'pendingCollege', jobTitle: '前端开发工程师' })]);
      expect(list.offers[0]).toMatchObject({ id: 'offer-demo-1', state: 'accepted', agreementId: agreement._id, daysLeft: null });

      const li = await view(sys, S.student2, { view: 'offers' });
      expect(li).toMatchObject({ offers: [], agreements: [], sourceCheckApproved: false });
    });

    it('an offer carries the templates its answers ask consent for, and once accepted where its agreement stands', async () => {
      const open = await view(sys, S.student, { view: 'offer', id: 'offer-demo-1' });
      expect(open.agreement).toBeUndefined();
      expect(open.templates).toEqual((await view(sys, S.student, { view: 'home' })).settings.templates);

      const a = await accept(sys);
      expect((await view(sys, S.student, { view: 'offer', id: 'offer-demo-1' })).agreement).toEqual({ id: a._id, agreementNo: a.agreementNo, state: 'pendingCollege', origin: 'offer' });
      await agreementStep(sys, a, 'collegeReturn', '岗位名称有误');
      const returned = await view(sys, S.student, { view: 'offer', id: 'offer-demo-1' });
      expect(returned.agreement).toMatchObject({ state: 'returned', returnReason: '岗位名称有误', returnedAt: 'college' });
      expect(await view(sys, S.employer, { view: 'offer', id: 'offer-demo-1' })).toEqual(returned);
    });

    it('an offer is readable by its student and its employer only', async () => {
      const offer = await view(sys, S.student, { view: 'offer', id: 'offer-demo-1' });
      expect(offer).toMatchObject({ id: 'offer-demo-1', state: 'open', daysLeft: 14, studentName: '张三', employer: { name: '深圳示例科技有限公司', employerId: DEMO_EMPLOYER_ID } });
      noOpenids(offer);
      expect(await view(sys, S.employer, { view: 'offer', id: 'offer-demo-1' })).toEqual(offer);

      await otherEmployer(sys);
      expect(await refusal(sys, S.student2, { view: 'offer', id: 'offer-demo-1' })).toBe('NOT_FOUND');
      expect(await refusal(sys, S.student, { view: 'offer', id: 'no-such-offer' })).toBe('NOT_FOUND');
      expect(await refusal(sys, OTHER_HR, { view: 'offer', id: 'offer-demo-1' })).toBe('NOT_FOUND');
      expect(await refusal(sys, S.collegeReviewer, { view: 'offer', id: 'offer-demo-1' })).toBe('FORBIDDEN');
    });
  });

  describe('agreement and termination', () => {
    it('without an id: the active agreement, its timeline; printing and termination follow state and settings', async () => {
      expect(await refusal(sys, S.student, { view: 'agreement' })).toBe('NOT_FOUND');

      const pending = await accept(sys);
      const first = await view(sys, S.student, { view: 'agreement' });
      expect(first).toMatchObject({
        id: pending._id, agreementNo: pending.agreementNo, state: 'pendingCollege', origin: 'offer', offerId: 'offer-demo-1',
        printCopies: 4, canPrint: false, canTerminate: false, terminations: [],
      });
      expect(first.content.student.name).toBe('张三');
      expect(first.timeline).toEqual([expect.objectContaining({ action: 'createFromOffer', label: '应约生成协议', actorRole: 'student', to: 'pendingCollege' })]);
      noOpenids(first);

      await agreementStep(sys, await agreementStep(sys, pending, 'collegeApprove'), 'schoolApprove');
      const done = await view(sys, S.student, { view: 'agreement' });
      expect(done).toMatchObject({ state: 'signed', signedAt: T0, canPrint: true, canTerminate: true, paperCopiesNote: '请于签约成功后 7 天内将纸质协议书交至院系就业办。' });
      expect(done.timeline.map((e) => e.label)).toEqual(['应约生成协议', '院系审核通过', '学校审核通过']);

      const settings = (await sys.store.get('settings', 'school'))!;
      await sys.store.put('settings', { ...settings, allowStudentTermination: false, printCopies: 2, version: settings.version + 1 }, settings.version);
      expect(await view(sys, S.student, { view: 'agreement', id: pending._id })).toMatchObject({ canPrint: true, canTerminate: false, printCopies: 2 });
    });

    it('a pending termination closes 申请解约 and is listed with its timeline', async () => {
      const agreement = await signed(sys);
      await requestTermination(sys, agreement, 'term-1');
      const view1 = await view(sys, S.student, { view: 'agreement' });
      expect(view1.canTerminate).toBe(false);
      // a copy printed now could be handed in for an agreement about to end
      expect(view1.canPrint).toBe(false);
      expect(view1.terminations).toEqual([expect.objectContaining({ id: 'term-1', state: 'submitted', explanation: '单位撤销岗位', timeline: [expect.objectContaining({ label: '提交', actorRole: 'student' })] })]);
    });

    it('is readable by its employer and reviewers in scope; others are refused', async () => {
      const agreement = await accept(sys);
      await otherEmployer(sys);
      expect(await view(sys, S.employer, { view: 'agreement', id: agreement._id })).toMatchObject({ id: agreement._id, canTerminate: false });
      expect(await view(sys, S.collegeReviewer, { view: 'agreement', id: agreement._id })).toMatchObject({ id: agreement._id, canTerminate: false });
      expect(await view(sys, S.schoolReviewer, { view: 'agreement', id: agreement._id })).toMatchObject({ id: agreement._id });
      expect(await refusal(sys, S.employer, { view: 'agreement' })).toBe('NOT_FOUND');
      expect(await refusal(sys, OTHER_HR, { view: 'agreement', id: agreement._id })).toBe('NOT_FOUND');
      expect(await refusal(sys, S.student2, { view: 'agreement', id: agreement._id })).toBe('NOT_FOUND');
      // out of a reviewer's college is FORBIDDEN, as the review function answers for the same record
      expect(await refusal(sys, S.collegeReviewerEm, { view: 'agreement', id: agreement._id })).toBe('FORBIDDEN');
    });

    it('says what is missing: no agreement yet, no termination request for the agreement', async () => {
      expect(await sys.call(query, S.student, { view: 'agreement' })).toEqual({ ok: false, code: 'NOT_FOUND', message: '您还没有三方协议' });
      const agreement = await signed(sys);
      expect(await sys.call(query, S.student, { view: 'termination', agreementId: agreement._id })).toEqual({ ok: false, code: 'NOT_FOUND', message: '该协议没有解约申请' });
    });

    it('a student\'s draft is its author\'s alone: the unit it names and the reviewers are told it does not exist', async () => {
      const draft = {
        employer: { employerId: DEMO_EMPLOYER_ID }, proofFiles: [],
        job: { title: '数据分析师', region: '440305', monthlySalary: 12000, contractYears: 3, startDate: '2026-07-01' },
        file: { transfer: false }, hukou: { migrate: false },
      };
      const saved = await sys.ok(initiateSigning, S.student, { action: 'save', requestId: rid(), version: 0, draft });
      expect(await view(sys, S.student, { view: 'agreement', id: saved.id })).toMatchObject({ id: saved.id, state: 'draft' });
      expect(await refusal(sys, S.employer, { view: 'agreement', id: saved.id })).toBe('NOT_FOUND');
      expect(await refusal(sys, S.collegeReviewer, { view: 'agreement', id: saved.id })).toBe('NOT_FOUND');
      expect(await refusal(sys, S.schoolReviewer, { view: 'reviewDetail', record: 'agreement', id: saved.id })).toBe('NOT_FOUND');
    });

    it('termination: the latest request of the agreement, with its timeline; scope refusals', async () => {
      const agreement = await signed(sys);
      expect(await refusal(sys, S.student, { view: 'termination', agreementId: agreement._id })).toBe('NOT_FOUND');

      const t1 = await requestTermination(sys, agreement, 'term-1');
      await commitStep(sys, 'terminations', step<'termination', TerminationDoc>({
        kind: 'termination', current: t1, id: t1._id, action: 'reject', actor: as(S.schoolReviewer, 'schoolReviewer'), now: nowOf(sys), reason: '证明材料不全', patch: { reason: '证明材料不全' },
      }), t1.version);
      sys.advance(DAY);
      await requestTermination(sys, agreement, 'term-2');

      const latest = await view(sys, S.student, { view: 'termination', agreementId: agreement._id });
      expect(latest).toMatchObject({ id: 'term-2', state: 'submitted', agreementId: agreement._id, version: 1 });
      expect(latest.timeline.map((e) => e.label)).toEqual(['提交']);
      const all = (await view(sys, S.student, { view: 'agreement' })).terminations;
      expect(all.map((t) => [t.id, t.state, t.reason])).toEqual([['term-2', 'submitted', undefined], ['term-1', 'rejected', '证明材料不全']]);
      expect(all[1]!.timeline.map((e) => [e.label, e.actorRole])).toEqual([['提交', 'student'], ['退回', 'schoolReviewer']]);

      expect((await view(sys, S.collegeReviewer, { view: 'termination', agreementId: agreement._id })).id).toBe('term-2');
      expect(await refusal(sys, S.student2, { view: 'termination', agreementId: agreement._id })).toBe('NOT_FOUND');
      expect(await refusal(sys, S.collegeReviewerEm, { view: 'termination', agreementId: agreement._id })).toBe('FORBIDDEN');
      expect(await refusal(sys, S.employer, { view: 'termination', agreementId: agreement._id })).toBe('FORBIDDEN');
    });
  });

  describe('terminationForm and initiateForm', () => {
    it('terminationForm: the student\'s agreement with its requests, the school\'s rule and guide, the upload folder, the templates', async () => {
      const agreement = await signed(sys);
      await requestTermination(sys, agreement, 'term-1');
      const home = await view(sys, S.student, { view: 'home' });
      const form = await view(sys, S.student, { view: 'terminationForm', agreementId: agreement._id });
      expect(form.agreement).toEqual(await view(sys, S.student, { view: 'agreement', id: agreement._id }));
      expect(form.agreement.terminations.map((t) => t.id)).toEqual(['term-1']);
      expect(form).toMatchObject({
        allowed: true,
        guide: home.settings.terminationGuide,
        uploadFolder: home.uploadFolder,
        templates: home.settings.templates,
      });
      noOpenids(form);

      const settings = (await sys.store.get('settings', 'school'))!;
      await sys.store.put('settings', { ...settings, allowStudentTermination: false, terminationGuide: '请联系就业中心', version: settings.version + 1 }, settings.version);
      expect(await view(sys, S.student, { view: 'terminationForm', agreementId: agreement._id })).toMatchObject({ allowed: false, guide: '请联系就业中心' });

      // the student's own page: another student, the employer and reviewers are refused as the agreement view refuses
      expect(await refusal(sys, S.student2, { view: 'terminationForm', agreementId: agreement._id })).toBe('NOT_FOUND');
      expect(await refusal(sys, S.student, { view: 'terminationForm', agreementId: 'no-such-agreement' })).toBe('NOT_FOUND');
      expect(await refusal(sys, S.employer, { view: 'terminationForm', agreementId: agreement._id })).toBe('FORBIDDEN');
      expect(await refusal(sys, S.schoolReviewer, { view: 'terminationForm', agreementId: agreement._id })).toBe('FORBIDDEN');
    });

    it('initiateForm: the home view, and the agreement named or else the draft or returned one the student continues', async () => {
      const fresh = await view(sys, S.student, { view: 'initiateForm' });
      expect(fresh).toEqual({ home: await view(sys, S.student, { view: 'home' }), agreement: null });

      const a = await accept(sys);
      // pending: nothing to continue, unless named
      expect((await view(sys, S.student, { view: 'initiateForm' })).agreement).toBeNull();
      expect((await view(sys, S.student, { view: 'initiateForm', id: a._id })).agreement).toEqual(await view(sys, S.student, { view: 'agreement', id: a._id }));

      await agreementStep(sys, a, 'collegeReturn', '岗位名称有误');
      const returned = await view(sys, S.student, { view: 'initiateForm' });
      expect(returned.home.student!.agreement).toMatchObject({ id: a._id, state: 'returned' });
      expect(returned.agreement).toMatchObject({ id: a._id, state: 'returned', returnReason: '岗位名称有误' });

      expect(await refusal(sys, S.student2, { view: 'initiateForm', id: a._id })).toBe('NOT_FOUND');
    });

    it('initiateForm: anyone else gets the home view alone, and no agreement, even when naming one', async () => {
      const a = await accept(sys);
      const stranger = await view(sys, 'stranger', { view: 'initiateForm', id: a._id });
      expect(stranger).toEqual({ home: await view(sys, 'stranger', { view: 'home' }), agreement: null });
      expect(await view(sys, S.employer, { view: 'initiateForm', id: a._id })).toMatchObject({ home: { role: 'employer' }, agreement: null });
      expect(await view(sys, S.collegeReviewer, { view: 'initiateForm', id: a._id })).toMatchObject({ home: { role: 'collegeReviewer' }, agreement: null });
    });
  });

  describe('employerLibrary', () => {
    it('certified employers only, by name, filtered by keyword, at most 50', async () => {
      for (let i = 55; i >= 1; i--) await addEmployer(sys, `emp-${i}`, `测试单位${String(i).padStart(2, '0')}`, true);
      await addEmployer(sys, 'emp-new', '待认证的深圳公司', false);

      const all = await view(sys, S.student, { view: 'employerLibrary' });
      expect(all).toHaveLength(50);
      expect(all.map((e) => e.name)).toEqual(Array.from({ length: 50 }, (_, i) => `测试单位${String(i + 1).padStart(2, '0')}`));

      const shenzhen = await view(sys, S.student, { view: 'employerLibrary', keyword: '深圳' });
      expect(shenzhen).toEqual([expect.objectContaining({ employerId: DEMO_EMPLOYER_ID, name: '深圳示例科技有限公司', contactName: '陈经理' })]);
      noOpenids(shenzhen);
      expect(await view(sys, S.schoolReviewer, { view: 'employerLibrary', keyword: '待认证' })).toEqual([]);
      expect(await refusal(sys, S.employer, { view: 'employerLibrary' })).toBe('FORBIDDEN');
    });
  });

  describe('reviewCounts', () => {
    it('counts each queue in scope, and the counts follow submissions', async () => {
      const zero = { sourceCheck: 0, employmentCheck: 0, agreementCollege: 0, agreementSchool: 0, agreementSeal: 0, termination: 0, employer: 0, destination: 0 };
      expect(await view(sys, S.schoolReviewer, { view: 'reviewCounts' })).toEqual(zero);

      await submitSource(sys, LI, S.student2);
      await submitSource(sys, WANG, 'wang');
      await accept(sys);
      await addEmployer(sys, 'emp-new', '待认证单位', false);

      expect(await view(sys, S.schoolReviewer, { view: 'reviewCounts' })).toEqual({ ...zero, sourceCheck: 2, agreementCollege: 1, employer: 1 });
      expect(await view(sys, S.collegeReviewer, { view: 'reviewCounts' })).toEqual({ ...zero, sourceCheck: 1, agreementCollege: 1 });
      expect(await view(sys, S.collegeReviewerEm, { view: 'reviewCounts' })).toEqual({ ...zero, sourceCheck: 1 });

      const agreement = (await sys.all('agreements'))[0]!;
      await agreementStep(sys, agreement, 'collegeApprove');
      expect(await view(sys, S.collegeReviewer, { view: 'reviewCounts' })).toEqual({ ...zero, sourceCheck: 1, agreementSchool: 1 });

      expect(await refusal(sys, S.student, { view: 'reviewCounts' })).toBe('FORBIDDEN');
      expect(await refusal(sys, S.employer, { view: 'reviewCounts' })).toBe('FORBIDDEN');
    });
  });

  describe('reviewStats', () => {
    const noAgreements = { pendingCollege: 0, pendingSchool: 0, returned: 0, signed: 0, terminated: 0, cancelled: 0 };
    it('per college: graduates, approved source checks, agreements by state and the signing rate; scoped like the queues', async () => {
      const before = await view(sys, S.schoolReviewer, { view: 'reviewStats' });
      expect(before.colleges.map((c) => [c.collegeId, c.collegeName, c.graduates])).toEqual([['cs', '计算机学院', 2], ['em', '经济管理学院', 1]]);
      expect(before.colleges[0]!.agreements).toMatchObject(noAgreements);
      expect(before.colleges[0]!.sourceApproved).toBe(1);
      expect(before.total).toMatchObject({ collegeName: '全校', graduates: 3, signed: 0, signingRate: 0 });

      await signed(sys);
      await decideCheck(sys, await submitSource(sys, LI, S.student2), 'approve');
      const after = await view(sys, S.schoolReviewer, { view: 'reviewStats' });
      const cs = after.colleges.find((c) => c.collegeId === 'cs')!;
      expect(cs).toMatchObject({ graduates: 2, sourceApproved: 2, signed: 1, signingRate: 0.5, agreements: { ...noAgreements, signed: 1 } });
      expect(after.total).toMatchObject({ graduates: 3, signed: 1, signingRate: 0.3333, sourceApproved: 2 });

      const college = await view(sys, S.collegeReviewerEm, { view: 'reviewStats' });
      expect([before.role, college.role]).toEqual(['schoolReviewer', 'collegeReviewer']);
      expect(college.colleges.map((c) => c.collegeId)).toEqual(['em']);
      expect(college.total).toMatchObject({ graduates: 1, signed: 0 });
      expect(await refusal(sys, S.student, { view: 'reviewStats' })).toBe('FORBIDDEN');

      // what waits beside the figures, scoped as the queues' counts are
      await submitSource(sys, WANG, 'wang');
      const zero = { sourceCheck: 0, employmentCheck: 0, agreementCollege: 0, agreementSchool: 0, agreementSeal: 0, termination: 0, employer: 0, destination: 0 };
      expect((await view(sys, S.collegeReviewerEm, { view: 'reviewStats' })).pending).toEqual({ ...zero, sourceCheck: 1 });
      expect((await view(sys, S.collegeReviewer, { view: 'reviewStats' })).pending).toEqual(zero);
      expect((await view(sys, S.schoolReviewer, { view: 'reviewStats' })).pending).toEqual(await view(sys, S.schoolReviewer, { view: 'reviewCounts' }));
      expect(await refusal(sys, S.employer, { view: 'reviewStats' })).toBe('FORBIDDEN');
      expect(await refusal(sys, 'stranger', { view: 'reviewStats' })).toBe('NOT_BOUND');
    });
  });

  describe('reviewQueues', () => {
    const zero = { sourceCheck: 0, employmentCheck: 0, agreementCollege: 0, agreementSchool: 0, agreementSeal: 0, termination: 0, employer: 0, destination: 0 };
    const numbers = (page: QueryResults['reviewQueue']) => page.items.map((i) => i.studentNo);

    it('one answer for the screen: the role, every count, the school\'s colleges and the first queue\'s first page', async () => {
      await submitSource(sys, LI, S.student2);
      await submitSource(sys, WANG, 'wang');
      await accept(sys);
      await addEmployer(sys, 'emp-new', '待认证单位', false);

      const school = await view(sys, S.schoolReviewer, { view: 'reviewQueues' });
      expect(school).toMatchObject({
        role: 'schoolReviewer',
        counts: { ...zero, sourceCheck: 2, agreementCollege: 1, employer: 1 },
        colleges: [{ id: 'cs', name: '计算机学院' }, { id: 'em', name: '经济管理学院' }],
        queue: 'sourceCheck',
      });
      expect(school.counts).toEqual(await view(sys, S.schoolReviewer, { view: 'reviewCounts' }));
      expect(school.page).toEqual(await view(sys, S.schoolReviewer, { view: 'reviewQueue', queue: 'sourceCheck' }));
      expect(numbers(school.page)).toEqual([LI, WANG]);
      noOpenids(school);

      // a college reviewer: their college's records and counts, nothing to filter by
      const cs = await view(sys, S.collegeReviewer, { view: 'reviewQueues' });
      expect(cs).toMatchObject({ role: 'collegeReviewer', counts: { ...zero, sourceCheck: 1, agreementCollege: 1 }, colleges: [], queue: 'sourceCheck' });
      expect(numbers(cs.page)).toEqual([LI]);
      const em = await view(sys, S.collegeReviewerEm, { view: 'reviewQueues', filter: { collegeId: 'cs' } });
      expect(em).toMatchObject({ role: 'collegeReviewer', counts: { ...zero, sourceCheck: 1 }, colleges: [] });
      expect(numbers(em.page)).toEqual([WANG]);
    });

    it('the queue and filter asked for, from its start; further pages through reviewQueue and the cursor', async () => {
      await submitSource(sys, LI, S.student2);
      await submitSource(sys, WANG, 'wang');
      const byCollege = await view(sys, S.schoolReviewer, { view: 'reviewQueues', queue: 'sourceCheck', filter: { collegeId: 'em' } });
      expect(numbers(byCollege.page)).toEqual([WANG]);
      expect(byCollege.counts.sourceCheck).toBe(2);
      expect(numbers((await view(sys, S.schoolReviewer, { view: 'reviewQueues', filter: { state: 'approved' } })).page)).toEqual([ZHANG]);
      expect(numbers((await view(sys, S.schoolReviewer, { view: 'reviewQueues', filter: { keyword: '李' } })).page)).toEqual([LI]);

      await accept(sys);
      const agreements = await view(sys, S.collegeReviewer, { view: 'reviewQueues', queue: 'agreementCollege' });
      expect(agreements.queue).toBe('agreementCollege');
      expect(agreements.page.items).toEqual([expect.objectContaining({ record: 'agreement', title: '张三 2026010101' })]);

      for (let i = 1; i <= 5; i++) await queuedCheck(sys, i);
      const first = await view(sys, S.collegeReviewer, { view: 'reviewQueues', limit: 4 });
      expect(first.page.items).toHaveLength(4);
      const rest = await view(sys, S.collegeReviewer, { view: 'reviewQueue', queue: first.queue, limit: 4, cursor: first.page.next });
      expect(rest.next).toBeUndefined();
      expect(new Set([...first.page.items, ...rest.items].map((i) => i.id)).size).toBe(6);
    });

    it('scope rules as the queues\': others are refused, a college reviewer has no unit queue, bad filters are refused', async () => {
      expect(await refusal(sys, S.student, { view: 'reviewQueues' })).toBe('FORBIDDEN');
      expect(await refusal(sys, S.employer, { view: 'reviewQueues' })).toBe('FORBIDDEN');
      expect(await refusal(sys, 'stranger', { view: 'reviewQueues' })).toBe('NOT_BOUND');
      expect(await refusal(sys, S.collegeReviewer, { view: 'reviewQueues', queue: 'employer' })).toBe('FORBIDDEN');
      expect(await refusal(sys, S.schoolReviewer, { view: 'reviewQueues', filter: { state: 'draft' } })).toBe('INVALID_INPUT');
      expect(await refusal(sys, S.schoolReviewer, { view: 'reviewQueues', queue: 'nonsense' })).toBe('INVALID_INPUT');
    });
  });

  describe('reviewQueue', () => {
    it('pages through 45 items with limit 20: each exactly once, oldest first', async () => {
      for (let i = 1; i <= 45; i++) {
        await queuedCheck(sys, i);
        // every third shares its time with the one before: the cursor must break ties
        if (i % 3 !== 1) sys.advance(MINUTE);
      }
      const pages: QueryResults['reviewQueue'][] = [];
      let cursor: string | undefined;
      do {
        const page = await view(sys, S.collegeReviewer, { view: 'reviewQueue', queue: 'sourceCheck', limit: 20, ...(cursor ? { cursor } : {}) });
        pages.push(page);
        cursor = page.next;
      } while (cursor && pages.length < 10);
      expect(pages.map((p) => p.items.length)).toEqual([20, 20, 5]);
      expect(pages[2]!.next).toBeUndefined();
      const items = pages.flatMap((p) => p.items);
      expect(new Set(items.map((i) => i.id)).size).toBe(45);
      const times = items.map((i) => i.submittedAt);
      expect([...times].sort()).toEqual(times);
      expect(items[0]).toMatchObject({ record: 'check', title: '学生1 2026019001', subtitle: '生源核查 · 软件工程', collegeName: '计算机学院', state: 'submitted' });
      expect((await view(sys, S.collegeReviewer, { view: 'reviewQueue', queue: 'sourceCheck' })).items).toHaveLength(20);
    });

    it('a college reviewer sees only their college; 学号 finds exactly, names match, state and major filter', async () => {
      await submitSource(sys, LI, S.student2);
      await submitSource(sys, WANG, 'wang');
      const ids = (page: QueryResults['reviewQueue']) => page.items.map((i) => i.studentNo);
      const queue = (openid: string, filter: Record<string, string> = {}) => view(sys, openid, { view: 'reviewQueue', queue: 'sourceCheck', filter });

      expect(ids(await queue(S.collegeReviewer))).toEqual([LI]);
      expect(ids(await queue(S.collegeReviewerEm, { collegeId: 'cs' }))).toEqual([WANG]);
      expect(ids(await queue(S.schoolReviewer))).toEqual([LI, WANG]);
      expect(ids(await queue(S.schoolReviewer, { collegeId: 'em' }))).toEqual([WANG]);
      expect(ids(await queue(S.schoolReviewer, { keyword: WANG }))).toEqual([WANG]);
      expect(ids(await queue(S.schoolReviewer, { keyword: '李' }))).toEqual([LI]);
      expect(ids(await queue(S.schoolReviewer, { major: '会计学' }))).toEqual([WANG]);
      expect(ids(await queue(S.schoolReviewer, { state: 'approved' }))).toEqual([ZHANG]);
      expect((await queue(S.collegeReviewer)).items[0]).toMatchObject({ title: '李四 2026010102', subtitle: '生源核查 · 计算机科学与技术', collegeId: 'cs' });

      expect(await refusal(sys, S.schoolReviewer, { view: 'reviewQueue', queue: 'sourceCheck', filter: { state: 'draft' } })).toBe('INVALID_INPUT');
      expect(await refusal(sys, S.schoolReviewer, { view: 'reviewQueue', queue: 'sourceCheck', filter: { state: 'signed' } })).toBe('INVALID_INPUT');
      expect(await refusal(sys, S.schoolReviewer, { view: 'reviewQueue', queue: 'sourceCheck', cursor: 'not-a-cursor' })).toBe('INVALID_INPUT');
      expect(await refusal(sys, S.student, { view: 'reviewQueue', queue: 'sourceCheck' })).toBe('FORBIDDEN');
    });

    it('agreements read 姓名 学号 and 单位 · 岗位; employers are the school\'s queue', async () => {
      await accept(sys);
      const agreements = await view(sys, S.collegeReviewer, { view: 'reviewQueue', queue: 'agreementCollege' });
      expect(agreements.items).toEqual([expect.objectContaining({ record: 'agreement', title: '张三 2026010101', subtitle: '深圳示例科技有限公司 · 前端开发工程师', state: 'pendingCollege', major: '软件工程' })]);
      expect((await view(sys, S.collegeReviewer, { view: 'reviewQueue', queue: 'agreementSchool' })).items).toEqual([]);

      const registered = await addEmployer(sys, 'emp-new', '待认证单位', false);
      const employers = await view(sys, S.schoolReviewer, { view: 'reviewQueue', queue: 'employer' });
      expect(employers.items).toEqual([expect.objectContaining({ record: 'employer', id: 'emp-new', title: '待认证单位', state: 'registered' })]);
      expect((await view(sys, S.schoolReviewer, { view: 'reviewQueue', queue: 'employer', filter: { keyword: registered.uscc } })).items).toHaveLength(1);
      expect((await view(sys, S.schoolReviewer, { view: 'reviewQueue', queue: 'employer', filter: { keyword: '深圳' } })).items).toEqual([]);
      expect(await refusal(sys, S.collegeReviewer, { view: 'reviewQueue', queue: 'employer' })).toBe('FORBIDDEN');
    });
  });

  describe('reviewDetail', () => {
    it('shows each kind of record in full to reviewers in scope', async () => {
      await submitSource(sys, LI, S.student2);
      const check = await view(sys, S.collegeReviewer, { view: 'reviewDetail', record: 'check', id: `source:${LI}` });
      expect(check.item).toMatchObject({ record: 'check', title: '李四 2026010102', state: 'submitted' });
      expect(check.check).toMatchObject({ kind: 'source', state: 'submitted', canEdit: false, canWithdraw: false });

      const agreement = await signed(sys);
      await requestTermination(sys, agreement, 'term-1');
      const termination = await view(sys, S.schoolReviewer, { view: 'reviewDetail', record: 'termination', id: 'term-1' });
      expect(termination.item).toMatchObject({ record: 'termination', subtitle: '申请解约 · 深圳示例科技有限公司 · 前端开发工程师' });
      expect(termination.termination).toMatchObject({ id: 'term-1', state: 'submitted', agreement: { id: agreement._id, state: 'signed', canTerminate: false } });
      noOpenids(termination);

      const agreementDetail = await view(sys, S.collegeReviewer, { view: 'reviewDetail', record: 'agreement', id: agreement._id });
      expect(agreementDetail.agreement!.timeline.map((e) => e.label)).toEqual(['应约生成协议', '院系审核通过', '学校审核通过']);

      expect([check.role, termination.role, agreementDetail.role]).toEqual(['collegeReviewer', 'schoolReviewer', 'collegeReviewer']);

      await addEmployer(sys, 'emp-new', '待认证单位', false);
      const employer = await view(sys, S.schoolReviewer, { view: 'reviewDetail', record: 'employer', id: 'emp-new' });
      expect(employer.employer).toMatchObject({ id: 'emp-new', name: '待认证单位', state: 'registered' });
      expect(JSON.stringify(employer)).not.toContain('hr-emp-new');
    });

    it('carries its queue: the others waiting in the reviewer\'s scope and the longest-waiting of them to open next', async () => {
      const [first, second, third] = [await queuedCheck(sys, 1), (sys.advance(MINUTE), await queuedCheck(sys, 2)), (sys.advance(MINUTE), await queuedCheck(sys, 3))];
      sys.advance(MINUTE);
      await submitSource(sys, WANG, 'wang');
      const detail = (openid: string, id: string) => view(sys, openid, { view: 'reviewDetail', record: 'check', id });
      const next = (title: string, id: string) => ({ record: 'check', id, title });

      // the college sees its three; the one opened is not its own next
      expect((await detail(S.collegeReviewer, second!._id)).queue).toEqual({ name: 'sourceCheck', left: 2, next: next('学生1 2026019001', first!._id) });
      expect((await detail(S.collegeReviewer, first!._id)).queue).toEqual({ name: 'sourceCheck', left: 2, next: next('学生2 2026019002', second!._id) });
      // the school sees every college's
      expect((await detail(S.schoolReviewer, first!._id)).queue).toMatchObject({ left: 3 });

      await sys.ok(review, S.collegeReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'check', id: first!._id, version: 1 }] });
      // decided, it has left the queue: the next is the oldest still waiting
      expect((await detail(S.collegeReviewer, first!._id)).queue).toEqual({ name: 'sourceCheck', left: 2, next: next('学生2 2026019002', second!._id) });
      await sys.ok(review, S.collegeReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'check', id: second!._id, version: 1 }, { record: 'check', id: third!._id, version: 1 }] });
      expect((await detail(S.collegeReviewer, third!._id)).queue).toEqual({ name: 'sourceCheck', left: 0, next: null });
      // another college's record is not the cs reviewer's to open next, but the em reviewer's
      expect((await detail(S.collegeReviewerEm, `source:${WANG}`)).queue).toEqual({ name: 'sourceCheck', left: 0, next: null });
    });

    it('an agreement\'s queue is the reviewer\'s stage; the preset reasons are the school\'s for the kind, defaults until it sets its own', async () => {
      const a = await accept(sys);
      const college = await view(sys, S.collegeReviewer, { view: 'reviewDetail', record: 'agreement', id: a._id });
      expect(college.queue).toEqual({ name: 'agreementCollege', left: 0, next: null });
      expect(college.returnReasons).toEqual(DEFAULT_RETURN_REASONS.agreement);
      expect((await view(sys, S.schoolReviewer, { view: 'reviewDetail', record: 'agreement', id: a._id })).queue).toEqual({ name: 'agreementSchool', left: 0, next: null });

      const current = (await sys.store.get('settings', SETTINGS_ID))!;
      await sys.store.put('settings', { ...current, returnReasons: { ...current.returnReasons, agreement: ['请上传录用通知原件照片'] }, version: current.version + 1 }, current.version);
      expect((await view(sys, S.collegeReviewer, { view: 'reviewDetail', record: 'agreement', id: a._id })).returnReasons).toEqual(['请上传录用通知原件照片']);
      await submitSource(sys, LI, S.student2);
      expect((await view(sys, S.collegeReviewer, { view: 'reviewDetail', record: 'check', id: `source:${LI}` })).returnReasons).toEqual(DEFAULT_RETURN_REASONS.sourceCheck);
    });

    it('refuses out of scope, hides drafts, and says NOT_FOUND for what does not exist', async () => {
      await submitSource(sys, LI, S.student2);
      expect(await refusal(sys, S.collegeReviewerEm, { view: 'reviewDetail', record: 'check', id: `source:${LI}` })).toBe('FORBIDDEN');
      expect(await refusal(sys, S.collegeReviewer, { view: 'reviewDetail', record: 'check', id: 'source:0000' })).toBe('NOT_FOUND');
      expect(await refusal(sys, S.collegeReviewer, { view: 'reviewDetail', record: 'employer', id: DEMO_EMPLOYER_ID })).toBe('FORBIDDEN');
      expect(await refusal(sys, S.student2, { view: 'reviewDetail', record: 'check', id: `source:${LI}` })).toBe('FORBIDDEN');

      const wang = (await sys.store.get('students', WANG))!;
      const draft = step<'check', CheckDoc>({
        kind: 'check', current: null, id: checkId('source', WANG), action: 'save', actor: as('wang', 'student'), now: nowOf(sys),
        patch: { kind: 'source', ...studentKeys(wang), fields: {}, schoolValues: {} },
      });
      await commitStep(sys, 'checks', draft, 0);
      expect(await refusal(sys, S.collegeReviewerEm, { view: 'reviewDetail', record: 'check', id: checkId('source', WANG) })).toBe('NOT_FOUND');
    });
  });

  describe('employer screens', () => {
    it('employerHome: its record and its offers by state, expired ones counted as soon as they are due', async () => {
      const first = await view(sys, S.employer, { view: 'employerHome' });
      expect(first.employer).toMatchObject({ id: DEMO_EMPLOYER_ID, name: '深圳示例科技有限公司', state: 'certified' });
      expect(first.offers).toEqual({ open: 1, accepted: 0, declined: 0, expired: 0, withdrawn: 0, superseded: 0 });
      noOpenids(first);

      await sys.ok(respondOffer, S.student, { action: 'decline', requestId: rid(), offerId: 'offer-demo-1', version: 1, reason: '已有其他意向' });
      await addOffer(sys, 'offer-li', { studentNo: LI, studentName: '李四', expiresIn: DAY });
      expect((await view(sys, S.employer, { view: 'employerHome' })).offers).toMatchObject({ open: 1, declined: 1, expired: 0 });
      sys.advance(2 * DAY);
      expect((await view(sys, S.employer, { view: 'employerHome' })).offers).toMatchObject({ open: 0, declined: 1, expired: 1 });

      expect(await refusal(sys, S.student, { view: 'employerHome' })).toBe('FORBIDDEN');
    });

    it('employerOffers: newest first, paged, with the student\'s answer and reason; only its own', async () => {
      for (let i = 1; i <= 24; i++) {
        sys.advance(MINUTE);
        await addOffer(sys, `offer-${String(i).padStart(2, '0')}`, { studentNo: `20260190${String(i).padStart(2, '0')}`, studentName: `学生${i}` });
      }
      sys.advance(MINUTE);
      await sys.ok(respondOffer, S.student, { action: 'decline', requestId: rid(), offerId: 'offer-demo-1', version: 1, reason: '薪资与面谈不一致' });

      const first = await view(sys, S.employer, { view: 'employerOffers', limit: 10 });
      expect(first.items[0]).toMatchObject({ id: 'offer-demo-1', state: 'declined', declineReason: '薪资与面谈不一致', studentName: '张三', daysLeft: null });
      expect(first.items[1]).toMatchObject({ id: 'offer-24', state: 'open', daysLeft: 14 });
      noOpenids(first);
      const second = await view(sys, S.employer, { view: 'employerOffers', limit: 10, cursor: first.next });
      const third = await view(sys, S.employer, { view: 'employerOffers', limit: 10, cursor: second.next });
      expect([first.items.length, second.items.length, third.items.length, third.next]).toEqual([10, 10, 5, undefined]);
      expect(new Set([...first.items, ...second.items, ...third.items].map((o) => o.id)).size).toBe(25);

      await otherEmployer(sys);
      expect(await view(sys, OTHER_HR, { view: 'employerOffers' })).toEqual({ items: [], employerState: 'certified' });
      expect(await refusal(sys, S.schoolReviewer, { view: 'employerOffers' })).toBe('FORBIDDEN');
    });

    it('employerOffers: every page says where the unit stands', async () => {
      expect((await view(sys, S.employer, { view: 'employerOffers', limit: 1 })).employerState).toBe('certified');
      await addEmployer(sys, 'emp-new', '待认证单位', false);
      const user = touch<UserDoc>({ record: 'user', current: null, id: 'hr-emp-new', action: 'bind', actor: as('admin', 'admin'), now: nowOf(sys), from: null, to: 'employer', patch: { role: 'employer', employerId: 'emp-new' } });
      await commitStep(sys, 'users', user, 0);
      expect(await view(sys, 'hr-emp-new', { view: 'employerOffers' })).toEqual({ items: [], employerState: 'registered' });
    });

    it('inviteForm: the home view, and for a certified unit the open offer or the returned agreement it opens', async () => {
      const home = await view(sys, S.employer, { view: 'home' });
      // with the unit's 邀约模板 (none yet) to fill the form from
      expect(await view(sys, S.employer, { view: 'inviteForm' })).toEqual({ home, offerTemplates: [] });
      const offer = await view(sys, S.employer, { view: 'inviteForm', offerId: 'offer-demo-1' });
      expect(offer).toEqual({ home, offer: await view(sys, S.employer, { view: 'offer', id: 'offer-demo-1' }), offerTemplates: [] });

      const a = await agreementStep(sys, await accept(sys), 'collegeReturn', '岗位名称有误');
      const revise = await view(sys, S.employer, { view: 'inviteForm', agreementId: a._id });
      expect(revise.agreement).toEqual(await view(sys, S.employer, { view: 'agreement', id: a._id }));
      expect(revise.agreement).toMatchObject({ state: 'returned', returnReason: '岗位名称有误' });
      noOpenids(revise);

      await otherEmployer(sys);
      expect(await refusal(sys, OTHER_HR, { view: 'inviteForm', offerId: 'offer-demo-1' })).toBe('NOT_FOUND');
      expect(await refusal(sys, OTHER_HR, { view: 'inviteForm', agreementId: a._id })).toBe('NOT_FOUND');
    });

    it('inviteForm: anyone else, or a unit not certified, gets the home view alone', async () => {
      expect(await view(sys, 'stranger', { view: 'inviteForm', offerId: 'offer-demo-1' })).toEqual({ home: await view(sys, 'stranger', { view: 'home' }) });
      expect(await view(sys, S.student, { view: 'inviteForm', offerId: 'offer-demo-1' })).toEqual({ home: await view(sys, S.student, { view: 'home' }) });
      const employer = (await sys.store.get('employers', DEMO_EMPLOYER_ID))!;
      await sys.store.put('employers', { ...employer, state: 'registered', version: employer.version + 1 }, employer.version);
      const form = await view(sys, S.employer, { view: 'inviteForm', offerId: 'offer-demo-1' });
      expect(form).toEqual({ home: expect.objectContaining({ role: 'employer', employer: expect.objectContaining({ state: 'registered' }) }) });
    });

    it('registerForm: the home view, and a rejected unit in full with the school\'s reason', async () => {
      expect(await view(sys, 'stranger', { view: 'registerForm' })).toEqual({ home: await view(sys, 'stranger', { view: 'home' }), requireHrAuthorization: false, uploadFolder: uploadFolder('stranger') });
      expect(await view(sys, S.employer, { view: 'registerForm' })).toEqual({ home: await view(sys, S.employer, { view: 'home' }), requireHrAuthorization: false, uploadFolder: uploadFolder(S.employer) });
      expect(await view(sys, S.student, { view: 'registerForm' })).toMatchObject({ home: { role: 'student' } });

      const employer = (await sys.store.get('employers', DEMO_EMPLOYER_ID))!;
      await sys.store.put('employers', { ...employer, state: 'rejected', reason: '营业执照不清晰', version: employer.version + 1 }, employer.version);
      const rejected = await view(sys, S.employer, { view: 'registerForm' });
      expect(rejected.home.employer).toMatchObject({ id: DEMO_EMPLOYER_ID, state: 'rejected' });
      // the imported demo unit has no registration files
      expect(rejected.rejected).toEqual({ ...(await view(sys, S.employer, { view: 'employerHome' })).employer, licenceFiles: [], authorizationFiles: [] });
      expect(rejected.rejected).toMatchObject({ name: '深圳示例科技有限公司', reason: '营业执照不清晰', contactName: '陈经理' });
      noOpenids(rejected);
    });

    it('employerOffers: an accepted offer carries how its agreement stands (returned, with the reason; then signed)', async () => {
      const a = await accept(sys);
      const returned = await agreementStep(sys, a, 'collegeReturn', '岗位名称有误');
      const [offer] = (await view(sys, S.employer, { view: 'employerOffers' })).items;
      expect(offer).toMatchObject({ id: 'offer-demo-1', state: 'accepted', agreementId: a._id });
      expect(offer!.agreement).toEqual({ id: a._id, agreementNo: a.agreementNo, state: 'returned', origin: 'offer', returnReason: '岗位名称有误', returnedAt: 'college' });
      const revised = await agreementStep(sys, returned, 'revise');
      await agreementStep(sys, await agreementStep(sys, revised, 'collegeApprove'), 'schoolApprove');
      const [after] = (await view(sys, S.employer, { view: 'employerOffers' })).items;
      expect(after!.agreement).toMatchObject({ state: 'signed' });
      noOpenids(after);
    });
  });
});
