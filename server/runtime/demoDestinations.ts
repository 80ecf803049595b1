/**
 * 毕业去向登记 for the local runtime's demo school: six more graduates, bound, whose destinations stand in different
 * states and types (a draft, submissions with evidence, one approved and confirmed, one returned, 升学, 待就业), so the
 * reviewers' 去向登记 queue and the 去向落实率 figures show something on a fresh start. Each record is reached through
 * the domain's own decisions, audited as the functions would. They graduate in the year whose deadline is still ahead
 * (this year's until settings.destinationDeadline, then next year's). The tests' seed (seedDemo) leaves destinations
 * empty.
 */
import type { Attachment, DestinationContent } from '../../typings';
import { sha256 } from '../domain/audit';
import type { Decided } from '../domain/decision';
import { chinaDay, deadlineOf, deadlinePassed, decideDestination, reviewDestination, type StudentCommand } from '../domain/destination';
import { withUsccCheck } from '../domain/identifiers';
import { touch } from '../domain/machine';
import type { Actor, AuditEntry, DestinationDoc, OutboxDoc, StudentDoc, UserDoc } from '../domain/types';
import type { Write } from '../store/port';
import type { Deps } from '../app/deps';
import { loadSettings } from '../app/settings';
import { uploadFolder } from '../storage/port';
import { rosterStudent } from './seed';

const admin: Actor = { openid: 'admin', role: 'admin' };
const cs = { collegeId: 'cs', collegeName: '计算机学院' };
const em = { collegeId: 'em', collegeName: '经济管理学院' };

const FILE = { receiverKind: 'talentCentre' as const, receiver: '深圳市人才交流服务中心', address: '广东省深圳市福田区深南大道1号', postcode: '518000', phone: '0755-83000000' };

/** A one-page PDF: what a phone's scan of an admission letter or a contract is, for the file tiles to show. */
function pdf(title: string): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>', `<< /Title <${Buffer.from(title, 'utf8').toString('hex')}> >>`];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => {
    const at = body.length;
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

interface Graduate {
  openid: string;
  roster: Parameters<typeof rosterStudent>[0];
  content: DestinationContent;
  /** the evidence's file name, if the type asks for one */
  evidence?: string;
  /** how far the record has come */
  stage: 'draft' | 'submitted' | 'approved' | 'confirmed' | 'returned';
}

const GRADUATES: Graduate[] = [
  {
    openid: 'demo-graduate-1',
    roster: { studentNo: '2026010103', name: '赵六', gender: '男', idPrefix: '44030519980101123', ...cs, major: '软件工程' },
    content: { type: '80', study: { school: '北京大学', programme: '计算机科学与技术', level: '硕士研究生' }, file: FILE },
    evidence: 'admission-letter.pdf',
    stage: 'draft',
  },
  {
    openid: 'demo-graduate-2',
    roster: { studentNo: '2026010104', name: '孙七', gender: '女', idPrefix: '11010519990202234', ...cs, major: '计算机科学与技术' },
    content: {
      type: '11',
      employer: { name: '深圳示例科技有限公司', uscc: '91440300MA5D8K2P1F', nature: '39', industry: 'I', region: '440305', jobCategory: '13', jobTitle: '后端开发工程师', contactName: '陈经理', contactPhone: '13912345678' },
      file: { ...FILE, receiverKind: 'employer', receiver: '深圳示例科技有限公司人力资源部', address: '广东省深圳市南山区粤海街道科技南路88号' },
      hukou: { migrate: true, address: '广东省深圳市南山区粤海街道科技南路88号', policeStation: '粤海派出所' },
    },
    evidence: 'labour-contract.pdf',
    stage: 'submitted',
  },
  {
    openid: 'demo-graduate-3',
    roster: { studentNo: '2026020102', name: '周八', gender: '女', idPrefix: '51010719990303345', ...em, major: '会计学' },
    content: { type: '80', study: { school: '中山大学', programme: '会计学', level: '硕士研究生' }, file: { ...FILE, receiver: '中山大学研究生院', address: '广东省广州市海珠区新港西路135号', postcode: '510275', phone: '020-84111111' } },
    evidence: 'admission-letter.pdf',
    stage: 'confirmed',
  },
  {
    openid: 'demo-graduate-4',
    roster: { studentNo: '2026020103', name: '吴九', gender: '男', idPrefix: '51010719990404456', ...em, major: '工商管理' },
    content: { type: '75', business: { name: '成都某某文化传播工作室', uscc: withUsccCheck('92510107MA6C8N5X2'), region: '510107' }, file: FILE },
    evidence: 'business-licence.pdf',
    stage: 'returned',
  },
  {
    openid: 'demo-graduate-5',
    roster: { studentNo: '2026010105', name: '郑十', gender: '男', idPrefix: '44030519990505567', ...cs, major: '软件工程' },
    content: { type: '70', pendingKind: 'exam', file: { ...FILE, receiverKind: 'origin', receiver: '深圳市南山区人力资源局', address: '广东省深圳市南山区南头街道南山大道2号' } },
    stage: 'approved',
  },
  {
    openid: 'demo-graduate-6',
    roster: { studentNo: '2026020104', name: '钱十一', gender: '女', idPrefix: '11010519990606678', ...em, major: '会计学' },
    content: { type: '85', abroad: { country: '英国', institution: 'University of Edinburgh', purpose: 'study' }, file: { receiverKind: 'school', receiver: '', address: '', postcode: '', phone: '' } },
    evidence: 'offer.pdf',
    stage: 'submitted',
  },
];

/** Seeds the demo destinations once, with the demo school (a fresh data folder). */
export async function seedDemoDestinations(deps: Deps): Promise<void> {
  const settings = await loadSettings(deps.store);
  const now = deps.clock().toISOString();
  const env = (actor: Actor) => ({ actor, now, newId: deps.newId });
  const writes: Write[] = [];
  const audit: AuditEntry[] = [];
  const outbox: OutboxDoc[] = [];
  const take = (d: Decided): void => {
    writes.push(...d.writes);
    audit.push(...d.audit);
    outbox.push(...d.outbox);
  };
  // the class still registering: this year's graduates until the school's deadline, then next year's
  const thisYear = Number(chinaDay(now).slice(0, 4));
  const graduationYear = deadlinePassed(deadlineOf(settings, thisYear), now) ? thisYear + 1 : thisYear;
  for (const g of GRADUATES) {
    const student: StudentDoc = { ...rosterStudent(g.roster, now), openid: g.openid, graduationYear };
    const imported = touch<StudentDoc>({ record: 'student', current: null, id: student._id, action: 'import', actor: admin, now, from: null, to: 'bound', patch: student });
    const bound = touch<UserDoc>({ record: 'user', current: null, id: g.openid, action: 'bind', actor: admin, now, from: null, to: 'student', patch: { role: 'student', studentNo: student.studentNo } });
    writes.push({ collection: 'students', doc: imported.doc, expectedVersion: 0 }, { collection: 'users', doc: bound.doc, expectedVersion: 0 });
    audit.push(imported.audit, bound.audit);

    const evidence: Attachment[] = [];
    if (g.evidence) {
      const bytes = pdf(`${g.roster.name} ${g.evidence}`);
      evidence.push({ fileId: await deps.files.write(`${uploadFolder(g.openid)}${g.evidence}`, bytes), sha256: sha256(bytes) });
    }
    const me = env({ openid: g.openid, role: 'student' });
    const reviewer = env({ openid: g.roster.collegeId === 'cs' ? 'demo-college-cs' : 'demo-college-em', role: 'collegeReviewer' });
    const act = (d: DestinationDoc | null, command: StudentCommand): DestinationDoc => {
      const decided = decideDestination({ env: me, student, destination: d, agreement: null, settings, command });
      take(decided);
      return decided.destination;
    };
    let d = act(null, { action: g.stage === 'draft' ? 'save' : 'submit', content: g.content, evidence });
    if (g.stage === 'approved' || g.stage === 'confirmed' || g.stage === 'returned') {
      const decided = reviewDestination({ env: reviewer, destination: d, decision: g.stage === 'returned' ? 'return' : 'approve', reason: '营业执照照片不清晰，请重新上传' });
      take({ ...decided, outbox: [] });
      d = decided.destination;
    }
    if (g.stage === 'confirmed') act(d, { action: 'confirm' });
  }
  // each record's successive versions: only the last write of a record is committed, from nothing
  const last = new Map(writes.map((w) => [`${w.collection}\u0000${w.doc._id}`, w]));
  await deps.store.commit({ writes: [...last.values()].map((w) => ({ ...w, expectedVersion: 0 })), audit, outbox });
}
