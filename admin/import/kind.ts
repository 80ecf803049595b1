/** What differs between the roster and the employer library; the rest of an import is the same (pipeline.ts). */
import type { Actor, AuditEntry } from '../../server/domain/types';
import type { Store, Write } from '../../server/store/port';
import type { ColumnSpec } from './columns';
import type { RowIssue, RowReader } from './rows';

export type Outcome = 'created' | 'updated' | 'unchanged';

/**
 * One row's effect: the records it writes with their audit entries (none when unchanged), or the problem a fresh
 * read found (another writer got there between the check and the write).
 */
export type Planned =
  | { row: number; outcome: Outcome; writes: Write[]; audit: AuditEntry[] }
  | { row: number; outcome: 'refused'; issue: RowIssue };

export interface PlanEnv {
  now: string;
  newId: () => string;
  actor: Actor;
}

/**
 * A column whose value must not repeat inside one file. Compared on every row, also rows with other problems: two
 * rows claiming one 学号 are both in doubt, whichever of them is otherwise right.
 */
export interface UniqueKey<K extends string> {
  column: K;
  /** the value as compared: `110105…x` and `110105…X` are one ID number */
  normalize(text: string): string;
}

export interface ImportKind<K extends string, E extends { row: number }, C> {
  /** `学生` or `单位`: what one row is */
  noun: string;
  columns: readonly ColumnSpec<K>[];
  /** loads what checking a row needs (the school's colleges); throws a Refusal when no row could be checked */
  prepare(store: Store): Promise<C>;
  /** the row's entry, or null when the reader has recorded its problems */
  parseRow(row: RowReader<K>, context: C): E | null;
  unique: readonly UniqueKey<K>[];
  /** problems only the store can show, over every valid row at once */
  checkStore(entries: readonly E[], store: Store, label: (key: K) => string): Promise<RowIssue[]>;
  /** plans one batch from fresh reads: run again after a conflict */
  plan(entries: readonly E[], store: Store, env: PlanEnv, context: C, label: (key: K) => string): Promise<Planned[]>;
}
