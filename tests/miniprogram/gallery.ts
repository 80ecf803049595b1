/**
 * Gallery capture: a page test calls `capture(page, 'offer', 'expired', '已过期的邀约')` at each meaningful state.
 * Normally nothing happens. Under `npm run gallery` (GALLERY_DIR set) it writes the page as a standalone HTML file,
 * with the WXSS simulate inlined (TDesign's included), which scripts/gallery.ts then draws with headless Chromium.
 * So the gallery shows exactly the states the tests reach, with real data from the real functions.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from './support';

/** simulate renders tags as wx-*; a browser needs to be told they are blocks, and the page is a phone's 750 rpx. */
const PHONE_CSS = `
wx-view, wx-scroll-view, wx-swiper, wx-form, wx-image, wx-block { display: block; }
wx-text { display: inline; }
wx-input, wx-textarea { display: block; min-height: 1.4em; }
wx-image { width: 160px; height: 160px; }
html, body { margin: 0; }
/* TDesign's icon font comes from its CDN at run time; offline the glyphs would be boxes, so they are left blank */
[class*="t-icon--t-icon-"]::before { visibility: hidden; }
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
 * simulate keeps an input's value in its template attributes, not in the DOM, so a drawn form would look empty. The
 * copy written to the gallery shows each input's value (or its placeholder, greyed) as text.
 */
function withFieldValues(root: Element): Element {
  const copy = root.cloneNode(true) as Element;
  const originals = [...root.querySelectorAll('wx-input, wx-textarea')];
  const copies = [...copy.querySelectorAll('wx-input, wx-textarea')];
  originals.forEach((el, i) => {
    const attrs = (el as unknown as RenderedField).__wxElement?._vt?.attrs ?? [];
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

export const galleryDir = (): string | undefined => process.env.GALLERY_DIR || undefined;

export function capture(page: Page, pageName: string, state: string, title: string): void {
  const dir = galleryDir();
  if (!dir) return;
  if (!/^[a-z0-9-]+$/.test(pageName) || !/^[a-z0-9-]+$/.test(state)) throw new Error(`gallery names are kebab-case ascii: ${pageName}/${state}`);
  mkdirSync(dir, { recursive: true });
  const file = `${pageName}--${state}.html`;
  const styles = [...document.head.querySelectorAll('style')].map((s) => s.outerHTML).join('\n');
  const body = page.dom ? withFieldValues(page.dom).outerHTML : '';
  writeFileSync(
    path.join(dir, file),
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>${styles}<style>${PHONE_CSS}</style></head><body>${body}</body></html>`,
  );
  const entry: GalleryEntry = { page: pageName, state, title, file };
  appendFileSync(path.join(dir, 'captures.jsonl'), `${JSON.stringify(entry)}\n`);
}
