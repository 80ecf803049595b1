/**
 * 毕业去向登记 in the domain: the shared per-type rules, the deadline, and each decision of the record's life (the
 * student's save / submit / withdraw / 本人确认, the reviewer's 通过 / 退回 / 修改, the agreement's fill and the
 * termination's reset), with the report state and 本人确认 kept as the values say.
 */
import { DESTINATION_TYPES, type DestinationPart } from '../../typings/codes/destination';
import { destinationIssues, PART_LABELS, type DestinationLookups } from '../../typings/rules/destination';
import type { DestinationContent } from '../../typings';
import {
  agreementDestination,
  amendDestination,
  approvedHash,
  daysUntil,
  deadlineOf,
  deadlinePassed,
  decideDestination,
  DESTINATION_LOOKUPS,
  fillDestination,
  isConfirmed,
  reportStateOf,
  resetDestination,
  reviewDestination,
  valuesHash,
  type StudentCommand,
} from '../../server/domain/destination';
import type { DestinationDoc } from '../../server/domain/types';
import {
  aDestination,
  aDestinationContent,
  aFile,
  anAgreement,
  anEnv,
  aStudent,
  CREATED,
  DESTINATION_CONTENTS,
  DESTINATION_EMPLOYER,
  messagesOf,
  NOW,
  OPENIDS,
  refusal,
  refusalOf,
  settings,
  TERMS,
  theWrite,
  trail,
} from './builders';

const issuesOf = (content: DestinationContent, complete = true) => destinationIssues(content, DESTINATION_LOOKUPS, { complete });
const pathsOf = (content: DestinationContent, complete = true) => issuesOf(content, complete).map((i) => i.path);
const ALL_PARTS: DestinationPart[] = ['employer', 'study', 'abroad', 'business', 'project', 'enlistment', 'freelance'];

describe('the per-type rules (typings/rules/destination.ts)', () => {
  it.each(DESTINATION_TYPES.entries.map((t) => t.code))('type %s whole passes; without its parts it names each one missing', (code) => {
    const type = DESTINATION_TYPES.entries.find((t) => t.code === code)!;
    expect(issuesOf(DESTINATION_CONTENTS[code]!)).toEqual([]);
    const bare = issuesOf({ type: code });
    for (const part of type.parts) expect(bare).toContainEqual({ path: part, message: `请填写${PART_LABELS[part]}` });
    expect(bare).toContainEqual({ path: 'file', message: '请填写档案转递' });
    if (type.hukou === 'required') expect(bare).toContainEqual({ path: 'hukou', message: '请填写户口迁移' });
    else expect(bare.map((i) => i.path)).not.toContain('hukou');
    // a draft keeps what is missing
    expect(pathsOf({ type: code }, false)).toEqual([]);
  });

  it.each(DESTINATION_TYPES.entries.flatMap((t) => ALL_PARTS.filter((p) => !t.parts.includes(p)).map((p) => [t.code, t.name, p] as const)))(
    'type %s (%s) refuses the part %s, naming it, even in a draft',
    (code, name, part) => {
      const foreign = DESTINATION_CONTENTS[Object.keys(DESTINATION_CONTENTS).find((c) => DESTINATION_CONTENTS[c]![part] !== undefined)!]![part];
      const content = { ...DESTINATION_CONTENTS[code]!, [part]: foreign };
      expect(issuesOf(content, false)).toContainEqual({ path: part, message: `${name}不需要填写${PART_LABELS[part]}，请删除` });
    },
  );

  it('each required field of a part is named when empty', () => {
    const employer = Object.fromEntries(Object.keys(DESTINATION_EMPLOYER).map((k) => [k, ''])) as unknown as typeof DESTINATION_EMPLOYER;
    expect(issuesOf(aDestinationContent('11', { employer }))).toEqual(expect.arrayContaining([
      { path: 'employer.name', message: '请填写单位名称' },
      { path: 'employer.uscc', message: '请填写统一社会信用代码' },
      { path: 'employer.nature', message: '请选择单位性质' },
      { path: 'employer.industry', message: '请选择单位行业' },
      { path: 'employer.region', message: '请选择单位所在地' },
      { path: 'employer.jobCategory', message: '请选择工作职位类别' },
      { path: 'employer.jobTitle', message: '请填写岗位名称' },
      { path: 'employer.contactName', message: '请填写单位联系人' },
      { path: 'employer.contactPhone', message: '请填写单位联系电话' },
    ]));
    expect(issuesOf(aDestinationContent('80', { study: { school: '', programme: '', level: '' } })).map((i) => i.message)).toEqual(['请填写升学院校', '请填写录取专业', '请选择升学层次']);
  });

  it.each([
    ['单位性质', { employer: { ...DESTINATION_EMPLOYER, nature: '98' } }, 'employer.nature', '单位性质不在标准代码表中'],
    ['单位行业', { employer: { ...DESTINATION_EMPLOYER, industry: '00' } }, 'employer.industry', '单位行业不在标准代码表中'],
    ['单位所在地', { employer: { ...DESTINATION_EMPLOYER, region: '110000x' } }, 'employer.region', '单位所在地不在标准代码表中'],
    ['工作职位类别', { employer: { ...DESTINATION_EMPLOYER, jobCategory: '12' } }, 'employer.jobCategory', '工作职位类别不在标准代码表中'],
    ['统一社会信用代码', { employer: { ...DESTINATION_EMPLOYER, uscc: '91440300MA5D8K2P1G' } }, 'employer.uscc', '统一社会信用代码不正确，请核对（18位，末位为校验码）'],
    ['单位联系电话', { employer: { ...DESTINATION_EMPLOYER, contactPhone: '12345' } }, 'employer.contactPhone', '单位联系电话格式不正确'],
    ['单位联系邮箱', { employer: { ...DESTINATION_EMPLOYER, contactEmail: 'hr@' } }, 'employer.contactEmail', '单位联系邮箱格式不正确'],
  ])('a job type’s %s is checked', (_, over, path, message) => {
    expect(issuesOf(aDestinationContent('11', over as Partial<DestinationContent>), false)).toEqual([{ path, message }]);
  });

  it('the 单位性质 of a job type must be one the type allows (DestinationType.natures, data)', () => {
    const strict: DestinationLookups = { ...DESTINATION_LOOKUPS, type: (c) => ({ ...DESTINATION_LOOKUPS.type(c)!, natures: ['10', '31'] }) };
    expect(destinationIssues(aDestinationContent('11'), strict, { complete: true })).toEqual([
      { path: 'employer.nature', message: '签劳动合同形式就业的单位性质不能为“39”，请按用人单位的性质选择' },
    ]);
  });

  it('other parts: 创业’s credit code, 升学’s level, 出国’s purpose, the regions', () => {
    expect(issuesOf(aDestinationContent('75', { business: { name: '某工作室', uscc: '123', region: '440305' } }))).toEqual([
      { path: 'business.uscc', message: '创业企业统一社会信用代码不正确，请核对（18位，末位为校验码）' },
    ]);
    expect(issuesOf(aDestinationContent('80', { study: { school: '北京大学', programme: '法学', level: '本科' } }))).toEqual([
      { path: 'study.level', message: '升学层次应为硕士研究生、博士研究生、专升本、第二学士学位之一' },
    ]);
    expect(issuesOf(aDestinationContent('85', { abroad: { country: '英国', institution: 'UCL', purpose: 'travel' as 'study' } }))).toEqual([
      { path: 'abroad.purpose', message: '出国（境）目的应为留学或工作' },
    ]);
    expect(pathsOf(aDestinationContent('46', { enlistment: { noticeNo: '1', region: '1' } }))).toEqual(['enlistment.region']);
  });

  it('待就业 needs its kind; no other type has one', () => {
    expect(issuesOf({ ...DESTINATION_CONTENTS['70']!, pendingKind: undefined })).toEqual([{ path: 'pendingKind', message: '请选择待就业情况' }]);
    expect(issuesOf({ ...DESTINATION_CONTENTS['70']!, pendingKind: 'travel' })).toEqual([{ path: 'pendingKind', message: '待就业情况不在可选范围内' }]);
    expect(issuesOf({ ...DESTINATION_CONTENTS['80']!, pendingKind: 'seeking' })).toEqual([{ path: 'pendingKind', message: '只有待就业需要填写待就业情况，升学请删除' }]);
  });

  it('an unknown or missing type is named first, and nothing else is said', () => {
    expect(issuesOf({ type: '' })).toEqual([{ path: 'type', message: '请选择去向类型' }]);
    expect(issuesOf({ type: '13', employer: DESTINATION_EMPLOYER })).toEqual([{ path: 'type', message: '去向类型“13”不在标准代码表中' }]);
  });

  it.each([
    ['a person', { receiver: '李老师' }, 'file.receiver', '档案接收单位应为单位名称（如 某某市人才服务中心），不能是个人'],
    ['a short name', { receiver: '人社局' }, 'file.receiver', '档案接收单位应为单位名称（如 某某市人才服务中心），不能是个人'],
    ['an address without a house number', { address: '深圳市福田区深南大道' }, 'file.address', '档案接收地址请填写到门牌号（如 某某路88号）'],
    ['a postcode of letters', { postcode: 'ABCDEF' }, 'file.postcode', '档案接收邮编应为6位数字'],
    ['a phone of 5 digits', { phone: '12345' }, 'file.phone', '档案接收单位电话格式不正确'],
    ['an empty receiver', { receiver: '' }, 'file.receiver', '请填写档案接收单位'],
  ])('档案转递: %s is refused', (_, over, path, message) => {
    expect(issuesOf(aDestinationContent('80', { file: { ...DESTINATION_CONTENTS['80']!.file!, ...over } }))).toEqual([{ path, message }]);
  });

  it('档案转递 kept at school needs no address; the Chinese house number 一号 is one', () => {
    expect(issuesOf(aDestinationContent('80', { file: { receiverKind: 'school', receiver: '', address: '', postcode: '', phone: '' } }))).toEqual([]);
    expect(issuesOf(aDestinationContent('80', { file: { ...DESTINATION_CONTENTS['80']!.file!, address: '北京市西城区西长安街一号' } }))).toEqual([]);
    expect(issuesOf(aDestinationContent('80', { file: { ...DESTINATION_CONTENTS['80']!.file!, receiverKind: '' as 'school' } }))).toEqual([{ path: 'file.receiverKind', message: '请选择档案去向' }]);
  });

  it('户口迁移: moving names the address and the 派出所; staying names nothing', () => {
    expect(issuesOf(aDestinationContent('11', { hukou: { migrate: true } })).map((i) => i.path)).toEqual(['hukou.address', 'hukou.policeStation']);
    expect(issuesOf(aDestinationContent('11', { hukou: { migrate: true, address: '深圳市南山区1号', policeStation: '南山区公安局' } }))).toEqual([
      { path: 'hukou.policeStation', message: '迁入地派出所应填写派出所名称（如 某某派出所）' },
    ]);
    expect(issuesOf(aDestinationContent('11', { hukou: { migrate: false } }))).toEqual([]);
    expect(issuesOf(aDestinationContent('76', { hukou: { migrate: false } }))).toEqual([{ path: 'hukou', message: '自由职业不需要填写户口迁移，请删除' }]);
  });
});

describe('the deadline (settings.destinationDeadline, of the graduation year, inclusive, China’s calendar)', () => {
  it('is the MM-DD of the graduation year; 02-29 in a common year is the 28th', () => {
    expect(deadlineOf(settings(), 2026)).toBe('2026-08-31');
    expect(deadlineOf(settings({ destinationDeadline: '02-29' }), 2026)).toBe('2026-02-28');
    expect(deadlineOf(settings({ destinationDeadline: '02-29' }), 2028)).toBe('2028-02-29');
  });

  it('is open all its day in Beijing, closed from the next midnight', () => {
    expect(deadlinePassed('2026-08-31', '2026-08-31T15:59:59.999Z')).toBe(false);
    expect(deadlinePassed('2026-08-31', '2026-08-31T16:00:00.000Z')).toBe(true);
    expect(daysUntil('2026-08-31', '2026-08-31T15:59:00.000Z')).toBe(0);
    expect(daysUntil('2026-08-31', '2026-08-30T16:00:00.000Z')).toBe(0);
    expect(daysUntil('2026-08-31', '2026-08-30T15:59:00.000Z')).toBe(1);
    expect(daysUntil('2026-08-31', '2026-09-01T16:00:00.000Z')).toBe(-2);
  });
});

describe('the student’s decisions', () => {
  const env = anEnv({ role: 'student' });
  const decide = (destination: DestinationDoc | null, command: StudentCommand, over: { agreement?: ReturnType<typeof anAgreement> | null; now?: string } = {}) =>
    decideDestination({
      env: over.now ? anEnv({ role: 'student', now: over.now }) : env,
      student: aStudent(),
      destination,
      agreement: over.agreement ?? null,
      settings: settings(),
      command,
    });

  it('a first save creates the draft under the 学号, its files in the entry', () => {
    const decided = decide(null, { action: 'save', content: { type: '80', study: { school: '北京大学', programme: '', level: '' } }, evidence: [aFile(3)] });
    const { doc, expectedVersion } = theWrite(decided, 'destinations');
    expect(expectedVersion).toBe(0);
    expect(doc).toMatchObject({ _id: 'destination:2026010101', studentNo: '2026010101', collegeId: 'cs', state: 'draft', version: 1, approved: null, flags: [], flagged: false, report: { state: 'new' } });
    expect(trail(decided)).toEqual([expect.objectContaining({ action: 'save', from: null, to: 'draft', attachments: [aFile(3)] })]);
    expect(decided.outbox).toEqual([]);
  });

  it('a submission checks the whole content and the evidence, and stores the flags given', () => {
    const submit = (evidence = [aFile(3)]) => decideDestination({
      env, student: aStudent(), destination: aDestination('draft'), agreement: null, settings: settings(),
      command: { action: 'submit', content: aDestinationContent('11'), evidence }, flagsFor: () => ['otherJob'],
    });
    expect(theWrite(submit(), 'destinations').doc).toMatchObject({ state: 'submitted', submittedAt: NOW, flags: ['otherJob'], flagged: true });
    expect(refusal(() => submit([]))).toMatchObject({ code: 'INVALID_INPUT', message: '请上传证明材料：劳动合同', issues: [{ path: 'draft.evidenceFiles', message: '请上传证明材料：劳动合同' }] });
    expect(refusal(() => decide(aDestination('draft'), { action: 'submit', content: { type: '80' }, evidence: [aFile()] })).issues!.map((i) => i.path)).toEqual(['draft.study', 'draft.file']);
  });

  it('submitting without a form submits what was saved', () => {
    const decided = decide(aDestination('draft'), { action: 'submit' });
    expect(theWrite(decided, 'destinations').doc).toMatchObject({ state: 'submitted', content: aDestinationContent(), evidence: [aFile(3)] });
  });

  it.each([
    ['save', 'submitted', 'INVALID_TRANSITION'],
    ['submit', 'submitted', 'INVALID_TRANSITION'],
    ['withdraw', 'draft', 'INVALID_TRANSITION'],
    ['withdraw', 'approved', 'INVALID_TRANSITION'],
    ['confirm', 'submitted', 'INVALID_TRANSITION'],
  ] as const)('%s from %s is refused', (action, state, code) => {
    const command: StudentCommand = action === 'save' ? { action, content: aDestinationContent(), evidence: [] } : action === 'submit' ? { action } : { action };
    expect(refusalOf(() => decide(aDestination(state), command))).toBe(code);
  });

  it('withdraw takes a submission back to a draft', () => {
    expect(trail(decide(aDestination('submitted'), { action: 'withdraw' }))).toEqual([expect.objectContaining({ action: 'withdraw', from: 'submitted', to: 'draft' })]);
  });

  it('a change after approval waits for review: the approved values stay in force', () => {
    const decided = decide(aDestination('approved'), { action: 'submit', content: aDestinationContent('85'), evidence: [aFile(4)] });
    const doc = theWrite(decided, 'destinations').doc;
    expect(doc).toMatchObject({ state: 'submitted', content: { type: '85' }, approved: { type: '80' } });
    const saved = theWrite(decide(aDestination('approved'), { action: 'save', content: aDestinationContent('85'), evidence: [] }), 'destinations').doc;
    expect(saved).toMatchObject({ state: 'approved', content: { type: '85' }, approved: { type: '80' } });
  });

  it('after the deadline the student changes nothing, but may still confirm', () => {
    const late = '2026-09-01T02:00:00.000Z';
    expect(refusal(() => decide(aDestination('draft'), { action: 'submit' }, { now: late }))).toMatchObject({
      code: 'INVALID_TRANSITION',
      message: '毕业去向登记已于2026年8月31日截止，如需修改请联系辅导员或就业指导中心',
    });
    expect(refusalOf(() => decide(aDestination('submitted'), { action: 'withdraw' }, { now: late }))).toBe('INVALID_TRANSITION');
    expect(theWrite(decide(aDestination('approved'), { action: 'confirm' }, { now: late }), 'destinations').doc.confirmedAt).toBe(late);
  });

  it('a signed agreement bars every registration; a pending one bars job types only', () => {
    const signed = anAgreement('signed');
    expect(refusal(() => decide(aDestination('draft'), { action: 'save', content: aDestinationContent('80'), evidence: [] }, { agreement: signed })).message).toBe(
      '您的三方协议（编号 20261000131000001）签约成功，毕业去向已据此登记；如需变更，请先申请解约',
    );
    for (const state of ['pendingCollege', 'pendingSchool', 'returned'] as const) {
      const pending = anAgreement(state);
      expect(refusal(() => decide(null, { action: 'submit', content: aDestinationContent('11'), evidence: [aFile()] }, { agreement: pending })).issues).toEqual([
        { path: 'draft.type', message: '您与深圳示例科技有限公司的三方协议正在办理中，办结前不能登记其他就业单位；可登记待就业、升学等去向' },
      ]);
      expect(theWrite(decide(null, { action: 'submit', content: aDestinationContent('70'), evidence: [] }, { agreement: pending }), 'destinations').doc.state).toBe('submitted');
    }
    expect(theWrite(decide(null, { action: 'submit', content: aDestinationContent('11'), evidence: [aFile()] }, { agreement: anAgreement('terminated') }), 'destinations').doc.state).toBe('submitted');
  });

  it('本人确认 stores when and the hash of the values in force; only once for the same values', () => {
    const doc = theWrite(decide(aDestination('approved'), { action: 'confirm' }), 'destinations').doc;
    expect(doc).toMatchObject({ confirmedAt: NOW, confirmedHash: approvedHash(aDestination('approved')) });
    expect(isConfirmed(doc)).toBe(true);
    expect(refusal(() => decide(doc, { action: 'confirm' })).message).toBe('您已确认过当前的毕业去向');
  });
});

describe('the reviewers’ decisions', () => {
  const college = anEnv({ role: 'collegeReviewer' });

  it('通过 puts the submission in force and tells the student to confirm', () => {
    const decided = reviewDestination({ env: college, destination: aDestination('submitted'), decision: 'approve' });
    expect(theWrite(decided, 'destinations').doc).toMatchObject({ state: 'approved', approved: { ...aDestinationContent(), approvedAt: NOW, evidence: [aFile(3)] } });
    expect(messagesOf(decided)).toEqual([
      { to: OPENIDS.student, template: 'reviewResult', page: 'pkg/destination/index', data: { thing1: '毕业去向登记', phrase2: '通过', thing3: '请进入小程序完成本人确认', time4: '2026年6月1日 10:00' } },
    ]);
  });

  it('退回 keeps the reason and says it', () => {
    const decided = reviewDestination({ env: college, destination: aDestination('submitted'), decision: 'return', reason: ' 录取通知书不清晰 ' });
    expect(theWrite(decided, 'destinations').doc).toMatchObject({ state: 'returned', reason: '录取通知书不清晰', approved: null });
    expect(trail(decided)[0]).toMatchObject({ action: 'return', reason: '录取通知书不清晰' });
    expect(messagesOf(decided)[0]!.data).toMatchObject({ phrase2: '退回', thing3: '录取通知书不清晰' });
    expect(refusalOf(() => reviewDestination({ env: college, destination: aDestination('submitted'), decision: 'return' }))).toBe('REASON_REQUIRED');
  });

  it('修改 after the deadline: approved as made, the reason in the entry; before it refused', () => {
    const late = anEnv({ role: 'collegeReviewer', now: '2026-09-02T02:00:00.000Z' });
    const amend = (env = late, reason = '核实后修改') =>
      amendDestination({ env, student: aStudent(), destination: aDestination('returned'), settings: settings(), content: aDestinationContent('70'), evidence: [], reason });
    expect(theWrite(amend(), 'destinations').doc).toMatchObject({ state: 'approved', approved: { type: '70' }, content: { type: '70' } });
    expect(trail(amend())[0]).toMatchObject({ action: 'amend', from: 'returned', to: 'approved', reason: '核实后修改' });
    expect(refusalOf(() => amend(college))).toBe('INVALID_TRANSITION');
    expect(refusalOf(() => amend(late, ' '))).toBe('REASON_REQUIRED');
  });
});

describe('the agreement’s fill and the termination’s reset', () => {
  const school = anEnv({ role: 'schoolReviewer' });
  const signed = anAgreement('signed', { content: { ...anAgreement().content, ...TERMS, job: { ...TERMS.job, jobCategory: '21' } } });

  it('a signed agreement reads as type 10: its unit, job, 工作职位类别 and 户口; no 档案 transfer means kept at school', () => {
    expect(agreementDestination(signed)).toEqual({
      type: '10',
      employer: { ...DESTINATION_EMPLOYER, industry: '65', jobCategory: '21', jobTitle: '数据分析师' },
      file: { receiverKind: 'school', receiver: '', address: '', postcode: '', phone: '' },
      hukou: { migrate: true, address: '北京市东城区东华门街道' },
    });
  });

  it('fill: approved at once by the school, naming the agreement, whatever the record held', () => {
    for (const current of [null, aDestination('draft'), aDestination('submitted'), aDestination('approved')]) {
      const decided = fillDestination({ env: school, agreement: signed, destination: current });
      const doc = theWrite(decided, 'destinations').doc;
      expect(doc).toMatchObject({ state: 'approved', agreementId: 'agreement-1', approved: { type: '10' }, content: { type: '10' } });
      expect(trail(decided)[0]).toMatchObject({ action: 'fill', actor: { role: 'schoolReviewer' }, from: current?.state ?? null, to: 'approved' });
    }
  });

  it('reset: 待就业 (求职中) in force, the agreement no longer named, a to-do mark', () => {
    const filled = theWrite(fillDestination({ env: school, agreement: signed, destination: null }), 'destinations').doc;
    const doc = theWrite(resetDestination({ env: school, agreement: signed, destination: filled }), 'destinations').doc;
    expect(doc).toMatchObject({ state: 'approved', content: { type: '70', pendingKind: 'seeking' }, approved: { type: '70' }, resetAt: NOW });
    expect(doc.agreementId).toBeUndefined();
  });
});

describe('the report state and 本人确认 follow the values in force', () => {
  const school = anEnv({ role: 'schoolReviewer' });
  const reported = (d: DestinationDoc): DestinationDoc => ({ ...d, report: { state: 'reported', reportedAt: CREATED, reportedHash: approvedHash(d)! } });

  it('新增 until reported; 已上报 as reported; 需复查 while a change waits; 有改动 once another value is in force', () => {
    expect(reportStateOf(aDestination('approved'))).toBe('new');
    const r = reported(aDestination('approved'));
    expect(reportStateOf(r)).toBe('reported');
    expect(reportStateOf({ ...r, state: 'submitted', content: aDestinationContent('85') })).toBe('recheck');
    expect(reportStateOf({ ...r, content: aDestinationContent('85') })).toBe('recheck');
    expect(reportStateOf({ ...r, approved: { ...aDestinationContent('85'), approvedAt: NOW, evidence: [] }, content: aDestinationContent('85') })).toBe('changed');
  });

  it('each decision stores the state its values give', () => {
    const r = reported(aDestination('approved'));
    const student = anEnv({ role: 'student' });
    const waiting = theWrite(decideDestination({ env: student, student: aStudent(), destination: r, agreement: null, settings: settings(), command: { action: 'submit', content: aDestinationContent('85'), evidence: [aFile()] } }), 'destinations').doc;
    expect(waiting.report).toEqual({ ...r.report, state: 'recheck' });
    const approved = theWrite(reviewDestination({ env: school, destination: waiting, decision: 'approve' }), 'destinations').doc;
    expect(approved.report.state).toBe('changed');
  });

  it('the same values approved again keep 本人确认; other values drop it', () => {
    const confirmed = { ...aDestination('approved'), confirmedAt: CREATED, confirmedHash: valuesHash(aDestinationContent()) };
    const same = theWrite(reviewDestination({ env: school, destination: { ...confirmed, state: 'submitted' }, decision: 'approve' }), 'destinations').doc;
    expect(same.confirmedAt).toBe(CREATED);
    const other = theWrite(reviewDestination({ env: school, destination: { ...confirmed, state: 'submitted', content: aDestinationContent('85') }, decision: 'approve' }), 'destinations').doc;
    expect(other.confirmedAt).toBeUndefined();
    expect(other.confirmedHash).toBeUndefined();
  });
});
