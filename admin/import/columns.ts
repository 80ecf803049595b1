/**
 * Columns by their Chinese headers. Schools export rosters from different systems, so each column accepts a few
 * common names; matching ignores spaces, letter case, a required-mark asterisk and a bracketed note
 * (「身份证号（必填）」 is 身份证号).
 */
import type { SheetRow } from './table';

export interface ColumnSpec<K extends string = string> {
  key: K;
  /** the name used in documentation and messages */
  header: string;
  aliases: readonly string[];
  required: boolean;
}

export const normalizeHeader = (text: string): string =>
  text
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[\s*＊:：]/g, '')
    .toLowerCase();

export interface HeaderMap<K extends string> {
  /** the header row's number */
  row: number;
  /** key → 0-based column index, for the columns found */
  index: Map<K, number>;
  /** key → the header text as written in the file, for messages */
  label: Map<K, string>;
  missing: ColumnSpec<K>[];
  /** a column named twice: which one to read would be a guess */
  repeated: { spec: ColumnSpec<K>; headers: string[] }[];
  /** headers that are no column of this import */
  ignored: string[];
}

function specFor<K extends string>(specs: readonly ColumnSpec<K>[], header: string): ColumnSpec<K> | undefined {
  const name = normalizeHeader(header);
  if (!name) return undefined;
  return specs.find((s) => normalizeHeader(s.header) === name || s.aliases.some((a) => normalizeHeader(a) === name));
}

export function mapHeader<K extends string>(specs: readonly ColumnSpec<K>[], header: SheetRow): HeaderMap<K> {
  const index = new Map<K, number>();
  const label = new Map<K, string>();
  const seen = new Map<K, string[]>();
  const ignored: string[] = [];
  header.cells.forEach((cell, i) => {
    const text = cell.trim();
    if (!text) return;
    const spec = specFor(specs, text);
    if (!spec) {
      ignored.push(text);
      return;
    }
    seen.set(spec.key, [...(seen.get(spec.key) ?? []), text]);
    if (!index.has(spec.key)) {
      index.set(spec.key, i);
      label.set(spec.key, text);
    }
  });
  const repeated = specs.flatMap((spec) => {
    const headers = seen.get(spec.key) ?? [];
    return headers.length > 1 ? [{ spec, headers }] : [];
  });
  return { row: header.row, index, label, missing: specs.filter((s) => s.required && !index.has(s.key)), repeated, ignored };
}

/** How many of the row's cells name a column: the header is the first row that names at least two. */
export const namedColumns = (specs: readonly ColumnSpec[], row: SheetRow): number =>
  row.cells.filter((c) => specFor(specs, c.trim()) !== undefined).length;

/** How to name a column in a message about a missing one: its name and what else it may be called. */
export const describeColumn = (spec: ColumnSpec): string =>
  spec.aliases.length ? `${spec.header}（也可写作：${spec.aliases.join('、')}）` : spec.header;
