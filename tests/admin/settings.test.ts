/** settings get/set: good values stored, bad ones refused in Chinese with nothing changed. */
import { settings } from '../../admin/commands/settings';
import { SETTINGS_ID } from '../../server/app/settings';
import { verifyAudit } from '../../server/app/verifyAudit';
import { deliverDue } from '../../server/app/delivery';
import { adminWorld, snapshot, type AdminWorld } from './support';

describe('settings', () => {
  let world: AdminWorld;
  beforeEach(async () => {
    world = await adminWorld();
  });
  afterEach(() => world.close());

  const stored = () => world.sys.store.get('settings', SETTINGS_ID);

  it('get lists every setting with its meaning; get <key> prints the bare value', async () => {
    const all = await world.run(settings, ['get']);
    expect(all.code).toBe(0);
    expect(all.text).toContain('schoolCode = 10001    # 学校代码');
    expect(all.text).toContain('offerTtlDays = 14    # 邀约有效天数');
    expect(all.text).toContain('colleges = [{"id":"cs","name":"计算机学院"},{"id":"em","name":"经济管理学院"}]');
    expect((await world.run(settings, ['get', 'schoolName'])).lines).toEqual(['示例大学']);
    expect((await world.run(settings, ['get', 'allowStudentInitiate'])).lines).toEqual(['true']);
    expect((await world.run(settings, ['get', 'templates.offerReceived'])).lines).toEqual(['demo-tmpl-offer-received']);
  });

  it('set stores a good value (typed as the setting is), bumps the version, and reports old → new', async () => {
    const before = (await stored())!;
    const r = await world.run(settings, ['set', 'offerTtlDays', '21']);
    expect(r.code).toBe(0);
    expect(r.lines).toEqual(['已修改 offerTtlDays：14 → 21']);
    expect(await stored()).toEqual({ ...before, offerTtlDays: 21, version: before.version + 1, auditHead: expect.any(String) });

    await world.run(settings, ['set', 'allowStudentTermination', '否']);
    await world.run(settings, ['set', 'colleges', 'cs=计算机学院, em=经济管理学院，law=法学院']);
    await world.run(settings, ['set', 'templates.reviewResult', 'Tmpl_9-x']);
    await world.run(settings, ['set', 'templates.offerExpiring', '']);
    const after = (await stored())!;
    expect(after.allowStudentTermination).toBe(false);
    expect(after.colleges).toEqual([
      { id: 'cs', name: '计算机学院' },
      { id: 'em', name: '经济管理学院' },
      { id: 'law', name: '法学院' },
    ]);
    expect(after.templates.reviewResult).toBe('Tmpl_9-x');
    expect(after.templates.offerExpiring).toBeUndefined();
    expect(after.version).toBe(before.version + 5);
  });

  it('the 丙方 address and phone the agreement prints: set with an extension, or cleared to leave the line for the pen', async () => {
    expect((await world.run(settings, ['set', 'schoolAddress', ' 广东省深圳市南山区学府路1号 '])).code).toBe(0);
    expect((await world.run(settings, ['set', 'schoolPhone', '0755-26530000转8001'])).code).toBe(0);
    expect(await stored()).toMatchObject({ schoolAddress: '广东省深圳市南山区学府路1号', schoolPhone: '0755-26530000转8001' });
    expect((await world.run(settings, ['set', 'schoolPhone', ''])).code).toBe(0);
    expect((await stored())!.schoolPhone).toBe('');
    expect((await world.run(settings, ['get'])).text).toContain('学校通讯地址（印在协议书丙方栏');
  });

  it('paperCopiesNote: where the paper copies go, set as text; an empty one is refused in Chinese and nothing changes', async () => {
    const note = '请于签约成功后 10 天内将纸质协议书一式四份交至学院就业办（行政楼 203）。';
    const r = await world.run(settings, ['set', 'paperCopiesNote', note]);
    expect(r.code).toBe(0);
    expect((await stored())!.paperCopiesNote).toBe(note);
    const before = await snapshot(world);
    const bad = await world.run(settings, ['set', 'paperCopiesNote', '  ']);
    expect(bad.code).not.toBe(0);
    expect(bad.text).toContain('请填写纸质协议书交付说明');
    expect(await snapshot(world)).toEqual(before);
  });

  it('miniprogramState: the version a tapped message opens, refused in Chinese unless formal, trial or developer; the next message opens it', async () => {
    // given a school testing with the 体验版
    const bad = await world.run(settings, ['set', 'miniprogramState', 'release']);
    expect(bad.code).toBe(1);
    expect(bad.text).toContain('消息打开的小程序版本只能是 formal（正式版）、trial（体验版）或 developer（开发版）');
    expect((await world.run(settings, ['set', 'miniprogramState', 'trial'])).lines).toEqual(['已修改 miniprogramState：formal → trial']);
    // when a queued message is delivered
    await deliverDue(world.sys.deps, Date.now() + 5_000);
    // then it opens the trial version
    expect(world.sys.sender.sent.length).toBeGreaterThan(0);
    expect(new Set(world.sys.sender.sent.map((m) => m.miniprogramState))).toEqual(new Set(['trial']));
  });

  it('each change is committed with an audit entry naming the keys it changed, never their values; verify-audit stays clean', async () => {
    world.sys.advance(60_000);
    await world.run(settings, ['set', 'offerTtlDays', '21']);
    await world.run(settings, ['set', 'templates.reviewResult', 'Tmpl_9-x']);
    const after = (await stored())!;
    const chain = await world.sys.auditOf('settings', SETTINGS_ID);
    expect(chain.map((e) => [e.seq, e.action, e.from, e.to, e.actor, e.reason ?? null])).toEqual([
      [1, 'init', null, 'set', { openid: 'admin', role: 'admin' }, null], // the demo seed's
      [2, 'update', 'set', 'set', { openid: 'admin', role: 'admin' }, 'offerTtlDays'],
      [3, 'update', 'set', 'set', { openid: 'admin', role: 'admin' }, 'templates.reviewResult'],
    ]);
    expect(chain[2]!.at).toBe('2026-03-02T02:01:00.000Z');
    expect(JSON.stringify(chain)).not.toContain('Tmpl_9-x');
    expect(after).toMatchObject({ version: 3, auditHead: chain[2]!.hash, updatedAt: '2026-03-02T02:01:00.000Z' });
    expect((await verifyAudit(world.sys.store)).broken).toEqual([]);
  });

  it('a change made by someone else between reading and writing is refused, and nothing is written', async () => {
    const store = world.sys.store;
    const commit = store.commit.bind(store);
    let before: Awaited<ReturnType<typeof snapshot>> | undefined;
    // the other change lands just before this command commits what it read
    const spy = jest.spyOn(store, 'commit').mockImplementationOnce(async (c) => {
      const s = (await stored())!;
      await commit({ writes: [{ collection: 'settings', doc: { ...s, printCopies: 2, version: s.version + 1 }, expectedVersion: s.version }], audit: [], outbox: [] });
      before = await snapshot(world);
      return commit(c);
    });
    try {
      const r = await world.run(settings, ['set', 'offerTtlDays', '21']);
      expect(r.code).toBe(1);
      expect(r.text).toBe('未执行：学校设置刚被他人修改，本次未改动，请重新运行');
      expect(await snapshot(world)).toEqual(before);
      expect((await stored())!.offerTtlDays).toBe(14);
    } finally {
      spy.mockRestore();
    }
  });

  it('returnReasons.<类别>: a list split by |, stored for that kind only, audited by name; empty leaves the kind without presets', async () => {
    const before = (await stored())!;
    const r = await world.run(settings, ['set', 'returnReasons.agreement', '请上传加盖单位公章的录用通知 | 岗位、薪酬信息不完整，请补充｜档案信息有误']);
    expect(r.code).toBe(0);
    const after = (await stored())!;
    expect(after.returnReasons.agreement).toEqual(['请上传加盖单位公章的录用通知', '岗位、薪酬信息不完整，请补充', '档案信息有误']);
    expect(after.returnReasons.sourceCheck).toEqual(before.returnReasons.sourceCheck);
    expect((await world.sys.auditOf('settings', SETTINGS_ID)).at(-1)).toMatchObject({ action: 'update', reason: 'returnReasons.agreement' });
    expect((await world.run(settings, ['get', 'returnReasons.agreement'])).lines).toEqual([JSON.stringify(after.returnReasons.agreement)]);

    await world.run(settings, ['set', 'returnReasons.employer', '']);
    expect((await stored())!.returnReasons.employer).toEqual([]);
    await world.run(settings, ['set', 'returnReasons.termination', '["请上传解约函"]']);
    expect((await stored())!.returnReasons.termination).toEqual(['请上传解约函']);
    expect((await verifyAudit(world.sys.store)).broken).toEqual([]);
  });

  it('returnReasons of an unknown kind is a usage error naming the kinds (exit 2), nothing changes', async () => {
    const before = await stored();
    const r = await world.run(settings, ['set', 'returnReasons.offer', '请重填']);
    expect(r.code).toBe(2);
    expect(r.text).toContain('没有这类常用退回原因：offer；可用的类别：sourceCheck、employmentCheck、agreement、termination、employer');
    expect(await stored()).toEqual(before);
  });

  it('setting the value it already has writes nothing', async () => {
    const before = await snapshot(world);
    const r = await world.run(settings, ['set', 'printCopies', '4']);
    expect(r).toMatchObject({ code: 0, lines: ['printCopies 已是 4，无改动'] });
    expect(await snapshot(world)).toEqual(before);
  });

  it.each([
    [['offerTtlDays', '0'], '邀约有效天数至少为1'],
    [['offerTtlDays', '61'], '邀约有效天数不超过60'],
    [['offerTtlDays', '两周'], '邀约有效天数应为数字'],
    [['offerTtlDays', '7.5'], '邀约有效天数应为整数'],
    [['printCopies', '-2'], '协议打印份数至少为1'],
    [['schoolCode', '1234'], '学校代码应为5位数字'],
    [['schoolName', '   '], '请填写学校名称'],
    [['allowStudentInitiate', 'maybe'], '应为 true 或 false'],
    [['colleges', '[{"id":"cs","name":"计算机学院"},{"id":"cs","name":"重复"}]'], '学院代码不能重复'],
    [['colleges', 'c s=计算机学院'], '学院代码只能由字母、数字'],
    [['colleges', '[oops'], 'colleges 的值应为 JSON'],
    [['templates', '{"offerRecieved":"abc"}'], '订阅消息用途只能是 offerReceived、offerExpiring、offerAnswered、reviewResult'],
    [['templates.reviewResult', 'has space'], '模板编号只能由字母、数字'],
    [['schoolPhone', '请拨总机'], '学校联系电话应为7至20位号码'],
    [['schoolPhone', '123'], '学校联系电话应为7至20位号码'],
    [['schoolAddress', '路'.repeat(101)], '学校通讯地址不超过100字'],
    [['helpContacts', '[{"name":"就业指导中心","phone":"12345"}]'], '联系电话应为手机号、带区号的固定电话'],
    [['helpContacts', '[{"name":" ","phone":"010-12345678"}]'], '请填写联系人名称'],
    [['helpContacts', '{"name":"就业指导中心"}'], '帮助联系人应为数组'],
    [['helpContacts', '[oops'], 'helpContacts 的值应为 JSON（数组）'],
    [['faq', '[{"question":"怎么打印？"}]'], '每个常见问题应写成 {"question": 问题, "answer": 回答}（faq.0.answer）'],
    [['notices', '[{"title":"生源核查截止","deadline":"2026-02-30"}]'], '截止日期应为有效日期，写成 2026-06-30'],
    [['notices', '[{"title":"","deadline":"2026-06-30"}]'], '请填写通知标题'],
    [['returnReasons.agreement', `短原因|${'长'.repeat(41)}`], '三方协议的常用退回原因不超过40字'],
    [['returnReasons.sourceCheck', '地址不全|地址不全'], '生源核查的常用退回原因不能重复'],
    [['returnReasons.termination', Array.from({ length: 13 }, (_, i) => `原因${i + 1}`).join('|')], '解约申请的常用退回原因不超过12条'],
    [['returnReasons.employer', '[1, 2]'], '单位认证的常用退回原因应为文字'],
    [['returnReasons', '{"agreement":[]}'], '常用退回原因'],
  ])('set %j is refused: %s; nothing changes (exit 1)', async (args, why) => {
    const before = await stored();
    const r = await world.run(settings, ['set', ...args]);
    expect(r.code).toBe(1);
    expect(r.text).toContain(why);
    expect(r.text).toMatch(/^未执行：/);
    expect(await stored()).toEqual(before);
  });

  it('helpContacts, faq and notices: JSON lists, trimmed, stored with the change; get prints them back', async () => {
    // given the demo school's contacts and notice, and the built-in questions
    const before = (await stored())!;
    expect(before.faq.length).toBeGreaterThan(1);
    // when the school sets its own
    const contacts = await world.run(settings, ['set', 'helpContacts', '[{"name":" 就业指导中心 ","phone":"0755-86001234"},{"name":"经济管理学院辅导员","phone":"13900139000"}]']);
    await world.run(settings, ['set', 'faq', '[{"question":"怎么打印？","answer":"签约成功后点击打印。"}]']);
    await world.run(settings, ['set', 'notices', '[{"title":"生源核查截止","deadline":"2026-12-31"}]']);
    // then they are stored as given, trimmed
    expect(contacts.code).toBe(0);
    const after = (await stored())!;
    expect(after.helpContacts).toEqual([
      { name: '就业指导中心', phone: '0755-86001234' },
      { name: '经济管理学院辅导员', phone: '13900139000' },
    ]);
    expect(after.faq).toEqual([{ question: '怎么打印？', answer: '签约成功后点击打印。' }]);
    expect(after.notices).toEqual([{ title: '生源核查截止', deadline: '2026-12-31' }]);
    expect(after.version).toBe(before.version + 3);
    expect((await world.run(settings, ['get', 'notices'])).lines).toEqual(['[{"title":"生源核查截止","deadline":"2026-12-31"}]']);
    expect((await verifyAudit(world.sys.store)).broken).toEqual([]);
  });

  it('a college that still has students or reviewers cannot be taken out of the list', async () => {
    const before = await stored();
    const r = await world.run(settings, ['set', 'colleges', 'em=经济管理学院']);
    expect(r.code).toBe(1);
    expect(r.text).toContain('学院 cs（计算机学院）还有 2 名学生、1 名院系审核人员，不能删除');
    expect(await stored()).toEqual(before);
  });

  it('usage errors: an unknown key, a missing value, an unknown action (exit 2)', async () => {
    const unknown = await world.run(settings, ['set', 'offerTTL', '3']);
    expect(unknown.code).toBe(2);
    expect(unknown.text).toContain('没有这项设置：offerTTL');
    expect((await world.run(settings, ['set', 'offerTtlDays'])).code).toBe(2);
    expect((await world.run(settings, ['put', 'offerTtlDays', '3'])).code).toBe(2);
    expect((await world.run(settings, [])).code).toBe(2);
  });

  it('on a store without settings: get shows the defaults and says so; set writes them with the change', async () => {
    const empty = await adminWorld({ seed: false });
    try {
      const got = await empty.run(settings, ['get']);
      expect(got.text).toContain('库中还没有学校设置');
      expect(got.text).toContain('schoolCode = 10000');
      expect((await empty.run(settings, ['set', 'schoolCode', '10384'])).code).toBe(0);
      expect(await empty.sys.store.get('settings', SETTINGS_ID)).toMatchObject({ version: 1, schoolCode: '10384', offerTtlDays: 14 });
      expect((await empty.sys.auditOf('settings', SETTINGS_ID)).map((e) => e.action)).toEqual(['init']);
      expect((await verifyAudit(empty.sys.store)).broken).toEqual([]);
    } finally {
      await empty.close();
    }
  });
});
