/**
 * Progress of long work: a cli-progress bar when a person watches a terminal, otherwise plain lines (a log or a CI
 * job gets a few readable lines, not a stream of carriage returns): the start, every tenth of the way when there
 * are at least STEPPED items, and the end.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { AdminContext } from './command';

export interface Progress {
  add(n: number): void;
  done(): void;
}

const STEPPED = 1000;

export function progress(ctx: AdminContext, label: string, total: number): Progress {
  let value = 0;
  if (ctx.interactive) {
    const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total}`, hideCursor: true }, Presets.shades_classic);
    bar.start(total, 0);
    return {
      add: (n) => {
        value += n;
        // the total was counted before the work began: grow it rather than overflow the bar
        if (value > total) bar.setTotal((total = value));
        bar.update(value);
      },
      done: () => bar.stop(),
    };
  }
  let shownTenth = 0;
  ctx.out(`${label}：0/${total}`);
  return {
    add: (n) => {
      value += n;
      const tenth = total > 0 ? Math.floor((Math.min(value, total) * 10) / total) : 10;
      if (total >= STEPPED && tenth > shownTenth && tenth < 10) {
        shownTenth = tenth;
        ctx.out(`${label}：${value}/${total}`);
      }
    },
    done: () => ctx.out(`${label}：${value}/${Math.max(value, total)}`),
  };
}
