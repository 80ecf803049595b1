/**
 * The agreement as a document: what was signed (the canonical content), the verification code sealed over it, and
 * where a printed copy points for verification. Pure: the same agreement always gives the same code.
 */
import { timingSafeEqual } from 'node:crypto';
import type { AgreementContent } from '../../typings';
import { canonicalJson, sha256 } from './audit';
import type { AgreementDoc } from './types';

export type Signed = Pick<AgreementDoc, 'agreementNo' | 'content' | 'origin' | 'signedAt'>;

/**
 * The fields that make up the signed agreement, named one by one: a field added to the content later must be added
 * here on purpose (and to the printed layout), not slip into the seal unnoticed. Bookkeeping (ids, versions, audit
 * head, openids) stays out, so a code changes only when what the parties agreed to changes.
 */
export function canonicalContent(a: Signed): {
  agreementNo: string | null;
  origin: AgreementDoc['origin'];
  signedAt: string | null;
  content: AgreementContent;
} {
  const c = a.content;
  return {
    agreementNo: a.agreementNo,
    origin: a.origin,
    signedAt: a.signedAt ?? null,
    content: {
      student: c.student,
      employer: c.employer,
      job: c.job,
      file: c.file,
      hukou: c.hukou,
      ...(c.remarks !== undefined ? { remarks: c.remarks } : {}),
      ...(c.legacyReportCardUnit !== undefined ? { legacyReportCardUnit: c.legacyReportCardUnit } : {}),
    },
  };
}

/** 64 bits of SHA-256 over the canonical content, as 4-4-4-4 uppercase hex: short enough to type from paper. */
export function verificationCode(a: Signed): string {
  const hex = sha256(canonicalJson(canonicalContent(a))).slice(0, 16).toUpperCase();
  return hex.match(/.{4}/g)!.join('-');
}

/** What a person typed: dashes, spaces and case do not matter. Null when it cannot be a code at all. */
export function normaliseCode(input: string): string | null {
  const bare = input.replace(/[\s\-－—_]/g, '').toUpperCase();
  return /^[0-9A-F]{16}$/.test(bare) ? bare : null;
}

export function codeMatches(a: Signed, typed: string): boolean {
  const given = normaliseCode(typed);
  if (!given) return false;
  const expected = Buffer.from(verificationCode(a).replace(/-/g, ''));
  return timingSafeEqual(expected, Buffer.from(given));
}

/** The 核验 page of the mini program. */
export const VERIFY_PAGE = 'pages/verify/index';

/**
 * What the QR code on every page encodes: the 核验 page's path with the number, the code and the page's place
 * (PagePlace), exactly as `wx.navigateTo` takes it. It is a mini-program path, not a URL: the 核验 page's own scan button (wx.scanCode)
 * reads it back and opens the answer, and a person can read both values off the paper. WeChat's main scanner opens
 * a mini program only from a URL whose prefix the school registered (扫普通链接二维码打开小程序); a school that sets
 * that up maps the prefix to this same page and query.
 */
export const verifyPath = (agreementNo: string, code: string, at?: PagePlace): string =>
  `${VERIFY_PAGE}?no=${encodeURIComponent(agreementNo)}&code=${encodeURIComponent(code)}` +
  (at ? `&page=${at.page}&pages=${at.pages}` : '');

/**
 * Which page of how many a printed page is. Its QR carries it so that a photo of a stamped page (回传) tells which
 * page it is without anyone reading the footer; the 核验 page reads only `no` and `code` and ignores the rest.
 */
export interface PagePlace {
  page: number;
  pages: number;
}

export interface VerifyTarget {
  agreementNo: string;
  code: string;
  /** absent on a copy printed before pages carried their place, or when the values make no sense */
  place?: PagePlace;
}

/** The most pages a printed agreement has (four for the demo, a few more with long 补充条款): a bound for junk input. */
const MAX_PAGES = 99;

/** verifyPath read back from a QR code's text; null when the text is not the 核验 page's path with a number. */
export function readVerifyTarget(text: string): VerifyTarget | null {
  const prefix = `${VERIFY_PAGE}?`;
  const trimmed = text.trim().replace(/^\//, '');
  if (!trimmed.startsWith(prefix)) return null;
  const query = new URLSearchParams(trimmed.slice(prefix.length));
  const agreementNo = query.get('no')?.trim() ?? '';
  if (!agreementNo) return null;
  const code = query.get('code')?.trim() ?? '';
  const whole = (v: string | null): number | null => (v && /^[1-9]\d{0,2}$/.test(v) ? Number(v) : null);
  const page = whole(query.get('page'));
  const pages = whole(query.get('pages'));
  const place = page !== null && pages !== null && page <= pages && pages <= MAX_PAGES ? { page, pages } : undefined;
  return { agreementNo, code, ...(place ? { place } : {}) };
}

/** The stable storage path of a printed agreement: a new code (changed content) is a new file. */
export const printPath = (agreementNo: string, code: string): string => `agreements/${agreementNo}-${code}.pdf`;

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** 2026-03-02T17:00:00Z → 2026年3月3日: the calendar day in China (UTC+8 all year), whatever the machine's zone. */
export function chineseDate(iso: string): string {
  const d = new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** 2026-07-01 → 2026年7月1日, for dates that are already calendar days. */
export function chineseDay(ymd: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : ymd;
}
