// 单位注册: a unit's contact, not yet bound, registers the unit with its 营业执照 (and, where the school asks, their
// 授权书或在职证明); it then waits for the school's certification. A contact whose unit the school turned down
// registers it again here, corrected: the form comes prefilled, its files too, with the school's reason.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { RegisterForm } from '../../../../typings/views';
import { call, RequestIds } from '../../../api/client';
import {
  emptyRegistration,
  fileProblems,
  MAX_FILES,
  registerErrorsFromIssues,
  registrationFrom,
  registrationOf,
  validateRegistration,
  type FileKey,
  type RegisterErrors,
  type Registration,
} from './form';
import { openTile, pickedTile, tilesOf, type FileTile } from '../../utils/file-tiles';
import { MAX_BYTES, pickDocuments, pickImages, uploadImage, type Picked } from '../../../utils/upload';
import { HOME_TAB } from '../../utils/employer-status';
import { roleLabel } from '../../../utils/labels';
import { refreshHome } from '../../../utils/session';
import { askSubscription } from '../../../utils/subscribe';

const CHECK_FORM = '请按提示修改标红的项目';

const ids = new RequestIds();

type Dataset = { field?: string; files?: FileKey; id?: string };
const datasetOf = (e: { currentTarget?: { dataset?: unknown } }): Dataset => (e.currentTarget?.dataset ?? {}) as Dataset;
const fieldOf = (e: { currentTarget?: { dataset?: unknown } }): string => datasetOf(e).field ?? '';
const filesOf = (e: { currentTarget?: { dataset?: unknown } }): FileKey | null => {
  const key = datasetOf(e).files;
  return key === 'licenceFiles' || key === 'authorizationFiles' ? key : null;
};

/** Why some chosen files were not added, or '' when all were. */
function pickProblem(tooBig: number, failed: number, over: number): string {
  const parts = [
    tooBig ? `${tooBig} 份超过 10 MB，请压缩后重新上传` : '',
    failed ? `${failed} 份上传失败，请重试` : '',
    over ? `每项最多 ${MAX_FILES} 份，多选的 ${over} 份未添加` : '',
  ].filter(Boolean);
  return parts.join('；');
}

const noFiles = (): Record<FileKey, FileTile[]> => ({ licenceFiles: [], authorizationFiles: [] });

Component({
  data: {
    loading: true,
    busy: false,
    loadError: '',
    /** already bound: who as, and where to go instead */
    bound: '',
    /** the school's reason, when this is a second try after a rejection */
    rejected: '',
    form: emptyRegistration() as Registration,
    /** the uploaded files, by field: sent as their ids */
    files: noFiles(),
    maxFiles: MAX_FILES,
    /** the school asks for the contact's 授权书或在职证明 too */
    requireAuthorization: false,
    uploadFolder: '',
    /** which field is uploading, so only its add tiles show it */
    uploading: '' as FileKey | '',
    errors: {} as RegisterErrors,
    error: '',
    /** the registration went through (again, after a rejection: `resubmitted`) */
    done: null as { name: string; resubmitted: boolean } | null,
    /** the school's subscription templates, for the consent 提交 asks */
    templates: {} as Record<string, string>,
  },

  methods: {
    onLoad() {
      return this.load();
    },

    async onPullDownRefresh() {
      try {
        if (!this.data.done) await this.load();
      } finally {
        wx.stopPullDownRefresh();
      }
    },

    onRetry() {
      return this.load();
    },

    async load() {
      if (this.data.busy) return;
      this.setData({ loading: true, busy: true, loadError: '', bound: '', rejected: '', error: '', errors: {} });
      try {
        // one view: who the caller is (as 首页 tells it), and their unit in full if the school turned it down
        const answer = await call('query', { view: 'registerForm' });
        if (!answer.ok) {
          this.setData({ loadError: answer.message });
          return;
        }
        const { home, rejected, requireHrAuthorization, uploadFolder } = answer.data;
        const { role, employer } = home;
        this.setData({ templates: home.settings.templates, requireAuthorization: requireHrAuthorization, uploadFolder });
        if (rejected) {
          this.prefill(rejected);
          return;
        }
        if (role) {
          const who = employer ? `${roleLabel(role)}（${employer.name}）` : roleLabel(role);
          this.setData({ bound: `该微信已绑定为${who}，无需重复注册` });
          return;
        }
        this.setData({ form: emptyRegistration(), files: noFiles() });
      } finally {
        this.setData({ loading: false, busy: false });
      }
    },

    prefill(employer: NonNullable<RegisterForm['rejected']>) {
      // the files come back as they were sent; a licence the school could not read is removed and taken again
      this.setData({
        form: registrationFrom(employer),
        files: { licenceFiles: tilesOf(employer.licenceFiles), authorizationFiles: tilesOf(employer.authorizationFiles) },
        rejected: employer.reason || '未填写原因',
      });
    },

    /** 拍照或相册 (data-files names the field). */
    onPickImages(e: WechatMiniprogram.BaseEvent) {
      const key = filesOf(e);
      if (key) return this.addFiles(key, (room) => pickImages(room));
    },

    /** 聊天文件: a scanned PDF or a picture sent in a WeChat chat. */
    onPickDocuments(e: WechatMiniprogram.BaseEvent) {
      const key = filesOf(e);
      if (key) return this.addFiles(key, (room) => pickDocuments(room));
    },

    async addFiles(key: FileKey, pick: (room: number) => Promise<Picked[]>) {
      if (this.data.busy) return;
      const room = MAX_FILES - this.data.files[key].length;
      if (room <= 0) return;
      const picked = await pick(room);
      if (!picked.length) return;
      const fitting = picked.slice(0, room).filter((p) => p.size <= MAX_BYTES);
      const tooBig = picked.slice(0, room).length - fitting.length;
      this.setData({ busy: true, uploading: key, [`errors.${key}`]: '' });
      try {
        const folder = this.data.uploadFolder;
        const uploaded = await Promise.all(fitting.map(async (p) => ({ path: p.path, fileId: (await uploadImage(folder, p)) ?? '' })));
        const added = uploaded.filter((u) => u.fileId).map((u) => pickedTile(u.fileId, u.path));
        const problem = pickProblem(tooBig, uploaded.length - added.length, picked.length - Math.min(picked.length, room));
        this.setData({ [`files.${key}`]: [...this.data.files[key], ...added], [`errors.${key}`]: problem });
      } finally {
        this.setData({ busy: false, uploading: '' });
      }
    },

    onRemoveFile(e: WechatMiniprogram.BaseEvent) {
      const key = filesOf(e);
      const id = datasetOf(e).id;
      if (!key || !id || this.data.busy) return;
      this.setData({ [`files.${key}`]: this.data.files[key].filter((t) => t.fileId !== id) });
    },

    onOpenFile(e: WechatMiniprogram.BaseEvent) {
      const key = filesOf(e);
      const id = datasetOf(e).id;
      if (key && id) openTile(this.data.files[key], id);
    },

    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = fieldOf(e);
      if (!field) return;
      this.setData({ [`form.${field}`]: String(e.detail.value ?? ''), [`errors.${field}`]: '' });
    },

    /** A code-field (单位性质, 行业, 所在地): detail `{ value: code, label }`. */
    onCode(e: WechatMiniprogram.CustomEvent<{ value: string; label: string }>) {
      this.onInput(e);
    },

    async onSubmit() {
      if (this.data.busy) return;
      const { files, requireAuthorization } = this.data;
      const errors = { ...validateRegistration(this.data.form), ...fileProblems(files, requireAuthorization) };
      if (Object.keys(errors).length) {
        this.setData({ errors, error: CHECK_FORM });
        return;
      }
      // the school's decision is sent to whoever registers: asked in this tap, before the call
      await askSubscription(['reviewResult'], this.data.templates);
      const employer = registrationOf(this.data.form);
      const key = `register:${employer.uscc}`;
      this.setData({ busy: true, error: '', errors: {} });
      try {
        const answer = await call('bind', {
          action: 'registerEmployer',
          requestId: ids.idFor(key),
          employer,
          licenceFiles: files.licenceFiles.map((t) => t.fileId),
          ...(files.authorizationFiles.length ? { authorizationFiles: files.authorizationFiles.map((t) => t.fileId) } : {}),
        });
        if (!answer.ok) {
          this.setData({ error: answer.message, errors: registerErrorsFromIssues(answer.issues) });
          return;
        }
        ids.settle(key);
        await refreshHome();
        this.setData({ done: { name: employer.name, resubmitted: !!this.data.rejected } });
      } finally {
        this.setData({ busy: false });
      }
    },

    /** The tab bar is the employer's from now on: start again from the unit's home. */
    onHome() {
      wx.reLaunch({ url: HOME_TAB });
    },

    /** Someone already bound goes back to the launch page, which knows where their role belongs. */
    onLaunch() {
      wx.reLaunch({ url: '/pages/index/index' });
    },
  },
});
