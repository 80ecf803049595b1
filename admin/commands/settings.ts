/**
 * settings get [key] / settings set <key> <value>: the school settings. A new value is checked with the backend's
 * own schema (settingsSchema) on the whole new document, so a bad value changes nothing; a good one is committed
 * with its audit entry (settingsChange), against the version read.
 */
import * as v from 'valibot';
import type { SchoolSettings } from '../../server/domain/types';
import { ConflictError } from '../../server/store/port';
import { DEFAULT_SETTINGS, loadSettings, RETURN_REASON_KINDS, SETTINGS_ID, settingsChange, settingsSchema } from '../../server/app/settings';
import type { AdminContext } from '../command';
import { defineCommand, Refusal, UsageError } from '../define';
import { ADMIN_ACTOR } from '../writes';

type Key = keyof SchoolSettings;

const LABELS: Record<Key, string> = {
  schoolCode: '学校代码（协议编号的一部分）',
  schoolName: '学校名称',
  colleges: '学院（id 与名称；审核范围与名单按 id 对应）',
  allowStudentInitiate: '允许学生发起签约',
  allowStudentTermination: '允许学生申请解约',
  terminationGuide: '解约申请说明（学生提交前看到）',
  offerTtlDays: '邀约有效天数',
  printCopies: '协议打印份数（一式 N 份）',
  schoolAddress: '学校通讯地址（印在协议书丙方栏；空则留空手写）',
  schoolPhone: '学校就业部门联系电话（印在协议书丙方栏；空则留空手写）',
  paperCopiesNote: '纸质协议书交到哪里、何时交（学生打印处看到）',
  templates: '订阅消息模板编号（按用途）',
  miniprogramState: '点开订阅消息时打开的版本：formal 正式版、trial 体验版、developer 开发版',
  helpContacts: '帮助页的联系电话（JSON 数组：name 名称、phone 电话），学生点击即可拨打',
  faq: '帮助页的常见问题（JSON 数组：question 问题、answer 回答）',
  notices: '帮助页的通知与截止日期（JSON 数组：title 标题、deadline 截止日期 YYYY-MM-DD），过期的不再显示',
  privacyRetention: '隐私政策中“保存多久”的说明（学校的档案保存规定）',
  returnReasons: `常用退回原因（审核时点选填入，可再修改；按 ${RETURN_REASON_KINDS.join('、')} 分列）`,
  requireHrAuthorization: '单位注册时要求单位联系人上传授权书或在职证明（营业执照总是必传）',
  destinationDeadline: '学生毕业去向登记的截止日（毕业当年的 月-日，默认 08-31；之后只有审核人员可以修改）',
  employerConfirmation: '学生发起的协议先由单位确认（已认证单位在单位端确认，未注册单位通过学生分享的确认链接确认），再送院系审核',
  confirmLinkTtlDays: '单位确认链接、解约同意链接的有效天数（默认 7）',
  employerSeal: '学校审核通过后，单位在打印的协议书上盖章并上传各页（回传），学校鉴证后签约成功',
  studentSignature: '学生应约、发起签约时手写签名（签名图片印在协议书乙方栏）',
  penaltyCapYuan: '违约金上限（元，默认 5000）：超过时单位须确认提示，学生应约前看到醒目提示',
  mutualConsentTermination: '解约须经对方（单位或学生）同意后再由学校审核',
  terminationLimit: '每位学生最多可解约的次数（默认 1；0 表示不限）',
};
const KEYS = Object.keys(LABELS) as Key[];

const HELP = `用法：
  npm run admin -- settings get [键]
  npm run admin -- settings set <键> <值>

学校设置。get 不带键列出全部；带键只输出值（便于脚本使用）。set 用后台的同一份校验规则检查新值，
不合格时说明原因，什么也不改。每次修改记入审计日志（修改了哪些键，不记值），verify-audit 可校验。

键：
${KEYS.map((k) => `  ${k.padEnd(24)} ${LABELS[k]}`).join('\n')}
  templates.<用途>         单个模板编号；值为空字符串时删除
  returnReasons.<类别>     一类记录的常用退回原因（类别：${RETURN_REASON_KINDS.join('、')}）；
                           每条不超过40字，最多12条；值为空字符串时该类不显示常用原因

值的写法：true/false（也可写 是/否）；整数；文字原样；colleges 写 JSON 数组或「代码=名称」用逗号分隔；
templates 写 JSON 对象；returnReasons.<类别> 写 JSON 数组或用 | 分隔的多条原因（原因里可以有逗号）。

示例：
  npm run admin -- settings get
  npm run admin -- settings get offerTtlDays
  npm run admin -- settings set schoolName 示例大学
  npm run admin -- settings set offerTtlDays 21
  npm run admin -- settings set schoolAddress "广东省深圳市南山区学府路1号 就业指导中心"
  npm run admin -- settings set schoolPhone 0755-26530000
  npm run admin -- settings set allowStudentTermination false
  npm run admin -- settings set colleges "cs=计算机学院,em=经济管理学院"
  npm run admin -- settings set colleges '[{"id":"cs","name":"计算机学院"}]'
  npm run admin -- settings set templates.offerReceived AbCdEf123
  npm run admin -- settings set miniprogramState trial
  npm run admin -- settings set helpContacts '[{"name":"就业指导中心","phone":"010-12345678"}]'
  npm run admin -- settings set notices '[{"title":"生源核查截止","deadline":"2026-12-31"}]'
  npm run admin -- settings set returnReasons.agreement "请上传加盖单位公章的录用通知|岗位或薪酬信息不完整"`;

const show = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** Settings whose value is an object set one entry at a time as well (`templates.<用途>`, `returnReasons.<类别>`). */
const BY_ENTRY: readonly Key[] = ['templates', 'returnReasons'];

function keyOf(raw: string): { key: Key; purpose?: string } {
  const [head, purpose, ...rest] = raw.split('.');
  if (KEYS.includes(head as Key) && rest.length === 0 && (purpose === undefined || BY_ENTRY.includes(head as Key))) {
    return purpose === undefined ? { key: head as Key } : { key: head as Key, purpose };
  }
  throw new UsageError(`没有这项设置：${raw}；可用的键：${KEYS.join('、')}、templates.<用途>、returnReasons.<类别>`);
}

/** One kind's reasons: a JSON array, or texts split by | or new lines (a reason may hold commas); empty: none. */
function reasonsOf(text: string): unknown {
  if (text.trim().startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch {
      throw new Refusal(`常用退回原因应为 JSON 数组或用 | 分隔的文字，收到「${text}」`);
    }
  }
  return text
    .split(/[|｜\n]/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** The object setting with one entry changed; an empty template is taken out (a kind's reasons become an empty list). */
function withEntry(current: SchoolSettings, key: Key, purpose: string, text: string): unknown {
  if (key === 'returnReasons') {
    if (!(RETURN_REASON_KINDS as string[]).includes(purpose)) {
      throw new UsageError(`没有这类常用退回原因：${purpose}；可用的类别：${RETURN_REASON_KINDS.join('、')}`);
    }
    return { ...current.returnReasons, [purpose]: reasonsOf(text) };
  }
  const templates = { ...current.templates };
  if (text.trim() === '') delete templates[purpose];
  else templates[purpose] = text.trim();
  return templates;
}

/** One entry of an object setting, as stored. */
const entryOf = (settings: SchoolSettings, key: Key, purpose: string): unknown =>
  (settings[key] as unknown as Record<string, unknown>)[purpose];

const TRUE = new Set(['true', 'yes', '是', '1']);
const FALSE = new Set(['false', 'no', '否', '0']);

/** The command line's text as the value's type; anything that does not convert is left for the schema to refuse. */
function valueOf(key: Key, text: string): unknown {
  switch (typeof DEFAULT_SETTINGS[key]) {
    case 'boolean': {
      const t = text.trim().toLowerCase();
      return TRUE.has(t) ? true : FALSE.has(t) ? false : text;
    }
    case 'number':
      return /^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : text;
    case 'string':
      return text;
    default:
      if (key === 'colleges' && !text.trim().startsWith('[')) {
        return text
          .split(/[,，、]/)
          .map((part) => part.trim())
          .filter(Boolean)
          .map((part) => {
            const [id = '', ...name] = part.split('=');
            return { id: id.trim(), name: name.join('=').trim() };
          });
      }
      try {
        return JSON.parse(text);
      } catch {
        const shape = key === 'colleges' ? '数组，或「代码=名称」用逗号分隔' : Array.isArray(DEFAULT_SETTINGS[key]) ? '数组' : '对象';
        throw new Refusal(`${key} 的值应为 JSON（${shape}），收到「${text}」`);
      }
  }
}

/** Colleges still holding students or reviewers cannot be taken out of the list: their scope would dangle. */
async function checkRemovedColleges(ctx: AdminContext, before: SchoolSettings, after: SchoolSettings): Promise<void> {
  const kept = new Set(after.colleges.map((c) => c.id));
  for (const college of before.colleges.filter((c) => !kept.has(c.id))) {
    const students = await ctx.store.count('students', [{ field: 'collegeId', op: '==', value: college.id }]);
    const reviewers = await ctx.store.count('users', [
      { field: 'role', op: '==', value: 'collegeReviewer' },
      { field: 'collegeId', op: '==', value: college.id },
    ]);
    if (students + reviewers > 0) {
      throw new Refusal(`学院 ${college.id}（${college.name}）还有 ${students} 名学生、${reviewers} 名院系审核人员，不能删除`);
    }
  }
}

async function get(ctx: AdminContext, raw: string | undefined): Promise<void> {
  const stored = await ctx.store.get('settings', SETTINGS_ID);
  const settings = await loadSettings(ctx.store);
  if (raw !== undefined) {
    const { key, purpose } = keyOf(raw);
    const value = purpose === undefined ? settings[key] : entryOf(settings, key, purpose);
    if (value === undefined) throw new Refusal(`${raw} 没有设置`);
    ctx.out(show(value));
    return;
  }
  ctx.out(`目标库：${ctx.target}`);
  if (!stored) ctx.out('库中还没有学校设置，以下是默认值；运行 setup 写入。');
  for (const key of KEYS) ctx.out(`${key} = ${show(settings[key])}    # ${LABELS[key]}${stored && stored[key] === undefined ? '（默认值）' : ''}`);
}

async function set(ctx: AdminContext, raw: string, text: string): Promise<void> {
  const { key, purpose } = keyOf(raw);
  const stored = await ctx.store.get('settings', SETTINGS_ID);
  const current = await loadSettings(ctx.store);
  const value = purpose === undefined ? valueOf(key, text) : withEntry(current, key, purpose, text);
  const parsed = v.safeParse(settingsSchema, { ...current, [key]: value });
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = issue ? v.getDotPath(issue) : null;
    throw new Refusal(`${raw} 的值不合格：${issue?.message ?? '格式不正确'}${where && where !== key ? `（${where}）` : ''}；设置未改动`);
  }
  const next = parsed.output;
  const before = show(purpose === undefined ? current[key] : entryOf(current, key, purpose) ?? '');
  const after = show(purpose === undefined ? next[key] : entryOf(next, key, purpose) ?? '');
  const change = settingsChange(stored, next, ADMIN_ACTOR, ctx.clock().toISOString());
  // a value stored already writes nothing; a store without settings gets them written with this value
  if (!change || (stored && before === after)) {
    ctx.out(`${raw} 已是 ${after}，无改动`);
    return;
  }
  await checkRemovedColleges(ctx, current, next);
  try {
    await ctx.store.commit({ writes: [change.write], audit: [change.audit], outbox: [] });
  } catch (e) {
    if (e instanceof ConflictError) throw new Refusal('学校设置刚被他人修改，本次未改动，请重新运行');
    throw e;
  }
  ctx.out(`已修改 ${raw}：${before || '（空）'} → ${after || '（空）'}`);
}

export const settings = defineCommand({
  name: 'settings',
  summary: '查看或修改学校设置（按后台的校验规则检查）',
  help: HELP,
  async run(args, ctx) {
    // no options: a value may start with '-' and must not be taken for one
    if (args.length === 0) throw new UsageError('缺少操作：settings get 或 settings set');
    if (args.length > 3) throw new UsageError(`多余的参数：${args.slice(3).join(' ')}`);
    const [action, key, value] = args;
    if (action === 'get') {
      if (value !== undefined) throw new UsageError('settings get 最多带一个键');
      await get(ctx, key);
      return 0;
    }
    if (action === 'set') {
      if (key === undefined || value === undefined) throw new UsageError('settings set 需要键和值，例如 settings set offerTtlDays 21');
      await set(ctx, key, value);
      return 0;
    }
    throw new UsageError(`未知操作「${action}」：应为 get 或 set`);
  },
});
