/** bind: a WeChat user takes a role — student by roster, staff or HR by invite code, or a new employer by registering. */
import type { BindEvent, BindResult } from '../../typings';
import { bindStudent, inviteId, redeemInvite, registerEmployer, usccClaimId, type BindEnv } from '../domain/binding';
import { refuse } from '../domain/errors';
import { defineFunction } from '../app/function';
import type { Caller, Deps } from '../app/deps';
import { answered, mutate, requestOf } from '../app/mutate';
import { throttle } from '../app/rateLimit';
import { bindSchema } from '../app/schemas';

/**
 * Binding checks six digits of an ID number: bounded tries keep anyone from guessing them, per WeChat user and per
 * roster entry (a guesser with many accounts still meets the second limit).
 */
export const BIND_LIMITS = {
  perCaller: { name: 'bind', max: 10, windowMs: 3_600_000 },
  perStudent: { name: 'bindStudentNo', max: 20, windowMs: 3_600_000 },
} as const;

async function run(deps: Deps, caller: Caller, event: BindEvent): Promise<BindResult> {
  if (!caller.openid) return refuse('UNAUTHENTICATED');
  // A retry is the same request, not another try: answered before the limits count it (mutate checks again). Another
  // request under a used id is refused here too, uncounted: it is no guess at an ID number.
  const request = requestOf(caller, event);
  const first = await answered(deps, request);
  if (first) return first.result as BindResult;
  if (event.action === 'student' || event.action === 'invite') await throttle(deps, caller.openid, BIND_LIMITS.perCaller);
  if (event.action === 'student') await throttle(deps, event.studentNo, BIND_LIMITS.perStudent);
  return mutate<BindResult>(deps, request, async () => {
    const existing = await deps.store.get('users', caller.openid);
    const env: BindEnv = { openid: caller.openid, now: deps.clock().toISOString(), newId: deps.newId };
    const decide = async () => {
      switch (event.action) {
        case 'student': {
          const student = await deps.store.get('students', event.studentNo);
          return bindStudent({ env, existing, student, name: event.name, idLast6: event.idLast6 });
        }
        case 'invite': {
          // stored under its hash, which also makes a lower-case retyping of a code the same code
          const invite = await deps.store.get('invites', inviteId(event.code));
          return redeemInvite({ env, existing, invite });
        }
        case 'registerEmployer': {
          // The claim first: a registration committed after this read bumps it, so this commit conflicts; one
          // committed before it is in the list read next. Read together, the claim could already count a unit the
          // list does not show yet.
          const usccClaim = await deps.store.get('counters', usccClaimId(event.employer.uscc));
          const same = await deps.store.query('employers', { where: [{ field: 'uscc', op: '==', value: event.employer.uscc }], limit: 100 });
          const boundEmployer = existing?.employerId ? await deps.store.get('employers', existing.employerId) : null;
          return registerEmployer({ env, existing, sameUscc: same.items, usccClaim, boundEmployer, employer: event.employer });
        }
      }
    };
    const { result, ...commit } = await decide();
    return { commit, result };
  });
}

export const bind = defineFunction({ name: 'bind', schema: bindSchema, run });
