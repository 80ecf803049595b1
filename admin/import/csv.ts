/**
 * CSV files as Excel and WPS save them: UTF-8 with or without a byte-order mark, or the legacy Chinese code page
 * (GBK / GB18030, what 「CSV（逗号分隔）」 writes on a Chinese Windows). RFC 4180 quoting, CRLF or LF.
 */
import { readFile } from 'node:fs/promises';
import { UnreadableFile, type SheetRow, type Table } from './table';

export const SAVE_AS_UTF8 = '请在 Excel 中「另存为」→「CSV UTF-8（逗号分隔）」后重新导入';

/** Decodes the bytes; Node's own TextDecoder (ICU) knows GB18030, a superset of GBK, so no extra library is needed. */
export function decodeCsv(bytes: Uint8Array): { text: string; notes: string[] } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new UnreadableFile(`文件是 UTF-16 编码（Excel 的「Unicode 文本」），无法按 CSV 读取。${SAVE_AS_UTF8}`);
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: decodeUtf8(bytes.subarray(3)), notes: [] };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), notes: [] };
  } catch {
    // not UTF-8: the only other encoding Chinese spreadsheet programs write CSV in
  }
  let text: string;
  try {
    text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
  } catch {
    throw new UnreadableFile(`无法识别文件编码（既不是 UTF-8 也不是 GBK）。${SAVE_AS_UTF8}`);
  }
  return { text, notes: ['文件不是 UTF-8 编码，已按 GBK（GB18030）读取；请核对下面的中文是否显示正确'] };
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UnreadableFile(`文件开头标明是 UTF-8，但内容不是有效的 UTF-8。${SAVE_AS_UTF8}`);
  }
}

/**
 * Splits CSV text into records. A quoted field may hold commas, doubled quotes and line breaks; the record number
 * counts records (as a spreadsheet shows them), not physical lines.
 */
export function* parseCsv(text: string): Generator<SheetRow> {
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let row = 1;
  let i = 0;
  const n = text.length;
  const endRecord = (): SheetRow => {
    cells.push(field);
    const done = { row, cells };
    cells = [];
    field = '';
    row += 1;
    return done;
  };
  while (i < n) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === ',') {
      cells.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      yield endRecord();
    } else {
      field += ch;
    }
    i += 1;
  }
  if (quoted) throw new UnreadableFile(`第 ${row} 行的引号没有闭合，文件可能不完整`);
  if (field !== '' || cells.length > 0) yield endRecord();
}

export async function readCsv(file: string): Promise<Table> {
  const { text, notes } = decodeCsv(await readFile(file));
  const records = parseCsv(text);
  return {
    source: 'CSV',
    notes,
    rows: (async function* () {
      yield* records;
    })(),
  };
}
