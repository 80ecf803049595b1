/**
 * 去向落实率 on the 统计 tab, as the page shows it: the headline figures of the total, a row per college (or per major
 * of one college), and the bar chart's options. Pure: the chart component draws the options with uCharts on a 2d
 * canvas, the page tests check them here.
 */
import type { PlacementStats, PlacementView } from '../../../../typings/views';
import type { DestinationCategory } from '../../../../typings/codes/destination';
import { percent } from './cards';

/** The categories in the order the employment office reports them, then those who have not registered. */
const CATEGORIES: readonly DestinationCategory[] = ['contract', 'flexible', 'study', 'unemployed'];
/** the code table's names of the categories (typings/codes/destination.ts, which the phone does not load; a test keeps them equal) */
export const CATEGORY_LABELS: Readonly<Record<DestinationCategory, string>> = {
  contract: '协议和合同就业',
  flexible: '灵活就业',
  study: '升学',
  unemployed: '未就业',
};
export const UNREGISTERED_LABEL = '未登记';

/** One colour per part of a bar: the placed parts in the brand's blues and green, what is not placed in warm and grey. */
export const PART_COLOURS: Readonly<Record<DestinationCategory | 'unregistered', string>> = {
  contract: '#0052d9',
  flexible: '#699ef5',
  study: '#2ba471',
  unemployed: '#e37318',
  unregistered: '#c5c5c5',
};

export interface PlacementFigure {
  key: string;
  label: string;
  value: string;
  colour: string;
}

export interface PlacementRow {
  key: string;
  name: string;
  graduates: number;
  rate: string;
  unregistered: number;
  onlineShare: string;
  /** a college's row opens its majors; a major's opens nothing */
  opens: boolean;
}

export interface PlacementSection {
  /** whose figures: 全校, a college, or a college's majors */
  title: string;
  /** the majors of this college are shown (a way back to every college for the school) */
  collegeId: string;
  rate: string;
  graduates: number;
  /** the categories and 未登记, each with its count and colour (the chart's legend, in words) */
  figures: PlacementFigure[];
  /** 网签占比 with what it divides */
  onlineShare: string;
  onlineDetail: string;
  rows: PlacementRow[];
  chart: ChartOptions | null;
  /** what stands in the chart's place when there is nothing to draw ('' when there is) */
  empty: string;
}

/** The part of uCharts' options the page decides (the component adds the canvas, its size and the pixel ratio). */
export interface ChartOptions {
  type: 'bar';
  categories: string[];
  series: { name: string; data: number[]; color: string }[];
  animation: false;
  background: string;
  fontSize: number;
  fontColor: string;
  padding: [number, number, number, number];
  dataLabel: false;
  /** off: the figures above the chart, each with its colour, are its legend */
  legend: { show: false };
  xAxis: { min: 0; max: 100; splitNumber: number; gridType: 'dash'; gridColor: string; fontColor: string; fontSize: number };
  yAxis: { disabled: false; fontColor: string; fontSize: number };
  extra: { bar: { type: 'stack'; width: number; categoryGap: number }; tooltip: { showBox: false } };
  /** the canvas's height in px: a bar and its gap per row, and the axis below */
  height: number;
}

const tenth = (x: number): number => Math.round(x * 10) / 10;

/**
 * Each part's share of the graduates in percent with one decimal, rounded so that a bar's parts add up to its whole
 * (100 when every graduate is counted in one part): each part is the step between rounded running totals, so the
 * value axis never stretches past 100 for a rounding.
 */
export function shares(counts: readonly number[], graduates: number): number[] {
  const whole = Math.max(graduates, counts.reduce((a, b) => a + b, 0));
  if (whole === 0) return counts.map(() => 0);
  let running = 0;
  let shown = 0;
  return counts.map((n) => {
    running += n;
    const next = tenth((running / whole) * 100);
    const part = tenth(next - shown);
    shown = next;
    return part;
  });
}

/** A row's parts in the bar's order: the three placed categories, 未就业, 未登记. */
function parts(r: PlacementStats): { key: DestinationCategory | 'unregistered'; label: string; count: number }[] {
  return [
    ...CATEGORIES.map((c) => ({ key: c, label: CATEGORY_LABELS[c], count: r.byCategory[c] })),
    { key: 'unregistered' as const, label: UNREGISTERED_LABEL, count: r.unregistered },
  ];
}

/** A long college name would crowd the bars: the axis shows its first eight characters, the table below the whole. */
const axisName = (name: string): string => (name.length > 8 ? `${name.slice(0, 7)}…` : name);

/** The stacked bars: one per row, each part its share of the row's graduates; null when no row has graduates. */
export function chartOptions(rows: readonly PlacementStats[]): ChartOptions | null {
  if (!rows.some((r) => r.graduates > 0)) return null;
  const keys = [...CATEGORIES, 'unregistered' as const];
  const bars = rows.map((r) => shares(parts(r).map((p) => p.count), r.graduates));
  const series = keys.map((key, i) => ({
    name: i < CATEGORIES.length ? CATEGORY_LABELS[key as DestinationCategory] : UNREGISTERED_LABEL,
    data: bars.map((bar) => bar[i] ?? 0),
    color: PART_COLOURS[key],
  }));
  return {
    type: 'bar',
    categories: rows.map((r) => axisName(r.name)),
    series,
    animation: false,
    background: '#FFFFFF',
    fontSize: 11,
    fontColor: '#4e5969',
    padding: [8, 16, 4, 4],
    dataLabel: false,
    legend: { show: false },
    xAxis: { min: 0, max: 100, splitNumber: 4, gridType: 'dash', gridColor: '#e7e7e7', fontColor: '#86909c', fontSize: 10 },
    yAxis: { disabled: false, fontColor: '#1d2129', fontSize: 11 },
    extra: { bar: { type: 'stack', width: 14, categoryGap: 4 }, tooltip: { showBox: false } },
    height: 40 + rows.length * 30,
  };
}

/** A rate with nothing to divide by reads as none, not as 0.0%: no graduates yet, or no job destination yet. */
export const NO_RATE = '—';
const rateOf = (r: PlacementStats): string => (r.graduates ? percent(r.placementRate) : NO_RATE);
const onlineOf = (r: PlacementStats): string => (r.jobDestinations ? percent(r.onlineShare) : NO_RATE);

export function placementSection(view: PlacementView): PlacementSection {
  const t = view.total;
  const opens = !view.college;
  const chart = chartOptions(view.rows);
  return {
    title: view.college ? `${view.college.name} · 各专业` : view.role === 'schoolReviewer' ? '全校 · 各院系' : t.name,
    collegeId: view.college?.id ?? '',
    rate: rateOf(t),
    graduates: t.graduates,
    figures: parts(t).map((p) => ({ key: p.key, label: p.label, value: String(p.count), colour: PART_COLOURS[p.key] })),
    onlineShare: onlineOf(t),
    onlineDetail: `网签 ${t.signedOnline} / 单位就业 ${t.jobDestinations}`,
    rows: view.rows.map((r) => ({
      key: r.key,
      name: r.name,
      graduates: r.graduates,
      rate: rateOf(r),
      unregistered: r.unregistered,
      onlineShare: onlineOf(r),
      opens,
    })),
    chart,
    empty: chart ? '' : view.rows.length === 0 && !view.college ? '暂无数据：学校尚未设置院系' : '暂无毕业生：导入毕业生名单后即可统计',
  };
}
