// 申请解约: the school's guide, evidence images and an explanation, 提交; then the request's progress, 撤回 while the
// school has not decided, and the school's decision with its reason.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { TerminationForm } from '../../../typings/views';
import { call, RequestIds } from '../../api/client';
import { reloadMethods, reloadOnReturn } from '../../utils/reload';
import { staleHome } from '../../utils/session';
import { askSubscription, consentHint, resultLine } from '../../utils/subscribe';
import { MAX_BYTES, MAX_IMAGES, pickImages, uploadImage } from '../../utils/upload';
import { previewFiles } from '../../utils/files';
import { EXPLANATION_MAX, formProblem, pickProblem, type Evidence } from './form';
import { shown, WAIT_FOR_SCHOOL, type Shown } from './shown';

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
      this.setData({ shown: shown(form.agreement, form.allowed), guide: form.guide, uploadFolder: form.uploadFolder, templates: form.templates });
    },

    async onPick() {
      if (this.data.busy) return;
      const room = MAX_IMAGES - this.data.images.length;
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
          images: [...this.data.images, ...added],
          formError: pickProblem(tooBig, uploaded.length - added.length, over),
        });
      } finally {
        this.setData({ busy: false, uploading: false });
      }
    },

    onRemove(e: WechatMiniprogram.TouchEvent) {
      if (this.data.busy) return;
      const index = Number((e.currentTarget.dataset as { index?: number }).index);
      this.setData({ images: this.data.images.filter((_, i) => i !== index), formError: '' });
    },

    onPreviewPicked(e: WechatMiniprogram.TouchEvent) {
      previewFiles(
        this.data.images.map((i) => i.path),
        String((e.currentTarget.dataset as { src?: string }).src ?? ''),
      );
    },

    onPreviewEvidence(e: WechatMiniprogram.TouchEvent) {
      previewFiles(
        (this.data.shown?.latest?.evidence ?? []).map((t) => t.src),
        String((e.currentTarget.dataset as { src?: string }).src ?? ''),
      );
    },

    onExplain(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ explanation: e.detail.value ?? '', formError: '' });
    },

    /** 提交: checked here first, so an incomplete form costs no call; the server checks again. */
    async onSubmit() {
      if (this.data.busy || !this.data.shown?.canSubmit) return;
      const problem = formProblem(this.data.images, this.data.explanation);
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
        });
        if (answer.ok) {
          ids.settle(key);
          sent = true;
          this.setData({ images: [], explanation: '', notified: resultLine(accepted, '本页') });
          wx.showToast({ title: '已提交，等待学校审核', icon: 'none' });
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

    /** 撤回: only while the school has not decided. */
    async onWithdraw() {
      const latest = this.data.shown?.latest;
      if (!latest || !latest.pending || this.data.busy) return;
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
  },
});
