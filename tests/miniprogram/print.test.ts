/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import { verificationCode } from '../../server/domain/document';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { accept, signedDemoAgreement } from '../support/agreements';
import { makeSystem, type TestSystem } from '../support/harness';
import { attrOf, installWx, loadPage, settle, tap, textAt, type MiniEnv, type Page } from './support';

describe('home page: 打印我的协议书 and 协议核验', () => {
  let sys: TestSystem;
  let env: MiniEnv;
  let page: Page;

  beforeEach(async () => {
    sys = await makeSystem();
    env = installWx(sys, DEMO_OPENIDS.student);
    page = loadPage('index');
  });
  afterEach(() => sys.close());

  it('shows both entries; 协议核验 opens the verify page', async () => {
    expect(textAt(page, '.home__print')).toBe('打印我的协议书');
    expect(textAt(page, '.home__verify')).toBe('协议核验');
    await tap(page, env, '.home__verify');
    expect(env.wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/verify/index' }));
    expect(env.calls).toEqual([]);
  });

  it('a signed agreement: printed, downloaded from the served URL and opened with the menu, with the copies hint', async () => {
    const signed = await signedDemoAgreement(sys);
    await tap(page, env, '.home__print');

    expect(env.calls.map((c) => c.name)).toEqual(['query', 'printAgreement']);
    expect(env.calls[0]!.data).toEqual({ view: 'agreement' });
    expect(env.calls[1]!.data).toMatchObject({ agreementId: signed._id, requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) });
    const printed = env.calls[1]!.result;
    expect(printed).toMatchObject({ ok: true, data: { agreementNo: signed.agreementNo, verificationCode: verificationCode(signed) } });
    const url = (printed.data as { url: string }).url;

    expect(env.wx.downloadFile).toHaveBeenCalledTimes(1);
    expect(env.wx.downloadFile).toHaveBeenCalledWith(expect.objectContaining({ url }));
    expect(env.downloads[0]!.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(env.wx.openDocument).toHaveBeenCalledTimes(1);
    expect(env.wx.openDocument).toHaveBeenCalledWith(expect.objectContaining({ filePath: 'wxfile://tmp/download-1.pdf', fileType: 'pdf', showMenu: true }));

    expect(textAt(page, '.home__hint')).toContain('请打印一式 4 份');
    expect(textAt(page, '.home__hint')).toContain(signed.agreementNo!);
    expect(page.querySelector('.home__error')).toBeUndefined();
    expect(env.wx.showLoading).toHaveBeenCalledTimes(1);
    expect(env.wx.hideLoading).toHaveBeenCalledTimes(1);
    expect(page.data.busy).toBe(false);
  });

  it('an agreement not yet signed: says so, and nothing is printed or downloaded', async () => {
    await accept(sys, DEMO_OPENIDS.student, 'offer-demo-1');
    await tap(page, env, '.home__print');
    expect(textAt(page, '.home__error')).toBe('协议签约成功后才能打印');
    expect(env.calls.map((c) => c.name)).toEqual(['query']);
    expect(env.wx.downloadFile).not.toHaveBeenCalled();
    expect(env.wx.openDocument).not.toHaveBeenCalled();
    expect(page.querySelector('.home__hint')).toBeUndefined();
    expect(env.wx.hideLoading).toHaveBeenCalledTimes(1);
  });

  it('no agreement at all: the server’s message is shown', async () => {
    await tap(page, env, '.home__print');
    expect(env.calls[0]!.result).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(textAt(page, '.home__error')).toBe(env.calls[0]!.result.message!);
    expect(env.wx.downloadFile).not.toHaveBeenCalled();
  });

  it('while printing the buttons are disabled; after a failed download busy is reset and a second tap succeeds', async () => {
    await signedDemoAgreement(sys);
    env.wx.downloadFile.mockImplementationOnce((options: { fail: (e: { errMsg: string }) => void }) =>
      setTimeout(() => options.fail({ errMsg: 'downloadFile:fail timeout' }), 0),
    );
    page.querySelector('.home__print')!.dispatchEvent('tap');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(page.data.busy).toBe(true);
    expect(attrOf(page, '.home__print', 'disabled')).toBe(true);
    expect(attrOf(page, '.home__verify', 'disabled')).toBe(true);
    await settle(page, env);

    expect(textAt(page, '.home__error')).toBe('协议书下载失败，请稍后重试');
    expect(page.data.busy).toBe(false);
    expect(attrOf(page, '.home__print', 'disabled')).toBe(false);
    expect(env.wx.hideLoading).toHaveBeenCalledTimes(1);
    expect(env.wx.openDocument).not.toHaveBeenCalled();

    await tap(page, env, '.home__print');
    expect(page.querySelector('.home__error')).toBeUndefined();
    expect(textAt(page, '.home__hint')).toContain('请打印一式 4 份');
    expect(env.wx.openDocument).toHaveBeenCalledTimes(1);
  });

  it('a print lost on the network is retried with the same request id; a later print gets a new one', async () => {
    await signedDemoAgreement(sys);
    const real = env.wx.callFunction.getMockImplementation()!;
    let lost = 0;
    env.wx.callFunction.mockImplementation((options: { name: string }) =>
      options.name === 'printAgreement' && lost++ === 0 ? Promise.reject({ errMsg: 'cloud.callFunction:fail timeout' }) : real(options),
    );
    await tap(page, env, '.home__print');
    expect(textAt(page, '.home__error')).toBe('网络不稳定，请稍后重试');
    await tap(page, env, '.home__print');
    expect(textAt(page, '.home__hint')).toContain('请打印一式 4 份');
    await tap(page, env, '.home__print');

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
    env.wx.callFunction.mockRejectedValueOnce({ errCode: -1, errMsg: 'cloud.callFunction:fail request:fail' });
    await tap(page, env, '.home__print');
    expect(textAt(page, '.home__error')).toBe('网络不稳定，请稍后重试');
    expect(page.data.busy).toBe(false);
    expect(env.wx.hideLoading).toHaveBeenCalledTimes(1);
    expect(env.wx.downloadFile).not.toHaveBeenCalled();
  });

  it('a print refused by the server after the view said signed: its message, busy reset', async () => {
    const signed = await signedDemoAgreement(sys);
    // the print function is asked about an agreement the student cannot see
    env.wx.callFunction.mockImplementationOnce(async () => ({
      result: { ok: true, data: { id: 'not-mine', state: 'signed', canPrint: true, printCopies: 4 } },
    }));
    await tap(page, env, '.home__print');
    expect(env.calls.map((c) => [c.name, c.result.code])).toEqual([['printAgreement', 'NOT_FOUND']]);
    expect(textAt(page, '.home__error')).toBe(env.calls[0]!.result.message!);
    expect(page.data.busy).toBe(false);
    expect(env.wx.downloadFile).not.toHaveBeenCalled();
    expect(signed.state).toBe('signed'); // refused for scope, not for the state
  });
});
