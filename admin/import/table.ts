/** A spreadsheet as the import sees it: rows of cell texts, numbered as the spreadsheet numbers them. */

export interface SheetRow {
  /** the row number a person sees in Excel (the first row is 1) */
  row: number;
  cells: string[];
  /**
   * columns (0-based) whose cell held a number too long for a spreadsheet to keep exactly: Excel keeps 15
   * significant digits, so an 18-digit ID number typed into a number cell has already lost its last digits
   */
  lossy?: number[];
}

/** The file could not be read as a table at all: a message for the person, nothing was imported. */
export class UnreadableFile extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableFile';
  }
}

export interface Table {
  /** e.g. `工作表「名单」` or `UTF-8 CSV`: said once, so the person knows what was read */
  source: string;
  /** things worth knowing that are not errors (an encoding guessed, a second sheet ignored) */
  notes: string[];
  rows: AsyncIterable<SheetRow>;
}
