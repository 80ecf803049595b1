/**
 * What the read side lets out to people who are not the record's author: a termination request is the student's
 * and the school's (the employer is refused the termination view), and a draft the student abandoned before ever
 * submitting it was never an agreement: cancelling it must not make it appear to reviewers or to the unit.
 */
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { query } from '../../server/usecases/query';
import { requestTermination } from '../../server/usecases/requestTermination';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import type { QueryResults } from '../../typings';
import { signedDemoAgreement, initiationDraft } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';

const S = DEMO_OPENIDS;
const REVIEWERS = [S.collegeReviewer, S.schoolReviewer];

const draft = (proofFiles: string[]) => initiationDraft(proofFiles, { remarks: '还没想好，先存个草稿' });

describe('read side: what others than the author see', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  const code = async (openid: string, event: Record<string, unknown>): Promise<string> => {
    const r = await sys.call(query, openid, event);
    return r.ok ? 'ok' : r.code;
  };

  it('the employer’s view of a signed agreement carries no termination request, its explanation or evidence', async () => {
    const signed = await signedDemoAgreement(sys);
    const letter = await sys.upload(S.student, 'letter.jpg');
    await sys.ok(requestTermination, S.student, {
      action: 'submit', requestId: rid(), agreementId: signed._id, explanation: '已收到另一家单位更好的录用通知', evidenceFiles: [letter],
    });
    // the termination itself is refused to the unit…
    expect(await code(S.employer, { view: 'termination', agreementId: signed._id })).toBe('FORBIDDEN');
    // …so the agreement must not hand it over either
    const seen = (await sys.ok(query, S.employer, { view: 'agreement', id: signed._id })) as QueryResults['agreement'];
    expect(seen.id).toBe(signed._id);
    expect(seen.terminations).toEqual([]);
    expect(JSON.stringify(seen)).not.toContain('另一家单位');
    expect(JSON.stringify(seen)).not.toContain(letter);
    // the student and the reviewers still see it
    for (const openid of [S.student, ...REVIEWERS]) {
      const view = (await sys.ok(query, openid, { view: 'agreement', id: signed._id })) as QueryResults['agreement'];
      expect(view.terminations).toEqual([expect.objectContaining({ state: 'submitted', explanation: '已收到另一家单位更好的录用通知' })]);
    }
  });

  it('a draft cancelled before it was ever submitted stays invisible to reviewers and to the unit', async () => {
    const proof = await sys.upload(S.student, 'offer.jpg');
    const saved = await sys.ok(initiateSigning, S.student, { action: 'save', requestId: rid(), version: 0, draft: draft([proof]) });
    const cancelled = await sys.ok(initiateSigning, S.student, { action: 'cancel', requestId: rid(), agreementId: saved.id, version: saved.version });
    expect(cancelled).toMatchObject({ state: 'cancelled' });
    expect((await sys.store.get('agreements', saved.id))!.agreementNo).toBeNull();

    for (const openid of REVIEWERS) {
      const queue = (await sys.ok(query, openid, { view: 'reviewQueue', queue: 'agreementCollege', filter: { state: 'cancelled' } })) as QueryResults['reviewQueue'];
      expect(queue.items.map((i) => i.id)).not.toContain(saved.id);
      expect(await code(openid, { view: 'reviewDetail', record: 'agreement', id: saved.id })).toBe('NOT_FOUND');
      expect(await code(openid, { view: 'agreement', id: saved.id })).toBe('NOT_FOUND');
    }
    expect(await code(S.employer, { view: 'agreement', id: saved.id })).toBe('NOT_FOUND');
    // its author still finds it
    expect(await code(S.student, { view: 'agreement', id: saved.id })).toBe('ok');
  });

  it('one that was submitted and then cancelled stays in the reviewers’ records, as they had seen it', async () => {
    const proof = await sys.upload(S.student, 'offer.jpg');
    const saved = await sys.ok(initiateSigning, S.student, { action: 'submit', requestId: rid(), version: 0, draft: draft([proof]) });
    const back = await sys.ok(initiateSigning, S.student, { action: 'withdraw', requestId: rid(), agreementId: saved.id, version: saved.version });
    await sys.ok(initiateSigning, S.student, { action: 'cancel', requestId: rid(), agreementId: saved.id, version: back.version });
    const queue = (await sys.ok(query, S.schoolReviewer, { view: 'reviewQueue', queue: 'agreementCollege', filter: { state: 'cancelled' } })) as QueryResults['reviewQueue'];
    expect(queue.items.map((i) => i.id)).toEqual([saved.id]);
    expect(await code(S.collegeReviewer, { view: 'reviewDetail', record: 'agreement', id: saved.id })).toBe('ok');
  });

  it('files attached to a draft and removed before submitting do not reach reviewers or the unit through the timeline', async () => {
    const wrong = await sys.upload(S.student, 'id-card-by-mistake.jpg');
    const proof = await sys.upload(S.student, 'offer.jpg');
    const saved = await sys.ok(initiateSigning, S.student, { action: 'save', requestId: rid(), version: 0, draft: draft([wrong]) });
    const submitted = await sys.ok(initiateSigning, S.student, { action: 'submit', requestId: rid(), agreementId: saved.id, version: saved.version, draft: draft([proof]) });
    expect(submitted).toMatchObject({ state: 'pendingCollege' });

    const views: [string, unknown][] = [
      ['college', await sys.ok(query, S.collegeReviewer, { view: 'reviewDetail', record: 'agreement', id: saved.id })],
      ['school', await sys.ok(query, S.schoolReviewer, { view: 'agreement', id: saved.id })],
      ['employer', await sys.ok(query, S.employer, { view: 'agreement', id: saved.id })],
    ];
    for (const [who, seen] of views) {
      expect([who, JSON.stringify(seen).includes(wrong)]).toEqual([who, false]);
      // what was submitted is there for the reviewers; the unit is not shown the student's proof at all (file-links)
      expect([who, JSON.stringify(seen).includes(proof)]).toEqual([who, who !== 'employer']);
    }
    // the author keeps the whole history of the draft
    const own = (await sys.ok(query, S.student, { view: 'agreement', id: saved.id })) as QueryResults['agreement'];
    expect(own.timeline.map((e) => e.action)).toEqual(['save', 'submit']);
    expect(own.timeline[0]!.attachments?.map((a) => a.fileId)).toEqual([wrong]);
  });
});
