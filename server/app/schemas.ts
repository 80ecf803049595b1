/**
 * Event schemas (valibot): every event is parsed here before any use case sees it. Each schema is typed against the
 * contract in typings/, so the two cannot drift apart. Messages are Chinese: they reach the user's form.
 */
import * as v from 'valibot';
import type {
  BindEvent,
  EmployerInfo,
  EmployerOfferEvent,
  InitiateSigningEvent,
  InitiationDraft,
  OfferTerms,
  QueryEvent,
  RequestTerminationEvent,
  RespondOfferEvent,
  ReviewEvent,
  SubmitCheckEvent,
} from '../../typings';
import { CHECK_KINDS } from '../../typings';
import { isIndustryCode, isNatureCode, isRegionCode } from '../../typings/codes';
import { isPhone, isPostcode, isUscc } from '../domain/identifiers';

const text = (label: string, max: number) =>
  v.pipe(v.string(`${label}应为文字`), v.trim(), v.nonEmpty(`请填写${label}`), v.maxLength(max, `${label}不超过${max}字`));
const optionalText = (label: string, max: number) =>
  v.optional(v.pipe(v.string(`${label}应为文字`), v.trim(), v.maxLength(max, `${label}不超过${max}字`)));
const id = (label: string) => v.pipe(v.string(`${label}无效`), v.trim(), v.nonEmpty(`${label}无效`), v.maxLength(64, `${label}无效`));
const version = v.pipe(v.number('版本号无效'), v.integer('版本号无效'), v.minValue(0, '版本号无效'));
const requestId = v.pipe(
  v.string('缺少请求编号'),
  v.regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号格式不正确'),
);
const phone = (label: string) => v.pipe(v.string(), v.trim(), v.check(isPhone, `${label}格式不正确`));
const code = (label: string, test: (c: string) => boolean) =>
  v.pipe(v.string(`请选择${label}`), v.check(test, `${label}不在标准代码表中`));
const reason = v.pipe(v.string(), v.trim(), v.maxLength(500, '原因不超过500字'));
const fileIds = (label: string, max: number) =>
  v.pipe(
    v.array(v.pipe(v.string(), v.nonEmpty(), v.maxLength(512)), `${label}无效`),
    v.maxLength(max, `${label}最多${max}个`),
  );

export const employerInfoSchema = v.object({
  name: text('单位名称', 100),
  uscc: v.pipe(v.string(), v.trim(), v.toUpperCase(), v.check(isUscc, '统一社会信用代码不正确，请核对')),
  nature: code('单位性质', isNatureCode),
  industry: code('单位行业', isIndustryCode),
  region: code('单位所在地', isRegionCode),
  address: text('单位地址', 200),
  contactName: text('联系人', 30),
  contactPhone: phone('联系电话'),
}) satisfies v.GenericSchema<unknown, Omit<EmployerInfo, 'employerId'>>;

export const termsSchema = v.object({
  job: v.object({
    title: text('岗位名称', 50),
    region: code('工作地点', isRegionCode),
    monthlySalary: v.pipe(v.number('请填写月薪'), v.integer('月薪应为整数'), v.minValue(0, '月薪不能为负'), v.maxValue(1_000_000, '月薪过大')),
    contractYears: v.pipe(v.number('请填写合同期限'), v.minValue(0.5, '合同期限至少半年'), v.maxValue(20, '合同期限不超过20年')),
    startDate: v.pipe(v.string('请填写报到日期'), v.isoDate('报到日期格式应为 YYYY-MM-DD')),
    description: optionalText('岗位说明', 500),
  }),
  file: v.pipe(
    v.object({
      transfer: v.boolean('请选择档案是否转递'),
      receiver: optionalText('档案接收单位', 100),
      address: optionalText('档案接收地址', 200),
      postcode: v.optional(v.pipe(v.string(), v.check(isPostcode, '邮政编码应为6位数字'))),
    }),
    v.check((f) => !f.transfer || !!(f.receiver && f.address), '档案转递时请填写接收单位和地址'),
  ),
  hukou: v.pipe(
    v.object({ migrate: v.boolean('请选择户口是否迁移'), address: optionalText('户口迁移地址', 200) }),
    v.check((h) => !h.migrate || !!h.address, '户口迁移时请填写迁移地址'),
  ),
  remarks: optionalText('备注', 1000),
  legacyReportCardUnit: optionalText('报到证单位', 100),
}) satisfies v.GenericSchema<unknown, OfferTerms>;

const kind = v.picklist(CHECK_KINDS, '核验类型无效');
const fields = v.pipe(
  v.record(v.pipe(v.string(), v.maxLength(40)), v.pipe(v.string('字段值应为文字'), v.maxLength(200, '字段不超过200字'))),
  v.check((r) => Object.keys(r).length <= 60, '字段过多'),
);

export const submitCheckSchema = v.variant('action', [
  v.object({ action: v.literal('save'), requestId, kind, version, fields }),
  v.object({ action: v.literal('submit'), requestId, kind, version, fields: v.optional(fields) }),
  v.object({ action: v.literal('withdraw'), requestId, kind, version }),
  v.object({ action: v.literal('restore'), requestId, kind, version, field: id('字段') }),
], '操作无效') satisfies v.GenericSchema<unknown, SubmitCheckEvent>;

export const respondOfferSchema = v.variant('action', [
  v.object({ action: v.literal('accept'), requestId, offerId: id('邀约编号'), version }),
  v.object({ action: v.literal('decline'), requestId, offerId: id('邀约编号'), version, reason }),
], '操作无效') satisfies v.GenericSchema<unknown, RespondOfferEvent>;

const draftSchema = v.object({
  ...termsSchema.entries,
  employer: v.union(
    [v.object({ employerId: id('单位') }), v.object({ manual: employerInfoSchema })],
    '请选择单位或填写单位信息',
  ),
  proofFiles: fileIds('就业证明材料', 9),
}) satisfies v.GenericSchema<unknown, InitiationDraft>;

export const initiateSigningSchema = v.variant('action', [
  v.object({ action: v.literal('save'), requestId, agreementId: v.optional(id('协议')), version, draft: draftSchema }),
  v.object({ action: v.literal('submit'), requestId, agreementId: v.optional(id('协议')), version, draft: draftSchema }),
  v.object({ action: v.literal('withdraw'), requestId, agreementId: id('协议'), version }),
  v.object({ action: v.literal('cancel'), requestId, agreementId: id('协议'), version }),
], '操作无效') satisfies v.GenericSchema<unknown, InitiateSigningEvent>;

export const requestTerminationSchema = v.variant('action', [
  v.object({
    action: v.literal('submit'),
    requestId,
    agreementId: id('协议'),
    explanation: text('解约说明', 1000),
    evidenceFiles: v.pipe(fileIds('解约证明材料', 9), v.minLength(1, '请上传解约证明材料')),
  }),
  v.object({ action: v.literal('withdraw'), requestId, terminationId: id('解约申请'), version }),
], '操作无效') satisfies v.GenericSchema<unknown, RequestTerminationEvent>;

export const reviewSchema = v.object({
  requestId,
  decision: v.picklist(['approve', 'return'], '审核结果无效'),
  items: v.pipe(
    v.array(
      v.object({
        record: v.picklist(['check', 'agreement', 'termination', 'employer'], '审核对象无效'),
        id: id('记录'),
        version,
      }),
    ),
    v.minLength(1, '请选择要审核的记录'),
    v.maxLength(100, '一次最多审核100条'),
  ),
  reason: v.optional(reason),
}) satisfies v.GenericSchema<unknown, ReviewEvent>;

export const bindSchema = v.variant('action', [
  v.object({
    action: v.literal('student'),
    requestId,
    studentNo: text('学号', 32),
    name: text('姓名', 30),
    idLast6: v.pipe(v.string(), v.trim(), v.toUpperCase(), v.regex(/^\d{5}[\dX]$/, '请填写身份证号后六位')),
  }),
  v.object({ action: v.literal('invite'), requestId, code: v.pipe(v.string(), v.trim(), v.regex(/^[A-Za-z0-9]{6,32}$/, '邀请码格式不正确')) }),
  v.object({
    action: v.literal('registerEmployer'),
    requestId,
    employer: employerInfoSchema,
    // whether they may be empty is the domain's to say (registerEmployer), which names the missing one
    licenceFiles: fileIds('营业执照', 5),
    authorizationFiles: v.optional(fileIds('授权书或在职证明', 5)),
  }),
], '操作无效') satisfies v.GenericSchema<unknown, BindEvent>;

const validDays = v.optional(v.pipe(v.number(), v.integer('有效期应为整数天'), v.minValue(1, '有效期至少1天'), v.maxValue(60, '有效期不超过60天')));

export const employerOfferSchema = v.variant('action', [
  v.object({ action: v.literal('create'), requestId, studentNo: text('学号', 32), studentName: text('学生姓名', 30), terms: termsSchema, validDays }),
  v.object({ action: v.literal('edit'), requestId, offerId: id('邀约编号'), version, terms: termsSchema, validDays }),
  v.object({ action: v.literal('withdraw'), requestId, offerId: id('邀约编号'), version }),
  v.object({ action: v.literal('revise'), requestId, agreementId: id('协议'), version, terms: termsSchema }),
], '操作无效') satisfies v.GenericSchema<unknown, EmployerOfferEvent>;

const cursor = v.optional(v.pipe(v.string(), v.maxLength(512)));
const limit = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)));
const queue = v.picklist(['sourceCheck', 'employmentCheck', 'agreementCollege', 'agreementSchool', 'termination', 'employer'], '队列无效');
const queueFilter = v.optional(
  v.object({
    collegeId: v.optional(id('院系')),
    major: optionalText('专业', 50),
    state: optionalText('状态', 20),
    keyword: optionalText('关键词', 50),
  }),
);

export const querySchema = v.variant('view', [
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
  v.object({ view: v.literal('reviewQueues'), queue: v.optional(queue), filter: queueFilter, limit }),
  v.object({ view: v.literal('reviewQueue'), queue, filter: queueFilter, cursor, limit }),
  v.object({ view: v.literal('reviewDetail'), record: v.picklist(['check', 'agreement', 'termination', 'employer']), id: id('记录') }),
  v.object({ view: v.literal('employerHome') }),
  v.object({ view: v.literal('employerOffers'), cursor, limit }),
  v.object({ view: v.literal('inviteForm'), offerId: v.optional(id('邀约编号')), agreementId: v.optional(id('协议')) }),
  v.object({ view: v.literal('registerForm') }),
], '页面无效') satisfies v.GenericSchema<unknown, QueryEvent>;
