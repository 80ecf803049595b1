/** setup: collections, indexes, client permissions denied, default settings. Running it again changes nothing. */
import type { SchoolSettings, SettingsDoc } from '../../server/domain/types';
import { ConflictError } from '../../server/store/port';
import { SUMMARIZED_COLLECTIONS } from '../../server/store/summaries';
import { DEFAULT_SETTINGS, SETTINGS_ID, settingsChange } from '../../server/app/settings';
import { parse } from '../args';
import type { AdminContext } from '../command';
import { defineCommand, Refusal } from '../define';
import { ADMIN_ACTOR } from '../writes';
import { recountSummaries } from './recount';

const HELP = `用法：npm run admin -- setup

准备目标库（本地 SQLite 或云开发环境），可重复运行，已有的不动：
  1. 创建全部集合及其索引（server/store/port.ts 的 COLLECTION_NAMES、INDEXES）；
  2. 库中已有记录而尚无汇总计数（此前版本写下的库）时，按记录建立汇总（同 recount）；
  3. 把每个集合的客户端权限设为拒绝（云开发：「仅管理端可读写」；本地 SQLite 没有客户端，无需设置）；
  4. 写入学校设置的默认值（只补缺少的项，已有的值不改；写入记入审计日志）。
第二次运行时每一步都报告「无改动」。

示例：
  npm run admin -- setup
  TCB_ENV_ID=… TCB_SECRET_ID=… TCB_SECRET_KEY=… npm run admin -- setup`;

/** The default settings a store lacks: all of them for a new store, the keys added since for an older one. */
function missingDefaults(current: SettingsDoc | null): (keyof SchoolSettings)[] {
  const keys = Object.keys(DEFAULT_SETTINGS) as (keyof SchoolSettings)[];
  if (!current) return keys;
  return keys.filter((k) => current[k] === undefined);
}

async function writeDefaults(ctx: AdminContext): Promise<string> {
  const current = await ctx.store.get('settings', SETTINGS_ID);
  const missing = missingDefaults(current);
  if (missing.length === 0) return '学校设置：已完整，无改动';
  const { _id, version, createdAt, updatedAt, auditHead, ...kept } = current ?? {};
  const next: SchoolSettings = { ...DEFAULT_SETTINGS, ...kept };
  const change = settingsChange(current, next, ADMIN_ACTOR, ctx.clock().toISOString());
  if (!change) return '学校设置：已完整，无改动';
  try {
    await ctx.store.commit({ writes: [change.write], audit: [change.audit], outbox: [] });
  } catch (e) {
    if (e instanceof ConflictError) throw new Refusal('学校设置正被他人修改，请稍后重试');
    throw e;
  }
  return current
    ? `学校设置：补上缺少的默认项 ${missing.join('、')}`
    : `学校设置：写入默认值（学校名称「${next.schoolName}」、学校代码 ${next.schoolCode}、学院列表为空），请用 settings set 改成本校的值`;
}

/** Records but no summary: a store written before the adapters kept them, whose statistics would read 0. */
async function summariesMissing(ctx: AdminContext): Promise<boolean> {
  if ((await ctx.store.count('summaries')) > 0) return false;
  for (const collection of SUMMARIZED_COLLECTIONS) if ((await ctx.store.count(collection)) > 0) return true;
  return false;
}

export const setup = defineCommand({
  name: 'setup',
  summary: '创建集合和索引、拒绝客户端直接读写、写入默认学校设置（可重复运行）',
  help: HELP,
  async run(args, ctx) {
    parse(args, {}, { min: 0, max: 0 });
    const backend = ctx.backend;
    if (!backend) throw new Refusal('此上下文没有目标库的管理接口，setup 只能通过 npm run admin 运行');
    ctx.out(`目标库：${ctx.target}`);
    let changed = false;

    const made = await backend.provision();
    changed ||= made.collections.length > 0 || made.indexes.length > 0 || made.dropped.length > 0;
    ctx.out(made.collections.length ? `集合：新建 ${made.collections.length} 个：${made.collections.join('、')}` : '集合：已全部存在，无改动');
    ctx.out(made.indexes.length ? `索引：新建 ${made.indexes.length} 个：${made.indexes.join('、')}` : '索引：已全部存在，无改动');
    if (made.dropped.length) ctx.out(`索引：删除被新索引取代的旧索引 ${made.dropped.length} 个：${made.dropped.join('、')}`);

    if (await summariesMissing(ctx)) {
      ctx.out('汇总计数：库中已有记录而尚无汇总（此前版本写下的库），按记录建立：');
      await recountSummaries(ctx, false);
      changed = true;
    }

    const access = await backend.denyClientAccess();
    changed ||= access.changed.length > 0;
    ctx.out(
      access.changed.length
        ? `客户端权限：已把 ${access.changed.length} 个集合设为拒绝：${access.changed.join('、')}`
        : backend.kind === 'sqlite'
          ? '客户端权限：不适用'
          : '客户端权限：已全部为拒绝，无改动',
    );
    ctx.out(`  ${access.note}`);

    const settings = await writeDefaults(ctx);
    changed ||= !settings.endsWith('无改动');
    ctx.out(settings);

    ctx.out(changed ? 'setup 完成。' : 'setup 完成：一切已就绪，本次没有任何改动。');
    return 0;
  },
});
