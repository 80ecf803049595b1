/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
/**
 * 毕业去向登记 in 审核, page to store: a college reviewer's queue of 300 with its flag filter, 一键通过无提示项 through the
 * batch review, and the detail with its 核查提示, evidence, the values in force beside a change, 本人确认 and 通过 / 退回;
 * an agreement's detail with its flags too.
 */
import { destinationFlagFields } from '../../server/app/flags';
import { destinationId } from '../../server/domain/destination';
import { withUsccCheck } from '../../server/domain/identifiers';
import { step, touch } from '../../server/domain/machine';
import { studentKeys } from '../../server/domain/parties';
import type { DestinationDoc, StudentDoc } from '../../server/domain/types';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { registerDestination } from '../../server/usecases/registerDestination';
import type { DestinationContent } from '../../typings';
import { flagChips, flaggedOf, unflaggedConfirm, unflaggedRows, type QueueRow } from '../../miniprogram/pkg/review/queues/queues';
import { archiveRows, confirmRows, destinationRows, flagRows, pendingChange } from '../../miniprogram/pkg/review/detail/rows';
import type { DestinationView } from '../../typings/views';
import { initiationDraft } from '../support/agreements';
import { aDraft, decide, EMPLOYER_PART, HUKOU_PART, submit } from '../support/destinations';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { capture } from './gallery';
import { installWx, openPage, settle, tap, textAt, type MiniEnv, type Page } from './support';

const CS = { collegeId: 'cs', collegeName: '计算机学院' };
const ZHANG = '2026010101';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN = ['子涵', '浩然', '欣怡', '梓萱', '宇轩', '思远', '雨桐', '俊杰', '佳怡', '博文', '诗涵', '一鸣', '可馨', '明轩', '雅琪', '嘉懿', '天佑'];
const MAJORS = ['软件工程', '计算机科学与技术', '网络工程', '数据科学与大数据技术'];
/** units a class of graduates goes to, with valid credit codes; the first is the demo library's */
const UNITS = [
  { name: '杭州云帆网络科技有限公司', uscc: withUsccCheck('91330106MA2B00001'), contactPhone: '0571-88001234' },
  { name: '北京智联数据服务有限公司', uscc: withUsccCheck('91110108MA0100002'), contactPhone: '010-62001234' },
  { name: '上海浦江软件有限公司', uscc: withUsccCheck('91310115MA1K00003'), contactPhone: '021-58001234' },
  { name: '广州华南电子有限公司', uscc: withUsccCheck('91440101MA5C00004'), contactPhone: '020-38001234' },
  { name: '成都天府信息技术有限公司', uscc: withUsccCheck('91510100MA6C00005'), contactPhone: '028-85001234' },
];
const LIBRARY_UNIT = { name: '深圳示例科技有限公司', uscc: withUsccCheck('91440300MA5D8K2P1'), contactPhone: '13912345678' };

/** A roster entry as the admin's import writes it (audited), unbound. */
async function addStudent(sys: TestSystem, studentNo: string, name: string, major: string): Promise<StudentDoc> {
  const now = sys.deps.clock().toISOString();
  const doc: StudentDoc = {
    _id: studentNo, version: 1, createdAt: now, updatedAt: now, auditHead: '', studentNo, name, major, ...CS,
    idNumber: '110101200401011234', gender: '女', educationLevel: '31', graduationYear: 2026,
    source: { originRegion: '110101' }, employment: {}, openid: null, activeAgreementId: null,
  };
  const imported = touch<StudentDoc>({ record: 'student', current: null, id: studentNo, action: 'import', actor: { openid: 'admin', role: 'admin' }, now, from: null, to: 'imported', patch: doc });
  await sys.store.commit({ writes: [{ collection: 'students', doc: imported.doc, expectedVersion: 0 }], audit: [imported.audit], outbox: [] });
  return imported.doc;
}

/**
 * The n-th graduate's destination: mostly 劳动合同 with one of five units, some 升学, 出国, 待就业; some with what 就业核查
 * flags: 工作职位类别 90 every 7th, a file named as an internship every 9th, the library unit's phone under another
 * unit every 11th, the library's name under another code every 13th.
 */
function contentOf(n: number): { content: DestinationContent; file: string } {
  const kind = n % 6;
  if (kind === 4) return { content: { type: '80', study: { school: ['北京大学', '浙江大学', '复旦大学'][n % 3]!, programme: '计算机科学与技术', level: '硕士研究生' } }, file: 'admission.jpg' };
  if (kind === 5 && n % 4 === 1) return { content: { type: '70', pendingKind: 'seeking' }, file: '' };
  const unit = n % 13 === 0 ? { ...LIBRARY_UNIT, uscc: UNITS[0]!.uscc } : UNITS[n % UNITS.length]!;
  const contactPhone = n % 11 === 0 ? LIBRARY_UNIT.contactPhone : unit.contactPhone;
  const employer = { ...EMPLOYER_PART, name: unit.name, uscc: unit.uscc, contactPhone, jobCategory: n % 7 === 0 ? '90' : '13' };
  return {
    content: {
      type: '11', employer,
      file: { receiverKind: 'employer', receiver: unit.name, address: '浙江省杭州市西湖区文三路100号', postcode: '310012', phone: unit.contactPhone },
      hukou: { migrate: false },
    },
    file: n % 9 === 0 ? `internship-${n}.jpg` : `contract-${n}.jpg`,
  };
}

/** `count` graduates of 计算机学院 with submitted destinations, ten minutes apart, flags as registerDestination stores them. */
async function manyDestinations(sys: TestSystem, count: number): Promise<string[]> {
  const numbers: string[] = [];
  for (let n = 1; n <= count; n++) {
    const studentNo = `2026031${String(n).padStart(3, '0')}`;
    const name = `${SURNAMES[n % SURNAMES.length]}${GIVEN[(n * 7) % GIVEN.length]}`;
    const student = await addStudent(sys, studentNo, name, MAJORS[n % MAJORS.length]!);
    const { content, file } = contentOf(n);
    const openid = `openid-${studentNo}`;
    const evidence = file ? [{ fileId: await sys.upload(openid, file), sha256: String(n % 10).repeat(64) }] : [];
    const id = destinationId(studentNo);
    const now = sys.deps.clock().toISOString();
    const flags = await destinationFlagFields(sys.deps, { id, studentNo, content, evidence, approved: null });
    const created = step<'destination', DestinationDoc>({
      kind: 'destination', current: null, id, action: 'submit', actor: { openid, role: 'student' }, now, attachments: evidence,
      patch: { ...studentKeys(student), content, evidence, approved: null, submittedAt: now, report: { state: 'new' }, studentOpenid: openid, ...flags },
    });
    await sys.store.commit({ writes: [{ collection: 'destinations', doc: created.doc, expectedVersion: 0 }], audit: [created.audit], outbox: [] });
    sys.advance(10 * 60_000);
    numbers.push(studentNo);
  }
  return numbers;
}

const texts = (page: Page, selector: string): string[] => page.querySelectorAll(selector).map((t) => (t.dom?.textContent ?? '').trim());
/** the warning tags under an item (the row's key), as read on screen */
const flagTags = (page: Page, key = ''): string[] => texts(page, `${key ? `.item--${key} ` : ''}.item__flag >>> .t-tag`);
const titles = (page: Page): string[] => texts(page, '.item__title');
const chips = (page: Page): string[] => page.querySelectorAll('.flag-chip').map((t) => (t.dom?.textContent ?? '').replace(/\s+/g, ''));
const reviewCalls = (env: MiniEnv) => env.calls.filter((c) => c.name === 'review');
const rowsIn = (page: Page, section: string): Record<string, string> => {
  const labels = texts(page, `${section} .row__label`);
  const values = texts(page, `${section} .row__value`);
  return Object.fromEntries(labels.map((l, i) => [l, values[i] ?? '']));
};
const panelTitles = (page: Page): string[] => texts(page, '.section__title');

describe('去向登记 in 审核: helpers', () => {
  const row = (over: Partial<QueueRow>): QueueRow => ({
    record: 'destination', id: 'destination:1', version: 1, key: 'k', title: 't', subtitle: '', college: '', tag: { label: '待审核', theme: 'primary' },
    submitted: '', selectable: true, checked: false, flags: [], ...over,
  });

  it('the flag chips: 全部 / 有核查提示 / 无核查提示 with their counts, and the filter each sends', () => {
    expect(flagChips({ flagged: 12, unflagged: 288 })).toEqual([
      { value: '', label: '全部', count: 300 },
      { value: 'flagged', label: '有核查提示', count: 12 },
      { value: 'unflagged', label: '无核查提示', count: 288 },
    ]);
    expect(flagChips(undefined).map((c) => c.count)).toEqual([null, null, null]);
    expect([flaggedOf(''), flaggedOf('flagged'), flaggedOf('unflagged')]).toEqual([undefined, true, false]);
  });

  it('一键通过无提示项 takes the pending rows without flags, at most the batch limit, and says how many are left to look at', () => {
    const rows = [row({ id: 'a' }), row({ id: 'b', flags: ['职位类别为其他人员'] }), row({ id: 'c', selectable: false }), row({ id: 'd' })];
    expect(unflaggedRows(rows, 100).map((r) => r.id)).toEqual(['a', 'd']);
    expect(unflaggedRows(rows, 1).map((r) => r.id)).toEqual(['a']);
    expect(unflaggedConfirm(2, 1)).toBe('确认通过列表中 2 条无核查提示的毕业去向登记？有核查提示的 1 条不在其中，请逐条查看。');
    expect(unflaggedConfirm(18, 0)).toBe('确认通过列表中 18 条无核查提示的毕业去向登记？');
  });

  it('a pending change: each row says what is in force where it differs; 本人确认 and the report state', () => {
    const approved = { type: '11', employer: { ...EMPLOYER_PART }, hukou: { migrate: false }, approvedAt: '2026-05-20T02:00:00.000Z', evidence: [] };
    const v: DestinationView = {
      id: 'destination:1', state: 'submitted', version: 4, evidence: [], approved, timeline: [],
      content: { type: '11', employer: { ...EMPLOYER_PART, name: '深圳示例网络有限公司', jobCategory: '90' }, hukou: { migrate: true, address: '广东省深圳市南山区科技南路88号', policeStation: '粤海派出所' } },
      confirmedAt: '2026-05-21T06:30:00.000Z', report: { state: 'reported', reportedAt: '2026-05-30T02:00:00.000Z' },
    };
    expect(pendingChange(v)).toBe(true);
    const rows = Object.fromEntries(destinationRows(v).map((r) => [r.label, [r.value, r.was]]));
    expect(rows).toMatchObject({
      去向类型: ['签劳动合同形式就业', undefined],
      单位名称: ['深圳示例网络有限公司', '深圳示例科技有限公司'],
      工作职位类别: ['其他人员', '工程技术人员'],
      单位行业: ['信息传输、软件和信息技术服务业', undefined],
      单位所在地: ['广东省 深圳市 南山区', undefined],
    });
    expect(archiveRows(v).map((r) => [r.label, r.value, r.was])).toEqual([
      ['户口迁移', '迁移', '不迁移'],
      ['户口迁入地址', '广东省深圳市南山区科技南路88号', '无'],
      ['迁入地派出所', '粤海派出所', '无'],
    ]);
    expect(Object.fromEntries(confirmRows(v).map((r) => [r.label, r.value]))).toEqual({
      本人确认: '已确认（2026年5月21日 14:30）',
      现行去向: '签劳动合同形式就业（2026年5月20日审核通过）',
      上报状态: '已上报，2026年5月30日上报',
    });
    expect(destinationRows({ ...v, state: 'approved' }).every((r) => r.was === undefined)).toBe(true);
    expect(flagRows([{ code: 'otherJob', label: '职位类别为其他人员', text: '工作职位类别填的是…' }, { code: 'new', text: '原因' }])).toEqual([
      { code: 'otherJob', label: '职位类别为其他人员', text: '工作职位类别填的是…' },
      { code: 'new', label: 'new', text: '原因' },
    ]);
  });
});

describe('去向登记 in 审核, page to store', () => {
  let sys: TestSystem;
  let env: MiniEnv;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => {
    delete (globalThis as { getCurrentPages?: unknown }).getCurrentPages;
    return sys.close();
  });

  it('a college reviewer with 300: the chip\'s count, the flag filter, labels on each item; 一键通过无提示项 approves the unflagged on screen', async () => {
    const numbers = await manyDestinations(sys, 300);
    const stored = await sys.all('destinations');
    const flaggedCount = stored.filter((d) => d.flagged).length;
    expect(flaggedCount).toBeGreaterThan(40);

    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('review/queues', env);
    await tap(page, env, '.tab--destination');
    capture(page, 'review-queues', 'destination', '审核：毕业去向登记（300 条待审核）');
    expect(textAt(page, '.tab--destination')).toContain('去向登记');
    expect(page.data.tabs.find((t: { name: string }) => t.name === 'destination').count).toBe(300);
    expect(chips(page)).toEqual(['全部300', `有核查提示${flaggedCount}`, `无核查提示${300 - flaggedCount}`]);
    expect(titles(page)).toHaveLength(20);
    // the 7th graduate's job is 其他人员, the 9th's file reads as an internship: each item says so
    expect(flagTags(page, `destination-${numbers[6]}`)).toEqual(['职位类别为其他人员']);
    expect(flagTags(page, `destination-${numbers[8]}`)).toEqual(['材料疑为实习/见习证明']);
    expect(page.querySelector(`.item--destination-${numbers[0]} .item__flags`)).toBeUndefined();

    await tap(page, env, '.flag-chip--flagged');
    capture(page, 'review-queues', 'destination-flagged', '审核：毕业去向登记，只看有核查提示的');
    expect(env.calls.at(-1)?.data).toMatchObject({ view: 'reviewQueues', queue: 'destination', filter: { flagged: true } });
    expect((page.data.rows as QueueRow[]).every((r) => r.flags.length > 0)).toBe(true);
    expect(page.querySelectorAll('.item__flags')).toHaveLength((page.data.rows as QueueRow[]).length);
    expect(page.querySelector('.approve-unflagged')).toBeUndefined();

    await tap(page, env, '.flag-chip--all');
    const onScreen = page.data.rows as QueueRow[];
    const unflagged = onScreen.filter((r) => r.flags.length === 0);
    const flaggedShown = onScreen.length - unflagged.length;
    expect(textAt(page, '.approve-unflagged >>> .t-button')).toBe(`一键通过无提示项（${unflagged.length}）`);
    await tap(page, env, '.approve-unflagged >>> .t-button');
    expect(env.wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({
      title: '一键通过无提示项',
      content: `确认通过列表中 ${unflagged.length} 条无核查提示的毕业去向登记？有核查提示的 ${flaggedShown} 条不在其中，请逐条查看。`,
    }));
    capture(page, 'review-queues', 'destination-batch', '审核：一键通过无提示项的逐条结果');
    expect(reviewCalls(env)).toHaveLength(1);
    expect((reviewCalls(env)[0]!.data as { items: { id: string }[] }).items.map((i) => i.id)).toEqual(unflagged.map((r) => r.id));
    expect(textAt(page, '.batch-result__summary')).toBe(`已通过 ${unflagged.length} 条`);
    for (const r of onScreen) {
      const d = (await sys.store.get('destinations', r.id))!;
      expect([r.id, d.state]).toEqual([r.id, r.flags.length ? 'submitted' : 'approved']);
    }
    expect((await sys.auditOf('destination', unflagged[0]!.id)).at(-1)).toMatchObject({ action: 'approve', actor: { role: 'collegeReviewer' } });
    // the counts follow: what was approved left the queue and its chip
    expect(page.data.tabs.find((t: { name: string }) => t.name === 'destination').count).toBe(300 - unflagged.length);
    expect(chips(page)[2]).toBe(`无核查提示${300 - flaggedCount - unflagged.length}`);
  });

  it('a declined confirmation sends nothing', async () => {
    await manyDestinations(sys, 3);
    env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
    const page = await openPage('review/queues', env, {});
    await tap(page, env, '.tab--destination');
    env.modal = { confirm: false };
    await tap(page, env, '.approve-unflagged >>> .t-button');
    expect(reviewCalls(env)).toHaveLength(0);
  });

  describe('the detail', () => {
    /** 张三 registers a 劳动合同: his own phone as the unit's, 工作职位类别 其他人员, the certificate of his internship. */
    async function flaggedDestination(): Promise<string> {
      const files = [await sys.upload(DEMO_OPENIDS.student, 'contract.jpg'), await sys.upload(DEMO_OPENIDS.student, 'internship-certificate.jpg')];
      const sent = await submit(sys, DEMO_OPENIDS.student, aDraft('11', files, { employer: { ...EMPLOYER_PART, contactPhone: '13800138000', jobCategory: '90' } }), 0);
      return sent.id;
    }

    it('核查提示 first with each reason; the destination, its evidence, 档案 and 户口; 退回 with a preset reason reaches the store', async () => {
      const id = await flaggedDestination();
      env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
      const page = await openPage('review/detail', env, { record: 'destination', id: encodeURIComponent(id) });
      capture(page, 'review-detail', 'destination-flags', '审核详情：毕业去向登记的核查提示');
      expect(env.wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '毕业去向登记' });
      expect(textAt(page, '.head__title')).toBe(`张三 ${ZHANG}`);
      expect(textAt(page, '.head__what')).toBe('签劳动合同 · 深圳示例科技有限公司');
      expect(panelTitles(page)).toEqual(['核查提示', '毕业去向', '证明材料', '档案转递与户口迁移', '本人确认与上报', '办理记录']);
      expect(textAt(page, '.section--flags .section__note')).toBe('3 项');
      expect(texts(page, '.flag__label')).toEqual(['单位电话为本人或家庭电话', '职位类别为其他人员', '材料疑为实习/见习证明']);
      expect(texts(page, '.flag__text')[0]).toBe('单位联系电话 13800138000 与学生本人的手机号码相同');
      expect(rowsIn(page, '.section--destination')).toMatchObject({ 去向类型: '签劳动合同形式就业', 单位名称: '深圳示例科技有限公司', 工作职位类别: '其他人员', 单位联系电话: '13800138000' });
      expect(page.querySelectorAll('.section--evidence .thumb-box')).toHaveLength(2);
      expect(textAt(page, '.section--evidence .files__title')).toBe('劳动合同（2）');

      await tap(page, env, '.section--confirm .section__head');
      expect(rowsIn(page, '.section--confirm')).toEqual({ 本人确认: '审核通过后由学生本人确认', 上报状态: '未上报（新增）' });

      await tap(page, env, '.detail__reject >>> .t-button');
      const preset = page.querySelectorAll('.reason-chip').find((c) => (c.dom?.textContent ?? '').includes('实习或见习证明不能作为就业证明'))!;
      preset.dispatchEvent('tap');
      await settle(page, env);
      await tap(page, env, '.reject-dialog__confirm >>> .t-button');
      expect(reviewCalls(env)[0]!.data).toMatchObject({ decision: 'return', reason: '实习或见习证明不能作为就业证明', items: [{ record: 'destination', id }] });
      expect(await sys.store.get('destinations', id)).toMatchObject({ state: 'returned', reason: '实习或见习证明不能作为就业证明' });
    });

    it('a change after 本人确认: the values in force beside it; 通过 makes the change the values in force', async () => {
      const contract = await sys.upload(DEMO_OPENIDS.student, 'contract.jpg');
      const first = await submit(sys, DEMO_OPENIDS.student, aDraft('11', [contract]), 0);
      const approved = (await decide(sys, DEMO_OPENIDS.collegeReviewer, 'approve', first.id, first.version)).results[0] as { version: number };
      const confirmed = await sys.ok(registerDestination, DEMO_OPENIDS.student, { action: 'confirm', requestId: rid(), version: approved.version });
      sys.advance(26 * 3_600_000);
      const other = await sys.upload(DEMO_OPENIDS.student, 'contract-new.jpg');
      const unit = { ...EMPLOYER_PART, name: '深圳示例网络有限公司', uscc: withUsccCheck('91440300MA5D8K2P2'), jobTitle: '高级软件开发工程师', contactPhone: '0755-26001234' };
      const changed = await submit(sys, DEMO_OPENIDS.student, aDraft('11', [other], { employer: unit, hukou: { migrate: false } }), confirmed.version);

      env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
      const page = await openPage('review/detail', env, { record: 'destination', id: encodeURIComponent(changed.id) });
      capture(page, 'review-detail', 'destination-change', '审核详情：本人确认后提交的变更，现行去向在旁');
      expect(textAt(page, '.head__change')).toBe('这是一次变更：通过前，现行去向（2026年3月2日审核通过）仍然有效，上报也按现行去向');
      expect(texts(page, '.flag__label')).toEqual(['本人确认后有改动']);
      expect(texts(page, '.flag__text')[0]).toMatch(/本人确认，之后改动了单位名称、统一社会信用代码、岗位名称、单位联系电话、户口迁移、证明材料$/);
      expect(textAt(page, '.section--destination .section__note')).toBe('4 项有改动');
      const was = texts(page, '.section--destination .row__was');
      expect(texts(page, '.section--destination .row--changed .row__label').map((label, i) => [label, was[i]])).toEqual([
        ['单位名称', `现行：${EMPLOYER_PART.name}`],
        ['统一社会信用代码', `现行：${EMPLOYER_PART.uscc}`],
        ['岗位名称', `现行：${EMPLOYER_PART.jobTitle}`],
        ['单位联系电话', `现行：${EMPLOYER_PART.contactPhone}`],
      ]);
      expect(texts(page, '.section--evidence .files__title')).toEqual(['劳动合同（1）', '现行去向的材料（1）']);
      // 户口 moved by the change: its panel opens with the values in force beside
      expect(page.querySelector('.section--archive .section__body')).toBeDefined();
      expect(textAt(page, '.section--archive .section__note')).toBe('有改动');
      const archiveWas = texts(page, '.section--archive .row__was');
      expect(rowsIn(page, '.section--archive')).toMatchObject({ 户口迁移: '不迁移', 户口迁入地址: '无', 迁入地派出所: '无' });
      expect(texts(page, '.section--archive .row--changed .row__label').map((label, i) => [label, archiveWas[i]])).toEqual([
        ['户口迁移', '现行：迁移'],
        ['户口迁入地址', `现行：${HUKOU_PART.address}`],
        ['迁入地派出所', `现行：${HUKOU_PART.policeStation}`],
      ]);

      await tap(page, env, '.detail__approve >>> .t-button');
      const d = (await sys.store.get('destinations', changed.id))!;
      expect(d.state).toBe('approved');
      expect(d.approved).toMatchObject({ employer: { name: '深圳示例网络有限公司', jobTitle: '高级软件开发工程师' } });
    });

    it('an agreement\'s detail lists its flags too', async () => {
      const proof = await sys.upload(DEMO_OPENIDS.student, 'internship-certificate.jpg');
      const employer = { name: LIBRARY_UNIT.name, uscc: UNITS[1]!.uscc, nature: '39', industry: '65', region: '440305', address: '广东省深圳市南山区科技南路88号', contactName: '张三', contactPhone: '13800138000' };
      const done = await sys.ok(initiateSigning, DEMO_OPENIDS.student, { action: 'submit', requestId: rid(), version: 0, draft: initiationDraft([proof], { employer: { manual: employer } }) });
      env = installWx(sys, DEMO_OPENIDS.collegeReviewer);
      const queue = await openPage('review/queues', env);
      await tap(queue, env, '.tab--agreementCollege');
      expect(flagTags(queue)).toEqual(['统一社会信用代码与单位名称不符', '单位电话为本人或家庭电话', '材料疑为实习/见习证明']);

      const page = await openPage('review/detail', env, { record: 'agreement', id: encodeURIComponent(done.id) });
      capture(page, 'review-detail', 'agreement-flags', '审核详情：三方协议的核查提示');
      expect(panelTitles(page)[0]).toBe('核查提示');
      expect(texts(page, '.flag__label')).toEqual(['统一社会信用代码与单位名称不符', '单位电话为本人或家庭电话', '材料疑为实习/见习证明']);
      expect(texts(page, '.flag__text')[0]).toBe(`单位库中「${LIBRARY_UNIT.name}」的统一社会信用代码是 ${LIBRARY_UNIT.uscc}，与填写的 ${UNITS[1]!.uscc} 不同`);
    });
  });
});
