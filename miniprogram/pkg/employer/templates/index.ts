// 邀约模板: a certified unit's saved terms (工作信息, 约定条款, 档案, 户口, 补充条款) under a name, listed newest first,
// to fill 邀约学生 with one tap. 新建 / 编辑 open the form on this page; 删除 asks first; 用此模板邀约 opens 邀约学生
// with the template's terms. The list loads with one view (offerTemplates), which also carries the school's 违约金 cap.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { OfferTemplateView } from '../../../../typings/views';
import { call, RequestIds } from '../../../api/client';
import { chinaToday, chineseDate } from '../../../utils/date';
import { emptyTerms, termErrors, termErrorsFromIssues, termsForm, termsOf, textProblem, type TermErrors, type TermsForm } from '../../../utils/terms-form';
import { formFieldMethods } from '../../../utils/form-fields';
import { codeLabel } from '../../utils/code-labels';
import { DEFAULT_PENALTY_CAP_YUAN } from '../../../rules/terms';
import { JOB_CATEGORIES } from '../../codes/destination';
import { HOME_TAB, INVITE_PAGE, inviteBlocked } from '../../utils/employer-status';
import { openTab } from '../../../utils/tabs';

const CHECK_FORM = '请按提示修改标红的项目';
const NAME_MAX = 30;

interface TemplateForm extends TermsForm {
  name: string;
}

type TemplateErrors = TermErrors & { name?: string };

/** One line of the list: the name, what it offers at a glance, when it was last saved. */
interface Card {
  id: string;
  name: string;
  summary: string;
  updated: string;
}

function cardOf(t: OfferTemplateView): Card {
  const { job, structured } = t.terms;
  const parts = [job.title, codeLabel('region', job.region), `月薪 ${job.monthlySalary} 元`];
  if (structured?.trialMonths) parts.push(`试用期 ${structured.trialMonths} 个月`);
  else if (structured?.internshipMonths) parts.push(`见习期 ${structured.internshipMonths} 个月`);
  if (structured?.penaltyYuan) parts.push(`违约金 ${structured.penaltyYuan} 元`);
  return { id: t.id, name: t.name, summary: parts.join(' · '), updated: `${chineseDate(t.updatedAt)}保存` };
}

const emptyForm = (): TemplateForm => ({ name: '', ...emptyTerms() });

const ids = new RequestIds();
const loaded = new WeakMap<object, OfferTemplateView[]>();

const year = Number(chinaToday().slice(0, 4));

Component({
  data: {
    jobCategories: JOB_CATEGORIES.entries,
    loading: true,
    busy: false,
    loadError: '',
    /** why this unit may not keep templates (not certified), with the way back */
    blocked: '',
    cards: [] as Card[],
    cap: DEFAULT_PENALTY_CAP_YUAN,
    /** the form: null while the list shows; '' for a new template, else the template's id */
    editing: null as string | null,
    version: 0,
    form: emptyForm(),
    errors: {} as TemplateErrors,
    error: '',
    conflict: false,
    dirty: false,
    dateVisible: false,
    today: chinaToday(),
    dateStart: `${year - 1}-01-01`,
    dateEnd: `${year + 3}-12-31`,
  },

  methods: {
    onLoad() {
      return this.load();
    },

    async onPullDownRefresh() {
      try {
        if (this.data.editing !== null) return;
        await this.load();
      } finally {
        wx.stopPullDownRefresh();
      }
    },

    onRetry() {
      return this.load();
    },

    async load() {
      this.setData({ loading: true, busy: true, loadError: '', error: '', conflict: false });
      try {
        const answer = await call('query', { view: 'offerTemplates' });
        if (!answer.ok) {
          this.setData({ loadError: answer.message });
          return;
        }
        const { templates, employerState, penaltyCapYuan } = answer.data;
        loaded.set(this, templates);
        this.setData({
          blocked: inviteBlocked(employerState) ? '单位通过学校认证后才能保存邀约模板' : '',
          cards: templates.map(cardOf),
          cap: penaltyCapYuan,
          editing: null,
          dirty: false,
        });
      } finally {
        this.setData({ loading: false, busy: false });
      }
    },

    confirm(content: string, confirmText = '确定'): Promise<boolean> {
      return new Promise((resolve) => {
        wx.showModal({ title: '提示', content, confirmText, success: (r) => resolve(r.confirm), fail: () => resolve(false) });
      });
    },

    templateOf(e: WechatMiniprogram.BaseEvent): OfferTemplateView | undefined {
      const id = (e.currentTarget.dataset as { id?: string }).id;
      return (loaded.get(this) ?? []).find((t) => t.id === id);
    },

    onNew() {
      this.setData({ editing: '', version: 0, form: emptyForm(), errors: {}, error: '', conflict: false, dirty: false });
    },

    onEdit(e: WechatMiniprogram.BaseEvent) {
      const t = this.templateOf(e);
      if (!t) return;
      this.setData({ editing: t.id, version: t.version, form: { name: t.name, ...termsForm(t.terms) }, errors: {}, error: '', conflict: false, dirty: false });
    },

    async onCancel() {
      if (this.data.dirty && !(await this.confirm('放弃未保存的修改吗？', '放弃'))) return;
      this.setData({ editing: null, errors: {}, error: '' });
    },

    /** 用此模板邀约: 邀约学生 opens with the template's terms filled in. */
    onUse(e: WechatMiniprogram.BaseEvent) {
      const t = this.templateOf(e);
      if (t) wx.navigateTo({ url: `${INVITE_PAGE}?templateId=${t.id}` });
    },

    async onDelete(e: WechatMiniprogram.BaseEvent) {
      const t = this.templateOf(e);
      if (!t || this.data.busy) return;
      if (!(await this.confirm(`删除模板“${t.name}”吗？已发出的邀约不受影响。`, '删除'))) return;
      const key = `delete:${t.id}`;
      this.setData({ busy: true, error: '' });
      try {
        const answer = await call('employerOffer', { action: 'deleteTemplate', requestId: ids.idFor(key), templateId: t.id, version: t.version });
        if (!answer.ok) {
          this.setData({ error: answer.message, conflict: answer.code === 'CONFLICT' });
          return;
        }
        ids.settle(key);
        wx.showToast({ title: '已删除', icon: 'success' });
      } finally {
        this.setData({ busy: false });
      }
      await this.load();
    },

    ...formFieldMethods,

    validate(): TemplateErrors {
      const name = textProblem(this.data.form.name, '模板名称', NAME_MAX);
      return { ...(name ? { name } : {}), ...termErrors(this.data.form, { penaltyCapYuan: this.data.cap }) };
    },

    async onSave() {
      if (this.data.busy || this.data.editing === null) return;
      const errors = this.validate();
      if (Object.keys(errors).length) {
        this.setData({ errors, error: CHECK_FORM, conflict: false });
        return;
      }
      const { form, editing, version, cap } = this.data;
      const key = `save:${editing || 'new'}:${version}`;
      this.setData({ busy: true, error: '', errors: {}, conflict: false });
      try {
        const answer = await call('employerOffer', {
          action: 'saveTemplate',
          requestId: ids.idFor(key),
          ...(editing ? { templateId: editing } : {}),
          version,
          name: form.name.trim(),
          terms: termsOf(form, { penaltyCapYuan: cap }),
        });
        if (!answer.ok) {
          const issues = answer.issues ?? [];
          const name = issues.find((i) => i.path === 'name')?.message;
          this.setData({ error: answer.message, errors: { ...termErrorsFromIssues(issues, 'terms.'), ...(name ? { name } : {}) }, conflict: answer.code === 'CONFLICT' });
          return;
        }
        ids.settle(key);
        wx.showToast({ title: '已保存', icon: 'success' });
      } finally {
        this.setData({ busy: false });
      }
      await this.load();
    },

    onHome() {
      openTab(HOME_TAB);
    },
  },
});
