// 盖章回传: the agreement the school approved waits for its unit's stamp. The unit's HR, or the student on the unit's
// behalf, downloads the PDF, has it stamped, and uploads a photo or scan of every page; each file is read at once
// (sealAgreement checkPage: ✓ 第 N 页, or why it does not belong), and 提交回传 sends the set to the school's 鉴证.
// Photos are compressed on the phone first (wx.compressImage, 1600 px wide, quality 80: a few hundred KB, the
// footer's QR code still sharp); the server takes JPG, PNG or PDF up to 10 MB a file.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { SealView } from '../../../typings/views';
import { call, RequestIds } from '../../api/client';
import { reloadMethods, reloadOnReturn } from '../../utils/reload';
import { staleHome } from '../../utils/session';
import { MAX_BYTES, pickDocuments, pickImages, uploadImage, type Picked as PickedFile } from '../../utils/upload';
import { previewFiles } from '../../utils/files';
import { agreementState, type StateLabel } from '../../utils/labels';
import { printAgreement } from '../agreement/print';
import { pickedRows, slots, status, uploadedLine, uploadedRows, uploadProblem, verifiedLine, type PageSlot, type Picked, type PickedRow, type Status, type UploadedRow } from './shown';

const ids = new RequestIds();

/** The most files one 回传 holds (the server's limit). */
const MAX_FILES = 20;

/** A photo brought down to what the QR needs (1600 px wide keeps 3+ pixels a module); the original when it cannot be. */
function compressed(path: string): Promise<string> {
  return new Promise((resolve) => {
    if (typeof wx.compressImage !== 'function') return resolve(path);
    wx.compressImage({
      src: path,
      quality: 80,
      compressedWidth: 1600,
      success: (res) => resolve(res.tempFilePath || path),
      fail: () => resolve(path),
    } as WechatMiniprogram.CompressImageOption);
  });
}

const sizeOf = (path: string, fallback: number): Promise<number> =>
  new Promise((resolve) => {
    try {
      wx.getFileSystemManager().getFileInfo({ filePath: path, success: (r) => resolve(r.size), fail: () => resolve(fallback) });
    } catch {
      resolve(fallback);
    }
  });

Component({
  data: {
    agreementId: '',
    loading: true,
    busy: false,
    printing: false,
    error: '',
    view: null as SealView | null,
    status: null as Status | null,
    tag: null as StateLabel | null,
    uploaded: [] as UploadedRow[],
    uploadedLine: '',
    verifiedLine: '',
    picked: [] as Picked[],
    rows: [] as PickedRow[],
    slots: [] as PageSlot[],
    problem: '',
    formError: '',
    printError: '',
    maxFiles: MAX_FILES,
  },

  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.setData({ agreementId: options?.agreementId ?? '' });
      return this.load();
    },

    /** Back from the PDF or the album: the school may have decided meanwhile. */
    ...reloadOnReturn,
    ...reloadMethods,

    async load() {
      if (this.data.busy) return;
      const agreementId = this.data.agreementId;
      if (!agreementId) {
        this.setData({ loading: false, error: '未指定协议，请从协议页面进入' });
        return;
      }
      this.setData({ busy: true, error: '' });
      try {
        const answer = await call('query', { view: 'seal', agreementId });
        if (answer.ok) this.show(answer.data);
        else this.setData({ error: answer.message });
      } finally {
        this.setData({ busy: false, loading: false });
      }
    },

    show(view: SealView) {
      // what was picked stays while the agreement still waits for it
      const picked = view.canUpload ? this.data.picked : [];
      this.setData({
        view,
        status: status(view),
        tag: agreementState(view.agreement.state),
        uploaded: uploadedRows(view.uploaded),
        uploadedLine: uploadedLine(view),
        verifiedLine: verifiedLine(view),
      });
      this.showPicked(picked);
    },

    showPicked(picked: Picked[]) {
      const pages = this.data.view?.pages ?? 0;
      this.setData({ picked, rows: pickedRows(picked), slots: pages ? slots(pages, picked) : [], problem: pages ? uploadProblem(pages, picked) : '' });
    },

    /** 下载协议书: the same print as the agreement page's; its page count is known afterwards. */
    async onDownload() {
      const view = this.data.view;
      if (!view || this.data.busy) return;
      this.setData({ busy: true, printing: true, printError: '' });
      let printed = false;
      try {
        const outcome = await printAgreement(view.agreement.id, ids);
        if (outcome.ok) printed = true;
        else this.setData({ printError: outcome.error });
      } finally {
        this.setData({ busy: false, printing: false });
      }
      if (printed && view.pages === null) await this.load();
    },

    onPickPhotos() {
      return this.add(false);
    },

    onPickPdf() {
      return this.add(true);
    },

    /** Each file: compressed (a photo), uploaded to the caller's folder, then read by the server at once. */
    async add(pdf: boolean) {
      const view = this.data.view;
      if (!view?.canUpload || this.data.busy) return;
      const room = MAX_FILES - this.data.picked.length;
      if (room <= 0) {
        this.setData({ formError: `一次最多上传 ${MAX_FILES} 个文件` });
        return;
      }
      const chosen = (pdf ? await pickDocuments(Math.min(room, 9)) : await pickImages(Math.min(room, 9))).slice(0, room);
      if (chosen.length === 0) return;
      this.setData({ busy: true, formError: '' });
      try {
        let picked = this.data.picked;
        let problem = '';
        for (const file of chosen) {
          const path = pdf ? file.path : await compressed(file.path);
          const ready: PickedFile = { path, size: path === file.path ? file.size : await sizeOf(path, file.size) };
          if (ready.size > MAX_BYTES) {
            problem = '文件超过 10 MB，请压缩后重新上传';
            continue;
          }
          const fileId = await uploadImage(view.uploadFolder, ready);
          if (!fileId) {
            problem = '上传失败，请检查网络后重试';
            continue;
          }
          const checked = await call('sealAgreement', { action: 'checkPage', agreementId: view.agreement.id, fileId });
          if (!checked.ok) {
            problem = checked.message;
            continue;
          }
          picked = [...picked, { fileId, path, pdf: checked.data.match === 'pdf', check: checked.data }];
          this.showPicked(picked);
        }
        this.setData({ formError: problem });
      } finally {
        this.setData({ busy: false });
      }
    },

    onRemove(e: WechatMiniprogram.TouchEvent) {
      if (this.data.busy) return;
      const fileId = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      this.showPicked(this.data.picked.filter((p) => p.fileId !== fileId));
      this.setData({ formError: '' });
    },

    onPreviewPicked(e: WechatMiniprogram.TouchEvent) {
      const images = this.data.picked.filter((p) => !p.pdf).map((p) => p.path);
      previewFiles(images, String((e.currentTarget.dataset as { src?: string }).src ?? ''));
    },

    onPreviewUploaded(e: WechatMiniprogram.TouchEvent) {
      previewFiles(this.data.uploaded.map((u) => u.src), String((e.currentTarget.dataset as { src?: string }).src ?? ''));
    },

    /** 提交回传: checked here first (every page, nothing refused); the server reads every file again. */
    async onSubmit() {
      const view = this.data.view;
      if (!view?.canUpload || this.data.busy) return;
      if (this.data.problem) {
        this.setData({ formError: this.data.problem });
        return;
      }
      const key = `seal:${view.agreement.id}`;
      this.setData({ busy: true, formError: '' });
      let sent = false;
      try {
        const answer = await call('sealAgreement', {
          action: 'upload',
          requestId: ids.idFor(key),
          agreementId: view.agreement.id,
          version: view.agreement.version,
          files: this.data.picked.map((p) => p.fileId),
        });
        if (answer.ok) {
          ids.settle(key);
          sent = true;
          wx.showToast({ title: '已提交，等待学校鉴证', icon: 'none' });
        } else {
          this.setData({ formError: answer.message });
        }
      } finally {
        this.setData({ busy: false });
      }
      if (sent) {
        this.showPicked([]);
        staleHome();
        await this.load();
      }
    },

    /** the student's 我的协议书 (the unit came here from its own agreement page, and goes back to it) */
    onToAgreement() {
      const view = this.data.view;
      if (view?.viewer === 'student') wx.navigateTo({ url: `/pkg/agreement/index?id=${view.agreement.id}` });
    },
  },
});
