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
 * The label shown for a code. A place shows its path, space-separated ('广东省 深圳市 南山区'): a county alone could be
 * anywhere. An industry shows its own name only, the 大类 ('软件和信息技术服务业', as the printed 协议书 does): a 大类's
 * name already says its 门类, and both together read as the industry printed twice. A code that is only a 门类 shows
 * the 门类. An unknown code shows as itself so a bad value stays visible, no value as ''.
 */
export function codeLabel(kind: CodeKind, code: string | null | undefined): string {
  if (!code) return '';
  const path = codePath(kind, code);
  if (!path) return code;
  return kind === 'industry' ? (path[path.length - 1] ?? code) : path.join(' ');
}

/** The tree the picker offers: region province → city → county, industry 门类 → 大类, nature one level. */
export function codeOptions(kind: CodeKind): readonly CodeNode[] {
  if (kind === 'region') return regionTree;
  if (kind === 'industry') return industryTree;
  return natureList;
}

/** The nodes from the top of the table down to the code (the code's own node last); null when it is not there. */
function nodePath(nodes: readonly CodeNode[], code: string): CodeNode[] | null {
  for (const node of nodes) {
    if (node.c === code) return [node];
    const inner = node.s ? nodePath(node.s, code) : null;
    if (inner) return [node, ...inner];
  }
  return null;
}

/** True for a code the picker ends on: a county, a city without counties (东莞市), a 大类, any 单位性质. */
export function isLeaf(kind: CodeKind, code: string): boolean {
  const path = nodePath(codeOptions(kind), code);
  const node = path?.[path.length - 1];
  return node !== undefined && !node.s?.length;
}

/** The codes from the top of the table down to the code ('440305' → 440000, 440300, 440305); [] when it is not there. */
export function codeTrail(kind: CodeKind, code: string): string[] {
  return code ? (nodePath(codeOptions(kind), code) ?? []).map((node) => node.c) : [];
}

/**
 * What the picker is given: every top-level node, and the children of the `open` codes only. A node whose children
 * are not laid out carries an empty list, which the cascader reads as "a level follows" rather than as a choice; the
 * field lays that level out when the node is picked. So the region table crosses to the view a level at a time (a few
 * KB) instead of whole (103 KB as JSON).
 */
export function levelOptions(kind: CodeKind, open: ReadonlySet<string>): CodeNode[] {
  const lay = (nodes: readonly CodeNode[]): CodeNode[] =>
    nodes.map((node) => {
      if (!node.s?.length) return { c: node.c, n: node.n };
      return { c: node.c, n: node.n, s: open.has(node.c) ? lay(node.s) : [] };
    });
  return lay(codeOptions(kind));
}

/** The codes of the nodes the cascader's selected indexes point at, level by level, in the options it was given. */
export function heldTrail(options: readonly CodeNode[], indexes: readonly number[]): string[] {
  const codes: string[] = [];
  let level: readonly CodeNode[] = options;
  for (const index of indexes) {
    const node = level[index];
    if (!node) break;
    codes.push(node.c);
    level = node.s ?? [];
  }
  return codes;
}

/** t-cascader reads the tables as they are: c is the value, n the label, s the children. */
export const CODE_KEYS = { value: 'c', label: 'n', children: 's' } as const;

export const TITLES: Record<CodeKind, string> = {
  region: '选择地区',
  industry: '选择行业',
  nature: '选择单位性质',
};
