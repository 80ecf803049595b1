// 邀约学生: a certified unit sends a student an offer (学号 + 姓名 as on the school's roster, the job, 约定条款, where the
// personnel file and hukou go, 补充条款, how many days the student has to answer), or one offer each to a pasted list
// of students (批量邀约, createMany: each answered, sent or why not). A saved 邀约模板 fills the job and the terms.
// `?id=` edits an offer still open; `?agreementId=` revises an accepted offer's agreement that a reviewer sent back.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import { DEFAULT_PENALTY_CAP_YUAN } from '../../../rules/terms';
import type { OfferTerms } from '../../../../typings/records';
import type { AgreementState } from '../../../../typings/states';
import type { AgreementView, OfferCreatedRow, OfferTemplateView, OfferView, TimelineEntry } from '../../../../typings/views';
import { call, RequestIds } from '../../../api/client';
import { termErrors } from '../../../utils/terms-form';
import { chinaToday, chineseDate, chineseDateTime } from '../../../utils/date';
import {
  daysOf,
  emptyInvite,
  hasInviteErrors,
  inviteErrorsFromIssues,
  MAX_BATCH,
  MAX_DAYS,
  parseBatch,
  termsForm,
  termsOf,
  validateInvite,
  type InviteErrors,
  type InviteForm,
  type InviteMode,
} from './form';
import { employerNotice, OFFERS_TAB, offerWords, type Notice } from '../../utils/employer-status';
import { agreementStateLabel } from '../../../utils/labels';
import { askSubscription, type Purpose } from '../../../utils/subscribe';
import { formFieldMethods } from '../../../utils/form-fields';
import { JOB_CATEGORIES } from '../../codes/destination';
import { openTab } from '../../../utils/tabs';

const CHECK_FORM = '请按提示修改标红的项目';

const TITLES: Record<InviteMode, string> = { create: '邀约学生', edit: '修改邀约', revise: '修改协议' };
const SUBMIT: Record<InviteMode, string> = { create: '发送邀约', edit: '保存修改', revise: '重新提交' };
/**
 * The student's answer comes as offerAnswered; once an accepted offer's agreement is signed or returned, the unit
 * hears it as reviewResult. A revision only waits for the reviewers.
 */
const PURPOSES: Record<InviteMode, Purpose[]> = { create: ['offerAnswered', 'reviewResult'], edit: ['offerAnswered', 'reviewResult'], revise: ['reviewResult'] };

const ids = new RequestIds();

/** 发送邀约, or with the list: how many offers the tap sends */
const batchSubmit = (batch: boolean, count: number): string => (batch && count > 0 ? `发送 ${count} 份邀约` : SUBMIT.create);

/** What the page keeps besides its render data. */
interface Extra {
  mode: InviteMode;
  /** the offer or agreement opened */
  target: string;
  /** the terms as loaded, for what the form does not show (an old agreement's 报到证 unit) */
  previous?: OfferTerms;
  /** the school's subscription templates, for the consent 发送 asks */
  templates?: Record<string, string>;
  /** the unit's 邀约模板, by id */
  offerTemplates?: OfferTemplateView[];
  /** `?templateId=`: opened from 邀约模板's 用此模板邀约, filled from it once loaded */
  templateId?: string;
}
const extras = new WeakMap<object, Extra>();
const extraOf = (page: object): Extra => {
  let e = extras.get(page);
  if (!e) {
    e = { mode: 'create', target: '' };
    extras.set(page, e);
  }
  return e;
};


interface Done {
  title: string;
  description: string;
  rows: { label: string; value: string; refused?: boolean }[];
  /** 继续邀约: another student, from an empty form */
  again: boolean;
}

const year = Number(chinaToday().slice(0, 4));

Component({
  data: {
    /** 工作职位类别: the national sheet reports it for every job */
    jobCategories: JOB_CATEGORIES.entries,
    mode: 'create' as InviteMode,
    title: TITLES.create,
    submitText: SUBMIT.create,
    loading: true,
    busy: false,
    loadError: '',
    notice: null as Notice | null,
    form: emptyInvite(0) as InviteForm,
    errors: {} as InviteErrors,
    error: '',
    conflict: false,
    version: 0,
    defaultDays: 0,
    maxDays: MAX_DAYS,
    /** edit: the deadline now, and how the offer stands */
    deadline: '',
    /** revise: who sent the agreement back and why, its number and how it went */
    returned: null as { by: string; reason: string } | null,
    agreementNo: '',
    timeline: [] as TimelineEntry[],
    dateVisible: false,
    today: chinaToday(),
    dateStart: `${year - 1}-01-01`,
    dateEnd: `${year + 3}-12-31`,
    dirty: false,
    done: null as Done | null,
    /** the school's 违约金 cap, for the warning beside 违约金 */
    cap: 0,
    /** 批量邀约: a pasted list instead of one student */
    batch: false,
    batchCount: 0,
    maxBatch: MAX_BATCH,
    /** 邀约模板 to pick from, as choice-field options */
    templateOptions: [] as { code: string; name: string }[],
    templateId: '',
  },

  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const extra = extraOf(this);
      const id = options?.id ?? '';
      const agreementId = options?.agreementId ?? '';
      extra.mode = id ? 'edit' : agreementId ? 'revise' : 'create';
      extra.target = id || agreementId;
      extra.templateId = options?.templateId ?? '';
      this.setData({ mode: extra.mode, title: TITLES[extra.mode], submitText: SUBMIT[extra.mode] });
      if (typeof wx.setNavigationBarTitle === 'function') wx.setNavigationBarTitle({ title: TITLES[extra.mode] });
      return this.load();
    },

    async onPullDownRefresh() {
      try {
        if (this.data.done) return;
        if (this.data.dirty && !(await this.confirm('刷新将放弃未提交的修改，确定刷新吗？'))) return;
        await this.load();
      } finally {
        wx.stopPullDownRefresh();
      }
    },

    onRetry() {
      return this.load();
    },

    /** After a CONFLICT: the record as it now stands, this page's edits dropped. */
    onReload() {
      return this.load();
    },

    confirm(content: string): Promise<boolean> {
      return new Promise((resolve) => {
        wx.showModal({ title: '提示', content, success: (r) => resolve(r.confirm), fail: () => resolve(false) });
      });
    },

    async load() {
      if (this.data.busy) return;
      const { mode, target } = extraOf(this);
      this.setData({ loading: true, busy: true, loadError: '', notice: null, error: '', conflict: false, errors: {}, done: null });
      try {
        // one view: who the caller is (as 首页 tells it) and, for a certified unit, the offer or agreement opened
        const opened = mode === 'edit' ? { offerId: target } : mode === 'revise' ? { agreementId: target } : {};
        const answer = await call('query', { view: 'inviteForm', ...opened });
        if (!answer.ok) {
          this.setData({ loadError: answer.message });
          return;
        }
        const { home, offer, agreement, offerTemplates } = answer.data;
        extraOf(this).templates = home.settings.templates;
        extraOf(this).offerTemplates = offerTemplates ?? [];
        this.setData({
          cap: home.settings.penaltyCapYuan ?? DEFAULT_PENALTY_CAP_YUAN,
          templateOptions: (offerTemplates ?? []).map((t) => ({ code: t.id, name: t.name })),
          templateId: '',
        });
        const notice = employerNotice(home);
        if (notice) {
          this.setData({ notice });
          return;
        }
        const defaultDays = home.settings.offerTtlDays;
        this.setData({ defaultDays });
        if (mode === 'create') {
          this.setData({ form: emptyInvite(defaultDays), version: 0, dirty: false });
          const chosen = extraOf(this).templateId;
          if (chosen) this.fillFrom(chosen);
          return;
        }
        if (offer) this.showOffer(offer);
        else if (agreement) this.showAgreement(agreement);
      } finally {
        this.setData({ loading: false, busy: false });
      }
    },

    showOffer(offer: OfferView) {
      if (offer.state !== 'open') {
        this.setData({ notice: { text: `该邀约当前状态为“${offerWords(offer.state).label}”，不能再修改`, action: '返回邀约列表', url: OFFERS_TAB, tab: true } });
        return;
      }
      extraOf(this).previous = offer.terms;
      this.setData({
        form: { ...termsForm(offer.terms), studentNo: offer.studentNo, studentName: offer.studentName, batchText: '', validDays: '' },
        version: offer.version,
        deadline: chineseDateTime(offer.expiresAt),
        dirty: false,
      });
    },

    showAgreement(a: AgreementView) {
      if (a.origin !== 'offer') {
        this.setData({ notice: { text: '该协议由学生发起，退回后由学生修改', action: '返回邀约列表', url: OFFERS_TAB, tab: true } });
        return;
      }
      if (a.state !== 'returned') {
        this.setData({ notice: { text: `该协议当前状态为“${agreementStateLabel(a.state)}”，不能修改`, action: '返回邀约列表', url: OFFERS_TAB, tab: true } });
        return;
      }
      extraOf(this).previous = a.content;
      this.setData({
        form: { ...termsForm(a.content), studentNo: a.content.student.studentNo, studentName: a.content.student.name, batchText: '', validDays: '' },
        version: a.version,
        returned: { by: a.returnedAt === 'school' ? '学校审核退回' : '院系审核退回', reason: a.returnReason || '未填写原因' },
        agreementNo: a.agreementNo ?? '',
        timeline: a.timeline,
        dirty: false,
      });
    },

    onGo() {
      const notice = this.data.notice;
      if (!notice?.url) return;
      if (notice.tab) openTab(notice.url);
      else wx.navigateTo({ url: notice.url });
    },

    ...formFieldMethods,

    /** 邀约模板: its job and terms fill the form; the student and the validity stay as typed. */
    async onTemplate(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const template = (extraOf(this).offerTemplates ?? []).find((t) => t.id === e.detail.value);
      if (!template) return;
      if (this.data.dirty && !(await this.confirm(`用模板“${template.name}”填入将替换已填写的岗位与条款，确定吗？`))) return;
      this.fillFrom(template.id);
    },

    fillFrom(templateId: string) {
      const template = (extraOf(this).offerTemplates ?? []).find((t) => t.id === templateId);
      if (!template) return;
      const { studentNo, studentName, batchText, validDays } = this.data.form;
      this.setData({ form: { ...termsForm(template.terms), studentNo, studentName, batchText, validDays }, templateId: template.id, errors: {}, error: '', dirty: true });
    },

    /**
     * 存为模板: the job and terms as filled in, under a name typed in the dialog. Checked as an offer's terms first, so
     * a template never holds what an offer could not send; the list of templates to pick from gains it at once.
     */
    async onSaveTemplate() {
      if (this.data.busy) return;
      const errors = termErrors(this.data.form, { penaltyCapYuan: this.data.cap });
      if (Object.keys(errors).length) {
        this.setData({ errors, error: '存为模板前，请按提示修改标红的项目', conflict: false });
        return;
      }
      const name = await new Promise<string | null>((resolve) => {
        wx.showModal({
          title: '存为邀约模板',
          editable: true,
          placeholderText: '模板名称，如：2026校招数据分析师',
          confirmText: '保存',
          success: (r) => resolve(r.confirm ? String(r.content ?? '').trim() : null),
          fail: () => resolve(null),
        });
      });
      if (name === null) return;
      if (!name) {
        this.setData({ error: '请填写模板名称' });
        return;
      }
      const terms = termsOf(this.data.form, undefined, { penaltyCapYuan: this.data.cap });
      const key = `template:${name}`;
      this.setData({ busy: true, error: '' });
      try {
        const answer = await call('employerOffer', { action: 'saveTemplate', requestId: ids.idFor(key), version: 0, name, terms });
        if (!answer.ok) {
          this.setData({ error: answer.message, errors: inviteErrorsFromIssues(answer.issues) });
          return;
        }
        ids.settle(key);
        const saved: OfferTemplateView = { id: answer.data.id, version: answer.data.version, name, terms, updatedAt: new Date().toISOString() };
        const extra = extraOf(this);
        extra.offerTemplates = [saved, ...(extra.offerTemplates ?? [])];
        this.setData({ templateOptions: extra.offerTemplates.map((t) => ({ code: t.id, name: t.name })), templateId: saved.id });
        wx.showToast({ title: '已存为模板', icon: 'success' });
      } finally {
        this.setData({ busy: false });
      }
    },

    onManageTemplates() {
      wx.navigateTo({ url: '/pkg/employer/templates/index' });
    },

    /** 批量邀约 on or off: the pasted list and the single student are two ways to name who is invited. */
    onBatch(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      const batch = Boolean(e.detail.value);
      this.setData({ batch, submitText: batchSubmit(batch, this.data.batchCount), 'errors.batch': '', 'errors.studentNo': '', 'errors.studentName': '' });
    },

    onBatchInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const text = String(e.detail.value ?? '');
      const count = parseBatch(text).students.length;
      this.setData({ 'form.batchText': text, batchCount: count, submitText: batchSubmit(true, count), 'errors.batch': '', error: '', dirty: true });
    },

    async onSubmit() {
      if (this.data.busy) return;
      const { mode } = extraOf(this);
      const errors = validateInvite(this.data.form, mode, { penaltyCapYuan: this.data.cap, batch: this.data.batch });
      if (hasInviteErrors(errors)) {
        // a form that cannot be sent asks for no subscription
        this.setData({ errors, error: CHECK_FORM, conflict: false });
        return;
      }
      await askSubscription(PURPOSES[mode], extraOf(this).templates);
      await this.send();
    },

    async send() {
      const { mode, target, previous } = extraOf(this);
      const { form, version, batch } = this.data;
      const terms = termsOf(form, previous, { penaltyCapYuan: this.data.cap });
      if (mode === 'create' && batch) {
        await this.sendMany(terms);
        return;
      }
      const key = `${mode}:${target || `${form.studentNo.trim()}`}`;
      this.setData({ busy: true, error: '', conflict: false, errors: {} });
      try {
        const requestId = ids.idFor(key);
        const answer =
          mode === 'create'
            ? await call('employerOffer', { action: 'create', requestId, studentNo: form.studentNo.trim(), studentName: form.studentName.trim(), terms, ...daysOf(form.validDays) })
            : mode === 'edit'
              ? await call('employerOffer', { action: 'edit', requestId, offerId: target, version, terms, ...daysOf(form.validDays) })
              : await call('employerOffer', { action: 'revise', requestId, agreementId: target, version, terms });
        if (!answer.ok) {
          this.setData({ error: answer.message, errors: inviteErrorsFromIssues(answer.issues), conflict: answer.code === 'CONFLICT' });
          return;
        }
        ids.settle(key);
        await this.showDone(answer.data.id, answer.data.state);
      } finally {
        this.setData({ busy: false });
      }
    },

    /**
     * 批量邀约: one call for the list. The list comes back student by student: those sent, and those not with why
     * (学号与姓名不匹配, an offer still open); a refusal of the whole list (the terms, a malformed line) is shown on
     * the form like any other.
     */
    async sendMany(terms: ReturnType<typeof termsOf>) {
      const { form } = this.data;
      const { students } = parseBatch(form.batchText);
      const key = `many:${students.map((s) => s.studentNo).join(',')}`;
      this.setData({ busy: true, error: '', conflict: false, errors: {} });
      try {
        const answer = await call('employerOffer', { action: 'createMany', requestId: ids.idFor(key), students, terms, ...daysOf(form.validDays) });
        if (!answer.ok) {
          this.setData({ error: answer.message, errors: inviteErrorsFromIssues(answer.issues), conflict: answer.code === 'CONFLICT' });
          return;
        }
        ids.settle(key);
        this.showMany(answer.data.students ?? []);
      } finally {
        this.setData({ busy: false });
      }
    },

    showMany(rows: OfferCreatedRow[]) {
      const sent = rows.filter((r) => r.created).length;
      const refused = rows.length - sent;
      this.setData({
        dirty: false,
        done: {
          title: sent ? `已发送 ${sent} 份邀约` : '邀约未发送',
          description: refused
            ? `${refused} 名学生未发送，原因见下；修改后可再次批量邀约，已发送的学生不会重复收到。`
            : '学生应约或拒绝后，结果将通过微信通知您。',
          rows: rows.map((r) => ({ label: `${r.studentName}（${r.studentNo}）`, value: r.created ? '已发送' : r.message ?? '未发送', refused: !r.created })),
          again: true,
        },
      });
    },

    /** What was sent, and until when the student may answer (read back from the server, which set it). */
    async showDone(id: string, state: string) {
      const { mode } = extraOf(this);
      const { form } = this.data;
      const rows = [
        { label: '学生', value: `${form.studentName.trim()}（${form.studentNo.trim()}）` },
        { label: '岗位名称', value: form.job.title.trim() },
      ];
      if (mode === 'revise') {
        rows.push({ label: '状态', value: agreementStateLabel(state as AgreementState) });
        this.setData({
          dirty: false,
          done: { title: '协议已重新提交', description: '协议将重新进入院系审核，审核结果将通过微信通知您。', rows, again: false },
        });
        return;
      }
      const offer = await call('query', { view: 'offer', id });
      if (offer.ok) rows.push({ label: '有效期至', value: chineseDate(offer.data.expiresAt) });
      this.setData({
        dirty: false,
        done:
          mode === 'create'
            ? { title: '邀约已发送', description: '学生应约或拒绝后，结果将通过微信通知您。', rows, again: true }
            : { title: '邀约已修改', description: '学生会收到修改通知，请等待学生答复。', rows, again: false },
      });
    },

    onList() {
      openTab(OFFERS_TAB);
    },

    /** 继续邀约: an empty form for the next student. */
    onAgain() {
      this.setData({ form: emptyInvite(this.data.defaultDays), errors: {}, error: '', done: null, dirty: false, batchCount: 0, templateId: '', submitText: batchSubmit(this.data.batch, 0) });
    },
  },
});
