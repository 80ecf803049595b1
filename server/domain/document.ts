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
 * What the QR code on every page encodes: the 核验 page's path with the number and the code, exactly as
 * `wx.navigateTo` takes it. It is a mini-program path, not a URL: the 核验 page's own scan button (wx.scanCode)
 * reads it back and opens the answer, and a person can read both values off the paper. WeChat's main scanner opens
 * a mini program only from a URL whose prefix the school registered (扫普通链接二维码打开小程序); a school that sets
 * that up maps the prefix to this same page and query.
 */
export const verifyPath = (agreementNo: string, code: string): string =>
  `${VERIFY_PAGE}?no=${encodeURIComponent(agreementNo)}&code=${encodeURIComponent(code)}`;

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
