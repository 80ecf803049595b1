// 邀约详情: every part of an employer's offer, with 应约 (which creates the agreement, sent to college review) and
// 拒绝 (with a reason the employer is told). Once the offer is no longer open the page only reads.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { ErrorCode, Failure } from '../../../typings/errors';
import type { OfferAgreement, OfferScreen } from '../../../typings/views';
import { call, RequestIds } from '../../api/client';
import { agreementState, offerState } from '../../utils/labels';
import { staleHome } from '../../utils/session';
import { askSubscription, consentHint } from '../../utils/subscribe';
import { uploadImage } from '../../utils/upload';
import { banner, CHECK_EVERY_PART, expiryNotice, offerSections, penaltyAlert, type Banner, type Section } from './sections';

const NO_ID = '邀约链接有误，请从三方协议列表进入';
const REASON_MISSING = '请填写拒绝原因';
/** a newer version: the employer edited it, or the timer reminded or expired it; the reload shows which */
const STALE = '该邀约刚刚有更新，已为您刷新，请重新确认后再操作';

/** Refusals that mean the offer changed under the student: the page reloads to show it as it now is. */
const RELOAD_ON: readonly ErrorCode[] = ['CONFLICT', 'OFFER_EXPIRED', 'INVALID_TRANSITION', 'NOT_FOUND'];

const requests = new RequestIds();

/** the drawn 签名's PNG could not be uploaded: the pad stays open with the drawing for another try */
const SIGNATURE_UPLOAD_FAILED = '签名上传失败，请检查网络后再点确定';

/** The number and review state of the agreement the offer became. */
function agreementLine(a: OfferAgreement): string {
  const parts = [a.agreementNo ? `协议编号 ${a.agreementNo}` : '', agreementState(a.state).label];
  return parts.filter(Boolean).join(' · ');
}

function confirm(title: string, content: string, confirmText: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({ title, content, confirmText, success: (res) => resolve(res.confirm), fail: () => resolve(false) });
  });
}

Component({
  data: {
    id: '',
    consentHint: consentHint('「我的协议书」'),
    version: 0,
    busy: false,
    /** true until the offer is first shown */
    loading: true,
    /** the offer could not be loaded: shown instead of it, with 重试 */
    error: '',
    /** the answer to the last 应约/拒绝 when it was refused, shown above the offer */
    notice: '',
    employerName: '',
    jobTitle: '',
    stateLabel: '',
    stateTheme: 'default',
    open: false,
    reminder: CHECK_EVERY_PART,
    expiry: '',
    banner: null as Banner | null,
    sections: [] as Section[],
    /** a 违约金 above the school's cap, said again beside 应约 */
    penaltyAlert: '',
    agreementId: '',
    /** the agreement the offer became: its number and review state */
    agreementLine: '',
    /** the school's subscription templates, for the consent 应约 and 拒绝 ask */
    templates: {} as Record<string, string>,
    declineVisible: false,
    reason: '',
    reasonError: '',
    /** the school asks for the drawn 签名 on 应约: the folder its PNG goes into ('' when not asked) */
    signatureFolder: '',
    /** the 手写签名 panel is open (after 应约 was confirmed, before it is sent) */
    signing: false,
    /** what the panel tells of the signature: an upload that failed, or the server's refusal naming 签名 */
    signatureProblem: '',
    studentName: '',
  },

  methods: {
    async onLoad(options: Record<string, string | undefined>) {
      const id = (options?.['id'] ?? '').trim();
      if (!id) {
        this.setData({ error: NO_ID });
        return;
      }
      this.setData({ id });
      // opened from a notification too: the offer's view carries the school's subscription templates
      await this.load();
    },

    async onPullDownRefresh() {
      try {
        if (this.data.id) await this.load();
      } finally {
        wx.stopPullDownRefresh();
      }
    },

    onRetry() {
      return this.data.id ? this.load() : Promise.resolve();
    },

    async load() {
      if (this.data.busy) return;
      this.setData({ busy: true, error: '' });
      try {
        const answer = await call('query', { view: 'offer', id: this.data.id });
        if (!answer.ok) {
          this.setData({ error: answer.message });
          return;
        }
        this.show(answer.data);
      } finally {
        this.setData({ busy: false });
      }
    },

    show(v: OfferScreen) {
      const state = offerState(v.state);
      this.setData({
        loading: false,
        version: v.version,
        employerName: v.employer.name,
        jobTitle: v.terms.job.title,
        stateLabel: state.label,
        stateTheme: state.theme,
        open: v.state === 'open',
        expiry: expiryNotice(v),
        banner: banner(v),
        sections: offerSections(v),
        penaltyAlert: penaltyAlert(v),
        agreementId: v.agreementId ?? '',
        agreementLine: v.agreement ? agreementLine(v.agreement) : '',
        templates: v.templates,
        signatureFolder: v.signature?.uploadFolder ?? '',
        studentName: v.studentName,
      });
    },

    async refused(answer: Failure) {
      this.setData({ notice: answer.code === 'CONFLICT' ? STALE : answer.message });
      if (RELOAD_ON.includes(answer.code)) await this.load();
    },

    /**
     * 应约: ask for the review-result message while the tap allows it, confirm, then (when the school asks for it) the
     * 手写签名 panel, whose 确定 sends; else the agreement is created at once.
     */
    async onAccept() {
      if (this.data.busy || !this.data.open) return;
      await askSubscription(['reviewResult'], this.data.templates);
      const signs = Boolean(this.data.signatureFolder);
      const sure = await confirm(
        '确认应约',
        `应约后将生成与「${this.data.employerName}」的三方协议书，提交院系审核。请确认工作信息、单位信息、档案及户口信息无误。${signs ? '确认后请手写签名。' : ''}`,
        signs ? '去签名' : '应约',
      );
      if (!sure) return;
      if (signs) {
        this.setData({ signing: true, signatureProblem: '', notice: '' });
        return;
      }
      await this.sendAccept();
    },

    /** The pad's 确定: the PNG uploaded into the caller's folder, then 应约 sent with its file id. */
    async onSigned(e: WechatMiniprogram.CustomEvent<{ path: string }>) {
      if (this.data.busy) return;
      this.setData({ busy: true, signatureProblem: '' });
      // a 800 × 320 PNG of strokes is tens of KB, far below the upload limit: its size need not be read first
      const fileId = await uploadImage(this.data.signatureFolder, { path: e.detail.path, size: 0 });
      this.setData({ busy: false });
      if (!fileId) {
        this.setData({ signatureProblem: SIGNATURE_UPLOAD_FAILED });
        return;
      }
      await this.sendAccept(fileId);
    },

    onSignatureClose() {
      if (this.data.busy) return;
      this.setData({ signing: false, signatureProblem: '' });
    },

    onSignatureCleared() {
      this.setData({ signatureProblem: '' });
    },

    onSignatureVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!e.detail.visible) this.onSignatureClose();
    },

    async sendAccept(signatureFile?: string) {
      const key = `accept:${this.data.id}`;
      this.setData({ busy: true, notice: '' });
      try {
        const answer = await call('respondOffer', {
          action: 'accept',
          requestId: requests.idFor(key),
          offerId: this.data.id,
          version: this.data.version,
          ...(signatureFile ? { signatureFile } : {}),
        });
        if (!answer.ok) {
          const aboutSignature = answer.issues?.find((i) => i.path === 'signatureFile');
          if (aboutSignature && this.data.signing) {
            // the panel stays open: the student signs again and 确定 retries with the same request id
            this.setData({ busy: false, signatureProblem: aboutSignature.message });
            return;
          }
          if (aboutSignature) {
            // the school asked for a signature after the page was loaded: the offer again (with the folder), then the pad
            this.setData({ busy: false });
            await this.load();
            if (this.data.signatureFolder && this.data.open) this.setData({ signing: true, signatureProblem: '', notice: '' });
            return;
          }
          this.setData({ busy: false, signing: false });
          await this.refused(answer);
          return;
        }
        requests.settle(key);
        this.setData({ signing: false });
        wx.showToast({ title: '应约成功', icon: 'success' });
      } finally {
        this.setData({ busy: false });
      }
      staleHome();
      await this.load();
    },

    onDecline() {
      if (this.data.busy || !this.data.open) return;
      this.setData({ declineVisible: true, reasonError: '' });
    },

    onReasonInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reason: e.detail.value, reasonError: '' });
    },

    onDeclineCancel() {
      if (this.data.busy) return;
      this.setData({ declineVisible: false, reasonError: '' });
    },

    /** 拒绝 with the reason the employer reads; after a correction the employer sends again, hence offerReceived. */
    async onDeclineConfirm() {
      if (this.data.busy) return;
      const reason = this.data.reason.trim();
      if (!reason) {
        this.setData({ reasonError: REASON_MISSING });
        return;
      }
      await askSubscription(['offerReceived'], this.data.templates);
      const key = `decline:${this.data.id}`;
      this.setData({ busy: true, notice: '', reasonError: '' });
      try {
        const answer = await call('respondOffer', { action: 'decline', requestId: requests.idFor(key), offerId: this.data.id, version: this.data.version, reason });
        if (!answer.ok) {
          if (RELOAD_ON.includes(answer.code)) {
            this.setData({ busy: false, declineVisible: false });
            await this.refused(answer);
          } else {
            // typed text stays: a retry sends it again with the same request id
            this.setData({ reasonError: answer.issues?.[0]?.message ?? answer.message });
          }
          return;
        }
        requests.settle(key);
        this.setData({ declineVisible: false, reason: '' });
        wx.showToast({ title: '已拒绝', icon: 'success' });
      } finally {
        this.setData({ busy: false });
      }
      staleHome();
      await this.load();
    },

    onViewAgreement() {
      if (!this.data.agreementId) return;
      wx.navigateTo({ url: `/pkg/agreement/index?id=${encodeURIComponent(this.data.agreementId)}` });
    },
  },
});
