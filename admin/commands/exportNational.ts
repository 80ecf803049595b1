/**
 * export national: the national upload sheet (毕业去向 上报) as .xlsx, read from the store a page at a time, and with
 * --mark-reported the upload recorded on each exported record (audited). The rows, report states and refusals are
 * computed by admin/reports/national.ts; this loads, writes and tells.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPORT_STATE_LABELS, REPORT_STATES } from '../../typings';
import { loadSettings } from '../../server/app/settings';
import { markReported, valuesHash } from '../../server/domain/nationalReport';
import type { DestinationDoc } from '../../server/domain/types';
import { ConflictError, type Store } from '../../server/store/port';
import { flag, parse, stringOption } from '../args';
import type { AdminContext } from '../command';
import { Refusal, UsageError } from '../define';
import { beijingDate } from '../format';
import { pages } from '../paging';
import { progress } from '../progress';
import { NATIONAL_COLUMNS, NationalPlan, type Exported } from '../reports/national';
import { openSheet } from '../reports/xlsx';
import { ADMIN_ACTOR, batching } from '../writes';

export const NATIONAL_SHEET = '毕业生就业信息';

/** How many unconfirmed graduates are named one by one; the rest are counted. */
const LISTED = 50;

export const NATIONAL_HELP = `  national      毕业去向上报表（国家就业监测系统上传格式），见下

export national [--since last] [--mark-reported] [--out 文件.xlsx] [--force]
  按教育部数据标准的列顺序（Ksh、Xm、Sfzh … Gzzwlbdm、Gzzwlb，其后 7 列报到证字段留空）导出，代码一律两位文本（如 01）。
  只导出去向已审核通过且本人已确认的毕业生，读审核通过的值（学生提交中的修改不导出）；未确认的计数并列出「待本人确认」。
  省平台会拒收的行（缺代码、代码不在代码表中、就业类去向缺单位或单位性质不符、升学填了就业单位、统一社会信用代码校验位不正确…）
  不写入文件，逐条列出行号、列名和学生；其余的行照常写入，命令以退出码 1 结束，改正后再导出这些行。
  --since last      只导出从未上报或审核通过的值与上次上报不同的行（新增、有改动）；值未变的「已上报」「需复查」行不导出
  --mark-reported   把本次导出的行记为「已上报」（每条记入审计，动作「上报」）；只在要上传本次生成的文件时使用`;

interface NationalArgs {
  sinceLast: boolean;
  mark: boolean;
  out: string;
}

function nationalArgs(args: string[], now: Date): NationalArgs {
  const p = parse(args, { out: { type: 'string' }, since: { type: 'string' }, 'mark-reported': { type: 'boolean' }, force: { type: 'boolean' }, year: { type: 'string' } }, { min: 1, max: 1 });
  if (p.values.year !== undefined) throw new UsageError('--year 只用于 signed 和 rate；national 导出全部已审核、已确认的毕业去向');
  const since = stringOption(p, 'since');
  if (since !== undefined && since !== 'last') throw new UsageError(`--since 只能是 last（自上次上报以来），收到「${since}」`);
  const out = stringOption(p, 'out') ?? `national-${beijingDate(now)}.xlsx`;
  if (!out.toLowerCase().endsWith('.xlsx')) throw new UsageError(`--out 应为 .xlsx 文件，收到「${out}」`);
  if (existsSync(out) && !flag(p, 'force')) throw new Refusal(`文件 ${out} 已存在；要覆盖请加 --force`);
  if (!existsSync(path.dirname(path.resolve(out)))) throw new Refusal(`目录 ${path.dirname(out)} 不存在`);
  return { sinceLast: since === 'last', mark: flag(p, 'mark-reported'), out };
}

/** One page's students, by 学号. */
async function studentsOf(store: Store, docs: readonly DestinationDoc[]) {
  const students = await store.getMany('students', docs.map((d) => d.studentNo));
  return new Map(students.map((s) => [s.studentNo, s]));
}

/**
 * Records the upload of the exported rows, a batch per commit. A record changed since it was read is marked only if
 * its approved values are still the ones written (a student's new draft does not change them); otherwise it is left
 * as it stands and named, for the next export.
 */
async function markAll(ctx: AdminContext, exported: readonly Exported[]): Promise<{ marked: number; skipped: string[] }> {
  const now = ctx.clock().toISOString();
  const { size } = batching(ctx.store);
  const bar = progress(ctx, '记为已上报', exported.length);
  let marked = 0;
  const skipped: string[] = [];
  const markOne = async (row: Exported, doc: DestinationDoc | null): Promise<void> => {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!doc?.approved || valuesHash(doc.approved) !== row.hash) break;
      const stepped = markReported({ doc, actor: ADMIN_ACTOR, now });
      try {
        await ctx.store.commit({ writes: [{ collection: 'destinations', doc: stepped.doc, expectedVersion: doc.version }], audit: [stepped.audit], outbox: [] });
        marked += 1;
        return;
      } catch (e) {
        if (!(e instanceof ConflictError)) throw e;
        doc = await ctx.store.get('destinations', row.id);
      }
    }
    skipped.push(row.id);
  };
  try {
    for (let start = 0; start < exported.length; start += size) {
      const batch = exported.slice(start, start + size);
      const docs = new Map((await ctx.store.getMany('destinations', batch.map((r) => r.id))).map((d) => [d._id, d]));
      const steps = batch.flatMap((row) => {
        const doc = docs.get(row.id);
        return doc && doc.version === row.version ? [{ row, doc, stepped: markReported({ doc, actor: ADMIN_ACTOR, now }) }] : [];
      });
      let together = steps.length === batch.length;
      if (together) {
        try {
          await ctx.store.commit({
            writes: steps.map((s) => ({ collection: 'destinations' as const, doc: s.stepped.doc, expectedVersion: s.doc.version })),
            audit: steps.map((s) => s.stepped.audit),
            outbox: [],
          });
          marked += steps.length;
        } catch (e) {
          if (!(e instanceof ConflictError)) throw e;
          together = false;
        }
      }
      // someone changed a record of the batch since it was read: one at a time, each checked afresh
      if (!together) for (const row of batch) await markOne(row, await ctx.store.get('destinations', row.id));
      bar.add(batch.length);
    }
  } finally {
    bar.done();
  }
  return { marked, skipped };
}

export async function exportNational(args: string[], ctx: AdminContext): Promise<0 | 1> {
  const now = ctx.clock();
  const options = nationalArgs(args, now);
  const settings = await loadSettings(ctx.store);
  const plan = new NationalPlan({ code: settings.schoolCode, name: settings.schoolName }, { sinceLast: options.sinceLast });

  const bar = progress(ctx, '导出 毕业去向上报表', await ctx.store.count('destinations'));
  const sheet = openSheet(options.out, NATIONAL_SHEET, NATIONAL_COLUMNS);
  try {
    for await (const page of pages(ctx.store, 'destinations')) {
      sheet.add(plan.add(page, await studentsOf(ctx.store, page)));
      bar.add(page.length);
      // a turn of the event loop: SQLite answers synchronously, and without one the zip stream never drains
      await new Promise((resolve) => setImmediate(resolve));
    }
    await sheet.finish();
  } catch (e) {
    await sheet.abort();
    throw e;
  } finally {
    bar.done();
  }

  const rows = plan.exported.length;
  ctx.out(`已导出「${NATIONAL_SHEET}」${rows} 行${options.sinceLast ? '（自上次上报以来新增或有改动的）' : ''} → ${path.resolve(options.out)}`);
  ctx.out(`上报状态：${REPORT_STATES.map((s) => `${REPORT_STATE_LABELS[s]} ${plan.states[s]}`).join('，')}；尚无审核通过的去向 ${plan.notApproved}`);
  if (options.sinceLast && plan.unchanged > 0) {
    ctx.out(`未导出 ${plan.unchanged} 行：已上报且没有改动（需复查的行待新的修改审核通过后，以「有改动」导出）`);
  }
  if (plan.unconfirmed.length > 0) {
    ctx.out(`待本人确认 ${plan.unconfirmed.length} 人，未导出：`);
    for (const g of plan.unconfirmed.slice(0, LISTED)) ctx.out(`  ${g.studentNo} ${g.name}${g.collegeName ? `（${g.collegeName}）` : ''}`);
    if (plan.unconfirmed.length > LISTED) ctx.out(`  ……另有 ${plan.unconfirmed.length - LISTED} 人`);
  }
  const refusedRows = new Set(plan.refused.map((r) => r.row)).size;
  if (refusedRows > 0) {
    ctx.out(`${refusedRows} 行不符合上报规则，未导出（行号按全部导出时的位置，表头为第 1 行）：`);
    for (const line of plan.refusalLines()) ctx.out(`  ${line}`);
  }

  if (options.mark) {
    const { marked, skipped } = await markAll(ctx, plan.exported);
    ctx.out(`已将 ${marked} 行记为已上报（每条记入审计）`);
    if (skipped.length > 0) {
      ctx.out(`${skipped.length} 行在导出后审核通过了新的值，未记为已上报，下次导出时以新的值导出：`);
      for (const id of skipped) ctx.out(`  ${id.replace(/^destination:/, '')}`);
    }
    if (skipped.length > 0) return 1;
  }
  return refusedRows > 0 ? 1 : 0;
}
