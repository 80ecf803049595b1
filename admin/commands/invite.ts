/**
 * invite <role>: one-time binding codes (邀请码) for reviewers and employers' HR contacts. bind redeems a code once
 * (redeemInvite) and only before it expires. An invite is an audited record: each code is committed with its
 * `issue` entry (issueInvite, as the demo seed issues its code), and bind adds the `redeem` entry. Both the document
 * and the chain are kept under the code's hash (inviteId): the codes printed here are the only copy.
 */
import { randomInt } from 'node:crypto';
import { issueInvite } from '../../server/domain/binding';
import type { EmployerDoc, InviteDoc } from '../../server/domain/types';
import { isUscc } from '../../typings/rules/identifiers';
import { ConflictError } from '../../server/store/port';
import { collegeName, loadSettings } from '../../server/app/settings';
import { intOption, parse, stringOption } from '../args';
import type { AdminContext } from '../command';
import { defineCommand, Refusal, UsageError } from '../define';
import { beijingTime, DAY_MS } from '../format';
import { ADMIN_ACTOR, batching } from '../writes';

type InviteRole = InviteDoc['role'];

const ROLES: Record<string, InviteRole> = {
  collegeReviewer: 'collegeReviewer',
  'college-reviewer': 'collegeReviewer',
  院系审核: 'collegeReviewer',
  schoolReviewer: 'schoolReviewer',
  'school-reviewer': 'schoolReviewer',
  学校审核: 'schoolReviewer',
  employer: 'employer',
  用人单位: 'employer',
};

const ROLE_NAMES: Record<InviteRole, string> = {
  collegeReviewer: '院系审核人员',
  schoolReviewer: '学校审核人员',
  employer: '用人单位 HR',
};

/** No 0/O, 1/I/L: codes are read aloud and typed from chat. 31 symbols × 12 ≈ 59 bits; bind also limits tries. */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 12;

export const newInviteCode = (): string =>
  Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

const HELP = `用法：npm run admin -- invite <角色> [--college 学院代码] [--employer 单位] [--days N] [--count N]

生成一次性绑定邀请码。对方在小程序「身份绑定」中输入邀请码即取得该角色；每个码只能用一次，过期作废。
邀请码只在这里显示一次，请通过可靠渠道分别交给本人；系统只保存邀请码的摘要，之后无法再查看。
生成邀请码和使用邀请码绑定都记入审计日志（该邀请码的审计链：签发、使用）。

角色：
  collegeReviewer   院系审核人员，必须带 --college（学校设置 colleges 中的学院代码）
  schoolReviewer    学校审核人员（就业指导中心），不带 --college
  employer          用人单位 HR，必须带 --employer（单位编号或统一社会信用代码），单位须已在单位库中

选项：
  --days N     有效天数，1–90，默认 7
  --count N    生成个数，1–100，默认 1

示例：
  npm run admin -- invite collegeReviewer --college cs
  npm run admin -- invite schoolReviewer --days 3
  npm run admin -- invite employer --employer emp-demo --count 2`;

async function findEmployer(ctx: AdminContext, ref: string): Promise<EmployerDoc> {
  const byId = await ctx.store.get('employers', ref);
  if (byId) return byId;
  const uscc = ref.trim().toUpperCase();
  if (isUscc(uscc)) {
    const found = await ctx.store.query('employers', { where: [{ field: 'uscc', op: '==', value: uscc }], limit: 10 });
    const standing = found.items.find((e) => e.state !== 'rejected') ?? found.items[0];
    if (standing) return standing;
  }
  throw new Refusal(`单位库中没有「${ref}」：请核对单位编号或统一社会信用代码`);
}

export const invite = defineCommand({
  name: 'invite',
  summary: '生成院系/学校审核人员、用人单位 HR 的一次性绑定邀请码',
  help: HELP,
  async run(args, ctx) {
    const p = parse(
      args,
      { college: { type: 'string' }, employer: { type: 'string' }, days: { type: 'string' }, count: { type: 'string' } },
      { min: 1, max: 1 },
    );
    const roleArg = p.positionals[0]!;
    const role = Object.prototype.hasOwnProperty.call(ROLES, roleArg) ? ROLES[roleArg]! : undefined;
    if (!role) throw new UsageError(`未知角色「${roleArg}」：应为 collegeReviewer、schoolReviewer 或 employer`);
    const days = intOption(p, 'days', { min: 1, max: 90, fallback: 7 });
    const count = intOption(p, 'count', { min: 1, max: 100, fallback: 1 });
    const collegeArg = stringOption(p, 'college');
    const employerArg = stringOption(p, 'employer');
    if (role === 'collegeReviewer' && !collegeArg) throw new UsageError('院系审核人员的邀请码需要 --college 学院代码');
    if (role !== 'collegeReviewer' && collegeArg !== undefined) throw new UsageError('只有 collegeReviewer 带 --college');
    if (role === 'employer' && !employerArg) throw new UsageError('用人单位的邀请码需要 --employer 单位编号或统一社会信用代码');
    if (role !== 'employer' && employerArg !== undefined) throw new UsageError('只有 employer 带 --employer');

    let scope: Pick<InviteDoc, 'collegeId' | 'employerId'> = {};
    let scopeText = '';
    const notes: string[] = [];
    if (role === 'collegeReviewer') {
      const settings = await loadSettings(ctx.store);
      const college = settings.colleges.find((c) => c.id === collegeArg);
      if (!college) {
        const known = settings.colleges.map((c) => `${c.id}（${c.name}）`).join('、') || '（尚未设置学院，请先 settings set colleges …）';
        throw new Refusal(`学校设置中没有学院「${collegeArg}」；已有：${known}`);
      }
      scope = { collegeId: college.id };
      scopeText = `，${collegeName(settings, college.id)}`;
    }
    if (role === 'employer') {
      const employer = await findEmployer(ctx, employerArg!);
      if (employer.state === 'rejected') throw new Refusal(`单位「${employer.name}」未通过认证，不能为它生成邀请码`);
      if (employer.state === 'registered') notes.push('该单位尚待学校认证：认证通过前它的 HR 不能发出邀约。');
      scope = { employerId: employer._id };
      scopeText = `，${employer.name}`;
    }

    const now = ctx.clock();
    const expiresAt = new Date(now.getTime() + days * DAY_MS).toISOString();
    const heading = (n: number): string =>
      `已生成 ${n} 个邀请码（${ROLE_NAMES[role]}${scopeText}），有效至 ${beijingTime(expiresAt)}（北京时间），每个只能使用一次：`;
    const codes: string[] = [];
    const { size } = batching(ctx.store);
    try {
      // one commit per batch, each code with its `issue` entry; a CloudBase transaction stays small
      while (codes.length < count) {
        const batch = new Set<string>();
        while (batch.size < Math.min(size, count - codes.length)) batch.add(newInviteCode());
        const issued = [...batch].map((code) => issueInvite({ code, invite: { role, ...scope, expiresAt }, actor: ADMIN_ACTOR, now: now.toISOString() }));
        try {
          await ctx.store.commit({ writes: issued.map((i) => i.write), audit: issued.map((i) => i.audit), outbox: [] });
          codes.push(...batch);
        } catch (e) {
          if (!(e instanceof ConflictError)) throw e; // a code drawn that is already stored: draw the batch again
        }
      }
    } catch (e) {
      // the batches written before the failure hold valid codes: they are shown, or nobody could ever use them
      if (codes.length > 0) {
        ctx.out(heading(codes.length));
        for (const code of codes) ctx.out(`  ${code}`);
      }
      throw e;
    }
    ctx.out(heading(count));
    for (const code of codes) ctx.out(`  ${code}`);
    for (const note of notes) ctx.out(note);
    ctx.out('邀请码只显示这一次，请分别交给本人。');
    return 0;
  },
});
