/**
 * A stream of real mutations against a running local runtime over its HTTP contract, several in flight at once, that
 * runs until the runtime dies under it. Every answer received with `ok: true` is an acknowledged write and is kept
 * (function, caller, event, answer), so that a test can look for it in the store after a crash and replay it.
 *
 * Lanes run side by side, each a sequence that only moves its own records, so that none refuses another:
 * - a unit lane: a new HR registers a unit (bind), the school certifies it (review), then it sends 李四 offers
 *   (employerOffer create, edit) that 李四 declines (respondOffer) or the unit withdraws, over and over;
 * - the signing lane: the demo unit's offer to 张三, 应约, college and school review, 申请解约 with a letter
 *   (upload), its approval, and round again: agreements, terminations, the roster lock and the number counter;
 * - the check lane: 李四's 生源核查 saved, submitted and withdrawn, round and round.
 * A lane ends at the first request that gets no answer (the runtime is gone) or a refusal (kept, for the test to fail).
 */
import { withUsccCheck } from '../../server/domain/identifiers';
import type { AuditedRecord } from '../../server/domain/types';
import type { Store } from '../../server/store/port';
import { DEMO_EMPLOYER_ID, DEMO_OPENIDS } from '../../server/runtime/seed';
import type { OfferTerms } from '../../typings';
import { jpegBytes } from './files';

export const ZHANG_NO = '2026010101';
export const LI_NO = '2026010102';

export interface Acknowledged {
  fn: string;
  openid: string;
  event: Record<string, unknown>;
  /** the answer's data */
  data: unknown;
}

/** A record the answer says exists, at this version (and state, where the record has one). */
export interface Expected {
  record: AuditedRecord;
  id: string;
  version: number;
  state?: string;
}

/** What an acknowledged answer promises is stored: its records and the request's first result. */
export function promisedBy(ack: Acknowledged): { records: Expected[]; requests: { key: string; result: unknown }[] } {
  const data = ack.data as Record<string, unknown>;
  const requestId = String(ack.event.requestId);
  if (ack.fn === 'review') {
    const items = ack.event.items as { record: AuditedRecord; id: string }[];
    const results = data.results as { id: string; ok: boolean; state: string; version: number }[];
    return {
      records: results.flatMap((r, i) => (r.ok ? [{ record: items[i]!.record, id: r.id, version: r.version, state: r.state }] : [])),
      requests: results.map((result, i) => ({ key: `${ack.openid}:${requestId}:${i}`, result })),
    };
  }
  const records: Expected[] =
    ack.fn === 'bind'
      ? [
          { record: 'user', id: ack.openid, version: 1 },
          ...(data.employerId ? [{ record: 'employer' as const, id: String(data.employerId), version: 1, state: 'registered' }] : []),
        ]
      : [{ record: data.record as AuditedRecord, id: String(data.id), version: Number(data.version), state: String(data.state) }];
  return { records, requests: [{ key: `${ack.openid}:${requestId}`, result: ack.data }] };
}

/** The runtime stopped answering: the end of a lane, not a failure. */
class Cut extends Error {}

export class Load {
  readonly acknowledged: Acknowledged[] = [];
  readonly refused: { fn: string; openid: string; event: unknown; answer: unknown }[] = [];
  inFlight = 0;
  private requests = 0;
  /** called after each acknowledgement, with the count so far */
  onAcknowledged: (count: number) => void = () => undefined;

  constructor(private readonly url: string, private readonly tag: string) {}

  requestId(): string {
    return `crash-${this.tag}-${++this.requests}`;
  }

  private async post(path: string, openid: string, body: string | Buffer): Promise<Record<string, unknown>> {
    this.inFlight += 1;
    try {
      const res = await fetch(`${this.url}${path}`, { method: 'POST', headers: { 'X-WX-OPENID': openid }, body });
      return (await res.json()) as Record<string, unknown>;
    } catch {
      throw new Cut();
    } finally {
      this.inFlight -= 1;
    }
  }

  async call<T = Record<string, unknown>>(fn: string, openid: string, event: Record<string, unknown>): Promise<T> {
    const answer = await this.post(`/fn/${fn}`, openid, JSON.stringify(event));
    if (answer.ok !== true) {
      this.refused.push({ fn, openid, event, answer });
      throw new Cut();
    }
    this.acknowledged.push({ fn, openid, event, data: answer.data });
    this.onAcknowledged(this.acknowledged.length);
    return answer.data as T;
  }

  async upload(openid: string, name: string): Promise<string> {
    const answer = await this.post(`/upload?name=${name}`, openid, jpegBytes(`解约函 ${name}`));
    if (answer.ok !== true) {
      this.refused.push({ fn: 'upload', openid, event: { name }, answer });
      throw new Cut();
    }
    return (answer.data as { fileId: string }).fileId;
  }
}

interface Mutated {
  id: string;
  version: number;
  state: string;
}

const terms = (salary: number): OfferTerms => ({
  job: { title: '测试工程师', region: '440305', monthlySalary: salary, contractYears: 3, startDate: '2026-07-01' },
  file: { transfer: false },
  hukou: { migrate: false },
});

/** A unit of its own per lane and round: a credit code nobody else registers. */
const unit = (n: number) => ({
  name: `崩溃测试单位${n}有限公司`,
  uscc: withUsccCheck(`91440101MA${String(n).padStart(3, '0')}0000`),
  nature: '39',
  industry: '65',
  region: '440305',
  address: '广东省深圳市南山区科技园2号',
  contactName: '周女士',
  contactPhone: '13700137000',
});

async function unitLane(load: Load, n: number): Promise<void> {
  const hr = `crash-hr-${n}`;
  const licence = await load.upload(hr, `licence-${n}.jpg`);
  const { employerId } = await load.call<{ employerId: string }>('bind', hr, { action: 'registerEmployer', requestId: load.requestId(), employer: unit(n), licenceFiles: [licence] });
  await load.call('review', DEMO_OPENIDS.schoolReviewer, { requestId: load.requestId(), decision: 'approve', items: [{ record: 'employer', id: employerId, version: 1 }] });
  for (let round = 0; ; round++) {
    const sent = await load.call<Mutated>('employerOffer', hr, { action: 'create', requestId: load.requestId(), studentNo: LI_NO, studentName: '李四', terms: terms(9000 + round) });
    const edited = await load.call<Mutated>('employerOffer', hr, { action: 'edit', requestId: load.requestId(), offerId: sent.id, version: sent.version, terms: terms(10000 + round) });
    if (round % 2 === 0) {
      await load.call('respondOffer', DEMO_OPENIDS.student2, { action: 'decline', requestId: load.requestId(), offerId: sent.id, version: edited.version, reason: '已有其他安排' });
    } else {
      await load.call('employerOffer', hr, { action: 'withdraw', requestId: load.requestId(), offerId: sent.id, version: edited.version });
    }
  }
}

/** Where 张三's signing stands: the next thing to do. */
export type SigningStep =
  | { next: 'offer' }
  | { next: 'accept'; offerId: string; version: number }
  | { next: 'college' | 'school'; agreementId: string; version: number }
  | { next: 'terminate'; agreementId: string }
  | { next: 'decide'; terminationId: string; version: number };

async function signingLane(load: Load, from: SigningStep): Promise<void> {
  const zhang = DEMO_OPENIDS.student;
  const approve = (reviewer: string, record: string, id: string, version: number) =>
    load.call<{ results: Mutated[] }>('review', reviewer, { requestId: load.requestId(), decision: 'approve', items: [{ record, id, version }] });
  let at = from;
  for (let n = 0; ; n++) {
    switch (at.next) {
      case 'offer': {
        const sent = await load.call<Mutated>('employerOffer', DEMO_OPENIDS.employer, { action: 'create', requestId: load.requestId(), studentNo: ZHANG_NO, studentName: '张三', terms: terms(15000 + n) });
        at = { next: 'accept', offerId: sent.id, version: sent.version };
        break;
      }
      case 'accept': {
        const a = await load.call<Mutated>('respondOffer', zhang, { action: 'accept', requestId: load.requestId(), offerId: at.offerId, version: at.version });
        at = { next: 'college', agreementId: a.id, version: a.version };
        break;
      }
      case 'college':
      case 'school': {
        const reviewer = at.next === 'college' ? DEMO_OPENIDS.collegeReviewer : DEMO_OPENIDS.schoolReviewer;
        const done = (await approve(reviewer, 'agreement', at.agreementId, at.version)).results[0]!;
        at = at.next === 'college' ? { next: 'school', agreementId: at.agreementId, version: done.version } : { next: 'terminate', agreementId: at.agreementId };
        break;
      }
      case 'terminate': {
        const letter = await load.upload(zhang, `letter-${n}.jpg`);
        const t = await load.call<Mutated>('requestTermination', zhang, { action: 'submit', requestId: load.requestId(), agreementId: at.agreementId, explanation: '单位撤销岗位，协商一致解约', evidenceFiles: [letter] });
        at = { next: 'decide', terminationId: t.id, version: t.version };
        break;
      }
      case 'decide':
        await approve(DEMO_OPENIDS.schoolReviewer, 'termination', at.terminationId, at.version);
        at = { next: 'offer' };
        break;
    }
  }
}

/** Where 李四's 生源核查 stands: its version (0: none yet) and state. */
export interface CheckStep {
  version: number;
  state: string;
}

async function checkLane(load: Load, from: CheckStep): Promise<void> {
  const li = DEMO_OPENIDS.student2;
  let { version, state } = from;
  for (let n = 0; ; n++) {
    const event =
      state === 'submitted'
        ? { action: 'withdraw', kind: 'source', version }
        : n % 2 === 0
          ? { action: 'save', kind: 'source', version, fields: { phone: `1391111${String(n % 10000).padStart(4, '0')}`, email: 'lisi@example.com', homeAddress: '北京市东城区东华门街道1号' } }
          : { action: 'submit', kind: 'source', version };
    ({ version, state } = await load.call<Mutated>('submitCheck', li, { ...event, requestId: load.requestId() }));
  }
}

export interface Resume {
  signing: SigningStep;
  check: CheckStep;
}

/** The demo school as the seed leaves it: 张三's offer open, 李四 without a check. */
export const SEEDED: Resume = { signing: { next: 'accept', offerId: 'offer-demo-1', version: 1 }, check: { version: 0, state: 'none' } };

/** Where the signing and check lanes stand in a store, whatever a crash left half-way. */
export async function resumeFrom(store: Store): Promise<Resume> {
  const li = await store.get('checks', `source:${LI_NO}`);
  const check = li ? { version: li.version, state: li.state } : SEEDED.check;
  const zhang = (await store.get('students', ZHANG_NO))!;
  const active = zhang.activeAgreementId ? await store.get('agreements', zhang.activeAgreementId) : null;
  if (active?.state === 'pendingCollege') return { check, signing: { next: 'college', agreementId: active._id, version: active.version } };
  if (active?.state === 'pendingSchool') return { check, signing: { next: 'school', agreementId: active._id, version: active.version } };
  if (active?.state === 'signed') {
    const waiting = await store.query('terminations', { where: [{ field: 'agreementId', op: '==', value: active._id }, { field: 'state', op: '==', value: 'submitted' }], limit: 1 });
    const t = waiting.items[0];
    return { check, signing: t ? { next: 'decide', terminationId: t._id, version: t.version } : { next: 'terminate', agreementId: active._id } };
  }
  if (active) throw new Error(`张三's active agreement is ${active.state}, which the signing lane never leaves it in`);
  const open = await store.query('offers', {
    where: [{ field: 'studentNo', op: '==', value: ZHANG_NO }, { field: 'employerId', op: '==', value: DEMO_EMPLOYER_ID }, { field: 'state', op: '==', value: 'open' }],
    limit: 1,
  });
  const offer = open.items[0];
  return { check, signing: offer ? { next: 'accept', offerId: offer._id, version: offer.version } : { next: 'offer' } };
}

/** Starts every lane; resolves when all have ended (the runtime died, or a lane was refused). */
export function runLanes(load: Load, from: Resume, units: { first: number; count: number }): Promise<void> {
  const lanes = [
    ...Array.from({ length: units.count }, (_, i) => unitLane(load, units.first + i)),
    signingLane(load, from.signing),
    checkLane(load, from.check),
  ];
  return Promise.all(lanes.map((lane) => lane.catch((e: unknown) => {
    if (!(e instanceof Cut)) throw e;
  }))).then(() => undefined);
}
