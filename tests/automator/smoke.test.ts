/**
 * Smoke test of the main flow in WeChat DevTools' simulator, driven by miniprogram-automator: the demo student 张三
 * opens his home page, follows the to-do to the demo offer, taps 应约, and sees his agreement waiting for the college.
 *
 * DevTools runs only on Windows and macOS. Set WECHAT_DEVTOOLS_CLI to its command-line tool (e.g.
 * `/Applications/wechatwebdevtools.app/Contents/MacOS/cli`, with 设置 → 安全设置 → 服务端口 switched on) to run it.
 * The mini program then talks to a fresh local runtime started here (through the developer-build storage switch of
 * miniprogram/api/client.ts), so no cloud environment is needed. Without the variable jest reports it as skipped, the reason in its title.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_OPENIDS } from '../../server/runtime/seed';
import { startServer } from '../../server/runtime/server';

const CLI = process.env.WECHAT_DEVTOOLS_CLI;
const ROOT = path.resolve(__dirname, '../..');

const SKIP_REASON = 'skipped: set WECHAT_DEVTOOLS_CLI to the WeChat DevTools command-line tool (Windows/macOS) to run it';
if (!CLI) {
  console.info(
    `Automator smoke test not run (${SKIP_REASON}). The same flow is covered page by page under miniprogram-simulate in tests/miniprogram.`,
  );
}
const suite = CLI ? describe : describe.skip;
jest.setTimeout(180_000);

suite(`miniprogram-automator smoke test (${CLI ? 'WeChat DevTools' : SKIP_REASON})`, () => {
  let dataDir: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let mp: any;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wq-automator-'));
    server = await startServer({ port: 0, dataDir });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const automator = require('miniprogram-automator') as { launch(o: { cliPath: string; projectPath: string; trustProject?: boolean }): Promise<unknown> };
    mp = await automator.launch({ cliPath: CLI ?? '', projectPath: ROOT, trustProject: true });
    await mp.callWxMethod('setStorageSync', 'dev:localRuntimeUrl', server.url);
    await mp.callWxMethod('setStorageSync', 'dev:openid', DEMO_OPENIDS.student);
  });

  afterAll(async () => {
    await mp?.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const until = async (page: { data(path?: string): Promise<unknown> }, ready: () => Promise<boolean>): Promise<void> => {
    for (let i = 0; i < 100; i++) {
      if (await ready()) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`page never became ready: ${JSON.stringify(await page.data())}`);
  };

  it('home → the offer in the to-do list → 应约 → the agreement waits for the college', async () => {
    const home = await mp.reLaunch('/pages/index/index');
    await until(home, async () => (await home.data('busy')) === false && JSON.stringify(await home.data()).includes('张三'));
    expect(JSON.stringify(await home.data())).toContain('有 1 条邀约待处理');

    const offer = await mp.navigateTo('/pkg/offer/index?id=offer-demo-1');
    await until(offer, async () => (await offer.data('busy')) === false && JSON.stringify(await offer.data()).includes('深圳示例科技有限公司'));
    await mp.mockWxMethod('showModal', { confirm: true, cancel: false });
    await mp.mockWxMethod('requestSubscribeMessage', { errMsg: 'requestSubscribeMessage:ok' });
    const accept = await offer.$('.actions__accept');
    expect(accept).not.toBeNull();
    await accept.tap();

    const deps = server.deps;
    for (let i = 0; i < 50 && (await deps.store.get('offers', 'offer-demo-1'))?.state !== 'accepted'; i++) await new Promise((r) => setTimeout(r, 200));
    const accepted = await deps.store.get('offers', 'offer-demo-1');
    expect(accepted?.state).toBe('accepted');
    const agreement = accepted?.agreementId ? await deps.store.get('agreements', accepted.agreementId) : null;
    expect(agreement?.state).toBe('pendingCollege');

    const mine = await mp.navigateTo(`/pkg/agreement/index?id=${agreement?._id ?? ''}`);
    await until(mine, async () => (await mine.data('busy')) === false && JSON.stringify(await mine.data()).includes(agreement?.agreementNo ?? '?'));
  });
});
