// 单位确认 (pkg/confirm/index?t=…): what the confirmation link a student shared opens, for the unit's HR person, who
// need not have registered: the agreement to check, then 统一社会信用代码, 姓名 and 联系电话, and 确认协议 or 拒绝 with
// a reason. A dead link (used, expired, replaced) says so and offers nothing to act on.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { ConfirmLinkView } from '../../../typings/views';
import { call, RequestIds } from '../../api/client';
import { chineseDateTime } from '../../utils/date';
import { askSubscription } from '../../utils/subscribe';
import { linkSections, tokenOf, type LinkSection } from './rows';

const ids = new RequestIds();

type Field = 'uscc' | 'name' | 'phone' | 'reason';
const NO_ERRORS: Record<Field, string> = { uscc: '', name: '', phone: '', reason: '' };

Component({
  data: {
    token: '',
    loading: true,
    busy: false,
    /** why the link opens nothing (used, expired, unknown), or a failed load */
    dead: '',
    view: null as ConfirmLinkView | null,
    sections: [] as LinkSection[],
    expires: '',
    form: { uscc: '', name: '', phone: '', reason: '' },
    errors: { ...NO_ERRORS },
    formError: '',
    /** the answer given on this visit: 'confirm' or 'refuse' */
    done: '',
  },

  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.setData({ token: tokenOf(options ?? {}) });
      return this.load();
    },

    async load() {
      if (!this.data.token) {
        this.setData({ loading: false, dead: '确认链接无效，请向学生索取新的确认链接' });
        return;
      }
      this.setData({ busy: true, dead: '' });
      try {
        const answer = await call('query', { view: 'confirmLink', token: this.data.token });
        if (answer.ok) {
          this.setData({ view: answer.data, sections: linkSections(answer.data), expires: chineseDateTime(answer.data.expiresAt) });
        } else {
          this.setData({ dead: answer.message });
        }
      } finally {
        this.setData({ busy: false, loading: false });
      }
    },

    onField(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: Field }>) {
      const field = e.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: e.detail.value ?? '', [`errors.${field}`]: '', formError: '' });
    },

    onConfirm() {
      return this.answer('confirm');
    },

    onRefuse() {
      return this.answer('refuse');
    },

    /** 确认协议 or 拒绝: the server checks every field and names the ones at fault, shown under each. */
    async answer(decision: 'confirm' | 'refuse') {
      const view = this.data.view;
      if (!view || this.data.busy || this.data.done) return;
      const { uscc, name, phone, reason } = this.data.form;
      // the unit is told of the school's review by 微信通知, if the person allows it on this tap
      if (decision === 'confirm') await askSubscription(['reviewResult'], view.templates);
      this.setData({ busy: true, errors: { ...NO_ERRORS }, formError: '' });
      try {
        const base = { token: this.data.token, agreementId: view.agreementId, uscc, name, phone, requestId: ids.idFor(`${decision}:${view.agreementId}`) };
        const answer = await call('employerConfirm', decision === 'confirm' ? { action: 'confirmByLink', ...base } : { action: 'refuseByLink', ...base, reason });
        if (answer.ok) {
          this.setData({ done: decision });
          return;
        }
        const errors = { ...NO_ERRORS };
        for (const issue of answer.issues ?? []) {
          const field = issue.path.split('.').pop() as Field;
          if (field in errors && !errors[field]) errors[field] = issue.message;
        }
        const named = Object.values(errors).some(Boolean);
        this.setData({ errors, formError: named ? '' : answer.message });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
