// What 账号 shows of the caller, from the home view: pure, so the page test and the page agree on the words.
import type { HomeView } from '../../../typings/views';
import { employerState, roleLabel, type TagTheme } from '../../utils/labels';

export interface Identity {
  /** the role in words: 院系审核老师, 学校审核老师, 单位联系人 */
  role: string;
  /** the college, the unit or the student as the home view names them; '' when it names none */
  detail: string;
  /** the unit's certification (待审核, 已认证…) for an employer; none for the others */
  tag: { label: string; theme: TagTheme } | null;
}

/** Who the caller is bound as; null for someone unbound (the page sends them to binding). */
export function identityOf(view: HomeView): Identity | null {
  switch (view.role) {
    case null:
      return null;
    case 'collegeReviewer':
      return { role: roleLabel(view.role), detail: view.reviewer?.collegeName ?? '', tag: null };
    case 'employer':
      return {
        role: '单位联系人',
        detail: view.employer?.name ?? '',
        tag: view.employer ? employerState(view.employer.state) : null,
      };
    case 'student':
      return {
        role: roleLabel(view.role),
        detail: view.student ? `${view.student.name}（学号 ${view.student.studentNo}）` : '',
        tag: null,
      };
    default:
      return { role: roleLabel(view.role), detail: '', tag: null };
  }
}
