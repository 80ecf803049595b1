// 申请解约: the school's guide, evidence images and an explanation, 提交; then the request's progress, 撤回 while the
// school has not decided, and the school's decision with its reason. With mutual consent (a school setting) the same
// page serves the agreement's unit too: either party asks with a reason and 违约方, the other 同意 / 不同意; the
// student whose unit has no account sends it a consent link.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { TerminationForm } from '../../../typings/views';
import { call, RequestIds } from '../../api/client';
import { reloadMethods, reloadOnReturn } from '../../utils/reload';
import { staleHome } from '../../utils/session';
import { askSubscription, consentHint, resultLine } from '../../utils/subscribe';
import { MAX_BYTES, MAX_IMAGES, pickImages, uploadImage } from '../../utils/upload';
import { previewFiles } from '../../utils/files';
import { EXPLANATION_MAX, formProblem, pickProblem, refuseProblem, REFUSE_REASON_MAX, type Evidence } from './form';
import { shown, WAIT_FOR_SCHOOL, type Shown, type Viewer } from './shown';
import { TERMINATION_REASONS, type BreachBy } from '../codes/termination';
import { chineseDateTime } from '../../utils/date';

/** the reasons as the form offers them: 个人违约 ones first, then 单位违约 */
const REASONS = TERMINATION_REASONS.map((r) => ({ code: r.code, label: r.label, breachBy: r.breachBy }));
const BREACHES: { value: BreachBy; label: string }[] = [
  { value: 'student', label: '个人违约' },
  { value: 'employer', label: '单位违约' },
];

const ids = new RequestIds();

function confirm(title: string, content: string, confirmText: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({ title, content, confirmText, success: (r) => resolve(r.confirm), fail: () => resolve(false) });
  });
}

Component({
  data: {
    agreementId: '',
    consentHint: consentHint('本页'),
    /** after 提交: whether the result will also come as a 微信通知 */
    notified: '',
    loading: true,
    busy: false,
    uploading: false,
    error: '',
    guide: '',
    uploadFolder: '',
    /** the school's subscription templates, for the consent 提交 asks */
    templates: {} as Record<string, string>,
    shown: null as Shown | null,
    waitForSchool: WAIT_FOR_SCHOOL,
    maxImages: MAX_IMAGES,
    explanationMax: EXPLANATION_MAX,
    images: [] as Evidence[],
    explanation: '',
    formError: '',
    requestError: '',
    // mutual consent
    viewer: null as Viewer | null,
    /** the form asks the reason and 违约方 */
    structured: false,
    reasons: REASONS,
    breaches: BREACHES,
    reasonCode: '',
    breachBy: '' as BreachBy | '',
    penaltyYuan: 0,
    receiptDue: false,
    receipts: [] as Evidence[],
    /** 不同意: the reason box is open */
    refusing: false,
    refuseReason: '',
    refuseReasonMax: REFUSE_REASON_MAX,
    /** the consent link just drawn, to send to the unit */
    link: null as { path: string; expiresAt: string } | null,
    studentName: '',
  },

  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.setData({ agreementId: options?.agreementId ?? '' });
      return this.load();
    },

    /** Back from another page (the album, a preview, the agreement): the request may have been decided meanwhile. */
    ...reloadOnReturn,
    ...reloadMethods,

    /**
     * One view: the agreement with its requests (newest first, with their timelines) and canTerminate, and what the
     * school allows and asks (whether students may apply, its guide, the upload folder, the subscription templates).
     */
    async load() {
      if (this.data.busy) return;
      const agreementId = this.data.agreementId;
      if (!agreementId) {
        this.setData({ loading: false, error: '未指定协议，请从“我的协议书”进入' });
        return;
      }
      this.setData({ busy: true, error: '' });
      try {
        const answer = await call('query', { view: 'terminationForm', agreementId });
        if (answer.ok) this.show(answer.data);
        else this.setData({ error: answer.message });
      } finally {
        this.setData({ busy: false, loading: false });
      }
    },

    show(form: TerminationForm) {
      const viewer: Viewer = {
        role: form.role ?? 'student',
        mutualConsent: form.mutualConsent ?? false,
        limitReason: form.limitReason ?? '',
        consentVia: form.consentVia ?? 'account',
      };
      const penaltyYuan = form.penaltyYuan ?? 0;
      this.setData({
        shown: shown(form.agreement, form.allowed, viewer),
        viewer,
        structured: viewer.mutualConsent || viewer.role === 'employer',
        penaltyYuan,
        receiptDue: penaltyYuan > 0 && this.data.breachBy === 'student',
        studentName: form.agreement.content.student.name,
        guide: form.guide,
        uploadFolder: form.uploadFolder,
        templates: form.templates,
      });
      if (viewer.role === 'employer') wx.setNavigationBarTitle({ title: '解约' });
    },

    /** 解约原因: proposes its 违约方, which the person may change */
    onReason(e: WechatMiniprogram.TouchEvent) {
      if (this.data.busy) return;
      const code = String((e.currentTarget.dataset as { code?: string }).code ?? '');
      const reason = REASONS.find((r) => r.code === code);
      if (!reason) return;
      this.setBreach(reason.breachBy, { reasonCode: code });
    },

    onBreach(e: WechatMiniprogram.TouchEvent) {
      if (this.data.busy) return;
      const value = String((e.currentTarget.dataset as { value?: string }).value ?? '') as BreachBy;
      if (value !== 'student' && value !== 'employer') return;
      this.setBreach(value, {});
    },

    setBreach(breachBy: BreachBy, more: Record<string, unknown>) {
      this.setData({ ...more, breachBy, receiptDue: this.data.penaltyYuan > 0 && breachBy === 'student', formError: '' });
    },

    async onPick(e?: WechatMiniprogram.TouchEvent) {
      if (this.data.busy) return;
      const list = (e?.currentTarget?.dataset as { list?: string } | undefined)?.list === 'receipts' ? 'receipts' : 'images';
      const room = MAX_IMAGES - this.data[list].length;
      if (room <= 0) {
        this.setData({ formError: pickProblem(0, 0, 1) });
        return;
      }
      const picked = await pickImages(room);
      if (picked.length === 0) return;
      const over = Math.max(0, picked.length - room);
      const fitting = picked.slice(0, room).filter((p) => p.size <= MAX_BYTES);
      const tooBig = picked.length - over - fitting.length;
      this.setData({ busy: true, uploading: true, formError: '' });
      try {
        const folder = this.data.uploadFolder;
        const uploaded = await Promise.all(fitting.map(async (p) => ({ path: p.path, fileId: (await uploadImage(folder, p)) ?? '' })));
        const added = uploaded.filter((u) => u.fileId);
        this.setData({
          [list]: [...this.data[list], ...added],
          formError: pickProblem(tooBig, uploaded.length - added.length, over),
        });
      } finally {
        this.setData({ busy: false, uploading: false });
      }
    },

    onRemove(e: WechatMiniprogram.TouchEvent) {
      if (this.data.busy) return;
      const dataset = e.currentTarget.dataset as { index?: number; list?: string };
      const list = dataset.list === 'receipts' ? 'receipts' : 'images';
      const index = Number(dataset.index);
      this.setData({ [list]: this.data[list].filter((_, i) => i !== index), formError: '' });
    },

    onPreviewPicked(e: WechatMiniprogram.TouchEvent) {
      previewFiles(
        this.data.images.map((i) => i.path),
        String((e.currentTarget.dataset as { src?: string }).src ?? ''),
      );
    },

    onPreviewEvidence(e: WechatMiniprogram.TouchEvent) {
      const latest = this.data.shown?.latest;
      previewFiles(
        [...(latest?.evidence ?? []), ...(latest?.receipts ?? [])].map((t) => t.src),
        String((e.currentTarget.dataset as { src?: string }).src ?? ''),
      );
    },

    onExplain(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ explanation: e.detail.value ?? '', formError: '' });
    },

    /** 提交: checked here first, so an incomplete form costs no call; the server checks again. */
    async onSubmit() {
      if (this.data.busy || !this.data.shown?.canSubmit) return;
      const { structured, reasonCode, breachBy, receiptDue, receipts } = this.data;
      const problem = formProblem(this.data.images, this.data.explanation, { structured, reasonCode, receiptDue, receipts });
      if (problem) {
        this.setData({ formError: problem });
        return;
      }
      // asked within the tap, before anything is awaited: WeChat shows the consent only then
      const consent = askSubscription(['reviewResult'], this.data.templates);
      this.setData({ busy: true, formError: '' });
      let sent = false;
      try {
        const accepted = await consent;
        const agreementId = this.data.agreementId;
        const key = `terminate:${agreementId}`;
        const answer = await call('requestTermination', {
          action: 'submit',
          requestId: ids.idFor(key),
          agreementId,
          explanation: this.data.explanation.trim(),
          evidenceFiles: this.data.images.map((i) => i.fileId),
          ...(structured ? { reasonCode, ...(breachBy ? { breachBy } : {}) } : {}),
          ...(receiptDue ? { penaltyReceiptFiles: receipts.map((r) => r.fileId) } : {}),
        });
        if (answer.ok) {
          ids.settle(key);
          sent = true;
          this.setData({ images: [], receipts: [], explanation: '', reasonCode: '', breachBy: '', receiptDue: false, notified: resultLine(accepted, '本页') });
          const toOther = answer.data.state === 'pendingConsent';
          wx.showToast({ title: toOther ? '已提交，等待对方同意' : '已提交，等待学校审核', icon: 'none' });
        } else {
          this.setData({ formError: answer.message });
        }
      } finally {
        this.setData({ busy: false });
      }
      if (sent) {
        staleHome();
        await this.load();
      }
    },

    /** 撤回: only while the school has not decided, by whoever asked. */
    async onWithdraw() {
      const latest = this.data.shown?.latest;
      if (!latest || !latest.canWithdraw || this.data.busy) return;
      if (!(await confirm('撤回解约申请', '撤回后协议保持签约状态，如需解约可重新申请。确定撤回吗？', '撤回'))) return;
      const key = `withdraw:${latest.id}`;
      this.setData({ busy: true, requestError: '' });
      let withdrawn = false;
      try {
        const answer = await call('requestTermination', { action: 'withdraw', requestId: ids.idFor(key), terminationId: latest.id, version: latest.version });
        if (answer.ok) {
          ids.settle(key);
          withdrawn = true;
          wx.showToast({ title: '已撤回', icon: 'success' });
        } else {
          this.setData({ requestError: answer.message });
        }
      } finally {
        this.setData({ busy: false });
      }
      if (withdrawn) {
        staleHome();
        await this.load();
      }
    },

    /** 同意解约: the other party's consent; the request then goes to the school. */
    async onConsent() {
      const latest = this.data.shown?.latest;
      if (!latest || !latest.canAnswer || this.data.busy) return;
      if (!(await confirm('同意解约', '同意后解约申请将提交学校审核，审核通过后协议解除。确定同意吗？', '同意'))) return;
      await this.answer({ action: 'consent' }, '已同意，等待学校审核');
    },

    onRefuseStart() {
      if (this.data.busy) return;
      this.setData({ refusing: true, requestError: '' });
    },

    onRefuseCancel() {
      this.setData({ refusing: false, refuseReason: '', requestError: '' });
    },

    onRefuseReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ refuseReason: e.detail.value ?? '', requestError: '' });
    },

    /** 不同意: with its reason; the request ends and the asker is told. */
    async onRefuse() {
      const latest = this.data.shown?.latest;
      if (!latest || !latest.canAnswer || this.data.busy) return;
      const problem = refuseProblem(this.data.refuseReason);
      if (problem) {
        this.setData({ requestError: problem });
        return;
      }
      await this.answer({ action: 'refuse', reason: this.data.refuseReason.trim() }, '已答复不同意');
    },

    async answer(what: { action: 'consent' } | { action: 'refuse'; reason: string }, done: string) {
      const latest = this.data.shown!.latest!;
      const key = `${what.action}:${latest.id}`;
      this.setData({ busy: true, requestError: '' });
      let answered = false;
      try {
        const answer = await call('requestTermination', { ...what, requestId: ids.idFor(key), terminationId: latest.id, version: latest.version });
        if (answer.ok) {
          ids.settle(key);
          answered = true;
          this.setData({ refusing: false, refuseReason: '' });
          wx.showToast({ title: done, icon: 'none' });
        } else {
          this.setData({ requestError: answer.message });
        }
      } finally {
        this.setData({ busy: false });
      }
      if (answered) {
        staleHome();
        await this.load();
      }
    },

    /** 生成同意链接: for a unit without an account; the student then sends it as a chat card. */
    async onIssueLink() {
      const latest = this.data.shown?.latest;
      if (!latest || !latest.canShareLink || this.data.busy) return;
      this.setData({ busy: true, requestError: '' });
      try {
        const answer = await call('requestTermination', { action: 'issueLink', requestId: ids.idFor(`link:${latest.id}:${Date.now()}`), terminationId: latest.id });
        if (answer.ok && answer.data.consentLink) {
          this.setData({ link: { path: answer.data.consentLink.path, expiresAt: chineseDateTime(answer.data.consentLink.expiresAt) } });
        } else if (!answer.ok) {
          this.setData({ requestError: answer.message });
        }
      } finally {
        this.setData({ busy: false });
      }
    },

    /** The chat card the student sends: the consent page of the link just drawn (none before). */
    onShareAppMessage() {
      const link = this.data.link;
      if (!link) return { title: '网签三方协议', path: '/pages/index/index' };
      return { title: `${this.data.studentName}申请解除就业协议，请单位确认是否同意`, path: `/${link.path}` };
    },
  },
});
