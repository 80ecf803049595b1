/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import { verificationCode, verifyPath } from '../../server/domain/document';
import type { AgreementDoc } from '../../server/domain/types';
import { signedDemoAgreement, terminate } from '../support/agreements';
import { makeSystem, type TestSystem } from '../support/harness';
import { capture } from './gallery';
import { installWx, loadPage, rowsOf, settle, tap, textAt, textOf, type, type MiniEnv, type Page } from './support';

const SCANNER = 'someone-with-a-phone';

describe('协议核验 page', () => {
  let sys: TestSystem;
  let env: MiniEnv;
  let signed: AgreementDoc;
  let no: string;
  let code: string;
  let page: Page;

  beforeEach(async () => {
    sys = await makeSystem();
    signed = await signedDemoAgreement(sys);
    no = signed.agreementNo!;
    code = verificationCode(signed);
    env = installWx(sys, SCANNER);
    page = loadPage('verify');
  });
  afterEach(() => sys.close());

  /** onLoad with the options WeChat derives from the QR code's path */
  const openFromQr = async (path: string): Promise<void> => {
    const query = path.slice(path.indexOf('?') + 1);
    const options = Object.fromEntries(query.split('&').map((p) => p.split('=') as [string, string]));
    await page.instance.onLoad(options);
    await settle(page, env);
  };

  it('opened from the QR code of a signed agreement: verifies at once, green, parties masked, signing date', async () => {
    await openFromQr(verifyPath(no, code));
    expect(env.calls).toEqual([{ name: 'verifyAgreement', data: { agreementNo: no, code }, result: expect.objectContaining({ ok: true }) }]);
    expect(page.querySelector('.result--valid')).toBeDefined();
    expect(textAt(page, '.result__headline')).toBe('协议真实有效');
    expect(textAt(page, '.result__message')).toBe('该协议真实有效，签约成功');
    capture(page, 'verify', 'valid', '协议真实有效');
    expect(rowsOf(page)).toEqual({
      协议编号: no,
      学生: '张*',
      学号: '******0101',
      院系: '计算机学院',
      用人单位: '深圳示例科技有限公司',
      学校: '示例大学',
      签约日期: '2026年3月2日',
    });
    expect(textOf(page)).not.toContain('张三');
    // the inputs show what was checked, so the person can compare with the paper
    expect(page.data).toMatchObject({ no, code, busy: false, error: '' });
  });

  it('a tampered code: orange, the file may have been altered', async () => {
    const wrong = code.replace(/^./, code.startsWith('A') ? 'B' : 'A');
    await openFromQr(verifyPath(no, wrong));
    expect(page.querySelector('.result--tampered')).toBeDefined();
    expect(textAt(page, '.result__headline')).toBe('校验码不一致，文件可能被篡改');
    expect(textAt(page, '.result__message')).toBe('校验码与协议当前内容不一致，文件可能被篡改');
    capture(page, 'verify', 'tampered', '校验码不一致');
    expect(page.querySelector('.result--valid')).toBeUndefined();
  });

  it('an unknown number: grey, not found, and no party shown', async () => {
    await openFromQr(verifyPath('20269999999999999', code));
    expect(page.querySelector('.result--notFound')).toBeDefined();
    expect(textAt(page, '.result__headline')).toBe('未找到该编号的协议');
    expect(textAt(page, '.result__message')).toBe('未找到该编号的协议，请核对协议编号');
    capture(page, 'verify', 'not-found', '未找到该编号的协议');
    expect(rowsOf(page)).toEqual({ 协议编号: '20269999999999999' });
  });

  it('a terminated agreement: red, no longer valid, with both dates', async () => {
    sys.advance(86_400_000);
    await terminate(sys, signed);
    await openFromQr(verifyPath(no, code));
    expect(page.querySelector('.result--terminated')).toBeDefined();
    expect(textAt(page, '.result__headline')).toBe('已解约，协议不再有效');
    expect(textAt(page, '.result__message')).toBe('该协议已解约，不再有效');
    capture(page, 'verify', 'terminated', '已解约');
    expect(rowsOf(page)).toMatchObject({ 签约日期: '2026年3月2日', 解约日期: '2026年3月3日' });
  });

  it('opened without options: shows the form and calls nothing; typing the number and code and tapping 查询 verifies', async () => {
    await page.instance.onLoad({});
    await settle(page, env);
    expect(env.calls).toEqual([]);
    expect(textOf(page)).toContain('协议编号');
    expect(textOf(page)).toContain('查询');
    expect(textOf(page)).toContain('扫码核验');
    expect(page.querySelector('.result')).toBeUndefined();

    await type(page, env, '.verify__no', ` ${no} `);
    await type(page, env, '.verify__code', code.toLowerCase().replace(/-/g, ' '));
    await tap(page, env, '.verify__query >>> .t-button');
    expect(env.calls.map((c) => c.data)).toEqual([{ agreementNo: no, code: code.toLowerCase().replace(/-/g, ' ') }]);
    expect(textAt(page, '.result__headline')).toBe('协议真实有效');
  });

  it('查询 with a number but no code: signed, and asks for the code', async () => {
    await type(page, env, '.verify__no', no);
    await tap(page, env, '.verify__query >>> .t-button');
    expect(env.calls.map((c) => c.data)).toEqual([{ agreementNo: no }]);
    expect(page.querySelector('.result--signed')).toBeDefined();
    expect(textAt(page, '.result__message')).toContain('输入协议书上的校验码');
  });

  it('查询 with an empty number asks for it and calls nothing', async () => {
    await tap(page, env, '.verify__query >>> .t-button');
    expect(env.calls).toEqual([]);
    expect(textAt(page, '.verify__error')).toBe('请输入协议编号');
  });

  it('a malformed code: the server’s Chinese message is shown, and nothing else', async () => {
    await type(page, env, '.verify__no', no);
    await type(page, env, '.verify__code', '不是校验码');
    await tap(page, env, '.verify__query >>> .t-button');
    expect(env.calls[0]!.result).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(textAt(page, '.verify__error')).toBe('校验码为16位数字或字母（A–F），请核对');
    expect(page.querySelector('.result')).toBeUndefined();
  });

  it('扫码核验: reads the number and code from the scanned path and verifies', async () => {
    env.wx.scanCode.mockResolvedValueOnce({ errMsg: 'scanCode:ok', scanType: 'QR_CODE', charSet: 'utf-8', result: verifyPath(no, code) });
    await tap(page, env, '.verify__scan >>> .t-button');
    expect(env.wx.scanCode).toHaveBeenCalledTimes(1);
    expect(env.calls.map((c) => c.data)).toEqual([{ agreementNo: no, code }]);
    expect(page.data).toMatchObject({ no, code });
    expect(textAt(page, '.result__headline')).toBe('协议真实有效');
  });

  it('扫码核验 of an unrelated code says so; a cancelled scan says nothing', async () => {
    env.wx.scanCode.mockResolvedValueOnce({ errMsg: 'scanCode:ok', scanType: 'QR_CODE', charSet: 'utf-8', result: 'https://example.com/' });
    await tap(page, env, '.verify__scan >>> .t-button');
    expect(textAt(page, '.verify__error')).toBe('未识别到协议信息，请扫描协议书上的二维码');
    expect(env.calls).toEqual([]);

    page.instance.setData({ error: '' });
    await tap(page, env, '.verify__scan >>> .t-button'); // the default stub: the user cancels
    expect(page.querySelector('.verify__error')).toBeUndefined();
    expect(env.calls).toEqual([]);
  });

  it('opened through a registered URL prefix (q) or a 小程序码 (scene): the same verification', async () => {
    await page.instance.onLoad({ q: encodeURIComponent(`https://verify.example.edu.cn/a?no=${no}&code=${code}`), scancode_time: '1767225600' });
    await settle(page, env);
    expect(textAt(page, '.result__headline')).toBe('协议真实有效');

    const again = loadPage('verify');
    await again.instance.onLoad({ scene: encodeURIComponent(`no=${no}&code=${code}`) });
    await settle(again, env);
    expect(textAt(again, '.result__headline')).toBe('协议真实有效');
    expect(env.calls.map((c) => c.data)).toEqual([{ agreementNo: no, code }, { agreementNo: no, code }]);
  });

  it('while the call runs the buttons are disabled and a loading line shows; a rate limit is shown in Chinese', async () => {
    await type(page, env, '.verify__no', no);
    page.querySelector('.verify__query >>> .t-button')!.dispatchEvent('tap');
    // one turn: the tap was delivered and the call is in flight
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(page.data.busy).toBe(true);
    expect(textAt(page, '.verify__loading')).toBe('正在核验…');
    expect(page.querySelector('.verify__query')!.data.disabled).toBe(true);
    expect(page.querySelector('.verify__scan')!.data.disabled).toBe(true);
    await settle(page, env);
    expect(page.querySelector('.verify__loading')).toBeUndefined();
    expect(page.querySelector('.verify__query')!.data.disabled).toBe(false);

    for (let i = 0; i < 40 && !env.calls.some((c) => !c.result.ok); i++) await tap(page, env, '.verify__query >>> .t-button');
    expect(env.calls.at(-1)!.result).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    expect(textAt(page, '.verify__error')).toBe(env.calls.at(-1)!.result.message);
    expect(textAt(page, '.verify__error')).toContain('频繁');
    expect(page.data.busy).toBe(false);
  });
});
