/**
 * Argument parsing for commands: node:util parseArgs, strict, with its English errors turned into Chinese usage
 * errors. Each command names its options, so an unknown or misspelt one is refused instead of ignored.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './define';

export type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

function quoted(message: string): string {
  return /'(-[^' ]+)/.exec(message)?.[1] ?? '';
}

export function parse(args: string[], options: OptionSpec, positionals: { min: number; max: number }): Parsed {
  let parsed: Parsed;
  try {
    const result = parseArgs({ args, options, allowPositionals: true, strict: true });
    parsed = { values: result.values as Parsed['values'], positionals: result.positionals };
  } catch (e) {
    const code = (e as { code?: string }).code;
    const message = e instanceof Error ? e.message : String(e);
    const option = quoted(message);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`未知选项 ${option}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError(/argument missing/.test(message) ? `选项 ${option} 后面需要一个值` : `选项 ${option} 不带值`);
    }
    throw new UsageError(message);
  }
  const n = parsed.positionals.length;
  if (n < positionals.min) throw new UsageError('缺少参数');
  if (n > positionals.max) throw new UsageError(`多余的参数：${parsed.positionals.slice(positionals.max).join(' ')}`);
  return parsed;
}

export const stringOption = (p: Parsed, name: string): string | undefined => {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
};

export const flag = (p: Parsed, name: string): boolean => p.values[name] === true;

/** A whole number within bounds, or the default when the option is absent. */
export function intOption(p: Parsed, name: string, bounds: { min: number; max: number; fallback: number }): number {
  const raw = stringOption(p, name);
  if (raw === undefined) return bounds.fallback;
  const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < bounds.min || n > bounds.max) {
    throw new UsageError(`--${name} 应为 ${bounds.min} 到 ${bounds.max} 之间的整数，收到「${raw}」`);
  }
  return n;
}

export const wantsHelp = (args: readonly string[]): boolean => args.includes('--help') || args.includes('-h');
