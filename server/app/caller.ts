/** Who is calling, from the platform's openid: their binding, role and scope. */
import type { Role } from '../../typings';
import { isBound } from '../domain/binding';
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
  // a binding released by 解除绑定 binds no one
  if (!isBound(user)) return refuse('NOT_BOUND');
  if (user.studentNo) remember(deps, caller, { studentNo: user.studentNo });
  if (!roles.includes(user.role)) return refuse('FORBIDDEN');
  return { openid: caller.openid, user, actor: { openid: caller.openid, role: user.role } };
}

/**
 * A student this instance has seen: the 学号 the caller's binding named (and the 届 of the roster entry, once read).
 * Only a guess at where to read: every use is checked against the binding as read in the same call.
 */
export interface SeenStudent {
  studentNo: string;
  graduationYear?: number;
}

/**
 * Per store object, as the settings copy, and per function: a deployed instance runs one function, so a caller is
 * seen by the function it called before; where one process runs them all (the local runtime, the tests) they keep
 * apart all the same. A few thousand callers each, the oldest dropped first.
 */
const seen = new WeakMap<object, Map<string, SeenStudent>>();
const SEEN_MAX = 5_000;

const seenKey = (caller: Caller): string => `${caller.fn ?? ''}\u0000${caller.openid}`;

function remember(deps: Deps, caller: Caller, student: SeenStudent): void {
  const map = seen.get(deps.store) ?? new Map<string, SeenStudent>();
  seen.set(deps.store, map);
  const key = seenKey(caller);
  const before = map.get(key);
  map.delete(key);
  map.set(key, before?.studentNo === student.studentNo ? { ...before, ...student } : student);
  if (map.size > SEEN_MAX) map.delete(map.keys().next().value!);
}

/** The student this instance last saw bound to the caller's WeChat, in the function called, if any. */
export const seenStudent = (deps: Deps, caller: Caller): SeenStudent | undefined => seen.get(deps.store)?.get(seenKey(caller));

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
  remember(deps, caller, { studentNo: student.studentNo, graduationYear: student.graduationYear });
  return { ...who, student };
}

/**
 * boundStudent, and `also`'s reads on the student's 学号 (and 届, when known). When this instance has seen the
 * caller bound (`seenStudent`), they start beside the binding's reads, the roster entry read by that 学号: one wait
 * for all. They are used only if the binding read then names that 学号 and the entry names this WeChat back (what
 * boundStudent checks); otherwise, and for a caller not seen, `also` runs once the binding is known. `also` is handed
 * the 届 it guessed, so the caller can tell whether a read keyed by it needs doing again.
 */
export async function boundStudentAnd<T>(
  deps: Deps,
  caller: Caller,
  also: (student: SeenStudent) => Promise<T>,
): Promise<Bound & { student: StudentDoc; also: T; guessed: SeenStudent }> {
  const known = caller.openid ? seenStudent(deps, caller) : undefined;
  if (known) {
    const early = also(known);
    early.catch(() => undefined);
    const entry = deps.store.get('students', known.studentNo);
    entry.catch(() => undefined);
    const who = await bound(deps, caller, ['student']);
    const student = await entry;
    if (who.user.studentNo === known.studentNo && student && student.openid === caller.openid) {
      remember(deps, caller, { studentNo: student.studentNo, graduationYear: student.graduationYear });
      return { ...who, student, also: await early, guessed: known };
    }
  }
  const found = await boundStudent(deps, caller);
  const guessed = { studentNo: found.student.studentNo, graduationYear: found.student.graduationYear };
  return { ...found, also: await also(guessed), guessed };
}

/** A reviewer acts within scope: a college reviewer on their own college's records only. */
export function inScope(who: Bound, collegeId: string): boolean {
  if (who.user.role === 'schoolReviewer') return true;
  return who.user.role === 'collegeReviewer' && who.user.collegeId === collegeId;
}
