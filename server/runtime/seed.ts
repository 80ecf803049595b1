/**
 * A demo school for local runs: two colleges, roster students, a certified employer with an HR contact, college
 * and school reviewers, and one open offer. Written through the same domain steps as real use, so every record
 * has its audit chain. Runs once: a store that already has settings is left alone.
 */
import { issueInvite, usccClaimId } from '../domain/binding';
import { offerClaimId } from '../domain/offers';
import { step, touch } from '../domain/machine';
import { checkId } from '../domain/checkFields';
import { sourceSchoolValues } from '../domain/checks';
import { withIdCheckDigit, withUsccCheck } from '../domain/identifiers';
import { employerParty, studentKeys } from '../domain/parties';
import type {
  Actor,
  AuditEntry,
  CheckDoc,
  EmployerDoc,
  OfferDoc,
  SchoolSettings,
  StudentDoc,
  UserDoc,
} from '../domain/types';
import type { Write } from '../store/port';
import { formatTime, message } from '../domain/messages';
import type { Deps } from '../app/deps';
import { DEFAULT_SETTINGS, SETTINGS_ID, settingsChange } from '../app/settings';

export const DEMO_OPENIDS = {
  /** 张三, bound, source check approved, one open offer waiting */
  student: 'demo-student',
  /** 李四, bound, source check not started */
  student2: 'demo-student-2',
  employer: 'demo-employer',
  collegeReviewer: 'demo-college-cs',
  collegeReviewerEm: 'demo-college-em',
  schoolReviewer: 'demo-school',
} as const;

export const DEMO_EMPLOYER_ID = 'emp-demo';
export const DEMO_INVITE_CODE = 'DEMOHR2026';

const admin: Actor = { openid: 'admin', role: 'admin' };

export function rosterStudent(
  n: { studentNo: string; name: string; gender: string; idPrefix: string; collegeId: string; collegeName: string; major: string },
  now: string,
): StudentDoc {
  return {
    _id: n.studentNo,
    version: 1,
    createdAt: now,
    updatedAt: now,
    auditHead: '',
    studentNo: n.studentNo,
    name: n.name,
    idNumber: withIdCheckDigit(n.idPrefix),
    gender: n.gender,
    collegeId: n.collegeId,
    collegeName: n.collegeName,
    major: n.major,
    educationLevel: '31',
    graduationYear: 2026,
    source: {
      ethnicity: '汉族',
      politicalStatus: '共青团员',
      trainingMode: '非定向',
      originRegion: n.idPrefix.slice(0, 6),
    },
    employment: {},
    openid: null,
    activeAgreementId: null,
  };
}

/** `settings`: what differs from the demo school's (the tests of the manual's flows turn the unit's steps off). */
export async function seedDemo(deps: Deps, over: Partial<SchoolSettings> = {}): Promise<boolean> {
  if (await deps.store.get('settings', SETTINGS_ID)) return false;
  const now = deps.clock().toISOString();
  const writes: Write[] = [];
  const audit: AuditEntry[] = [];

  const settings: SchoolSettings = {
    ...DEFAULT_SETTINGS,
    schoolCode: '10001',
    schoolName: '示例大学',
    schoolAddress: '广东省深圳市南山区学府路1号 就业指导中心',
    schoolPhone: '0755-26530000',
    colleges: [
      { id: 'cs', name: '计算机学院' },
      { id: 'em', name: '经济管理学院' },
    ],
    templates: {
      offerReceived: 'demo-tmpl-offer-received',
      offerExpiring: 'demo-tmpl-offer-expiring',
      offerAnswered: 'demo-tmpl-offer-answered',
      reviewResult: 'demo-tmpl-review-result',
    },
    helpContacts: [
      { name: '就业指导中心', phone: '010-62751234' },
      { name: '计算机学院辅导员', phone: '13800138000' },
    ],
    // a deadline a few weeks ahead of the demo's day, so the help page has one to show
    notices: [{ title: '生源核查截止', deadline: new Date(deps.clock().getTime() + 8 * 3_600_000 + 20 * 86_400_000).toISOString().slice(0, 10) }],
    ...over,
  };
  const written = settingsChange(null, settings, admin, now)!;
  writes.push(written.write);
  audit.push(written.audit);

  const cs = { collegeId: 'cs', collegeName: '计算机学院' };
  const students = [
    rosterStudent({ studentNo: '2026010101', name: '张三', gender: '男', idPrefix: '44030520030415123', ...cs, major: '软件工程' }, now),
    rosterStudent({ studentNo: '2026010102', name: '李四', gender: '女', idPrefix: '11010120031120234', ...cs, major: '计算机科学与技术' }, now),
    rosterStudent({ studentNo: '2026020101', name: '王五', gender: '男', idPrefix: '51010720040101345', collegeId: 'em', collegeName: '经济管理学院', major: '会计学' }, now),
  ];
  const [zhang, li] = students as [StudentDoc, StudentDoc, StudentDoc];

  const bindings: [string, StudentDoc | null, Omit<UserDoc, '_id' | 'version' | 'createdAt' | 'updatedAt' | 'auditHead'>][] = [
    [DEMO_OPENIDS.student, zhang, { role: 'student', studentNo: zhang.studentNo }],
    [DEMO_OPENIDS.student2, li, { role: 'student', studentNo: li.studentNo }],
    [DEMO_OPENIDS.employer, null, { role: 'employer', employerId: DEMO_EMPLOYER_ID }],
    [DEMO_OPENIDS.collegeReviewer, null, { role: 'collegeReviewer', collegeId: 'cs' }],
    [DEMO_OPENIDS.collegeReviewerEm, null, { role: 'collegeReviewer', collegeId: 'em' }],
    [DEMO_OPENIDS.schoolReviewer, null, { role: 'schoolReviewer' }],
  ];
  for (const [openid, student, user] of bindings) {
    const bound = touch<UserDoc>({ record: 'user', current: null, id: openid, action: 'bind', actor: admin, now, from: null, to: user.role, patch: user });
    writes.push({ collection: 'users', doc: bound.doc, expectedVersion: 0 });
    audit.push(bound.audit);
    if (student) student.openid = openid;
  }
  for (const s of students) {
    const imported = touch<StudentDoc>({ record: 'student', current: null, id: s._id, action: 'import', actor: admin, now, from: null, to: s.openid ? 'bound' : 'imported', patch: s });
    writes.push({ collection: 'students', doc: imported.doc, expectedVersion: 0 });
    audit.push(imported.audit);
  }

  // 张三's source check: submitted by him, approved by his college.
  const zhangActor: Actor = { openid: DEMO_OPENIDS.student, role: 'student' };
  const fields = { ...sourceSchoolValues(zhang), phone: '13800138000', email: 'zhangsan@example.com', homeAddress: '广东省深圳市南山区科技园1号' };
  const submitted = step<'check', CheckDoc>({
    kind: 'check', current: null, id: checkId('source', zhang.studentNo), action: 'submit', actor: zhangActor, now,
    patch: { kind: 'source', ...studentKeys(zhang), fields, schoolValues: sourceSchoolValues(zhang), submittedAt: now },
  });
  const approved = step<'check', CheckDoc>({
    kind: 'check', current: submitted.doc, id: submitted.doc._id, action: 'approve',
    actor: { openid: DEMO_OPENIDS.collegeReviewer, role: 'collegeReviewer' }, now, patch: {},
  });
  writes.push({ collection: 'checks', doc: approved.doc, expectedVersion: 0 });
  audit.push(submitted.audit, approved.audit);

  const employer = step<'employer', EmployerDoc>({
    kind: 'employer', current: null, id: DEMO_EMPLOYER_ID, action: 'import', actor: admin, now,
    patch: {
      name: '深圳示例科技有限公司',
      uscc: withUsccCheck('91440300MA5D8K2P1'),
      nature: '39',
      industry: '65',
      region: '440305',
      address: '广东省深圳市南山区粤海街道科技南路88号',
      contactName: '陈经理',
      contactPhone: '13912345678',
    },
  });
  writes.push({ collection: 'employers', doc: employer.doc, expectedVersion: 0 });
  audit.push(employer.audit);
  // the claims that guard what the seed writes, as the admin's import and a sent offer write them
  writes.push({ collection: 'counters', doc: { _id: usccClaimId(employer.doc.uscc), version: 1, value: 1 }, expectedVersion: 0 });
  const issued = issueInvite({ code: DEMO_INVITE_CODE, invite: { role: 'employer', employerId: DEMO_EMPLOYER_ID, expiresAt: '2099-12-31T00:00:00.000Z' }, actor: admin, now });
  writes.push(issued.write);
  audit.push(issued.audit);

  const expiresAt = new Date(deps.clock().getTime() + settings.offerTtlDays * 86_400_000).toISOString();
  const e = employer.doc;
  const offer = step<'offer', OfferDoc>({
    kind: 'offer', current: null, id: 'offer-demo-1', action: 'create',
    actor: { openid: DEMO_OPENIDS.employer, role: 'employer' }, now,
    patch: {
      ...studentKeys(zhang),
      employerId: DEMO_EMPLOYER_ID,
      employer: employerParty(e),
      terms: {
        job: { title: '前端开发工程师', region: '440305', monthlySalary: 15000, contractYears: 3, startDate: '2026-07-01', description: '负责小程序与网页前端开发' },
        file: { transfer: true, receiver: '深圳市人才交流服务中心', address: '深圳市福田区深南大道1号', postcode: '518000' },
        hukou: { migrate: false },
        remarks: '试用期三个月，试用期工资不低于转正工资的80%。',
      },
      expiresAt,
      senderOpenid: DEMO_OPENIDS.employer,
    },
  });
  writes.push({ collection: 'offers', doc: offer.doc, expectedVersion: 0 });
  writes.push({ collection: 'counters', doc: { _id: offerClaimId(zhang.studentNo), version: 1, value: 1 }, expectedVersion: 0 });
  audit.push(offer.audit);

  const outbox = [
    message({ purpose: 'offerReceived', to: DEMO_OPENIDS.student, page: `pkg/offer/index?id=${offer.doc._id}`, values: [e.name, '前端开发工程师', formatTime(expiresAt)], now, id: deps.newId() }),
  ];
  await deps.store.commit({ writes, audit, outbox });
  return true;
}
