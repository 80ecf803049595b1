/**
 * requestTermination: 申请解约 of a signed agreement by its student or its unit; with `mutualConsentTermination` the
 * other party's 同意 / 不同意 (the student or a certified unit by account, a unit without one by a consent link the
 * student draws); 撤回 by whoever asked, before the school decides.
 */
import { randomBytes } from 'node:crypto';
import type { ConsentLinkIssued, Mutated, RequestTerminationEvent } from '../../typings';
import { DomainError, refuse } from '../domain/errors';
import { confirmLinkId, TOKEN_BYTES } from '../domain/confirmLink';
import { issueConsentLink, openConsentLink, redeemConsentLink } from '../domain/consentLink';
import {
  answerTermination,
  submitTermination,
  terminationCounterId,
  terminationGuards,
  withdrawTermination,
} from '../domain/termination';
import type { Env } from '../domain/decision';
import type { AgreementDoc, EmployerDoc, PartyConfirmation, StudentDoc, TerminationDoc } from '../domain/types';
import { defineFunction } from '../app/function';
import { attach } from '../app/attachments';
import { bound, boundStudent, type Bound } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { expectVersion, mutate, requestOf, type Plan } from '../app/mutate';
import { countLinkTry } from '../app/linkTries';
import { requestTerminationSchema } from '../app/schemas';
import { heldSettings, loadSettings, settingsRead } from '../app/settings';

type Answer = Mutated & { consentLink?: ConsentLinkIssued };

const mutated = (t: TerminationDoc): Mutated => ({ record: 'termination', id: t._id, state: t.state, version: t.version });
const DAY_MS = 86_400_000;

/** The caller as a party: the bound student with their roster entry, or a unit's HR (its unit read when needed). */
type Party = { role: 'student'; who: Bound; student: StudentDoc } | { role: 'employer'; who: Bound };

async function partyOf(deps: Deps, caller: Caller): Promise<Party> {
  try {
    const { student, ...who } = await boundStudent(deps, caller);
    return { role: 'student', who, student };
  } catch (e) {
    // not a student: a unit's HR may act as the other party; anyone else is refused as before
    if (!(e instanceof DomainError) || e.code !== 'FORBIDDEN') throw e;
    return { role: 'employer', who: await bound(deps, caller, ['employer']) };
  }
}

/** The HR's unit, certified: only a certified unit acts on an agreement by its account. */
async function certifiedUnit(deps: Deps, who: Bound): Promise<EmployerDoc> {
  const employer = who.user.employerId ? await deps.store.get('employers', who.user.employerId) : null;
  if (!employer || employer.state !== 'certified') return refuse('EMPLOYER_NOT_CERTIFIED', '单位尚未通过学校认证，暂不能在线办理解约');
  return employer;
}

const approvedOf = async (deps: Deps, studentNo: string): Promise<number> => {
  const page = await deps.store.query('terminations', { where: [{ field: 'studentNo', op: '==', value: studentNo }], limit: 200 });
  return page.items.filter((t) => t.state === 'approved').length;
};

async function submit(deps: Deps, caller: Caller, event: Extract<RequestTerminationEvent, { action: 'submit' }>, party: Party, env: Env, counter: Promise<unknown>): Promise<Plan<Answer>> {
  const [held, agreement, earlier] = await Promise.all([
    heldSettings(deps.store),
    deps.store.get('agreements', event.agreementId),
    deps.store.query('terminations', { where: [{ field: 'agreementId', op: '==', value: event.agreementId }], limit: 100 }),
  ]);
  // a closed feature is said as such, before any file is looked at; closed by the copy held, it is asked of the store
  const settings = party.role === 'employer' || terminationGuards.open(held) ? held : await loadSettings(deps.store);
  if (party.role === 'student' && !terminationGuards.open(settings)) return refuse('TERMINATION_CLOSED');
  let student: StudentDoc;
  if (party.role === 'student') {
    if (!agreement || agreement.studentNo !== party.student.studentNo) return refuse('NOT_FOUND');
    student = party.student;
  } else {
    // the manual's flow (consent off) has no unit asking: as before, the unit is refused
    if (!settings.mutualConsentTermination) return refuse('FORBIDDEN', '学校未开放单位在线申请解约，请联系学校就业指导中心');
    const unit = await certifiedUnit(deps, party.who);
    if (!agreement || agreement.employerId !== unit._id || agreement.state === 'draft') return refuse('NOT_FOUND');
    student = (await deps.store.get('students', agreement.studentNo)) ?? refuse('NOT_FOUND');
  }
  // the unit to ask, for a student's request: the HR who sent the offer, else the certified unit's registrant
  const needsUnit = party.role === 'student' && settings.mutualConsentTermination && !agreement.employerOpenid && agreement.employerId;
  const [approved, evidence, penaltyReceipt, unitDoc] = await Promise.all([
    settings.terminationLimit > 0 ? approvedOf(deps, student.studentNo) : Promise.resolve(0),
    attach(deps, caller, event.evidenceFiles, { path: 'evidenceFiles', label: '解约证明材料' }),
    attach(deps, caller, event.penaltyReceiptFiles ?? [], { path: 'penaltyReceiptFiles', label: '违约金支付凭证' }),
    needsUnit ? deps.store.get('employers', agreement.employerId!) : Promise.resolve(null),
  ]);
  const unitOpenid =
    party.role === 'employer'
      ? party.who.openid
      : (agreement.employerOpenid ?? (unitDoc?.state === 'certified' ? unitDoc.registrantOpenid : undefined));
  const decided = submitTermination({
    env,
    settings,
    student,
    agreement,
    earlier: earlier.items,
    counter: (await counter) as Parameters<typeof submitTermination>[0]['counter'],
    explanation: event.explanation,
    evidence,
    initiator: party.role,
    approved,
    ...(event.reasonCode ? { reasonCode: event.reasonCode } : {}),
    ...(event.breachBy ? { breachBy: event.breachBy } : {}),
    penaltyReceipt,
    ...(unitOpenid ? { unitOpenid } : {}),
  });
  return { commit: { ...decided, reads: [settingsRead(settings)] }, result: mutated(decided.termination) };
}

/** The request the caller may act on as a party: the student's own, or one about the HR's unit. */
async function partyTermination(deps: Deps, party: Party, t: TerminationDoc | null): Promise<TerminationDoc> {
  if (party.role === 'student') {
    if (!t || t.studentNo !== party.student.studentNo) return refuse('NOT_FOUND');
    return t;
  }
  const unit = await certifiedUnit(deps, party.who);
  // a request made before the unit was a party (no initiator) is not the unit's to act on, nor to read
  if (!t || !t.initiator || t.employerId !== unit._id) return refuse('NOT_FOUND');
  return t;
}

async function run(deps: Deps, caller: Caller, event: RequestTerminationEvent): Promise<Answer> {
  if (event.action === 'issueLink') return issueLink(deps, caller, event);
  if (event.action === 'consentByLink' || event.action === 'refuseByLink') {
    if (!caller.openid) return refuse('UNAUTHENTICATED');
    // every answer through a link is a guess at one until it is known to be good: counted before it is looked up
    await countLinkTry(deps, caller);
  }
  return mutate<Answer>(deps, requestOf(caller, event), async () => {
    const now = deps.clock().toISOString();
    if (event.action === 'consentByLink' || event.action === 'refuseByLink') {
      const [link, termination] = await Promise.all([
        deps.store.get('confirmLinks', confirmLinkId(event.token)),
        deps.store.get('terminations', event.terminationId),
      ]);
      // the link's own refusals first (dead, another request's), before what it names is looked for
      openConsentLink({ token: event.token, link, termination, now, terminationId: event.terminationId });
      const agreement = termination ? await deps.store.get('agreements', termination.agreementId) : null;
      const actor = { openid: caller.openid, role: 'employer' as const };
      const redeemed = redeemConsentLink({
        token: event.token,
        link,
        termination,
        agreement: agreement ?? refuse('CONFIRM_LINK_UNKNOWN'),
        terminationId: event.terminationId,
        answer: {
          decision: event.action === 'consentByLink' ? 'confirm' : 'refuse',
          uscc: event.uscc,
          name: event.name,
          phone: event.phone,
          ...(event.action === 'refuseByLink' ? { reason: event.reason } : {}),
        },
        actor,
        now,
      });
      const decided = answerTermination({ env: { actor, now, newId: deps.newId }, termination: termination!, agreement: agreement!, answer: redeemed.answer });
      return {
        commit: { writes: [...decided.writes, redeemed.write], audit: [...decided.audit, redeemed.audit], outbox: decided.outbox },
        result: mutated(decided.termination),
      };
    }

    // What the event names is read beside the caller's binding and looked at after it: the request acted on, or the
    // agreement's termination counter. The counter before the agreement and its requests (read next): a request or an
    // approval committed after this read bumps it, so this commit conflicts and re-plans on what they wrote.
    const named = event.action !== 'submit' ? deps.store.get('terminations', event.terminationId) : Promise.resolve(null);
    const claim = event.action !== 'submit' ? Promise.resolve(null) : deps.store.get('counters', terminationCounterId(event.agreementId));
    named.catch(() => undefined);
    claim.catch(() => undefined);
    const party = await partyOf(deps, caller);
    const env: Env = { actor: party.who.actor, now, newId: deps.newId };

    if (event.action === 'submit') return submit(deps, caller, event, party, env, claim);

    const termination = await partyTermination(deps, party, await named);
    expectVersion(termination, event.version);
    if (event.action === 'withdraw') {
      const waitedForOther = termination.state === 'pendingConsent' || termination.consent !== undefined;
      const agreement = waitedForOther ? await deps.store.get('agreements', termination.agreementId) : null;
      const decided = withdrawTermination({ env, termination, ...(agreement ? { agreement } : {}) });
      return { commit: decided, result: mutated(decided.termination) };
    }
    const agreement = (await deps.store.get('agreements', termination.agreementId)) ?? refuse('NOT_FOUND');
    const answer: PartyConfirmation = {
      decision: event.action === 'consent' ? 'confirm' : 'refuse',
      via: 'account',
      openid: caller.openid,
      role: party.role,
      at: now,
      ...(event.action === 'refuse' ? { reason: event.reason } : {}),
    };
    const decided = answerTermination({ env, termination, agreement: agreement as AgreementDoc, answer });
    return { commit: decided, result: mutated(decided.termination) };
  });
}

/**
 * 生成同意链接: committed without the request record, which would keep the token (the answer) in the store: a retry
 * draws another link, which does no harm, each being single-use and short-lived.
 */
async function issueLink(deps: Deps, caller: Caller, event: Extract<RequestTerminationEvent, { action: 'issueLink' }>): Promise<Answer> {
  const [termination, held] = await Promise.all([deps.store.get('terminations', event.terminationId), heldSettings(deps.store)]);
  const { student, actor } = await boundStudent(deps, caller);
  if (!termination || termination.studentNo !== student.studentNo) return refuse('NOT_FOUND');
  const issued = issueConsentLink({
    termination,
    actor,
    random: randomBytes(TOKEN_BYTES),
    now: deps.clock().toISOString(),
    ttlMs: held.confirmLinkTtlDays * DAY_MS,
  });
  await deps.store.commit({ writes: [issued.write], audit: [issued.audit], outbox: [] });
  return { ...mutated(termination), consentLink: { path: issued.path, expiresAt: issued.expiresAt } };
}

export const requestTermination = defineFunction({ name: 'requestTermination', schema: requestTerminationSchema, run });
