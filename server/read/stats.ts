/**
 * 统计 for the reviewer tab: per college, how many graduate, how many have an approved 生源核查, the agreements in each
 * state, and the signing rate (签约率 = students with a signed agreement ÷ graduates). A college reviewer sees their
 * own college; the school sees every college and the total. Everything is counted by the store (indexed counts, one
 * per figure, all at once), never by loading the records.
 */
import type { AgreementState, CollegeStats, ReviewStats } from '../../typings';
import { AGREEMENT_STATES } from '../../typings';
import type { Store } from '../store/port';
import { bound } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { loadSettings } from '../app/settings';
import { REVIEWERS, reviewerRole } from './access';

/** Drafts are their author's alone; a reviewer's figures start at submission. */
const COUNTED_STATES = AGREEMENT_STATES.filter((s) => s !== 'draft');

const rate = (signed: number, graduates: number): number => (graduates === 0 ? 0 : Math.round((signed / graduates) * 10_000) / 10_000);

async function collegeStats(store: Store, collegeId: string, collegeName: string): Promise<CollegeStats> {
  const inCollege = { field: 'collegeId', op: '==', value: collegeId } as const;
  const [graduates, sourceApproved, ...byState] = await Promise.all([
    store.count('students', [inCollege]),
    store.count('checks', [{ field: 'kind', op: '==', value: 'source' }, { field: 'state', op: '==', value: 'approved' }, inCollege]),
    ...COUNTED_STATES.map((state) => store.count('agreements', [{ field: 'state', op: '==', value: state }, inCollege])),
  ]);
  const agreements = Object.fromEntries(COUNTED_STATES.map((s, i) => [s, byState[i] ?? 0])) as Record<Exclude<AgreementState, 'draft'>, number>;
  const signed = agreements.signed;
  return { collegeId, collegeName, graduates: graduates ?? 0, sourceApproved: sourceApproved ?? 0, agreements, signed, signingRate: rate(signed, graduates ?? 0) };
}

function sum(colleges: CollegeStats[]): CollegeStats {
  const agreements = Object.fromEntries(COUNTED_STATES.map((s) => [s, colleges.reduce((n, c) => n + c.agreements[s], 0)])) as CollegeStats['agreements'];
  const graduates = colleges.reduce((n, c) => n + c.graduates, 0);
  return {
    collegeId: '',
    collegeName: '全校',
    graduates,
    sourceApproved: colleges.reduce((n, c) => n + c.sourceApproved, 0),
    agreements,
    signed: agreements.signed,
    signingRate: rate(agreements.signed, graduates),
  };
}

export async function reviewStats(deps: Deps, caller: Caller): Promise<ReviewStats> {
  const who = await bound(deps, caller, REVIEWERS);
  const settings = await loadSettings(deps.store);
  const mine = who.user.role === 'schoolReviewer' ? settings.colleges : settings.colleges.filter((c) => c.id === who.user.collegeId);
  const colleges = await Promise.all(mine.map((c) => collegeStats(deps.store, c.id, c.name)));
  return { role: reviewerRole(who), colleges, total: sum(colleges) };
}
