/** bind: a WeChat user takes a role — student by roster, staff or HR by invite code, or a new employer by registering. */
import type { BindEvent, BindResult } from '../../typings';
import { bindStudent, redeemInvite, registerEmployer, usccClaimId, type BindEnv } from '../domain/binding';
import { refuse } from '../domain/errors';
import { defineFunction } from '../runtime/handler';
import type { Caller, Deps } from '../usecases/deps';
import { mutate } from '../usecases/execute';
import { bindSchema } from '../usecases/schemas';

async function run(deps: Deps, caller: Caller, event: BindEvent): Promise<BindResult> {
  if (!caller.openid) return refuse('UNAUTHENTICATED');
  return mutate<BindResult>(deps, caller, event.requestId, async () => {
    const existing = await deps.store.get('users', caller.openid);
    const env: BindEnv = { openid: caller.openid, now: deps.clock().toISOString(), newId: deps.newId };
    const decide = async () => {
      switch (event.action) {
        case 'student': {
          const student = await deps.store.get('students', event.studentNo);
          return bindStudent({ env, existing, student, name: event.name, idLast6: event.idLast6 });
        }
        case 'invite': {
          // Codes are handed over by voice and chat; a lower-case retyping of an upper-case code is the same code.
          const invite = (await deps.store.get('invites', event.code)) ?? (await deps.store.get('invites', event.code.toUpperCase()));
          return redeemInvite({ env, existing, invite });
        }
        case 'registerEmployer': {
          const [same, usccClaim] = await Promise.all([
            deps.store.query('employers', { where: [{ field: 'uscc', op: '==', value: event.employer.uscc }], limit: 100 }),
            deps.store.get('counters', usccClaimId(event.employer.uscc)),
          ]);
          return registerEmployer({ env, existing, sameUscc: same.items, usccClaim, employer: event.employer });
        }
      }
    };
    const { result, ...commit } = await decide();
    return { commit, result };
  });
}

export const bind = defineFunction({ name: 'bind', schema: bindSchema, run });
