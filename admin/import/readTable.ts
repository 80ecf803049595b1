/** Opens an import file by what it is (its first bytes), not only by its name. */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { readCsv, SAVE_AS_UTF8 } from './csv';
import { readXlsx } from './xlsx';
import { UnreadableFile, type Table } from './table';

async function firstBytes(file: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UnreadableFile(code === 'ENOENT' ? `找不到文件：${file}` : `无法打开文件：${file}（${code ?? String(e)}）`);
  }
  try {
    const buffer = Buffer.alloc(8);
    const { bytesRead } = await handle.read(buffer, 0, 8, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** the old binary Excel format (.xls, .et) */
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

export async function readTable(file: string): Promise<Table> {
  const head = await firstBytes(file);
  const ext = path.extname(file).toLowerCase();
  if (head.subarray(0, 4).equals(OLE)) {
    throw new UnreadableFile('这是旧版 Excel 文件（.xls），请在 Excel 中另存为 .xlsx，或另存为「CSV UTF-8（逗号分隔）」后导入');
  }
  if (head.subarray(0, 4).equals(ZIP)) {
    if (ext !== '.xlsx' && ext !== '.xlsm') {
      throw new UnreadableFile(`文件内容是 Excel 工作簿，但扩展名是「${ext || '无'}」；请将文件名改为 .xlsx`);
    }
    return readXlsx(file);
  }
  if (ext === '.xlsx' || ext === '.xlsm') throw new UnreadableFile('文件扩展名是 .xlsx，但内容不是 Excel 工作簿，文件可能已损坏');
  if (ext !== '.csv' && ext !== '.txt') {
    throw new UnreadableFile(`不支持的文件类型「${ext || '无扩展名'}」：请使用 .xlsx 或 .csv。${SAVE_AS_UTF8}`);
  }
  if (head.length === 0) throw new UnreadableFile('文件是空的');
  return readCsv(file);
}
