/**
 * .xlsx files, streamed (exceljs WorkbookReader): a 20,000-row roster is never held as a whole workbook. Only the
 * first worksheet is read.
 */
import ExcelJS from 'exceljs';
import { UnreadableFile, type SheetRow, type Table } from './table';

/** Excel keeps numbers to 15 significant digits; beyond that the digits were lost before the file reached us. */
const EXACT_DIGITS = 15;

const pad = (n: number): string => String(n).padStart(2, '0');

/** A cell as text: what a person reads in it. */
function cellText(value: unknown): { text: string; lossy?: true } {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') {
    const digits = Math.abs(value).toFixed(0).replace(/^0+/, '').length;
    const text = Number.isInteger(value) ? value.toFixed(0) : String(value);
    return Number.isInteger(value) && digits > EXACT_DIGITS ? { text, lossy: true } : { text };
  }
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  // dates are stored as the day the person typed, at midnight UTC
  if (value instanceof Date) return { text: `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}` };
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (Array.isArray(v.richText)) return { text: v.richText.map((r) => r.text).join('') };
    if ('result' in v) return cellText(v.result);
    if (typeof v.text === 'string') return { text: v.text };
    if (typeof v.error === 'string') return { text: v.error };
  }
  return { text: String(value) };
}

function sheetRow(row: ExcelJS.Row): SheetRow {
  // row.values is 1-based: index 0 is always empty
  const values = (Array.isArray(row.values) ? row.values : []) as unknown[];
  const cells: string[] = [];
  const lossy: number[] = [];
  for (let c = 1; c < values.length; c++) {
    const { text, lossy: lost } = cellText(values[c]);
    cells.push(text);
    if (lost) lossy.push(c - 1);
  }
  return lossy.length ? { row: row.number, cells, lossy } : { row: row.number, cells };
}

export async function readXlsx(file: string): Promise<Table> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // styles tell a date cell from a number cell
    styles: 'cache',
    hyperlinks: 'ignore',
  });
  const table: Omit<Table, 'rows'> = { source: '工作表', notes: [] };
  return Object.assign(table, { rows: rowsOf(reader, table) });
}

/** Names the sheet in `table.source` once it is reached, and notes any sheet it leaves unread. */
async function* rowsOf(reader: ExcelJS.stream.xlsx.WorkbookReader, table: Omit<Table, 'rows'>): AsyncGenerator<SheetRow> {
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      sheets += 1;
      if (sheets > 1) {
        if (sheets === 2) table.notes.push('文件有多个工作表：只读取了第一个，其余已忽略');
        // the rest of the workbook must still be drained, or the zip stream never ends
        for await (const _row of sheet) void _row;
        continue;
      }
      const name = (sheet as unknown as { name?: string }).name;
      if (name) table.source = `工作表「${name}」`;
      for await (const row of sheet) yield sheetRow(row);
    }
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new UnreadableFile(`xlsx 文件无法读取，可能不完整或已损坏（${detail}）；请在 Excel 中打开并重新保存为 .xlsx`);
  }
}
