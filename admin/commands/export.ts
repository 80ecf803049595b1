/** export <report>: a report as an .xlsx file with Chinese headers, streamed from the store a page at a time. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadSettings } from '../../server/app/settings';
import { flag, intOption, parse, stringOption } from '../args';
import { defineCommand, Refusal, UsageError } from '../define';
import { beijingDate } from '../format';
import { progress } from '../progress';
import { pendingReport } from '../reports/pending';
import { placementReport } from '../reports/placement';
import { rateReport } from '../reports/rate';
import type { Report } from '../reports/report';
import { signedReport } from '../reports/signed';
import { terminationsReport } from '../reports/terminations';
import { openSheet } from '../reports/xlsx';
import { exportNational, NATIONAL_HELP } from './exportNational';

export const REPORTS: Report[] = [signedReport, rateReport, pendingReport, terminationsReport, placementReport];

const HELP = `用法：npm run admin -- export <报表> [--out 文件.xlsx] [--year 毕业年份] [--force]

把报表导出为 Excel（.xlsx，中文表头，首行冻结）。数据分页读取，不会一次载入整库。

报表：
${REPORTS.map((r) => `  ${r.name.padEnd(14)}${r.sheet}：${r.summary}`).join('\n')}
${NATIONAL_HELP}

选项：
  --out 文件     输出文件，默认当前目录下的「报表名-日期.xlsx」，如 signed-2026-11-27.xlsx
  --year N       只统计该毕业年份的学生（signed、rate）
  --force        输出文件已存在时覆盖它（默认拒绝覆盖）

示例：
  npm run admin -- export signed
  npm run admin -- export rate --year 2026 --out 签约率.xlsx
  npm run admin -- export pending
  npm run admin -- export terminations --out reports/terminations.xlsx
  npm run admin -- export placement --out 去向落实率.xlsx
  npm run admin -- export national --since last --mark-reported --out 上报-1月10日.xlsx`;

/** The report named, before the options are parsed: national takes options of its own. */
function reportName(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (['--out', '--year', '--since'].includes(a)) i += 1;
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

export const exportReport = defineCommand({
  name: 'export',
  summary: '导出报表为 Excel：signed 签约明细、rate 签约率、pending 待办队列、terminations 解约记录、placement 去向落实率、national 毕业去向上报表',
  help: HELP,
  async run(args, ctx) {
    if (reportName(args) === 'national') return exportNational(args, ctx);
    const p = parse(args, { out: { type: 'string' }, year: { type: 'string' }, force: { type: 'boolean' } }, { min: 1, max: 1 });
    const name = p.positionals[0]!;
    const report = REPORTS.find((r) => r.name === name);
    if (!report) throw new UsageError(`没有报表「${name}」：可选 ${[...REPORTS.map((r) => r.name), 'national'].join('、')}`);
    const year = p.values.year === undefined ? undefined : intOption(p, 'year', { min: 2000, max: 2100, fallback: 0 });
    if (year !== undefined && report !== signedReport && report !== rateReport) {
      throw new UsageError('--year 只用于 signed 和 rate');
    }
    const now = ctx.clock();
    const out = stringOption(p, 'out') ?? `${report.name}-${beijingDate(now)}.xlsx`;
    if (!out.toLowerCase().endsWith('.xlsx')) throw new UsageError(`--out 应为 .xlsx 文件，收到「${out}」`);
    if (existsSync(out) && !flag(p, 'force')) throw new Refusal(`文件 ${out} 已存在；要覆盖请加 --force`);
    if (!existsSync(path.dirname(path.resolve(out)))) throw new Refusal(`目录 ${path.dirname(out)} 不存在`);

    const input = { store: ctx.store, settings: await loadSettings(ctx.store), now, ...(year !== undefined ? { year } : {}) };
    const bar = progress(ctx, `导出 ${report.sheet}`, await report.total(input));
    const sheet = openSheet(out, report.sheet, report.columns);
    let rows = 0;
    try {
      for await (const page of report.rows(input, (n) => bar.add(n))) {
        sheet.add(page);
        rows += page.length;
      }
      await sheet.finish();
    } catch (e) {
      await sheet.abort();
      throw e;
    } finally {
      bar.done();
    }
    // the full path: a relative --out is relative to wherever the command ran, which the reader may not know
    ctx.out(`已导出「${report.sheet}」${rows} 行 → ${path.resolve(out)}`);
    return 0;
  },
});
