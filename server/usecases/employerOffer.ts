/**
 * employerOffer: a certified employer's 邀约 (send, edit, withdraw, send to many), its 邀约模板 (save, delete) and its
 * revision of a returned agreement.
 */
import type { EmployerOfferEvent, EmployerOfferResult, OfferCreatedRow } from '../../typings';
import type { FieldIssue } from '../../typings/errors';
import { DomainError, refuse } from '../domain/errors';
import { createOffer, editOffer, offerClaimId, reviseAgreement, withdrawOffer } from '../domain/offers';
import type { Env } from '../domain/decision';
import type { AgreementDoc, CounterDoc, EmployerDoc, OfferDoc, OfferTemplateDoc, StudentDoc, UserDoc } from '../domain/types';
import type { Decided } from '../domain/decision';
import { checkTerms } from '../domain/terms';
import { deleteTemplate, ownTemplate, saveTemplate } from '../domain/templates';
import { defineFunction } from '../app/function';
import { bound } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { expectVersion, mutate, requestOf, type Plan } from '../app/mutate';
import { employerOfferSchema } from '../app/schemas';
import { openOffersOf, templatesOf } from '../app/loads';
import { heldSettings, settingsRead } from '../app/settings';

/**
 * What an action reads before the caller is known, keyed by the event alone (the 学号 an offer goes to, the offer or
 * agreement it names): read beside the caller's binding, and looked at only after it and the unit's certification,
 * in the order a refusal takes. Each action then reads the unit beside what those reads name, and commits: three
 * waits on the store.
 */
interface Early {
  claim?: CounterDoc | null;
  student?: StudentDoc | null;
  offer?: OfferDoc | null;
  agreement?: AgreementDoc | null;
  template?: OfferTemplateDoc | null;
  /** createMany: each student's roster entry and offer claim, in the order sent */
  many?: { claim: CounterDoc | null; student: StudentDoc | null }[];
}

async function earlyReads(deps: Deps, event: EmployerOfferEvent): Promise<Early> {
  switch (event.action) {
    case 'create': {
      // the claim read before the open offers (they wait for the binding): an offer sent after this read bumps it,
      // so this commit conflicts and plans again
      const [claim, student] = await Promise.all([deps.store.get('counters', offerClaimId(event.studentNo)), deps.store.get('students', event.studentNo)]);
      return { claim, student };
    }
    case 'edit':
    case 'withdraw':
      return { offer: await deps.store.get('offers', event.offerId) };
    case 'revise':
      return { agreement: await deps.store.get('agreements', event.agreementId) };
    case 'saveTemplate':
      return { template: event.templateId ? await deps.store.get('offerTemplates', event.templateId) : null };
    case 'deleteTemplate':
      return { template: await deps.store.get('offerTemplates', event.templateId) };
    case 'createMany': {
      const many = await Promise.all(
        event.students.map(async ({ studentNo }) => {
          const [claim, student] = await Promise.all([deps.store.get('counters', offerClaimId(studentNo)), deps.store.get('students', studentNo)]);
          return { claim, student };
        }),
      );
      return { many };
    }
    default:
      return {};
  }
}

type Ctx = { deps: Deps; env: Env; user: UserDoc; early: Early };

/** The caller's unit, certified: read beside what the action reads next. */
async function certified(ctx: Ctx): Promise<EmployerDoc> {
  const employer = ctx.user.employerId ? await ctx.deps.store.get('employers', ctx.user.employerId) : null;
  if (!employer || employer.state !== 'certified') return refuse('EMPLOYER_NOT_CERTIFIED');
  return employer;
}

type Mutated = EmployerOfferResult;

async function create(ctx: Ctx, event: Extract<EmployerOfferEvent, { action: 'create' }>): Promise<Plan<Mutated>> {
  const { deps, env } = ctx;
  const unit = certified(ctx);
  const [open, settings] = await Promise.all([openOffersOf(deps.store, event.studentNo), heldSettings(deps.store), unit.catch(() => undefined)]);
  const employer = await unit;
  const { offer, ...commit } = createOffer({
    env, employer, student: ctx.early.student ?? null, studentName: event.studentName, openOffers: open, claim: ctx.early.claim ?? null, terms: event.terms, validDays: event.validDays, settings,
  });
  // the offer's expiry may come of these settings' offer lifetime
  return { commit: { ...commit, reads: [settingsRead(settings)] }, result: { record: 'offer', id: offer._id, state: offer.state, version: offer.version } };
}

/**
 * The employer's own offer, at the version its HR contact saw; another employer's offer does not exist for it. With
 * the student it goes to, read beside the unit.
 */
async function ownOffer(ctx: Ctx, version: number): Promise<{ offer: OfferDoc; student: StudentDoc | null }> {
  const found = ctx.early.offer ?? null;
  const unit = certified(ctx);
  const [student] = await Promise.all([found ? ctx.deps.store.get('students', found.studentNo) : Promise.resolve(null), unit.catch(() => undefined)]);
  const employer = await unit;
  if (!found || found.employerId !== employer._id) return refuse('NOT_FOUND');
  expectVersion(found, version);
  return { offer: found, student };
}

async function edit(ctx: Ctx, event: Extract<EmployerOfferEvent, { action: 'edit' }>): Promise<Plan<Mutated>> {
  const [{ offer: current, student }, settings] = await Promise.all([ownOffer(ctx, event.version), heldSettings(ctx.deps.store)]);
  const { offer, ...commit } = editOffer({ env: ctx.env, offer: current, terms: event.terms, validDays: event.validDays, studentOpenid: student?.openid ?? null, settings });
  // the 违约金 cap in force is part of what was decided
  return { commit: { ...commit, reads: [settingsRead(settings)] }, result: { record: 'offer', id: offer._id, state: offer.state, version: offer.version } };
}

async function withdraw(ctx: Ctx, event: Extract<EmployerOfferEvent, { action: 'withdraw' }>): Promise<Plan<Mutated>> {
  const { offer: current, student } = await ownOffer(ctx, event.version);
  const { offer, ...commit } = withdrawOffer({ env: ctx.env, offer: current, studentOpenid: student?.openid ?? null });
  return { commit, result: { record: 'offer', id: offer._id, state: offer.state, version: offer.version } };
}

async function revise(ctx: Ctx, event: Extract<EmployerOfferEvent, { action: 'revise' }>): Promise<Plan<Mutated>> {
  const [employer, settings] = await Promise.all([certified(ctx), heldSettings(ctx.deps.store)]);
  const current = ctx.early.agreement ?? null;
  if (!current || current.employerId !== employer._id) return refuse('NOT_FOUND');
  expectVersion(current, event.version);
  const { agreement, ...commit } = reviseAgreement({ env: ctx.env, agreement: current, terms: event.terms, settings });
  return { commit: { ...commit, reads: [settingsRead(settings)] }, result: { record: 'agreement', id: agreement._id, state: agreement.state, version: agreement.version } };
}

/** 保存模板: a new one (no templateId, version 0) or the unit's own at the version its HR contact saw. */
async function saveOne(ctx: Ctx, event: Extract<EmployerOfferEvent, { action: 'saveTemplate' }>): Promise<Plan<Mutated>> {
  const [employer, settings, live] = await Promise.all([certified(ctx), heldSettings(ctx.deps.store), templatesOf(ctx.deps.store, ctx.user.employerId ?? '')]);
  const current = event.templateId ? ownTemplate(employer, ctx.early.template ?? null) : null;
  expectVersion(current, event.version);
  const { template, ...commit } = saveTemplate({ env: ctx.env, employer, current, live, name: event.name, terms: event.terms, settings });
  return { commit: { ...commit, reads: [settingsRead(settings)] }, result: { record: 'offerTemplate', id: template._id, state: 'saved', version: template.version } };
}

async function deleteOne(ctx: Ctx, event: Extract<EmployerOfferEvent, { action: 'deleteTemplate' }>): Promise<Plan<Mutated>> {
  const employer = await certified(ctx);
  const current = ownTemplate(employer, ctx.early.template ?? null);
  expectVersion(current, event.version);
  const { template, ...commit } = deleteTemplate({ env: ctx.env, template: current });
  return { commit, result: { record: 'offerTemplate', id: template._id, state: 'deleted', version: template.version } };
}

/** A 学号 twice in one list is a typing slip, not two offers: the whole list goes back, naming both rows. */
function duplicateRows(students: readonly { studentNo: string }[]): FieldIssue[] {
  const first = new Map<string, number>();
  const issues: FieldIssue[] = [];
  students.forEach(({ studentNo }, i) => {
    const key = studentNo.trim();
    const seen = first.get(key);
    if (seen === undefined) first.set(key, i);
    else issues.push({ path: `students.${i}.studentNo`, message: `第${i + 1}行学号与第${seen + 1}行重复：${key}` });
  });
  return issues;
}

/**
 * 批量邀约: one offer per student with the same terms, in one commit. What is wrong with the request itself (the
 * terms, a malformed or repeated row, the unit not certified) refuses it whole and nothing is sent. What concerns one
 * student only (学号与姓名不匹配, an offer of this unit still open to them) is that student's answer: the others'
 * offers are sent, and the row says why that one was not. A retry of the list after a fix sends only the fixed rows:
 * the others answer 已向该学生发出邀约.
 */
async function createMany(ctx: Ctx, event: Extract<EmployerOfferEvent, { action: 'createMany' }>): Promise<Plan<Mutated>> {
  const { deps, env } = ctx;
  const repeated = duplicateRows(event.students);
  if (repeated.length) refuse('INVALID_INPUT', repeated.map((i) => i.message).join('；'), repeated);
  const unit = certified(ctx);
  const [open, settings] = await Promise.all([
    Promise.all(event.students.map((s) => openOffersOf(deps.store, s.studentNo))),
    heldSettings(deps.store),
    unit.catch(() => undefined),
  ]);
  const employer = await unit;
  checkTerms(event.terms, settings, 'terms');
  const many = ctx.early.many ?? [];
  const commit: Decided = { writes: [], audit: [], outbox: [] };
  const students: OfferCreatedRow[] = event.students.map((row, i) => {
    const answer = { studentNo: row.studentNo, studentName: row.studentName };
    try {
      const { offer, ...decided } = createOffer({
        env, employer, student: many[i]?.student ?? null, studentName: row.studentName, openOffers: open[i] ?? [], claim: many[i]?.claim ?? null, terms: event.terms, validDays: event.validDays, settings,
      });
      commit.writes.push(...decided.writes);
      commit.audit.push(...decided.audit);
      commit.outbox.push(...decided.outbox);
      return { ...answer, created: true, offerId: offer._id };
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return { ...answer, created: false, code: e.code, message: e.message };
    }
  });
  const created = students.some((s) => s.created);
  return { commit: { ...commit, reads: [settingsRead(settings)] }, result: { record: 'offer', id: '', state: created ? 'created' : 'none', version: 0, students } };
}

async function run(deps: Deps, caller: Caller, event: EmployerOfferEvent): Promise<Mutated> {
  return mutate<Mutated>(deps, requestOf(caller, event), async () => {
    const reads = earlyReads(deps, event);
    reads.catch(() => undefined);
    const { user, actor } = await bound(deps, caller, ['employer']);
    const ctx: Ctx = { deps, user, early: await reads, env: { actor, now: deps.clock().toISOString(), newId: deps.newId } };
    switch (event.action) {
      case 'create':
        return create(ctx, event);
      case 'edit':
        return edit(ctx, event);
      case 'withdraw':
        return withdraw(ctx, event);
      case 'revise':
        return revise(ctx, event);
      case 'saveTemplate':
        return saveOne(ctx, event);
      case 'deleteTemplate':
        return deleteOne(ctx, event);
      case 'createMany':
        return createMany(ctx, event);
    }
  });
}

export const employerOffer = defineFunction({ name: 'employerOffer', schema: employerOfferSchema, run });
