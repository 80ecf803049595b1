// 手写签名: a canvas (type 2d) the student signs on with a finger, with 清除 and 确定, as the content of a bottom
// sheet (the page's t-popup; 取消 emits `cancel`). 确定 on a blank pad is refused
// here with a message; otherwise the drawing is exported as a PNG (wx.canvasToTempFilePath, 800 × 320) and the
// component emits `confirm` with `{ path }`: the page uploads it and sends its file id as `signatureFile`. The server
// checks the same things again (server/domain/signature.ts). Strokes stay on the canvas, not in setData: a finger's
// move is drawn at once, and the view is told only when the pad turns from blank to signed and back.

import { BLANK, EXPORT, EXPORT_FAILED, MIN_STROKE } from './pad';

interface Ctx2d {
  lineWidth: number;
  lineCap: string;
  lineJoin: string;
  strokeStyle: string;
  scale(x: number, y: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
  clearRect(x: number, y: number, w: number, h: number): void;
}

interface CanvasNode {
  width: number;
  height: number;
  getContext(kind: '2d'): Ctx2d;
}

/** What the component keeps beside its render data: the canvas, its size in px, the last point, the ink so far. */
interface Pen {
  canvas: CanvasNode | null;
  ctx: Ctx2d | null;
  width: number;
  height: number;
  last: { x: number; y: number } | null;
  travelled: number;
}

type Touch = { x: number; y: number };
type TouchEventLike = { touches?: Touch[]; changedTouches?: Touch[] };

const penOf = (c: object): Pen => {
  const holder = c as { pen?: Pen };
  holder.pen ??= { canvas: null, ctx: null, width: 0, height: 0, last: null, travelled: 0 };
  return holder.pen;
};

const pointOf = (e: TouchEventLike): Touch | null => e.touches?.[0] ?? e.changedTouches?.[0] ?? null;

Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    /** the student's name, for the hint */
    name: { type: String, value: '' },
    /** the page is uploading or sending: the buttons wait */
    busy: { type: Boolean, value: false },
    /** the page's message about the signature (an upload that failed, the server's refusal naming 签名) */
    problem: { type: String, value: '' },
  },
  data: {
    inked: false,
    error: '',
  },
  lifetimes: {
    ready() {
      void this.prepare();
    },
    detached() {
      const pen = penOf(this);
      pen.canvas = null;
      pen.ctx = null;
    },
  },
  methods: {
    /** The canvas node, sized to the board at the screen's pixel ratio, with a round pen; null where none can be had. */
    prepare(): Promise<Ctx2d | null> {
      const pen = penOf(this);
      if (pen.ctx) return Promise.resolve(pen.ctx);
      return new Promise((resolve) => {
        const query = this.createSelectorQuery();
        query
          .select('#signature-pad')
          .fields({ node: true, size: true })
          .exec((res: ({ node?: CanvasNode; width?: number; height?: number } | null)[]) => {
            const found = res?.[0];
            if (!found?.node || !found.width || !found.height) {
              resolve(null);
              return;
            }
            const ratio = wx.getWindowInfo?.().pixelRatio ?? 2;
            const canvas = found.node;
            canvas.width = found.width * ratio;
            canvas.height = found.height * ratio;
            const ctx = canvas.getContext('2d');
            ctx.scale(ratio, ratio);
            ctx.lineWidth = 3;
            ctx.lineCap = 'round';
            ctx.lineJoin = 'round';
            ctx.strokeStyle = '#1d2129';
            Object.assign(pen, { canvas, ctx, width: found.width, height: found.height });
            resolve(ctx);
          });
      });
    },

    onStart(e: TouchEventLike) {
      const pen = penOf(this);
      const p = pointOf(e);
      if (!p) return;
      const begin = (ctx: Ctx2d) => {
        ctx.beginPath();
        ctx.moveTo(p.x, p.y);
        pen.last = p;
      };
      if (pen.ctx) {
        begin(pen.ctx);
        return;
      }
      // not ready yet (the sheet was still opening, or `ready` came before the canvas had its size): the stroke
      // starts where the finger went down once the canvas is there
      void this.prepare().then((ctx) => ctx && begin(ctx));
    },

    onMove(e: TouchEventLike) {
      const pen = penOf(this);
      const p = pointOf(e);
      if (!p || !pen.ctx || !pen.last) return;
      pen.ctx.lineTo(p.x, p.y);
      pen.ctx.stroke();
      pen.travelled += Math.hypot(p.x - pen.last.x, p.y - pen.last.y);
      pen.last = p;
      if (!this.data.inked && pen.travelled >= MIN_STROKE) this.setData({ inked: true, error: '' });
    },

    onCancel() {
      if (!this.data.busy) this.triggerEvent('cancel');
    },

    onEnd() {
      penOf(this).last = null;
    },

    onClear() {
      const pen = penOf(this);
      pen.ctx?.clearRect(0, 0, pen.width, pen.height);
      pen.travelled = 0;
      pen.last = null;
      this.setData({ inked: false, error: '' });
      this.triggerEvent('clear');
    },

    /** 确定: refused while blank; else the PNG's temporary path to the page. */
    onConfirm() {
      if (this.data.busy) return;
      const pen = penOf(this);
      if (!this.data.inked || !pen.canvas) {
        this.setData({ error: BLANK });
        return;
      }
      this.setData({ error: '' });
      wx.canvasToTempFilePath(
        {
          canvas: pen.canvas as unknown as WechatMiniprogram.Canvas,
          fileType: 'png',
          destWidth: EXPORT.width,
          destHeight: EXPORT.height,
          success: (res) => this.triggerEvent('confirm', { path: res.tempFilePath }),
          fail: () => this.setData({ error: EXPORT_FAILED }),
        },
        this,
      );
    },
  },
});
