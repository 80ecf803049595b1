/**
 * 工作信息 with the structured terms, as the student reads them before 应约 (miniprogram/pkg/utils/structured-rows.ts):
 * the order they check them in, 违约金 highlighted above the school's cap, and terms saved before the structured ones
 * were asked reading exactly as before.
 */
import type { JobInfo, StructuredTerms } from '../../typings/records';
import { structuredTermsRows, type TermsRow } from '../../miniprogram/pkg/utils/structured-rows';
import { jobRows } from '../../miniprogram/pkg/utils/terms-rows';

const job: JobInfo = {
  title: '软件开发工程师',
  region: '110101',
  monthlySalary: 12000,
  contractYears: 3,
  startDate: '2026-07-01',
  jobCategory: '13',
  description: '后端开发',
};

const structured: StructuredTerms = {
  trialMonths: 3,
  serviceYears: 3,
  penaltyYuan: 3000,
  insurance: ['pension', 'medical', 'unemployment', 'injury', 'maternity', 'housingFund'],
  dispatched: false,
};

const row = (rows: TermsRow[], key: string): TermsRow | undefined => rows.find((r) => r.key === key);

describe('structured terms as rows', () => {
  it('given structured terms, when shown, then the rows come in the order a student checks them', () => {
    const rows = structuredTermsRows({ job, structured }, '—');
    expect(rows.map((r) => r.label)).toEqual([
      '岗位名称',
      '工作职位类别',
      '工作地点',
      '劳务派遣',
      '月薪（税前）',
      '合同期限',
      '试用期',
      '服务期',
      '五险一金',
      '违约金',
      '报到日期',
      '岗位说明',
    ]);
    expect(rows.map((r) => r.value)).toEqual([
      '软件开发工程师',
      '工程技术人员',
      '北京市 东城区',
      '否',
      '12000 元',
      '3 年',
      '3 个月',
      '3 年',
      '五险一金齐全（养老保险、医疗保险、失业保险、工伤保险、生育保险、住房公积金）',
      '3000 元',
      '2026年7月1日',
      '后端开发',
    ]);
    expect(rows.some((r) => r.highlight)).toBe(false);
  });

  it('given terms saved before the structured ones were asked, when shown, then they read exactly as jobRows', () => {
    const rows = structuredTermsRows({ job }, '—');
    expect(rows.map(({ label, value }) => ({ label, value }))).toEqual(jobRows(job, '—'));
    const { jobCategory: _c, ...withoutCategory } = job;
    expect(structuredTermsRows({ job: withoutCategory }, '—').map((r) => r.key)).toEqual([
      'title', 'region', 'salary', 'contractYears', 'startDate', 'description',
    ]);
  });

  it('given a 违约金 above the default cap, when shown, then it is highlighted with the cap named; at the cap it is not', () => {
    const above = row(structuredTermsRows({ job, structured: { ...structured, penaltyYuan: 8000, penaltyWarningConfirmed: true } }, '—'), 'penalty');
    expect(above).toEqual({ key: 'penalty', label: '违约金', value: '8000 元', highlight: true, note: '高于学校建议上限 5000 元，请确认后再应约' });
    const at = row(structuredTermsRows({ job, structured: { ...structured, penaltyYuan: 5000 } }, '—'), 'penalty');
    expect(at?.highlight).toBeUndefined();
  });

  it("given the school's own cap, when shown, then the highlight follows it", () => {
    const terms = { job, structured: { ...structured, penaltyYuan: 3000 } };
    expect(row(structuredTermsRows(terms, '—', { penaltyCapYuan: 2000 }), 'penalty')?.note).toBe('高于学校建议上限 2000 元，请确认后再应约');
    expect(row(structuredTermsRows(terms, '—', { penaltyCapYuan: 10000 }), 'penalty')?.highlight).toBeUndefined();
  });

  it('given a 见习期 instead of a 试用期, when shown, then the row names 见习期', () => {
    const rows = structuredTermsRows({ job, structured: { ...structured, trialMonths: undefined, internshipMonths: 12 } }, '—');
    expect(row(rows, 'internship')).toEqual({ key: 'internship', label: '见习期', value: '12 个月' });
    expect(row(rows, 'trial')).toBeUndefined();
  });

  it('given nothing agreed beyond the job, when shown, then each structured row says 无 rather than disappearing', () => {
    const rows = structuredTermsRows({ job, structured: {} }, '—');
    expect(['probation', 'service', 'insurance', 'penalty'].map((k) => [k, row(rows, k)?.value])).toEqual([
      ['probation', '无'],
      ['service', '无'],
      ['insurance', '无'],
      ['penalty', '无'],
    ]);
    expect(row(rows, 'probation')?.label).toBe('试用期/见习期');
    expect(row(rows, 'dispatch')?.value).toBe('否');
  });

  it('given only some of 五险一金, when shown, then the ones missing are named in their usual order', () => {
    const rows = structuredTermsRows({ job, structured: { insurance: ['medical', 'pension', 'injury'] } }, '—');
    expect(row(rows, 'insurance')?.value).toBe('养老保险、医疗保险、工伤保险（未含：失业保险、生育保险、住房公积金）');
  });

  it('given 劳务派遣, when shown, then the dispatching unit is named with a note; without a name the blank shows', () => {
    const rows = structuredTermsRows({ job, structured: { dispatched: true, dispatchUnitName: ' 某某人力资源服务有限公司 ' } }, '—');
    expect(row(rows, 'dispatch')).toEqual({
      key: 'dispatch',
      label: '劳务派遣',
      value: '是（派遣单位：某某人力资源服务有限公司）',
      note: '劳动合同由派遣单位签订，请核对派遣单位名称',
    });
    expect(row(structuredTermsRows({ job, structured: { dispatched: true } }, '未填写'), 'dispatch')?.value).toBe('是（派遣单位：未填写）');
  });
});
