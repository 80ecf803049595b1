/**
 * One import, whatever it imports: read the file, check every row, and write only when every row is good (or with
 * --partial, the good ones). --dry-run stops before writing and says what would change.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { flag, parse, stringOption } from '../args';
import type { AdminContext } from '../command';
import { Refusal, UsageError } from '../define';
import { progress } from '../progress';
import { describeColumn, mapHeader, namedColumns, type HeaderMap } from './columns';
import type { ImportKind, UniqueKey } from './kind';
import { readTable } from './readTable';
import { formatIssue, inFileOrder, RowReader, type RowIssue } from './rows';
import { UnreadableFile, type SheetRow } from './table';
import { WriteStopped, writeBatches, type Counts } from './write';
import { ADMIN_ACTOR } from '../writes';

/** the header is looked for among the first rows: exports often carry a title row above it */
const HEADER_SEARCH = 10;
/** problems listed at the terminal; --report writes them all */
const SHOWN = 200;

export const OPTIONS_HELP = `选项：
  --partial        有错误的行时，仍导入正确的行（错误的行逐条列出，不导入）
  --dry-run        只检查，并统计将新增、更新、未变的行数，不写入
  --report <文件>  把全部错误写入一个 CSV 文件（行号、列、原因），便于在 Excel 中对照修改`;

const countsLine = (c: Pick<Counts, 'created' | 'updated' | 'unchanged'>, errors: number): string =>
  `新增 ${c.created} / 更新 ${c.updated} / 未变 ${c.unchanged} / 错误 ${errors}`;

interface Options {
  file: string;
  partial: boolean;
  dryRun: boolean;
  report?: string;
}

function options(args: string[]): Options {
  const p = parse(args, { partial: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, report: { type: 'string' } }, { min: 0, max: 1 });
  const [file] = p.positionals;
  if (!file) throw new UsageError('请指定要导入的文件（.xlsx 或 .csv）');
  const report = stringOption(p, 'report');
  return { file, partial: flag(p, 'partial'), dryRun: flag(p, 'dry-run'), ...(report ? { report } : {}) };
}

/** Finds the header among the first rows and hands back the data rows after it. */
async function headerAndRows<K extends string>(
  rows: AsyncIterable<SheetRow>,
  columns: ImportKind<K, { row: number }, unknown>['columns'],
): Promise<{ header: HeaderMap<K>; data: AsyncIterable<SheetRow> } | null> {
  const iterator = rows[Symbol.asyncIterator]();
  const seen: SheetRow[] = [];
  let header: SheetRow | undefined;
  while (seen.length < HEADER_SEARCH) {
    const next = await iterator.next();
    if (next.done) break;
    if (next.value.cells.every((c) => c.trim() === '')) continue;
    seen.push(next.value);
    if (namedColumns(columns, next.value) >= 2) {
      header = next.value;
      break;
    }
  }
  header ??= seen[0];
  if (!header) return null;
  const after = seen.slice(seen.indexOf(header) + 1);
  const data = (async function* () {
    yield* after;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  })();
  return { header: mapHeader(columns, header), data };
}

/** Rows by the value of each unique column, to find the values that repeat. */
class Repeats<K extends string> {
  private readonly groups = new Map<K, Map<string, number[]>>();

  constructor(private readonly unique: readonly UniqueKey<K>[]) {}

  add(reader: RowReader<K>): void {
    for (const { column, normalize } of this.unique) {
      const value = normalize(reader.raw(column) ?? '');
      if (!value) continue;
      const byValue = this.groups.get(column) ?? new Map<string, number[]>();
      byValue.set(value, [...(byValue.get(value) ?? []), reader.row]);
      this.groups.set(column, byValue);
    }
  }

  /** every row of a repeating group is marked, so --partial imports none of them */
  issues(label: (key: K) => string): RowIssue[] {
    const issues: RowIssue[] = [];
    for (const [column, byValue] of this.groups) {
      for (const rows of byValue.values()) {
        if (rows.length < 2) continue;
        for (const row of rows) {
          issues.push({ row, column: label(column), reason: `与第 ${rows.filter((r) => r !== row).join('、')} 行重复` });
        }
      }
    }
    return issues;
  }
}

async function writeReport(file: string, issues: readonly RowIssue[]): Promise<void> {
  const quote = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = ['行号,列,原因', ...issues.map((i) => [String(i.row), i.column, i.reason].map(quote).join(','))];
  await writeFile(file, `\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function runImport<K extends string, E extends { row: number }, C>(
  kind: ImportKind<K, E, C>,
  args: string[],
  ctx: AdminContext,
): Promise<0 | 1> {
  const opts = options(args);
  ctx.out(`目标库：${ctx.target}`);
  try {
    return await importFile(kind, opts, ctx);
  } catch (e) {
    if (e instanceof UnreadableFile) throw new Refusal(`${e.message}；未导入任何数据`);
    throw e;
  }
}

async function importFile<K extends string, E extends { row: number }, C>(kind: ImportKind<K, E, C>, opts: Options, ctx: AdminContext): Promise<0 | 1> {
  const table = await readTable(opts.file);
  const found = await headerAndRows<K>(table.rows, kind.columns);
  if (!found) throw new UnreadableFile('文件中没有任何数据');
  const { header, data } = found;
  const label = (key: K): string => header.label.get(key) ?? kind.columns.find((c) => c.key === key)?.header ?? key;

  ctx.out(`读取 ${path.basename(opts.file)}（${table.source}，表头在第 ${header.row} 行）`);
  if (header.missing.length > 0 || header.repeated.length > 0) {
    for (const spec of header.missing) ctx.out(`缺少必填列：${describeColumn(spec)}`);
    for (const r of header.repeated) ctx.out(`列「${r.spec.header}」出现了多次（${r.headers.join('、')}），请只保留一列`);
    throw new Refusal('表头不完整，未导入任何数据');
  }
  const context = await kind.prepare(ctx.store);

  const issues: RowIssue[] = [];
  const entries: E[] = [];
  const repeats = new Repeats(kind.unique);
  let total = 0;
  for await (const sheetRow of data) {
    const reader = new RowReader<K>(header, sheetRow);
    if (reader.blank) continue;
    total += 1;
    const entry = kind.parseRow(reader, context);
    issues.push(...reader.issues);
    repeats.add(reader);
    if (entry) entries.push(entry);
  }
  for (const note of table.notes) ctx.out(note);
  if (header.ignored.length > 0) ctx.out(`以下列不在导入范围内，已忽略：${header.ignored.join('、')}`);
  if (total === 0) throw new UnreadableFile('表头下面没有数据行');
  ctx.out(`共 ${total} 行${kind.noun}`);

  issues.push(...repeats.issues(label));
  const repeated = new Set(issues.map((i) => i.row));
  const distinct = entries.filter((e) => !repeated.has(e.row));
  issues.push(...(await kind.checkStore(distinct, ctx.store, label)));
  const badRows = new Set(issues.map((i) => i.row));
  const good = distinct.filter((e) => !badRows.has(e.row));

  const columnOrder = [...header.index.entries()].sort((a, b) => a[1] - b[1]).map(([key]) => label(key));
  issues.sort(inFileOrder(columnOrder));
  for (const issue of issues.slice(0, SHOWN)) ctx.out(formatIssue(issue));
  if (issues.length > SHOWN) ctx.out(`……另有 ${issues.length - SHOWN} 处错误未列出${opts.report ? '' : '；加 --report <文件.csv> 可导出全部'}`);
  if (opts.report && issues.length > 0) {
    await writeReport(opts.report, issues);
    ctx.out(`全部错误已写入 ${path.resolve(opts.report)}`);
  }

  if (badRows.size > 0 && !opts.partial) {
    ctx.out(countsLine({ created: 0, updated: 0, unchanged: 0 }, badRows.size));
    throw new Refusal(`${badRows.size} 行有错误，未导入任何数据。修正后重新导入，或加 --partial 只导入正确的行`);
  }

  const env = { now: ctx.clock().toISOString(), newId: ctx.newId, actor: ADMIN_ACTOR };
  let counts: Counts;
  try {
    counts = await writeBatches({
      store: ctx.store,
      entries: good,
      plan: (batch) => kind.plan(batch, ctx.store, env, context, label),
      commit: !opts.dryRun,
      progress: progress(ctx, opts.dryRun ? '核对' : '写入', good.length),
    });
  } catch (e) {
    if (!(e instanceof WriteStopped)) throw e;
    ctx.out(`写入中断：${e.message}`);
    ctx.out(`中断前已写入：${countsLine(e.counts, badRows.size)}。已写入的行有完整的审计记录；再次导入同一文件是安全的，已写入的行会计为未变。`);
    return 1;
  }
  for (const issue of counts.refused) ctx.out(formatIssue(issue));
  const errors = badRows.size + counts.refused.length;
  const line = countsLine(counts, errors);
  if (opts.dryRun) {
    ctx.out(`试运行，未写入：${line}`);
    return errors > 0 && !opts.partial ? 1 : 0;
  }
  ctx.out(`已导入：${line}${errors > 0 ? `（${errors} 行有错误，未导入）` : ''}`);
  return counts.created + counts.updated + counts.unchanged === 0 && errors > 0 ? 1 : 0;
}
