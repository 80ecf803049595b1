/**
 * The employer pages' pure parts: the registration and invitation checks against the server's schemas, the list
 * rows and the words for a unit's standing.
 */
import * as v from 'valibot';
import { isUscc as serverIsUscc, withUsccCheck } from '../../server/domain/identifiers';
import { employerInfoSchema, employerOfferSchema } from '../../server/app/schemas';
import type { HomeView, OfferView } from '../../typings';
import { daysOf, emptyInvite, inviteErrorsFromIssues, termsForm, termsOf, validateInvite, type InviteForm } from '../../miniprogram/pkg/employer/invite/form';
import { agreementLine, appendOffers, inviteUrl, offerRow } from '../../miniprogram/pkg/employer/offers/rows';
import {
  registerErrorsFromIssues,
  registrationOf,
  usccProblem,
  validateRegistration,
  type Registration,
} from '../../miniprogram/pkg/employer/register/form';
import { certificationOf, countCells, employerNotice, infoRows, inviteBlocked, totalOffers } from '../../miniprogram/pkg/utils/employer-status';
import { TERMS } from '../support/agreements';

const GOOD_USCC = withUsccCheck('91440106MA9XY0123');
const BAD_USCC = `${GOOD_USCC.slice(0, 17)}${GOOD_USCC[17] === '1' ? '2' : '1'}`;

const issuesOf = (parsed: { issues?: readonly v.BaseIssue<unknown>[] }) =>
  (parsed.issues ?? []).map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message }));

describe('单位注册 form', () => {
  const complete = (): Registration => ({
    name: ' 广州新星软件有限公司 ',
    uscc: GOOD_USCC.toLowerCase(),
    nature: '39',
    industry: '65',
    region: '440106',
    address: '广州市天河区体育西路1号',
    contactName: '刘女士',
    contactPhone: '020-87654321',
  });

  it('the credit code: length, alphabet, then the GB 32100 check character, agreeing with the server', () => {
    expect(usccProblem('')).toBe('请填写统一社会信用代码');
    expect(usccProblem('9144010')).toBe('统一社会信用代码应为18位（已输入7位）');
    expect(usccProblem(`${GOOD_USCC.slice(0, 16)}O${GOOD_USCC[17]}`)).toBe('统一社会信用代码含有无效字符（不使用 I、O、S、V、Z）');
    expect(usccProblem(BAD_USCC)).toBe('统一社会信用代码不正确，请核对');
    expect(usccProblem(` ${GOOD_USCC.toLowerCase()} `)).toBe('');
    for (const code of [GOOD_USCC, BAD_USCC, '91350100M000100Y43', '91350100M000100Y44', withUsccCheck('12100000400000624')]) {
      expect([code, usccProblem(code) === '']).toEqual([code, serverIsUscc(code)]);
    }
  });

  it('a complete form passes and is what the server’s schema takes, trimmed and upper-cased', () => {
    expect(validateRegistration(complete())).toEqual({});
    const sent = registrationOf(complete());
    expect(sent).toMatchObject({ name: '广州新星软件有限公司', uscc: GOOD_USCC });
    expect(v.safeParse(employerInfoSchema, sent).success).toBe(true);
  });

  it('every missing or malformed field is named as the server would', () => {
    const blank: Registration = { name: '', uscc: BAD_USCC, nature: '', industry: '', region: '', address: ' ', contactName: '', contactPhone: '12345' };
    expect(validateRegistration(blank)).toEqual({
      name: '请填写单位名称',
      uscc: '统一社会信用代码不正确，请核对',
      nature: '请选择单位性质',
      industry: '请选择单位行业',
      region: '请选择单位所在地',
      address: '请填写单位地址',
      contactName: '请填写单位联系人',
      contactPhone: '联系电话格式不正确',
    });
    const parsed = v.safeParse(employerInfoSchema, { ...registrationOf(complete()), uscc: BAD_USCC, contactPhone: '12345' });
    expect(registerErrorsFromIssues(issuesOf(parsed).map((i) => ({ ...i, path: `employer.${i.path}` })))).toEqual({
      uscc: '统一社会信用代码不正确，请核对',
      contactPhone: '联系电话格式不正确',
    });
  });
});

describe('邀约学生 form', () => {
  const complete = (): InviteForm => ({
    ...emptyInvite(14),
    studentNo: ' 2026010102 ',
    studentName: '李四',
    ...termsForm({ ...TERMS, file: { transfer: true, receiver: '北京市人才中心', address: '北京市东城区1号' }, remarks: '试用期三个月' }),
  });
  const create = (form: InviteForm) => ({
    action: 'create',
    requestId: 'r-12345678',
    studentNo: form.studentNo.trim(),
    studentName: form.studentName.trim(),
    terms: termsOf(form),
    ...daysOf(form.validDays),
  });

  it('starts with the school’s default validity; a complete form passes and the server’s schema takes it', () => {
    expect(emptyInvite(14).validDays).toBe('14');
    const form = complete();
    expect(validateInvite(form, 'create')).toEqual({});
    expect(v.safeParse(employerOfferSchema, create(form)).success).toBe(true);
    // 约定条款 left as they start: nothing agreed, said as such
    expect(termsOf(form)).toEqual({ ...TERMS, file: { transfer: true, receiver: '北京市人才中心', address: '北京市东城区1号' }, remarks: '试用期三个月', structured: { insurance: [], dispatched: false } });
    // a switched-off part sends nothing of what was typed under it
    expect(termsOf({ ...form, hukou: { migrate: false, address: '留下的地址' } }).hukou).toEqual({ migrate: false });
  });

  it('student, terms and validity are each named; an edit may keep its deadline; a revision has neither student nor validity', () => {
    const form: InviteForm = { ...complete(), studentNo: '', studentName: '  ', validDays: '61' };
    form.job = { ...form.job, monthlySalary: '8000.5', startDate: '' };
    form.hukou = { migrate: true, address: '' };
    const expected = {
      studentNo: '请填写学号',
      studentName: '请填写学生姓名',
      jobSalary: '月薪应为整数（元）',
      jobStartDate: '请选择报到日期',
      hukouAddress: '请填写户口迁移地址',
      validDays: '有效期应为1至60天的整数',
    };
    expect(validateInvite(form, 'create')).toEqual(expected);
    expect(v.safeParse(employerOfferSchema, create(form)).success).toBe(false);
    const { studentNo: _n, studentName: _s, ...terms } = expected;
    expect(validateInvite(form, 'edit')).toEqual(terms);
    const { validDays: _d, ...termsOnly } = terms;
    expect(validateInvite(form, 'revise')).toEqual(termsOnly);
    expect(validateInvite({ ...complete(), validDays: '' }, 'edit')).toEqual({});
    expect(validateInvite({ ...complete(), validDays: '' }, 'create')).toEqual({ validDays: '请填写有效期' });
    expect(validateInvite({ ...complete(), validDays: '0' }, 'create')).toEqual({ validDays: '有效期应为1至60天的整数' });
    expect(daysOf(' ')).toEqual({});
    expect(daysOf('7')).toEqual({ validDays: 7 });
  });

  it('the server’s issues land beside their fields', () => {
    const parsed = v.safeParse(employerOfferSchema, { ...create(complete()), studentName: '', validDays: 90, terms: { ...termsOf(complete()), file: { transfer: true } } });
    expect(inviteErrorsFromIssues(issuesOf(parsed))).toEqual({
      studentName: '请填写学生姓名',
      validDays: '有效期不超过60天',
      fileReceiver: '档案转递时请填写档案接收单位和档案接收地址',
    });
  });

  it('an old agreement’s 报到证 unit, which the form does not show, is kept on revision', () => {
    const old = { ...TERMS, legacyReportCardUnit: '北京市人社局' };
    expect(termsOf(termsForm(old), old).legacyReportCardUnit).toBe('北京市人社局');
    expect(termsOf(termsForm(old))).not.toHaveProperty('legacyReportCardUnit');
  });
});

describe('邀约 list rows', () => {
  const offer = (over: Partial<OfferView>): OfferView => ({
    id: 'o1',
    state: 'open',
    version: 1,
    employer: { name: '单位', uscc: '', nature: '', industry: '', region: '', address: '', contactName: '', contactPhone: '' },
    terms: TERMS,
    studentNo: '2026010102',
    studentName: '李四',
    createdAt: '2026-03-02T02:00:00.000Z',
    expiresAt: '2026-03-16T02:00:00.000Z',
    daysLeft: 14,
    ...over,
  });

  it('open: waiting, the countdown and the deadline; 修改 and 撤回 allowed', () => {
    expect(offerRow(offer({}))).toMatchObject({
      student: '李四（2026010102）',
      jobTitle: '数据分析师',
      stateLabel: '待学生答复',
      theme: 'primary',
      answer: '等待学生答复',
      countdown: '14 天后失效',
      urgent: false,
      sentOn: '2026年3月2日',
      until: '2026年3月16日',
      open: true,
      agreement: null,
    });
    expect(offerRow(offer({ daysLeft: 0 }))).toMatchObject({ countdown: '今天失效', urgent: true });
  });

  it('answered or over: the answer (with the decline reason), no countdown, nothing to do', () => {
    expect(offerRow(offer({ state: 'declined', daysLeft: null, declineReason: '已选择读研' }))).toMatchObject({
      stateLabel: '已拒绝',
      answer: '学生已拒绝',
      reason: '已选择读研',
      countdown: '',
      until: '',
      open: false,
    });
    expect(offerRow(offer({ state: 'expired', daysLeft: null })).answer).toBe('学生未在有效期内答复，邀约已失效');
    expect(offerRow(offer({ state: 'withdrawn', daysLeft: null })).stateLabel).toBe('已撤回');
    expect(offerRow(offer({ state: 'superseded', daysLeft: null })).answer).toBe('学生已应约其他单位，邀约已失效');
  });

  it('accepted: the agreement’s state, and 修改协议 only for a returned offer-born one', () => {
    const accepted = offer({ state: 'accepted', daysLeft: null, agreementId: 'a1' });
    expect(offerRow(accepted).agreement).toBeNull();
    expect(offerRow(accepted, { id: 'a1', state: 'pendingCollege', origin: 'offer' }).agreement).toEqual({
      id: 'a1',
      label: '三方协议待院系审核',
      theme: 'primary',
      returned: '',
      canRevise: false,
    });
    expect(agreementLine({ id: 'a1', state: 'returned', origin: 'offer', returnReason: '月薪填写有误', returnedAt: 'school' })).toMatchObject({
      returned: '学校审核退回：月薪填写有误',
      canRevise: true,
    });
    expect(agreementLine({ id: 'a1', state: 'returned', origin: 'student' }).canRevise).toBe(false);
  });

  it('paging shows an offer once; links to the invite page', () => {
    expect(appendOffers([offer({ id: 'a' }), offer({ id: 'b' })], [offer({ id: 'b' }), offer({ id: 'c' })]).map((o) => o.id)).toEqual(['a', 'b', 'c']);
    expect(inviteUrl()).toBe('/pkg/employer/invite/index');
    expect(inviteUrl({ id: 'o 1' })).toBe('/pkg/employer/invite/index?id=o%201');
    expect(inviteUrl({ agreementId: 'a1' })).toBe('/pkg/employer/invite/index?agreementId=a1');
  });
});

describe('a unit’s standing', () => {
  it('the banner for each state, with the school’s reason', () => {
    expect(certificationOf({ state: 'registered' })).toMatchObject({ headline: '注册信息已提交，等待学校审核', label: '待认证', theme: 'primary', reason: '' });
    expect(certificationOf({ state: 'certified' })).toMatchObject({ headline: '已通过学校认证', label: '已认证', theme: 'success' });
    expect(certificationOf({ state: 'rejected', reason: '营业执照模糊' })).toMatchObject({ headline: '未通过学校认证', label: '未通过认证', reason: '营业执照模糊' });
    expect(inviteBlocked('certified')).toBe('');
    expect(inviteBlocked('registered')).toBe('单位通过学校认证后才能邀约学生');
    expect(inviteBlocked('rejected')).toContain('重新注册');
  });

  it('who may invite: the page’s notice for the unbound, other roles and uncertified units', () => {
    const home = (over: Partial<HomeView>): HomeView =>
      ({ role: 'employer', settings: {}, todos: [], employer: { id: 'e', name: 'x', state: 'certified' }, ...over }) as HomeView;
    expect(employerNotice(home({}))).toBeNull();
    expect(employerNotice(home({ role: null, employer: undefined }))).toMatchObject({ url: '/pages/bind/index' });
    expect(employerNotice(home({ role: 'student', employer: undefined }))?.text).toBe('仅用人单位可以邀约学生');
    expect(employerNotice(home({ employer: { id: 'e', name: 'x', state: 'registered' } }))).toMatchObject({
      text: '单位尚未通过学校认证，暂不能邀约学生',
      url: '/pkg/employer/home/index',
      tab: true,
    });
    expect(employerNotice(home({ employer: { id: 'e', name: 'x', state: 'rejected' } }))?.text).toBe('单位未通过学校认证，暂不能邀约学生');
  });

  it('counts in a fixed order with the employer’s words; info rows with code names', () => {
    const offers = { open: 2, accepted: 1, declined: 3, expired: 0, withdrawn: 1, superseded: 0 };
    expect(countCells(offers).map((c) => `${c.label}${c.count}`)).toEqual(['待学生答复2', '已应约1', '已拒绝3', '已失效0', '已撤回1', '已应约其他单位0']);
    expect(totalOffers(offers)).toBe(7);
    const rows = infoRows({ id: 'e', state: 'certified', name: 'x', uscc: GOOD_USCC, nature: '39', industry: '65', region: '440305', address: 'a', contactName: 'c', contactPhone: 'p' });
    expect(Object.fromEntries(rows.map((r) => [r.label, r.value]))).toMatchObject({ 单位所在地: '广东省 深圳市 南山区', 统一社会信用代码: GOOD_USCC, 单位行业: '软件和信息技术服务业', 单位联系人: 'c' });
  });
});
