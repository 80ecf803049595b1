/**
 * The roster against the store: an ID number already held by another 学号, and each row's audited write. Roster
 * entries are audited records (`student`): a new entry and every change of one is a `touch` with its entry in the
 * log, as the demo seed and binding write them.
 */
import { touch } from '../../server/domain/machine';
import type { StudentDoc } from '../../server/domain/types';
import type { Store } from '../../server/store/port';
import type { Planned, PlanEnv } from './kind';
import { schoolFields, type RosterEntry, type RosterKey, type SchoolFields } from './roster';
import type { RowIssue } from './rows';

const PAGE = 1000;

/** every stored roster entry's ID number → its 学号 */
async function storedIdNumbers(store: Store): Promise<Map<string, string>> {
  const byId = new Map<string, string>();
  let after: string | undefined;
  do {
    const page = await store.query('students', { limit: PAGE, ...(after ? { after } : {}) });
    for (const s of page.items) byId.set(s.idNumber, s.studentNo);
    after = page.next;
  } while (after);
  return byId;
}

/**
 * An ID number stored on another 学号 is refused, unless this same file gives that 学号 another ID number (a
 * correction that swaps two numbers is one consistent change).
 */
export async function checkRosterStore(entries: readonly RosterEntry[], store: Store, label: (key: RosterKey) => string): Promise<RowIssue[]> {
  const stored = await storedIdNumbers(store);
  const inFile = new Map(entries.map((e) => [e.studentNo, e.idNumber]));
  const issues: RowIssue[] = [];
  for (const e of entries) {
    const holder = stored.get(e.idNumber);
    if (holder === undefined || holder === e.studentNo) continue;
    const reassigned = inFile.get(holder);
    if (reassigned !== undefined && reassigned !== e.idNumber) continue;
    issues.push({ row: e.row, column: label('idNumber'), reason: `系统中学号 ${holder} 的学生已使用该身份证号` });
  }
  return issues;
}

/** the label of the student record's chain: whether someone has bound to it */
const standing = (s: StudentDoc): string => (s.openid ? 'bound' : 'imported');

const same = (a: Record<string, string>, b: Record<string, string>): boolean => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
};

function unchanged(current: StudentDoc, next: SchoolFields): boolean {
  return (
    current.studentNo === next.studentNo &&
    current.name === next.name &&
    current.idNumber === next.idNumber &&
    current.gender === next.gender &&
    current.collegeId === next.collegeId &&
    current.collegeName === next.collegeName &&
    current.major === next.major &&
    current.educationLevel === next.educationLevel &&
    current.graduationYear === next.graduationYear &&
    same(current.source, next.source)
  );
}

export async function planRoster(entries: readonly RosterEntry[], store: Store, env: PlanEnv): Promise<Planned[]> {
  const current = new Map((await store.getMany('students', entries.map((e) => e.studentNo))).map((s) => [s._id, s]));
  return entries.map((e): Planned => {
    const existing = current.get(e.studentNo) ?? null;
    if (existing) {
      const next = schoolFields(e, existing.source);
      if (unchanged(existing, next)) return { row: e.row, outcome: 'unchanged', writes: [], audit: [] };
      // only the school's fields are in the patch: bindings, the signing lock and the employment record stay
      const updated = touch<StudentDoc>({
        record: 'student', current: existing, id: existing._id, action: 'import', actor: env.actor, now: env.now,
        from: standing(existing), to: standing(existing), patch: next,
      });
      return {
        row: e.row,
        outcome: 'updated',
        writes: [{ collection: 'students', doc: updated.doc, expectedVersion: existing.version }],
        audit: [updated.audit],
      };
    }
    const fresh: Omit<StudentDoc, '_id' | 'version' | 'createdAt' | 'updatedAt' | 'auditHead'> = {
      ...schoolFields(e),
      employment: {},
      openid: null,
      activeAgreementId: null,
    };
    const created = touch<StudentDoc>({
      record: 'student', current: null, id: e.studentNo, action: 'import', actor: env.actor, now: env.now,
      from: null, to: 'imported', patch: fresh,
    });
    return {
      row: e.row,
      outcome: 'created',
      writes: [{ collection: 'students', doc: created.doc, expectedVersion: 0 }],
      audit: [created.audit],
    };
  });
}
