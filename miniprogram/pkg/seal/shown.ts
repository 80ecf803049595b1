/**
 * 回传 as the page shows it: the status in words, the checklist of printed pages against what was picked, and whether
 * 提交回传 may go. Pure, so the page's template stays plain.
 */
import type { SealPageCheck, SealPageView, SealView } from '../../../typings/views';
import { chineseDate, chineseDateTime } from '../../utils/date';
import { fileSrc } from '../../utils/files';

/** One file picked for the upload: where the phone keeps it, its stored id, and what the server read in it. */
export interface Picked {
  fileId: string;
  path: string;
  pdf: boolean;
  check: SealPageCheck;
}

export interface PickedRow {
  fileId: string;
  path: string;
  pdf: boolean;
  /** a picture the phone can show (not a PDF, nor a file that is neither) */
  thumb: boolean;
  ok: boolean;
  /** ✓ 第 2 页 / ✗ why */
  text: string;
}

export interface PageSlot {
  page: number;
  /** picked: a file shows it; pdf: only a PDF may hold it; missing */
  state: 'picked' | 'pdf' | 'missing';
}

export interface Status {
  title: string;
  next: string;
}

export function status(v: SealView): Status {
  const unit = v.viewer === 'employer';
  switch (v.agreement.state) {
    case 'pendingSeal':
      if (v.returnReason) return { title: '学校退回了盖章页', next: '请按退回原因重新拍照或扫描，上传盖章后的每一页。' };
      return unit
        ? { title: '等待单位盖章回传', next: '请下载协议书 PDF，打印后在“甲方（用人单位）意见”处盖章，再拍照上传每一页。' }
        : { title: '等待单位盖章回传', next: '请下载协议书 PDF 打印，交用人单位盖章；单位可自行上传，也可由您代为拍照上传每一页。' };
    case 'pendingSealReview':
      return { title: '等待学校鉴证', next: '盖章页已上传，学校正在核对，您无需操作。审核结果会显示在本页。' };
    case 'signed':
      return { title: '签约成功', next: '学校已鉴证盖章页，协议签约成功。' };
    default:
      return { title: '当前无需回传', next: '协议不在盖章回传阶段。' };
  }
}

export const pickedRows = (picked: readonly Picked[]): PickedRow[] =>
  picked.map((p) => ({ fileId: p.fileId, path: p.path, pdf: p.pdf, thumb: !p.pdf && p.check.match !== 'notImage', ok: p.check.accepted, text: `${p.check.accepted ? '✓' : '✗'} ${p.check.text}` }));

/** Each printed page with whether a picked image shows it (a PDF may hold any page not shown). */
export function slots(pages: number, picked: readonly Picked[]): PageSlot[] {
  const shown = new Set(picked.filter((p) => p.check.accepted && p.check.page !== null).map((p) => p.check.page));
  const withPdf = picked.some((p) => p.check.accepted && p.check.match === 'pdf');
  return Array.from({ length: pages }, (_, i) => ({ page: i + 1, state: shown.has(i + 1) ? 'picked' : withPdf ? 'pdf' : 'missing' }));
}

/** Why 提交回传 cannot go yet, or '' when it can: nothing refused, no page twice, every page shown (or a PDF). */
export function uploadProblem(pages: number, picked: readonly Picked[]): string {
  if (picked.length === 0) return `请上传盖章后的协议书，共 ${pages} 页`;
  const wrong = picked.findIndex((p) => !p.check.accepted);
  if (wrong >= 0) return `第 ${wrong + 1} 个文件不能提交：${picked[wrong]!.check.text}。请删除后重新拍照`;
  const seen = new Set<number>();
  for (const p of picked) {
    if (p.check.page === null) continue;
    if (seen.has(p.check.page)) return `第 ${p.check.page} 页上传了两次，请删除其中一张`;
    seen.add(p.check.page);
  }
  const missing = slots(pages, picked).filter((s) => s.state === 'missing').map((s) => s.page);
  return missing.length ? `还缺第 ${missing.join('、')} 页` : '';
}

export interface UploadedRow {
  fileId: string;
  src: string;
  ok: boolean;
  text: string;
}

/** in page order, whatever order they went up in; files without a page (PDFs) last */
export const uploadedRows = (pages: readonly SealPageView[]): UploadedRow[] =>
  [...pages].sort((a, b) => (a.page ?? Infinity) - (b.page ?? Infinity)).map((p) => ({ fileId: p.file.fileId, src: fileSrc(p.file), ok: p.match === 'ok' || p.match === 'pdf', text: p.text }));

export const uploadedLine = (v: SealView): string =>
  v.uploadedAt ? `${v.uploadedBy ?? ''}上传于 ${chineseDateTime(v.uploadedAt)}` : '';

export const verifiedLine = (v: SealView): string => (v.verifiedAt ? `学校鉴证通过于 ${chineseDate(v.verifiedAt)}` : '');
