/**
 * Subscription messages: the outbox document a purpose makes, each keyword cut to WeChat's limit for its kind, and
 * `tell`, which queues one only when there is someone to tell. (Cutting name/phrase/thing values and the 无 of an
 * empty value are in tests/unit/templates.test.ts; the machine's time zone in tests/unit/message-time.test.ts.)
 */
import { formatTime, message, PURPOSES, tell } from '../../server/domain/messages';
import { NOW, sequentialIds } from './builders';

const base = { to: 'openid-zhangsan', page: 'pages/offers/index', now: NOW, id: 'msg-1' };

describe('a message', () => {
  it('is a pending outbox document for the purpose’s template, due at once', () => {
    expect(message({ ...base, purpose: 'offerReceived', values: ['深圳示例科技有限公司', '数据分析师', '2026年6月8日 10:00'] })).toEqual({
      _id: 'msg-1',
      version: 1,
      to: 'openid-zhangsan',
      template: 'offerReceived',
      page: 'pages/offers/index',
      data: { thing1: '深圳示例科技有限公司', thing2: '数据分析师', time3: '2026年6月8日 10:00' },
      state: 'pending',
      attempts: 0,
      createdAt: NOW,
      nextAttemptAt: NOW,
    });
  });

  it('fills each purpose’s keywords in order; a missing value is 无', () => {
    expect(message({ ...base, purpose: 'offerExpiring', values: ['单位'] }).data).toEqual({ thing1: '单位', time2: '无', thing3: '无' });
    expect(message({ ...base, purpose: 'reviewResult', values: ['a', 'b', 'c', 'd'] }).data).toEqual({ thing1: 'a', phrase2: 'b', thing3: 'c', time4: 'd' });
  });

  it('the keywords of each purpose are those the templates were chosen with', () => {
    expect(PURPOSES).toEqual({
      offerReceived: ['thing1', 'thing2', 'time3'],
      offerExpiring: ['thing1', 'time2', 'thing3'],
      offerAnswered: ['name1', 'phrase2', 'thing3'],
      reviewResult: ['thing1', 'phrase2', 'thing3', 'time4'],
    });
  });

  it('trims values', () => {
    expect(message({ ...base, purpose: 'offerAnswered', values: ['  张三 ', ' 已应约 ', '\t原因\n'] }).data).toEqual({ name1: '张三', phrase2: '已应约', thing3: '原因' });
  });
});

describe('cutting values to WeChat’s limits', () => {
  const data = (purpose: 'offerAnswered' | 'reviewResult', values: string[]) => message({ ...base, purpose, values }).data;

  it('a thing of exactly 20 characters is kept whole; of 21, cut to 19 and an ellipsis', () => {
    const twenty = '一二三四五六七八九十一二三四五六七八九十';
    expect(data('reviewResult', [twenty]).thing1).toBe(twenty);
    expect(data('reviewResult', [`${twenty}多`]).thing1).toBe('一二三四五六七八九十一二三四五六七八九…');
  });

  it('a thing that names a time too long for it drops the year, not the minutes; cut only if still too long', () => {
    expect(data('offerAnswered', ['张三', '已应约', '协议待院系审核 2026年12月12日 10:00']).thing3).toBe('协议待院系审核 12月12日 10:00');
    expect(data('offerAnswered', ['张三', '已应约', '协议待院系审核 2026年3月2日 10:00']).thing3).toBe('协议待院系审核 3月2日 10:00');
    expect(data('offerAnswered', ['张三', '已应约', '一二三四五六七八九十 2026年12月12日 10:00']).thing3).toBe('一二三四五六七八九十 12月12日 1…');
    // a time keyword keeps its year: WeChat shows it as the time of the message
    expect(data('reviewResult', ['', '', '', '2026年12月12日 10:00']).time4).toBe('2026年12月12日 10:00');
  });

  it('a name of exactly 10 characters and a phrase of exactly 5 are kept whole', () => {
    expect(data('offerAnswered', ['一二三四五六七八九十', '一二三四五']).name1).toBe('一二三四五六七八九十');
    expect(data('offerAnswered', ['一二三四五六七八九十', '一二三四五']).phrase2).toBe('一二三四五');
  });

  it('a time is cut at 40 characters, without an ellipsis', () => {
    const long = '0123456789'.repeat(5);
    expect(data('reviewResult', ['', '', '', long]).time4).toBe(long.slice(0, 40));
    expect(data('reviewResult', ['', '', '', long.slice(0, 40)]).time4).toBe(long.slice(0, 40));
  });

  it('counts characters, not UTF-16 units: a rare character outside the BMP is one', () => {
    const name = '𠀋'.repeat(10);
    expect(data('offerAnswered', [name]).name1).toBe(name);
    expect(data('offerAnswered', [`${name}𠀋`]).name1).toBe(name);
  });

  it('cuts after trimming, so surrounding spaces do not cost characters', () => {
    expect(data('offerAnswered', ['', ' 一二三四五 ']).phrase2).toBe('一二三四五');
  });
});

describe('times in messages', () => {
  it('are Beijing time, minutes padded', () => {
    expect(formatTime('2026-06-01T01:05:00.000Z')).toBe('2026年6月1日 09:05');
    expect(formatTime('2026-12-31T16:00:00.000Z')).toBe('2027年1月1日 00:00');
  });
});

describe('tell', () => {
  it('queues one message to the person, with an id from the env and its time', () => {
    const env = { now: NOW, newId: sequentialIds('msg') };
    expect(tell(env, 'reviewResult', 'openid-zhangsan', 'pkg/check/index?kind=source', ['生源核查', '通过'])).toEqual([
      message({ purpose: 'reviewResult', to: 'openid-zhangsan', page: 'pkg/check/index?kind=source', values: ['生源核查', '通过'], now: NOW, id: 'msg-1' }),
    ]);
  });

  it.each([null, undefined, ''])('queues nothing when there is no one to tell (%p), and draws no id', (to) => {
    const newId = jest.fn(() => 'x');
    expect(tell({ now: NOW, newId }, 'reviewResult', to, 'p', ['a'])).toEqual([]);
    expect(newId).not.toHaveBeenCalled();
  });
});
