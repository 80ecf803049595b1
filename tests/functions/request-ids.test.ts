/**
 * A client request id answers only the request it was first sent with: the same caller, function, action and body.
 * A retry gets the first answer and writes nothing; another request under a used id is refused with
 * REQUEST_ID_REUSED and writes nothing either, also when the two arrive at the same moment.
 */
import { bind } from '../../server/usecases/bind';
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { respondOffer } from '../../server/usecases/respondOffer';
import { review } from '../../server/usecases/review';
import { submitCheck } from '../../server/usecases/submitCheck';
import { step } from '../../server/domain/machine';
import { studentKeys } from '../../server/domain/parties';
import type { CheckDoc } from '../../server/domain/types';
import { invoke } from '../../server/runtime/handler';
import { DEMO_EMPLOYER_ID, DEMO_INVITE_CODE, DEMO_OPENIDS } from '../../server/runtime/seed';
import { COLLECTION_NAMES, type Store } from '../../server/store/port';
import type { Result } from '../../typings';
import { TERMS } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';

const ZHANG = DEMO_OPENIDS.student;
const LI = DEMO_OPENIDS.student2;
const LI_NO = '2026010102';
const CS = DEMO_OPENIDS.collegeReviewer;
const REUSED = { ok: false, code: 'REQUEST_ID_REUSED', message: '上一次提交已经生效，这次的内容与之不同，请刷新页面后再提交' };

/** Every collection, to show that a refusal wrote nothing at all (rate-limit counters included). */
const dump = async (sys: TestSystem): Promise<string> =>
  JSON.stringify(await Promise.all(COLLECTION_NAMES.map((c) => sys.all(c))));

const save = (requestId: string, fields: Record<string, string>, version = 0) =>
  ({ action: 'save', requestId, kind: 'source', version, fields });
const decline = (requestId: string) => ({ action: 'decline', requestId, offerId: 'offer-demo-1', version: 1, reason: '已有其他安排' });
const accept = (requestId: string) => ({ action: 'accept', requestId, offerId: 'offer-demo-1', version: 1 });
const approve = (requestId: string, ...items: { id: string; version: number }[]) =>
  ({ requestId, decision: 'approve', items: items.map((i) => ({ record: 'check', ...i })) });

describe('review: request ids', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  describe('one caller, one function', () => {
    it('the same request again gets the first answer, as it was, and is written once', async () => {
      const id = rid();
      const first = await sys.ok(submitCheck, LI, save(id, { phone: '13911112222' }));
      const before = await dump(sys);

      expect(await sys.call(submitCheck, LI, save(id, { phone: '13911112222' }))).toEqual({ ok: true, data: first });
      // the same request with its keys in another order is no other request
      const reordered = { fields: { phone: '13911112222' }, version: 0, kind: 'source', requestId: id, action: 'save' };
      expect(await sys.call(submitCheck, LI, reordered)).toEqual({ ok: true, data: first });

      expect(await dump(sys)).toBe(before);
      expect(await sys.auditOf('check', `source:${LI_NO}`)).toHaveLength(1);
      expect(await sys.store.get('requests', `${LI}:${id}`)).toMatchObject({ result: first, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    });

    it('the same id with another action of the function is refused, writes nothing, and leaves the id’s first request in force', async () => {
      const id = rid();
      await sys.ok(submitCheck, LI, save(id, { phone: '13911112222' }));
      const before = await dump(sys);

      const submit = { action: 'submit', requestId: id, kind: 'source', version: 1, fields: { email: 'lisi@example.com', homeAddress: '北京市东城区东华门街道1号' } };
      expect(await sys.call(submitCheck, LI, submit)).toEqual(REUSED);

      expect(await dump(sys)).toBe(before);
      expect(await sys.store.get('checks', `source:${LI_NO}`)).toMatchObject({ state: 'draft', version: 1 });
      // the refusal was the id's, not the request's: under a fresh id it goes through
      expect(await sys.ok(submitCheck, LI, { ...submit, requestId: rid() })).toMatchObject({ state: 'submitted', version: 2 });
    });

    it('the same id and action with another body is refused: the second save is not silently taken for the first', async () => {
      const id = rid();
      await sys.ok(submitCheck, LI, save(id, { phone: '13911112222' }));
      const before = await dump(sys);

      expect(await sys.call(submitCheck, LI, save(id, { phone: '13933334444' }))).toEqual(REUSED);
      expect(await sys.call(submitCheck, LI, save(id, { phone: '13911112222' }, 1))).toEqual(REUSED);

      expect(await dump(sys)).toBe(before);
      expect((await sys.store.get('checks', `source:${LI_NO}`))!.fields.phone).toBe('13911112222');
    });

    it('a refusal stores nothing, so its id may carry the corrected request', async () => {
      const id = rid();
      expect(await sys.call(submitCheck, LI, save(id, { phone: '13911112222' }, 3))).toMatchObject({ ok: false, code: 'CONFLICT' });
      expect(await sys.ok(submitCheck, LI, save(id, { phone: '13911112222' }))).toMatchObject({ state: 'draft', version: 1 });
    });
  });

  describe('across functions and callers', () => {
    it('the same id sent to another function is refused and writes nothing', async () => {
      const id = rid();
      const declined = await sys.ok(respondOffer, ZHANG, decline(id));
      const before = await dump(sys);

      const initiate = { action: 'save', requestId: id, version: 0, draft: { ...TERMS, employer: { employerId: DEMO_EMPLOYER_ID }, proofFiles: [] } };
      expect(await sys.call(initiateSigning, ZHANG, initiate)).toEqual(REUSED);
      expect(await sys.call(submitCheck, ZHANG, { action: 'save', requestId: id, kind: 'employment', version: 0, fields: {} })).toEqual(REUSED);

      expect(await dump(sys)).toBe(before);
      expect(await sys.call(respondOffer, ZHANG, decline(id))).toEqual({ ok: true, data: declined });
    });

    it('an id is the caller’s own: another user’s request under the same id is theirs, not a reuse', async () => {
      const id = rid();
      await sys.ok(respondOffer, ZHANG, decline(id));
      expect(await sys.ok(submitCheck, LI, save(id, { phone: '13911112222' }))).toMatchObject({ state: 'draft', version: 1 });
    });

    it('bind refuses a used id before its limits count the request', async () => {
      const id = rid();
      await sys.ok(bind, 'wx-wang', { action: 'student', requestId: id, studentNo: '2026020101', name: '王五', idLast6: '013459' });
      const before = await dump(sys);

      expect(await sys.call(bind, 'wx-wang', { action: 'invite', requestId: id, code: DEMO_INVITE_CODE })).toEqual(REUSED);
      expect(await sys.call(bind, 'wx-wang', { action: 'student', requestId: id, studentNo: '2026020101', name: '王五', idLast6: '000000' })).toEqual(REUSED);

      expect(await dump(sys)).toBe(before);
    });
  });

  describe('two requests under one id at the same moment', () => {
    it('sent together: exactly one takes effect, the other is refused', async () => {
      const id = rid();
      const [a, b] = await Promise.all([sys.call(respondOffer, ZHANG, accept(id)), sys.call(respondOffer, ZHANG, decline(id))]);

      expect([a, b].filter((r) => r.ok)).toHaveLength(1);
      expect([a, b].find((r) => !r.ok)).toEqual(REUSED);
      expect((await sys.store.get('offers', 'offer-demo-1'))!.state).toBe(a.ok ? 'accepted' : 'declined');
      expect((await sys.auditOf('offer', 'offer-demo-1')).map((e) => e.action)).toEqual(['create', a.ok ? 'accept' : 'decline']);
      expect((await sys.all('requests')).filter((r) => r._id.startsWith(`${ZHANG}:`))).toHaveLength(1);
    });

    it('two saves of different checks, which meet on no record: still one, the other refused', async () => {
      const id = rid();
      const employment = { action: 'save', requestId: id, kind: 'employment', version: 0, fields: { jobTitle: '数据分析师' } };
      const [a, b] = await Promise.all([sys.call(submitCheck, LI, save(id, { phone: '13911112222' })), sys.call(submitCheck, LI, employment)]);

      expect([a, b].filter((r) => r.ok)).toHaveLength(1);
      expect([a, b].find((r) => !r.ok)).toEqual(REUSED);
      expect((await sys.all('checks')).filter((c) => c.studentNo === LI_NO)).toHaveLength(1);
    });

    /**
     * The store, with `other` run to its end at a chosen moment of this call: after its first look for an answer,
     * either just before it reads the offer (its plan) or just before it commits.
     */
    function landing(moment: 'plan' | 'commit', other: () => Promise<unknown>): Store {
      const real = sys.store;
      const racing: Store = Object.create(real) as Store;
      let landed = false;
      const land = async () => {
        if (landed) return;
        landed = true;
        await other();
      };
      if (moment === 'plan') {
        racing.get = (async (collection: 'offers', id: string) => {
          if (collection === 'offers') await land();
          return real.get(collection, id);
        }) as Store['get'];
      } else {
        racing.commit = async (commit) => {
          await land();
          return real.commit(commit);
        };
      }
      return racing;
    }

    for (const moment of ['plan', 'commit'] as const) {
      it(`another request under the id lands before this one's ${moment}: this one is refused and writes nothing`, async () => {
        const id = rid();
        const racing = landing(moment, () => sys.ok(respondOffer, ZHANG, decline(id)));

        const raced = await invoke(respondOffer, { ...sys.deps, store: racing }, { openid: ZHANG }, accept(id));

        expect(raced).toEqual(REUSED);
        expect((await sys.store.get('offers', 'offer-demo-1'))!.state).toBe('declined');
        expect((await sys.auditOf('offer', 'offer-demo-1')).map((e) => e.action)).toEqual(['create', 'decline']);
        expect(await sys.all('agreements')).toHaveLength(0);
      });

      it(`a copy of this very request lands before its ${moment}: this one gets the copy's answer`, async () => {
        const id = rid();
        let first: unknown;
        const racing = landing(moment, async () => {
          first = await sys.ok(respondOffer, ZHANG, decline(id));
        });

        const raced = await invoke(respondOffer, { ...sys.deps, store: racing }, { openid: ZHANG }, decline(id));

        expect(raced).toEqual({ ok: true, data: first });
        expect((await sys.auditOf('offer', 'offer-demo-1')).map((e) => e.action)).toEqual(['create', 'decline']);
      });
    }
  });

  describe('review batches', () => {
    /** 李四's two checks, submitted (as submitCheck would leave them): both in 计算机学院's queue. */
    async function twoSubmittedChecks(): Promise<void> {
      const student = (await sys.store.get('students', LI_NO))!;
      for (const kind of ['source', 'employment'] as const) {
        const created = step<'check', CheckDoc>({
          kind: 'check', current: null, id: `${kind}:${LI_NO}`, action: 'submit',
          actor: { openid: LI, role: 'student' }, now: sys.deps.clock().toISOString(),
          patch: { kind, ...studentKeys(student), fields: { phone: '13911112222' }, schoolValues: {}, submittedAt: sys.deps.clock().toISOString() },
        });
        await sys.store.commit({ writes: [{ collection: 'checks', doc: created.doc, expectedVersion: 0 }], audit: [created.audit], outbox: [] });
      }
    }

    it('a retried batch answers item by item as first, and writes nothing more', async () => {
      await twoSubmittedChecks();
      const batch = approve(rid(), { id: `source:${LI_NO}`, version: 1 }, { id: `employment:${LI_NO}`, version: 7 });
      const first = await sys.ok(review, CS, batch);
      expect(first).toMatchObject({ approved: 1, failed: 1 });
      const before = await dump(sys);

      expect(await sys.call(review, CS, batch)).toEqual({ ok: true, data: first });
      expect(await dump(sys)).toBe(before);
    });

    it('another batch under a used id is refused whole, even where its items do not line up with the first one’s', async () => {
      await twoSubmittedChecks();
      const id = rid();
      await sys.ok(review, CS, approve(id, { id: `source:${LI_NO}`, version: 1 }));
      const before = await dump(sys);

      // its second item has no counterpart in the first batch: only the batch's own claim can refuse it
      const other = approve(id, { id: `source:${LI_NO}`, version: 2 }, { id: `employment:${LI_NO}`, version: 1 });
      expect(await sys.call(review, CS, other)).toEqual(REUSED);

      expect(await dump(sys)).toBe(before);
      expect(await sys.store.get('checks', `employment:${LI_NO}`)).toMatchObject({ state: 'submitted', version: 1 });
    });

    it('a batch whose every item was refused claims nothing: its id may carry the next batch', async () => {
      await twoSubmittedChecks();
      const id = rid();
      const before = await dump(sys);
      expect((await sys.ok(review, CS, approve(id, { id: `source:${LI_NO}`, version: 9 }))).results[0]).toMatchObject({ ok: false, code: 'CONFLICT' });
      expect(await dump(sys)).toBe(before);

      expect(await sys.ok(review, CS, approve(id, { id: `source:${LI_NO}`, version: 1 }))).toMatchObject({ approved: 1, failed: 0 });
    });

    it('two batches under one id at the same moment: one takes effect, the other is refused', async () => {
      await twoSubmittedChecks();
      const id = rid();
      const outcomes = await Promise.all([
        sys.call(review, CS, approve(id, { id: `source:${LI_NO}`, version: 1 })),
        sys.call(review, CS, approve(id, { id: `employment:${LI_NO}`, version: 1 })),
      ]);

      // refused whole, or its one item refused: either way REQUEST_ID_REUSED
      const items = outcomes.map((o: Result<{ results: unknown[] }>) => (o.ok ? o.data.results[0] : o));
      expect(items.filter((i) => (i as { ok: boolean }).ok)).toHaveLength(1);
      expect(items.find((i) => !(i as { ok: boolean }).ok)).toMatchObject({ ok: false, code: 'REQUEST_ID_REUSED' });
      const states = await Promise.all(['source', 'employment'].map(async (kind) => (await sys.store.get('checks', `${kind}:${LI_NO}`))!.state));
      expect(states.sort()).toEqual(['approved', 'submitted']);
    });

    it('a batch’s id answers no other function', async () => {
      await twoSubmittedChecks();
      const id = rid();
      await sys.ok(review, CS, approve(id, { id: `source:${LI_NO}`, version: 1 }));
      const before = await dump(sys);

      expect(await sys.call(bind, CS, { action: 'invite', requestId: id, code: DEMO_INVITE_CODE })).toEqual(REUSED);
      expect(await dump(sys)).toBe(before);
    });
  });

  it('a request stored before fingerprints were kept still answers its retry as before, writing nothing', async () => {
    const id = rid();
    const stored = { record: 'check', id: `source:${LI_NO}`, state: 'draft', version: 1 };
    await sys.store.put('requests', { _id: `${LI}:${id}`, version: 1, result: stored, at: sys.deps.clock().toISOString() }, 0);
    const before = await dump(sys);

    expect(await sys.call(submitCheck, LI, save(id, { phone: '13911112222' }))).toEqual({ ok: true, data: stored });
    expect(await dump(sys)).toBe(before);
  });
});
