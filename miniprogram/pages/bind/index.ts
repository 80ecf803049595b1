// 身份绑定: a student matches the school's roster (学号, 姓名, 身份证号后六位); a reviewer or an HR contact redeems an
// invite code; a new unit registers. Someone already bound sees who they are bound as.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import { call, RequestIds } from '../../api/client';
import { home, refreshHome } from '../../utils/session';
import { boundAs, checkInvite, checkStudent, type BoundAs, type StudentTips } from './form';
import { PRIVACY_PAGE, privacyNeeded, rememberConsent } from '../../utils/privacy';

/** Said where the tap was when the user tries to bind before agreeing to the privacy policy. */
const PRIVACY_FIRST = '请先阅读并同意《隐私政策》';

const HOME = '/pages/index/index';
const NO_TIPS: StudentTips = { studentNo: '', name: '', idLast6: '' };

const ids = new RequestIds();

type Phase = 'loading' | 'form' | 'bound';
type Input = WechatMiniprogram.CustomEvent<{ value: string }>;

Component({
  data: {
    phase: 'loading' as Phase,
    busy: false,
    /** the home view could not be loaded: binding still works, the server refuses a second one */
    loadError: '',
    studentNo: '',
    name: '',
    idLast6: '',
    tips: NO_TIPS,
    studentError: '',
    code: '',
    codeTip: '',
    inviteError: '',
    bound: null as BoundAs | null,
    /** the user has agreed to the privacy policy (WeChat's record, else this phone's): nothing is sent before */
    privacyAgreed: false,
  },

  methods: {
    onLoad() {
      return this.load();
    },

    onRetry() {
      return this.load();
    },

    async load() {
      if (this.data.busy) return;
      this.setData({ busy: true, loadError: '' });
      // asked of WeChat beside the home view: no call of ours
      const needed = privacyNeeded();
      try {
        this.setData({ privacyAgreed: !(await needed) });
        const answer = await home();
        if (!answer.ok) {
          this.setData({ phase: 'form', loadError: answer.message });
          return;
        }
        const bound = boundAs(answer.data);
        this.setData({ phase: bound ? 'bound' : 'form', bound });
      } finally {
        this.setData({ busy: false });
      }
    },

    onStudentNo(e: Input) {
      this.setData({ studentNo: e.detail.value, 'tips.studentNo': '', studentError: '' });
    },

    onName(e: Input) {
      this.setData({ name: e.detail.value, 'tips.name': '', studentError: '' });
    },

    onIdLast6(e: Input) {
      this.setData({ idLast6: e.detail.value, 'tips.idLast6': '', studentError: '' });
    },

    onCode(e: Input) {
      this.setData({ code: e.detail.value, codeTip: '', inviteError: '' });
    },

    /** 同意: the button's tap, and its agreeprivacyauthorization event where WeChat syncs the consent. */
    onAgreePrivacy() {
      if (this.data.privacyAgreed) return;
      rememberConsent();
      this.setData({ privacyAgreed: true, studentError: '', inviteError: '' });
    },

    onPrivacy() {
      wx.navigateTo({ url: PRIVACY_PAGE });
    },

    async onBindStudent() {
      if (this.data.busy) return;
      if (!this.data.privacyAgreed) {
        this.setData({ studentError: PRIVACY_FIRST });
        return;
      }
      const checked = checkStudent({ studentNo: this.data.studentNo, name: this.data.name, idLast6: this.data.idLast6 });
      if (!checked.ok) {
        this.setData({ tips: checked.tips, studentError: '' });
        return;
      }
      this.setData({ busy: true, tips: NO_TIPS, studentError: '' });
      try {
        const answer = await call('bind', { action: 'student', requestId: ids.idFor('student'), ...checked.value });
        if (!answer.ok) {
          this.setData({ studentError: answer.message });
          return;
        }
        ids.settle('student');
        await this.done();
      } finally {
        this.setData({ busy: false });
      }
    },

    async onBindInvite() {
      if (this.data.busy) return;
      if (!this.data.privacyAgreed) {
        this.setData({ inviteError: PRIVACY_FIRST });
        return;
      }
      const checked = checkInvite(this.data.code);
      if (!checked.ok) {
        this.setData({ codeTip: checked.tips, inviteError: '' });
        return;
      }
      this.setData({ busy: true, codeTip: '', inviteError: '' });
      try {
        const answer = await call('bind', { action: 'invite', requestId: ids.idFor('invite'), code: checked.value });
        if (!answer.ok) {
          this.setData({ inviteError: answer.message });
          return;
        }
        ids.settle('invite');
        await this.done();
      } finally {
        this.setData({ busy: false });
      }
    },

    /** Bound: the app learns the new role, and the launch page opens as that role (the old stack had none). */
    async done() {
      wx.showToast({ title: '绑定成功', icon: 'success' });
      await refreshHome();
      wx.reLaunch({ url: HOME });
    },

    onRegister() {
      if (!this.data.privacyAgreed) {
        this.setData({ inviteError: PRIVACY_FIRST });
        return;
      }
      wx.navigateTo({ url: '/pkg/employer/register/index' });
    },

    onHome() {
      wx.reLaunch({ url: HOME });
    },
  },
});
