/**
 * npm run property: the long run of the invariants suite (tests/property/invariants.test.ts), with figures. Runs
 * PROPERTY_RUNS random sequences (default 100,000) of up to PROPERTY_STEPS steps (default 40) over a fresh demo school
 * each, checking every invariant after every step, and prints: sequences, steps, time, each action with its answers,
 * and how many sequences reached each state of each record. PROPERTY_SEED replays a run. Exit 1 on a violation,
 * with fast-check's shrunk counterexample and its steps as they ran.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ACTS, sequenceArb, type Act } from '../tests/support/property/actions';
import { propertyOptions } from '../tests/support/property/options';
import { newStats, runSequence, type Stats } from '../tests/support/property/sequence';
import { TERMINAL } from '../tests/support/property/invariants';

process.env.TZ = 'Asia/Shanghai';

const pct = (n: number, of: number): string => `${of ? ((100 * n) / of).toFixed(1) : '0.0'} %`;
const pad = (s: string | number, n: number): string => String(s).padStart(n);

function report(stats: Stats, seconds: number, seed: number): void {
  const { sequences, steps } = stats;
  console.log(`\nseed ${seed}: ${sequences.toLocaleString('en')} sequences, ${steps.toLocaleString('en')} steps (${(steps / sequences).toFixed(1)} a sequence)`);
  console.log(`${seconds.toFixed(1)} s: ${(sequences / seconds).toFixed(0)} sequences/s, ${(steps / seconds).toFixed(0)} steps/s, every invariant checked after every step\n`);

  console.log('action               runs      ok  refusals by code');
  for (const act of Object.keys(ACTS) as Act[]) {
    const a = stats.acts[act];
    if (!a) continue;
    const refused = Object.entries(a.refused).sort((x, y) => y[1] - x[1]).map(([code, n]) => `${code} ${n}`).join(', ');
    console.log(`${act.padEnd(18)} ${pad(a.runs, 7)} ${pad(pct(a.ok, a.runs), 7)}  ${refused}`);
  }

  console.log('\nstates reached (sequences in which some record got there)');
  for (const [kind, states] of Object.entries(stats.reached).sort()) {
    const line = Object.entries(states)
      .sort((x, y) => y[1] - x[1])
      .map(([state, n]) => `${state}${TERMINAL[kind as keyof typeof TERMINAL]?.has(state) ? '*' : ''} ${pct(n, sequences)}`)
      .join(', ');
    console.log(`  ${kind.padEnd(12)} ${line}`);
  }
  console.log('  (* terminal)');
}

async function main(): Promise<void> {
  const { runs, maxSteps, seed = Date.now() ^ (Math.random() * 0x7fffffff) } = propertyOptions(process.env, { runs: 100_000, maxSteps: 40 });
  const dir = mkdtempSync(path.join(tmpdir(), 'wq-property-'));
  const stats = newStats();
  const started = performance.now();
  let done = 0;
  console.log(`${runs.toLocaleString('en')} sequences of 1 to ${maxSteps} steps, seed ${seed}`);
  try {
    await fc.assert(
      fc.asyncProperty(sequenceArb(maxSteps), async (steps) => {
        await runSequence(steps, { filesDir: dir, stats });
        done += 1;
        if (done % Math.max(1, Math.floor(runs / 10)) === 0) {
          console.log(`  ${pad(done.toLocaleString('en'), 9)} sequences, ${((performance.now() - started) / 1000).toFixed(0)} s`);
        }
      }),
      { numRuns: runs, seed, includeErrorInReport: true },
    );
    report(stats, (performance.now() - started) / 1000, seed);
  } catch (e) {
    console.error(`\n${e instanceof Error ? e.message : String(e)}`);
    console.error(`\nreplay: PROPERTY_SEED=${seed} PROPERTY_RUNS=${runs} PROPERTY_STEPS=${maxSteps} npm run property`);
    process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
