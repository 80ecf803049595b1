/** A report the export command writes: its sheet's columns and its rows, read from the store a page at a time. */
import type { SettingsDoc } from '../../server/domain/types';
import type { Store } from '../../server/store/port';

export type Cell = string | number | null;

export interface Column {
  header: string;
  /** in characters */
  width: number;
  /** Excel number format, e.g. '0.00%' */
  numFmt?: string;
}

export interface ReportInput {
  store: Store;
  settings: SettingsDoc;
  now: Date;
  /** only graduates of this year (signed, rate) */
  year?: number;
}

export interface Report {
  name: string;
  /** the worksheet's name */
  sheet: string;
  summary: string;
  columns: Column[];
  /** how many documents the report reads: the progress bar's total */
  total(input: ReportInput): Promise<number>;
  /** the rows, a page at a time; `read(n)` is told each time n more documents were read */
  rows(input: ReportInput, read: (n: number) => void): AsyncIterable<Cell[][]>;
}
