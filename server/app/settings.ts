/** School settings: one audited document, with defaults for everything a fresh install has not set. */
import * as v from 'valibot';
import type { PublicSettings } from '../../typings';
import { canonicalJson } from '../domain/audit';
import { touch } from '../domain/machine';
import { MINIPROGRAM_STATES, PURPOSES } from '../domain/messages';
import type { Actor, AuditEntry, SchoolSettings, SettingsDoc } from '../domain/types';
import type { ReadCheck, Store, Write } from '../store/port';

export const SETTINGS_ID = 'school';

export const DEFAULT_SETTINGS: SchoolSettings = {
  schoolCode: '10000',
  schoolName: '示例大学',
  colleges: [],
  allowStudentInitiate: true,
  allowStudentTermination: true,
  terminationGuide: '请上传单位出具的解约函或违约证明，并说明解约原因，提交后等待学校就业指导中心审核。',
  offerTtlDays: 14,
  printCopies: 4,
  paperCopiesNote: '请于签约成功后 7 天内将纸质协议书交至院系就业办。',
  templates: {},
  miniprogramState: 'formal',
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

/** The keys whose values differ, templates by purpose (`templates.offerReceived`). Names only: the log keeps no values. */
function changedSettings(before: Partial<SchoolSettings>, after: SchoolSettings): string[] {
  const changed: string[] = [];
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof SchoolSettings)[]) {
    const [was, now] = [before[key], after[key]];
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
});

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
    paperCopiesNote: words('纸质协议书交付说明', 200),
    templates: v.pipe(
      v.record(v.string(), v.pipe(v.string('模板编号应为文字'), v.regex(TEMPLATE_ID, '模板编号只能由字母、数字、_ 和 - 组成'))),
      v.check(
        (t) => Object.keys(t).every((k) => Object.prototype.hasOwnProperty.call(PURPOSES, k)),
        `订阅消息用途只能是 ${Object.keys(PURPOSES).join('、')}`,
      ),
    ),
    miniprogramState: v.picklist(MINIPROGRAM_STATES, '消息打开的小程序版本只能是 formal（正式版）、trial（体验版）或 developer（开发版）'),
  },
  '学校设置应为一个对象',
) satisfies v.GenericSchema<unknown, SchoolSettings>;
