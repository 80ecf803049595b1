/**
 * 就业核查: the automatic flags a reviewer sees on a destination or an agreement. A flag never blocks a decision; it
 * says what to look at, and why.
 */

/** Each flag's short label, as the queue lists it. */
export const FLAG_LABELS: Record<string, string> = {
  usccChecksum: '统一社会信用代码校验有误',
  usccName: '统一社会信用代码与单位名称不符',
  contactIsStudent: '单位电话为本人或家庭电话',
  sharedContact: '多个单位共用联系方式',
  otherJob: '职位类别为其他人员',
  internshipEvidence: '材料疑为实习/见习证明',
  changedAfterConfirm: '本人确认后有改动',
};

export const flagLabels = (codes: readonly string[]): string[] => codes.map((c) => FLAG_LABELS[c] ?? c);
