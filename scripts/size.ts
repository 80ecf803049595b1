/**
 * `npm run size`: the main package and each subpackage as WeChat would upload them, measured by miniprogram-ci's
 * analyseCode (the analysis behind DevTools' 代码依赖分析). Prints each package against WeChat's limits (main ≤ 2 MB,
 * each subpackage ≤ 2 MB, all together ≤ 20 MB) and the main package against the target (≤ 600 KB: what every
 * user downloads before the first screen), the share of each top folder and the largest files of the main package,
 * then the largest setData per page from the last page-test run (tests/miniprogram/support.ts). Fails (exit 1) when a
 * limit or the target is missed.
 *
 * analyseCode reads JavaScript, while our pages are TypeScript that DevTools compiles on upload; so the mini program
 * is copied to a scratch folder with each .ts compiled file by file (esbuild, no bundling: WeChat resolves the
 * requires itself; Chinese kept as UTF-8, as DevTools' minifier does), which is what the upload contains. Run
 * `npm install` first: it builds miniprogram_npm.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transformSync } from 'esbuild';

const ROOT = path.resolve(__dirname, '..');
export const TARGET_MAIN_BYTES = 600 * 1024;
const LIMIT_PACKAGE_BYTES = 2048 * 1024;
const LIMIT_TOTAL_BYTES = 20 * 1024 * 1024;

interface AnalysedFile {
  path: string;
  size: number;
  subPackage: string | null;
}

function compileTs(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const f = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'miniprogram_npm') compileTs(f);
    } else if (e.name.endsWith('.d.ts') || e.name === 'tsconfig.json' || e.name === 'package.json') rmSync(f);
    else if (e.name.endsWith('.ts')) {
      const out = transformSync(readFileSync(f, 'utf8'), { loader: 'ts', format: 'cjs', target: 'es2017', minify: true, charset: 'utf8' });
      writeFileSync(f.replace(/\.ts$/, '.js'), out.code);
      rmSync(f);
    }
  }
}

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

async function main(): Promise<number> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'mp-size-'));
  try {
    const mp = path.join(scratch, 'miniprogram');
    cpSync(path.join(ROOT, 'miniprogram'), mp, { recursive: true });
    // the shared contract types compile away; the code tables are data the pages import
    cpSync(path.join(ROOT, 'typings'), path.join(scratch, 'typings'), { recursive: true });
    compileTs(mp);
    compileTs(path.join(scratch, 'typings'));
    writeFileSync(path.join(scratch, 'project.config.json'), JSON.stringify({ miniprogramRoot: 'miniprogram/', compileType: 'miniprogram', appid: 'touristappid' }));

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ci = require('miniprogram-ci') as typeof import('miniprogram-ci');
    const project = new ci.Project({ appid: 'touristappid', type: 'miniProgram', projectPath: scratch, privateKey: 'offline: analyseCode needs no key', ignores: [] });
    const result = (await ci.analyseCode(project)) as { files: AnalysedFile[] };
    const main = result.files.filter((f) => !f.subPackage);
    const total = main.reduce((sum, f) => sum + f.size, 0);
    const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');
    const misses: string[] = [];
    const mainOk = total <= TARGET_MAIN_BYTES && total <= LIMIT_PACKAGE_BYTES;
    if (!mainOk) misses.push(`the main package is ${kb(total)}, over the ${kb(TARGET_MAIN_BYTES)} target`);
    console.log(`main package: ${kb(total)} in ${main.length} files (target ≤ ${kb(TARGET_MAIN_BYTES)}: ${verdict(mainOk)}; WeChat's limit ${kb(LIMIT_PACKAGE_BYTES)})`);
    const byTop = new Map<string, number>();
    for (const f of main) {
      const top = f.path.startsWith('miniprogram_npm/') ? f.path.split('/').slice(0, 2).join('/') : (f.path.split('/')[0] ?? f.path);
      byTop.set(top, (byTop.get(top) ?? 0) + f.size);
    }
    for (const [top, size] of [...byTop].sort((a, b) => b[1] - a[1])) console.log(`  ${kb(size).padStart(10)}  ${top}`);
    console.log('largest files of the main package:');
    for (const f of [...main].sort((a, b) => b.size - a.size).slice(0, 8)) console.log(`  ${kb(f.size).padStart(10)}  ${f.path}`);

    const subs = new Map<string, AnalysedFile[]>();
    for (const f of result.files) if (f.subPackage) subs.set(f.subPackage, [...(subs.get(f.subPackage) ?? []), f]);
    for (const [root, files] of subs) {
      const size = files.reduce((sum, f) => sum + f.size, 0);
      const ok = size <= LIMIT_PACKAGE_BYTES;
      if (!ok) misses.push(`subpackage ${root} is ${kb(size)}, over WeChat's ${kb(LIMIT_PACKAGE_BYTES)}`);
      const npm = files.filter((f) => f.path.includes('/miniprogram_npm/')).reduce((sum, f) => sum + f.size, 0);
      console.log(`subpackage ${root}: ${kb(size)} in ${files.length} files, ${kb(npm)} of them TDesign (WeChat's limit ${kb(LIMIT_PACKAGE_BYTES)}: ${verdict(ok)})`);
    }
    const all = result.files.reduce((sum, f) => sum + f.size, 0);
    const allOk = all <= LIMIT_TOTAL_BYTES;
    if (!allOk) misses.push(`all packages together are ${kb(all)}, over WeChat's ${kb(LIMIT_TOTAL_BYTES)}`);
    console.log(`all packages: ${kb(all)} (WeChat's limit ${kb(LIMIT_TOTAL_BYTES)}: ${verdict(allOk)})`);

    // written by the page tests; absent until they have run
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { summary } = require('../tests/miniprogram/setdata-reporter.js') as { summary: (since?: number) => string[] };
    const setData = summary();
    console.log(setData.length ? setData.join('\n') : 'setData: no record yet (run the page tests: npx jest tests/miniprogram)');

    for (const miss of misses) console.error(miss);
    return misses.length ? 1 : 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  // analyseCode leaves a file watcher running: exit explicitly
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`size failed: ${e instanceof Error ? e.stack : String(e)}`);
    process.exit(1);
  },
);
