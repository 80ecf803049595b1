// 邀约学生: a certified unit sends a student an offer (学号 + 姓名 as on the school's roster, the job, where the
// personnel file and hukou go, 补充条款, how many days the student has to answer). `?id=` edits an offer still open;
// `?agreementId=` revises an accepted offer's agreement that a reviewer sent back, and resubmits it.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { OfferTerms } from '../../../../typings/records';
import type { AgreementState } from '../../../../typings/states';
import type { AgreementView, OfferView, TimelineEntry } from '../../../../typings/views';
import { call, RequestIds } from '../../../api/client';
import { chinaToday, chineseDate, chineseDateTime } from '../../../utils/date';
import {
  daysOf,
  emptyInvite,
  hasInviteErrors,
  inviteErrorsFromIssues,
  MAX_DAYS,
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

/** What the page keeps besides its render data. */
interface Extra {
  mode: InviteMode;
  /** the offer or agreement opened */
  target: string;
  /** the terms as loaded, for what the form does not show (an old agreement's 报到证 unit) */
  previous?: OfferTerms;
  /** the school's subscription templates, for the consent 发送 asks */
  templates?: Record<string, string>;
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
  rows: { label: string; value: string }[];
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
  },

  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const extra = extraOf(this);
      const id = options?.id ?? '';
      const agreementId = options?.agreementId ?? '';
      extra.mode = id ? 'edit' : agreementId ? 'revise' : 'create';
      extra.target = id || agreementId;
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
        const { home, offer, agreement } = answer.data;
        extraOf(this).templates = home.settings.templates;
        const notice = employerNotice(home);
        if (notice) {
          this.setData({ notice });
          return;
        }
        const defaultDays = home.settings.offerTtlDays;
        this.setData({ defaultDays });
        if (mode === 'create') {
          this.setData({ form: emptyInvite(defaultDays), version: 0, dirty: false });
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
        form: { ...termsForm(offer.terms), studentNo: offer.studentNo, studentName: offer.studentName, validDays: '' },
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
        form: { ...termsForm(a.content), studentNo: a.content.student.studentNo, studentName: a.content.student.name, validDays: '' },
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

    async onSubmit() {
      if (this.data.busy) return;
      const { mode } = extraOf(this);
      const errors = validateInvite(this.data.form, mode);
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
      const { form, version } = this.data;
      const terms = termsOf(form, previous);
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
      this.setData({ form: emptyInvite(this.data.defaultDays), errors: {}, error: '', done: null, dirty: false });
    },
  },
});
