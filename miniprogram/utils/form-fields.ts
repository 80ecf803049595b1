/**
 * The handlers of the terms form's fields (text boxes, code-fields, switches, the 报到日期 picker), shared by
 * 发起签约 and 邀约学生, whose templates bind them the same way: `data-field` is the field's path under `form`,
 * `data-error` the key of its message under `errors`. Pages spread them into their methods.
 */
export type Dataset = { field?: string; error?: string; index?: number; url?: string };

export const datasetOf = (e: { currentTarget?: { dataset?: unknown } }): Dataset => (e.currentTarget?.dataset ?? {}) as Dataset;

type FormPage = WechatMiniprogram.Component.TrivialInstance;

function onInput(this: FormPage, e: WechatMiniprogram.CustomEvent<{ value: string }>): void {
  const { field, error } = datasetOf(e);
  if (!field) return;
  const change: Record<string, unknown> = { [`form.${field}`]: String(e.detail.value ?? ''), dirty: true };
  if (error) change[`errors.${error}`] = '';
  this.setData(change);
}

export const formFieldMethods = {
  onInput,

  /** A code-field: detail `{ value: code, label }`. */
  onCode(this: FormPage, e: WechatMiniprogram.CustomEvent<{ value: string; label: string }>): void {
    onInput.call(this, e);
  },

  onSwitch(this: FormPage, e: WechatMiniprogram.CustomEvent<{ value: boolean }>): void {
    const { field } = datasetOf(e);
    if (field) this.setData({ [`form.${field}`]: Boolean(e.detail.value), dirty: true });
  },

  onPickDate(this: FormPage): void {
    if (!(this.data as { busy?: boolean }).busy) this.setData({ dateVisible: true });
  },

  onDateConfirm(this: FormPage, e: WechatMiniprogram.CustomEvent<{ value: string }>): void {
    this.setData({ 'form.job.startDate': String(e.detail.value), 'errors.jobStartDate': '', dateVisible: false, dirty: true });
  },

  onDateClose(this: FormPage): void {
    this.setData({ dateVisible: false });
  },

  /** 约定条款 (pkg/components/terms-fields): detail `{ field, value, error }`, a field of `form.structured`. */
  onStructured(this: FormPage, e: WechatMiniprogram.CustomEvent<{ field: string; value: unknown; error: string }>): void {
    const { field, value, error } = e.detail;
    if (!field) return;
    this.setData({ [`form.structured.${field}`]: value, [`errors.${error}`]: '', dirty: true });
  },
};
