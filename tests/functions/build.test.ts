import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  build,
  checkFolder,
  folderOf,
  OPENAPI_SEND,
  READ_ONLY,
  ROOT,
  scaffold,
  type BuildManifest,
  type FunctionConfig,
} from '../../scripts/build';
import { functionNames } from '../../server/runtime/registry';

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
