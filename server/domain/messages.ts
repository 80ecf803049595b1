/**
 * Subscription messages by purpose. Each purpose maps to one template the school picks in the WeChat console
 * (ids in settings.templates) with the keyword fields named here. Pure: builds outbox documents.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import type { MiniprogramState, OutboxDoc } from './types';

/** Which version of the mini program a tapped message may open, each named once (the compiler holds the list whole). */
const VERSIONS: Record<MiniprogramState, true> = { formal: true, trial: true, developer: true };
export const MINIPROGRAM_STATES = Object.keys(VERSIONS) as MiniprogramState[];

export const isMiniprogramState = (s: string | undefined): s is MiniprogramState =>
  s !== undefined && Object.prototype.hasOwnProperty.call(VERSIONS, s);

export const PURPOSES = {
  /** 邀约通知 to the student: 单位名称 thing1, 岗位 thing2, 截止时间 time3 */
  offerReceived: ['thing1', 'thing2', 'time3'],
  /** 邀约即将失效 to the student: 单位名称 thing1, 截止时间 time2, 提示 thing3 */
  offerExpiring: ['thing1', 'time2', 'thing3'],
  /** 应约结果 to the employer: 学生姓名 name1, 结果 phrase2, 原因 thing3 */
  offerAnswered: ['name1', 'phrase2', 'thing3'],
  /** 审核结果 to the author: 事项 thing1, 结果 phrase2, 说明 thing3, 时间 time4 */
  reviewResult: ['thing1', 'phrase2', 'thing3', 'time4'],
} as const;

export type Purpose = keyof typeof PURPOSES;

/** WeChat's limits per keyword kind (longer values fail with 47003). */
const LIMITS: Record<string, number> = { thing: 20, phrase: 5, name: 10, time: 40 };

/** A date's year, where the month and day follow: what a thing value can spare (the message is of this year). */
const YEAR = /\d{4}年(?=\d{1,2}月)/g;

function fit(key: string, value: string): string {
  const limit = LIMITS[key.replace(/\d+$/, '')] ?? 20;
  let chars = [...value.trim()];
  if (chars.length === 0) return '无';
  if (chars.length <= limit) return chars.join('');
  if (!key.startsWith('thing')) return chars.slice(0, limit).join('');
  // a thing that names a time keeps the whole time without its year (`协议待院系审核 3月2日 10:00`) rather than losing
  // its minutes; only then is it cut, with an ellipsis (name and phrase values take only their own characters, else 47003)
  chars = [...chars.join('').replace(YEAR, '')];
  return chars.length <= limit ? chars.join('') : `${chars.slice(0, limit - 1).join('')}…`;
}

dayjs.extend(utc);

/** China keeps UTC+8 all year (in minutes); cloud functions run at UTC+0, so the machine's zone must not decide. */
const SHANGHAI_OFFSET_MIN = 8 * 60;

/** 2026-03-02T02:00:00Z → 2026年3月2日 10:00: Beijing time, whatever the machine's zone. */
export const formatTime = (iso: string): string => dayjs(iso).utcOffset(SHANGHAI_OFFSET_MIN).format('YYYY年M月D日 HH:mm');

export interface MessageInput {
  purpose: Purpose;
  to: string;
  page: string;
  values: readonly string[];
  now: string;
  id: string;
}

export function message({ purpose, to, page, values, now, id }: MessageInput): OutboxDoc {
  const keys = PURPOSES[purpose];
  const data: Record<string, string> = {};
  keys.forEach((key, i) => {
    data[key] = fit(key, values[i] ?? '');
  });
  return {
    _id: id,
    version: 1,
    to,
    template: purpose,
    page,
    data,
    state: 'pending',
    attempts: 0,
    createdAt: now,
    nextAttemptAt: now,
  };
}

/** What every decision needs to queue a message: the time of the change and an id source. */
export interface MessageEnv {
  now: string;
  newId: () => string;
}

/** A message to this person, if there is anyone to tell (an unbound student has no openid yet): zero or one. */
export function tell(env: MessageEnv, purpose: Purpose, to: string | null | undefined, page: string, values: readonly string[]): OutboxDoc[] {
  return to ? [message({ purpose, to, page, values, now: env.now, id: env.newId() })] : [];
}
