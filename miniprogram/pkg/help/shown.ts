// What the help page shows of the school's settings: each notice's deadline in the glossary's words and how near it is.
import type { HelpView } from '../../../typings/views';
import { chineseDate } from '../../utils/date';

export interface NoticeRow {
  title: string;
  /** 截止日期：2026年12月6日 */
  deadline: string;
  /** 今天截止 / 还剩 3 天 */
  left: string;
  /** a tag's theme: red on its last days */
  theme: 'danger' | 'warning' | 'primary';
}

/** The days a deadline counts as near: a graduate in a hurry sees it in red. */
const NEAR_DAYS = 3;

export function noticeRows(view: HelpView): NoticeRow[] {
  return view.notices.map((n) => ({
    title: n.title,
    // a deadline is a day in China's calendar: its midnight there
    deadline: `截止日期：${chineseDate(`${n.deadline}T00:00:00+08:00`)}`,
    left: n.daysLeft === 0 ? '今天截止' : `还剩 ${n.daysLeft} 天`,
    theme: n.daysLeft === 0 ? 'danger' : n.daysLeft <= NEAR_DAYS ? 'warning' : 'primary',
  }));
}
