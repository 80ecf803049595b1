// 我的协议书: the student's agreement (the one named, else the current one), its progress, 打印, and what the student
// may still do with it: 撤回, 编辑并重新发起, 作废, 申请解约.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { AgreementView, ConfirmLinkIssued } from '../../../typings/views';
import { call, RequestIds } from '../../api/client';
import { DOWNLOAD_FAILED, copiesHint, openedHint, printAgreement } from './print';
import { staleHome } from '../../utils/session';
import {
  actions,
  header,
  printNote,
  progress,
  sections,
  status,
  terminationNote,
  terminationRows,
  thumbs,
  type Actions,
  type Header,
  type Progress,
  type Section,
  type Status,
  type TerminationRow,
  type Thumb,
} from '../utils/agreement-content';
import { previewFiles } from '../../utils/files';
import { chineseDateTime } from '../../utils/date';
import { relayoutSteps } from '../utils/steps';
import { reloadMethods, reloadOnReturn } from '../../utils/reload';

interface Shown {
  status: Status;
  progress: Progress;
  header: Header;
  sections: Section[];
  proofs: Thumb[];
  printHint: string;
  printNote: string;
  actions: Actions;
  hasActions: boolean;
  terminations: TerminationRow[];
  terminationNote: string;
  /** the 解约 part is shown once an agreement is signed, or when it has requests */
  showTermination: boolean;
  /** that the student signed by hand, and when ('' when the school does not ask for a signature) */
  signature: string;
}

/** The drawn 签名 (settings.studentSignature) in words: who signed, when, with which act, and where it is printed. */
function signatureLine(v: AgreementView): string {
  if (!v.studentSignature) return '';
  const who = v.asStudent ? '您' : '学生';
  const act = v.origin === 'offer' ? '应约' : '发起签约';
  return `${who}已于 ${chineseDateTime(v.studentSignature.signedAt)} ${act}时手写签名，签名将印在协议书的乙方栏`;
}

function shown(v: AgreementView): Shown {
  const a = actions(v);
  return {
    status: status(v),
    progress: progress(v),
    header: header(v),
    sections: sections(v.content, { penaltyCapYuan: v.penaltyCapYuan }),
    proofs: thumbs(v.proofFiles),
    printHint: copiesHint(v.printCopies),
    printNote: printNote(v),
    actions: a,
    // 编辑 is the status card's main button; these two sit under it
    hasActions: a.withdraw || a.cancel,
    terminations: terminationRows(v.terminations),
    terminationNote: terminationNote(v),
    showTermination: v.state === 'signed' || v.state === 'terminated' || v.terminations.length > 0,
    signature: signatureLine(v),
  };
}

const ids = new RequestIds();
function confirm(title: string, content: string, confirmText: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({ title, content, confirmText, success: (r) => resolve(r.confirm), fail: () => resolve(false) });
  });
}

Component({
  data: {
    /** the agreement asked for; '' = the student's current one */
    id: '',
    loading: true,
    busy: false,
    printing: false,
    /** the student has no agreement at all */
    empty: false,
    error: '',
    view: null as AgreementView | null,
    shown: null as Shown | null,
    printed: '',
    printError: '',
    actionError: '',
    /** 邀请单位确认: the link drawn on this visit (a chat card, a QR image), until the page leaves */
    link: null as null | { qr: string; expires: string; path: string },
    linkError: '',
  },

  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.setData({ id: options?.id ?? '' });
      return this.load();
    },

    /** Back from another page (申请解约, 编辑, the album, a preview): the record may have moved on. */
    ...reloadOnReturn,
    ...reloadMethods,

    async load() {
      if (this.data.busy) return;
      this.setData({ busy: true, error: '' });
      try {
        const id = this.data.id;
        const answer = await call('query', id ? { view: 'agreement', id } : { view: 'agreement' });
        if (answer.ok) {
          const next = shown(answer.data);
          // what 打印 said last belongs to a printable agreement: gone once it no longer is (解约申请, 已解约)
          const printable = next.status.printable && !next.status.printPaused;
          // a new status on a reload (退回, 已解约): the bar lays out its steps again once drawn
          this.setData({ view: answer.data, shown: next, empty: false, ...(printable ? {} : { printed: '', printError: '' }) }, () =>
            relayoutSteps(this.selectComponent('.agreement__progress')),
          );
        } else if (answer.code === 'NOT_FOUND' && !id) this.setData({ view: null, shown: null, empty: true });
        else this.setData({ error: answer.message });
      } finally {
        this.setData({ busy: false, loading: false });
      }
    },

    /** 打印: the signed agreement as a PDF, opened with the menu that prints or shares it. */
    async onPrint() {
      const view = this.data.view;
      if (!view || this.data.busy) return;
      this.setData({ busy: true, printing: true, printed: '', printError: '' });
      wx.showLoading({ title: '正在生成协议书', mask: true });
      try {
        const outcome = await printAgreement(view.id, ids);
        this.setData(outcome.ok ? { printed: openedHint(outcome.agreementNo) } : { printError: outcome.error });
      } catch {
        this.setData({ printError: DOWNLOAD_FAILED });
      } finally {
        wx.hideLoading();
        this.setData({ busy: false, printing: false });
      }
    },

    async onWithdraw() {
      const ok = await confirm('撤回协议', '撤回后协议回到草稿，可修改后重新发起。确定撤回吗？', '撤回');
      if (ok) await this.change('withdraw', '已撤回');
    },

    async onCancel() {
      const view = this.data.view;
      const tellsUnit = view?.origin === 'offer' ? '单位将收到通知。' : '';
      const ok = await confirm('作废协议', `作废后不能恢复，可另行签约。${tellsUnit}确定作废吗？`, '作废');
      if (ok) await this.change('cancel', '已作废');
    },

    /** 撤回 or 作废 through initiateSigning, then the agreement as it now stands. */
    async change(action: 'withdraw' | 'cancel', done: string) {
      const view = this.data.view;
      if (!view || this.data.busy) return;
      const key = `${action}:${view.id}`;
      this.setData({ busy: true, actionError: '' });
      let changed = false;
      try {
        const answer = await call('initiateSigning', { action, agreementId: view.id, version: view.version, requestId: ids.idFor(key) });
        if (answer.ok) {
          ids.settle(key);
          changed = true;
          wx.showToast({ title: done, icon: 'success' });
        } else {
          this.setData({ actionError: answer.message });
        }
      } finally {
        this.setData({ busy: false });
      }
      if (changed) {
        // the agreement now has a fixed id, whichever way it was opened
        this.setData({ id: view.id });
        staleHome();
        await this.load();
      }
    },

    /**
     * 邀请单位确认: a new confirmation link for the unit's HR (each one replaces the one before), shown as a QR image
     * to scan and sent as a chat card by 发送给单位联系人 (the page's share).
     */
    async onInviteUnit() {
      const view = this.data.view;
      if (!view || this.data.busy) return;
      this.setData({ busy: true, linkError: '' });
      try {
        const answer = await call('employerConfirm', { action: 'issueLink', agreementId: view.id, requestId: ids.idFor(`link:${view.id}:${Date.now()}`) });
        if (answer.ok && 'qrDataUrl' in answer.data) {
          const issued: ConfirmLinkIssued = answer.data;
          this.setData({ link: { qr: issued.qrDataUrl, expires: chineseDateTime(issued.expiresAt), path: issued.path } });
        } else if (!answer.ok) this.setData({ linkError: answer.message });
      } finally {
        this.setData({ busy: false });
      }
    },

    /** The chat card a student sends the unit: the confirmation page of the link drawn, else the agreement itself. */
    onShareAppMessage() {
      const link = this.data.link;
      const name = this.data.view?.content.student.name ?? '';
      if (link) return { title: `请确认${name}的三方协议`, path: `/${link.path}` };
      return { title: '我的三方协议', path: '/pages/index/index' };
    },

    /** The status card's one main button: what this state asks of the student. */
    onPrimary() {
      const primary = this.data.shown?.status.primary;
      if (primary === 'print') return this.onPrint();
      if (primary === 'edit') return this.onEdit();
      if (primary === 'termination') return this.onTerminate();
      if (primary === 'offers') return this.onToOffers();
      if (primary === 'seal') return this.onSeal();
      return undefined;
    },

    /** 盖章回传: the stamped pages are uploaded (and followed) on their own page */
    onSeal() {
      const view = this.data.view;
      if (view) wx.navigateTo({ url: `/pkg/seal/index?agreementId=${view.id}` });
    },

    onEdit() {
      const view = this.data.view;
      if (view) wx.navigateTo({ url: `/pkg/initiate/index?id=${view.id}` });
    },

    onTerminate() {
      const view = this.data.view;
      if (view) wx.navigateTo({ url: `/pkg/termination/index?agreementId=${view.id}` });
    },

    onToOffers() {
      wx.switchTab({ url: '/pages/offers/index' });
    },

    onPreview(e: WechatMiniprogram.TouchEvent) {
      const proofs = this.data.shown?.proofs ?? [];
      previewFiles(
        proofs.map((p) => p.src),
        String((e.currentTarget.dataset as { src?: string }).src ?? ''),
      );
    },
  },
});
