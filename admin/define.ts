/**
 * How a command fails: a usage error (exit 2: the command line itself is wrong) or a refusal (exit 1: the request
 * is understood but cannot be carried out; nothing was changed). Commands throw these; defineCommand turns them
 * into the exit code and a Chinese line, so that `run` always resolves to a code, also when a test calls it.
 */
import type { AdminCommand, AdminContext } from './command';

export class UsageError extends Error {
  override name = 'UsageError';
}

export class Refusal extends Error {
  override name = 'Refusal';
}

export interface CommandDef {
  name: string;
  summary: string;
  help: string;
  /** resolves to 0, or to 1 when the command found a problem it reported itself (verify-audit) */
  run(args: string[], ctx: AdminContext): Promise<0 | 1>;
}

export function defineCommand(def: CommandDef): AdminCommand {
  return {
    name: def.name,
    summary: def.summary,
    help: def.help,
    async run(args, ctx) {
      try {
        return await def.run(args, ctx);
      } catch (e) {
        if (e instanceof UsageError) {
          ctx.out(`用法错误：${e.message}`);
          ctx.out(`查看用法：npm run admin -- ${def.name} --help`);
          return 2;
        }
        if (e instanceof Refusal) {
          ctx.out(`未执行：${e.message}`);
          return 1;
        }
        throw e;
      }
    },
  };
}
