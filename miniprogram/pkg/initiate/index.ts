// 学生发起签约: 编辑 → 保存 → 发起, then the college reviews. `?id=` opens the student's draft or returned agreement;
// without it, a draft or returned agreement the student already has is continued, else a new one is started.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import { DEFAULT_PENALTY_CAP_YUAN } from '../../rules/terms';
import type { AgreementView, LibraryEmployer } from '../../../typings/views';
import { call, RequestIds } from '../../api/client';
import { chinaToday } from '../../utils/date';
import { datasetOf, formFieldMethods } from '../../utils/form-fields';
import { JOB_CATEGORIES } from '../codes/destination';
import { agreementState, agreementStateLabel, type StateLabel } from '../../utils/labels';
import { staleHome } from '../../utils/session';
import { askSubscription, consentHint, resultLine } from '../../utils/subscribe';
import { pickImages, uploadEach, uploadImage } from '../../utils/upload';
import { draftOf, emptyForm, errorsFromIssues, formFromAgreement, MAX_PROOFS, suggestionOf, type FieldErrors, type InitiateForm, type Suggestion } from './form';
import { agreementUrl, noticeOf, returnedOf, type Notice } from './gate';
import { hasErrors, validateForm } from './validate';

const CHECK_FORM = '请按提示修改标红的项目';
const UPLOAD_FAILED = '图片上传失败，请重试';
const TOO_LARGE = '单张图片不能超过 10 MB，请压缩后重新上传';
const SEARCH_DELAY_MS = 300;
/** the drawn 签名's PNG could not be uploaded: the pad stays open with the drawing for another try */
const SIGNATURE_UPLOAD_FAILED = '签名上传失败，请检查网络后再点确定';

const ids = new RequestIds();

/** What the page keeps besides its render data: the pending search, the folder uploads go into, the templates. */
interface Extra {
  openedWith: string;
  uploadFolder: string;
  /** the school's subscription templates, for the consent 发起 asks */
  templates: Record<string, string>;
  library: LibraryEmployer[];
  timer: ReturnType<typeof setTimeout> | null;
  /** numbers each search, so that a slow answer to an older keyword is dropped */
  searchSeq: number;
  /** the school asks for the drawn 签名 on 发起 (settings.studentSignature) */
  signs: boolean;
}
const extras = new WeakMap<object, Extra>();
const extraOf = (page: object): Extra => {
  let e = extras.get(page);
  if (!e) {
    e = { openedWith: '', uploadFolder: '', templates: {}, library: [], timer: null, searchSeq: 0, signs: false };
    extras.set(page, e);
  }
  return e;
};

type DataPath = Record<string, unknown>;

const year = Number(chinaToday().slice(0, 4));

Component({
  data: {
    /** the school's 违约金 cap, for the warning beside 违约金 */
    cap: 0,
    /** 工作职位类别: the national sheet reports it for every job */
    jobCategories: JOB_CATEGORIES.entries,
    consentHint: consentHint('「我的协议书」'),
    /** after 发起: whether the result will also come as a 微信通知 */
    notified: '',
    loading: true,
    busy: false,
    /** which button's call is in flight: 'save' | 'submit' | 'upload' | '' */
    pending: '',
    loadError: '',
    notice: null as Notice | null,
    form: emptyForm() as InitiateForm,
    errors: {} as FieldErrors,
    error: '',
    conflict: false,
    agreementId: '',
    version: 0,
    stateTag: null as StateLabel | null,
    agreementNo: '',
    returned: null as { by: string; reason: string } | null,
    sourceApproved: true,
    keyword: '',
    suggestions: [] as Suggestion[],
    searching: false,
    /** the keyword whose search found nothing */
    searched: '',
    dateVisible: false,
    today: chinaToday(),
    dateStart: `${year - 1}-01-01`,
    dateEnd: `${year + 3}-12-31`,
    dirty: false,
    maxProofs: MAX_PROOFS,
    submitted: null as { agreementNo: string; stateLabel: string; url: string; next: string } | null,
    /** the 手写签名 panel is open (发起 checked and confirmed, before it is sent) */
    signing: false,
    /** what the panel tells of the signature: an upload that failed, or the server's refusal naming 签名 */
    signatureProblem: '',
    studentName: '',
  },

  lifetimes: {
    detached() {
      const extra = extraOf(this);
      if (extra.timer) clearTimeout(extra.timer);
    },
  },

  methods: {
    onLoad(options: Record<string, string | undefined>) {
      extraOf(this).openedWith = options?.id ?? '';
      return this.load(extraOf(this).openedWith);
    },

    async onPullDownRefresh() {
      try {
        if (this.data.dirty && !(await this.confirm('刷新将放弃未保存的修改，确定刷新吗？'))) return;
        await this.load(this.data.agreementId || extraOf(this).openedWith);
      } finally {
        wx.stopPullDownRefresh();
      }
    },

    onRetry() {
      return this.load(this.data.agreementId || extraOf(this).openedWith);
    },

    /** After a CONFLICT: the agreement as it now stands, the edits on this page dropped. */
    onReload() {
      return this.load(this.data.agreementId || extraOf(this).openedWith);
    },

    confirm(content: string): Promise<boolean> {
      return new Promise((resolve) => {
        wx.showModal({ title: '提示', content, success: (r) => resolve(r.confirm), fail: () => resolve(false) });
      });
    },

    async load(id: string) {
      if (this.data.busy) return;
      this.setData({ loading: true, busy: true, loadError: '', notice: null, error: '', conflict: false, errors: {} });
      try {
        // one view: who the caller is (as 首页 tells it) and the agreement named, else the draft or returned one
        const answer = await call('query', id ? { view: 'initiateForm', id } : { view: 'initiateForm' });
        if (!answer.ok) {
          this.setData({ loadError: answer.message });
          return;
        }
        const { home, agreement: view } = answer.data;
        extraOf(this).uploadFolder = home.uploadFolder ?? '';
        extraOf(this).templates = home.settings.templates;
        extraOf(this).signs = Boolean(home.settings.studentSignature);
        this.setData({ studentName: home.student?.name ?? '' });
        this.setData({ cap: home.settings.penaltyCapYuan ?? DEFAULT_PENALTY_CAP_YUAN });
        const notice = noticeOf(home, view);
        this.setData({
          notice,
          submitted: null,
          form: view ? formFromAgreement(view) : emptyForm(),
          agreementId: view?.id ?? '',
          version: view?.version ?? 0,
          stateTag: view ? agreementState(view.state) : null,
          agreementNo: view?.agreementNo ?? '',
          returned: returnedOf(view),
          sourceApproved: home.student?.sourceCheck === 'approved',
          keyword: '',
          suggestions: [],
          searched: '',
          dirty: false,
        });
      } finally {
        this.setData({ loading: false, busy: false });
      }
    },

    onGo(e: WechatMiniprogram.CustomEvent) {
      const url = datasetOf(e).url;
      if (url) wx.navigateTo({ url });
    },

    ...formFieldMethods,

    // —— 单位: the school's library, or typed in by hand ——

    onKeyword(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const keyword = String(e.detail.value ?? '');
      const extra = extraOf(this);
      if (extra.timer) clearTimeout(extra.timer);
      extra.timer = null;
      if (!keyword.trim()) {
        extra.searchSeq++;
        this.setData({ keyword, suggestions: [], searched: '', searching: false });
        return;
      }
      this.setData({ keyword, searching: true });
      extra.timer = setTimeout(() => {
        extra.timer = null;
        void this.search(keyword);
      }, SEARCH_DELAY_MS);
    },

    onSearchNow() {
      const extra = extraOf(this);
      if (extra.timer) clearTimeout(extra.timer);
      extra.timer = null;
      if (this.data.keyword.trim()) return this.search(this.data.keyword);
      return Promise.resolve();
    },

    onKeywordClear() {
      this.onKeyword({ detail: { value: '' } } as WechatMiniprogram.CustomEvent<{ value: string }>);
    },

    async search(keyword: string) {
      const extra = extraOf(this);
      const seq = ++extra.searchSeq;
      this.setData({ searching: true });
      const answer = await call('query', { view: 'employerLibrary', keyword: keyword.trim() });
      if (seq !== extra.searchSeq) return;
      if (!answer.ok) {
        this.setData({ searching: false, suggestions: [], searched: '', error: answer.message });
        return;
      }
      extra.library = answer.data;
      this.setData({
        searching: false,
        suggestions: answer.data.map(suggestionOf),
        searched: answer.data.length ? '' : keyword.trim(),
        error: '',
      });
    },

    onPickEmployer(e: WechatMiniprogram.BaseEvent) {
      const chosen = extraOf(this).library[Number(datasetOf(e).index)];
      if (!chosen) return;
      this.setData({ 'form.mode': 'library', 'form.library': chosen, 'errors.employer': '', suggestions: [], searched: '', dirty: true });
    },

    onChangeEmployer() {
      this.setData({ 'form.mode': 'search', 'form.library': null, 'errors.employer': '', dirty: true });
    },

    onManual() {
      const name = this.data.form.manual.name || this.data.keyword.trim();
      this.setData({ 'form.mode': 'manual', 'form.manual.name': name, 'errors.employer': '', suggestions: [], searched: '', dirty: true });
    },

    // —— 就业证明材料 ——

    async onAddProof() {
      if (this.data.busy) return;
      const room = MAX_PROOFS - this.data.form.proofs.length;
      if (room <= 0) return;
      const folder = extraOf(this).uploadFolder;
      if (!folder) {
        this.setData({ error: '暂时无法上传，请下拉刷新后重试' });
        return;
      }
      this.setData({ busy: true, pending: 'upload', error: '' });
      try {
        const picked = (await pickImages(room)).slice(0, room);
        const { uploaded, problem } = await uploadEach(folder, picked, { tooLarge: TOO_LARGE, failed: UPLOAD_FAILED });
        const added = uploaded.map((u) => ({ fileId: u.fileId, src: u.path }));
        const change: DataPath = { error: problem };
        if (added.length) Object.assign(change, { 'form.proofs': [...this.data.form.proofs, ...added], 'errors.proofFiles': '', dirty: true });
        this.setData(change);
      } finally {
        this.setData({ busy: false, pending: '' });
      }
    },

    onRemoveProof(e: WechatMiniprogram.BaseEvent) {
      if (this.data.busy) return;
      const index = Number(datasetOf(e).index);
      this.setData({ 'form.proofs': this.data.form.proofs.filter((_, i) => i !== index), dirty: true });
    },

    onPreviewProof(e: WechatMiniprogram.BaseEvent) {
      const urls = this.data.form.proofs.map((p) => p.src);
      const current = urls[Number(datasetOf(e).index)];
      if (current) wx.previewImage({ urls, current });
    },

    // —— 保存 and 发起 ——

    onSave() {
      return this.send('save');
    },

    async onSubmit() {
      if (this.data.busy) return;
      // checked before asking for a subscription: a form that cannot be sent asks for nothing
      if (!this.checked(true)) return;
      const accepted = await askSubscription(['reviewResult'], extraOf(this).templates);
      this.setData({ notified: resultLine(accepted, '「我的协议书」') });
      if (extraOf(this).signs) {
        // the school asks for the drawn 签名: the panel's 确定 sends (onSigned)
        this.setData({ signing: true, signatureProblem: '', error: '' });
        return;
      }
      await this.send('submit');
    },

    /** The pad's 确定: the PNG uploaded into the caller's folder, then 发起 sent with its file id. */
    async onSigned(e: WechatMiniprogram.CustomEvent<{ path: string }>) {
      if (this.data.busy) return;
      this.setData({ busy: true, pending: 'submit', signatureProblem: '' });
      // a 800 × 320 PNG of strokes is tens of KB, far below the upload limit: its size need not be read first
      const fileId = await uploadImage(extraOf(this).uploadFolder, { path: e.detail.path, size: 0 });
      this.setData({ busy: false, pending: '' });
      if (!fileId) {
        this.setData({ signatureProblem: SIGNATURE_UPLOAD_FAILED });
        return;
      }
      await this.send('submit', fileId);
    },

    onSignatureCleared() {
      this.setData({ signatureProblem: '' });
    },

    onSignatureClose() {
      if (this.data.busy) return;
      this.setData({ signing: false, signatureProblem: '' });
    },

    onSignatureVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!e.detail.visible) this.onSignatureClose();
    },

    /** The form's own checks; shows what is wrong next to each field. */
    checked(submit: boolean): boolean {
      const errors = validateForm(this.data.form, { submit, penaltyCapYuan: this.data.cap });
      if (!hasErrors(errors)) return true;
      this.setData({ errors, error: CHECK_FORM, conflict: false });
      return false;
    },

    async send(action: 'save' | 'submit', signatureFile?: string) {
      if (this.data.busy || !this.checked(action === 'submit')) return;
      const { agreementId, version } = this.data;
      const key = `${action}:${agreementId || 'new'}`;
      this.setData({ busy: true, pending: action, error: '', conflict: false, errors: {} });
      try {
        const answer = await call('initiateSigning', {
          action,
          requestId: ids.idFor(key),
          ...(agreementId ? { agreementId } : {}),
          version,
          draft: draftOf(this.data.form, { penaltyCapYuan: this.data.cap }),
          ...(signatureFile ? { signatureFile } : {}),
        });
        if (!answer.ok) {
          const aboutSignature = answer.issues?.find((i) => i.path === 'signatureFile');
          if (aboutSignature && this.data.signing) {
            // the panel stays open: the student signs again and 确定 retries with the same request id
            this.setData({ signatureProblem: aboutSignature.message });
            return;
          }
          if (aboutSignature && action === 'submit') {
            // the school asked for a signature after the page was loaded: the pad opens, the form stays as it is
            extraOf(this).signs = true;
            this.setData({ signing: true, signatureProblem: '', error: '' });
            return;
          }
          this.setData({ signing: false, error: answer.message, errors: errorsFromIssues(answer.issues), conflict: answer.code === 'CONFLICT' });
          return;
        }
        this.setData({ signing: false });
        ids.settle(key);
        // what 首页 says of the student's agreement may have moved: it loads the home view again when next shown
        staleHome();
        const saved = answer.data;
        this.setData({ agreementId: saved.id, version: saved.version, dirty: false });
        if (action === 'save') {
          this.setData({ stateTag: agreementState(saved.state as AgreementView['state']) });
          wx.showToast({ title: '已保存', icon: 'success' });
          return;
        }
        await this.showSubmitted(saved.id, saved.state as AgreementView['state']);
      } finally {
        this.setData({ busy: false, pending: '' });
      }
    },

    /** 发起 went through: the number the agreement now carries, and the way to follow its review. */
    async showSubmitted(id: string, state: AgreementView['state']) {
      const view = await call('query', { view: 'agreement', id });
      const now = view.ok ? view.data.state : state;
      this.setData({
        submitted: {
          agreementNo: view.ok ? view.data.agreementNo ?? '' : '',
          stateLabel: agreementStateLabel(now),
          url: agreementUrl(id),
          // with the unit's confirmation asked by the school, the student shares the link from the agreement page
          next: now === 'pendingEmployer' ? '请到「我的协议书」生成确认链接，发给用人单位的单位联系人确认；单位确认后送院系审核。' : '请等待院系审核。',
        },
      });
      wx.showToast({ title: '已发起', icon: 'success' });
    },
  },
});
