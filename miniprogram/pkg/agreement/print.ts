/**
 * 打印协议书: the server renders the signed agreement as a PDF (printAgreement), the phone downloads it and opens it
 * with the menu from which WeChat prints or sends it. Printing changes nothing on the server, but it still carries a
 * request id so that a retry after a lost answer is recognised.
 */
import { call, type RequestIds } from '../../api/client';

export const DOWNLOAD_FAILED = '协议书下载失败，请稍后重试';
export const OPEN_FAILED = '无法打开协议书，请稍后重试';

export type PrintOutcome = { ok: true; agreementNo: string } | { ok: false; error: string };

/** The manual's reminder (§3.3): the agreement and its 备案表 are printed in several copies. */
export const copiesHint = (copies: number): string => `毕业生就业协议书一式 ${copies} 份，请在打印时预设打印份数`;

/** What to say once the document is open. */
export const openedHint = (agreementNo: string): string =>
  `协议书（编号 ${agreementNo}）已打开，可从右上角菜单打印或发送。`;

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

/** Prints the agreement, downloads and opens it; or says why not. Never throws. */
export async function printAgreement(agreementId: string, ids: RequestIds): Promise<PrintOutcome> {
  const key = `print:${agreementId}`;
  const printed = await call('printAgreement', { agreementId, requestId: ids.idFor(key) });
  if (!printed.ok) return { ok: false, error: printed.message };
  ids.settle(key);

  const filePath = await download(printed.data.url);
  if (!filePath) return { ok: false, error: DOWNLOAD_FAILED };
  if (!(await openPdf(filePath))) return { ok: false, error: OPEN_FAILED };
  return { ok: true, agreementNo: printed.data.agreementNo };
}
