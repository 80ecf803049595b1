/**
 * 邀约模板 as pure decisions (domain/templates.ts) and the terms check every write goes through (domain/terms.ts):
 * what is saved, what is refused with its field named, and that a refusal writes nothing.
 */
import type { OfferTerms } from '../../typings';
import { DomainError } from '../../server/domain/errors';
import { checkTerms, storedTerms } from '../../server/domain/terms';
import { deleteTemplate, MAX_TEMPLATES, ownTemplate, saveTemplate } from '../../server/domain/templates';
import type { OfferTemplateDoc } from '../../server/domain/types';
import { anEmployer, anEnv } from './builders';

const TERMS: OfferTerms = {
  job: { title: '数据分析师', region: '440305', monthlySalary: 12000, contractYears: 3, startDate: '2026-07-01' },
  file: { transfer: false },
  hukou: { migrate: false },
  structured: { trialMonths: 3, insurance: ['pension'], dispatched: false },
};
const CAP = { penaltyCapYuan: 5000 };

const refusal = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('not refused');
};

describe('checkTerms', () => {
  it('given terms without structured ones (saved before they were asked), when checked, then they pass', () => {
    const { structured: _s, ...old } = TERMS;
    expect(() => checkTerms(old, CAP, 'terms')).not.toThrow();
  });

  it('given a 试用期 of 7 months and both 试用期 and 见习期, when checked, then every field is named under the form’s path', () => {
    const e = refusal(() => checkTerms({ ...TERMS, structured: { trialMonths: 7, internshipMonths: 6 } }, CAP, 'draft'));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.issues).toEqual([
      { path: 'draft.structured.trialMonths', message: '试用期不得超过 6 个月' },
      { path: 'draft.structured.internshipMonths', message: '试用期与见习期只能约定其一，请删去其中一项' },
    ]);
    expect(e.message).toBe('试用期不得超过 6 个月；试用期与见习期只能约定其一，请删去其中一项');
  });

  it('given the contract term, when the 试用期 exceeds what it allows, then it is refused', () => {
    const short = { ...TERMS, job: { ...TERMS.job, contractYears: 2 }, structured: { trialMonths: 3 } };
    expect(refusal(() => checkTerms(short, CAP, 'terms')).message).toBe('合同期限满 1 年不满 3 年的，试用期不得超过 2 个月');
  });

  it('given the school’s cap, when a 违约金 is above it unconfirmed, then it is refused naming the cap; confirmed, it passes', () => {
    const above = { ...TERMS, structured: { penaltyYuan: 3001 } };
    expect(refusal(() => checkTerms(above, { penaltyCapYuan: 3000 }, 'terms')).message).toContain('学校建议上限 3000 元');
    expect(() => checkTerms({ ...TERMS, structured: { penaltyYuan: 3001, penaltyWarningConfirmed: true } }, { penaltyCapYuan: 3000 }, 'terms')).not.toThrow();
  });

  it('given a dispatching unit name with spaces or empty, when stored, then it is trimmed or left out', () => {
    expect(storedTerms({ ...TERMS, structured: { dispatched: true, dispatchUnitName: '  某公司 ' } }).structured).toEqual({ dispatched: true, dispatchUnitName: '某公司' });
    expect(storedTerms({ ...TERMS, structured: { dispatched: false, dispatchUnitName: '' } }).structured).toEqual({ dispatched: false });
  });
});

describe('saveTemplate / deleteTemplate', () => {
  const employer = anEmployer();
  const env = anEnv({ role: 'employer' });
  const save = (over: Partial<Parameters<typeof saveTemplate>[0]> = {}) =>
    saveTemplate({ env, employer, current: null, live: [], name: ' 校招 ', terms: TERMS, settings: CAP, ...over });

  it('given a new template, when saved, then it is the unit’s, named as trimmed, version 1, with its audit entry', () => {
    const { template, writes, audit } = save();
    expect(template).toMatchObject({ employerId: employer._id, name: '校招', version: 1, terms: TERMS });
    expect(writes).toEqual([{ collection: 'offerTemplates', doc: template, expectedVersion: 0 }]);
    expect(audit.map((a) => [a.record, a.action, a.from, a.to])).toEqual([['offerTemplate', 'saveTemplate', null, 'saved']]);
  });

  it('given a template, when saved again under its own name, then it is the next version; under another’s name, refused naming 名称', () => {
    const first = save().template;
    const other = { ...first, _id: 'other', name: '社招' } as OfferTemplateDoc;
    expect(save({ current: first, live: [first, other] }).template).toMatchObject({ _id: first._id, version: 2 });
    expect(refusal(() => save({ current: first, live: [first, other], name: '社招' })).issues).toEqual([
      { path: 'name', message: '已有名为“社招”的邀约模板，请换一个模板名称' },
    ]);
  });

  it('given the unit’s templates at the limit, when a new one is saved, then it is refused; an edit still passes', () => {
    const live = Array.from({ length: MAX_TEMPLATES }, (_, i) => ({ ...save().template, _id: `t${i}`, name: `模板${i}` }));
    expect(refusal(() => save({ live })).message).toBe(`邀约模板最多${MAX_TEMPLATES}个，请先删除不用的模板`);
    expect(save({ current: live[0]!, live }).template.version).toBe(2);
  });

  it('given terms that break a rule, when saved, then it is refused under terms.structured', () => {
    expect(refusal(() => save({ terms: { ...TERMS, structured: { penaltyYuan: 9000 } } })).issues?.[0]?.path).toBe('terms.structured.penaltyYuan');
  });

  it('given a template, when deleted, then it is marked and kept, and no longer the unit’s to use', () => {
    const t = save().template;
    const { template, audit } = deleteTemplate({ env, template: t });
    expect(template).toMatchObject({ deleted: true, version: 2 });
    expect(audit.map((a) => [a.action, a.from, a.to])).toEqual([['deleteTemplate', 'saved', 'deleted']]);
    expect(refusal(() => ownTemplate(employer, template)).code).toBe('NOT_FOUND');
    expect(refusal(() => ownTemplate(anEmployer('certified', { _id: 'emp-other' }), t)).code).toBe('NOT_FOUND');
    expect(ownTemplate(employer, t)).toBe(t);
  });
});
