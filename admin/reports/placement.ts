/**
 * 去向落实率 by college and major: graduates, the approved destinations by category (协议和合同就业, 灵活就业, 升学,
 * 未就业), 未登记, 去向落实率, job destinations, those filled by an agreement signed online and 网签占比; a subtotal per
 * college and the school's total. The figures are the reviewers' 统计 page's, read the same way (server/read/placement.ts:
 * the summaries the store keeps), so the sheet and the page never disagree. Colleges are the school's (settings).
 */
import type { PlacementStats } from '../../typings';
import { sumFigures } from '../../server/domain/placement';
import { collegeCounts, majorRows } from '../../server/read/placement';
import type { Cell, Report } from './report';

/** colleges read together: one getMany of their summaries' shards each */
const COLLEGES_PER_READ = 10;

const row = (college: string, major: string, s: PlacementStats): Cell[] => [
  college,
  major,
  s.graduates,
  s.byCategory.contract,
  s.byCategory.flexible,
  s.byCategory.study,
  s.byCategory.unemployed,
  s.unregistered,
  s.placementRate,
  s.jobDestinations,
  s.signedOnline,
  s.onlineShare,
];

export const placementReport: Report = {
  name: 'placement',
  sheet: '去向落实率',
  summary: '按学院、专业统计毕业去向（协议和合同就业、灵活就业、升学、未就业）、未登记、去向落实率和网签占比，含学院小计与全校合计',
  columns: [
    { header: '学院', width: 18 },
    { header: '专业', width: 22 },
    { header: '毕业生数', width: 10 },
    { header: '协议和合同就业', width: 14 },
    { header: '灵活就业', width: 10 },
    { header: '升学', width: 8 },
    { header: '未就业', width: 8 },
    { header: '未登记', width: 8 },
    { header: '去向落实率', width: 11, numFmt: '0.00%' },
    { header: '单位就业人数', width: 12 },
    { header: '网签人数', width: 10 },
    { header: '网签占比', width: 10, numFmt: '0.00%' },
  ],
  total: async ({ settings }) => settings.colleges.length,
  async *rows({ store, settings }, read) {
    const colleges: PlacementStats[] = [];
    for (let i = 0; i < settings.colleges.length; i += COLLEGES_PER_READ) {
      const batch = settings.colleges.slice(i, i + COLLEGES_PER_READ);
      const counts = await collegeCounts(store, batch.map((c) => c.id));
      const rows: Cell[][] = [];
      batch.forEach((college, k) => {
        const majors = majorRows(counts[k]!);
        for (const m of majors) rows.push(row(college.name, m.name, m));
        const subtotal = sumFigures(college.id, college.name, majors);
        rows.push(row(college.name, '（学院小计）', subtotal));
        colleges.push(subtotal);
      });
      read(batch.length);
      yield rows;
    }
    yield [row('全校合计', '', sumFigures('', '全校', colleges))];
  },
};
