/**
 * 去向落实率 for the reviewer tab: a row per college of the reviewer's scope (the school: every college; a college
 * reviewer: their own), or, naming a college, a row per major of it; and the total. Each figure comes from two
 * summaries the store keeps (port.ts `studentsByMajor`, `placement`): one college's shards hold its graduates by
 * major and its records by major and approved placement, so the school's page is one getMany of a few documents per
 * college, never a load or a count of the records, however many graduates there are.
 */
import type { PlacementStats, PlacementView } from '../../typings';
import { placementFigures, sumFigures, type PlacementCount } from '../domain/placement';
import { refuse } from '../domain/errors';
import type { College, SettingsDoc } from '../domain/types';
import { SUMMARIES, textOfKey, type Store } from '../store/port';
import { splitCountKey, summaryCounts } from '../store/summaries';
import { bound, inScope, type Bound } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { loadSettings } from '../app/settings';
import { REVIEWERS, reviewerRole } from './access';

/** A major's row when the roster left the major empty. */
export const NO_MAJOR = '未填专业';

/** One college's graduates and placements, by major. */
export interface CollegeCounts {
  graduates: Map<string, number>;
  placements: Map<string, PlacementCount[]>;
}

const PLACEMENT_KEY_FIELDS = SUMMARIES.placement.key.length;

/** The summaries of several colleges, read in one getMany each for the two summaries (issued together). */
export async function collegeCounts(store: Store, collegeIds: readonly string[]): Promise<CollegeCounts[]> {
  const sets = collegeIds.map((id) => [id]);
  const [students, placements] = await Promise.all([summaryCounts(store, 'studentsByMajor', sets), summaryCounts(store, 'placement', sets)]);
  return collegeIds.map((_, i) => {
    const byMajor = new Map<string, PlacementCount[]>();
    for (const [key, count] of placements[i] ?? []) {
      const [major = '', type = '', online = ''] = splitCountKey(key, PLACEMENT_KEY_FIELDS);
      const name = textOfKey(major);
      byMajor.set(name, [...(byMajor.get(name) ?? []), { type, online: online === 'online', count }]);
    }
    const graduates = new Map<string, number>();
    for (const [key, count] of students[i] ?? []) graduates.set(textOfKey(key), (graduates.get(textOfKey(key)) ?? 0) + count);
    return { graduates, placements: byMajor };
  });
}

/** A college's majors, each with its figures, by name (those with records but no graduate on the roster too). */
export function majorRows(counts: CollegeCounts): PlacementStats[] {
  const majors = [...new Set([...counts.graduates.keys(), ...counts.placements.keys()])].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  return majors.map((m) => placementFigures(m, m || NO_MAJOR, counts.graduates.get(m) ?? 0, counts.placements.get(m) ?? []));
}

export function collegeRow(college: College, counts: CollegeCounts): PlacementStats {
  return sumFigures(college.id, college.name, majorRows(counts));
}

export async function placementStats(deps: Deps, caller: Caller, collegeId?: string): Promise<PlacementView> {
  const who = await bound(deps, caller, REVIEWERS);
  return placementOf(deps, who, await loadSettings(deps.store), collegeId);
}

/**
 * What 统计 opens with: the school's colleges, or a college reviewer's own majors (their scope is one college, whose
 * majors say more than a single bar).
 */
export const firstPlacement = (deps: Deps, who: Bound, settings: SettingsDoc): Promise<PlacementView> =>
  placementOf(deps, who, settings, who.user.role === 'collegeReviewer' ? who.user.collegeId : undefined);

async function placementOf(deps: Deps, who: Bound, settings: SettingsDoc, collegeId?: string): Promise<PlacementView> {
  const role = reviewerRole(who);
  const at = deps.clock().toISOString();
  if (collegeId !== undefined) {
    const college = settings.colleges.find((c) => c.id === collegeId);
    if (!college) return refuse('NOT_FOUND', '没有这个院系，请刷新后重试');
    if (!inScope(who, college.id)) return refuse('FORBIDDEN');
    const [counts] = await collegeCounts(deps.store, [college.id]);
    const rows = majorRows(counts!);
    return { role, college: { id: college.id, name: college.name }, rows, total: sumFigures('', college.name, rows), at };
  }
  const mine = settings.colleges.filter((c) => inScope(who, c.id));
  const counts = await collegeCounts(deps.store, mine.map((c) => c.id));
  const rows = mine.map((c, i) => collegeRow(c, counts[i]!));
  const name = role === 'schoolReviewer' ? '全校' : (mine[0]?.name ?? '');
  return { role, rows, total: sumFigures('', name, rows), at };
}
