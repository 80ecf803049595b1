/**
 * Registering a unit reads the units with its credit code and the code's claim counter separately (on CloudBase,
 * in parallel round trips answered in any order). If another registration of the same code commits between them, the
 * counter read must not already include it while the list does not: the claim would then let a duplicate through.
 */
import { bind } from '../../server/usecases/bind';
import { withUsccCheck } from '../../server/domain/identifiers';
import { invoke } from '../../server/runtime/handler';
import type { Store } from '../../server/store/port';
import { makeSystem, type TestSystem } from '../support/harness';
import { registration } from '../support/registration';

const USCC = withUsccCheck('91440101MA5H7K8P1');
const UNIT = { name: '广州新单位有限公司', uscc: USCC, nature: '39', industry: '65', region: '440305', address: '广州市天河区体育西路1号', contactName: '刘女士', contactPhone: '13600136000' };

describe('review: a unit registering while another registration of its credit code commits', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
  });
  afterEach(() => sys.close());

  it('the other registration lands just before the claim counter is read: still exactly one unit with that code', async () => {
    const real = sys.store;
    const racing: Store = Object.create(real) as Store;
    let raced = false;
    const [a, b] = [await registration(sys, 'hr-a', UNIT), await registration(sys, 'hr-b', UNIT)];
    racing.get = (async (collection: string, id: string) => {
      if (collection === 'counters' && id === `uscc:${USCC}` && !raced) {
        raced = true;
        await sys.ok(bind, 'hr-a', a);
      }
      return real.get(collection as 'counters', id);
    }) as Store['get'];

    const second = await invoke(bind, { ...sys.deps, store: racing }, { openid: 'hr-b' }, b);

    expect(raced).toBe(true);
    expect(second).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect((await sys.all('employers')).filter((e) => e.uscc === USCC)).toHaveLength(1);
    expect(await sys.store.get('users', 'hr-b')).toBeNull();
  });
});
