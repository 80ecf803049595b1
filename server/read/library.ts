/** 单位库: the school's certified employers, for 学生发起签约's unit picker and for reviewers. */
import type { LibraryEmployer } from '../../typings';
import type { EmployerDoc } from '../domain/types';
import { bound } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { REVIEWERS } from './access';
import { libraryEmployer } from './views';

const PAGE = 500;
const SHOWN = 50;

/**
 * Certified employers whose name contains the keyword, by name, at most 50. The store has no substring search, so
 * this pages through every certified employer: fine for a school's library (hundreds to a few thousand units).
 */
export async function employerLibrary(deps: Deps, caller: Caller, keyword: string | undefined): Promise<LibraryEmployer[]> {
  await bound(deps, caller, ['student', ...REVIEWERS]);
  const needle = keyword?.trim() ?? '';
  const found: EmployerDoc[] = [];
  let after: string | undefined;
  do {
    const page = await deps.store.query('employers', {
      where: [{ field: 'state', op: '==', value: 'certified' }],
      // any order will do (sorted by name below); this one the reviewer queue's index already serves
      orderBy: { field: 'updatedAt' },
      limit: PAGE,
      ...(after ? { after } : {}),
    });
    found.push(...page.items.filter((e) => e.name.includes(needle)));
    after = page.next;
  } while (after);
  return found
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN') || a._id.localeCompare(b._id))
    .slice(0, SHOWN)
    .map(libraryEmployer);
}
