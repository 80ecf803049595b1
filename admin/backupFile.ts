/**
 * The backup file: JSON lines, gzip-compressed when the name ends in .gz. The first line is a header carrying the
 * count of documents per collection; every other line is one document `{"c": collection, "d": document}`, in
 * collection order and by id. Restore reads the counts to check that the file is whole and that the store
 * received all of it.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import * as v from 'valibot';
import type { CollectionName, Collections } from '../server/domain/types';
import { COLLECTION_NAMES } from '../server/store/port';
import { Refusal } from './define';

export const BACKUP_FORMAT = 'wangqian-sanfang-backup';
export const BACKUP_VERSION = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  createdAt: string;
  /** the store it was taken from, as the command line showed it */
  source: string;
  counts: Record<CollectionName, number>;
}

export interface BackupEntry {
  c: CollectionName;
  d: Collections[CollectionName];
}

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

const headerSchema = v.object(
  {
  format: v.literal(BACKUP_FORMAT, '不是本系统的备份文件'),
  version: v.literal(BACKUP_VERSION, `备份格式版本不受支持（本程序读取第 ${BACKUP_VERSION} 版）`),
  createdAt: v.string(),
  source: v.string(),
  counts: v.object(Object.fromEntries(COLLECTION_NAMES.map((c) => [c, count])) as Record<CollectionName, typeof count>, '头部缺少各集合的文档数'),
  },
  '不是本系统的备份文件（首行不是备份头部）',
);

// a missing key is reported with its object's message
const entrySchema = v.object(
  {
    c: v.picklist(COLLECTION_NAMES, '集合名不是本系统的集合'),
    d: v.looseObject(
      {
        _id: v.pipe(v.string('文档的 _id 应为文字'), v.nonEmpty('文档的 _id 不能为空')),
        version: v.pipe(v.number('文档的 version 应为数字'), v.integer('文档的 version 应为整数'), v.minValue(1, '文档的 version 应不小于 1')),
      },
      '每个文档应有 _id 和 version',
    ),
  },
  '每行应为 {"c": 集合名, "d": 文档}',
);

export const headerLine = (header: BackupHeader): string => `${JSON.stringify(header)}\n`;
export const entryLine = (entry: BackupEntry): string => `${JSON.stringify(entry)}\n`;

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

const problem = (n: number, issues: readonly v.BaseIssue<unknown>[]): string => {
  const issue = issues[0];
  const where = issue ? v.getDotPath(issue) : null;
  return `备份文件第 ${n} 行不合格：${issue?.message ?? '格式不正确'}${where ? `（${where}）` : ''}`;
};

/** The header, then every entry with its line number; a malformed line is a refusal naming it. */
export async function readBackup(
  file: string,
): Promise<{ header: BackupHeader; entries: () => AsyncGenerator<BackupEntry & { line: number }> }> {
  const gz = await isGzip(file);
  const lines = async function* (): AsyncGenerator<[number, string]> {
    const raw = createReadStream(file);
    const unzip = gz ? createGunzip() : undefined;
    // pipeline listens for errors on every stage, so a cut-off file that fails after the reader stopped listening
    // (the header pass stops at line 1) is not an uncaught error; while reading, the reader still sees it
    const input = unzip ? pipeline(raw, unzip, () => undefined) : raw;
    const reader = createInterface({ input, crlfDelay: Infinity });
    let n = 0;
    try {
      for await (const line of reader) {
        n += 1;
        if (line.trim() !== '') yield [n, line];
      }
    } catch (e) {
      throw new Refusal(`无法读取备份文件 ${file}：${e instanceof Error ? e.message : String(e)}`);
    } finally {
      reader.close();
      unzip?.destroy();
      raw.destroy();
    }
  };
  const json = (n: number, line: string): unknown => {
    try {
      return JSON.parse(line);
    } catch {
      throw new Refusal(`备份文件第 ${n} 行不是有效的 JSON`);
    }
  };
  let header: BackupHeader | undefined;
  for await (const [n, line] of lines()) {
    const parsed = v.safeParse(headerSchema, json(n, line));
    if (!parsed.success) throw new Refusal(problem(n, parsed.issues));
    header = parsed.output as BackupHeader;
    break;
  }
  if (!header) throw new Refusal(`备份文件 ${file} 是空的`);
  const entries = async function* (): AsyncGenerator<BackupEntry & { line: number }> {
    let first = true;
    for await (const [n, line] of lines()) {
      if (first) {
        first = false;
        continue;
      }
      const parsed = v.safeParse(entrySchema, json(n, line));
      if (!parsed.success) throw new Refusal(problem(n, parsed.issues));
      yield { c: parsed.output.c, d: parsed.output.d as unknown as Collections[CollectionName], line: n };
    }
  };
  return { header, entries };
}
