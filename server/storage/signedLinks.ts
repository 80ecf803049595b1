/**
 * The local runtime's download links, signed as cloud storage signs its temporary links: an HMAC-SHA256 of the path
 * and the expiry under a key only the runtime holds. A link opens the one file it was made for until it expires; a
 * bare path, or a link edited to another path or a later expiry, opens nothing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type LinkCheck = 'ok' | 'invalid' | 'expired';

/** hex, over the path and the expiry (unix seconds) */
export const signature = (key: Buffer, path: string, expires: number): string =>
  createHmac('sha256', key).update(`${path}\n${expires}`).digest('hex');

/** The query a link carries, checked for `path` at `nowSeconds`; the comparison takes the same time however it ends. */
export function checkLink(key: Buffer, path: string, expires: string | null, sign: string | null, nowSeconds: number): LinkCheck {
  if (!expires || !sign || !/^\d{1,12}$/.test(expires) || !/^[0-9a-fA-F]{64}$/.test(sign)) return 'invalid';
  const expected = Buffer.from(signature(key, path, Number(expires)), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(sign, 'hex'))) return 'invalid';
  return nowSeconds > Number(expires) ? 'expired' : 'ok';
}
