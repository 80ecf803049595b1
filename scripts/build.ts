/**
 * `npm run build`: bundles each cloud function into `cloudfunctions/<name>/index.js` (one file, wx-server-sdk left to
 * the cloud's `npm install`), refuses a bundle that drags in the SQLite adapter, prints sizes and writes
 * `dist/build-manifest.json`. `npm run build -- --scaffold` first creates the folder of a function that has none.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { FONT_FILE } from '../server/print/font';
import { functionNames } from '../server/runtime/registry';

export const ROOT = path.resolve(__dirname, '..');
/** CloudBase's oldest runtime still offered (Nodejs16.13); the bundle runs unchanged on 18, 20 and later. */
export const TARGET = 'node16';
export const SDK_VERSION = '4.0.2';
export const OPENAPI_SEND = 'subscribeMessage.send';
/** Functions that never queue a message, so they get no openapi permission (printAgreement writes only a file). */
export const READ_ONLY = new Set(['query', 'verifyAgreement', 'printAgreement']);
export const TIMER = { name: 'hourly', type: 'timer', config: '0 0 * * * * *' } as const;
/** Functions the timer runs. */
export const TIMED = new Set(['expireOffers']);

/**
 * Files a function reads at run time beside its bundle (project path → path inside the function folder). They are
 * copied by the build and deployed with the folder; they are not committed there.
 */
export const ASSETS: Record<string, { from: string; to: string }[]> = {
  // server/print/font.ts looks for it beside the bundle first
  printAgreement: [{ from: `assets/fonts/${FONT_FILE}`, to: `fonts/${FONT_FILE}` }],
};

/**
 * Code a function loads on its first use rather than at cold start: bundled into a second file beside index.js,
 * which the function's `await import(source)` loads when it first needs it. A cold call parses and compiles all of
 * index.js before it runs a line, so 1 MB of pdfkit there cost every call of printAgreement (a reprint included,
 * which reuses the stored file) about 150 ms; now only a print that renders pays it. A static import of the source
 * would bundle it into index.js again: tests/functions/build.test.ts checks that index.js leaves it out.
 */
export const LAZY: Record<string, { source: string; to: string }[]> = {
  printAgreement: [{ source: 'server/print/render.ts', to: 'print.js' }],
};

/** Inputs that must never reach a cloud bundle: the embedded store and its native module. */
const LOCAL_ONLY = [/node_modules[\\/]better-sqlite3[\\/]/, /(^|[\\/])server[\\/]store[\\/]sqlite\.ts$/, /node_modules[\\/]bindings[\\/]/];
/** Language features newer than the target runtime that esbuild does not lower; found in a bundle they would crash. */
const TOO_NEW = ['structuredClone(', '.findLast(', '.findLastIndex(', '.toSorted(', '.toReversed(', '.toSpliced(', 'Object.groupBy(', 'Array.fromAsync('];

export interface FunctionConfig {
  permissions?: { openapi?: string[] };
  triggers?: { name: string; type: string; config: string }[];
}

export interface BundleInfo {
  name: string;
  bytes: number;
  gzipBytes: number;
  /** source files bundled */
  inputs: number;
  /** run-time files copied beside the bundle (ASSETS) */
  assetBytes: number;
  /** the files loaded on first use (LAZY), bundled beside index.js */
  lazyBytes: number;
}

export interface BuildManifest {
  target: string;
  esbuild: string;
  functions: BundleInfo[];
  totalBytes: number;
}

export const folderOf = (name: string, root = ROOT): string => path.join(root, 'cloudfunctions', name);

/** The committed sources of a function's folder, as the scaffold writes them. */
export function folderSources(name: string): Record<string, string> {
  const config: FunctionConfig = {
    ...(READ_ONLY.has(name) ? {} : { permissions: { openapi: [OPENAPI_SEND] } }),
    ...(TIMED.has(name) ? { triggers: [{ ...TIMER }] } : {}),
  };
  return {
    'src/index.ts': [
      "import { cloudMain } from '../../../server/runtime/cloud';",
      `import { ${name} } from '../../../server/usecases/${name}';`,
      '',
      `export const main = cloudMain(${name});`,
      '',
    ].join('\n'),
    'package.json': `${JSON.stringify({ name, version: '1.0.0', private: true, main: 'index.js', dependencies: { 'wx-server-sdk': SDK_VERSION } }, null, 2)}\n`,
    'config.json': `${JSON.stringify(config, null, 2)}\n`,
  };
}

/** Creates what is missing of each function's folder; never overwrites a file. Returns the files it wrote. */
export function scaffold(names: readonly string[] = functionNames, root = ROOT): string[] {
  const written: string[] = [];
  for (const name of names) {
    for (const [rel, text] of Object.entries(folderSources(name))) {
      const file = path.join(folderOf(name, root), rel);
      if (existsSync(file)) continue;
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
      written.push(path.relative(root, file));
    }
  }
  return written;
}

/** What a folder must hold to deploy; the problems found, in words. */
export function checkFolder(name: string, root = ROOT): string[] {
  const dir = folderOf(name, root);
  const problems: string[] = [];
  for (const rel of ['src/index.ts', 'package.json', 'config.json']) {
    if (!existsSync(path.join(dir, rel))) problems.push(`${name}: ${rel} is missing (npm run build -- --scaffold creates it)`);
  }
  if (problems.length) return problems;
  if (existsSync(path.join(dir, 'index.ts'))) problems.push(`${name}: index.ts beside index.js fails to deploy; sources live in src/`);
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { main?: string; dependencies?: Record<string, string> };
  if (pkg.main !== 'index.js') problems.push(`${name}: package.json main must be index.js`);
  if (JSON.stringify(pkg.dependencies) !== JSON.stringify({ 'wx-server-sdk': SDK_VERSION })) {
    problems.push(`${name}: package.json dependencies must be exactly wx-server-sdk ${SDK_VERSION}`);
  }
  const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as FunctionConfig;
  if (!READ_ONLY.has(name) && !config.permissions?.openapi?.includes(OPENAPI_SEND)) {
    problems.push(`${name}: config.json needs permissions.openapi ["${OPENAPI_SEND}"] (it can queue messages)`);
  }
  if (TIMED.has(name) && !config.triggers?.some((t) => t.type === 'timer' && t.config.trim().split(/\s+/).length === 7)) {
    problems.push(`${name}: config.json needs a timer trigger with 7 cron fields`);
  }
  return problems;
}

/** Copies a function's run-time files beside its bundle (skipping those already there at the same size). */
function copyAssets(name: string, root: string): number {
  let bytes = 0;
  for (const { from, to } of ASSETS[name] ?? []) {
    const source = path.join(root, from);
    if (!existsSync(source)) throw new Error(`${name}: ${from} is missing; the function reads it at run time`);
    const target = path.join(folderOf(name, root), to);
    const size = statSync(source).size;
    if (!existsSync(target) || statSync(target).size !== size) {
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(source, target);
    }
    bytes += size;
  }
  return bytes;
}

/** In a function's bundle, `await import(source)` of one of its LAZY sources becomes a require of the file beside it. */
function lazyPlugin(name: string, root: string): esbuild.Plugin {
  // compared as real paths: a project may reach server/ through a link, and esbuild resolves from the real one
  const real = (file: string): string => (existsSync(file) ? realpathSync(file) : file);
  const lazy = (LAZY[name] ?? []).map((l) => ({ ...l, file: real(path.join(root, l.source)) }));
  return {
    name: 'lazy',
    setup(b) {
      b.onResolve({ filter: /./ }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const asked = path.resolve(args.resolveDir, args.path);
        const hit = lazy.find((l) => real(asked) === l.file || real(`${asked}.ts`) === l.file);
        return hit ? { path: `./${hit.to}`, external: true } : undefined;
      });
    },
  };
}

/** One esbuild run: a CommonJS file for the cloud's runtime, checked for what must not be in it. */
async function bundleFile(name: string, root: string, entry: string, outfile: string, plugins: esbuild.Plugin[] = []): Promise<{ code: Buffer; inputs: number }> {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    plugins,
    // `import()` as a require, so that a lazy file loads as CommonJS (and under a runtime without ESM hooks)
    supported: { 'dynamic-import': false },
    bundle: true,
    platform: 'node',
    target: TARGET,
    format: 'cjs',
    minify: true,
    external: ['wx-server-sdk'],
    sourcemap: false,
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const leaked = inputs.filter((i) => LOCAL_ONLY.some((re) => re.test(i)));
  if (leaked.length) throw new Error(`${name}: the bundle includes local-only code: ${leaked.join(', ')}`);
  const code = readFileSync(outfile);
  const text = code.toString('utf8');
  if (text.includes('better-sqlite3')) throw new Error(`${name}: the bundle mentions better-sqlite3`);
  const tooNew = TOO_NEW.filter((t) => text.includes(t));
  if (tooNew.length) throw new Error(`${name}: uses ${tooNew.join(', ')}, missing on the ${TARGET} runtime`);
  return { code, inputs: inputs.length };
}

async function bundle(name: string, root: string): Promise<BundleInfo> {
  const dir = folderOf(name, root);
  const main = await bundleFile(name, root, path.join(dir, 'src/index.ts'), path.join(dir, 'index.js'), [lazyPlugin(name, root)]);
  let lazyBytes = 0;
  for (const l of LAZY[name] ?? []) {
    lazyBytes += (await bundleFile(name, root, path.join(root, l.source), path.join(dir, l.to))).code.length;
  }
  const code = main.code;
  return { name, bytes: code.length, gzipBytes: gzipSync(code).length, inputs: main.inputs, assetBytes: copyAssets(name, root), lazyBytes };
}

/** Function folders present on disk (with sources), to catch one left behind after a function was removed. */
function foldersOnDisk(root: string): string[] {
  const base = path.join(root, 'cloudfunctions');
  return readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(base, d.name, 'src/index.ts')))
    .map((d) => d.name);
}

export interface BuildOptions {
  root?: string;
  names?: readonly string[];
  /** no table on stdout */
  quiet?: boolean;
}

export async function build(options: BuildOptions = {}): Promise<BuildManifest> {
  const root = options.root ?? ROOT;
  const names = [...(options.names ?? functionNames)].sort();
  const stray = foldersOnDisk(root).filter((d) => !(functionNames as readonly string[]).includes(d));
  const problems = [
    ...names.flatMap((n) => checkFolder(n, root)),
    ...stray.map((d) => `${d}: cloudfunctions/${d} has no function in server/runtime/registry.ts`),
  ];
  if (problems.length) throw new Error(`cannot build:\n  ${problems.join('\n  ')}`);

  const functions = await Promise.all(names.map((n) => bundle(n, root)));
  const manifest: BuildManifest = {
    target: TARGET,
    esbuild: esbuild.version,
    functions,
    totalBytes: functions.reduce((sum, f) => sum + f.bytes, 0),
  };
  mkdirSync(path.join(root, 'dist'), { recursive: true });
  writeFileSync(path.join(root, 'dist/build-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  if (!options.quiet) printTable(manifest);
  return manifest;
}

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

function printTable(m: BuildManifest): void {
  const width = Math.max(8, ...m.functions.map((f) => f.name.length));
  const line = (a: string, b: string, c: string, d: string): string => `${a.padEnd(width)}  ${b.padStart(10)}  ${c.padStart(10)}  ${d.padStart(12)}`;
  console.log(line('function', 'index.js', 'gzip', 'on first use'));
  for (const f of m.functions) console.log(line(f.name, kb(f.bytes), kb(f.gzipBytes), f.lazyBytes ? kb(f.lazyBytes) : ''));
  console.log(line('total', kb(m.totalBytes), '', ''));
  console.log(`(${TARGET}, esbuild ${m.esbuild}; manifest in dist/build-manifest.json)`);
}

async function main(): Promise<void> {
  if (process.argv.includes('--scaffold')) {
    const written = scaffold();
    console.log(written.length ? `scaffolded:\n  ${written.join('\n  ')}` : 'every function has its folder');
  }
  await build();
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
