// 单位的三方协议: every agreement of the unit with its standing, what the unit must do now (确认协议, 盖章回传, 同意或
// 不同意解约) and the terminations that concern it; a chip per standing filters the list.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { EmployerAgreementRow } from '../../../../typings/views';
import { call } from '../../../api/client';
import { reloadMethods, reloadOnReturn } from '../../../utils/reload';
import { agreementRow, chips, type AgreementRow, type Chip } from './rows';

const PAGE_SIZE = 20;
const idOf = (e: { currentTarget?: { dataset?: unknown } }): string => String(((e.currentTarget?.dataset ?? {}) as { id?: string }).id ?? '');

Component({
  data: {
    busy: false,
    loading: true,
    error: '',
    /** the standing shown; '' for all */
    state: '',
    chips: [] as Chip[],
    rows: [] as AgreementRow[],
    next: '',
    consentsWaiting: 0,
  },

  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.setData({ state: options?.state ?? '' });
      return this.load();
    },

    /** Back from an agreement: it may have been confirmed or refused there. */
    ...reloadOnReturn,
    ...reloadMethods,

    async load() {
      if (this.data.busy) return;
      this.setData({ busy: true, error: '' });
      try {
        const state = this.data.state;
        const answer = await call('query', { view: 'employerAgreements', ...(state ? { state } : {}), limit: PAGE_SIZE });
        if (!answer.ok) {
          this.setData({ error: answer.code === 'FORBIDDEN' ? '仅用人单位可以查看单位的三方协议' : answer.message });
          return;
        }
        this.setData({
          chips: chips(answer.data.counts),
          rows: answer.data.items.map((r: EmployerAgreementRow) => agreementRow(r)),
          next: answer.data.next ?? '',
          consentsWaiting: answer.data.consentsWaiting,
        });
      } finally {
        this.setData({ busy: false, loading: false });
      }
    },

    onChip(e: WechatMiniprogram.TouchEvent) {
      const state = String((e.currentTarget.dataset as { state?: string }).state ?? '');
      if (this.data.busy || state === this.data.state) return undefined;
      this.setData({ state });
      return this.load();
    },

    async onMore() {
      const cursor = this.data.next;
      if (!cursor || this.data.busy) return;
      this.setData({ busy: true });
      try {
        const state = this.data.state;
        const answer = await call('query', { view: 'employerAgreements', ...(state ? { state } : {}), cursor, limit: PAGE_SIZE });
        if (answer.ok) this.setData({ rows: [...this.data.rows, ...answer.data.items.map((r: EmployerAgreementRow) => agreementRow(r))], next: answer.data.next ?? '' });
        else this.setData({ error: answer.message });
      } finally {
        this.setData({ busy: false });
      }
    },

    onReachBottom() {
      return this.onMore();
    },

    onOpen(e: WechatMiniprogram.TouchEvent) {
      const id = idOf(e);
      if (id) wx.navigateTo({ url: `/pkg/employer/agreement/index?id=${id}` });
    },
  },
});
