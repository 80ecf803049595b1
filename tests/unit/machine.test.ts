/**
 * Every transition and every refusal of the five state machines, at the domain level: for each action, each
 * starting state (and "no record yet") and each role, `step` either moves to the table's target or refuses with
 * the code the user would see.
 */
import { ROLES, type RecordKind, type Role, type StateOf } from '../../typings';
import { AGREEMENT_STATES, CHECK_STATES, EMPLOYER_STATES, OFFER_STATES, TERMINATION_STATES } from '../../typings';
import { DomainError } from '../../server/domain/errors';
import { step, TABLES, type ActionOf } from '../../server/domain/machine';
import { GENESIS, verifyChain } from '../../server/domain/audit';
import type { Tracked } from '../../server/domain/types';

const STATES: { [K in RecordKind]: readonly StateOf<K>[] } = {
  check: CHECK_STATES,
  offer: OFFER_STATES,
  agreement: AGREEMENT_STATES,
  termination: TERMINATION_STATES,
  employer: EMPLOYER_STATES,
};

/** The manual's flow, as expected outcomes: if this table and the code disagree, one of them is wrong. */
const EXPECTED: Record<string, string> = {
  'check.submit': 'null|draft|returned → submitted by student',
  'check.withdraw': 'submitted → draft by student',
  'check.approve': 'submitted → approved by collegeReviewer,schoolReviewer',
  'check.return': 'submitted → returned by collegeReviewer,schoolReviewer (reason)',
  'offer.accept': 'open → accepted by student',
  'offer.decline': 'open → declined by student (reason)',
  'offer.expire': 'open → expired by system',
  'offer.withdraw': 'open → withdrawn by employer',
  'offer.supersede': 'open → superseded by student',
  'agreement.createFromOffer': 'null → pendingCollege by student',
  'agreement.collegeApprove': 'pendingCollege → pendingSchool by collegeReviewer',
  'agreement.collegeReturn': 'pendingCollege → returned by collegeReviewer (reason)',
  'agreement.schoolApprove': 'pendingSchool → signed by schoolReviewer',
  'agreement.schoolReturn': 'pendingSchool → returned by schoolReviewer (reason)',
  'agreement.terminate': 'signed → terminated by schoolReviewer',
  'termination.approve': 'submitted → approved by schoolReviewer',
  'termination.reject': 'submitted → rejected by schoolReviewer (reason)',
  'employer.certify': 'registered → certified by schoolReviewer',
  'employer.reject': 'registered → rejected by schoolReviewer (reason)',
};

const NOW = '2026-03-02T02:00:00.000Z';

function record<K extends RecordKind>(kind: K, state: StateOf<K>): Tracked & { state: StateOf<K> } {
  return { _id: `${kind}-1`, version: 3, createdAt: NOW, updatedAt: NOW, auditHead: 'f'.repeat(64), state };
}

function attempt<K extends RecordKind>(kind: K, action: ActionOf<K>, from: StateOf<K> | null, role: Role, reason?: string) {
  try {
    const out = step({
      kind,
      current: from === null ? null : record(kind, from),
      id: `${kind}-1`,
      action,
      actor: { openid: `o-${role}`, role },
      now: NOW,
      patch: {},
      ...(reason ? { reason } : {}),
    });
    return { ok: true as const, out };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false as const, code: e.code };
    throw e;
  }
}

describe.each(Object.keys(TABLES) as RecordKind[])('%s machine', (kind) => {
  const table = TABLES[kind] as Record<string, { from: readonly (string | null)[]; to?: string; initial?: string; by: readonly Role[]; reasonRequired?: boolean }>;
  const states: (string | null)[] = [null, ...STATES[kind]];

  it('matches the manual’s flow for the actions it names', () => {
    for (const [action, rule] of Object.entries(table)) {
      const key = `${kind}.${action}`;
      if (!(key in EXPECTED)) continue;
      const described = `${rule.from.map(String).join('|')} → ${rule.to} by ${rule.by.join(',')}${rule.reasonRequired ? ' (reason)' : ''}`;
      expect(described).toBe(EXPECTED[key]);
    }
  });

  for (const [action, rule] of Object.entries(table)) {
    it(`${action}: moves from allowed states for allowed roles, refuses everything else`, () => {
      for (const from of states) {
        for (const role of ROLES) {
          const result = attempt(kind, action as ActionOf<typeof kind>, from as StateOf<typeof kind> | null, role, '原因');
          if (!rule.by.includes(role)) {
            expect({ from, role, result: result.ok ? 'ok' : result.code }).toEqual({ from, role, result: 'FORBIDDEN' });
          } else if (!rule.from.includes(from)) {
            expect({ from, role, result: result.ok ? 'ok' : result.code }).toEqual({ from, role, result: 'INVALID_TRANSITION' });
          } else {
            expect(result.ok).toBe(true);
            if (!result.ok) continue;
            const { doc, audit } = result.out;
            expect(doc.state).toBe(rule.to ?? (from === null ? rule.initial : from));
            expect(doc.version).toBe(from === null ? 1 : 4);
            expect(audit).toMatchObject({ record: kind, action, from, to: doc.state, actor: { role }, at: NOW, seq: doc.version });
            expect(audit.prevHash).toBe(from === null ? GENESIS : 'f'.repeat(64));
            expect(doc.auditHead).toBe(audit.hash);
          }
        }
      }
    });
    if (rule.reasonRequired) {
      it(`${action}: refuses without a reason (blank counts as none)`, () => {
        const from = rule.from[0] as StateOf<typeof kind> | null;
        const role = rule.by[0]!;
        expect(attempt(kind, action as ActionOf<typeof kind>, from, role)).toEqual({ ok: false, code: 'REASON_REQUIRED' });
        expect(attempt(kind, action as ActionOf<typeof kind>, from, role, '   ')).toEqual({ ok: false, code: 'REASON_REQUIRED' });
      });
    }
  }

  it('terminal states stay terminal: no action leaves them', () => {
    const leaving = new Set(Object.values(table).flatMap((r) => r.from.filter((f) => f !== null && r.to !== undefined && r.to !== f)));
    const editable = new Set(Object.values(table).flatMap((r) => (r.to === undefined ? r.from : [])));
    const terminal = STATES[kind].filter((s) => !leaving.has(s) && !editable.has(s));
    const expectedTerminal: Record<RecordKind, string[]> = {
      check: ['approved'],
      offer: ['accepted', 'declined', 'expired', 'withdrawn', 'superseded'],
      agreement: ['terminated', 'cancelled'],
      termination: ['approved', 'rejected', 'withdrawn'],
      employer: ['certified', 'rejected'],
    };
    expect([...terminal].sort()).toEqual([...expectedTerminal[kind]].sort());
  });
});

describe('a chain of steps', () => {
  it('links each audit entry to the one before and verifies; any edit is detected', () => {
    const actor = { openid: 'o1', role: 'student' as const };
    const reviewer = { openid: 'o2', role: 'collegeReviewer' as const };
    const a = step({ kind: 'check', current: null, id: 'c1', action: 'submit', actor, now: NOW, patch: {} });
    const b = step({ kind: 'check', current: a.doc, id: 'c1', action: 'return', actor: reviewer, now: NOW, reason: '手机号有误', patch: {} });
    const c = step({ kind: 'check', current: b.doc, id: 'c1', action: 'submit', actor, now: NOW, patch: {} });
    const chain = [a.audit, b.audit, c.audit];
    expect(verifyChain(chain, c.doc.auditHead)).toBeNull();
    expect(verifyChain([a.audit, { ...b.audit, reason: '改过的原因' }, c.audit])).toMatchObject({ seq: 2, problem: 'hash' });
    expect(verifyChain([a.audit, c.audit])).toMatchObject({ seq: 3, problem: 'seq' });
    expect(verifyChain([b.audit, c.audit])).toMatchObject({ seq: 2, problem: 'seq' });
    expect(verifyChain(chain, a.doc.auditHead)).toMatchObject({ seq: 3, problem: 'head' });
  });
});
