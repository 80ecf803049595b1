// Placeholder home page with the two document entries: 协议核验 and 打印我的协议书.
// Built with Component() (supported for pages) so tests can load it with miniprogram-simulate.
import { call, RequestIds } from '../../api/client';

const NOT_SIGNED = '协议签约成功后才能打印';
const DOWNLOAD_FAILED = '协议书下载失败，请稍后重试';
const OPEN_FAILED = '无法打开协议书，请稍后重试';

type Outcome = { ok: true; hint: string } | { ok: false; error: string };

const printIds = new RequestIds();

/** The downloaded file's temporary path, or null. */
function download(url: string): Promise<string | null> {
  return new Promise((resolve) => {
    wx.downloadFile({
      url,
      success: (res) => resolve(res.statusCode === 200 ? res.tempFilePath : null),
      fail: () => resolve(null),
    });
  });
}

function openPdf(filePath: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.openDocument({ filePath, fileType: 'pdf', showMenu: true, success: () => resolve(true), fail: () => resolve(false) });
  });
}

/** The caller's current agreement, printed, downloaded and opened; or why not. */
async function printMine(): Promise<Outcome> {
  const view = await call('query', { view: 'agreement' });
  if (!view.ok) return { ok: false, error: view.message };
  const agreement = view.data;
  if (agreement.state !== 'signed' || !agreement.canPrint) return { ok: false, error: NOT_SIGNED };

  const key = `print:${agreement.id}`;
  const printed = await call('printAgreement', { agreementId: agreement.id, requestId: printIds.idFor(key) });
  if (!printed.ok) return { ok: false, error: printed.message };
  printIds.settle(key);

  const filePath = await download(printed.data.url);
  if (!filePath) return { ok: false, error: DOWNLOAD_FAILED };
  if (!(await openPdf(filePath))) return { ok: false, error: OPEN_FAILED };
  return {
    ok: true,
    hint: `协议书（编号 ${printed.data.agreementNo}）已打开，可从右上角菜单打印或发送。请打印一式 ${agreement.printCopies} 份。`,
  };
}

Component({
  data: {
    title: '网签三方协议',
    description: '毕业生就业协议书在线签约：应约、发起签约、审核进度一处办理。',
    notice: '学生、审核与单位页面即将上线',
    busy: false,
    error: '',
    hint: '',
  },

  methods: {
    onVerify() {
      wx.navigateTo({ url: '/pages/verify/index' });
    },

    /** 打印我的协议书: the signed agreement as a PDF, opened with the menu that prints or shares it. */
    async onPrint() {
      if (this.data.busy) return;
      this.setData({ busy: true, error: '', hint: '' });
      wx.showLoading({ title: '正在生成协议书', mask: true });
      try {
        const outcome = await printMine();
        this.setData(outcome.ok ? { hint: outcome.hint } : { error: outcome.error });
      } catch {
        this.setData({ error: DOWNLOAD_FAILED });
      } finally {
        wx.hideLoading();
        this.setData({ busy: false });
      }
    },
  },
});
