/**
 * verifyAgreement: 协议核验, open to anyone (the 核验 page needs no binding; from the web the openid may be empty).
 * Says whether a number is a signed or terminated agreement and whether a printed code matches it; nothing else.
 *
 * Rate-limited so that numbers cannot be walked through quickly: 30 lookups a minute per caller (the WeChat user;
 * without an openid, the client's network address as the platform saw it), and 600 a minute for all callers
 * together, the ceiling spread over 8 counters so that concurrent lookups seldom wait on each other.
 */
import type { VerifyAgreementEvent, VerifyResult } from '../../typings';
import { clientKey, type Ceiling, type Limit } from '../domain/rateLimit';
import { verifyAnswer } from '../domain/verification';
import { defineFunction } from '../app/function';
import type { Caller, Deps, PlatformCaller } from '../app/deps';
import { verifyAgreementSchema } from '../app/documentSchemas';
import { throttle } from '../app/rateLimit';
import { loadSettings } from '../app/settings';

export const VERIFY_LIMIT: Limit = { name: 'verify', max: 30, windowMs: 60_000 };
/** A school's checkers need a few lookups a minute; 600 is far above that and still bounds a crowd of addresses. */
export const VERIFY_CEILING: Ceiling = { name: 'verifyAll', max: 600, windowMs: 60_000, shards: 8 };

/**
 * Whose budget a lookup spends: the WeChat user's; without an openid, the client address's; without either, the
 * budget of all such callers together (they cannot be told apart).
 */
export const verifierOf = (caller: PlatformCaller): string => caller.openid || (caller.client ? clientKey(caller.client) : '');

async function run(deps: Deps, caller: Caller, event: VerifyAgreementEvent): Promise<VerifyResult> {
  // the lookup read beside the counters, so that a lookup waits on the store twice (that read, the count's commit);
  // its answer is given only once the lookup is counted
  const lookup = Promise.all([
    deps.store.query('agreements', { where: [{ field: 'agreementNo', op: '==', value: event.agreementNo }], limit: 1 }),
    loadSettings(deps.store),
  ]);
  lookup.catch(() => undefined);
  await throttle(deps, verifierOf(caller), VERIFY_LIMIT, VERIFY_CEILING);
  const [found, settings] = await lookup;
  return verifyAnswer({
    agreementNo: event.agreementNo,
    agreement: found.items[0] ?? null,
    settings,
    ...(event.code !== undefined ? { code: event.code } : {}),
  });
}

export const verifyAgreement = defineFunction({ name: 'verifyAgreement', schema: verifyAgreementSchema, run });
