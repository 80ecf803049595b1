const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** 2026-03-02T17:00:00Z → 2026年3月3日: the calendar day in China (UTC+8 all year), whatever the phone's zone. */
export function chineseDate(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const d = new Date(t + SHANGHAI_OFFSET_MS);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}
