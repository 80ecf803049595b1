// 协议核验: anyone, bound or not, checks a printed agreement by its number and verification code.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import type { VerifyResult } from '../../../typings/views';
import { call } from '../../api/client';
import { chineseDate } from '../../utils/date';
import { linkFromOptions, linkFromScan } from './link';

type Tone = 'valid' | 'signed' | 'tampered' | 'terminated' | 'notFound';

interface Shown {
  tone: Tone;
  headline: string;
  message: string;
  rows: { label: string; value: string }[];
}

const HEADLINES: Record<Tone, string> = {
  valid: '协议真实有效',
  signed: '签约成功',
  tampered: '校验码不一致，文件可能被篡改',
  terminated: '已解约，协议不再有效',
  notFound: '未找到该编号的协议',
};

/** Termination outweighs a code mismatch: a terminated agreement is void whatever the paper says. */
function toneOf(r: VerifyResult): Tone {
  if (!r.found) return 'notFound';
  if (r.state === 'terminated') return 'terminated';
  if (r.codeMatches === false) return 'tampered';
  return r.codeMatches ? 'valid' : 'signed';
}

function shown(r: VerifyResult): Shown {
  const tone = toneOf(r);
  const rows = [{ label: '协议编号', value: r.agreementNo }];
  if (r.found) {
    if (r.student) {
      rows.push(
        { label: '学生', value: r.student.name },
        { label: '学号', value: r.student.studentNo },
        { label: '院系', value: r.student.collegeName },
      );
    }
    if (r.employer) rows.push({ label: '用人单位', value: r.employer.name });
    rows.push({ label: '学校', value: r.schoolName });
    if (r.signedAt) rows.push({ label: '签约日期', value: chineseDate(r.signedAt) });
    if (r.terminatedAt) rows.push({ label: '解约日期', value: chineseDate(r.terminatedAt) });
  }
  return { tone, headline: HEADLINES[tone], message: r.message, rows };
}

Component({
  data: {
    no: '',
    code: '',
    busy: false,
    error: '',
    result: null as Shown | null,
  },

  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const link = linkFromOptions(options ?? {});
      if (!link) return Promise.resolve();
      this.setData({ no: link.no, code: link.code });
      return this.verify();
    },

    onNoInput(e: WechatMiniprogram.Input) {
      this.setData({ no: e.detail.value });
    },

    onCodeInput(e: WechatMiniprogram.Input) {
      this.setData({ code: e.detail.value });
    },

    onQuery() {
      return this.verify();
    },

    async onScan() {
      if (this.data.busy) return;
      let scanned: WechatMiniprogram.ScanCodeSuccessCallbackResult;
      try {
        scanned = await wx.scanCode({ scanType: ['qrCode', 'wxCode'] });
      } catch (e) {
        const cancelled = /cancel/.test(String((e as { errMsg?: string } | null)?.errMsg ?? ''));
        if (!cancelled) this.setData({ error: '扫码失败，请重试' });
        return;
      }
      const link = linkFromScan(scanned);
      if (!link) {
        this.setData({ error: '未识别到协议信息，请扫描协议书上的二维码', result: null });
        return;
      }
      this.setData({ no: link.no, code: link.code });
      await this.verify();
    },

    async verify() {
      if (this.data.busy) return;
      const agreementNo = this.data.no.trim();
      const code = this.data.code.trim();
      if (!agreementNo) {
        this.setData({ error: '请输入协议编号', result: null });
        return;
      }
      this.setData({ busy: true, error: '', result: null });
      try {
        const answer = await call('verifyAgreement', code ? { agreementNo, code } : { agreementNo });
        if (answer.ok) this.setData({ result: shown(answer.data) });
        else this.setData({ error: answer.message });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
