/** 首页: for any caller, bound or not. What the caller is, the school's public settings, and what waits for them. */
import { uploadFolder } from '../storage/port';
import { openOffersOf } from '../app/loads';
import type { CheckState, HomeView, Todo } from '../../typings';
import { isBound } from '../domain/binding';
import { checkId } from '../domain/checkFields';
import { destinationId, isConfirmed } from '../domain/destination';
import type { AgreementDoc, CheckDoc, DestinationDoc, OfferDoc, SettingsDoc, StudentDoc, UserDoc } from '../domain/types';
import type { Caller, Deps } from '../app/deps';
import { collegeName, loadSettings, publicSettings } from '../app/settings';
import { agreementsOf } from './load';
import { agreementSummary, daysLeft, offerState } from './views';

/** The agreement a student's screens are about: the pending or signed one, else the latest. */
export const currentAgreement = (student: StudentDoc, newestFirst: readonly AgreementDoc[]): AgreementDoc | null =>
  newestFirst.find((a) => a._id === student.activeAgreementId) ?? newestFirst[0] ?? null;

export function studentTodos(input: {
  openOffers: readonly OfferDoc[];
  source: CheckDoc | null;
  employment: CheckDoc | null;
  agreement: AgreementDoc | null;
  now: string;
  /** 毕业去向登记 (absent: not looked at) */
  destination?: DestinationDoc | null;
}): Todo[] {
  const { openOffers, source, employment, agreement, now } = input;
  const todos: Todo[] = [];
  const soonest = [...openOffers].sort((a, b) => a.expiresAt.localeCompare(b.expiresAt))[0];
  if (soonest) {
    const days = daysLeft(soonest, now) ?? 0;
    const when = days === 0 ? '今天失效' : `${days} 天后失效`;
    todos.push({ kind: 'offer', text: `有 ${openOffers.length} 条邀约待处理，${when}`, id: soonest._id });
  }
  const sourceState: CheckState | null = source?.state ?? null;
  if (sourceState === null || sourceState === 'draft') todos.push({ kind: 'sourceCheck', text: '请完成生源核查' });
  if (sourceState === 'returned') todos.push({ kind: 'checkReturned', text: '生源信息被退回，请修改后重新提交', ...(source ? { id: source._id } : {}) });
  if (agreement?.state === 'pendingEmployer') {
    todos.push({ kind: 'agreementConfirm', text: '三方协议等待用人单位确认，请把确认链接发给单位联系人', id: agreement._id });
  }
  if (agreement?.state === 'returned') {
    const why = agreement.returnReason ? `：${agreement.returnReason}` : '，请查看退回原因';
    todos.push({ kind: 'agreementReturned', text: `三方协议被退回${why}`, id: agreement._id });
  }
  if (agreement?.state === 'pendingSeal') {
    const text = agreement.seal?.returnReason ? `盖章页被学校退回：${agreement.seal.returnReason}` : '请打印协议书交用人单位盖章，再上传盖章后的每一页';
    todos.push({ kind: 'agreementSeal', text, id: agreement._id });
  }
  // 就业信息核验 comes after signing: the school's record then holds what the agreement says.
  const employmentState = employment?.state ?? null;
  if (agreement?.state === 'signed' && (employmentState === null || employmentState === 'draft')) {
    todos.push({ kind: 'employmentCheck', text: '请完成就业信息核验' });
  }
  if (employmentState === 'returned') todos.push({ kind: 'checkReturned', text: '就业信息被退回，请修改后重新提交', ...(employment ? { id: employment._id } : {}) });
  if (input.destination !== undefined) todos.push(...destinationTodos(input.destination));
  return todos;
}

/**
 * 毕业去向登记: a to-do until the record is approved (none yet, a draft, returned), or once a termination set it back
 * to 待就业; then 本人确认 of the approved values, until the student confirms them (again after any change).
 */
export function destinationTodos(d: DestinationDoc | null): Todo[] {
  if (!d || d.state === 'draft') return [{ kind: 'destination', text: '请完成毕业去向登记' }];
  if (d.state === 'returned') return [{ kind: 'destination', text: `毕业去向登记被退回${d.reason ? `：${d.reason}` : '，请查看退回原因'}`, id: d._id }];
  if (d.state === 'approved' && d.resetAt) return [{ kind: 'destination', text: '解约后毕业去向已改为待就业，落实新去向后请及时登记', id: d._id }];
  if (d.approved && !isConfirmed(d)) return [{ kind: 'destinationConfirm', text: '请确认您的毕业去向信息真实准确（本人确认）', id: d._id }];
  return [];
}

async function studentHome(deps: Deps, openid: string, user: UserDoc, base: HomeView): Promise<HomeView> {
  const studentNo = user.studentNo ?? '';
  const { store } = deps;
  const [student, checks, open, agreements, destination] = await Promise.all([
    store.get('students', studentNo),
    store.getMany('checks', [checkId('source', studentNo), checkId('employment', studentNo)]),
    openOffersOf(store, studentNo),
    agreementsOf(store, studentNo),
    store.get('destinations', destinationId(studentNo)),
  ]);
  // a roster entry rebound to another WeChat: this one is a stranger again
  if (!student || student.openid !== openid) return base;
  const now = deps.clock().toISOString();
  const source = checks.find((c) => c.kind === 'source') ?? null;
  const employment = checks.find((c) => c.kind === 'employment') ?? null;
  const openOffers = open.filter((o) => offerState(o, now) === 'open');
  const agreement = currentAgreement(student, agreements);
  return {
    ...base,
    role: 'student',
    student: {
      studentNo: student.studentNo,
      name: student.name,
      collegeName: student.collegeName,
      major: student.major,
      sourceCheck: source?.state ?? null,
      employmentCheck: employment?.state ?? null,
      agreement: agreement ? agreementSummary(agreement) : null,
      openOffers: openOffers.length,
      destination: destination?.state ?? null,
    },
    todos: studentTodos({ openOffers, source, employment, agreement, now, destination }),
  };
}

async function employerHome(deps: Deps, user: UserDoc, base: HomeView): Promise<HomeView> {
  const employer = user.employerId ? await deps.store.get('employers', user.employerId) : null;
  return { ...base, role: 'employer', ...(employer ? { employer: { id: employer._id, name: employer.name, state: employer.state } } : {}) };
}

function reviewerHome(user: UserDoc, settings: SettingsDoc, base: HomeView): HomeView {
  if (user.role === 'schoolReviewer') return { ...base, role: user.role, reviewer: { scope: 'school' } };
  const collegeId = user.collegeId ?? '';
  return { ...base, role: user.role, reviewer: { scope: 'college', collegeId, collegeName: collegeName(settings, collegeId) } };
}

export async function home(deps: Deps, caller: Caller): Promise<HomeView> {
  const [user, settings] = await Promise.all([
    caller.openid ? deps.store.get('users', caller.openid) : Promise.resolve(null),
    loadSettings(deps.store),
  ]);
  if (!isBound(user)) return { role: null, settings: publicSettings(settings), todos: [] };
  // Where this caller's uploads go (wx.cloud.uploadFile cloudPath prefix): files elsewhere are refused.
  const base: HomeView = { role: null, settings: publicSettings(settings), todos: [], uploadFolder: uploadFolder(caller.openid) };
  switch (user.role) {
    case 'student':
      return studentHome(deps, caller.openid, user, base);
    case 'employer':
      return employerHome(deps, user, base);
    case 'collegeReviewer':
    case 'schoolReviewer':
      return reviewerHome(user, settings, base);
    default:
      return { ...base, role: user.role };
  }
}
