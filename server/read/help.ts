/**
 * 帮助 and 隐私政策: what the school has set for them (whom to call, its FAQ, how long it keeps records), the notices
 * still open soonest first. Anyone may read it: the privacy page opens from binding, before any role.
 */
import type { HelpView } from '../../typings';
import type { Deps } from '../app/deps';
import { loadSettings } from '../app/settings';

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The day number of a YYYY-MM-DD date, and of an instant in China's calendar: their difference is whole days. */
const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const todayIn = (now: Date): number => Math.floor((now.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS);

export async function helpScreen(deps: Deps): Promise<HelpView> {
  // read afresh, not the instance's copy: a notice the school just set shows at once, and the page is seldom opened
  const settings = await loadSettings(deps.store);
  const today = todayIn(deps.clock());
  const notices = settings.notices
    .map((n) => ({ title: n.title, deadline: n.deadline, daysLeft: dayOf(n.deadline) - today }))
    // the deadline's own day is still open
    .filter((n) => n.daysLeft >= 0)
    .sort((a, b) => a.daysLeft - b.daysLeft || a.title.localeCompare(b.title, 'zh'));
  return {
    schoolName: settings.schoolName,
    retention: settings.privacyRetention,
    contacts: settings.helpContacts.map((c) => ({ name: c.name, phone: c.phone })),
    faq: settings.faq.map((f) => ({ question: f.question, answer: f.answer })),
    notices,
  };
}
