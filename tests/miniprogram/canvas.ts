/**
 * A stand-in for the canvas APIs miniprogram-simulate lacks, for the pages with the 手写签名 pad:
 * - simulate's SelectorQuery answers `fields({ node: true })` without a node (and jsdom measures every element as
 *   0×0): the stub hands a canvas node of the board's size on a phone (343 × 137 px), whose 2d context records
 *   what is drawn;
 * - `wx.canvasToTempFilePath` does not exist: the stub draws the recorded strokes into a real PNG of the size asked
 *   (tests/support/signature.ts) and offers it as a temporary file the upload stub (support.ts) serves, so the server
 *   checks, stores and prints what the page drew.
 * What the context records is also written onto the canvas element (`data-drawn`), so the gallery draws the strokes
 * in Chromium (gallery.ts) as the phone would show them.
 */
import { drawStrokes } from '../support/signature';
import { PNG } from 'pngjs';
import type { MiniEnv, Page } from './support';

/** the pad's board on a 375 px phone: 686 × 274 rpx */
export const BOARD = { width: 343, height: 137 };

type Point = [number, number];

export interface CanvasStub {
  /** the strokes drawn since the last clear, in the board's px */
  strokes: Point[][];
  /** the exported PNGs, in order */
  exports: { path: string; bytes: Buffer; destWidth: number; destHeight: number }[];
  /** 2d context state set by the component (lineWidth, lineCap, strokeStyle…) */
  style: Record<string, unknown>;
}

interface QueueItem {
  selector: string;
  exparserNode: { shadowRoot: { querySelector(s: string): { $$: Element } | null } };
  fields: { node?: boolean };
}

// the very SelectorQuery class simulate's components use (j-component builds one per createSelectorQuery)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SelectorQuery = require('j-component/src/tool/selectorquery') as {
  prototype: { exec(callback?: (res: unknown[]) => void): void; _queue: QueueItem[] };
};
const plainExec = SelectorQuery.prototype.exec;

/** Installs the stub for the test's system (call after installWx); the state it returns is the drawing so far. */
export function stubCanvas(env: MiniEnv): CanvasStub {
  const stub: CanvasStub = { strokes: [], exports: [], style: {} };
  const canvasFor = (el: Element) => {
    const show = () => el.setAttribute('data-drawn', JSON.stringify({ style: stub.style, strokes: stub.strokes }));
    let current: Point[] | null = null;
    const ctx = new Proxy(
      {
        scale: () => undefined,
        beginPath: () => {
          current = null;
        },
        moveTo: (x: number, y: number) => {
          current = [[x, y]];
          stub.strokes.push(current);
        },
        lineTo: (x: number, y: number) => {
          current?.push([x, y]);
        },
        stroke: show,
        clearRect: () => {
          stub.strokes = [];
          current = null;
          show();
        },
      } as Record<string, unknown>,
      {
        set: (target, key, value) => {
          if (typeof key === 'string' && !(key in target)) stub.style[key] = value;
          return true;
        },
      },
    );
    return { width: BOARD.width, height: BOARD.height, getContext: () => ctx, __stub: true };
  };

  SelectorQuery.prototype.exec = function (this: { _queue: QueueItem[] }, callback?: (res: unknown[]) => void) {
    const queue = [...this._queue];
    return plainExec.call(this, (res: unknown[]) => {
      queue.forEach((item, i) => {
        const found = res[i] as Record<string, unknown> | null;
        if (!item.fields.node || !found) return;
        const el = item.exparserNode.shadowRoot.querySelector(item.selector);
        if (!el || el.$$.tagName.toLowerCase() !== 'wx-canvas') return;
        Object.assign(found, { node: canvasFor(el.$$), width: BOARD.width, height: BOARD.height });
      });
      callback?.call(this, res);
    });
  };

  let n = 0;
  (wx as unknown as Record<string, unknown>).canvasToTempFilePath = jest.fn(
    (options: { destWidth: number; destHeight: number; fileType?: string; success?: (r: { tempFilePath: string }) => void; fail?: (e: { errMsg: string }) => void }) => {
      setTimeout(() => {
        const factor = options.destWidth / BOARD.width;
        const scaled = stub.strokes.map((s) => s.map(([x, y]) => [x * factor, y * factor] as const));
        const pen = Number(stub.style['lineWidth'] ?? 3) * factor;
        const bytes = PNG.sync.write(drawStrokes(scaled, { width: options.destWidth, height: options.destHeight }, 'transparent', pen));
        const path = `wxfile://tmp/signature-${++n}.png`;
        stub.exports.push({ path, bytes, destWidth: options.destWidth, destHeight: options.destHeight });
        env.picks.push({ path, bytes });
        options.success?.({ tempFilePath: path });
      }, 0);
    },
  );
  return stub;
}

/** Puts the real SelectorQuery back (afterEach). */
export function unstubCanvas(): void {
  SelectorQuery.prototype.exec = plainExec;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped; the very copy simulate's j-component uses
const exparser = require('miniprogram-exparser') as {
  Event: { create(name: string, detail: object, options: object): unknown; dispatchEvent(target: unknown, event: unknown): void };
};

/**
 * A canvas's touch as WeChat delivers it: touches with `x` and `y` in the canvas's px, not bubbling. (simulate's own
 * touch events carry page coordinates only, as for any other element.)
 */
function touch(canvas: Page, name: string, at: Point | null, last: Point): void {
  const node = (canvas.dom as unknown as { __wxElement: unknown }).__wxElement;
  const point = (p: Point) => ({ identifier: 0, x: p[0], y: p[1] });
  const extraFields = { touches: at ? [point(at)] : [], changedTouches: [point(at ?? last)] };
  exparser.Event.dispatchEvent(node, exparser.Event.create(name, {}, { bubbles: false, composed: false, extraFields }));
}

/** A finger's stroke on the pad: touchstart, a touchmove per further point, touchend (points in the board's px). */
export async function drawOn(page: Page, points: readonly Point[]): Promise<void> {
  const canvas = page.querySelector('.sign__pad >>> .pad__canvas');
  if (!canvas) throw new Error('no signature pad on the page');
  const turn = () => new Promise((resolve) => setTimeout(resolve, 0));
  const [first, ...rest] = points;
  touch(canvas, 'touchstart', first!, first!);
  await turn();
  for (const p of rest) {
    touch(canvas, 'touchmove', p, p);
    await turn();
  }
  touch(canvas, 'touchend', null, points.at(-1)!);
  await turn();
}

/** 张三 written on the board (in its px): 弓 and 长, then 三, as tests/support/signature.ts draws it at 800 × 320. */
export const ZHANG_SAN_ON_BOARD: readonly Point[][] = [
  [[39, 39], [71, 39], [69, 65]],
  [[39, 65], [69, 65]],
  [[41, 65], [39, 90], [75, 90], [71, 123], [60, 126]],
  [[99, 30], [100, 112], [110, 103]],
  [[131, 32], [108, 60]],
  [[88, 69], [139, 68]],
  [[108, 71], [141, 117]],
  [[190, 47], [276, 45]],
  [[198, 78], [267, 76]],
  [[181, 112], [293, 108]],
];
