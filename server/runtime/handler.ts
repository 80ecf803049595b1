/**
 * The one shape every function has: parse the event, run one use case as the platform's caller, and answer
 * `{ ok: true, data }` or `{ ok: false, code, message }` in Chinese. No stack trace leaves the server.
 */
import * as v from 'valibot';
import { ERROR_MESSAGES, type FieldIssue, type Result } from '../../typings';
import { DomainError } from '../domain/errors';
import type { Deps, PlatformCaller } from '../app/deps';
import type { FunctionDef } from '../app/function';

/**
 * The schemas word what a form fills in; what no form sends wrong (a key left out, a value of another type) would
 * otherwise carry valibot's English. Such an issue is marked while parsing and worded here, where its whole path is
 * known: every refusal stays Chinese and names the field.
 */
const UNWORDED = '\u0000unworded';
const worded = (message: string, path: string): string =>
  message !== UNWORDED ? message : path ? `提交的信息有误（${path}），请检查后重试` : ERROR_MESSAGES.INVALID_INPUT;

function issuesOf(issues: readonly v.BaseIssue<unknown>[]): FieldIssue[] {
  return issues.map((issue) => {
    const path = v.getDotPath(issue) ?? '';
    return { path, message: worded(issue.message, path) };
  });
}

export async function invoke<E, R>(
  def: FunctionDef<E, R>,
  deps: Deps,
  platform: PlatformCaller,
  rawEvent: unknown,
): Promise<Result<R>> {
  const parsed = v.safeParse(def.schema, rawEvent ?? {}, { message: UNWORDED });
  if (!parsed.success) {
    const issues = issuesOf(parsed.issues);
    return { ok: false, code: 'INVALID_INPUT', message: issues[0]?.message ?? ERROR_MESSAGES.INVALID_INPUT, issues };
  }
  try {
    return { ok: true, data: await def.run(deps, { ...platform, fn: def.name }, parsed.output) };
  } catch (e) {
    if (e instanceof DomainError) {
      return { ok: false, code: e.code, message: e.message, ...(e.issues ? { issues: e.issues } : {}) };
    }
    console.error(`[${def.name}]`, e);
    return { ok: false, code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL };
  }
}
