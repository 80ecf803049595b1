/**
 * Where the 核验 page finds an agreement number and code. The QR code on every printed page encodes the path
 * `pages/verify/index?no=<agreementNo>&code=<code>` (server/domain/document.ts, verifyPath), which reaches the page:
 * - as plain options, when opened by that path (navigateTo, or the page's own scan button);
 * - as `q`, the encoded URL, when a school maps a registered URL prefix to this page (扫普通链接二维码打开小程序);
 * - as `scene`, the encoded `no=...&code=...`, from a 小程序码 made with that scene.
 */
import { decode, parseQuery } from './query';

export interface VerifyLink {
  no: string;
  code: string;
}

function pick(query: Record<string, string>): VerifyLink | null {
  const no = (query['no'] ?? '').trim();
  return no ? { no, code: (query['code'] ?? '').trim() } : null;
}

export function linkFromOptions(options: Record<string, string | undefined>): VerifyLink | null {
  const direct = pick({ no: decode(options['no'] ?? ''), code: decode(options['code'] ?? '') });
  if (direct) return direct;
  if (options['q']) return pick(parseQuery(decode(options['q'])));
  if (options['scene']) return pick(parseQuery(`?${decode(options['scene'])}`));
  return null;
}

/** What wx.scanCode read: a mini-program path (`path`) or the code's text (`result`), either carrying the query. */
export function linkFromScan(scanned: { result?: string; path?: string }): VerifyLink | null {
  for (const text of [scanned.path, scanned.result]) {
    if (text && text.includes('no=')) {
      const link = pick(parseQuery(text.includes('?') ? text : `?${text}`));
      if (link) return link;
    }
  }
  return null;
}
