/** The 申请解约 form's own checks: said on the phone before anything is sent (the server checks again). */
import { MAX_IMAGES } from '../../utils/upload';

/** an uploaded evidence image: shown from the phone's copy, sent as its file id */
export interface Evidence {
  path: string;
  fileId: string;
}

export const EXPLANATION_MAX = 1000;

/** With mutual consent the form also asks the reason, and the 违约金 receipt when one is due. */
export interface ConsentFields {
  /** the reason is asked (setting mutualConsentTermination, or the unit's form) */
  structured: boolean;
  reasonCode: string;
  /** the agreement names a 违约金 and the student is in breach */
  receiptDue: boolean;
  receipts: readonly Evidence[];
}

/** What the form lacks, in the order it is filled; '' when it can be sent. */
export function formProblem(images: readonly Evidence[], explanation: string, consent?: ConsentFields): string {
  if (consent?.structured && !consent.reasonCode) return '请选择解约原因';
  if (images.length === 0) return '请上传解约证明材料';
  if (!explanation.trim()) return '请填写解约说明';
  if (explanation.trim().length > EXPLANATION_MAX) return `解约说明不超过${EXPLANATION_MAX}字`;
  if (consent?.receiptDue && consent.receipts.length === 0) return '请上传违约金支付凭证';
  return '';
}

/** 不同意 needs its reason, as the school's 退回 does. */
export const REFUSE_REASON_MAX = 500;
export function refuseProblem(reason: string): string {
  if (!reason.trim()) return '请填写不同意的原因';
  if (reason.trim().length > REFUSE_REASON_MAX) return `原因不超过${REFUSE_REASON_MAX}字`;
  return '';
}

/** Why some picked images were not added. */
export function pickProblem(tooBig: number, failed: number, over: number): string {
  const parts: string[] = [];
  if (tooBig) parts.push(`${tooBig} 张图片超过 10 MB，请压缩后重新选择`);
  if (failed) parts.push(`${failed} 张图片上传失败，请重试`);
  if (over) parts.push(`最多上传 ${MAX_IMAGES} 张图片`);
  return parts.join('；');
}
