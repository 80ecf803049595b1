/** School settings: one audited document, with defaults for everything a fresh install has not set. */
import * as v from 'valibot';
import type { PublicSettings } from '../../typings';
import { canonicalJson } from '../domain/audit';
import { touch } from '../domain/machine';
import { MINIPROGRAM_STATES, PURPOSES } from '../domain/messages';
import type { Actor, AuditEntry, ReturnReasonKind, ReturnReasons, SchoolSettings, SettingsDoc } from '../domain/types';
import type { ReadCheck, Store, Write } from '../store/port';

export const SETTINGS_ID = 'school';

/**
 * The reasons reviewers send most, per kind of record: a tap fills the box, the reviewer may still edit it. Short,
 * and naming what the author must change, since the author reads them in the message.
 */
export const DEFAULT_RETURN_REASONS: ReturnReasons = {
  sourceCheck: ['手机号码有误，请核对', '电子邮箱有误，请核对', '家庭地址请填写到门牌号', '请补充紧急联系人及电话'],
  employmentCheck: ['单位名称与协议不一致', '统一社会信用代码有误', '单位所在地有误', '岗位名称与协议不一致', '请填写档案接收单位'],
  agreement: ['就业证明材料不清晰，请重新上传', '请上传加盖单位公章的录用通知', '单位信息与营业执照不一致', '岗位或薪酬信息不完整', '档案或户口信息有误'],
  termination: ['请上传加盖单位公章的解约函', '解约说明不清楚，请补充原因', '证明材料不清晰，请重新上传'],
  employer: ['统一社会信用代码与单位名称不符', '单位联系人或联系电话有误', '单位地址不完整', '非招聘单位，不予认证'],
  destination: ['证明材料不符合要求，请重新上传', '实习或见习证明不能作为就业证明', '单位信息与证明材料不一致', '档案接收地址请填写到门牌号', '请核对去向类型'],
};
export const RETURN_REASON_KINDS = Object.keys(DEFAULT_RETURN_REASONS) as ReturnReasonKind[];

export const DEFAULT_SETTINGS: SchoolSettings = {
  schoolCode: '10000',
  schoolName: '示例大学',
  colleges: [],
  allowStudentInitiate: true,
  allowStudentTermination: true,
  terminationGuide: '请上传单位出具的解约函或违约证明，并说明解约原因，提交后等待学校就业指导中心审核。',
  offerTtlDays: 14,
  printCopies: 4,
  schoolAddress: '',
  schoolPhone: '',
  paperCopiesNote: '请于签约成功后 7 天内将纸质协议书交至院系就业办。',
  templates: {},
  miniprogramState: 'formal',
  // a school sets its own numbers: a made-up default would ring a stranger
  helpContacts: [],
  faq: [
    {
      question: '绑定时提示学号、姓名或身份证后六位与学校名单不一致，怎么办？',
      answer: '请核对学号和姓名（少数民族姓名中的“·”也要输入），身份证号末位是 X 的请输入大写 X。仍不一致，请联系辅导员核对学校名单。',
    },
    {
      question: '绑错了身份怎么办？',
      answer: '在个人中心点击“解除绑定”，确认后用正确的身份重新绑定。有审核中或签约成功的三方协议、有等待审核的核查时不能解除，请先联系辅导员。',
    },
    {
      question: '生源核查提交后发现填错了，怎么办？',
      answer: '院系审核前，您可以在生源核查页面点击“撤回”，修改后重新提交；灰色的学校信息有误，请联系辅导员或就业指导中心。',
    },
    {
      question: '为什么不能应约或发起签约？',
      answer: '生源核查经院系审核通过后才能签约；您已有审核中或签约成功的三方协议时，不能再签约。',
    },
    {
      question: '邀约多久失效？',
      answer: '邀约有效期内可以应约或拒绝，逾期未处理自动失效。首页的待办会提示还剩几天。',
    },
    {
      question: '签约成功后怎么打印协议书？',
      answer: '在三方协议页面打开您的协议，点击“打印”，按页面提示的份数打印后交用人单位和学校。',
    },
  ],
  notices: [],
  privacyRetention: '您的身份绑定信息保存至您解除绑定；生源核查、三方协议及审核记录属于学校的毕业生就业档案，按学校就业档案的管理规定保存，期满后删除或匿名化处理。',
  returnReasons: DEFAULT_RETURN_REASONS,
  requireHrAuthorization: false,
  destinationDeadline: '08-31',
  employerConfirmation: true,
  confirmLinkTtlDays: 7,
  employerSeal: true,
  studentSignature: false,
  penaltyCapYuan: 5000,
  mutualConsentTermination: true,
  terminationLimit: 1,
};

/**
 * The manual's flows as they were before the unit became a party: no confirmation, no seal step, no consent, no
 * drawn signature, no limit on terminations. What a school sets to keep them (docs/admin.md), and what the scenario
 * tests written for the manual run on.
 */
export const MANUAL_FLOWS: Partial<SchoolSettings> = {
  employerConfirmation: false,
  employerSeal: false,
  studentSignature: false,
  mutualConsentTermination: false,
  terminationLimit: 0,
};

/** What a store that has never written its settings reads: the defaults, as a document not yet stored. */
const UNWRITTEN: SettingsDoc = { ...DEFAULT_SETTINGS, _id: SETTINGS_ID, version: 0, createdAt: '', updatedAt: '', auditHead: '' };

/** The settings as stored now: one read. What admin tools and the hourly run use. Refreshes the instance's copy. */
export async function loadSettings(store: Store): Promise<SettingsDoc> {
  const doc = await store.get('settings', SETTINGS_ID);
  const settings = doc ? { ...DEFAULT_SETTINGS, ...doc } : UNWRITTEN;
  held.set(store, settings);
  return settings;
}

/**
 * The settings a warm instance holds, read once per instance and store. They change a few times a year, and every
 * call of a decision read them: the copy saves that read. A copy may be stale (changed by the admin tool or another
 * instance), so a commit that relies on it checks its version (`settingsRead`: named by the decisions made on it,
 * added by mutate to a commit whose messages will be delivered with it): a stale copy makes the commit conflict,
 * mutate drops the copy (`forgetSettings`) and the re-plan reads the settings afresh. A refusal a stale copy would cause is checked against a fresh read first.
 */
export async function heldSettings(store: Store): Promise<SettingsDoc> {
  return held.get(store) ?? loadSettings(store);
}

/** The copy this instance holds for `store`, if any. */
export const settingsHeld = (store: Store): SettingsDoc | undefined => held.get(store);

export const forgetSettings = (store: Store): void => {
  held.delete(store);
};

/** What a commit made on `settings` checks: the version they were read at (0: none stored). */
export const settingsRead = (settings: Pick<SettingsDoc, 'version'>): ReadCheck => ({
  collection: 'settings',
  id: SETTINGS_ID,
  version: settings.version,
});

/** Per store object: a test's or tool's second store never sees another's settings. */
const held = new WeakMap<Store, SettingsDoc>();

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The keys whose values differ, templates by purpose (`templates.offerReceived`), reasons by kind (`returnReasons.agreement`). Names only: the log keeps no values. */
function changedSettings(before: Partial<SchoolSettings>, after: SchoolSettings): string[] {
  const changed: string[] = [];
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof SchoolSettings)[]) {
    const [was, now]: unknown[] = [before[key], after[key]];
    if (isPlainObject(was) && isPlainObject(now)) {
      const inner = [...new Set([...Object.keys(was), ...Object.keys(now)])].sort();
      changed.push(...inner.filter((k) => canonicalJson(was[k]) !== canonicalJson(now[k])).map((k) => `${key}.${k}`));
    } else if (canonicalJson(was) !== canonicalJson(now)) {
      changed.push(key);
    }
  }
  return changed;
}

/**
 * The settings document's next version with its audit entry: `init` when the store has none, else `update` with the
 * changed keys as the entry's reason. Null when nothing changes. Committed with the version it read, so a
 * concurrent change conflicts instead of being overwritten.
 */
export function settingsChange(
  current: SettingsDoc | null,
  next: SchoolSettings,
  actor: Actor,
  now: string,
): { write: Write<'settings'>; audit: AuditEntry } | null {
  const changed = changedSettings(current ?? {}, next);
  if (current && changed.length === 0) return null;
  const { doc, audit } = touch<SettingsDoc>({
    record: 'settings',
    current,
    id: SETTINGS_ID,
    action: current ? 'update' : 'init',
    actor,
    now,
    from: current ? 'set' : null,
    to: 'set',
    patch: next,
    ...(current ? { reason: changed.join('、') } : {}),
  });
  return { write: { collection: 'settings', doc, expectedVersion: current?.version ?? 0 }, audit };
}

export const publicSettings = (s: SettingsDoc): PublicSettings => ({
  allowStudentInitiate: s.allowStudentInitiate,
  allowStudentTermination: s.allowStudentTermination,
  terminationGuide: s.terminationGuide,
  offerTtlDays: s.offerTtlDays,
  printCopies: s.printCopies,
  templates: s.templates,
  ...(s.studentSignature ? { studentSignature: true as const } : {}),
  penaltyCapYuan: s.penaltyCapYuan,
});

/** The preset reasons for one kind; a document stored before a kind had a list reads that kind's defaults. */
export const returnReasonsOf = (s: Pick<SchoolSettings, 'returnReasons'>, kind: ReturnReasonKind): string[] =>
  s.returnReasons?.[kind] ?? DEFAULT_RETURN_REASONS[kind];

export const collegeName = (s: SettingsDoc, collegeId: string): string =>
  s.colleges.find((c) => c.id === collegeId)?.name ?? collegeId;

const COLLEGE_ID = /^[A-Za-z0-9_-]{1,32}$/;
const TEMPLATE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const count = (label: string, min: number, max: number) =>
  v.pipe(
    v.number(`${label}应为数字`),
    v.integer(`${label}应为整数`),
    v.minValue(min, `${label}至少为${min}`),
    v.maxValue(max, `${label}不超过${max}`),
  );
const words = (label: string, max: number) =>
  v.pipe(v.string(`${label}应为文字`), v.trim(), v.nonEmpty(`请填写${label}`), v.maxLength(max, `${label}不超过${max}字`));

/** What a phone dials: a mobile number, a landline with its area code (and extension), or a 400/800 number. */
const HELP_PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|[48]00-?\d{3}-?\d{4})$/;

/** A calendar day as YYYY-MM-DD that exists (2026-02-30 does not). */
const isDay = (value: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
};

/** MM-DD that exists in a leap year (02-29 allowed: in other years the day before March stands for it). */
const isMonthDay = (value: string): boolean => /^\d{2}-\d{2}$/.test(value) && isDay(`2024-${value}`);

const list = <T extends v.GenericSchema>(item: T, label: string, max: number) =>
  v.pipe(v.array(item, `${label}应为数组`), v.maxLength(max, `${label}最多${max}条`));

const REASON_KIND_LABELS: Record<ReturnReasonKind, string> = {
  sourceCheck: '生源核查',
  employmentCheck: '就业信息核验',
  agreement: '三方协议',
  termination: '解约申请',
  employer: '单位认证',
  destination: '毕业去向登记',
};
/** At most 12 short reasons per kind: they are chips under the box, and a long one is better typed. An empty list shows none. */
const reasonList = (kind: ReturnReasonKind) => {
  const label = `${REASON_KIND_LABELS[kind]}的常用退回原因`;
  return v.pipe(
    v.array(words(label, 40), `${label}应为文字列表`),
    v.maxLength(12, `${label}不超过12条`),
    v.check((list) => new Set(list).size === list.length, `${label}不能重复`),
  );
};

/**
 * What a school may set, with the reason for each refusal in Chinese. Whoever changes settings (the admin command
 * line) parses the whole new document with it, so a bad value changes nothing.
 */
export const settingsSchema = v.object(
  {
    // part of every 协议编号, which 协议核验 accepts as digits only
    schoolCode: v.pipe(v.string('学校代码应为文字'), v.trim(), v.regex(/^\d{5}$/, '学校代码应为5位数字（教育部学校代码）')),
    schoolName: words('学校名称', 50),
    colleges: v.pipe(
      v.array(
        v.object(
          {
            id: v.pipe(v.string('学院代码应为文字'), v.regex(COLLEGE_ID, '学院代码只能由字母、数字、_ 和 - 组成，不超过32位')),
            name: words('学院名称', 50),
          },
          '每个学院应写成 {"id": 学院代码, "name": 学院名称}',
        ),
        '学院列表应为数组',
      ),
      v.check((list) => new Set(list.map((c) => c.id)).size === list.length, '学院代码不能重复'),
    ),
    allowStudentInitiate: v.boolean('是否允许学生发起签约应为 true 或 false'),
    allowStudentTermination: v.boolean('是否允许学生申请解约应为 true 或 false'),
    terminationGuide: words('解约申请说明', 500),
    // an employer's own validDays is bounded the same way
    offerTtlDays: count('邀约有效天数', 1, 60),
    printCopies: count('协议打印份数', 1, 10),
    // may stay empty: the printed 丙方 line is then left for the pen
    schoolAddress: v.pipe(v.string('学校通讯地址应为文字'), v.trim(), v.maxLength(100, '学校通讯地址不超过100字')),
    schoolPhone: v.pipe(
      v.string('学校联系电话应为文字'),
      v.trim(),
      v.regex(/^(|[0-9０-９()（）+\- ]{7,20}(转[0-9]{1,6})?)$/, '学校联系电话应为7至20位号码，可带区号和连字符，如 020-12345678'),
    ),
    paperCopiesNote: words('纸质协议书交付说明', 200),
    templates: v.pipe(
      v.record(v.string(), v.pipe(v.string('模板编号应为文字'), v.regex(TEMPLATE_ID, '模板编号只能由字母、数字、_ 和 - 组成'))),
      v.check(
        (t) => Object.keys(t).every((k) => Object.prototype.hasOwnProperty.call(PURPOSES, k)),
        `订阅消息用途只能是 ${Object.keys(PURPOSES).join('、')}`,
      ),
    ),
    miniprogramState: v.picklist(MINIPROGRAM_STATES, '消息打开的小程序版本只能是 formal（正式版）、trial（体验版）或 developer（开发版）'),
    helpContacts: list(
      v.object(
        {
          name: words('联系人名称', 30),
          phone: v.pipe(
            v.string('联系电话应为文字'),
            v.trim(),
            v.regex(HELP_PHONE, '联系电话应为手机号、带区号的固定电话（如 010-12345678）或 400/800 电话'),
          ),
        },
        '每个联系人应写成 {"name": 名称, "phone": 电话}',
      ),
      '帮助联系人',
      10,
    ),
    faq: list(
      v.object({ question: words('常见问题', 100), answer: words('问题的回答', 500) }, '每个常见问题应写成 {"question": 问题, "answer": 回答}'),
      '常见问题',
      30,
    ),
    notices: list(
      v.object(
        {
          title: words('通知标题', 60),
          deadline: v.pipe(v.string('截止日期应为文字'), v.trim(), v.check(isDay, '截止日期应为有效日期，写成 2026-06-30')),
        },
        '每条通知应写成 {"title": 标题, "deadline": 截止日期}',
      ),
      '通知',
      20,
    ),
    privacyRetention: words('信息保存期限说明', 300),
    returnReasons: v.strictObject(
      {
        sourceCheck: reasonList('sourceCheck'),
        employmentCheck: reasonList('employmentCheck'),
        agreement: reasonList('agreement'),
        termination: reasonList('termination'),
        employer: reasonList('employer'),
        destination: reasonList('destination'),
      },
      `常用退回原因应按 ${RETURN_REASON_KINDS.join('、')} 分列`,
    ),
    requireHrAuthorization: v.boolean('单位注册是否要求上传授权书或在职证明应为 true 或 false'),
    destinationDeadline: v.pipe(
      v.string('毕业去向登记截止日期应为文字'),
      v.trim(),
      v.check(isMonthDay, '毕业去向登记截止日期应写成 月-日，例如 08-31'),
    ),
    employerConfirmation: v.boolean('学生发起的协议是否须单位确认应为 true 或 false'),
    confirmLinkTtlDays: v.pipe(v.number('确认链接有效天数应为数字'), v.integer('确认链接有效天数应为整数'), v.minValue(1, '确认链接有效天数至少为 1'), v.maxValue(30, '确认链接有效天数不超过 30')),
    employerSeal: v.boolean('是否须单位盖章回传应为 true 或 false'),
    studentSignature: v.boolean('是否须学生手写签名应为 true 或 false'),
    penaltyCapYuan: v.pipe(v.number('违约金上限应为数字'), v.integer('违约金上限应为整数（元）'), v.minValue(0, '违约金上限不能为负数'), v.maxValue(1_000_000, '违约金上限不超过 1000000 元')),
    mutualConsentTermination: v.boolean('解约是否须对方同意应为 true 或 false'),
    terminationLimit: v.pipe(v.number('解约次数上限应为数字'), v.integer('解约次数上限应为整数'), v.minValue(0, '解约次数上限不能为负数（0 表示不限）'), v.maxValue(10, '解约次数上限不超过 10')),
  },
  '学校设置应为一个对象',
) satisfies v.GenericSchema<unknown, SchoolSettings>;
