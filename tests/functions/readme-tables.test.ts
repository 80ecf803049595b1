/**
 * The README's tables a developer tries things with, kept true: the query views (every view the schema takes, its
 * fields, and the roles each answers), and the demo roster to try `bind` with (学号, 姓名, 身份证后六位 as seeded).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { querySchema } from '../../server/app/schemas';
import { bind } from '../../server/usecases/bind';
import { query } from '../../server/usecases/query';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { makeSystem, rid, type TestSystem } from '../support/harness';

const README = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');

/** the rows of the first table after `heading`, as cells */
function table(heading: string): string[][] {
  const section = README.slice(README.indexOf(heading));
  const first = section.split('\n').findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of section.split('\n').slice(first)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|').slice(1, -1).map((c) => c.trim()));
  }
  expect(rows.length).toBeGreaterThan(2);
  return rows.slice(2);
}

const ticked = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** the schema's views with their fields */
const views = new Map(
  querySchema.options.map((o) => [o.entries.view.literal as string, Object.keys(o.entries).filter((k) => k !== 'view').sort()]),
);

/** an event each view takes: its required ids filled with a record that exists, or one that does not */
const EVENTS: Record<string, object> = {
  check: { kind: 'source' },
  offer: { id: 'offer-demo-1' },
  termination: { agreementId: 'no-such-agreement' },
  terminationForm: { agreementId: 'no-such-agreement' },
  reviewQueue: { queue: 'sourceCheck' },
  reviewDetail: { record: 'check', id: 'source:no-such-student' },
  confirmLink: { token: 'N'.repeat(28) },
  employerAgreement: { id: 'no-such-agreement' },
  seal: { agreementId: 'no-such-agreement' },
};
const ROLES: Record<string, string[]> = {
  student: [DEMO_OPENIDS.student, DEMO_OPENIDS.student2],
  employer: [DEMO_OPENIDS.employer],
  reviewers: [DEMO_OPENIDS.collegeReviewer, DEMO_OPENIDS.collegeReviewerEm, DEMO_OPENIDS.schoolReviewer],
};

describe('README: query views', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await makeSystem();
  });
  afterAll(() => sys.close());

  const rows = table('### Query views');

  it('lists every view the query schema takes, once, with exactly its fields', () => {
    expect(rows.map((r) => ticked(r[0]!)[0]).sort()).toEqual([...views.keys()].sort());
    for (const [cell, fields] of rows.map((r) => [r[0]!, r[1]!] as const)) {
      const view = ticked(cell)[0]!;
      // what a field takes is said in brackets after it; the fields are the names outside them
      const named = ticked(fields.replace(/\([^)]*\)/g, '')).sort();
      expect({ view, fields: named }).toEqual({ view, fields: views.get(view) });
    }
  });

  it.each(rows.map((r) => [ticked(r[0]!)[0]!, r[2]!]))('%s answers the roles it lists (%s) and refuses the others', async (view, who) => {
    const listed = who.startsWith('everyone') ? Object.keys(ROLES) : Object.keys(ROLES).filter((role) => who.split('(')[0]!.includes(role));
    expect(listed.length).toBeGreaterThan(0);
    for (const [role, openids] of Object.entries(ROLES)) {
      for (const openid of openids) {
        const answer = await sys.call(query, openid, { view, ...EVENTS[view] });
        const refused = !answer.ok && answer.code === 'FORBIDDEN';
        const sentHome = answer.ok && typeof answer.data === 'object' && answer.data !== null && 'home' in answer.data;
        const where = `${view} as ${openid}`;
        // a form may send even its own role home (the school has not opened it, the unit is not certified)
        if (listed.includes(role)) expect({ where, refused }).toEqual({ where, refused: false });
        else expect({ where, turnedAway: refused || (who.includes('their `home`') && sentHome) }).toEqual({ where, turnedAway: true });
      }
    }
  });
});

describe('README: the demo roster', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await makeSystem();
  });
  afterAll(() => sys.close());

  it('lists every seeded student with the 身份证后六位 bind takes, and who is bound', async () => {
    const rows = table('| 学号 | 姓名 | 身份证后六位');
    const students = await sys.all('students');
    expect(rows.map((r) => r.slice(0, 4))).toEqual(
      students.sort((a, b) => a.studentNo.localeCompare(b.studentNo)).map((s) => [s.studentNo, s.name, s.idNumber.slice(-6), s.collegeName]),
    );
    expect(rows.map((r) => ticked(r[4]!)[0] ?? null)).toEqual(students.map((s) => s.openid));
  });

  it('binds the unbound student from a new openid with the row as written', async () => {
    const row = table('| 学号 | 姓名 | 身份证后六位').find((r) => !r[4])!;
    const answer = await sys.call(bind, 'readme-new-openid', { action: 'student', requestId: rid(), studentNo: row[0], name: row[1], idLast6: row[2] });
    expect(answer).toMatchObject({ ok: true });
  });
});
