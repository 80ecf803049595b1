// 单位注册: a unit's HR contact, not yet bound, registers the unit; it then waits for the school's certification.
// An HR contact whose unit the school turned down registers it again here, corrected (the form comes prefilled).
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { EmployerHomeView } from '../../../../typings/views';
import { call, RequestIds } from '../../../api/client';
import {
  emptyRegistration,
  registerErrorsFromIssues,
  registrationFrom,
  registrationOf,
  validateRegistration,
  type RegisterErrors,
  type Registration,
} from './form';
import { HOME_TAB } from '../../utils/employer-status';
import { roleLabel } from '../../../utils/labels';
import { refreshHome } from '../../../utils/session';
import { askSubscription } from '../../../utils/subscribe';

const CHECK_FORM = '请按提示修改标红的项目';

const ids = new RequestIds();

type Dataset = { field?: string };
const fieldOf = (e: { currentTarget?: { dataset?: unknown } }): string => ((e.currentTarget?.dataset ?? {}) as Dataset).field ?? '';

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
    errors: {} as RegisterErrors,
    error: '',
    /** the registration went through */
    done: null as { name: string } | null,
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
        const { home, rejected } = answer.data;
        const { role, employer } = home;
        this.setData({ templates: home.settings.templates });
        if (rejected) {
          this.prefill(rejected);
          return;
        }
        if (role) {
          const who = employer ? `${roleLabel(role)}（${employer.name}）` : roleLabel(role);
          this.setData({ bound: `该微信已绑定为${who}，无需重复注册` });
          return;
        }
        this.setData({ form: emptyRegistration() });
      } finally {
        this.setData({ loading: false, busy: false });
      }
    },

    prefill(employer: EmployerHomeView['employer']) {
      this.setData({ form: registrationFrom(employer), rejected: employer.reason || '未填写原因' });
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
      const errors = validateRegistration(this.data.form);
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
        const answer = await call('bind', { action: 'registerEmployer', requestId: ids.idFor(key), employer });
        if (!answer.ok) {
          this.setData({ error: answer.message, errors: registerErrorsFromIssues(answer.issues) });
          return;
        }
        ids.settle(key);
        await refreshHome();
        this.setData({ done: { name: employer.name } });
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
