const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** 2026-03-02T17:00:00Z → 2026年3月3日: the calendar day in China (UTC+8 all year), whatever the phone's zone. */
export function chineseDate(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const d = new Date(t + SHANGHAI_OFFSET_MS);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** 2026-03-02T02:05:00Z → 2026年3月2日 10:05: Beijing time, as the server's messages print it. */
export function chineseDateTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const d = new Date(t + SHANGHAI_OFFSET_MS);
  return `${chineseDate(iso)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** Whole days from now until `iso` in China's calendar; 0 on the day itself, negative once past. */
export function daysUntil(iso: string, now: Date = new Date()): number {
  const day = (t: number): number => Math.floor((t + SHANGHAI_OFFSET_MS) / 86_400_000);
  return day(Date.parse(iso)) - day(now.getTime());
}

/** Today in China (UTC+8), as YYYY-MM-DD. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}
