/**
 * recount: every summary counter (server/store/port.ts SUMMARIES) recomputed from the records and compared with what
 * the store holds; the documents that differ are rewritten, unless --dry-run. For a store written before the
 * adapters kept summaries (its statistics and queue counts read 0 until then), and as a check that they agree.
 */
import type { SummaryDoc } from '../../server/domain/types';
import { ConflictError, SUMMARIES, type SummaryName } from '../../server/store/port';
import { addDeltas, compareSummaries, parseSummaryId, SUMMARIZED_COLLECTIONS, type SummaryDeltas, type SummaryDifference } from '../../server/store/summaries';
import { flag, parse } from '../args';
import type { AdminContext } from '../command';
import { defineCommand, Refusal } from '../define';
import { pages } from '../paging';
import { progress } from '../progress';

const HELP = `用法：npm run admin -- recount [--dry-run]

按记录重新统计全部汇总计数（统计页与审核队列的数字由此读出：各学院的学生数、各类核查、
协议和解约申请在各状态的数量、用人单位在各状态的数量），与库中保存的汇总逐项比较，列出不一致之处，
并改写不一致的汇总文档。汇总由存储在写入记录的同一事务中维护；本命令用于此前版本写下的库
（升级后运行一次），也可随时用 --dry-run 核对。请在无人办理业务的时段运行：统计期间写入的记录可能让
结果再次不一致，再运行一次即可。

选项：
  --dry-run   只比较并列出不一致之处，不写入；有不一致时退出码为 1

示例：
  npm run admin -- recount --dry-run
  npm run admin -- recount`;

/** How many differences are listed by name; the rest are counted. */
const LISTED = 30;

/** A difference as a person reads it: the summary, its college, the count's key, the sum over its shards. */
function describe(differences: readonly SummaryDifference[]): string[] {
  const grouped = new Map<string, { stored: number; counted: number }>();
  for (const d of differences) {
    const { name, by } = parseSummaryId(d.id);
    const summary = SUMMARIES[name as SummaryName];
    const scope = summary && summary.by.length ? `${summary.by.map((f, i) => `${f}=${by[i] ?? ''}`).join(',')} ` : '';
    const label = `${name} ${scope}${d.key}`;
    const g = grouped.get(label) ?? { stored: 0, counted: 0 };
    grouped.set(label, { stored: g.stored + d.stored, counted: g.counted + d.counted });
  }
  return [...grouped].map(([label, g]) => `${label}：库中 ${g.stored}，按记录应为 ${g.counted}${g.stored === g.counted ? '（合计相同，分片不同）' : ''}`);
}

export const recount = defineCommand({
  name: 'recount',
  summary: '按记录重新统计汇总计数（统计页、审核队列的数字），列出并改写不一致之处（--dry-run 只列出）',
  help: HELP,
  async run(args, ctx) {
    const p = parse(args, { 'dry-run': { type: 'boolean' } }, { min: 0, max: 0 });
    ctx.out(`目标库：${ctx.target}`);
    return recountSummaries(ctx, flag(p, 'dry-run'));
  },
});

/** The recount itself, also run by setup on a store that has records and no summaries yet. */
export async function recountSummaries(ctx: AdminContext, dryRun: boolean): Promise<0 | 1> {
  const counted: SummaryDeltas = new Map();
  let total = 0;
  for (const c of SUMMARIZED_COLLECTIONS) total += await ctx.store.count(c);
  const bar = progress(ctx, '统计记录', total);
  try {
    for (const c of SUMMARIZED_COLLECTIONS) {
      for await (const page of pages(ctx.store, c)) {
        for (const doc of page) addDeltas(counted, c, null, doc);
        bar.add(page.length);
      }
    }
  } finally {
    bar.done();
  }
  const stored: SummaryDoc[] = [];
  for await (const page of pages(ctx.store, 'summaries')) stored.push(...page);

  const { differences, rewrite } = compareSummaries(stored, counted);
  ctx.out(`已统计 ${total} 条记录，库中有 ${stored.length} 个汇总文档。`);
  if (differences.length === 0) {
    ctx.out('汇总计数与记录一致，无改动。');
    return 0;
  }
  const lines = describe(differences);
  ctx.out(`发现 ${lines.length} 项不一致（涉及 ${rewrite.length} 个汇总文档）：`);
  for (const line of lines.slice(0, LISTED)) ctx.out(`  ${line}`);
  if (lines.length > LISTED) ctx.out(`  …另有 ${lines.length - LISTED} 项`);
  if (dryRun) {
    ctx.out('--dry-run：未写入。去掉 --dry-run 再运行即改写。');
    return 1;
  }
  const before = new Map(stored.map((d) => [d._id, d.version]));
  let conflicts = 0;
  for (const doc of rewrite) {
    try {
      await ctx.store.put('summaries', doc, before.get(doc._id) ?? 0, { keepSummaries: true });
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      conflicts += 1;
    }
  }
  if (conflicts > 0) {
    throw new Refusal(`${conflicts} 个汇总文档在统计期间被业务写入改动，未改写；请在无人办理业务时再运行一次`);
  }
  ctx.out(`已改写 ${rewrite.length} 个汇总文档，汇总计数与记录一致。`);
  return 0;
}
