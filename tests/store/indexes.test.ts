/**
 * The indexes every adapter creates: each ends in `_id`, the tie-break of every paged query, so that no query leaves
 * CloudBase sorting in memory. Which queries the functions really make is checked by the test harness, whose store
 * refuses a query no index serves (tests/support/harness.ts, indexedQueriesOnly).
 */
import type { CollectionName } from '../../server/domain/types';
import { COLLECTION_NAMES, indexFor, INDEXES, isSuperseded, servesQuery, type Filter } from '../../server/store/port';

const eq = (field: string): Filter => ({ field, op: '==', value: 'x' });

describe('indexes', () => {
  it('every index ends in _id, and no two indexes of a collection are the same', () => {
    for (const c of COLLECTION_NAMES) {
      const indexes = INDEXES[c] ?? [];
      for (const fields of indexes) expect([c, fields[fields.length - 1]]).toEqual([c, '_id']);
      expect(new Set(indexes.map((f) => f.join(','))).size).toBe(indexes.length);
    }
  });

  describe('an index serves a query when equality fields lead, then the order field, then _id', () => {
    const index = ['state', 'collegeId', 'updatedAt', '_id'];

    it('equality on the leading fields in any order, ordered by the next field', () => {
      expect(servesQuery(index, { where: [eq('collegeId'), eq('state')], orderBy: { field: 'updatedAt' } })).toBe(true);
      expect(servesQuery(['state', 'collegeId', '_id'], { where: [eq('state')], orderBy: { field: 'collegeId' } })).toBe(true);
      // ordered by collegeId, then _id: updatedAt stands in between
      expect(servesQuery(index, { where: [eq('state')], orderBy: { field: 'collegeId' } })).toBe(false);
    });

    it('a range or a != left to test on what the index finds does not stop it; an equality left over does', () => {
      const where: Filter[] = [eq('state'), eq('collegeId'), { field: 'agreementNo', op: '!=', value: null }];
      expect(servesQuery(index, { where, orderBy: { field: 'updatedAt' } })).toBe(true);
      expect(servesQuery(index, { where: [eq('state'), eq('collegeId'), { field: 'updatedAt', op: '<=', value: 'z' }], orderBy: { field: 'updatedAt' } })).toBe(true);
      expect(servesQuery(index, { where: [eq('state'), eq('collegeId'), eq('major')], orderBy: { field: 'updatedAt' } })).toBe(false);
    });

    it('a leading field compared by a range, or skipped, leaves the order to memory', () => {
      expect(servesQuery(index, { where: [eq('state')], orderBy: { field: 'updatedAt' } })).toBe(false);
      expect(servesQuery(index, { where: [{ field: 'state', op: '!=', value: 'x' }, eq('collegeId')], orderBy: { field: 'updatedAt' } })).toBe(false);
      expect(servesQuery(index, { where: [eq('collegeId')], orderBy: { field: 'updatedAt' } })).toBe(false);
    });

    it('an index without the closing _id serves no paged query: the tie-break would be sorted in memory', () => {
      expect(servesQuery(['state', 'updatedAt'], { where: [eq('state')], orderBy: { field: 'updatedAt' } })).toBe(false);
    });

    it('ordered by _id, equality on the leading fields is enough; with no filter the built-in _id index serves', () => {
      expect(servesQuery(['role', 'collegeId', '_id'], { where: [eq('role'), eq('collegeId')] })).toBe(true);
      expect(indexFor('settings', {})).toEqual(['_id']);
      expect(indexFor('settings', { where: [eq('schoolCode')] })).toBeUndefined();
    });

    it('an equality on a lookup field (a 学号, an openid, a credit code) finds a handful: any order will do', () => {
      expect(servesQuery(['studentNo', '_id'], { where: [eq('kind'), eq('studentNo')], orderBy: { field: 'updatedAt' } })).toBe(true);
      expect(servesQuery(['collegeId', 'major', '_id'], { where: [eq('collegeId')], orderBy: { field: 'name' } })).toBe(false);
    });
  });

  it('the reviewer queues are served for a school reviewer (all colleges), a college reviewer, and a major filter', () => {
    const queue = (collection: CollectionName, where: Filter[]) => indexFor(collection, { where, orderBy: { field: 'updatedAt' } });
    for (const extra of [[], [eq('collegeId')], [eq('major')], [eq('collegeId'), eq('major')]]) {
      expect(queue('checks', [eq('kind'), eq('state'), ...extra])).toBeDefined();
      expect(queue('agreements', [eq('state'), ...extra])).toBeDefined();
      expect(queue('terminations', [eq('state'), ...extra])).toBeDefined();
    }
  });

  it('an index of an earlier release (the same fields without _id) is superseded; one of another shape is not', () => {
    expect(isSuperseded('outbox', ['state', 'nextAttemptAt'])).toBe(true);
    expect(isSuperseded('outbox', ['state', 'nextAttemptAt', '_id'])).toBe(false);
    expect(isSuperseded('outbox', ['state'])).toBe(false);
    expect(isSuperseded('outbox', [])).toBe(false);
    expect(isSuperseded('settings', ['schoolCode'])).toBe(false);
  });
});
