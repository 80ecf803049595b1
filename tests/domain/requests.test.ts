/**
 * A request id answers only its own request: the fingerprint of what was asked, and the replay of a stored answer.
 */
import { fingerprint, replay } from '../../server/domain/requests';
import type { RequestDoc } from '../../server/domain/types';
import { refusal } from './builders';

const accept = { action: 'accept', requestId: 'req-00000001', offerId: 'offer-1', version: 1 };

const stored = (asked: string | undefined, result: unknown = { record: 'offer', id: 'offer-1', state: 'accepted', version: 2 }): RequestDoc => ({
  _id: 'demo-student:req-00000001',
  version: 1,
  result,
  ...(asked === undefined ? {} : { fingerprint: asked }),
  at: '2026-03-02T02:00:00.000Z',
});

describe('fingerprint', () => {
  it('is the same for the same request, whatever its id and the order of its keys', () => {
    const again = { version: 1, offerId: 'offer-1', requestId: 'req-99999999', action: 'accept' };
    expect(fingerprint('respondOffer', again)).toBe(fingerprint('respondOffer', accept));
    expect(fingerprint('respondOffer', accept)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs by function, by action and by any part of the body, nested ones included', () => {
    const base = fingerprint('respondOffer', accept);
    expect(fingerprint('initiateSigning', accept)).not.toBe(base);
    const others = [{ ...accept, action: 'decline' }, { ...accept, version: 2 }, { ...accept, reason: '已有其他安排' }];
    for (const other of others) expect(fingerprint('respondOffer', other)).not.toBe(base);
    const save = (phone: string) => ({ action: 'save', requestId: 'r', kind: 'source', version: 0, fields: { phone } });
    expect(fingerprint('submitCheck', save('13911112222'))).not.toBe(fingerprint('submitCheck', save('13933334444')));
  });

  it('leaves the event it is handed as it was', () => {
    const event = { ...accept };
    fingerprint('respondOffer', event);
    expect(event).toEqual(accept);
  });
});

describe('replay', () => {
  const asked = fingerprint('respondOffer', accept);

  it('nothing stored under the id: nothing to replay', () => {
    expect(replay(null, asked)).toBeNull();
  });

  it('the same request stored: its first result', () => {
    expect(replay(stored(asked), asked)).toEqual({ result: { record: 'offer', id: 'offer-1', state: 'accepted', version: 2 } });
  });

  it('a stored result that is null is still an answer, not "nothing stored"', () => {
    expect(replay(stored(asked, null), asked)).toEqual({ result: null });
  });

  it('another request stored under the id: refused with REQUEST_ID_REUSED and its Chinese message', () => {
    const declined = { ...accept, action: 'decline', reason: '已有其他安排' };
    const other = fingerprint('respondOffer', declined);
    const e = refusal(() => replay(stored(other), asked));
    expect(e.code).toBe('REQUEST_ID_REUSED');
    expect(e.message).toBe('上一次提交已经生效，这次的内容与之不同，请刷新页面后再提交');
  });

  it('a request stored before fingerprints were kept answers as it always did', () => {
    expect(replay(stored(undefined), asked)).toEqual({ result: { record: 'offer', id: 'offer-1', state: 'accepted', version: 2 } });
  });
});
