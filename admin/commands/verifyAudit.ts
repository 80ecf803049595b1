/** verify-audit: every audit chain checked (server/app/verifyAudit); exit 1 when any link is broken. */
import type { BrokenLink, ChainProblem } from '../../server/domain/audit';
import { verifyAudit as verifyAll } from '../../server/app/verifyAudit';
import { flag, parse } from '../args';
import { defineCommand } from '../define';

const PROBLEMS: Record<ChainProblem, string> = {
  hash: '条目内容与其哈希不符（条目被改动）',
  prevHash: '条目没有接上前一条（条目被删除、插入或替换）',
  seq: '条目序号不连续（条目缺失或多出）',
  head: '记录的 auditHead 不是链上最后一条的哈希',
  record: '记录本身与审计链不符（版本或状态不是最后一条留下的，或记录没有任何审计条目）',
  content: '记录内容与最后一条审计条目记下的哈希不符（记录在日志之外被改动）',
  unsealed: '最后一条审计条目没有记录内容的哈希（旧数据）：请运行 npm run admin -- seal-content',
  file: '附件缺失，或文件内容与审计条目记下的 SHA-256 不符',
  missing: '记录已不在库中，只剩审计链（记录被删除）',
};

export const RECORDS: Record<string, string> = {
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

/** What a broken link adds to its problem: the fields that changed, or the file. */
function detail(b: BrokenLink): string {
  if (b.problem === 'content') {
    const fields = (b.fields ?? []).filter((f) => f !== '*');
    const parts = [
      ...(fields.length ? [`改动的字段：${fields.join('、')}`] : []),
      ...(b.removedFields ? [`删除了 ${b.removedFields} 个字段`] : []),
    ];
    return parts.length ? `；${parts.join('；')}` : '';
  }
  return b.fileId ? `：${b.fileId}` : '';
}

export const describeLink = (b: BrokenLink): string =>
  `${RECORDS[b.record] ?? b.record} ${b.record}/${b.recordId}，${b.seq > 0 ? `第 ${b.seq} 条` : '无审计条目'}：${PROBLEMS[b.problem]}${detail(b)}`;

const HELP = `用法：npm run admin -- verify-audit [--skip-files]

检查审计日志的每一条哈希链：每条的哈希、与前一条的衔接、序号；每条记录的版本、状态和 auditHead
与其链上最后一条一致，记录的全部内容与最后一条记下的内容哈希一致（不一致时列出改动的字段）；
每条需要审计的记录都有审计链；并重新读取审计条目附带的每个文件，核对其 SHA-256。
逐条列出断开之处；有任何断开时退出码为 1。只读，不改动任何数据。

选项：
  --skip-files   不读取附件（附件很多、只想先查链时）

示例：
  npm run admin -- verify-audit`;

export const verifyAudit = defineCommand({
  name: 'verify-audit',
  summary: '校验全部审计哈希链、记录内容与附件，列出断开之处（有断开时退出码 1）',
  help: HELP,
  async run(args, ctx) {
    const parsed = parse(args, { 'skip-files': { type: 'boolean' } }, { min: 0, max: 0 });
    ctx.out(`目标库：${ctx.target}`);
    const files = flag(parsed, 'skip-files') ? undefined : ctx.files;
    const report = await verifyAll(ctx.store, files ? { files } : {});
    ctx.out(`已检查 ${report.records} 条记录的审计链，共 ${report.entries} 条审计条目。`);
    ctx.out(files ? `已重新核对 ${report.files} 个附件的 SHA-256。` : '未读取附件（--skip-files）。');
    if (report.broken.length === 0) {
      ctx.out('审计链完整：没有发现断开。');
      return 0;
    }
    ctx.out(`发现 ${report.broken.length} 处断开：`);
    for (const b of report.broken) ctx.out(`  ${describeLink(b)}`);
    return 1;
  },
});
