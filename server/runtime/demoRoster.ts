/**
 * Who the demo openids are and where each stands, read from the store when the runtime starts: after a restart the
 * startup banner says what the last run left (张三 may have answered his offer), not what the seed once wrote.
 */
import { STATE_LABELS } from '../../typings';
import { checkId } from '../domain/checkFields';
import type { Deps } from '../app/deps';
import { SETTINGS_ID } from '../app/settings';
import { DEMO_OPENIDS } from './seed';

const ROLE_NAMES = { student: '学生', employer: '用人单位', collegeReviewer: '院系审核', schoolReviewer: '学校审核', admin: '管理员', system: '系统' } as const;

async function describe(deps: Deps, openid: string): Promise<string> {
  const { store } = deps;
  const user = await store.get('users', openid);
  if (!user) return '（未绑定）';
  const role = ROLE_NAMES[user.role];
  if (user.role === 'student' && user.studentNo) {
    const student = await store.get('students', user.studentNo);
    if (!student) return role;
    const check = await store.get('checks', checkId('source', student.studentNo));
    const open = await store.count('offers', [
      { field: 'studentNo', op: '==', value: student.studentNo },
      { field: 'state', op: '==', value: 'open' },
    ]);
    const agreement = student.activeAgreementId ? await store.get('agreements', student.activeAgreementId) : null;
    const facts = [
      `生源核查${check ? STATE_LABELS.check[check.state] : '未开始'}`,
      open > 0 ? `有 ${open} 份待处理邀约` : '没有待处理邀约',
      ...(agreement ? [`三方协议${STATE_LABELS.agreement[agreement.state]}`] : []),
    ];
    return `${role} ${student.name}（${facts.join('，')}）`;
  }
  if (user.role === 'employer' && user.employerId) {
    const employer = await store.get('employers', user.employerId);
    return `${role} ${employer?.name ?? user.employerId} 单位联系人`;
  }
  if (user.role === 'collegeReviewer') {
    const settings = await store.get('settings', SETTINGS_ID);
    return `${role} ${settings?.colleges.find((c) => c.id === user.collegeId)?.name ?? user.collegeId ?? ''}`;
  }
  return user.role === 'schoolReviewer' ? `${role} 就业指导中心` : role;
}

/** One line per demo openid: the openid, then who it is now. */
export async function demoRoster(deps: Deps): Promise<string[]> {
  const lines: string[] = [];
  for (const openid of Object.values(DEMO_OPENIDS)) lines.push(`  ${openid.padEnd(18)} ${await describe(deps, openid)}`);
  return lines;
}
