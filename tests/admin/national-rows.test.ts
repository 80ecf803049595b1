/** The national sheet's rows, report states and refusals, computed without a store (admin/reports/national.ts). */
import { NATIONAL_HEADERS, NationalPlan, nationalRow, type NationalHeader } from '../../admin/reports/national';
import { markReported, needsUpload, reportStateOf, valuesHash } from '../../server/domain/nationalReport';
import type { DestinationDoc } from '../../server/domain/types';
import type { DestinationContent } from '../../typings';
import { SHEET_CONTENTS, aConfirmedDestination, aStudent, anotherStudent, NOW } from '../domain/builders';

const SCHOOL = { code: '10001', name: '示例大学' };
const ZHANG = aStudent({ source: { ethnicity: '汉族', politicalStatus: '共青团员', trainingMode: '非定向', originRegion: '440305' } });

/** The row as column → value, for reading a few columns by name. */
function cellsOf(content: DestinationContent, student = ZHANG): Record<NationalHeader, string> {
  const { cells, problems } = nationalRow(student, content, SCHOOL);
  expect(problems).toEqual([]);
  return Object.fromEntries(NATIONAL_HEADERS.map((h, i) => [h, cells[i]!])) as Record<NationalHeader, string>;
}

const problemsOf = (content: DestinationContent, student = ZHANG) => nationalRow(student, content, SCHOOL).problems;

const EMPLOYER_COLUMNS = ['Dwzzjgdm', 'Dwmc', 'Dwxzdm', 'Dwxz', 'Dwhydm', 'Dwhy', 'Dwszddm', 'Dwszd', 'Gzzwlbdm', 'Gzzwlb'] as const;
const LEGACY = ['Bdzqflbdm', 'Bdzqflb', 'Bdzqwdwmc', 'Qwdwszddm', 'Qwdwszd', 'bdzbh', 'Bdqssj'] as const;

describe('a graduate\'s row', () => {
  it('a job: the roster\'s and the employer\'s columns with two-digit codes, the 报到证 columns empty', () => {
    const row = cellsOf(SHEET_CONTENTS.job);
    expect(row).toMatchObject({
      Xm: '张三', Sfzh: '440305200304151235', Xh: '2026010101', Xbdm: '01', Xb: '男', Mzdm: '01', Mz: '汉族', Zzmmdm: '03', Zzmm: '共青团员',
      Yxdm: '10001', Yx: '示例大学', Szyx: '计算机学院', Xldm: '31', Xl: '本科', Zy: '软件工程', Pyfsdm: '01', Pyfs: '非定向',
      Syszddm: '440305', Syszd: '广东省深圳市南山区', Byqxdm: '11', Byqx: '签劳动合同形式就业',
      Dwzzjgdm: '91440300MA5D8K2P1F', Dwmc: '深圳示例科技有限公司', Dwxzdm: '39', Dwxz: '其他企业',
      Dwhydm: '34', Dwhy: '信息传输、软件和信息技术服务业', Dwszddm: '440305', Dwszd: '广东省深圳市南山区', Gzzwlbdm: '13', Gzzwlb: '工程技术人员',
    });
    for (const c of LEGACY) expect(row[c]).toBe('');
    // what the roster does not hold stays empty rather than guessed
    expect([row.Ksh, row.Szbj, row.Zydm, row.Bysj]).toEqual(['', '', '', '']);
  });

  it('行业: a 门类 letter and a 大类 of it give the 门类\'s ministry code', () => {
    const employer = SHEET_CONTENTS.job.employer;
    expect(cellsOf({ ...SHEET_CONTENTS.job, employer: { ...employer, industry: 'C' } }).Dwhydm).toBe('22');
    expect(cellsOf({ ...SHEET_CONTENTS.job, employer: { ...employer, industry: '36' } })).toMatchObject({ Dwhydm: '22', Dwhy: '制造业' });
    expect(cellsOf({ ...SHEET_CONTENTS.job, employer: { ...employer, industry: '83' } })).toMatchObject({ Dwhydm: '42', Dwhy: '教育' });
  });

  it('升学 names the school as 单位名称 and nothing else of a unit; 待就业 has no unit at all', () => {
    const study = cellsOf(SHEET_CONTENTS.study);
    expect(study).toMatchObject({ Byqxdm: '80', Byqx: '升学', Dwmc: '北京大学' });
    for (const c of EMPLOYER_COLUMNS.filter((c) => c !== 'Dwmc')) expect(study[c]).toBe('');
    const seeking = cellsOf(SHEET_CONTENTS.seeking);
    expect(seeking).toMatchObject({ Byqxdm: '70', Byqx: '待就业' });
    for (const c of EMPLOYER_COLUMNS) expect(seeking[c]).toBe('');
  });

  it('自主创业, 基层项目 and 入伍: the business, the service unit, the place of enlistment', () => {
    expect(cellsOf(SHEET_CONTENTS.business)).toMatchObject({ Byqxdm: '75', Dwmc: '深圳三三网络工作室', Dwzzjgdm: '92440300MA5G0XXK3R', Dwszddm: '440305', Dwxzdm: '' });
    expect(cellsOf(SHEET_CONTENTS.project)).toMatchObject({ Byqxdm: '50', Dwmc: '四川省凉山州昭觉县团委', Dwszddm: '513431', Dwszd: '四川省凉山彝族自治州昭觉县' });
    expect(cellsOf(SHEET_CONTENTS.enlistment)).toMatchObject({ Byqxdm: '46', Byqx: '应征义务兵', Dwszddm: '440305', Dwmc: '', Gzzwlbdm: '' });
  });

  it('民族, 政治面貌, 培养方式 and 生源地 the roster leaves blank stay blank; 女 is 02', () => {
    const row = cellsOf(SHEET_CONTENTS.job, anotherStudent({ source: {} }));
    expect(row).toMatchObject({ Xbdm: '02', Xb: '女', Mzdm: '', Mz: '', Zzmmdm: '', Pyfsdm: '', Syszddm: '' });
  });
});

describe('rows the province would refuse', () => {
  const job = SHEET_CONTENTS.job;
  const employer = job.employer;
  it.each<[string, DestinationContent, NationalHeader, string]>([
    ['a job without an employer', { type: '10' }, 'Dwmc', '毕业去向为「签就业协议形式就业」，缺少就业单位'],
    ['a job whose 单位性质 is not an employer\'s', { ...job, employer: { ...employer, nature: '80' } }, 'Dwxzdm', '单位性质「80」不是就业单位的性质，「签劳动合同形式就业」须为就业类单位性质'],
    ['升学 with an employer', { ...SHEET_CONTENTS.study, employer }, 'Dwmc', '毕业去向为「升学」，不应填写就业单位'],
    ['待就业 with a school', { ...SHEET_CONTENTS.seeking, study: SHEET_CONTENTS.study.study }, 'Dwmc', '毕业去向为「待就业」，不应有升学信息'],
    ['a credit code that fails its checksum', { ...job, employer: { ...employer, uscc: '91440300MA5D8K2P1G' } }, 'Dwzzjgdm', '统一社会信用代码「91440300MA5D8K2P1G」校验位不正确（GB 32100）'],
    ['a 去向 code not in the table', { type: '13' }, 'Byqxdm', '毕业去向代码「13」不在毕业去向代码表（2023）中'],
    ['an industry code not in GB/T 4754', { ...job, employer: { ...employer, industry: '99' } }, 'Dwhydm', '单位行业「99」不是 GB/T 4754 的门类或大类代码'],
    ['a 工作职位类别 missing', { ...job, employer: { ...employer, jobCategory: '' } }, 'Gzzwlbdm', '缺少工作职位类别代码'],
    ['a 工作职位类别 not in the table', { ...job, employer: { ...employer, jobCategory: '12' } }, 'Gzzwlbdm', '工作职位类别代码「12」不在工作职位类别代码表中'],
    ['an employer\'s region not in GB/T 2260', { ...job, employer: { ...employer, region: '449999' } }, 'Dwszddm', '单位所在地代码「449999」不是有效的行政区划代码'],
    ['自主创业 without a credit code', { type: '75', business: { name: '工作室', uscc: '', region: '440305' } }, 'Dwzzjgdm', '缺少统一社会信用代码'],
  ])('%s', (_, content, column, message) => {
    expect(problemsOf(content)).toEqual([{ column, message }]);
  });

  it('a roster value no code table has', () => {
    expect(problemsOf(SHEET_CONTENTS.seeking, aStudent({ gender: '未知', source: { ethnicity: '火星族' } }))).toEqual([
      { column: 'Xbdm', message: '性别「未知」应为 男 或 女' },
      { column: 'Mzdm', message: '民族「火星族」不在民族代码表（GB/T 3304）中' },
    ]);
  });
});

describe('report states', () => {
  const other: DestinationContent = { ...SHEET_CONTENTS.job, employer: { ...SHEET_CONTENTS.job.employer, jobTitle: '后端开发工程师' } };

  it('new → reported → recheck while a change waits → changed once it is approved → reported', () => {
    const fresh = aConfirmedDestination();
    expect(reportStateOf(fresh)).toBe('new');

    const reported = markReported({ doc: fresh, actor: { openid: 'admin', role: 'admin' }, now: NOW });
    expect(reported.doc.report).toEqual({ state: 'reported', reportedAt: NOW, reportedHash: valuesHash(fresh.approved!) });
    expect(reported.doc.state).toBe('approved');
    expect(reported.audit).toMatchObject({ action: 'markReported', from: 'approved', to: 'approved', actor: { role: 'admin' } });
    expect(reportStateOf(reported.doc)).toBe('reported');

    const waiting = { ...reported.doc, state: 'submitted' as const, content: other };
    expect(reportStateOf(waiting)).toBe('recheck');

    const reapproved = { ...waiting, state: 'approved' as const, approved: { ...other, approvedAt: NOW, evidence: [] } };
    expect(reportStateOf(reapproved)).toBe('changed');
    expect(reportStateOf(markReported({ doc: reapproved, actor: { openid: 'admin', role: 'admin' }, now: NOW }).doc)).toBe('reported');
  });

  it('a re-approval of the same values (a new approval time, other files) is no change', () => {
    const reported = markReported({ doc: aConfirmedDestination(), actor: { openid: 'admin', role: 'admin' }, now: NOW }).doc;
    const again = { ...reported, approved: { ...reported.approved!, approvedAt: NOW, evidence: [] } };
    expect(reportStateOf(again)).toBe('reported');
  });

  it('--since last carries a row whose values in force changed, even while another change waits (需复查)', () => {
    const admin = { openid: 'admin', role: 'admin' } as const;
    const reported = markReported({ doc: aConfirmedDestination(), actor: admin, now: NOW }).doc;
    const waiting: DestinationDoc = { ...reported, state: 'submitted', content: other };
    expect(reportStateOf(waiting)).toBe('recheck');
    expect(needsUpload(waiting)).toBe(false);
    const reapproved = { ...reported, content: other, approved: { ...other, approvedAt: NOW, evidence: [] } };
    const waitingAgain = { ...reapproved, state: 'submitted' as const, content: SHEET_CONTENTS.study };
    expect(reportStateOf(waitingAgain)).toBe('recheck');
    expect(needsUpload(waitingAgain)).toBe(true);
    expect(needsUpload(aConfirmedDestination(undefined, { state: 'submitted', approved: null }))).toBe(false);
  });

  it('an upload marked while a change waits leaves the row 需复查, as every write of the record recomputes it', () => {
    const waiting = { ...aConfirmedDestination(), state: 'submitted' as const, content: other };
    const marked = markReported({ doc: waiting, actor: { openid: 'admin', role: 'admin' }, now: NOW }).doc;
    expect(marked.report).toEqual({ state: 'recheck', reportedAt: NOW, reportedHash: valuesHash(waiting.approved!) });
    expect(marked.state).toBe('submitted');
  });

  it('only the admin records an upload', () => {
    expect(() => markReported({ doc: aConfirmedDestination(), actor: { openid: 'x', role: 'schoolReviewer' }, now: NOW })).toThrow();
  });
});

describe('the plan over pages', () => {
  const students = new Map([ZHANG, anotherStudent()].map((s) => [s.studentNo, s]));
  const li = (over = {}) => aConfirmedDestination(SHEET_CONTENTS.study, { _id: 'destination:2026010102', studentNo: '2026010102', studentName: '李四', ...over });

  it('leaves out the unconfirmed and the never approved, and numbers refused rows where they would have been', () => {
    const plan = new NationalPlan(SCHOOL, { sinceLast: false });
    const broken = aConfirmedDestination({ type: '10' });
    const stale = li({ _id: 'destination:z', studentNo: 'z', confirmedHash: valuesHash(SHEET_CONTENTS.seeking) });
    const rows = plan.add([broken, li(), li({ _id: 'destination:x', studentNo: 'x', confirmedAt: undefined }), li({ _id: 'destination:y', studentNo: 'y', approved: null, state: 'draft' }), stale], students);
    expect(rows).toHaveLength(1);
    expect(rows[0]![NATIONAL_HEADERS.indexOf('Xh')]).toBe('2026010102');
    expect(plan.refusalLines()).toEqual(['第 2 行 Dwmc（单位名称）2026010101 张三：毕业去向为「签就业协议形式就业」，缺少就业单位']);
    // confirmed values that are no longer the ones in force are no 本人确认
    expect(plan.unconfirmed.map((g) => g.studentNo)).toEqual(['x', 'z']);
    expect(plan.notApproved).toBe(1);
    expect(plan.states).toEqual({ new: 4, changed: 0, reported: 0, recheck: 0 });
  });

  it('--since last keeps new and changed rows only', () => {
    const actor = { openid: 'admin', role: 'admin' } as const;
    const reported = markReported({ doc: aConfirmedDestination(), actor, now: NOW }).doc;
    const recheck = { ...markReported({ doc: li(), actor, now: NOW }).doc, state: 'submitted' as const };
    const plan = new NationalPlan(SCHOOL, { sinceLast: true });
    expect(plan.add([reported, recheck], students)).toEqual([]);
    expect(plan.unchanged).toBe(2);
    expect(plan.states).toMatchObject({ reported: 1, recheck: 1 });
  });

  it('a record whose student left the roster is refused on 学号', () => {
    const plan = new NationalPlan(SCHOOL, { sinceLast: false });
    plan.add([aConfirmedDestination()], new Map());
    expect(plan.refusalLines()).toEqual(['第 2 行 Xh（学号）2026010101 张三：学校名单中没有该学号']);
  });
});
