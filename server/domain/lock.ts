/**
 * The one-agreement rule's lock: the student's roster record names the agreement that is pending or signed.
 * Setting or clearing it is an audited write of the student record, in the same commit as the agreement's own
 * transition, so two concurrent signings conflict on the student's version and exactly one wins.
 */
import { touch } from './machine';
import type { Env } from './decision';
import type { AuditEntry, StudentDoc } from './types';
import type { Write } from './decision';

export function setLock(env: Env, student: StudentDoc, agreementId: string | null): { write: Write; audit: AuditEntry } {
  const locked = touch<StudentDoc>({
    record: 'student',
    current: student,
    id: student._id,
    action: agreementId ? 'lock' : 'unlock',
    actor: env.actor,
    now: env.now,
    from: student.activeAgreementId ? 'signing' : 'free',
    to: agreementId ? 'signing' : 'free',
    patch: { activeAgreementId: agreementId },
  });
  return { write: { collection: 'students', doc: locked.doc, expectedVersion: student.version }, audit: locked.audit };
}
