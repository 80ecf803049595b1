/** Who is calling, from the platform's openid: their binding, role and scope. */
import type { Role } from '../../typings';
import { refuse } from '../domain/errors';
import type { Actor, StudentDoc, UserDoc } from '../domain/types';
import type { Caller, Deps } from './deps';

export interface Bound {
  openid: string;
  user: UserDoc;
  actor: Actor;
}

export async function bound(deps: Deps, caller: Caller, roles: readonly Role[]): Promise<Bound> {
  if (!caller.openid) return refuse('UNAUTHENTICATED');
  const user = await deps.store.get('users', caller.openid);
  if (!user) return refuse('NOT_BOUND');
  if (!roles.includes(user.role)) return refuse('FORBIDDEN');
  return { openid: caller.openid, user, actor: { openid: caller.openid, role: user.role } };
}

/**
 * The binding and the roster entry bound to this WeChat, read side by side (one round trip's wait, where the entry
 * by its 学号 would wait for the binding): the entry must be the one the binding names and name this WeChat back.
 */
export async function boundStudent(deps: Deps, caller: Caller): Promise<Bound & { student: StudentDoc }> {
  const entries = caller.openid
    ? deps.store.query('students', { where: [{ field: 'openid', op: '==', value: caller.openid }], limit: 10 })
    : Promise.resolve({ items: [] as StudentDoc[] });
  entries.catch(() => undefined);
  const who = await bound(deps, caller, ['student']);
  const student = (await entries).items.find((s) => s._id === who.user.studentNo) ?? null;
  if (!student || student.openid !== caller.openid) return refuse('NOT_BOUND');
  return { ...who, student };
}

/** A reviewer acts within scope: a college reviewer on their own college's records only. */
export function inScope(who: Bound, collegeId: string): boolean {
  if (who.user.role === 'schoolReviewer') return true;
  return who.user.role === 'collegeReviewer' && who.user.collegeId === collegeId;
}
