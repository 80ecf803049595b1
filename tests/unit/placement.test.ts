/** 去向落实率's arithmetic (server/domain/placement.ts) and the count keys it is stored under. */
import { categoryOf, isJobDestination, placementFigures, placementOf, ratio, sumFigures } from '../../server/domain/placement';
import { splitCountKey } from '../../server/store/summaries';
import { keyOfText, textOfKey } from '../../server/store/port';

describe('去向落实率: what a record counts as', () => {
  it('the approved type counts, not the working copy; 网签 is type 10 with the agreement that filled it', () => {
    expect(placementOf({ approved: null })).toEqual({ type: '', online: false });
    expect(placementOf({ approved: { type: '10', approvedAt: '', evidence: [] }, agreementId: 'a1' })).toEqual({ type: '10', online: true });
    expect(placementOf({ approved: { type: '10', approvedAt: '', evidence: [] } })).toEqual({ type: '10', online: false });
    expect(placementOf({ approved: { type: '70', approvedAt: '', evidence: [] }, agreementId: 'a1' })).toEqual({ type: '70', online: false });
    expect(placementOf({ approved: { type: '10', approvedAt: '', evidence: [] }, agreementId: '' }).online).toBe(false);
  });

  it('job destinations are the contract types with an employer; categories from the code table', () => {
    expect(['10', '11', '12', '27', '46', '50', '51', '75', '80', '70'].filter(isJobDestination)).toEqual(['10', '11', '12', '27']);
    expect(['10', '46', '75', '76', '80', '85', '70', '71', '72', '99'].map(categoryOf)).toEqual([
      'contract', 'contract', 'flexible', 'flexible', 'study', 'study', 'unemployed', 'unemployed', 'unemployed', null,
    ]);
  });
});

describe('去向落实率: the figures of a group', () => {
  it('rates to 4 places, 0 with nothing to divide by', () => {
    expect([ratio(2, 3), ratio(1, 3), ratio(0, 0), ratio(5, 0), ratio(3, 3)]).toEqual([0.6667, 0.3333, 0, 0, 1]);
    expect(placementFigures('m', '软件工程', 0, [])).toMatchObject({ graduates: 0, unregistered: 0, placementRate: 0, onlineShare: 0 });
  });

  it('未就业 is registered but not placed; a type the table no longer holds is registered in no category', () => {
    const r = placementFigures('m', '软件工程', 10, [
      { type: '10', online: true, count: 3 },
      { type: '10', online: false, count: 1 },
      { type: '46', online: false, count: 1 },
      { type: '70', online: false, count: 2 },
      { type: '99', online: false, count: 1 },
      { type: '', online: false, count: 2 },
    ]);
    expect(r).toEqual({
      key: 'm', name: '软件工程', graduates: 10, byCategory: { contract: 5, flexible: 0, study: 0, unemployed: 2 },
      unregistered: 2, placementRate: 0.5, jobDestinations: 4, signedOnline: 3, onlineShare: 0.75,
    });
  });

  it('records of students no longer on the roster never make 未登记 negative; sums add the rows', () => {
    const a = placementFigures('a', 'A', 1, [{ type: '80', online: false, count: 2 }]);
    const b = placementFigures('b', 'B', 3, [{ type: '11', online: false, count: 1 }]);
    expect(a.unregistered).toBe(0);
    expect(sumFigures('', '全校', [a, b])).toMatchObject({ graduates: 4, unregistered: 2, byCategory: { contract: 1, study: 2 }, placementRate: 0.75, jobDestinations: 1, onlineShare: 0 });
  });

  it('a count key read back: a major holding | keeps it', () => {
    expect(splitCountKey('软件工程|10|online', 3)).toEqual(['软件工程', '10', 'online']);
    expect(splitCountKey('A|B 方向|11|', 3)).toEqual(['A|B 方向', '11', '']);
    expect(splitCountKey('||', 3)).toEqual(['', '', '']);
  });
});

describe('a major as a count key', () => {
  it('holds no dot, no leading $, no |, is never empty, and reads back as it was', () => {
    for (const major of ['软件工程', '数字媒体技术(Web3.0方向)', '$major', 'A|B', '100%', '', '%2E']) {
      const key = keyOfText(major);
      expect(key).not.toMatch(/[.|]|^\$|^$/);
      expect(textOfKey(key)).toBe(major);
    }
    expect(keyOfText('数字媒体技术(Web3.0方向)')).toBe('m数字媒体技术(Web3%2E0方向)');
  });
});
