// 约定条款: the structured terms' fields (试用期 or 见习期, 服务期, 五险一金, 违约金 with the cap's warning, 劳务派遣 and
// the dispatching unit), shared by 邀约学生, 发起签约 and 邀约模板. The page owns the values: the fields show what they
// are given and emit `change` with `{ field, value, error }` (field: the StructuredForm key; error: the page's error
// key to clear). A 违约金 above the school's cap shows the warning with a box to tick: the unit confirms it offers
// that much, the student that the unit agreed to it; without the tick the form is not sent (rules/terms.ts).
import type { InsuranceKind } from '../../../../typings/records';
import { INSURANCE_KINDS, penaltyAboveCap, penaltyCap, TRIAL_MAX_MONTHS, INTERNSHIP_MAX_MONTHS } from '../../../rules/terms';

type Field = 'probation' | 'probationMonths' | 'serviceYears' | 'penaltyYuan' | 'penaltyConfirmed' | 'insurance' | 'dispatched' | 'dispatchUnitName';

/** which of the page's error keys a field's change clears */
const ERROR_OF: Record<Field, string> = {
  probation: 'probation',
  probationMonths: 'probation',
  serviceYears: 'service',
  penaltyYuan: 'penalty',
  penaltyConfirmed: 'penalty',
  insurance: 'insurance',
  dispatched: 'dispatchUnit',
  dispatchUnitName: 'dispatchUnit',
};

const PROBATION_OPTIONS = [
  { label: '无', value: 'none' },
  { label: '试用期', value: 'trial' },
  { label: '见习期', value: 'internship' },
];

const CONFIRM: Record<string, string> = {
  employer: '本单位确认约定此违约金',
  student: '我已核对，单位确实约定此违约金',
};

Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    /** StructuredForm (utils/terms-form.ts) */
    value: { type: Object, value: {} },
    /** the page's errors; the keys probation, service, insurance, penalty, dispatchUnit are this block's */
    errors: { type: Object, value: {} },
    /** the school's 违约金 cap in 元 (PublicSettings.penaltyCapYuan) */
    cap: { type: Number, value: 0 },
    /** who fills it in: the unit (邀约, 模板) or the student (发起签约) */
    party: { type: String, value: 'employer' },
    disabled: { type: Boolean, value: false },
  },
  data: {
    probationOptions: PROBATION_OPTIONS,
    insuranceOptions: INSURANCE_KINDS.map((k) => ({ label: k.label, value: k.kind })),
    aboveCap: false,
    capText: '',
    confirmText: CONFIRM.employer,
    monthsLabel: '',
    monthsHint: '',
  },
  observers: {
    'value, cap, party'(value: { probation?: string; penaltyYuan?: string }, cap: number, party: string) {
      const text = (value?.penaltyYuan ?? '').trim();
      const options = { penaltyCapYuan: cap > 0 ? cap : undefined };
      const trial = value?.probation === 'trial';
      this.setData({
        aboveCap: /^\d+$/.test(text) && penaltyAboveCap({ penaltyYuan: Number(text) }, options),
        capText: String(penaltyCap(options)),
        confirmText: CONFIRM[party] ?? CONFIRM.employer,
        monthsLabel: trial ? '试用期' : '见习期',
        monthsHint: trial ? `1–${TRIAL_MAX_MONTHS} 个月` : `1–${INTERNSHIP_MAX_MONTHS} 个月`,
      });
    },
  },
  methods: {
    emit(field: Field, value: unknown) {
      this.triggerEvent('change', { field, value, error: ERROR_OF[field] });
    },
    onProbation(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.emit('probation', String(e.detail.value ?? 'none'));
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = (e.currentTarget.dataset as { field?: Field }).field;
      if (field) this.emit(field, String(e.detail.value ?? ''));
    },
    onInsurance(e: WechatMiniprogram.CustomEvent<{ value: InsuranceKind[] }>) {
      // in the usual order, whatever order they were ticked in
      const chosen = new Set(e.detail.value ?? []);
      this.emit('insurance', INSURANCE_KINDS.filter((k) => chosen.has(k.kind)).map((k) => k.kind));
    },
    onConfirm(e: WechatMiniprogram.CustomEvent<{ checked: boolean }>) {
      this.emit('penaltyConfirmed', Boolean(e.detail.checked));
    },
    onDispatched(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.emit('dispatched', Boolean(e.detail.value));
    },
  },
});
