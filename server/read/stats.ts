/**
 * 统计 for the reviewer tab: per college, how many graduate, how many have an approved 生源核查, the agreements in each
 * state, and the signing rate (签约率 = students with a signed agreement ÷ graduates). A college reviewer sees their
 * own college; the school sees every college and the total. Every figure is a summary count the store keeps (port.ts
 * SUMMARIES), all read in one getMany, never by loading or counting the records.
 */
import type { AgreementState, CollegeStats, ReviewStats } from '../../typings';
import { AGREEMENT_STATES } from '../../typings';
import type { Filter } from '../store/port';
import { tally, type CountAsk } from '../store/summaries';
import { bound } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { countsOf } from './reviewer';
import { loadSettings } from '../app/settings';
import { firstPlacement } from './placement';
import { REVIEWERS, reviewerRole } from './access';

/** Drafts are their author's alone; a reviewer's figures start at submission. */
const COUNTED_STATES = AGREEMENT_STATES.filter((s) => s !== 'draft');

const rate = (signed: number, graduates: number): number => (graduates === 0 ? 0 : Math.round((signed / graduates) * 10_000) / 10_000);

/** A college's figures, in the order `collegeStats` reads them. */
function collegeAsks(collegeId: string): CountAsk[] {
  const inCollege: Filter = { field: 'collegeId', op: '==', value: collegeId };
  return [
    { collection: 'students', where: [inCollege] },
    { collection: 'checks', where: [{ field: 'kind', op: '==', value: 'source' }, { field: 'state', op: '==', value: 'approved' }, inCollege] },
    ...COUNTED_STATES.map((state): CountAsk => ({ collection: 'agreements', where: [{ field: 'state', op: '==', value: state }, inCollege] })),
  ];
}

function collegeStats(collegeId: string, collegeName: string, counts: readonly number[]): CollegeStats {
  const [graduates = 0, sourceApproved = 0, ...byState] = counts;
  const agreements = Object.fromEntries(COUNTED_STATES.map((s, i) => [s, byState[i] ?? 0])) as Record<Exclude<AgreementState, 'draft'>, number>;
  const signed = agreements.signed;
  return { collegeId, collegeName, graduates, sourceApproved, agreements, signed, signingRate: rate(signed, graduates) };
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
  const per = collegeAsks('').length;
  // what waits in each queue beside the figures: the tab is the reviewer's overview of the work
  const [counts, pending, placement] = await Promise.all([
    tally(deps.store, mine.flatMap((c) => collegeAsks(c.id))),
    countsOf(deps, who),
    firstPlacement(deps, who, settings),
  ]);
  const colleges = mine.map((c, i) => collegeStats(c.id, c.name, counts.slice(i * per, (i + 1) * per)));
  return { role: reviewerRole(who), colleges, total: sum(colleges), pending, placement };
}
