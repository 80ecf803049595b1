/**
 * The one shape every function has: parse the event, run one use case as the platform's caller, and answer
 * `{ ok: true, data }` or `{ ok: false, code, message }` in Chinese. No stack trace leaves the server.
 */
import * as v from 'valibot';
import { ERROR_MESSAGES, type ErrorCode, type FieldIssue, type Result } from '../../typings';
import { DomainError } from '../domain/errors';
import { fieldAt, labelOf, missingCodeOf } from '../app/schemas';
import type { Deps, PlatformCaller } from '../app/deps';
import type { FunctionDef } from '../app/function';

/**
 * The schemas word what a form fills in; what no form sends wrong (a key left out, a value of another type) would
 * otherwise carry valibot's English. Such an issue is marked while parsing and worded here, where its whole path is
 * known, with the Chinese name the schema gives the field: every refusal stays Chinese and names the field.
 */
const UNWORDED = '\u0000unworded';

interface Worded extends FieldIssue {
  /** a domain refusal this issue is (a missing 拒绝 reason is REASON_REQUIRED), else INVALID_INPUT */
  code?: ErrorCode;
}

function word(schema: unknown, issue: v.BaseIssue<unknown>): Worded {
  const path = v.getDotPath(issue) ?? '';
  if (issue.message !== UNWORDED) return { path, message: issue.message };
  const field = fieldAt(schema, issue.path ?? []);
  const label = labelOf(field);
  if (!label) return { path, message: path ? `提交的信息有误（${path}），请检查后重试` : ERROR_MESSAGES.INVALID_INPUT };
  // a key left out: the object reports it, with the key as its last step and nothing as the input
  const missing = issue.kind === 'schema' && issue.input === undefined && issue.path?.at(-1)?.origin === 'key' && issue.type.endsWith('object');
  if (!missing) return { path, message: `${label}格式不正确` };
  const code = missingCodeOf(field);
  return code ? { path, message: ERROR_MESSAGES[code], code } : { path, message: `缺少${label}` };
}

/**
 * The event's own fields first, the request id last: a client that sends a bad id and a bad field should learn about
 * the field it can see on its form, not only about the id.
 */
const rank = (issue: Worded): number => (issue.path === 'requestId' ? 1 : 0);

function refusalOf(schema: unknown, issues: readonly v.BaseIssue<unknown>[]): { code: ErrorCode; message: string; issues: FieldIssue[] } {
  const worded = issues.map((issue) => word(schema, issue)).sort((a, b) => rank(a) - rank(b));
  const first = worded[0];
  return {
    code: first?.code ?? 'INVALID_INPUT',
    message: first?.message ?? ERROR_MESSAGES.INVALID_INPUT,
    issues: worded.map(({ path, message }) => ({ path, message })),
  };
}

export async function invoke<E, R>(
  def: FunctionDef<E, R>,
  deps: Deps,
  platform: PlatformCaller,
  rawEvent: unknown,
): Promise<Result<R>> {
  const parsed = v.safeParse(def.schema, rawEvent ?? {}, { message: UNWORDED });
  if (!parsed.success) return { ok: false, ...refusalOf(def.schema, parsed.issues) };
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
