// 解约同意: what a consent link opens, for a unit without an account (no binding, no tab bar). The HR person sees the
// termination the student asked for, types the unit's 统一社会信用代码 (which the page does not show: they must know
// it), their name and phone, and answers 同意解约 or 不同意 with a reason. The link works once; a dead link says why.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { ConsentLinkView } from '../../../typings/views';
import { call, RequestIds } from '../../api/client';
import { chineseDateTime } from '../../utils/date';
import { personProblem, tokenOf, type Person } from './form';

const ids = new RequestIds();

Component({
  data: {
    token: '',
    loading: true,
    busy: false,
    /** a dead link or another failure to open: said, with nothing to act on */
    error: '',
    view: null as (ConsentLinkView & { expiresText: string }) | null,
    person: { uscc: '', name: '', phone: '' } as Person,
    errors: {} as Partial<Record<keyof Person | 'reason', string>>,
    refusing: false,
    reason: '',
    formError: '',
    /** after the answer: 'confirm' or 'refuse' */
    done: '' as '' | 'confirm' | 'refuse',
  },

  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.setData({ token: tokenOf(options ?? {}) });
      return this.load();
    },

    async load() {
      const token = this.data.token;
      if (!token) {
        this.setData({ loading: false, error: '链接不完整，请向学生索取新的同意链接' });
        return;
      }
      this.setData({ busy: true, error: '' });
      try {
        const answer = await call('query', { view: 'consentLink', token });
        if (answer.ok) this.setData({ view: { ...answer.data, expiresText: chineseDateTime(answer.data.expiresAt) } });
        else this.setData({ error: answer.message });
      } finally {
        this.setData({ busy: false, loading: false });
      }
    },

    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = String((e.currentTarget.dataset as { field?: string }).field ?? '') as keyof Person;
      if (!(field in this.data.person)) return;
      this.setData({ [`person.${field}`]: e.detail.value ?? '', [`errors.${field}`]: '', formError: '' });
    },

    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reason: e.detail.value ?? '', 'errors.reason': '', formError: '' });
    },

    onRefuseStart() {
      if (!this.data.busy) this.setData({ refusing: true });
    },

    onRefuseCancel() {
      this.setData({ refusing: false, reason: '', 'errors.reason': '' });
    },

    async onConsent() {
      await this.answer('consentByLink');
    },

    async onRefuse() {
      if (!this.data.reason.trim()) {
        this.setData({ 'errors.reason': '请填写不同意的原因' });
        return;
      }
      await this.answer('refuseByLink');
    },

    async answer(action: 'consentByLink' | 'refuseByLink') {
      const view = this.data.view;
      if (!view || this.data.busy) return;
      const problem = personProblem(this.data.person);
      if (problem.field) {
        this.setData({ errors: { [problem.field]: problem.message } });
        return;
      }
      const { uscc, name, phone } = this.data.person;
      const key = `${action}:${view.terminationId}`;
      this.setData({ busy: true, formError: '', errors: {} });
      try {
        const sent = {
          requestId: ids.idFor(key),
          token: this.data.token,
          terminationId: view.terminationId,
          uscc: uscc.trim().toUpperCase(),
          name: name.trim(),
          phone: phone.trim(),
        };
        const answer =
          action === 'consentByLink'
            ? await call('requestTermination', { action, ...sent })
            : await call('requestTermination', { action, ...sent, reason: this.data.reason.trim() });
        if (answer.ok) {
          ids.settle(key);
          this.setData({ done: action === 'consentByLink' ? 'confirm' : 'refuse' });
        } else {
          // a field the server names is shown under it; anything else above the buttons
          const issue = answer.issues?.find((i) => ['uscc', 'name', 'phone', 'reason'].includes(i.path));
          if (issue) this.setData({ errors: { [issue.path]: issue.message } });
          else this.setData({ formError: answer.message });
        }
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
