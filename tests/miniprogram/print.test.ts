/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import { verificationCode } from '../../server/domain/document';
import type { SettingsDoc } from '../../server/domain/types';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { SETTINGS_ID } from '../../server/app/settings';
import { accept, signedDemoAgreement } from '../support/agreements';
import { makeSystem, type TestSystem } from '../support/harness';
import { capture } from './gallery';
import { installWx, openPage, settle, tap, textAt, type MiniEnv, type Page } from './support';

const PRINT = '.agreement__print >>> .t-button';

/** A TDesign button marks itself disabled on its inner button's class (which then ignores taps). */
const disabled = (page: Page, selector: string): boolean =>
  (page.querySelector(`${selector} >>> .t-button`)?.toJSON().attrs.find((a) => a.name === 'class')?.value as string).includes('t-button--disabled');

describe('我的协议书: 打印', () => {
  let sys: TestSystem;
  let env: MiniEnv;

  beforeEach(async () => {
    sys = await makeSystem();
    env = installWx(sys, DEMO_OPENIDS.student);
  });
  afterEach(() => sys.close());

  /** the page as the student opens it: one query, nothing printed yet */
  const open = async (): Promise<Page> => {
    const page = await openPage('agreement', env);
    expect(env.calls.map((c) => c.name)).toEqual(['query']);
    env.calls.length = 0;
    return page;
  };

  it('a signed agreement: printed, downloaded from the served URL and opened with the menu, with the copies hint', async () => {
    const signed = await signedDemoAgreement(sys);
    const page = await open();
    expect(textAt(page, '.agreement__copies')).toBe('毕业生就业协议书一式 4 份，请在打印时预设打印份数');
    await tap(page, env, PRINT);

    expect(env.calls.map((c) => c.name)).toEqual(['printAgreement']);
    expect(env.calls[0]!.data).toMatchObject({ agreementId: signed._id, requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) });
    const printed = env.calls[0]!.result;
    expect(printed).toMatchObject({ ok: true, data: { agreementNo: signed.agreementNo, verificationCode: verificationCode(signed) } });
    const url = (printed.data as { url: string }).url;

    expect(env.wx.downloadFile).toHaveBeenCalledTimes(1);
    expect(env.wx.downloadFile).toHaveBeenCalledWith(expect.objectContaining({ url }));
    expect(env.downloads[0]!.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(env.wx.openDocument).toHaveBeenCalledTimes(1);
    expect(env.wx.openDocument).toHaveBeenCalledWith(expect.objectContaining({ filePath: 'wxfile://tmp/download-1.pdf', fileType: 'pdf', showMenu: true }));

    expect(textAt(page, '.agreement__printed')).toBe(`协议书（编号 ${signed.agreementNo}）已打开，可从右上角菜单打印或发送。`);
    expect(textAt(page, '.agreement__copies')).toContain('一式 4 份');
    expect(page.querySelector('.agreement__print-error')).toBeUndefined();
    expect(env.wx.showLoading).toHaveBeenCalledTimes(1);
    expect(env.wx.hideLoading).toHaveBeenCalledTimes(1);
    expect(page.data.busy).toBe(false);
    capture(page, 'agreement', 'printed', '协议书已打开，可打印');
  });

  it('the number of copies is the school’s setting', async () => {
    await signedDemoAgreement(sys);
    const s = (await sys.store.get('settings', SETTINGS_ID))!;
    await sys.store.put('settings', { ...s, printCopies: 2, version: s.version + 1 } as SettingsDoc, s.version);
    const page = await open();
    expect(textAt(page, '.agreement__copies')).toBe('毕业生就业协议书一式 2 份，请在打印时预设打印份数');
  });

  it('an agreement not yet signed: no 打印, says when printing becomes possible, and nothing is printed', async () => {
    await accept(sys, DEMO_OPENIDS.student, 'offer-demo-1');
    const page = await open();
    expect(page.querySelector('.agreement__print')).toBeUndefined();
    expect(page.querySelector('.agreement__copies')).toBeUndefined();
    expect(textAt(page, '.agreement__print-note')).toBe('协议签约成功后才能打印：院系和学校审核通过后即可在此打印。');
    expect(env.calls).toEqual([]);
    expect(env.wx.downloadFile).not.toHaveBeenCalled();
    expect(env.wx.openDocument).not.toHaveBeenCalled();
  });

  it('while printing the button is disabled; after a failed download busy is reset and a second tap succeeds', async () => {
    await signedDemoAgreement(sys);
    const page = await open();
    env.wx.downloadFile.mockImplementationOnce((options: { fail: (e: { errMsg: string }) => void }) =>
      setTimeout(() => options.fail({ errMsg: 'downloadFile:fail timeout' }), 0),
    );
    page.querySelector(PRINT)!.dispatchEvent('tap');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(page.data.busy).toBe(true);
    expect(disabled(page, '.agreement__print')).toBe(true);
    // a second tap while busy is ignored by the disabled button
    page.querySelector(PRINT)!.dispatchEvent('tap');
    await settle(page, env);

    expect(env.calls.map((c) => c.name)).toEqual(['printAgreement']);
    expect(textAt(page, '.agreement__print-error')).toBe('协议书下载失败，请稍后重试');
    expect(page.data.busy).toBe(false);
    expect(disabled(page, '.agreement__print')).toBe(false);
    expect(env.wx.hideLoading).toHaveBeenCalledTimes(1);
    expect(env.wx.openDocument).not.toHaveBeenCalled();
    capture(page, 'agreement', 'print-failed', '协议书下载失败');

    await tap(page, env, PRINT);
    expect(page.querySelector('.agreement__print-error')).toBeUndefined();
    expect(textAt(page, '.agreement__printed')).toContain('已打开');
    expect(textAt(page, '.agreement__copies')).toContain('一式 4 份');
    expect(env.wx.openDocument).toHaveBeenCalledTimes(1);
  });

  it('a print lost on the network is retried with the same request id; a later print gets a new one', async () => {
    await signedDemoAgreement(sys);
    const page = await open();
    const real = env.wx.callFunction.getMockImplementation()!;
    let lost = 0;
    env.wx.callFunction.mockImplementation((options: { name: string }) =>
      options.name === 'printAgreement' && lost++ === 0 ? Promise.reject({ errMsg: 'cloud.callFunction:fail timeout' }) : real(options),
    );
    await tap(page, env, PRINT);
    expect(textAt(page, '.agreement__print-error')).toBe('网络不稳定，请稍后重试');
    await tap(page, env, PRINT);
    expect(textAt(page, '.agreement__printed')).toContain('已打开');
    await tap(page, env, PRINT);

    const sent = env.wx.callFunction.mock.calls
      .map(([options]) => options as { name: string; data: { requestId?: string } })
      .filter((o) => o.name === 'printAgreement')
      .map((o) => o.data.requestId);
    expect(sent).toHaveLength(3);
    expect(sent[1]).toBe(sent[0]);
    expect(sent[2]).not.toBe(sent[0]);
  });

  it('a lost network: the network message, busy reset, loading hidden', async () => {
    await signedDemoAgreement(sys);
    const page = await open();
    env.wx.callFunction.mockRejectedValueOnce({ errCode: -1, errMsg: 'cloud.callFunction:fail request:fail' });
    await tap(page, env, PRINT);
    expect(textAt(page, '.agreement__print-error')).toBe('网络不稳定，请稍后重试');
    expect(page.data.busy).toBe(false);
    expect(env.wx.hideLoading).toHaveBeenCalledTimes(1);
    expect(env.wx.downloadFile).not.toHaveBeenCalled();
  });

  it('a print refused by the server after the view said signed: its message, busy reset', async () => {
    const signed = await signedDemoAgreement(sys);
    const page = await open();
    // the phone changes hands: another student may not print this agreement
    env.openid = DEMO_OPENIDS.student2;
    await tap(page, env, PRINT);
    expect(env.calls.map((c) => [c.name, c.result.code])).toEqual([['printAgreement', 'NOT_FOUND']]);
    expect(textAt(page, '.agreement__print-error')).toBe(env.calls[0]!.result.message!);
    expect(page.data.busy).toBe(false);
    expect(env.wx.downloadFile).not.toHaveBeenCalled();
    expect((await sys.store.get('agreements', signed._id))!.state).toBe('signed'); // refused for scope, not for the state
  });
});
