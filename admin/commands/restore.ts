/**
 * restore <file> [--force]: a backup loaded back with Store.put. The whole file is checked first (every line, the
 * counts in its header), so a damaged file changes nothing. A store that holds anything is refused unless --force,
 * which empties it first: afterwards the store holds exactly the backup, and the counts per collection are checked.
 */
import { existsSync } from 'node:fs';
import type { CollectionName } from '../../server/domain/types';
import { COLLECTION_NAMES } from '../../server/store/port';
import { flag, parse } from '../args';
import { readBackup } from '../backupFile';
import type { AdminContext } from '../command';
import { defineCommand, Refusal } from '../define';
import { progress } from '../progress';

const HELP = `用法：npm run admin -- restore <备份文件> [--force]

把 backup 生成的文件恢复到目标库（本地 SQLite 或云开发环境），之后逐个集合核对文档数。
先完整检查备份文件（每一行、头部的文档数），文件有问题时什么也不改。
目标库已有数据时拒绝执行；加 --force 则先清空目标库的全部集合，再恢复（之后库中恰好是备份的内容）。
本地恢复前请先停止 npm start。需要时会先创建集合和索引；客户端权限请随后运行 setup。

示例：
  npm run admin -- restore backup-2026-11-27-1530.jsonl.gz
  DATA_DIR=.data-copy npm run admin -- restore backup-2026-11-27-1530.jsonl.gz
  npm run admin -- restore backup-2026-11-27-1530.jsonl.gz --force`;

const zeroCounts = (): Record<CollectionName, number> =>
  Object.fromEntries(COLLECTION_NAMES.map((c) => [c, 0])) as Record<CollectionName, number>;

const listCounts = (counts: Record<CollectionName, number>): string =>
  COLLECTION_NAMES.filter((c) => counts[c] > 0).map((c) => `${c} ${counts[c]}`).join('，') || '无';

async function storeCounts(ctx: AdminContext): Promise<Record<CollectionName, number>> {
  const counts = zeroCounts();
  for (const c of COLLECTION_NAMES) counts[c] = await ctx.store.count(c);
  return counts;
}

export const restore = defineCommand({
  name: 'restore',
  summary: '从备份文件恢复（目标库非空时需 --force，先清空再恢复），恢复后核对各集合文档数',
  help: HELP,
  async run(args, ctx) {
    const p = parse(args, { force: { type: 'boolean' } }, { min: 1, max: 1 });
    const file = p.positionals[0]!;
    if (!existsSync(file)) throw new Refusal(`备份文件 ${file} 不存在`);

    // 1. the whole file, before anything is touched
    const backup = await readBackup(file);
    const found = zeroCounts();
    const seen = new Map<CollectionName, Set<string>>(COLLECTION_NAMES.map((c) => [c, new Set<string>()]));
    for await (const { c, d, line } of backup.entries()) {
      const ids = seen.get(c)!;
      if (ids.has(d._id)) throw new Refusal(`备份文件第 ${line} 行重复：${c}/${d._id} 已出现过`);
      ids.add(d._id);
      found[c] += 1;
    }
    seen.clear();
    const short = COLLECTION_NAMES.filter((c) => found[c] !== backup.header.counts[c]);
    if (short.length) {
      const detail = short.map((c) => `${c} 头部记 ${backup.header.counts[c]} 条、实有 ${found[c]} 条`).join('；');
      throw new Refusal(`备份文件不完整：${detail}`);
    }
    ctx.out(`备份文件：${file}（${backup.header.createdAt} 取自 ${backup.header.source}），文档：${listCounts(found)}`);
    ctx.out(`目标库：${ctx.target}`);

    // 2. the target: empty, or emptied on purpose
    const before = await storeCounts(ctx);
    const occupied = COLLECTION_NAMES.some((c) => before[c] > 0);
    if (occupied && !flag(p, 'force')) {
      throw new Refusal(`目标库不是空的（${listCounts(before)}）；恢复会先清空它，确认请加 --force`);
    }
    const backend = ctx.backend;
    if (!backend) throw new Refusal('此上下文没有目标库的管理接口，restore 只能通过 npm run admin 运行');
    const made = await backend.provision();
    if (made.collections.length || made.indexes.length) {
      ctx.out(`已创建集合 ${made.collections.length} 个、索引 ${made.indexes.length} 个`);
    }
    if (occupied) {
      let removed = 0;
      for (const c of COLLECTION_NAMES) if (before[c] > 0) removed += await backend.clear(c);
      ctx.out(`已清空目标库原有的 ${removed} 个文档`);
    }

    // 3. load, a few writes in flight where the store is remote
    const total = COLLECTION_NAMES.reduce((n, c) => n + found[c], 0);
    const bar = progress(ctx, '恢复', total);
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    try {
      for await (const { c, d } of backup.entries()) {
        const write: Promise<void> = ctx.store
          // the summaries come back from the backup as they were: the records' puts must not count them again
          .put(c, d, 0, { keepSummaries: true })
          .then(
            () => bar.add(1),
            (e: unknown) => {
              failure ??= e;
            },
          )
          .finally(() => inFlight.delete(write));
        inFlight.add(write);
        if (inFlight.size >= backend.parallelWrites) await Promise.race(inFlight);
        if (failure) break;
      }
      await Promise.all(inFlight);
    } finally {
      bar.done();
    }
    if (failure) {
      const reason = failure instanceof Error ? failure.message : String(failure);
      throw new Refusal(`恢复中途失败（${reason}）：目标库只恢复了一部分，排除问题后请用 --force 重新恢复`);
    }

    // 4. what the store now holds
    const after = await storeCounts(ctx);
    const wrong = COLLECTION_NAMES.filter((c) => after[c] !== found[c]);
    if (wrong.length) {
      ctx.out(`恢复后文档数不符：${wrong.map((c) => `${c} 应为 ${found[c]}、实为 ${after[c]}`).join('；')}`);
      return 1;
    }
    ctx.out(`已恢复 ${total} 个文档，各集合文档数与备份一致。建议接着运行 verify-audit 和 setup。`);
    return 0;
  },
});
