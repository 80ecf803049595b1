/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import { sha256 } from '../../server/domain/audit';
import { requestTermination } from '../../server/usecases/requestTermination';
import { review } from '../../server/usecases/review';
import type { AgreementDoc, SettingsDoc, TerminationDoc } from '../../server/domain/types';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { uploadFolder } from '../../server/storage/port';
import { SETTINGS_ID } from '../../server/app/settings';
import { formProblem, pickProblem } from '../../miniprogram/pkg/termination/form';
import { accept, signedDemoAgreement } from '../support/agreements';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { capture } from './gallery';
import { installWx, openPage, pngBytes, pullDown, settle, tap, textAt, textOf, type MiniEnv, type Page } from './support';

const ZHANG = DEMO_OPENIDS.student;
const EXPLANATION = '单位因业务调整撤销岗位，双方协商一致解约，单位已出具解约函。';

const button = (selector: string): string => `${selector} >>> .t-button`;
const tagText = (page: Page, selector: string): string => textAt(page, `${selector} >>> .t-tag`);
const timelineLabels = (page: Page): string[] =>
  page.querySelectorAll('.termination__timeline >>> .timeline__title').map((t) => (t.dom?.textContent ?? '').trim());
const srcOf = (node: Page): unknown => node.toJSON().attrs.find((a) => a.name === 'src')?.value;

async function setSettings(sys: TestSystem, change: Partial<SettingsDoc>): Promise<void> {
  const s = (await sys.store.get('settings', SETTINGS_ID))!;
  await sys.store.put('settings', { ...s, ...change, version: s.version + 1 } as SettingsDoc, s.version);
}

async function explain(page: Page, env: MiniEnv, text: string): Promise<void> {
  page.querySelector('.termination__explanation >>> .t-textarea__wrapper-inner')!.dispatchEvent('input', { detail: { value: text } });
  await settle(page, env);
}

const terminations = async (sys: TestSystem): Promise<TerminationDoc[]> => sys.all('terminations');

describe('申请解约 page', () => {
  let sys: TestSystem;
  let env: MiniEnv;
  let signed: AgreementDoc;

  beforeEach(async () => {
    sys = await makeSystem();
    signed = await signedDemoAgreement(sys);
    env = installWx(sys, ZHANG);
  });
  afterEach(() => sys.close());

  const open = (): Promise<Page> => openPage('termination', env, { agreementId: signed._id });

  /** two images picked and uploaded, the explanation typed */
  async function fill(page: Page): Promise<void> {
    env.picks = [
      { path: 'wxfile://tmp/letter.png', bytes: pngBytes('letter') },
      { path: 'wxfile://tmp/agreement-page.png', bytes: pngBytes('page') },
    ];
    await tap(page, env, '.termination__add');
    await explain(page, env, EXPLANATION);
  }

  it('opens with the agreement, the school’s guide and the form', async () => {
    const page = await open();
    expect(env.calls.map((c) => c.data)).toEqual([{ view: 'terminationForm', agreementId: signed._id }]);
    expect(textAt(page, '.agreement__employer')).toBe('深圳示例科技有限公司');
    expect(textAt(page, '.agreement__no')).toBe(`协议编号 ${signed.agreementNo}`);
    expect(tagText(page, '.agreement__state')).toBe('签约成功');
    expect(textAt(page, '.guide__text')).toBe('请上传单位出具的解约函或违约证明，并说明解约原因，提交后等待学校就业指导中心审核。');
    expect(textAt(page, '.form')).toContain('解约证明材料');
    expect(textAt(page, '.form')).toContain('0 / 1000');
    expect(page.querySelector('.request')).toBeUndefined();
    expect(page.querySelector('.termination__submit')).toBeDefined();
    capture(page, 'termination', 'form', '申请解约：填写');
  });

  it('picked images are uploaded into the student’s own folder; one can be removed; the count of the explanation shows', async () => {
    const page = await open();
    await fill(page);
    const images = page.data.images as { path: string; fileId: string }[];
    expect(images.map((i) => i.path)).toEqual(['wxfile://tmp/letter.png', 'wxfile://tmp/agreement-page.png']);
    for (const [i, image] of images.entries()) {
      expect(sys.files.pathOf(image.fileId)).toMatch(new RegExp(`^${uploadFolder(ZHANG)}[A-Za-z0-9_-]+\\.png$`));
      expect(await sys.files.read(image.fileId)).toEqual(pngBytes(i === 0 ? 'letter' : 'page'));
    }
    expect(page.querySelectorAll('.picked__image').map(srcOf)).toEqual(['wxfile://tmp/letter.png', 'wxfile://tmp/agreement-page.png']);
    expect(textAt(page, '.form')).toContain(`${EXPLANATION.length} / 1000`);
    expect(env.calls.map((c) => c.name)).toEqual(['query']); // uploading calls no function
    capture(page, 'termination', 'filled', '申请解约：已选择证明材料');

    page.querySelectorAll('.picked__image')[1]!.dispatchEvent('tap');
    await settle(page, env);
    expect(env.wx.previewImage).toHaveBeenCalledWith({ urls: ['wxfile://tmp/letter.png', 'wxfile://tmp/agreement-page.png'], current: 'wxfile://tmp/agreement-page.png' });

    await tap(page, env, '.picked__remove');
    expect(page.querySelectorAll('.picked__image').map(srcOf)).toEqual(['wxfile://tmp/agreement-page.png']);
  });

  it('an empty explanation or no image is refused on the phone: nothing is sent', async () => {
    const page = await open();
    await explain(page, env, EXPLANATION);
    await tap(page, env, button('.termination__submit'));
    expect(textAt(page, '.termination__form-error')).toBe('请上传解约证明材料');

    env.picks = [{ path: 'wxfile://tmp/letter.png', bytes: pngBytes('letter') }];
    await tap(page, env, '.termination__add');
    await explain(page, env, '   ');
    await tap(page, env, button('.termination__submit'));
    expect(textAt(page, '.termination__form-error')).toBe('请填写解约说明');
    capture(page, 'termination', 'refused', '申请解约：未填写说明');

    expect(env.calls.map((c) => c.name)).toEqual(['query']);
    expect(env.wx.requestSubscribeMessage).not.toHaveBeenCalled();
    expect(await terminations(sys)).toEqual([]);
  });

  it('提交: asks for the review-result message first, then the request waits for the school with its hashed evidence', async () => {
    const page = await open();
    await fill(page);
    const fileIds = (page.data.images as { fileId: string }[]).map((i) => i.fileId);
    // before the tap: what WeChat will ask, what to tap, and that saying no only means no message
    expect(textAt(page, '.form__consent')).toBe('点击后微信会询问是否接收审核结果通知，请点「允许」；不允许也不影响办理，审核结果可随时在本页查看。');
    await tap(page, env, button('.termination__submit'));
    expect(textAt(page, '.request__notified')).toBe('审核结果将通过微信通知您，也可在本页查看。');

    // consent is asked within the tap, before the request goes out
    expect(env.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['demo-tmpl-review-result'] }));
    const submitCall = env.wx.callFunction.mock.calls.findIndex(([o]) => (o as { name: string }).name === 'requestTermination');
    expect(env.wx.requestSubscribeMessage.mock.invocationCallOrder[0]).toBeLessThan(env.wx.callFunction.mock.invocationCallOrder[submitCall]!);

    const sent = env.calls.find((c) => c.name === 'requestTermination')!;
    expect(sent.data).toMatchObject({ action: 'submit', agreementId: signed._id, explanation: EXPLANATION, evidenceFiles: fileIds });
    const [t] = await terminations(sys);
    const evidence = [
      { fileId: fileIds[0], sha256: sha256(pngBytes('letter')) },
      { fileId: fileIds[1], sha256: sha256(pngBytes('page')) },
    ];
    expect(t).toMatchObject({ agreementId: signed._id, state: 'submitted', explanation: EXPLANATION, evidence, studentOpenid: ZHANG });
    const audit = await sys.auditOf('termination', t!._id);
    expect(audit).toEqual([expect.objectContaining({ action: 'submit', from: null, to: 'submitted', actor: { openid: ZHANG, role: 'student' }, attachments: evidence })]);
    // the agreement stays signed until the school decides
    expect((await sys.store.get('agreements', signed._id))!.state).toBe('signed');

    expect(tagText(page, '.request__state')).toBe('待学校审核');
    expect(textAt(page, '.request__explanation')).toBe(EXPLANATION);
    expect(page.querySelectorAll('.request__thumb')).toHaveLength(2);
    expect(textAt(page, '.request__wait')).toBe('提交后需等待学校（通常是就业指导中心）审核，审核通过后方解约成功。');
    expect(textAt(page, '.status__title')).toBe('解约申请待学校审核');
    expect(textAt(page, '.status__next')).toContain('您无需操作');
    expect(timelineLabels(page)).toEqual(['提交']);
    expect(page.querySelector('.form')).toBeUndefined();
    expect(page.querySelector('.termination__withdraw')).toBeDefined();
    expect(env.toasts).toContain('已提交，等待学校审核');
    capture(page, 'termination', 'pending', '解约申请待学校审核');
  });

  it('提交 with 微信通知 not allowed: the request goes out all the same, and the page says where the result will show', async () => {
    env.subscribe = 'reject';
    const page = await open();
    await fill(page);
    await tap(page, env, button('.termination__submit'));
    expect(env.wx.requestSubscribeMessage).toHaveBeenCalledTimes(1);
    expect(await terminations(sys)).toEqual([expect.objectContaining({ state: 'submitted' })]);
    expect(textAt(page, '.request__notified')).toBe('您未允许微信通知，审核结果请在本页查看。');
    capture(page, 'termination', 'pending-no-notice', '解约申请已提交，未允许微信通知');
  });

  it('撤回 while the school has not decided: withdrawn, audited, and a new request may be made', async () => {
    const page = await open();
    await fill(page);
    await tap(page, env, button('.termination__submit'));
    const [t] = await terminations(sys);

    await tap(page, env, button('.termination__withdraw'));
    expect(env.wx.showModal).toHaveBeenCalledTimes(1);
    expect((await sys.store.get('terminations', t!._id))!.state).toBe('withdrawn');
    expect((await sys.auditOf('termination', t!._id)).map((e) => [e.action, e.from, e.to])).toEqual([['submit', null, 'submitted'], ['withdraw', 'submitted', 'withdrawn']]);
    expect(tagText(page, '.request__state')).toBe('已撤回');
    expect(timelineLabels(page)).toEqual(['提交', '撤回']);
    expect(page.querySelector('.termination__withdraw')).toBeUndefined();
    expect(page.querySelector('.form')).toBeDefined();
    // the form starts empty again
    expect(page.data.images).toEqual([]);
    expect(page.data.explanation).toBe('');
    capture(page, 'termination', 'withdrawn', '解约申请已撤回');
  });

  it('the school approves: the page shows 解约成功 and 已解约, and offers nothing more', async () => {
    const page = await open();
    await fill(page);
    await tap(page, env, button('.termination__submit'));
    const [t] = await terminations(sys);
    sys.advance(86_400_000);
    const decided = await sys.ok(review, DEMO_OPENIDS.schoolReviewer, { requestId: rid(), decision: 'approve', items: [{ record: 'termination', id: t!._id, version: t!.version }] });
    expect(decided.results[0]).toMatchObject({ ok: true, state: 'approved' });

    await pullDown(page, env);
    expect((await sys.store.get('agreements', signed._id))!.state).toBe('terminated');
    expect(tagText(page, '.request__state')).toBe('解约成功');
    expect(tagText(page, '.agreement__state')).toBe('已解约');
    expect(textAt(page, '.status__title')).toBe('解约成功');
    expect(textAt(page, '.status__next')).toBe('协议已解除，不再有效。如与其他单位签约，请到「三方协议」应约或发起签约。');
    expect(timelineLabels(page)).toEqual(['提交', '审核通过']);
    expect(page.querySelector('.termination__withdraw')).toBeUndefined();
    expect(page.querySelector('.form')).toBeUndefined();
    expect(env.wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
    capture(page, 'termination', 'approved', '解约成功');
  });

  it('the school does not approve: its reason is shown, and the student may ask again', async () => {
    const page = await open();
    await fill(page);
    await tap(page, env, button('.termination__submit'));
    const [t] = await terminations(sys);
    await sys.ok(review, DEMO_OPENIDS.schoolReviewer, { requestId: rid(), decision: 'return', reason: '解约函缺少单位盖章，请补充', items: [{ record: 'termination', id: t!._id, version: t!.version }] });

    await pullDown(page, env);
    expect(tagText(page, '.request__state')).toBe('已退回');
    expect(textAt(page, '.request__reason')).toBe('审核意见：解约函缺少单位盖章，请补充');
    expect(tagText(page, '.agreement__state')).toBe('签约成功');
    expect(page.querySelector('.form')).toBeDefined();
    capture(page, 'termination', 'rejected', '解约申请已退回');
  });

  it('back on the page: the decision made meanwhile is shown; images and words being written are kept', async () => {
    const page = await open();
    await fill(page);
    await tap(page, env, button('.termination__submit'));
    const [t] = await terminations(sys);
    await sys.ok(review, DEMO_OPENIDS.schoolReviewer, { requestId: rid(), decision: 'return', reason: '请补充单位盖章', items: [{ record: 'termination', id: t!._id, version: t!.version }] });

    // the student comes back (from another page or the album): onShow again
    await (page.instance as { onShow(): Promise<void> }).onShow();
    await settle(page, env);
    expect(tagText(page, '.request__state')).toBe('已退回');

    // a new request being written survives a trip to the album and back
    env.picks = [{ path: 'wxfile://tmp/sealed-letter.png', bytes: pngBytes('sealed') }];
    await tap(page, env, '.termination__add');
    await explain(page, env, '已补充单位盖章的解约函');
    const calls = env.calls.length;
    await (page.instance as { onShow(): Promise<void> }).onShow();
    await settle(page, env);
    expect(env.calls.length).toBe(calls + 1);
    expect(page.data.images.map((i: { path: string }) => i.path)).toEqual(['wxfile://tmp/sealed-letter.png']);
    expect(page.data.explanation).toBe('已补充单位盖章的解约函');
  });

  it('the school does not let students ask: says so and offers no form; a waiting request can still be withdrawn', async () => {
    await setSettings(sys, { allowStudentTermination: false });
    const page = await open();
    expect(textAt(page, '.status__title')).toBe('暂不能申请解约');
    expect(textAt(page, '.status__next')).toBe('学校暂未开放学生申请解约，如需解约请联系院系或学校就业指导中心。');
    expect(page.querySelector('.form')).toBeUndefined();
    expect(page.querySelector('.termination__guide')).toBeUndefined();
    expect(page.querySelector('.termination__submit')).toBeUndefined();
    capture(page, 'termination', 'closed', '学校未开放学生申请解约');

    await setSettings(sys, { allowStudentTermination: true });
    const letter = await sys.upload(ZHANG, 'letter.png', pngBytes('letter'));
    await sys.ok(requestTermination, ZHANG, { action: 'submit', requestId: rid(), agreementId: signed._id, explanation: EXPLANATION, evidenceFiles: [letter] });
    await setSettings(sys, { allowStudentTermination: false });
    await pullDown(page, env);
    // the waiting request is what the page is about now
    expect(textAt(page, '.status__title')).toBe('解约申请待学校审核');
    await tap(page, env, button('.termination__withdraw'));
    expect((await terminations(sys)).map((t) => t.state)).toEqual(['withdrawn']);
    expect(textAt(page, '.status__title')).toBe('暂不能申请解约');
    expect(textAt(page, '.status__next')).toBe('学校暂未开放学生申请解约，如需解约请联系院系或学校就业指导中心。');
  });

  it('closed after the page was opened: the server’s refusal is shown and nothing is written', async () => {
    const page = await open();
    await fill(page);
    await setSettings(sys, { allowStudentTermination: false });
    await tap(page, env, button('.termination__submit'));
    expect(env.calls.at(-1)!.result).toMatchObject({ ok: false, code: 'TERMINATION_CLOSED' });
    expect(textAt(page, '.termination__form-error')).toBe('学校暂未开放学生申请解约');
    expect(await terminations(sys)).toEqual([]);
    // what was filled in stays for a later try
    expect(page.data.images).toHaveLength(2);
    expect(page.data.busy).toBe(false);
  });

  it('images over 10 MB and a failed upload are said; only the good ones are kept; at most 9', async () => {
    const page = await open();
    env.picks = [
      { path: 'wxfile://tmp/huge.png', bytes: Buffer.alloc(10 * 1024 * 1024 + 1) },
      { path: 'wxfile://tmp/ok.png', bytes: pngBytes('ok') },
    ];
    await tap(page, env, '.termination__add');
    expect(textAt(page, '.termination__form-error')).toBe('1 张图片超过 10 MB，请压缩后重新选择');
    expect(page.querySelectorAll('.picked__image').map(srcOf)).toEqual(['wxfile://tmp/ok.png']);
    const stored = await sys.all('audit');
    expect(stored.some((e) => e.record === 'termination')).toBe(false);

    env.wx.uploadFile.mockImplementationOnce((o: { fail: (e: { errMsg: string }) => void }) => setTimeout(() => o.fail({ errMsg: 'cloud.uploadFile:fail' }), 0));
    env.picks = [{ path: 'wxfile://tmp/lost.png', bytes: pngBytes('lost') }];
    await tap(page, env, '.termination__add');
    expect(textAt(page, '.termination__form-error')).toBe('1 张图片上传失败，请重试');
    expect(page.querySelectorAll('.picked__image')).toHaveLength(1);

    env.picks = Array.from({ length: 9 }, (_, i) => ({ path: `wxfile://tmp/p${i}.png`, bytes: pngBytes(`p${i}`) }));
    await tap(page, env, '.termination__add');
    expect(env.wx.chooseMedia).toHaveBeenLastCalledWith(expect.objectContaining({ count: 8 }));
    expect(page.querySelectorAll('.picked__image')).toHaveLength(9);
    expect(textAt(page, '.termination__form-error')).toBe('最多上传 9 张图片');
    expect(page.querySelector('.termination__add')).toBeUndefined();
  });

  it('an agreement not yet signed: no form, and why', async () => {
    await sys.close();
    sys = await makeSystem();
    signed = await accept(sys, ZHANG, 'offer-demo-1');
    env = installWx(sys, ZHANG);
    const page = await open();
    expect(textAt(page, '.status__next')).toBe('协议签约成功后才能申请解约。');
    expect(page.querySelector('.form')).toBeUndefined();
  });

  it('opened without an agreement, or for someone else’s: a message, nothing else', async () => {
    const none = await openPage('termination', env);
    expect(textAt(none, '.termination__error-text')).toBe('未指定协议，请从“我的协议书”进入');
    expect(env.calls).toEqual([]);

    env.openid = DEMO_OPENIDS.student2;
    const other = await open();
    expect(env.calls.at(-1)!.result).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(textAt(other, '.termination__error-text')).toBe(env.calls.at(-1)!.result.message!);
    expect(textOf(other)).not.toContain('深圳示例科技有限公司');
  });
});

describe('申请解约: the form’s own checks', () => {
  const image = { path: 'p', fileId: 'f' };
  it('asks for the images first, then the explanation, and bounds its length', () => {
    expect(formProblem([], '')).toBe('请上传解约证明材料');
    expect(formProblem([image], ' \n ')).toBe('请填写解约说明');
    expect(formProblem([image], '字'.repeat(1001))).toBe('解约说明不超过1000字');
    expect(formProblem([image], ` ${'字'.repeat(1000)} `)).toBe('');
  });
  it('says every reason images were left out', () => {
    expect(pickProblem(0, 0, 0)).toBe('');
    expect(pickProblem(2, 1, 3)).toBe('2 张图片超过 10 MB，请压缩后重新选择；1 张图片上传失败，请重试；最多上传 9 张图片');
  });
});
