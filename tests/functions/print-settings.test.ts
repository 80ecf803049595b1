/**
 * A print is reused while it is what a print made now would be. The verification code covers the agreement, but the
 * page also prints the school's settings (name, code, copies in the clauses): once those change, the stored file is
 * out of date, and handing it out would contradict what the agreement screen says (printCopies).
 */
import { printAgreement, printRecord } from '../../server/usecases/printAgreement';
import type { AgreementDoc } from '../../server/domain/types';
import * as render from '../../server/print/render';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { loadSettings, SETTINGS_ID } from '../../server/app/settings';
import { signedDemoAgreement } from '../support/agreements';
import { makeSystem, type TestSystem } from '../support/harness';

const STUDENT = DEMO_OPENIDS.student;

describe('printAgreement after the school changes its settings', () => {
  let sys: TestSystem;
  let signed: AgreementDoc;
  beforeEach(async () => {
    sys = await makeSystem();
    signed = await signedDemoAgreement(sys);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await sys.close();
  });

  const change = async (patch: { printCopies?: number; schoolName?: string; schoolAddress?: string; schoolPhone?: string }): Promise<void> => {
    const s = (await sys.store.get('settings', SETTINGS_ID))!;
    await sys.store.put('settings', { ...s, ...patch, version: s.version + 1 }, s.version);
  };

  /** What a print made now, with the settings as they are now, would be. */
  const fresh = async (): Promise<Buffer> =>
    (await render.renderAgreementPdf({ ...signed, agreementNo: signed.agreementNo!, signedAt: signed.signedAt! }, await loadSettings(sys.store), await printRecord(sys.store, signed))).bytes;

  it.each([
    ['the number of copies', { printCopies: 2 }],
    ['the school’s name', { schoolName: '示例大学（新校名）' }],
    ['the school’s address', { schoolAddress: '广东省深圳市南山区学府路2号' }],
    ['the school’s phone', { schoolPhone: '0755-26539999' }],
  ])('a change of %s prints anew: the file handed out is the one the settings make now', async (_what, patch) => {
    const first = await sys.ok(printAgreement, STUDENT, { agreementId: signed._id });
    await change(patch);
    const spy = jest.spyOn(render, 'renderAgreementPdf');
    const again = await sys.ok(printAgreement, STUDENT, { agreementId: signed._id });
    expect(spy).toHaveBeenCalledTimes(1);
    // same agreement, same code: the verification path does not move
    expect(again.verificationCode).toBe(first.verificationCode);
    const stored = await sys.files.read(again.fileId);
    expect(stored!.equals(await fresh())).toBe(true);
    expect(again.bytes).toBe(stored!.length);

    // and from then on that new file is reused
    spy.mockClear();
    expect(await sys.ok(printAgreement, DEMO_OPENIDS.employer, { agreementId: signed._id })).toEqual(again);
    expect(spy).not.toHaveBeenCalled();
  });

  it('a change of a setting the page does not print reuses the file', async () => {
    const first = await sys.ok(printAgreement, STUDENT, { agreementId: signed._id });
    const s = (await sys.store.get('settings', SETTINGS_ID))!;
    await sys.store.put('settings', { ...s, offerTtlDays: 7, version: s.version + 1 }, s.version);
    const spy = jest.spyOn(render, 'renderAgreementPdf');
    expect(await sys.ok(printAgreement, STUDENT, { agreementId: signed._id })).toEqual(first);
    expect(spy).not.toHaveBeenCalled();
  });

  it('a correction of the roster (政治面貌) prints anew; the note keeps a hash, never the 身份证号', async () => {
    const first = await sys.ok(printAgreement, STUDENT, { agreementId: signed._id });
    const student = (await sys.store.get('students', signed.studentNo))!;
    await sys.store.put('students', { ...student, source: { ...student.source, politicalStatus: '中共党员' }, version: student.version + 1 }, student.version);
    const spy = jest.spyOn(render, 'renderAgreementPdf');
    const again = await sys.ok(printAgreement, STUDENT, { agreementId: signed._id });
    expect(spy).toHaveBeenCalledTimes(1);
    expect(again.fileId).toBe(first.fileId);
    expect((await sys.files.read(again.fileId))!.equals(await fresh())).toBe(true);
    const notes = (await sys.all('requests')).filter((d) => d._id.startsWith('print:'));
    expect(notes).toHaveLength(1);
    expect(JSON.stringify(notes)).not.toContain(student.idNumber);
  });
});
