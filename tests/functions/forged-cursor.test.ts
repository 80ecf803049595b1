/**
 * Cursors come back from the client: whatever is forged into one must be answered INVALID_INPUT, never reach the
 * store as something it cannot bind (INTERNAL), and never widen what the filters allow.
 */
import { query } from '../../server/usecases/query';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import type { QueryResults } from '../../typings';
import { CloudBaseStore, createCollections } from '../../server/store/cloudbase';
import { decodeCursor, encodeCursor } from '../../server/store/port';
import { makeSystem, type TestSystem } from '../support/harness';
import { FakeCloudBaseDb } from '../store/fakeCloudbaseDb';

const S = DEMO_OPENIDS;
const forge = (value: unknown, id: unknown = 'x'): string => Buffer.from(JSON.stringify([value, id]), 'utf8').toString('base64url');

/** Values that JSON can carry but no stored field value to page after can be. */
const NOT_SCALARS: unknown[] = [{ $gt: '' }, ['2026-01-01', 'x'], { value: 1 }];

describe('a forged query cursor', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  const code = async (openid: string, event: Record<string, unknown>): Promise<string> => {
    const r = await sys.call(query, openid, event);
    return r.ok ? 'ok' : r.code;
  };

  it.each(NOT_SCALARS)('whose value is %j is INVALID_INPUT in the review queue, not a server failure', async (value) => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await code(S.schoolReviewer, { view: 'reviewQueue', queue: 'sourceCheck', cursor: forge(value) })).toBe('INVALID_INPUT');
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it('whose value is an object is INVALID_INPUT in the employer’s offer list too', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await code(S.employer, { view: 'employerOffers', cursor: forge({ $ne: null }) })).toBe('INVALID_INPUT');
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it('with SQL in its value or id reads nothing more than the queue holds', async () => {
    const injected = forge("' OR 1=1 --", "' OR 1=1 --");
    const page = (await sys.ok(query, S.collegeReviewerEm, { view: 'reviewQueue', queue: 'sourceCheck', filter: { state: 'approved' }, cursor: injected })) as QueryResults['reviewQueue'];
    // 张三's approved source check is of the cs college: the em reviewer's queue stays empty whatever the cursor says
    expect(page.items).toEqual([]);
    expect(await sys.store.count('checks')).toBeGreaterThan(0);
  });
});

describe('decodeCursor', () => {
  it('accepts what encodeCursor makes, and refuses a value that is not a string, number, boolean or null', () => {
    for (const v of ['2026-03-02T02:00:00.000Z', 3, true, null]) expect(decodeCursor(encodeCursor(v, 'id1'))).toEqual([v, 'id1']);
    for (const v of NOT_SCALARS) expect(() => decodeCursor(forge(v))).toThrow('bad cursor');
    expect(() => decodeCursor(forge('a', 7))).toThrow('bad cursor');
  });

  it('a forged object value never reaches the CloudBase query as a condition', async () => {
    const db = new FakeCloudBaseDb({ sdk: 'wx-server-sdk' });
    await createCollections(db);
    const store = new CloudBaseStore(db, { sdk: 'wx-server-sdk' });
    await expect(store.query('offers', { orderBy: { field: 'updatedAt' }, limit: 5, after: forge({ $gt: '' }) })).rejects.toThrow('bad cursor');
  });
});
