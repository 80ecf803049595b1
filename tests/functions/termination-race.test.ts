/**
 * 申请解约 reads the agreement and its earlier requests separately (on CloudBase, separate round trips). If the school
 * approves the waiting request between those reads, the new request sees the agreement still signed and no request
 * waiting: it must still not be kept, as the agreement is terminated by then.
 */
import { requestTermination } from '../../server/usecases/requestTermination';
import { review } from '../../server/usecases/review';
import { invoke } from '../../server/runtime/handler';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import type { Store } from '../../server/store/port';
import { signedDemoAgreement } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';

const ZHANG = DEMO_OPENIDS.student;
const EXPLANATION = '单位撤销岗位，双方协商一致解约';

describe('review: a termination request racing the school\'s approval of the waiting one', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  it('approval lands between the new request\'s reads: the new request is refused, nothing waits on a terminated agreement', async () => {
    const agreement = await signedDemoAgreement(sys);
    const letter = await sys.upload(ZHANG, 'letter.jpg');
    const submit = () => ({ action: 'submit', requestId: rid(), agreementId: agreement._id, explanation: EXPLANATION, evidenceFiles: [letter] });
    const waiting = await sys.ok(requestTermination, ZHANG, submit());

    // the school's approval commits right after the new request has read the agreement, before it lists the requests
    const real = sys.store;
    const racing: Store = Object.create(real) as Store;
    let raced = false;
    racing.query = async (collection, query) => {
      if (collection === 'terminations' && !raced) {
        raced = true;
        const decided = await sys.ok(review, DEMO_OPENIDS.schoolReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'termination', id: waiting.id, version: waiting.version }] });
        expect(decided.results[0]).toMatchObject({ ok: true, state: 'approved' });
      }
      return real.query(collection, query);
    };
    const second = await invoke(requestTermination, { ...sys.deps, store: racing }, { openid: ZHANG }, submit());

    expect(raced).toBe(true);
    expect(second).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect((await sys.store.get('agreements', agreement._id))!.state).toBe('terminated');
    expect((await sys.all('terminations')).map((t) => t.state)).toEqual(['approved']);
    expect((await sys.store.get('students', agreement.studentNo))!.activeAgreementId).toBeNull();
  });
});
