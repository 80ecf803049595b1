/**
 * 待办队列: everything waiting for a reviewer, oldest first in each queue, with the days it has waited since it
 * entered its current state (its last change: a submission, a resubmission or the college's approval).
 */
import type { CollectionName, Collections, SettingsDoc } from '../../server/domain/types';
import type { Filter, Store } from '../../server/store/port';
import { collegeName } from '../../server/app/settings';
import { ageInDays, beijingTime } from '../format';
import { pages } from '../paging';
import type { Cell, Report } from './report';

/** what a row says about the item besides its queue and age */
interface Item {
  college: string;
  major: string;
  studentNo: string;
  name: string;
  employer: string;
  agreementNo: string;
}

interface Queue<C extends CollectionName> {
  label: string;
  stage: string;
  collection: C;
  where: Filter[];
  describe(store: Store, settings: SettingsDoc, page: Collections[C][]): Promise<Item[]>;
}

const is = (field: string, value: string): Filter => ({ field, op: '==', value });
const NO_STUDENT = { college: '', major: '', studentNo: '', name: '' };

const checks = (kind: 'source' | 'employment', label: string): Queue<'checks'> => ({
  label,
  stage: '院系审核',
  collection: 'checks',
  where: [is('kind', kind), is('state', 'submitted')],
  describe: async (_store, settings, page) =>
    page.map((c) => ({ college: collegeName(settings, c.collegeId), major: c.major, studentNo: c.studentNo, name: c.studentName, employer: '', agreementNo: '' })),
});

const agreements = (state: 'pendingCollege' | 'pendingSchool', stage: string): Queue<'agreements'> => ({
  label: '三方协议',
  stage,
  collection: 'agreements',
  where: [is('state', state)],
  describe: async (_store, settings, page) =>
    page.map((a) => ({
      college: collegeName(settings, a.collegeId),
      major: a.major,
      studentNo: a.studentNo,
      name: a.studentName,
      employer: a.employerName,
      agreementNo: a.agreementNo ?? '',
    })),
});

const QUEUES: Queue<CollectionName>[] = [
  checks('source', '生源信息核查'),
  checks('employment', '就业信息核验'),
  agreements('pendingCollege', '院系审核'),
  agreements('pendingSchool', '学校审核'),
  {
    label: '解约申请',
    stage: '学校审核',
    collection: 'terminations',
    where: [is('state', 'submitted')],
    describe: async (store, settings, page) => {
      const byId = new Map((await store.getMany('agreements', page.map((t) => t.agreementId))).map((a) => [a._id, a]));
      return page.map((t) => ({
        college: collegeName(settings, t.collegeId),
        major: t.major,
        studentNo: t.studentNo,
        name: t.studentName,
        employer: byId.get(t.agreementId)?.employerName ?? '',
        agreementNo: byId.get(t.agreementId)?.agreementNo ?? '',
      }));
    },
  } satisfies Queue<'terminations'>,
  {
    label: '用人单位认证',
    stage: '学校审核',
    collection: 'employers',
    where: [is('state', 'registered')],
    describe: async (_store, _settings, page) => page.map((e) => ({ ...NO_STUDENT, employer: e.name, agreementNo: '' })),
  } satisfies Queue<'employers'>,
] as Queue<CollectionName>[];

export const pendingReport: Report = {
  name: 'pending',
  sheet: '待办队列',
  summary: '等待审核的核查、协议、解约申请和单位认证，按等待天数从长到短',
  columns: [
    { header: '事项', width: 14 },
    { header: '待谁处理', width: 10 },
    { header: '学院', width: 16 },
    { header: '专业', width: 18 },
    { header: '学号', width: 14 },
    { header: '姓名', width: 10 },
    { header: '单位名称', width: 28 },
    { header: '协议编号', width: 20 },
    { header: '进入当前状态时间', width: 17 },
    { header: '等待天数', width: 10 },
  ],
  total: async ({ store }) => {
    let n = 0;
    for (const q of QUEUES) n += await store.count(q.collection, q.where);
    return n;
  },
  async *rows({ store, settings, now }, read) {
    for (const q of QUEUES) {
      for await (const page of pages(store, q.collection, { where: q.where, orderBy: { field: 'updatedAt' } })) {
        read(page.length);
        const items = await q.describe(store, settings, page);
        yield page.map((doc, i): Cell[] => {
          const item = items[i]!;
          const since = (doc as { updatedAt: string }).updatedAt;
          return [q.label, q.stage, item.college, item.major, item.studentNo, item.name, item.employer, item.agreementNo, beijingTime(since), ageInDays(since, now)];
        });
      }
    }
  },
};
