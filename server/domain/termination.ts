/**
 * 申请解约: the student asks the school to end a signed agreement, with evidence; the school decides (review).
 * At most one request waits per agreement. Two requests sent at once would both see none waiting, so each request
 * bumps a per-agreement counter with its version: the second commit conflicts, re-plans and is refused. An approval
 * bumps it too, so a request that read the agreement as still signed cannot be kept once it is terminated.
 */
import type { Attachment } from '../../typings';
import { refuse } from './errors';
import { step } from './machine';
import { studentKeys } from './parties';
import type { Decided, Env } from './decision';
import type { AgreementDoc, CounterDoc, SettingsDoc, StudentDoc, TerminationDoc } from './types';
import type { Write } from './decision';

export const terminationCounterId = (agreementId: string): string => `termination:${agreementId}`;

/**
 * The counter's next version, written by every request and by every approval: a request that read the agreement
 * as signed and none waiting conflicts if either happened since it read the counter.
 */
export function bumpTerminationCounter(agreementId: string, counter: CounterDoc | null): Write {
  return {
    collection: 'counters',
    doc: { _id: terminationCounterId(agreementId), version: (counter?.version ?? 0) + 1, value: (counter?.value ?? 0) + 1 },
    expectedVersion: counter?.version ?? 0,
  };
}

export const terminationGuards = {
  open: (settings: SettingsDoc): boolean => settings.allowStudentTermination,
  signed: (agreement: AgreementDoc): boolean => agreement.state === 'signed',
  noneWaiting: (requests: readonly TerminationDoc[]): boolean => !requests.some((t) => t.state === 'submitted'),
};

export function submitTermination(input: {
  env: Env;
  settings: SettingsDoc;
  student: StudentDoc;
  agreement: AgreementDoc;
  /** the agreement's earlier requests */
  earlier: readonly TerminationDoc[];
  counter: CounterDoc | null;
  explanation: string;
  evidence: Attachment[];
}): Decided & { termination: TerminationDoc } {
  const { env, student, agreement, counter } = input;
  if (!terminationGuards.open(input.settings)) refuse('TERMINATION_CLOSED');
  if (!terminationGuards.signed(agreement)) refuse('INVALID_TRANSITION');
  if (!terminationGuards.noneWaiting(input.earlier)) refuse('INVALID_TRANSITION', '已有待审核的解约申请');
  if (input.evidence.length === 0) {
    refuse('INVALID_INPUT', '请上传解约证明材料', [{ path: 'evidenceFiles', message: '请上传解约证明材料' }]);
  }
  const explanation = input.explanation.trim();
  if (!explanation) refuse('INVALID_INPUT', '请填写解约说明', [{ path: 'explanation', message: '请填写解约说明' }]);

  const created = step<'termination', TerminationDoc>({
    kind: 'termination',
    current: null,
    id: env.newId(),
    action: 'submit',
    actor: env.actor,
    now: env.now,
    attachments: input.evidence,
    patch: {
      ...studentKeys(student),
      agreementId: agreement._id,
      explanation,
      evidence: input.evidence,
      studentOpenid: env.actor.openid,
    },
  });
  return {
    termination: created.doc,
    writes: [{ collection: 'terminations', doc: created.doc, expectedVersion: 0 }, bumpTerminationCounter(agreement._id, counter)],
    audit: [created.audit],
    outbox: [],
  };
}

/** 撤回 a request the school has not decided yet. */
export function withdrawTermination(input: { env: Env; termination: TerminationDoc }): Decided & { termination: TerminationDoc } {
  const { env, termination } = input;
  const withdrawn = step<'termination', TerminationDoc>({
    kind: 'termination',
    current: termination,
    id: termination._id,
    action: 'withdraw',
    actor: env.actor,
    now: env.now,
    patch: {},
  });
  return {
    termination: withdrawn.doc,
    writes: [{ collection: 'terminations', doc: withdrawn.doc, expectedVersion: termination.version }],
    audit: [withdrawn.audit],
    outbox: [],
  };
}
