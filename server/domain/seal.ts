/**
 * 回传: the stamped pages of an agreement the school approved with `employerSeal` on, uploaded by its unit or its
 * student, checked as a set, then handed to the school for 鉴证 (review.ts `sealApprove` / `sealReturn`). Pure: what
 * each file's QR said is read by the use case (server/print/qrMatch.ts) and handed in.
 */
import type { Attachment } from '../../typings';
import { refuse } from './errors';
import { step } from './machine';
import type { Decided, Env } from './decision';
import { formatTime, tell } from './messages';
import type { AgreementDoc, SealPage } from './types';

/**
 * What reading one file said, as qrMatch's PageMatch has it: the page it shows, or why not (`pdf`: a PDF, stored but
 * not read; the school looks at it).
 */
export type FileMatch = { ok: true; page: number } | { ok: false; reason: string; message: string; page?: number };

/** The match a PDF gets: accepted, its pages checked by eye at 鉴证 (no renderer runs in a cloud function). */
export const UNREAD_PDF = 'pdf';

export const accepted = (m: FileMatch): boolean => m.ok || m.reason === UNREAD_PDF;

/** A stored page's match in a few words, for the uploader's list and the reviewer's detail. */
export function sealMatchText(match: string, page: number | null): string {
  switch (match) {
    case 'ok':
      return `第 ${page} 页`;
    case UNREAD_PDF:
      return 'PDF 文件：页码由学校鉴证时核对';
    case 'otherAgreement':
      return '不是本协议的页面';
    case 'outdated':
      return '不是本协议最新打印的版本';
    case 'duplicate':
      return `第 ${page} 页重复`;
    case 'notImage':
      return '不是图片或 PDF 文件';
    case 'broken':
      return '图片已损坏';
    case 'tooLarge':
      return '图片像素过大';
    default:
      return '未识别到二维码';
  }
}

export const sealPage = (file: Attachment, m: FileMatch): SealPage => ({
  file,
  page: m.ok ? m.page : (m.page ?? null),
  match: m.ok ? 'ok' : m.reason,
});

/**
 * The whole upload against the printed copy: every image of this agreement's latest print, no page twice, and every
 * page there. A PDF may hold any of the pages, so with one in the set a page no image showed is not counted missing.
 * Each problem names the file by its place in the upload (第 N 张) and says what to do.
 */
export function sealProblems(matches: readonly FileMatch[], pages: number): { path: string; message: string }[] {
  const seen = new Map<number, number>();
  const problems: { path: string; message: string }[] = [];
  matches.forEach((m, i) => {
    const at = `files.${i}`;
    if (!m.ok) {
      if (m.reason !== UNREAD_PDF) problems.push({ path: at, message: `盖章页第 ${i + 1} 张：${m.message}` });
      return;
    }
    const first = seen.get(m.page);
    if (first !== undefined) problems.push({ path: at, message: `盖章页第 ${i + 1} 张：第 ${m.page} 页重复，与第 ${first + 1} 张是同一页，请删除其中一张` });
    else seen.set(m.page, i);
  });
  const withPdf = matches.some((m) => !m.ok && m.reason === UNREAD_PDF);
  if (!withPdf) {
    const missing = Array.from({ length: pages }, (_, i) => i + 1).filter((p) => !seen.has(p));
    if (missing.length) problems.push({ path: 'files', message: `缺少协议书第 ${missing.join('、')} 页：请拍下盖章后的每一页（共 ${pages} 页）再上传` });
  }
  return problems;
}

/** 上传盖章协议: the set checked, then the agreement to the school's 鉴证 with the pages (their hashes in the audit entry). */
export function uploadSeal(input: {
  env: Env;
  agreement: AgreementDoc;
  files: readonly Attachment[];
  matches: readonly FileMatch[];
  pages: number;
}): Decided & { agreement: AgreementDoc } {
  const { env, agreement: a, files, matches } = input;
  const problems = sealProblems(matches, input.pages);
  if (problems.length) refuse('INVALID_INPUT', problems[0]!.message, problems);
  const role = env.actor.role === 'employer' ? 'employer' : 'student';
  const next = step<'agreement', AgreementDoc>({
    kind: 'agreement',
    current: a,
    id: a._id,
    action: 'uploadSeal',
    actor: env.actor,
    now: env.now,
    attachments: [...files],
    // a new upload replaces the one the school returned, and its reason with it
    patch: { seal: { pages: files.map((f, i) => sealPage(f, matches[i]!)), uploadedBy: { openid: env.actor.openid, role }, uploadedAt: env.now } },
  });
  // the other party learns the pages went in; the school finds them in its 回传鉴证 queue
  const other = role === 'employer' ? a.studentOpenid : a.employerOpenid;
  const by = role === 'employer' ? '用人单位已上传' : `${a.studentName}已上传`;
  return {
    agreement: next.doc,
    writes: [{ collection: 'agreements', doc: next.doc, expectedVersion: a.version }],
    audit: [next.audit],
    outbox: tell(env, 'reviewResult', other, `pkg/seal/index?agreementId=${a._id}`, ['三方协议盖章回传', '已上传', `${by}，等待学校鉴证`, formatTime(env.now)]),
  };
}
