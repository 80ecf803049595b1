/**
 * The reviewer tab: how many records wait in each queue, a queue page by page, and one record in full. A college
 * reviewer sees their own college's records; the school sees all. Employers belong to no college, so their
 * registrations are the school's alone.
 */
import type {
  Page,
  QueryEvent,
  QueueItem,
  QueueName,
  ReviewCounts,
  ReviewDetail,
  ReviewDetailQueue,
  ReviewQueuesView,
  ReviewTarget,
} from '../../typings';
import { AGREEMENT_STATES, CHECK_STATES, DESTINATION_STATES, EMPLOYER_STATES, TERMINATION_STATES } from '../../typings';
import { refuse } from '../domain/errors';
import type { AgreementDoc, ReturnReasonKind, SettingsDoc } from '../domain/types';
import type { Filter, Query, Store } from '../store/port';
import { tally, type CountAsk } from '../store/summaries';
import { bound, type Bound } from '../app/caller';
import type { Caller, Deps } from '../app/deps';
import { collegeName, loadSettings, returnReasonsOf } from '../app/settings';
import { cursorOf, inReviewerScope, REVIEWERS, reviewerRole } from './access';
import { agreementFull, checkFull, employerFiles, terminationFull } from './load';
import { flagLabels } from '../domain/flags';
import { flagsFor, pageFlags } from '../app/flags';
import { destinationFull } from './destination';
import { uploadFolder } from '../storage/port';
import { sealReview } from './seal';
import { agreementItem, checkItem, destinationItem, employerItem, employerRecord, terminationItem } from './views';

interface QueueDef {
  collection: 'checks' | 'agreements' | 'terminations' | 'employers' | 'destinations';
  base: Filter[];
  /** what the queue lists unless the reviewer picks another state */
  pending: string;
  /** the states a reviewer may list: never drafts, which are their author's alone */
  states: readonly string[];
  byCollege: boolean;
}

const withoutDraft = (states: readonly string[]): string[] => states.filter((s) => s !== 'draft');
const kindIs = (kind: string): Filter[] => [{ field: 'kind', op: '==', value: kind }];

export const QUEUES: Record<QueueName, QueueDef> = {
  sourceCheck: { collection: 'checks', base: kindIs('source'), pending: 'submitted', states: withoutDraft(CHECK_STATES), byCollege: true },
  employmentCheck: { collection: 'checks', base: kindIs('employment'), pending: 'submitted', states: withoutDraft(CHECK_STATES), byCollege: true },
  agreementCollege: { collection: 'agreements', base: [], pending: 'pendingCollege', states: withoutDraft(AGREEMENT_STATES), byCollege: true },
  agreementSchool: { collection: 'agreements', base: [], pending: 'pendingSchool', states: withoutDraft(AGREEMENT_STATES), byCollege: true },
  // 回传鉴证: the school's alone (reviewScope.agreement), though listed by college like the school's other queues
  agreementSeal: { collection: 'agreements', base: [], pending: 'pendingSealReview', states: withoutDraft(AGREEMENT_STATES), byCollege: false },
  termination: { collection: 'terminations', base: [], pending: 'submitted', states: TERMINATION_STATES, byCollege: true },
  employer: { collection: 'employers', base: [], pending: 'registered', states: EMPLOYER_STATES, byCollege: false },
  destination: { collection: 'destinations', base: [], pending: 'submitted', states: withoutDraft(DESTINATION_STATES), byCollege: true },
};

const QUEUE_NAMES = Object.keys(QUEUES) as QueueName[];

/** The reviewer's scope on a queue as filters, or null when the queue is not theirs to see. */
function scopeOf(who: Bound, q: QueueDef): Filter[] | null {
  if (who.user.role === 'schoolReviewer') return [];
  if (!q.byCollege) return null;
  return [{ field: 'collegeId', op: '==', value: who.user.collegeId ?? '' }];
}

const stateIs = (state: string): Filter => ({ field: 'state', op: '==', value: state });

export async function reviewCounts(deps: Deps, caller: Caller): Promise<ReviewCounts> {
  return countsOf(deps, await bound(deps, caller, REVIEWERS));
}

/** Every queue's count in one read of the summaries the store keeps (port.ts SUMMARIES); a queue not theirs is 0. */
export async function countsOf(deps: Deps, who: Bound): Promise<ReviewCounts> {
  const mine = QUEUE_NAMES.flatMap((name) => {
    const q = QUEUES[name];
    const scope = scopeOf(who, q);
    return scope ? [{ name, ask: { collection: q.collection, where: [...q.base, stateIs(q.pending), ...scope] } satisfies CountAsk }] : [];
  });
  const counts = await tally(deps.store, mine.map((m) => m.ask));
  const byName = new Map(mine.map((m, i) => [m.name, counts[i] ?? 0]));
  return Object.fromEntries(QUEUE_NAMES.map((name) => [name, byName.get(name) ?? 0])) as ReviewCounts;
}

/** 学号 have digits, names do not: a keyword with a digit is looked up as a 学号 (or, for units, a credit code). */
const looksLikeNumber = (keyword: string): boolean => /\d/.test(keyword) && /^[A-Za-z0-9-]+$/.test(keyword);

/** The settings (for college names) load beside the page, not before it. */
async function queuePage(store: Store, q: QueueDef, query: Query, settings: Promise<SettingsDoc>): Promise<Page<QueueItem>> {
  const college = (s: SettingsDoc) => (id: string): string => collegeName(s, id);
  const paged = (items: QueueItem[], next: string | undefined): Page<QueueItem> => (next ? { items, next } : { items });
  switch (q.collection) {
    case 'checks': {
      const [page, s] = await Promise.all([store.query('checks', query), settings]);
      return paged(page.items.map((c) => checkItem(c, college(s)(c.collegeId))), page.next);
    }
    case 'agreements': {
      const [page, s] = await Promise.all([store.query('agreements', query), settings]);
      // 就业核查's labels: the page's library, roster and 生源核查 reads, one batch each (app/flags.ts pageFlags)
      const flags = await pageFlags(store, page.items);
      const labelled = (a: AgreementDoc): QueueItem => ({ ...agreementItem(a, college(s)(a.collegeId)), flags: flagLabels((flags.get(a._id) ?? []).map((f) => f.code)) });
      return paged(page.items.map(labelled), page.next);
    }
    case 'terminations': {
      const [page, s] = await Promise.all([store.query('terminations', query), settings]);
      // the subtitle names the unit and job, which only the agreement holds
      const agreements = await store.getMany('agreements', [...new Set(page.items.map((t) => t.agreementId))]);
      const byId = new Map(agreements.map((a) => [a._id, a]));
      return paged(page.items.map((t) => terminationItem(t, byId.get(t.agreementId), college(s)(t.collegeId))), page.next);
    }
    case 'employers': {
      const [page] = await Promise.all([store.query('employers', query), settings]);
      return paged(page.items.map(employerItem), page.next);
    }
    case 'destinations': {
      const [page, s] = await Promise.all([store.query('destinations', query), settings]);
      return paged(page.items.map((d) => destinationItem(d, college(s)(d.collegeId), flagLabels)), page.next);
    }
  }
}

type QueueEvent = Extract<QueryEvent, { view: 'reviewQueue' }>;
type QueuesEvent = Extract<QueryEvent, { view: 'reviewQueues' }>;

/** Where 审核 opens: the first queue of either reviewer's tabs (生源核查 comes first in the work's order). */
const FIRST_QUEUE: QueueName = 'sourceCheck';

export async function reviewQueue(deps: Deps, caller: Caller, event: QueueEvent): Promise<Page<QueueItem>> {
  return queueOf(deps, await bound(deps, caller, REVIEWERS), event, loadSettings(deps.store));
}

/**
 * One page of a queue, oldest first (by last change), so the longest-waiting record is handled first.
 *
 * A keyword that looks like a 学号 (or a unit's credit code) is an exact, indexed lookup. A name is not indexed and
 * the store has no substring search, so a name keyword filters each fetched page instead: a page may then hold
 * fewer than `limit` items, or none, while `next` still points further. The client keeps paging while `next` is
 * present; with tens of thousands of records a name search should become a 学号 search.
 */
async function queueOf(deps: Deps, who: Bound, event: Omit<QueueEvent, 'view'>, settings: Promise<SettingsDoc>): Promise<Page<QueueItem>> {
  const q = QUEUES[event.queue];
  const scope = scopeOf(who, q) ?? refuse('FORBIDDEN');
  const filter = event.filter ?? {};
  const state = filter.state || q.pending;
  if (!q.states.includes(state)) refuse('INVALID_INPUT', '状态无效');
  const where: Filter[] = [...q.base, stateIs(state), ...scope];
  // a cancelled agreement without a number was abandoned as a draft: it was never anyone else's to see
  if (q.collection === 'agreements' && state === 'cancelled') where.push({ field: 'agreementNo', op: '!=', value: null });
  // a college reviewer's own college is already in `scope`, whatever they asked for
  if (q.byCollege && who.user.role === 'schoolReviewer' && filter.collegeId) where.push({ field: 'collegeId', op: '==', value: filter.collegeId });
  if (q.byCollege && filter.major) where.push({ field: 'major', op: '==', value: filter.major });
  // 就业核查: a destination's flags are stored with it (indexed); an agreement's are read with its page, so that
  // filter runs on each fetched page, like a name keyword
  const flagged = filter.flagged;
  if (flagged !== undefined && q.collection !== 'destinations' && q.collection !== 'agreements') refuse('INVALID_INPUT', '核查提示筛选只用于毕业去向登记和三方协议');
  if (flagged !== undefined && q.collection === 'destinations') where.push({ field: 'flagged', op: '==', value: flagged });
  const keyword = filter.keyword?.trim() ?? '';
  const exact = keyword !== '' && looksLikeNumber(keyword);
  if (exact) where.push(q.byCollege ? { field: 'studentNo', op: '==', value: keyword } : { field: 'uscc', op: '==', value: keyword.toUpperCase() });
  const after = cursorOf(event.cursor);
  const page = await queuePage(
    deps.store,
    q,
    { where, orderBy: { field: 'updatedAt', direction: 'asc' }, limit: event.limit ?? 20, ...(after ? { after } : {}) },
    settings,
  );
  // titles are "姓名 学号" (or the unit's name), so a name keyword is matched against them
  if (keyword && !exact) page.items = page.items.filter((item) => item.title.includes(keyword));
  if (flagged !== undefined && q.collection === 'agreements') page.items = page.items.filter((item) => (item.flags?.length ?? 0) > 0 === flagged);
  return page;
}

/**
 * The flag filter's counts on the destination queue: of the state listed (within the college and major filters, not
 * the keyword), how many have flags. The total comes from the summaries; the flagged from an indexed count.
 */
async function flagCountsOf(deps: Deps, who: Bound, event: Omit<QueueEvent, 'view'>): Promise<ReviewQueuesView['flagCounts']> {
  const q = QUEUES[event.queue];
  if (q.collection !== 'destinations') return undefined;
  const scope = scopeOf(who, q) ?? [];
  const filter = event.filter ?? {};
  const where: Filter[] = [stateIs(filter.state || q.pending), ...scope];
  if (who.user.role === 'schoolReviewer' && filter.collegeId) where.push({ field: 'collegeId', op: '==', value: filter.collegeId });
  if (filter.major) where.push({ field: 'major', op: '==', value: filter.major });
  const [all = 0, flagged = 0] = await tally(deps.store, [
    { collection: 'destinations', where },
    { collection: 'destinations', where: [...where, { field: 'flagged', op: '==', value: true }] },
  ]);
  return { flagged, unflagged: Math.max(0, all - flagged) };
}

/**
 * 审核 in one answer: the reviewer's role (their queues and tabs), every queue's count, the colleges the school filters
 * by, and the first page of the queue shown. Further pages come from reviewQueue with the page's cursor.
 */
export async function reviewQueues(deps: Deps, caller: Caller, event: QueuesEvent): Promise<ReviewQueuesView> {
  const who = await bound(deps, caller, REVIEWERS);
  const queue = event.queue ?? FIRST_QUEUE;
  const settings = loadSettings(deps.store);
  const asked = { queue, ...(event.filter ? { filter: event.filter } : {}), ...(event.limit ? { limit: event.limit } : {}) };
  const [counts, page, { colleges }, flagCounts] = await Promise.all([
    countsOf(deps, who),
    queueOf(deps, who, asked, settings),
    settings,
    flagCountsOf(deps, who, asked),
  ]);
  const role = reviewerRole(who);
  // a college reviewer's queues hold their own college only: there is nothing to filter by
  return { role, counts, colleges: role === 'schoolReviewer' ? colleges : [], queue, page, ...(flagCounts ? { flagCounts } : {}) };
}

/**
 * The queue this reviewer decides a record in: a check by its kind (its id begins with it, checkFields.checkId), an
 * agreement by the reviewer's stage. Known before the record is read, so the queue is read beside it.
 */
function queueNameOf(who: Bound, record: ReviewTarget, id: string): QueueName {
  switch (record) {
    case 'check':
      return id.startsWith('employment:') ? 'employmentCheck' : 'sourceCheck';
    case 'agreement':
      return who.user.role === 'schoolReviewer' ? 'agreementSchool' : 'agreementCollege';
    case 'termination':
      return 'termination';
    case 'employer':
      return 'employer';
    case 'destination':
      return 'destination';
  }
}

const REASON_KIND: Record<QueueName, ReturnReasonKind> = {
  sourceCheck: 'sourceCheck',
  employmentCheck: 'employmentCheck',
  agreementCollege: 'agreement',
  agreementSchool: 'agreement',
  agreementSeal: 'agreement',
  termination: 'termination',
  employer: 'employer',
  destination: 'destination',
};

/**
 * The record's queue beside it: how many wait, and the two longest-waiting (the queue's own order, so the page after
 * a decision opens what the list would put first; two, as this record may be the first). One count from the
 * summaries and a page of two, read alongside the record itself.
 */
async function queueBeside(deps: Deps, who: Bound, name: QueueName, settings: Promise<SettingsDoc>): Promise<{ pending: number; first: QueueItem[] } | null> {
  const q = QUEUES[name];
  const scope = scopeOf(who, q);
  if (!scope) return null;
  const where: Filter[] = [...q.base, stateIs(q.pending), ...scope];
  const [[pending = 0], page] = await Promise.all([
    tally(deps.store, [{ collection: q.collection, where }]),
    queuePage(deps.store, q, { where, orderBy: { field: 'updatedAt', direction: 'asc' }, limit: 2 }, settings),
  ]);
  return { pending, first: page.items };
}

/** What the detail says of its queue once the record is known: the others waiting, and the one to open next. */
function queueAfter(name: QueueName, beside: { pending: number; first: QueueItem[] }, current: QueueItem): ReviewDetailQueue {
  const after = beside.first.find((i) => i.id !== current.id);
  return {
    name,
    left: Math.max(0, beside.pending - (current.state === QUEUES[name].pending ? 1 : 0)),
    next: after ? { record: after.record, id: after.id, title: after.title } : null,
  };
}

export async function reviewDetail(deps: Deps, caller: Caller, record: ReviewTarget, id: string): Promise<ReviewDetail> {
  const who = await bound(deps, caller, REVIEWERS);
  const settings = loadSettings(deps.store);
  const guessed = queueNameOf(who, record, id);
  const [detail, guessedBeside, s] = await Promise.all([recordDetail(deps, who, record, id, settings), queueBeside(deps, who, guessed, settings), settings]);
  // an agreement's 回传鉴证 is known once it is read: its queue is read then (one wait more, for those only)
  const sealing = record === 'agreement' && (detail.item.state === 'pendingSealReview' || detail.item.state === 'pendingSeal');
  const name: QueueName = sealing ? 'agreementSeal' : guessed;
  const beside = sealing ? await queueBeside(deps, who, name, settings) : guessedBeside;
  return {
    ...detail,
    returnReasons: returnReasonsOf(s, REASON_KIND[name]),
    at: deps.clock().toISOString(),
    queue: beside ? queueAfter(name, beside, detail.item) : null,
  };
}

async function recordDetail(
  deps: Deps,
  who: Bound,
  record: ReviewTarget,
  id: string,
  settingsRead: Promise<SettingsDoc>,
): Promise<Omit<ReviewDetail, 'returnReasons' | 'queue' | 'at'>> {
  const { store } = deps;
  switch (record) {
    case 'check': {
      const [doc, settings] = await Promise.all([store.get('checks', id), settingsRead]);
      const check = inReviewerScope(who, doc);
      return { role: reviewerRole(who), record, item: checkItem(check, collegeName(settings, check.collegeId)), check: await checkFull(store, check.kind, check, null, false) };
    }
    case 'agreement': {
      const [doc, settings] = await Promise.all([store.get('agreements', id), settingsRead]);
      const agreement = inReviewerScope(who, doc);
      // 就业核查 with reasons, read now: the library and the other records may have changed since the queue's labels
      const [view, flags, seal] = await Promise.all([
        agreementFull(deps, agreement, 'reviewer'),
        flagsFor(deps, { record: 'agreement', agreement }),
        // 回传鉴证: the stamped pages beside the print, once uploaded
        sealReview(deps, agreement),
      ]);
      const item = { ...agreementItem(agreement, collegeName(settings, agreement.collegeId)), flags: flagLabels(flags.map((f) => f.code)) };
      const sealNext = agreement.state === 'pendingSchool' && settings.employerSeal;
      return { role: reviewerRole(who), record, item, agreement: view, flags, ...(seal ? { seal } : {}), ...(sealNext ? { sealNext } : {}) };
    }
    case 'termination': {
      const [doc, settings] = await Promise.all([store.get('terminations', id), settingsRead]);
      const termination = inReviewerScope(who, doc);
      const agreement = (await store.get('agreements', termination.agreementId)) ?? refuse('NOT_FOUND');
      const [view, agreementView] = await Promise.all([terminationFull(deps, termination), agreementFull(deps, agreement, 'reviewer')]);
      return {
        role: reviewerRole(who),
        record,
        item: terminationItem(termination, agreement, collegeName(settings, termination.collegeId)),
        termination: { ...view, agreement: agreementView },
      };
    }
    case 'destination': {
      const [doc, settings] = await Promise.all([store.get('destinations', id), settingsRead]);
      const destination = inReviewerScope(who, doc);
      // 就业核查 recomputed with reasons: the library and the other records may have changed since the submission
      const [view, flags] = await Promise.all([
        destinationFull(deps, destination, 'reviewer', settingsRead),
        flagsFor(deps, { record: 'destination', destination: { ...destination, id: destination._id } }),
      ]);
      const item = { ...destinationItem(destination, collegeName(settings, destination.collegeId), flagLabels), flags: flagLabels(flags.map((f) => f.code)) };
      // evidence a 修改 adds is the reviewer's own upload, as on every page that uploads
      return { role: reviewerRole(who), record, item, destination: view, flags, uploadFolder: uploadFolder(who.openid) };
    }
    case 'employer': {
      if (!scopeOf(who, QUEUES.employer)) refuse('FORBIDDEN');
      const employer = (await store.get('employers', id)) ?? refuse('NOT_FOUND');
      return { role: reviewerRole(who), record, item: employerItem(employer), employer: { ...employerRecord(employer), ...(await employerFiles(deps, employer)) } };
    }
  }
}
