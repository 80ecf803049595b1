// 审核详情: one record (`?record=check|agreement|termination|employer|destination&id=`): a summary first (who, what, the stage,
// how long it has waited), its sections folded, and the reviewer's decision in a bar that stays at the foot: 通过, or
// 退回 / 不通过 with a reason (the school's preset reasons fill the box). After a decision the page opens the next
// record of the same queue, which the view names; when none is left it says so. A decision on a record someone else
// changed first is refused by the server (CONFLICT); the page says so and shows the record as it now is.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { Decision, ReviewTarget } from '../../../../typings/events';
import type { Role } from '../../../../typings/states';
import type { ReviewDetail, TimelineEntry } from '../../../../typings/views';
import { call, RequestIds } from '../../../api/client';
import { sections } from '../../utils/agreement-content';
import {
  agreementRows,
  archiveRows,
  confirmNote,
  confirmRows,
  destinationRows,
  evidenceTitle,
  flagRows,
  pendingChange,
  type ChangeRow,
  type FlagRow,
  CONFLICT_NOTICE,
  decisions,
  employerRows,
  fieldRows,
  head,
  isRecord,
  mismatchCount,
  REASON_MISSING,
  sealInfoRows,
  sealRows,
  terminationRows,
  type SealRow,
  titleOf,
  withoutSummary,
  withReason,
  type Decisions,
  type FieldRow,
  type Head,
  type Row,
} from './rows';
import { preview, thumbsOf, type Thumb } from './thumbs';
import { chineseDate } from '../../../utils/date';
import { openTile, tilesOf, type FileTile } from '../../utils/file-tiles';

/**
 * Files shown as tiles (pictures and PDFs), by kind: a unit's licence always (未上传 for a unit the school imported) and
 * the authorization when sent; a destination's evidence, and beside a pending change the evidence in force.
 */
interface FileGroup {
  key: 'licence' | 'authorization' | 'evidence' | 'approvedEvidence';
  title: string;
  tiles: FileTile[];
}

function employerFileGroups(e: NonNullable<ReviewDetail['employer']>): FileGroup[] {
  const authorization = tilesOf(e.authorizationFiles);
  return [
    { key: 'licence', title: '营业执照', tiles: tilesOf(e.licenceFiles) },
    ...(authorization.length ? [{ key: 'authorization' as const, title: '授权书或在职证明', tiles: authorization }] : []),
  ];
}
import { reloadMethods } from '../../../utils/reload';
import { printAgreement } from '../../agreement/print';

/** One folded section of the record: rows, check fields, attachments or a timeline, under a title that unfolds it. */
export interface Panel {
  key: string;
  title: string;
  /** beside the title: how many files or entries, or what stands out */
  note: string;
  /** the note is something to look at (fields that differ, flags, a change) */
  warn: boolean;
  /** a destination's rows carry the value in force beside a pending change (`was`) */
  rows: ChangeRow[];
  /** 核查提示: each flag with its reason */
  flags: FlagRow[];
  fields: FieldRow[];
  thumbs: { group: 'proofs' | 'evidence'; list: Thumb[] } | null;
  /** a unit's registration files (营业执照, 授权书或在职证明), PDFs among them */
  files: FileGroup[];
  timeline: TimelineEntry[] | null;
  /** 回传鉴证: each printed page beside its uploaded file */
  seal: SealRow[] | null;
}

interface Shown {
  head: Head;
  /** a destination's change waiting for review: the values in force stand until it is approved (said in the summary) */
  change: string;
  /** employment checks: how many fields differ from the school's record (said in the summary) */
  mismatches: number;
  /** a returned check's reason, as the student read it */
  checkReason: string;
  panels: Panel[];
  /** what a tap on a thumbnail previews, by group */
  proofs: Thumb[];
  evidence: Thumb[];
  employerFiles: FileGroup[];
}

const panel = (key: string, title: string, over: Partial<Panel> = {}): Panel => ({
  key,
  title,
  note: '',
  warn: false,
  rows: [],
  flags: [],
  fields: [],
  thumbs: null,
  files: [],
  timeline: null,
  seal: null,
  ...over,
});

const filesPanel = (key: string, title: string, group: 'proofs' | 'evidence', list: Thumb[], rows: Row[] = []): Panel =>
  panel(key, title, { note: list.length ? `${list.length} 张` : '未上传', rows, thumbs: { group, list } });

/**
 * What opens unfolded: what the decision rests on (the fields of a check, the job and its proofs, the termination and
 * its evidence, the unit). The rest is one tap away, so the page starts at about a screen and a half.
 */
const OPEN: Record<ReviewTarget, string[]> = {
  check: ['check'],
  agreement: ['job', 'proofs'],
  termination: ['termination'],
  employer: ['employer'],
  destination: ['destination', 'evidence'],
};

/**
 * 核查提示 opens first whenever there is one: the reviewer reads why before the rest; 档案 and 户口 open too when a
 * pending change moves them.
 */
function openFor(d: ReviewDetail): string[] {
  const archiveChanged = d.destination ? archiveRows(d.destination).some((r) => r.was !== undefined) : false;
  // 鉴证 rests on the stamped pages: they open first
  return [...(d.seal ? ['seal'] : []), ...(d.flags?.length ? ['flags'] : []), ...OPEN[d.record], ...(archiveChanged ? ['archive'] : [])];
}

/** 核查提示 for a destination or an agreement, even when empty: "none found" is worth knowing too. */
function flagsPanel(d: ReviewDetail): Panel | null {
  if (!d.flags) return null;
  const flags = flagRows(d.flags);
  return panel('flags', '核查提示', { flags, note: flags.length ? `${flags.length} 项` : '无', warn: flags.length > 0 });
}

/** 毕业去向登记's panels: the destination, its evidence, 档案 and 户口, 本人确认 and the report. */
function destinationPanels(v: NonNullable<ReviewDetail['destination']>): { panels: Panel[]; files: FileGroup[]; change: string } {
  const change = pendingChange(v);
  const rows = destinationRows(v);
  const changed = rows.filter((r) => r.was !== undefined).length;
  const evidence = tilesOf(v.evidence);
  const inForce = change && v.approved ? tilesOf(v.approved.evidence) : [];
  const sameFiles = inForce.map((t) => t.fileId).join() === evidence.map((t) => t.fileId).join();
  const files: FileGroup[] = [
    { key: 'evidence', title: evidenceTitle(v), tiles: evidence },
    ...(inForce.length && !sameFiles ? [{ key: 'approvedEvidence' as const, title: '现行去向的材料', tiles: inForce }] : []),
  ];
  const archive = archiveRows(v);
  const panels = [
    panel('destination', '毕业去向', { rows, note: changed ? `${changed} 项有改动` : '', warn: changed > 0 }),
    panel('evidence', '证明材料', { files, note: evidence.length ? `${evidence.length} 份` : '未上传', warn: evidence.length === 0 }),
    ...(archive.length ? [panel('archive', '档案转递与户口迁移', { rows: archive, note: archive.some((r) => r.was !== undefined) ? '有改动' : '', warn: archive.some((r) => r.was !== undefined) })] : []),
    panel('confirm', '本人确认与上报', { rows: confirmRows(v), note: confirmNote(v) }),
  ];
  const since = v.approved ? `（${chineseDate(v.approved.approvedAt)}审核通过）` : '';
  return { panels, files, change: change ? `这是一次变更：通过前，现行去向${since}仍然有效，上报也按现行去向` : '' };
}

function shown(d: ReviewDetail): Shown {
  // a termination shows its agreement too: the reviewer decides whether to dissolve it
  const agreement = d.agreement ?? d.termination?.agreement ?? null;
  const proofs = thumbsOf(agreement?.proofFiles ?? []);
  // the 违约金 receipt, when one was due, beside the 解约函 (its row says how many)
  const evidence = thumbsOf([...(d.termination?.evidence ?? []), ...(d.termination?.penaltyReceipt ?? [])]);
  const panels: Panel[] = [];
  if (d.seal) {
    const rows = sealRows(d.seal);
    const wrong = rows.filter((r) => !r.ok && !r.missing).length;
    panels.push(panel('seal', '盖章页与协议书逐页对照', { rows: sealInfoRows(d.seal), seal: rows, note: wrong ? `${wrong} 页未通过核对` : `${rows.filter((r) => r.ok).length} 份已核对`, warn: wrong > 0 }));
  }
  const flags = flagsPanel(d);
  if (flags) panels.push(flags);
  let mismatches = 0;
  if (d.check) {
    const fields = fieldRows(d.check.fields);
    mismatches = d.check.kind === 'employment' ? mismatchCount(fields) : 0;
    panels.push(panel('check', d.check.kind === 'employment' ? '就业信息' : '生源信息', { fields, note: mismatches ? `${mismatches} 项不一致` : `${fields.length} 项`, warn: mismatches > 0 }));
  }
  if (d.termination) panels.push(filesPanel('termination', '解约申请', 'evidence', evidence, terminationRows(d.termination)));
  if (agreement) {
    const contents = sections(agreement.content).map((sec) => panel(sec.key, sec.title, { rows: withoutSummary(sec.rows) }));
    const job = contents.find((p) => p.key === 'job');
    // the agreement's own lines go first; in a termination the agreement is one panel's worth of context
    panels.push(panel('agreement', d.termination ? '原协议' : '协议信息', { rows: agreementRows(agreement, !!d.termination) }));
    if (job) panels.push(job);
    if (agreement.origin === 'student' || proofs.length) panels.push(filesPanel('proofs', '就业证明材料', 'proofs', proofs));
    panels.push(...contents.filter((p) => p !== job && p.rows.length));
  }
  const employerFiles = d.employer ? employerFileGroups(d.employer) : [];
  if (d.employer) panels.push(panel('employer', '单位注册信息', { rows: employerRows(d.employer), files: employerFiles }));
  const destination = d.destination ? destinationPanels(d.destination) : null;
  if (destination) panels.push(...destination.panels);
  const timeline = d.check?.timeline ?? d.termination?.timeline ?? d.agreement?.timeline ?? d.destination?.timeline ?? null;
  if (d.record !== 'employer' && timeline) panels.push(panel('timeline', '办理记录', { timeline, note: `${timeline.length} 条` }));
  if (d.termination) {
    const history = d.termination.agreement.timeline;
    panels.push(panel('agreement-timeline', '原协议办理记录', { timeline: history, note: `${history.length} 条` }));
  }
  return {
    head: head(d),
    change: destination?.change ?? '',
    mismatches,
    checkReason: d.check?.reason ?? '',
    panels,
    proofs,
    evidence,
    employerFiles: [...employerFiles, ...(destination?.files ?? [])],
  };
}

const openMapOf = (open: readonly string[]): Record<string, boolean> => Object.fromEntries(open.map((k) => [k, true]));

const requests = new RequestIds();
/** details that opened 修改: their next onShow is the return from it */
const amendOpened = new WeakSet<object>();
/** Refusals that a retry cannot change. */
const FINAL = ['FORBIDDEN', 'NOT_FOUND', 'NOT_BOUND'];

function confirm(title: string, content: string, confirmText: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({ title, content, confirmText, success: (r) => resolve(r.confirm), fail: () => resolve(false) });
  });
}

/** A page to go back to, when there is one (a detail opened from a message has none). */
function canGoBack(): boolean {
  return typeof getCurrentPages === 'function' && getCurrentPages().length > 1;
}

Component({
  data: {
    record: '' as ReviewTarget | '',
    id: '',
    role: '' as Role | '',
    loading: true,
    busy: false,
    error: '',
    /** the error is final (out of scope, gone): no 重试 */
    final: false,
    detail: null as ReviewDetail | null,
    shown: null as Shown | null,
    decide: null as Decisions | null,
    /** what happened: a decision taken, or someone else's first */
    notice: '',
    noticeTone: '' as '' | 'success' | 'warning',
    actionError: '',
    /** the sections unfolded, and the same as a map for the template */
    open: [] as string[],
    openMap: {} as Record<string, boolean>,
    /** the school's preset reasons for this kind of record: chips that fill the box */
    reasons: [] as string[],
    /** decided, and nothing else waits in the queue: says so, and offers the way back */
    queueDone: false,
    /** the 退回 / 不通过 dialog */
    dialog: false,
    reason: '',
    reasonError: '',
  },

  methods: {
    async onLoad(options: Record<string, string | undefined>) {
      const record = options?.record;
      const id = options?.id ? decodeURIComponent(options.id) : '';
      if (!isRecord(record) || !id) {
        this.setData({ loading: false, final: true, error: '页面参数有误，请从审核列表进入' });
        return;
      }
      this.setData({ record, id });
      await this.load();
    },

    /** Back from 修改: the record changed there (approved as amended), so it is read again. */
    onShow() {
      if (!amendOpened.has(this)) return Promise.resolve();
      amendOpened.delete(this);
      return this.load();
    },

    /** 修改 (a destination the reviewer may change now): the student's form, in the reviewer's mode. */
    onAmend() {
      const d = this.data.detail?.destination;
      const studentNo = this.data.detail?.item.studentNo;
      if (!d?.amendable || !studentNo || this.data.busy) return;
      amendOpened.add(this);
      wx.navigateTo({ url: `/pkg/destination/index?studentNo=${encodeURIComponent(studentNo)}` });
    },

    ...reloadMethods,

    async load() {
      if (this.data.busy || !this.data.record) return;
      this.setData({ busy: true });
      try {
        await this.fetchDetail();
      } finally {
        this.setData({ busy: false, loading: false });
      }
    },

    /** The record as it now is; the caller holds `busy`. */
    async fetchDetail() {
      const record = this.data.record;
      if (!record) return;
      this.setData({ error: '', final: false, actionError: '' });
      const answer = await call('query', { view: 'reviewDetail', record, id: this.data.id });
      if (!answer.ok) {
        this.setData({ error: answer.message, final: FINAL.includes(answer.code), detail: null, shown: null, decide: null });
        return;
      }
      // the detail says who is looking (opened from the queue or a link alike): which decisions are theirs
      const d = answer.data;
      // a reload keeps what the reviewer unfolded; another record starts folded its own way
      const same = this.data.detail?.item.id === d.item.id && this.data.detail?.record === d.record;
      const open = same ? this.data.open : openFor(d);
      this.setData({ role: d.role, detail: d, shown: shown(d), decide: decisions(d.role, d), reasons: d.returnReasons, open, openMap: openMapOf(open) });
      wx.setNavigationBarTitle?.({ title: titleOf(d) });
    },

    /** A section's title tapped: folds or unfolds it. */
    onToggle(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key: string }>) {
      const key = e.currentTarget.dataset.key;
      const open = this.data.open.includes(key) ? this.data.open.filter((k) => k !== key) : [...this.data.open, key];
      this.setData({ open, openMap: openMapOf(open) });
    },

    onPreview(e: WechatMiniprogram.BaseEvent<Record<string, never>, { group: 'proofs' | 'evidence'; src: string }>) {
      const { group, src } = e.currentTarget.dataset;
      preview((group === 'evidence' ? this.data.shown?.evidence : this.data.shown?.proofs) ?? [], src);
    },

    /** The next record of the queue, loaded in place (one call); going back still returns to the queue. */
    async openNext() {
      const next = this.data.detail?.queue?.next;
      if (!next || this.data.busy) return;
      this.setData({ busy: true, notice: '', noticeTone: '' });
      try {
        await this.moveTo(next);
      } finally {
        this.setData({ busy: false });
      }
    },

    /** The caller holds `busy`. */
    async moveTo(next: { record: ReviewTarget; id: string }) {
      this.setData({ record: next.record, id: next.id, queueDone: false, reason: '', reasonError: '', actionError: '' });
      await this.fetchDetail();
      wx.pageScrollTo?.({ scrollTop: 0, duration: 0 });
    },

    onBackToQueue() {
      if (canGoBack()) wx.navigateBack({ delta: 1 });
      else wx.reLaunch({ url: '/pkg/review/queues/index' });
    },

    /** 回传鉴证: an uploaded page among the others, a PDF in the viewer */
    onSealFile(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      const rows = this.data.shown?.panels.find((p) => p.key === 'seal')?.seal ?? [];
      openTile(rows.filter((r) => !r.missing).map((r) => ({ fileId: r.fileId, src: r.src, pdf: r.pdf, failed: r.src === '' })), e.currentTarget.dataset.id);
    },

    /** the generated 协议书 PDF, to read each page beside the stamped one */
    async onOpenPrint() {
      const d = this.data.detail;
      if (!d?.agreement || this.data.busy) return;
      this.setData({ busy: true, actionError: '' });
      try {
        const outcome = await printAgreement(d.agreement.id, requests);
        if (!outcome.ok) this.setData({ actionError: outcome.error });
      } finally {
        this.setData({ busy: false });
      }
    },

    onEmployerFile(e: WechatMiniprogram.BaseEvent<Record<string, never>, { group: FileGroup['key']; id: string }>) {
      const { group, id } = e.currentTarget.dataset;
      const tiles = this.data.shown?.employerFiles.find((g) => g.key === group)?.tiles ?? [];
      openTile(tiles, id);
    },

    async onApprove() {
      const decide = this.data.decide;
      if (this.data.busy || !decide?.can) return;
      if (!(await confirm('通过', decide.approveConfirm, '通过'))) return;
      await this.decide('approve');
    },

    onReject() {
      if (this.data.busy || !this.data.decide?.can) return;
      this.setData({ dialog: true, reasonError: '', actionError: '' });
    },

    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reason: e.detail.value ?? '', reasonError: '' });
    },

    /** A preset reason tapped: into the box, where it can still be edited. */
    onPreset(e: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      const preset = this.data.reasons[Number(e.currentTarget.dataset.index)];
      if (!preset || this.data.busy) return;
      this.setData({ reason: withReason(this.data.reason, preset), reasonError: '' });
    },

    onRejectCancel() {
      this.setData({ dialog: false, reasonError: '' });
    },

    /** An empty reason is refused here: the server would refuse it too, and nothing is sent. */
    async onRejectConfirm() {
      if (this.data.busy) return;
      const reason = this.data.reason.trim();
      if (!reason) {
        this.setData({ reasonError: `${REASON_MISSING}（${this.data.decide?.reject ?? '退回'}原因会通知申请人）` });
        return;
      }
      await this.decide('return', reason);
    },

    async decide(decision: Decision, reason?: string) {
      const d = this.data.detail;
      if (!d) return;
      const item = { record: d.record, id: d.item.id, version: d.item.version };
      const key = `${decision}:${item.record}:${item.id}@${item.version}`;
      this.setData({ busy: true, actionError: '', notice: '', noticeTone: '' });
      try {
        const answer = await call('review', { requestId: requests.idFor(key), decision, items: [item], ...(reason ? { reason } : {}) });
        if (!answer.ok) {
          // shown where the reviewer is looking: in the reason dialog when it is open
          this.setData(this.data.dialog ? { reasonError: answer.message } : { actionError: answer.message });
          return;
        }
        requests.settle(key);
        const outcome = answer.data.results[0];
        if (outcome?.ok) {
          const done = decision === 'approve' ? '已通过' : `已${this.data.decide?.reject ?? '退回'}`;
          this.setData({ dialog: false, reason: '' });
          wx.showToast({ title: done, icon: 'success' });
          const next = d.queue?.next;
          if (next) {
            // straight on to the next of the same queue: the reviewer works through it without going back
            await this.moveTo(next);
            this.setData({ notice: `${done}「${d.item.title}」，这是下一条`, noticeTone: 'success' });
            return;
          }
          if (!d.queue && canGoBack()) {
            wx.navigateBack({ delta: 1 });
            return;
          }
          // nothing else waits: the record as it now is, and the way back to the queue
          this.setData({ notice: done, noticeTone: 'success', queueDone: !!d.queue });
          await this.fetchDetail();
          return;
        }
        if (outcome?.code === 'CONFLICT') {
          // never overwrite someone else's decision: show the record as it is now and let the reviewer look again
          this.setData({ dialog: false, notice: CONFLICT_NOTICE, noticeTone: 'warning' });
          await this.fetchDetail();
          return;
        }
        this.setData({ dialog: false, actionError: outcome?.message ?? '操作失败，请稍后重试' });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
