/**
 * `npm run size`: the main package as WeChat would upload it, measured by miniprogram-ci's analyseCode (the analysis
 * behind DevTools' 代码依赖分析). Prints the total, the share of each top folder and the largest files, and fails
 * (exit 1) above the budget: 1 MB for the main package, half of WeChat's 2 MB limit, so growth shows long before
 * uploads are refused.
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
export const BUDGET_BYTES = 1024 * 1024;

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
    const byTop = new Map<string, number>();
    for (const f of main) {
      const top = f.path.startsWith('miniprogram_npm/') ? f.path.split('/').slice(0, 2).join('/') : (f.path.split('/')[0] ?? f.path);
      byTop.set(top, (byTop.get(top) ?? 0) + f.size);
    }
    console.log(`main package: ${kb(total)} in ${main.length} files (budget ${kb(BUDGET_BYTES)}, WeChat's limit 2048.0 KB)`);
    for (const [top, size] of [...byTop].sort((a, b) => b[1] - a[1])) console.log(`  ${kb(size).padStart(10)}  ${top}`);
    console.log('largest files:');
    for (const f of [...main].sort((a, b) => b.size - a.size).slice(0, 8)) console.log(`  ${kb(f.size).padStart(10)}  ${f.path}`);
    if (total > BUDGET_BYTES) {
      console.error(`the main package is ${kb(total)}, over the ${kb(BUDGET_BYTES)} budget`);
      return 1;
    }
    return 0;
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
