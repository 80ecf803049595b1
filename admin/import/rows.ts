/** One data row being read: its cells by column key, and the problems found in it, each naming the column. */
import type { HeaderMap } from './columns';
import type { SheetRow } from './table';

export interface RowIssue {
  /** the spreadsheet's row number (the header is row 1 in a file without a title row) */
  row: number;
  /** the column's header as written in the file */
  column: string;
  reason: string;
}

const LOSSY =
  '单元格是数字格式，超过 15 位的数字已被 Excel 改动（末尾变成 0）；请把该列设为「文本」格式，重新填写后再导入';

export class RowReader<K extends string> {
  readonly issues: RowIssue[] = [];

  constructor(
    private readonly header: HeaderMap<K>,
    private readonly sheetRow: SheetRow,
  ) {}

  get row(): number {
    return this.sheetRow.row;
  }

  /** whether the file has this column at all */
  has(key: K): boolean {
    return this.header.index.has(key);
  }

  label(key: K): string {
    return this.header.label.get(key) ?? key;
  }

  problem(key: K, reason: string): undefined {
    this.issues.push({ row: this.row, column: this.label(key), reason });
    return undefined;
  }

  /**
   * The cell's trimmed text; undefined when the column is absent or the cell is blank (a problem when `required`),
   * when it is longer than `max`, or when Excel has already altered the number in it.
   */
  text(key: K, options: { required?: boolean; max?: number } = {}): string | undefined {
    const i = this.header.index.get(key);
    if (i === undefined) return undefined;
    if (this.sheetRow.lossy?.includes(i)) return this.problem(key, LOSSY);
    const value = (this.sheetRow.cells[i] ?? '').trim();
    if (!value) return options.required ? this.problem(key, '不能为空') : undefined;
    if (options.max !== undefined && [...value].length > options.max) return this.problem(key, `不能超过 ${options.max} 个字`);
    return value;
  }

  /** the cell's text as it is, for comparing rows */
  raw(key: K): string | undefined {
    const i = this.header.index.get(key);
    return i === undefined ? undefined : this.sheetRow.cells[i];
  }

  /** a blank row (a spreadsheet often has some after the data): skipped, not an error */
  get blank(): boolean {
    return this.sheetRow.cells.every((c) => c.trim() === '');
  }
}

/** Rows in the file order, and within a row the columns in the order the file has them. */
export const inFileOrder =
  (columnOrder: readonly string[]) =>
  (a: RowIssue, b: RowIssue): number =>
    a.row - b.row || columnOrder.indexOf(a.column) - columnOrder.indexOf(b.column);

export const formatIssue = (i: RowIssue): string => `第 ${i.row} 行　${i.column}：${i.reason}`;
