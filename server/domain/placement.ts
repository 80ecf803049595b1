/**
 * 去向落实率: what one 毕业去向登记 counts as, and the figures of a group of graduates (a major, a college, the school).
 * Pure. Only the values in force count (`approved`): a change waiting for review leaves the figures as they were, as
 * it leaves the national sheet. The category of a type is the code table's (typings/codes/destination.ts), so a new
 * revision of the table moves the figures with it.
 */
import type { PlacementStats } from '../../typings';
import { DESTINATION_TYPES, type DestinationCategory } from '../../typings/codes/destination';
import type { DestinationDoc } from './types';

/** The categories in the order the employment office reports them. */
export const PLACEMENT_CATEGORIES: readonly DestinationCategory[] = ['contract', 'flexible', 'study', 'unemployed'];

/** 签就业协议形式就业: the one type an agreement signed here fills. */
const AGREEMENT_TYPE = '10';

/** What one record counts as: its approved type ('' before the first approval) and whether it is 网签 (see below). */
export interface Placement {
  type: string;
  online: boolean;
}

/**
 * The approved type, and whether the agreement signed online filled it: type 10 with `agreementId`, which the school's
 * final approval sets and a termination or another registration clears. Type 10 registered by hand (a paper
 * agreement) is a job destination but not 网签.
 */
export function placementOf(d: Pick<DestinationDoc, 'approved' | 'agreementId'>): Placement {
  const type = d.approved?.type ?? '';
  return { type, online: type === AGREEMENT_TYPE && typeof d.agreementId === 'string' && d.agreementId !== '' };
}

const TYPES = new Map(DESTINATION_TYPES.entries.map((t) => [t.code, t]));

/** The category a type counts in; null for none (no approved type yet, or a code the table does not hold). */
export const categoryOf = (type: string): DestinationCategory | null => TYPES.get(type)?.category ?? null;

/** A job destination: a type of the contract category with an employer (10, 11, 12, 27), the base of 网签占比. */
export function isJobDestination(type: string): boolean {
  const t = TYPES.get(type);
  return t !== undefined && t.category === 'contract' && t.parts.includes('employer');
}

/** 0..1 rounded to 4 places; 0 when there is nothing to divide by. */
export const ratio = (part: number, whole: number): number => (whole <= 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

/** How many records of a group hold one placement. */
export interface PlacementCount extends Placement {
  count: number;
}

const noCategories = (): Record<DestinationCategory, number> => ({ contract: 0, flexible: 0, study: 0, unemployed: 0 });

/** The figures of a group from its graduates and its records' placements. */
export function placementFigures(key: string, name: string, graduates: number, counts: Iterable<PlacementCount>): PlacementStats {
  const byCategory = noCategories();
  let registered = 0;
  let jobDestinations = 0;
  let signedOnline = 0;
  for (const c of counts) {
    if (c.type === '' || c.count <= 0) continue;
    // an approved type the table no longer holds is still a registered graduate, counted in no category
    registered += c.count;
    const category = categoryOf(c.type);
    if (category) byCategory[category] += c.count;
    if (isJobDestination(c.type)) {
      jobDestinations += c.count;
      if (c.online) signedOnline += c.count;
    }
  }
  return finish(key, name, graduates, byCategory, registered, jobDestinations, signedOnline);
}

function finish(
  key: string,
  name: string,
  graduates: number,
  byCategory: Record<DestinationCategory, number>,
  registered: number,
  jobDestinations: number,
  signedOnline: number,
): PlacementStats {
  return {
    key,
    name,
    graduates,
    byCategory,
    // a record of a student since removed from the roster must not make the count negative
    unregistered: Math.max(0, graduates - registered),
    placementRate: ratio(byCategory.contract + byCategory.flexible + byCategory.study, graduates),
    jobDestinations,
    signedOnline,
    onlineShare: ratio(signedOnline, jobDestinations),
  };
}

/** The figures of several groups together (the colleges of the school, the majors of a college). */
export function sumFigures(key: string, name: string, rows: readonly PlacementStats[]): PlacementStats {
  const byCategory = noCategories();
  let graduates = 0;
  let unregistered = 0;
  let jobDestinations = 0;
  let signedOnline = 0;
  for (const r of rows) {
    for (const c of PLACEMENT_CATEGORIES) byCategory[c] += r.byCategory[c];
    graduates += r.graduates;
    unregistered += r.unregistered;
    jobDestinations += r.jobDestinations;
    signedOnline += r.signedOnline;
  }
  return { ...finish(key, name, graduates, byCategory, 0, jobDestinations, signedOnline), unregistered };
}
