// 审核详情: one record in full (`?record=check|agreement|termination|employer&id=`), its attachments and audit
// timeline, and the reviewer's decision: 通过, or 退回 / 不通过 with a reason. A decision on a record someone else
// changed first is refused by the server (CONFLICT); the page says so and shows the record as it now is.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { Decision, ReviewTarget } from '../../../../typings/events';
import type { Role } from '../../../../typings/states';
import type { ReviewDetail, TimelineEntry } from '../../../../typings/views';
import { call, RequestIds } from '../../../api/client';
import { sections, type Section } from '../../utils/agreement-content';
import {
  agreementRows,
  CONFLICT_NOTICE,
  decisions,
  employerRows,
  fieldRows,
  head,
  isRecord,
  mismatchCount,
  REASON_MISSING,
  terminationRows,
  titleOf,
  type Decisions,
  type FieldRow,
  type Head,
  type Row,
} from './rows';
import { preview, thumbsOf, type Thumb } from './thumbs';
import { openTile, tilesOf, type FileTile } from '../../utils/file-tiles';

/** A unit's registration files, by kind: the licence always shown (未上传 for a unit the school imported), the authorization when sent. */
interface FileGroup {
  key: 'licence' | 'authorization';
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

interface Shown {
  head: Head;
  check: { rows: FieldRow[]; mismatches: number; employment: boolean; reason: string } | null;
  agreement: { rows: Row[]; sections: Section[]; proofs: Thumb[] } | null;
  termination: { rows: Row[]; evidence: Thumb[] } | null;
  employer: Row[] | null;
  employerFiles: FileGroup[];
  timeline: TimelineEntry[];
  /** a termination's agreement keeps its own history */
  agreementTimeline: TimelineEntry[];
  hasTimeline: boolean;
}

function shown(d: ReviewDetail): Shown {
  // a termination shows its agreement too: the reviewer decides whether to dissolve it
  const agreement = d.agreement ?? d.termination?.agreement ?? null;
  const proofs = thumbsOf(agreement?.proofFiles ?? []);
  const evidence = thumbsOf(d.termination?.evidence ?? []);
  const checkRows = d.check ? fieldRows(d.check.fields) : [];
  const timeline = d.check?.timeline ?? d.termination?.timeline ?? d.agreement?.timeline ?? [];
  return {
    head: head(d),
    check: d.check
      ? { rows: checkRows, mismatches: mismatchCount(checkRows), employment: d.check.kind === 'employment', reason: d.check.reason ?? '' }
      : null,
    agreement: agreement ? { rows: agreementRows(agreement), sections: sections(agreement.content), proofs } : null,
    termination: d.termination ? { rows: terminationRows(d.termination), evidence } : null,
    employer: d.employer ? employerRows(d.employer) : null,
    employerFiles: d.employer ? employerFileGroups(d.employer) : [],
    timeline,
    agreementTimeline: d.termination ? d.termination.agreement.timeline : [],
    hasTimeline: d.record !== 'employer',
  };
}

const requests = new RequestIds();
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

    onShow() {
      return Promise.resolve();
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
      this.setData({ role: d.role, detail: d, shown: shown(d), decide: decisions(d.role, d) });
      wx.setNavigationBarTitle?.({ title: titleOf(d) });
    },

    onPreview(e: WechatMiniprogram.BaseEvent<Record<string, never>, { group: 'proofs' | 'evidence'; src: string }>) {
      const { group, src } = e.currentTarget.dataset;
      const thumbs = group === 'evidence' ? this.data.shown?.termination?.evidence : this.data.shown?.agreement?.proofs;
      preview(thumbs ?? [], src);
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
          this.setData({ dialog: false, reason: '', notice: done, noticeTone: 'success' });
          wx.showToast({ title: done, icon: 'success' });
          if (canGoBack()) {
            wx.navigateBack({ delta: 1 });
            return;
          }
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
