import { submitCheck } from '../../server/usecases/submitCheck';
import { respondOffer } from '../../server/usecases/respondOffer';
import { verifyChain } from '../../server/domain/audit';
import { LOCKED_MESSAGE, mismatches } from '../../server/domain/checks';
import { step } from '../../server/domain/machine';
import type { AgreementDoc, CheckDoc, CollectionName, StudentDoc } from '../../server/domain/types';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { makeSystem, rid, type TestSystem } from '../support/harness';

const ZHANG = DEMO_OPENIDS.student;
const LI = DEMO_OPENIDS.student2;
const LI_NO = '2026010102';
const LI_SOURCE = `source:${LI_NO}`;
const COLLECTIONS: CollectionName[] = ['checks', 'agreements', 'students', 'counters', 'audit', 'outbox', 'requests'];

/** Everything a function could write, to show that a refusal wrote none of it. */
const dump = async (sys: TestSystem): Promise<string> =>
  JSON.stringify(await Promise.all(COLLECTIONS.map((c) => sys.all(c))));

const LI_CONTACT = { phone: '13911112222', email: 'lisi@example.com', homeAddress: '北京市东城区东华门街道1号' };

/** A reviewer's decision on a check, committed as the review function would. */
async function review(sys: TestSystem, id: string, action: 'approve' | 'return', reason?: string): Promise<CheckDoc> {
  const check = (await sys.store.get('checks', id))!;
  const decided = step<'check', CheckDoc>({
    kind: 'check', current: check, id, action, reason, now: sys.deps.clock().toISOString(),
    actor: { openid: DEMO_OPENIDS.collegeReviewer, role: 'collegeReviewer' },
    patch: action === 'return' ? { reason } : {},
  });
  await sys.store.commit({ writes: [{ collection: 'checks', doc: decided.doc, expectedVersion: check.version }], audit: [decided.audit], outbox: [] });
  return decided.doc;
}

/** 张三 accepts the demo offer and both reviewers approve: a signed agreement. */
async function signDemoAgreement(sys: TestSystem): Promise<AgreementDoc> {
  const accepted = await sys.ok(respondOffer, ZHANG, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
  const pending = (await sys.store.get('agreements', accepted.id))!;
  const now = sys.deps.clock().toISOString();
  const college = step<'agreement', AgreementDoc>({ kind: 'agreement', current: pending, id: pending._id, action: 'collegeApprove', actor: { openid: DEMO_OPENIDS.collegeReviewer, role: 'collegeReviewer' }, now, patch: {} });
  const school = step<'agreement', AgreementDoc>({ kind: 'agreement', current: college.doc, id: pending._id, action: 'schoolApprove', actor: { openid: DEMO_OPENIDS.schoolReviewer, role: 'schoolReviewer' }, now, patch: { signedAt: now } });
  await sys.store.commit({ writes: [{ collection: 'agreements', doc: school.doc, expectedVersion: pending.version }], audit: [college.audit, school.audit], outbox: [] });
  return school.doc;
}

async function setEmploymentRecord(sys: TestSystem, studentNo: string, employment: Record<string, string>): Promise<void> {
  const student = (await sys.store.get('students', studentNo))!;
  await sys.store.put('students', { ...student, employment, version: student.version + 1 } as StudentDoc, student.version);
}

describe('submitCheck: 生源核查', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  it('save → submit → withdraw → edit → submit, each an audited step, school fields from the roster', async () => {
    const saved = await sys.ok(submitCheck, LI, { action: 'save', requestId: rid(), kind: 'source', version: 0, fields: { phone: ' 13911112222 ' } });
    expect(saved).toEqual({ record: 'check', id: LI_SOURCE, state: 'draft', version: 1 });
    let check = (await sys.store.get('checks', LI_SOURCE))!;
    expect(check.fields).toMatchObject({ studentNo: LI_NO, name: '李四', gender: '女', educationLevel: '本科', graduationYear: '2026', ethnicity: '汉族', phone: '13911112222' });
    expect(check).toMatchObject({ kind: 'source', studentNo: LI_NO, studentName: '李四', collegeId: 'cs', major: '计算机科学与技术' });
    expect(check.schoolValues.name).toBe('李四');

    const submitted = await sys.ok(submitCheck, LI, { action: 'submit', requestId: rid(), kind: 'source', version: 1, fields: { email: LI_CONTACT.email, homeAddress: LI_CONTACT.homeAddress } });
    expect(submitted).toMatchObject({ state: 'submitted', version: 2 });
    expect((await sys.store.get('checks', LI_SOURCE))!.submittedAt).toBe(sys.deps.clock().toISOString());

    expect(await sys.ok(submitCheck, LI, { action: 'withdraw', requestId: rid(), kind: 'source', version: 2 })).toMatchObject({ state: 'draft', version: 3 });
    await sys.ok(submitCheck, LI, { action: 'save', requestId: rid(), kind: 'source', version: 3, fields: { phone: '13933334444', postcode: '100010' } });
    expect(await sys.ok(submitCheck, LI, { action: 'submit', requestId: rid(), kind: 'source', version: 4 })).toMatchObject({ state: 'submitted', version: 5 });

    check = (await sys.store.get('checks', LI_SOURCE))!;
    expect(check.fields).toMatchObject({ phone: '13933334444', email: LI_CONTACT.email, homeAddress: LI_CONTACT.homeAddress, postcode: '100010' });
    const audit = await sys.auditOf('check', LI_SOURCE);
    expect(audit.map((e) => [e.action, e.from, e.to])).toEqual([
      ['save', null, 'draft'],
      ['submit', 'draft', 'submitted'],
      ['withdraw', 'submitted', 'draft'],
      ['save', 'draft', 'draft'],
      ['submit', 'draft', 'submitted'],
    ]);
    expect(audit.every((e) => e.actor.openid === LI && e.actor.role === 'student')).toBe(true);
    expect(verifyChain(audit, check.auditHead)).toBeNull();
    expect(await sys.all('outbox')).toHaveLength(1); // only the seed's offer message: student actions notify no one
  });

  it('submits in one go from nothing, and an empty value clears an optional field', async () => {
    await sys.ok(submitCheck, LI, { action: 'save', requestId: rid(), kind: 'source', version: 0, fields: { ...LI_CONTACT, postcode: '100010' } });
    await sys.ok(submitCheck, LI, { action: 'save', requestId: rid(), kind: 'source', version: 1, fields: { postcode: '' } });
    expect((await sys.store.get('checks', LI_SOURCE))!.fields.postcode).toBeUndefined();

    const other = await makeSystem();
    try {
      expect(await other.ok(submitCheck, LI, { action: 'submit', requestId: rid(), kind: 'source', version: 0, fields: LI_CONTACT })).toMatchObject({ state: 'submitted', version: 1 });
      expect((await other.auditOf('check', LI_SOURCE)).map((e) => [e.action, e.from, e.to])).toEqual([['submit', null, 'submitted']]);
    } finally {
      await other.close();
    }
  });

  it('a school-owned field cannot be changed: refused naming the field, nothing written', async () => {
    const before = await dump(sys);
    const result = await sys.call(submitCheck, LI, { action: 'save', requestId: rid(), kind: 'source', version: 0, fields: { phone: '13911112222', name: '李小四' } });
    expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(!result.ok && result.issues).toEqual([{ path: 'fields.name', message: LOCKED_MESSAGE }]);
    expect(!result.ok && result.message).toContain('姓名');
    expect(await dump(sys)).toBe(before);

    // forms post every field: a school field sent back unchanged is fine
    await sys.ok(submitCheck, LI, { action: 'save', requestId: rid(), kind: 'source', version: 0, fields: { name: '李四', ethnicity: '汉族', phone: '13911112222' } });
    expect((await sys.store.get('checks', LI_SOURCE))!.fields.name).toBe('李四');
  });

  it('unknown keys and badly formed values are refused together, each with its own issue', async () => {
    const before = await dump(sys);
    const result = await sys.call(submitCheck, LI, { action: 'save', requestId: rid(), kind: 'source', version: 0, fields: { phone: '12345', email: 'not-an-email', emergencyPhone: 'x', nickname: '小四' } });
    expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(!result.ok && result.issues).toEqual([
      { path: 'fields.phone', message: '手机号码格式不正确' },
      { path: 'fields.email', message: '电子邮箱格式不正确' },
      { path: 'fields.emergencyPhone', message: '紧急联系人电话格式不正确' },
      { path: 'fields.nickname', message: '表单中没有该项' },
    ]);
    expect(await dump(sys)).toBe(before);
  });

  it('submit lists every missing required field and writes nothing', async () => {
    await sys.ok(submitCheck, LI, { action: 'save', requestId: rid(), kind: 'source', version: 0, fields: { phone: '13911112222' } });
    const before = await dump(sys);
    const result = await sys.call(submitCheck, LI, { action: 'submit', requestId: rid(), kind: 'source', version: 1 });
    expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '请填写电子邮箱；请填写家庭地址' });
    expect(!result.ok && result.issues).toEqual([
      { path: 'fields.email', message: '请填写电子邮箱' },
      { path: 'fields.homeAddress', message: '请填写家庭地址' },
    ]);
    expect(await dump(sys)).toBe(before);
  });

  it('withdraw only while no reviewer has acted; an approved check cannot be edited', async () => {
    await sys.ok(submitCheck, LI, { action: 'submit', requestId: rid(), kind: 'source', version: 0, fields: LI_CONTACT });
    await review(sys, LI_SOURCE, 'approve');
    const before = await dump(sys);
    expect(await sys.call(submitCheck, LI, { action: 'withdraw', requestId: rid(), kind: 'source', version: 2 })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(await sys.call(submitCheck, LI, { action: 'save', requestId: rid(), kind: 'source', version: 2, fields: { phone: '13900000000' } })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    // 张三's seeded check is approved too
    expect(await sys.call(submitCheck, ZHANG, { action: 'submit', requestId: rid(), kind: 'source', version: 2 })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(await dump(sys)).toBe(before);
  });

  it('a returned check is edited (staying returned) and resubmitted, the old reason cleared', async () => {
    await sys.ok(submitCheck, LI, { action: 'submit', requestId: rid(), kind: 'source', version: 0, fields: LI_CONTACT });
    await review(sys, LI_SOURCE, 'return', '家庭地址请写到门牌号');
    expect(await sys.ok(submitCheck, LI, { action: 'save', requestId: rid(), kind: 'source', version: 2, fields: { homeAddress: '北京市东城区东华门街道1号院3号楼' } })).toMatchObject({ state: 'returned', version: 3 });
    expect((await sys.store.get('checks', LI_SOURCE))!.reason).toBe('家庭地址请写到门牌号');
    expect(await sys.ok(submitCheck, LI, { action: 'submit', requestId: rid(), kind: 'source', version: 3 })).toMatchObject({ state: 'submitted', version: 4 });
    const check = (await sys.store.get('checks', LI_SOURCE))!;
    expect(check.reason).toBeUndefined();
    expect(check.fields.homeAddress).toBe('北京市东城区东华门街道1号院3号楼');
    expect((await sys.auditOf('check', LI_SOURCE)).map((e) => e.action)).toEqual(['submit', 'return', 'save', 'submit']);
  });

  it('refuses: stale version, withdraw of a check never started, unbound caller; a retry returns the first result', async () => {
    expect(await sys.call(submitCheck, LI, { action: 'save', requestId: rid(), kind: 'source', version: 3, fields: {} })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await sys.call(submitCheck, LI, { action: 'withdraw', requestId: rid(), kind: 'source', version: 0 })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(await sys.call(submitCheck, 'stranger', { action: 'save', requestId: rid(), kind: 'source', version: 0, fields: {} })).toMatchObject({ ok: false, code: 'NOT_BOUND' });
    expect(await sys.call(submitCheck, DEMO_OPENIDS.employer, { action: 'save', requestId: rid(), kind: 'source', version: 0, fields: {} })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await sys.call(submitCheck, LI, { action: 'save', requestId: rid(), kind: 'other', version: 0, fields: {} })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(await sys.store.get('checks', LI_SOURCE)).toBeNull();

    const requestId = rid();
    const first = await sys.ok(submitCheck, LI, { action: 'save', requestId, kind: 'source', version: 0, fields: { phone: '13911112222' } });
    const again = await sys.ok(submitCheck, LI, { action: 'save', requestId, kind: 'source', version: 0, fields: { phone: '13911112222' } });
    expect(again).toEqual(first);
    expect(await sys.auditOf('check', LI_SOURCE)).toHaveLength(1);
  });
});

describe('submitCheck: 就业信息核验', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  const LI_EMPLOYMENT = `employment:${LI_NO}`;
  const SCHOOL_RECORD = {
    destination: '签劳动合同形式就业',
    employerName: '北京示例数据有限公司',
    uscc: '91110108MA00000000',
    nature: '39',
    industry: '65',
    employerRegion: '110108',
    jobTitle: '数据分析师',
  };

  it('starts from the school record; a differing value is a visible mismatch; restore puts the school value back', async () => {
    await setEmploymentRecord(sys, LI_NO, SCHOOL_RECORD);
    await sys.ok(submitCheck, LI, { action: 'save', requestId: rid(), kind: 'employment', version: 0, fields: { jobTitle: '高级数据分析师', hukouAddress: '北京市海淀区' } });
    let check = (await sys.store.get('checks', LI_EMPLOYMENT))!;
    expect(check.schoolValues).toEqual({ ...SCHOOL_RECORD, studentNo: LI_NO, name: '李四', collegeName: '计算机学院', major: '计算机科学与技术' });
    expect(check.fields).toMatchObject({ ...SCHOOL_RECORD, jobTitle: '高级数据分析师', hukouAddress: '北京市海淀区' });
    expect(mismatches(check)).toEqual(['jobTitle']);

    expect(await sys.ok(submitCheck, LI, { action: 'restore', requestId: rid(), kind: 'employment', version: 1, field: 'jobTitle' })).toMatchObject({ state: 'draft', version: 2 });
    check = (await sys.store.get('checks', LI_EMPLOYMENT))!;
    expect(check.fields.jobTitle).toBe('数据分析师');
    expect(mismatches(check)).toEqual([]);
    const audit = await sys.auditOf('check', LI_EMPLOYMENT);
    expect(audit.map((e) => [e.action, e.from, e.to])).toEqual([['save', null, 'draft'], ['restore', 'draft', 'draft']]);
    expect(audit[1]!.actor).toEqual({ openid: LI, role: 'student' });

    expect(await sys.ok(submitCheck, LI, { action: 'submit', requestId: rid(), kind: 'employment', version: 2 })).toMatchObject({ state: 'submitted', version: 3 });
  });

  it('restore is refused for a field with no school value, a school-owned field or an unknown one', async () => {
    await setEmploymentRecord(sys, LI_NO, SCHOOL_RECORD);
    await sys.ok(submitCheck, LI, { action: 'save', requestId: rid(), kind: 'employment', version: 0, fields: {} });
    await sys.ok(submitCheck, LI, { action: 'save', requestId: rid(), kind: 'source', version: 0, fields: {} });
    const before = await dump(sys);
    for (const [field, message] of [
      ['fileReceiver', '学校库中没有该项信息，无法还原'],
      ['name', '该项由学校维护，无需还原'],
      ['salary', '表单中没有该项'],
    ] as const) {
      const result = await sys.call(submitCheck, LI, { action: 'restore', requestId: rid(), kind: 'employment', version: 1, field });
      expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT', message, issues: [{ path: 'field', message }] });
    }
    // the source check's student fields have no school value at all
    expect(await sys.call(submitCheck, LI, { action: 'restore', requestId: rid(), kind: 'source', version: 1, field: 'phone' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(await dump(sys)).toBe(before);
  });

  it('restore works on the form only: not on a check never started, nor on one submitted or approved', async () => {
    await setEmploymentRecord(sys, LI_NO, SCHOOL_RECORD);
    const restore = (version: number) => sys.call(submitCheck, LI, { action: 'restore', requestId: rid(), kind: 'employment', version, field: 'jobTitle' });
    expect(await restore(0)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    await sys.ok(submitCheck, LI, { action: 'submit', requestId: rid(), kind: 'employment', version: 0, fields: { jobTitle: '高级数据分析师' } });
    const before = await dump(sys);
    expect(await restore(1)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(await dump(sys)).toBe(before);
    await review(sys, LI_EMPLOYMENT, 'approve');
    expect(await restore(2)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect((await sys.store.get('checks', LI_EMPLOYMENT))!.fields.jobTitle).toBe('高级数据分析师');
    expect((await sys.auditOf('check', LI_EMPLOYMENT)).map((e) => e.action)).toEqual(['submit', 'approve']);
  });

  it('code-table fields must hold codes; submit lists every missing required field', async () => {
    const bad = await sys.call(submitCheck, LI, { action: 'save', requestId: rid(), kind: 'employment', version: 0, fields: { nature: '国企', industry: 'ZZ', employerRegion: '110000' } });
    expect(!bad.ok && bad.issues).toEqual([
      { path: 'fields.nature', message: '单位性质不在标准代码表中' },
      { path: 'fields.industry', message: '单位行业不在标准代码表中' },
      { path: 'fields.employerRegion', message: '单位所在地不在标准代码表中' },
    ]);
    const missing = await sys.call(submitCheck, LI, { action: 'submit', requestId: rid(), kind: 'employment', version: 0, fields: { destination: '升学' } });
    expect(!missing.ok && missing.issues?.map((i) => i.message)).toEqual([
      '请填写单位名称', '请填写统一社会信用代码', '请填写单位性质', '请填写单位行业', '请填写单位所在地', '请填写岗位名称',
    ]);
    expect(await sys.store.get('checks', LI_EMPLOYMENT)).toBeNull();
  });

  it('the school record is derived from the signed agreement, the school library overriding it', async () => {
    const agreement = await signDemoAgreement(sys);
    await setEmploymentRecord(sys, '2026010101', { jobTitle: '前端工程师（校库）' });
    await sys.ok(submitCheck, ZHANG, { action: 'save', requestId: rid(), kind: 'employment', version: 0, fields: {} });
    const check = (await sys.store.get('checks', 'employment:2026010101'))!;
    expect(check.schoolValues).toEqual({
      destination: '签就业协议形式就业',
      employerName: '深圳示例科技有限公司',
      uscc: agreement.content.employer.uscc,
      nature: '39',
      industry: '65',
      employerRegion: '440305',
      jobTitle: '前端工程师（校库）',
      fileReceiver: '深圳市人才交流服务中心',
      studentNo: '2026010101',
      name: '张三',
      collegeName: '计算机学院',
      major: '软件工程',
    });
    expect(check.fields).toMatchObject({ jobTitle: '前端工程师（校库）', destination: '签就业协议形式就业' });
    // everything required came from the school: submitting needs no typing
    expect(await sys.ok(submitCheck, ZHANG, { action: 'submit', requestId: rid(), kind: 'employment', version: 1 })).toMatchObject({ state: 'submitted' });
  });

  it('an agreement that is only pending says nothing about employment yet', async () => {
    await sys.ok(respondOffer, ZHANG, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
    await sys.ok(submitCheck, ZHANG, { action: 'save', requestId: rid(), kind: 'employment', version: 0, fields: {} });
    const check = (await sys.store.get('checks', 'employment:2026010101'))!;
    expect(check.schoolValues.employerName).toBeUndefined();
    expect(check.fields.destination).toBeUndefined();
  });
});
