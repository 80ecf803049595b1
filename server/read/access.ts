/**
 * Who may read what. The rule, for every view: an unbound caller is NOT_BOUND; a role the view is not for is
 * FORBIDDEN; a student's or employer's look at a record that is not theirs is NOT_FOUND (another student must not
 * learn that it exists); a reviewer's look outside their college is FORBIDDEN, as the review function answers for
 * the same record: answering NOT_FOUND here would hide nothing that review does not already tell.
 */
import type { ReviewerRole } from '../../typings';
import { refuse } from '../domain/errors';
import type { StudentDoc } from '../domain/types';
import { decodeCursor } from '../store/port';
import { inScope, type Bound } from '../app/caller';
import type { Deps } from '../app/deps';

export const REVIEWERS = ['collegeReviewer', 'schoolReviewer'] as const;

/** A bound reviewer's role, for views that tell the page who is looking (`bound(…, REVIEWERS)` lets no one else by). */
export const reviewerRole = (who: Bound): ReviewerRole => (who.user.role === 'schoolReviewer' ? 'schoolReviewer' : 'collegeReviewer');

/** The caller's roster entry, checked as boundStudent checks it: an entry rebound to another WeChat no longer answers. */
export async function rosterOf(deps: Deps, who: Bound): Promise<StudentDoc> {
  const student = who.user.studentNo ? await deps.store.get('students', who.user.studentNo) : null;
  if (!student || student.openid !== who.openid) return refuse('NOT_BOUND');
  return student;
}

export function ownedByStudent<T extends { studentNo: string }>(student: StudentDoc, doc: T | null): T {
  if (!doc || doc.studentNo !== student.studentNo) return refuse('NOT_FOUND');
  return doc;
}

/**
 * Drafts are their author's alone: to anyone else they do not exist yet. An agreement is numbered at its first
 * submission, so a cancelled one without a number is a draft its author abandoned: it never came to exist either.
 */
const isDraft = (doc: { state: string }): boolean =>
  doc.state === 'draft' || (doc.state === 'cancelled' && 'agreementNo' in doc && doc.agreementNo === null);

export function ownedByEmployer<T extends { employerId?: string; state: string }>(who: Bound, doc: T | null): T {
  if (!doc || !who.user.employerId || doc.employerId !== who.user.employerId || isDraft(doc)) return refuse('NOT_FOUND');
  return doc;
}

export function inReviewerScope<T extends { collegeId: string; state: string }>(who: Bound, doc: T | null): T {
  if (!doc) return refuse('NOT_FOUND');
  if (!inScope(who, doc.collegeId)) return refuse('FORBIDDEN');
  if (isDraft(doc)) return refuse('NOT_FOUND');
  return doc;
}

/** A cursor the client sent back: a broken one is the client's mistake, not a server failure. */
export function cursorOf(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    decodeCursor(cursor);
  } catch {
    return refuse('INVALID_INPUT', '翻页参数无效，请刷新后重试');
  }
  return cursor;
}
