// 单位的一份三方协议 (pkg/employer/agreement/index?id=…): the agreement as the unit sees it, where it stands, what the
// unit must do now and the way to do it: 确认协议 / 拒绝 (with a reason) while it waits for the unit, 盖章回传 when the
// school asks for the stamped copy, the termination that concerns it.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { EmployerAgreementView } from '../../../../typings/views';
import { call, RequestIds } from '../../../api/client';
import { agreementState, terminationState, type StateLabel } from '../../../utils/labels';
import { reloadMethods, reloadOnReturn } from '../../../utils/reload';
import { askSubscription } from '../../../utils/subscribe';
import { confirmationText, sections, type Section } from '../../utils/agreement-content';

const ids = new RequestIds();
const NO_ID = '协议链接有误，请从单位的三方协议列表进入';

/** The state in words for the unit, and what comes next. */
const UNIT_NEXT: Partial<Record<string, string>> = {
  pendingEmployer: '学生发起了与贵单位的三方协议，请核对后确认；内容有误或未录用该学生的，请填写原因后拒绝。',
  pendingCollege: '院系正在审核，审核结果会通过微信通知您。',
  pendingSchool: '学校正在审核，审核结果会通过微信通知您。',
  pendingSeal: '学校已审核通过：请打印协议书并加盖单位公章，再上传盖章后的各页（回传）。',
  pendingSealReview: '盖章的协议书已上传，学校正在鉴证。',
  returned: '协议已退回，等待修改后重新提交。',
  signed: '签约成功，协议已生效。',
  terminated: '协议已解约，不再有效。',
  cancelled: '协议已作废，不再有效。',
};

interface Shown {
  tag: StateLabel;
  no: string;
  student: string;
  next: string;
  todo: string;
  confirmation: string;
  returnReason: string;
  termination: { tag: StateLabel; by: string } | null;
  sections: Section[];
  proofsWithheld: number;
}

function shown(v: EmployerAgreementView): Shown {
  const a = v.agreement;
  return {
    tag: agreementState(a.state),
    no: a.agreementNo ?? '发起后生成',
    student: `${a.content.student.name} ${a.content.student.studentNo}`,
    next: UNIT_NEXT[a.state] ?? '',
    todo: v.todo ?? '',
    confirmation: a.confirmation ? confirmationText(a.confirmation) : '',
    returnReason: a.state === 'returned' ? (a.returnReason ?? '') : '',
    termination: v.termination
      ? { tag: terminationState(v.termination.state), by: v.termination.initiator === 'employer' ? '单位申请解约' : '学生申请解约' }
      : null,
    sections: sections(a.content),
    proofsWithheld: a.proofsWithheld ?? 0,
  };
}

Component({
  data: {
    id: '',
    loading: true,
    busy: false,
    error: '',
    view: null as EmployerAgreementView | null,
    shown: null as Shown | null,
    reason: '',
    reasonError: '',
    actionError: '',
  },

  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.setData({ id: options?.id ?? '' });
      return this.load();
    },

    ...reloadOnReturn,
    ...reloadMethods,

    async load() {
      if (!this.data.id) {
        this.setData({ loading: false, error: NO_ID });
        return;
      }
      if (this.data.busy) return;
      this.setData({ busy: true, error: '' });
      try {
        const answer = await call('query', { view: 'employerAgreement', id: this.data.id });
        if (answer.ok) this.setData({ view: answer.data, shown: shown(answer.data) });
        else this.setData({ error: answer.message });
      } finally {
        this.setData({ busy: false, loading: false });
      }
    },

    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reason: e.detail.value ?? '', reasonError: '' });
    },

    /** 确认协议: asked once more, then on to college review. */
    async onConfirm() {
      const view = this.data.view;
      if (!view || this.data.busy) return;
      await askSubscription(['reviewResult'], view.templates);
      const sure = await new Promise<boolean>((resolve) =>
        wx.showModal({
          title: '确认协议',
          content: `确认后协议将送院系和学校审核。请确认${view.agreement.content.student.name}的工作信息、档案及户口信息无误。`,
          confirmText: '确认',
          success: (r) => resolve(r.confirm),
          fail: () => resolve(false),
        }),
      );
      if (sure) await this.answer('confirm');
    },

    /** 拒绝: the reason goes back to the student with the agreement. */
    async onRefuse() {
      if (!this.data.reason.trim()) {
        this.setData({ reasonError: '请填写拒绝原因' });
        return;
      }
      await this.answer('refuse');
    },

    async answer(decision: 'confirm' | 'refuse') {
      const view = this.data.view;
      if (!view || this.data.busy) return;
      const a = view.agreement;
      const key = `${decision}:${a.id}:${a.version}`;
      this.setData({ busy: true, actionError: '' });
      let changed = false;
      try {
        const base = { agreementId: a.id, version: a.version, requestId: ids.idFor(key) };
        const answer = await call('employerConfirm', decision === 'confirm' ? { action: 'confirm', ...base } : { action: 'refuse', ...base, reason: this.data.reason });
        if (answer.ok) {
          ids.settle(key);
          changed = true;
          wx.showToast({ title: decision === 'confirm' ? '已确认' : '已拒绝', icon: 'success' });
        } else if (answer.issues?.some((i) => i.path === 'reason')) {
          this.setData({ reasonError: answer.issues.find((i) => i.path === 'reason')!.message });
        } else {
          this.setData({ actionError: answer.message });
        }
      } finally {
        this.setData({ busy: false });
      }
      if (changed) {
        this.setData({ reason: '' });
        await this.load();
      }
    },

    onSeal() {
      const view = this.data.view;
      if (view) wx.navigateTo({ url: `/pkg/seal/index?agreementId=${view.agreement.id}` });
    },

    onTermination() {
      const view = this.data.view;
      if (view) wx.navigateTo({ url: `/pkg/termination/index?agreementId=${view.agreement.id}` });
    },
  },
});
