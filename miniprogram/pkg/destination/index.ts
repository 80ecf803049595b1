// 毕业去向登记: the student chooses the type of their destination, fills in only that type's fields, its evidence,
// 档案转递 and 户口迁移, then 保存 / 提交; the college reviews; the student confirms the approved values (本人确认).
// A change after approval is a new submission: the approved values stay in force (reported, counted) until the change
// is approved. One call loads the page (query view 'destination'); every change goes through registerDestination.
// A reviewer opens it with `?studentNo=` from the destination's detail (修改): the form on the student's record, loaded
// with the detail's one call, sent as `amend` with a reason (approved as made); nothing of the student's own is shown.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { DestinationScreen, ReviewDetail } from '../../../typings/views';
import { call, RequestIds } from '../../api/client';
import { datasetOf, formFieldMethods } from '../../utils/form-fields';
import { destinationState, type StateLabel } from '../../utils/labels';
import { staleHome } from '../../utils/session';
import { askSubscription, consentHint, resultLine } from '../../utils/subscribe';
import { pickDocuments, pickImages, uploadEach, type Picked } from '../../utils/upload';
import { JOB_CATEGORIES, PENDING_KINDS } from '../codes/destination';
import { codeLabel } from '../utils/code-labels';
import { openTile, pickedTile } from '../utils/file-tiles';
import { draftOf, emptyForm, errorsFromIssues, evidenceTiles, formOf, MAX_EVIDENCE, needsOf, RECEIVER_KINDS, STUDY_LEVELS, type DestinationForm, type EvidenceTile, type TypeNeeds } from './form';
import { agreementUrl, blockedOf, changePending, contentRows, deadlineOf, noteOf, typeGroups, type Deadline, type Row, type TypeGroup } from './shown';
import { hasErrors, validateForm, type FieldErrors } from './validate';

const CHECK_FORM = '请按提示修改标红的项目';
const UPLOAD_FAILED = '文件上传失败，请重试';
const TOO_LARGE = '单个文件不能超过 10 MB，请压缩后重新上传';
const WHERE = '「毕业去向登记」';
const NO_REASON = '请填写修改原因';

const ids = new RequestIds();

/** What the page keeps besides its render data. */
interface Extra {
  uploadFolder: string;
  templates: Record<string, string>;
  origin: string;
}
const extras = new WeakMap<object, Extra>();
const extraOf = (page: object): Extra => {
  let e = extras.get(page);
  if (!e) {
    e = { uploadFolder: '', templates: {}, origin: '' };
    extras.set(page, e);
  }
  return e;
};

type Action = 'save' | 'submit' | 'withdraw' | 'confirm';

/**
 * The reviewer's detail as the screen the form is laid out from: the record, the reviewer's upload folder, and
 * nothing the student alone may do (no deadline notice, no 撤回 or 本人确认, no agreement of "yours").
 */
const amendScreen = (detail: ReviewDetail): DestinationScreen => ({
  destination: detail.destination ?? null,
  deadline: '',
  daysLeft: 0,
  canEdit: false,
  canWithdraw: false,
  canConfirm: false,
  agreement: null,
  uploadFolder: detail.uploadFolder ?? '',
  templates: {},
});

/**
 * The 生源地's 就业主管部门 as a first guess at the receiver (the source check's 生源地, e.g. 北京市东城区人力资源和社会
 * 保障局): the student corrects it from the 报到 notice of their home town; the rules take any office's name.
 */
const originReceiver = (origin: string): string => {
  const place = codeLabel('region', origin).replace(/\s+/g, '');
  return place ? `${place}人力资源和社会保障局` : '';
};

Component({
  data: {
    loading: true,
    busy: false,
    /** which call is in flight: a button's action, or 'upload' */
    pending: '',
    loadError: '',
    screen: null as DestinationScreen | null,
    tag: null as StateLabel | null,
    deadline: null as Deadline | null,
    note: '',
    /** why the form is closed, where the note does not say it */
    blocked: '',
    /** a change after approval waits for review: the values in force, shown above the change */
    changePending: false,
    approvedRows: [] as Row[],
    rows: [] as Row[],
    tiles: [] as EvidenceTile[],
    agreementUrl: '',
    /** the form is open (a new record, a draft, a returned one, or a change after approval) */
    editing: false,
    /** choosing the type (the first step of the form) */
    choosing: false,
    groups: [] as TypeGroup[],
    form: emptyForm() as DestinationForm,
    needs: needsOf('') as TypeNeeds,
    errors: {} as FieldErrors,
    error: '',
    conflict: false,
    dirty: false,
    notified: '',
    consentHint: consentHint(WHERE),
    pendingKinds: PENDING_KINDS.entries,
    jobCategories: JOB_CATEGORIES.entries,
    studyLevels: STUDY_LEVELS,
    receiverKinds: RECEIVER_KINDS,
    maxEvidence: MAX_EVIDENCE,
    /** a reviewer's 修改 (`?studentNo=`): the student's 学号, whose record the form changes */
    studentNo: '',
    /** whose record, for the reviewer: 姓名（学号） */
    student: '',
    amendReason: '',
    reasonError: '',
  },

  methods: {
    onLoad(options?: Record<string, string | undefined>) {
      const studentNo = options?.studentNo ? decodeURIComponent(options.studentNo) : '';
      if (studentNo) this.setData({ studentNo });
      return this.load();
    },

    async onPullDownRefresh() {
      try {
        if (this.data.dirty && !(await this.ask('刷新将放弃未保存的修改，确定刷新吗？'))) return;
        await this.load();
      } finally {
        wx.stopPullDownRefresh();
      }
    },

    onRetry() {
      return this.load();
    },

    onReload() {
      return this.load();
    },

    ask(content: string, confirmText = '确定'): Promise<boolean> {
      return new Promise((resolve) => {
        wx.showModal({ title: '提示', content, confirmText, success: (r) => resolve(r.confirm), fail: () => resolve(false) });
      });
    },

    async load() {
      if (this.data.busy) return;
      this.setData({ loading: true, busy: true, loadError: '', error: '', conflict: false, errors: {} });
      try {
        if (this.data.studentNo) {
          await this.loadAmend();
          return;
        }
        const answer = await call('query', { view: 'destination' });
        if (!answer.ok) {
          this.setData({ loadError: answer.message });
          return;
        }
        this.show(answer.data);
      } finally {
        this.setData({ loading: false, busy: false });
      }
    },

    /** The reviewer's mode: the record from the destination's detail, the form open on its working values. */
    async loadAmend() {
      const answer = await call('query', { view: 'reviewDetail', record: 'destination', id: `destination:${this.data.studentNo}` });
      if (!answer.ok) {
        this.setData({ loadError: answer.message });
        return;
      }
      const detail = answer.data;
      const d = detail.destination;
      if (!d?.amendable) {
        this.setData({ loadError: '该毕业去向现在不能修改，请返回审核详情查看' });
        return;
      }
      this.show(amendScreen(detail));
      this.setData({
        editing: true,
        choosing: !this.data.form.type,
        student: detail.item.title,
        // the form changes the working values; the values in force are in the detail it came from
        changePending: false,
        note: '修改后立即生效（视为审核通过），学生会收到通知，需重新本人确认。',
        amendReason: '',
        reasonError: '',
      });
      wx.setNavigationBarTitle?.({ title: '修改毕业去向' });
    },

    onAmendReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ amendReason: e.detail.value, reasonError: '', dirty: true });
    },

    /** 确认修改: the whole form checked as a submission, and a reason; approved as made, then back to the detail. */
    async onAmend() {
      const screen = this.data.screen;
      const d = screen?.destination;
      if (this.data.busy || !d) return;
      const reason = this.data.amendReason.trim();
      const formOk = this.checked(true);
      if (!reason) {
        this.setData({ reasonError: NO_REASON, ...(formOk ? { error: NO_REASON } : {}) });
        return;
      }
      if (!formOk) return;
      const key = `amend:${d.id}:${d.version}`;
      this.setData({ busy: true, pending: 'amend', error: '', conflict: false, errors: {}, reasonError: '' });
      try {
        const answer = await call('registerDestination', {
          action: 'amend',
          requestId: ids.idFor(key),
          studentNo: this.data.studentNo,
          version: d.version,
          draft: draftOf(this.data.form),
          reason,
        });
        if (!answer.ok) {
          const errors = errorsFromIssues(answer.issues);
          const reasonIssue = answer.issues?.find((i) => i.path === 'reason');
          this.setData({ error: answer.message, errors, conflict: answer.code === 'CONFLICT', reasonError: reasonIssue?.message ?? '' });
          return;
        }
        ids.settle(key);
        this.setData({ dirty: false });
        wx.showToast({ title: '已修改', icon: 'success' });
        // the detail reads the record again when it shows
        wx.navigateBack({ delta: 1 });
      } finally {
        this.setData({ busy: false, pending: '' });
      }
    },

    /** Lays the screen out: the status card, the form (open where the student has something to fill) or the rows. */
    show(screen: DestinationScreen) {
      const extra = extraOf(this);
      extra.uploadFolder = screen.uploadFolder;
      extra.templates = screen.templates;
      extra.origin = screen.origin ?? '';
      const d = screen.destination;
      // the form opens by itself where the student has something to fill in; an approved or waiting record reads
      const editing = screen.canEdit && (!d || d.state === 'draft' || d.state === 'returned');
      const form = d ? formOf(d.content, d.evidence) : emptyForm();
      this.setData({
        screen,
        tag: destinationState(d?.state),
        deadline: deadlineOf(screen),
        note: noteOf(screen),
        blocked: blockedOf(screen),
        changePending: changePending(screen),
        approvedRows: d?.approved ? contentRows(d.approved) : [],
        rows: d ? contentRows(d.content) : [],
        tiles: d ? evidenceTiles(d.evidence) : [],
        agreementUrl: screen.agreement ? agreementUrl(screen.agreement.id) : d?.agreement ? agreementUrl(d.agreement.id) : '',
        editing,
        choosing: editing && !form.type,
        groups: typeGroups(screen.agreement),
        form,
        needs: needsOf(form.type),
        errors: {},
        dirty: false,
      });
    },

    onGo(e: WechatMiniprogram.BaseEvent) {
      const url = datasetOf(e).url;
      if (url) wx.navigateTo({ url });
    },

    ...formFieldMethods,

    // —— the type first ——

    onChooseType(e: WechatMiniprogram.BaseEvent) {
      const code = String((e.currentTarget.dataset as { code?: string }).code ?? '');
      const choice = this.data.groups.flatMap((g) => g.types).find((t) => t.code === code);
      if (!choice || this.data.busy) return;
      if (choice.disabled) {
        wx.showToast({ title: '三方协议办理中，暂不可选', icon: 'none' });
        return;
      }
      const needs = needsOf(code);
      const change: Record<string, unknown> = { 'form.type': code, needs, choosing: false, errors: {}, error: '', dirty: true };
      // 档案 to 生源地 is the usual answer where nothing else is known yet: the 生源地 is prefilled from the source check
      if (!needs.parts.employer && !this.data.form.file.receiverKind && extraOf(this).origin) {
        Object.assign(change, { 'form.file.receiverKind': 'origin', 'form.file.receiver': originReceiver(extraOf(this).origin) });
      }
      if (needs.file === 'required') change['form.fileGiven'] = true;
      this.setData(change);
    },

    onChangeType() {
      if (this.data.busy) return;
      this.setData({ choosing: true, errors: {}, error: '' });
    },

    /** 修改去向: after approval, or to start over after a draft */
    onEdit() {
      const screen = this.data.screen;
      if (!screen?.canEdit || this.data.busy) return;
      this.setData({ editing: true, choosing: !this.data.form.type, error: '', errors: {} });
    },

    onCancelEdit() {
      const screen = this.data.screen;
      if (screen) this.show(screen);
    },

    // —— the small choices shown as chips ——

    onPick(e: WechatMiniprogram.BaseEvent) {
      const { field, error } = datasetOf(e);
      const value = (e.currentTarget.dataset as { value?: string }).value;
      if (!field || value === undefined || this.data.busy) return;
      const change: Record<string, unknown> = { [`form.${field}`]: value, dirty: true };
      if (error) change[`errors.${error}`] = '';
      if (field === 'file.receiverKind') {
        change['errors.fileReceiver'] = '';
        const origin = extraOf(this).origin;
        if (value === 'origin' && origin && !this.data.form.file.receiver) change['form.file.receiver'] = originReceiver(origin);
        if (value === 'employer' && !this.data.form.file.receiver && this.data.form.employer.name) change['form.file.receiver'] = this.data.form.employer.name.trim();
      }
      this.setData(change);
    },

    // —— evidence: pictures or a PDF from a chat ——

    onPickImages() {
      return this.addEvidence((room) => pickImages(room));
    },

    onPickDocuments() {
      return this.addEvidence((room) => pickDocuments(room));
    },

    async addEvidence(pick: (room: number) => Promise<Picked[]>) {
      if (this.data.busy) return;
      const room = MAX_EVIDENCE - this.data.form.evidence.length;
      if (room <= 0) return;
      const folder = extraOf(this).uploadFolder;
      if (!folder) {
        this.setData({ error: '暂时无法上传，请下拉刷新后重试' });
        return;
      }
      this.setData({ busy: true, pending: 'upload', error: '' });
      try {
        const picked = (await pick(room)).slice(0, room);
        const { uploaded, problem } = await uploadEach(folder, picked, { tooLarge: TOO_LARGE, failed: UPLOAD_FAILED });
        const added: EvidenceTile[] = uploaded.map((u) => pickedTile(u.fileId, u.path));
        const change: Record<string, unknown> = { 'errors.evidenceFiles': problem };
        if (added.length) Object.assign(change, { 'form.evidence': [...this.data.form.evidence, ...added], dirty: true });
        this.setData(change);
      } finally {
        this.setData({ busy: false, pending: '' });
      }
    },

    onRemoveEvidence(e: WechatMiniprogram.BaseEvent) {
      if (this.data.busy) return;
      const id = (e.currentTarget.dataset as { id?: string }).id;
      this.setData({ 'form.evidence': this.data.form.evidence.filter((t) => t.fileId !== id), dirty: true });
    },

    onOpenEvidence(e: WechatMiniprogram.BaseEvent) {
      const { id, list } = e.currentTarget.dataset as { id?: string; list?: string };
      if (id) openTile(list === 'form' ? this.data.form.evidence : this.data.tiles, id);
    },

    // —— 保存 / 提交 / 撤回 / 本人确认 ——

    onSave() {
      return this.send('save');
    },

    async onSubmit() {
      if (this.data.busy) return;
      // checked before asking for a subscription: a form that cannot be sent asks for nothing
      if (!this.checked(true)) return;
      const accepted = await askSubscription(['reviewResult'], extraOf(this).templates);
      this.setData({ notified: resultLine(accepted, WHERE) });
      await this.send('submit');
    },

    async onWithdraw() {
      if (this.data.busy) return;
      if (!(await this.ask('撤回后可修改再提交，院系将看不到这条登记。确定撤回吗？', '撤回'))) return;
      await this.send('withdraw');
    },

    async onConfirm() {
      if (this.data.busy) return;
      if (!(await this.ask('确认以上毕业去向信息真实、准确？确认后学校按此上报。', '本人确认'))) return;
      await this.send('confirm');
    },

    checked(submit: boolean): boolean {
      const errors = validateForm(this.data.form, { submit });
      if (!hasErrors(errors)) return true;
      this.setData({ errors, error: errors.type ?? CHECK_FORM, conflict: false });
      return false;
    },

    async send(action: Action) {
      const screen = this.data.screen;
      if (this.data.busy || !screen) return;
      const withForm = action === 'save' || action === 'submit';
      if (withForm && !this.checked(action === 'submit')) return;
      const version = screen.destination?.version ?? 0;
      const key = `${action}:${version}`;
      this.setData({ busy: true, pending: action, error: '', conflict: false, errors: {} });
      try {
        const requestId = ids.idFor(key);
        const answer = await call(
          'registerDestination',
          withForm ? { action, requestId, version, draft: draftOf(this.data.form) } : { action, requestId, version },
        );
        if (!answer.ok) {
          const errors = errorsFromIssues(answer.issues);
          this.setData({ error: answer.message, errors, conflict: answer.code === 'CONFLICT' });
          return;
        }
        ids.settle(key);
        // 首页's to-do and its 毕业去向登记 cell move with the record
        staleHome();
        const again = await call('query', { view: 'destination' });
        if (again.ok) this.show(again.data);
        const toast = { save: '已保存', submit: '已提交', withdraw: '已撤回', confirm: '已确认' }[action];
        wx.showToast({ title: toast, icon: 'success' });
        if (action !== 'submit') this.setData({ notified: '' });
      } finally {
        this.setData({ busy: false, pending: '' });
      }
    },
  },
});
