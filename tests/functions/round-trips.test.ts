/**
 * How often each decision waits on the store, counted (not timed) over a store that counts its calls: on CloudBase
 * every wait is a round trip to the service. The targets: at most 3 waits for every decision, 2 for most (one read
 * of what it needs, one commit), and the delivery of its messages one write after the send. Alongside, what those
 * savings must not cost: a message stored claimed is sent by the run that stored it, or by nobody twice.
 */
import { bind, BIND_LIMITS } from '../../server/usecases/bind';
import { employerOffer } from '../../server/usecases/employerOffer';
import { query } from '../../server/usecases/query';
import { respondOffer } from '../../server/usecases/respondOffer';
import { review } from '../../server/usecases/review';
import { submitCheck } from '../../server/usecases/submitCheck';
import { verifyAgreement } from '../../server/usecases/verifyAgreement';
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { requestTermination } from '../../server/usecases/requestTermination';
import { deliverDue } from '../../server/app/delivery';
import { CLAIM_MS } from '../../server/notify/outbox';
import { requestKey } from '../../server/app/mutate';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import type { Commit } from '../../server/store/port';
import type { OutboxDoc } from '../../server/domain/types';
import { SqliteStore } from '../../server/store/sqlite';
import { countingStore, type Counts } from '../../scripts/bench/countingStore';
import { approve, initiationDraft } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';

const S = DEMO_OPENIDS;
const LISI = '2026010102';
/** 王五, on the roster, not bound; his ID number ends 013459 */
const WANG = '2026020101';

interface Measured<T> {
  result: T;
  /** the decision's waits, up to and including its commit */
  waves: number;
  /** the waits after the commit: the delivery of its messages */
  delivery: number;
  counts: Counts;
}

describe('store round trips per decision (a warm instance: the settings held)', () => {
  let sys: TestSystem;
  let counting: ReturnType<typeof countingStore>;
  /** what each decision's commit stored in the outbox, in order */
  let stored: OutboxDoc[][];

  const measured = async <T>(run: () => Promise<T>): Promise<Measured<T>> => {
    counting.reset();
    const result = await run();
    const [all, waves] = [counting.waves(), counting.decisionWaves()];
    return { result, waves, delivery: all - waves, counts: counting.reset() };
  };

  beforeEach(async () => {
    counting = countingStore(new SqliteStore({ path: ':memory:' }));
    sys = await makeSystem({ store: counting.store });
    stored = [];
    const commit = counting.store.commit.bind(counting.store);
    counting.store.commit = async (c: Commit) => {
      if (c.request) stored.push(c.outbox);
      return commit(c);
    };
    // the instance has run since it started: the settings are held
    await sys.ok(query, S.student, { view: 'home' });
  });
  afterEach(() => sys.close());

  const save = () => sys.ok(submitCheck, S.student2, { action: 'save', requestId: rid(), kind: 'source', version: 0, fields: { phone: '13800000002', email: 'li@example.com', homeAddress: '北京市东城区1号' } });
  const submit = () => sys.ok(submitCheck, S.student2, { action: 'submit', requestId: rid(), kind: 'source', version: 1 });
  const approveCheck = () => sys.ok(review, S.collegeReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'check', id: `source:${LISI}`, version: 2 }] });
  const terms = async () => (await sys.store.get('offers', 'offer-demo-1'))!.terms;
  const offerToLisi = async () => sys.ok(employerOffer, S.employer, { action: 'create', requestId: rid(), studentNo: LISI, studentName: '李四', terms: await terms() });
  const accept = (openid: string, offerId: string) => sys.ok(respondOffer, openid, { action: 'accept', requestId: rid(), offerId, version: 1 });
  const reviewAgreement = (openid: string, id: string, version: number) =>
    sys.ok(review, openid, { requestId: rid(), decision: 'approve', items: [{ record: 'agreement', id, version }] });

  it('a student bind waits twice: one read of everything it needs, one commit that also counts the try', async () => {
    const idLast6 = '013459';
    const { waves, counts } = await measured(() => sys.ok(bind, 'wx-wang', { action: 'student', requestId: rid(), studentNo: WANG, name: '王五', idLast6 }));
    expect(waves).toBeLessThanOrEqual(2);
    expect(counts.commit).toBe(1);
    expect(await sys.store.get('ratelimits', `${BIND_LIMITS.perCaller.name}:wx-wang`)).toMatchObject({ count: 1 });
    expect(await sys.store.get('ratelimits', `${BIND_LIMITS.perStudent.name}:${WANG}`)).toMatchObject({ count: 1 });
  });

  it('a 生源 check waits at most 3 times for a student the function has not served, twice once it has', async () => {
    const first = await measured(save);
    const again = await measured(submit);
    expect(first.waves).toBeLessThanOrEqual(3);
    expect(again.waves).toBeLessThanOrEqual(2);
    expect(again.result).toMatchObject({ state: 'submitted', version: 2 });
  });

  it('reviewing one check waits twice, and its message is delivered with one write after the send', async () => {
    await save();
    await submit();
    const { waves, delivery, result } = await measured(approveCheck);
    expect(result).toMatchObject({ approved: 1 });
    expect(waves).toBeLessThanOrEqual(2);
    expect(delivery).toBeLessThanOrEqual(1);
    const [message] = stored.at(-1)!;
    expect(message).toMatchObject({ state: 'sending', to: S.student2 });
    expect(await sys.store.get('outbox', message!._id)).toMatchObject({ state: 'sent', attempts: 1, version: 2 });
    expect(sys.sender.sent).toHaveLength(1);
  });

  it('sending an offer waits at most 3 times, its message one write after the send', async () => {
    const offered = await terms();
    const { waves, delivery } = await measured(() => sys.ok(employerOffer, S.employer, { action: 'create', requestId: rid(), studentNo: LISI, studentName: '李四', terms: offered }));
    expect(waves).toBeLessThanOrEqual(3);
    expect(delivery).toBeLessThanOrEqual(1);
    expect(sys.sender.sent.map((m) => m.touser)).toEqual([S.student2]);
  });

  it('respondOffer accept waits on the store at most 3 times, twice for a student the function has served; decline twice', async () => {
    await save();
    await submit();
    await approveCheck();
    const offer = await offerToLisi();
    const declined = await measured(() => sys.ok(respondOffer, S.student, { action: 'decline', requestId: rid(), offerId: 'offer-demo-1', version: 1, reason: '已有其他安排' }));
    expect(declined.waves).toBeLessThanOrEqual(2);
    expect(declined.delivery).toBeLessThanOrEqual(1);
    const accepted = await measured(() => accept(S.student2, offer.id));
    expect(accepted.result).toMatchObject({ record: 'agreement', state: 'pendingCollege' });
    expect(accepted.waves).toBeLessThanOrEqual(3);
    expect(accepted.delivery).toBeLessThanOrEqual(1);
    // 张三 again, to the same function: seen by his decline
    const another = await sys.ok(employerOffer, S.employer, { action: 'create', requestId: rid(), studentNo: '2026010101', studentName: '张三', terms: await terms() });
    const seen = await measured(() => accept(S.student, another.id));
    expect(seen.result).toMatchObject({ record: 'agreement', state: 'pendingCollege' });
    expect(seen.waves).toBeLessThanOrEqual(2);
  });

  it('reviewing an agreement waits twice; the school’s approval sends two messages recorded in one write', async () => {
    await save();
    await submit();
    await approveCheck();
    const agreement = await accept(S.student2, (await offerToLisi()).id);
    const college = await measured(() => reviewAgreement(S.collegeReviewer, agreement.id, 1));
    const school = await measured(() => reviewAgreement(S.schoolReviewer, agreement.id, 2));
    expect([college.waves, school.waves].every((w) => w <= 2)).toBe(true);
    expect([college.delivery, school.delivery]).toEqual([1, 1]);
    expect(stored.at(-1)).toHaveLength(2);
    for (const m of stored.at(-1)!) expect(await sys.store.get('outbox', m._id)).toMatchObject({ state: 'sent', version: 2 });
    // and 协议核验 of the signed agreement waits twice: its read beside the counters, then their count
    const signed = (await sys.store.get('agreements', agreement.id))!;
    const verified = await measured(() => sys.ok(verifyAgreement, 'wx-checker', { agreementNo: signed.agreementNo }));
    expect(verified.result).toMatchObject({ found: true });
    expect(verified.waves).toBeLessThanOrEqual(2);
  });

  it('学生发起 waits at most 3 times, twice for a student the function has seen; 申请解约 3, its 撤回 and its review 2 and 3', async () => {
    // 张三's own agreement, saved then submitted
    const proof = await sys.upload(S.student, 'offer-letter.jpg');
    const saved = await measured(() => sys.ok(initiateSigning, S.student, { action: 'save', requestId: rid(), version: 0, draft: initiationDraft([proof]) }));
    const submitted = await measured(() =>
      sys.ok(initiateSigning, S.student, { action: 'submit', requestId: rid(), agreementId: saved.result.id, version: 1, draft: initiationDraft([proof]) }),
    );
    expect(submitted.result).toMatchObject({ state: 'pendingCollege', version: 2 });
    expect(saved.waves).toBeLessThanOrEqual(3);
    expect(submitted.waves).toBeLessThanOrEqual(2);
    // signed, then 申请解约, withdrawn, asked again and approved
    const signed = await approve(sys, (await sys.store.get('agreements', saved.result.id))!);
    const letter = await sys.upload(S.student, 'letter.jpg');
    const ask = () => sys.ok(requestTermination, S.student, { action: 'submit', requestId: rid(), agreementId: signed._id, explanation: '单位撤销岗位，双方协商一致解约', evidenceFiles: [letter] });
    const asked = await measured(ask);
    const withdrawn = await measured(() => sys.ok(requestTermination, S.student, { action: 'withdraw', requestId: rid(), terminationId: asked.result.id, version: 1 }));
    const again = await ask();
    const decided = await measured(() =>
      sys.ok(review, S.schoolReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'termination', id: again.id, version: again.version }] }),
    );
    expect(withdrawn.result).toMatchObject({ state: 'withdrawn' });
    expect(decided.result).toMatchObject({ approved: 1 });
    expect(asked.waves).toBeLessThanOrEqual(3);
    expect(withdrawn.waves).toBeLessThanOrEqual(2);
    expect(decided.waves).toBeLessThanOrEqual(3);
  });
});

describe('messages stored claimed at the commit', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
    // a warm instance: the settings held, as a commit that stores its messages claimed needs them for the send
    await sys.ok(query, S.student, { view: 'home' });
  });
  afterEach(() => sys.close());

  /** the outbox of every commit that stored a request's answer, as it was committed */
  const watchCommits = (): OutboxDoc[][] => {
    const seen: OutboxDoc[][] = [];
    const commit = sys.deps.store.commit.bind(sys.deps.store);
    sys.deps.store.commit = async (c: Commit) => {
      if (c.request) seen.push(c.outbox);
      return commit(c);
    };
    return seen;
  };
  const submitted = async (openid: string) => {
    await sys.ok(submitCheck, openid, { action: 'save', requestId: rid(), kind: 'source', version: 0, fields: { phone: '13800000002', email: 'li@example.com', homeAddress: '北京市东城区1号' } });
    await sys.ok(submitCheck, openid, { action: 'submit', requestId: rid(), kind: 'source', version: 1 });
  };
  const approveLisi = () => sys.call(review, S.collegeReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'check', id: `source:${LISI}`, version: 2 }] });

  it('where nobody sends (no sender), a commit stores its messages pending, for whatever sends them later', async () => {
    await submitted(S.student2);
    delete sys.deps.sender;
    const commits = watchCommits();
    expect(await approveLisi()).toMatchObject({ ok: true });
    expect(commits.at(-1)!.map((m) => m.state)).toEqual(['pending']);
  });

  it('a review batch of several items stores its messages pending: it may have no time left to start them, and a claimed one would never be sent', async () => {
    // given 李四's submitted check, reviewed in a batch with another item (refused: no such check)
    await submitted(S.student2);
    const commits = watchCommits();
    const out = await sys.ok(review, S.collegeReviewer, {
      requestId: rid(),
      decision: 'approve',
      items: [
        { record: 'check', id: `source:${LISI}`, version: 2 },
        { record: 'check', id: 'source:2026019999', version: 1 },
      ],
    });
    expect(out).toMatchObject({ approved: 1, failed: 1 });
    expect(commits.flat().map((m) => m.state)).toEqual(['pending']);
    // delivered all the same, once
    expect(sys.sender.sent.map((m) => m.touser)).toEqual([S.student2]);
    expect((await sys.all('outbox')).filter((m) => m.to === S.student2).map((m) => m.state)).toEqual(['sent']);
  });

  it('a commit whose outcome the store did not report gives its messages back: the hourly run sends them', async () => {
    await submitted(S.student2);
    // the store applies the review's commit but the answer is lost on the way back
    const commit = sys.deps.store.commit.bind(sys.deps.store);
    sys.deps.store.commit = async (c: Commit) => {
      await commit(c);
      if (c.request?._id.startsWith(requestKey({ openid: S.collegeReviewer }, ''))) throw new Error('network: no answer');
    };
    const out = await approveLisi();
    sys.deps.store.commit = commit;
    expect(out).toMatchObject({ ok: true, data: { failed: 1 } });
    const [message] = (await sys.all('outbox')).filter((m) => m.to === S.student2);
    expect(message).toMatchObject({ state: 'pending', version: 2 });
    expect(sys.sender.sent).toHaveLength(0);
    await deliverDue(sys.deps, Date.now() + 5_000);
    expect(sys.sender.sent.filter((m) => m.touser === S.student2)).toHaveLength(1);
    expect(await sys.store.get('outbox', message!._id)).toMatchObject({ state: 'sent' });
  });

  it('a run that dies after its commit, before it records the send, leaves the message unconfirmed: never sent twice', async () => {
    await submitted(S.student2);
    // the send never comes back (the instance is frozen or killed)
    let sends = 0;
    sys.deps.sender = { send: () => (sends++, new Promise(() => undefined)) };
    void approveLisi();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [message] = (await sys.all('outbox')).filter((m) => m.to === S.student2);
    expect(message).toMatchObject({ state: 'sending', version: 1 });
    expect(sends).toBe(1);
    // the hourly run leaves it while the claim holds, then calls it unconfirmed without sending it
    sys.deps.sender = sys.sender;
    await deliverDue(sys.deps, Date.now() + 5_000);
    expect(await sys.store.get('outbox', message!._id)).toMatchObject({ state: 'sending' });
    sys.advance(CLAIM_MS + 60_000);
    const report = await deliverDue(sys.deps, Date.now() + 5_000);
    expect(report.unconfirmed).toBe(1);
    expect(sys.sender.sent.filter((m) => m.touser === S.student2)).toHaveLength(0);
    expect(await sys.store.get('outbox', message!._id)).toMatchObject({ state: 'unconfirmed' });
  });
});
