/**
 * 去向落实率 in tests: roster entries and 毕业去向登记 records built directly (as an admin load or a restore writes
 * them, through the store's put, which keeps the summaries), and the figures recounted from the records themselves,
 * without the summaries, as an employment office would count them by hand from a list.
 */
import type { DestinationContent } from '../../typings';
import { DESTINATION_TYPES, type DestinationCategory } from '../../typings/codes/destination';
import type { DestinationDoc, StudentDoc } from '../../server/domain/types';
import type { Store } from '../../server/store/port';

const AT = '2026-06-01T02:00:00.000Z';

export function aGraduate(studentNo: string, collegeId: string, major: string, over: Partial<StudentDoc> = {}): StudentDoc {
  return {
    _id: studentNo,
    version: 1,
    createdAt: AT,
    updatedAt: AT,
    auditHead: '',
    studentNo,
    name: `学生${studentNo.slice(-4)}`,
    idNumber: `11010120040101${studentNo.slice(-4)}`,
    gender: '男',
    collegeId,
    collegeName: collegeId,
    major,
    educationLevel: '31',
    graduationYear: 2026,
    source: {},
    employment: {},
    openid: null,
    activeAgreementId: null,
    ...over,
  } as StudentDoc;
}

/** The least content of a type: the part it asks for, with plausible values (the figures read the type only). */
export function contentOf(type: string): DestinationContent {
  const employer = { name: '深圳市某科技有限公司', uscc: '91440300MA5FXXXX0X', nature: '39', industry: 'I', region: '440305', jobCategory: '10', jobTitle: '软件工程师', contactName: '王经理', contactPhone: '13900000000' };
  const parts = DESTINATION_TYPES.entries.find((t) => t.code === type)?.parts ?? [];
  return {
    type,
    ...(parts.includes('employer') ? { employer } : {}),
    ...(parts.includes('study') ? { study: { school: '北京大学', programme: '计算机技术', level: '硕士研究生' } } : {}),
    ...(type === '70' ? { pendingKind: 'seeking' } : {}),
  } as DestinationContent;
}

export interface DestinationOver {
  /** the approved type; null: never approved */
  approved: string | null;
  /** type 10 filled by an agreement signed here */
  online?: boolean;
  /** the working copy's type when it differs from the approved (a change waiting for review) */
  working?: string;
  state?: DestinationDoc['state'];
}

export function aDestination(student: Pick<StudentDoc, 'studentNo' | 'name' | 'collegeId' | 'major'>, o: DestinationOver, version = 1): DestinationDoc {
  const approvedContent = o.approved === null ? null : { ...contentOf(o.approved), approvedAt: AT, evidence: [] };
  return {
    _id: `destination:${student.studentNo}`,
    version,
    createdAt: AT,
    updatedAt: AT,
    auditHead: '',
    studentNo: student.studentNo,
    studentName: student.name,
    collegeId: student.collegeId,
    major: student.major,
    state: o.state ?? (o.approved === null ? 'submitted' : 'approved'),
    content: contentOf(o.working ?? o.approved ?? '70'),
    evidence: [],
    approved: approvedContent,
    ...(o.online ? { agreementId: `agreement-of-${student.studentNo}` } : {}),
    flags: [],
    flagged: false,
    report: { state: 'new' },
    studentOpenid: null,
  };
}

export interface Recount {
  graduates: number;
  byCategory: Record<DestinationCategory, number>;
  unregistered: number;
  jobDestinations: number;
  signedOnline: number;
}

const CATEGORY = new Map(DESTINATION_TYPES.entries.map((t) => [t.code, t.category]));
const JOB_TYPES = new Set(['10', '11', '12', '27']);

/** The figures of the students `mine` picks, counted from the records one by one. */
export async function recount(store: Store, mine: (s: { collegeId: string; major: string }) => boolean): Promise<Recount> {
  const students = (await store.query('students', { limit: 1_000_000 })).items.filter(mine);
  const records = (await store.query('destinations', { limit: 1_000_000 })).items.filter(mine);
  const byCategory: Record<DestinationCategory, number> = { contract: 0, flexible: 0, study: 0, unemployed: 0 };
  let approved = 0;
  let jobDestinations = 0;
  let signedOnline = 0;
  for (const d of records) {
    if (!d.approved) continue;
    approved++;
    byCategory[CATEGORY.get(d.approved.type)!]++;
    if (JOB_TYPES.has(d.approved.type)) {
      jobDestinations++;
      if (d.approved.type === '10' && d.agreementId) signedOnline++;
    }
  }
  return { graduates: students.length, byCategory, unregistered: students.length - approved, jobDestinations, signedOnline };
}
