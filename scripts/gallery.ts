/**
 * `npm run gallery`: everything a person should look at, in gallery/.
 * - gallery/agreement-p*.png: the printed agreement (scripts/gallery-pdf.ts).
 * - gallery/pages/*.png: every mini-program page in each meaningful state. The page tests run with GALLERY_DIR set,
 *   so each `capture(...)` in them writes the page's HTML; headless Chromium (Debian `chromium`, CJK font
 *   `fonts-wqy-microhei`), driven by playwright-core, draws each whole page at 750 px wide, a phone's 750 rpx.
 * - gallery/index.html and gallery/index.md: page, state and file for every picture.
 * It fails (exit 1) when the tests fail, when a page cannot be drawn, when a picture comes out blank, or when a page
 * is drawn wider than the phone (every such page named, after all are drawn).
 * `npm run gallery -- --draw-only` draws the last run's captures again without running the tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { galleryPdf } from './gallery-pdf';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'gallery');
const PAGES = path.join(OUT, 'pages');
const WIDTH = 750;

/** one line of captures.jsonl, as tests/miniprogram/gallery.ts writes it */
interface GalleryEntry {
  page: string;
  state: string;
  title: string;
  file: string;
}
const HEIGHT = 1334;

/** The system's Chromium (Debian `chromium`); playwright-core drives it and downloads no browser of its own. */
function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  const found = candidates.find((c): c is string => !!c && existsSync(c));
  if (!found) throw new Error('Chromium not found: install Debian `chromium` and `fonts-wqy-microhei` (see README), or set CHROMIUM');
  return found;
}

/**
 * A picture is blank when (almost) every pixel has the page's background colour: nothing was drawn. A loading
 * spinner with its words is a few thousand pixels; a page that failed to draw is none.
 */
export function drawnPixels(file: string): number {
  const png = PNG.sync.read(readFileSync(file));
  const counts = new Map<number, number>();
  for (let i = 0; i < png.data.length; i += 4) counts.set(png.data.readUInt32BE(i), (counts.get(png.data.readUInt32BE(i)) ?? 0) + 1);
  return png.width * png.height - Math.max(...counts.values());
}
const MIN_DRAWN_PIXELS = 500;

/** How wide the page is drawn: more than the phone's width means something spills past its right edge. */
const drawnWidth = async (page: Page): Promise<number> =>
  // a string, evaluated in the page: this script is compiled without the DOM's types
  Number(await page.evaluate('Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)'));

/** Draws one page state; answers how wide it came out. */
async function drawPage(page: Page, html: string, png: string): Promise<number> {
  const errors: string[] = [];
  page.removeAllListeners('pageerror');
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pathToFileURL(html).href, { waitUntil: 'load', timeout: 60_000 });
  const width = await drawnWidth(page);
  await page.screenshot({ path: png, fullPage: true });
  if (errors.length) throw new Error(`${path.basename(html)}: ${errors.join('; ')}`);
  if (!existsSync(png) || statSync(png).size === 0) throw new Error(`Chromium could not draw ${path.basename(html)}`);
  if (drawnPixels(png) < MIN_DRAWN_PIXELS) throw new Error(`${path.basename(png)} came out blank`);
  return width;
}

function writeIndex(entries: (GalleryEntry & { png: string })[], pdfPages: string[]): void {
  const rows = entries.map((e) => `| ${e.page} | ${e.state} | ${e.title} | pages/${e.png} |`);
  writeFileSync(
    path.join(OUT, 'index.md'),
    ['# Gallery', '', '| page | state | 状态 | file |', '|---|---|---|---|', ...rows, ...pdfPages.map((f, i) => `| agreement.pdf | page-${i + 1} | 协议书第 ${i + 1} 页 | ${f} |`), ''].join('\n'),
  );
  const cards = entries.map(
    (e) => `<figure><img src="pages/${e.png}" width="375" loading="lazy"><figcaption><b>${e.page}</b> · ${e.state}<br>${e.title}</figcaption></figure>`,
  );
  const pdfCards = pdfPages.map((f, i) => `<figure><img src="${f}" width="375" loading="lazy"><figcaption><b>协议书</b> · 第 ${i + 1} 页</figcaption></figure>`);
  writeFileSync(
    path.join(OUT, 'index.html'),
    `<!doctype html><meta charset="utf-8"><title>网签三方协议 gallery</title><style>body{font-family:sans-serif;display:flex;flex-wrap:wrap;gap:16px}figure{margin:0;width:375px}img{border:1px solid #ddd}</style>${[...cards, ...pdfCards].join('\n')}`,
  );
}

async function main(): Promise<void> {
  const executablePath = chromiumPath();
  // --draw-only: draw the captures already in gallery/pages again (after a style change), without the tests
  const drawOnly = process.argv.includes('--draw-only');
  if (!drawOnly) {
    rmSync(PAGES, { recursive: true, force: true });
    mkdirSync(PAGES, { recursive: true });
  }

  const pdfPages = (await galleryPdf(OUT)).map((f) => path.relative(OUT, f));
  console.log(`gallery: agreement PDF, ${pdfPages.length} pages`);

  if (!drawOnly) {
    const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), 'tests/miniprogram', '--silent'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, TZ: 'Asia/Shanghai', GALLERY_DIR: PAGES },
    });
    if (jest.status !== 0) throw new Error('the page tests failed: no gallery');
  }

  const list = path.join(PAGES, 'captures.jsonl');
  // a state captured by two tests is drawn once (the file holds the last capture)
  const byFile = new Map<string, GalleryEntry>();
  if (existsSync(list)) for (const l of readFileSync(list, 'utf8').split('\n').filter(Boolean)) byFile.set((JSON.parse(l) as GalleryEntry).file, JSON.parse(l) as GalleryEntry);
  const entries = [...byFile.values()];
  if (entries.length === 0) throw new Error('no page was captured');
  const drawn: (GalleryEntry & { png: string })[] = [];
  const tooWide: string[] = [];
  const started = Date.now();
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 1 });
    for (const e of entries.sort((a, b) => a.file.localeCompare(b.file))) {
      const png = e.file.replace(/\.html$/, '.png');
      const width = await drawPage(page, path.join(PAGES, e.file), path.join(PAGES, png));
      if (width > WIDTH) tooWide.push(`${e.file} (${width} px)`);
      drawn.push({ ...e, png });
    }
  } finally {
    await browser.close();
  }
  writeIndex(drawn, pdfPages);
  console.log(`gallery: ${drawn.length} page states drawn in ${((Date.now() - started) / 1000).toFixed(1)} s → gallery/index.html, gallery/index.md`);
  // drawn all the same, so the pictures show what spills over
  if (tooWide.length) throw new Error(`wider than the phone's ${WIDTH} px:\n  ${tooWide.join('\n  ')}`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`gallery failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
