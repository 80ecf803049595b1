/**
 * Builds miniprogram/miniprogram_npm, as WeChat DevTools' 构建 npm would, then keeps only the components the pages use.
 *
 * Runs after every `npm install` (postinstall) and before the build, so a fresh clone has what DevTools and the page
 * tests load, and nobody has to press 构建 npm. Steps:
 * 1. miniprogram-ci `packNpmManually` over miniprogram/package.json, the packages the mini program itself declares
 *    (the root package.json also lists the server's packages, which must never reach the phone). packNpmManually
 *    looks for node_modules beside that package.json, so it runs in a scratch folder whose node_modules links the
 *    root's copies.
 * 2. Pruning. TDesign ships ~80 components (5.6 MB); the main package may hold 2 MB and we aim under 600 KB. A
 *    component folder stays when a page or custom component names it in usingComponents, or when a kept folder refers
 *    to it (`../name/` in its js, json, wxml, wxss or wxs). Type declarations go too: the phone never reads them.
 *    A package of plain code (no components, e.g. uCharts) stays only in a package whose pages or components
 *    require it, and its source maps go: the phone never reads them.
 * 3. One copy per package. The main package's miniprogram/miniprogram_npm holds what the main package's pages and the
 *    custom tab bar use; each subpackage of app.json gets its own `<root>/miniprogram_npm` with what its pages use
 *    (WeChat's 分包 npm: a subpackage's files count toward that subpackage, and it may not rely on another
 *    subpackage's). Subpackage pages name their copy (`/pkg/miniprogram_npm/tdesign-miniprogram/...`), so TDesign
 *    used only behind a subpackage never weighs on the main package.
 *
 * Usage: tsx scripts/pack-npm.ts [--quiet] [--all]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const MP_ROOT = path.join(ROOT, 'miniprogram');
const OUT = path.join(MP_ROOT, 'miniprogram_npm');
const quiet = process.argv.includes('--quiet');
/** --all keeps every component: for development while pages are being written, never for an upload */
const keepAll = process.argv.includes('--all');
const log = (line: string): void => {
  if (!quiet) console.log(line);
};

interface MiniPackage {
  dependencies: Record<string, string>;
}

/** The subpackage roots of app.json ('pkg'), each packed separately. */
export function subpackageRoots(mpRoot: string): string[] {
  const app = JSON.parse(fs.readFileSync(path.join(mpRoot, 'app.json'), 'utf8')) as { subpackages?: { root: string }[]; subPackages?: { root: string }[] };
  return [...(app.subpackages ?? []), ...(app.subPackages ?? [])].map((sub) => sub.root.replace(/\/+$/, ''));
}

/**
 * Every usingComponents path under `mpRoot` (pages, custom components, app.json) that points into npm; folders named
 * in `skip` (relative to `mpRoot`: the subpackage roots, when it is the main package) are left out.
 */
export function usedComponents(mpRoot: string, skip: string[] = []): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  const skipped = new Set(skip.map((s) => path.join(mpRoot, s)));
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'miniprogram_npm' || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skipped.has(full)) visit(full);
      }
      else if (entry.name.endsWith('.json')) {
        let json: { usingComponents?: Record<string, string> };
        try {
          json = JSON.parse(fs.readFileSync(full, 'utf8')) as typeof json;
        } catch {
          continue;
        }
        for (const target of Object.values(json.usingComponents ?? {})) {
          // '/miniprogram_npm/tdesign-miniprogram/button/button', a subpackage's '/pkg/miniprogram_npm/…', or bare npm
          const m = /^\/?(?:(?:[\w-]+\/)*miniprogram_npm\/)?((?:@[^/]+\/)?[^/.][^/]*)\/([^/]+)\//.exec(target);
          if (!m?.[1] || !m[2] || target.startsWith('.')) continue;
          if (!used.has(m[1])) used.set(m[1], new Set());
          used.get(m[1])!.add(m[2]);
        }
      }
    }
  };
  visit(mpRoot);
  return used;
}

/**
 * The npm packages of `names` that code under `mpRoot` (pages, components, their modules) requires by name, folders
 * in `skip` left out as in usedComponents: a package of plain code, which no usingComponents names.
 */
export function requiredPackages(mpRoot: string, names: readonly string[], skip: string[] = []): Set<string> {
  const found = new Set<string>();
  const skipped = new Set(skip.map((s) => path.join(mpRoot, s)));
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'miniprogram_npm' || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skipped.has(full)) visit(full);
      } else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        const text = fs.readFileSync(full, 'utf8');
        for (const name of names) if (text.includes(`require('${name}')`) || text.includes(`from '${name}'`)) found.add(name);
      }
    }
  };
  visit(mpRoot);
  return found;
}

function removeSourceMaps(dir: string): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const f = path.join(dir, e.name);
    if (e.isDirectory()) removeSourceMaps(f);
    else if (e.name.endsWith('.js.map')) fs.rmSync(f);
  }
}

const REF = /['"(]\.\.\/([A-Za-z0-9_-]+)\//g;
/** a bare import (`from"tslib"`, `require("dayjs")`) resolves into the package's own miniprogram_npm */
const BARE = /(?:from\s*|require\()\s*["']((?:@[\w-]+\/)?[\w.-]+)(?:\/[^"']*)?["']/g;

/**
 * The folders of one packed package that the used components need, following `../name/` references; and the bundled
 * packages (its own miniprogram_npm) that the kept code imports.
 */
export function closure(pkgDir: string, start: Iterable<string>): { folders: Set<string>; bundled: Set<string> } {
  const keep = new Set<string>(['miniprogram_npm']);
  const bundled = new Set<string>();
  const queue = [...start];
  while (queue.length) {
    const name = queue.pop()!;
    if (keep.has(name) || !fs.existsSync(path.join(pkgDir, name))) continue;
    keep.add(name);
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const f = path.join(d, e.name);
        if (e.isDirectory()) walk(f);
        else if (/\.(js|json|wxml|wxss|wxs)$/.test(e.name)) files.push(f);
      }
    };
    walk(path.join(pkgDir, name));
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(REF)) if (m[1]) queue.push(m[1]);
      if (f.endsWith('.js')) for (const m of text.matchAll(BARE)) if (m[1] && !m[1].startsWith('.')) bundled.add(m[1]);
    }
  }
  return { folders: keep, bundled };
}

function removeDeclarations(dir: string): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const f = path.join(dir, e.name);
    if (e.isDirectory()) removeDeclarations(f);
    else if (e.name.endsWith('.d.ts')) fs.rmSync(f);
  }
}

function sizeOf(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const f = path.join(dir, e.name);
    total += e.isDirectory() ? sizeOf(f) : fs.statSync(f).size;
  }
  return total;
}

/** Keeps in one package's copy only the component folders (and bundled packages) its pages use. */
function prune(packed: string, manifest: MiniPackage, used: Map<string, Set<string>>, required: Set<string>, label: string): void {
  for (const name of keepAll ? [] : Object.keys(manifest.dependencies)) {
    const pkgDir = path.join(packed, name);
    if (!used.has(name)) {
      // plain code: all of it where it is required, none elsewhere
      if (!required.has(name)) {
        fs.rmSync(pkgDir, { recursive: true, force: true });
        // a scoped package's scope folder goes with its last package
        const scope = path.dirname(pkgDir);
        if (scope !== packed && fs.readdirSync(scope).length === 0) fs.rmdirSync(scope);
      }
      log(`pack-npm: ${label}: ${name}: ${required.has(name) ? 'kept, required by its code' : 'left out, nothing requires it'}`);
      continue;
    }
    const { folders, bundled } = closure(pkgDir, used.get(name) ?? []);
    for (const entry of fs.readdirSync(pkgDir)) {
      const full = path.join(pkgDir, entry);
      // DevTools' own index of the package (.wechatide.ib.json) is not code the phone runs
      if (fs.statSync(full).isDirectory() ? !folders.has(entry) : entry.startsWith('.')) fs.rmSync(full, { recursive: true });
    }
    const nested = path.join(pkgDir, 'miniprogram_npm');
    if (fs.existsSync(nested)) {
      for (const dep of fs.readdirSync(nested)) if (!bundled.has(dep)) fs.rmSync(path.join(nested, dep), { recursive: true });
    }
    log(`pack-npm: ${label}: ${name}: ${folders.size - 1} folders and ${[...bundled].join(', ') || 'no bundled packages'} kept for ${[...(used.get(name) ?? [])].sort().join(', ') || 'nothing used'}`);
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const manifest = JSON.parse(fs.readFileSync(path.join(MP_ROOT, 'package.json'), 'utf8')) as MiniPackage;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pack-npm-'));
  try {
    fs.copyFileSync(path.join(MP_ROOT, 'package.json'), path.join(scratch, 'package.json'));
    for (const name of Object.keys(manifest.dependencies)) {
      const link = path.join(scratch, 'node_modules', name);
      fs.mkdirSync(path.dirname(link), { recursive: true });
      fs.symlinkSync(path.join(ROOT, 'node_modules', name), link, 'dir');
    }
    const staging = path.join(scratch, 'out');
    fs.mkdirSync(staging);
    // miniprogram-ci is heavy (and noisy) to load: only here, never from the tests' import graph
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ci = require('miniprogram-ci') as typeof import('miniprogram-ci');
    const result = await ci.packNpmManually({ packageJsonPath: path.join(scratch, 'package.json'), miniprogramNpmDistDir: staging });
    if (result.warnList.length) for (const w of result.warnList) console.warn(`pack-npm: ${JSON.stringify(w)}`);
    const packed = path.join(staging, 'miniprogram_npm');
    if (!fs.existsSync(packed)) throw new Error('packNpmManually produced no miniprogram_npm');

    const before = sizeOf(packed);
    const roots = subpackageRoots(MP_ROOT);
    const names = Object.keys(manifest.dependencies);
    const targets = [
      { label: 'miniprogram/miniprogram_npm', out: OUT, used: usedComponents(MP_ROOT, roots), required: requiredPackages(MP_ROOT, names, roots) },
      ...roots.map((root) => ({
        label: `miniprogram/${root}/miniprogram_npm`,
        out: path.join(MP_ROOT, root, 'miniprogram_npm'),
        used: usedComponents(path.join(MP_ROOT, root)),
        required: requiredPackages(path.join(MP_ROOT, root), names),
      })),
    ];
    for (const target of targets) {
      const copy = path.join(scratch, `copy-${targets.indexOf(target)}`);
      fs.cpSync(packed, copy, { recursive: true });
      prune(copy, manifest, target.used, target.required, target.label);
      removeDeclarations(copy);
      removeSourceMaps(copy);
      fs.rmSync(target.out, { recursive: true, force: true });
      fs.cpSync(copy, target.out, { recursive: true });
      log(`pack-npm: ${target.label} ${(sizeOf(target.out) / 1024).toFixed(0)} KB (packed ${(before / 1024).toFixed(0)} KB)`);
    }
    log(`pack-npm: done in ${Date.now() - started} ms`);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`pack-npm failed: ${e instanceof Error ? e.stack : String(e)}`);
    process.exit(1);
  });
}
