/**
 * The structured terms' rules (typings/rules/terms.ts): what an employer may offer and a student may enter as 试用期 or
 * 见习期, 服务期, 违约金, 五险一金 and 劳务派遣, each refusal a Chinese message naming its field.
 */
import type { StructuredTerms } from '../../typings/records';
import {
  DEFAULT_PENALTY_CAP_YUAN,
  penaltyAboveCap,
  penaltyCap,
  termsIssues,
  trialLimitMonths,
  type TermsIssue,
} from '../../typings/rules/terms';

/** terms an employer would plausibly offer, every field filled and fine */
const full = (): StructuredTerms => ({
  trialMonths: 3,
  serviceYears: 3,
  penaltyYuan: 3000,
  insurance: ['pension', 'medical', 'unemployment', 'injury', 'maternity', 'housingFund'],
  dispatched: true,
  dispatchUnitName: '某某人力资源服务有限公司',
});

/** the runtime sees JSON, not types: a form or a forged request can send anything */
const loose = (extra: Record<string, unknown>): StructuredTerms => ({ ...full(), ...extra }) as StructuredTerms;

const at = (issues: TermsIssue[], field: string): string[] =>
  issues.filter((i) => i.path === `structured.${field}`).map((i) => i.message);

describe('structured terms: what is fine', () => {
  it('given terms saved before they were asked (none), when checked, then nothing is wrong', () => {
    expect(termsIssues(undefined)).toEqual([]);
  });

  it('given nothing agreed beyond the job, when checked, then nothing is wrong', () => {
    expect(termsIssues({})).toEqual([]);
  });

  it('given every field filled sensibly, when checked, then nothing is wrong', () => {
    expect(termsIssues(full(), { contractYears: 3 })).toEqual([]);
  });

  it('given a 见习期 of a year instead of a 试用期, when checked, then nothing is wrong', () => {
    const { trialMonths: _trial, ...rest } = full();
    expect(termsIssues({ ...rest, internshipMonths: 12 })).toEqual([]);
  });

  it('given 服务期 in half years, when checked, then it is accepted', () => {
    expect(termsIssues({ serviceYears: 0.5 })).toEqual([]);
    expect(termsIssues({ serviceYears: 2.5 })).toEqual([]);
  });
});

describe('试用期 and 见习期', () => {
  it('given a 试用期 of 6 months, when checked, then it is accepted; of 7 months, then refused naming 试用期', () => {
    expect(at(termsIssues({ trialMonths: 6 }), 'trialMonths')).toEqual([]);
    expect(termsIssues({ trialMonths: 7 })).toEqual([{ path: 'structured.trialMonths', message: '试用期不得超过 6 个月' }]);
  });

  it('given both a 试用期 and a 见习期, when checked, then it is refused: only one of them', () => {
    const issues = termsIssues({ trialMonths: 3, internshipMonths: 12 });
    expect(issues).toEqual([{ path: 'structured.internshipMonths', message: '试用期与见习期只能约定其一，请删去其中一项' }]);
  });

  it('given a zero, negative, fractional or non-numeric 试用期, when checked, then it is refused naming 试用期', () => {
    for (const trialMonths of [0, -1, 2.5, Number.NaN, '3']) {
      const messages = at(termsIssues(loose({ trialMonths })), 'trialMonths');
      expect([trialMonths, messages]).toEqual([trialMonths, ['试用期应为 1 至 6 的整数（月），无试用期请不填']]);
    }
  });

  it('given a 见习期 of 13 months, 0 or a fraction, when checked, then it is refused naming 见习期', () => {
    for (const internshipMonths of [13, 0, 1.5, -12]) {
      expect(termsIssues({ internshipMonths })).toEqual([
        { path: 'structured.internshipMonths', message: '见习期应为 1 至 12 的整数（月），无见习期请不填' },
      ]);
    }
  });

  it('given the contract term, when the 试用期 exceeds what 劳动合同法 第十九条 allows for it, then it is refused', () => {
    expect(at(termsIssues({ trialMonths: 2 }, { contractYears: 0.5 }), 'trialMonths')).toEqual([
      '合同期限不满 1 年的，试用期不得超过 1 个月',
    ]);
    expect(at(termsIssues({ trialMonths: 3 }, { contractYears: 2 }), 'trialMonths')).toEqual([
      '合同期限满 1 年不满 3 年的，试用期不得超过 2 个月',
    ]);
    expect(at(termsIssues({ trialMonths: 1 }, { contractYears: 0.5 }), 'trialMonths')).toEqual([]);
    expect(at(termsIssues({ trialMonths: 2 }, { contractYears: 1 }), 'trialMonths')).toEqual([]);
    expect(at(termsIssues({ trialMonths: 6 }, { contractYears: 3 }), 'trialMonths')).toEqual([]);
  });

  it('given the contract term, when asked the 试用期 limit, then it steps at 1 and 3 years', () => {
    expect([0.5, 0.99, 1, 2.5, 3, 10, undefined].map(trialLimitMonths)).toEqual([1, 1, 2, 2, 6, 6, 6]);
  });
});

describe('服务期', () => {
  it('given 0, a negative, more than 20 years or a third of a year, when checked, then it is refused naming 服务期', () => {
    for (const serviceYears of [0, -1, 21, 1.3, Number.POSITIVE_INFINITY]) {
      expect([serviceYears, termsIssues({ serviceYears })]).toEqual([
        serviceYears,
        [{ path: 'structured.serviceYears', message: '服务期应为 0.5 至 20 年（按半年计），无服务期请不填' }],
      ]);
    }
  });
});

describe('违约金', () => {
  it('given no cap set, when asked, then the cap is 5,000 元', () => {
    expect(DEFAULT_PENALTY_CAP_YUAN).toBe(5000);
    expect(penaltyCap()).toBe(5000);
    expect(penaltyCap({ penaltyCapYuan: -1 })).toBe(5000);
    expect(penaltyCap({ penaltyCapYuan: 8000 })).toBe(8000);
    expect(penaltyCap({ penaltyCapYuan: 0 })).toBe(0);
  });

  it('given a 违约金 equal to the cap, when checked, then it needs no confirmation', () => {
    expect(termsIssues({ penaltyYuan: 5000 })).toEqual([]);
    expect(penaltyAboveCap({ penaltyYuan: 5000 })).toBe(false);
  });

  it('given a 违约金 above the cap without the warning confirmed, when checked, then it is refused naming 违约金 and the cap', () => {
    for (const confirmed of [undefined, false]) {
      expect(termsIssues({ penaltyYuan: 5001, penaltyWarningConfirmed: confirmed })).toEqual([
        { path: 'structured.penaltyYuan', message: '违约金 5001 元高于学校建议上限 5000 元，请确认提示后再提交' },
      ]);
    }
  });

  it('given a 违约金 above the cap with the warning confirmed, when checked, then it is accepted', () => {
    expect(termsIssues({ penaltyYuan: 20000, penaltyWarningConfirmed: true })).toEqual([]);
    expect(penaltyAboveCap({ penaltyYuan: 20000, penaltyWarningConfirmed: true })).toBe(true);
  });

  it('given a school cap, when checked, then that cap is the one applied and named', () => {
    expect(termsIssues({ penaltyYuan: 6000 }, { penaltyCapYuan: 8000 })).toEqual([]);
    expect(at(termsIssues({ penaltyYuan: 3000 }, { penaltyCapYuan: 2000 }), 'penaltyYuan')).toEqual([
      '违约金 3000 元高于学校建议上限 2000 元，请确认提示后再提交',
    ]);
  });

  it('given a negative, fractional or absurd 违约金, when checked, then it is refused even with the warning confirmed', () => {
    const cases: [unknown, string][] = [
      [-1, '违约金不能为负'],
      [99.5, '违约金应为整数（元）'],
      ['5000', '违约金应为整数（元）'],
      [1_000_001, '违约金过大（不超过 1000000 元），请核对'],
    ];
    for (const [penaltyYuan, message] of cases) {
      expect([penaltyYuan, at(termsIssues(loose({ penaltyYuan, penaltyWarningConfirmed: true })), 'penaltyYuan')]).toEqual([
        penaltyYuan,
        [message],
      ]);
    }
  });

  it('given a confirmation that is not true or false, when checked, then it is refused', () => {
    expect(at(termsIssues(loose({ penaltyWarningConfirmed: 'yes' })), 'penaltyWarningConfirmed')).toEqual(['违约金提示确认无效']);
  });
});

describe('五险一金', () => {
  it('given an unknown item, when checked, then it is refused naming it', () => {
    expect(at(termsIssues(loose({ insurance: ['pension', 'pet'] })), 'insurance')).toEqual(['五险一金含有无效项目：pet']);
  });

  it('given an item twice, when checked, then it is refused naming the item', () => {
    expect(at(termsIssues({ insurance: ['housingFund', 'medical', 'housingFund'] }), 'insurance')).toEqual([
      '五险一金中“住房公积金”重复',
    ]);
  });

  it('given something that is not a list, when checked, then it is refused', () => {
    expect(at(termsIssues(loose({ insurance: 'all' })), 'insurance')).toEqual(['五险一金无效']);
  });

  it('given none of them, when checked, then it is accepted (the rows show it plainly)', () => {
    expect(termsIssues({ insurance: [] })).toEqual([]);
  });
});

describe('劳务派遣', () => {
  it('given 劳务派遣 without the dispatching unit (or only spaces), when checked, then it is refused naming the unit', () => {
    for (const dispatchUnitName of [undefined, '', '   ']) {
      expect(termsIssues({ dispatched: true, dispatchUnitName })).toEqual([
        { path: 'structured.dispatchUnitName', message: '劳务派遣时请填写劳务派遣单位名称' },
      ]);
    }
  });

  it('given a dispatching unit without 劳务派遣, when checked, then the contradiction is refused', () => {
    expect(at(termsIssues({ dispatched: false, dispatchUnitName: '某某人力' }), 'dispatchUnitName')).toEqual([
      '未选择劳务派遣时不应填写劳务派遣单位名称',
    ]);
  });

  it('given a unit name over 100 characters, when checked, then it is refused', () => {
    expect(at(termsIssues({ dispatched: true, dispatchUnitName: '派'.repeat(101) }), 'dispatchUnitName')).toEqual([
      '劳务派遣单位名称不超过 100 字',
    ]);
    expect(at(termsIssues({ dispatched: true, dispatchUnitName: '派'.repeat(100) }), 'dispatchUnitName')).toEqual([]);
  });

  it('given a flag or a name of the wrong kind, when checked, then each is refused', () => {
    expect(at(termsIssues(loose({ dispatched: 'yes' })), 'dispatched')).toEqual(['请选择是否劳务派遣']);
    expect(at(termsIssues(loose({ dispatchUnitName: 42 })), 'dispatchUnitName')).toEqual(['劳务派遣单位名称应为文字']);
  });
});

describe('several problems at once', () => {
  it('given a 7-month 试用期, a 见习期, a negative 服务期 and a dispatch without its unit, when checked, then each is named in the form order', () => {
    const issues = termsIssues({ trialMonths: 7, internshipMonths: 6, serviceYears: -2, dispatched: true });
    expect(issues.map((i) => i.path)).toEqual([
      'structured.trialMonths',
      'structured.internshipMonths',
      'structured.serviceYears',
      'structured.dispatchUnitName',
    ]);
    expect(issues.every((i) => /[\u4e00-\u9fff]/.test(i.message))).toBe(true);
  });
});
