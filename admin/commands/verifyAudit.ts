/** verify-audit: every audit chain checked (server/app/verifyAudit); exit 1 when any link is broken. */
import type { ChainProblem } from '../../server/domain/audit';
import { verifyAudit as verifyAll } from '../../server/app/verifyAudit';
import { parse } from '../args';
import { defineCommand } from '../define';

const PROBLEMS: Record<ChainProblem, string> = {
  hash: '条目内容与其哈希不符（条目被改动）',
  prevHash: '条目没有接上前一条（条目被删除、插入或替换）',
  seq: '条目序号不连续（条目缺失或多出）',
  head: '记录的 auditHead 不是链上最后一条的哈希',
  record: '记录本身与审计链不符（版本或状态不是最后一条留下的，或记录没有任何审计条目）',
};

const RECORDS: Record<string, string> = {
  check: '核查/核验',
  offer: '邀约',
  agreement: '三方协议',
  termination: '解约申请',
  employer: '用人单位',
  user: '用户绑定',
  student: '学生名单',
  settings: '学校设置',
  invite: '邀请码',
};

const HELP = `用法：npm run admin -- verify-audit

检查审计日志的每一条哈希链：每条的哈希、与前一条的衔接、序号，以及每条记录的版本、状态和 auditHead
与其链上最后一条一致，且每条需要审计的记录都有审计链。逐条列出断开的链；有任何断开时退出码为 1。
只读，不改动任何数据。

示例：
  npm run admin -- verify-audit`;

export const verifyAudit = defineCommand({
  name: 'verify-audit',
  summary: '校验全部审计哈希链，列出断开之处（有断开时退出码 1）',
  help: HELP,
  async run(args, ctx) {
    parse(args, {}, { min: 0, max: 0 });
    ctx.out(`目标库：${ctx.target}`);
    const report = await verifyAll(ctx.store);
    ctx.out(`已检查 ${report.records} 条记录的审计链，共 ${report.entries} 条审计条目。`);
    if (report.broken.length === 0) {
      ctx.out('审计链完整：没有发现断开。');
      return 0;
    }
    ctx.out(`发现 ${report.broken.length} 处断开：`);
    for (const b of report.broken) {
      const at = b.seq > 0 ? `第 ${b.seq} 条` : '无审计条目';
      ctx.out(`  ${RECORDS[b.record] ?? b.record} ${b.record}/${b.recordId}，${at}：${PROBLEMS[b.problem]}`);
    }
    return 1;
  },
});
