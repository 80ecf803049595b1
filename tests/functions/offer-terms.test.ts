/**
 * The structured terms through the handler: what an offer, a revision and a student's initiation may carry, with the
 * school's 违约金 cap, each refusal a Chinese message naming its field and nothing written; 邀约模板 (save, rename,
 * delete, another unit's) and 批量邀约 (createMany: one offer per student, each answered).
 */
import type { OfferTerms, QueryEvent, QueryResults, StructuredTerms } from '../../typings';
import { employerOffer } from '../../server/usecases/employerOffer';
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { query } from '../../server/usecases/query';
import { step, touch } from '../../server/domain/machine';
import { withUsccCheck } from '../../server/domain/identifiers';
import type { Actor, CollectionName, EmployerDoc, SettingsDoc, UserDoc } from '../../server/domain/types';
import { SETTINGS_ID } from '../../server/app/settings';
import { DEMO_EMPLOYER_ID, DEMO_OPENIDS } from '../../server/runtime/seed';
import { accept, initiationDraft } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';

const HR = DEMO_OPENIDS.employer;
const OTHER_HR = 'hr-other';
const ZHANG = '2026010101';
const LI = '2026010102';
const WANG = '2026020101';

const STRUCTURED: StructuredTerms = {
  trialMonths: 3,
  serviceYears: 3,
  penaltyYuan: 3000,
  insurance: ['pension', 'medical', 'unemployment', 'injury', 'maternity', 'housingFund'],
  dispatched: false,
};
const terms = (structured: StructuredTerms = STRUCTURED): OfferTerms => ({
  job: { title: '数据分析师', region: '440305', monthlySalary: 12000, contractYears: 3, startDate: '2026-07-01' },
  file: { transfer: false },
  hukou: { migrate: false },
  structured,
});

const view = <V extends QueryEvent['view']>(sys: TestSystem, openid: string, event: Extract<QueryEvent, { view: V }>) =>
  sys.ok(query, openid, event) as Promise<QueryResults[V]>;

const WATCHED: CollectionName[] = ['offers', 'agreements', 'offerTemplates', 'counters', 'audit', 'outbox', 'requests'];
const snapshot = async (sys: TestSystem): Promise<string> => JSON.stringify(await Promise.all(WATCHED.map((c) => sys.all(c))));

async function setSettings(sys: TestSystem, change: Partial<SettingsDoc>): Promise<void> {
  const s = (await sys.store.get('settings', SETTINGS_ID))!;
  await sys.store.put('settings', { ...s, ...change, version: s.version + 1 }, s.version);
}

async function otherEmployer(sys: TestSystem): Promise<void> {
  const admin: Actor = { openid: 'admin', role: 'admin' };
  const now = sys.deps.clock().toISOString();
  const e = step<'employer', EmployerDoc>({
    kind: 'employer', current: null, id: 'emp-other', action: 'import', actor: admin, now,
    patch: { name: '北京另一家公司', uscc: withUsccCheck('91110000MA01ABCD1'), nature: '39', industry: '65', region: '110101', address: '北京市东城区1号', contactName: '周先生', contactPhone: '13500135000' },
  });
  const u = touch<UserDoc>({ record: 'user', current: null, id: OTHER_HR, action: 'bind', actor: admin, now, from: null, to: 'employer', patch: { role: 'employer', employerId: 'emp-other' } });
  await sys.store.commit({ writes: [{ collection: 'employers', doc: e.doc, expectedVersion: 0 }, { collection: 'users', doc: u.doc, expectedVersion: 0 }], audit: [e.audit, u.audit], outbox: [] });
}

describe('structured terms on an offer', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  const send = (structured: StructuredTerms) => sys.call(employerOffer, HR, { action: 'create', requestId: rid(), studentNo: LI, studentName: '李四', terms: terms(structured) });

  it('given sensible terms, when sent, then the offer carries them and the student sees them with the school’s cap', async () => {
    const r = await sys.ok(employerOffer, HR, { action: 'create', requestId: rid(), studentNo: LI, studentName: '李四', terms: terms({ ...STRUCTURED, dispatched: true, dispatchUnitName: '  某某人力资源公司 ' }) });
    const offer = (await sys.store.get('offers', r.id))!;
    expect(offer.terms.structured).toEqual({ ...STRUCTURED, dispatched: true, dispatchUnitName: '某某人力资源公司' });
    const screen = await view<'offer'>(sys, DEMO_OPENIDS.student2, { view: 'offer', id: r.id });
    expect(screen.terms.structured?.trialMonths).toBe(3);
    expect(screen.penaltyCapYuan).toBe(5000);
  });

  it.each<[string, StructuredTerms, string, RegExp]>([
    ['a 试用期 of 7 months', { trialMonths: 7 }, 'terms.structured.trialMonths', /试用期不得超过 6 个月/],
    ['both 试用期 and 见习期', { trialMonths: 3, internshipMonths: 12 }, 'terms.structured.internshipMonths', /试用期与见习期只能约定其一/],
    ['a 违约金 above the cap without the warning confirmed', { penaltyYuan: 8000 }, 'terms.structured.penaltyYuan', /违约金 8000 元高于学校建议上限 5000 元/],
    ['劳务派遣 without the dispatching unit', { dispatched: true }, 'terms.structured.dispatchUnitName', /劳务派遣单位名称/],
  ])('given %s, when sent, then it is refused naming the field, and nothing is written', async (_, structured, path, message) => {
    const before = await snapshot(sys);
    const r = await send(structured);
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: expect.stringMatching(message) });
    expect(r.ok ? [] : r.issues?.map((i) => i.path)).toContain(path);
    expect(await snapshot(sys)).toBe(before);
  });

  it('given a value of the wrong kind or an unknown 五险一金 item, when sent, then the schema refuses it naming the field', async () => {
    const wrong = await sys.call(employerOffer, HR, { action: 'create', requestId: rid(), studentNo: LI, studentName: '李四', terms: { ...terms(), structured: { trialMonths: '三个月' } } } as never);
    expect(wrong).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: expect.stringContaining('试用期') });
    const unknown = await sys.call(employerOffer, HR, { action: 'create', requestId: rid(), studentNo: LI, studentName: '李四', terms: { ...terms(), structured: { insurance: ['pension', 'pet'] } } } as never);
    expect(unknown).toMatchObject({ ok: false, message: expect.stringContaining('五险一金') });
  });

  it('given a 违约金 above the cap with the warning confirmed, when sent, then it is accepted and the confirmation kept', async () => {
    const r = await send({ penaltyYuan: 8000, penaltyWarningConfirmed: true });
    expect(r.ok).toBe(true);
    const offer = (await sys.store.get('offers', r.ok ? r.data.id : ''))!;
    expect(offer.terms.structured).toEqual({ penaltyYuan: 8000, penaltyWarningConfirmed: true });
  });

  it('given the school’s own cap, when sent, then that cap applies and is named', async () => {
    await setSettings(sys, { penaltyCapYuan: 2000 });
    expect(await send({ penaltyYuan: 3000 })).toMatchObject({ ok: false, message: expect.stringContaining('学校建议上限 2000 元') });
    expect((await send({ penaltyYuan: 2000 })).ok).toBe(true);
  });

  it('given an open offer, when edited to a 7-month 试用期, then it is refused and the offer unchanged', async () => {
    const before = await snapshot(sys);
    const r = await sys.call(employerOffer, HR, { action: 'edit', requestId: rid(), offerId: 'offer-demo-1', version: 1, terms: terms({ trialMonths: 7 }) });
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(await snapshot(sys)).toBe(before);
  });

  it('given an offer with terms, when the student accepts it, then the agreement carries the same structured terms', async () => {
    const edited = await sys.ok(employerOffer, HR, { action: 'edit', requestId: rid(), offerId: 'offer-demo-1', version: 1, terms: terms() });
    const a = await accept(sys, DEMO_OPENIDS.student, 'offer-demo-1', edited.version);
    expect(a.content.structured).toEqual(STRUCTURED);
    const screen = await view<'agreement'>(sys, DEMO_OPENIDS.student, { view: 'agreement', id: a._id });
    expect(screen.content.structured).toEqual(STRUCTURED);
    expect(screen.penaltyCapYuan).toBe(5000);
  });
});

describe('structured terms on a student’s initiation', () => {
  let sys: TestSystem;
  let proof: string;
  beforeEach(async () => {
    sys = await makeSystem();
    proof = await sys.upload(DEMO_OPENIDS.student, 'offer-letter.jpg');
  });
  afterEach(() => sys.close());

  it('given both 试用期 and 见习期 in the draft, when saved, then it is refused under draft.structured and nothing is written', async () => {
    const before = await snapshot(sys);
    const r = await sys.call(initiateSigning, DEMO_OPENIDS.student, { action: 'save', requestId: rid(), version: 0, draft: initiationDraft([proof], { structured: { trialMonths: 2, internshipMonths: 6 } }) });
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(r.ok ? [] : r.issues).toEqual([{ path: 'draft.structured.internshipMonths', message: '试用期与见习期只能约定其一，请删去其中一项' }]);
    expect(await snapshot(sys)).toBe(before);
  });

  it('given sensible terms, when saved, then the agreement keeps them', async () => {
    const r = await sys.ok(initiateSigning, DEMO_OPENIDS.student, { action: 'save', requestId: rid(), version: 0, draft: initiationDraft([proof], { structured: { internshipMonths: 12, insurance: ['pension'] } }) });
    expect((await sys.store.get('agreements', r.id))!.content.structured).toEqual({ internshipMonths: 12, insurance: ['pension'] });
  });

  it('given a 违约金 above the cap unconfirmed, when submitted, then it is refused naming 违约金', async () => {
    const r = await sys.call(initiateSigning, DEMO_OPENIDS.student, { action: 'submit', requestId: rid(), version: 0, draft: initiationDraft([proof], { structured: { penaltyYuan: 20000 } }) });
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: expect.stringContaining('违约金 20000 元') });
  });
});

describe('邀约模板', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  const save = (openid: string, extra: { templateId?: string; version?: number; name?: string; terms?: OfferTerms }) =>
    sys.call(employerOffer, openid, { action: 'saveTemplate', requestId: rid(), version: extra.version ?? 0, name: extra.name ?? '校招数据分析师', terms: extra.terms ?? terms(), ...(extra.templateId ? { templateId: extra.templateId } : {}) });

  it('given a name and terms, when saved, then the template is stored, audited and listed; renamed, it keeps its id', async () => {
    const r = await save(HR, {});
    expect(r).toMatchObject({ ok: true, data: { record: 'offerTemplate', state: 'saved', version: 1 } });
    const id = r.ok ? r.data.id : '';
    const audit = await sys.auditOf('offerTemplate', id);
    expect(audit.map((e) => [e.action, e.from, e.to, e.actor.openid])).toEqual([['saveTemplate', null, 'saved', HR]]);
    const renamed = await save(HR, { templateId: id, version: 1, name: '校招数据分析师（深圳）' });
    expect(renamed).toMatchObject({ ok: true, data: { id, version: 2 } });
    const listed = await view<'offerTemplates'>(sys, HR, { view: 'offerTemplates' });
    expect(listed).toMatchObject({ employerState: 'certified', penaltyCapYuan: 5000, templates: [{ id, version: 2, name: '校招数据分析师（深圳）', terms: terms() }] });
    const form = await view<'inviteForm'>(sys, HR, { view: 'inviteForm' });
    expect(form.offerTemplates?.map((t) => t.name)).toEqual(['校招数据分析师（深圳）']);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a missing name', { name: '  ' }, /请填写模板名称/],
    ['a 试用期 of 7 months', { terms: terms({ trialMonths: 7 }) }, /试用期不得超过 6 个月/],
    ['a 违约金 above the cap unconfirmed', { terms: terms({ penaltyYuan: 9000 }) }, /违约金 9000 元高于学校建议上限/],
  ])('given %s, when saved, then it is refused naming the field and nothing is written', async (_, extra, message) => {
    const before = await snapshot(sys);
    const r = await save(HR, extra);
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: expect.stringMatching(message) });
    expect(await snapshot(sys)).toBe(before);
  });

  it('given a template of that name, when another is saved under it, then it is refused naming 模板名称', async () => {
    await save(HR, {});
    const r = await save(HR, {});
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', issues: [{ path: 'name', message: '已有名为“校招数据分析师”的邀约模板，请换一个模板名称' }] });
  });

  it('given a template, when deleted, then it leaves the list, its chain records it, and it cannot be saved again', async () => {
    const r = await save(HR, {});
    const id = r.ok ? r.data.id : '';
    expect(await sys.call(employerOffer, HR, { action: 'deleteTemplate', requestId: rid(), templateId: id, version: 2 })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await sys.call(employerOffer, HR, { action: 'deleteTemplate', requestId: rid(), templateId: id, version: 1 })).toMatchObject({ ok: true, data: { state: 'deleted', version: 2 } });
    expect((await view<'offerTemplates'>(sys, HR, { view: 'offerTemplates' })).templates).toEqual([]);
    expect((await sys.auditOf('offerTemplate', id)).map((e) => [e.action, e.to])).toEqual([['saveTemplate', 'saved'], ['deleteTemplate', 'deleted']]);
    expect(await save(HR, { templateId: id, version: 2 })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('given another unit’s template, when its HR edits or deletes it, then it does not exist for them', async () => {
    await otherEmployer(sys);
    const r = await save(HR, {});
    const id = r.ok ? r.data.id : '';
    const before = await snapshot(sys);
    expect(await save(OTHER_HR, { templateId: id, version: 1 })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await sys.call(employerOffer, OTHER_HR, { action: 'deleteTemplate', requestId: rid(), templateId: id, version: 1 })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect((await view<'offerTemplates'>(sys, OTHER_HR, { view: 'offerTemplates' })).templates).toEqual([]);
    expect(await snapshot(sys)).toBe(before);
  });

  it('given a student, when asking for templates or saving one, then it is refused', async () => {
    expect(await sys.call(query, DEMO_OPENIDS.student, { view: 'offerTemplates' })).toMatchObject({ ok: false });
    expect(await save(DEMO_OPENIDS.student, {})).toMatchObject({ ok: false });
  });
});

describe('批量邀约 (createMany)', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  const many = (students: { studentNo: string; studentName: string }[], t: OfferTerms = terms()) =>
    sys.call(employerOffer, HR, { action: 'createMany', requestId: rid(), students, terms: t, validDays: 10 });

  it('given students some of whom cannot get an offer, when sent, then the others get theirs and each row says why or what', async () => {
    const r = await many([
      { studentNo: LI, studentName: '李四' },
      { studentNo: ZHANG, studentName: '张三' },
      { studentNo: '2026099999', studentName: '赵六' },
      { studentNo: WANG, studentName: '王五' },
    ]);
    expect(r.ok).toBe(true);
    const rows = r.ok ? r.data.students! : [];
    expect(r.ok && r.data).toMatchObject({ record: 'offer', state: 'created' });
    expect(rows.map((row) => [row.studentNo, row.created, row.code ?? null])).toEqual([
      [LI, true, null],
      // the demo unit's offer to 张三 is still open
      [ZHANG, false, 'INVALID_TRANSITION'],
      ['2026099999', false, 'ROSTER_MISMATCH'],
      [WANG, true, null],
    ]);
    expect(rows[1]!.message).toBe('已向该学生发出邀约，请勿重复发送');
    expect(rows[2]!.message).toBe('学号与姓名不匹配');
    for (const row of rows.filter((x) => x.created)) {
      const offer = (await sys.store.get('offers', row.offerId!))!;
      expect(offer).toMatchObject({ studentNo: row.studentNo, employerId: DEMO_EMPLOYER_ID, terms: terms() });
      expect((await sys.auditOf('offer', offer._id)).map((e) => e.action)).toEqual(['create']);
    }
    // 李四 is bound and told; 王五 is not bound yet
    expect((await sys.all('outbox')).filter((m) => m.to === DEMO_OPENIDS.student2 && m.template === 'offerReceived')).toHaveLength(1);
  });

  it('given the same list again, when sent, then nobody gets a second offer: every row answers why', async () => {
    const list = [{ studentNo: LI, studentName: '李四' }, { studentNo: WANG, studentName: '王五' }];
    await many(list);
    const offers = (await sys.all('offers')).length;
    const again = await many(list);
    expect(again).toMatchObject({ ok: true, data: { state: 'none' } });
    expect(again.ok && again.data.students!.every((row) => !row.created && row.code === 'INVALID_TRANSITION')).toBe(true);
    expect((await sys.all('offers')).length).toBe(offers);
  });

  it.each<[string, { studentNo: string; studentName: string }[], OfferTerms, RegExp]>([
    ['a row without its 学号', [{ studentNo: LI, studentName: '李四' }, { studentNo: ' ', studentName: '王五' }], terms(), /请填写学号/],
    ['a 学号 twice', [{ studentNo: LI, studentName: '李四' }, { studentNo: WANG, studentName: '王五' }, { studentNo: LI, studentName: '李四' }], terms(), /第3行学号与第1行重复：2026010102/],
    ['terms with a 7-month 试用期', [{ studentNo: LI, studentName: '李四' }], terms({ trialMonths: 7 }), /试用期不得超过 6 个月/],
    ['51 students', Array.from({ length: 51 }, (_, i) => ({ studentNo: `20269${String(i).padStart(5, '0')}`, studentName: '某某' })), terms(), /一次最多邀约50名学生/],
    ['no students', [], terms(), /请添加要邀约的学生/],
  ])('given %s, when sent, then the whole list is refused naming the field and nothing is written', async (_, students, t, message) => {
    const before = await snapshot(sys);
    const r = await many(students, t);
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: expect.stringMatching(message) });
    expect(await snapshot(sys)).toBe(before);
  });
});
