/**
 * Code-table values as people type them: the code itself, or its name. Names are what a school's export usually
 * holds; codes are what the records store.
 */
import { EDUCATION_LEVELS, type EducationLevel } from '../../typings';
import { industryTree, natureList, regionTree, type CodeNode } from '../../typings/codes';

export type Lookup = { code: string } | { problem: string };

const compact = (value: string): string => value.replace(/[\s/／\-－、,，]/g, '');

/** 学历: 31, 本科; 博士 for 博士研究生; 高职 for 专科 */
const EDUCATION_NAMES: Record<string, EducationLevel> = {
  博士研究生: '01', 博士: '01', 硕士研究生: '11', 硕士: '11', 本科: '31', 专科: '41', 高职: '41', 高职专科: '41', 专科高职: '41',
};

/** highest first, as the codes read; Object.entries would put the integer-like keys before 01 */
const LEVEL_ORDER: readonly EducationLevel[] = ['01', '11', '31', '41'];

export function educationLevel(value: string): Lookup {
  const v = compact(value).replace(/[（）()]/g, '').replace(/^\d$/, '0$&');
  if (v in EDUCATION_LEVELS) return { code: v };
  const code = EDUCATION_NAMES[v];
  return code
    ? { code }
    : { problem: `「${value}」不是有效的学历，应为 ${LEVEL_ORDER.map((c) => `${EDUCATION_LEVELS[c]}（${c}）`).join('、')}` };
}

/** A flat table: code → name. A value is its code, its name, or both (`65 软件和信息技术服务业`). */
function flatLookup(entries: readonly CodeNode[], what: string, value: string, prefer?: (codes: string[]) => string): Lookup {
  const v = compact(value);
  const byCode = entries.find((e) => e.c === v.toUpperCase());
  if (byCode) return { code: byCode.c };
  const byName = entries.filter((e) => e.n === v || `${e.c}${e.n}` === v.toUpperCase());
  if (byName.length === 1 && byName[0]) return { code: byName[0].c };
  if (byName.length > 1) return { code: prefer ? prefer(byName.map((e) => e.c)) : (byName[0] as CodeNode).c };
  return { problem: `「${value}」不在${what}代码表中` };
}

const natureEntries = natureList;
export const nature = (value: string): Lookup => flatLookup(natureEntries, '单位性质', value);

const industryEntries: CodeNode[] = industryTree.flatMap((s) => [{ c: s.c, n: s.n }, ...(s.s ?? []).map((d) => ({ c: d.c, n: d.n }))]);
/** 教育 is both 门类 P and 大类 83: the 大类 says more */
export const industry = (value: string): Lookup =>
  flatLookup(industryEntries, '行业（GB/T 4754）', value, (codes) => codes.find((c) => /^\d/.test(c)) ?? (codes[0] as string));

/** The placeholder names GB/T 2260 puts between a province and its counties; people leave them out. */
const PLACEHOLDERS = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

interface RegionIndex {
  /** a name (full, or without placeholders, or a unique short one) → codes */
  byName: Map<string, Set<string>>;
  codes: Map<string, 1 | 2 | 3>;
}

let regionIndex: RegionIndex | undefined;

function regions(): RegionIndex {
  if (regionIndex) return regionIndex;
  const byName = new Map<string, Set<string>>();
  const codes = new Map<string, 1 | 2 | 3>();
  const add = (name: string, code: string): void => {
    const set = byName.get(name) ?? new Set<string>();
    set.add(code);
    byName.set(name, set);
  };
  for (const p of regionTree) {
    codes.set(p.c, 1);
    add(p.n, p.c);
    for (const c of p.s ?? []) {
      codes.set(c.c, 2);
      const city = PLACEHOLDERS.has(c.n) ? '' : c.n;
      if (city) {
        add(`${p.n}${city}`, c.c);
        add(city, c.c);
      }
      for (const a of c.s ?? []) {
        codes.set(a.c, 3);
        add(`${p.n}${city}${a.n}`, a.c);
        add(`${p.n}${c.n}${a.n}`, a.c);
        add(`${city}${a.n}`, a.c);
        add(a.n, a.c);
      }
    }
  }
  regionIndex = { byName, codes };
  return regionIndex;
}

/** 单位所在地 / 生源地: a GB/T 2260 code of a city or county, or its name (广东省深圳市南山区, 深圳市南山区, 南山区 when unique). */
export function region(value: string): Lookup {
  const v = compact(value);
  const { byName, codes } = regions();
  if (/^\d{6}$/.test(v)) {
    const level = codes.get(v);
    if (level === undefined) return { problem: `「${value}」不是有效的行政区划代码（GB/T 2260）` };
    return level === 1 ? { problem: `「${value}」是省级代码，请精确到市或区县` } : { code: v };
  }
  const found = [...(byName.get(v) ?? [])];
  if (found.length === 0) return { problem: `「${value}」不是有效的地区，请填写行政区划代码或完整的省市区名称` };
  if (found.length > 1) return { problem: `「${value}」对应多个地区，请填写行政区划代码或完整的省市区名称` };
  const code = found[0] as string;
  return codes.get(code) === 1 ? { problem: `「${value}」只到省级，请精确到市或区县` } : { code };
}
