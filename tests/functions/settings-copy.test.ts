/**
 * A warm instance holds the school's settings instead of reading them for every decision. A copy may be stale (the
 * admin tool changed them, or another instance): a decision made on it must not stand. The commit checks the copy's
 * version, conflicts, and the decision is made again on the settings as stored.
 */
import { heldSettings, loadSettings, SETTINGS_ID } from '../../server/app/settings';
import type { SettingsDoc } from '../../server/domain/types';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { requestTermination } from '../../server/usecases/requestTermination';
import { respondOffer } from '../../server/usecases/respondOffer';
import { makeSystem, rid, type TestSystem } from '../support/harness';

const STUDENT = DEMO_OPENIDS.student;

/** Settings changed behind the instance's back, as the admin tool (or another instance) writes them. */
async function changeSettings(sys: TestSystem, patch: Partial<SettingsDoc>): Promise<void> {
  const s = (await sys.store.get('settings', SETTINGS_ID))!;
  await sys.store.put('settings', { ...s, ...patch, version: s.version + 1 }, s.version);
}

describe('the settings a warm instance holds', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await makeSystem();
    // a warm instance: it read the settings once
    await heldSettings(sys.deps.store);
  });
  afterEach(() => sys.close());

  it('stale after a change of school code: 应约 numbers the agreement with the code stored, not the one held', async () => {
    await changeSettings(sys, { schoolCode: '10999' });
    const result = await sys.ok(respondOffer, STUDENT, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
    expect((await sys.store.get('agreements', result.id))!.agreementNo).toMatch(/^202610999/);
    expect(await sys.all('agreements')).toHaveLength(1);
    expect((await heldSettings(sys.deps.store)).schoolCode).toBe('10999');
  });

  it('stale after a change of template id: the decision’s message goes out with the template stored', async () => {
    const held = await heldSettings(sys.deps.store);
    await changeSettings(sys, { templates: { ...held.templates, offerAnswered: 'tmpl-new' } });
    await sys.ok(respondOffer, STUDENT, { action: 'decline', requestId: rid(), offerId: 'offer-demo-1', version: 1, reason: '已有其他安排' });
    expect(sys.sender.sent.map((m) => m.templateId)).toEqual(['tmpl-new']);
  });

  it('closed in the copy held but open as stored: a termination request is taken, not refused', async () => {
    const accepted = await sys.ok(respondOffer, STUDENT, { action: 'accept', requestId: rid(), offerId: 'offer-demo-1', version: 1 });
    const agreement = (await sys.store.get('agreements', accepted.id))!;
    await sys.store.put('agreements', { ...agreement, state: 'signed', signedAt: agreement.updatedAt, version: agreement.version + 1 }, agreement.version);
    // the instance read the settings while the school had closed requests; then the school opened them again
    await changeSettings(sys, { allowStudentTermination: false });
    expect((await loadSettings(sys.deps.store)).allowStudentTermination).toBe(false);
    await changeSettings(sys, { allowStudentTermination: true });
    const letter = await sys.upload(STUDENT, 'termination-letter.jpg');
    const result = await sys.call(requestTermination, STUDENT, { action: 'submit', requestId: rid(), agreementId: agreement._id, explanation: '因个人原因（考取研究生）申请解约，单位已同意并出具解约函。', evidenceFiles: [letter] });
    expect(result).toMatchObject({ ok: true, data: { record: 'termination', state: 'submitted' } });
  });
});
