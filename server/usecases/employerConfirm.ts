/**
 * employerConfirm: the unit's confirmation of a student-initiated agreement (`pendingEmployer`).
 * - `issueLink`: the student draws a confirmation link to share (a chat card, a QR image), replacing the one before;
 * - `confirm` / `refuse`: a certified unit's HR, in the unit's tab, for the unit's own agreement;
 * - `confirmByLink` / `refuseByLink`: whoever holds the link, with the unit's 统一社会信用代码, their name and phone.
 * A link answer counts against the guessing limits (domain/confirmLink.ts CONFIRM_LINK_LIMITS) before the link is
 * looked up, refused tries too.
 */
import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import type { ConfirmLinkIssued, EmployerConfirmEvent, Mutated } from '../../typings';
import { confirmLinkId, TOKEN_BYTES } from '../domain/confirmLink';
import { answerByAccount, answerByLink, issueLink } from '../domain/employerConfirm';
import { refuse } from '../domain/errors';
import type { AgreementDoc } from '../domain/types';
import { defineFunction } from '../app/function';
import { bound, boundStudent } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { expectVersion, mutate, requestOf } from '../app/mutate';
import { ConflictError } from '../store/port';
import { countLinkTry } from '../app/linkTries';
import { employerConfirmSchema } from '../app/schemas';
import { heldSettings, settingsRead } from '../app/settings';

export type EmployerConfirmResult = Mutated | ConfirmLinkIssued;

const mutated = (a: AgreementDoc): Mutated => ({ record: 'agreement', id: a._id, state: a.state, version: a.version });

/**
 * The QR image of a link: what the unit's HR scans from the student's phone. Four pixels a module (about 150 px): the
 * page scales it up; more pixels only make the answer heavier and its encoding slower.
 */
const qrOf = (path: string): Promise<string> => QRCode.toDataURL(path, { errorCorrectionLevel: 'M', margin: 2, scale: 4 });

/**
 * 邀请单位确认. Not kept as a request's answer, unlike the other actions: the answer carries the token, which the store
 * must never hold (only its hash). A retry draws another link, which retires this one: no harm, the student shares
 * whichever the page shows.
 */
async function issue(deps: Deps, caller: Caller, agreementId: string): Promise<ConfirmLinkIssued> {
  const read = deps.store.get('agreements', agreementId);
  read.catch(() => undefined);
  const [{ student, actor }, settings] = await Promise.all([boundStudent(deps, caller), heldSettings(deps.store)]);
  const agreement = await read;
  if (!agreement || agreement.studentNo !== student.studentNo) return refuse('NOT_FOUND');
  const decided = issueLink({ env: { actor, now: deps.clock().toISOString(), newId: deps.newId }, agreement, random: randomBytes(TOKEN_BYTES), ttlDays: settings.confirmLinkTtlDays });
  const { token: _token, path, scene, expiresAt, agreement: _kept, ...commit } = decided;
  try {
    await deps.store.commit({ ...commit, reads: [settingsRead(settings)] });
  } catch (e) {
    if (e instanceof ConflictError) return refuse('CONFLICT');
    throw e;
  }
  return { path, scene, expiresAt, qrDataUrl: await qrOf(path) };
}

async function run(deps: Deps, caller: Caller, event: EmployerConfirmEvent): Promise<EmployerConfirmResult> {
  if (event.action === 'confirmByLink' || event.action === 'refuseByLink') {
    if (!caller.openid) return refuse('UNAUTHENTICATED');
    await countLinkTry(deps, caller);
  }
  const now = () => deps.clock().toISOString();
  if (event.action === 'issueLink') return issue(deps, caller, event.agreementId);
  return mutate<EmployerConfirmResult>(deps, requestOf(caller, event), async () => {
    const read = deps.store.get('agreements', event.agreementId);
    read.catch(() => undefined);
    switch (event.action) {
      case 'confirm':
      case 'refuse': {
        const who = await bound(deps, caller, ['employer']);
        const [agreement, employer] = await Promise.all([read, who.user.employerId ? deps.store.get('employers', who.user.employerId) : Promise.resolve(null)]);
        if (!agreement) return refuse('NOT_FOUND');
        expectVersion(agreement, event.version);
        const decided = answerByAccount({
          env: { actor: who.actor, now: now(), newId: deps.newId },
          agreement,
          employer,
          decision: event.action,
          ...(event.action === 'refuse' ? { reason: event.reason } : {}),
        });
        const { agreement: next, ...commit } = decided;
        return { commit, result: mutated(next) };
      }
      case 'confirmByLink':
      case 'refuseByLink': {
        const [agreement, link] = await Promise.all([read, deps.store.get('confirmLinks', confirmLinkId(event.token))]);
        const decided = answerByLink({
          // whoever holds the link answers for the unit: their WeChat is named in the audit, whatever it is bound to
          env: { actor: { openid: caller.openid, role: 'employer' }, now: now(), newId: deps.newId },
          token: event.token,
          link,
          agreement,
          answer: {
            decision: event.action === 'confirmByLink' ? 'confirm' : 'refuse',
            uscc: event.uscc,
            name: event.name,
            phone: event.phone,
            ...(event.action === 'refuseByLink' ? { reason: event.reason } : {}),
          },
        });
        const { agreement: next, ...commit } = decided;
        return { commit, result: mutated(next) };
      }
    }
  });
}

export const employerConfirm = defineFunction({ name: 'employerConfirm', schema: employerConfirmSchema, run });
