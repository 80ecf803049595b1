/** Every error a function can return, with the Chinese message the user sees. */
export const ERROR_MESSAGES = {
  INVALID_INPUT: '提交的信息有误，请检查后重试',
  UNAUTHENTICATED: '无法识别您的微信身份，请重新进入小程序',
  NOT_BOUND: '请先完成身份绑定',
  ALREADY_BOUND: '该微信已绑定身份，无需重复绑定',
  ROSTER_MISMATCH: '学号、姓名或身份证后六位与学校名单不一致',
  ROSTER_TAKEN: '该学号已被其他微信绑定，请联系辅导员',
  INVITE_INVALID: '邀请码无效或已过期',
  FORBIDDEN: '您没有权限进行此操作',
  NOT_FOUND: '记录不存在或已被删除',
  CONFLICT: '该记录已被他人更新，请刷新后重试',
  REQUEST_ID_REUSED: '上一次提交已经生效，这次的内容与之不同，请刷新页面后再提交',
  INVALID_TRANSITION: '当前状态下不能进行此操作',
  REASON_REQUIRED: '请填写原因',
  SOURCE_CHECK_REQUIRED: '生源核查通过后才能签约',
  ACTIVE_AGREEMENT_EXISTS: '您已有一份审核中或已生效的三方协议，不能再签约',
  OFFER_EXPIRED: '该邀约已过期',
  STUDENT_INITIATE_CLOSED: '学校暂未开放学生发起签约',
  TERMINATION_CLOSED: '学校暂未开放学生申请解约',
  EMPLOYER_NOT_CERTIFIED: '单位尚未通过学校认证，暂不能发起邀约',
  FILE_NOT_OWNED: '附件无效，请重新上传',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  /** 单位确认链接 (server/domain/confirmLink.ts): each dead link says why, so the unit knows to ask the student for a new one */
  CONFIRM_LINK_UNKNOWN: '确认链接无效，请向学生索取新的确认链接',
  CONFIRM_LINK_EXPIRED: '确认链接已过期，请向学生索取新的确认链接',
  CONFIRM_LINK_USED: '该确认链接已使用过，不能再次确认',
  CONFIRM_LINK_OTHER_AGREEMENT: '该确认链接不属于这份协议',
  USCC_MISMATCH: '统一社会信用代码与协议中的单位不一致，请核对',
  /** setting terminationLimit: the student has used the terminations the school allows */
  TERMINATION_LIMIT: '解约次数已达学校规定的上限，如有特殊情况请联系学校就业指导中心',
  /** a batch item the call had no time left to start: nothing was written for it, and it may be sent again */
  NOT_PROCESSED: '本次未来得及处理，请重新提交',
  INTERNAL: '系统繁忙，请稍后再试',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** A field-level problem, for forms: `path` is the field (e.g. `job.region`), `message` is Chinese. */
export interface FieldIssue {
  path: string;
  message: string;
}

export interface Failure {
  ok: false;
  code: ErrorCode;
  message: string;
  issues?: FieldIssue[];
}

export interface Success<T> {
  ok: true;
  data: T;
}

export type Result<T> = Success<T> | Failure;
