/**
 * Gallery capture: a page test calls `capture(page, 'offer', 'expired', '已过期的邀约')` at each meaningful state.
 * Normally nothing happens. Under `npm run gallery` (GALLERY_DIR set) it writes the page as a standalone HTML file,
 * with the WXSS simulate inlined (TDesign's included), which scripts/gallery.ts then draws with headless Chromium.
 * So the gallery shows exactly the states the tests reach, with real data from the real functions.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from './support';

/** simulate renders tags as wx-*; a browser needs to be told they are blocks, and the page is a phone's 750 rpx. */
const PHONE_CSS = `
wx-view, wx-scroll-view, wx-swiper, wx-form, wx-image, wx-block { display: block; }
wx-text { display: inline; }
wx-input, wx-textarea { display: block; min-height: 1.4em; }
wx-image { width: 160px; height: 160px; }
html, body { margin: 0; }
/* WeChat's own button style, which TDesign's buttons build on: the outline is drawn by ::after at half scale (a hairline) */
wx-button { position: relative; overflow: hidden; }
wx-button::after { content: " "; position: absolute; top: 0; left: 0; width: 200%; height: 200%; box-sizing: border-box; border: 1px solid rgba(0, 0, 0, 0.2); border-radius: 10px; transform: scale(0.5); transform-origin: 0 0; pointer-events: none; }
/* a scroll-view that scrolls sideways keeps to the phone's width, as on a phone (its attribute is marked by withPhoneLayout) */
[data-scroll-x] { overflow-x: auto; scrollbar-width: none; }
body { width: 750px; min-height: 1334px; background: #f5f6f7; font-family: 'WenQuanYi Micro Hei', sans-serif; font-size: 28px; }
`;

export interface GalleryEntry {
  page: string;
  state: string;
  title: string;
  file: string;
}

interface RenderedField {
  __wxElement?: { _vt?: { attrs?: { name: string; value: unknown }[] } };
}

/**
 * simulate keeps an element's attributes in its template, not in the DOM, so a drawn form would look empty and a
 * sideways scroll-view would spill past the phone's edge. The copy written to the gallery shows each input's value
 * (or its placeholder, greyed) as text, and marks each scroll-view with scroll-x so it scrolls within the page.
 */
function withPhoneLayout(root: Element): Element {
  const copy = root.cloneNode(true) as Element;
  const attrsOf = (el: Element) => (el as unknown as RenderedField).__wxElement?._vt?.attrs ?? [];
  const scrollers = [...root.querySelectorAll('wx-scroll-view')];
  const scrollerCopies = [...copy.querySelectorAll('wx-scroll-view')];
  scrollers.forEach((el, i) => {
    // the template's `scroll-x` is kept as scrollX
    if (attrsOf(el).find((a) => a.name === 'scrollX')?.value === true) scrollerCopies[i]?.setAttribute('data-scroll-x', '');
  });
  // a chart's canvas carries its uCharts options (data-ucharts), for chartScript to draw
  const canvases = [...root.querySelectorAll('wx-canvas')];
  const canvasCopies = [...copy.querySelectorAll('wx-canvas')];
  canvases.forEach((el, i) => {
    const options = attrsOf(el).find((a) => a.name === 'data-ucharts')?.value;
    if (options && typeof options === 'object') canvasCopies[i]?.setAttribute('data-ucharts', JSON.stringify(options));
  });
  const originals = [...root.querySelectorAll('wx-input, wx-textarea')];
  const copies = [...copy.querySelectorAll('wx-input, wx-textarea')];
  originals.forEach((el, i) => {
    const attrs = attrsOf(el);
    const attr = (name: string): string => {
      const v = attrs.find((a) => a.name === name)?.value;
      return v === undefined || v === null ? '' : String(v);
    };
    const target = copies[i];
    if (!target) return;
    const value = attr('value');
    const password = attr('password') === 'true';
    target.textContent = value ? (password ? '•'.repeat(value.length) : value) : attr('placeholder');
    if (!value) target.setAttribute('style', `${target.getAttribute('style') ?? ''};color:#bbb`);
  });
  return copy;
}

/**
 * The phone draws TDesign's icons from its icon font, which TDesign loads from its CDN at run time; no package ships
 * the font. The gallery never depends on the network, so each icon a page shows is drawn from the same icon's SVG
 * source (tdesign-icons-svg, the set the font is built from) as a mask in the text's colour, the way a glyph takes it.
 */
/** found when a capture is written, so a test run without GALLERY_DIR does not need the package */
const iconSvgs = (): string => path.join(path.dirname(createRequire(__filename).resolve('tdesign-icons-svg/package.json')), 'src');
const iconCss = new Map<string, string>();

function iconRule(name: string): string {
  const known = iconCss.get(name);
  if (known !== undefined) return known;
  const file = path.join(iconSvgs(), `${name}.svg`);
  if (!existsSync(file)) throw new Error(`gallery: tdesign-icons-svg has no drawing of the icon "${name}"`);
  // the package writes `view-box` and a 1em size: a browser drawing the file alone needs viewBox and a size
  const svg = readFileSync(file, 'utf8').replace('view-box=', 'viewBox=').replace('width="1em" height="1em"', 'width="24" height="24"');
  const url = `url("data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}")`;
  const rule = `.t-icon--t-icon-${name}::before{content:''!important;display:inline-block;width:1em;height:1em;vertical-align:top;background-color:currentColor;-webkit-mask:${url} center/100% 100% no-repeat;mask:${url} center/100% 100% no-repeat}`;
  iconCss.set(name, rule);
  return rule;
}

/** The icons the page shows, drawn; TDesign's @font-face (remote URLs) left out, so the browser asks the network nothing. */
function iconStyles(html: string): string {
  const names = new Set([...html.matchAll(/t-icon--t-icon-([a-z0-9-]+)/g)].map((m) => m[1]!).filter((n) => n !== 'base'));
  return [...names].sort().map(iconRule).join('\n');
}

/**
 * A chart drawn with uCharts on a 2d canvas stays blank under simulate, which has no canvas. The gallery's copy draws
 * it in Chromium with the same library and the same options the page handed its chart, at the phone's scale (the
 * gallery's 750 px are the phone's 375 px at pixel ratio 2). uCharts steps its drawing with setTimeout even without
 * animation; the script runs those steps at once, so the chart is there when the page has loaded.
 */
function chartScript(html: string): string {
  if (!html.includes('data-ucharts=')) return '';
  const dir = path.dirname(createRequire(__filename).resolve('@qiun/ucharts/package.json'));
  const library = readFileSync(path.join(dir, 'u-charts.min.js'), 'utf8').replace(/export default uCharts;?\s*$/, '');
  const draw = `(function () {
  var later = window.setTimeout;
  window.setTimeout = function (step) { step(); return 0; };
  try {
    document.querySelectorAll('wx-canvas[data-ucharts]').forEach(function (el) {
      var o = JSON.parse(el.getAttribute('data-ucharts'));
      var width = el.parentElement.getBoundingClientRect().width, height = o.height * 2;
      el.parentElement.style.height = height + 'px';
      el.style.height = height + 'px';
      var canvas = document.createElement('canvas');
      canvas.width = width; canvas.height = height; canvas.style.display = 'block';
      el.appendChild(canvas);
      o.context = canvas.getContext('2d'); o.canvas2d = true; o.pixelRatio = 2; o.width = width; o.height = height;
      new uCharts(o);
    });
  } finally {
    window.setTimeout = later;
  }
})();`;
  return `<script>${library}</script><script>${draw}</script>`;
}

/**
 * The 手写签名 pad draws on a 2d canvas, which simulate lacks: the page tests' stand-in (canvas.ts) writes what the pad
 * drew onto the element (`data-drawn`: the pen's style and the strokes in the board's px), and the gallery's copy
 * draws them in Chromium at the phone's scale, as the pad's canvas showed them.
 */
function drawnScript(html: string): string {
  if (!html.includes('data-drawn=')) return '';
  const draw = `(function () {
  document.querySelectorAll('wx-canvas[data-drawn]').forEach(function (el) {
    var d = JSON.parse(el.getAttribute('data-drawn'));
    var box = el.getBoundingClientRect();
    var canvas = document.createElement('canvas');
    canvas.width = box.width; canvas.height = box.height; canvas.style.display = 'block';
    el.appendChild(canvas);
    var ctx = canvas.getContext('2d');
    ctx.scale(2, 2);
    Object.keys(d.style).forEach(function (k) { ctx[k] = d.style[k]; });
    d.strokes.forEach(function (s) {
      ctx.beginPath();
      s.forEach(function (p, i) { if (i) ctx.lineTo(p[0], p[1]); else ctx.moveTo(p[0], p[1]); });
      ctx.stroke();
    });
  });
})();`;
  return `<script>${draw}</script>`;
}

const withoutRemoteFonts = (css: string): string => css.replace(/@font-face\s*{[^}]*https?:[^}]*}/g, '');

export const galleryDir = (): string | undefined => process.env.GALLERY_DIR || undefined;

export function capture(page: Page, pageName: string, state: string, title: string): void {
  const dir = galleryDir();
  if (!dir) return;
  if (!/^[a-z0-9-]+$/.test(pageName) || !/^[a-z0-9-]+$/.test(state)) throw new Error(`gallery names are kebab-case ascii: ${pageName}/${state}`);
  mkdirSync(dir, { recursive: true });
  const file = `${pageName}--${state}.html`;
  const styles = withoutRemoteFonts([...document.head.querySelectorAll('style')].map((s) => s.outerHTML).join('\n'));
  const body = page.dom ? withPhoneLayout(page.dom).outerHTML : '';
  writeFileSync(
    path.join(dir, file),
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>${styles}<style>${PHONE_CSS}\n${iconStyles(body)}</style></head><body>${body}${chartScript(body)}${drawnScript(body)}</body></html>`,
  );
  const entry: GalleryEntry = { page: pageName, state, title, file };
  appendFileSync(path.join(dir, 'captures.jsonl'), `${JSON.stringify(entry)}\n`);
}
