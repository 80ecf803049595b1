/**
 * The graduates of the national export's bench (scripts/bench-national.ts): a roster and confirmed destinations of
 * every kind, written straight into a local store; and a later change of some. Kept apart from the bench so that the
 * processes measuring the export load only what the admin command loads.
 */
import path from 'node:path';
import { openLocal } from '../../admin/target';
import type { DestinationContent } from '../../typings';
import { valuesHash } from '../../server/domain/destination';
import { withIdCheckDigit, withUsccCheck } from '../../server/domain/identifiers';
import type { DestinationDoc, StudentDoc } from '../../server/domain/types';
import { seedDemo } from '../../server/runtime/seed';
import { LocalFileStorage } from '../../server/storage/local';
import type { Write } from '../../server/store/port';
import { SHEET_CONTENTS, aConfirmedDestination, aStudent } from '../../tests/domain/builders';

export const GRADUATES = Number(process.env.NATIONAL_GRADUATES ?? 20_000);

// above the demo roster's numbers (2026010101…)
const studentNo = (i: number): string => `2026${500_000 + i}`;

/** A realistic mix: most employed (each kind of job type), some 升学 / 出国, the rest 待就业, 创业, 基层, 入伍. */
function contentFor(i: number): DestinationContent {
  const job = SHEET_CONTENTS.job;
  const k = i % 20;
  if (k < 11) {
    const uscc = withUsccCheck(`9144030${String(i % 997).padStart(3, '0')}MA5D8K2`);
    const type = ['10', '11', '12', '27'][k % 4]!;
    return { ...job, type, employer: { ...job.employer, name: `深圳示例科技有限公司${i % 997}`, uscc, industry: ['65', 'C', '83', 'J'][k % 4]!, jobCategory: ['13', '21', '24', '29'][k % 4]! } };
  }
  if (k < 14) return SHEET_CONTENTS.study;
  if (k === 14) return { type: '85', abroad: { country: '英国', institution: 'University of Edinburgh', purpose: 'study' } };
  if (k < 17) return SHEET_CONTENTS.seeking;
  if (k === 17) return SHEET_CONTENTS.business;
  if (k === 18) return SHEET_CONTENTS.project;
  return SHEET_CONTENTS.enlistment;
}

export async function generate(dataDir: string): Promise<void> {
  const target = await openLocal(dataDir, { create: true });
  const store = target.store;
  let n = 0;
  await seedDemo({ store, files: new LocalFileStorage(path.join(dataDir, 'files')), sender: { send: async () => ({ ok: true }) }, clock: () => new Date(), newId: () => `g${++n}` });
  for (let start = 0; start < GRADUATES; start += 1000) {
    const writes: Write[] = [];
    for (let i = start; i < Math.min(GRADUATES, start + 1000); i++) {
      const no = studentNo(i);
      const student: StudentDoc = aStudent({
        _id: no,
        studentNo: no,
        name: `学生${i}`,
        idNumber: withIdCheckDigit(`44030520030415${String(i % 1000).padStart(3, '0')}`),
        gender: i % 2 ? '男' : '女',
        openid: null,
        source: { ethnicity: '汉族', politicalStatus: i % 3 ? '共青团员' : '中共党员', trainingMode: '非定向', originRegion: '440305' },
      });
      const dest: DestinationDoc = aConfirmedDestination(contentFor(i), {
        _id: `destination:${no}`,
        studentNo: no,
        studentName: student.name,
        ...(i % 20 === 7 ? { confirmedAt: undefined } : {}),
      });
      writes.push({ collection: 'students', doc: student, expectedVersion: 0 }, { collection: 'destinations', doc: dest, expectedVersion: 0 });
    }
    await store.commit({ writes, audit: [], outbox: [] });
  }
  await target.close();
}

/** Re-approves up to `count` reported graduates' values with another job title (they become 有改动): how many. */
export async function change(dataDir: string, count: number): Promise<number> {
  const target = await openLocal(dataDir, { create: false });
  let changed = 0;
  for (let i = 0; i < GRADUATES && changed < count; i++) {
    const doc = await target.store.get('destinations', `destination:${studentNo(i)}`);
    if (!doc?.approved?.employer || doc.report.state !== 'reported') continue;
    const approved = { ...doc.approved, employer: { ...doc.approved.employer, jobTitle: '高级工程师' } };
    // approved and confirmed again by the student (本人确认 holds for the values in force only)
    const confirmed = { confirmedAt: new Date().toISOString(), confirmedHash: valuesHash(approved) };
    await target.store.put('destinations', { ...doc, version: doc.version + 1, approved, content: approved, ...confirmed }, doc.version);
    changed += 1;
  }
  await target.close();
  return changed;
}

