/** 学生发起签约: a student-initiated agreement saved, submitted, withdrawn or cancelled. */
import type { AgreementState, CheckState, EmployerState } from '../../typings';
import { cancelAgreement, employerOf, initiationGuards, saveInitiation, withdrawInitiation } from '../../server/domain/initiation';
import type { AgreementDoc, EmployerDoc, StudentDoc } from '../../server/domain/types';
import {
  AGREEMENT_NO,
  EMPLOYER_INFO,
  EMPLOYER_PARTY,
  NOW,
  OPENIDS,
  TERMS,
  ZHANG_PARTY,
  aCounter,
  aFile,
  aSourceCheck,
  aStudent,
  aStudentAgreement,
  anActor,
  anAgreement,
  anEmployer,
  anEnv,
  anInitiationDraft,
  headOf,
  messagesOf,
  refusal,
  refusalOf,
  settings,
  theWrite,
  trail,
  writesTo,
} from './builders';

const student = anActor('student');
const NOT_IN_LIBRARY = '请从单位库中选择已认证的单位，或手动填写单位信息';
const MANUAL = { ...EMPLOYER_INFO, name: '广州自填贸易有限公司', uscc: '91440101MA59ABCD1X' };

describe('initiationGuards', () => {
  it('open: while the school allows student initiation', () => {
    expect(initiationGuards.open(settings({ allowStudentInitiate: true }), null)).toBe(true);
    expect(initiationGuards.open(settings({ allowStudentInitiate: false }), null)).toBe(false);
    expect(initiationGuards.open(settings({ allowStudentInitiate: false }), aStudentAgreement('draft'))).toBe(false);
  });

  it('open: for the repair of a returned agreement even once closed', () => {
    expect(initiationGuards.open(settings({ allowStudentInitiate: false }), aStudentAgreement('returned'))).toBe(true);
  });

  it('lockFreeFor: free, or held by this very agreement', () => {
    expect(initiationGuards.lockFreeFor(aStudent({ activeAgreementId: null }), 'agreement-1')).toBe(true);
    expect(initiationGuards.lockFreeFor(aStudent({ activeAgreementId: 'agreement-1' }), 'agreement-1')).toBe(true);
    expect(initiationGuards.lockFreeFor(aStudent({ activeAgreementId: 'agreement-9' }), 'agreement-1')).toBe(false);
  });
});

describe('employerOf', () => {
  it('prints a unit entered by hand as typed, without an id', () => {
    const manual = { ...MANUAL };
    const printed = employerOf(anInitiationDraft({ employer: { manual } }), null);
    expect(printed).toEqual(MANUAL);
    expect(printed).not.toBe(manual);
  });

  it('prefers the unit entered by hand over any library entry', () => {
    expect(employerOf(anInitiationDraft({ employer: { manual: MANUAL } }), anEmployer('certified'))).toEqual(MANUAL);
  });

  it('prints a certified library unit as a snapshot with its id', () => {
    expect(employerOf(anInitiationDraft(), anEmployer('certified'))).toEqual(EMPLOYER_PARTY);
  });

  const notInLibrary = (library: EmployerDoc | null) => {
    const refused = refusal(() => employerOf(anInitiationDraft(), library));
    return { code: refused.code, message: refused.message, issues: refused.issues };
  };
  const REFUSED = { code: 'INVALID_INPUT', message: NOT_IN_LIBRARY, issues: [{ path: 'draft.employer.employerId', message: NOT_IN_LIBRARY }] };

  it('refuses a library unit that is not there', () => {
    expect(notInLibrary(null)).toEqual(REFUSED);
  });

  it('refuses a library entry other than the one chosen', () => {
    expect(notInLibrary(anEmployer('certified', { _id: 'emp-2' }))).toEqual(REFUSED);
  });

  it.each(['registered', 'rejected'] as EmployerState[])('refuses a library unit %s, not certified', (state) => {
    expect(notInLibrary(anEmployer(state))).toEqual(REFUSED);
  });
});

/** What saveInitiation is handed, with the actor's role in place of the whole environment. */
type Saving = Omit<Parameters<typeof saveInitiation>[0], 'env' | 'submit'> & { role: 'student' | 'employer' };

/** 张三 (free to sign, source check approved) saving or submitting a new agreement with the library unit and one proof file. */
function initiating(submit: boolean, over: Partial<Saving> = {}) {
  const given: Saving = {
    role: 'student',
    settings: settings(),
    student: aStudent(),
    current: null,
    draft: anInitiationDraft(),
    libraryEmployer: anEmployer('certified'),
    proofFiles: [aFile()],
    sourceCheck: aSourceCheck('approved'),
    counter: null,
    ...over,
  };
  const { role, ...rest } = given;
  return saveInitiation({ env: anEnv({ role }), ...rest, submit });
}
const saving = (over: Partial<Saving> = {}) => initiating(false, over);
const submitting = (over: Partial<Saving> = {}) => initiating(true, over);

describe('saveInitiation: 保存', () => {
  describe('given a new draft', () => {
    let decided: ReturnType<typeof saving>;
    beforeEach(() => {
      decided = saving();
    });

    it('creates the agreement as a draft, unnumbered, with both parties printed', () => {
      expect(decided.writes).toEqual([{ collection: 'agreements', expectedVersion: 0, doc: decided.agreement }]);
      expect(decided.agreement).toEqual({
        _id: 'new-1',
        version: 1,
        createdAt: NOW,
        updatedAt: NOW,
        auditHead: decided.audit[0]!.hash,
        state: 'draft',
        studentNo: '2026010101',
        studentName: '张三',
        collegeId: 'cs',
        major: '软件工程',
        agreementNo: null,
        origin: 'student',
        employerId: 'emp-demo',
        employerName: '深圳示例科技有限公司',
        content: { ...TERMS, student: ZHANG_PARTY, employer: EMPLOYER_PARTY },
        // kept flat for 就业核查's shared-contact lookup
        contactPhone: EMPLOYER_PARTY.contactPhone,
        proofFiles: [aFile()],
        studentOpenid: OPENIDS.student,
      });
    });

    it('audits the save with the proof files attached', () => {
      expect(trail(decided)).toEqual([
        { record: 'agreement', recordId: 'new-1', seq: 1, from: null, to: 'draft', action: 'save', actor: student, at: NOW, attachments: [aFile()] },
      ]);
    });

    it('takes no number and no lock, and tells nobody', () => {
      expect(writesTo(decided, 'counters')).toEqual([]);
      expect(writesTo(decided, 'students')).toEqual([]);
      expect(decided.outbox).toEqual([]);
    });
  });

  it('saves without a source check, proof files or a free lock: those are asked at submission', () => {
    const decided = saving({ sourceCheck: null, proofFiles: [], student: aStudent({ activeAgreementId: 'agreement-9' }) });
    expect(decided.agreement.state).toBe('draft');
    expect(decided.agreement.proofFiles).toEqual([]);
    expect(trail(decided)[0]).not.toHaveProperty('attachments');
  });

  it('updates an existing draft in place, replacing the version it read', () => {
    const current = aStudentAgreement('draft', { version: 2, auditHead: headOf('agreement-1', 2) });
    const env = anEnv();
    const newId = jest.spyOn(env, 'newId');
    const decided = saveInitiation({
      env, settings: settings(), student: aStudent(), current, draft: anInitiationDraft({ ...TERMS, remarks: '包住宿' }), libraryEmployer: anEmployer(),
      proofFiles: [aFile(), aFile(2)], sourceCheck: aSourceCheck(), counter: null, submit: false,
    });
    expect(newId).not.toHaveBeenCalled();
    expect(theWrite(decided, 'agreements')).toMatchObject({ expectedVersion: 2, doc: { _id: 'agreement-1', version: 3, state: 'draft', agreementNo: null, createdAt: current.createdAt, updatedAt: NOW } });
    expect(decided.agreement.content.remarks).toBe('包住宿');
    expect(decided.agreement.proofFiles).toEqual([aFile(), aFile(2)]);
    expect(trail(decided)).toEqual([
      { record: 'agreement', recordId: 'agreement-1', seq: 3, from: 'draft', to: 'draft', action: 'save', actor: student, at: NOW, attachments: [aFile(), aFile(2)] },
    ]);
    expect(decided.audit[0]!.prevHash).toBe(headOf('agreement-1', 2));
  });

  it('saves a returned agreement as it stands: still returned, its number and the return kept', () => {
    const current = aStudentAgreement('returned');
    const decided = saving({ current, student: aStudent({ activeAgreementId: 'agreement-1' }) });
    expect(decided.agreement).toMatchObject({ state: 'returned', agreementNo: AGREEMENT_NO, returnReason: '岗位信息不完整', returnedAt: 'college', submittedAt: current.submittedAt });
    expect(decided.writes.map((w) => w.collection)).toEqual(['agreements']);
    expect(trail(decided)[0]).toMatchObject({ from: 'returned', to: 'returned', action: 'save' });
  });

  it('prints the unit entered by hand, with no library id', () => {
    const decided = saving({ draft: anInitiationDraft({ employer: { manual: MANUAL } }), libraryEmployer: null });
    expect(decided.agreement.employerId).toBeUndefined();
    expect(decided.agreement.employerName).toBe('广州自填贸易有限公司');
    expect(decided.agreement.content.employer).toEqual(MANUAL);
  });

  it('carries the remarks and the legacy 报到证 unit when given, and nothing of the form besides the terms', () => {
    const decided = saving({ draft: anInitiationDraft({ remarks: '试用期三个月', legacyReportCardUnit: '深圳市人才交流服务中心' }) });
    expect(decided.agreement.content).toEqual({
      ...TERMS,
      remarks: '试用期三个月',
      legacyReportCardUnit: '深圳市人才交流服务中心',
      student: ZHANG_PARTY,
      employer: EMPLOYER_PARTY,
    });
  });

  it('leaves out empty remarks and an empty legacy unit', () => {
    const { content } = saving({ draft: anInitiationDraft({ remarks: '', legacyReportCardUnit: '' }) }).agreement;
    expect(content).not.toHaveProperty('remarks');
    expect(content).not.toHaveProperty('legacyReportCardUnit');
  });

  it("prints the phone of the approved source check", () => {
    expect(saving({ sourceCheck: aSourceCheck('approved', { fields: { phone: '13700137000' } }) }).agreement.content.student.phone).toBe('13700137000');
  });

  it.each(['draft', 'submitted', 'returned'] as CheckState[])('prints no phone from a source check %s, not yet approved', (state) => {
    expect(saving({ sourceCheck: aSourceCheck(state) }).agreement.content.student.phone).toBe('');
  });

  it('prints no phone without a source check, or when the approved one has none', () => {
    expect(saving({ sourceCheck: null }).agreement.content.student.phone).toBe('');
    expect(saving({ sourceCheck: aSourceCheck('approved', { fields: {} }) }).agreement.content.student.phone).toBe('');
  });
});

describe('saveInitiation: 发起 (submit)', () => {
  describe('given a new agreement', () => {
    let decided: ReturnType<typeof submitting>;
    beforeEach(() => {
      decided = submitting();
    });

    it('creates it pending college review, numbered from the year’s counter', () => {
      expect(decided.agreement).toMatchObject({ _id: 'new-1', version: 1, state: 'pendingCollege', agreementNo: AGREEMENT_NO, origin: 'student', submittedAt: NOW });
      expect(theWrite(decided, 'agreements')).toEqual({ collection: 'agreements', expectedVersion: 0, doc: decided.agreement });
      expect(theWrite(decided, 'counters')).toEqual({ collection: 'counters', expectedVersion: 0, doc: { _id: 'agreementNo:2026', version: 1, value: 1 } });
    });

    it("takes the student's lock for it", () => {
      expect(theWrite(decided, 'students')).toMatchObject({ expectedVersion: 2, doc: { activeAgreementId: 'new-1', version: 3 } });
    });

    it('writes the agreement, the counter and the lock, in that order', () => {
      expect(decided.writes.map((w) => `${w.collection}/${w.doc._id}`)).toEqual(['agreements/new-1', 'counters/agreementNo:2026', 'students/2026010101']);
    });

    it('audits the submission with its proof files, then the lock', () => {
      expect(trail(decided)).toEqual([
        { record: 'agreement', recordId: 'new-1', seq: 1, from: null, to: 'pendingCollege', action: 'submit', actor: student, at: NOW, attachments: [aFile()] },
        { record: 'student', recordId: '2026010101', seq: 3, from: 'free', to: 'signing', action: 'lock', actor: student, at: NOW },
      ]);
    });

    it('tells nobody', () => {
      expect(decided.outbox).toEqual([]);
    });
  });

  it('numbers after the last number of the year, replacing the counter version it read', () => {
    const decided = submitting({ current: aStudentAgreement('draft'), counter: aCounter(41) });
    expect(decided.agreement.agreementNo).toBe('20261000131000042');
    expect(theWrite(decided, 'counters')).toEqual({ collection: 'counters', expectedVersion: 41, doc: { _id: 'agreementNo:2026', version: 42, value: 42 } });
    expect(theWrite(decided, 'agreements')).toMatchObject({ expectedVersion: 1, doc: { _id: 'agreement-1', version: 2 } });
  });

  it('keeps the number of a draft withdrawn after an earlier submission: numbers are never reused', () => {
    const decided = submitting({ current: aStudentAgreement('draft', { agreementNo: '20261000131000007' }), counter: aCounter(41) });
    expect(decided.agreement.agreementNo).toBe('20261000131000007');
    expect(writesTo(decided, 'counters')).toEqual([]);
  });

  describe('given a returned agreement that still holds the lock', () => {
    const current = aStudentAgreement('returned');
    let decided: ReturnType<typeof submitting>;
    beforeEach(() => {
      decided = submitting({ current, student: aStudent({ activeAgreementId: 'agreement-1' }), counter: aCounter(41) });
    });

    it('resubmits it to college review, the return answered, its number kept', () => {
      expect(theWrite(decided, 'agreements')).toMatchObject({ expectedVersion: 3, doc: { _id: 'agreement-1', version: 4, state: 'pendingCollege', agreementNo: AGREEMENT_NO, submittedAt: NOW } });
      expect(decided.agreement.returnReason).toBeUndefined();
      expect(decided.agreement.returnedAt).toBeUndefined();
      expect(writesTo(decided, 'counters')).toEqual([]);
    });

    it('writes the lock again, so that a concurrent 应约 conflicts', () => {
      expect(decided.writes.map((w) => w.collection)).toEqual(['agreements', 'students']);
      expect(trail(decided)).toEqual([
        { record: 'agreement', recordId: 'agreement-1', seq: 4, from: 'returned', to: 'pendingCollege', action: 'submit', actor: student, at: NOW, attachments: [aFile()] },
        { record: 'student', recordId: '2026010101', seq: 3, from: 'signing', to: 'signing', action: 'lock', actor: student, at: NOW },
      ]);
    });
  });

  it('resubmits a returned agreement even once the school has closed student initiation', () => {
    const decided = submitting({ settings: settings({ allowStudentInitiate: false }), current: aStudentAgreement('returned'), student: aStudent({ activeAgreementId: 'agreement-1' }) });
    expect(decided.agreement.state).toBe('pendingCollege');
  });
});

describe('saveInitiation: refusals', () => {
  it.each([
    ['a new agreement', null],
    ['a draft', aStudentAgreement('draft')],
  ])('refuses to save %s once the school has closed student initiation', (_, current) => {
    expect(refusalOf(() => saving({ settings: settings({ allowStudentInitiate: false }), current }))).toBe('STUDENT_INITIATE_CLOSED');
    expect(refusalOf(() => submitting({ settings: settings({ allowStudentInitiate: false }), current }))).toBe('STUDENT_INITIATE_CLOSED');
  });

  it('refuses to edit an offer-born agreement: it is the employer’s to revise', () => {
    const offerBorn = anAgreement('returned', { origin: 'offer' });
    expect(refusalOf(() => saving({ current: offerBorn }))).toBe('INVALID_TRANSITION');
    expect(refusalOf(() => submitting({ current: offerBorn, student: aStudent({ activeAgreementId: 'agreement-1' }) }))).toBe('INVALID_TRANSITION');
  });

  it.each(['pendingCollege', 'pendingSchool', 'signed', 'terminated', 'cancelled'] as AgreementState[])(
    'refuses to save or submit an agreement %s',
    (state) => {
      const current = aStudentAgreement(state);
      expect(refusalOf(() => saving({ current }))).toBe('INVALID_TRANSITION');
      expect(refusalOf(() => submitting({ current, student: aStudent({ activeAgreementId: 'agreement-1' }) }))).toBe('INVALID_TRANSITION');
    },
  );

  it('refuses an initiation by anyone but a student', () => {
    expect(refusalOf(() => saving({ role: 'employer' }))).toBe('FORBIDDEN');
    expect(refusalOf(() => submitting({ role: 'employer' }))).toBe('FORBIDDEN');
  });

  it('refuses to submit without a source check', () => {
    expect(refusalOf(() => submitting({ sourceCheck: null }))).toBe('SOURCE_CHECK_REQUIRED');
  });

  it.each(['draft', 'submitted', 'returned'] as CheckState[])('refuses to submit when the source check is %s, not approved', (state) => {
    expect(refusalOf(() => submitting({ sourceCheck: aSourceCheck(state) }))).toBe('SOURCE_CHECK_REQUIRED');
  });

  it('refuses to submit a new agreement while another holds the lock', () => {
    expect(refusalOf(() => submitting({ student: aStudent({ activeAgreementId: 'agreement-9' }) }))).toBe('ACTIVE_AGREEMENT_EXISTS');
  });

  it('refuses to submit a draft while another agreement holds the lock', () => {
    expect(refusalOf(() => submitting({ current: aStudentAgreement('draft'), student: aStudent({ activeAgreementId: 'agreement-9' }) }))).toBe('ACTIVE_AGREEMENT_EXISTS');
  });

  it('refuses to submit without proof files', () => {
    const refused = refusal(() => submitting({ proofFiles: [] }));
    expect([refused.code, refused.message, refused.issues]).toEqual(['INVALID_INPUT', '请上传就业证明材料', [{ path: 'draft.proofFiles', message: '请上传就业证明材料' }]]);
  });

  it.each([
    ['not in the library', null],
    ['not certified', anEmployer('registered')],
  ])('refuses to save or submit with a library unit %s', (_, library) => {
    const refused = refusal(() => saving({ libraryEmployer: library }));
    expect([refused.code, refused.issues]).toEqual(['INVALID_INPUT', [{ path: 'draft.employer.employerId', message: NOT_IN_LIBRARY }]]);
    expect(refusal(() => submitting({ libraryEmployer: library })).issues).toEqual([{ path: 'draft.employer.employerId', message: NOT_IN_LIBRARY }]);
  });

  it('says the school closed initiation first, then whose agreement it is, then what the state allows', () => {
    const closed = settings({ allowStudentInitiate: false });
    expect(refusalOf(() => submitting({ settings: closed, current: anAgreement('pendingCollege', { origin: 'offer' }), role: 'employer' }))).toBe('STUDENT_INITIATE_CLOSED');
    expect(refusalOf(() => submitting({ current: anAgreement('pendingCollege', { origin: 'offer' }), role: 'employer' }))).toBe('INVALID_TRANSITION');
    expect(refusalOf(() => submitting({ role: 'employer', sourceCheck: null }))).toBe('FORBIDDEN');
  });

  it('asks for the source check, then the free lock, then the proof files, then the unit', () => {
    const locked = aStudent({ activeAgreementId: 'agreement-9' });
    expect(refusalOf(() => submitting({ sourceCheck: null, student: locked, proofFiles: [], libraryEmployer: null }))).toBe('SOURCE_CHECK_REQUIRED');
    expect(refusalOf(() => submitting({ student: locked, proofFiles: [], libraryEmployer: null }))).toBe('ACTIVE_AGREEMENT_EXISTS');
    expect(refusal(() => submitting({ proofFiles: [], libraryEmployer: null })).message).toBe('请上传就业证明材料');
  });
});

describe('withdrawInitiation (撤回)', () => {
  const withdrawing = (agreement: AgreementDoc, studentDoc: StudentDoc = aStudent({ activeAgreementId: agreement._id }), role: 'student' | 'employer' = 'student') =>
    withdrawInitiation({ env: anEnv({ role }), student: studentDoc, agreement });

  describe('given a submitted agreement pending college review that holds the lock', () => {
    const before = aStudentAgreement('pendingCollege');
    let decided: ReturnType<typeof withdrawing>;
    beforeEach(() => {
      decided = withdrawing(before);
    });

    it('takes it back to draft, keeping its number', () => {
      expect(theWrite(decided, 'agreements')).toEqual({
        collection: 'agreements',
        expectedVersion: 1,
        doc: { ...before, state: 'draft', version: 2, updatedAt: NOW, auditHead: decided.audit[0]!.hash },
      });
      expect(decided.agreement.agreementNo).toBe(AGREEMENT_NO);
    });

    it('releases the lock so that the student may 应约 meanwhile', () => {
      expect(theWrite(decided, 'students')).toMatchObject({ expectedVersion: 2, doc: { activeAgreementId: null, version: 3 } });
      expect(decided.writes.map((w) => w.collection)).toEqual(['agreements', 'students']);
    });

    it('audits the withdrawal and the release, and tells nobody', () => {
      expect(trail(decided)).toEqual([
        { record: 'agreement', recordId: 'agreement-1', seq: 2, from: 'pendingCollege', to: 'draft', action: 'withdraw', actor: student, at: NOW },
        { record: 'student', recordId: '2026010101', seq: 3, from: 'signing', to: 'free', action: 'unlock', actor: student, at: NOW },
      ]);
      expect(decided.outbox).toEqual([]);
    });
  });

  it('releases no lock the agreement does not hold', () => {
    expect(withdrawing(aStudentAgreement('pendingCollege'), aStudent({ activeAgreementId: null })).writes.map((w) => w.collection)).toEqual(['agreements']);
    const other = withdrawing(aStudentAgreement('pendingCollege'), aStudent({ activeAgreementId: 'agreement-9' }));
    expect(writesTo(other, 'students')).toEqual([]);
    expect(other.audit).toHaveLength(1);
  });

  it('refuses to withdraw an offer-born agreement', () => {
    expect(refusalOf(() => withdrawing(anAgreement('pendingCollege', { origin: 'offer' })))).toBe('INVALID_TRANSITION');
  });

  it.each(['draft', 'pendingSchool', 'returned', 'signed', 'terminated', 'cancelled'] as AgreementState[])('refuses to withdraw an agreement %s', (state) => {
    expect(refusalOf(() => withdrawing(aStudentAgreement(state)))).toBe('INVALID_TRANSITION');
  });

  it('refuses a withdrawal by anyone but the student', () => {
    expect(refusalOf(() => withdrawing(aStudentAgreement('pendingCollege'), aStudent({ activeAgreementId: 'agreement-1' }), 'employer'))).toBe('FORBIDDEN');
  });
});

describe('cancelAgreement (作废)', () => {
  const cancelling = (agreement: AgreementDoc, studentDoc: StudentDoc = aStudent(), role: 'student' | 'employer' = 'student') =>
    cancelAgreement({ env: anEnv({ role }), student: studentDoc, agreement });

  it('cancels a draft, which holds no lock, and tells nobody', () => {
    const before = aStudentAgreement('draft');
    const decided = cancelling(before);
    expect(decided.writes).toEqual([
      { collection: 'agreements', expectedVersion: 1, doc: { ...before, state: 'cancelled', version: 2, updatedAt: NOW, auditHead: decided.audit[0]!.hash } },
    ]);
    expect(decided.agreement).toBe(decided.writes[0]!.doc);
    expect(trail(decided)).toEqual([
      { record: 'agreement', recordId: 'agreement-1', seq: 2, from: 'draft', to: 'cancelled', action: 'cancel', actor: student, at: NOW },
    ]);
    expect(decided.outbox).toEqual([]);
  });

  it('cancels a returned student-initiated agreement and releases its lock, telling nobody', () => {
    const decided = cancelling(aStudentAgreement('returned'), aStudent({ activeAgreementId: 'agreement-1' }));
    expect(decided.writes.map((w) => [w.collection, w.expectedVersion, w.doc.version])).toEqual([
      ['agreements', 3, 4],
      ['students', 2, 3],
    ]);
    expect(theWrite(decided, 'students').doc.activeAgreementId).toBeNull();
    expect(trail(decided).map((e) => [e.action, e.from, e.to])).toEqual([
      ['cancel', 'returned', 'cancelled'],
      ['unlock', 'signing', 'free'],
    ]);
    expect(decided.outbox).toEqual([]);
  });

  it('tells nobody even when a student-initiated agreement names an employer contact', () => {
    expect(cancelling(aStudentAgreement('returned', { employerOpenid: OPENIDS.employer })).outbox).toEqual([]);
  });

  describe('given a returned offer-born agreement holding the lock', () => {
    let decided: ReturnType<typeof cancelling>;
    beforeEach(() => {
      decided = cancelling(anAgreement('returned'), aStudent({ activeAgreementId: 'agreement-1' }));
    });

    it('cancels it and releases the lock', () => {
      expect(decided.agreement.state).toBe('cancelled');
      expect(theWrite(decided, 'students').doc.activeAgreementId).toBeNull();
    });

    it('tells the employer, who would otherwise revise it', () => {
      expect(messagesOf(decided)).toEqual([
        { to: OPENIDS.employer, template: 'offerAnswered', page: 'pkg/employer/offers/index', data: { name1: '张三', phrase2: '已作废', thing3: '学生已作废退回的协议' } },
      ]);
      expect(decided.outbox[0]!._id).toBe('new-1');
    });
  });

  it('tells nobody when the offer-born agreement names no employer contact', () => {
    const { employerOpenid: _, ...withoutContact } = anAgreement('returned');
    expect(cancelling(withoutContact).outbox).toEqual([]);
  });

  it('releases no lock held by another agreement', () => {
    const decided = cancelling(aStudentAgreement('draft'), aStudent({ activeAgreementId: 'agreement-9' }));
    expect(writesTo(decided, 'students')).toEqual([]);
  });

  it.each(['pendingCollege', 'pendingSchool', 'signed', 'terminated', 'cancelled'] as AgreementState[])('refuses to cancel an agreement %s', (state) => {
    expect(refusalOf(() => cancelling(aStudentAgreement(state)))).toBe('INVALID_TRANSITION');
    expect(refusalOf(() => cancelling(anAgreement(state, { origin: 'offer' })))).toBe('INVALID_TRANSITION');
  });

  it('refuses a cancellation by anyone but the student', () => {
    expect(refusalOf(() => cancelling(aStudentAgreement('draft'), aStudent(), 'employer'))).toBe('FORBIDDEN');
  });
});
