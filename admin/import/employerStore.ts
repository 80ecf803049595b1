/**
 * The employer library against the store. A unit is known by its 统一社会信用代码: a certified unit with the
 * code is updated, a code with no standing unit creates a certified one (the `import` transition of the employer
 * machine), claiming the code's registration counter in the same commit as self-registration does, so that a
 * registration at the same moment conflicts instead of creating a second unit. A unit that registered itself and
 * waits for certification is left to the reviewers: certifying is their decision, not an import's.
 */
import { usccClaimId } from '../../server/domain/binding';
import { step } from '../../server/domain/machine';
import type { EmployerDoc } from '../../server/domain/types';
import type { Store, Write } from '../../server/store/port';
import { EMPLOYER_FIELDS, employerFields } from '../../typings/rules/employer';
import type { EmployerEntry, EmployerKey } from './employers';
import type { Planned, PlanEnv } from './kind';
import type { RowIssue } from './rows';

const CHUNK = 100;

async function employersByUscc(store: Store, codes: readonly string[]): Promise<Map<string, EmployerDoc[]>> {
  const found = new Map<string, EmployerDoc[]>();
  for (let i = 0; i < codes.length; i += CHUNK) {
    const chunk = codes.slice(i, i + CHUNK);
    let after: string | undefined;
    do {
      const page = await store.query('employers', {
        where: [{ field: 'uscc', op: 'in', value: chunk }],
        limit: 1000,
        ...(after ? { after } : {}),
      });
      for (const e of page.items) found.set(e.uscc, [...(found.get(e.uscc) ?? []), e]);
      after = page.next;
    } while (after);
  }
  return found;
}

type Match = { employer: EmployerDoc | null } | { problem: string };

function match(units: readonly EmployerDoc[]): Match {
  if (units.some((u) => u.state === 'registered')) {
    return { problem: '该单位已自行注册，正在等待学校认证；请先在单位审核中处理，再导入' };
  }
  const certified = units.filter((u) => u.state === 'certified');
  if (certified.length > 1) return { problem: `系统中有 ${certified.length} 个该信用代码的已认证单位，无法确定更新哪一个` };
  return { employer: certified[0] ?? null };
}

export async function checkEmployerStore(entries: readonly EmployerEntry[], store: Store, label: (key: EmployerKey) => string): Promise<RowIssue[]> {
  const units = await employersByUscc(store, entries.map((e) => e.uscc));
  return entries.flatMap((e) => {
    const m = match(units.get(e.uscc) ?? []);
    return 'problem' in m ? [{ row: e.row, column: label('uscc'), reason: m.problem }] : [];
  });
}

export async function planEmployers(entries: readonly EmployerEntry[], store: Store, env: PlanEnv, label: (key: EmployerKey) => string): Promise<Planned[]> {
  const codes = entries.map((e) => e.uscc);
  const [units, claims] = await Promise.all([
    employersByUscc(store, codes),
    store.getMany('counters', codes.map(usccClaimId)),
  ]);
  const claimOf = new Map(claims.map((c) => [c._id, c]));
  return entries.map((e): Planned => {
    const m = match(units.get(e.uscc) ?? []);
    if ('problem' in m) return { row: e.row, outcome: 'refused', issue: { row: e.row, column: label('uscc'), reason: m.problem } };
    const fields = employerFields(e);
    const existing = m.employer;
    if (existing) {
      if (EMPLOYER_FIELDS.every((k) => existing[k] === fields[k])) return { row: e.row, outcome: 'unchanged', writes: [], audit: [] };
      const updated = step<'employer', EmployerDoc>({
        kind: 'employer', current: existing, id: existing._id, action: 'reimport', actor: env.actor, now: env.now, patch: fields,
      });
      return { row: e.row, outcome: 'updated', writes: [{ collection: 'employers', doc: updated.doc, expectedVersion: existing.version }], audit: [updated.audit] };
    }
    const created = step<'employer', EmployerDoc>({
      kind: 'employer', current: null, id: env.newId(), action: 'import', actor: env.actor, now: env.now, patch: fields,
    });
    const claim = claimOf.get(usccClaimId(e.uscc));
    const writes: Write[] = [
      { collection: 'employers', doc: created.doc, expectedVersion: 0 },
      {
        collection: 'counters',
        doc: { _id: usccClaimId(e.uscc), version: (claim?.version ?? 0) + 1, value: (claim?.value ?? 0) + 1 },
        expectedVersion: claim?.version ?? 0,
      },
    ];
    return { row: e.row, outcome: 'created', writes, audit: [created.audit] };
  });
}
