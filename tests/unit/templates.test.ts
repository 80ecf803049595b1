import { message } from '../../server/domain/messages';

const NOW = '2026-03-02T02:00:00.000Z';

describe('subscription message values', () => {
  it('cut to WeChat’s limits: thing with an ellipsis, name and phrase without (they accept only their own characters)', () => {
    const m = message({
      purpose: 'offerAnswered',
      to: 'o1',
      page: 'pkg/employer/offers/index',
      values: ['阿卜杜热合曼·买买提明·艾力', '已应约成功啦', '这是一个非常非常非常非常非常非常长的原因说明文字'],
      now: NOW,
      id: 'm1',
    });
    expect(m.data).toEqual({ name1: '阿卜杜热合曼·买买提', phrase2: '已应约成功', thing3: '这是一个非常非常非常非常非常非常长的原…' });
    expect([...m.data.thing3!].length).toBe(20);
  });

  it('an empty value is sent as 无, never as an empty string WeChat would refuse', () => {
    const m = message({ purpose: 'reviewResult', to: 'o1', page: 'p', values: ['生源核查', '通过', ' '], now: NOW, id: 'm2' });
    expect(m.data.thing3).toBe('无');
    expect(m.data.time4).toBe('无');
  });
});
