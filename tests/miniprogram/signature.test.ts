/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
/**
 * 手写签名 (setting studentSignature) from the page to the store: the pad on 应约 and on 发起签约, the PNG uploaded
 * into the student's folder and sent as `signatureFile`, the agreement holding it with its hash in the audit entry,
 * the agreement page saying when the student signed.
 *
 * miniprogram-simulate has no canvas: `fields({ node: true })` answers no node and wx.canvasToTempFilePath is missing.
 * Both are stubbed (./canvas.ts): the stub's context records the strokes the pad draws, and its export draws them
 * into a real PNG, so what the page sends is what a phone would send and the server checks it for real.
 */
import { sha256 } from '../../server/domain/audit';
import { SIGNATURE_WORDS } from '../../server/domain/signature';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { SETTINGS_ID } from '../../server/app/settings';
import { BLANK } from '../../miniprogram/pkg/components/signature-pad/pad';
import { initiateSigning } from '../../server/usecases/initiateSigning';
import { approveSourceCheck, initiationDraft } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { drawOn, stubCanvas, unstubCanvas, ZHANG_SAN_ON_BOARD, type CanvasStub } from './canvas';
import { capture } from './gallery';
import { installWx, openPage, pngBytes, settle, tap, textAt, type MiniEnv, type Page } from './support';

const OFFER = 'offer-demo-1';
const TDesign = (selector: string): string => `${selector} >>> .t-button`;
const PAD = '.sign__pad >>> ';
/** TDesign's popups draw (and go) on timers of about 330 ms */
const transition = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 400));
const respondCalls = (env: MiniEnv) => env.calls.filter((c) => c.name === 'respondOffer');

async function sign(page: Page, env: MiniEnv): Promise<void> {
  for (const stroke of ZHANG_SAN_ON_BOARD) await drawOn(page, stroke);
  await settle(page, env);
}

describe('手写签名 on 应约 (邀约详情)', () => {
  let sys: TestSystem;
  let env: MiniEnv;
  let canvas: CanvasStub;

  beforeEach(async () => {
    sys = await makeSystem({ settings: { studentSignature: true } });
    env = installWx(sys, DEMO_OPENIDS.student);
    canvas = stubCanvas(env);
  });
  afterEach(async () => {
    unstubCanvas();
    await sys.close();
  });

  const openOffer = () => openPage('offer', env, { id: OFFER });

  it('应约 asks for the signature after the confirmation; a blank pad is refused on the phone and nothing is sent', async () => {
    const page = await openOffer();
    await tap(page, env, TDesign('.actions__accept'));
    expect(env.wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '确认应约', confirmText: '去签名', content: expect.stringContaining('确认后请手写签名') }));
    await transition();
    capture(page, 'offer', 'sign-empty', '应约：手写签名（空白签名板）');
    expect(page.data.signing).toBe(true);
    expect(textAt(page, `${PAD}.pad__title`)).toBe('手写签名');
    expect(textAt(page, `${PAD}.pad__hint`)).toBe('请在框内用正楷手写您的姓名「张三」，签名将印在协议书的乙方栏。');
    expect(textAt(page, `${PAD}.pad__placeholder`)).toBe('签名区');
    expect(respondCalls(env)).toEqual([]);

    await tap(page, env, `.sign__pad >>> ${TDesign('.pad__confirm')}`);
    capture(page, 'offer', 'sign-blank', '应约：未签名就点确定');
    expect(textAt(page, `${PAD}.pad__error`)).toBe(BLANK);
    expect(canvas.exports).toEqual([]);
    expect(respondCalls(env)).toEqual([]);
    expect((await sys.store.get('offers', OFFER))!.state).toBe('open');
  });

  it('drawn and 确定: the PNG uploaded into the student’s folder, 应约 sent with it, stored with its hash in the audit entry', async () => {
    const page = await openOffer();
    await tap(page, env, TDesign('.actions__accept'));
    await transition();
    await sign(page, env);
    capture(page, 'offer', 'sign-drawn', '应约：已手写签名');
    expect(page.querySelector(`${PAD}.pad__placeholder`)).toBeUndefined();
    expect(canvas.strokes).toHaveLength(ZHANG_SAN_ON_BOARD.length);

    await tap(page, env, `.sign__pad >>> ${TDesign('.pad__confirm')}`);
    // exported at the pad's 800 × 320, uploaded, then sent
    expect(canvas.exports.map((e) => [e.destWidth, e.destHeight])).toEqual([[800, 320]]);
    const [sent] = respondCalls(env);
    expect(sent!.data).toEqual({ action: 'accept', requestId: expect.any(String), offerId: OFFER, version: 1, signatureFile: expect.stringMatching(/^local:\/\/uploads\/[0-9a-f]{32}\/.+\.png$/) });
    expect(sent!.result).toMatchObject({ ok: true, data: { record: 'agreement', state: 'pendingCollege' } });
    const id = (sent!.result.data as { id: string }).id;

    const exported = canvas.exports[0]!.bytes;
    const signatureFile = (sent!.data as { signatureFile: string }).signatureFile;
    expect(await sys.files.read(signatureFile)).toEqual(exported);
    const agreement = (await sys.store.get('agreements', id))!;
    expect(agreement.studentSignature).toEqual({ fileId: signatureFile, sha256: sha256(exported) });
    expect((await sys.auditOf('agreement', id)).map((e) => [e.action, e.attachments])).toEqual([['createFromOffer', [{ fileId: signatureFile, sha256: sha256(exported) }]]]);
    expect(page.data.signing).toBe(false);
    expect(env.toasts).toContain('应约成功');

    // the agreement page says the student signed, and when
    const agreementPage = await openPage('agreement', env, { id });
    capture(agreementPage, 'agreement', 'sign-signed', '三方协议：已手写签名');
    expect(textAt(agreementPage, '.signature__text')).toBe('您已于 2026年3月2日 10:00 应约时手写签名，签名将印在协议书的乙方栏');
    expect(env.calls.filter((c) => c.name === 'query').at(-1)!.data).toEqual({ view: 'agreement', id });
  });

  it('清除 empties the pad; a refusal naming 签名 keeps the panel open with the server’s words', async () => {
    const page = await openOffer();
    await tap(page, env, TDesign('.actions__accept'));
    await transition();
    await sign(page, env);
    await tap(page, env, `.sign__pad >>> ${TDesign('.pad__clear')}`);
    expect(canvas.strokes).toEqual([]);
    expect(textAt(page, `${PAD}.pad__placeholder`)).toBe('签名区');

    // a pad whose export the server refuses (a tiny image, as a broken phone might hand over)
    await sign(page, env);
    (wx as unknown as { canvasToTempFilePath: jest.Mock }).canvasToTempFilePath.mockImplementationOnce((o: { success: (r: { tempFilePath: string }) => void }) => {
      env.picks.push({ path: 'wxfile://tmp/broken.png', bytes: pngBytes('broken') });
      setTimeout(() => o.success({ tempFilePath: 'wxfile://tmp/broken.png' }), 0);
    });
    await tap(page, env, `.sign__pad >>> ${TDesign('.pad__confirm')}`);
    expect(respondCalls(env).map((c) => c.result)).toEqual([expect.objectContaining({ ok: false, code: 'INVALID_INPUT', message: SIGNATURE_WORDS.size })]);
    expect(page.data.signing).toBe(true);
    expect(textAt(page, `${PAD}.pad__error`)).toBe(SIGNATURE_WORDS.size);
    expect(await sys.all('agreements')).toEqual([]);
    expect((await sys.store.get('offers', OFFER))!.state).toBe('open');

    // signed again: the same request goes through
    await tap(page, env, `.sign__pad >>> ${TDesign('.pad__confirm')}`);
    expect(respondCalls(env).map((c) => c.result.ok)).toEqual([false, true]);
    expect(new Set(respondCalls(env).map((c) => (c.data as { requestId: string }).requestId)).size).toBe(1);
  });

  it('取消 closes the panel and sends nothing', async () => {
    const page = await openOffer();
    await tap(page, env, TDesign('.actions__accept'));
    await transition();
    await tap(page, env, `${PAD}.pad__cancel`);
    expect(page.data.signing).toBe(false);
    expect(respondCalls(env)).toEqual([]);
  });
});

describe('手写签名 asked for after the page was opened', () => {
  let sys: TestSystem;
  let env: MiniEnv;

  beforeEach(async () => {
    sys = await makeSystem();
    env = installWx(sys, DEMO_OPENIDS.student);
    stubCanvas(env);
  });
  afterEach(async () => {
    unstubCanvas();
    await sys.close();
  });

  it('应约 refused for want of it: the offer is loaded again and the pad opens; signed, 应约 goes through', async () => {
    const page = await openPage('offer', env, { id: OFFER });
    expect(page.data.signatureFolder).toBe('');
    const s = (await sys.store.get('settings', SETTINGS_ID))!;
    await sys.store.put('settings', { ...s, studentSignature: true, version: s.version + 1 }, s.version);

    await tap(page, env, TDesign('.actions__accept'));
    await transition();
    expect(respondCalls(env).map((c) => c.result)).toEqual([expect.objectContaining({ ok: false, message: SIGNATURE_WORDS.missing })]);
    expect(page.data.signing).toBe(true);
    expect(await sys.all('agreements')).toEqual([]);

    await sign(page, env);
    await tap(page, env, `.sign__pad >>> ${TDesign('.pad__confirm')}`);
    expect(respondCalls(env).map((c) => c.result.ok)).toEqual([false, true]);
    const [agreement] = await sys.all('agreements');
    expect(agreement!.studentSignature).toEqual({ fileId: (respondCalls(env)[1]!.data as { signatureFile: string }).signatureFile, sha256: expect.any(String) });
  });
});

describe('手写签名 asked for after 发起签约 was opened', () => {
  let sys: TestSystem;
  let env: MiniEnv;

  beforeEach(async () => {
    sys = await makeSystem();
    await approveSourceCheck(sys, '2026010102', DEMO_OPENIDS.collegeReviewer);
    env = installWx(sys, DEMO_OPENIDS.student2);
    stubCanvas(env);
  });
  afterEach(async () => {
    unstubCanvas();
    await sys.close();
  });

  it('发起 refused for want of it: the pad opens over the form as typed; signed, it is submitted', async () => {
    const proof = await sys.upload(DEMO_OPENIDS.student2, 'offer-letter.png');
    const draft = await sys.ok(initiateSigning, DEMO_OPENIDS.student2, { action: 'save', requestId: rid(), version: 0, draft: initiationDraft([proof]) });
    const page = await openPage('initiate', env);
    const s = (await sys.store.get('settings', SETTINGS_ID))!;
    await sys.store.put('settings', { ...s, studentSignature: true, version: s.version + 1 }, s.version);

    await tap(page, env, TDesign('.action-submit'));
    await transition();
    const calls = () => env.calls.filter((c) => c.name === 'initiateSigning');
    expect(calls().map((c) => c.result)).toEqual([expect.objectContaining({ ok: false, message: SIGNATURE_WORDS.missing })]);
    expect(page.data.signing).toBe(true);
    expect((await sys.store.get('agreements', draft.id))!.state).toBe('draft');

    await sign(page, env);
    await tap(page, env, `.sign__pad >>> ${TDesign('.pad__confirm')}`);
    expect(calls().map((c) => c.result.ok)).toEqual([false, true]);
    expect((await sys.store.get('agreements', draft.id))!).toMatchObject({ state: 'pendingCollege', studentSignature: { fileId: expect.stringMatching(/\.png$/) } });
  });
});

describe('手写签名 on 发起签约', () => {
  let sys: TestSystem;
  let env: MiniEnv;
  let canvas: CanvasStub;

  beforeEach(async () => {
    sys = await makeSystem({ settings: { studentSignature: true } });
    await approveSourceCheck(sys, '2026010102', DEMO_OPENIDS.collegeReviewer);
    env = installWx(sys, DEMO_OPENIDS.student2);
    canvas = stubCanvas(env);
  });
  afterEach(async () => {
    unstubCanvas();
    await sys.close();
  });

  it('发起 asks for the signature; drawn and 确定, the submission carries it and the store holds it beside the proof', async () => {
    // 李四's saved draft (a library unit, the job, one proof), continued on the page
    const proof = await sys.upload(DEMO_OPENIDS.student2, 'offer-letter.png');
    const draft = await sys.ok(initiateSigning, DEMO_OPENIDS.student2, { action: 'save', requestId: rid(), version: 0, draft: initiationDraft([proof]) });
    const page = await openPage('initiate', env);
    expect(page.data.agreementId).toBe(draft.id);
    await tap(page, env, TDesign('.action-submit'));
    await transition();
    capture(page, 'initiate', 'sign-asked', '发起签约：手写签名');
    expect(page.data.signing).toBe(true);
    expect(textAt(page, `${PAD}.pad__hint`)).toContain('「李四」');
    expect(env.calls.filter((c) => c.name === 'initiateSigning')).toEqual([]);

    await sign(page, env);
    await tap(page, env, `.sign__pad >>> ${TDesign('.pad__confirm')}`);
    const [sent] = env.calls.filter((c) => c.name === 'initiateSigning');
    const signatureFile = (sent!.data as { signatureFile: string }).signatureFile;
    expect(sent!.data).toMatchObject({ action: 'submit', agreementId: draft.id, signatureFile: expect.stringMatching(/^local:\/\/uploads\/[0-9a-f]{32}\/.+\.png$/) });
    expect(sent!.result).toMatchObject({ ok: true, data: { state: 'pendingCollege' } });
    const agreement = (await sys.store.get('agreements', draft.id))!;
    expect(agreement.studentSignature).toEqual({ fileId: signatureFile, sha256: sha256(canvas.exports[0]!.bytes) });
    const entry = (await sys.auditOf('agreement', draft.id)).at(-1)!;
    expect(entry).toMatchObject({ action: 'submit', attachments: [{ fileId: proof }, agreement.studentSignature] });
    expect(page.data.signing).toBe(false);
    expect(textAt(page, '.done')).toContain('已发起签约');
  });
});
