/**
 * 毕业去向登记 drafts as the student's form posts them, one valid draft per destination type, and the calls that move a
 * record through registerDestination and review.
 */
import { registerDestination } from '../../server/usecases/registerDestination';
import { review } from '../../server/usecases/review';
import { DESTINATION_TYPES } from '../../typings/codes/destination';
import { usccCheckChar } from '../../typings/rules/identifiers';
import type { DestinationDraft, Mutated, ReviewOutcome } from '../../typings';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { rid, type TestSystem } from './harness';

/** 深圳示例科技有限公司's credit code (valid check character). */
export const DEMO_USCC = '91440300MA5D8K2P1F';
/** A credit code with a valid check character, from its first 17 characters. */
export const withCheckChar = (prefix17: string): string => `${prefix17}${usccCheckChar(prefix17)}`;
export const BUSINESS_USCC = withCheckChar('92440300MA5F00001');

export const EMPLOYER_PART = {
  name: '深圳示例科技有限公司',
  uscc: DEMO_USCC,
  nature: '39',
  industry: 'I',
  region: '440305',
  jobCategory: '13',
  jobTitle: '软件开发工程师',
  contactName: '陈经理',
  contactPhone: '13912345678',
};

export const FILE_PART = {
  receiverKind: 'talentCentre' as const,
  receiver: '深圳市人才交流服务中心',
  address: '广东省深圳市福田区深南大道1号',
  postcode: '518000',
  phone: '0755-83000000',
};

export const HUKOU_PART = { migrate: true, address: '广东省深圳市南山区粤海街道科技南路88号', policeStation: '粤海派出所' };

/** Each type's parts, filled as a student would. */
const PARTS: Record<string, Partial<DestinationDraft>> = {
  '10': { employer: EMPLOYER_PART, hukou: HUKOU_PART },
  '11': { employer: EMPLOYER_PART, hukou: HUKOU_PART },
  '12': { employer: { ...EMPLOYER_PART, name: '深圳市南山区教育局', nature: '10', industry: 'S', jobCategory: '10' }, hukou: { migrate: false } },
  '27': { employer: { ...EMPLOYER_PART, name: '示例大学计算机学院', nature: '21', industry: 'P', jobCategory: '11' } },
  '46': { enlistment: { noticeNo: '粤征2026第0012号', region: '440305' } },
  '50': { project: { name: '西部计划', serviceUnit: '某县第一中学', region: '510107' } },
  '51': { project: { name: '选调生', serviceUnit: '某镇人民政府', region: '440305' } },
  '75': { business: { name: '深圳某某网络工作室', uscc: BUSINESS_USCC, region: '440305' } },
  '76': { freelance: { description: '自由撰稿及新媒体运营', region: '440305' } },
  '80': { study: { school: '北京大学', programme: '计算机科学与技术', level: '硕士研究生' } },
  '85': { abroad: { country: '英国', institution: 'University of Edinburgh', purpose: 'study' } },
  '70': { pendingKind: 'seeking' },
  '71': {},
  '72': {},
};

export const ALL_TYPES = DESTINATION_TYPES.entries.map((t) => t.code);

/** A complete draft of `type`, with `evidenceFiles` (the caller uploads them). */
export function aDraft(type: string, evidenceFiles: string[] = [], over: Partial<DestinationDraft> = {}): DestinationDraft {
  return { type, ...PARTS[type], file: FILE_PART, evidenceFiles, ...over } as DestinationDraft;
}

/** Whether `type` asks for evidence. */
export const needsEvidence = (type: string): boolean => DESTINATION_TYPES.entries.find((t) => t.code === type)?.evidence != null;

export const destinationOf = (studentNo: string) => `destination:${studentNo}`;

export async function save(sys: TestSystem, openid: string, draft: DestinationDraft, version: number): Promise<Mutated> {
  return sys.ok(registerDestination, openid, { action: 'save', requestId: rid(), version, draft });
}

export async function submit(sys: TestSystem, openid: string, draft: DestinationDraft | undefined, version: number): Promise<Mutated> {
  return sys.ok(registerDestination, openid, { action: 'submit', requestId: rid(), version, ...(draft ? { draft } : {}) });
}

/** A reviewer's decision on one destination, through review. */
export async function decide(
  sys: TestSystem,
  reviewer: string,
  decision: 'approve' | 'return',
  id: string,
  version: number,
  reason?: string,
): Promise<ReviewOutcome> {
  return sys.ok(review, reviewer, { requestId: rid(), decision, items: [{ record: 'destination', id, version }], ...(reason ? { reason } : {}) });
}

/** 张三's (or another student's) destination of `type`, submitted with evidence and approved by the college. */
export async function registered(sys: TestSystem, openid: string, studentNo: string, type: string, reviewer: string = DEMO_OPENIDS.collegeReviewer): Promise<Mutated> {
  const files = needsEvidence(type) ? [await sys.upload(openid, `evidence-${type}.pdf`)] : [];
  const sent = await submit(sys, openid, aDraft(type, files), 0);
  const outcome = await decide(sys, reviewer, 'approve', destinationOf(studentNo), sent.version);
  const result = outcome.results[0]!;
  if (!result.ok) throw new Error(`approval failed: ${result.code} ${result.message}`);
  return { record: 'destination', id: result.id, state: result.state as Mutated['state'], version: result.version };
}
