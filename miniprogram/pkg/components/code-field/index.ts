// A form field holding a standard code (地区, 行业, 单位性质). Shows the code's full path; a tap opens a TDesign
// cascader over the shared code table; choosing emits `change` with `{ value: code, label }`. The page owns the
// value: the field only shows what it is given.
import type { CodeNode } from '../../codes';
import { CODE_KEYS, codeLabel, codeOptions, isLeaf, TITLES, type CodeKind } from '../../utils/code-labels';

export interface CodeFieldChange {
  value: string;
  label: string;
}

const asKind = (kind: string): CodeKind => (kind === 'industry' || kind === 'nature' ? kind : 'region');

Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    kind: { type: String, value: 'region' },
    label: { type: String, value: '' },
    value: { type: String, value: '' },
    required: { type: Boolean, value: false },
    disabled: { type: Boolean, value: false },
    placeholder: { type: String, value: '请选择' },
  },
  data: {
    text: '',
    title: TITLES.region,
    keys: CODE_KEYS,
    // the region table is large: it reaches the cascader only once the field is first opened
    options: [] as readonly CodeNode[],
    opened: false,
    visible: false,
  },
  observers: {
    'kind, value'(kind: string, value: string) {
      this.setData({ text: codeLabel(asKind(kind), value), title: TITLES[asKind(kind)] });
    },
  },
  methods: {
    onOpen() {
      if (this.data.disabled) return;
      if (!this.data.opened) this.setData({ options: codeOptions(asKind(this.data.kind)), opened: true });
      this.setData({ visible: true });
    },
    /**
     * A pick of a leaf (a node without children) is the choice. Listening to `pick` rather than the cascader's own
     * `change` keeps one path that behaves the same on a phone and under the page tests' simulator, where the
     * cascader's `change` never comes (it is sent from a setData callback, which the simulator calls without `this`).
     */
    onPick(e: WechatMiniprogram.CustomEvent<{ value: string; level: number }>) {
      const value = String(e.detail.value ?? '');
      if (!value || !isLeaf(asKind(this.data.kind), value)) return;
      const change: CodeFieldChange = { value, label: codeLabel(asKind(this.data.kind), value) };
      this.setData({ visible: false });
      this.triggerEvent('change', change);
    },
    onClose() {
      this.setData({ visible: false });
    },
  },
});
