import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

interface ProjectConfig {
  miniprogramRoot: string;
  cloudfunctionRoot: string;
  compileType: string;
  setting: {
    useCompilerPlugins?: string[];
    packNpmManually?: boolean;
    packNpmRelationList?: { packageJsonPath: string; miniprogramNpmDistDir: string }[];
  };
}

interface AppJson {
  pages: string[];
  subpackages?: { root: string; pages: string[] }[];
  subPackages?: { root: string; pages: string[] }[];
  sitemapLocation?: string;
}

/** The part of miniprogram-compiler (wcc's Node wrapper) this test uses; the package ships no typings. */
interface WxmlCompiler {
  wxmlToJs(rootPath: string, options?: { wxmlList?: string[]; wxsList?: string[] }): string;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function isDir(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

/** Files under `dir` (relative, '/'-separated) ending in `ext`, skipping generated npm output. */
function listFiles(dir: string, ext: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name === 'miniprogram_npm') continue;
      out.push(...listFiles(dir, ext, relPath));
    } else if (entry.name.endsWith(ext)) {
      out.push(relPath);
    }
  }
  return out.sort();
}

function loadWxmlCompiler(): WxmlCompiler {
  let resolved: string;
  try {
    resolved = require.resolve('miniprogram-compiler');
  } catch {
    throw new Error(
      'The official WXML compiler (wcc) is missing: add the devDependency "miniprogram-compiler" ' +
        '(it ships the Linux wcc binary; miniprogram-simulate also pulls it in) and run npm install.',
    );
  }
  return require(resolved) as WxmlCompiler;
}

/** Runs wcc over the given .wxml/.wxs files (paths relative to rootPath); throws with wcc's file:line:col message. */
function compileWxml(compiler: WxmlCompiler, rootPath: string, wxmlList: string[], wxsList: string[]): string {
  return compiler.wxmlToJs(rootPath, { wxmlList, wxsList });
}

const projectConfigPath = path.join(ROOT, 'project.config.json');

describe('project.config.json', () => {
  it('parses and points at the mini program and cloud function roots', () => {
    const config = readJson<ProjectConfig>(projectConfigPath);
    expect(config.compileType).toBe('miniprogram');
    expect(config.miniprogramRoot).toBe('miniprogram/');
    expect(config.cloudfunctionRoot).toBe('cloudfunctions/');
    expect(isDir(path.join(ROOT, config.miniprogramRoot))).toBe(true);
    expect(isDir(path.join(ROOT, config.cloudfunctionRoot))).toBe(true);
    expect(config.setting.useCompilerPlugins).toContain('typescript');
  });

  it("packs npm from the mini program's own package.json (never the server's packages) into its root", () => {
    const config = readJson<ProjectConfig>(projectConfigPath);
    expect(config.setting.packNpmManually).toBe(true);
    const relations = config.setting.packNpmRelationList ?? [];
    expect(relations).toHaveLength(1);
    for (const relation of relations) {
      expect(path.resolve(ROOT, relation.packageJsonPath)).toBe(path.join(ROOT, 'miniprogram/package.json'));
      expect(path.resolve(ROOT, relation.miniprogramNpmDistDir)).toBe(path.resolve(ROOT, config.miniprogramRoot));
    }
    // what the mini program declares is installed by the root package.json, at the same version
    const mini = readJson<{ dependencies: Record<string, string> }>(path.join(ROOT, 'miniprogram/package.json'));
    const root = readJson<{ dependencies: Record<string, string> }>(path.join(ROOT, 'package.json'));
    for (const [name, version] of Object.entries(mini.dependencies)) {
      expect(root.dependencies[name]?.replace(/^[\^~]/, '')).toBe(version);
      expect(readJson<{ version: string }>(path.join(ROOT, 'node_modules', name, 'package.json')).version).toBe(version);
    }
  });
});

describe('miniprogram/', () => {
  const config = readJson<ProjectConfig>(projectConfigPath);
  const mpRoot = path.join(ROOT, config.miniprogramRoot);

  it('app.json parses and its sitemap exists', () => {
    const app = readJson<AppJson>(path.join(mpRoot, 'app.json'));
    expect(app.pages.length).toBeGreaterThan(0);
    if (app.sitemapLocation) {
      expect(existsSync(path.join(mpRoot, app.sitemapLocation))).toBe(true);
    }
  });

  it('every page in app.json (main package and subpackages) has its .ts, .wxml, .json and .wxss', () => {
    const app = readJson<AppJson>(path.join(mpRoot, 'app.json'));
    const subpackages = [...(app.subpackages ?? []), ...(app.subPackages ?? [])];
    const pages = [...app.pages, ...subpackages.flatMap((sub) => sub.pages.map((p) => path.posix.join(sub.root, p)))];
    const missing: string[] = [];
    for (const page of pages) {
      for (const ext of ['.ts', '.wxml', '.json', '.wxss']) {
        if (!existsSync(path.join(mpRoot, page + ext))) missing.push(page + ext);
      }
    }
    expect(missing).toEqual([]);
    for (const page of pages) {
      expect(() => readJson<unknown>(path.join(mpRoot, `${page}.json`))).not.toThrow();
    }
  });

  it('the tab bar lists only pages of the app, and is the custom, role-aware one', () => {
    const app = readJson<AppJson & { tabBar?: { custom?: boolean; list: { pagePath: string }[] } }>(path.join(mpRoot, 'app.json'));
    expect(app.tabBar?.custom).toBe(true);
    for (const tab of app.tabBar?.list ?? []) expect(app.pages).toContain(tab.pagePath);
    for (const ext of ['.ts', '.wxml', '.json', '.wxss']) expect(existsSync(path.join(mpRoot, `custom-tab-bar/index${ext}`))).toBe(true);
  });

  it('every page the server links to (messages, the QR code) is a page of the app', () => {
    const app = readJson<AppJson>(path.join(mpRoot, 'app.json'));
    const linked = new Set<string>();
    for (const file of listFiles(path.join(ROOT, 'server'), '.ts')) {
      const text = readFileSync(path.join(ROOT, 'server', file), 'utf8');
      for (const m of text.matchAll(/['`]((?:pages|pkg)\/[A-Za-z0-9_/-]+\/index)[?'`]/g)) if (m[1]) linked.add(m[1]);
    }
    const subpackages = [...(app.subpackages ?? []), ...(app.subPackages ?? [])];
    const pages = [...app.pages, ...subpackages.flatMap((sub) => sub.pages.map((p) => path.posix.join(sub.root, p)))];
    expect(linked.size).toBeGreaterThan(3);
    expect([...linked].filter((p) => !pages.includes(p))).toEqual([]);
  });

  it('every usingComponents entry resolves to a component (in miniprogram_npm after npm install)', () => {
    const missing: string[] = [];
    for (const file of listFiles(mpRoot, '.json')) {
      const json = readJson<{ usingComponents?: Record<string, string> }>(path.join(mpRoot, file));
      for (const [tag, target] of Object.entries(json.usingComponents ?? {})) {
        const base = target.startsWith('/') ? path.join(mpRoot, target) : path.join(mpRoot, path.dirname(file), target);
        if (!['.js', '.ts'].some((ext) => existsSync(base + ext)) || !existsSync(`${base}.json`)) missing.push(`${file}: ${tag} → ${target}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('loads nothing from outside its root at run time: WeChat packages only miniprogram/ (type imports compile away)', () => {
    const outside: string[] = [];
    for (const file of listFiles(mpRoot, '.ts')) {
      const text = readFileSync(path.join(mpRoot, file), 'utf8');
      for (const m of text.matchAll(/^\s*(import(?!\s+type\b)[^;]*?from\s*|export(?!\s+type\b)[^;]*?from\s*|require\()\s*['"]([^'"]+)['"]/gm)) {
        const spec = m[2] ?? '';
        if (!spec.startsWith('.')) continue;
        const target = path.resolve(mpRoot, path.dirname(file), spec);
        if (!target.startsWith(mpRoot)) outside.push(`${file}: ${spec}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it("its copy of the code tables is the generator's output, byte for byte", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { COPIED_FILES } = require('../../scripts/gen-codes') as typeof import('../../scripts/gen-codes');
    for (const name of COPIED_FILES) {
      expect([name, readFileSync(path.join(mpRoot, 'pkg', 'codes', name), 'utf8')]).toEqual([name, readFileSync(path.join(ROOT, 'typings/codes', name), 'utf8')]);
    }
  });

  it('its copy of the shared rules is typings/rules/, byte for byte, every file of it', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { COPIED_RULES } = require('../../scripts/gen-codes') as typeof import('../../scripts/gen-codes');
    expect(listFiles(path.join(ROOT, 'typings/rules'), '')).toEqual([...COPIED_RULES].sort());
    expect(listFiles(path.join(mpRoot, 'rules'), '')).toEqual([...COPIED_RULES].sort());
    for (const name of COPIED_RULES) {
      const text = readFileSync(path.join(ROOT, 'typings/rules', name), 'utf8');
      expect([name, readFileSync(path.join(mpRoot, 'rules', name), 'utf8')]).toEqual([name, text]);
      // loadable where it is copied to: nothing but type imports
      expect([name, /^\s*(import|export)(?!\s+type\b)[^;]*?from\s*['"]|require\(/m.test(text)]).toEqual([name, false]);
    }
  });

  it('the official WXML compiler (wcc) accepts every .wxml', () => {
    const compiler = loadWxmlCompiler();
    const wxml = listFiles(mpRoot, '.wxml');
    expect(wxml.length).toBeGreaterThan(0);
    const output = compileWxml(compiler, mpRoot, wxml, listFiles(mpRoot, '.wxs'));
    expect(output).toContain('$gwx');
  });

  it('wcc really rejects a broken template (guards against a vacuous pass)', () => {
    const compiler = loadWxmlCompiler();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wcc-'));
    try {
      writeFileSync(path.join(dir, 'broken.wxml'), '<view><text>未闭合</view>\n');
      expect(() => compileWxml(compiler, dir, ['broken.wxml'], [])).toThrow(/broken\.wxml:1:\d+: expect end-tag `text`/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
