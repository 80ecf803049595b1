/**
 * verifyAgreement: 协议核验, open to anyone (the 核验 page needs no binding; from the web the openid may be empty).
 * Says whether a number is a signed or terminated agreement and whether a printed code matches it; nothing else.
 * Rate-limited per caller, so numbers cannot be walked through quickly.
 */
import type { VerifyAgreementEvent, VerifyResult } from '../../typings';
import type { Limit } from '../domain/rateLimit';
import { verifyAnswer } from '../domain/verification';
import { defineFunction } from '../app/function';
import type { Caller, Deps } from '../app/deps';
import { verifyAgreementSchema } from '../app/documentSchemas';
import { throttle } from '../app/rateLimit';
import { loadSettings } from '../app/settings';

export const VERIFY_LIMIT: Limit = { name: 'verify', max: 30, windowMs: 60_000 };

async function run(deps: Deps, caller: Caller, event: VerifyAgreementEvent): Promise<VerifyResult> {
  await throttle(deps, caller.openid, VERIFY_LIMIT);
  const [found, settings] = await Promise.all([
    deps.store.query('agreements', { where: [{ field: 'agreementNo', op: '==', value: event.agreementNo }], limit: 1 }),
    loadSettings(deps.store),
  ]);
  return verifyAnswer({
    agreementNo: event.agreementNo,
    agreement: found.items[0] ?? null,
    settings,
    ...(event.code !== undefined ? { code: event.code } : {}),
  });
}

export const verifyAgreement = defineFunction({ name: 'verifyAgreement', schema: verifyAgreementSchema, run });
