// A status timeline (who did what, when, why) drawn from the audit log: TimelineEntry[] as the server sends them,
// oldest first. Drawn with its own markup rather than t-steps: t-steps lays out only the items it holds when one
// links, so a row added on a reload came out as a bare "1" with the old last row still marked current.
import type { TimelineEntry } from '../../../../typings/views';
import type { Role } from '../../../../typings/states';
import { chineseDateTime } from '../../../utils/date';

const WHO: Partial<Record<Role, string>> = {
  student: '学生',
  employer: '用人单位',
  collegeReviewer: '院系',
  schoolReviewer: '学校',
  admin: '管理员',
  system: '系统',
};

export interface TimelineRow {
  key: string;
  label: string;
  detail: string;
}

export function timelineRows(entries: readonly TimelineEntry[]): TimelineRow[] {
  return entries.map((e, i) => {
    const parts = [`${chineseDateTime(e.at)} · ${WHO[e.actorRole] ?? e.actorRole}`];
    if (e.reason) parts.push(`原因：${e.reason}`);
    if (e.attachments?.length) parts.push(`附件 ${e.attachments.length} 份`);
    return { key: `${i}-${e.at}`, label: e.label, detail: parts.join('\n') };
  });
}

Component({
  properties: {
    entries: { type: Array, value: [] },
  },
  data: {
    rows: [] as TimelineRow[],
  },
  observers: {
    entries(entries: TimelineEntry[]) {
      this.setData({ rows: timelineRows(entries ?? []) });
    },
  },
});
