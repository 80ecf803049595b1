/**
 * 签约率 by college and major: the roster's graduates, how many of them hold a signed agreement (the agreement
 * their roster entry's activeAgreementId names, in state signed), and the ratio; a subtotal per college and a
 * total. Reads the roster a page at a time; only the per-major tallies are kept.
 */
import type { SettingsDoc } from '../../server/domain/types';
import { pages } from '../paging';
import type { Cell, Report } from './report';

interface Tally {
  graduates: number;
  signed: number;
}

const ratio = (t: Tally): number => (t.graduates === 0 ? 0 : t.signed / t.graduates);
const row = (college: string, major: string, t: Tally): Cell[] => [college, major, t.graduates, t.signed, ratio(t)];

/** colleges in the settings' order, then any others by id */
function collegeOrder(settings: SettingsDoc): (a: string, b: string) => number {
  const rank = new Map(settings.colleges.map((c, i) => [c.id, i]));
  return (a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity) || a.localeCompare(b);
}

export const rateReport: Report = {
  name: 'rate',
  sheet: '签约率',
  summary: '按学院、专业统计毕业生数、已签约人数和签约率，含学院小计与全校合计',
  columns: [
    { header: '学院', width: 18 },
    { header: '专业', width: 22 },
    { header: '毕业生数', width: 10 },
    { header: '已签约', width: 10 },
    { header: '签约率', width: 10, numFmt: '0.00%' },
  ],
  total: ({ store }) => store.count('students'),
  async *rows({ store, settings, year }, read) {
    const byCollege = new Map<string, { name: string; majors: Map<string, Tally> }>();
    for await (const page of pages(store, 'students')) {
      read(page.length);
      const graduates = page.filter((s) => year === undefined || s.graduationYear === year);
      const ids = graduates.map((s) => s.activeAgreementId).filter((id): id is string => !!id);
      const signed = new Set((await store.getMany('agreements', ids)).filter((a) => a.state === 'signed').map((a) => a._id));
      for (const s of graduates) {
        const name = settings.colleges.find((c) => c.id === s.collegeId)?.name ?? s.collegeName ?? s.collegeId;
        const college = byCollege.get(s.collegeId) ?? { name, majors: new Map<string, Tally>() };
        byCollege.set(s.collegeId, college);
        const tally = college.majors.get(s.major) ?? { graduates: 0, signed: 0 };
        college.majors.set(s.major, tally);
        tally.graduates += 1;
        if (s.activeAgreementId && signed.has(s.activeAgreementId)) tally.signed += 1;
      }
    }
    const rows: Cell[][] = [];
    const school: Tally = { graduates: 0, signed: 0 };
    for (const id of [...byCollege.keys()].sort(collegeOrder(settings))) {
      const college = byCollege.get(id)!;
      const sub: Tally = { graduates: 0, signed: 0 };
      for (const major of [...college.majors.keys()].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN'))) {
        const t = college.majors.get(major)!;
        rows.push(row(college.name, major, t));
        sub.graduates += t.graduates;
        sub.signed += t.signed;
      }
      rows.push(row(college.name, '（学院小计）', sub));
      school.graduates += sub.graduates;
      school.signed += sub.signed;
    }
    rows.push(row('全校合计', '', school));
    yield rows;
  },
};
