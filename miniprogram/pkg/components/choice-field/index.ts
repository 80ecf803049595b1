// A form field holding one code of a short flat list (工作职位类别): a cell with the label column and the chosen name;
// a tap opens a bottom sheet listing every option, the chosen one ticked; a tap on an option emits `change` with
// `{ value: code, label: name }`. code-field does the same for the cascaded tables (地区, 行业); this is for lists a
// graduate reads in one glance. The page owns the value: the field only shows what it is given.

export interface Choice {
  code: string;
  name: string;
}

Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    label: { type: String, value: '' },
    title: { type: String, value: '' },
    value: { type: String, value: '' },
    options: { type: Array, value: [] as Choice[] },
    required: { type: Boolean, value: false },
    disabled: { type: Boolean, value: false },
    placeholder: { type: String, value: '请选择' },
  },
  data: {
    text: '',
    /** the sheet is rendered only while open: a form carries one per field, and most are sent without opening it */
    visible: false,
  },
  observers: {
    'options, value'(options: Choice[], value: string) {
      this.setData({ text: (options ?? []).find((o) => o.code === value)?.name ?? '' });
    },
  },
  methods: {
    onOpen() {
      if (this.data.disabled) return;
      this.setData({ visible: true });
    },
    onChoose(e: WechatMiniprogram.BaseEvent) {
      const chosen = (this.data.options as Choice[])[Number((e.currentTarget.dataset as { index?: number }).index)];
      if (!chosen) return;
      this.setData({ visible: false });
      this.triggerEvent('change', { value: chosen.code, label: chosen.name });
    },
    onVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      this.setData({ visible: Boolean(e.detail.visible) });
    },
    onClose() {
      this.setData({ visible: false });
    },
  },
});
