// What a code-field shows for a code and offers to choose from: the shared code tables, read as the form needs them.
import {
  industryTree,
  natureList,
  regionPath,
  regionTree,
  type CodeNode,
} from '../codes';

export type CodeKind = 'region' | 'industry' | 'nature';

/** Placeholder names of GB/T 2260 that add nothing to a place (北京市 市辖区 东城区 → 北京市 东城区); as on paper. */
const FILLER = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

function industryPath(code: string): string[] | null {
  for (const section of industryTree) {
    if (section.c === code) return [section.n];
    const division = section.s?.find((d) => d.c === code);
    if (division) return [section.n, division.n];
  }
  return null;
}

/** Names from the top of the table down to the code; null when the code is not in the table. */
export function codePath(kind: CodeKind, code: string): string[] | null {
  if (!code) return null;
  if (kind === 'region') return regionPath(code)?.filter((n) => !FILLER.has(n)) ?? null;
  if (kind === 'industry') return industryPath(code);
  const nature = natureList.find((n) => n.c === code);
  return nature ? [nature.n] : null;
}

/**
 * The label shown for a code: its full path, space-separated ('广东省 深圳市 南山区', '信息传输、软件和信息技术服务业
 * 软件和信息技术服务业'); an unknown code shows as itself so a bad value stays visible, no value as ''.
 */
export function codeLabel(kind: CodeKind, code: string | null | undefined): string {
  if (!code) return '';
  return codePath(kind, code)?.join(' ') ?? code;
}

/** The tree the picker offers: region province → city → county, industry 门类 → 大类, nature one level. */
export function codeOptions(kind: CodeKind): readonly CodeNode[] {
  if (kind === 'region') return regionTree;
  if (kind === 'industry') return industryTree;
  return natureList;
}

/** True for a code the picker ends on: a county, a city without counties (东莞市), a 大类, any 单位性质. */
export function isLeaf(kind: CodeKind, code: string): boolean {
  const find = (nodes: readonly CodeNode[]): CodeNode | undefined => {
    for (const node of nodes) {
      if (node.c === code) return node;
      const inner = node.s && find(node.s);
      if (inner) return inner;
    }
    return undefined;
  };
  const node = find(codeOptions(kind));
  return node !== undefined && !node.s?.length;
}

/** t-cascader reads the tables as they are: c is the value, n the label, s the children. */
export const CODE_KEYS = { value: 'c', label: 'n', children: 's' } as const;

export const TITLES: Record<CodeKind, string> = {
  region: '选择地区',
  industry: '选择行业',
  nature: '选择单位性质',
};
