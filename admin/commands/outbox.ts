/**
 * outbox: the subscription messages the functions queued, by state, and sending again the ones that delivery set
 * aside. Delivery never resends by itself a message that was refused for want of the openapi permission (blocked:
 * the deploy's fault) or whose outcome nobody recorded (unconfirmed: it may have arrived); the person who fixed the
 * deploy, or who decided a second copy is better than none, sends them again here.
 */
import type { OutboxDoc, OutboxState } from '../../server/domain/types';
import { ConflictError } from '../../server/store/port';
import { flag, parse, stringOption } from '../args';
import type { AdminContext } from '../command';
import { defineCommand, UsageError } from '../define';
import { beijingTime } from '../format';

const STATES: Record<OutboxState, string> = {
  pending: '待发送',
  sending: '发送中',
  sent: '已发送',
  noQuota: '用户未订阅（不再发送）',
  failed: '多次失败',
  blocked: '缺少发送权限，已暂存',
  unconfirmed: '结果未记下，可能已送达',
};

/** What an administrator may send again, and what each costs the user. */
const RESENDABLE: Partial<Record<OutboxState, string>> = {
  blocked: '这些消息从未发出；请先确认权限已登记（npm run deploy -- --check），否则会再次被拒',
  unconfirmed: '这些消息可能已经送达：重新发送时，用户可能收到两次',
  failed: '这些消息试过 5 次都没有发出；若原因未排除（如模板编号错误），会再次失败',
};

const SHOWN = 10;

const HELP = `用法：
  npm run admin -- outbox                                   各状态的订阅消息数，并列出需要处理的消息
  npm run admin -- outbox resend --state <状态> [--dry-run]  把该状态的消息重新放回待发送

状态：
${(Object.keys(STATES) as OutboxState[]).map((s) => `  ${s.padEnd(12)}${STATES[s]}`).join('\n')}

可以重新发送的状态：
${Object.entries(RESENDABLE)
  .map(([s, note]) => `  ${s.padEnd(12)}${note}`)
  .join('\n')}

重新放回待发送的消息，在下一次整点运行（expireOffers 的定时触发器）时发出。

示例：
  npm run admin -- outbox
  npm run admin -- outbox resend --state blocked --dry-run
  npm run admin -- outbox resend --state blocked`;

async function* inState(ctx: AdminContext, state: OutboxState): AsyncGenerator<OutboxDoc> {
  let after: string | undefined;
  do {
    const page = await ctx.store.query('outbox', {
      where: [{ field: 'state', op: '==', value: state }],
      orderBy: { field: 'nextAttemptAt' },
      limit: 500,
      ...(after ? { after } : {}),
    });
    yield* page.items;
    after = page.next;
  } while (after);
}

async function status(ctx: AdminContext): Promise<void> {
  const states = Object.keys(STATES) as OutboxState[];
  const counts = await Promise.all(states.map((state) => ctx.store.count('outbox', [{ field: 'state', op: '==', value: state }])));
  ctx.out(`目标库：${ctx.target}`);
  states.forEach((state, i) => ctx.out(`  ${STATES[state]}（${state}）：${counts[i]} 条`));
  for (const state of Object.keys(RESENDABLE) as OutboxState[]) {
    const n = counts[states.indexOf(state)]!;
    if (n === 0) continue;
    ctx.out(`${STATES[state]}（${state}），最早的 ${Math.min(n, SHOWN)} 条：`);
    let shown = 0;
    for await (const m of inState(ctx, state)) {
      ctx.out(`  ${m._id}  ${m.template}  ${beijingTime(m.createdAt)}  ${m.lastError ?? ''}`);
      if (++shown >= SHOWN) break;
    }
    ctx.out(`  重新发送：npm run admin -- outbox resend --state ${state}（${RESENDABLE[state]}）`);
  }
}

async function resend(ctx: AdminContext, state: OutboxState, dryRun: boolean): Promise<void> {
  const now = ctx.clock().toISOString();
  let moved = 0;
  let skipped = 0;
  for await (const m of inState(ctx, state)) {
    if (dryRun) {
      moved += 1;
      continue;
    }
    try {
      await ctx.store.put('outbox', { ...m, state: 'pending', attempts: 0, nextAttemptAt: now, version: m.version + 1 }, m.version);
      moved += 1;
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      skipped += 1;
    }
  }
  ctx.out(`${dryRun ? '（演练，未改动）将' : '已'}把 ${moved} 条「${STATES[state]}」的消息放回待发送${skipped ? `；${skipped} 条正被他处改动，已跳过` : ''}。`);
  if (moved > 0) ctx.out(`  ${RESENDABLE[state]}。它们将在下一次整点运行时发出。`);
}

export const outbox = defineCommand({
  name: 'outbox',
  summary: '订阅消息的发送情况；把暂存、未确认或失败的消息重新发送',
  help: HELP,
  async run(args, ctx) {
    const parsed = parse(args, { state: { type: 'string' }, 'dry-run': { type: 'boolean' } }, { min: 0, max: 1 });
    const [action] = parsed.positionals;
    if (action === undefined) {
      if (stringOption(parsed, 'state') !== undefined || flag(parsed, 'dry-run')) throw new UsageError('--state 和 --dry-run 只用于 resend');
      await status(ctx);
      return 0;
    }
    if (action !== 'resend') throw new UsageError(`未知的操作 ${action}：只有 resend`);
    const state = stringOption(parsed, 'state');
    if (!state) throw new UsageError('resend 需要 --state（blocked、unconfirmed 或 failed）');
    if (!Object.prototype.hasOwnProperty.call(RESENDABLE, state)) {
      throw new UsageError(`--state 只能是 ${Object.keys(RESENDABLE).join('、')}：「${state}」的消息不能重新发送`);
    }
    await resend(ctx, state as OutboxState, flag(parsed, 'dry-run'));
    return 0;
  },
});
