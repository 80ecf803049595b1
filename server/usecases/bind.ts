/**
 * bind: a WeChat user takes a role — student by roster, staff or HR by invite code, or a new employer by registering
 * — or releases the one they took by mistake (解除绑定).
 */
import type { BindEvent, BindResult } from '../../typings';
import type { CheckKind } from '../../typings';
import { bindStudent, inviteId, isBound, redeemInvite, registerEmployer, unbindUser, usccClaimId, type BindEnv } from '../domain/binding';
import { checkId } from '../domain/checkFields';
import { DomainError, refuse } from '../domain/errors';
import type { CheckDoc, InviteDoc, StudentDoc } from '../domain/types';
import { defineFunction } from '../app/function';
import type { Caller, Deps } from '../app/deps';
import { answered, mutate, requestOf, type ClientRequest } from '../app/mutate';
import { countAlone, counterIds, countTries, type Try } from '../app/rateLimit';
import { bindSchema } from '../app/schemas';
import { attach } from '../app/attachments';
import { loadSettings, settingsRead } from '../app/settings';

/**
 * Binding checks six digits of an ID number: bounded tries keep anyone from guessing them, per WeChat user and per
 * roster entry (a guesser with many accounts still meets the second limit).
 */
export const BIND_LIMITS = {
  perCaller: { name: 'bind', max: 10, windowMs: 3_600_000 },
  perStudent: { name: 'bindStudentNo', max: 20, windowMs: 3_600_000 },
  /**
   * 解除绑定, per WeChat user and day: enough to correct a mistake or two, too few for a loop of unbinding and binding
   * to hop between roster entries (each bind counts against the limits above as well).
   */
  unbind: { name: 'unbind', max: 5, windowMs: 86_400_000 },
} as const;

/** The limits a bind counts against: a student bind both, an invite its caller's, a registration none. */
const triesOf = (caller: Caller, event: BindEvent): Try[] => {
  if (event.action === 'student') return [{ limit: BIND_LIMITS.perCaller, who: caller.openid }, { limit: BIND_LIMITS.perStudent, who: event.studentNo }];
  if (event.action === 'invite') return [{ limit: BIND_LIMITS.perCaller, who: caller.openid }];
  return [];
};

/**
 * A student's or an invite's bind waits on the store twice: one read of everything it needs (whether its id was
 * answered, the caller's binding, the roster entry or invite, the rate-limit counters), then its commit, which counts
 * the try with the change.
 */
async function run(deps: Deps, caller: Caller, event: BindEvent): Promise<BindResult> {
  if (!caller.openid) return refuse('UNAUTHENTICATED');
  const request = requestOf(caller, event);
  if (event.action === 'registerEmployer') return register(deps, caller, request, event);
  if (event.action === 'unbind') return unbind(deps, caller, request);
  const tries = triesOf(caller, event);
  const load = async () => {
    const [existing, target, counters] = await Promise.all([
      deps.store.get('users', caller.openid),
      // an invite is stored under its hash, which also makes a lower-case retyping of a code the same code
      event.action === 'student' ? deps.store.get('students', event.studentNo) : deps.store.get('invites', inviteId(event.code)),
      deps.store.getMany('ratelimits', counterIds(tries)),
    ]);
    return { existing, target, counters };
  };
  let loaded: ReturnType<typeof load> | null = load();
  loaded.catch(() => undefined);
  // A retry is the same request, not another try: answered before the limits count it (mutate checks again). Another
  // request under a used id is refused here too, uncounted: it is no guess at an ID number.
  const first = await answered(deps, request);
  if (first) return first.result as BindResult;
  return mutate<BindResult>(deps, request, async () => {
    // the first plan on the reads made beside the request's; a plan again after a conflict reads afresh
    const { existing, target, counters } = await (loaded ?? load());
    loaded = null;
    const counts = countTries(tries, counters, deps.clock());
    const env: BindEnv = { openid: caller.openid, now: deps.clock().toISOString(), newId: deps.newId };
    let decided: ReturnType<typeof bindStudent>;
    try {
      decided =
        event.action === 'student'
          ? bindStudent({ env, existing, student: target as StudentDoc | null, name: event.name, idLast6: event.idLast6 })
          : redeemInvite({ env, existing, invite: target as InviteDoc | null });
    } catch (e) {
      // a refused try is a try: counted alone, since the refusal commits nothing
      if (e instanceof DomainError) await countAlone(deps, tries, counts);
      throw e;
    }
    const { result, ...commit } = decided;
    return { commit: { ...commit, writes: [...commit.writes, ...counts] }, result };
  });
}

const CHECK_KINDS: readonly CheckKind[] = ['source', 'employment'];

/**
 * 解除绑定: counted like a bind (a refused one too), answered again on retry. Two reads before the commit: the binding
 * and the counter, then for a student the roster entry and both checks, which decide whether it may be released.
 */
async function unbind(deps: Deps, caller: Caller, request: ClientRequest): Promise<BindResult> {
  const tries: Try[] = [{ limit: BIND_LIMITS.unbind, who: caller.openid }];
  const first = await answered(deps, request);
  if (first) return first.result as BindResult;
  return mutate<BindResult>(deps, request, async () => {
    const [existing, counters] = await Promise.all([deps.store.get('users', caller.openid), deps.store.getMany('ratelimits', counterIds(tries))]);
    const studentNo = isBound(existing) && existing.role === 'student' ? existing.studentNo : undefined;
    const [student, ...checks] = studentNo
      ? await Promise.all([deps.store.get('students', studentNo), ...CHECK_KINDS.map((k) => deps.store.get('checks', checkId(k, studentNo)))])
      : [null];
    const counts = countTries(tries, counters, deps.clock());
    const env: BindEnv = { openid: caller.openid, now: deps.clock().toISOString(), newId: deps.newId };
    const submittedChecks = (checks as (CheckDoc | null)[]).filter((c) => c?.state === 'submitted').map((c) => c!.kind);
    let decided: ReturnType<typeof unbindUser>;
    try {
      decided = unbindUser({ env, existing, student: student as StudentDoc | null, submittedChecks });
    } catch (e) {
      if (e instanceof DomainError) await countAlone(deps, tries, counts);
      throw e;
    }
    const { result, ...commit } = decided;
    return { commit: { ...commit, writes: [...commit.writes, ...counts] }, result };
  });
}

/** A new employer's registration: not rate-limited (it guesses nothing), its retry answered by mutate. */
async function register(deps: Deps, caller: Caller, request: ClientRequest, event: Extract<BindEvent, { action: 'registerEmployer' }>): Promise<BindResult> {
  return mutate<BindResult>(deps, request, async () => {
    const env: BindEnv = { openid: caller.openid, now: deps.clock().toISOString(), newId: deps.newId };
    // The claim first: a registration committed after this read bumps it, so this commit conflicts; one committed
    // before it is in the list read next. Read together, the claim could already count a unit the list does not show
    // yet. The caller's binding beside the claim.
    const [existing, usccClaim, settings] = await Promise.all([
      deps.store.get('users', caller.openid),
      deps.store.get('counters', usccClaimId(event.employer.uscc)),
      // fresh, not the instance's copy: a stale copy could refuse a registration the school no longer asks more of
      loadSettings(deps.store),
    ]);
    const [same, boundEmployer] = await Promise.all([
      deps.store.query('employers', { where: [{ field: 'uscc', op: '==', value: event.employer.uscc }], limit: 100 }),
      existing?.employerId ? deps.store.get('employers', existing.employerId) : Promise.resolve(null),
    ]);
    // the files by their bytes (the caller's own, JPG, PNG or PDF, at most 10 MB), hashed for the audit entry
    const [licence, authorization] = await Promise.all([
      attach(deps, caller, event.licenceFiles, { path: 'licenceFiles', label: '营业执照' }),
      attach(deps, caller, event.authorizationFiles ?? [], { path: 'authorizationFiles', label: '授权书或在职证明' }),
    ]);
    const { result, ...commit } = registerEmployer({
      env,
      existing,
      sameUscc: same.items,
      usccClaim,
      boundEmployer,
      employer: event.employer,
      files: { licence, authorization },
      requireHrAuthorization: settings.requireHrAuthorization,
    });
    // decided on the school's requirement as read: a change to it meanwhile makes the commit conflict and re-plan
    return { commit: { ...commit, reads: [settingsRead(settings)] }, result };
  });
}

export const bind = defineFunction({ name: 'bind', schema: bindSchema, run });
