// A form field holding a standard code (地区, 行业, 单位性质). Shows the code's full path; a tap opens a TDesign
// cascader over the shared code table, laid out a level at a time; choosing emits `change` with `{ value: code, label }`.
// The page owns the value: the field only shows what it is given.
import type { CodeNode } from '../../codes';
import { CODE_KEYS, codeLabel, codeTrail, heldTrail, isLeaf, levelOptions, TITLES, type CodeKind } from '../../utils/code-labels';

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
    // what the cascader is given: the top level, and the levels below only along the paths being chosen (levelOptions)
    options: [] as CodeNode[],
    opened: false,
    visible: false,
  },
  observers: {
    'kind, value'(kind: string, value: string) {
      this.setData({ text: codeLabel(asKind(kind), value), title: TITLES[asKind(kind)] });
    },
  },
  methods: {
    /**
     * The codes the cascader has selected now, read from its selected indexes in the options it was last given.
     * New options must still lay out that path: the cascader walks its selected indexes through every new options it
     * is given (before it moves them to the new pick), and an index into a level that is no longer laid out would fail.
     */
    heldCodes(): string[] {
      if (!this.data.opened) return []; // no cascader yet
      const picker = this.selectComponent('.code-field__picker') as { data?: { selectedIndexes?: number[] } } | null;
      return heldTrail(this.data.options, picker?.data?.selectedIndexes ?? []);
    },
    /** Gives the cascader the levels along `next` (and along what it holds now, see heldCodes), no more. */
    layOut(next: readonly string[], extra: Record<string, unknown> = {}) {
      const open = new Set([...this.heldCodes(), ...next]);
      this.setData({ options: levelOptions(asKind(this.data.kind), open), ...extra });
    },
    onOpen() {
      if (this.data.disabled) return;
      // it opens on the current value: the levels down to it are laid out, so the cascader shows them selected
      this.layOut(codeTrail(asKind(this.data.kind), this.data.value), { opened: true });
      this.setData({ visible: true });
    },
    /**
     * A pick of a leaf (a node without children) is the choice; a pick of any other node lays out the level below it.
     * Listening to `pick` rather than the cascader's own `change` keeps one path that behaves the same on a phone and
     * under the page tests' simulator, where the cascader's `change` never comes (it is sent from a setData callback,
     * which the simulator calls without `this`).
     */
    onPick(e: WechatMiniprogram.CustomEvent<{ value: string; level: number }>) {
      const kind = asKind(this.data.kind);
      const value = String(e.detail.value ?? '');
      if (!value) return;
      if (!isLeaf(kind, value)) {
        this.layOut([...this.heldCodes().slice(0, Number(e.detail.level) || 0), value]);
        return;
      }
      const change: CodeFieldChange = { value, label: codeLabel(kind, value) };
      this.setData({ visible: false });
      this.triggerEvent('change', change);
    },
    onClose() {
      this.setData({ visible: false });
    },
  },
});
