/**
 * seal-content: the one-off step that brings a store written before audit entries sealed their record's content up
 * to date. It checks the store itself (SQLite's integrity check), then every chain; only when nothing but missing
 * seals is found does it give each such record one audited entry that seals it as it stands. Run again, it finds
 * nothing to do.
 */
import { auditId, type BrokenLink } from '../../server/domain/audit';
import type { Write } from '../../server/domain/decision';
import { sealExisting } from '../../server/domain/machine';
import type { AuditedRecord, Tracked } from '../../server/domain/types';
import { ConflictError } from '../../server/store/port';
import { COLLECTION, verifyAudit } from '../../server/app/verifyAudit';
import { parse } from '../args';
import type { AdminContext } from '../command';
import { defineCommand, Refusal } from '../define';
import { progress } from '../progress';
import { ADMIN_ACTOR } from '../writes';
import { describeLink } from './verifyAudit';

const HELP = `用法：npm run admin -- seal-content

一次性迁移：较早版本写下的审计条目没有记录内容的哈希，verify-audit 对这类记录报告「旧数据」。本命令：
  1. 先做存储自检（本地 SQLite：PRAGMA integrity_check；云开发由服务自行保证，跳过并说明）；
  2. 再校验全部审计链；除「缺少内容哈希」外有任何断开，就不做任何改动并列出断开之处；
  3. 为每条缺少内容哈希的记录追加一条审计条目（动作「补记记录内容哈希」，操作人 admin），
     记下记录当前的全部内容；记录的状态不变，版本加一。
可重复运行：第二次运行时没有需要补记的记录。请在无人办理业务的时段运行：
正在打开的页面会因版本变化提示「已被他人修改」，刷新即可。

示例：
  npm run admin -- seal-content
  npm run admin -- verify-audit`;

async function checkStorage(ctx: AdminContext): Promise<void> {
  const findings = ctx.backend ? await ctx.backend.integrityCheck() : null;
  if (findings === null) {
    ctx.out('存储自检：云开发数据库由服务自行保证一致，没有可运行的自检，跳过。');
    return;
  }
  if (findings.length === 1 && findings[0] === 'ok') {
    ctx.out('存储自检（PRAGMA integrity_check）：ok');
    return;
  }
  for (const line of findings.slice(0, 20)) ctx.out(`  ${line}`);
  throw new Refusal('存储自检没有通过：数据库文件已损坏，请先从备份恢复（npm run admin -- restore），再运行本命令');
}

/** Seals one record; false when someone changed it meanwhile (it is left for the next run). */
async function seal(ctx: AdminContext, link: BrokenLink): Promise<boolean> {
  const record = link.record as AuditedRecord;
  const collection = COLLECTION[record];
  const [current, entry] = await Promise.all([
    ctx.store.get(collection, link.recordId),
    ctx.store.get('audit', auditId(record, link.recordId, link.seq)),
  ]);
  if (!current || !entry || current.version !== link.seq) return false;
  const doc = current as Tracked & { state?: string };
  const sealed = sealExisting({ record, current: doc, label: doc.state ?? entry.to, actor: ADMIN_ACTOR, now: ctx.clock().toISOString() });
  const write = { collection, doc: sealed.doc, expectedVersion: current.version } as Write;
  try {
    await ctx.store.commit({ writes: [write], audit: [sealed.audit], outbox: [] });
    return true;
  } catch (e) {
    if (e instanceof ConflictError) return false;
    throw e;
  }
}

export const sealContent = defineCommand({
  name: 'seal-content',
  summary: '一次性迁移：存储自检后，为旧审计链补记记录内容的哈希（记入审计）',
  help: HELP,
  async run(args, ctx) {
    parse(args, {}, { min: 0, max: 0 });
    ctx.out(`目标库：${ctx.target}`);
    await checkStorage(ctx);
    const report = await verifyAudit(ctx.store);
    const unsealed = report.broken.filter((b) => b.problem === 'unsealed');
    const broken = report.broken.filter((b) => b.problem !== 'unsealed');
    ctx.out(`已检查 ${report.records} 条记录的审计链，其中 ${unsealed.length} 条缺少内容哈希。`);
    if (broken.length > 0) {
      for (const b of broken) ctx.out(`  ${describeLink(b)}`);
      throw new Refusal(`发现 ${broken.length} 处其他断开：补记会让改动过的记录看似完好，请先查明并处理这些记录`);
    }
    if (unsealed.length === 0) {
      ctx.out('没有需要补记的记录，无改动。');
      return 0;
    }
    const bar = progress(ctx, '补记内容哈希', unsealed.length);
    let done = 0;
    const skipped: BrokenLink[] = [];
    for (const link of unsealed) {
      if (await seal(ctx, link)) done += 1;
      else skipped.push(link);
      bar.add(1);
    }
    bar.done();
    ctx.out(`已为 ${done} 条记录补记内容哈希，每条一条审计条目。`);
    if (skipped.length > 0) {
      ctx.out(`${skipped.length} 条记录在迁移期间被修改，未补记；请再运行一次本命令：`);
      for (const b of skipped.slice(0, 20)) ctx.out(`  ${b.record}/${b.recordId}`);
      return 1;
    }
    return 0;
  },
});
