/**
 * `npm run peak` at a small size, through the same code: the runtime as `npm start` runs it, students each opening
 * 首页, answering 应约 and opening 三方协议 by autocannon while the reviewers approve, then every chain verified.
 * Only outcomes are asserted here; the latencies are `npm run peak`'s figures.
 */
import { runPeak, type PeakFigures } from '../../scripts/peak';

const STUDENTS = 20;

describe('peak hour on the local runtime, small', () => {
  let figures: PeakFigures;

  beforeAll(async () => {
    // given a school with 20 bound students, each with an open offer; when they all come at once (no pacing)
    figures = await runPeak({ students: STUDENTS, seconds: 0, connections: 10, maxSeconds: 60 });
  });

  it('answers every student call with no undocumented error', () => {
    expect(figures.failures).toEqual([]);
    for (const kind of ['home', 'respondOffer', 'agreement'] as const) {
      expect(figures.calls[kind].count).toBe(STUDENTS);
      expect(figures.calls[kind].errors).toEqual({});
    }
  });

  it('has the reviewers sign every accepted agreement, college then school', () => {
    const accepted = figures.calls.respondOffer.ok;
    expect(accepted).toBeGreaterThan(0);
    expect(figures.agreements).toEqual({ signed: accepted, pending: 0 });
    expect(figures.reviewItems.approved).toBe(2 * accepted);
  });

  it('leaves every audit chain verifying', () => {
    expect(figures.audit.broken).toEqual([]);
    // the demo school's records and, per student, its roster entry, binding, check, offer and agreement
    expect(figures.audit.records).toBeGreaterThanOrEqual(5 * STUDENTS);
  });
});
