/**
 * The one shape every function has: parse the event, run one use case as the platform's caller, and answer
 * `{ ok: true, data }` or `{ ok: false, code, message }` in Chinese. No stack trace leaves the server.
 */
import * as v from 'valibot';
import { ERROR_MESSAGES, type FieldIssue, type Result } from '../../typings';
import { DomainError } from '../domain/errors';
import type { Deps, PlatformCaller } from '../app/deps';
import type { FunctionDef } from '../app/function';

function issuesOf(issues: readonly v.BaseIssue<unknown>[]): FieldIssue[] {
  return issues.map((issue) => ({ path: v.getDotPath(issue) ?? '', message: issue.message }));
}

export async function invoke<E, R>(
  def: FunctionDef<E, R>,
  deps: Deps,
  platform: PlatformCaller,
  rawEvent: unknown,
): Promise<Result<R>> {
  const parsed = v.safeParse(def.schema, rawEvent ?? {});
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
