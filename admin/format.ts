/** Times as the school reads them: Beijing time (UTC+8) whatever the machine's zone. */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

const BEIJING = 8 * 60;

/** 2026-11-27T02:05:00Z → 2026-11-27 10:05 */
export const beijingTime = (iso: string): string => dayjs(iso).utcOffset(BEIJING).format('YYYY-MM-DD HH:mm');

/** the date part, for file names: 2026-11-27 */
export const beijingDate = (at: Date): string => dayjs(at).utcOffset(BEIJING).format('YYYY-MM-DD');

/** 2026-11-27-1005, for backup file names (two a day must not collide) */
export const beijingStamp = (at: Date): string => dayjs(at).utcOffset(BEIJING).format('YYYY-MM-DD-HHmm');

export const DAY_MS = 86_400_000;

/** whole days from `since` to `now` */
export const ageInDays = (since: string, now: Date): number => Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / DAY_MS));
