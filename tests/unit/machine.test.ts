/**
 * Every transition and every refusal of the five state machines, at the domain level: for each action, each
 * starting state (and "no record yet") and each role, `step` either moves to the table's target or refuses with
 * the code the user would see.
 */
import { ROLES, type RecordKind, type Role, type StateOf } from '../../typings';
import { AGREEMENT_STATES, CHECK_STATES, DESTINATION_STATES, EMPLOYER_STATES, OFFER_STATES, TERMINATION_STATES } from '../../typings';
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
  destination: DESTINATION_STATES,
};

/**
 * The manual's flow, as expected outcomes, one entry per action of every machine: if this table and the code
 * disagree, one of them is wrong. Written from the design notes, the manual and docs/decisions.md, not from the
 * code. Grammar: `<moves> by <roles>[ (reason)]`, where `<moves>` is `; `-separated `<from>|<from> → <to>`, `null`
 * is "no record yet" (the action creates it) and `<to>` = `same` keeps the state (an edit).
 */
const EXPECTED: Record<string, string> = {
  // 生源信息 / 就业信息: 保存 and 还原学校信息 on the form, 提交, 撤回 only before the college has acted
  'check.save': 'null → draft; draft|returned → same by student',
  'check.restore': 'draft|returned → same by student',
  'check.submit': 'null|draft|returned → submitted by student',
  'check.withdraw': 'submitted → draft by student',
  'check.approve': 'submitted → approved by collegeReviewer,schoolReviewer',
  'check.return': 'submitted → returned by collegeReviewer,schoolReviewer (reason)',
  // 邀约: the employer creates, edits and withdraws while open; the student answers; the timer reminds and expires
  'offer.create': 'null → open by employer',
  'offer.edit': 'open → same by employer',
  'offer.remind': 'open → same by system',
  'offer.accept': 'open → accepted by student',
  'offer.decline': 'open → declined by student (reason)',
  'offer.supersede': 'open → superseded by student',
  'offer.withdraw': 'open → withdrawn by employer',
  'offer.expire': 'open → expired by system',
  // 三方协议: 应约 or 学生发起签约; 撤回 before the college acts; 作废 a draft or a returned one; college then school
  'agreement.createFromOffer': 'null → pendingCollege by student',
  'agreement.save': 'null → draft; draft|returned → same by student',
  'agreement.submit': 'null|draft|returned → pendingCollege by student',
  'agreement.withdraw': 'pendingEmployer|pendingCollege → draft by student',
  // 单位确认 (setting employerConfirmation): a student-initiated submission waits for its unit, which confirms or
  // refuses (with a reason, back to the student); the student draws the confirmation link meanwhile
  'agreement.submitToEmployer': 'null|draft|returned → pendingEmployer by student',
  'agreement.employerConfirm': 'pendingEmployer → pendingCollege by employer',
  'agreement.employerRefuse': 'pendingEmployer → returned by employer (reason)',
  'agreement.issueLink': 'pendingEmployer → same by student',
  'agreement.cancel': 'draft|returned → cancelled by student',
  'agreement.revise': 'returned → pendingCollege by employer',
  'agreement.collegeApprove': 'pendingCollege → pendingSchool by collegeReviewer',
  'agreement.collegeReturn': 'pendingCollege → returned by collegeReviewer (reason)',
  'agreement.schoolApprove': 'pendingSchool → signed by schoolReviewer',
  'agreement.schoolReturn': 'pendingSchool → returned by schoolReviewer (reason)',
  'agreement.terminate': 'signed → terminated by schoolReviewer',
  // 盖章回传 (setting employerSeal): the school's approval sends it to be stamped; the unit or the student uploads the
  // stamped pages; the school verifies them (signed) or asks for them again
  'agreement.schoolApproveToSeal': 'pendingSchool → pendingSeal by schoolReviewer',
  'agreement.uploadSeal': 'pendingSeal → pendingSealReview by employer,student',
  'agreement.sealApprove': 'pendingSealReview → signed by schoolReviewer',
  'agreement.sealReturn': 'pendingSealReview → pendingSeal by schoolReviewer (reason)',
  // 申请解约: either party asks; with mutual consent (a school setting) the other consents or refuses before the school
  'termination.submit': 'null → submitted by student,employer',
  'termination.propose': 'null → pendingConsent by student,employer',
  'termination.consent': 'pendingConsent → submitted by student,employer',
  'termination.refuse': 'pendingConsent → refused by student,employer (reason)',
  'termination.withdraw': 'pendingConsent|submitted → withdrawn by student,employer',
  'termination.approve': 'submitted → approved by schoolReviewer',
  'termination.reject': 'submitted → rejected by schoolReviewer (reason)',
  // 用人单位: registers and is certified by the school, or comes certified from the admin's import of the library
  'employer.register': 'null → registered by employer',
  'employer.import': 'null → certified by admin',
  'employer.reimport': 'certified → same by admin',
  'employer.certify': 'registered → certified by schoolReviewer',
  'employer.reject': 'registered → rejected by schoolReviewer (reason)',
  // 毕业去向登记: 保存 / 提交 also from an approved record (a change waits for review while the approved values stay in
  // force); 撤回 before a reviewer acts; 本人确认 of approved values; a signed agreement fills it and an approved
  // termination resets it (the school's decisions); after the deadline a reviewer amends it, with a reason
  'destination.save': 'null → draft; draft|returned|approved → same by student',
  'destination.submit': 'null|draft|returned|approved → submitted by student',
  'destination.withdraw': 'submitted → draft by student',
  'destination.approve': 'submitted → approved by collegeReviewer,schoolReviewer',
  'destination.return': 'submitted → returned by collegeReviewer,schoolReviewer (reason)',
  'destination.confirm': 'approved → same by student',
  'destination.fill': 'null|draft|submitted|returned|approved → approved by schoolReviewer',
  'destination.reset': 'null|draft|submitted|returned|approved → approved by schoolReviewer',
  'destination.amend': 'null|draft|submitted|returned|approved → approved by collegeReviewer,schoolReviewer (reason)',
  // the admin's record of a national sheet upload (export national --mark-reported): the state stays, a change waits on
  'destination.markReported': 'approved|submitted|draft|returned → same by admin',
};

/** An EXPECTED entry read: for each starting state the action accepts, where it goes; who may; whether it needs a reason. */
interface Expectation {
  moves: Map<string | null, string>;
  by: Role[];
  reason: boolean;
}

function parse(kind: RecordKind, spec: string): Expectation {
  const m = /^(.+) by ([A-Za-z,]+)( \(reason\))?$/.exec(spec);
  if (!m) throw new Error(`${kind}: cannot read "${spec}"`);
  const known = new Set<string>(STATES[kind]);
  const moves = new Map<string | null, string>();
  for (const clause of m[1]!.split('; ')) {
    const c = /^(\S+) → (\S+)$/.exec(clause);
    if (!c) throw new Error(`${kind}: cannot read "${clause}" in "${spec}"`);
    for (const name of c[1]!.split('|')) {
      const from = name === 'null' ? null : name;
      if (from !== null && !known.has(from)) throw new Error(`${kind}: no state "${from}" in "${spec}"`);
      if (moves.has(from)) throw new Error(`${kind}: "${name}" named twice in "${spec}"`);
      const to = c[2] === 'same' ? from : c[2]!;
      if (to === null || !known.has(to)) throw new Error(`${kind}: no target state for "${name}" in "${spec}"`);
      moves.set(from, to);
    }
  }
  const by = m[2]!.split(',');
  for (const role of by) if (!(ROLES as readonly string[]).includes(role)) throw new Error(`${kind}: no role "${role}" in "${spec}"`);
  return { moves, by: by as Role[], reason: Boolean(m[3]) };
}

function expectedFor(kind: RecordKind): Map<string, Expectation> {
  const out = new Map<string, Expectation>();
  for (const [key, spec] of Object.entries(EXPECTED)) {
    const [k, action] = key.split('.');
    if (k === kind) out.set(action!, parse(kind, spec));
  }
  return out;
}

const KINDS = Object.keys(STATES) as RecordKind[];

const NOW = '2026-03-02T02:00:00.000Z';

function record<K extends RecordKind>(kind: K, state: StateOf<K>): Tracked & { state: StateOf<K> } {
  return { _id: `${kind}-1`, version: 3, createdAt: NOW, updatedAt: NOW, auditHead: 'f'.repeat(64), state };
}

function attempt<K extends RecordKind>(kind: K, action: string, from: StateOf<K> | null, role: Role, reason?: string) {
  try {
    const out = step({
      kind,
      current: from === null ? null : record(kind, from),
      id: `${kind}-1`,
      action: action as ActionOf<K>,
      actor: { openid: `o-${role}`, role },
      now: NOW,
      patch: {},
      ...(reason !== undefined ? { reason } : {}),
    });
    return { ok: true as const, out };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false as const, code: e.code };
    throw e;
  }
}

describe('the expected flow', () => {
  it('names every action of every machine, and only actions that exist', () => {
    const inCode = KINDS.flatMap((kind) => Object.keys(TABLES[kind]).map((action) => `${kind}.${action}`)).sort();
    expect({ missingFromExpected: inCode.filter((key) => !(key in EXPECTED)) }).toEqual({ missingFromExpected: [] });
    expect({ notInCode: Object.keys(EXPECTED).filter((key) => !inCode.includes(key)) }).toEqual({ notInCode: [] });
    expect(Object.keys(TABLES).sort()).toEqual([...KINDS].sort());
  });

  it('is well formed: known states and roles, each starting state once', () => {
    for (const kind of KINDS) expect(() => expectedFor(kind)).not.toThrow();
  });

  it('is what the code’s tables say, rule by rule', () => {
    for (const kind of KINDS) {
      const table = TABLES[kind] as Record<string, { from: readonly (string | null)[]; to?: string; initial?: string; by: readonly Role[]; reasonRequired?: boolean }>;
      for (const [action, rule] of Object.entries(table)) {
        const expected = expectedFor(kind).get(action);
        const inCode = {
          moves: new Map(rule.from.map((from) => [from, rule.to ?? (from === null ? rule.initial : from)])),
          by: [...rule.by].sort(),
          reason: rule.reasonRequired === true,
        };
        expect({ action: `${kind}.${action}`, ...inCode }).toEqual({
          action: `${kind}.${action}`,
          ...(expected ? { ...expected, by: [...expected.by].sort() } : {}),
        });
      }
    }
  });
});

describe.each(KINDS)('%s machine', (kind) => {
  const expected = expectedFor(kind);
  const states: (StateOf<typeof kind> | null)[] = [null, ...STATES[kind]];

  for (const [action, rule] of expected) {
    it(`${action}: moves from the expected states for the expected roles, refuses everything else`, () => {
      const outcomes: { from: string | null; role: Role; result: string }[] = [];
      const wanted: typeof outcomes = [];
      for (const from of states) {
        for (const role of ROLES) {
          const result = attempt(kind, action, from, role, rule.reason ? '原因' : undefined);
          outcomes.push({ from, role, result: result.ok ? `→ ${result.out.doc.state}` : result.code });
          const code = !rule.by.includes(role) ? 'FORBIDDEN' : !rule.moves.has(from) ? 'INVALID_TRANSITION' : `→ ${rule.moves.get(from)}`;
          wanted.push({ from, role, result: code });
          if (!result.ok) continue;
          const { doc, audit } = result.out;
          expect(doc.version).toBe(from === null ? 1 : 4);
          expect(audit).toMatchObject({ record: kind, action, from, to: doc.state, actor: { role }, at: NOW, seq: doc.version });
          expect(audit.prevHash).toBe(from === null ? GENESIS : 'f'.repeat(64));
          expect(doc.auditHead).toBe(audit.hash);
          if (rule.reason) expect(audit.reason).toBe('原因');
        }
      }
      expect(outcomes).toEqual(wanted);
    });
    if (rule.reason) {
      it(`${action}: refuses without a reason (blank counts as none), trims the one given`, () => {
        for (const [from] of rule.moves) {
          for (const role of rule.by) {
            const at = from as StateOf<typeof kind> | null;
            expect({ from, role, ...attempt(kind, action, at, role) }).toEqual({ from, role, ok: false, code: 'REASON_REQUIRED' });
            expect({ from, role, ...attempt(kind, action, at, role, '   ') }).toEqual({ from, role, ok: false, code: 'REASON_REQUIRED' });
            const given = attempt(kind, action, at, role, '  原因  ');
            expect(given.ok && given.out.audit.reason).toBe('原因');
          }
        }
      });
    }
  }

  it('terminal states stay terminal: no action of the code leaves them', () => {
    const leaving = new Set([...expected.values()].flatMap((r) => [...r.moves].filter(([from, to]) => from !== to).map(([from]) => from)));
    const terminal = STATES[kind].filter((s) => !leaving.has(s));
    const expectedTerminal: Record<RecordKind, string[]> = {
      check: ['approved'],
      offer: ['accepted', 'declined', 'expired', 'withdrawn', 'superseded'],
      agreement: ['terminated', 'cancelled'],
      termination: ['approved', 'rejected', 'withdrawn', 'refused'],
      employer: ['certified', 'rejected'],
      destination: [],
    };
    expect([...terminal].sort()).toEqual([...expectedTerminal[kind]].sort());
    for (const from of expectedTerminal[kind]) {
      for (const action of Object.keys(TABLES[kind])) {
        for (const role of ROLES) {
          const result = attempt(kind, action, from as StateOf<typeof kind>, role, '原因');
          if (result.ok) expect({ from, action, role, to: result.out.doc.state }).toEqual({ from, action, role, to: from });
        }
      }
    }
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
