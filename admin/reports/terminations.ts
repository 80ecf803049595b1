/** 解约记录: every termination request, with its agreement, state, dates, the student's explanation and the decision. */
import { STATE_LABELS } from '../../typings';
import { collegeName } from '../../server/app/settings';
import { beijingTime } from '../format';
import { pages } from '../paging';
import type { Report } from './report';

export const terminationsReport: Report = {
  name: 'terminations',
  sheet: '解约记录',
  summary: '全部解约申请：协议、单位、状态、申请与处理时间、说明与审核意见',
  columns: [
    { header: '学号', width: 14 },
    { header: '姓名', width: 10 },
    { header: '学院', width: 16 },
    { header: '专业', width: 18 },
    { header: '协议编号', width: 20 },
    { header: '单位名称', width: 28 },
    { header: '状态', width: 12 },
    { header: '申请时间', width: 17 },
    { header: '处理时间', width: 17 },
    { header: '解约说明', width: 40 },
    { header: '审核意见', width: 30 },
    { header: '证明材料（份）', width: 12 },
  ],
  total: ({ store }) => store.count('terminations'),
  async *rows({ store, settings }, read) {
    for await (const page of pages(store, 'terminations')) {
      read(page.length);
      const byId = new Map((await store.getMany('agreements', page.map((t) => t.agreementId))).map((a) => [a._id, a]));
      yield page.map((t) => [
        t.studentNo,
        t.studentName,
        collegeName(settings, t.collegeId),
        t.major,
        byId.get(t.agreementId)?.agreementNo ?? '',
        byId.get(t.agreementId)?.employerName ?? '',
        STATE_LABELS.termination[t.state],
        beijingTime(t.createdAt),
        t.state === 'submitted' ? '' : beijingTime(t.updatedAt),
        t.explanation,
        t.reason ?? '',
        t.evidence.length,
      ]);
    }
  },
};
