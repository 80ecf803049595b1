// 去向落实率's bar chart: the options placement.ts computes, drawn with uCharts (a chart library made for mini programs)
// on a 2d canvas. A tap on a bar tells the page which row it was (event `bar`, detail { index }). The library is
// loaded on the first draw, not with the page: it lives in this subpackage's miniprogram_npm, and where no canvas
// can be had (an old base library, the page tests) nothing is drawn and the figures beside the chart still tell all.
import type { ChartOptions } from '../placement';

interface UChart {
  updateData(data: Partial<ChartOptions>): void;
  getCurrentDataIndex(e: { changedTouches: { x: number; y: number }[] }): number | { index: number };
}
type UChartsClass = new (opts: Record<string, unknown>) => UChart;

interface CanvasNode {
  width: number;
  height: number;
  getContext(kind: '2d'): unknown;
}

/** uCharts, loaded on first use (ES module compiled by 构建 npm: the class is `default`). */
function uCharts(): UChartsClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('@qiun/ucharts') as { default?: UChartsClass } & UChartsClass;
  return mod.default ?? mod;
}

Component({
  properties: {
    options: { type: Object, value: null as unknown as ChartOptions | null },
  },

  observers: {
    options() {
      this.draw();
    },
  },

  lifetimes: {
    ready() {
      this.draw();
    },
    detached() {
      (this as unknown as { chart?: UChart }).chart = undefined;
    },
  },

  methods: {
    draw() {
      const options = this.data.options as ChartOptions | null;
      if (!options) return;
      // after the canvas of this render is in place
      const later = typeof wx.nextTick === 'function' ? wx.nextTick : (work: () => void) => void setTimeout(work, 0);
      later(() => {
        const query = this.createSelectorQuery();
        if (!query?.select) return;
        query
          .select('#placement-chart')
          .fields({ node: true, size: true }, () => undefined)
          .exec((res: ({ node?: CanvasNode; width?: number; height?: number } | null)[]) => {
            const found = res?.[0];
            if (!found?.node || !found.width || !found.height) return;
            const pixelRatio = wx.getWindowInfo?.().pixelRatio ?? 2;
            const canvas = found.node;
            canvas.width = found.width * pixelRatio;
            canvas.height = found.height * pixelRatio;
            const { height: _height, ...drawn } = options;
            const UCharts = uCharts();
            (this as unknown as { chart?: UChart }).chart = new UCharts({
              ...drawn,
              context: canvas.getContext('2d'),
              canvas2d: true,
              pixelRatio,
              width: found.width * pixelRatio,
              height: found.height * pixelRatio,
            });
          });
      });
    },

    /** The bar under the finger, found from the tap's place on the canvas, as the page's row index. */
    onTap(e: WechatMiniprogram.TouchEvent) {
      const chart = (this as unknown as { chart?: UChart }).chart;
      if (!chart) return;
      // a tap's detail is in the page's coordinates, the canvas's box in the window's: the scroll joins them
      const query = this.createSelectorQuery();
      query.select('#placement-chart').boundingClientRect(() => undefined);
      query.selectViewport().scrollOffset(() => undefined);
      query.exec((res: unknown[]) => {
        const box = res[0] as { left: number; top: number } | null;
        const scroll = res[1] as { scrollTop: number } | null;
        if (!box) return;
        const x = e.detail.x - box.left;
        const y = e.detail.y - box.top - (scroll?.scrollTop ?? 0);
        const found = chart.getCurrentDataIndex({ changedTouches: [{ x, y }] });
        const index = typeof found === 'number' ? found : found.index;
        if (index >= 0) this.triggerEvent('bar', { index });
      });
    },
  },
});
