/**
 * One worksheet streamed to an .xlsx file (exceljs WorkbookWriter): rows are committed as they come, so a report
 * of any size is never held in memory. Written beside the target as `<file>.part` and renamed at the end, so an
 * interrupted export leaves no half-written file under the real name.
 */
import { rename, rm } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Cell, Column } from './report';

export interface SheetWriter {
  add(rows: readonly Cell[][]): void;
  finish(): Promise<void>;
  abort(): Promise<void>;
}

export function openSheet(file: string, sheet: string, columns: readonly Column[]): SheetWriter {
  const part = `${file}.part`;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: part, useStyles: true, useSharedStrings: false });
  const ws = workbook.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c, i) => ({
    header: c.header,
    key: `c${i}`,
    width: c.width,
    ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}),
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.commit();
  return {
    add(rows) {
      for (const row of rows) ws.addRow(row).commit();
    },
    async finish() {
      ws.commit();
      await workbook.commit();
      await rename(part, file);
    },
    async abort() {
      try {
        ws.commit();
        await workbook.commit();
      } finally {
        await rm(part, { force: true });
      }
    },
  };
}
