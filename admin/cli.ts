/**
 * `npm run admin -- <command> [args]`: the school's administration command line. It parses only the command name:
 * `--help` is answered without opening any store; otherwise the target store is opened (target.ts), the command runs,
 * and its code is the exit code: 0 done, 1 refused (nothing changed) or problems found, 2 usage error.
 */
import { randomId } from '../server/runtime/ids';
import type { AdminContext } from './command';
import { commands, CREATES_STORE, findCommand } from './commands';
import { Refusal, UsageError } from './define';
import { wantsHelp } from './args';
import { CREDENTIALS, openTarget, targetKind, type Target } from './target';

export function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    '网签三方协议 管理命令行',
    '',
    '用法：npm run admin -- <命令> [参数]',
    '      npm run admin -- <命令> --help     查看某个命令的用法和示例',
    '',
    '命令：',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    '目标库：默认是本地 SQLite 库（与 npm start 相同：DATA_DIR，默认 .data，文件 store.sqlite）；',
    `设置了 ${CREDENTIALS.join('、')} 三个环境变量时，改为操作该云开发环境。`,
    '退出码：0 完成；1 拒绝执行（未做改动）或发现问题；2 用法错误。',
  ].join('\n');
}

/** The context a command runs in, around an open target. */
export function adminContext(
  target: Target,
  io: { out: (line: string) => void; interactive: boolean; clock?: () => Date },
): AdminContext {
  return {
    store: target.store,
    files: target.files,
    target: target.label,
    backend: target.backend,
    clock: io.clock ?? (() => new Date()),
    newId: randomId,
    out: io.out,
    interactive: io.interactive,
  };
}

export interface CliIo {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
  interactive: boolean;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' && args[0] ? findCommand(args[0]) : undefined;
    io.out(topic ? topic.help : overview());
    return 0;
  }
  const command = findCommand(name);
  if (!command) {
    io.err(`用法错误：没有命令「${name}」。可用命令：${commands.map((c) => c.name).join('、')}`);
    io.err('查看用法：npm run admin -- --help');
    return 2;
  }
  if (wantsHelp(args)) {
    io.out(command.help);
    return 0;
  }
  let target: Target;
  try {
    targetKind(io.env);
    target = await openTarget(io.env, { create: CREATES_STORE.has(command.name) });
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`用法错误：${e.message}`);
      return 2;
    }
    if (e instanceof Refusal) {
      io.err(`未执行：${e.message}`);
      return 1;
    }
    throw e;
  }
  try {
    return await command.run(args, adminContext(target, io));
  } catch (e) {
    // a command's own refusals are answered inside it; this is a failure of the store or the file system
    io.err(`出错：${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await target.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2), {
    env: process.env,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    interactive: Boolean(process.stdout.isTTY),
  }).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`出错：${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
