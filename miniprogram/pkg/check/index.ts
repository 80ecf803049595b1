// 生源核查 and 就业信息核验 (`?kind=source|employment`): the student's record as the school holds it, 开始核验,
// their own fields filled and checked here before 保存 / 提交, 撤回 before the college acts, 还原学校信息 where their
// value differs from the school's, and the college's decision with its reason and the record's timeline.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { SubmitCheckEvent } from '../../../typings/events';
import type { CheckKind } from '../../../typings/states';
import type { CheckScreen } from '../../../typings/views';
import { call, RequestIds } from '../../api/client';
import { checkState, type StateLabel } from '../../utils/labels';
import { reloadMethods } from '../../utils/reload';
import { staleHome } from '../../utils/session';
import { askSubscription, consentHint } from '../../utils/subscribe';
import {
  formErrors,
  HINTS,
  issueErrors,
  rowsOf,
  SIGNING_BANNER,
  stateNote,
  studentFields,
  SUBMIT_LABEL,
  TITLES,
  valuesOf,
  type Errors,
  type FieldRow,
  type Values,
} from './form';

const ids = new RequestIds();

const DONE: Record<SubmitCheckEvent['action'], string> = { save: '已保存', submit: '已提交', withdraw: '已撤回', restore: '已还原' };

const CONFLICT_MESSAGE = '该记录已被更新，已为您重新加载，请核对后再操作';

function confirm(title: string, content: string, confirmText: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({ title, content, confirmText, success: (r) => resolve(r.confirm), fail: () => resolve(false) });
  });
}

const keyOf = (e: WechatMiniprogram.BaseEvent): string => String((e.currentTarget.dataset as { key?: string }).key ?? '');

Component({
  data: {
    consentHint: consentHint('本页'),
    kind: 'source' as CheckKind,
    loading: true,
    busy: false,
    /** the check could not be loaded (message + 重试) */
    error: '',
    /** why the last action was refused, above the buttons */
    message: '',
    view: null as CheckScreen | null,
    /** the student's working copy of every field */
    values: {} as Values,
    errors: {} as Errors,
    /** the form is open for changes: 开始核验 pressed, or a draft / returned check */
    editing: false,
    schoolRows: [] as FieldRow[],
    studentRows: [] as FieldRow[],
    tag: checkState(null) as StateLabel,
    note: '',
    hints: [] as string[],
    banner: '',
    submitLabel: SUBMIT_LABEL.source,
  },

  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const kind: CheckKind = options?.kind === 'employment' ? 'employment' : 'source';
      this.setData({ kind, hints: HINTS[kind], submitLabel: SUBMIT_LABEL[kind] });
      wx.setNavigationBarTitle({ title: TITLES[kind] });
      return this.load();
    },

    ...reloadMethods,

    /** The check view, which carries the school's subscription templates too. */
    async load() {
      if (this.data.busy) return;
      this.setData({ busy: true, error: '' });
      try {
        await this.reload();
      } finally {
        this.setData({ busy: false, loading: false });
      }
    },

    /** Loads and shows the check; the caller holds `busy`. Unsaved changes give way to what the server holds. */
    async reload() {
      const answer = await call('query', { view: 'check', kind: this.data.kind });
      if (!answer.ok) {
        this.setData({ error: answer.message });
        return;
      }
      const view = answer.data;
      this.setData({ view, values: valuesOf(view), errors: {}, editing: view.canEdit && view.state !== null });
      this.render();
    },

    render() {
      const { view, values, errors, editing, kind } = this.data;
      if (!view) return;
      const rows = rowsOf(view, values, errors, editing && view.canEdit);
      this.setData({
        schoolRows: rows.filter((r) => r.locked),
        studentRows: rows.filter((r) => !r.locked),
        tag: checkState(view.state),
        note: stateNote(view, editing),
        banner: kind === 'source' && view.state !== 'approved' ? SIGNING_BANNER : '',
      });
    },

    /** 开始核验: the record opens for changes, filled with what the school knows. */
    onStart() {
      if (this.data.busy || !this.data.view?.canEdit) return;
      this.setData({ editing: true, message: '' });
      this.render();
    },

    edit(key: string, value: string) {
      if (!key || !this.data.editing) return;
      const errors = { ...this.data.errors };
      delete errors[key];
      this.setData({ values: { ...this.data.values, [key]: value }, errors });
      this.render();
    },

    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.edit(keyOf(e), String(e.detail.value ?? ''));
    },

    onCode(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.edit(keyOf(e), String(e.detail.value ?? ''));
    },

    onDate(e: WechatMiniprogram.PickerChange) {
      this.edit(keyOf(e), String(e.detail.value ?? ''));
    },

    /** Checks the form here first: what is wrong shows next to its field and nothing is sent. */
    checked(submitting: boolean): boolean {
      const view = this.data.view;
      if (!view) return false;
      const errors = formErrors(
        view.fields.map((f) => f.spec),
        this.data.values,
        submitting,
      );
      const count = Object.keys(errors).length;
      this.setData({ errors, message: count ? `有 ${count} 项需要修改，请查看标红的字段` : '' });
      this.render();
      return count === 0;
    },

    fields(): Values {
      return studentFields(
        (this.data.view?.fields ?? []).map((f) => f.spec),
        this.data.values,
      );
    },

    onSave() {
      if (this.data.busy || !this.checked(false)) return Promise.resolve();
      const { kind, view } = this.data;
      return this.mutate({ action: 'save', kind, version: view?.version ?? 0, requestId: ids.idFor(`save:${kind}`), fields: this.fields() });
    },

    async onSubmit() {
      if (this.data.busy || !this.checked(true)) return;
      // asked in the tap, before anything else: WeChat allows the request only there
      await askSubscription(['reviewResult'], this.data.view?.templates);
      const { kind, view } = this.data;
      await this.mutate({ action: 'submit', kind, version: view?.version ?? 0, requestId: ids.idFor(`submit:${kind}`), fields: this.fields() });
    },

    async onWithdraw() {
      if (this.data.busy || !this.data.view?.canWithdraw) return;
      const sure = await confirm('撤回提交', '撤回后可修改信息并重新提交。确定撤回吗？', '撤回');
      if (!sure) return;
      const { kind, view } = this.data;
      await this.mutate({ action: 'withdraw', kind, version: view.version, requestId: ids.idFor(`withdraw:${kind}`) });
    },

    /** 还原学校信息: the field takes the school's value again. */
    async onRestore(e: WechatMiniprogram.BaseEvent) {
      const key = keyOf(e);
      const { view, kind, editing } = this.data;
      const field = view?.fields.find((f) => f.spec.key === key);
      if (this.data.busy || !view || !editing || !field || field.schoolValue === undefined) return;
      // before the first save there is no record to restore on: the form simply takes the school's value back
      if (view.state === null) {
        this.edit(key, field.schoolValue);
        return;
      }
      const unsaved = { ...this.data.values };
      const restored = await this.mutate({ action: 'restore', kind, version: view.version, field: key, requestId: ids.idFor(`restore:${kind}:${key}`) });
      // other fields the student was still changing stay as typed
      if (restored && this.data.editing) {
        const values = { ...unsaved, [key]: this.data.values[key] ?? '' };
        this.setData({ values });
        this.render();
      }
    },

    /** One submitCheck call, then the check as the server now holds it. True when it was done. */
    async mutate(event: SubmitCheckEvent): Promise<boolean> {
      const key = event.action === 'restore' ? `restore:${event.kind}:${event.field}` : `${event.action}:${event.kind}`;
      this.setData({ busy: true, message: '' });
      try {
        const answer = await call('submitCheck', event);
        if (answer.ok) {
          ids.settle(key);
          wx.showToast({ title: DONE[event.action], icon: 'success' });
          // what 首页 says of the check has moved: it loads the home view again when next shown
          staleHome();
          await this.reload();
          return true;
        }
        if (answer.code === 'CONFLICT') {
          await this.reload();
          this.setData({ message: CONFLICT_MESSAGE });
          return false;
        }
        this.setData({ message: answer.message, errors: { ...this.data.errors, ...issueErrors(answer.issues) } });
        this.render();
        return false;
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
