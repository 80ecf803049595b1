/**
 * Event schemas (valibot): every event is parsed here before any use case sees it. Each schema is typed against the
 * contract in typings/, so the two cannot drift apart. Messages are Chinese: they reach the user's form.
 */
import * as v from 'valibot';
import type {
  BindEvent,
  EmployerConfirmEvent,
  SealAgreementEvent,
  ErrorCode,
  EmployerInfo,
  EmployerOfferEvent,
  InitiateSigningEvent,
  InitiationDraft,
  OfferTerms,
  QueryEvent,
  RegisterDestinationEvent,
  DestinationDraft,
  RequestTerminationEvent,
  RespondOfferEvent,
  ReviewEvent,
  SubmitCheckEvent,
} from '../../typings';
import { CHECK_KINDS } from '../../typings';
import { TERMINATION_REASONS } from '../../typings/codes/termination';
import { isIndustryCode, isNatureCode, isRegionCode } from '../../typings/codes';
import { isPhone, isPostcode, isUscc } from '../domain/identifiers';
import { DESTINATION_LOOKUPS } from '../domain/destination';

/**
 * The Chinese name of each field, kept on its schema: the handler words what no form sends wrong (a key left out, a
 * value of another type) with it, so that every refusal names the field in Chinese (`缺少版本号`, `月薪格式不正确`).
 */
const LABELS = new WeakMap<object, string>();
/** A key that, left out, is the refusal a domain rule already has (a missing 拒绝 reason is REASON_REQUIRED). */
const MISSING_CODES = new WeakMap<object, ErrorCode>();

export const labelled = <S extends object>(label: string, schema: S, missing?: ErrorCode): S => {
  LABELS.set(schema, label);
  if (missing) MISSING_CODES.set(schema, missing);
  return schema;
};

interface Node {
  type: string;
  entries?: Record<string, Node>;
  options?: Node[];
  key?: string | Node;
  wrapped?: Node;
  item?: Node;
  value?: Node;
  literal?: unknown;
}

const unwrap = (node: Node): Node => (node.wrapped && !LABELS.has(node) ? unwrap(node.wrapped) : node);

/** One step down a schema along an issue's path; `input` is the value the step starts from (a variant's options). */
function child(start: Node, key: unknown, input: unknown, origin: string): Node | undefined {
  const node = unwrap(start);
  if (node.entries) return node.entries[String(key)];
  if (node.type === 'variant' && node.options) {
    if (key === node.key) return node;
    const tag = input && typeof input === 'object' ? (input as Record<string, unknown>)[node.key as string] : undefined;
    const option = node.options.find((o) => unwrap(o).entries?.[node.key as string]?.literal === tag);
    return option && child(option, key, input, origin);
  }
  if (node.type === 'union' && node.options) {
    for (const o of node.options) {
      const found = child(o, key, input, origin);
      if (found) return found;
    }
    return undefined;
  }
  if (node.item) return node.item;
  if (node.type === 'record') return origin === 'key' ? (node.key as Node) : node.value;
  return undefined;
}

export interface PathStep {
  key: unknown;
  input: unknown;
  origin?: string;
}

/** The schema a path leads to (the root for an empty path), or undefined where the schema has no such field. */
export function fieldAt(root: unknown, path: readonly PathStep[]): object | undefined {
  let node: Node | undefined = root as Node;
  for (const step of path) {
    if (!node) return undefined;
    node = child(node, step.key, step.input, step.origin ?? 'value');
  }
  return node;
}

/** The field's Chinese name: its own, or that of the optional it sits in. */
export function labelOf(schema: object | undefined): string | undefined {
  for (let node = schema as Node | undefined; node; node = node.wrapped) {
    const label = LABELS.get(node);
    if (label) return label;
  }
  return undefined;
}

export const missingCodeOf = (schema: object | undefined): ErrorCode | undefined => {
  for (let node = schema as Node | undefined; node; node = node.wrapped) {
    const code = MISSING_CODES.get(node);
    if (code) return code;
  }
  return undefined;
};

const text = (label: string, max: number) =>
  labelled(label, v.pipe(v.string(`${label}应为文字`), v.trim(), v.nonEmpty(`请填写${label}`), v.maxLength(max, `${label}不超过${max}字`)));
const optionalText = (label: string, max: number) =>
  v.optional(labelled(label, v.pipe(v.string(`${label}应为文字`), v.trim(), v.maxLength(max, `${label}不超过${max}字`))));
const id = (label: string) =>
  labelled(label, v.pipe(v.string(`${label}无效`), v.trim(), v.nonEmpty(`${label}无效`), v.maxLength(64, `${label}无效`)));
const version = labelled('版本号', v.pipe(v.number('版本号无效'), v.integer('版本号无效'), v.minValue(0, '版本号无效')));

/** The client's id for one intended change (a retry sends it again): the rule, worded once for the refusal and README. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
export const REQUEST_ID_MESSAGE = '请求编号应为 8–64 位字母、数字、-或_';
const requestId = labelled('请求编号', v.pipe(v.string(REQUEST_ID_MESSAGE), v.regex(REQUEST_ID_PATTERN, REQUEST_ID_MESSAGE)));
const phone = (label: string) => labelled(label, v.pipe(v.string(`${label}应为文字`), v.trim(), v.check(isPhone, `${label}格式不正确`)));
const code = (label: string, test: (c: string) => boolean) =>
  labelled(label, v.pipe(v.string(`请选择${label}`), v.check(test, `${label}不在标准代码表中`)));
const reason = labelled('原因', v.pipe(v.string('原因应为文字'), v.trim(), v.maxLength(500, '原因不超过500字')), 'REASON_REQUIRED');
/** 确认链接: the token as issued (domain/confirmLink.ts); the person's credit code, name and phone are checked there, each named */
const linkToken = labelled('确认链接', v.pipe(v.string('确认链接无效'), v.regex(/^[A-Za-z0-9_-]{22,128}$/, '确认链接无效')), 'CONFIRM_LINK_UNKNOWN');
const linkAnswer = {
  token: linkToken,
  uscc: labelled('统一社会信用代码', v.pipe(v.string('统一社会信用代码应为文字'), v.maxLength(30, '统一社会信用代码应为18位'))),
  name: labelled('姓名', v.pipe(v.string('姓名应为文字'), v.maxLength(60, '姓名不超过30字'))),
  phone: labelled('联系电话', v.pipe(v.string('联系电话应为文字'), v.maxLength(30, '联系电话格式不正确'))),
};
const breachBy = v.optional(labelled('违约方', v.picklist(['student', 'employer'], '请选择违约方')));
const fileIds = (label: string, max: number) =>
  labelled(
    label,
    v.pipe(
      v.array(labelled(label, v.pipe(v.string(`${label}无效`), v.nonEmpty(`${label}无效`), v.maxLength(512, `${label}无效`))), `${label}无效`),
      v.maxLength(max, `${label}最多${max}个`),
    ),
  );

export const employerInfoSchema = labelled('单位信息', v.object({
  name: text('单位名称', 100),
  uscc: labelled(
    '统一社会信用代码',
    v.pipe(v.string('统一社会信用代码应为文字'), v.trim(), v.toUpperCase(), v.check(isUscc, '统一社会信用代码不正确，请核对')),
  ),
  nature: code('单位性质', isNatureCode),
  industry: code('单位行业', isIndustryCode),
  region: code('单位所在地', isRegionCode),
  address: text('单位地址', 200),
  contactName: text('单位联系人', 30),
  contactPhone: phone('联系电话'),
})) satisfies v.GenericSchema<unknown, Omit<EmployerInfo, 'employerId'>>;

/**
 * 试用期/见习期, 服务期, 违约金, 五险一金, 劳务派遣: only their kinds here (a number, a flag, a list, a text); what they may
 * hold (试用期 ≤ 6 months, one of 试用期 and 见习期, the 违约金 cap the school sets) is the shared rules' to say
 * (typings/rules/terms.ts), which the domain applies with the school's settings (domain/terms.ts), field by field.
 */
const termNumber = (label: string) => v.optional(labelled(label, v.number(`${label}应为数字`)));
const structuredSchema = v.optional(labelled('约定条款', v.object({
  trialMonths: termNumber('试用期'),
  internshipMonths: termNumber('见习期'),
  serviceYears: termNumber('服务期'),
  penaltyYuan: termNumber('违约金'),
  penaltyWarningConfirmed: v.optional(labelled('违约金提示确认', v.boolean('违约金提示确认无效'))),
  insurance: v.optional(labelled('五险一金', v.pipe(
    v.array(labelled('五险一金', v.picklist(['pension', 'medical', 'unemployment', 'injury', 'maternity', 'housingFund'], '五险一金含有无效项目')), '五险一金无效'),
    v.maxLength(6, '五险一金最多6项'),
  ))),
  dispatched: v.optional(labelled('劳务派遣', v.boolean('请选择是否劳务派遣'))),
  dispatchUnitName: optionalText('劳务派遣单位名称', 100),
})));

export const termsSchema = labelled('协议内容', v.object({
  job: labelled('岗位信息', v.object({
    title: text('岗位名称', 50),
    region: code('工作地点', isRegionCode),
    monthlySalary: labelled(
      '月薪',
      v.pipe(v.number('请填写月薪'), v.integer('月薪应为整数'), v.minValue(0, '月薪不能为负'), v.maxValue(1_000_000, '月薪过大')),
    ),
    contractYears: labelled(
      '合同期限',
      v.pipe(v.number('请填写合同期限'), v.minValue(0.5, '合同期限至少半年'), v.maxValue(20, '合同期限不超过20年')),
    ),
    startDate: labelled('报到日期', v.pipe(v.string('请填写报到日期'), v.isoDate('报到日期应为日期，如 2026-07-01'))),
    description: optionalText('岗位说明', 500),
    jobCategory: v.optional(code('工作职位类别', DESTINATION_LOOKUPS.isJobCategory)),
  })),
  file: labelled('档案转递', v.pipe(
    v.object({
      transfer: labelled('档案转递', v.boolean('请选择是否办理档案转递')),
      receiver: optionalText('档案接收单位', 100),
      address: optionalText('档案接收地址', 200),
      postcode: v.optional(labelled('邮政编码', v.pipe(v.string('邮政编码应为6位数字'), v.check(isPostcode, '邮政编码应为6位数字')))),
    }),
    v.check((f) => !f.transfer || !!(f.receiver && f.address), '档案转递时请填写档案接收单位和档案接收地址'),
  )),
  hukou: labelled('户口迁移', v.pipe(
    v.object({ migrate: labelled('户口迁移', v.boolean('请选择是否办理户口迁移')), address: optionalText('户口迁移地址', 200) }),
    v.check((h) => !h.migrate || !!h.address, '户口迁移时请填写户口迁移地址'),
  )),
  remarks: optionalText('补充条款', 1000),
  structured: structuredSchema,
  legacyReportCardUnit: optionalText('报到证单位', 100),
})) satisfies v.GenericSchema<unknown, OfferTerms>;

const kind = labelled('核验类型', v.picklist(CHECK_KINDS, '核验类型无效'));
const fields = labelled('核验信息', v.pipe(
  v.record(
    labelled('核验信息', v.pipe(v.string('核验信息格式不正确'), v.maxLength(40, '核验信息格式不正确'))),
    labelled('核验信息', v.pipe(v.string('核验信息应为文字'), v.maxLength(200, '核验信息每项不超过200字'))),
    '核验信息格式不正确',
  ),
  v.check((r) => Object.keys(r).length <= 60, '核验信息项过多'),
));

export const submitCheckSchema = labelled('操作', v.variant('action', [
  v.object({ action: v.literal('save'), requestId, kind, version, fields }),
  v.object({ action: v.literal('submit'), requestId, kind, version, fields: v.optional(fields) }),
  v.object({ action: v.literal('withdraw'), requestId, kind, version }),
  v.object({ action: v.literal('restore'), requestId, kind, version, field: id('字段') }),
], '操作无效')) satisfies v.GenericSchema<unknown, SubmitCheckEvent>;

/** 签名: one drawn image in the caller's upload folder */
const signatureFile = v.optional(labelled('签名', v.pipe(v.string('签名无效'), v.nonEmpty('请签名'), v.maxLength(512, '签名无效'))));

export const respondOfferSchema = labelled('操作', v.variant('action', [
  v.object({ action: v.literal('accept'), requestId, offerId: id('邀约编号'), version, signatureFile }),
  v.object({ action: v.literal('decline'), requestId, offerId: id('邀约编号'), version, reason }),
], '操作无效')) satisfies v.GenericSchema<unknown, RespondOfferEvent>;

const draftSchema = labelled('签约信息', v.object({
  ...termsSchema.entries,
  employer: labelled('单位', v.union(
    [v.object({ employerId: id('单位') }), v.object({ manual: employerInfoSchema })],
    '请选择单位或填写单位信息',
  )),
  proofFiles: fileIds('就业证明材料', 9),
})) satisfies v.GenericSchema<unknown, InitiationDraft>;

export const initiateSigningSchema = labelled('操作', v.variant('action', [
  v.object({ action: v.literal('save'), requestId, agreementId: v.optional(id('协议')), version, draft: draftSchema }),
  v.object({ action: v.literal('submit'), requestId, agreementId: v.optional(id('协议')), version, draft: draftSchema, signatureFile }),
  v.object({ action: v.literal('withdraw'), requestId, agreementId: id('协议'), version }),
  v.object({ action: v.literal('cancel'), requestId, agreementId: id('协议'), version }),
], '操作无效')) satisfies v.GenericSchema<unknown, InitiateSigningEvent>;

export const requestTerminationSchema = labelled('操作', v.variant('action', [
  v.object({
    action: v.literal('submit'),
    requestId,
    agreementId: id('协议'),
    explanation: text('解约说明', 1000),
    evidenceFiles: labelled('解约证明材料', v.pipe(fileIds('解约证明材料', 9), v.minLength(1, '请上传解约证明材料'))),
    reasonCode: v.optional(labelled('解约原因', v.picklist(TERMINATION_REASONS.map((r) => r.code), '请选择解约原因'))),
    breachBy,
    penaltyReceiptFiles: v.optional(fileIds('违约金支付凭证', 9)),
  }),
  v.object({ action: v.literal('withdraw'), requestId, terminationId: id('解约申请'), version }),
  v.object({ action: v.literal('consent'), requestId, terminationId: id('解约申请'), version }),
  v.object({ action: v.literal('refuse'), requestId, terminationId: id('解约申请'), version, reason }),
  v.object({ action: v.literal('issueLink'), requestId, terminationId: id('解约申请') }),
  v.object({ action: v.literal('consentByLink'), requestId, ...linkAnswer, terminationId: id('解约申请') }),
  v.object({ action: v.literal('refuseByLink'), requestId, ...linkAnswer, terminationId: id('解约申请'), reason }),
], '操作无效')) satisfies v.GenericSchema<unknown, RequestTerminationEvent>;

export const employerConfirmSchema = labelled('操作', v.variant('action', [
  v.object({ action: v.literal('issueLink'), requestId, agreementId: id('协议') }),
  v.object({ action: v.literal('confirm'), requestId, agreementId: id('协议'), version }),
  v.object({ action: v.literal('refuse'), requestId, agreementId: id('协议'), version, reason }),
  v.object({ action: v.literal('confirmByLink'), requestId, ...linkAnswer, agreementId: id('协议') }),
  v.object({ action: v.literal('refuseByLink'), requestId, ...linkAnswer, agreementId: id('协议'), reason }),
], '操作无效')) satisfies v.GenericSchema<unknown, EmployerConfirmEvent>;

export const sealAgreementSchema = labelled('操作', v.variant('action', [
  v.object({ action: v.literal('checkPage'), agreementId: id('协议'), fileId: labelled('盖章页', v.pipe(v.string('盖章页无效'), v.nonEmpty('请上传盖章页'), v.maxLength(512, '盖章页无效'))) }),
  v.object({
    action: v.literal('upload'),
    requestId,
    agreementId: id('协议'),
    version,
    files: labelled('盖章页', v.pipe(fileIds('盖章页', 20), v.minLength(1, '请上传盖章后的协议书各页'))),
  }),
], '操作无效')) satisfies v.GenericSchema<unknown, SealAgreementEvent>;

const reviewTarget = labelled('审核对象', v.picklist(['check', 'agreement', 'termination', 'employer', 'destination'], '审核对象无效'));

export const reviewSchema = v.object({
  requestId,
  decision: labelled('审核结果', v.picklist(['approve', 'return'], '审核结果无效')),
  items: labelled('审核记录', v.pipe(
    v.array(labelled('审核记录', v.object({ record: reviewTarget, id: id('记录'), version })), '审核记录格式不正确'),
    v.minLength(1, '请选择要审核的记录'),
    v.maxLength(100, '一次最多审核100条记录'),
  )),
  reason: v.optional(reason),
}) satisfies v.GenericSchema<unknown, ReviewEvent>;

export const bindSchema = labelled('操作', v.variant('action', [
  v.object({
    action: v.literal('student'),
    requestId,
    studentNo: text('学号', 32),
    name: text('姓名', 30),
    idLast6: labelled(
      '身份证后六位',
      v.pipe(v.string('请填写身份证后六位'), v.trim(), v.toUpperCase(), v.regex(/^\d{5}[\dX]$/, '请填写身份证后六位')),
    ),
  }),
  v.object({
    action: v.literal('invite'),
    requestId,
    code: labelled('邀请码', v.pipe(v.string('请填写邀请码'), v.trim(), v.regex(/^[A-Za-z0-9]{6,32}$/, '邀请码格式不正确'))),
  }),
  v.object({
    action: v.literal('registerEmployer'),
    requestId,
    employer: employerInfoSchema,
    // whether they may be empty is the domain's to say (registerEmployer), which names the missing one
    licenceFiles: fileIds('营业执照', 5),
    authorizationFiles: v.optional(fileIds('授权书或在职证明', 5)),
  }),
  v.object({ action: v.literal('unbind'), requestId }),
], '操作无效')) satisfies v.GenericSchema<unknown, BindEvent>;

const validDays = v.optional(
  labelled(
    '有效期',
    v.pipe(v.number('有效期应为天数'), v.integer('有效期应为整数天'), v.minValue(1, '有效期至少1天'), v.maxValue(60, '有效期不超过60天')),
  ),
);

export const employerOfferSchema = labelled('操作', v.variant('action', [
  v.object({ action: v.literal('create'), requestId, studentNo: text('学号', 32), studentName: text('学生姓名', 30), terms: termsSchema, validDays }),
  v.object({ action: v.literal('edit'), requestId, offerId: id('邀约编号'), version, terms: termsSchema, validDays }),
  v.object({ action: v.literal('withdraw'), requestId, offerId: id('邀约编号'), version }),
  v.object({ action: v.literal('revise'), requestId, agreementId: id('协议'), version, terms: termsSchema }),
  v.object({ action: v.literal('saveTemplate'), requestId, templateId: v.optional(id('邀约模板')), version, name: text('模板名称', 30), terms: termsSchema }),
  v.object({ action: v.literal('deleteTemplate'), requestId, templateId: id('邀约模板'), version }),
  v.object({
    action: v.literal('createMany'),
    requestId,
    students: labelled('邀约学生', v.pipe(
      v.array(labelled('邀约学生', v.object({ studentNo: text('学号', 32), studentName: text('学生姓名', 30) })), '邀约学生格式不正确'),
      v.minLength(1, '请添加要邀约的学生'),
      v.maxLength(50, '一次最多邀约50名学生'),
    )),
    terms: termsSchema,
    validDays,
  }),
], '操作无效')) satisfies v.GenericSchema<unknown, EmployerOfferEvent>;

const cursor = v.optional(labelled('翻页位置', v.pipe(v.string('翻页位置无效'), v.maxLength(512, '翻页位置无效'))));
const limit = v.optional(
  labelled('每页条数', v.pipe(v.number('每页条数应为1–100的整数'), v.integer('每页条数应为1–100的整数'), v.minValue(1, '每页条数应为1–100的整数'), v.maxValue(100, '每页条数应为1–100的整数'))),
);
const queue = labelled(
  '审核队列',
  v.picklist(['sourceCheck', 'employmentCheck', 'agreementCollege', 'agreementSchool', 'agreementSeal', 'termination', 'employer', 'destination'], '审核队列无效'),
);
const queueFilter = v.optional(
  labelled('筛选条件', v.object({
    collegeId: v.optional(id('院系')),
    major: optionalText('专业', 50),
    state: optionalText('状态', 20),
    keyword: optionalText('关键词', 50),
    flagged: v.optional(labelled('就业核查标记', v.boolean('就业核查标记筛选应为是或否'))),
  })),
);

export const querySchema = labelled('页面', v.variant('view', [
  v.object({ view: v.literal('home') }),
  v.object({ view: v.literal('check'), kind }),
  v.object({ view: v.literal('offers') }),
  v.object({ view: v.literal('offer'), id: id('邀约编号') }),
  v.object({ view: v.literal('agreement'), id: v.optional(id('协议')) }),
  v.object({ view: v.literal('termination'), agreementId: id('协议') }),
  v.object({ view: v.literal('terminationForm'), agreementId: id('协议') }),
  v.object({ view: v.literal('initiateForm'), id: v.optional(id('协议')) }),
  v.object({ view: v.literal('employerLibrary'), keyword: optionalText('关键词', 50) }),
  v.object({ view: v.literal('reviewCounts') }),
  v.object({ view: v.literal('reviewStats') }),
  v.object({ view: v.literal('placementStats'), collegeId: v.optional(id('院系')) }),
  v.object({ view: v.literal('reviewQueues'), queue: v.optional(queue), filter: queueFilter, limit }),
  v.object({ view: v.literal('reviewQueue'), queue, filter: queueFilter, cursor, limit }),
  v.object({ view: v.literal('reviewDetail'), record: reviewTarget, id: id('记录') }),
  v.object({ view: v.literal('employerHome') }),
  v.object({ view: v.literal('employerOffers'), cursor, limit }),
  v.object({ view: v.literal('inviteForm'), offerId: v.optional(id('邀约编号')), agreementId: v.optional(id('协议')) }),
  v.object({ view: v.literal('registerForm') }),
  v.object({ view: v.literal('help') }),
  v.object({ view: v.literal('destination') }),
  v.object({ view: v.literal('confirmLink'), token: linkToken }),
  v.object({ view: v.literal('consentLink'), token: linkToken }),
  v.object({ view: v.literal('employerAgreements'), state: optionalText('状态', 20), cursor, limit }),
  v.object({ view: v.literal('employerAgreement'), id: id('协议') }),
  v.object({ view: v.literal('seal'), agreementId: id('协议') }),
  v.object({ view: v.literal('offerTemplates') }),
  v.object({ view: v.literal('placementStats'), collegeId: v.optional(id('院系')) }),
], '页面无效')) satisfies v.GenericSchema<unknown, QueryEvent>;

// 毕业去向登记: every field a form posts, as text ('' for one not filled yet: a draft may be partial). What each type
// needs, and what a field must hold, is the shared rules' to say (typings/rules/destination.ts), field by field.
const field = (label: string, max: number) =>
  labelled(label, v.pipe(v.string(`${label}应为文字`), v.trim(), v.maxLength(max, `${label}不超过${max}字`)));
const optionalField = (label: string, max: number) => v.optional(field(label, max));
const upper = (label: string) => labelled(label, v.pipe(v.string(`${label}应为文字`), v.trim(), v.toUpperCase(), v.maxLength(18, `${label}应为18位`)));

export const destinationDraftSchema = labelled('毕业去向', v.object({
  type: labelled('去向类型', v.pipe(v.string('请选择去向类型'), v.trim(), v.maxLength(2, '去向类型应为两位代码'))),
  pendingKind: optionalField('待就业情况', 20),
  employer: v.optional(labelled('就业单位信息', v.object({
    name: field('单位名称', 100),
    uscc: upper('统一社会信用代码'),
    nature: field('单位性质', 4),
    industry: field('单位行业', 4),
    region: field('单位所在地', 6),
    jobCategory: field('工作职位类别', 4),
    jobTitle: field('岗位名称', 50),
    contactName: field('单位联系人', 30),
    contactPhone: field('单位联系电话', 20),
    contactEmail: optionalField('单位联系邮箱', 100),
  }))),
  study: v.optional(labelled('升学信息', v.object({
    school: field('升学院校', 100),
    programme: field('录取专业', 100),
    level: field('升学层次', 10),
  }))),
  abroad: v.optional(labelled('出国（境）信息', v.object({
    country: field('国家（地区）', 50),
    institution: field('境外院校或单位', 100),
    purpose: labelled('出国（境）目的', v.picklist(['study', 'work'], '请选择出国（境）目的：留学或工作')),
  }))),
  business: v.optional(labelled('创业信息', v.object({
    name: field('创业企业名称', 100),
    uscc: upper('创业企业统一社会信用代码'),
    region: field('创业所在地', 6),
  }))),
  project: v.optional(labelled('基层项目信息', v.object({
    name: field('基层项目名称', 50),
    serviceUnit: field('服务单位', 100),
    region: field('服务所在地', 6),
  }))),
  enlistment: v.optional(labelled('入伍信息', v.object({
    noticeNo: field('入伍通知书编号', 50),
    region: field('征兵所在地', 6),
  }))),
  freelance: v.optional(labelled('自由职业信息', v.object({
    description: field('从业内容', 200),
    region: field('从业所在地', 6),
  }))),
  file: v.optional(labelled('档案转递', v.object({
    receiverKind: labelled('档案去向', v.picklist(['employer', 'talentCentre', 'origin', 'school'], '请选择档案去向')),
    receiver: field('档案接收单位', 100),
    address: field('档案接收地址', 200),
    postcode: field('档案接收邮编', 6),
    phone: field('档案接收单位电话', 20),
  }))),
  hukou: v.optional(labelled('户口迁移', v.object({
    migrate: labelled('户口迁移', v.boolean('请选择是否办理户口迁移')),
    address: optionalField('户口迁入地址', 200),
    policeStation: optionalField('迁入地派出所', 100),
  }))),
  remarks: optionalField('备注', 500),
  evidenceFiles: fileIds('证明材料', 9),
})) satisfies v.GenericSchema<unknown, DestinationDraft>;

export const registerDestinationSchema = labelled('操作', v.variant('action', [
  v.object({ action: v.literal('save'), requestId, version, draft: destinationDraftSchema }),
  v.object({ action: v.literal('submit'), requestId, version, draft: v.optional(destinationDraftSchema) }),
  v.object({ action: v.literal('withdraw'), requestId, version }),
  v.object({ action: v.literal('confirm'), requestId, version }),
  v.object({ action: v.literal('amend'), requestId, studentNo: text('学号', 32), version, draft: destinationDraftSchema, reason: text('修改原因', 500) }),
], '操作无效')) satisfies v.GenericSchema<unknown, RegisterDestinationEvent>;
