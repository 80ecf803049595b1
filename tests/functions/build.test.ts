import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ASSETS,
  build,
  checkFolder,
  folderOf,
  LAZY,
  OPENAPI_SEND,
  READ_ONLY,
  ROOT,
  scaffold,
  type BuildManifest,
  type FunctionConfig,
} from '../../scripts/build';
import { functionNames } from '../../server/runtime/registry';
import { bundleFakeSdk } from '../support/bundleFakeSdk';

interface Answer {
  ok: boolean;
  data?: Record<string, unknown>;
}
type E2E = Record<'home' | 'accepted' | 'college' | 'school' | 'print' | 'verify' | 'timer', Answer> & {
  inits: string[];
  sent: string[][];
  files: string[];
};

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

describe('npm run build', () => {
  let manifest: BuildManifest;
  beforeAll(async () => {
    manifest = await build({ quiet: true });
  });

  it('gives every registered function a deployable folder: index.js, package.json pinning only wx-server-sdk, config.json', () => {
    expect(functionNames.length).toBeGreaterThanOrEqual(6);
    for (const name of functionNames) {
      const dir = folderOf(name);
      expect([name, existsSync(path.join(dir, 'index.js'))]).toEqual([name, true]);
      expect(existsSync(path.join(dir, 'index.ts'))).toBe(false);
      const pkg = readJson<{ name: string; main: string; dependencies: Record<string, string> }>(path.join(dir, 'package.json'));
      expect(pkg).toMatchObject({ name, main: 'index.js', dependencies: { 'wx-server-sdk': '4.0.2' } });
      expect(Object.keys(pkg.dependencies)).toEqual(['wx-server-sdk']);
      expect(checkFolder(name)).toEqual([]);
    }
  });

  it('copies the files a function reads at run time beside its bundle (the print font)', () => {
    expect(ASSETS.printAgreement).toEqual([{ from: 'assets/fonts/wqy-microhei.ttc', to: 'fonts/wqy-microhei.ttc' }]);
    for (const [name, assets] of Object.entries(ASSETS)) {
      for (const { from, to } of assets) {
        expect(statSync(path.join(folderOf(name), to)).size).toBe(statSync(path.join(ROOT, from)).size);
      }
      expect(manifest.functions.find((f) => f.name === name)?.assetBytes).toBe(
        assets.reduce((sum, a) => sum + statSync(path.join(ROOT, a.from)).size, 0),
      );
    }
  });

  it('bundles printAgreement\'s PDF code (pdfkit, the QR encoder) into print.js beside index.js, loaded on the first print and not at cold start', () => {
    // given the build
    expect(LAZY.printAgreement).toEqual([{ source: 'server/print/render.ts', to: 'print.js' }]);
    const dir = folderOf('printAgreement');
    const main = readFileSync(path.join(dir, 'index.js'), 'utf8');
    const lazy = readFileSync(path.join(dir, 'print.js'), 'utf8');
    // then index.js only requires the file, and print.js holds pdfkit
    expect(main).toContain('require("./print.js")');
    expect(main).not.toContain('PDFDocument');
    expect(lazy).toContain('PDFDocument');
    expect(manifest.functions.find((f) => f.name === 'printAgreement')!.lazyBytes).toBe(statSync(path.join(dir, 'print.js')).size);
    for (const f of manifest.functions) if (!LAZY[f.name]) expect([f.name, f.lazyBytes]).toEqual([f.name, 0]);
    // and loading the function does not load it
    const loaded = execFileSync(
      process.execPath,
      ['-e', `require(${JSON.stringify(path.join(dir, 'index.js'))});process.stdout.write(JSON.stringify(Object.keys(require.cache).map((k)=>require('node:path').basename(k))))`],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(JSON.parse(loaded)).toEqual(['index.js']);
  });

  it('grants subscribeMessage.send to every function that can queue a message, and gives expireOffers its hourly timer', () => {
    for (const name of functionNames) {
      const config = readJson<FunctionConfig>(path.join(folderOf(name), 'config.json'));
      if (!READ_ONLY.has(name)) expect([name, config.permissions?.openapi]).toEqual([name, [OPENAPI_SEND]]);
      if (name !== 'expireOffers') expect(config.triggers).toBeUndefined();
    }
    const timer = readJson<FunctionConfig>(path.join(folderOf('expireOffers'), 'config.json')).triggers;
    expect(timer).toEqual([{ name: 'hourly', type: 'timer', config: '0 0 * * * * *' }]);
    expect(timer![0]!.config.split(' ')).toHaveLength(7);
  });

  it('each bundle loads under plain Node, finds wx-server-sdk, exports main, and does not load the SDK until called', () => {
    const script = `
      const path = require('node:path');
      const out = { mains: {}, resolved: {} };
      for (const name of JSON.parse(process.argv[1])) {
        const dir = path.join('cloudfunctions', name);
        out.mains[name] = typeof require(path.resolve(dir, 'index.js')).main;
        out.resolved[name] = require.resolve('wx-server-sdk', { paths: [path.resolve(dir)] });
      }
      out.sdkLoaded = Object.keys(require.cache).some((k) => k.includes('wx-server-sdk'));
      process.stdout.write(JSON.stringify(out));`;
    const out = JSON.parse(
      execFileSync(process.execPath, ['-e', script, JSON.stringify(functionNames)], { cwd: ROOT, encoding: 'utf8' }),
    ) as { mains: Record<string, string>; resolved: Record<string, string>; sdkLoaded: boolean };
    expect(out.mains).toEqual(Object.fromEntries(functionNames.map((n) => [n, 'function'])));
    for (const name of functionNames) expect(out.resolved[name]).toMatch(/node_modules[\\/]wx-server-sdk[\\/]index\.js$/);
    expect(out.sdkLoaded).toBe(false);
  });

  it('keeps better-sqlite3 and the SQLite adapter out of every bundle', () => {
    for (const name of functionNames) {
      const code = readFileSync(path.join(folderOf(name), 'index.js'), 'utf8');
      expect([name, code.includes('better-sqlite3')]).toEqual([name, false]);
      expect([name, code.includes('journal_mode')]).toEqual([name, false]);
      // the SDK stays outside: required at run time, not bundled
      expect(code).toContain('require("wx-server-sdk")');
    }
  });

  it('writes dist/build-manifest.json with each bundle size', () => {
    const written = readJson<BuildManifest>(path.join(ROOT, 'dist/build-manifest.json'));
    expect(written).toEqual(manifest);
    expect(written.target).toBe('node16');
    expect(written.functions.map((f) => f.name)).toEqual([...functionNames].sort());
    for (const f of written.functions) {
      expect(f.bytes).toBe(statSync(path.join(folderOf(f.name), 'index.js')).size);
      expect(f.gzipBytes).toBeLessThan(f.bytes);
    }
    expect(written.totalBytes).toBe(written.functions.reduce((s, f) => s + f.bytes, 0));
  });

  it('the built bundles run end to end in a CloudBase-shaped container (wx-server-sdk replaced by an offline fake)', async () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'wq-fake-sdk-'));
    const fake = path.join(scratch, 'wx-server-sdk.js');
    await bundleFakeSdk(fake);
    // Every require('wx-server-sdk') in the bundles gets the fake; the bundles themselves are run as deployed.
    const driver = `
      const Module = require('node:module');
      const path = require('node:path');
      const fake = process.argv[1];
      const resolve = Module._resolveFilename;
      Module._resolveFilename = function (request, ...rest) {
        return request === 'wx-server-sdk' ? fake : resolve.call(this, request, ...rest);
      };
      const sdk = require(fake);
      const as = (openid, name, event) => {
        if (openid) sdk.context.OPENID = openid; else delete sdk.context.OPENID;
        return require(path.resolve('cloudfunctions', name, 'index.js')).main(event, {});
      };
      (async () => {
        await sdk.seed();
        const out = {};
        out.home = await as('demo-student', 'query', { view: 'home' });
        out.accepted = await as('demo-student', 'respondOffer', { action: 'accept', requestId: 'e2e-accept-1', offerId: 'offer-demo-1', version: 1, userInfo: { openId: 'demo-student-2' } });
        const id = out.accepted.data.id;
        out.college = await as('demo-college-cs', 'review', { requestId: 'e2e-review-1', decision: 'approve', items: [{ record: 'agreement', id, version: 1 }] });
        out.school = await as('demo-school', 'review', { requestId: 'e2e-review-2', decision: 'approve', items: [{ record: 'agreement', id, version: 2 }] });
        out.print = await as('demo-student', 'printAgreement', { agreementId: id });
        out.verify = await as('demo-student-2', 'verifyAgreement', { agreementNo: out.print.data.agreementNo, code: out.print.data.verificationCode });
        out.timer = await as('', 'expireOffers', { Type: 'Timer', TriggerName: 'hourly', Time: new Date().toISOString() });
        out.inits = sdk.inits.map((o) => typeof o.env);
        out.sent = sdk.sent.map((m) => [m.touser, m.templateId]);
        out.files = sdk.storedFiles();
        process.stdout.write(JSON.stringify(out));
      })().catch((e) => { console.error(e); process.exit(1); });`;
    try {
      const out = JSON.parse(
        execFileSync(process.execPath, ['-e', driver, fake], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'Asia/Shanghai' } }),
      ) as E2E;

      expect(out.home).toMatchObject({ ok: true });
      expect(out.accepted).toMatchObject({ ok: true, data: { record: 'agreement', state: 'pendingCollege', version: 1 } });
      expect(out.college).toMatchObject({ ok: true, data: { approved: 1, failed: 0 } });
      expect(out.school).toMatchObject({ ok: true, data: { approved: 1, failed: 0 } });
      expect(out.print).toMatchObject({ ok: true, data: { pages: expect.any(Number) } });
      expect(String(out.print.data!.fileId)).toMatch(/^cloud:\/\/fake-env-1a2b3c\.[0-9a-f]{8}\//);
      expect(out.files).toEqual([out.print.data!.fileId]);
      expect(out.verify).toMatchObject({ ok: true, data: { found: true, state: 'signed' } });
      expect(out.timer).toMatchObject({ ok: true, data: { done: true } });
      // one container per function (review ran twice on one), each initialised with the dynamic env symbol
      expect(out.inits).toEqual(['symbol', 'symbol', 'symbol', 'symbol', 'symbol', 'symbol']);
      expect(out.sent).toContainEqual(['demo-employer', 'demo-tmpl-offer-answered']);
      expect(out.sent).toContainEqual(['demo-student', 'demo-tmpl-review-result']);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  describe('in a scratch project', () => {
    let root: string;
    beforeEach(() => {
      root = mkdtempSync(path.join(tmpdir(), 'wq-build-'));
      mkdirSync(path.join(root, 'cloudfunctions'));
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('the scaffold writes a folder that passes the checks, and never overwrites a file', () => {
      expect(scaffold(['review'], root).sort()).toEqual([
        'cloudfunctions/review/config.json',
        'cloudfunctions/review/package.json',
        'cloudfunctions/review/src/index.ts',
      ]);
      expect(checkFolder('review', root)).toEqual([]);
      expect(readFileSync(path.join(root, 'cloudfunctions/review/src/index.ts'), 'utf8')).toContain('export const main = cloudMain(review);');
      expect(scaffold(['review'], root)).toEqual([]);
    });

    it('refuses a folder without the openapi permission, a timer without 7 fields, or a missing file', () => {
      scaffold(['review', 'expireOffers'], root);
      writeFileSync(path.join(root, 'cloudfunctions/review/config.json'), '{}');
      writeFileSync(
        path.join(root, 'cloudfunctions/expireOffers/config.json'),
        JSON.stringify({ permissions: { openapi: [OPENAPI_SEND] }, triggers: [{ name: 'hourly', type: 'timer', config: '0 0 * * *' }] }),
      );
      expect(checkFolder('review', root).join()).toContain('permissions.openapi');
      expect(checkFolder('expireOffers', root).join()).toContain('7 cron fields');
      expect(checkFolder('bind', root).join()).toContain('src/index.ts is missing');
    });

    it('fails when a bundle would pull in the SQLite store', async () => {
      scaffold(['review'], root);
      const sqlite = path.join(ROOT, 'server/store/sqlite');
      writeFileSync(
        path.join(root, 'cloudfunctions/review/src/index.ts'),
        `import { SqliteStore } from ${JSON.stringify(sqlite)};\nexport const main = async () => new SqliteStore({ path: ':memory:' }).name;\n`,
      );
      await expect(build({ root, names: ['review'], quiet: true })).rejects.toThrow(/local-only code: .*better-sqlite3/);
      expect(existsSync(path.join(root, 'dist/build-manifest.json'))).toBe(false);
    });
  });
});
