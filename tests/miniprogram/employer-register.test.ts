/**
 * @jest-environment ./tests/miniprogram/environment.ts
 */
import { withUsccCheck } from '../../server/domain/identifiers';
import { sha256 } from '../../server/domain/audit';
import { review } from '../../server/usecases/review';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { makeSystem, rid, type TestSystem } from '../support/harness';
import { expectFormLabels } from './form-labels';
import { capture } from './gallery';
import { jpegBytes, pdfBytes } from '../support/files';
import { SETTINGS_ID } from '../../server/app/settings';
import { installWx, largestSetDataDuring, openPage, pullDown, settle, SETDATA_LIMIT_BYTES, tap, textAt, textOf, type, type MiniEnv, type Page } from './support';

const HR = 'wechat-new-hr';
const USCC = withUsccCheck('91440106MA9XY0123');
/** the same code with its check character changed: 18 characters of the right alphabet, one typo */
const TYPO = `${USCC.slice(0, 17)}${USCC[17] === '1' ? '2' : '1'}`;

const input = (page: Page, env: MiniEnv, cls: string, value: string) => type(page, env, `.${cls} >>> .t-input__control`, value);
const button = (cls: string): string => `.${cls} >>> .t-button`;

/** What code-field emits once a code is chosen in its cascader. */
async function chooseCode(page: Page, env: MiniEnv, cls: string, value: string): Promise<void> {
  const target = page.querySelector(`.${cls}`);
  if (!target) throw new Error(`no ${cls}`);
  target.dispatchEvent('change', { detail: { value, label: '' } });
  await settle(page, env);
}

async function fill(page: Page, env: MiniEnv, uscc: string): Promise<void> {
  await input(page, env, 'f-name', '广州新星软件有限公司');
  await input(page, env, 'f-uscc', uscc);
  await chooseCode(page, env, 'f-nature', '39');
  await chooseCode(page, env, 'f-industry', '65');
  await chooseCode(page, env, 'f-region', '440106');
  await input(page, env, 'f-address', '广州市天河区体育西路1号');
  await input(page, env, 'f-contact', '刘女士');
  await input(page, env, 'f-phone', '020-87654321');
}

/** The contact picks files (a photo from the album, or a PDF from a chat) for a field, as a finger would. */
async function attach(page: Page, env: MiniEnv, field: 'licenceFiles' | 'authorizationFiles', how: 'images' | 'documents', picks: MiniEnv['picks']): Promise<void> {
  env.picks = picks;
  await tap(page, env, `.f-${field} .add-${how}`);
  env.picks = [];
}

const LICENCE_PDF = { path: 'wxfile://tmp/营业执照扫描件.pdf', bytes: pdfBytes('营业执照 广州新星软件有限公司') };
const LICENCE_PHOTO = { path: 'wxfile://tmp/licence-photo.jpg', bytes: jpegBytes('营业执照照片') };

describe('单位注册 and the school’s certification', () => {
  let sys: TestSystem;
  let env: MiniEnv;

  beforeEach(async () => {
    sys = await makeSystem();
    env = installWx(sys, HR);
  });
  afterEach(() => sys.close());

  const bindCalls = () => env.calls.filter((c) => c.name === 'bind');
  const employersByUscc = async (uscc: string) => (await sys.all('employers')).filter((e) => e.uscc === uscc);

  /** The school's decision, as its reviewer makes it. */
  async function decide(employerId: string, decision: 'approve' | 'return', reason?: string): Promise<void> {
    const e = (await sys.store.get('employers', employerId))!;
    const r = await sys.ok(review, DEMO_OPENIDS.schoolReviewer, {
      requestId: rid(),
      decision,
      ...(reason ? { reason } : {}),
      items: [{ record: 'employer', id: employerId, version: e.version }],
    });
    expect(r.results[0]).toMatchObject({ ok: true });
  }

  async function register(): Promise<string> {
    const page = await openPage('employer/register', env);
    await fill(page, env, USCC.toLowerCase());
    await attach(page, env, 'licenceFiles', 'images', [LICENCE_PHOTO]);
    await tap(page, env, button('action-register'));
    const [registered] = await employersByUscc(USCC);
    return registered!._id;
  }

  it('a fresh WeChat registers its unit: refused on the page with a mistyped credit code, then registered, bound and audited', async () => {
    const page = await openPage('employer/register', env);
    expect(textOf(page)).toContain('用人单位注册');
    // five text boxes and the licence mark their own *, the three code-fields through t-cell's required; the school
    // asks for no authorization by default
    expect(page.querySelectorAll('.form-required')).toHaveLength(6);
    expect(page.querySelector('.f-authorizationFiles')).toBeUndefined();
    expect(expectFormLabels(page)).toEqual(['单位名称', '统一社会信用代码', '单位性质', '单位行业', '单位所在地', '单位地址', '单位联系人', '联系电话']);
    for (const cls of ['f-nature', 'f-industry', 'f-region']) expect(page.querySelector(`.${cls}`)!.instance.data.required).toBe(true);
    capture(page, 'employer-register', 'form', '单位注册');

    await fill(page, env, TYPO);
    await tap(page, env, button('action-register'));
    expect(textAt(page, '.e-uscc')).toBe('统一社会信用代码不正确，请核对');
    expect(textAt(page, '.e-licenceFiles')).toBe('请上传营业执照（照片或 PDF）');
    expect(textAt(page, '.form-error')).toBe('请按提示修改标红的项目');
    expect(page.querySelector('.e-name')).toBeUndefined();
    expect(bindCalls()).toEqual([]);
    expect(env.wx.requestSubscribeMessage).not.toHaveBeenCalled();
    expect(await sys.store.get('users', HR)).toBeNull();
    expect(await employersByUscc(TYPO)).toEqual([]);
    capture(page, 'employer-register', 'bad-uscc', '信用代码校验位有误');

    await input(page, env, 'f-uscc', '9144');
    await tap(page, env, button('action-register'));
    expect(textAt(page, '.e-uscc')).toBe('统一社会信用代码应为18位（已输入4位）');

    // typing clears the field's message; lower case is the same code
    await input(page, env, 'f-uscc', USCC.toLowerCase());
    expect(page.querySelector('.e-uscc')).toBeUndefined();
    // chosen codes in the value colour, the industry by its 大类 alone
    expect(textAt(page, '.f-industry >>> .code-field__value')).toBe('软件和信息技术服务业');
    expect(page.querySelector('.f-industry >>> .form-value--empty')).toBeUndefined();
    expectFormLabels(page);
    capture(page, 'employer-register', 'filled', '单位注册：已填写');
    // the licence: a photo taken by mistake is removed, the scanned PDF from a chat kept
    await attach(page, env, 'licenceFiles', 'images', [LICENCE_PHOTO]);
    expect(page.querySelector('.e-licenceFiles')).toBeUndefined();
    await attach(page, env, 'licenceFiles', 'documents', [LICENCE_PDF]);
    expect(page.querySelectorAll('.f-licenceFiles .tile__image')).toHaveLength(1);
    expect(textAt(page, '.f-licenceFiles .tile__doc')).toBe('PDF');
    capture(page, 'employer-register', 'files', '单位注册：已上传营业执照');
    await tap(page, env, '.f-licenceFiles .tile__remove');
    expect(page.querySelectorAll('.f-licenceFiles .tile__image')).toHaveLength(0);
    // the PDF opens in the phone's document viewer from its local copy
    await tap(page, env, '.f-licenceFiles .tile__doc');
    expect(env.wx.openDocument).toHaveBeenCalledWith(expect.objectContaining({ filePath: LICENCE_PDF.path, fileType: 'pdf' }));
    await tap(page, env, button('action-register'));
    expect(env.wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['demo-tmpl-review-result'] }));
    expect(bindCalls().map((c) => [c.data, c.result.ok])).toEqual([
      [
        {
          action: 'registerEmployer',
          requestId: expect.any(String),
          employer: {
            name: '广州新星软件有限公司',
            uscc: USCC,
            nature: '39',
            industry: '65',
            region: '440106',
            address: '广州市天河区体育西路1号',
            contactName: '刘女士',
            contactPhone: '020-87654321',
          },
          licenceFiles: [expect.stringMatching(/\.pdf$/)],
        },
        true,
      ],
    ]);
    const [employer] = await employersByUscc(USCC);
    expect(employer).toMatchObject({ state: 'registered', name: '广州新星软件有限公司', registrantOpenid: HR, contactName: '刘女士' });
    // the registration's entry seals the licence the school will certify on
    expect((await sys.auditOf('employer', employer!._id))[0]!.attachments).toEqual([{ fileId: expect.stringMatching(/\.pdf$/), sha256: sha256(LICENCE_PDF.bytes) }]);
    expect(await sys.store.get('users', HR)).toMatchObject({ role: 'employer', employerId: employer!._id });
    expect((await sys.auditOf('employer', employer!._id)).map((e) => [e.action, e.from, e.to, e.actor.openid])).toEqual([['register', null, 'registered', HR]]);
    expect((await sys.auditOf('user', HR)).map((e) => [e.action, e.to])).toEqual([['bind', 'employer']]);

    expect(textAt(page, '.done')).toContain('注册信息已提交，等待学校审核');
    expect(textAt(page, '.done__name')).toBe('广州新星软件有限公司');
    expect(textAt(page, '.done__state')).toBe('待认证');
    capture(page, 'employer-register', 'done', '注册信息已提交，等待学校审核');
    await tap(page, env, button('done__home'));
    expect(env.visited).toEqual(['/pkg/employer/home/index']);
  });

  it('单位所在地 chosen in its picker, a level at a time: province → city → district fills the form, no setData reaching 64 KB', async () => {
    const page = await openPage('employer/register', env);
    const picker = '.f-region >>> .code-field__picker >>> ';
    /** Taps the name on a level of the open picker, as a finger would. */
    const choose = async (level: number, name: string): Promise<void> => {
      const options = page.querySelectorAll(`${picker}.cascader-radio-group-${level} >>> .t-radio-option`);
      const option = options.find((o) => o.data?.label === name);
      if (!option) throw new Error(`${name} is not offered on level ${level}`);
      option.querySelector('.t-radio__content')!.dispatchEvent('tap');
      await settle(page, env);
    };
    // the cascader's own `change` comes from a setData callback the simulator calls without `this` (code-field listens
    // to `pick` instead): that TypeError is expected, any other error fails
    const errors: unknown[][] = [];
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args));
    const largest = await largestSetDataDuring(async () => {
      await tap(page, env, '.f-region >>> .code-field__cell');
      expect(page.querySelectorAll(`${picker}.cascader-radio-group-0 >>> .t-radio-option`)).toHaveLength(31);
      await choose(0, '广东省');
      await choose(1, '广州市');
      expect(page.data.form.region).toBe('');
      await choose(2, '天河区');
    });
    expect(page.data.form.region).toBe('440106');
    expect(textAt(page, '.f-region >>> .code-field__value')).toBe('广东省 广州市 天河区');
    expect(errors.filter((args) => !String(args[0]).includes("Cannot read properties of undefined (reading 'data')"))).toEqual([]);
    jest.restoreAllMocks();
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(SETDATA_LIMIT_BYTES);
  });

  it('waiting, then certified by the school: the home page says the registration waits for the school and keeps 邀约学生 closed, then 已认证', async () => {
    const employerId = await register();
    const home = await openPage('employer/home', env);
    expect(textAt(home, '.unit__name')).toBe('广州新星软件有限公司');
    expect(textAt(home, '.unit__state')).toBe('待认证');
    expect(textAt(home, '.status__headline')).toBe('注册信息已提交，等待学校审核');
    expect(home.querySelector('.status__reason')).toBeUndefined();
    expect(textAt(home, '.entries__blocked')).toBe('单位通过学校认证后才能邀约学生');
    expect(home.querySelector('.action-invite')!.instance.data.disabled).toBe(true);
    expect(textAt(home, '.panel')).toContain('共 0 份');
    capture(home, 'employer-home', 'registered', '单位首页：注册信息已提交，等待学校审核');
    await tap(home, env, button('action-invite'));
    expect(env.visited).toEqual([]);

    // the invite page explains rather than offering a form the server would refuse
    const invite = await openPage('employer/invite', env);
    expect(textAt(invite, '.notice')).toContain('单位尚未通过学校认证，暂不能邀约学生');
    expect(invite.querySelector('.action-submit')).toBeUndefined();
    capture(invite, 'employer-invite', 'not-certified', '未认证：不能邀约');

    await decide(employerId, 'approve');
    await pullDown(home, env);
    expect(env.wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
    expect(textAt(home, '.unit__state')).toBe('已认证');
    expect(textAt(home, '.unit__state')).toBe('已认证');
    expect(textAt(home, '.status__headline')).toBe('已通过学校认证');
    expect(home.querySelector('.entries__blocked')).toBeUndefined();
    expect(home.querySelector('.action-invite')!.instance.data.disabled).toBe(false);
    expect((await sys.auditOf('employer', employerId)).map((e) => [e.action, e.to])).toEqual([
      ['register', 'registered'],
      ['certify', 'certified'],
    ]);
    capture(home, 'employer-home', 'certified', '单位首页：已认证');
    await tap(home, env, button('action-invite'));
    expect(env.visited).toEqual(['/pkg/employer/invite/index']);
  });

  it('turned down: the home page shows 未通过 with the school’s reason; registering again, corrected and with a new licence, starts a new unit', async () => {
    const first = await register();
    await decide(first, 'return', '营业执照与单位名称不一致');
    const home = await openPage('employer/home', env);
    expect(textAt(home, '.unit__state')).toBe('未通过认证');
    expect(textAt(home, '.status__headline')).toBe('未通过学校认证');
    expect(textAt(home, '.status__reason')).toBe('退回原因：营业执照与单位名称不一致');
    expect(textOf(home)).not.toContain('注册信息已提交');
    expect(textAt(home, '.entries__blocked')).toContain('重新注册');
    capture(home, 'employer-home', 'rejected', '单位首页：未通过认证');
    await tap(home, env, button('status__register'));
    expect(env.visited).toEqual(['/pkg/employer/register/index']);

    const again = await openPage('employer/register', env);
    expect(textAt(again, '.returned__reason')).toBe('退回原因：营业执照与单位名称不一致');
    expect(again.data.form).toMatchObject({ name: '广州新星软件有限公司', uscc: USCC, region: '440106' });
    // the licence sent last time comes back, shown through its link
    expect(again.querySelectorAll('.f-licenceFiles .tile__image')).toHaveLength(1);
    expect(again.data.files.licenceFiles[0].src).toContain('&sign=');
    capture(again, 'employer-register', 'again', '未通过后修改重新注册');
    await input(again, env, 'f-name', '广州新星软件股份有限公司');
    await tap(again, env, '.f-licenceFiles .tile__remove');
    await attach(again, env, 'licenceFiles', 'documents', [LICENCE_PDF]);
    await tap(again, env, button('action-register'));
    expect(textAt(again, '.done__name')).toBe('广州新星软件股份有限公司');
    expect(textAt(again, '.done')).toContain('已重新提交，等待学校审核');
    capture(again, 'employer-register', 'resubmitted', '修改后重新提交，等待学校审核');
    const units = await employersByUscc(USCC);
    expect(units.map((e) => [e.name, e.state])).toEqual(
      expect.arrayContaining([
        ['广州新星软件有限公司', 'rejected'],
        ['广州新星软件股份有限公司', 'registered'],
      ]),
    );
    const second = units.find((e) => e.state === 'registered')!;
    expect((await sys.store.get('users', HR))!.employerId).toBe(second._id);
    expect(second.licenceFiles).toEqual([{ fileId: expect.stringMatching(/\.pdf$/), sha256: sha256(LICENCE_PDF.bytes) }]);
  });

  it('a school that asks for the contact’s authorization: the form asks for it, and a registration without it is refused on the page, then sent with it', async () => {
    const s = (await sys.store.get('settings', SETTINGS_ID))!;
    await sys.store.put('settings', { ...s, requireHrAuthorization: true, version: s.version + 1 }, s.version);
    const page = await openPage('employer/register', env);
    expect(textAt(page, '.f-authorizationFiles .files__label')).toBe('*授权书或在职证明');
    await fill(page, env, USCC);
    await attach(page, env, 'licenceFiles', 'images', [LICENCE_PHOTO]);
    await tap(page, env, button('action-register'));
    expect(textAt(page, '.e-authorizationFiles')).toBe('请上传单位出具的授权书或您的在职证明');
    expect(bindCalls()).toEqual([]);
    capture(page, 'employer-register', 'authorization-missing', '学校要求授权书：未上传');

    await attach(page, env, 'authorizationFiles', 'documents', [{ path: 'wxfile://tmp/授权书.pdf', bytes: pdfBytes('授权书') }]);
    await tap(page, env, button('action-register'));
    const [unit] = await employersByUscc(USCC);
    expect(unit).toMatchObject({ state: 'registered', authorizationFiles: [{ sha256: sha256(pdfBytes('授权书')) }] });
  });

  it('a file the server refuses (not a picture or PDF) is marked on its field, and nothing is written', async () => {
    const page = await openPage('employer/register', env);
    await fill(page, env, USCC);
    // named .jpg, but not one: the server tells by the bytes
    await attach(page, env, 'licenceFiles', 'images', [{ path: 'wxfile://tmp/fake.jpg', bytes: Buffer.from('not a picture') }]);
    await tap(page, env, button('action-register'));
    expect(textAt(page, '.e-licenceFiles')).toBe('营业执照第 1 份不是 JPG、PNG 图片或 PDF 文件，请删除后重新上传');
    expect(await employersByUscc(USCC)).toEqual([]);
    expect(await sys.store.get('users', HR)).toBeNull();
  });

  it('a code already registered: the server’s refusal is shown plainly and nothing is written', async () => {
    await register();
    env = installWx(sys, 'wechat-second-hr');
    const page = await openPage('employer/register', env);
    await fill(page, env, USCC);
    await attach(page, env, 'licenceFiles', 'images', [LICENCE_PHOTO]);
    const before = (await sys.all('employers')).length;
    await tap(page, env, button('action-register'));
    expect(bindCalls().map((c) => c.result.code)).toEqual(['INVALID_TRANSITION']);
    expect(textAt(page, '.form-error')).toBe('该统一社会信用代码的单位已注册，请向单位管理员索取邀请码');
    expect(page.querySelector('.done')).toBeUndefined();
    expect((await sys.all('employers')).length).toBe(before);
    expect(await sys.store.get('users', 'wechat-second-hr')).toBeNull();
    expect(page.data.busy).toBe(false);
    expect(page.querySelector('.action-register')!.instance.data.disabled).toBe(false);
  });

  it('someone already bound is told so, and nothing is offered to submit', async () => {
    env = installWx(sys, DEMO_OPENIDS.student);
    const page = await openPage('employer/register', env);
    expect(textAt(page, '.notice')).toContain('该微信已绑定为学生，无需重复注册');
    expect(page.querySelector('.action-register')).toBeUndefined();
    await tap(page, env, button('notice__action'));
    expect(env.visited).toEqual(['/pages/index/index']);
  });

  it('a failed load shows the message and 重试', async () => {
    env.wx.callFunction.mockRejectedValueOnce({ errMsg: 'cloud.callFunction:fail request:fail' });
    const page = await openPage('employer/register', env);
    expect(textAt(page, '.register__load-error')).toContain('网络不稳定，请稍后重试');
    await tap(page, env, button('register__retry'));
    expect(page.querySelector('.register__load-error')).toBeUndefined();
    expect(page.querySelector('.action-register')).toBeDefined();
  });
});
