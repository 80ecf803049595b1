/**
 * backup [--out file]: every document of every collection into one file (backupFile.ts). The documents are written
 * to a scratch file first and the header, with the counts actually written, goes in front of them at the end: the
 * header always describes the file, even when the store changed while it was read.
 */
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { CollectionName } from '../../server/domain/types';
import { COLLECTION_NAMES } from '../../server/store/port';
import { flag, parse, stringOption } from '../args';
import { BACKUP_FORMAT, BACKUP_VERSION, entryLine, headerLine, type BackupHeader } from '../backupFile';
import { defineCommand, Refusal } from '../define';
import { beijingStamp } from '../format';
import { pages } from '../paging';
import { progress } from '../progress';

const HELP = `用法：npm run admin -- backup [--out 文件] [--force]

把每个集合的全部文档备份到一个文件：JSON Lines，首行是头部（格式、时间、来源、各集合文档数），之后每行一个
文档 {"c": 集合, "d": 文档}。文件名以 .gz 结尾时用 gzip 压缩（默认如此）。数据分页读取。
备份不是某一瞬间的快照：备份期间仍有写入时，请在业务低峰进行，或先停止服务（本地：停止 npm start）。

选项：
  --out 文件   默认当前目录下的 backup-日期-时分.jsonl.gz，如 backup-2026-11-27-1530.jsonl.gz
  --force      输出文件已存在时覆盖它（默认拒绝覆盖）

示例：
  npm run admin -- backup
  npm run admin -- backup --out backups/2026-11-27.jsonl.gz
  TCB_ENV_ID=… TCB_SECRET_ID=… TCB_SECRET_KEY=… npm run admin -- backup --out cloud.jsonl.gz`;

async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
}

export const backup = defineCommand({
  name: 'backup',
  summary: '备份全部集合到一个 JSON Lines 文件（默认 gzip 压缩，头部记各集合文档数）',
  help: HELP,
  async run(args, ctx) {
    const p = parse(args, { out: { type: 'string' }, force: { type: 'boolean' } }, { min: 0, max: 0 });
    const now = ctx.clock();
    const out = stringOption(p, 'out') ?? `backup-${beijingStamp(now)}.jsonl.gz`;
    if (existsSync(out) && !flag(p, 'force')) throw new Refusal(`文件 ${out} 已存在；要覆盖请加 --force`);
    if (!existsSync(path.dirname(path.resolve(out)))) throw new Refusal(`目录 ${path.dirname(out)} 不存在`);
    ctx.out(`目标库：${ctx.target}`);

    let total = 0;
    for (const c of COLLECTION_NAMES) total += await ctx.store.count(c);
    const bar = progress(ctx, '备份', total);
    const body = `${out}.body.part`;
    const part = `${out}.part`;
    const counts = Object.fromEntries(COLLECTION_NAMES.map((c) => [c, 0])) as Record<CollectionName, number>;
    try {
      const sink = createWriteStream(body);
      const closed = new Promise<void>((resolve, reject) => {
        sink.once('close', () => resolve());
        sink.once('error', reject);
      });
      for (const c of COLLECTION_NAMES) {
        for await (const page of pages(ctx.store, c)) {
          for (const d of page) await write(sink, entryLine({ c, d }));
          counts[c] += page.length;
          bar.add(page.length);
        }
      }
      sink.end();
      await closed;
      const header: BackupHeader = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: now.toISOString(), source: ctx.target, counts };
      const whole = async function* (): AsyncGenerator<string | Buffer> {
        yield headerLine(header);
        yield* createReadStream(body);
      };
      if (out.endsWith('.gz')) await pipeline(whole, createGzip(), createWriteStream(part));
      else await pipeline(whole, createWriteStream(part));
      await rename(part, out);
    } finally {
      bar.done();
      await rm(body, { force: true });
      await rm(part, { force: true });
    }
    const written = COLLECTION_NAMES.filter((c) => counts[c] > 0).map((c) => `${c} ${counts[c]}`);
    const sum = COLLECTION_NAMES.reduce((n, c) => n + counts[c], 0);
    ctx.out(`已备份 ${sum} 个文档（${written.join('，') || '库是空的'}）→ ${path.resolve(out)}（${(await stat(out)).size} 字节）`);
    return 0;
  },
});
